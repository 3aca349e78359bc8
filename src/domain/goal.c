/* goal: the goal and goal_value tables — their one reader and writer, the checks a goal keeps,
 * the audit of each change, and the status a goal's values give it. */
#include "domain/goal.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/workdays.h"
#include "domain/area.h"
#include "domain/audit.h"
#include "domain/feedback_clock.h"
#include "domain/indicator.h"
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const source_codes[] = {"typed", "computed", "kolada"};

const char *goal_source_code(enum goal_source s) { return (unsigned)s < 3 ? source_codes[s] : source_codes[0]; }

bool goal_source_from_code(const char *code, enum goal_source *out)
{
	for (int i = 0; code && i < 3; i++)
		if (strcmp(code, source_codes[i]) == 0) {
			if (out)
				*out = (enum goal_source)i;
			return true;
		}
	return false;
}

const char *goal_source_label(enum goal_source s)
{
	switch (s) {
	case GOAL_COMPUTED: return _("Computed by samverkan");
	case GOAL_KOLADA: return _("Kolada");
	default: return _("Typed measurements");
	}
}

const char *goal_status_code(enum goal_status s)
{
	static const char *const codes[] = {"no_data", "on_track", "at_risk", "off_track", "achieved"};
	return (unsigned)s < 5 ? codes[s] : codes[0];
}

const char *goal_status_label(enum goal_status s)
{
	switch (s) {
	case GOAL_ON_TRACK: return _("On track");
	case GOAL_AT_RISK: return _("At risk");
	case GOAL_OFF_TRACK: return _("Off track");
	case GOAL_ACHIEVED: return _("Achieved");
	default: return _("No data");
	}
}

/* ---- Numbers ------------------------------------------------------------------------------------ */

bool goal_number_parse(const char *text, double *out)
{
	if (!text)
		return false;
	while (*text == ' ' || *text == '\t')
		text++;
	char digits[64];
	size_t n = 0;
	const char *p = text;
	if (*p == '-')
		digits[n++] = *p++;
	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p) && n < sizeof digits - 2)
		digits[n++] = *p++;
	if (*p == '.' || *p == ',') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		digits[n++] = '.';
		while (isdigit((unsigned char)*p) && n < sizeof digits - 1)
			digits[n++] = *p++;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p)
		return false;
	digits[n] = 0;
	double v = strtod(digits, NULL);
	if (!isfinite(v) || fabs(v) > 1e12)
		return false;
	if (out)
		*out = v;
	return true;
}

void goal_number_format(double v, char out[32])
{
	snprintf(out, 32, "%.4f", v);
	char *dot = strchr(out, '.');
	if (dot) {
		char *end = out + strlen(out) - 1;
		while (end > dot && *end == '0')
			*end-- = 0;
		if (end == dot)
			*end = 0;
	}
	if (strcmp(out, "-0") == 0)
		strcpy(out, "0");
}

/* ---- The status ------------------------------------------------------------------------------ */

double goal_expected(const struct goal *g, const char *date)
{
	workday_date from, to, at;
	if (!workdays_parse(g->baseline_on, &from) || !workdays_parse(g->target_on, &to) || !workdays_parse(date, &at) ||
	    to <= from)
		return g->target;
	if (at <= from)
		return g->baseline;
	if (at >= to)
		return g->target;
	return g->baseline + (g->target - g->baseline) * (double)(at - from) / (double)(to - from);
}

enum goal_status goal_status_of(const struct goal *g, const struct goal_value *values, int n)
{
	const struct goal_value *latest = NULL;
	for (int i = 0; i < n; i++)
		if (values[i].value_text && (!latest || strcmp(values[i].measured_on, latest->measured_on) >= 0))
			latest = &values[i];
	if (!latest)
		return GOAL_NO_DATA;
	/* Measured in the good direction: positive is better. */
	double sign = strcmp(g->direction, "lower") == 0 ? -1.0 : 1.0;
	double v = latest->value;
	if (sign * (v - g->target) >= 0)
		return GOAL_ACHIEVED;
	if (strcmp(latest->measured_on, g->target_on) >= 0)
		return GOAL_OFF_TRACK;
	double behind = sign * (goal_expected(g, latest->measured_on) - v);
	if (behind <= 0)
		return GOAL_ON_TRACK;
	return behind <= fabs(g->target - g->baseline) / 4 ? GOAL_AT_RISK : GOAL_OFF_TRACK;
}

