/* municipality: the profile's fields, each one setting "municipality.<field>", read in one query
 * and written in one audited transaction; the checks are those of every other stored text. */
#include "domain/municipality.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/url.h"
#include "base/workdays.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/organisation.h"
#include "domain/setting.h"
#include "domain/taxonomy.h"
#include <jansson.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

/* The fields in the order of the form; the setting's name is "municipality." and the field's. */
static const struct {
	const char *setting, *field;
	size_t offset;
} fields[] = {
	{"municipality.name", "name", offsetof(struct municipality, name)},
	{"municipality.org_number", "org_number", offsetof(struct municipality, org_number)},
	{"municipality.street", "street", offsetof(struct municipality, street)},
	{"municipality.postcode", "postcode", offsetof(struct municipality, postcode)},
	{"municipality.city", "city", offsetof(struct municipality, city)},
	{"municipality.email", "email", offsetof(struct municipality, email)},
	{"municipality.phone", "phone", offsetof(struct municipality, phone)},
	{"municipality.website", "website", offsetof(struct municipality, website)},
	{"municipality.case_prefix", "case_prefix", offsetof(struct municipality, case_prefix)},
	{"municipality.licence", "licence", offsetof(struct municipality, licence)},
	{"municipality.licence_url", "licence_url", offsetof(struct municipality, licence_url)},
	{"municipality.a11y_contact", "a11y_contact", offsetof(struct municipality, a11y_contact)},
	{"municipality.a11y_reviewed", "a11y_reviewed", offsetof(struct municipality, a11y_reviewed)},
	{"municipality.a11y_shortcomings", "a11y_shortcomings", offsetof(struct municipality, a11y_shortcomings)},
};
#define NFIELDS ((int)(sizeof fields / sizeof fields[0]))

static const char **field_of(struct municipality *m, int i) { return (const char **)((char *)m + fields[i].offset); }

enum outcome municipality_load(struct store *st, struct arena *a, struct municipality *m)
{
	const char *names[NFIELDS], *values[NFIELDS];
	for (int i = 0; i < NFIELDS; i++)
		names[i] = fields[i].setting;
	enum outcome o = setting_get_many(st, a, names, NFIELDS, values);
	for (int i = 0; i < NFIELDS; i++)
		*field_of(m, i) = values[i] ? values[i] : "";
	/* Unset, not emptied: an administrator who clears the licence is told to name one. */
	for (int i = 0; i < NFIELDS; i++)
		if (!values[i] && field_of(m, i) == &m->licence)
			m->licence = MUNICIPALITY_DEFAULT_LICENCE;
		else if (!values[i] && field_of(m, i) == &m->licence_url)
			m->licence_url = MUNICIPALITY_DEFAULT_LICENCE_URL;
	return o;
}

const char *municipality_name(struct store *st, struct arena *a)
{
	const char *name = NULL;
	if (setting_get(st, a, fields[0].setting, &name) != OUTCOME_OK || !name || !*name)
		return MUNICIPALITY_FALLBACK_NAME;
	return name;
}

/* An e-mail address rather than a web address: an @ and no scheme. */
static bool looks_like_email(const char *s) { return strchr(s, '@') && !strstr(s, "://"); }

const char *municipality_report_href(struct arena *a, const struct municipality *m)
{
	if (!m->a11y_contact || !*m->a11y_contact)
		return NULL;
	return looks_like_email(m->a11y_contact) ? arena_printf(a, "mailto:%s", m->a11y_contact) : m->a11y_contact;
}

/* The e-mail field's check (the sign-up's rule), lower-cased as addresses are stored. */
static void check_email(struct field_errors *e, struct arena *a, const char *field, const char **v)
{
	if (!**v)
		return;
	char *lower = arena_strdup(a, *v);
	text_lower(lower);
	*v = lower;
	const char *problem = account_email_problem(lower);
	if (problem)
		field_error(e, field, problem);
}

static void check_web(struct field_errors *e, struct arena *a, const char *field, const char **v)
{
	if (!**v)
		return;
	const char *url = url_web_address(a, *v, 2000);
	if (url)
		*v = url;
	else
		field_error(e, field, _("Write a web address such as https://www.kommun.se."));
}

