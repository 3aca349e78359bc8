/* test_feedback_stats: the median and nearest-rank percentile on small arrays, and the period and
 * snapshot counts on a handful of submissions in a temporary database. */
#include "base/arena.h"
#include "domain/feedback_stats.h"
#include "store/store.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "temp_store.h"
#include <string.h>

static char dbpath[64];

static void median_of_an_odd_count_is_the_middle_value(void **state)
{
	(void)state;
	const int v[] = {1, 4, 9};
	double m = -1;
	assert_true(feedback_median(v, 3, &m));
	assert_true(m == 4.0);
}

static void median_of_an_even_count_is_the_mean_of_the_two_middle_ones(void **state)
{
	(void)state;
	const int v[] = {2, 4, 5, 30};
	double m = -1;
	assert_true(feedback_median(v, 4, &m));
	assert_true(m == 4.5);
	const int two[] = {0, 1};
	assert_true(feedback_median(two, 2, &m));
	assert_true(m == 0.5);
}

static void median_and_percentile_of_one_value_are_that_value(void **state)
{
	(void)state;
	const int v[] = {7};
	double m = -1;
	int p = -1;
	assert_true(feedback_median(v, 1, &m));
	assert_true(m == 7.0);
	assert_true(feedback_percentile(v, 1, 90, &p));
	assert_int_equal(p, 7);
}

static void no_values_give_no_median_and_no_percentile(void **state)
{
	(void)state;
	double m = -1;
	int p = -1;
	assert_false(feedback_median(NULL, 0, &m));
	assert_false(feedback_percentile(NULL, 0, 90, &p));
	assert_true(m == -1);
	assert_int_equal(p, -1);
}

