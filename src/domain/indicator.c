/* indicator: computes a goal's indicator from samverkan's own tables — through feedback_stats for
 * the answer promise, so there is one definition — and stores each day's value once. */
#include "domain/indicator.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/workdays.h"
#include "domain/audit.h"
#include "domain/feedback_clock.h"
#include "domain/feedback_stats.h"
#include "domain/job_run.h"
#include "domain/organisation.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const struct indicator_kind kinds[] = {
	{"answered_in_time", N_("Share of views and proposals answered within the target"), N_("%"), true, false},
	{"median_answer_days", N_("Median working days to answer"), N_("working days"), true, false},
	{"dialogues_held", N_("Dialogues held"), N_("dialogues"), true, false},
	{"organisations_taking_part", N_("Organisations that took part"), N_("organisations"), true, true},
	{"dialogues_reported", N_("Share of closed dialogues with a published report of what happened next"), N_("%"),
	 true, false},
	{"organisations_confirmed", N_("Organisations that confirmed their details in the last 15 months"),
	 N_("organisations"), false, true},
};
#define NKINDS ((int)(sizeof kinds / sizeof kinds[0]))

int indicator_kinds(const struct indicator_kind **out)
{
	*out = kinds;
	return NKINDS;
}

const struct indicator_kind *indicator_kind_by_code(const char *code)
{
	for (int i = 0; code && i < NKINDS; i++)
		if (strcmp(kinds[i].code, code) == 0)
			return &kinds[i];
	return NULL;
}

/* The first day of the goal's period that ends on `today`. */
static void period_start(const struct goal *g, const char *today, char from[11])
{
	int y = 0, m = 0, day = 0;
	if (sscanf(today, "%d-%d-%d", &y, &m, &day) != 3 || !workdays_parse(today, NULL)) {
		snprintf(from, 11, "%s", today);
		return;
	}
	if (g->period && strcmp(g->period, "12m") == 0) {
		/* The twelve months up to today: from the day after the same date a year before (for 29
		 * February, the 28th). */
		workdays_format(workdays_from_ymd(y - 1, m, m == 2 && day == 29 ? 28 : day) + 1, from);
	} else {
		snprintf(from, 11, "%04d-01-01", y);
	}
}

/* The organisation conditions of a goal's district and target group, for an organisation id
 * column `col`; arguments from $n on. Codes come from the goal, bound, never pasted. */
static void organisation_filter(const struct goal *g, const char *col, int n, char *out, size_t outsz, struct sv *args,
				int *nargs)
{
	int len = 0;
	out[0] = 0;
	if (g->district_code && *g->district_code) {
		len += snprintf(out + len, outsz - (size_t)len,
				" AND EXISTS (SELECT 1 FROM organisation_district od WHERE od.organisation_id = %s AND "
				"od.district_code = $%d)",
				col, n++);
		args[(*nargs)++] = SV_T(g->district_code);
	}
	if (g->target_group_code && *g->target_group_code) {
		snprintf(out + len, outsz - (size_t)len,
			 " AND EXISTS (SELECT 1 FROM organisation_target_group ot WHERE ot.organisation_id = %s AND "
			 "ot.target_group_code = $%d)",
			 col, n);
		args[(*nargs)++] = SV_T(g->target_group_code);
	}
}

