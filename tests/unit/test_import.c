/* Tests for organisation_import: the sample files in tests/data into a fresh SQLite database —
 * names resolved, line numbers reported, all or nothing, re-import updates — and the public export. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/organisation_import.h"
#include "domain/taxonomy.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Run from the top of the source tree, as `make check-unit` does. */
#define DATA "tests/data/"

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/samverkan-test-import-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	char err[256];
	f->st = store_open(f->path, err, sizeof err);
	if (!f->st || store_migrate(f->st, err, sizeof err) != 0 || taxonomy_seed(f->st) != 0) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	static const char *const districts[][2] = {
		{"adelso", "Adelsö"}, {"munso", "Munsö"}, {"ekeron", "Ekerön"}, {"faringso", "Färingsö"},
		{"lovo", "Lovö"},     {"karson", "Kärsön"}, {"helgo", "Helgö"},
	};
	for (size_t i = 0; i < sizeof districts / sizeof districts[0]; i++)
		if (taxonomy_put_district(f->st, districts[i][0], districts[i][1], districts[i][1]) != 0)
			return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	store_close(f->st);
	const char *suffixes[] = {"", "-wal", "-shm"};
	for (int i = 0; i < 3; i++) {
		char p[160];
		snprintf(p, sizeof p, "%s%s", f->path, suffixes[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static long long count(struct store *st, const char *sql) { return store_int(st, sql, NOARGS, -1); }

static char *text_of(struct store *st, const char *sql, const char *arg)
{
	return store_text(st, sql, ARGS(SV_T(arg)));
}

/* Imports a file and fails the test, listing the problems, unless the status is the expected one. */
static void import_file(struct store *st, const char *path, const struct import_options *opt,
			enum import_status want, struct import_result *res)
{
	enum import_status got = organisation_import_file(st, path, opt, res);
	if (got != want) {
		for (size_t i = 0; i < res->nproblems; i++)
			fprintf(stderr, "%s:%zu: %s: %s\n", path, res->problems[i].line, res->problems[i].column,
				res->problems[i].message);
		fail_msg("%s: status %d, expected %d (%s)", path, got, want, res->error);
	}
}

static enum import_status import_text(struct store *st, const char *csv, const struct import_options *opt,
				      struct import_result *res)
{
	char err[256];
	struct csv_table *t = csv_read_memory(csv, strlen(csv), err, sizeof err);
	if (!t)
		fail_msg("csv: %s", err);
	enum import_status s = organisation_import_table(st, t, opt, res);
	csv_table_free(t);
	return s;
}

static bool has_problem(const struct import_result *res, size_t line, const char *column, const char *fragment)
{
	for (size_t i = 0; i < res->nproblems; i++)
		if (res->problems[i].line == line && strcmp(res->problems[i].column, column) == 0 &&
		    (!fragment || strstr(res->problems[i].message, fragment)))
			return true;
	return false;
}

static void swedish_excel_file_imports_every_row_with_names_resolved(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	import_file(f->st, DATA "organisations-excel-sv.csv", NULL, IMPORT_OK, &res);
	assert_int_equal(res.rows, 8);
	assert_int_equal(res.created, 8);
	assert_int_equal(res.skipped, 0);
	assert_true(res.written);
	import_result_free(&res);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation"), 8);

	/* "Munsö|Adelsö" by name became both district codes; "Idrott" the ICNPO group for sports. */
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation_district d JOIN organisation o "
				      "ON o.id = d.organisation_id WHERE o.name = 'Munsö IK' "
				      "AND d.district_code IN ('munso', 'adelso')"),
			 2);
	char *cat = text_of(f->st, "SELECT c.category_code FROM organisation_category c JOIN organisation o "
				   "ON o.id = c.organisation_id WHERE o.name = $1",
			    "Munsö IK");
	assert_string_equal(cat, "icnpo1");
	free(cat);
	char *lf = text_of(f->st, "SELECT legal_form FROM organisation WHERE name = $1", "Läxhjälpen på Helgö");
	assert_string_equal(lf, "informell_grupp");
	free(lf);
	/* "nej" is hidden; the multi-line quoted field kept its line break. */
	assert_int_equal(count(f->st, "SELECT public FROM organisation WHERE name = 'Kärsö båtklubb'"), 0);
	char *desc = text_of(f->st, "SELECT description FROM organisation WHERE name = $1", "Mälarljus kulturförening");
	assert_non_null(strstr(desc, "kulturskolan.\nVälkommen"));
	free(desc);
	char *contact = text_of(f->st, "SELECT c.email FROM contact_person c JOIN organisation o ON o.id = "
				       "c.organisation_id WHERE o.name = $1",
				"Ekeröns seniorer");
	assert_string_equal(contact, "birgitta.holm@example.org");
	free(contact);
}

static void bad_file_imports_nothing_and_names_lines_and_fields(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	import_file(f->st, DATA "organisations-bad.csv", NULL, IMPORT_INVALID, &res);
	assert_int_equal(res.nproblems, 2);
	/* Line 3 has a number whose check digit is wrong, line 5 no name; columns as headed. */
	assert_true(has_problem(&res, 3, "organisationsnummer", "last digit"));
	assert_true(has_problem(&res, 5, "namn", NULL));
	assert_int_equal(res.skipped, 2);
	assert_false(res.written);
	import_result_free(&res);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation"), 0);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM contact_person"), 0);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM audit_log"), 0);
}

