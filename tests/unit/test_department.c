/* test_department: the municipality's units — a merge moves every dialogue, submission and official
 * and the departments merged earlier, in one audited transaction, and is for good; codes are unique
 * ignoring case; a committee named on the command line is found or made; a district's postcodes
 * place an organisation until the district is retired. On both stores (temp_store.h). */
#include "domain/account.h"
#include "domain/department.h"
#include "domain/district.h"
#include "domain/organisation.h"
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
	struct store *st = temp_store_open("department", dbpath);
	if (!st || taxonomy_seed(st) != 0)
		return -1;
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	temp_store_close(*state, dbpath);
	return 0;
}

static long long add_department(struct store *st, const char *code, const char *name)
{
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	struct department_input in = {.code = code, .name = name, .contact_email = ""};
	long long id = 0;
	assert_int_equal(department_save(st, &a, 0, &in, 0, &id, &e), OUTCOME_OK);
	arena_free(&a);
	return id;
}

static void add_work(struct store *st, long long department, int dialogues, int submissions, int officials)
{
	static int n;
	for (int i = 0; i < dialogues; i++)
		assert_true(store_exec(st,
				       "INSERT INTO dialogue (title, question, department_id, skr_level, coe_level, decision_stage, "
				       "created_at, updated_at) VALUES ('Dialog', 'Fråga?', $1, 'dialog', 'dialogue', 'drafting', "
				       "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
				       ARGS(SV_I(department))) == 1);
	for (int i = 0; i < submissions; i++)
		assert_true(store_exec(st,
				       "INSERT INTO submission (department_id, kind, title, body, received_at, received_on, "
				       "acknowledge_due, answer_due, updated_at) VALUES ($1, 'view', 'Synpunkt', 'Text', "
				       "'2026-01-01T00:00:00Z', '2026-01-01', '2026-01-05', '2026-01-30', '2026-01-01T00:00:00Z')",
				       ARGS(SV_I(department))) == 1);
	for (int i = 0; i < officials; i++) {
		char email[64], err[256];
		snprintf(email, sizeof email, "official-%d@exempel.se", ++n);
		assert_true(account_create(st, email, "Tjänsteperson", "correct horse", ROLE_OFFICIAL, department, err,
					   sizeof err) > 0);
	}
}

static long long count(struct store *st, const char *table, long long department)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE department_id = $1", table);
	return store_int(st, sql, ARGS(SV_I(department)), -1);
}

static void a_merge_moves_everything_and_is_for_good(void **state)
{
	struct store *st = *state;
	long long a = add_department(st, "merge-a", "Förvaltning A");
	long long b = add_department(st, "merge-b", "Förvaltning B");
	long long older = add_department(st, "merge-old", "Förvaltning som gick upp i A");
	add_work(st, a, 3, 5, 2);
	add_work(st, b, 1, 1, 1);
	struct field_errors e = {0};
	assert_int_equal(department_merge(st, older, a, 0, NULL, &e), OUTCOME_OK);

	struct department moved;
	assert_int_equal(department_merge(st, a, b, 7, &moved, &e), OUTCOME_OK);
	assert_int_equal(moved.dialogues, 3);
	assert_int_equal(moved.submissions, 5);
	assert_int_equal(moved.officials, 2);
	assert_int_equal(count(st, "dialogue", a), 0);
	assert_int_equal(count(st, "submission", a), 0);
	assert_int_equal(count(st, "account", a), 0);
	assert_int_equal(count(st, "dialogue", b), 4);
	assert_int_equal(count(st, "submission", b), 6);
	assert_int_equal(count(st, "account", b), 3);
	/* A chain of merges ends in the department in use. */
	assert_int_equal(store_int(st, "SELECT merged_into FROM department WHERE id = $1", ARGS(SV_I(older)), -1), b);
	struct arena ar = ARENA_INIT;
	struct department d;
	assert_int_equal(department_load(st, &ar, a, &d), OUTCOME_OK);
	assert_true(d.retired);
	assert_int_equal(d.merged_into, b);
	char *detail = store_text(st,
				  "SELECT detail FROM audit_log WHERE entity = 'department' AND entity_id = $1 AND action = 'merge' "
				  "AND account_id = 7",
				  ARGS(SV_I(a)));
	assert_non_null(detail);
	char want[160];
	snprintf(want, sizeof want, "{\"dialogues\":3,\"into\":%lld,\"into_code\":\"merge-b\",\"officials\":2,\"submissions\":5}", b);
	assert_string_equal(detail, want);
	free(detail);

	/* Merged is for good: not again, not back into use, and nothing merges into it. */
	struct field_errors e2 = {0};
	assert_int_equal(department_merge(st, a, b, 0, NULL, &e2), OUTCOME_CONFLICT);
	struct field_errors e3 = {0};
	assert_int_equal(department_set_retired(st, a, false, 0, &e3), OUTCOME_CONFLICT);
	struct field_errors e4 = {0};
	assert_int_equal(department_merge(st, b, a, 0, NULL, &e4), OUTCOME_INVALID);
	assert_string_equal(field_error_for(&e4, "into"), "Choose another department that is in use to merge into.");
	struct field_errors e5 = {0};
	assert_int_equal(department_merge(st, b, b, 0, NULL, &e5), OUTCOME_INVALID);
	assert_int_equal(department_merge(st, 999999, b, 0, NULL, &e5), OUTCOME_NOT_FOUND);
	assert_int_equal(count(st, "dialogue", b), 4);
	arena_free(&ar);
}