enum outcome indicator_compute(struct store *st, const struct goal *g, const char *today, bool *has, double *value)
{
	*has = false;
	*value = 0;
	const struct indicator_kind *k = strcmp(g->source, "computed") == 0 ? indicator_kind_by_code(g->indicator) : NULL;
	if (!k)
		return OUTCOME_INVALID;
	char from[11];
	period_start(g, today, from);
	const char *code = k->code;
	if (strcmp(code, "answered_in_time") == 0 || strcmp(code, "median_answer_days") == 0) {
		struct arena a = ARENA_INIT;
		struct feedback_stats s;
		enum outcome o = feedback_stats_compute(st, &a, from, today, today, g->department_id, &s);
		if (o == OUTCOME_OK && code[0] == 'a' && s.total.measured > 0) {
			*has = true;
			*value = 100.0 * (double)s.total.within_target / (double)s.total.measured;
		} else if (o == OUTCOME_OK && code[0] == 'm' && s.total.has_days) {
			*has = true;
			*value = s.total.median;
		}
		arena_free(&a);
		return o;
	}
	long long n = -1, of = 0;
	struct sv dept = SV_I(g->department_id);
	if (strcmp(code, "dialogues_held") == 0) {
		n = store_int(st,
			      "SELECT COUNT(*) FROM dialogue WHERE opens_on >= $1 AND opens_on <= $2 "
			      "AND state IN ('open','closed','reported') AND ($3 = 0 OR department_id = $3)",
			      ARGS(SV_T(from), SV_T(today), dept), -1);
	} else if (strcmp(code, "dialogues_reported") == 0) {
		of = store_int(st,
			       "SELECT COUNT(*) FROM dialogue WHERE closes_on >= $1 AND closes_on <= $2 "
			       "AND state IN ('closed','reported') AND ($3 = 0 OR department_id = $3)",
			       ARGS(SV_T(from), SV_T(today), dept), -1);
		if (of < 0)
			return store_outcome(st);
		n = store_int(st,
			      "SELECT COUNT(*) FROM dialogue WHERE closes_on >= $1 AND closes_on <= $2 "
			      "AND state = 'reported' AND ($3 = 0 OR department_id = $3)",
			      ARGS(SV_T(from), SV_T(today), dept), -1);
		if (n >= 0 && of == 0) {
			return OUTCOME_OK;
		}
	} else {
		char filter[512], sql[1024];
		struct sv args[5];
		int nargs = 0;
		if (strcmp(code, "organisations_taking_part") == 0) {
			args[nargs++] = SV_T(from);
			args[nargs++] = SV_T(today);
			args[nargs++] = dept;
			organisation_filter(g, "s.organisation_id", 4, filter, sizeof filter, args, &nargs);
			snprintf(sql, sizeof sql,
				 "SELECT COUNT(DISTINCT s.organisation_id) FROM submission s WHERE s.organisation_id IS NOT NULL "
				 "AND s.received_on >= $1 AND s.received_on <= $2 AND ($3 = 0 OR s.department_id = $3)%s",
				 filter);
		} else {
			char cutoff[21];
			organisation_confirm_cutoff(cutoff);
			args[nargs++] = SV_T(cutoff);
			organisation_filter(g, "o.id", 2, filter, sizeof filter, args, &nargs);
			snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM organisation o WHERE o.confirmed_at >= $1%s", filter);
		}
		n = store_int(st, sql, args, nargs, -1);
	}
	if (n < 0)
		return store_outcome(st);
	*has = true;
	*value = of > 0 ? 100.0 * (double)n / (double)of : (double)n;
	return OUTCOME_OK;
}

/* Inside the caller's transaction: today's value of g, with its audit row. */
static enum outcome recompute_in(struct store *st, const struct goal *g, const char *today, const char *now)
{
	bool has;
	double v;
	enum outcome o = indicator_compute(st, g, today, &has, &v);
	if (o != OUTCOME_OK)
		return o;
	/* Shares and medians to one decimal, as the statistics page shows them. */
	char text[32];
	if (has)
		goal_number_format((double)(long long)(v * 10 + (v < 0 ? -0.5 : 0.5)) / 10, text);
	if (goal_value_put(st, g->id, today, has ? text : NULL, "", 0, now) != 0)
		return store_outcome(st);
	json_t *detail = json_pack("{s:s,s:s?}", "measured_on", today, "value", has ? text : NULL);
	return audit_record_json(st, 0, "goal", g->id, "recompute", detail) == 0 ? OUTCOME_OK : store_outcome(st);
}

enum outcome goal_recompute(struct store *st, const struct goal *g, const char *today)
{
	char now[21];
	clock_iso(clock_now(), now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	return store_finish(st, recompute_in(st, g, today, now));
}

/* Every computed goal, inside the caller's transaction. */
static enum outcome recompute_all_in(struct store *st, const char *today, int *done)
{
	enum { MAX = 10000 };
	struct arena a = ARENA_INIT;
	struct goal *goals = arena_alloc(&a, sizeof *goals * MAX);
	int n = goal_list(st, &a, 0, goals, MAX);
	enum outcome o = n < 0 ? store_outcome(st) : OUTCOME_OK;
	char now[21];
	clock_iso(clock_now(), now);
	int count = 0;
	for (int i = 0; o == OUTCOME_OK && i < n; i++) {
		if (strcmp(goals[i].source, "computed") != 0)
			continue;
		o = recompute_in(st, &goals[i], today, now);
		count += o == OUTCOME_OK;
	}
	arena_free(&a);
	if (done)
		*done = count;
	return o;
}

enum outcome goal_recompute_all(struct store *st, const char *today, int *done)
{
	if (store_begin(st) != 0)
		return store_outcome(st);
	return store_finish(st, recompute_all_in(st, today, done));
}

int indicator_recompute_due(struct store *st, time_t now)
{
	char today[11];
	feedback_local_date(now, today);
	int claimed = job_run_claim(st, "indicator recompute", today, now);
	if (claimed <= 0)
		return claimed;
	int done = 0;
	if (store_finish(st, recompute_all_in(st, today, &done)) != OUTCOME_OK)
		return -1;
	return 1;
}

void indicator_job(struct store *st, const struct mail_settings *ms)
{
	(void)ms;
	if (indicator_recompute_due(st, clock_now()) < 0)
		log_error("indicator recompute: %s", store_errmsg(st));
}
