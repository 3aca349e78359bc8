/* organisation_import: a CSV file of organisations checked row by row and written in one
 * transaction; and the public register read out, in four queries, for the export. */
#include "base/text.h"
#include "domain/organisation_import.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "base/log.h"
#include "domain/taxonomy.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------------------------------
 * Columns.
 */

enum column {
	COL_NAME,
	COL_ORG_NUMBER,
	COL_LEGAL_FORM,
	COL_CATEGORIES,
	COL_TARGET_GROUPS,
	COL_DISTRICTS,
	COL_DESCRIPTION,
	COL_WEBSITE,
	COL_EMAIL,
	COL_PHONE,
	COL_CONTACT_NAME,
	COL_CONTACT_EMAIL,
	COL_CONTACT_PHONE,
	COL_PUBLIC,
	NCOLUMNS
};

/* The English name is also the field name organisation_validate reports errors under. */
static const struct {
	const char *en, *sv;
} columns[NCOLUMNS] = {
	[COL_NAME] = {"name", "namn"},
	[COL_ORG_NUMBER] = {"org_number", "organisationsnummer"},
	[COL_LEGAL_FORM] = {"legal_form", "organisationsform"},
	[COL_CATEGORIES] = {"categories", "verksamhet"},
	[COL_TARGET_GROUPS] = {"target_groups", "målgrupper"},
	[COL_DISTRICTS] = {"districts", "områden"},
	[COL_DESCRIPTION] = {"description", "beskrivning"},
	[COL_WEBSITE] = {"website", "webbplats"},
	[COL_EMAIL] = {"email", "e-post"},
	[COL_PHONE] = {"phone", "telefon"},
	[COL_CONTACT_NAME] = {"contact_name", "kontaktperson"},
	[COL_CONTACT_EMAIL] = {"contact_email", "kontaktperson_e-post"},
	[COL_CONTACT_PHONE] = {"contact_phone", "kontaktperson_telefon"},
	[COL_PUBLIC] = {"public", "publik"},
};

/* What the export writes: every column of the public register, none with personal data. */
const char *const organisation_export_columns[] = {
	"name", "org_number", "legal_form", "categories", "target_groups", "districts",
	"description", "website", "email", "phone",
};
const int organisation_export_column_count = sizeof organisation_export_columns / sizeof organisation_export_columns[0];

const char *organisation_import_columns(void)
{
	static char list[512];
	if (!list[0]) {
		size_t n = 0;
		for (int c = 0; c < NCOLUMNS; c++)
			n += (size_t)snprintf(list + n, sizeof list - n, "%s%s (%s)", c ? ", " : "", columns[c].en,
					      columns[c].sv);
	}
	return list;
}

static int column_of(const char *header)
{
	char want[128], have[128];
	if (!text_fold(header, want, sizeof want, true))
		return -1;
	for (int c = 0; c < NCOLUMNS; c++)
		if ((text_fold(columns[c].en, have, sizeof have, true) && strcmp(want, have) == 0) ||
		    (text_fold(columns[c].sv, have, sizeof have, true) && strcmp(want, have) == 0))
			return c;
	return -1;
}

/* ---------------------------------------------------------------------------------------------
 * Words association registers use. The taxonomy is SCB's ICNPO groups and a short list of
 * target groups and legal forms; registers kept in Interbook, Rbok or a spreadsheet describe the
 * same things in their own words ("Idrott", "Vuxna", "informell grupp"). A value that is
 * neither a code nor a name of the taxonomy is looked up here before it is called unknown.
 * Keys are folded (lower case, single spaces).
 */

struct synonym {
	enum taxonomy list;
	const char *word, *code;
};

