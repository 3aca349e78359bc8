/* feedback_stats: counts per department with GROUP BY, and the median and 90th percentile of the
 * working days to answer from each department's ordered day counts. */
#include "domain/feedback_stats.h"
#include "domain/feedback_clock.h"
#include <stdlib.h>
#include <string.h>

/* Two queries, each one pass over an index: the period's counts and its day counts in order
 * (both from submission_period, which covers every column they read, so no row is visited). What
 * is open and overdue now comes from feedback_open_counts, the work queue's own definition.
 * The dates are 'YYYY-MM-DD' text, so comparing them as text compares the days. */
/* The definitions of "measured" and "answered within target" ($3 is today), written once for every
 * query that counts them. */
#define SQL_MEASURED_WITHIN \
	" SUM(CASE WHEN answered_at IS NOT NULL OR status = 'closed' OR answer_due < $3 THEN 1 ELSE 0 END)," \
	" SUM(CASE WHEN answered_at IS NOT NULL AND answered_on <= answer_due THEN 1 ELSE 0 END)"
static const char SQL_PERIOD[] =
	"SELECT department_id, COUNT(*)," SQL_MEASURED_WITHIN
	" FROM submission WHERE received_on >= $1 AND received_on <= $2"
	" GROUP BY department_id";
static const char SQL_PERIOD_ONE[] =
	"SELECT department_id, COUNT(*)," SQL_MEASURED_WITHIN
	" FROM submission WHERE received_on >= $1 AND received_on <= $2 AND department_id = $4"
	" GROUP BY department_id";
static const char SQL_DAYS[] =
	"SELECT department_id, answer_workdays FROM submission"
	" WHERE received_on >= $1 AND received_on <= $2 AND answered_at IS NOT NULL AND answer_workdays IS NOT NULL"
	" ORDER BY department_id, answer_workdays";
static const char SQL_DAYS_ONE[] =
	"SELECT department_id, answer_workdays FROM submission"
	" WHERE received_on >= $1 AND received_on <= $2 AND answered_at IS NOT NULL AND answer_workdays IS NOT NULL"
	" AND department_id = $3"
	" ORDER BY department_id, answer_workdays";
long long feedback_share_percent(const struct feedback_stats_row *row)
{
	return (200 * row->within_target + row->measured) / (2 * row->measured);
}

bool feedback_median(const int *sorted, int n, double *out)
{
	if (n <= 0)
		return false;
	*out = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
	return true;
}

bool feedback_percentile(const int *sorted, int n, int p, int *out)
{
	if (n <= 0)
		return false;
	/* ceil(p·n/100) in integers, so 90 % of 10 is rank 9 exactly, not 9.000001 rounded up. */
	long rank = ((long)p * n + 99) / 100;
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	*out = sorted[rank - 1];
	return true;
}

/* The day counts of every department, gathered as the query returns them. */
struct days {
	int *v;
	int n, cap;
};

static void days_push(struct days *d, int x)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->v = realloc(d->v, sizeof *d->v * (size_t)d->cap);
		if (!d->v)
			abort();
	}
	d->v[d->n++] = x;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static void set_days(struct feedback_stats_row *row, const int *sorted, int n)
{
	row->answered = n;
	row->has_days = feedback_median(sorted, n, &row->median) && feedback_percentile(sorted, n, 90, &row->p90);
}

static struct feedback_stats_row *find(struct feedback_stats_row *rows, int n, long long department_id)
{
	for (int i = 0; i < n; i++)
		if (rows[i].department_id == department_id)
			return &rows[i];
	return NULL;
}

