/* organisation_import: a CSV file or Excel sheet of organisations checked row by row and written
 * in one transaction; and the public register read out, in four queries, for the export. */
#include "base/text.h"
#include "domain/organisation_import.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/xlsx_reader.h"
#include "domain/taxonomy.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

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
	COL_STREET,
	COL_POSTCODE,
	COL_CITY,
	COL_POSTAL_STREET,
	COL_POSTAL_POSTCODE,
	COL_POSTAL_CITY,
	COL_ADDRESS_PUBLIC,
	COL_CHAIR,
	COL_CHAIR_EMAIL,
	COL_CHAIR_PHONE,
	COL_CONTACT_NAME,
	COL_CONTACT_EMAIL,
	COL_CONTACT_PHONE,
	COL_PUBLIC,
	NCOLUMNS
};

/* A heading --map sends nowhere: the column is left out without a warning. */
#define COL_IGNORED (-2)

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
	[COL_STREET] = {"street", "adress"},
	[COL_POSTCODE] = {"postcode", "postnummer"},
	[COL_CITY] = {"city", "ort"},
	[COL_POSTAL_STREET] = {"postal_street", "postadress"},
	[COL_POSTAL_POSTCODE] = {"postal_postcode", "postadress_postnummer"},
	[COL_POSTAL_CITY] = {"postal_city", "postadress_ort"},
	[COL_ADDRESS_PUBLIC] = {"address_public", "adress_publik"},
	[COL_CHAIR] = {"chair", "ordförande"},
	[COL_CHAIR_EMAIL] = {"chair_email", "ordförande_e-post"},
	[COL_CHAIR_PHONE] = {"chair_phone", "ordförande_telefon"},
	[COL_CONTACT_NAME] = {"contact_name", "kontaktperson"},
	[COL_CONTACT_EMAIL] = {"contact_email", "kontaktperson_e-post"},
	[COL_CONTACT_PHONE] = {"contact_phone", "kontaktperson_telefon"},
	[COL_PUBLIC] = {"public", "publik"},
};

/* Headings seen in real exports (booking and grant systems, the association registers kept in
 * Excel), besides the names above. Compared by taxonomy_key, so "Org.nr", "Org nr" and "ORGNR"
 * are one entry. */
