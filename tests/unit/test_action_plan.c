/* test_action_plan: one plan per department and period, adoption keeping a version and its
 * snapshot with later changes as history, and action_plan_completion's and
 * action_plan_principle_counts's counts for a year, a committee and a department. On both stores (temp_store.h). */
#include "domain/action_plan.h"
#include "domain/department.h"
#include "domain/taxonomy.h"
#include "store/store.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "temp_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dbpath[64];

static int setup(void **state)
{
	struct store *st = temp_store_open("action_plan", dbpath);
	if (!st || taxonomy_seed(st) != 0)
		return -1;
	if (store_begin(st) != 0 || department_put(st, "A", "Förvaltning A", "K1", "Nämnd 1") != 0 ||
	    department_put(st, "B", "Förvaltning B", "K1", "Nämnd 1") != 0 ||
	    department_put(st, "C", "Förvaltning C", "K2", "Nämnd 2") != 0 || store_commit(st) != 0)
		return -1;
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	temp_store_close(*state, dbpath);
	return 0;
}

static long long id_of(struct store *st, const char *sql, const char *code)
{
	return store_int(st, sql, ARGS(SV_T(code)), 0);
}

static long long plan(struct store *st, const char *dept, const char *start, const char *end)
{
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	struct action_plan in = {.department_id = id_of(st, "SELECT id FROM department WHERE code = $1", dept),
				 .title = "Plan",
				 .period_start = start,
				 .period_end = end};
	long long id = 0;
	assert_int_equal(action_plan_save(st, &a, &in, NULL, &id, &e), OUTCOME_OK);
	arena_free(&a);
	return id;
}

static long long action(struct store *st, long long plan_id, const char *what, const char *status)
{
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	struct plan_action in = {.plan_id = plan_id, .what = what, .starts_on = "", .due_on = ""};
	in.principles[in.nprinciples++] = "P9";
	long long id = 0;
	assert_int_equal(plan_action_save(st, &a, &in, NULL, &id, &e), OUTCOME_OK);
	if (strcmp(status, "planned") != 0)
		assert_int_equal(plan_action_progress(st, &a, id, status, "2020-01-01", "Anteckning", NULL, &e), OUTCOME_OK);
	arena_free(&a);
	return id;
}