enum outcome feedback_stats_compute(struct store *st, struct arena *a, const char *from, const char *to, const char *today,
				    long long department_id, struct feedback_stats *out)
{
	memset(out, 0, sizeof *out);
	/* Every department, in name order: tens of rows. A submission whose department is somehow
	 * missing from the list still counts in the total. */
	long long ndep = store_int(st, "SELECT COUNT(*) FROM department", NOARGS, -1);
	if (ndep < 0)
		return store_outcome(st);
	struct feedback_stats_row *rows = arena_alloc(a, sizeof *rows * (size_t)(ndep + 1));
	int n = 0;
	struct cursor *c = store_query(st, "SELECT id, name FROM department ORDER BY name, id", NOARGS);
	while (n < ndep && cursor_next(c)) {
		rows[n].department_id = cursor_int(c, 0);
		rows[n].department = arena_strdup(a, cursor_text(c, 1));
		n++;
	}
	if (cursor_close(c) != 0)
		return store_outcome(st);

	struct feedback_stats_row *total = &out->total;
	c = department_id ? store_query(st, SQL_PERIOD_ONE, ARGS(SV_T(from), SV_T(to), SV_T(today), SV_I(department_id)))
			  : store_query(st, SQL_PERIOD, ARGS(SV_T(from), SV_T(to), SV_T(today)));
	while (cursor_next(c)) {
		struct feedback_stats_row *row = find(rows, n, cursor_int(c, 0));
		long long received = cursor_int(c, 1), measured = cursor_int(c, 2), within = cursor_int(c, 3);
		if (row) {
			row->received = received;
			row->measured = measured;
			row->within_target = within;
		}
		total->received += received;
		total->measured += measured;
		total->within_target += within;
	}
	if (cursor_close(c) != 0)
		return store_outcome(st);

	struct feedback_open_count *open = arena_alloc(a, sizeof *open * (size_t)(ndep + 1)), all;
	int nopen = feedback_open_counts(st, today, department_id, NULL, open, (int)ndep + 1, &all);
	if (nopen < 0)
		return store_outcome(st);
	for (int i = 0; i < nopen; i++) {
		struct feedback_stats_row *row = find(rows, n, open[i].department_id);
		if (row) {
			row->open_now = open[i].open;
			row->acknowledge_overdue_now = open[i].acknowledge_overdue;
			row->overdue_now = open[i].answer_overdue;
		}
	}
	total->open_now = all.open;
	total->acknowledge_overdue_now = all.acknowledge_overdue;
	total->overdue_now = all.answer_overdue;

	/* The day counts arrive ordered by department, then days: each department's run is already
	 * sorted; the total's are sorted once at the end. */
	struct days d = {0};
	c = department_id ? store_query(st, SQL_DAYS_ONE, ARGS(SV_T(from), SV_T(to), SV_I(department_id)))
			  : store_query(st, SQL_DAYS, ARGS(SV_T(from), SV_T(to)));
	long long current = 0;
	int start = 0;
	bool any = false;
	while (cursor_next(c)) {
		long long dep = cursor_int(c, 0);
		if (any && dep != current) {
			struct feedback_stats_row *row = find(rows, n, current);
			if (row)
				set_days(row, d.v + start, d.n - start);
			start = d.n;
		}
		current = dep;
		any = true;
		days_push(&d, (int)cursor_int(c, 1));
	}
	if (cursor_close(c) != 0) {
		free(d.v);
		return store_outcome(st);
	}
	if (any) {
		struct feedback_stats_row *row = find(rows, n, current);
		if (row)
			set_days(row, d.v + start, d.n - start);
	}
	if (d.n > 1)
		qsort(d.v, (size_t)d.n, sizeof *d.v, cmp_int);
	set_days(total, d.v, d.n);
	free(d.v);

	/* Only departments with something to show, in name order. */
	int kept = 0;
	for (int i = 0; i < n; i++)
		if (rows[i].received > 0 || rows[i].open_now > 0)
			rows[kept++] = rows[i];
	out->rows = rows;
	out->n = kept;
	return OUTCOME_OK;
}

/* ---- Per principle, for a scope -------------------------------------------------------------- */

/* The scope ($4 a department, $5 a committee, 0 for none) as a condition on the submission's
 * department. */
