/* test_feedback_clock: the targets (defaults, rules, saving, a bad stored value), the due dates they
 * give, the local date the clock counts in, and one submission through reminder, escalation and
 * the work queue on a temporary database. */
#include "base/clock.h"
#include "base/i18n.h"
#include "domain/feedback_clock.h"
#include "store/store.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "temp_store.h"
#include <stdio.h>
#include <string.h>

static char dbpath[64];

static int setup(void **state)
{
	struct store *st = temp_store_open("feedback-clock", dbpath);
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

static void due_dates_count_working_days_from_arrival(void **state)
{
	(void)state;
	struct feedback_targets t = {FEEDBACK_ACKNOWLEDGE_DAYS, FEEDBACK_ANSWER_DAYS};
	char ack[11], answer[11];
	/* Friday 20 December 2024: over Christmas, New Year and trettondedag jul. */
	feedback_due_dates(&t, "2024-12-20", ack, answer);
	assert_string_equal(ack, "2025-01-03");
	assert_string_equal(answer, "2025-01-27");
	/* Over Easter 2026 (3–6 April) to the day before första maj. */
	feedback_due_dates(&t, "2026-03-31", ack, answer);
	assert_string_equal(ack, "2026-04-09");
	assert_string_equal(answer, "2026-04-30");
	/* Arrival on a Saturday: the week starts on Monday. */
	t = (struct feedback_targets){1, 3};
	feedback_due_dates(&t, "2026-11-28", ack, answer);
	assert_string_equal(ack, "2026-11-30");
	assert_string_equal(answer, "2026-12-02");
}

static void local_date_is_swedish(void **state)
{
	(void)state;
	char d[11];
	feedback_local_date(clock_parse("2026-06-30T21:59:00Z"), d);
	assert_string_equal(d, "2026-06-30");
	feedback_local_date(clock_parse("2026-06-30T22:00:00Z"), d);
	assert_string_equal(d, "2026-07-01");
	feedback_local_date(clock_parse("2026-12-31T23:00:00Z"), d);
	assert_string_equal(d, "2027-01-01");
}

static void typed_targets_are_whole_numbers_in_range(void **state)
{
	(void)state;
	int v = 0;
	assert_true(feedback_target_parse("5", &v) && v == 5);
	assert_true(feedback_target_parse(" 100 ", &v) && v == 100);
	assert_true(feedback_target_parse("1", &v) && v == 1);
	static const char *const bad[] = {"0", "101", "-1", "", " ", "5.5", "5 dagar", "fem", "99999999999999999999", "+5"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = 42;
		if (feedback_target_parse(bad[i], &v))
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(v, 42);
	}
	assert_false(feedback_target_parse(NULL, &v));
	/* The text contract: no-break spaces around a number are trimmed, control characters refused. */
	assert_true(feedback_target_parse("\xC2\xA0" "7\xC2\xA0", &v) && v == 7);
	v = 42;
	assert_false(feedback_target_parse("7\xC2\x85", &v) || feedback_target_parse("7\xEF\xBF\xBD", &v));
	assert_int_equal(v, 42);
	struct field_errors e = {0};
	struct feedback_targets t = {5, 20};
	assert_true(feedback_targets_check(&t, &e));
	t = (struct feedback_targets){20, 20};
	assert_true(feedback_targets_check(&t, &e));
	assert_int_equal(e.n, 0);
	t = (struct feedback_targets){21, 20};
	assert_false(feedback_targets_check(&t, &e));
	assert_int_equal(e.n, 1);
	assert_true(field_has_error(&e, "acknowledge_days"));
	e = (struct field_errors){0};
	t = (struct feedback_targets){0, 101};
	assert_false(feedback_targets_check(&t, &e));
	assert_int_equal(e.n, 2);
	assert_true(field_has_error(&e, "answer_days"));
}

static void targets_default_save_and_refuse(void **state)
{
	struct store *st = *state;
	struct feedback_targets t;
	struct field_errors e = {0};
	assert_int_equal(feedback_targets_load(st, &t), OUTCOME_OK);
	assert_int_equal(t.acknowledge_days, 5);
	assert_int_equal(t.answer_days, 20);
	assert_int_equal(feedback_targets_save(st, &(struct feedback_targets){3, 15}, 0, &e), OUTCOME_OK);
	assert_int_equal(feedback_targets_load(st, &t), 0);
	assert_int_equal(t.acknowledge_days, 3);
	assert_int_equal(t.answer_days, 15);
	/* Refused: nothing changes. */
	assert_int_equal(feedback_targets_save(st, &(struct feedback_targets){16, 15}, 0, &e), OUTCOME_INVALID);
	assert_int_equal(feedback_targets_save(st, &(struct feedback_targets){0, 15}, 0, &e), OUTCOME_INVALID);
	assert_true(field_has_error(&e, "acknowledge_days"));
	assert_int_equal(feedback_targets_load(st, &t), 0);
	assert_int_equal(t.acknowledge_days, 3);
	assert_int_equal(t.answer_days, 15);
	assert_int_equal(store_int(st, "SELECT COUNT(*) FROM audit_log WHERE action = 'feedback_targets'", NOARGS, -1), 1);
	/* A hand-edited row that is not a target falls back to the default, not to nonsense. */
	assert_true(store_exec(st, "UPDATE setting SET value = 'tjugo' WHERE name = $1",
			       ARGS(SV_T(FEEDBACK_SETTING_ANSWER))) == 1);
	assert_int_equal(feedback_targets_load(st, &t), 0);
	assert_int_equal(t.acknowledge_days, 3);
	assert_int_equal(t.answer_days, FEEDBACK_ANSWER_DAYS);
	assert_int_equal(feedback_targets_save(st, &(struct feedback_targets){5, 20}, 0, &e), OUTCOME_OK);
}

/* An official, a coordinator and one submission due Friday 27 November 2026. */
static long long one_submission(struct store *st)
{
	assert_true(store_exec(st, "INSERT INTO department (code, name) VALUES ('kf', 'Kulturförvaltningen')", NOARGS) == 1);
	long long dep = store_int(st, "SELECT id FROM department WHERE code = 'kf'", NOARGS, 0);
	assert_true(store_exec(st,
			       "INSERT INTO account (email, name, password_hash, role, department_id, lang, created_at) "
			       "VALUES ('t@exempel.se', 'Tove', 'x', 'official', $1, 'en', '2026-01-01T00:00:00Z'), "
			       "('s@exempel.se', 'Sam', 'x', 'coordinator', NULL, 'sv', '2026-01-01T00:00:00Z')",
			       ARGS(SV_I(dep))) == 2);
	assert_true(store_exec(st,
			       "INSERT INTO submission (department_id, kind, title, body, received_at, received_on, "
			       "acknowledge_due, answer_due, updated_at) VALUES ($1, 'view', 'Bänkar', 'Text', "
			       "'2026-11-20T09:00:00Z', '2026-11-20', '2026-11-27', '2026-12-18', '2026-11-20T09:00:00Z')",
			       ARGS(SV_I(dep))) == 1);
	return dep;
}

static void reminder_escalation_and_queue(void **state)
{
	struct store *st = *state;
	long long dep = one_submission(st);
	struct feedback_sent sent;
	assert_int_equal(feedback_send_due_counted(st, clock_parse("2026-11-24T09:00:00Z"), &sent), 0);
	assert_int_equal(feedback_send_due_counted(st, clock_parse("2026-11-25T09:00:00Z"), &sent), 1);
	assert_int_equal(sent.reminders, 1);
	assert_int_equal(sent.escalations, 0);
	assert_int_equal(feedback_send_due(st, clock_parse("2026-11-25T10:00:00Z")), 0);
	assert_int_equal(feedback_send_due(st, clock_parse("2026-11-27T09:00:00Z")), 0);
	assert_int_equal(feedback_send_due_counted(st, clock_parse("2026-11-30T09:00:00Z"), &sent), 1);
	assert_int_equal(sent.escalations, 1);
	/* The reminder went to the official in English, the escalation to the coordinator. */
	assert_int_equal(store_int(st, "SELECT COUNT(*) FROM outbox WHERE to_address = 't@exempel.se' AND lang = 'en' "
				       "AND kind = 'transactional'", NOARGS, -1), 1);
	assert_int_equal(store_int(st, "SELECT COUNT(*) FROM outbox WHERE to_address = 's@exempel.se'", NOARGS, -1), 1);

	/* On Monday 30 November the acknowledgement is 1 working day overdue, the answer not yet. */
	struct arena a = ARENA_INIT;
	struct feedback_queue_item items[4];
	long long total = -1;
	struct feedback_queue_query q = {.department_id = dep, .max = 4};
	struct feedback_open_count counts;
	assert_int_equal(feedback_queue_list(st, &a, "2026-11-30", &q, items, &total), 1);
	assert_int_equal(total, 1);
	assert_string_equal(items[0].title, "Bänkar");
	assert_int_equal(items[0].step, FEEDBACK_ACKNOWLEDGE);
	assert_string_equal(items[0].due, "2026-11-27");
	assert_string_equal(items[0].acknowledge_due, "2026-11-27");
	assert_true(items[0].acknowledge_overdue);
	assert_false(items[0].answer_overdue);
	assert_false(items[0].due_soon);
	assert_int_equal(items[0].workdays, 1);
	assert_int_equal(feedback_open_counts(st, "2026-11-30", dep, NULL, NULL, 0, &counts), 0);
	assert_int_equal(counts.open, 1);
	assert_int_equal(counts.acknowledge_overdue, 1);
	assert_int_equal(counts.answer_overdue, 0);
	/* On the due date itself it is in time, and due soon (today). */
	assert_int_equal(feedback_queue_list(st, &a, "2026-11-27", &q, items, &total), 1);
	assert_false(items[0].acknowledge_overdue);
	assert_true(items[0].due_soon);
	assert_int_equal(items[0].workdays, 0);
	/* On Wednesday 25 November it was due soon, in 2 working days. */
	assert_int_equal(feedback_queue_list(st, &a, "2026-11-25", &q, items, &total), 1);
	assert_true(items[0].due_soon);
	assert_int_equal(items[0].workdays, 2);
	/* Acknowledged: the next step is the answer, due 18 December, overdue on the 19th (a Saturday). */
	assert_true(store_exec(st, "UPDATE submission SET status = 'acknowledged', acknowledged_at = '2026-11-30T10:00:00Z'",
			       NOARGS) == 1);
	assert_int_equal(feedback_queue_list(st, &a, "2026-12-19", &q, items, &total), 1);
	assert_int_equal(items[0].step, FEEDBACK_ANSWER);
	assert_string_equal(items[0].due, "2026-12-18");
	assert_false(items[0].acknowledge_overdue);
	assert_true(items[0].answer_overdue);
	assert_int_equal(feedback_open_counts(st, "2026-12-19", 0, NULL, NULL, 0, &counts), 0);
	assert_int_equal(counts.acknowledge_overdue, 0);
	assert_int_equal(counts.answer_overdue, 1);
	/* Another department's queue is empty. */
	q.department_id = dep + 1;
	assert_int_equal(feedback_queue_list(st, &a, "2026-12-21", &q, items, &total), 0);
	assert_int_equal(total, 0);
	arena_free(&a);
}

int main(void)
{
	if (i18n_init() != 0)
		return 1;
	i18n_set_lang("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(due_dates_count_working_days_from_arrival),
		cmocka_unit_test(local_date_is_swedish),
		cmocka_unit_test(typed_targets_are_whole_numbers_in_range),
		cmocka_unit_test(targets_default_save_and_refuse),
		cmocka_unit_test(reminder_escalation_and_queue),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	i18n_free();
	return rc;
}