static void skip_invalid_imports_the_valid_rows(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	struct import_options opt = {.skip_invalid = true};
	import_file(f->st, DATA "organisations-bad.csv", &opt, IMPORT_OK, &res);
	assert_int_equal(res.created, 4);
	assert_int_equal(res.skipped, 2);
	assert_int_equal(res.nproblems, 2);
	assert_true(has_problem(&res, 3, "organisationsnummer", NULL));
	import_result_free(&res);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation"), 4);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation WHERE org_number = '802445-1238'"), 0);
}

static void dry_run_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	struct import_options opt = {.dry_run = true};
	import_file(f->st, DATA "organisations-excel-sv.csv", &opt, IMPORT_OK, &res);
	assert_int_equal(res.created, 8);
	assert_false(res.written);
	import_result_free(&res);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation"), 0);
}

static void reimport_updates_instead_of_duplicating(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	import_file(f->st, DATA "organisations-excel-sv.csv", NULL, IMPORT_OK, &res);
	import_result_free(&res);
	long long munso = count(f->st, "SELECT id FROM organisation WHERE name = 'Munsö IK'");

	/* The same file again: every row is the same organisation (the informal group, without a
	 * number, by its name), and none changes, so none is written. */
	long long audits = count(f->st, "SELECT COUNT(*) FROM audit_log");
	import_file(f->st, DATA "organisations-excel-sv.csv", NULL, IMPORT_OK, &res);
	assert_int_equal(res.created, 0);
	assert_int_equal(res.updated, 0);
	assert_int_equal(res.unchanged, 8);
	assert_int_equal(res.nactions, 8);
	assert_int_equal(res.actions[0].kind, IMPORT_UNCHANGED);
	import_result_free(&res);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM audit_log"), audits);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation"), 8);

	/* A changed description, the number written without its hyphen, and a renamed column case. */
	assert_int_equal(import_text(f->st,
				     "NAMN;Organisationsnummer;organisationsform;verksamhet;områden;beskrivning\n"
				     "Munsö IK;8020172451;ideell förening;Idrott;Munsö;Nu även bordtennis.\n"
				     "Läxhjälpen på Helgö;;informell grupp;Utbildning;Helgö;Nu tre dagar i veckan.\n",
				     NULL, &res),
			 IMPORT_OK);
	assert_int_equal(res.updated, 2);
	assert_int_equal(res.actions[0].kind, IMPORT_UPDATE);
	assert_string_equal(res.actions[0].changed, "districts, description"); /* Munsö only now */
	import_result_free(&res);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation"), 8);
	assert_int_equal(count(f->st, "SELECT id FROM organisation WHERE name = 'Munsö IK'"), munso);
	char *d = text_of(f->st, "SELECT description FROM organisation WHERE name = $1", "Munsö IK");
	assert_string_equal(d, "Nu även bordtennis.");
	free(d);
	d = text_of(f->st, "SELECT description FROM organisation WHERE name = $1", "Läxhjälpen på Helgö");
	assert_string_equal(d, "Nu tre dagar i veckan.");
	free(d);
	/* Columns the file did not have stay as they were: contact persons and the web address. */
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM contact_person c JOIN organisation o ON "
				      "o.id = c.organisation_id WHERE o.name = 'Munsö IK'"),
			 1);
	d = text_of(f->st, "SELECT website FROM organisation WHERE name = $1", "Munsö IK");
	assert_string_equal(d, "https://munsoik.example.org");
	free(d);

	/* The informal group has registered: the same name with a number is the same organisation. */
	long long group = count(f->st, "SELECT id FROM organisation WHERE name = 'Läxhjälpen på Helgö'");
	assert_int_equal(import_text(f->st, "name,org_number,legal_form\n"
					    "Läxhjälpen på Helgö,802555-1238,ideell förening\n",
				     NULL, &res),
			 IMPORT_OK);
	assert_int_equal(res.updated, 1);
	import_result_free(&res);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation"), 8);
	assert_int_equal(count(f->st, "SELECT id FROM organisation WHERE org_number = '802555-1238'"), group);
}

