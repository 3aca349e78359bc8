/* test_session: sessions store only a hash of the token, expire when idle or old, and CSRF
 * tokens compare exactly. */
#include "domain/account.h"
#include "domain/session.h"
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
	struct store *st = temp_store_open("session", dbpath);
	if (!st)
		return -1;
	*state = st;
	setenv("SAMVERKAN_NOW", "2026-03-02T10:00:00Z", 1);
	return 0;
}

static int teardown(void **state)
{
	temp_store_close(*state, dbpath);
	unsetenv("SAMVERKAN_NOW");
	return 0;
}

static long long make_account(struct store *st, const char *email)
{
	char err[256];
	long long id = account_create(st, email, "Test Person", "correct horse", ROLE_OFFICIAL, 0, err, sizeof err);
	assert_true(id > 0);
	return id;
}

static void token_is_hashed_and_found(void **state)
{
	struct store *st = *state;
	long long id = make_account(st, "a@example.se");
	char token[SESSION_TOKEN_LEN + 1], csrf[SESSION_TOKEN_LEN + 1];
	assert_int_equal(session_create(st, id, token, csrf), 0);
	assert_int_equal(strlen(token), SESSION_TOKEN_LEN);
	/* The token itself is nowhere in the database. */
	assert_int_equal(store_int(st, "SELECT COUNT(*) FROM session WHERE token_hash = $1", ARGS(SV_T(token)), 0), 0);
	struct account acc;
	char got_csrf[SESSION_TOKEN_LEN + 1];
	assert_true(session_lookup(st, token, &acc, got_csrf));
	assert_int_equal(acc.id, id);
	assert_string_equal(got_csrf, csrf);
	assert_string_not_equal(token, csrf);
	token[0] = token[0] == 'A' ? 'B' : 'A';
	assert_false(session_lookup(st, token, &acc, got_csrf));
}

static void idle_and_absolute_expiry(void **state)
{
	struct store *st = *state;
	long long id = make_account(st, "b@example.se");
	char token[SESSION_TOKEN_LEN + 1], csrf[SESSION_TOKEN_LEN + 1];
	struct account acc;
	assert_int_equal(session_create(st, id, token, csrf), 0);
	setenv("SAMVERKAN_NOW", "2026-03-02T11:30:00Z", 1); /* 1.5 h later: still alive, touched */
	assert_true(session_lookup(st, token, &acc, csrf));
	setenv("SAMVERKAN_NOW", "2026-03-02T14:00:00Z", 1); /* 2.5 h after the last use: idle */
	assert_false(session_lookup(st, token, &acc, csrf));
	/* Used every hour, a session still ends 12 hours after it began. */
	setenv("SAMVERKAN_NOW", "2026-03-02T10:00:00Z", 1);
	assert_int_equal(session_create(st, id, token, csrf), 0);
	for (int h = 1; h <= 11; h++) {
		char now[32];
		snprintf(now, sizeof now, "2026-03-02T%02d:00:00Z", 10 + h);
		setenv("SAMVERKAN_NOW", now, 1);
		assert_true(session_lookup(st, token, &acc, csrf));
	}
	setenv("SAMVERKAN_NOW", "2026-03-02T22:30:00Z", 1);
	assert_false(session_lookup(st, token, &acc, csrf));
	setenv("SAMVERKAN_NOW", "2026-03-02T10:00:00Z", 1);
}

static void destroy_ends_session(void **state)
{
	struct store *st = *state;
	long long id = make_account(st, "c@example.se");
	char token[SESSION_TOKEN_LEN + 1], csrf[SESSION_TOKEN_LEN + 1];
	struct account acc;
	assert_int_equal(session_create(st, id, token, csrf), 0);
	session_destroy(st, token);
	assert_false(session_lookup(st, token, &acc, csrf));
}

static void csrf_compare(void **state)
{
	assert_true(token_equal("abcDEF123", "abcDEF123"));
	assert_false(token_equal("abcDEF123", "abcDEF124"));
	assert_false(token_equal("abcDEF123", "abcDEF12"));
	assert_false(token_equal("", ""));
	assert_false(token_equal(NULL, "x"));
}

static void passwords_and_throttle(void **state)
{
	struct store *st = *state;
	long long id = make_account(st, "D@Example.se ");
	assert_int_equal(account_authenticate(st, "d@example.se", "correct horse"), id);
	assert_int_equal(account_authenticate(st, "d@example.se", "wrong horse"), 0);
	assert_int_equal(account_authenticate(st, "nobody@example.se", "correct horse"), 0);
	char hash[200] = "";
	struct cursor *c = store_query(st, "SELECT password_hash FROM account WHERE id = $1", ARGS(SV_I(id)));
	assert_true(cursor_next(c));
	snprintf(hash, sizeof hash, "%s", cursor_text(c, 0));
	cursor_close(c);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	for (int i = 0; i < 4; i++)
		login_failed(st, "email:d@example.se");
	assert_false(login_throttled(st, "email:d@example.se", 5));
	login_failed(st, "email:d@example.se");
	assert_true(login_throttled(st, "email:d@example.se", 5));
	assert_false(login_throttled(st, "email:other@example.se", 5));
	setenv("SAMVERKAN_NOW", "2026-03-02T10:16:00Z", 1);
	assert_false(login_throttled(st, "email:d@example.se", 5));
	setenv("SAMVERKAN_NOW", "2026-03-02T10:00:00Z", 1);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(token_is_hashed_and_found), cmocka_unit_test(idle_and_absolute_expiry),
		cmocka_unit_test(destroy_ends_session),      cmocka_unit_test(csrf_compare),
		cmocka_unit_test(passwords_and_throttle),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