static const struct synonym synonyms[] = {
	/* ICNPO 1: culture, sports, other recreation and social clubs. */
	{TAX_CATEGORY, "kultur", "icnpo1"}, {TAX_CATEGORY, "culture", "icnpo1"},
	{TAX_CATEGORY, "idrott", "icnpo1"}, {TAX_CATEGORY, "sport", "icnpo1"},
	{TAX_CATEGORY, "sports", "icnpo1"}, {TAX_CATEGORY, "fritid", "icnpo1"},
	{TAX_CATEGORY, "recreation", "icnpo1"}, {TAX_CATEGORY, "friluftsliv", "icnpo1"},
	{TAX_CATEGORY, "outdoor life", "icnpo1"}, {TAX_CATEGORY, "outdoor recreation", "icnpo1"},
	{TAX_CATEGORY, "musik", "icnpo1"}, {TAX_CATEGORY, "music", "icnpo1"},
	{TAX_CATEGORY, "teater", "icnpo1"}, {TAX_CATEGORY, "theatre", "icnpo1"},
	{TAX_CATEGORY, "theater", "icnpo1"}, {TAX_CATEGORY, "dans", "icnpo1"},
	{TAX_CATEGORY, "dance", "icnpo1"}, {TAX_CATEGORY, "konst", "icnpo1"},
	{TAX_CATEGORY, "art", "icnpo1"}, {TAX_CATEGORY, "arts", "icnpo1"},
	{TAX_CATEGORY, "historia", "icnpo1"}, {TAX_CATEGORY, "history", "icnpo1"},
	{TAX_CATEGORY, "hembygd", "icnpo1"}, {TAX_CATEGORY, "local history", "icnpo1"},
	{TAX_CATEGORY, "scouting", "icnpo1"}, {TAX_CATEGORY, "social gemenskap", "icnpo1"},
	{TAX_CATEGORY, "gemenskap", "icnpo1"}, {TAX_CATEGORY, "social", "icnpo1"},
	{TAX_CATEGORY, "social clubs", "icnpo1"},
	/* ICNPO 2. */
	{TAX_CATEGORY, "utbildning", "icnpo2"}, {TAX_CATEGORY, "education", "icnpo2"},
	{TAX_CATEGORY, "folkbildning", "icnpo2"}, {TAX_CATEGORY, "studiecirklar", "icnpo2"},
	{TAX_CATEGORY, "forskning", "icnpo2"}, {TAX_CATEGORY, "research", "icnpo2"},
	/* ICNPO 3, 4. */
	{TAX_CATEGORY, "vård", "icnpo3"}, {TAX_CATEGORY, "health care", "icnpo3"},
	{TAX_CATEGORY, "socialt stöd", "icnpo4"}, {TAX_CATEGORY, "social support", "icnpo4"},
	{TAX_CATEGORY, "omsorg", "icnpo4"}, {TAX_CATEGORY, "stöd", "icnpo4"},
	/* ICNPO 5: environment and animal protection. */
	{TAX_CATEGORY, "natur", "icnpo5"}, {TAX_CATEGORY, "nature", "icnpo5"},
	{TAX_CATEGORY, "natur och miljö", "icnpo5"}, {TAX_CATEGORY, "nature and environment", "icnpo5"},
	{TAX_CATEGORY, "miljö och natur", "icnpo5"}, {TAX_CATEGORY, "djurskydd", "icnpo5"},
	{TAX_CATEGORY, "animal protection", "icnpo5"},
	/* ICNPO 6. */
	{TAX_CATEGORY, "bygdeutveckling", "icnpo6"}, {TAX_CATEGORY, "lokal utveckling", "icnpo6"},
	{TAX_CATEGORY, "community development", "icnpo6"}, {TAX_CATEGORY, "bostäder", "icnpo6"},
	{TAX_CATEGORY, "housing", "icnpo6"},
	/* ICNPO 7 holds crime prevention and public safety with law and advocacy. */
	{TAX_CATEGORY, "trygghet", "icnpo7"}, {TAX_CATEGORY, "safety", "icnpo7"},
	{TAX_CATEGORY, "grannsamverkan", "icnpo7"}, {TAX_CATEGORY, "neighbourhood watch", "icnpo7"},
	{TAX_CATEGORY, "brottsförebyggande", "icnpo7"}, {TAX_CATEGORY, "crime prevention", "icnpo7"},
	{TAX_CATEGORY, "intressebevakning", "icnpo7"}, {TAX_CATEGORY, "advocacy", "icnpo7"},
	{TAX_CATEGORY, "politik", "icnpo7"}, {TAX_CATEGORY, "politics", "icnpo7"},
	/* ICNPO 8–11. */
	{TAX_CATEGORY, "frivilligarbete", "icnpo8"}, {TAX_CATEGORY, "volunteering", "icnpo8"},
	{TAX_CATEGORY, "internationellt", "icnpo9"}, {TAX_CATEGORY, "international", "icnpo9"},
	{TAX_CATEGORY, "bistånd", "icnpo9"},
	{TAX_CATEGORY, "kyrka", "icnpo10"}, {TAX_CATEGORY, "church", "icnpo10"},
	{TAX_CATEGORY, "tro", "icnpo10"}, {TAX_CATEGORY, "faith", "icnpo10"},
	{TAX_CATEGORY, "fackförbund", "icnpo11"}, {TAX_CATEGORY, "union", "icnpo11"},
	/* Target groups. Adults are not a group of their own in the list: they are everyone. */
	{TAX_TARGET_GROUP, "vuxna", "alla"}, {TAX_TARGET_GROUP, "adults", "alla"},
	{TAX_TARGET_GROUP, "all", "alla"}, {TAX_TARGET_GROUP, "allmänheten", "alla"},
	{TAX_TARGET_GROUP, "youth", "unga"}, {TAX_TARGET_GROUP, "ungdomar", "unga"},
	{TAX_TARGET_GROUP, "young", "unga"}, {TAX_TARGET_GROUP, "seniorer", "aldre"},
	{TAX_TARGET_GROUP, "pensionärer", "aldre"}, {TAX_TARGET_GROUP, "seniors", "aldre"},
	{TAX_TARGET_GROUP, "elderly", "aldre"}, {TAX_TARGET_GROUP, "funktionsnedsatta", "funktionsnedsattning"},
	{TAX_TARGET_GROUP, "disabled people", "funktionsnedsattning"},
	{TAX_TARGET_GROUP, "kvinnor", "kvinnor"}, {TAX_TARGET_GROUP, "tjejer", "kvinnor"},
	{TAX_TARGET_GROUP, "flickor", "kvinnor"}, {TAX_TARGET_GROUP, "women", "kvinnor"},
	{TAX_TARGET_GROUP, "girls", "kvinnor"}, {TAX_TARGET_GROUP, "män", "man"},
	{TAX_TARGET_GROUP, "killar", "man"}, {TAX_TARGET_GROUP, "pojkar", "man"},
	{TAX_TARGET_GROUP, "men", "man"}, {TAX_TARGET_GROUP, "boys", "man"},
	/* Legal forms. */
	{TAX_LEGAL_FORM, "förening", "ideell_forening"}, {TAX_LEGAL_FORM, "ideell", "ideell_forening"},
	{TAX_LEGAL_FORM, "association", "ideell_forening"}, {TAX_LEGAL_FORM, "informell grupp", "informell_grupp"},
	{TAX_LEGAL_FORM, "informal group", "informell_grupp"}, {TAX_LEGAL_FORM, "nätverk", "informell_grupp"},
	{TAX_LEGAL_FORM, "network", "informell_grupp"}, {TAX_LEGAL_FORM, "informal network", "informell_grupp"},
	{TAX_LEGAL_FORM, "trossamfund", "trossamfund"}, {TAX_LEGAL_FORM, "församling", "trossamfund"},
	{TAX_LEGAL_FORM, "religious community", "trossamfund"}, {TAX_LEGAL_FORM, "kooperativ", "ekonomisk_forening"},
	{TAX_LEGAL_FORM, "cooperative", "ekonomisk_forening"}, {TAX_LEGAL_FORM, "ab", "aktiebolag"},
	{TAX_LEGAL_FORM, "company", "aktiebolag"},
};

