/* test_organisation: field rules and normalisation, saving and loading, import upserts, audit rows, search and Swedish order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "domain/organisation.h"
#include "domain/taxonomy.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
	char path[64];
	struct store *st;
	struct arena a;
};

/* A fresh database file per test, migrated and seeded with Ekerö's islands as districts. */
static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	snprintf(f->path, sizeof f->path, "/tmp/samverkan-organisation-XXXXXX");
	int fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	char err[256] = "";
	f->st = store_open(f->path, err, sizeof err);
	if (!f->st || store_migrate(f->st, err, sizeof err) != 0 || taxonomy_seed(f->st) != 0 ||
	    taxonomy_put_district(f->st, "adelso", "Adelsö", "Adelsö") != 0 ||
	    taxonomy_put_district(f->st, "munso", "Munsö", "Munsö") != 0 ||
	    taxonomy_put_district(f->st, "ekeron", "Ekerön", "Ekerön") != 0) {
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
	arena_free(&f->a);
	char p[80];
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	free(f);
	unsetenv("SAMVERKAN_NOW");
	return 0;
}

/* The smallest organisation the rules accept. */
static struct organisation sample(const char *name, const char *org_number)
{
	struct organisation o = {0};
	o.name = name;
	o.org_number = org_number;
	o.legal_form = "ideell_forening";
	o.public = true;
	o.categories[0] = "icnpo1";
	o.ncategories = 1;
	return o;
}

/* Validates and returns the message for field, or NULL when that field passed. */
static const char *error_for(struct fixture *f, struct organisation *o, const char *field)
{
	struct field_errors e = {0};
	organisation_validate(f->st, &f->a, o, &e);
	return field_error_for(&e, field);
}

/* The id organisation_save or organisation_upsert gave o, or 0 when it refused. */
static long long saved(enum outcome rc, const struct organisation *o) { return rc == OUTCOME_OK ? o->id : 0; }

static long long save_ok(struct fixture *f, struct organisation *o)
{
	struct field_errors err = {0};
	enum outcome rc = organisation_save(f->st, &f->a, o, 0, &err);
	if (rc != OUTCOME_OK)
		fail_msg("save of %s refused: %s: %s", o->name, err.n && err.items[0].field ? err.items[0].field : "",
			 field_errors_first(&err));
	return o->id;
}

/* ----- validation ----- */

static void validate_accepts_the_smallest_organisation(void **state)
{
	struct fixture *f = *state;
	struct organisation o = sample("Ekerö IF", "");
	struct field_errors errs = {0};
	if (organisation_validate(f->st, &f->a, &o, &errs) != OUTCOME_OK)
		fail_msg("%s: %s", errs.items[0].field, errs.items[0].message);
}

static void validate_names_each_missing_required_field(void **state)
{
	struct fixture *f = *state;
	struct organisation o = {0};
	struct field_errors errs = {0};
	organisation_validate(f->st, &f->a, &o, &errs);
	int n = errs.n;
	assert_int_equal(n, 2);
	assert_string_equal(field_error_for(&errs, "name"), "Enter the organisation's name.");
	assert_string_equal(field_error_for(&errs, "legal_form"), "Choose the organisation's legal form.");
	/* No category is allowed: the organisation is unclassified until an official classifies it. */
	assert_null(field_error_for(&errs, "categories"));
	/* Optional fields left empty are not errors. */
	assert_null(field_error_for(&errs, "org_number"));
	assert_null(field_error_for(&errs, "website"));
	/* Blank is missing too. */
	o = sample("   ", NULL);
	assert_non_null(error_for(f, &o, "name"));
}

static void an_address_postcode_places_the_organisation_in_its_district(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(taxonomy_put_district(f->st, "adelso", "Adelsö", NULL), 0);
	assert_true(store_exec(f->st, "INSERT INTO district_postcode (postcode, district_code) VALUES ('17892', 'adelso')",
			       NOARGS) == 1);
	struct organisation o = sample("Adelsö hembygdsförening", "");
	o.ndistricts = 0;
	o.street = " Adelsö byväg 1 ";
	o.postcode = "17892";
	o.city = "Adelsö";
	struct field_errors errs = {0};
	assert_int_equal(organisation_validate(f->st, &f->a, &o, &errs), OUTCOME_OK);
	assert_string_equal(o.street, "Adelsö byväg 1");
	assert_string_equal(o.postcode, "178 92");
	assert_int_equal(o.ndistricts, 1);
	assert_string_equal(o.districts[0], "adelso");
	assert_int_equal(organisation_save(f->st, &f->a, &o, 0, &errs), OUTCOME_OK);
	struct organisation back;
	assert_int_equal(organisation_load(f->st, &f->a, o.id, false, &back), OUTCOME_OK);
	assert_string_equal(back.postcode, "178 92");
	assert_string_equal(back.city, "Adelsö");
	assert_false(back.address_public);

	o = sample("Fel postnummer", "");
	o.postal_postcode = "1789";
	struct field_errors bad = {0};
	assert_int_equal(organisation_validate(f->st, &f->a, &o, &bad), OUTCOME_INVALID);
	assert_string_equal(field_error_for(&bad, "postal_postcode"), "Write the postcode as five digits, like 178 92.");
}

