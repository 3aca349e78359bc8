/* test_taxonomy: seeding the built-in lists, districts, finding terms by code or name, names per language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/i18n.h"
#include "base/outcome.h"
#include "domain/taxonomy.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
	char path[64];
	struct store *st;
};

/* A fresh database file per test, migrated and seeded, removed afterwards with its WAL files. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->path, sizeof f->path, "/tmp/samverkan-taxonomy-XXXXXX");
	int fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	char err[256];
	f->st = store_open(f->path, err, sizeof err);
	if (!f->st || store_migrate(f->st, err, sizeof err) != 0 || taxonomy_seed(f->st) != 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->st);
	char p[80];
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	free(f);
	i18n_set_lang("sv");
	return 0;
}

static void seed_fills_the_three_built_in_lists_in_order(void **state)
{
	struct fixture *f = *state;
	struct term t[64];
	int n = taxonomy_list(f->st, TAX_LEGAL_FORM, t, 64);
	assert_int_equal(n, 7);
	assert_string_equal(t[0].code, "ideell_forening");
	assert_string_equal(t[0].name_sv, "Ideell förening");

	n = taxonomy_list(f->st, TAX_CATEGORY, t, 64);
	assert_int_equal(n, 12);
	/* ICNPO group order, not alphabetical order of the codes (icnpo10 would come before icnpo2). */
	for (int i = 0; i < n; i++) {
		char want[24];
		snprintf(want, sizeof want, "icnpo%d", i + 1);
		assert_string_equal(t[i].code, want);
	}
	assert_string_equal(t[0].name_sv, "Rekreation och kultur");
	assert_string_equal(t[0].name_en, "Culture and recreation");

	n = taxonomy_list(f->st, TAX_TARGET_GROUP, t, 64);
	assert_true(n >= 10);
	bool alla = false;
	for (int i = 0; i < n; i++)
		alla |= strcmp(t[i].code, "alla") == 0;
	assert_true(alla);

	/* Districts are the municipality's own: none until it adds them. */
	assert_int_equal(taxonomy_list(f->st, TAX_DISTRICT, t, 64), 0);
}

static void list_stops_at_max(void **state)
{
	struct fixture *f = *state;
	struct term t[3];
	assert_int_equal(taxonomy_list(f->st, TAX_CATEGORY, t, 3), 3);
	assert_string_equal(t[2].code, "icnpo3");
}

static void seed_again_restores_names_without_duplicates(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_exec(f->st, "UPDATE category SET name_sv = 'fel' WHERE code = 'icnpo5'", NOARGS), 1);
	assert_int_equal(taxonomy_seed(f->st), 0);
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM category", NOARGS, -1), 12);
	char *name = store_text(f->st, "SELECT name_sv FROM category WHERE code = 'icnpo5'", NOARGS);
	assert_non_null(name);
	assert_string_equal(name, "Miljö och djurskydd");
	free(name);
}

static void districts_keep_the_order_they_were_added_in_and_can_be_renamed(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(taxonomy_put_district(f->st, "munso", "Munsö", "Munsö"), 0);
	assert_int_equal(taxonomy_put_district(f->st, "adelso", "Adelsö", "Adelsö"), 0);
	assert_int_equal(taxonomy_put_district(f->st, "ekeron", "Ekerön", NULL), 0);
	assert_int_equal(taxonomy_put_district(f->st, "munso", "Munsö (norra)", "Munsö (north)"), 0);
	struct term t[8];
	assert_int_equal(taxonomy_list(f->st, TAX_DISTRICT, t, 8), 3);
	assert_string_equal(t[0].code, "munso");
	assert_string_equal(t[0].name_sv, "Munsö (norra)");
	assert_string_equal(t[0].name_en, "Munsö (north)");
	assert_string_equal(t[1].code, "adelso");
	assert_string_equal(t[2].code, "ekeron");
	assert_string_equal(t[2].name_en, "Ekerön"); /* no English name: the Swedish one */
	assert_int_equal(taxonomy_put_district(f->st, "", "Tom", "Empty"), -1);
}

static void resolve(struct fixture *f, enum taxonomy t, const char *in, const char *want)
{
	char code[32] = "";
	if (!taxonomy_resolve(f->st, t, in, code))
		fail_msg("\"%s\" not found, wanted %s", in, want);
	if (strcmp(code, want) != 0)
		fail_msg("\"%s\" gave %s, wanted %s", in, code, want);
}