/* The code for a value given by code, name or a register's word; the value itself when none
 * matches, for organisation_validate to report in its own words. */
static const char *resolve(struct store *st, struct arena *a, enum taxonomy list, const char *value)
{
	char code[32], key[256];
	if (taxonomy_resolve(st, list, value, code))
		return arena_strdup(a, code);
	if (text_fold(value, key, sizeof key, false))
		for (size_t i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++)
			if (synonyms[i].list == list && strcmp(synonyms[i].word, key) == 0)
				return synonyms[i].code;
	return value;
}

/* ---------------------------------------------------------------------------------------------
 * The import.
 */

struct importer {
	struct store *st;
	const struct csv_table *t;
	const struct import_options *opt;
	struct import_result *res;
	int field_col[CSV_MAX_FIELDS_PER_ROW]; /* file field index → enum column, or -1 (ignored) */
	size_t named;                          /* fields up to the last named header */
	int where[NCOLUMNS];                   /* enum column → file field index, or -1 */
	/* Which rows are which organisation, to catch the same one twice: key → first line. */
	char **keys;
	size_t *key_lines;
	size_t nslots;
	struct arena keys_arena;
};

static void problem(struct import_result *res, size_t line, const char *column, const char *message)
{
	if (res->nproblems == res->problems_cap) {
		res->problems_cap = res->problems_cap ? res->problems_cap * 2 : 16;
		res->problems = realloc(res->problems, res->problems_cap * sizeof *res->problems);
		if (!res->problems)
			abort();
	}
	res->problems[res->nproblems++] = (struct import_problem){
		line, arena_strdup(&res->arena, column ? column : ""), arena_strdup(&res->arena, message)};
}

