/* organisation: the register of civil-society organisations — rules for each field, saving with its audit record, loading and search. */
#include "domain/organisation.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/url.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/notification.h"
#include "domain/taxonomy.h"
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#define NAME_MAX_CHARS 200
#define DESCRIPTION_MAX_CHARS 5000
#define URL_MAX_BYTES 500
#define EMAIL_MAX_BYTES 254
#define QUOTE_MAX_CHARS 60

/* User text to quote inside a message: NULL when it is not clean text, shortened when long, so
 * a message never carries broken bytes or a whole pasted page. */
static const char *quotable(struct arena *a, const char *s)
{
	if (text_chars(s, false) < 0)
		return NULL;
	/* Clean UTF-8 now: a character starts at every byte that is not a continuation byte. */
	const unsigned char *p = (const unsigned char *)s;
	for (int n = 0; *p && n < QUOTE_MAX_CHARS; n++)
		do
			p++;
		while ((*p & 0xC0) == 0x80);
	if (!*p)
		return s;
	return arena_printf(a, "%.*s…", (int)(p - (const unsigned char *)s), s);
}

/* ---------------------------------------------------------------------------------------------
 * Validation.
 */

/* An address of the form local@domain.tld without spaces: the check a form can make honestly;
 * only a message that arrives proves more. */
static bool email_ok(const char *s)
{
	size_t len = strlen(s);
	const char *at = strchr(s, '@');
	if (len > EMAIL_MAX_BYTES || !at || at == s || strchr(at + 1, '@') || at - s > 64)
		return false;
	if (text_chars(s, false) < 0)
		return false;
	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) || strchr("<>()[],;:\"\\", *p))
			return false;
	const char *domain = at + 1;
	const char *dot = strchr(domain, '.');
	size_t dlen = strlen(domain);
	return dot && dot != domain && domain[dlen - 1] != '.' && !strstr(domain, "..") && s[0] != '.' &&
	       at[-1] != '.';
}

/* Checks a phone number; returns NULL or the message saying what to change. */
static const char *phone_problem(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" +-()", *p))
			return _("Write the phone number with digits, and if you like spaces, +, - and ( ), "
				 "e.g. 08-123 456 78.");
	}
	if (digits < 5 || digits > 20)
		return _("Check the phone number: it should have between 5 and 20 digits.");
	return NULL;
}

/* The text contract on a field without a length limit of its own (a shape check follows):
 * cleans *v; false, with the field's message, when it is not clean text. */
static bool clean(struct field_errors *e, struct arena *a, const char *field, const char **v)
{
	return field_text(e, a, field, v, false, -1, NULL, NULL);
}

/* An e-mail address as stored: clean text, lower-cased (Latin-1 capitals too), checked. */
static void check_email(struct field_errors *e, struct arena *a, const char *field, const char **v)
{
	if (!clean(e, a, field, v) || !**v)
		return;
	char *lower = arena_strdup(a, *v);
	text_lower(lower);
	*v = lower;
	if (!email_ok(lower))
		field_error(e, field, _("Enter an e-mail address like name@example.se."));
}

/* One address: each part clean text of at most 200 characters; a postcode, when given, five
 * digits, stored as Swedish addresses write it ("178 92"). */
static void check_address(struct field_errors *e, struct arena *a, const char *street_field, const char *postcode_field,
			  const char *city_field, const char **street, const char **postcode, const char **city)
{
	field_text(e, a, street_field, street, false, 200, NULL, NULL);
	field_text(e, a, city_field, city, false, 200, NULL, NULL);
	if (!clean(e, a, postcode_field, postcode) || !**postcode)
		return;
	char digits[6];
	if (postcode_normalise(*postcode, digits))
		*postcode = arena_printf(a, "%.3s %.2s", digits, digits + 3);
	else
		field_error(e, postcode_field, _("Write the postcode as five digits, like 178 92."));
}

static void check_phone(struct field_errors *e, struct arena *a, const char *field, const char **v)
{
	if (!clean(e, a, field, v) || !**v)
		return;
	const char *why = phone_problem(*v);
	if (why)
		field_error(e, field, why);
}

/* Resolves each entry of a code list to its code (names are accepted too), drops blanks and
 * repeats, and reports the unknown ones; they stay in the list so a form can show them back. */
static void check_codes(struct store *st, struct arena *a, struct field_errors *e, enum taxonomy t, const char *field,
			const char *unknown_fmt, const char *unknown_plain, const char **codes, int *n)
{
	int count = *n < 0 ? 0 : *n > ORG_MAX_CODES ? ORG_MAX_CODES : *n, out = 0;
	for (int i = 0; i < count; i++) {
		const char *v = text_trim(a, codes[i]);
		if (!*v)
			continue;
		char code[32];
		if (taxonomy_resolve(st, t, v, code)) {
			v = arena_strdup(a, code);
		} else {
			const char *q = quotable(a, v);
			field_error(e, field, q ? arena_printf(a, unknown_fmt, q) : unknown_plain);
		}
		bool seen = false;
		for (int j = 0; j < out && !seen; j++)
			seen = strcmp(codes[j], v) == 0;
		if (!seen)
			codes[out++] = v;
	}
	*n = out;
}

/* True when s holds exactly the digits of an organisation number in one of the accepted shapes,
 * so a failed normalisation can only be the check digit. */
static bool orgnr_shape_ok(const char *s)
{
	int digits = 0, others = 0;
	for (; *s; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (*s != '-')
			others++;
	}
	return others == 0 && (digits == 10 || digits == 12);
}

/* An organisation number, when given, in its canonical form "NNNNNN-NNNN"; the field's error
 * otherwise. */
static void check_org_number(struct field_errors *e, struct arena *a, const char **v)
{
	if (!clean(e, a, "org_number", v) || !**v)
		return;
	char canon[12];
	if (orgnr_normalise(*v, canon))
		*v = arena_strdup(a, canon);
	else if (orgnr_shape_ok(*v))
		field_error(e, "org_number",
			    _("Check the organisation number: its last digit does not match the others, so a "
			      "digit is probably mistyped."));
	else
		field_error(e, "org_number", _("Check the organisation number: it should be ten digits, like 802000-1239."));
}

static void validate_contacts(struct arena *a, struct field_errors *e, struct organisation *o)
{
	int n = o->ncontacts < 0 ? 0 : o->ncontacts > ORG_MAX_CONTACTS ? ORG_MAX_CONTACTS : o->ncontacts;
	int kept = 0;
	for (int i = 0; i < n; i++) {
		struct contact_person c = o->contacts[i];
		/* Field names carry the index as the form numbered the contacts, before empty ones go. */
		const char *fname = arena_printf(a, "contact_name_%d", i);
		const char *frole = arena_printf(a, "contact_role_%d", i);
		field_text(e, a, fname, &c.name, false, NAME_MAX_CHARS,
			   NULL, _("Shorten the contact person's name to at most 200 characters."));
		field_text(e, a, frole, &c.role, false, NAME_MAX_CHARS,
			   NULL, _("Shorten the contact person's role to at most 200 characters."));
		c.email = text_trim(a, c.email);
		c.phone = text_trim(a, c.phone);
		if (!*c.name && !*c.role && !*c.email && !*c.phone)
			continue; /* an empty row of the form: no contact */
		if (!*c.name)
			field_error(e, fname, _("Enter the contact person's name, or empty all fields of this contact."));
		check_email(e, a, arena_printf(a, "contact_email_%d", i), &c.email);
		check_phone(e, a, arena_printf(a, "contact_phone_%d", i), &c.phone);
		o->contacts[kept++] = c;
	}
	o->ncontacts = kept;
}