static void resolve_finds_code_or_either_name_ignoring_case_and_spaces(void **state)
{
	struct fixture *f = *state;
	resolve(f, TAX_CATEGORY, "icnpo3", "icnpo3");
	resolve(f, TAX_CATEGORY, "ICNPO3", "icnpo3");
	resolve(f, TAX_CATEGORY, "Hälsa", "icnpo3");
	resolve(f, TAX_CATEGORY, "HÄLSA", "icnpo3");
	resolve(f, TAX_CATEGORY, "  hälsa  ", "icnpo3");
	resolve(f, TAX_CATEGORY, "health", "icnpo3");
	resolve(f, TAX_CATEGORY, "MILJÖ", "icnpo5");
	resolve(f, TAX_CATEGORY, "social SERVICES", "icnpo4");
	resolve(f, TAX_TARGET_GROUP, "ÄLDRE", "aldre");
	resolve(f, TAX_TARGET_GROUP, "Older people", "aldre");
	resolve(f, TAX_TARGET_GROUP, "NYANLÄNDA", "nyanlanda");
	resolve(f, TAX_LEGAL_FORM, "informell grupp eller  nätverk", "informell_grupp");
	resolve(f, TAX_LEGAL_FORM, "IDEELL FÖRENING", "ideell_forening");
	taxonomy_put_district(f->st, "cafe_oster", "Café Öster", "Café Öster");
	taxonomy_put_district(f->st, "angso", "Ängsö", "Ängsö");
	resolve(f, TAX_DISTRICT, "CAFÉ ÖSTER", "cafe_oster");
	resolve(f, TAX_DISTRICT, "ÄNGSÖ", "angso");
}

static void resolve_refuses_unknown_and_empty(void **state)
{
	struct fixture *f = *state;
	char code[32] = "untouched";
	assert_false(taxonomy_resolve(f->st, TAX_CATEGORY, "bowling", code));
	assert_false(taxonomy_resolve(f->st, TAX_CATEGORY, "", code));
	assert_false(taxonomy_resolve(f->st, TAX_CATEGORY, "   ", code));
	assert_false(taxonomy_resolve(f->st, TAX_CATEGORY, NULL, code));
	/* A term of another list is not a term of this one. */
	assert_false(taxonomy_resolve(f->st, TAX_CATEGORY, "aldre", code));
	/* Ö and O are different letters in Swedish. */
	assert_false(taxonomy_resolve(f->st, TAX_CATEGORY, "Miljo", code));
	assert_string_equal(code, "untouched");
}

static void term_name_follows_the_language(void **state)
{
	struct term t = {.code = "aldre", .name_sv = "Äldre", .name_en = "Older people"};
	i18n_set_lang("sv");
	assert_string_equal(term_name(&t), "Äldre");
	i18n_set_lang("en");
	assert_string_equal(term_name(&t), "Older people");
	struct term bare = {.code = "x"};
	assert_string_equal(term_name(&bare), "x");
}

static void key_ignores_case_punctuation_spacing_and_joining_words(void **state)
{
	(void)state;
	char a[128], b[128];
	assert_true(taxonomy_key("informell grupp/nätverk", a, sizeof a));
	assert_true(taxonomy_key("Informell grupp eller nätverk", b, sizeof b));
	assert_string_equal(a, b);
	assert_string_equal(a, "informellgruppnätverk");
	assert_true(taxonomy_key("KULTUR & FRITID", a, sizeof a));
	assert_true(taxonomy_key("Kultur och fritid", b, sizeof b));
	assert_string_equal(a, b);
	/* "Ö" typed as O and a combining diaeresis is the same letter. */
	assert_true(taxonomy_key("O\xcc\x88vrigt", a, sizeof a));
	assert_string_equal(a, "övrigt");
	/* A word that only contains "och" is kept. */
	assert_true(taxonomy_key("Kochklubb", a, sizeof a));
	assert_string_equal(a, "kochklubb");
	assert_false(taxonomy_key("\xff", a, sizeof a));
}

