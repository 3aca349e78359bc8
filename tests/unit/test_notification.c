/* test_notification: Swedish local time across the summer-time switches, the digest's day turning
 * at 07:00 local, and unsubscribe tokens that check only as signed. */
#include "base/clock.h"
#include "domain/account.h"
#include "domain/digest.h"
#include "domain/notification.h"
#include "store/store.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "temp_store.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dbpath[64];

static int setup(void **state)
{
	if (sodium_init() < 0)
		return -1;
	struct store *st = temp_store_open("notification", dbpath);
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

static void summer_time_switches_at_one_utc_on_the_last_sundays(void **state)
{
	(void)state;
	/* 2026: summer time from Sunday 29 March to Sunday 25 October, 01:00 UTC both times. */
	assert_int_equal(notification_stockholm_offset(clock_parse("2026-03-29T00:59:59Z")), 3600);
	assert_int_equal(notification_stockholm_offset(clock_parse("2026-03-29T01:00:00Z")), 7200);
	assert_int_equal(notification_stockholm_offset(clock_parse("2026-10-25T00:59:59Z")), 7200);
	assert_int_equal(notification_stockholm_offset(clock_parse("2026-10-25T01:00:00Z")), 3600);
	assert_int_equal(notification_stockholm_offset(clock_parse("2026-01-15T12:00:00Z")), 3600);
	char local[17];
	notification_local_time("2026-07-01T22:30:00Z", local);
	assert_string_equal(local, "2026-07-02 00:30");
	notification_local_time("2026-12-31T23:30:00Z", local);
	assert_string_equal(local, "2027-01-01 00:30");
}

static void digest_day_turns_at_seven_local(void **state)
{
	(void)state;
	char day[11];
	/* Summer: 07:00 local is 05:00 UTC. */
	digest_period(clock_parse("2026-06-10T04:59:00Z"), day);
	assert_string_equal(day, "2026-06-09");
	digest_period(clock_parse("2026-06-10T05:00:00Z"), day);
	assert_string_equal(day, "2026-06-10");
	/* Winter: 07:00 local is 06:00 UTC. */
	digest_period(clock_parse("2026-12-10T05:59:00Z"), day);
	assert_string_equal(day, "2026-12-09");
	digest_period(clock_parse("2026-12-10T06:00:00Z"), day);
	assert_string_equal(day, "2026-12-10");
}

static long long make_account(struct store *st, const char *email)
{
	char err[256];
	long long id = account_create(st, email, "Test Person", "correct horse", ROLE_PERSON, 0, err, sizeof err);
	assert_true(id > 0);
	return id;
}

static void unsubscribe_token_checks_only_as_signed(void **state)
{
	struct store *st = *state;
	long long me = make_account(st, "me@example.se"), other = make_account(st, "other@example.se");
	char token[NOTIFY_TOKEN_MAX], kind[32], prefix[40];
	long long id = 0;
	/* No key yet: nothing checks, and checking does not make one. */
	assert_int_equal(notification_unsubscribe_check(st, "1.news.AAAA", &id, kind, sizeof kind), OUTCOME_NOT_FOUND);
	assert_int_equal(store_int(st, "SELECT COUNT(*) FROM secret", NOARGS, -1), 0);

	assert_int_equal(notification_unsubscribe_token(st, me, "events", token), 0);
	snprintf(prefix, sizeof prefix, "%lld.events.", me);
	assert_true(strncmp(token, prefix, strlen(prefix)) == 0);
	assert_int_equal(notification_unsubscribe_check(st, token, &id, kind, sizeof kind), OUTCOME_OK);
	assert_int_equal(id, me);
	assert_string_equal(kind, "events");
	/* The key is kept: a second token for the same pair is the same token. */
	char again[NOTIFY_TOKEN_MAX];
	assert_int_equal(notification_unsubscribe_token(st, me, "events", again), 0);
	assert_string_equal(token, again);
	assert_int_equal(store_int(st, "SELECT COUNT(*) FROM secret", NOARGS, -1), 1);

	const char *mac = token + strlen(prefix);
	char bad[NOTIFY_TOKEN_MAX + 8];
	snprintf(bad, sizeof bad, "%lld.events.%s", other, mac); /* someone else's account */
	assert_int_equal(notification_unsubscribe_check(st, bad, &id, kind, sizeof kind), OUTCOME_NOT_FOUND);
	snprintf(bad, sizeof bad, "%lld.news.%s", me, mac);      /* another kind */
	assert_int_equal(notification_unsubscribe_check(st, bad, &id, kind, sizeof kind), OUTCOME_NOT_FOUND);
	snprintf(bad, sizeof bad, "%s", token);
	bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == 'A' ? 'B' : 'A';
	assert_int_equal(notification_unsubscribe_check(st, bad, &id, kind, sizeof kind), OUTCOME_NOT_FOUND);
	snprintf(bad, sizeof bad, "%sA", token);
	assert_int_equal(notification_unsubscribe_check(st, bad, &id, kind, sizeof kind), OUTCOME_NOT_FOUND);
	snprintf(bad, sizeof bad, "0%s", token);
	assert_int_equal(notification_unsubscribe_check(st, bad, &id, kind, sizeof kind), OUTCOME_NOT_FOUND);
	assert_int_equal(notification_unsubscribe_check(st, "", &id, kind, sizeof kind), OUTCOME_NOT_FOUND);
	assert_int_equal(notification_unsubscribe_check(st, NULL, &id, kind, sizeof kind), OUTCOME_NOT_FOUND);
	assert_false(notification_unsubscribe_token(st, me, "weather", token) == 0);
	/* A valid token for an account that is gone stops nothing. */
	char gone[NOTIFY_TOKEN_MAX];
	assert_int_equal(notification_unsubscribe_token(st, other + 1000, "news", gone), 0);
	assert_int_equal(notification_unsubscribe_check(st, gone, &id, kind, sizeof kind), OUTCOME_NOT_FOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(summer_time_switches_at_one_utc_on_the_last_sundays),
		cmocka_unit_test(digest_day_turns_at_seven_local),
		cmocka_unit_test(unsubscribe_token_checks_only_as_signed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
