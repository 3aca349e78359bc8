/* test_account_token: one-time tokens live exactly as long as their purpose allows, work once, only
 * for their purpose, only untampered, and are stored as hashes; plus the rules for what people type
 * at sign-up. */
#include "domain/account.h"
#include "domain/account_token.h"
#include "domain/session.h"
#include "store/store.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "temp_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dbpath[64];

static int setup(void **state)
{
	struct store *st = temp_store_open("token", dbpath);
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
	long long id = account_create(st, email, "Test Person", "correct horse", ROLE_PERSON, 0, err, sizeof err);
	assert_true(id > 0);
	return id;
}

/* A refused token: unknown ones are not found, used, expired and taken ones conflict, and the
 * token says which. */
static void refused(enum outcome got, const struct account_token *t, enum token_problem why)
{
	assert_int_equal(got, why == TOKEN_UNKNOWN ? OUTCOME_NOT_FOUND : OUTCOME_CONFLICT);
	assert_int_equal(t->problem, why);
}

static void test_expires_after_its_lifetime(void **state)
{
	struct store *st = *state;
	long long id = make_account(st, "expiry@exempel.se");
	static const struct {
		enum token_purpose purpose;
		const char *last_good, *first_bad;
	} cases[] = {
		{TOKEN_RESET, "2026-03-02T10:59:59Z", "2026-03-02T11:00:00Z"},
		{TOKEN_VERIFY, "2026-03-04T09:59:59Z", "2026-03-04T10:00:00Z"},
		{TOKEN_EMAIL, "2026-03-03T09:59:59Z", "2026-03-03T10:00:00Z"},
		{TOKEN_INVITE, "2026-03-16T09:59:59Z", "2026-03-16T10:00:00Z"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char token[ACCOUNT_TOKEN_LEN + 1];
		struct account_token t;
		setenv("SAMVERKAN_NOW", "2026-03-02T10:00:00Z", 1);
		assert_true(account_token_create(st, cases[i].purpose, id, "ny@exempel.se", 0, token) > 0);
		setenv("SAMVERKAN_NOW", cases[i].last_good, 1);
		assert_int_equal(account_token_check(st, token, cases[i].purpose, &t), OUTCOME_OK);
		assert_int_equal(t.account_id, id);
		setenv("SAMVERKAN_NOW", cases[i].first_bad, 1);
		refused(account_token_check(st, token, cases[i].purpose, &t), &t, TOKEN_EXPIRED);
		refused(account_token_consume(st, token, cases[i].purpose, &t), &t, TOKEN_EXPIRED);
	}
}

static void test_single_use_right_purpose_untampered(void **state)
{
	struct store *st = *state;
	long long id = make_account(st, "once@exempel.se");
	char token[ACCOUNT_TOKEN_LEN + 1], hash[65];
	struct account_token t;
	assert_true(account_token_create(st, TOKEN_RESET, id, NULL, 0, token) > 0);
	assert_int_equal(strlen(token), ACCOUNT_TOKEN_LEN);

	/* Only the hash is stored. */
	token_hash(token, hash);
	assert_int_equal(store_int(st, "SELECT COUNT(*) FROM account_token WHERE token_hash = $1", ARGS(SV_T(hash)), -1), 1);
	assert_int_equal(store_int(st, "SELECT COUNT(*) FROM account_token WHERE token_hash = $1 OR email = $1",
				   ARGS(SV_T(token)), -1), 0);

	char bad[ACCOUNT_TOKEN_LEN + 2];
	snprintf(bad, sizeof bad, "%s", token);
	bad[10] = bad[10] == 'A' ? 'B' : 'A';
	refused(account_token_consume(st, bad, TOKEN_RESET, &t), &t, TOKEN_UNKNOWN);
	refused(account_token_consume(st, "", TOKEN_RESET, &t), &t, TOKEN_UNKNOWN);
	refused(account_token_consume(st, NULL, TOKEN_RESET, &t), &t, TOKEN_UNKNOWN);
	snprintf(bad, sizeof bad, "%s=", token);
	refused(account_token_consume(st, bad, TOKEN_RESET, &t), &t, TOKEN_UNKNOWN);

	/* Another purpose does not use it up. */
	refused(account_token_consume(st, token, TOKEN_VERIFY, &t), &t, TOKEN_UNKNOWN);
	refused(account_token_consume(st, token, TOKEN_EMAIL, &t), &t, TOKEN_UNKNOWN);
	assert_int_equal(account_token_consume(st, token, TOKEN_RESET, &t), OUTCOME_OK);
	assert_int_equal(t.account_id, id);
	refused(account_token_consume(st, token, TOKEN_RESET, &t), &t, TOKEN_USED);
	refused(account_token_check(st, token, TOKEN_RESET, &t), &t, TOKEN_USED);
}

static void test_email_token_only_latest_and_only_while_free(void **state)
{
	struct store *st = *state;
	long long id = make_account(st, "mover@exempel.se");
	char first[ACCOUNT_TOKEN_LEN + 1], second[ACCOUNT_TOKEN_LEN + 1];
	struct account_token t;
	assert_true(account_token_create(st, TOKEN_EMAIL, id, "first@exempel.se", 0, first) > 0);
	assert_true(account_token_create(st, TOKEN_EMAIL, id, "second@exempel.se", 0, second) > 0);
	refused(account_token_check(st, first, TOKEN_EMAIL, &t), &t, TOKEN_USED);
	assert_int_equal(account_token_check(st, second, TOKEN_EMAIL, &t), OUTCOME_OK);
	assert_string_equal(t.email, "second@exempel.se");
	make_account(st, "second@exempel.se");
	refused(account_token_consume(st, second, TOKEN_EMAIL, &t), &t, TOKEN_ADDRESS_TAKEN);
}

static void test_rules_for_what_people_type(void **state)
{
	(void)state;
	assert_null(account_email_problem("anna@exempel.se"));
	assert_null(account_email_problem("  Anna.Berg+samverkan@Kommun.Exempel.SE "));
	assert_null(account_email_problem("åsa@exempel.se"));
	const char *bad_emails[] = {"", "anna", "anna@", "@exempel.se", "anna@exempel", "anna@@exempel.se",
				    "an na@exempel.se", "anna@exempel..se", "anna@.exempel.se", "<anna@exempel.se>",
				    "anna@exempel.se\r\nBcc: x@y.se"};
	for (size_t i = 0; i < sizeof bad_emails / sizeof bad_emails[0]; i++)
		assert_non_null(account_email_problem(bad_emails[i]));

	assert_null(account_password_problem("åäöåäöåä"));    /* eight characters, sixteen bytes */
	assert_non_null(account_password_problem("åäöåäöå")); /* seven */
	assert_non_null(account_password_problem("        \t "));
	assert_non_null(account_password_problem(""));
	assert_non_null(account_password_problem(NULL));
	char longpw[ACCOUNT_PASSWORD_MAX + 2];
	memset(longpw, 'x', sizeof longpw - 1);
	longpw[sizeof longpw - 1] = 0;
	assert_non_null(account_password_problem(longpw));

	/* The name's text contract: trimmed (a no-break space too), one line, no C1 control. */
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	const char *name = "\xc2\xa0 Åsa Öst\xc2\xa0";
	assert_true(account_name_field(&e, &a, &name));
	assert_string_equal(name, "Åsa Öst");
	static const char *const bad[] = {"   ", "Åsa\nÖst", "Åsa\xc2\x85Öst", "Åsa\xc2\x9bÖst", "Åsa\xef\xbf\xbdÖst"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		e = (struct field_errors){0};
		name = bad[i];
		assert_false(account_name_field(&e, &a, &name));
		assert_true(field_has_error(&e, "name"));
	}
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_expires_after_its_lifetime, setup, teardown),
		cmocka_unit_test_setup_teardown(test_single_use_right_purpose_untampered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_email_token_only_latest_and_only_while_free, setup, teardown),
		cmocka_unit_test(test_rules_for_what_people_type),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