static void unknown_column_is_a_warning_and_left_out(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	assert_int_equal(import_text(f->st, "namn;färg;storlek\nEkerö IF;blå;stor\n", NULL, &res), IMPORT_OK);
	assert_int_equal(res.nproblems, 0);
	/* Listed once, both columns in one warning, with the fields to map them to. */
	assert_int_equal(res.nwarnings, 1);
	assert_int_equal(res.warnings[0].line, 1);
	assert_non_null(strstr(res.warnings[0].message, "\"färg\", \"storlek\""));
	assert_non_null(strstr(res.warnings[0].message, "organisationsnummer"));
	import_result_free(&res);
	/* No legal form and no number: an informal group. */
	char *lf = text_of(f->st, "SELECT legal_form FROM organisation WHERE name = $1", "Ekerö IF");
	assert_string_equal(lf, "informell_grupp");
	free(lf);

	/* --map sends a heading to a field, or ("-") nowhere, without a warning. */
	static const struct import_pair map[] = {{"Föreningens benämning", "name"}, {"Färg", "-"}};
	struct import_options opt = {.header_map = map, .nheader_map = 2};
	assert_int_equal(import_text(f->st, "Föreningens benämning;färg\nMunsö scoutkår;grön\n", &opt, &res), IMPORT_OK);
	assert_int_equal(res.nwarnings, 0);
	assert_int_equal(res.created, 1);
	import_result_free(&res);

	static const struct import_pair wrong[] = {{"Färg", "colour"}};
	opt = (struct import_options){.header_map = wrong, .nheader_map = 1};
	assert_int_equal(import_text(f->st, "namn;färg\nX;y\n", &opt, &res), IMPORT_FAILED);
	assert_non_null(strstr(res.error, "\"colour\" is not a field"));
	import_result_free(&res);

	assert_int_equal(import_text(f->st, "beskrivning;telefon\nEn förening;08-123 45\n", NULL, &res), IMPORT_INVALID);
	assert_int_equal(res.nproblems, 1);
	assert_non_null(strstr(res.problems[0].message, "name"));
	import_result_free(&res);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation"), 2);
}

/* The export of a real register: headings of its own, no category, legal forms in its words,
 * organisation numbers in three spellings, addresses and a chair. */
static void real_register_headings_addresses_and_chairs(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	assert_int_equal(store_exec(f->st, "INSERT INTO district_postcode (postcode, district_code) VALUES "
					   "('17892', 'adelso'), ('17893', 'munso'), ('17975', 'faringso')",
				    NOARGS),
			 3);
	import_file(f->st, DATA "forening-register-export.csv", NULL, IMPORT_OK, &res);
	assert_int_equal(res.created, 6);
	assert_int_equal(res.nproblems, 0);
	assert_int_equal(res.nwarnings, 1); /* Medlemmar */
	import_result_free(&res);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation_category"), 0);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation WHERE org_number IN "
				      "('802438-1124', '802471-4555', '802516-0931', '802447-2014')"),
			 4);
	char *v = text_of(f->st, "SELECT legal_form FROM organisation WHERE name = $1", "Läxhjälpen på Helgö");
	assert_string_equal(v, "informell_grupp");
	free(v);
	/* The postcode's district; "Box 12, 179 75 Skå" split into its parts. */
	v = text_of(f->st, "SELECT d.district_code FROM organisation_district d JOIN organisation o ON o.id = "
			   "d.organisation_id WHERE o.name = $1",
		    "Färingsö PRO");
	assert_string_equal(v, "faringso");
	free(v);
	v = text_of(f->st, "SELECT street || '|' || postcode || '|' || city FROM organisation WHERE name = $1",
		    "Färingsö PRO");
	assert_string_equal(v, "Box 12|179 75|Skå");
	free(v);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation_district d JOIN organisation o ON o.id = "
				      "d.organisation_id WHERE o.name = 'Ekerö stickcafé'"),
			 0);
	v = text_of(f->st, "SELECT c.role FROM contact_person c JOIN organisation o ON o.id = c.organisation_id "
			   "WHERE c.name = $1",
		    "Margareta Lindqvist");
	assert_string_equal(v, "Ordförande");
	free(v);

	/* Postnummer and Postort go with Postadress when that is the file's only street. */
	assert_int_equal(import_text(f->st,
				     "Namn;Postadress;Postnr;Ort\n"
				     "Läxhjälpen på Helgö;Box 3;178 92;Adelsö\n",
				     NULL, &res),
			 IMPORT_OK);
	assert_int_equal(res.updated, 1);
	/* The postal postcode placed the group in its district too. */
	assert_string_equal(res.actions[0].changed, "districts, postal_address");
	import_result_free(&res);

	/* A whole postal address in one cell; text that is not clearly one stays the street. */
	assert_int_equal(import_text(f->st,
				     "Namn;Postadress\n"
				     "Lovö scoutkår;Box 5, 17892 Adelsö\n"
				     "Helgö grannar;c/o Berg, Helgövägen 4\n",
				     NULL, &res),
			 IMPORT_OK);
	import_result_free(&res);
	v = text_of(f->st, "SELECT postal_street || '|' || postal_postcode || '|' || postal_city FROM organisation "
			   "WHERE name = $1",
		    "Lovö scoutkår");
	assert_string_equal(v, "Box 5|178 92|Adelsö");
	free(v);
	v = text_of(f->st, "SELECT postal_street FROM organisation WHERE name = $1", "Helgö grannar");
	assert_string_equal(v, "c/o Berg, Helgövägen 4");
	free(v);
}