static void resolve_understands_seeded_and_added_aliases(void **state)
{
	struct fixture *f = *state;
	char code[32];
	assert_true(taxonomy_resolve(f->st, TAX_LEGAL_FORM, "informell grupp/nätverk", code));
	assert_string_equal(code, "informell_grupp");
	assert_true(taxonomy_resolve(f->st, TAX_LEGAL_FORM, "Ideell förening (IF)", code));
	assert_string_equal(code, "ideell_forening");
	assert_true(taxonomy_resolve(f->st, TAX_CATEGORY, "idrott", code));
	assert_string_equal(code, "icnpo1");
	assert_false(taxonomy_resolve(f->st, TAX_CATEGORY, "Pensionärsorganisation", code));

	struct field_errors e = {0};
	assert_int_equal(taxonomy_alias_add(f->st, TAX_CATEGORY, "icnpo4", "Pensionärsorganisation", 0, &e), OUTCOME_OK);
	assert_true(taxonomy_resolve(f->st, TAX_CATEGORY, "pensionärs-organisation", code));
	assert_string_equal(code, "icnpo4");
	/* Again for the same term is fine; for another term it is a conflict; no such term, not found. */
	assert_int_equal(taxonomy_alias_add(f->st, TAX_CATEGORY, "icnpo4", "PENSIONÄRSORGANISATION", 0, &e), OUTCOME_OK);
	assert_int_equal(taxonomy_alias_add(f->st, TAX_CATEGORY, "icnpo5", "Pensionärsorganisation", 0, &e),
			 OUTCOME_CONFLICT);
	assert_int_equal(taxonomy_alias_add(f->st, TAX_CATEGORY, "icnpo4", "Miljö", 0, &e), OUTCOME_CONFLICT);
	assert_int_equal(taxonomy_alias_add(f->st, TAX_CATEGORY, "icnpo99", "Något", 0, &e), OUTCOME_NOT_FOUND);
	struct field_errors e2 = {0};
	assert_int_equal(taxonomy_alias_add(f->st, TAX_CATEGORY, "icnpo4", " / ", 0, &e2), OUTCOME_INVALID);
	/* Seeding again keeps the municipality's aliases. */
	assert_int_equal(taxonomy_seed(f->st), 0);
	assert_true(taxonomy_resolve(f->st, TAX_CATEGORY, "Pensionärsorganisation", code));
}

static void suggest_names_the_closest_terms(void **state)
{
	struct fixture *f = *state;
	struct term t[3];
	int n = taxonomy_suggest(f->st, TAX_LEGAL_FORM, "Ideel forening", t, 3);
	assert_true(n >= 1);
	assert_string_equal(t[0].code, "ideell_forening");
	n = taxonomy_suggest(f->st, TAX_CATEGORY, "Idrot", t, 3);
	assert_true(n >= 1);
	assert_string_equal(t[0].code, "icnpo1");
	assert_int_equal(taxonomy_suggest(f->st, TAX_CATEGORY, "xyzzyqwerty", t, 3), 0);
}

static void postcodes_place_an_address_in_a_district(void **state)
{
	struct fixture *f = *state;
	char pc[6], code[32];
	assert_true(postcode_normalise("178 92", pc));
	assert_string_equal(pc, "17892");
	assert_true(postcode_normalise("SE-178 93", pc));
	assert_string_equal(pc, "17893");
	assert_false(postcode_normalise("1789", pc));
	assert_false(postcode_normalise("178 923", pc));
	assert_false(postcode_normalise("ABC 12", pc));
	assert_int_equal(taxonomy_put_district(f->st, "adelso", "Adelsö", NULL), 0);
	assert_true(store_exec(f->st, "INSERT INTO district_postcode (postcode, district_code) VALUES ('17892', 'adelso')",
			       NOARGS) == 1);
	assert_true(taxonomy_district_of_postcode(f->st, "178 92", code));
	assert_string_equal(code, "adelso");
	assert_false(taxonomy_district_of_postcode(f->st, "178 93", code));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(seed_fills_the_three_built_in_lists_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(list_stops_at_max, setup, teardown),
		cmocka_unit_test_setup_teardown(seed_again_restores_names_without_duplicates, setup, teardown),
		cmocka_unit_test_setup_teardown(districts_keep_the_order_they_were_added_in_and_can_be_renamed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(resolve_finds_code_or_either_name_ignoring_case_and_spaces, setup,
						teardown),
		cmocka_unit_test_setup_teardown(resolve_refuses_unknown_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(term_name_follows_the_language, setup, teardown),
		cmocka_unit_test(key_ignores_case_punctuation_spacing_and_joining_words),
		cmocka_unit_test_setup_teardown(resolve_understands_seeded_and_added_aliases, setup, teardown),
		cmocka_unit_test_setup_teardown(suggest_names_the_closest_terms, setup, teardown),
		cmocka_unit_test_setup_teardown(postcodes_place_an_address_in_a_district, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
