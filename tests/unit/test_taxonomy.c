/* test_taxonomy: seeding the built-in lists, districts, finding terms by code or name, names per language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/i18n.h"
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
	assert_string_equal(t[0].name_sv, "Kultur och fritid");
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
	assert_string_equal(name, "Miljö");
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
	struct term t = {"aldre", "Äldre", "Older people"};
	i18n_set_lang("sv");
	assert_string_equal(term_name(&t), "Äldre");
	i18n_set_lang("en");
	assert_string_equal(term_name(&t), "Older people");
	struct term bare = {"x", "", ""};
	assert_string_equal(term_name(&bare), "x");
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