static void validate_trims_and_normalises_every_field(void **state)
{
	struct fixture *f = *state;
	struct organisation o = sample("  Ekerö IF \xC2\xA0", " 16802000-1239 ");
	o.legal_form = " Ideell förening ";
	o.website = " www.ekeroif.se ";
	o.email = " Info@EkerÖIF.SE ";
	o.phone = " 08-123 456 78 ";
	o.description = "  Fotboll\r\noch bandy.\r\n ";
	o.categories[0] = "Kultur och fritid";
	o.categories[1] = "icnpo1";
	o.categories[2] = " HÄLSA ";
	o.categories[3] = "";
	o.ncategories = 4;
	o.target_groups[0] = "Unga";
	o.ntarget_groups = 1;
	o.districts[0] = "ADELSÖ";
	o.ndistricts = 1;
	struct field_errors errs = {0};
	if (organisation_validate(f->st, &f->a, &o, &errs) != OUTCOME_OK)
		fail_msg("%s: %s", errs.items[0].field, errs.items[0].message);
	assert_string_equal(o.name, "Ekerö IF");
	assert_string_equal(o.org_number, "802000-1239");
	assert_string_equal(o.legal_form, "ideell_forening");
	assert_string_equal(o.website, "https://www.ekeroif.se");
	assert_string_equal(o.email, "info@ekeröif.se");
	assert_string_equal(o.phone, "08-123 456 78");
	assert_string_equal(o.description, "Fotboll\noch bandy.");
	assert_int_equal(o.ncategories, 2); /* names resolved to codes, repeats and blanks dropped */
	assert_string_equal(o.categories[0], "icnpo1");
	assert_string_equal(o.categories[1], "icnpo3");
	assert_string_equal(o.target_groups[0], "unga");
	assert_string_equal(o.districts[0], "adelso");

	/* Validating again changes nothing: save validates what a page already validated. */
	errs.n = 0;
	assert_int_equal(organisation_validate(f->st, &f->a, &o, &errs), OUTCOME_OK);
	assert_string_equal(o.website, "https://www.ekeroif.se");
	assert_string_equal(o.org_number, "802000-1239");
}

static void validate_explains_wrong_organisation_numbers(void **state)
{
	struct fixture *f = *state;
	struct organisation o = sample("A", "802000-1234");
	const char *m = error_for(f, &o, "org_number");
	assert_non_null(m);
	assert_non_null(strstr(m, "last digit"));
	o = sample("A", "80200-123");
	m = error_for(f, &o, "org_number");
	assert_non_null(m);
	assert_non_null(strstr(m, "ten digits"));
	o = sample("A", "ABC");
	assert_non_null(error_for(f, &o, "org_number"));
}

static void validate_website(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *in, *out;
	} good[] = {
		{"https://www.ekero.se", "https://www.ekero.se"},
		{"HTTP://WWW.Ekero.SE/Foreningar?id=A", "http://www.ekero.se/Foreningar?id=A"},
		{"ekeroif.se", "https://ekeroif.se"},
		{"www.ekerö.se/om", "https://www.ekerö.se/om"},
		{"https://example.se:8443/x", "https://example.se:8443/x"},
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct organisation o = sample("A", "");
		o.website = good[i].in;
		const char *m = error_for(f, &o, "website");
		if (m)
			fail_msg("%s refused: %s", good[i].in, m);
		assert_string_equal(o.website, good[i].out);
	}
	static const char *const bad[] = {
		"ekero if.se", "ftp://ekero.se", "javascript:alert(1)", "https://", "https://localhost", "mailto:a@b.se",
		"https://ekero.se@evil.example", "https://a..se", "https://ekero.se:99999", "https://ekero.se/\"x",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct organisation o = sample("A", "");
		o.website = bad[i];
		const char *m = error_for(f, &o, "website");
		if (!m)
			fail_msg("accepted %s as %s", bad[i], o.website);
		assert_non_null(strstr(m, "https://www.example.se"));
	}
}

static void validate_email_and_phone(void **state)
{
	struct fixture *f = *state;
	static const char *const bad_email[] = {"a@b", "a@@b.se", "a b@c.se", "@b.se", "a@.se", "a@b.se.", "ab.se",
						"a@b..se", "a@b.se,c@d.se"};
	for (size_t i = 0; i < sizeof bad_email / sizeof bad_email[0]; i++) {
		struct organisation o = sample("A", "");
		o.email = bad_email[i];
		const char *m = error_for(f, &o, "email");
		if (!m)
			fail_msg("accepted e-mail %s", bad_email[i]);
		assert_string_equal(m, "Enter an e-mail address like name@example.se.");
	}
	struct organisation o = sample("A", "");
	o.email = "ordforande@adelso-if.se";
	assert_null(error_for(f, &o, "email"));

	o = sample("A", "");
	o.phone = "+46 (0)8-123 456 78";
	assert_null(error_for(f, &o, "phone"));
	o.phone = "08-123 abc";
	assert_non_null(strstr(error_for(f, &o, "phone"), "digits"));
	o.phone = "1234";
	assert_string_equal(error_for(f, &o, "phone"), "Check the phone number: it should have between 5 and 20 digits.");
	o.phone = "123456789012345678901";
	assert_non_null(error_for(f, &o, "phone"));
}