static void codes_are_checked_and_unique_ignoring_case(void **state)
{
	struct store *st = *state;
	add_department(st, "Unik-1", "Unik");
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	struct department_input in = {.code = "UNIK-1", .name = " Annan ", .contact_email = "fel"};
	assert_int_equal(department_save(st, &a, 0, &in, 0, NULL, &e), OUTCOME_INVALID);
	assert_string_equal(field_error_for(&e, "contact_email"), "Enter a valid e-mail address, like name@example.se.");
	struct field_errors e2 = {0};
	in.contact_email = "info@exempel.se";
	assert_int_equal(department_save(st, &a, 0, &in, 0, NULL, &e2), OUTCOME_INVALID);
	assert_string_equal(field_error_for(&e2, "code"), "Another department already has this code; choose another.");
	assert_string_equal(in.name, "Annan"); /* the text contract trimmed it */
	assert_false(unit_code_valid("-x"));
	assert_false(unit_code_valid("a b"));
	assert_false(unit_code_valid("å"));
	assert_false(unit_code_valid(""));
	assert_true(unit_code_valid("KFN-2"));
	char code[UNIT_CODE_MAX + 1];
	unit_code_from_name("  Kultur- och fritidsnämnden ", code);
	assert_string_equal(code, "kultur-och-fritidsnamnden");
	unit_code_from_name("Östra Ängö / Éle", code);
	assert_string_equal(code, "ostra-ango-ele");
	arena_free(&a);
}

static void a_committee_by_name_is_found_or_made(void **state)
{
	struct store *st = *state;
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	long long first = 0, again = 0, other = 0;
	assert_int_equal(committee_find_or_create(st, &a, "Socialnämnden", 0, &first, &e), OUTCOME_OK);
	assert_int_equal(committee_find_or_create(st, &a, " SOCIALNÄMNDEN", 0, &again, &e), OUTCOME_OK);
	assert_int_equal(first, again);
	/* Another name that makes the same code gets a numbered one. */
	assert_int_equal(committee_find_or_create(st, &a, "Socialnamnden", 0, &other, &e), OUTCOME_OK);
	assert_true(other != first);
	char *code = store_text(st, "SELECT code FROM committee WHERE id = $1", ARGS(SV_I(other)));
	assert_string_equal(code, "socialnamnden-2");
	free(code);
	assert_int_equal(committee_set_retired(st, first, true, 0, &e), OUTCOME_OK);
	struct field_errors e2 = {0};
	assert_int_equal(committee_find_or_create(st, &a, "Socialnämnden", 0, &again, &e2), OUTCOME_CONFLICT);
	arena_free(&a);
}

