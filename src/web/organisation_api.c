/* organisation_api: the register as open data — public organisations and their public fields only, as JSON. */
#include "web/pages.h"
#include "web/api.h"
#include "base/i18n.h"
#include "domain/organisation.h"
#include "domain/taxonomy.h"
#include <stdio.h>
#include <string.h>

#define API_PER_PAGE 20
#define API_PER_PAGE_MAX 100
#define API_Q_MAX 200

/* A string member; optional fields left empty are null, so clients need test only one thing. */
static void set_text(json_t *j, const char *key, const char *s, bool empty_is_null)
{
	if (!s || (empty_is_null && !*s))
		json_object_set_new(j, key, json_null());
	else
		json_object_set_new(j, key, json_string(s)); /* a NULL from invalid UTF-8 is refused, not stored */
}

static json_t *codes_json(const char *const *codes, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(codes[i]));
	return a;
}

/* An address as an object, or null when none of it is given. */
static json_t *address_json(const char *street, const char *postcode, const char *city)
{
	if ((!street || !*street) && (!postcode || !*postcode) && (!city || !*city))
		return json_null();
	json_t *j = json_object();
	set_text(j, "street", street, true);
	set_text(j, "postcode", postcode, true);
	set_text(j, "city", city, true);
	return j;
}

/* The public fields of an organisation. Contact persons are personal data and are never written
 * here, whoever asks: the API answers the same to everyone. */
static json_t *organisation_json(const struct organisation *o)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(o->id));
	set_text(j, "name", o->name, false);
	set_text(j, "org_number", o->org_number, true);
	set_text(j, "legal_form", o->legal_form, true);
	set_text(j, "description", o->description ? o->description : "", false);
	set_text(j, "website", o->website, true);
	set_text(j, "email", o->email, true);
	set_text(j, "phone", o->phone, true);
	json_object_set_new(j, "categories", codes_json(o->categories, o->ncategories));
	json_object_set_new(j, "target_groups", codes_json(o->target_groups, o->ntarget_groups));
	json_object_set_new(j, "districts", codes_json(o->districts, o->ndistricts));
	/* The address is the organisation's to publish: null unless it chose to. */
	json_object_set_new(j, "address", o->address_public ? address_json(o->street, o->postcode, o->city) : json_null());
	json_object_set_new(j, "postal_address", o->address_public ? address_json(o->postal_street, o->postal_postcode,
										  o->postal_city)
								    : json_null());
	set_text(j, "confirmed_at", o->confirmed_at, true);
	set_text(j, "updated_at", o->updated_at, true);
	char url[48];
	snprintf(url, sizeof url, "/organisationer/%lld", o->id);
	json_object_set_new(j, "url", json_string(url));
	return j;
}

/* A filter code (or a term's name) checked against its list; false (with a 400 sent) when unknown. */
static bool code_param(struct request *r, const char *name, enum taxonomy which, const char **out)
{
	const char *v = param_get(&r->query, name);
	*out = NULL;
	if (!v || !*v)
		return true;
	char code[32];
	if (!taxonomy_resolve(r->store, which, v, code)) {
		/* The value is repeated only when short: cutting it could split a UTF-8 sequence. */
		if (strlen(v) <= 60)
			api_bad_parameter(r, arena_printf(&r->arena, _("The parameter %s has an unknown code: \"%s\"."), name, v));
		else
			api_bad_parameter(r, arena_printf(&r->arena, _("The parameter %s has an unknown code."), name));
		return false;
	}
	*out = arena_strdup(&r->arena, code);
	return true;
}

void api_organisation_list(struct request *r)
{
	struct org_filter f = {0};
	long long page, per_page;
	if (!api_number_param(r, "page", 1, API_PAGE_MAX, 1, &page) ||
	    !api_number_param(r, "per_page", 1, API_PER_PAGE_MAX, API_PER_PAGE, &per_page) ||
	    !code_param(r, "category", TAX_CATEGORY, &f.category) ||
	    !code_param(r, "target_group", TAX_TARGET_GROUP, &f.target_group) ||
	    !code_param(r, "district", TAX_DISTRICT, &f.district) ||
	    !code_param(r, "legal_form", TAX_LEGAL_FORM, &f.legal_form))
		return;
	const char *q = param_get(&r->query, "q");
	if (q && strlen(q) > API_Q_MAX) {
		api_bad_parameter(r, arena_printf(&r->arena, _("The parameter %s must be at most %d characters long."), "q",
					      API_Q_MAX));
		return;
	}
	bool searching = false;
	for (const char *p = q; p && *p; p++)
		if (*p != ' ' && *p != '\t')
			searching = true;
	f.q = searching ? q : NULL;
	const char *sort = param_get(&r->query, "sort");
	if (!sort || !*sort)
		f.sort = searching ? ORG_SORT_RELEVANCE : ORG_SORT_NAME;
	else if (strcmp(sort, "name") == 0)
		f.sort = ORG_SORT_NAME;
	else if (strcmp(sort, "name_desc") == 0)
		f.sort = ORG_SORT_NAME_DESC;
	else if (strcmp(sort, "updated") == 0)
		f.sort = ORG_SORT_UPDATED;
	else if (strcmp(sort, "relevance") == 0)
		f.sort = searching ? ORG_SORT_RELEVANCE : ORG_SORT_NAME;
	else {
		api_bad_parameter(r, arena_printf(&r->arena, _("The parameter %s must be one of: %s."), "sort",
					      "name, name_desc, updated, relevance"));
		return;
	}
	/* Open data: hidden organisations stay out even when a signed-in official asks. */
	f.include_hidden = false;
	f.page = (int)page;
	f.per_page = (int)per_page;
	struct org_page res;
	memset(&res, 0, sizeof res);
	enum outcome rc = organisation_search(r->store, &r->arena, &f, &res);
	if (rc != OUTCOME_OK) {
		respond_outcome(r, rc, NULL);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < res.n; i++)
		if (res.items[i].public)
			json_array_append_new(items, organisation_json(&res.items[i]));
	json_t *j = json_object();
	json_object_set_new(j, "items", items);
	json_object_set_new(j, "total", json_integer(res.total));
	json_object_set_new(j, "page", json_integer(f.page));
	json_object_set_new(j, "per_page", json_integer(f.per_page));
	api_json(r, j);
	/* Public data only, the same for every caller: any site may read it. */
	response_header(r, "access-control-allow-origin", "*");
}

void api_organisation_show(struct request *r)
{
	long long id = route_id(r, 0);
	struct organisation o;
	memset(&o, 0, sizeof o);
	enum outcome rc = id ? organisation_load(r->store, &r->arena, id, false, &o) : OUTCOME_NOT_FOUND;
	if (rc == OUTCOME_OK && !o.public)
		rc = OUTCOME_NOT_FOUND;
	if (rc != OUTCOME_OK) {
		respond_outcome(r, rc, NULL);
		return;
	}
	api_json(r, organisation_json(&o));
	response_header(r, "access-control-allow-origin", "*");
}