static void validate_unknown_codes_are_named_in_the_message(void **state)
{
	struct fixture *f = *state;
	struct organisation o = sample("A", "");
	o.legal_form = "kommanditbolag";
	o.categories[0] = "bowling";
	o.target_groups[0] = "marsianer";
	o.ntarget_groups = 1;
	o.districts[0] = "Gotland";
	o.ndistricts = 1;
	struct field_errors errs = {0};
	organisation_validate(f->st, &f->a, &o, &errs);
	int n = errs.n;
	assert_int_equal(n, 4);
	assert_non_null(strstr(field_error_for(&errs, "legal_form"), "\"kommanditbolag\""));
	assert_non_null(strstr(field_error_for(&errs, "categories"), "\"bowling\""));
	assert_non_null(strstr(field_error_for(&errs, "target_groups"), "\"marsianer\""));
	assert_non_null(strstr(field_error_for(&errs, "districts"), "\"Gotland\""));
	/* The unknown value stays, so the form can show back what was sent. */
	assert_int_equal(o.ncategories, 1);
	assert_string_equal(o.categories[0], "bowling");
}

static void validate_text_must_be_clean_utf8_within_limits(void **state)
{
	struct fixture *f = *state;
	struct organisation o = sample("Ekerö\x01 IF", "");
	assert_non_null(error_for(f, &o, "name"));
	o = sample("Eker\xC3( IF", "");
	assert_non_null(error_for(f, &o, "name"));
	o = sample("Eker\xC0\xAF", ""); /* overlong encoding */
	assert_non_null(error_for(f, &o, "name"));
	o = sample("A", "");
	o.description = "Rad ett\nRad två\tmed tabb";
	assert_null(error_for(f, &o, "description"));
	o.description = "Rad\x1b[31m";
	assert_non_null(error_for(f, &o, "description"));
	o = sample("A\nB", "");
	assert_non_null(error_for(f, &o, "name"));

	/* Limits count characters, not bytes: 200 å (400 bytes) is a valid name, 201 is not. */
	char name[512] = "";
	for (int i = 0; i < 200; i++)
		strcat(name, "å");
	o = sample(name, "");
	assert_null(error_for(f, &o, "name"));
	strcat(name, "a");
	o = sample(name, "");
	assert_string_equal(error_for(f, &o, "name"), "Shorten the name to at most 200 characters.");

	char *desc = malloc(5002);
	memset(desc, 'x', 5001);
	desc[5001] = 0;
	o = sample("A", "");
	o.description = desc;
	assert_non_null(strstr(error_for(f, &o, "description"), "5001"));
	desc[5000] = 0;
	o.description = desc;
	assert_null(error_for(f, &o, "description"));
	free(desc);
}

static void validate_contacts_by_index(void **state)
{
	struct fixture *f = *state;
	struct organisation o = sample("A", "");
	o.contacts[0] = (struct contact_person){.email = "kassor@ekeroif.se"};
	o.contacts[1] = (struct contact_person){.name = " ", .role = "", .email = " ", .phone = ""};
	o.contacts[2] = (struct contact_person){.name = "Anna Berg", .email = "anna@"};
	o.contacts[3] = (struct contact_person){.name = " Olle Ek ", .email = "OLLE@EKEROIF.SE", .phone = "070-123 45 67"};
	o.ncontacts = 4;
	struct field_errors errs = {0};
	organisation_validate(f->st, &f->a, &o, &errs);
	int n = errs.n;
	assert_int_equal(n, 2);
	assert_non_null(field_error_for(&errs, "contact_name_0"));
	assert_non_null(field_error_for(&errs, "contact_email_2"));
	assert_null(field_error_for(&errs, "contact_name_1"));
	/* The empty row is gone, the others keep their order and are normalised. */
	assert_int_equal(o.ncontacts, 3);
	assert_string_equal(o.contacts[2].name, "Olle Ek");
	assert_string_equal(o.contacts[2].email, "olle@ekeroif.se");
}