static const char *cell(const struct importer *im, const struct csv_row *row, enum column c)
{
	int f = im->where[c];
	return f >= 0 && (size_t)f < row->nfields ? row->fields[f] : "";
}

static bool has(const struct importer *im, enum column c) { return im->where[c] >= 0; }

/* The column as the file heads it, for messages: people look for their own heading. */
static const char *heading(const struct importer *im, enum column c)
{
	return has(im, c) ? im->t->rows[0].fields[im->where[c]] : columns[c].en;
}

/* The file's heading for a field organisation_validate names ("contact_email_1" is the second
 * contact's e-mail: "kontaktperson_e-post (2)"); "" for a message about the whole row. */
static const char *heading_of_field(const struct importer *im, struct arena *a, const char *field)
{
	if (!field || !*field)
		return "";
	for (int c = 0; c < NCOLUMNS; c++)
		if (strcmp(field, columns[c].en) == 0)
			return heading(im, (enum column)c);
	static const struct {
		const char *prefix;
		enum column c;
	} contact[] = {{"contact_name_", COL_CONTACT_NAME}, {"contact_email_", COL_CONTACT_EMAIL},
		       {"contact_phone_", COL_CONTACT_PHONE}, {"contact_role_", COL_CONTACT_NAME}};
	for (size_t i = 0; i < sizeof contact / sizeof contact[0]; i++) {
		size_t n = strlen(contact[i].prefix);
		if (strncmp(field, contact[i].prefix, n) == 0) {
			int index = atoi(field + n);
			return index == 0 ? heading(im, contact[i].c)
					  : arena_printf(a, "%s (%d)", heading(im, contact[i].c), index + 1);
		}
	}
	return field;
}

/* Reads the header row: every named column must be one we know, and `name` must be there. */
static bool read_header(struct importer *im)
{
	const struct csv_row *h = &im->t->rows[0];
	struct import_result *res = im->res;
	for (int c = 0; c < NCOLUMNS; c++)
		im->where[c] = -1;
	im->named = 0;
	for (size_t f = 0; f < h->nfields; f++)
		if (*h->fields[f])
			im->named = f + 1;
	bool ok = true;
	for (size_t f = 0; f < h->nfields; f++) {
		im->field_col[f] = -1;
		const char *name = h->fields[f];
		if (!*name) {
			if (f < im->named) {
				problem(res, h->line, "",
					arena_printf(&res->arena, _("Column %zu has no heading; the columns are: %s."), f + 1,
						     organisation_import_columns()));
				ok = false;
			}
			continue;
		}
		int c = column_of(name);
		if (c < 0) {
			problem(res, h->line, name,
				arena_printf(&res->arena, _("\"%s\" is not a column we know; the columns are: %s."), name,
					     organisation_import_columns()));
			ok = false;
		} else if (im->where[c] >= 0) {
			problem(res, h->line, name,
				arena_printf(&res->arena, _("This column is there twice (also as \"%s\")."),
					     h->fields[im->where[c]]));
			ok = false;
		} else {
			im->where[c] = (int)f;
			im->field_col[f] = c;
		}
	}
	if (ok && im->where[COL_NAME] < 0) {
		problem(res, h->line, "",
			arena_printf(&res->arena, _("The file has no column for the name (name or namn); the columns are: %s."),
				     organisation_import_columns()));
		ok = false;
	}
	return ok;
}

/* Splits a '|'-separated field into trimmed, non-empty values (at most max). Returns how many
 * there were in all, so the caller can tell when some did not fit. */
static int split(struct arena *a, const char *s, const char **out, int max)
{
	int n = 0;
	while (*s) {
		size_t len = strcspn(s, "|");
		const char *v = text_trim(a, arena_strndup(a, s, len));
		if (*v) {
			if (n < max)
				out[n] = v;
			n++;
		}
		s += len;
		if (*s == '|')
			s++;
	}
	return n;
}

