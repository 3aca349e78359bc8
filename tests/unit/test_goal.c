/* test_goal: a goal's numbers as typed and stored, the expected value on the line from baseline to
 * target, and the status rule at its edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/goal.h"
#include <string.h>

static void numbers_are_read_as_people_type_them(void **state)
{
	double v;
	assert_true(goal_number_parse("42", &v));
	assert_true(v == 42);
	assert_true(goal_number_parse(" 42,5 ", &v));
	assert_true(v == 42.5);
	assert_true(goal_number_parse("-0.25", &v));
	assert_true(v == -0.25);
	const char *bad[] = {"", " ", "4O", "42,", ",5", "1e3", "1 000", "--1", "42.5.1", "nan", NULL};
	for (int i = 0; bad[i]; i++)
		if (goal_number_parse(bad[i], &v))
			fail_msg("'%s' read as a number", bad[i]);
	assert_false(goal_number_parse(NULL, &v));
}

static void numbers_are_stored_without_trailing_zeros(void **state)
{
	char out[32];
	goal_number_format(42.5, out);
	assert_string_equal(out, "42.5");
	goal_number_format(60.0, out);
	assert_string_equal(out, "60");
	goal_number_format(1.0 / 3, out);
	assert_string_equal(out, "0.3333");
	goal_number_format(-0.00001, out);
	assert_string_equal(out, "0");
}

/* From 0 on 2026-01-01 to 100 on 2027-01-01 (365 days), higher better unless said. */
static struct goal line(const char *direction)
{
	return (struct goal){.direction = direction, .baseline_on = "2026-01-01", .target_on = "2027-01-01",
			     .baseline = 0, .target = 100};
}

static enum goal_status status_at(const struct goal *g, const char *date, const char *value, double v)
{
	struct goal_value values[2] = {{.measured_on = "2025-06-01", .value_text = NULL},
				       {.measured_on = date, .value_text = value, .value = v}};
	return goal_status_of(g, values, 2);
}

static void the_status_follows_the_line(void **state)
{
	struct goal g = line("higher");
	assert_true(goal_expected(&g, "2025-01-01") == 0);
	assert_true(goal_expected(&g, "2028-01-01") == 100);
	assert_true(goal_expected(&g, "2026-07-02") > 49.8 && goal_expected(&g, "2026-07-02") < 49.9);
	assert_int_equal(goal_status_of(&g, NULL, 0), GOAL_NO_DATA);
	assert_int_equal(status_at(&g, "2026-07-02", NULL, 0), GOAL_NO_DATA); /* only missing values */
	assert_int_equal(status_at(&g, "2026-07-02", "50", 50), GOAL_ON_TRACK);
	assert_int_equal(status_at(&g, "2026-07-02", "25", 25), GOAL_AT_RISK);  /* 24.9 behind: within a quarter */
	assert_int_equal(status_at(&g, "2026-07-02", "24", 24), GOAL_OFF_TRACK); /* 25.9 behind */
	assert_int_equal(status_at(&g, "2026-07-02", "100", 100), GOAL_ACHIEVED);
	assert_int_equal(status_at(&g, "2027-01-01", "99", 99), GOAL_OFF_TRACK); /* the target date has come */
}

static void lower_is_better_turns_the_rule_round(void **state)
{
	struct goal g = line("lower");
	g.baseline = 100;
	g.target = 0;
	assert_int_equal(status_at(&g, "2026-07-02", "50", 50), GOAL_ON_TRACK);
	assert_int_equal(status_at(&g, "2026-07-02", "70", 70), GOAL_AT_RISK);
	assert_int_equal(status_at(&g, "2026-07-02", "80", 80), GOAL_OFF_TRACK);
	assert_int_equal(status_at(&g, "2026-03-01", "0", 0), GOAL_ACHIEVED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_are_read_as_people_type_them),
		cmocka_unit_test(numbers_are_stored_without_trailing_zeros),
		cmocka_unit_test(the_status_follows_the_line),
		cmocka_unit_test(lower_is_better_turns_the_rule_round),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