/* The text contract (base/text.c) on every text the register stores, whatever the entry point. */
static void validate_applies_the_text_contract_to_every_text(void **state)
{
	struct fixture *f = *state;
	static const char *const bad[] = {"Ekerö\xC2\x85 IF", "Ekerö\xC2\x9B IF", "Ekerö\xEF\xBF\xBD IF"};
	const char *broken = "This text contains invisible control characters or broken characters; remove them or "
			     "type the text again.";
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct organisation o = sample(bad[i], "");
		assert_string_equal(error_for(f, &o, "name"), broken);
		o = sample("A", "");
		o.description = bad[i];
		assert_string_equal(error_for(f, &o, "description"), broken);
		o = sample("A", "");
		o.phone = bad[i];
		assert_string_equal(error_for(f, &o, "phone"), broken);
		o = sample("A", "");
		o.contacts[0] = (struct contact_person){.name = "Eva", .role = bad[i]};
		o.ncontacts = 1;
		assert_string_equal(error_for(f, &o, "contact_role_0"), broken);
	}
	/* Unicode spaces around a text go (U+00A0, U+202F, U+3000), and the text is stored in NFC. */
	struct organisation o = sample("\xC2\xA0\xE2\x80\xAF Ekero\xCC\x88" " IF\xE3\x80\x80\xC2\xA0", "");
	o.contacts[0] = (struct contact_person){.name = "\xC2\xA0" "Eva\xC2\xA0"};
	o.ncontacts = 1;
	assert_null(error_for(f, &o, "name"));
	assert_string_equal(o.name, "Ekerö IF");
	assert_string_equal(o.contacts[0].name, "Eva");
}

/* ----- saving and loading ----- */

static void save_and_load_roundtrip(void **state)
{
	struct fixture *f = *state;
	setenv("SAMVERKAN_NOW", "2024-03-01T10:00:00Z", 1);
	struct organisation o = sample("Adelsö hembygdsförening", "802000-1239");
	o.description = "Vi vårdar Adelsös historia.";
	o.website = "www.adelso-hembygd.se";
	o.email = "info@adelso-hembygd.se";
	o.phone = "08-560 510 00";
	o.categories[1] = "icnpo2";
	o.ncategories = 2;
	o.target_groups[0] = "alla";
	o.target_groups[1] = "aldre";
	o.ntarget_groups = 2;
	o.districts[0] = "adelso";
	o.ndistricts = 1;
	o.contacts[0] = (struct contact_person){.name = "Karin Lind", .role = "Ordförande", .email = "karin@example.se"};
	o.contacts[1] = (struct contact_person){.name = "Per Ek", .phone = "070-111 22 33"};
	o.ncontacts = 2;
	long long id = save_ok(f, &o);
	assert_int_equal(o.id, id);

	struct organisation l;
	assert_int_equal(OUTCOME_OK, organisation_load(f->st, &f->a, id, true, &l));
	assert_int_equal(l.id, id);
	assert_string_equal(l.name, "Adelsö hembygdsförening");
	assert_string_equal(l.org_number, "802000-1239");
	assert_string_equal(l.legal_form, "ideell_forening");
	assert_string_equal(l.description, "Vi vårdar Adelsös historia.");
	assert_string_equal(l.website, "https://www.adelso-hembygd.se");
	assert_string_equal(l.email, "info@adelso-hembygd.se");
	assert_string_equal(l.phone, "08-560 510 00");
	assert_true(l.public);
	assert_string_equal(l.confirmed_at, "2024-03-01T10:00:00Z");
	assert_string_equal(l.updated_at, "2024-03-01T10:00:00Z");
	assert_int_equal(l.ncategories, 2);
	assert_string_equal(l.categories[0], "icnpo1");
	assert_string_equal(l.categories[1], "icnpo2");
	/* In the list's display order: aldre is seeded before alla. */
	assert_int_equal(l.ntarget_groups, 2);
	assert_string_equal(l.target_groups[0], "aldre");
	assert_string_equal(l.target_groups[1], "alla");
	assert_int_equal(l.ndistricts, 1);
	assert_string_equal(l.districts[0], "adelso");
	assert_int_equal(l.ncontacts, 2);
	assert_string_equal(l.contacts[0].name, "Karin Lind");
	assert_string_equal(l.contacts[0].role, "Ordförande");
	assert_string_equal(l.contacts[0].email, "karin@example.se");
	assert_string_equal(l.contacts[1].phone, "070-111 22 33");
	assert_string_equal(l.contacts[1].email, "");

	/* Without with_contacts no personal data is read. */
	assert_int_equal(OUTCOME_OK, organisation_load(f->st, &f->a, id, false, &l));
	assert_int_equal(l.ncontacts, 0);
	assert_int_equal(organisation_load(f->st, &f->a, id + 100, false, &l), OUTCOME_NOT_FOUND);
}

static void save_stores_optional_blanks_as_null(void **state)
{
	struct fixture *f = *state;
	struct organisation o = sample("Informella gruppen", "");
	o.legal_form = "informell_grupp";
	long long id = save_ok(f, &o);
	assert_int_equal(store_int(f->st,
				   "SELECT COUNT(*) FROM organisation WHERE id = $1 AND org_number IS NULL AND website IS NULL "
				   "AND email IS NULL AND phone IS NULL",
				   ARGS(SV_I(id)), -1),
			 1);
	/* Two informal groups without numbers do not collide on the unique number. */
	struct organisation o2 = sample("Andra gruppen", NULL);
	o2.legal_form = "informell_grupp";
	save_ok(f, &o2);
}

