/* kolada: reads Kolada API v2 data answers (jansson), fetches them page by page (http_get), and
 * stores each goal's values through goal_value_put in one audited transaction. */
#include "domain/kolada.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/http_get.h"
#include "domain/audit.h"
#include "domain/goal.h"
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KOLADA_GOALS_MAX 1000
#define KOLADA_PAGES_MAX 200
#define KOLADA_PAGE_BYTES (32u << 20)

static enum outcome fail(struct kolada_result *r, enum outcome o, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum outcome fail(struct kolada_result *r, enum outcome o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->error, sizeof r->error, fmt, ap);
	va_end(ap);
	return o;
}

/* The goals whose values come from Kolada; count or -1. */
static int kolada_goals(struct store *st, struct arena *a, struct goal **out)
{
	struct goal *all = arena_alloc(a, sizeof *all * KOLADA_GOALS_MAX);
	int n = goal_list(st, a, 0, all, KOLADA_GOALS_MAX), kept = 0;
	for (int i = 0; i < n; i++)
		if (strcmp(all[i].source, "kolada") == 0)
			all[kept++] = all[i];
	*out = all;
	return n < 0 ? -1 : kept;
}

/* A period: a year as a number or as text. False when it is none. */
static bool read_year(json_t *period, int *year)
{
	long long y = 0;
	if (json_is_integer(period))
		y = json_integer_value(period);
	else if (json_is_string(period) && strlen(json_string_value(period)) == 4)
		y = atoll(json_string_value(period));
	*year = (int)y;
	return y >= 1900 && y <= 2200;
}

/* Checks one text and stores what it holds, inside the caller's transaction. */
static enum outcome import_text(struct store *st, const char *text, int page, struct goal *goals, int ngoals,
				int *per_goal, const char *now, struct kolada_result *r)
{
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	if (!root)
		return fail(r, OUTCOME_INVALID, "page %d is not JSON: %s (line %d)", page, jerr.text, jerr.line);
	enum outcome o = OUTCOME_OK;
	json_t *values = json_object_get(root, "values");
	if (!json_is_object(root) || !json_is_array(values)) {
		o = fail(r, OUTCOME_INVALID, "page %d is not a Kolada data answer: it has no \"values\" list", page);
		goto done;
	}
	size_t i;
	json_t *row;
	json_array_foreach(values, i, row)
	{
		const char *kpi = json_string_value(json_object_get(row, "kpi"));
		const char *municipality = json_string_value(json_object_get(row, "municipality"));
		json_t *by_gender = json_object_get(row, "values");
		int year;
		if (!kpi || !municipality || !read_year(json_object_get(row, "period"), &year) || !json_is_array(by_gender)) {
			o = fail(r, OUTCOME_INVALID,
				 "page %d, value %zu: needs \"kpi\", \"municipality\", a \"period\" year and a \"values\" list",
				 page, i + 1);
			goto done;
		}
		bool named = false, matched = false;
		for (int g = 0; g < ngoals; g++) {
			if (strcmp(goals[g].kolada_kpi, kpi) != 0)
				continue;
			named = true;
			if (strcmp(goals[g].kolada_municipality, municipality) != 0)
				continue;
			matched = true;
			size_t k;
			json_t *v;
			json_array_foreach(by_gender, k, v)
			{
				const char *gender = json_string_value(json_object_get(v, "gender"));
				if (!gender || strcmp(gender, goals[g].kolada_gender) != 0)
					continue;
				json_t *value = json_object_get(v, "value");
				char date[16], number[32];
				snprintf(date, sizeof date, "%04d-12-31", year);
				if (value && !json_is_null(value) && !json_is_number(value)) {
					o = fail(r, OUTCOME_INVALID, "page %d, value %zu: the value for %s is not a number", page,
						 i + 1, gender);
					goto done;
				}
				bool missing = !value || json_is_null(value);
				if (!missing)
					goal_number_format(json_number_value(value), number);
				if (goal_value_put(st, goals[g].id, date, missing ? NULL : number, "", 0, now) != 0) {
					o = fail(r, store_outcome(st), "cannot store a value: %s", store_errmsg(st));
					goto done;
				}
				per_goal[g]++;
				r->values++;
				r->missing += missing;
			}
		}
		if (!named) {
			o = fail(r, OUTCOME_INVALID, "page %d, value %zu: no goal names the KPI %s", page, i + 1, kpi);
			goto done;
		}
		r->skipped += !matched;
	}
done:
	json_decref(root);
	return o;
}