enum outcome organisation_validate(struct store *st, struct arena *a, struct organisation *o, struct field_errors *e)
{
	int before = e->n;
	field_text(e, a, "name", &o->name, false, NAME_MAX_CHARS, _("Enter the organisation's name."),
		   _("Shorten the name to at most 200 characters."));

	check_org_number(e, a, &o->org_number);

	/* A code or a name from the list; what is stored is the list's code. */
	o->legal_form = text_trim(a, o->legal_form);
	char code[32];
	if (!*o->legal_form) {
		field_error(e, "legal_form", _("Choose the organisation's legal form."));
	} else if (taxonomy_resolve(st, TAX_LEGAL_FORM, o->legal_form, code)) {
		o->legal_form = arena_strdup(a, code);
	} else {
		const char *q = quotable(a, o->legal_form);
		field_error(e, "legal_form",
			    q ? arena_printf(a, _("\"%s\" is not a legal form we know; choose one from the list."), q)
			      : _("Choose the organisation's legal form from the list."));
	}

	/* Browsers send a textarea's line breaks as CRLF; one kind of line break is stored. */
	const char *d = o->description ? o->description : "";
	char *desc = arena_strdup(a, d), *w = desc;
	for (const char *r = d; *r; r++)
		if (!(r[0] == '\r' && r[1] == '\n'))
			*w++ = *r;
	*w = 0;
	o->description = desc;
	if (field_text(e, a, "description", &o->description, true, -1, NULL, NULL)) {
		long dn = text_chars(o->description, true);
		if (dn > DESCRIPTION_MAX_CHARS)
			field_error(e, "description",
				    arena_printf(a, _("Shorten the description to at most 5000 characters (it has %ld now)."),
						 dn));
	}

	if (clean(e, a, "website", &o->website) && *o->website) {
		const char *url = url_web_address(a, o->website, URL_MAX_BYTES);
		if (url)
			o->website = url;
		else
			field_error(e, "website",
				    _("Enter the web address in full and without spaces, like https://www.example.se."));
	}

	check_email(e, a, "email", &o->email);
	check_phone(e, a, "phone", &o->phone);

	check_address(e, a, "street", "postcode", "city", &o->street, &o->postcode, &o->city);
	check_address(e, a, "postal_street", "postal_postcode", "postal_city", &o->postal_street, &o->postal_postcode,
		      &o->postal_city);

	check_codes(st, a, e, TAX_CATEGORY, "categories",
		    _("\"%s\" is not an activity category we know; choose from the list."),
		    _("Choose activity categories from the list."), o->categories, &o->ncategories);
	check_codes(st, a, e, TAX_TARGET_GROUP, "target_groups",
		    _("\"%s\" is not a target group we know; choose from the list."),
		    _("Choose target groups from the list."), o->target_groups, &o->ntarget_groups);
	check_codes(st, a, e, TAX_DISTRICT, "districts", _("\"%s\" is not a district we know; choose from the list."),
		    _("Choose districts from the list."), o->districts, &o->ndistricts);

	/* An address in a district's postcode list places the organisation there, unless it chose. */
	char district[32];
	if (o->ndistricts == 0 && e->n == before &&
	    (taxonomy_district_of_postcode(st, o->postcode, district) ||
	     taxonomy_district_of_postcode(st, o->postal_postcode, district)))
		o->districts[o->ndistricts++] = arena_strdup(a, district);

	validate_contacts(a, e, o);
	return e->n > before ? OUTCOME_INVALID : OUTCOME_OK;
}

/* ---------------------------------------------------------------------------------------------
 * Sort key: Swedish alphabetical order as plain byte order, so one index on sort_key serves
 * every database without a Swedish collation.
 */

/* U+00C0–U+00FF. Å, Ä, Ö become the three ASCII bytes right after 'z' in their Swedish order;
 * Æ and Ø sort as Ä and Ö, Ü as Y, as in Swedish dictionaries; other accents are ignored. NULL
 * keeps the character (× and ÷). */
static const char *const latin1_sort[64] = {
	"a", "a", "a", "a", "|", "{", "|", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "}", NULL, "}", "u", "u", "u", "y", "y", "th", "ss",
	"a", "a", "a", "a", "|", "{", "|", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "}", NULL, "}", "u", "u", "u", "y", "y", "th", "y",
};
/* U+0100–U+017F (Latin Extended-A: Polish, Czech, Baltic, Turkish … letters) by base letter. */
static const char latin_ext_a_sort[] = "aaaaaaccccccccdd"
				       "ddeeeeeeeeeegggg"
				       "gggghhhhiiiiiiii"
				       "iiiijjkkklllllll"
				       "lllnnnnnnnnnoooo"
				       "oooorrrrrrssssss"
				       "ssttttttuuuuuuuu"
				       "uuuuwwyyyzzzzzzs";

char *organisation_sort_key(const char *name)
{
	struct buf b = BUF_INIT;
	bool gap = false;
	const unsigned char *p = (const unsigned char *)(name ? name : "");
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
		if (len <= 0) {
			p++;
			continue;
		}
		/* Punctuation separates words like a space does, so "Ekerö-Munsö" files with "Ekerö
		 * Munsö" and quotation marks do not pull a name to the top. */
		if (cp < 0x80 && !isalnum((int)cp)) {
			gap = b.len > 0;
			p += len;
			continue;
		}
		if (cp == 0xA0) {
			gap = b.len > 0;
			p += len;
			continue;
		}
		if (gap)
			buf_putc(&b, ' ');
		gap = false;
		if (cp < 0x80)
			buf_putc(&b, (char)tolower((int)cp));
		else if (cp >= 0xC0 && cp <= 0xFF && latin1_sort[cp - 0xC0])
			buf_puts(&b, latin1_sort[cp - 0xC0]);
		else if (cp >= 0x100 && cp <= 0x17F)
			buf_putc(&b, latin_ext_a_sort[cp - 0x100]);
		else
			buf_append(&b, (const char *)p, (size_t)len);
		p += len;
	}
	return buf_detach(&b);
}

/* ---------------------------------------------------------------------------------------------
 * Reading.
 */