static void plans_versions_and_completion(void **state)
{
	struct store *st = *state;
	struct arena a = ARENA_INIT;
	long long pa = plan(st, "A", "2026-01-01", "2026-12-31");
	long long pb = plan(st, "B", "2025-07-01", "2026-06-30");
	long long pc = plan(st, "C", "2027-01-01", "2027-12-31");
	action(st, pa, "Göra klart", "done");
	action(st, pa, "Pågår", "in_progress");
	long long planned = action(st, pa, "Planerat", "planned");
	action(st, pb, "Skjutet", "postponed");
	action(st, pb, "Inställt", "cancelled");
	action(st, pc, "Nästa år", "planned");

	/* One plan per department and period: an overlapping one is refused, and nothing is stored. */
	struct field_errors e = {0};
	struct action_plan again = {.department_id = id_of(st, "SELECT id FROM department WHERE code = $1", "A"),
				    .title = "Till",
				    .period_start = "2026-12-01",
				    .period_end = "2027-05-31"};
	assert_int_equal(action_plan_save(st, &a, &again, NULL, NULL, &e), OUTCOME_INVALID);
	assert_string_equal(field_error_for(&e, "period_start"),
			    "The department already has an action plan for a period that overlaps this one.");
	assert_int_equal(store_int(st, "SELECT COUNT(*) FROM action_plan", NOARGS, -1), 3);

	/* Adoption: version 1 with the plan's actions in its snapshot; a later change is history. */
	memset(&e, 0, sizeof e);
	assert_int_equal(action_plan_adopt(st, &a, pa, "2020-02-01", "KS 2020/12", NULL, &e), OUTCOME_OK);
	struct action_plan p;
	assert_int_equal(action_plan_load(st, &a, pa, &p), OUTCOME_OK);
	assert_string_equal(p.state, "adopted");
	assert_int_equal(p.version, 1);
	struct plan_version v[4];
	assert_int_equal(plan_versions(st, &a, pa, v, 4), 1);
	assert_non_null(strstr(v[0].snapshot, "\"what\":\"Planerat\""));
	assert_non_null(strstr(v[0].snapshot, "\"case_number\":\"KS 2020/12\""));
	assert_int_equal(plan_action_progress(st, &a, planned, "in_progress", "2020-03-01", "Startat", NULL, &e),
			 OUTCOME_OK);
	struct plan_change ch[4];
	assert_int_equal(plan_changes(st, &a, pa, ch, 4), 1);
	assert_string_equal(ch[0].kind, "status");
	assert_int_equal(ch[0].version, 1);
	assert_int_equal(plan_changes(st, &a, pb, ch, 4), 0);

	struct action_plan_completion c;
	assert_int_equal(action_plan_completion(st, 2026, 0, 0, &c), 0);
	assert_int_equal(c.plans, 2);
	assert_int_equal(c.adopted, 1);
	assert_int_equal(c.actions, 5);
	assert_int_equal(c.done, 1);
	assert_int_equal(c.in_progress, 2);
	assert_int_equal(c.planned, 0);
	assert_int_equal(c.postponed, 1);
	assert_int_equal(c.cancelled, 1);
	long long k1 = id_of(st, "SELECT id FROM committee WHERE code = $1", "K1");
	long long k2 = id_of(st, "SELECT id FROM committee WHERE code = $1", "K2");
	assert_int_equal(action_plan_completion(st, 2026, k1, 0, &c), 0);
	assert_int_equal(c.plans, 2);
	assert_int_equal(c.actions, 5);
	assert_int_equal(action_plan_completion(st, 2026, k2, 0, &c), 0);
	assert_int_equal(c.plans, 0);
	assert_int_equal(c.actions, 0);
	assert_int_equal(action_plan_completion(st, 2027, k2, 0, &c), 0);
	assert_int_equal(c.plans, 1);
	assert_int_equal(c.planned, 1);
	long long b = id_of(st, "SELECT id FROM department WHERE code = $1", "B");
	assert_int_equal(action_plan_completion(st, 2026, 0, b, &c), 0);
	assert_int_equal(c.plans, 1);
	assert_int_equal(c.adopted, 0);
	assert_int_equal(c.actions, 2);
	assert_int_equal(c.postponed, 1);
	assert_int_equal(action_plan_completion(st, 2025, 0, 0, &c), 0);
	assert_int_equal(c.plans, 1);

	/* By principle, the same plans: every action here serves P9 (and nothing else). */
	struct action_principle_count n[PLAN_PRINCIPLES_MAX];
	assert_int_equal(action_plan_principle_counts(st, 2026, 0, 0, n), 0);
	assert_int_equal(n[8].actions, 5);
	assert_int_equal(n[8].by_status[ACTION_DONE], 1);
	assert_int_equal(n[8].by_status[ACTION_IN_PROGRESS], 2);
	assert_int_equal(n[8].by_status[ACTION_POSTPONED], 1);
	assert_int_equal(n[8].by_status[ACTION_CANCELLED], 1);
	assert_int_equal(n[0].actions, 0);
	assert_int_equal(action_plan_principle_counts(st, 2026, 0, b, n), 0);
	assert_int_equal(n[8].actions, 2);
	assert_int_equal(action_plan_principle_counts(st, 2026, k2, 0, n), 0);
	assert_int_equal(n[8].actions, 0);
	assert_int_equal(action_plan_principle_counts(st, 2027, 0, 0, n), 0);
	assert_int_equal(n[8].by_status[ACTION_PLANNED], 1);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plans_versions_and_completion),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