enum outcome kolada_import(struct store *st, const char *const *texts, int n, struct kolada_result *r)
{
	memset(r, 0, sizeof *r);
	struct arena a = ARENA_INIT;
	char now[21];
	clock_iso(clock_now(), now);
	enum outcome o;
	if (store_begin(st) != 0) {
		o = fail(r, store_outcome(st), "cannot start a transaction: %s", store_errmsg(st));
		goto out;
	}
	struct goal *goals;
	int ngoals = kolada_goals(st, &a, &goals);
	if (ngoals < 0) {
		o = store_finish(st, fail(r, store_outcome(st), "cannot read the goals: %s", store_errmsg(st)));
		goto out;
	}
	int *per_goal = arena_alloc(&a, sizeof *per_goal * (size_t)(ngoals + 1));
	o = OUTCOME_OK;
	for (int i = 0; o == OUTCOME_OK && i < n; i++)
		o = import_text(st, texts[i], i + 1, goals, ngoals, per_goal, now, r);
	for (int g = 0; o == OUTCOME_OK && g < ngoals; g++) {
		if (!per_goal[g])
			continue;
		r->goals++;
		json_t *detail = json_pack("{s:s,s:s,s:i}", "kpi", goals[g].kolada_kpi, "municipality",
					   goals[g].kolada_municipality, "values", per_goal[g]);
		if (audit_record_json(st, 0, "goal", goals[g].id, "kolada_import", detail) != 0)
			o = fail(r, store_outcome(st), "cannot record the change: %s", store_errmsg(st));
	}
	o = store_finish(st, o);
	if (o != OUTCOME_OK && !r->error[0])
		fail(r, o, "cannot store the values: %s", store_errmsg(st));
	if (o != OUTCOME_OK)
		r->values = r->missing = r->goals = r->skipped = 0;
out:
	arena_free(&a);
	return o;
}

enum outcome kolada_import_file(struct store *st, const char *path, struct kolada_result *r)
{
	memset(r, 0, sizeof *r);
	FILE *f = fopen(path, "rb");
	if (!f)
		return fail(r, OUTCOME_INVALID, "cannot read %s", path);
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, got);
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		buf_free(&b);
		return fail(r, OUTCOME_INVALID, "cannot read %s", path);
	}
	const char *text = buf_str(&b);
	enum outcome o = kolada_import(st, &text, 1, r);
	buf_free(&b);
	return o;
}

enum outcome kolada_fetch(struct store *st, const char *base_url, struct kolada_result *r)
{
	memset(r, 0, sizeof *r);
	struct arena a = ARENA_INIT;
	struct goal *goals;
	int ngoals = kolada_goals(st, &a, &goals);
	char **pages = calloc(KOLADA_PAGES_MAX, sizeof *pages);
	int npages = 0;
	enum outcome o = OUTCOME_OK;
	if (ngoals < 0 || !pages) {
		o = fail(r, ngoals < 0 ? store_outcome(st) : OUTCOME_FAILED, "cannot read the goals: %s", store_errmsg(st));
		goto out;
	}
	size_t blen = strlen(base_url);
	while (blen && base_url[blen - 1] == '/')
		blen--;
	struct buf body = BUF_INIT;
	for (int g = 0; o == OUTCOME_OK && g < ngoals; g++) {
		bool seen = false; /* one fetch per KPI and municipality, however many goals name them */
		for (int h = 0; h < g; h++)
			seen |= strcmp(goals[h].kolada_kpi, goals[g].kolada_kpi) == 0 &&
				strcmp(goals[h].kolada_municipality, goals[g].kolada_municipality) == 0;
		if (seen)
			continue;
		/* The KPI and municipality were checked as [A-Z][0-9]{5} and [0-9]{4} when saved. */
		char *url = arena_printf(&a, "%.*s/data/kpi/%s/municipality/%s", (int)blen, base_url, goals[g].kolada_kpi,
					 goals[g].kolada_municipality);
		while (o == OUTCOME_OK && url) {
			if (npages == KOLADA_PAGES_MAX) {
				o = fail(r, OUTCOME_FAILED, "more than %d pages: stopped at %s", KOLADA_PAGES_MAX, url);
				break;
			}
			if (http_get(url, KOLADA_PAGE_BYTES, &body, r->error, sizeof r->error) != 0) {
				o = OUTCOME_FAILED;
				break;
			}
			pages[npages++] = buf_detach(&body);
			json_t *root = json_loads(pages[npages - 1], 0, NULL);
			const char *next = json_string_value(json_object_get(root, "next_page"));
			url = next && *next ? arena_strdup(&a, next) : NULL;
			json_decref(root);
		}
	}
	buf_free(&body);
	if (o == OUTCOME_OK)
		o = kolada_import(st, (const char *const *)pages, npages, r);
out:
	for (int i = 0; pages && i < npages; i++)
		free(pages[i]);
	free(pages);
	arena_free(&a);
	return o;
}