#define ORG_COLUMNS                                                                                      \
	"o.id, o.name, o.org_number, o.legal_form, o.description, o.website, o.email, o.phone, o.public, " \
	"o.confirmed_at, o.updated_at, o.street, o.postcode, o.city, o.postal_street, o.postal_postcode, "  \
	"o.postal_city, o.address_public, o.org_number_confirmed_at, o.org_number_requested, "              \
	"o.org_number_request_reason, o.org_number_requested_at, o.org_number_requested_by"

/* The positions of ORG_COLUMNS, so a row is read by name. */
enum org_column {
	OC_ID, OC_NAME, OC_ORG_NUMBER, OC_LEGAL_FORM, OC_DESCRIPTION, OC_WEBSITE, OC_EMAIL, OC_PHONE, OC_PUBLIC,
	OC_CONFIRMED_AT, OC_UPDATED_AT, OC_STREET, OC_POSTCODE, OC_CITY, OC_POSTAL_STREET, OC_POSTAL_POSTCODE,
	OC_POSTAL_CITY, OC_ADDRESS_PUBLIC, OC_NUMBER_CONFIRMED_AT, OC_NUMBER_REQUESTED, OC_NUMBER_REQUEST_REASON,
	OC_NUMBER_REQUESTED_AT, OC_NUMBER_REQUESTED_BY,
};

static void read_row(struct arena *a, struct cursor *c, struct organisation *o)
{
	memset(o, 0, sizeof *o);
	o->id = cursor_int(c, OC_ID);
	o->name = cursor_copy(a, c, OC_NAME);
	o->org_number = cursor_copy(a, c, OC_ORG_NUMBER);
	o->legal_form = cursor_copy(a, c, OC_LEGAL_FORM);
	o->description = cursor_copy(a, c, OC_DESCRIPTION);
	o->website = cursor_copy(a, c, OC_WEBSITE);
	o->email = cursor_copy(a, c, OC_EMAIL);
	o->phone = cursor_copy(a, c, OC_PHONE);
	o->public = cursor_int(c, OC_PUBLIC) != 0;
	o->confirmed_at = cursor_copy_or_null(a, c, OC_CONFIRMED_AT);
	o->updated_at = cursor_copy(a, c, OC_UPDATED_AT);
	o->street = cursor_copy(a, c, OC_STREET);
	o->postcode = cursor_copy(a, c, OC_POSTCODE);
	o->city = cursor_copy(a, c, OC_CITY);
	o->postal_street = cursor_copy(a, c, OC_POSTAL_STREET);
	o->postal_postcode = cursor_copy(a, c, OC_POSTAL_POSTCODE);
	o->postal_city = cursor_copy(a, c, OC_POSTAL_CITY);
	o->address_public = cursor_int(c, OC_ADDRESS_PUBLIC) != 0;
	o->org_number_confirmed_at = cursor_copy_or_null(a, c, OC_NUMBER_CONFIRMED_AT);
	o->org_number_requested = cursor_copy_or_null(a, c, OC_NUMBER_REQUESTED);
	o->org_number_request_reason = cursor_copy_or_null(a, c, OC_NUMBER_REQUEST_REASON);
	o->org_number_requested_at = cursor_copy_or_null(a, c, OC_NUMBER_REQUESTED_AT);
	o->org_number_requested_by = cursor_int_or(c, OC_NUMBER_REQUESTED_BY, 0);
}

/* "$first, $first+1, …" for n values: ids go in as bound parameters, so the statement text
 * depends only on how many there are and stays in the statement cache. */
static void put_params(struct buf *b, int first, int n)
{
	for (int i = 0; i < n; i++)
		buf_printf(b, "%s$%d", i ? ", " : "", first + i);
}

/* Fills the categories, target groups and districts of items[0..n) with one query per list,
 * whatever n is, in each list's display order. */
static int load_codes(struct store *st, struct arena *a, struct organisation *items, int n)
{
	static const struct {
		const char *link, *column, *table;
	} lists[] = {
		{"organisation_category", "category_code", "category"},
		{"organisation_target_group", "target_group_code", "target_group"},
		{"organisation_district", "district_code", "district"},
	};
	if (n <= 0)
		return 0;
	struct sv *args = calloc((size_t)n, sizeof *args);
	if (!args)
		abort();
	for (int i = 0; i < n; i++)
		args[i] = SV_I(items[i].id);
	int rc = 0;
	for (int l = 0; l < 3; l++) {
		struct buf sql = BUF_INIT;
		buf_printf(&sql, "SELECT k.organisation_id, k.%s FROM %s k JOIN %s t ON t.code = k.%s "
				 "WHERE k.organisation_id IN (",
			   lists[l].column, lists[l].link, lists[l].table, lists[l].column);
		put_params(&sql, 1, n);
		buf_puts(&sql, ") ORDER BY k.organisation_id, t.sort, t.code");
		struct cursor *c = store_query(st, buf_str(&sql), args, n);
		int at = 0;
		while (cursor_next(c)) {
			long long id = cursor_int(c, 0);
			/* Rows come grouped by id; look from the last match so a page costs about n steps. */
			for (int k = 0; k < n && items[at].id != id; k++)
				at = (at + 1) % n;
			struct organisation *o = &items[at];
			if (o->id != id)
				continue;
			const char **codes = l == 0 ? o->categories : l == 1 ? o->target_groups : o->districts;
			int *count = l == 0 ? &o->ncategories : l == 1 ? &o->ntarget_groups : &o->ndistricts;
			if (*count < ORG_MAX_CODES)
				codes[(*count)++] = cursor_copy(a, c, 1);
		}
		if (cursor_close(c) != 0)
			rc = -1;
		buf_free(&sql);
	}
	free(args);
	return rc;
}