static void save_refuses_a_registered_organisation_number(void **state)
{
	struct fixture *f = *state;
	struct organisation a = sample("Första", "802000-1239");
	long long id = save_ok(f, &a);
	struct organisation b = sample("Andra", "8020001239");
	struct field_errors err = {0};
	assert_int_equal(organisation_save(f->st, &f->a, &b, 0, &err), OUTCOME_INVALID);
	assert_string_equal(field_error_for(&err, "org_number"),
			    "An organisation with this organisation number is already registered.");
	assert_int_equal(b.id, 0);
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM organisation", NOARGS, -1), 1);
	/* Saving the first again with its own number is no conflict. */
	a.name = "Första (nytt namn)";
	assert_int_equal(saved(organisation_save(f->st, &f->a, &a, 0, &err), &a), id);
}

static void save_refuses_invalid_input_with_the_first_error(void **state)
{
	struct fixture *f = *state;
	struct organisation o = sample("", "");
	struct field_errors err = {0};
	assert_int_equal(organisation_save(f->st, &f->a, &o, 0, &err), OUTCOME_INVALID);
	assert_string_equal(err.items[0].field, "name");
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM organisation", NOARGS, -1), 0);
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM audit_log", NOARGS, -1), 0);
}

static void update_replaces_links_and_keeps_contact_ids(void **state)
{
	struct fixture *f = *state;
	struct organisation o = sample("Munsö båtklubb", "");
	o.districts[0] = "munso";
	o.ndistricts = 1;
	o.contacts[0] = (struct contact_person){.name = "Eva"};
	o.contacts[1] = (struct contact_person){.name = "Bo"};
	o.ncontacts = 2;
	long long id = save_ok(f, &o);

	struct organisation l;
	assert_int_equal(OUTCOME_OK, organisation_load(f->st, &f->a, id, true, &l));
	long long eva = l.contacts[0].id;
	l.categories[0] = "icnpo5";
	l.districts[0] = "adelso";
	l.districts[1] = "ekeron";
	l.ndistricts = 2;
	l.contacts[0].role = "Sekreterare";
	l.contacts[1] = (struct contact_person){.name = "Ny person"};
	assert_int_equal(save_ok(f, &l), id);

	assert_int_equal(OUTCOME_OK, organisation_load(f->st, &f->a, id, true, &l));
	assert_int_equal(l.ncategories, 1);
	assert_string_equal(l.categories[0], "icnpo5");
	assert_int_equal(l.ndistricts, 2);
	assert_string_equal(l.districts[0], "adelso");
	assert_string_equal(l.districts[1], "ekeron");
	assert_int_equal(l.ncontacts, 2);
	assert_int_equal(l.contacts[0].id, eva);
	assert_string_equal(l.contacts[0].role, "Sekreterare");
	assert_string_equal(l.contacts[1].name, "Ny person");
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM contact_person WHERE name = 'Bo'", NOARGS, -1), 0);
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM organisation_district", NOARGS, -1), 2);

	/* No contacts left means none stored. */
	l.ncontacts = 0;
	save_ok(f, &l);
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM contact_person", NOARGS, -1), 0);
}

static void upsert_updates_by_organisation_number(void **state)
{
	struct fixture *f = *state;
	struct organisation o = sample("Ekerö Hembygdsförening", "802000-1239");
	struct field_errors err = {0};
	long long id = saved(organisation_upsert(f->st, &f->a, &o, 0, false, &err), &o);
	assert_true(id > 0);

	struct organisation again = sample("Ekerö hembygdsförening (ny stavning)", "16802000-1239");
	again.categories[0] = "icnpo2";
	assert_int_equal(saved(organisation_upsert(f->st, &f->a, &again, 0, false, &err), &again), id);
	assert_int_equal(again.id, id);
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM organisation", NOARGS, -1), 1);
	struct organisation l;
	assert_int_equal(OUTCOME_OK, organisation_load(f->st, &f->a, id, false, &l));
	assert_string_equal(l.name, "Ekerö hembygdsförening (ny stavning)");
	assert_int_equal(l.ncategories, 1);
	assert_string_equal(l.categories[0], "icnpo2");

	/* Another number is another organisation. */
	struct organisation other = sample("Adelsö IF", "556012-5790");
	long long id2 = saved(organisation_upsert(f->st, &f->a, &other, 0, false, &err), &other);
	assert_true(id2 > 0 && id2 != id);

	/* Without a number the caller's id decides: 0 creates, an id updates that organisation. */
	struct organisation informal = sample("Kvinnonätverket", "");
	long long id3 = saved(organisation_upsert(f->st, &f->a, &informal, 0, false, &err), &informal);
	assert_true(id3 > 0 && id3 != id && id3 != id2);
	struct organisation renamed = sample("Kvinnonätverket på Ekerö", "");
	renamed.id = id3;
	assert_int_equal(saved(organisation_upsert(f->st, &f->a, &renamed, 0, false, &err), &renamed), id3);
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM organisation", NOARGS, -1), 3);
	/* A number given later to that organisation is stored on it, not on a new one. */
	renamed.org_number = "202100-5448";
	assert_int_equal(saved(organisation_upsert(f->st, &f->a, &renamed, 0, false, &err), &renamed), id3);
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM organisation", NOARGS, -1), 3);
}