#define SQL_SCOPE                                                                                          \
	" AND ($4 = 0 OR submission.department_id = $4)"                                                    \
	" AND ($5 = 0 OR submission.department_id IN (SELECT id FROM department WHERE committee_id = $5))"
/* Grouped by principle: a submission counts under each principle its dialogue serves. The total
 * (key '') counts every submission of the scope once, with or without a dialogue. */
static const char SQL_PRINCIPLE_PERIOD[] =
	"SELECT dp.principle, COUNT(*)," SQL_MEASURED_WITHIN
	" FROM submission JOIN dialogue_principle dp ON dp.dialogue_id = submission.dialogue_id"
	" WHERE received_on >= $1 AND received_on <= $2" SQL_SCOPE " GROUP BY dp.principle"
	" UNION ALL SELECT '', COUNT(*)," SQL_MEASURED_WITHIN
	" FROM submission WHERE received_on >= $1 AND received_on <= $2" SQL_SCOPE;
/* The day counts take the same arguments; $3 (today) plays no part but must have a type. */
static const char SQL_PRINCIPLE_DAYS[] =
	"SELECT dp.principle, answer_workdays"
	" FROM submission JOIN dialogue_principle dp ON dp.dialogue_id = submission.dialogue_id"
	" WHERE received_on >= $1 AND received_on <= $2 AND answered_at IS NOT NULL AND answer_workdays IS NOT NULL"
	" AND $3 <> ''" SQL_SCOPE
	" UNION ALL SELECT '', answer_workdays FROM submission"
	" WHERE received_on >= $1 AND received_on <= $2 AND answered_at IS NOT NULL AND answer_workdays IS NOT NULL"
	" AND $3 <> ''" SQL_SCOPE " ORDER BY 1, 2";

/* The row of a principle code ("P1".."P9" → 0..8; "" → the total, index 9); -1 for another. */
static int principle_row(const char *code)
{
	if (!code || !*code)
		return FEEDBACK_PRINCIPLES;
	if (code[0] == 'P' && code[1] >= '1' && code[1] <= '9' && !code[2])
		return code[1] - '1';
	return -1;
}

enum outcome feedback_stats_by_principle(struct store *st, const char *from, const char *to, const char *today,
					 long long committee_id, long long department_id,
					 struct feedback_stats_row out[FEEDBACK_PRINCIPLES + 1])
{
	memset(out, 0, sizeof *out * (FEEDBACK_PRINCIPLES + 1));
	struct cursor *c = store_query(st, SQL_PRINCIPLE_PERIOD,
				       ARGS(SV_T(from), SV_T(to), SV_T(today), SV_I(department_id), SV_I(committee_id)));
	while (cursor_next(c)) {
		int i = principle_row(cursor_text(c, 0));
		if (i < 0)
			continue;
		out[i].received = cursor_int(c, 1);
		out[i].measured = cursor_int_or(c, 2, 0);
		out[i].within_target = cursor_int_or(c, 3, 0);
	}
	if (cursor_close(c) != 0)
		return store_outcome(st);
	/* Ordered by principle, then days: each run is one row's sorted day counts. */
	struct days d = {0};
	int current = -2, start = 0;
	c = store_query(st, SQL_PRINCIPLE_DAYS,
			ARGS(SV_T(from), SV_T(to), SV_T(today), SV_I(department_id), SV_I(committee_id)));
	while (cursor_next(c)) {
		int i = principle_row(cursor_text(c, 0));
		if (i != current) {
			if (current >= 0)
				set_days(&out[current], d.v + start, d.n - start);
			start = d.n;
			current = i;
		}
		days_push(&d, (int)cursor_int(c, 1));
	}
	if (cursor_close(c) != 0) {
		free(d.v);
		return store_outcome(st);
	}
	if (current >= 0)
		set_days(&out[current], d.v + start, d.n - start);
	free(d.v);
	return OUTCOME_OK;
}
