/* feedback_stats: how well each department keeps the promise to answer — for a period, and open
 * and overdue now — the figures of the public statistics page. */
#ifndef SAMVERKAN_FEEDBACK_STATS_H
#define SAMVERKAN_FEEDBACK_STATS_H
#include "base/arena.h"
#include "base/outcome.h"
#include "store/store.h"
#include <stdbool.h>

/*
 * The definitions (the statistics page states them to its readers):
 * - Period figures count the submissions whose received_on lies in [from, to], hidden ones
 *   included (moderation hides a text; it does not lift the duty to answer).
 * - "Answered within target": answered (answered_at set) on or before its answer_due.
 * - The share's denominator ("measured") is those of them that are answered, closed, or whose
 *   answer_due is before today: a submission still open and not yet due can still make it, so it
 *   does not count against the department. No measured submissions, no share.
 * - Median and 90th percentile of answer_workdays over the answered ones (see below).
 * - open_now, acknowledge_overdue_now and overdue_now (the answer) are a snapshot today, not
 *   limited to the period, by the one definition of open and overdue in feedback_clock.h (the work
 *   queue counts the same way).
 */
struct feedback_stats_row {
	long long department_id; /* 0 in the total row */
	const char *department;  /* the department's name; NULL in the total row */
	long long received;
	long long measured;      /* the share's denominator */
	long long within_target; /* the share's numerator */
	int answered;            /* how many answer_workdays the median and percentile are taken over */
	bool has_days;           /* answered > 0: median and p90 are set */
	double median;
	int p90;
	long long open_now, acknowledge_overdue_now, overdue_now; /* overdue_now: the answer promise */
};

struct feedback_stats {
	struct feedback_stats_row *rows; /* departments in name order (in the arena) */
	int n;
	struct feedback_stats_row total; /* over every department (or the one chosen) */
};

/* The figures for received_on in [from, to] (local dates "YYYY-MM-DD"), with today (the local
 * date, feedback_local_date(clock_now())) deciding what is overdue. department_id 0 means every
 * department; else only that one. Departments with nothing received in the period and nothing
 * open now are left out. OUTCOME_OK, or the store's outcome when a query failed. */
enum outcome feedback_stats_compute(struct store *st, struct arena *a, const char *from, const char *to, const char *today,
				    long long department_id, struct feedback_stats *out);

/* The same figures per policy principle, for the yearly follow-up: out[0..8] for P1..P9 count the
 * submissions received in [from, to] whose dialogue serves that principle (one serving several
 * counts under each), out[FEEDBACK_PRINCIPLES] every submission of the scope once. The scope is
 * one department (department_id > 0), one committee's departments (committee_id > 0) or all
 * (both 0). Only received, measured, within_target, answered, has_days, median and p90 are set.
 * OUTCOME_OK, or the store's outcome. */
#define FEEDBACK_PRINCIPLES 9
enum outcome feedback_stats_by_principle(struct store *st, const char *from, const char *to, const char *today,
					 long long committee_id, long long department_id,
					 struct feedback_stats_row out[FEEDBACK_PRINCIPLES + 1]);

/* The share answered within target in whole per cent, rounded half up, from integers so 2/3 is 67
 * on every machine. Only for a row with measured > 0. */
long long feedback_share_percent(const struct feedback_stats_row *row);

/* Of n values in ascending order: the median (the middle value; the mean of the two middle ones
 * for an even count) and the p-th percentile by nearest rank (the value at rank ceil(p/100 · n),
 * 1-based). False, and *out untouched, when n is 0. */
bool feedback_median(const int *sorted, int n, double *out);
bool feedback_percentile(const int *sorted, int n, int p, int *out);

#endif