static const struct {
	const char *heading;
	enum column c;
} headings[] = {
	{"Föreningsnamn", COL_NAME}, {"Organisationsnamn", COL_NAME}, {"Förening", COL_NAME},
	{"Föreningens namn", COL_NAME}, {"Organisation", COL_NAME}, {"Organisation name", COL_NAME},
	{"Organization", COL_NAME}, {"Organization name", COL_NAME},
	{"Org.nr", COL_ORG_NUMBER}, {"Organisationsnr", COL_ORG_NUMBER}, {"Org nummer", COL_ORG_NUMBER},
	{"Organisation number", COL_ORG_NUMBER}, {"Organization number", COL_ORG_NUMBER},
	{"Typ", COL_LEGAL_FORM}, {"Föreningstyp", COL_LEGAL_FORM}, {"Organisationstyp", COL_LEGAL_FORM},
	{"Juridisk form", COL_LEGAL_FORM}, {"Associationsform", COL_LEGAL_FORM}, {"Bolagsform", COL_LEGAL_FORM},
	{"Type", COL_LEGAL_FORM},
	{"Kategori", COL_CATEGORIES}, {"Kategorier", COL_CATEGORIES}, {"Verksamhetsområde", COL_CATEGORIES},
	{"Verksamhetsområden", COL_CATEGORIES}, {"Verksamhetsinriktning", COL_CATEGORIES},
	{"Inriktning", COL_CATEGORIES}, {"Category", COL_CATEGORIES}, {"Activity", COL_CATEGORIES},
	{"Målgrupp", COL_TARGET_GROUPS}, {"Target group", COL_TARGET_GROUPS},
	{"Område", COL_DISTRICTS}, {"Område/Stadsdel", COL_DISTRICTS}, {"Stadsdel", COL_DISTRICTS},
	{"Kommundel", COL_DISTRICTS}, {"District", COL_DISTRICTS}, {"Area", COL_DISTRICTS},
	{"Om föreningen", COL_DESCRIPTION}, {"Presentation", COL_DESCRIPTION},
	{"Hemsida", COL_WEBSITE}, {"Webb", COL_WEBSITE}, {"Webbadress", COL_WEBSITE}, {"Hemsideadress", COL_WEBSITE},
	{"Homepage", COL_WEBSITE}, {"Web", COL_WEBSITE}, {"URL", COL_WEBSITE},
	{"Epost", COL_EMAIL}, {"E-postadress", COL_EMAIL}, {"Mail", COL_EMAIL}, {"Mejl", COL_EMAIL},
	{"E-mail", COL_EMAIL}, {"Email address", COL_EMAIL},
	{"Telefonnummer", COL_PHONE}, {"Tel", COL_PHONE}, {"Tel.nr", COL_PHONE}, {"Telefonnr", COL_PHONE},
	{"Telephone", COL_PHONE},
	{"Gatuadress", COL_STREET}, {"Besöksadress", COL_STREET}, {"Address", COL_STREET},
	{"Visiting address", COL_STREET},
	{"Postnr", COL_POSTCODE}, {"Zip", COL_POSTCODE}, {"Zip code", COL_POSTCODE}, {"Postal code", COL_POSTCODE},
	{"Postort", COL_CITY}, {"Stad", COL_CITY}, {"Town", COL_CITY},
	{"Utdelningsadress", COL_POSTAL_STREET}, {"Postal address", COL_POSTAL_STREET},
	{"Ordf", COL_CHAIR}, {"Chairperson", COL_CHAIR},
	{"Ordf e-post", COL_CHAIR_EMAIL}, {"Ordförandes e-post", COL_CHAIR_EMAIL},
	{"Ordf telefon", COL_CHAIR_PHONE}, {"Ordförandes telefon", COL_CHAIR_PHONE},
	{"Kontakt", COL_CONTACT_NAME}, {"Contact", COL_CONTACT_NAME}, {"Contact person", COL_CONTACT_NAME},
	{"Kontaktpersonens e-post", COL_CONTACT_EMAIL}, {"Kontakt e-post", COL_CONTACT_EMAIL},
	{"Kontaktpersonens telefon", COL_CONTACT_PHONE}, {"Kontakt telefon", COL_CONTACT_PHONE},
	{"Offentlig", COL_PUBLIC},
};

/* The role a chair column's person is given. */
#define CHAIR_ROLE "Ordförande"

/* What export writes: every column of the public register, none with personal data. */
const char *const organisation_export_columns[] = {
	"name", "org_number", "legal_form", "categories", "target_groups", "districts",
	"description", "website", "email", "phone",
};
const int organisation_export_column_count = sizeof organisation_export_columns / sizeof organisation_export_columns[0];

const char *organisation_import_columns(void)
{
	static char list[2048];
	if (!list[0]) {
		size_t n = 0;
		for (int c = 0; c < NCOLUMNS; c++)
			n += (size_t)snprintf(list + n, sizeof list - n, "%s%s (%s)", c ? ", " : "", columns[c].en,
					      columns[c].sv);
	}
	return list;
}

static bool same_key(const char *a, const char *b)
{
	char ka[256], kb[256];
	return taxonomy_key(a, ka, sizeof ka) && taxonomy_key(b, kb, sizeof kb) && *ka && strcmp(ka, kb) == 0;
}

/* The column a field name or heading stands for, without --map; -1 for none. */
static int column_named(const char *header)
{
	for (int c = 0; c < NCOLUMNS; c++)
		if (same_key(header, columns[c].en) || same_key(header, columns[c].sv))
			return c;
	for (size_t i = 0; i < NELEMS(headings); i++)
		if (same_key(header, headings[i].heading))
			return headings[i].c;
	return -1;
}

/* The code for a value given by code, name or alias (the words registers use are seeded as
 * aliases, so the filters and the API know them too); NULL when none matches. */
static const char *known_code(struct store *st, struct arena *a, enum taxonomy list, const char *value)
{
	char code[32];
	return taxonomy_resolve(st, list, value, code) ? arena_strdup(a, code) : NULL;
}