/* An unknown value names line, column and value with the closest terms; --map-value says what
 * it means and --add-aliases keeps the word for next time. */
static void unknown_values_suggest_and_map(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	assert_int_equal(import_text(f->st, "Namn;Kategori\nMunsö bouleklubb;Idrot\n", NULL, &res), IMPORT_INVALID);
	assert_int_equal(res.nproblems, 1);
	assert_true(has_problem(&res, 2, "Kategori", "\"Idrot\""));
	assert_non_null(strstr(res.problems[0].message, "(icnpo1)"));
	import_result_free(&res);

	static const struct import_pair map[] = {{"Boule", "icnpo1"}};
	struct import_options opt = {.value_map = map, .nvalue_map = 1, .add_aliases = true};
	assert_int_equal(import_text(f->st, "Namn;Kategori\nMunsö bouleklubb;boule\n", &opt, &res), IMPORT_OK);
	assert_int_equal(res.aliases_added, 1);
	import_result_free(&res);
	char code[32];
	assert_true(taxonomy_resolve(f->st, TAX_CATEGORY, "Boule", code));
	assert_string_equal(code, "icnpo1");
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM audit_log WHERE entity = 'term_alias'"), 1);

	/* A word that already means another term cannot become an alias of this one. */
	static const struct import_pair taken[] = {{"Idrott", "icnpo4"}};
	opt = (struct import_options){.value_map = taken, .nvalue_map = 1, .add_aliases = true};
	assert_int_equal(import_text(f->st, "Namn;Kategori\nEkerö IK;Idrott\n", &opt, &res), IMPORT_INVALID);
	assert_true(has_problem(&res, 2, "Kategori", "already means icnpo1"));
	import_result_free(&res);
}

static void the_same_organisation_twice_in_a_file_is_refused(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	assert_int_equal(import_text(f->st,
				     "name,org_number,legal_form,categories\n"
				     "Ekerö IF,802017-2451,ideell_forening,icnpo1\n"
				     "Ekerö IF (igen),8020172451,ideell_forening,icnpo1\n"
				     "Grannar,,informell_grupp,icnpo7\n"
				     "Grannar,,informell_grupp,icnpo7\n"
				     "Ekerö IF (än en gång),802017 2451,ideell_forening,icnpo1\n"
				     "Ekerö IF (sist),16802017-2451,ideell_forening,icnpo1\n",
				     NULL, &res),
			 IMPORT_INVALID);
	/* Every spelling of the number is the same organisation; each message names the first line. */
	assert_int_equal(res.nproblems, 4);
	assert_true(has_problem(&res, 3, "org_number", "line 2"));
	assert_true(has_problem(&res, 5, "name", "line 4"));
	assert_true(has_problem(&res, 6, "org_number", "line 2"));
	assert_true(has_problem(&res, 7, "org_number", "line 2"));
	import_result_free(&res);
}

static void public_must_be_yes_or_no_and_taxonomy_names_must_exist(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	assert_int_equal(import_text(f->st,
				     "name,legal_form,categories,districts,public\n"
				     "A,ideell_forening,icnpo1,Adelsö,kanske\n"
				     "B,ideell_forening,Bergsbestigning,Adelsö,ja\n"
				     "C,ideell_forening,icnpo1,Atlantis,nej\n"
				     "D,ideell_forening,icnpo1,ADELSÖ|munsö,\n",
				     NULL, &res),
			 IMPORT_INVALID);
	assert_true(has_problem(&res, 2, "public", "kanske"));
	assert_true(has_problem(&res, 3, "categories", "Bergsbestigning"));
	assert_true(has_problem(&res, 4, "districts", "Atlantis"));
	assert_int_equal(res.nproblems, 3);
	import_result_free(&res);
}