static void upsert_inside_the_callers_transaction_leaves_no_half_row(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(store_begin(f->st), 0);
	struct organisation a = sample("Ett", "802000-1239");
	struct field_errors err = {0};
	assert_true(saved(organisation_upsert(f->st, &f->a, &a, 0, true, &err), &a) > 0);
	struct organisation bad = sample("Två", "");
	bad.categories[0] = "finns-inte";
	assert_int_equal(saved(organisation_upsert(f->st, &f->a, &bad, 0, true, &err), &bad), 0);
	assert_non_null(field_error_for(&err, "categories"));
	struct organisation c = sample("Tre", "");
	assert_true(saved(organisation_upsert(f->st, &f->a, &c, 0, true, &err), &c) > 0);
	assert_int_equal(store_commit(f->st), 0);
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM organisation", NOARGS, -1), 2);
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM audit_log", NOARGS, -1), 2);
}

static void audit_records_field_names_without_personal_data(void **state)
{
	struct fixture *f = *state;
	struct organisation o = sample("Lovö scoutkår", "");
	o.email = "hemlig@example.se";
	o.contacts[0] = (struct contact_person){.name = "Sara Svensson", .email = "sara@example.se"};
	o.ncontacts = 1;
	long long id = save_ok(f, &o);
	struct organisation l;
	assert_int_equal(OUTCOME_OK, organisation_load(f->st, &f->a, id, true, &l));
	l.name = "Lovö scoutkår och friluftsfrämjande";
	l.contacts[0].email = "sara.s@example.se";
	save_ok(f, &l);
	/* Saving without a change writes no new audit row. */
	assert_int_equal(OUTCOME_OK, organisation_load(f->st, &f->a, id, true, &l));
	save_ok(f, &l);

	struct cursor *c = store_query(f->st,
		"SELECT action, detail, account_id FROM audit_log WHERE entity = 'organisation' AND entity_id = $1 ORDER BY id",
		ARGS(SV_I(id)));
	assert_true(cursor_next(c));
	assert_string_equal(cursor_text(c, 0), "create");
	const char *create = cursor_text(c, 1);
	assert_non_null(strstr(create, "\"name\""));
	assert_non_null(strstr(create, "\"email\""));
	assert_non_null(strstr(create, "\"contacts\""));
	assert_null(strstr(create, "example.se"));
	assert_null(strstr(create, "Svensson"));
	assert_true(cursor_is_null(c, 2));
	assert_true(cursor_next(c));
	assert_string_equal(cursor_text(c, 0), "update");
	assert_string_equal(cursor_text(c, 1), "{\"changed\":[\"name\",\"contacts\"]}");
	assert_false(cursor_next(c));
	assert_int_equal(cursor_close(c), 0);
}

static void confirm_sets_the_time_and_is_audited(void **state)
{
	struct fixture *f = *state;
	setenv("SAMVERKAN_NOW", "2023-01-01T00:00:00Z", 1);
	struct organisation o = sample("Färingsö PRO", "");
	long long id = save_ok(f, &o);
	setenv("SAMVERKAN_NOW", "2024-06-01T12:00:00Z", 1);
	assert_int_equal(organisation_confirm(f->st, id, 0), OUTCOME_OK);
	struct organisation l;
	assert_int_equal(OUTCOME_OK, organisation_load(f->st, &f->a, id, false, &l));
	assert_string_equal(l.confirmed_at, "2024-06-01T12:00:00Z");
	assert_string_equal(l.updated_at, "2023-01-01T00:00:00Z");
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM audit_log WHERE action = 'confirm' AND entity_id = $1",
				   ARGS(SV_I(id)), -1),
			 1);
	assert_int_equal(organisation_confirm(f->st, id + 1000, 0), OUTCOME_NOT_FOUND);
}

/* ----- sort order ----- */

static void sort_key_puts_a_ring_a_umlaut_o_umlaut_after_z(void **state)
{
	static const char *const ordered[] = {"Alfa", "Café Ekerö", "Eker", "Ekerö IF", "Ekerö-Munsö", "Yngve",
					      "Zeta", "Åkersberga", "Älvsjö", "Öja"};
	char *prev = NULL;
	for (size_t i = 0; i < sizeof ordered / sizeof ordered[0]; i++) {
		char *k = organisation_sort_key(ordered[i]);
		if (prev && strcmp(prev, k) >= 0)
			fail_msg("\"%s\" does not sort after the name before it (%s >= %s)", ordered[i], prev, k);
		free(prev);
		prev = k;
	}
	free(prev);
}

static void sort_key_folds_case_accents_and_punctuation(void **state)
{
	static const char *const same[][2] = {
		{"Café", "cafe"},           {"ÅÄÖ", "åäö"},     {"Ekerö-Munsö", "ekerö  munsö"},
		{"\"Vi på Lovö\"", "vi på lovö"}, {"Müller", "myller"}, {"Øresund", "öresund"},
		{"Łódź", "lodz"},           {"  Adelsö ", "adelsö"},
	};
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		char *a = organisation_sort_key(same[i][0]), *b = organisation_sort_key(same[i][1]);
		if (strcmp(a, b) != 0)
			fail_msg("\"%s\" -> \"%s\" but \"%s\" -> \"%s\"", same[i][0], a, same[i][1], b);
		free(a);
		free(b);
	}
	char *k = organisation_sort_key(NULL);
	assert_string_equal(k, "");
	free(k);
}