/* ---------------------------------------------------------------------------------------------
 * The import.
 */

/* A --map-value pair used with --add-aliases: recorded once the import is committed. */
struct alias_use {
	enum taxonomy list;
	const char *alias, *code;
};

struct importer {
	struct store *st;
	const struct csv_table *t;
	const struct import_options *opt;
	struct import_result *res;
	size_t named;                          /* fields up to the last named header */
	int where[NCOLUMNS];                   /* enum column → file field index, or -1 */
	/* Which rows are which organisation, to catch the same one twice: key → first line. */
	char **keys;
	size_t *key_lines;
	size_t nslots;
	struct arena keys_arena; /* also owns the alias uses' strings */
	struct alias_use *aliases;
	size_t naliases;
};

static void push_problem(struct import_result *res, struct import_problem **list, size_t *n, size_t *cap,
			 size_t line, const char *column, const char *message)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*list = realloc(*list, *cap * sizeof **list);
		if (!*list)
			abort();
	}
	(*list)[(*n)++] = (struct import_problem){line, arena_strdup(&res->arena, column ? column : ""),
						  arena_strdup(&res->arena, message)};
}

static void problem(struct import_result *res, size_t line, const char *column, const char *message)
{
	push_problem(res, &res->problems, &res->nproblems, &res->problems_cap, line, column, message);
}

static void warning(struct import_result *res, size_t line, const char *column, const char *message)
{
	push_problem(res, &res->warnings, &res->nwarnings, &res->warnings_cap, line, column, message);
}

static void action(struct import_result *res, size_t line, enum import_action_kind kind, const char *name,
		   const char *changed)
{
	if (res->nactions == res->actions_cap) {
		res->actions_cap = res->actions_cap ? res->actions_cap * 2 : 64;
		res->actions = realloc(res->actions, res->actions_cap * sizeof *res->actions);
		if (!res->actions)
			abort();
	}
	res->actions[res->nactions++] = (struct import_action){line, kind, arena_strdup(&res->arena, name),
							       arena_strdup(&res->arena, changed)};
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
	for (size_t i = 0; i < NELEMS(contact); i++) {
		size_t n = strlen(contact[i].prefix);
		if (strncmp(field, contact[i].prefix, n) == 0) {
			int index = atoi(field + n);
			enum column c = contact[i].c;
			/* The chair, when the file has one, is the first contact. */
			if (has(im, COL_CHAIR) && !has(im, c))
				c = c == COL_CONTACT_EMAIL ? COL_CHAIR_EMAIL : c == COL_CONTACT_PHONE ? COL_CHAIR_PHONE : COL_CHAIR;
			return index == 0 ? heading(im, c) : arena_printf(a, "%s (%d)", heading(im, c), index + 1);
		}
	}
	return field;
}

/* The column a heading is: --map first, then the names and headings we know. -1 for none,
 * COL_IGNORED for a heading mapped to "-". */
static int column_of(const struct importer *im, const char *header)
{
	for (size_t i = 0; i < im->opt->nheader_map; i++) {
		const struct import_pair *m = &im->opt->header_map[i];
		if (same_key(header, m->from))
			return strcmp(m->to, "-") == 0 ? COL_IGNORED : column_named(m->to);
	}
	return column_named(header);
}

/* Checks --map and --map-value before the file is read: each must name a field, or a term of
 * some list. False with res->error set. */