static void postcodes_place_organisations_until_the_district_retires(void **state)
{
	struct store *st = *state;
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	char code[33];
	struct district_input in = {.code = "", .name_sv = "Ängsö", .name_en = "", .postcodes = "189 91; SE-189 92"};
	assert_int_equal(district_save(st, &a, NULL, &in, 0, code, &e), OUTCOME_OK);
	assert_string_equal(code, "angso");
	struct district d;
	assert_int_equal(district_load(st, &a, "angso", &d), OUTCOME_OK);
	assert_string_equal(d.postcodes, "189 91, 189 92");
	assert_string_equal(d.name_en, "Ängsö");
	char found[32];
	assert_true(taxonomy_district_of_postcode(st, "18992", found));
	assert_string_equal(found, "angso");

	struct organisation o = {.name = "Ängsö hembygdsförening", .legal_form = "ideell_forening", .org_number = "",
				 .postcode = "189 92", .public = true};
	struct field_errors oe = {0};
	assert_int_equal(organisation_validate(st, &a, &o, &oe), OUTCOME_OK);
	assert_int_equal(oe.n, 0);
	assert_int_equal(o.ndistricts, 1);
	assert_string_equal(o.districts[0], "angso");

	/* Another district may not take its postcodes; a retired one places nobody. */
	struct field_errors e2 = {0};
	struct district_input other = {.code = "", .name_sv = "Ängsö", .name_en = "", .postcodes = "189 93, 189 91"};
	assert_int_equal(district_save(st, &a, NULL, &other, 0, code, &e2), OUTCOME_INVALID);
	assert_string_equal(field_error_for(&e2, "postcodes"),
			    "The postcode 189 91 is already in the district Ängsö; remove it there first.");
	assert_int_equal(district_set_retired(st, "angso", true, 0, &e), OUTCOME_OK);
	assert_false(taxonomy_district_of_postcode(st, "18992", found));
	struct term t[16];
	int n = taxonomy_list(st, TAX_DISTRICT, t, 16);
	for (int i = 0; i < n; i++)
		assert_string_not_equal(t[i].code, "angso"); /* no organisation has it: not listed */
	arena_free(&a);
}

static void aliases_are_listed_and_removed(void **state)
{
	struct store *st = *state;
	struct field_errors e = {0};
	assert_int_equal(taxonomy_alias_add(st, TAX_TARGET_GROUP, "aldre", "  Pensionärer 65+ ", 3, &e), OUTCOME_OK);
	struct term_alias al[200];
	int n = taxonomy_alias_list(st, TAX_TARGET_GROUP, al, 200);
	bool seen = false;
	for (int i = 0; i < n; i++)
		seen |= strcmp(al[i].alias, "Pensionärer 65+") == 0 && strcmp(al[i].term_code, "aldre") == 0;
	assert_true(seen);
	char code[32];
	assert_true(taxonomy_resolve(st, TAX_TARGET_GROUP, "pensionärer 65", code));
	assert_int_equal(taxonomy_alias_remove(st, TAX_TARGET_GROUP, "PENSIONÄRER 65+", 3), OUTCOME_OK);
	assert_false(taxonomy_resolve(st, TAX_TARGET_GROUP, "pensionärer 65", code));
	assert_int_equal(taxonomy_alias_remove(st, TAX_TARGET_GROUP, "Pensionärer 65+", 3), OUTCOME_NOT_FOUND);
	assert_int_equal(store_int(st, "SELECT COUNT(*) FROM audit_log WHERE entity = 'term_alias' AND account_id = 3",
				   NOARGS, -1),
			 2);
	/* The old names of the ICNPO groups still find them. */
	assert_true(taxonomy_resolve(st, TAX_CATEGORY, "Kultur och fritid", code));
	assert_string_equal(code, "icnpo1");
	assert_true(taxonomy_resolve(st, TAX_CATEGORY, "Social trygghet", code));
	assert_string_equal(code, "icnpo4");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_merge_moves_everything_and_is_for_good),
		cmocka_unit_test(codes_are_checked_and_unique_ignoring_case),
		cmocka_unit_test(a_committee_by_name_is_found_or_made),
		cmocka_unit_test(postcodes_place_organisations_until_the_district_retires),
		cmocka_unit_test(aliases_are_listed_and_removed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