bool municipality_validate(struct arena *a, struct municipality *m, struct field_errors *e)
{
	int before = e->n;
	const char *too_long = _("Shorten the text to at most 200 characters.");
	/* Every field: the text contract first; the shape checks below only see clean text. */
	for (int i = 0; i < NFIELDS; i++) {
		const char **v = field_of(m, i);
		if (!*v)
			*v = "";
		bool lines = v == &m->a11y_shortcomings;
		field_text(e, a, fields[i].field, v, lines, lines ? MUNICIPALITY_SHORTCOMINGS_MAX : MUNICIPALITY_NAME_MAX,
			   NULL, lines ? _("Shorten the text to at most 4000 characters.") : too_long);
	}
	/* A browser sends a textarea's lines ending in CRLF; they are stored as lines end everywhere
	 * else here. */
	if (strchr(m->a11y_shortcomings, '\r')) {
		char *lf = arena_strdup(a, m->a11y_shortcomings), *out = lf;
		for (const char *p = lf; *p; p++)
			if (!(*p == '\r' && p[1] == '\n'))
				*out++ = *p;
		*out = 0;
		m->a11y_shortcomings = lf;
	}
	if (!field_has_error(e, "org_number") && *m->org_number) {
		char canonical[12];
		if (orgnr_normalise(m->org_number, canonical))
			m->org_number = arena_strdup(a, canonical);
		else
			field_error(e, "org_number", _("Check the organisation number: ten digits, like 212000-0142."));
	}
	if (!field_has_error(e, "postcode") && *m->postcode) {
		char digits[6];
		if (postcode_normalise(m->postcode, digits))
			m->postcode = arena_printf(a, "%.3s %.2s", digits, digits + 3);
		else
			field_error(e, "postcode", _("Write the postcode as five digits, like 178 92."));
	}
	if (!field_has_error(e, "email"))
		check_email(e, a, "email", &m->email);
	if (!field_has_error(e, "website"))
		check_web(e, a, "website", &m->website);
	if (!field_has_error(e, "licence_url"))
		check_web(e, a, "licence_url", &m->licence_url);
	if (!field_has_error(e, "phone") && *m->phone && strspn(m->phone, "0123456789 +-()") != strlen(m->phone))
		field_error(e, "phone", _("Write the phone number with digits, and if you like spaces, +, - and ( ), "
					  "e.g. 08-123 456 78."));
	if (!field_has_error(e, "case_prefix") && strlen(m->case_prefix) > 20)
		field_error(e, "case_prefix", _("Shorten the prefix to at most 20 characters, like KS."));
	if (!field_has_error(e, "licence") && !*m->licence)
		field_error(e, "licence", _("Name the licence of the open data, such as CC0 1.0."));
	if (!field_has_error(e, "a11y_contact") && *m->a11y_contact) {
		if (looks_like_email(m->a11y_contact))
			check_email(e, a, "a11y_contact", &m->a11y_contact);
		else
			check_web(e, a, "a11y_contact", &m->a11y_contact);
	}
	workday_date day;
	if (!field_has_error(e, "a11y_reviewed") && *m->a11y_reviewed && !workdays_parse(m->a11y_reviewed, &day))
		field_error(e, "a11y_reviewed", _("Write the date as YYYY-MM-DD, for example 2026-05-04."));
	return e->n == before;
}

enum outcome municipality_write(struct store *st, struct arena *a, struct municipality *m, long long by,
				struct field_errors *e)
{
	if (!municipality_validate(a, m, e))
		return OUTCOME_INVALID;
	struct municipality before;
	enum outcome o = municipality_load(st, a, &before);
	if (o != OUTCOME_OK)
		return o;
	/* The audit row names what changed, from and to; nothing changed writes nothing. */
	json_t *changes = json_object();
	for (int i = 0; i < NFIELDS; i++) {
		const char *was = *field_of(&before, i), *now = *field_of(m, i);
		if (strcmp(was, now) == 0)
			continue;
		json_object_set_new(changes, fields[i].field, json_pack("{s:s,s:s}", "from", was, "to", now));
		if (setting_put(st, fields[i].setting, now) != 0) {
			json_decref(changes);
			return store_outcome(st);
		}
	}
	if (json_object_size(changes) == 0) {
		json_decref(changes);
		return OUTCOME_OK;
	}
	return audit_record_json(st, by, "setting", 0, "municipality", changes) == 0 ? OUTCOME_OK : store_outcome(st);
}

enum outcome municipality_save(struct store *st, struct arena *a, struct municipality *m, long long by,
			       struct field_errors *e)
{
	if (!municipality_validate(a, m, e))
		return OUTCOME_INVALID;
	if (store_begin(st) != 0)
		return store_outcome(st);
	return store_finish(st, municipality_write(st, a, m, by, e));
}