static bool check_maps(struct importer *im)
{
	struct import_result *res = im->res;
	for (size_t i = 0; i < im->opt->nheader_map; i++) {
		const struct import_pair *m = &im->opt->header_map[i];
		if (strcmp(m->to, "-") != 0 && column_named(m->to) < 0) {
			snprintf(res->error, sizeof res->error,
				 _("--map \"%s=%s\": \"%s\" is not a field; the fields are: %s (or - to leave the column out)"),
				 m->from, m->to, m->to, organisation_import_columns());
			return false;
		}
	}
	static const enum taxonomy lists[] = {TAX_CATEGORY, TAX_TARGET_GROUP, TAX_LEGAL_FORM, TAX_DISTRICT};
	for (size_t i = 0; i < im->opt->nvalue_map; i++) {
		const struct import_pair *m = &im->opt->value_map[i];
		char code[32];
		bool found = false;
		for (size_t l = 0; l < NELEMS(lists) && !found; l++)
			found = taxonomy_resolve(im->st, lists[l], m->to, code);
		if (!found) {
			snprintf(res->error, sizeof res->error,
				 _("--map-value \"%s=%s\": \"%s\" is not the code or name of any category, target group, "
				   "legal form or district"),
				 m->from, m->to, m->to);
			return false;
		}
	}
	return true;
}