/* ----- search ----- */

static void add(struct fixture *f, const char *name, const char *category, const char *target_group,
		const char *district, bool public)
{
	struct organisation o = sample(name, "");
	o.categories[0] = category;
	if (target_group) {
		o.target_groups[0] = target_group;
		o.ntarget_groups = 1;
	}
	if (district) {
		o.districts[0] = district;
		o.ndistricts = 1;
	}
	o.public = public;
	save_ok(f, &o);
}

static void search_orders_names_the_swedish_way(void **state)
{
	struct fixture *f = *state;
	add(f, "Öja", "icnpo1", NULL, NULL, true);
	add(f, "Zeta", "icnpo1", NULL, NULL, true);
	add(f, "Älvsjö", "icnpo1", NULL, NULL, true);
	add(f, "Åkersberga", "icnpo1", NULL, NULL, true);
	add(f, "alfa", "icnpo1", NULL, NULL, true);
	struct org_page p;
	struct org_filter flt = {.per_page = 10};
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.n, 5);
	static const char *const want[] = {"alfa", "Zeta", "Åkersberga", "Älvsjö", "Öja"};
	for (int i = 0; i < 5; i++)
		assert_string_equal(p.items[i].name, want[i]);
	flt.sort = ORG_SORT_NAME_DESC;
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	for (int i = 0; i < 5; i++)
		assert_string_equal(p.items[i].name, want[4 - i]);
}

static void search_filters_by_each_list_and_hides_non_public(void **state)
{
	struct fixture *f = *state;
	add(f, "Adelsö IF", "icnpo1", "unga", "adelso", true);
	add(f, "Munsö PRO", "icnpo4", "aldre", "munso", true);
	add(f, "Ekerö Röda Korset", "icnpo4", "alla", "ekeron", true);
	add(f, "Dolda föreningen", "icnpo4", "aldre", "munso", false);
	struct org_page p;
	struct org_filter flt = {.per_page = 10};

	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 3);
	flt.include_hidden = true;
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 4);
	flt.include_hidden = false;

	flt.category = "icnpo4";
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 2);
	assert_string_equal(p.items[0].name, "Ekerö Röda Korset");
	assert_string_equal(p.items[1].name, "Munsö PRO");

	flt.target_group = "aldre";
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 1);
	assert_string_equal(p.items[0].name, "Munsö PRO");
	/* The page's lists are loaded with it. */
	assert_int_equal(p.items[0].ncategories, 1);
	assert_string_equal(p.items[0].categories[0], "icnpo4");
	assert_string_equal(p.items[0].target_groups[0], "aldre");
	assert_string_equal(p.items[0].districts[0], "munso");
	assert_int_equal(p.items[0].ncontacts, 0);

	flt = (struct org_filter){.district = "adelso", .per_page = 10};
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 1);
	assert_string_equal(p.items[0].name, "Adelsö IF");

	flt = (struct org_filter){.legal_form = "stiftelse", .per_page = 10};
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 0);
	assert_int_equal(p.n, 0);
	flt.legal_form = "ideell_forening";
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 3);
}

static void search_paginates_with_the_total_of_all_matches(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 25; i++) {
		char name[32];
		snprintf(name, sizeof name, "Förening %02d", i);
		add(f, arena_strdup(&f->a, name), i % 2 ? "icnpo1" : "icnpo2", "barn", "ekeron", true);
	}
	struct org_page p;
	struct org_filter flt = {.per_page = 10, .page = 1};
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 25);
	assert_int_equal(p.n, 10);
	assert_string_equal(p.items[0].name, "Förening 00");
	flt.page = 3;
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.n, 5);
	assert_int_equal(p.page, 3);
	assert_string_equal(p.items[0].name, "Förening 20");
	/* Every item of the page has its own lists, not its neighbour's. */
	for (int i = 0; i < p.n; i++) {
		int num = atoi(p.items[i].name + strlen("Förening "));
		assert_int_equal(p.items[i].ncategories, 1);
		assert_string_equal(p.items[i].categories[0], num % 2 ? "icnpo1" : "icnpo2");
		assert_string_equal(p.items[i].districts[0], "ekeron");
	}
	flt.page = 4;
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(p.total, 25);

	/* Out-of-range paging is brought into range. */
	flt = (struct org_filter){.per_page = 1000, .page = -3};
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.per_page, 100);
	assert_int_equal(p.page, 1);
	assert_int_equal(p.n, 25);
	flt = (struct org_filter){0};
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.n, p.per_page);
	assert_true(p.per_page >= 1 && p.per_page <= 100);
}