enum outcome organisation_get(struct store *st, struct arena *a, long long id, struct organisation *o)
{
	struct cursor *c = store_query(st, "SELECT " ORG_COLUMNS " FROM organisation o WHERE o.id = $1", ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found)
		read_row(a, c, o);
	if (cursor_close(c) != 0)
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

enum outcome organisation_load(struct store *st, struct arena *a, long long id, bool with_contacts,
			       struct organisation *o)
{
	enum outcome rc = organisation_get(st, a, id, o);
	if (rc != OUTCOME_OK)
		return rc;
	if (load_codes(st, a, o, 1) != 0 || (with_contacts && organisation_load_contacts(st, a, o, 1) != 0))
		return store_outcome(st);
	return OUTCOME_OK;
}

/* ---------------------------------------------------------------------------------------------
 * Saving.
 */

static bool same_text(const char *x, const char *y) { return strcmp(x ? x : "", y ? y : "") == 0; }

static bool same_set(const char *const *x, int nx, const char *const *y, int ny)
{
	if (nx != ny)
		return false;
	for (int i = 0; i < nx; i++) {
		bool found = false;
		for (int j = 0; j < ny && !found; j++)
			found = strcmp(x[i], y[j]) == 0;
		if (!found)
			return false;
	}
	return true;
}

static bool same_contacts(const struct organisation *x, const struct organisation *y)
{
	if (x->ncontacts != y->ncontacts)
		return false;
	for (int i = 0; i < x->ncontacts; i++) {
		const struct contact_person *p = &x->contacts[i], *q = &y->contacts[i];
		if (!same_text(p->name, q->name) || !same_text(p->role, q->role) || !same_text(p->email, q->email) ||
		    !same_text(p->phone, q->phone))
			return false;
	}
	return true;
}

/* The names of the fields that differ (all fields given, for a new organisation): what the audit
 * log records. Values stay out, since contact details and e-mail addresses are personal data. */
static int changed_fields(const struct organisation *old, const struct organisation *o, const char *out[20])
{
	static const struct organisation empty = {.name = ""};
	int n = 0;
	if (!old)
		old = &empty;
	if (!same_text(old->name, o->name)) out[n++] = "name";
	if (!same_text(old->org_number, o->org_number)) out[n++] = "org_number";
	if (!same_text(old->legal_form, o->legal_form)) out[n++] = "legal_form";
	if (!same_text(old->description, o->description)) out[n++] = "description";
	if (!same_text(old->website, o->website)) out[n++] = "website";
	if (!same_text(old->email, o->email)) out[n++] = "email";
	if (!same_text(old->phone, o->phone)) out[n++] = "phone";
	if (old == &empty || old->public != o->public) out[n++] = "public";
	if (!same_text(old->street, o->street) || !same_text(old->postcode, o->postcode) || !same_text(old->city, o->city))
		out[n++] = "address";
	if (!same_text(old->postal_street, o->postal_street) || !same_text(old->postal_postcode, o->postal_postcode) ||
	    !same_text(old->postal_city, o->postal_city))
		out[n++] = "postal_address";
	if (old->address_public != o->address_public) out[n++] = "address_public";
	if (!same_set(old->categories, old->ncategories, o->categories, o->ncategories)) out[n++] = "categories";
	if (!same_set(old->target_groups, old->ntarget_groups, o->target_groups, o->ntarget_groups))
		out[n++] = "target_groups";
	if (!same_set(old->districts, old->ndistricts, o->districts, o->ndistricts)) out[n++] = "districts";
	if (!same_contacts(old, o)) out[n++] = "contacts";
	return n;
}

static char *audit_detail(const char *const *fields, int n)
{
	json_t *root = json_object(), *list = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(list, json_string(fields[i]));
	json_object_set_new(root, "changed", list);
	char *s = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	return s;
}

static const char *db_failed(void)
{
	return _("The organisation could not be saved because the database did not answer as expected; "
		 "please try again.");
}

static const char *number_taken(void) { return _("An organisation with this organisation number is already registered."); }

static int replace_links(struct store *st, long long id, const char *del, const char *ins, const char *const *codes,
			 int n)
{
	if (store_exec(st, del, ARGS(SV_I(id))) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (store_exec(st, ins, ARGS(SV_I(id), SV_T(codes[i]))) < 0)
			return -1;
	return 0;
}

/* Keeps the ids of contacts that are still there (an erasure request can then name one), adds
 * the new ones and deletes the rest. */
static int replace_contacts(struct store *st, long long id, struct organisation *o)
{
	struct sv args[ORG_MAX_CONTACTS + 1];
	args[0] = SV_I(id);
	for (int i = 0; i < o->ncontacts; i++) {
		struct contact_person *c = &o->contacts[i];
		long long changed = 0;
		if (c->id > 0) {
			changed = store_exec(st,
				"UPDATE contact_person SET name = $1, role = $2, email = $3, phone = $4 "
				"WHERE id = $5 AND organisation_id = $6",
				ARGS(SV_T(c->name), SV_TN(c->role), SV_TN(c->email), SV_TN(c->phone), SV_I(c->id), SV_I(id)));
			if (changed < 0)
				return -1;
		}
		if (changed == 0) {
			c->id = store_int(st,
				"INSERT INTO contact_person (organisation_id, name, role, email, phone) "
				"VALUES ($1, $2, $3, $4, $5) RETURNING id",
				ARGS(SV_I(id), SV_T(c->name), SV_TN(c->role), SV_TN(c->email), SV_TN(c->phone)), -1);
			if (c->id <= 0)
				return -1;
		}
		args[i + 1] = SV_I(c->id);
	}
	struct buf sql = BUF_INIT;
	buf_puts(&sql, "DELETE FROM contact_person WHERE organisation_id = $1");
	if (o->ncontacts > 0) {
		buf_puts(&sql, " AND id NOT IN (");
		put_params(&sql, 2, o->ncontacts);
		buf_puts(&sql, ")");
	}
	long long rc = store_exec(st, buf_str(&sql), args, o->ncontacts + 1);
	buf_free(&sql);
	return rc < 0 ? -1 : 0;
}

/* The writes of a save, inside the caller's transaction. by_number: an organisation registered
 * under o's number is the one updated, whatever o->id says. */
static enum outcome write_organisation(struct store *st, struct arena *a, struct organisation *o,
				       long long account_id, bool by_number, struct field_errors *e)
{
	/* The number, when it is registered, decides which organisation this is. Otherwise o->id
	 * stands: 0 creates, and an importer that matched a number-less row by name passes its id. */
	if (by_number && *o->org_number) {
		long long found = store_int(st, "SELECT id FROM organisation WHERE org_number = $1",
					    ARGS(SV_T(o->org_number)), 0);
		if (found < 0) {
			field_error(e, NULL, db_failed());
			return store_outcome(st);
		}
		if (found > 0)
			o->id = found;
	}
	struct organisation old = {0};
	bool create = o->id == 0;
	enum outcome loaded = create ? OUTCOME_OK : organisation_load(st, a, o->id, true, &old);
	if (loaded != OUTCOME_OK) {
		field_error(e, NULL, loaded == OUTCOME_NOT_FOUND
					     ? _("This organisation is no longer in the register; it may have been removed.")
					     : db_failed());
		return loaded;
	}
	if (*o->org_number) {
		long long other = store_int(st, "SELECT id FROM organisation WHERE org_number = $1",
					    ARGS(SV_T(o->org_number)), 0);
		if (other < 0) {
			field_error(e, NULL, db_failed());
			return store_outcome(st);
		}
		if (other != 0 && other != o->id) {
			field_error(e, "org_number", number_taken());
			return OUTCOME_INVALID;
		}
	}

	/* The organisation number is the municipality's to confirm: staff saving it confirms it, and
	 * a confirmed number is no longer a representative's to change (they ask instead). */
	bool staff = false;
	if (account_id > 0) {
		struct account by;
		enum outcome got = account_get(st, account_id, &by);
		if (got != OUTCOME_OK) {
			field_error(e, NULL, db_failed());
			return got == OUTCOME_NOT_FOUND ? OUTCOME_FORBIDDEN : got;
		}
		staff = by.role >= ROLE_OFFICIAL;
		if (!staff && !create && old.org_number_confirmed_at && !same_text(old.org_number, o->org_number)) {
			field_error(e, "org_number",
				    _("The municipality has confirmed the organisation number, so it cannot be changed "
				      "here. Ask for a change instead, and say why."));
			return OUTCOME_INVALID;
		}
	}
	bool number_changed = create || !same_text(old.org_number, o->org_number);
	bool confirm_number = staff && *o->org_number && (number_changed || !old.org_number_confirmed_at);
	bool unconfirm_number = !create && !*o->org_number && old.org_number_confirmed_at;

	const char *fields[20];
	int nfields = changed_fields(create ? NULL : &old, o, fields);
	if (!create && nfields == 0 && !confirm_number)
		return OUTCOME_OK; /* nothing to write: no new version and no audit noise from a re-import */
	if (confirm_number)
		fields[nfields++] = "org_number_confirmed";

	char now[21];
	clock_iso(clock_now(), now);
	char *sort_key = organisation_sort_key(o->name);
	long long id;
	if (create) {
		id = store_int(st,
			"INSERT INTO organisation (name, sort_key, org_number, legal_form, description, website, "
			"email, phone, public, confirmed_at, created_at, updated_at, street, postcode, city, "
			"postal_street, postal_postcode, postal_city, address_public) "
			"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10, $11, $12, $13, $14, $15, $16, $17) "
			"RETURNING id",
			ARGS(SV_T(o->name), SV_T(sort_key), SV_TN(o->org_number), SV_T(o->legal_form),
			     SV_T(o->description ? o->description : ""), SV_TN(o->website), SV_TN(o->email),
			     SV_TN(o->phone), SV_I(o->public ? 1 : 0), SV_T(now), SV_TN(o->street), SV_TN(o->postcode),
			     SV_TN(o->city), SV_TN(o->postal_street), SV_TN(o->postal_postcode), SV_TN(o->postal_city),
			     SV_I(o->address_public ? 1 : 0)),
			-1);
	} else {
		long long rows = store_exec(st,
			"UPDATE organisation SET name = $1, sort_key = $2, org_number = $3, legal_form = $4, "
			"description = $5, website = $6, email = $7, phone = $8, public = $9, updated_at = $10, "
			"street = $12, postcode = $13, city = $14, postal_street = $15, postal_postcode = $16, "
			"postal_city = $17, address_public = $18 WHERE id = $11",
			ARGS(SV_T(o->name), SV_T(sort_key), SV_TN(o->org_number), SV_T(o->legal_form),
			     SV_T(o->description ? o->description : ""), SV_TN(o->website), SV_TN(o->email),
			     SV_TN(o->phone), SV_I(o->public ? 1 : 0), SV_T(now), SV_I(o->id), SV_TN(o->street),
			     SV_TN(o->postcode), SV_TN(o->city), SV_TN(o->postal_street), SV_TN(o->postal_postcode),
			     SV_TN(o->postal_city), SV_I(o->address_public ? 1 : 0)));
		id = rows == 1 ? o->id : -1;
	}
	free(sort_key);
	if (id <= 0) {
		/* The check above saw the number free; another writer can still have taken it since. */
		if (store_errcode(st) == STORE_CONSTRAINT && *o->org_number) {
			field_error(e, "org_number", number_taken());
			return OUTCOME_INVALID;
		}
		field_error(e, NULL, db_failed());
		return store_outcome(st);
	}

	char *detail = audit_detail(fields, nfields);
	int rc = replace_links(st, id, "DELETE FROM organisation_category WHERE organisation_id = $1",
			       "INSERT INTO organisation_category (organisation_id, category_code) VALUES ($1, $2)",
			       o->categories, o->ncategories);
	if (rc == 0)
		rc = replace_links(st, id, "DELETE FROM organisation_target_group WHERE organisation_id = $1",
				   "INSERT INTO organisation_target_group (organisation_id, target_group_code) VALUES ($1, $2)",
				   o->target_groups, o->ntarget_groups);
	if (rc == 0)
		rc = replace_links(st, id, "DELETE FROM organisation_district WHERE organisation_id = $1",
				   "INSERT INTO organisation_district (organisation_id, district_code) VALUES ($1, $2)",
				   o->districts, o->ndistricts);
	if (rc == 0)
		rc = replace_contacts(st, id, o);
	if (rc == 0 && (confirm_number || unconfirm_number))
		rc = store_exec(st, "UPDATE organisation SET org_number_confirmed_at = $1 WHERE id = $2",
				ARGS(SV_T(confirm_number ? now : NULL), SV_I(id))) == 1 ? 0 : -1;
	if (rc == 0)
		rc = audit_record(st, account_id, "organisation", id, create ? "create" : "update", detail);
	free(detail);
	if (rc != 0) {
		field_error(e, NULL, db_failed());
		return store_outcome(st);
	}
	o->id = id;
	o->updated_at = arena_strdup(a, now);
	if (create)
		o->confirmed_at = o->updated_at;
	return OUTCOME_OK;
}

/* Validates, then writes in a transaction of its own, or inside the caller's behind a savepoint,
 * so a refused row of an import leaves nothing half-written and the import can go on. */
static enum outcome save(struct store *st, struct arena *a, struct organisation *o, long long account_id,
			 bool by_number, bool in_transaction, struct field_errors *e)
{
	long long saved_id = o->id;
	enum outcome rc = organisation_validate(st, a, o, e);
	if (rc != OUTCOME_OK)
		return rc;
	const char *begin = in_transaction ? "SAVEPOINT organisation_save" : NULL;
	if (begin ? store_exec(st, begin, NOARGS) < 0 : store_begin(st) != 0) {
		field_error(e, NULL, db_failed());
		return store_outcome(st);
	}
	rc = write_organisation(st, a, o, account_id, by_number, e);
	if (rc == OUTCOME_OK && (in_transaction ? store_exec(st, "RELEASE SAVEPOINT organisation_save", NOARGS) < 0
						: store_commit(st) != 0)) {
		field_error(e, NULL, db_failed());
		rc = store_outcome(st);
	}
	if (rc != OUTCOME_OK) {
		if (in_transaction) {
			store_exec(st, "ROLLBACK TO SAVEPOINT organisation_save", NOARGS);
			store_exec(st, "RELEASE SAVEPOINT organisation_save", NOARGS);
		} else {
			store_rollback(st);
		}
		o->id = saved_id;
	}
	return rc;
}

enum outcome organisation_save(struct store *st, struct arena *a, struct organisation *o, long long account_id,
			       struct field_errors *e)
{
	return save(st, a, o, account_id, false, false, e);
}

enum outcome organisation_upsert(struct store *st, struct arena *a, struct organisation *o, long long account_id,
				 bool in_transaction, struct field_errors *e)
{
	return save(st, a, o, account_id, true, in_transaction, e);
}

long long organisation_set_confirmed_at(struct store *st, long long id, const char *at)
{
	return store_exec(st, "UPDATE organisation SET confirmed_at = $1 WHERE id = $2", ARGS(SV_T(at), SV_I(id)));
}

int organisation_public_ids(struct store *st, long long *out, int max)
{
	struct cursor *c = store_query(st, "SELECT id FROM organisation WHERE public = 1 ORDER BY id LIMIT $1",
				       ARGS(SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c))
		out[n++] = cursor_int(c, 0);
	return cursor_close(c) != 0 ? -1 : n;
}

long long organisation_count(struct store *st)
{
	return store_int(st, "SELECT COUNT(*) FROM organisation", NOARGS, -1);
}

enum outcome organisation_confirm(struct store *st, long long id, long long account_id)
{
	char now[21];
	clock_iso(clock_now(), now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	long long rows = organisation_set_confirmed_at(st, id, now);
	if (rows == 0) {
		store_rollback(st);
		return OUTCOME_NOT_FOUND;
	}
	if (rows != 1 ||
	    audit_record(st, account_id, "organisation", id, "confirm", "{\"changed\":[\"confirmed_at\"]}") != 0 ||
	    store_commit(st) != 0) {
		enum outcome rc = store_outcome(st);
		store_rollback(st);
		return rc;
	}
	return OUTCOME_OK;
}

/* ---------------------------------------------------------------------------------------------
 * The organisation number: asked for by a representative, answered by an official.
 */

#define REASON_MAX_CHARS 1000

/* Tells every coordinator, each in their own language, that a representative asks for another
 * organisation number, inside the request's transaction. 0, or -1. */
static int tell_coordinators(struct store *st, const struct organisation *o, const char *number, const char *reason)
{
	enum { BATCH = 32 };
	struct account *to = malloc(sizeof *to * BATCH);
	if (!to)
		abort();
	char saved[4], link[64];
	snprintf(saved, sizeof saved, "%s", i18n_lang());
	snprintf(link, sizeof link, "/organisationer/%lld#organisationsnummer", o->id);
	int rc = 0, n;
	long long after = 0;
	while (rc == 0 && (n = account_with_role(st, ROLE_COORDINATOR, after, to, BATCH)) > 0) {
		for (int i = 0; rc == 0 && i < n; i++) {
			i18n_set_lang(to[i].lang);
			struct buf title = BUF_INIT, body = BUF_INIT;
			buf_printf(&title, _("%s asks to change its organisation number"), o->name);
			buf_printf(&body,
				   _("A representative of %s asks for the organisation number to be changed from %s to %s. "
				     "Check it, then approve or decline the change on the organisation's page."),
				   o->name, text_blank(o->org_number) ? "–" : o->org_number, number);
			buf_printf(&body, "\n\n%s", reason);
			if (notification_create(st, to[i].id, NOTIFY_REPRESENTATION, buf_str(&title), buf_str(&body), link) <= 0)
				rc = -1;
			buf_free(&title);
			buf_free(&body);
		}
		after = to[n - 1].id;
	}
	i18n_set_lang(saved);
	free(to);
	return rc == 0 && n >= 0 ? 0 : -1;
}

enum outcome organisation_number_request(struct store *st, struct arena *a, long long id, long long account_id,
					 const char *number, const char *reason, struct field_errors *e)
{
	struct organisation o;
	enum outcome rc = organisation_get(st, a, id, &o);
	if (rc != OUTCOME_OK)
		return rc;
	if (text_blank(number))
		field_error(e, "org_number", _("Enter the organisation number you want instead."));
	else
		check_org_number(e, a, &number);
	field_text(e, a, "reason", &reason, true, REASON_MAX_CHARS,
		   _("Say why the number should change, so the municipality can check it."),
		   _("Shorten the reason to at most 1000 characters."));
	if (!field_has_error(e, "org_number") && same_text(number, o.org_number))
		field_error(e, "org_number", _("That is already the organisation's number."));
	if (e->n)
		return OUTCOME_INVALID;
	if (store_begin(st) != 0)
		return store_outcome(st);
	long long other = store_int(st, "SELECT id FROM organisation WHERE org_number = $1 AND id <> $2",
				    ARGS(SV_T(number), SV_I(id)), 0);
	if (other < 0)
		return store_finish(st, store_outcome(st));
	if (other > 0) {
		field_error(e, "org_number", number_taken());
		return store_finish(st, OUTCOME_INVALID);
	}
	char now[21];
	clock_iso(clock_now(), now);
	if (store_exec(st,
		       "UPDATE organisation SET org_number_requested = $1, org_number_request_reason = $2, "
		       "org_number_requested_by = $3, org_number_requested_at = $4 WHERE id = $5",
		       ARGS(SV_T(number), SV_T(reason), SV_I(account_id), SV_T(now), SV_I(id))) != 1 ||
	    audit_record_json(st, account_id, "organisation", id, "org_number_request",
			      json_pack("{s:s,s:s}", "from", o.org_number ? o.org_number : "", "to", number)) != 0 ||
	    tell_coordinators(st, &o, number, reason) != 0)
		return store_finish(st, store_outcome(st));
	return store_finish(st, OUTCOME_OK);
}

enum outcome organisation_number_answer(struct store *st, struct arena *a, long long id, bool approve,
					long long account_id, struct field_errors *e)
{
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct organisation o;
	enum outcome rc = organisation_get(st, a, id, &o);
	if (rc != OUTCOME_OK)
		return store_finish(st, rc);
	if (!o.org_number_requested)
		return store_finish(st, field_conflict(e, _("No change is waiting"),
						       _("No change of the organisation number is waiting for an answer; "
							 "someone may just have answered it.")));
	char now[21];
	clock_iso(clock_now(), now);
	if (approve) {
		long long other = store_int(st, "SELECT id FROM organisation WHERE org_number = $1 AND id <> $2",
					    ARGS(SV_T(o.org_number_requested), SV_I(id)), 0);
		if (other < 0)
			return store_finish(st, store_outcome(st));
		if (other > 0)
			return store_finish(st, field_conflict(e, _("The number is taken"), number_taken()));
	}
	long long rows = approve ? store_exec(st,
		"UPDATE organisation SET org_number = org_number_requested, org_number_confirmed_at = $1, "
		"updated_at = $1, org_number_requested = NULL, org_number_request_reason = NULL, "
		"org_number_requested_by = NULL, org_number_requested_at = NULL WHERE id = $2",
		ARGS(SV_T(now), SV_I(id)))
				 : store_exec(st,
		"UPDATE organisation SET org_number_requested = NULL, org_number_request_reason = NULL, "
		"org_number_requested_by = NULL, org_number_requested_at = NULL WHERE id = $1",
		ARGS(SV_I(id)));
	if (rows != 1 ||
	    audit_record_json(st, account_id, "organisation", id,
			      approve ? "org_number_approve" : "org_number_decline",
			      json_pack("{s:s,s:s,s:I}", "from", o.org_number ? o.org_number : "", "to",
					o.org_number_requested, "requested_by", (json_int_t)o.org_number_requested_by)) != 0)
		return store_finish(st, store_outcome(st));
	return store_finish(st, OUTCOME_OK);
}

/* ---------------------------------------------------------------------------------------------
 * Unclassified organisations, and classifying several at once.
 */

#define UNCLASSIFIED " FROM organisation o WHERE NOT EXISTS " \
		     "(SELECT 1 FROM organisation_category k WHERE k.organisation_id = o.id)"

enum outcome organisation_unclassified(struct store *st, struct arena *a, int page, int per_page,
				       struct org_page *out)
{
	memset(out, 0, sizeof *out);
	out->per_page = per_page < 1 ? 20 : per_page > 100 ? 100 : per_page;
	out->page = page < 1 ? 1 : page > 1000000 ? 1000000 : page;
	out->total = store_int(st, "SELECT COUNT(*)" UNCLASSIFIED, NOARGS, -1);
	if (out->total < 0)
		return store_outcome(st);
	out->items = arena_alloc(a, sizeof *out->items * (size_t)out->per_page);
	struct cursor *c = store_query(st, "SELECT " ORG_COLUMNS UNCLASSIFIED " ORDER BY o.sort_key, o.id LIMIT $1 OFFSET $2",
				       ARGS(SV_I(out->per_page), SV_I((long long)(out->page - 1) * out->per_page)));
	while (out->n < out->per_page && cursor_next(c))
		read_row(a, c, &out->items[out->n++]);
	if (cursor_close(c) != 0 || load_codes(st, a, out->items, out->n) != 0)
		return store_outcome(st);
	return OUTCOME_OK;
}

enum outcome organisation_classify(struct store *st, struct arena *a, const long long *ids, int n,
				   const char *const *categories, int ncat, long long account_id, struct field_errors *e)
{
	const char *codes[ORG_MAX_CODES];
	int ncodes = 0;
	for (int i = 0; i < ncat && ncodes < ORG_MAX_CODES; i++)
		codes[ncodes++] = categories[i];
	check_codes(st, a, e, TAX_CATEGORY, "categories",
		    _("\"%s\" is not an activity category we know; choose from the list."),
		    _("Choose activity categories from the list."), codes, &ncodes);
	if (n <= 0)
		field_error(e, "organisations", _("Choose at least one organisation to classify."));
	if (ncodes == 0)
		field_error(e, "categories", _("Choose at least one activity category to give them."));
	if (e->n)
		return OUTCOME_INVALID;
	char now[21];
	clock_iso(clock_now(), now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	for (int i = 0; i < n; i++) {
		long long rows = store_exec(st, "UPDATE organisation SET updated_at = $1 WHERE id = $2",
					    ARGS(SV_T(now), SV_I(ids[i])));
		if (rows == 0) {
			field_error(e, NULL, _("One of the chosen organisations is no longer in the register; nothing "
					       "was changed."));
			return store_finish(st, OUTCOME_NOT_FOUND);
		}
		json_t *added = json_array();
		for (int k = 0; rows == 1 && k < ncodes; k++) {
			long long ins = store_exec(st,
				"INSERT INTO organisation_category (organisation_id, category_code) VALUES ($1, $2) "
				"ON CONFLICT DO NOTHING",
				ARGS(SV_I(ids[i]), SV_T(codes[k])));
			if (ins < 0)
				rows = -1;
			else if (ins == 1)
				json_array_append_new(added, json_string(codes[k]));
		}
		if (rows != 1 || audit_record_json(st, account_id, "organisation", ids[i], "classify",
						   json_pack("{s:[s],s:o}", "changed", "categories", "added", added)) != 0) {
			if (rows != 1)
				json_decref(added);
			return store_finish(st, store_outcome(st));
		}
	}
	return store_finish(st, OUTCOME_OK);
}

int organisation_load_contacts(struct store *st, struct arena *a, struct organisation *items, int n)
{
	if (n <= 0)
		return 0;
	struct buf sql = BUF_INIT;
	buf_puts(&sql, "SELECT organisation_id, id, name, role, email, phone FROM contact_person WHERE organisation_id IN (");
	put_params(&sql, 1, n);
	buf_puts(&sql, ") ORDER BY organisation_id, id");
	struct sv *args = calloc((size_t)n, sizeof *args);
	if (!args)
		abort();
	for (int i = 0; i < n; i++) {
		args[i] = SV_I(items[i].id);
		items[i].ncontacts = 0;
	}
	struct cursor *c = store_query(st, buf_str(&sql), args, n);
	while (cursor_next(c)) {
		long long id = cursor_int(c, 0);
		for (int i = 0; i < n; i++) {
			struct organisation *o = &items[i];
			if (o->id != id || o->ncontacts >= ORG_MAX_CONTACTS)
				continue;
			struct contact_person *p = &o->contacts[o->ncontacts++];
			p->id = cursor_int(c, 1);
			p->name = cursor_copy(a, c, 2);
			p->role = cursor_copy(a, c, 3);
			p->email = cursor_copy(a, c, 4);
			p->phone = cursor_copy(a, c, 5);
			break;
		}
	}
	int rc = cursor_close(c);
	free(args);
	buf_free(&sql);
	return rc != 0 ? -1 : 0;
}

/* ---------------------------------------------------------------------------------------------
 * Search.
 */

#define SEARCH_MAX_ARGS 10

static void add_condition(struct buf *where, const char *cond)
{
	buf_puts(where, where->len ? " AND " : " WHERE ");
	buf_puts(where, cond);
}

int organisation_filter_where_any(struct buf *where, struct sv *args, int na, const struct org_filter_any *f)
{
	static const char *const links[] = {"organisation_category", "organisation_target_group",
					    "organisation_district"};
	static const char *const columns[] = {"category_code", "target_group_code", "district_code"};
	const struct org_codes *lists[] = {&f->category, &f->target_group, &f->district, &f->legal_form};
	for (int l = 0; l < 4; l++) {
		int n = 0;
		for (int i = 0; i < lists[l]->n; i++)
			if (lists[l]->codes[i] && *lists[l]->codes[i])
				n++;
		if (n == 0)
			continue;
		struct buf cond = BUF_INIT;
		if (l < 3)
			buf_printf(&cond, "EXISTS (SELECT 1 FROM %s WHERE organisation_id = o.id AND %s IN (", links[l],
				   columns[l]);
		else
			buf_puts(&cond, "o.legal_form IN (");
		int k = 0;
		for (int i = 0; i < lists[l]->n; i++) {
			const char *code = lists[l]->codes[i];
			if (!code || !*code)
				continue;
			buf_printf(&cond, "%s$%d", k++ ? ", " : "", na + 1);
			args[na++] = SV_T(code);
		}
		buf_puts(&cond, l < 3 ? "))" : ")");
		add_condition(where, buf_str(&cond));
		buf_free(&cond);
	}
	return na;
}

int organisation_filter_where(struct buf *where, struct sv *args, int na, const char *category,
			      const char *target_group, const char *district, const char *legal_form)
{
	const struct org_filter_any f = {
		{&category, 1}, {&target_group, 1}, {&district, 1}, {&legal_form, 1},
	};
	return organisation_filter_where_any(where, args, na, &f);
}

enum outcome organisation_search(struct store *st, struct arena *a, const struct org_filter *f, struct org_page *out)
{
	memset(out, 0, sizeof *out);
	/* A filter left zeroed gets a usual page rather than one organisation per page. */
	int per_page = f->per_page <= 0 ? 20 : f->per_page > 100 ? 100 : f->per_page;
	int page = f->page < 1 ? 1 : f->page > 1000000 ? 1000000 : f->page;
	out->page = page;
	out->per_page = per_page;

	struct buf where = BUF_INIT, sql = BUF_INIT;
	struct sv args[SEARCH_MAX_ARGS];
	int na = 0;
	char *fts_bound = NULL;
	char cutoff[21];

	if (!f->include_hidden)
		add_condition(&where, "o.public = 1");
	if (f->q && f->q[strspn(f->q, " \t\r\n")]) {
		const char *cond = store_fts_condition(st, "organisation_fts", "o.id", na + 1, f->q, &fts_bound);
		struct buf any = BUF_INIT;
		buf_printf(&any, "(%s", cond); /* copied now: the driver may reuse its buffer */
		if (fts_bound)
			args[na++] = SV_T(fts_bound);
		/* A query that is, as a whole, an activity's or a target group's code, name or alias
		 * ("Idrott", "Pensionärer") also finds the organisations classified so, though their own
		 * text may never use the word: registers name their categories, descriptions seldom do. */
		static const struct {
			enum taxonomy t;
			const char *link, *column;
		} lists[] = {{TAX_CATEGORY, "organisation_category", "category_code"},
			     {TAX_TARGET_GROUP, "organisation_target_group", "target_group_code"}};
		for (int l = 0; l < 2; l++) {
			char code[32];
			if (!taxonomy_resolve(st, lists[l].t, f->q, code))
				continue;
			buf_printf(&any, " OR EXISTS (SELECT 1 FROM %s WHERE organisation_id = o.id AND %s = $%d)", lists[l].link,
				   lists[l].column, na + 1);
			args[na++] = SV_T(arena_strdup(a, code));
		}
		buf_putc(&any, ')');
		add_condition(&where, buf_str(&any));
		buf_free(&any);
	}
	na = organisation_filter_where(&where, args, na, f->category, f->target_group, f->district, f->legal_form);
	if (f->unconfirmed_only) {
		organisation_confirm_cutoff(cutoff);
		char cond[64];
		snprintf(cond, sizeof cond, "(o.confirmed_at IS NULL OR o.confirmed_at < $%d)", na + 1);
		add_condition(&where, cond);
		args[na++] = SV_T(cutoff);
	}

	enum outcome rc = OUTCOME_OK;
	const char *order;
	switch (f->sort) {
	case ORG_SORT_NAME_DESC: order = "o.sort_key DESC, o.id DESC"; break;
	case ORG_SORT_UPDATED: order = "o.updated_at DESC, o.id DESC"; break;
	case ORG_SORT_RELEVANCE: /* until the store offers a rank that both databases compute alike */
	case ORG_SORT_NAME:
	default: order = "o.sort_key, o.id"; break;
	}
	/* All matching ids in order, remembered until the register changes (triggers bump the
	 * 'organisation' counter): the count and every page are then slices of one list, and a
	 * filter that matches late in the alphabet costs no scan. */
	buf_printf(&sql, "SELECT o.id FROM organisation o%s ORDER BY %s", buf_str(&where), order);
	const long long *all;
	long long total = store_ids_cached(st, "organisation", buf_str(&sql), args, na, &all);
	if (total < 0) {
		rc = store_outcome(st);
		goto done;
	}
	out->total = total;
	long long first = (long long)(page - 1) * per_page;
	int cap = first >= total ? 0 : total - first < per_page ? (int)(total - first) : per_page;
	if (!cap)
		goto done;
	/* Copy the slice: the cached list may be replaced by the next query on this connection. */
	long long slice[100];
	memcpy(slice, all + first, sizeof slice[0] * (size_t)cap);
	buf_reset(&sql);
	buf_puts(&sql, "SELECT " ORG_COLUMNS " FROM organisation o WHERE o.id IN (");
	struct sv ids[100];
	for (int i = 0; i < cap; i++) {
		buf_printf(&sql, "%s$%d", i ? ", " : "", i + 1);
		ids[i] = SV_I(slice[i]);
	}
	buf_putc(&sql, ')');
	struct organisation *rows = arena_alloc(a, sizeof *rows * (size_t)cap);
	int nrows = 0;
	struct cursor *c = store_query(st, buf_str(&sql), ids, cap);
	while (nrows < cap && cursor_next(c))
		read_row(a, c, &rows[nrows++]);
	if (cursor_close(c) != 0) {
		rc = store_outcome(st);
		goto done;
	}
	/* Back into the list's order; a row deleted since the list was made is simply left out. */
	out->items = arena_alloc(a, sizeof *out->items * (size_t)cap);
	for (int i = 0; i < cap; i++)
		for (int j = 0; j < nrows; j++)
			if (rows[j].id == slice[i]) {
				out->items[out->n++] = rows[j];
				break;
			}
	if (load_codes(st, a, out->items, out->n) != 0)
		rc = store_outcome(st);
done:
	free(fts_bound);
	buf_free(&where);
	buf_free(&sql);
	return rc;
}

/* ---- For a representative's start page ---------------------------------------------------------- */

void organisation_confirm_cutoff(char out[21])
{
	/* Associations re-confirm after their yearly meeting; fifteen months allow for a late one. */
	time_t now = clock_now();
	struct tm tm;
	gmtime_r(&now, &tm);
	tm.tm_mon -= ORGANISATION_CONFIRM_MONTHS; /* timegm normalises the month into earlier years */
	clock_iso(timegm(&tm), out);
}

int organisation_represented(struct store *st, struct arena *a, long long account_id, struct organisation_mine *out,
			     int max)
{
	char cutoff[21];
	organisation_confirm_cutoff(cutoff);
	struct cursor *c = store_query(st,
		"SELECT o.id, o.name, o.confirmed_at, "
		"CASE WHEN o.confirmed_at IS NULL OR o.confirmed_at < $2 THEN 1 ELSE 0 END "
		"FROM representative rp JOIN organisation o ON o.id = rp.organisation_id "
		"WHERE rp.account_id = $1 ORDER BY o.sort_key, o.id LIMIT $3",
		ARGS(SV_I(account_id), SV_T(cutoff), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		out[n].id = cursor_int(c, 0);
		out[n].name = cursor_copy(a, c, 1);
		out[n].confirmed_at = cursor_copy_or_null(a, c, 2);
		out[n].confirm_due = cursor_int(c, 3) != 0;
		n++;
	}
	return cursor_close(c) == 0 ? n : -1;
}