/* Reads the header row: `name` must be there; headings we do not know are listed once, as a
 * warning, and their columns ignored. */
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
	struct buf unknown = BUF_INIT;
	for (size_t f = 0; f < h->nfields; f++) {
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
		int c = column_of(im, name);
		if (c == COL_IGNORED)
			continue;
		if (c < 0) {
			buf_printf(&unknown, "%s\"%s\"", unknown.len ? ", " : "", name);
		} else if (im->where[c] >= 0) {
			problem(res, h->line, name,
				arena_printf(&res->arena,
					     _("This column is there twice (also as \"%s\"); leave one out with --map \"%s=-\"."),
					     h->fields[im->where[c]], name));
			ok = false;
		} else {
			im->where[c] = (int)f;
		}
	}
	if (unknown.len)
		warning(res, h->line, "",
			arena_printf(&res->arena,
				     _("These columns are not ones we know and were left out: %s. To import one, map it "
				       "to a field with --map \"Heading=field\"; the fields are: %s."),
				     buf_str(&unknown), organisation_import_columns()));
	buf_free(&unknown);
	if (ok && im->where[COL_NAME] < 0) {
		problem(res, h->line, "",
			arena_printf(&res->arena, _("The file has no column for the name (name or namn); the columns are: %s."),
				     organisation_import_columns()));
		ok = false;
	}
	/* Postnummer and Postort belong to the postal address in a file whose only street is the
	 * postal one (Postadress). */
	if (has(im, COL_POSTAL_STREET) && !has(im, COL_STREET)) {
		static const enum column pairs[][2] = {{COL_POSTCODE, COL_POSTAL_POSTCODE}, {COL_CITY, COL_POSTAL_CITY}};
		for (size_t i = 0; i < NELEMS(pairs); i++)
			if (has(im, pairs[i][0]) && !has(im, pairs[i][1])) {
				im->where[pairs[i][1]] = im->where[pairs[i][0]];
				im->where[pairs[i][0]] = -1;
			}
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

/* "activity category" and the like, for messages about a value of the list. */
static const char *unknown_message(enum taxonomy list)
{
	switch (list) {
	case TAX_LEGAL_FORM: return _("\"%s\" is not a legal form we know.");
	case TAX_CATEGORY: return _("\"%s\" is not an activity category we know.");
	case TAX_TARGET_GROUP: return _("\"%s\" is not a target group we know.");
	case TAX_DISTRICT: break;
	}
	return _("\"%s\" is not a district we know.");
}

/* The code a value of column c stands for, by --map-value first, then as known_code; NULL after
 * a problem naming the line, the column and the value, with the closest terms. */
static const char *resolve_value(struct importer *im, struct arena *a, size_t line, enum column c,
				 enum taxonomy list, const char *value)
{
	for (size_t i = 0; i < im->opt->nvalue_map; i++) {
		const struct import_pair *m = &im->opt->value_map[i];
		if (!same_key(value, m->from))
			continue;
		char code[32], already[32];
		if (!taxonomy_resolve(im->st, list, m->to, code)) {
			problem(im->res, line, heading(im, c),
				arena_printf(a, _("--map-value \"%s=%s\": \"%s\" is not a term of this column's list."),
					     m->from, m->to, m->to));
			return NULL;
		}
		if (im->opt->add_aliases) {
			if (taxonomy_resolve(im->st, list, m->from, already)) {
				if (strcmp(already, code) != 0) {
					problem(im->res, line, heading(im, c),
						arena_printf(a, _("\"%s\" already means %s, so --add-aliases cannot make it "
								  "mean %s too."),
							     m->from, already, code));
					return NULL;
				}
			} else {
				bool seen = false;
				for (size_t k = 0; k < im->naliases && !seen; k++)
					seen = im->aliases[k].list == list && same_key(im->aliases[k].alias, m->from);
				if (!seen) {
					im->aliases = realloc(im->aliases, (im->naliases + 1) * sizeof *im->aliases);
					if (!im->aliases)
						abort();
					im->aliases[im->naliases++] = (struct alias_use){
						list, arena_strdup(&im->keys_arena, value), arena_strdup(&im->keys_arena, code)};
				}
			}
		}
		return arena_strdup(a, code);
	}
	const char *code = known_code(im->st, a, list, value);
	if (code)
		return code;
	struct buf msg = BUF_INIT;
	buf_printf(&msg, unknown_message(list), value);
	struct term near[3];
	int n = taxonomy_suggest(im->st, list, value, near, 3);
	if (n > 0) {
		struct buf terms = BUF_INIT;
		for (int i = 0; i < n; i++)
			buf_printf(&terms, "%s\"%s\" (%s)", i == 0 ? "" : i == n - 1 ? _(" or ") : ", ", term_name(&near[i]),
				   near[i].code);
		buf_putc(&msg, ' ');
		buf_printf(&msg, _("Did you mean %s?"), buf_str(&terms));
		buf_free(&terms);
	}
	buf_putc(&msg, ' ');
	buf_printf(&msg, _("To import it as a term, map it with --map-value \"%s=CODE\"."), value);
	problem(im->res, line, heading(im, c), buf_str(&msg));
	buf_free(&msg);
	return NULL;
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
	int kept = 0;
	for (int i = 0; i < count; i++) {
		const char *code = resolve_value(im, a, line, c, list, values[i]);
		if (code)
			codes[kept++] = code;
		else
			*bad = true;
	}
	*n = kept;
}

/* The legal form of a new organisation whose file says none (see the header). */
static const char *default_legal_form(const char *org_number)
{
	if (!*org_number)
		return "informell_grupp";
	switch (org_number[0]) {
	case '5': return "aktiebolag";
	case '7': return "ekonomisk_forening";
	case '8': return "ideell_forening";
	default: return "annan";
	}
}

/* "Box 12, 178 92 Adelsö" → "Box 12", "178 92", "Adelsö"; false when the text is not clearly a
 * street, a postcode and a town. */
static bool split_address(struct arena *a, const char *s, const char **street, const char **postcode,
			  const char **city)
{
	const char *comma = strrchr(s, ',');
	if (!comma || comma == s)
		return false;
	const char *p = comma + 1;
	while (*p == ' ')
		p++;
	const char *pc = p;
	int digits = 0;
	for (; (*p >= '0' && *p <= '9') || (*p == ' ' && digits == 3); p++)
		digits += *p != ' ';
	if (digits != 5 || *p != ' ' || (p - pc != 5 && p - pc != 6))
		return false;
	while (*p == ' ')
		p++;
	if (!*p || (*p >= '0' && *p <= '9'))
		return false;
	*street = text_trim(a, arena_strndup(a, s, (size_t)(comma - s)));
	*postcode = text_trim(a, arena_strndup(a, pc, (size_t)(digits == 5 && pc[3] == ' ' ? 6 : 5)));
	*city = text_trim(a, p);
	return **street != 0;
}

/* One address's columns onto the organisation; a whole address in the street cell is split
 * when the file gives no postcode and town for it. */
static void set_address(struct importer *im, struct arena *a, const struct csv_row *row, enum column cs,
			enum column cp, enum column cc, const char **street, const char **postcode, const char **city)
{
	if (has(im, cs))
		*street = cell(im, row, cs);
	if (has(im, cp))
		*postcode = cell(im, row, cp);
	if (has(im, cc))
		*city = cell(im, row, cc);
	if (has(im, cs) && !*cell(im, row, cp) && !*cell(im, row, cc))
		split_address(a, cell(im, row, cs), street, postcode, city);
}

/* The file's contact persons from contact_name, contact_email and contact_phone, appended to
 * out[*n]: contact_name may list several, and e-mail and phone then pair up by position. */
static void file_contacts(struct importer *im, struct arena *a, const struct csv_row *row, size_t line,
			  struct contact_person *out, int *n_out, bool *bad)
{
	const char *names[ORG_MAX_CONTACTS], *emails[ORG_MAX_CONTACTS], *phones[ORG_MAX_CONTACTS];
	int nn = split(a, cell(im, row, COL_CONTACT_NAME), names, ORG_MAX_CONTACTS);
	int ne = split(a, cell(im, row, COL_CONTACT_EMAIL), emails, ORG_MAX_CONTACTS);
	int np = split(a, cell(im, row, COL_CONTACT_PHONE), phones, ORG_MAX_CONTACTS);
	if (nn + *n_out > ORG_MAX_CONTACTS) {
		problem(im->res, line, heading(im, COL_CONTACT_NAME),
			arena_printf(a, _("There are %d contact persons; at most %d are allowed."), nn + *n_out,
				     ORG_MAX_CONTACTS));
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
	for (int i = 0; i < n; i++) {
		struct contact_person *c = &out[(*n_out)++];
		*c = (struct contact_person){0};
		c->name = nn > i ? names[i] : "";
		c->email = n == 1 ? (ne ? emails[0] : "") : (ne ? emails[i] : "");
		c->phone = n == 1 ? (np ? phones[0] : "") : (np ? phones[i] : "");
		c->role = "";
	}
}

static bool is_chair(const struct contact_person *c) { return strcmp(c->role, CHAIR_ROLE) == 0; }

/* Contact persons: a file with chair columns replaces the chair, one with contact columns the
 * other contacts; what the file has no columns for stays. */
static void set_contacts(struct importer *im, struct arena *a, const struct csv_row *row, size_t line,
			 struct organisation *o, const struct organisation *old, bool *bad)
{
	bool chair_cols = has(im, COL_CHAIR) || has(im, COL_CHAIR_EMAIL) || has(im, COL_CHAIR_PHONE);
	bool contact_cols = has(im, COL_CONTACT_NAME) || has(im, COL_CONTACT_EMAIL) || has(im, COL_CONTACT_PHONE);
	if (!chair_cols && !contact_cols)
		return;
	struct contact_person list[ORG_MAX_CONTACTS];
	int n = 0;
	if (chair_cols) {
		const char *name = text_trim(a, cell(im, row, COL_CHAIR));
		const char *email = text_trim(a, cell(im, row, COL_CHAIR_EMAIL));
		const char *phone = text_trim(a, cell(im, row, COL_CHAIR_PHONE));
		if (*name || *email || *phone)
			list[n++] = (struct contact_person){.name = name, .role = CHAIR_ROLE, .email = email, .phone = phone};
	} else {
		for (int j = 0; old && j < old->ncontacts && n < ORG_MAX_CONTACTS; j++)
			if (is_chair(&old->contacts[j]))
				list[n++] = old->contacts[j];
	}
	int chairs = n;
	if (contact_cols) {
		file_contacts(im, a, row, line, list, &n, bad);
	} else {
		for (int j = 0; old && j < old->ncontacts && n < ORG_MAX_CONTACTS; j++)
			if (!is_chair(&old->contacts[j]))
				list[n++] = old->contacts[j];
	}
	o->ncontacts = 0;
	for (int i = 0; i < n; i++) {
		struct contact_person c = list[i];
		/* The chair who is also the contact person is one person, with what either gave. */
		bool merged = false;
		for (int k = 0; i >= chairs && k < chairs && !merged; k++)
			if (*c.name && strcmp(o->contacts[k].name, c.name) == 0) {
				if (!*o->contacts[k].email)
					o->contacts[k].email = c.email;
				if (!*o->contacts[k].phone)
					o->contacts[k].phone = c.phone;
				merged = true;
			}
		if (merged)
			continue;
		/* The same person again keeps their id (and, for contacts, their role), so the audit
		 * log and an erasure request can follow them. */
		for (int j = 0; old && j < old->ncontacts && !c.id; j++)
			if (strcmp(old->contacts[j].name, c.name) == 0 && is_chair(&old->contacts[j]) == (i < chairs)) {
				c.id = old->contacts[j].id;
				if (i >= chairs)
					c.role = old->contacts[j].role;
			}
		o->contacts[o->ncontacts++] = c;
	}
}

static bool same_text(const char *a, const char *b) { return strcmp(a ? a : "", b ? b : "") == 0; }

static bool same_contacts(const struct organisation *a, const struct organisation *b)
{
	if (a->ncontacts != b->ncontacts)
		return false;
	for (int i = 0; i < a->ncontacts; i++) {
		const struct contact_person *x = &a->contacts[i];
		bool found = false;
		for (int j = 0; j < b->ncontacts && !found; j++) {
			const struct contact_person *y = &b->contacts[j];
			found = same_text(x->name, y->name) && same_text(x->role, y->role) && same_text(x->email, y->email) &&
				same_text(x->phone, y->phone);
		}
		if (!found)
			return false;
	}
	return true;
}

/* The fields a row changes, "name, address"; "" when it changes nothing. Both sides validated. */
static const char *changes(struct arena *a, const struct organisation *old, const struct organisation *o)
{
	struct buf b = BUF_INIT;
	struct {
		bool differs;
		const char *what;
	} parts[] = {
		{!same_text(old->name, o->name), "name"},
		{!same_text(old->org_number, o->org_number), "org_number"},
		{!same_text(old->legal_form, o->legal_form), "legal_form"},
		{!text_same_set(old->categories, old->ncategories, o->categories, o->ncategories), "categories"},
		{!text_same_set(old->target_groups, old->ntarget_groups, o->target_groups, o->ntarget_groups), "target_groups"},
		{!text_same_set(old->districts, old->ndistricts, o->districts, o->ndistricts), "districts"},
		{!same_text(old->description, o->description), "description"},
		{!same_text(old->website, o->website), "website"},
		{!same_text(old->email, o->email), "email"},
		{!same_text(old->phone, o->phone), "phone"},
		{!same_text(old->street, o->street) || !same_text(old->postcode, o->postcode) ||
			 !same_text(old->city, o->city) || old->address_public != o->address_public,
		 "address"},
		{!same_text(old->postal_street, o->postal_street) || !same_text(old->postal_postcode, o->postal_postcode) ||
			 !same_text(old->postal_city, o->postal_city),
		 "postal_address"},
		{!same_contacts(old, o), "contacts"},
		{old->public != o->public, "public"},
	};
	for (size_t i = 0; i < NELEMS(parts); i++)
		if (parts[i].differs)
			buf_printf(&b, "%s%s", b.len ? ", " : "", parts[i].what);
	const char *s = arena_strdup(a, buf_str(&b));
	buf_free(&b);
	return s;
}

/* A yes/no column into *out; false after a problem. */
static bool set_yes_no(struct importer *im, struct arena *a, const struct csv_row *row, size_t line, enum column c,
		       bool *out)
{
	if (!has(im, c))
		return true;
	const char *v = cell(im, row, c);
	int yes = parse_yes_no(v);
	if (yes < 0) {
		problem(im->res, line, heading(im, c),
			arena_printf(a, _("\"%s\" is not yes or no; write ja or nej (or yes, no, 1, 0)."), v));
		return false;
	}
	/* An empty cell is yes for `public` (the register is public by default), no for the address. */
	*out = *v ? yes == 1 : c == COL_PUBLIC;
	return true;
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
	const char *form = text_trim(&a, cell(im, row, COL_LEGAL_FORM));
	if (*form) {
		o.legal_form = resolve_value(im, &a, line, COL_LEGAL_FORM, TAX_LEGAL_FORM, form);
		if (!o.legal_form) {
			o.legal_form = form; /* for organisation_validate, whose word on it is not repeated */
			bad = true;
		}
	} else if (!update) {
		o.legal_form = default_legal_form(o.org_number ? o.org_number : "");
	}
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
	set_address(im, &a, row, COL_STREET, COL_POSTCODE, COL_CITY, &o.street, &o.postcode, &o.city);
	set_address(im, &a, row, COL_POSTAL_STREET, COL_POSTAL_POSTCODE, COL_POSTAL_CITY, &o.postal_street,
		    &o.postal_postcode, &o.postal_city);
	if (!set_yes_no(im, &a, row, line, COL_PUBLIC, &o.public) ||
	    !set_yes_no(im, &a, row, line, COL_ADDRESS_PUBLIC, &o.address_public))
		bad = true;
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

	/* What the row does; an unchanged one is not written at all. */
	const char *changed = "";
	if (!bad && update) {
		struct organisation was = old;
		struct field_errors ignored = {0};
		organisation_validate(st, &a, &was, &ignored);
		changed = changes(&a, &was, &o);
	}
	enum import_action_kind kind = !update ? IMPORT_CREATE : *changed ? IMPORT_UPDATE : IMPORT_UNCHANGED;

	if (!bad && *writing && kind != IMPORT_UNCHANGED) {
		struct field_errors err = {0};
		/* organisation_upsert finds the organisation by number itself; without a number it
		 * updates o.id, the organisation of the same name found above, or creates one. */
		if (organisation_upsert(st, &a, &o, im->opt->account_id, true, &err) != OUTCOME_OK) {
			const char *why = field_errors_first(&err);
			problem(res, line, err.n ? heading_of_field(im, &a, err.items[0].field) : "",
				why ? why : _("The row could not be saved."));
			bad = true;
		}
	}
	if (!bad) {
		if (kind == IMPORT_CREATE)
			res->created++;
		else if (kind == IMPORT_UPDATE)
			res->updated++;
		else
			res->unchanged++;
		action(res, line, kind, o.name, changed);
	} else {
		res->skipped++;
		if (!im->opt->skip_invalid)
			*writing = false;
	}
	arena_free(&a);
}

/* Records the --map-value pairs used as aliases, after the import's commit (taxonomy_alias_add
 * has a transaction of its own); one that cannot be added is a warning, the import stands. */
static void add_aliases(struct importer *im)
{
	for (size_t i = 0; i < im->naliases; i++) {
		const struct alias_use *u = &im->aliases[i];
		if (im->opt->dry_run) {
			im->res->aliases_added++;
			continue;
		}
		struct field_errors e = {0};
		if (taxonomy_alias_add(im->st, u->list, u->code, u->alias, im->opt->account_id, &e) == OUTCOME_OK) {
			im->res->aliases_added++;
		} else {
			const char *why = field_errors_first(&e);
			warning(im->res, 0, "",
				arena_printf(&im->res->arena, _("\"%s\" was not recorded as an alias of %s: %s"), u->alias,
					     u->code, why ? why : store_errmsg(im->st)));
		}
	}
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
	if (!check_maps(&im))
		return IMPORT_FAILED;
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
		add_aliases(&im);
	} else if (store_commit(st) != 0) {
		snprintf(res->error, sizeof res->error, "%s", store_errmsg(st));
		store_rollback(st);
		status = IMPORT_FAILED;
	} else {
		res->written = true;
		add_aliases(&im);
		/* Thousands of new rows at once: the planner's statistics should know them. */
		if (res->created > 100 && store_analyze(st) != 0)
			log_error("import: ANALYZE after the import: %s", store_errmsg(st));
	}
done:
	free(im.keys);
	free(im.key_lines);
	free(im.aliases);
	arena_free(&im.keys_arena);
	return status;
}

enum import_status organisation_import_file(struct store *st, const char *path, const struct import_options *opt,
					    struct import_result *res)
{
	char err[512];
	struct csv_table *t = table_read_file(path, opt ? opt->sheet : NULL, err, sizeof err);
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
	free(res->warnings);
	free(res->actions);
	arena_free(&res->arena);
	res->problems = NULL;
	res->warnings = NULL;
	res->actions = NULL;
	res->nproblems = res->problems_cap = res->nwarnings = res->warnings_cap = res->nactions = res->actions_cap = 0;
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
