/* test_municipality: the profile's rules (canonical number, postcode and addresses; each field's
 * error; the licence's default) and the settings it is kept in, on a temporary database. */
#include "base/arena.h"
#include "base/i18n.h"
#include "domain/municipality.h"
#include "domain/setting.h"
#include "store/store.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "temp_store.h"
#include <string.h>

static char dbpath[64];

static int setup(void **state)
{
	struct store *st = temp_store_open("municipality", dbpath);
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

static void unset_profile_has_defaults_and_the_neutral_name(void **state)
{
	struct store *st = *state;
	struct arena a = ARENA_INIT;
	struct municipality m;
	assert_int_equal(municipality_load(st, &a, &m), OUTCOME_OK);
	assert_string_equal(m.name, "");
	assert_string_equal(m.licence, "CC0 1.0");
	assert_string_equal(m.licence_url, "https://creativecommons.org/publicdomain/zero/1.0/");
	assert_string_equal(municipality_name(st, &a), "samverkan");
	assert_null(municipality_report_href(&a, &m));
	arena_free(&a);
}

static void values_are_made_canonical(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	struct municipality m = {
		.name = " Testby\u00a0kommun ", .org_number = "2120001231", .postcode = "17892", .email = "Info@Testby.SE",
		.website = "www.testby.se", .licence = "CC0 1.0", .a11y_contact = "https://testby.se/tillganglighet",
		.a11y_reviewed = "2026-02-28", .a11y_shortcomings = "Ett\r\nTvå",
	};
	assert_true(municipality_validate(&a, &m, &e));
	assert_int_equal(e.n, 0);
	assert_string_equal(m.name, "Testby\u00a0kommun");
	assert_string_equal(m.org_number, "212000-1231");
	assert_string_equal(m.postcode, "178 92");
	assert_string_equal(m.email, "info@testby.se");
	assert_string_equal(m.website, "https://www.testby.se");
	assert_string_equal(m.a11y_shortcomings, "Ett\nTvå");
	assert_string_equal(municipality_report_href(&a, &m), "https://testby.se/tillganglighet");
	m.a11y_contact = "hjalp@testby.se";
	assert_string_equal(municipality_report_href(&a, &m), "mailto:hjalp@testby.se");
	arena_free(&a);
}

static void each_bad_field_gets_its_error(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	struct municipality m = {
		.name = "Bad\x01name", .org_number = "212000-1232", .postcode = "178", .email = "nej",
		.website = "javascript:alert(1)", .licence = "", .licence_url = "ftp://x.se", .phone = "ring mig",
		.case_prefix = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", .a11y_contact = "not a place", .a11y_reviewed = "2026-02-30",
		.a11y_shortcomings = "",
	};
	assert_false(municipality_validate(&a, &m, &e));
	static const char *const fields[] = {"name", "org_number", "postcode", "email", "website", "licence",
					     "licence_url", "phone", "case_prefix", "a11y_contact", "a11y_reviewed"};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		assert_true(field_has_error(&e, fields[i]));
	assert_false(field_has_error(&e, "street"));
	arena_free(&a);
}

static void saved_once_read_back_and_unchanged_saves_write_nothing(void **state)
{
	struct store *st = *state;
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	struct municipality m;
	assert_int_equal(municipality_load(st, &a, &m), OUTCOME_OK);
	m.name = "Testby kommun";
	m.case_prefix = "KS";
	assert_int_equal(municipality_save(st, &a, &m, 0, &e), OUTCOME_OK);
	long long audits = store_int(st, "SELECT COUNT(*) FROM audit_log WHERE action = 'municipality'", NOARGS, -1);
	assert_int_equal(audits, 1);
	struct municipality back;
	assert_int_equal(municipality_load(st, &a, &back), OUTCOME_OK);
	assert_string_equal(back.name, "Testby kommun");
	assert_string_equal(back.case_prefix, "KS");
	assert_string_equal(municipality_name(st, &a), "Testby kommun");
	assert_int_equal(municipality_save(st, &a, &back, 0, &e), OUTCOME_OK);
	assert_int_equal(store_int(st, "SELECT COUNT(*) FROM audit_log WHERE action = 'municipality'", NOARGS, -1), 1);
	const char *value = NULL;
	assert_int_equal(setting_get(st, &a, "municipality.case_prefix", &value), OUTCOME_OK);
	assert_string_equal(value, "KS");
	assert_int_equal(setting_get(st, &a, "no.such.setting", &value), OUTCOME_OK);
	assert_null(value);
	arena_free(&a);
}

int main(void)
{
	if (i18n_init() != 0)
		return 1;
	i18n_set_lang("en");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unset_profile_has_defaults_and_the_neutral_name),
		cmocka_unit_test(values_are_made_canonical),
		cmocka_unit_test(each_bad_field_gets_its_error),
		cmocka_unit_test(saved_once_read_back_and_unchanged_saves_write_nothing),
	};
	int rc = cmocka_run_group_tests(tests, setup, teardown);
	i18n_free();
	return rc;
}