static void search_text_uses_swedish_stemming(void **state)
{
	struct fixture *f = *state;
	add(f, "Adelsö Idrottsförening", "icnpo1", NULL, NULL, true);
	add(f, "Munsö Förening för bygdens framtid", "icnpo6", NULL, NULL, true);
	struct organisation o = sample("Ekerö Hembygdsförening", "");
	o.description = "Vi ordnar föreläsningar om bygdens historia.";
	save_ok(f, &o);
	add(f, "Dold idrottsförening", "icnpo1", NULL, NULL, false);

	struct org_page p;
	struct org_filter flt = {.q = "idrottsföreningar", .per_page = 10};
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 1);
	assert_string_equal(p.items[0].name, "Adelsö Idrottsförening");

	flt.q = "föreningar";
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 1);
	assert_string_equal(p.items[0].name, "Munsö Förening för bygdens framtid");

	flt.q = "FÖRELÄSNING";
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 1);
	assert_string_equal(p.items[0].name, "Ekerö Hembygdsförening");

	/* Text combines with the other filters, and with the hidden ones for officials. (Not the
	 * singular: "Idrottsförening" is an alias of icnpo1, which a search also finds as a category.) */
	flt = (struct org_filter){.q = "idrottsföreningar", .category = "icnpo1", .include_hidden = true, .per_page = 10};
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 2);

	/* Query syntax in the input is only text. */
	flt = (struct org_filter){.q = "\"idrott* OR NOT (", .per_page = 10};
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 0);
	/* Blank text is no filter. */
	flt.q = "   ";
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 3);
}

static void search_finds_organisations_not_confirmed_for_fifteen_months(void **state)
{
	struct fixture *f = *state;
	setenv("SAMVERKAN_NOW", "2022-01-10T00:00:00Z", 1);
	add(f, "Gammal", "icnpo1", NULL, NULL, true);
	setenv("SAMVERKAN_NOW", "2023-01-10T00:00:00Z", 1);
	add(f, "Ett år", "icnpo1", NULL, NULL, true);
	add(f, "Aldrig bekräftad", "icnpo1", NULL, NULL, true);
	assert_int_equal(store_exec(f->st, "UPDATE organisation SET confirmed_at = NULL WHERE name = 'Aldrig bekräftad'",
				    NOARGS),
			 1);
	setenv("SAMVERKAN_NOW", "2024-01-20T00:00:00Z", 1);
	struct org_page p;
	struct org_filter flt = {.unconfirmed_only = true, .per_page = 10};
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_int_equal(p.total, 2);
	assert_string_equal(p.items[0].name, "Aldrig bekräftad");
	assert_null(p.items[0].confirmed_at);
	assert_string_equal(p.items[1].name, "Gammal");
}

static void search_sorts_by_last_change(void **state)
{
	struct fixture *f = *state;
	setenv("SAMVERKAN_NOW", "2024-01-01T00:00:00Z", 1);
	add(f, "B", "icnpo1", NULL, NULL, true);
	setenv("SAMVERKAN_NOW", "2024-02-01T00:00:00Z", 1);
	add(f, "A", "icnpo1", NULL, NULL, true);
	setenv("SAMVERKAN_NOW", "2024-03-01T00:00:00Z", 1);
	add(f, "C", "icnpo1", NULL, NULL, true);
	struct org_page p;
	struct org_filter flt = {.sort = ORG_SORT_UPDATED, .per_page = 10};
	assert_int_equal(organisation_search(f->st, &f->a, &flt, &p), 0);
	assert_string_equal(p.items[0].name, "C");
	assert_string_equal(p.items[1].name, "A");
	assert_string_equal(p.items[2].name, "B");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(validate_accepts_the_smallest_organisation),
		T(validate_names_each_missing_required_field),
		T(an_address_postcode_places_the_organisation_in_its_district),
		T(validate_trims_and_normalises_every_field),
		T(validate_explains_wrong_organisation_numbers),
		T(validate_website),
		T(validate_email_and_phone),
		T(validate_unknown_codes_are_named_in_the_message),
		T(validate_text_must_be_clean_utf8_within_limits),
		T(validate_contacts_by_index),
		T(validate_applies_the_text_contract_to_every_text),
		T(save_and_load_roundtrip),
		T(save_stores_optional_blanks_as_null),
		T(save_refuses_a_registered_organisation_number),
		T(save_refuses_invalid_input_with_the_first_error),
		T(update_replaces_links_and_keeps_contact_ids),
		T(upsert_updates_by_organisation_number),
		T(upsert_inside_the_callers_transaction_leaves_no_half_row),
		T(audit_records_field_names_without_personal_data),
		T(confirm_sets_the_time_and_is_audited),
		T(sort_key_puts_a_ring_a_umlaut_o_umlaut_after_z),
		T(sort_key_folds_case_accents_and_punctuation),
		T(search_orders_names_the_swedish_way),
		T(search_filters_by_each_list_and_hides_non_public),
		T(search_paginates_with_the_total_of_all_matches),
		T(search_text_uses_swedish_stemming),
		T(search_finds_organisations_not_confirmed_for_fifteen_months),
		T(search_sorts_by_last_change),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