/* The file's rows pass the same text contract as the form: a C1 control character in a name is
 * that row's problem, under the file's own heading; a no-break space around a name is trimmed. */
static void rows_get_the_text_contract_of_the_form(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	const char *csv = "namn;organisationsform;verksamhet\n"
			  "Ekerö\xC2\x85IF;ideell_forening;icnpo1\n"
			  "\xC2\xA0Munsö IK\xC2\xA0;ideell_forening;icnpo1\n";
	assert_int_equal(import_text(f->st, csv, NULL, &res), IMPORT_INVALID);
	assert_true(has_problem(&res, 2, "namn", "invisible control characters"));
	assert_int_equal(res.nproblems, 1);
	import_result_free(&res);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation"), 0);

	struct import_options skip = {.skip_invalid = true};
	assert_int_equal(import_text(f->st, csv, &skip, &res), IMPORT_OK);
	assert_int_equal(res.created, 1);
	assert_int_equal(res.skipped, 1);
	import_result_free(&res);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation WHERE name = 'Munsö IK'"), 1);
	assert_int_equal(count(f->st, "SELECT COUNT(*) FROM organisation"), 1);
}

static void several_contact_persons_pair_up(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	assert_int_equal(import_text(f->st,
				     "name;legal_form;categories;contact_name;contact_email\n"
				     "Ekerö IF;ideell_forening;icnpo1;Anna Berg|Per Ek;anna@example.org|per@example.org\n",
				     NULL, &res),
			 IMPORT_OK);
	import_result_free(&res);
	char *e = text_of(f->st, "SELECT email FROM contact_person WHERE name = $1", "Per Ek");
	assert_string_equal(e, "per@example.org");
	free(e);
	assert_int_equal(import_text(f->st,
				     "name;legal_form;categories;contact_name;contact_email\n"
				     "Munsö IF;ideell_forening;icnpo1;Anna Berg|Per Ek;anna@example.org\n",
				     NULL, &res),
			 IMPORT_INVALID);
	assert_true(has_problem(&res, 2, "contact_email", NULL));
	import_result_free(&res);
}

struct collected {
	int n;
	bool saw_hidden;
	char districts[64];
};

static int collect(const struct organisation *o, void *ctx)
{
	struct collected *c = ctx;
	c->n++;
	if (strcmp(o->name, "Kärsö båtklubb") == 0 || strcmp(o->name, "Läxhjälpen på Helgö") == 0)
		c->saw_hidden = true;
	if (strcmp(o->name, "Munsö IK") == 0)
		snprintf(c->districts, sizeof c->districts, "%s|%s", o->districts[0], o->ndistricts > 1 ? o->districts[1] : "");
	assert_int_equal(o->ncontacts, 0);
	return 0;
}

static void export_reads_only_the_public_register(void **state)
{
	struct fixture *f = *state;
	struct import_result res;
	import_file(f->st, DATA "organisations-excel-sv.csv", NULL, IMPORT_OK, &res);
	import_result_free(&res);
	struct collected c = {0};
	assert_int_equal(organisation_export_public(f->st, collect, &c), 0);
	assert_int_equal(c.n, 6);
	assert_false(c.saw_hidden);
	/* In the districts' own order (Adelsö before Munsö), not the file's. */
	assert_string_equal(c.districts, "adelso|munso");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(swedish_excel_file_imports_every_row_with_names_resolved, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_file_imports_nothing_and_names_lines_and_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(skip_invalid_imports_the_valid_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(dry_run_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(reimport_updates_instead_of_duplicating, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_column_is_a_warning_and_left_out, setup, teardown),
		cmocka_unit_test_setup_teardown(real_register_headings_addresses_and_chairs, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_values_suggest_and_map, setup, teardown),
		cmocka_unit_test_setup_teardown(the_same_organisation_twice_in_a_file_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(public_must_be_yes_or_no_and_taxonomy_names_must_exist, setup, teardown),
		cmocka_unit_test_setup_teardown(rows_get_the_text_contract_of_the_form, setup, teardown),
		cmocka_unit_test_setup_teardown(several_contact_persons_pair_up, setup, teardown),
		cmocka_unit_test_setup_teardown(export_reads_only_the_public_register, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