/* 1 yes, 0 no, -1 not a yes or no. */
static int parse_yes_no(const char *s)
{
	static const char *const yes[] = {"ja", "yes", "1", "true", "sant", "j", "y"};
	static const char *const no[] = {"nej", "no", "0", "false", "falskt", "n"};
	char f[16];
	if (!text_fold(s, f, sizeof f, false))
		return -1;
	if (!*f)
		return 1;
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcmp(f, yes[i]) == 0)
			return 1;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcmp(f, no[i]) == 0)
			return 0;
	return -1;
}

static uint64_t hash_text(const char *s)
{
	uint64_t h = 14695981039346656037u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

/* Remembers key for line; returns 0, or the earlier line that had the same key. */
static size_t seen_before(struct importer *im, const char *key, size_t line)
{
	size_t mask = im->nslots - 1;
	for (size_t i = (size_t)hash_text(key) & mask;; i = (i + 1) & mask) {
		if (!im->keys[i]) {
			im->keys[i] = arena_strdup(&im->keys_arena, key);
			im->key_lines[i] = line;
			return 0;
		}
		if (strcmp(im->keys[i], key) == 0)
			return im->key_lines[i];
	}
}

/* The existing organisation a row is (see the header for the rule), 0 for none, -1 on error. */
static long long find_existing(struct store *st, const char *org_number, const char *name)
{
	if (*org_number) {
		long long id = store_int(st, "SELECT id FROM organisation WHERE org_number = $1", ARGS(SV_T(org_number)), 0);
		if (id != 0)
			return id;
	}
	return store_int(st,
			 "SELECT id FROM organisation WHERE (org_number IS NULL OR org_number = '') AND name = $1 "
			 "ORDER BY id LIMIT 1",
			 ARGS(SV_T(name)), 0);
}

static void set_codes(struct importer *im, struct arena *a, const struct csv_row *row, size_t line, enum column c,
		      enum taxonomy list, const char **codes, int *n, bool *bad)
{
	const char *values[ORG_MAX_CODES];
	int count = split(a, cell(im, row, c), values, ORG_MAX_CODES);
	if (count > ORG_MAX_CODES) {
		problem(im->res, line, heading(im, c),
			arena_printf(a, _("There are %d values; at most %d are allowed."), count, ORG_MAX_CODES));
		*bad = true;
		count = ORG_MAX_CODES;
	}
	for (int i = 0; i < count; i++)
		codes[i] = resolve(im->st, a, list, values[i]);
	*n = count;
}

/* Contact persons: contact_name may list several, and e-mail and phone then pair up by position. */
static void set_contacts(struct importer *im, struct arena *a, const struct csv_row *row, size_t line,
			 struct organisation *o, const struct organisation *old, bool *bad)
{
	const char *names[ORG_MAX_CONTACTS], *emails[ORG_MAX_CONTACTS], *phones[ORG_MAX_CONTACTS];
	int nn = split(a, cell(im, row, COL_CONTACT_NAME), names, ORG_MAX_CONTACTS);
	int ne = split(a, cell(im, row, COL_CONTACT_EMAIL), emails, ORG_MAX_CONTACTS);
	int np = split(a, cell(im, row, COL_CONTACT_PHONE), phones, ORG_MAX_CONTACTS);
	if (nn > ORG_MAX_CONTACTS) {
		problem(im->res, line, heading(im, COL_CONTACT_NAME),
			arena_printf(a, _("There are %d contact persons; at most %d are allowed."), nn, ORG_MAX_CONTACTS));
		*bad = true;
		return;
	}
	/* One contact written as "Anna Berg" with an e-mail but a stray '|' elsewhere is still one. */
	int n = nn > 1 ? nn : (nn == 1 || ne > 0 || np > 0) ? 1 : 0;
	if (nn > 1 && ((ne > 0 && ne != nn) || (np > 0 && np != nn))) {
		problem(im->res, line, heading(im, ne > 0 && ne != nn ? COL_CONTACT_EMAIL : COL_CONTACT_PHONE),
			arena_printf(a, _("There are %d contact persons but %d e-mail addresses and %d phone numbers; "
					  "give one of each per person, or none."),
				     nn, ne, np));
		*bad = true;
		return;
	}
	if (nn <= 1 && (ne > 1 || np > 1)) {
		problem(im->res, line, heading(im, ne > 1 ? COL_CONTACT_EMAIL : COL_CONTACT_PHONE),
			_("There are several values for one contact person; separate the names with | too."));
		*bad = true;
		return;
	}
	o->ncontacts = n;
	for (int i = 0; i < n; i++) {
		struct contact_person *c = &o->contacts[i];
		*c = (struct contact_person){0};
		c->name = nn > i ? names[i] : "";
		c->email = n == 1 ? (ne ? emails[0] : "") : (ne ? emails[i] : "");
		c->phone = n == 1 ? (np ? phones[0] : "") : (np ? phones[i] : "");
		c->role = "";
		/* The same person again keeps their id and role, so the audit log and an erasure
		 * request can follow them. */
		for (int j = 0; old && j < old->ncontacts; j++)
			if (strcmp(old->contacts[j].name, c->name) == 0) {
				c->id = old->contacts[j].id;
				c->role = old->contacts[j].role;
			}
	}
}

/* Checks one row and, when it is right and writing is still on, writes it. */
static void import_row(struct importer *im, const struct csv_row *row, bool *writing)
{
	struct import_result *res = im->res;
	struct store *st = im->st;
	size_t line = row->line;
	size_t before = res->nproblems;
	bool bad = false;
	struct arena a = ARENA_INIT;

	for (size_t f = 0; f < row->nfields; f++) {
		if (f >= im->named && *row->fields[f]) {
			problem(res, line, "",
				arena_printf(&a, _("The row has a value in column %zu, which has no heading."), f + 1));
			bad = true;
			break;
		}
	}

	/* Who the row is: the canonical number when it is a valid one, else as typed (and
	 * organisation_validate will say what is wrong with it). */
	const char *number = cell(im, row, COL_ORG_NUMBER);
	char canon[12];
	if (orgnr_normalise(number, canon))
		number = canon;
	const char *name = cell(im, row, COL_NAME);
	long long existing = find_existing(st, number, name);
	struct organisation old, o;
	memset(&o, 0, sizeof o);
	bool update = false;
	enum outcome loaded = existing > 0 ? organisation_load(st, &a, existing, true, &old) : OUTCOME_NOT_FOUND;
	if (existing < 0 || (loaded != OUTCOME_OK && loaded != OUTCOME_NOT_FOUND)) {
		problem(res, line, "", store_errmsg(st));
		bad = true;
	} else if (loaded == OUTCOME_OK) {
		o = old;
		update = true;
	} else {
		o.public = true;
	}

	/* The file's columns replace what was there; what it has no column for stays. */
	if (has(im, COL_NAME))
		o.name = name;
	if (has(im, COL_ORG_NUMBER))
		o.org_number = number;
	if (has(im, COL_LEGAL_FORM))
		o.legal_form = resolve(st, &a, TAX_LEGAL_FORM, cell(im, row, COL_LEGAL_FORM));
	if (has(im, COL_CATEGORIES))
		set_codes(im, &a, row, line, COL_CATEGORIES, TAX_CATEGORY, o.categories, &o.ncategories, &bad);
	if (has(im, COL_TARGET_GROUPS))
		set_codes(im, &a, row, line, COL_TARGET_GROUPS, TAX_TARGET_GROUP, o.target_groups, &o.ntarget_groups, &bad);
	if (has(im, COL_DISTRICTS))
		set_codes(im, &a, row, line, COL_DISTRICTS, TAX_DISTRICT, o.districts, &o.ndistricts, &bad);
	if (has(im, COL_DESCRIPTION))
		o.description = cell(im, row, COL_DESCRIPTION);
	if (has(im, COL_WEBSITE))
		o.website = cell(im, row, COL_WEBSITE);
	if (has(im, COL_EMAIL))
		o.email = cell(im, row, COL_EMAIL);
	if (has(im, COL_PHONE))
		o.phone = cell(im, row, COL_PHONE);
	if (has(im, COL_PUBLIC)) {
		int yes = parse_yes_no(cell(im, row, COL_PUBLIC));
		if (yes < 0) {
			problem(res, line, heading(im, COL_PUBLIC),
				arena_printf(&a, _("\"%s\" is not yes or no; write ja or nej (or yes, no, 1, 0)."),
					     cell(im, row, COL_PUBLIC)));
			bad = true;
		} else {
			o.public = yes == 1;
		}
	}
	if (has(im, COL_CONTACT_NAME) || has(im, COL_CONTACT_EMAIL) || has(im, COL_CONTACT_PHONE))
		set_contacts(im, &a, row, line, &o, update ? &old : NULL, &bad);

	struct field_errors errs = {0};
	organisation_validate(st, &a, &o, &errs);
	for (int i = 0; i < errs.n; i++) {
		const char *col = heading_of_field(im, &a, errs.items[i].field);
		/* A field this importer already reported is not reported twice. */
		bool dup = false;
		for (size_t k = before; k < res->nproblems && !dup; k++)
			dup = strcmp(res->problems[k].column, col) == 0;
		if (!dup)
			problem(res, line, col, errs.items[i].message);
	}
	bad = bad || errs.n > 0;

	/* The same organisation twice in one file would be created and then overwritten. */
	if (!bad) {
		const char *key = *o.org_number ? o.org_number : arena_printf(&a, "\x01%s", o.name);
		size_t first = seen_before(im, key, line);
		if (first) {
			problem(res, line, heading(im, *o.org_number ? COL_ORG_NUMBER : COL_NAME),
				*o.org_number
					? arena_printf(&a, _("The organisation number is also on line %zu."), first)
					: arena_printf(&a,
						       _("The name is also on line %zu, without an organisation number; "
							 "rows without a number are told apart by their name."),
						       first));
			bad = true;
		}
	}

	if (!bad && *writing) {
		struct field_errors err = {0};
		/* organisation_upsert finds the organisation by number itself; without a number it
		 * updates o.id, the organisation of the same name found above, or creates one. */
		if (organisation_upsert(st, &a, &o, im->opt->account_id, true, &err) == OUTCOME_OK) {
			if (update)
				res->updated++;
			else
				res->created++;
		} else {
			const char *why = field_errors_first(&err);
			problem(res, line, err.n ? heading_of_field(im, &a, err.items[0].field) : "",
				why ? why : _("The row could not be saved."));
			bad = true;
		}
	} else if (!bad) {
		if (update)
			res->updated++;
		else
			res->created++;
	}
	if (bad) {
		res->skipped++;
		if (!im->opt->skip_invalid)
			*writing = false;
	}
	arena_free(&a);
}

enum import_status organisation_import_table(struct store *st, const struct csv_table *t,
					     const struct import_options *opt, struct import_result *res)
{
	static const struct import_options defaults = {0};
	if (!opt)
		opt = &defaults;
	memset(res, 0, sizeof *res);
	struct importer im = {.st = st, .t = t, .opt = opt, .res = res};
	if (!t || t->nrows == 0) {
		snprintf(res->error, sizeof res->error, "%s", _("The file is empty."));
		return IMPORT_FAILED;
	}
	if (t->rows[0].nfields > CSV_MAX_FIELDS_PER_ROW) {
		snprintf(res->error, sizeof res->error, "%s", _("The header row has too many columns."));
		return IMPORT_FAILED;
	}
	if (!read_header(&im))
		return IMPORT_INVALID;
	res->rows = t->nrows - 1;

	im.nslots = 16;
	while (im.nslots < res->rows * 2)
		im.nslots *= 2;
	im.keys = calloc(im.nslots, sizeof *im.keys);
	im.key_lines = calloc(im.nslots, sizeof *im.key_lines);
	if (!im.keys || !im.key_lines)
		abort();

	enum import_status status = IMPORT_OK;
	if (store_begin(st) != 0) {
		snprintf(res->error, sizeof res->error, "%s", store_errmsg(st));
		status = IMPORT_FAILED;
		goto done;
	}
	/* Rows are checked and written in one pass inside the transaction; after the first bad row
	 * (without skip_invalid) the rest are only checked, so every problem is listed at once, and
	 * the transaction is rolled back. */
	bool writing = true;
	for (size_t r = 1; r < t->nrows; r++) {
		import_row(&im, &t->rows[r], &writing);
		if (opt->progress)
			opt->progress(r, t->nrows - 1, opt->progress_ctx);
	}
	if (res->skipped > 0 && !opt->skip_invalid) {
		store_rollback(st);
		status = IMPORT_INVALID;
	} else if (opt->dry_run) {
		store_rollback(st);
	} else if (store_commit(st) != 0) {
		snprintf(res->error, sizeof res->error, "%s", store_errmsg(st));
		store_rollback(st);
		status = IMPORT_FAILED;
	} else {
		res->written = true;
		/* Thousands of new rows at once: the planner's statistics should know them. */
		if (res->created > 100 && store_analyze(st) != 0)
			log_error("import: ANALYZE after the import: %s", store_errmsg(st));
	}
done:
	free(im.keys);
	free(im.key_lines);
	arena_free(&im.keys_arena);
	return status;
}

enum import_status organisation_import_file(struct store *st, const char *path, const struct import_options *opt,
					    struct import_result *res)
{
	char err[512];
	struct csv_table *t = csv_read_file(path, err, sizeof err);
	if (!t) {
		memset(res, 0, sizeof *res);
		snprintf(res->error, sizeof res->error, "%s", err);
		return IMPORT_FAILED;
	}
	enum import_status status = organisation_import_table(st, t, opt, res);
	csv_table_free(t);
	return status;
}

void import_result_free(struct import_result *res)
{
	if (!res)
		return;
	free(res->problems);
	arena_free(&res->arena);
	res->problems = NULL;
	res->nproblems = res->problems_cap = 0;
}

/* ---------------------------------------------------------------------------------------------
 * The public register, read out.
 */

/* One code list read alongside the organisations: its rows come in organisation id order too,
 * so each organisation takes the rows with its id from the front (a merge, not a query each). */
struct code_stream {
	struct cursor *c;
	bool has_row;
	long long id;
};

static void stream_advance(struct code_stream *s)
{
	s->has_row = cursor_next(s->c);
	s->id = s->has_row ? cursor_int(s->c, 0) : 0;
}

static void stream_take(struct code_stream *s, struct arena *a, long long id, const char **codes, int *n)
{
	*n = 0;
	while (s->has_row && s->id < id)
		stream_advance(s); /* an organisation made public in between: not in this export */
	while (s->has_row && s->id == id) {
		if (*n < ORG_MAX_CODES)
			codes[(*n)++] = arena_strdup(a, cursor_text(s->c, 1));
		stream_advance(s);
	}
}

int organisation_export_public(struct store *st, int (*each)(const struct organisation *o, void *ctx), void *ctx)
{
	static const char *const code_sql[3] = {
		"SELECT k.organisation_id, k.category_code FROM organisation_category k "
		"JOIN organisation o ON o.id = k.organisation_id JOIN category t ON t.code = k.category_code "
		"WHERE o.public = 1 ORDER BY k.organisation_id, t.sort, t.code",
		"SELECT k.organisation_id, k.target_group_code FROM organisation_target_group k "
		"JOIN organisation o ON o.id = k.organisation_id JOIN target_group t ON t.code = k.target_group_code "
		"WHERE o.public = 1 ORDER BY k.organisation_id, t.sort, t.code",
		"SELECT k.organisation_id, k.district_code FROM organisation_district k "
		"JOIN organisation o ON o.id = k.organisation_id JOIN district t ON t.code = k.district_code "
		"WHERE o.public = 1 ORDER BY k.organisation_id, t.sort, t.code",
	};
	struct cursor *orgs = store_query(st,
		"SELECT id, name, org_number, legal_form, description, website, email, phone, confirmed_at, updated_at "
		"FROM organisation WHERE public = 1 ORDER BY id",
		NOARGS);
	struct code_stream streams[3];
	for (int l = 0; l < 3; l++) {
		streams[l].c = store_query(st, code_sql[l], NOARGS);
		stream_advance(&streams[l]);
	}
	int rc = 0;
	struct arena a = ARENA_INIT;
	while (rc == 0 && cursor_next(orgs)) {
		struct organisation o;
		memset(&o, 0, sizeof o);
		o.id = cursor_int(orgs, 0);
		const char **text[] = {&o.name, &o.org_number, &o.legal_form, &o.description, &o.website,
				       &o.email, &o.phone, &o.confirmed_at, &o.updated_at};
		for (int i = 0; i < 9; i++) {
			const char *v = cursor_text(orgs, i + 1);
			*text[i] = v ? arena_strdup(&a, v) : i == 7 ? NULL : "";
		}
		o.public = true;
		stream_take(&streams[0], &a, o.id, o.categories, &o.ncategories);
		stream_take(&streams[1], &a, o.id, o.target_groups, &o.ntarget_groups);
		stream_take(&streams[2], &a, o.id, o.districts, &o.ndistricts);
		rc = each(&o, ctx);
		arena_free(&a);
	}
	if (cursor_close(orgs) != 0 && rc == 0)
		rc = -1;
	for (int l = 0; l < 3; l++)
		if (cursor_close(streams[l].c) != 0 && rc == 0)
			rc = -1;
	arena_free(&a);
	return rc;
}
