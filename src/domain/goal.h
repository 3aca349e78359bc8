/* goal: a collaboration area's goals (mål) — statement, indicator, baseline and target — their
 * dated values from one of three sources, and the status a goal's values give it. */
#ifndef SAMVERKAN_GOAL_H
#define SAMVERKAN_GOAL_H
#include "base/arena.h"
#include "base/outcome.h"
#include "domain/account.h"
#include "store/store.h"
#include <stdbool.h>

#define GOAL_STATEMENT_MAX 500 /* characters */
#define GOAL_UNIT_MAX 40       /* characters: "%", "organisationer", "arbetsdagar" */
#define GOAL_COMMENT_MAX 1000  /* characters: a typed value's comment */

/* Where a goal's values come from (stored as "typed", "computed", "kolada"). */
enum goal_source { GOAL_TYPED = 0, GOAL_COMPUTED, GOAL_KOLADA };
const char *goal_source_code(enum goal_source s);
bool goal_source_from_code(const char *code, enum goal_source *out);
const char *goal_source_label(enum goal_source s);

/* The status of a goal: see goal_status_of for the rule. */
enum goal_status { GOAL_NO_DATA = 0, GOAL_ON_TRACK, GOAL_AT_RISK, GOAL_OFF_TRACK, GOAL_ACHIEVED };
const char *goal_status_code(enum goal_status s); /* "no_data", "on_track", … for the API and CSS */
const char *goal_status_label(enum goal_status s);

/* One goal as read or as typed into a form; codes are as typed (direction "higher"/"lower",
 * source, indicator, period "year"/"12m", kolada_gender "T"/"K"/"M"), numbers as the decimal
 * text the domain stores ("42.5"; a form may type "42,5"). Strings live in the caller's arena. */
struct goal {
	long long id; /* 0 for a new one */
	long long area_id;
	const char *area_title; /* read only */
	const char *statement, *unit, *direction;
	const char *baseline_value, *baseline_on, *target_value, *target_on;
	const char *source;
	/* source "computed": the indicator (indicator.h) and its parameters (0 / "" for none). */
	const char *indicator;
	long long department_id;
	const char *district_code, *target_group_code, *period;
	/* source "kolada": the KPI ("N00945"), the municipality's code ("0125") and the gender. */
	const char *kolada_kpi, *kolada_municipality, *kolada_gender;
	double baseline, target; /* read only: the numbers */
	const char *created_at, *updated_at;
};

/* One dated value. value_text NULL: none for the date (Kolada had no value for the period, or a
 * computed indicator had nothing to measure). */
struct goal_value {
	const char *measured_on; /* "YYYY-MM-DD" (a Kolada period Y is kept as Y-12-31) */
	const char *value_text;
	double value;
	const char *comment;
	const char *account_name; /* who typed it; NULL otherwise */
	const char *recorded_at;  /* ISO 8601 UTC: when it was typed, computed or imported */
};

/* A decimal number as people type it: optional '-', digits, and a decimal point or comma with
 * digits after it ("42", "42,5", "-0.25"); white space around it allowed. */
bool goal_number_parse(const char *text, double *out);
/* The number as the domain stores and shows it: at most four decimals, no trailing zeros, '.'
 * as the point ("42.5", "3", "0.3333"). out[32]. */
void goal_number_format(double v, char out[32]);

/* A stored number ("42.5") as the thread's language writes it: a decimal comma in Swedish. In a. */
const char *goal_number_local(struct arena *a, const char *stored);
/* Where the goal stands in one sentence, in the thread's language — the text alternative of its
 * chart: "42 % on 2026-06-30, target 60 % by 2028-12-31, from 30 % on 2024-12-31." latest: its
 * latest value (NULL: none yet). In a. */
const char *goal_sentence(struct arena *a, const struct goal *g, const struct goal_value *latest);

/* Checks every field (text contract; statement 1–500 characters, unit at most 40, the area
 * exists and `by` runs it, direction, baseline and target numbers with real dates, the target
 * date after the baseline date, a known source and, for it, a known indicator with departments,
 * districts, target groups and period from their lists, or a KPI "[A-Z][0-9]{5}" and a
 * municipality code of four digits), then inserts or updates the goal with an audit row in one
 * transaction. Numbers are stored as goal_number_format writes them. by NULL: the command line.
 * OUTCOME_INVALID with e (fields statement, unit, area_id, direction, baseline_value,
 * baseline_on, target_value, target_on, source, indicator, department_id, district_code,
 * target_group_code, period, kolada_kpi, kolada_municipality, kolada_gender);
 * OUTCOME_NOT_FOUND for an unknown id; OUTCOME_FORBIDDEN when by does not run its area. */
enum outcome goal_save(struct store *st, struct arena *a, struct goal *in, const struct account *by, long long *id_out,
		       struct field_errors *e);
enum outcome goal_load(struct store *st, struct arena *a, long long id, struct goal *out);
/* The goals of an area (area_id 0: every goal) in id order, at most max. Count, or -1. */
int goal_list(struct store *st, struct arena *a, long long area_id, struct goal *out, int max);

/* A goal's values in date order, at most max (the latest max when there are more). Count, or -1. */
int goal_values(struct store *st, struct arena *a, long long goal_id, struct goal_value *out, int max);

/* The one writer of goal_value, inside the caller's transaction: sets the goal's value for the
 * date (value_text NULL: none), replacing only that date's row, so every other date — the
 * history — stays as it was. account_id 0 for none. 0 or -1. */
int goal_value_put(struct store *st, long long goal_id, const char *measured_on, const char *value_text,
		   const char *comment, long long account_id, const char *recorded_at);

/* An official who runs the goal's area types a measurement of a typed goal: a real date not after
 * today, a number, a comment of at most 1,000 characters; audited, in one transaction. A value
 * for a date that has one replaces it (the audit row keeps the old). OUTCOME_INVALID (fields
 * measured_on, value, comment); OUTCOME_CONFLICT for a goal whose values are not typed. */
enum outcome goal_value_record(struct store *st, struct arena *a, long long goal_id, const char *measured_on,
			       const char *value, const char *comment, const struct account *by, struct field_errors *e);

/*
 * The status rule (also in docs/architecture.md). Take the latest value that is not missing, v on
 * date d; none: NO DATA. The expected value on d lies on the straight line from the baseline
 * (baseline_value on baseline_on) to the target (target_value on target_on): before the baseline
 * date it is the baseline, after the target date the target. "Better" is up when direction is
 * higher, down when lower.
 * - ACHIEVED: v is at the target or better.
 * - ON TRACK: v is at the expected value or better.
 * - AT RISK: v is short of the expected value by at most a quarter of the whole way from baseline
 *   to target, and the target date has not passed.
 * - OFF TRACK: further behind, or the target date has passed without reaching the target.
 */
enum goal_status goal_status_of(const struct goal *g, const struct goal_value *values, int n);
/* The expected value on `date` by the line above. */
double goal_expected(const struct goal *g, const char *date);

#endif