const char *goal_number_local(struct arena *a, const char *stored)
{
	char *s = arena_strdup(a, stored ? stored : "");
	if (strcmp(i18n_lang(), "sv") == 0) {
		char *dot = strchr(s, '.');
		if (dot)
			*dot = ',';
	}
	return s;
}

/* "42,5 %" or "42,5 organisationer": the number and the goal's unit. */
static const char *with_unit(struct arena *a, const struct goal *g, const char *stored)
{
	const char *n = goal_number_local(a, stored);
	return g->unit && *g->unit ? arena_printf(a, "%s %s", n, g->unit) : n;
}

const char *goal_sentence(struct arena *a, const struct goal *g, const struct goal_value *latest)
{
	if (latest)
		return arena_printf(a, _("%s on %s, target %s by %s, from %s on %s."), with_unit(a, g, latest->value_text),
				    latest->measured_on, with_unit(a, g, g->target_value), g->target_on,
				    with_unit(a, g, g->baseline_value), g->baseline_on);
	return arena_printf(a, _("No value yet; target %s by %s, from %s on %s."), with_unit(a, g, g->target_value),
			    g->target_on, with_unit(a, g, g->baseline_value), g->baseline_on);
}

/* ---- Reading ------------------------------------------------------------------------------------ */

#define GOAL_COLUMNS                                                                                           \
	"g.id, g.area_id, ar.title, g.statement, g.unit, g.direction, g.baseline_value, g.baseline_on, "           \
	"g.target_value, g.target_on, g.source, g.indicator, g.department_id, g.district_code, g.target_group_code, " \
	"g.period, g.kolada_kpi, g.kolada_municipality, g.kolada_gender, g.created_at, g.updated_at "
#define GOAL_FROM " FROM goal g JOIN area ar ON ar.id = g.area_id "
enum { GC_ID, GC_AREA, GC_AREA_TITLE, GC_STATEMENT, GC_UNIT, GC_DIRECTION, GC_BASELINE, GC_BASELINE_ON, GC_TARGET,
       GC_TARGET_ON, GC_SOURCE, GC_INDICATOR, GC_DEPARTMENT, GC_DISTRICT, GC_TARGET_GROUP, GC_PERIOD, GC_KPI,
       GC_MUNICIPALITY, GC_GENDER, GC_CREATED, GC_UPDATED };

static void read_row(struct arena *a, struct cursor *c, struct goal *g)
{
	memset(g, 0, sizeof *g);
	g->id = cursor_int(c, GC_ID);
	g->area_id = cursor_int(c, GC_AREA);
	g->area_title = cursor_copy(a, c, GC_AREA_TITLE);
	g->statement = cursor_copy(a, c, GC_STATEMENT);
	g->unit = cursor_copy(a, c, GC_UNIT);
	g->direction = cursor_copy(a, c, GC_DIRECTION);
	g->baseline_value = cursor_copy(a, c, GC_BASELINE);
	g->baseline_on = cursor_copy(a, c, GC_BASELINE_ON);
	g->target_value = cursor_copy(a, c, GC_TARGET);
	g->target_on = cursor_copy(a, c, GC_TARGET_ON);
	g->source = cursor_copy(a, c, GC_SOURCE);
	g->indicator = cursor_copy(a, c, GC_INDICATOR);
	g->department_id = cursor_int_or(c, GC_DEPARTMENT, 0);
	g->district_code = cursor_copy(a, c, GC_DISTRICT);
	g->target_group_code = cursor_copy(a, c, GC_TARGET_GROUP);
	g->period = cursor_copy(a, c, GC_PERIOD);
	g->kolada_kpi = cursor_copy(a, c, GC_KPI);
	g->kolada_municipality = cursor_copy(a, c, GC_MUNICIPALITY);
	g->kolada_gender = cursor_copy(a, c, GC_GENDER);
	g->created_at = cursor_copy(a, c, GC_CREATED);
	g->updated_at = cursor_copy(a, c, GC_UPDATED);
	goal_number_parse(g->baseline_value, &g->baseline);
	goal_number_parse(g->target_value, &g->target);
}

