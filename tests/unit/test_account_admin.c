/* test_account_admin: the rules no web request can reach alone — the last enabled administrator is
 * never demoted or disabled even by another administrator's stale session — and each change is
 * audited once. */
#include "domain/account.h"
#include "domain/account_admin.h"
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
	struct store *st = temp_store_open("account-admin", dbpath);
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

static long long make(struct store *st, const char *email, enum role role)
{
	char err[256];
	long long id = account_create(st, email, "Test", "correct horse", role, 0, err, sizeof err);
	assert_true(id > 0);
	return id;
}

static long long audit_rows(struct store *st, long long id, const char *action)
{
	return store_int(st, "SELECT COUNT(*) FROM audit_log WHERE entity = 'account' AND entity_id = $1 AND action = $2",
			 ARGS(SV_I(id), SV_T(action)), -1);
}

static const char *role_of(struct store *st, long long id)
{
	static char buf[32];
	char *s = store_text(st, "SELECT role FROM account WHERE id = $1", ARGS(SV_I(id)));
	snprintf(buf, sizeof buf, "%s", s ? s : "");
	free(s);
	return buf;
}

static void last_admin_is_kept(void **state)
{
	struct store *st = *state;
	struct field_errors e = {0};
	long long only = make(st, "ensam@example.se", ROLE_ADMIN);
	/* An administrator whose account has since gone (a session outliving its row): the only
	 * enabled administrator left in the database is `only`. */
	struct account ghost = {.id = only + 1000, .role = ROLE_ADMIN};
	assert_int_equal(account_admin_update(st, &ghost, only, ROLE_COORDINATOR, 0, &e), OUTCOME_CONFLICT);
	assert_int_equal(account_admin_set_disabled(st, &ghost, only, true, &e), OUTCOME_CONFLICT);
	/* Said about the whole change, not a field. */
	assert_non_null(field_error_for(&e, NULL));
	assert_int_equal(e.items[0].field == NULL, 1);
	assert_string_equal(role_of(st, only), "admin");
	assert_int_equal(audit_rows(st, only, "role"), 0);

	/* With a second administrator, one may step the other down; then the rule holds again. */
	long long second = make(st, "andra@example.se", ROLE_ADMIN);
	struct account by = {.id = second, .role = ROLE_ADMIN};
	assert_int_equal(account_admin_update(st, &by, only, ROLE_COORDINATOR, 0, &e), OUTCOME_OK);
	assert_string_equal(role_of(st, only), "coordinator");
	assert_int_equal(audit_rows(st, only, "role"), 1);
	assert_int_equal(account_admin_set_disabled(st, &ghost, second, true, &e), OUTCOME_CONFLICT);
	/* A disabled administrator does not count as the way back in. */
	assert_int_equal(account_admin_update(st, &by, only, ROLE_ADMIN, 0, &e), OUTCOME_OK);
	assert_int_equal(account_admin_set_disabled(st, &by, only, true, &e), OUTCOME_OK);
	assert_int_equal(account_admin_update(st, &ghost, second, ROLE_PERSON, 0, &e), OUTCOME_CONFLICT);
}

static void self_and_rules(void **state)
{
	struct store *st = *state;
	struct field_errors e = {0};
	long long a = make(st, "a@example.se", ROLE_ADMIN);
	long long b = make(st, "b@example.se", ROLE_PERSON);
	struct account by = {.id = a, .role = ROLE_ADMIN};
	assert_int_equal(account_admin_update(st, &by, a, ROLE_COORDINATOR, 0, &e), OUTCOME_CONFLICT);
	assert_int_equal(account_admin_set_disabled(st, &by, a, true, &e), OUTCOME_CONFLICT);
	e = (struct field_errors){0};
	assert_int_equal(account_admin_update(st, &by, b, ROLE_OFFICIAL, 0, &e), OUTCOME_INVALID);
	assert_true(field_has_error(&e, "department"));
	assert_int_equal(account_admin_update(st, &by, b, ROLE_OFFICIAL, 424242, &e), OUTCOME_INVALID);
	assert_int_equal(account_admin_update(st, &by, 999999, ROLE_PERSON, 0, &e), OUTCOME_NOT_FOUND);
	/* Only administrators act here, whatever called the function. */
	struct account coordinator = {.id = b, .role = ROLE_COORDINATOR};
	assert_int_equal(account_admin_set_disabled(st, &coordinator, a, true, &e), OUTCOME_FORBIDDEN);
	/* Disabling ends the account's sessions and is audited once; doing it again changes nothing. */
	assert_int_equal(store_exec(st, "INSERT INTO session (token_hash, account_id, csrf_token, created_at, last_seen_at) "
					"VALUES ('h', $1, 'c', 'x', 'x')", ARGS(SV_I(b))), 1);
	assert_int_equal(account_admin_set_disabled(st, &by, b, true, &e), OUTCOME_OK);
	assert_int_equal(account_admin_set_disabled(st, &by, b, true, &e), OUTCOME_OK);
	assert_int_equal(store_int(st, "SELECT COUNT(*) FROM session WHERE account_id = $1", ARGS(SV_I(b)), -1), 0);
	assert_int_equal(audit_rows(st, b, "disable"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(last_admin_is_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(self_and_rules, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