static void percentile_is_the_value_at_nearest_rank(void **state)
{
	(void)state;
	/* rank = ceil(0.9 · n): 10 values → the 9th; 11 → ceil(9.9) = the 10th; 5 → ceil(4.5) = the 5th;
	 * 2 → ceil(1.8) = the 2nd. */
	const int ten[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	int p = -1;
	assert_true(feedback_percentile(ten, 10, 90, &p));
	assert_int_equal(p, 9);
	const int eleven[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
	assert_true(feedback_percentile(eleven, 11, 90, &p));
	assert_int_equal(p, 10);
	const int five[] = {3, 5, 8, 13, 40};
	assert_true(feedback_percentile(five, 5, 90, &p));
	assert_int_equal(p, 40);
	assert_true(feedback_percentile(five, 5, 50, &p));
	assert_int_equal(p, 8);
	const int two[] = {3, 12};
	assert_true(feedback_percentile(two, 2, 90, &p));
	assert_int_equal(p, 12);
	/* The 100th percentile is the largest, any small p the smallest. */
	assert_true(feedback_percentile(ten, 10, 100, &p));
	assert_int_equal(p, 10);
	assert_true(feedback_percentile(ten, 10, 1, &p));
	assert_int_equal(p, 1);
}

/* ---- The counts, on a database ------------------------------------------------------------- */

static long long department(struct store *st, const char *code, const char *name)
{
	assert_int_equal(store_exec(st, "INSERT INTO department (code, name) VALUES ($1, $2)", ARGS(SV_T(code), SV_T(name))),
			 1);
	return store_int(st, "SELECT id FROM department WHERE code = $1", ARGS(SV_T(code)), 0);
}

/* One submission; answered_on NULL for an unanswered one. */
static void submission(struct store *st, long long dep, const char *status, const char *received_on,
		       const char *answer_due, const char *answered_on, int workdays)
{
	char at[32];
	snprintf(at, sizeof at, "%sT09:00:00Z", answered_on ? answered_on : "");
	assert_int_equal(
		store_exec(st,
			   "INSERT INTO submission (department_id, kind, title, body, status, received_at, received_on,"
			   " acknowledge_due, answer_due, answered_at, answered_on, answer_workdays, updated_at)"
			   " VALUES ($1, 'view', 't', 'b', $2, $3, $4, $4, $5, $6, $7, $8, $3)",
			   ARGS(SV_I(dep), SV_T(status), SV_T(received_on), SV_T(received_on), SV_T(answer_due),
				answered_on ? SV_T(at) : SV_NULLV, SV_T(answered_on),
				answered_on ? SV_I(workdays) : SV_NULLV)),
		1);
}

static void counts_follow_the_definitions(void **state)
{
	struct store *st = *state;
	long long a = department(st, "a", "Alfa"), b = department(st, "b", "Beta");
	department(st, "c", "Gamma"); /* nothing at all: left out */
	long long d = department(st, "d", "Delta");
	/* Alfa: two answered in time (2 and 3 days), one answered late (25), one closed unanswered,
	 * one open and overdue, one open not yet due (not measured), one outside the period. */
	submission(st, a, "answered", "2025-03-03", "2025-03-31", "2025-03-05", 2);
	submission(st, a, "answered", "2025-03-04", "2025-04-01", "2025-03-07", 3);
	submission(st, a, "answered", "2025-03-05", "2025-04-02", "2025-04-09", 25);
	submission(st, a, "closed", "2025-03-06", "2025-04-03", NULL, 0);
	submission(st, a, "in_progress", "2025-03-07", "2025-04-04", NULL, 0);
	submission(st, a, "received", "2025-04-28", "2025-05-27", NULL, 0);
	submission(st, a, "answered", "2024-12-02", "2025-01-02", "2024-12-04", 2);
	/* Beta: one answered in time after being closed too; nothing else in the period. */
	submission(st, b, "closed", "2025-02-03", "2025-03-03", "2025-02-10", 5);
	/* Delta: nothing in the period, but one open from before it: shown for the snapshot. */
	submission(st, d, "acknowledged", "2024-11-01", "2024-11-29", NULL, 0);

	struct arena ar = ARENA_INIT;
	struct feedback_stats s;
	assert_int_equal(feedback_stats_compute(st, &ar, "2025-01-01", "2025-04-30", "2025-05-02", 0, &s), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.rows[0].department, "Alfa");
	assert_string_equal(s.rows[1].department, "Beta");
	assert_string_equal(s.rows[2].department, "Delta");

	const struct feedback_stats_row *ra = &s.rows[0];
	assert_int_equal(ra->received, 6);
	assert_int_equal(ra->measured, 5); /* 3 answered, 1 closed, 1 overdue; not the one due 27 May */
	assert_int_equal(ra->within_target, 2);
	assert_int_equal(ra->answered, 3);
	assert_true(ra->has_days);
	assert_true(ra->median == 3.0);
	assert_int_equal(ra->p90, 25);
	assert_int_equal(ra->open_now, 2);
	assert_int_equal(ra->overdue_now, 1);
	/* No row here was acknowledged (acknowledged_at unset, acknowledge_due the arrival day): both
	 * open ones are late with the acknowledgement. */
	assert_int_equal(ra->acknowledge_overdue_now, 2);

	const struct feedback_stats_row *rb = &s.rows[1];
	assert_int_equal(rb->received, 1);
	assert_int_equal(rb->measured, 1);
	assert_int_equal(rb->within_target, 1);
	assert_true(rb->median == 5.0);
	assert_int_equal(rb->open_now, 0);

	const struct feedback_stats_row *rd = &s.rows[2];
	assert_int_equal(rd->received, 0);
	assert_int_equal(rd->measured, 0);
	assert_false(rd->has_days);
	assert_int_equal(rd->open_now, 1);
	assert_int_equal(rd->overdue_now, 1);

	/* The total: days 2, 3, 5, 25 → median 4.0, p90 rank 4 → 25. */
	assert_int_equal(s.total.received, 7);
	assert_int_equal(s.total.measured, 6);
	assert_int_equal(s.total.within_target, 3);
	assert_int_equal(s.total.answered, 4);
	assert_true(s.total.median == 4.0);
	assert_int_equal(s.total.p90, 25);
	assert_int_equal(s.total.open_now, 3);
	assert_int_equal(s.total.overdue_now, 2);
	assert_int_equal(s.total.acknowledge_overdue_now, 3);

	/* One department only. */
	assert_int_equal(feedback_stats_compute(st, &ar, "2025-01-01", "2025-04-30", "2025-05-02", b, &s), 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.rows[0].department, "Beta");
	assert_int_equal(s.total.received, 1);
	assert_int_equal(s.total.open_now, 0);

	/* A period with nothing: only the department with something open remains. */
	assert_int_equal(feedback_stats_compute(st, &ar, "2020-01-01", "2020-12-31", "2025-05-02", 0, &s), 0);
	assert_int_equal(s.total.received, 0);
	assert_false(s.total.has_days);
	assert_int_equal(s.n, 2); /* Alfa and Delta have open ones */
	arena_free(&ar);
}

static int setup(void **state)
{
	struct store *st = temp_store_open("feedback_stats", dbpath);
	if (!st)
		return -1;
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	temp_store_close(*state, dbpath);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(median_of_an_odd_count_is_the_middle_value),
		cmocka_unit_test(median_of_an_even_count_is_the_mean_of_the_two_middle_ones),
		cmocka_unit_test(median_and_percentile_of_one_value_are_that_value),
		cmocka_unit_test(no_values_give_no_median_and_no_percentile),
		cmocka_unit_test(percentile_is_the_value_at_nearest_rank),
		cmocka_unit_test_setup_teardown(counts_follow_the_definitions, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