enum outcome goal_load(struct store *st, struct arena *a, long long id, struct goal *out)
{
	memset(out, 0, sizeof *out);
	if (id <= 0)
		return OUTCOME_NOT_FOUND;
	struct cursor *c = store_query(st, "SELECT " GOAL_COLUMNS GOAL_FROM "WHERE g.id = $1", ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found)
		read_row(a, c, out);
	if (cursor_close(c) != 0)
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

int goal_list(struct store *st, struct arena *a, long long area_id, struct goal *out, int max)
{
	struct cursor *c = store_query(st, "SELECT " GOAL_COLUMNS GOAL_FROM "WHERE ($1 = 0 OR g.area_id = $1) ORDER BY g.id",
				       ARGS(SV_I(area_id)));
	int n = 0;
	while (n < max && cursor_next(c))
		read_row(a, c, &out[n++]);
	return cursor_close(c) == 0 ? n : -1;
}

int goal_values(struct store *st, struct arena *a, long long goal_id, struct goal_value *out, int max)
{
	/* The latest max, newest first, then turned into date order. */
	struct cursor *c = store_query(st,
				       "SELECT v.measured_on, v.value, v.comment, ac.name, v.recorded_at FROM goal_value v "
				       "LEFT JOIN account ac ON ac.id = v.account_id WHERE v.goal_id = $1 "
				       "ORDER BY v.measured_on DESC LIMIT $2",
				       ARGS(SV_I(goal_id), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		struct goal_value *v = &out[n++];
		memset(v, 0, sizeof *v);
		v->measured_on = cursor_copy(a, c, 0);
		v->value_text = cursor_copy_or_null(a, c, 1);
		if (v->value_text)
			goal_number_parse(v->value_text, &v->value);
		v->comment = cursor_copy(a, c, 2);
		v->account_name = cursor_copy_or_null(a, c, 3);
		v->recorded_at = cursor_copy(a, c, 4);
	}
	if (cursor_close(c) != 0)
		return -1;
	for (int i = 0; i < n / 2; i++) {
		struct goal_value t = out[i];
		out[i] = out[n - 1 - i];
		out[n - 1 - i] = t;
	}
	return n;
}

int goal_value_put(struct store *st, long long goal_id, const char *measured_on, const char *value_text,
		   const char *comment, long long account_id, const char *recorded_at)
{
	return store_exec(st,
			  "INSERT INTO goal_value (goal_id, measured_on, value, comment, account_id, recorded_at) "
			  "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (goal_id, measured_on) DO UPDATE SET "
			  "value = excluded.value, comment = excluded.comment, account_id = excluded.account_id, "
			  "recorded_at = excluded.recorded_at",
			  ARGS(SV_I(goal_id), SV_T(measured_on), SV_T(value_text), SV_T(comment ? comment : ""),
			       account_id > 0 ? SV_I(account_id) : SV_NULLV, SV_T(recorded_at))) == 1
		       ? 0
		       : -1;
}

/* ---- Checking ------------------------------------------------------------------------------------ */

/* A number field: the stored form replaces what was typed; false (with the error) when it is none. */
static bool check_number(struct field_errors *e, struct arena *a, const char *field, const char **value, double *out)
{
	*value = text_trim(a, *value);
	if (!**value) {
		field_error(e, field, _("Write a number."));
		return false;
	}
	if (!goal_number_parse(*value, out)) {
		field_error(e, field, _("Write a number, for example 42 or 42,5."));
		return false;
	}
	char text[32];
	goal_number_format(*out, text);
	*value = arena_strdup(a, text);
	return true;
}

static bool check_date(struct field_errors *e, struct arena *a, const char *field, const char **value)
{
	*value = text_trim(a, *value);
	if (!**value) {
		field_error(e, field, _("Write the date as YYYY-MM-DD, for example 2026-05-04."));
		return false;
	}
	if (!workdays_parse(*value, NULL)) {
		field_error(e, field, _("Write the date as YYYY-MM-DD, for example 2026-05-04."));
		return false;
	}
	return true;
}

static bool kpi_valid(const char *s)
{
	if (strlen(s) != 6 || !isupper((unsigned char)s[0]))
		return false;
	for (int i = 1; i < 6; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static bool municipality_valid(const char *s)
{
	if (strlen(s) != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* Whether `sql` (one $1) finds a row: 1, 0, or -1 on a store error. */
static int exists(struct store *st, const char *sql, struct sv arg)
{
	long long n = store_int(st, sql, &arg, 1, -1);
	return n < 0 ? -1 : n > 0;
}

/* A computed goal's district or target group (`table`, whose name comes from this file): empty, or
 * a code of the list for an indicator that counts organisations. -1 when the query failed. */
static int check_organisation_term(struct store *st, struct field_errors *e, const char *field, const char *code,
				   const struct indicator_kind *k, const char *table, const char *not_counted,
				   const char *unknown)
{
	if (!*code)
		return 0;
	if (k && !k->by_organisation) {
		field_error(e, field, not_counted);
		return 0;
	}
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE code = $1", table);
	int found = exists(st, sql, SV_T(code));
	if (found == 0)
		field_error(e, field, unknown);
	return found < 0 ? -1 : 0;
}

/* Every check; -1 when a query failed, else the errors added. */
static int goal_check(struct store *st, struct arena *a, struct goal *in, const struct account *by,
		      struct field_errors *e)
{
	int before = e->n;
	field_text(e, a, "statement", &in->statement, true, GOAL_STATEMENT_MAX, _("Write what the goal is."),
		   _("Write the goal with at most 500 characters."));
	field_text(e, a, "unit", &in->unit, false, GOAL_UNIT_MAX, NULL, _("Write the unit with at most 40 characters."));
	struct area area;
	enum outcome o = area_load(st, a, in->area_id, &area);
	if (o == OUTCOME_NOT_FOUND)
		field_error(e, "area_id", _("Choose the collaboration area the goal belongs to."));
	else if (o != OUTCOME_OK)
		return -1;
	else if (!area_manages(by, &area))
		field_error(e, "area_id", _("You can only set goals for areas your department runs."));

	in->direction = text_trim(a, in->direction);
	if (strcmp(in->direction, "higher") != 0 && strcmp(in->direction, "lower") != 0)
		field_error(e, "direction", _("Choose whether higher or lower is better."));
	check_number(e, a, "baseline_value", &in->baseline_value, &in->baseline);
	bool from = check_date(e, a, "baseline_on", &in->baseline_on);
	check_number(e, a, "target_value", &in->target_value, &in->target);
	bool to = check_date(e, a, "target_on", &in->target_on);
	if (from && to && strcmp(in->target_on, in->baseline_on) <= 0)
		field_error(e, "target_on", _("The target date must be after the baseline date."));

	in->source = text_trim(a, in->source);
	in->indicator = text_trim(a, in->indicator);
	in->period = text_trim(a, in->period);
	in->district_code = text_trim(a, in->district_code);
	in->target_group_code = text_trim(a, in->target_group_code);
	in->kolada_kpi = text_trim(a, in->kolada_kpi);
	in->kolada_municipality = text_trim(a, in->kolada_municipality);
	in->kolada_gender = text_trim(a, in->kolada_gender);
	if (!*in->period)
		in->period = "year";
	if (!*in->kolada_gender)
		in->kolada_gender = "T";
	enum goal_source source = GOAL_TYPED;
	if (!goal_source_from_code(in->source, &source)) {
		field_error(e, "source", _("Choose where the goal's values come from."));
		return e->n - before;
	}
	/* Only the chosen source's settings are kept. */
	if (source != GOAL_COMPUTED) {
		in->indicator = in->district_code = in->target_group_code = "";
		in->department_id = 0;
		in->period = "year";
	}
	if (source != GOAL_KOLADA) {
		in->kolada_kpi = in->kolada_municipality = "";
		in->kolada_gender = "T";
	}
	if (source == GOAL_COMPUTED) {
		const struct indicator_kind *k = indicator_kind_by_code(in->indicator);
		if (!k)
			field_error(e, "indicator", _("Choose what samverkan is to measure."));
		if (strcmp(in->period, "year") != 0 && strcmp(in->period, "12m") != 0)
			field_error(e, "period", _("Choose the period each value covers."));
		if (in->department_id < 0)
			field_error(e, "department_id", _("Choose one of the departments in the list."));
		else if (in->department_id > 0 && k && !k->by_department)
			field_error(e, "department_id", _("This indicator is not counted per department."));
		else if (in->department_id > 0) {
			int found = exists(st, "SELECT COUNT(*) FROM department WHERE id = $1", SV_I(in->department_id));
			if (found < 0)
				return -1;
			if (!found)
				field_error(e, "department_id", _("Choose one of the departments in the list."));
		}
		if (check_organisation_term(st, e, "district_code", in->district_code, k, "district",
					    _("This indicator is not counted per district."),
					    _("Choose one of the districts in the list.")) < 0 ||
		    check_organisation_term(st, e, "target_group_code", in->target_group_code, k, "target_group",
					    _("This indicator is not counted per target group."),
					    _("Choose one of the target groups in the list.")) < 0)
			return -1;
	}
	if (source == GOAL_KOLADA) {
		if (!kpi_valid(in->kolada_kpi))
			field_error(e, "kolada_kpi", _("Write Kolada's id of the key figure, a capital letter and five digits, "
						       "for example N00945."));
		if (!municipality_valid(in->kolada_municipality))
			field_error(e, "kolada_municipality",
				    _("Write the municipality's four-digit code, for example 0125."));
		if (strcmp(in->kolada_gender, "T") != 0 && strcmp(in->kolada_gender, "K") != 0 &&
		    strcmp(in->kolada_gender, "M") != 0)
			field_error(e, "kolada_gender", _("Choose total, women or men."));
	}
	return e->n - before;
}

/* ---- Saving ------------------------------------------------------------------------------------ */

/* OUTCOME_OK when `by` runs the stored goal's area, OUTCOME_FORBIDDEN when not. */
static enum outcome goal_area_managed(struct store *st, struct arena *a, const struct goal *g, const struct account *by)
{
	struct area area;
	enum outcome o = area_load(st, a, g->area_id, &area);
	if (o != OUTCOME_OK) /* a goal's area is there: its foreign key says so */
		return o == OUTCOME_NOT_FOUND ? OUTCOME_FAILED : o;
	return area_manages(by, &area) ? OUTCOME_OK : OUTCOME_FORBIDDEN;
}

static json_t *changed_fields(const struct goal *old, const struct goal *in)
{
	json_t *changed = json_array();
#define CMP_TEXT(f) \
	if (strcmp(old->f ? old->f : "", in->f ? in->f : "") != 0) json_array_append_new(changed, json_string(#f))
	CMP_TEXT(statement);
	CMP_TEXT(unit);
	CMP_TEXT(direction);
	CMP_TEXT(baseline_value);
	CMP_TEXT(baseline_on);
	CMP_TEXT(target_value);
	CMP_TEXT(target_on);
	CMP_TEXT(source);
	CMP_TEXT(indicator);
	CMP_TEXT(district_code);
	CMP_TEXT(target_group_code);
	CMP_TEXT(period);
	CMP_TEXT(kolada_kpi);
	CMP_TEXT(kolada_municipality);
	CMP_TEXT(kolada_gender);
#undef CMP_TEXT
	if (old->area_id != in->area_id)
		json_array_append_new(changed, json_string("area_id"));
	if (old->department_id != in->department_id)
		json_array_append_new(changed, json_string("department_id"));
	return changed;
}

enum outcome goal_save(struct store *st, struct arena *a, struct goal *in, const struct account *by, long long *id_out,
		       struct field_errors *e)
{
	if (id_out)
		*id_out = 0;
	struct goal old;
	memset(&old, 0, sizeof old);
	if (in->id) {
		enum outcome o = goal_load(st, a, in->id, &old);
		if (o != OUTCOME_OK)
			return o;
		o = goal_area_managed(st, a, &old, by);
		if (o != OUTCOME_OK)
			return o;
	}
	int n = goal_check(st, a, in, by, e);
	if (n < 0)
		return store_outcome(st);
	if (n > 0)
		return OUTCOME_INVALID;
	char now[21];
	clock_iso(clock_now(), now);
	long long account_id = by ? by->id : 0;
	struct sv department = in->department_id > 0 ? SV_I(in->department_id) : SV_NULLV;
	if (store_begin(st) != 0)
		return store_outcome(st);
	long long id = in->id;
	if (!id) {
		id = store_int(st,
			       "INSERT INTO goal (area_id, statement, unit, direction, baseline_value, baseline_on, target_value,"
			       " target_on, source, indicator, department_id, district_code, target_group_code, period, kolada_kpi,"
			       " kolada_municipality, kolada_gender, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4,"
			       " $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) RETURNING id",
			       ARGS(SV_I(in->area_id), SV_T(in->statement), SV_T(in->unit), SV_T(in->direction),
				    SV_T(in->baseline_value), SV_T(in->baseline_on), SV_T(in->target_value), SV_T(in->target_on),
				    SV_T(in->source), SV_TN(in->indicator), department, SV_TN(in->district_code),
				    SV_TN(in->target_group_code), SV_T(in->period), SV_TN(in->kolada_kpi),
				    SV_TN(in->kolada_municipality), SV_T(in->kolada_gender),
				    account_id ? SV_I(account_id) : SV_NULLV, SV_T(now)),
			       0);
	} else if (store_exec(st,
			      "UPDATE goal SET area_id = $1, statement = $2, unit = $3, direction = $4, baseline_value = $5,"
			      " baseline_on = $6, target_value = $7, target_on = $8, source = $9, indicator = $10,"
			      " department_id = $11, district_code = $12, target_group_code = $13, period = $14,"
			      " kolada_kpi = $15, kolada_municipality = $16, kolada_gender = $17, updated_at = $18 WHERE id = $19",
			      ARGS(SV_I(in->area_id), SV_T(in->statement), SV_T(in->unit), SV_T(in->direction),
				   SV_T(in->baseline_value), SV_T(in->baseline_on), SV_T(in->target_value), SV_T(in->target_on),
				   SV_T(in->source), SV_TN(in->indicator), department, SV_TN(in->district_code),
				   SV_TN(in->target_group_code), SV_T(in->period), SV_TN(in->kolada_kpi),
				   SV_TN(in->kolada_municipality), SV_T(in->kolada_gender), SV_T(now), SV_I(id))) != 1) {
		id = 0;
	}
	if (id <= 0)
		return store_finish(st, store_outcome(st));
	json_t *detail = in->id ? json_pack("{s:o}", "changed", changed_fields(&old, in))
				: json_pack("{s:I,s:s,s:s}", "area_id", (json_int_t)in->area_id, "statement", in->statement,
					    "source", in->source);
	if (audit_record_json(st, account_id, "goal", id, in->id ? "update" : "create", detail) != 0)
		return store_finish(st, store_outcome(st));
	enum outcome o = store_finish(st, OUTCOME_OK);
	if (o == OUTCOME_OK && id_out)
		*id_out = id;
	return o;
}

enum outcome goal_value_record(struct store *st, struct arena *a, long long goal_id, const char *measured_on,
			       const char *value, const char *comment, const struct account *by, struct field_errors *e)
{
	struct goal g;
	enum outcome o = goal_load(st, a, goal_id, &g);
	if (o != OUTCOME_OK)
		return o;
	o = goal_area_managed(st, a, &g, by);
	if (o != OUTCOME_OK)
		return o;
	if (strcmp(g.source, "typed") != 0)
		return field_conflict(e, _("The values are not typed"),
				      _("This goal's values are computed by samverkan or fetched from Kolada."));
	char today[11];
	feedback_local_date(clock_now(), today);
	double number;
	if (check_date(e, a, "measured_on", &measured_on) && strcmp(measured_on, today) > 0)
		field_error(e, "measured_on", _("The date cannot be in the future."));
	check_number(e, a, "value", &value, &number);
	field_text(e, a, "comment", &comment, true, GOAL_COMMENT_MAX, NULL,
		   _("Write the comment with at most 1,000 characters."));
	if (e->n)
		return OUTCOME_INVALID;
	char now[21];
	clock_iso(clock_now(), now);
	long long account_id = by ? by->id : 0;
	if (store_begin(st) != 0)
		return store_outcome(st);
	char *old = store_text(st, "SELECT value FROM goal_value WHERE goal_id = $1 AND measured_on = $2",
			       ARGS(SV_I(goal_id), SV_T(measured_on)));
	json_t *detail = json_pack("{s:s,s:s,s:s?}", "measured_on", measured_on, "value", value, "old", old);
	free(old);
	if (goal_value_put(st, goal_id, measured_on, value, comment, account_id, now) != 0) {
		json_decref(detail);
		return store_finish(st, store_outcome(st));
	}
	if (audit_record_json(st, account_id, "goal", goal_id, "value", detail) != 0)
		return store_finish(st, store_outcome(st));
	return store_finish(st, OUTCOME_OK);
}
