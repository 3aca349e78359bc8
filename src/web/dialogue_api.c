/* dialogue_api: dialogues as open data — every dialogue but drafts, with its place on the two models,
 * its dates, its report and its counts, as JSON; the same answer for every caller. */
#include "web/pages.h"
#include "web/api.h"
#include "base/i18n.h"
#include "domain/account_admin.h"
#include "domain/dialogue.h"
#include "domain/participation.h"
#include <stdio.h>
#include <string.h>

#define API_PER_PAGE 20
#define API_PER_PAGE_MAX 100
#define DEPARTMENTS_MAX 200

/* Optional texts and dates left empty are null, so a client tests one thing. */
static void set_text(json_t *j, const char *key, const char *s)
{
	if (!s || !*s)
		json_object_set_new(j, key, json_null());
	else
		json_object_set_new(j, key, json_string(s));
}

/* {"id", key: text, "url"} of what the dialogue is linked to, or null when it is not. */
static json_t *link_json(long long id, const char *key, const char *text, const char *url_format)
{
	if (id <= 0 || !text)
		return json_null();
	char url[64];
	snprintf(url, sizeof url, url_format, id);
	return json_pack("{s:I,s:s,s:s}", "id", (json_int_t)id, key, text, "url", url);
}

/* The public fields. The contact official is named as on the page (an official acts in office);
 * no e-mail address, and nobody else's name, is ever written here. The report appears once it is
 * published. */
static json_t *dialogue_json(const struct dialogue *d)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(d->id));
	json_object_set_new(j, "title", json_string(d->title));
	json_object_set_new(j, "question", json_string(d->question));
	json_object_set_new(j, "background", json_string(d->background));
	json_object_set_new(j, "can_influence", json_string(d->can_influence));
	json_object_set_new(j, "cannot_influence", json_string(d->cannot_influence));
	json_object_set_new(j, "department", json_pack("{s:I,s:s}", "id", (json_int_t)d->department_id, "name",
						       d->department_name));
	json_object_set_new(j, "contact",
			    d->contact_name && *d->contact_name ? json_pack("{s:s}", "name", d->contact_name) : json_null());
	json_object_set_new(j, "state", json_string(dialogue_state_code(d->state)));
	set_text(j, "opens_on", d->opens_on);
	set_text(j, "closes_on", d->closes_on);
	set_text(j, "decision_on", d->decision_on);
	json_object_set_new(j, "skr_level", json_string(d->skr_level));
	json_object_set_new(j, "coe_level", json_string(d->coe_level));
	json_object_set_new(j, "decision_stage", json_string(d->decision_stage));
	json_t *principles = json_array();
	for (int i = 0; i < d->nprinciples; i++)
		json_array_append_new(principles, json_string(d->principles[i]));
	json_object_set_new(j, "principles", principles);
	if (dialogue_is_reported(d)) {
		json_t *rep = json_object();
		json_object_set_new(rep, "heard", json_string(d->report.heard));
		json_object_set_new(rep, "decision", json_string(d->report.decision));
		set_text(rep, "minutes_ref", d->report.minutes_ref);
		set_text(rep, "link", d->report.link);
		json_object_set_new(rep, "used", json_string(d->report.used));
		set_text(rep, "reported_at", d->reported_at);
		json_object_set_new(j, "report", rep);
	} else {
		json_object_set_new(j, "report", json_null());
	}
	/* The collaboration area and goal the dialogue works for, or null. */
	json_object_set_new(j, "area", link_json(d->area_id, "title", d->area_title, "/samverkansomraden/%lld"));
	json_object_set_new(j, "goal", link_json(d->goal_id, "statement", d->goal_statement, "/mal/%lld"));
	json_object_set_new(j, "counts",
			    json_pack("{s:I,s:I}", "invited_organisations", (json_int_t)d->invited_count,
				      "published_submissions", (json_int_t)d->published_submissions));
	json_object_set_new(j, "created_at", json_string(d->created_at));
	json_object_set_new(j, "updated_at", json_string(d->updated_at));
	char url[48];
	snprintf(url, sizeof url, "/dialoger/%lld", d->id);
	json_object_set_new(j, "url", json_string(url));
	return j;
}

/* A value from a fixed list; false (with a 400 naming the choices) otherwise. */
static bool choice_param(struct request *r, const char *name, const char *const *choices, int n, const char **out)
{
	const char *v = param_get(&r->query, name);
	*out = NULL;
	if (!v || !*v)
		return true;
	for (int i = 0; i < n; i++)
		if (strcmp(v, choices[i]) == 0) {
			*out = choices[i];
			return true;
		}
	struct buf list = BUF_INIT;
	for (int i = 0; i < n; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", choices[i]);
	api_bad_parameter(r, arena_printf(&r->arena, _("The parameter %s must be one of: %s."), name, buf_str(&list)));
	buf_free(&list);
	return false;
}

/* The department by id or by code; false (with a 400) when there is no such department. */
static bool department_param(struct request *r, long long *out)
{
	const char *v = param_get(&r->query, "department");
	*out = 0;
	if (!v || !*v)
		return true;
	struct department *ds = arena_alloc(&r->arena, sizeof *ds * DEPARTMENTS_MAX);
	int n = department_list(r->store, &r->arena, ds, DEPARTMENTS_MAX);
	for (int i = 0; i < n; i++)
		if (strcmp(v, ds[i].code) == 0 || strcmp(v, arena_printf(&r->arena, "%lld", ds[i].id)) == 0) {
			*out = ds[i].id;
			return true;
		}
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return false;
	}
	api_bad_parameter(r, _("The parameter department must be the id or the code of a department."));
	return false;
}

void api_dialogue_list(struct request *r)
{
	/* Drafts are nobody's open data: "draft" is not a state this API knows. */
	const char *const states[] = {dialogue_state_code(DIALOGUE_PLANNED), dialogue_state_code(DIALOGUE_OPEN),
				      dialogue_state_code(DIALOGUE_CLOSED), dialogue_state_code(DIALOGUE_REPORTED)};
	const struct participation_term *t;
	int nlevels = participation_terms(PART_SKR_LEVEL, &t);
	const char *levels[8];
	for (int i = 0; i < nlevels && i < 8; i++)
		levels[i] = t[i].code;
	long long page, per_page, department;
	const char *state;
	struct dialogue_filter f = {0};
	if (!api_number_param(r, "page", 1, API_PAGE_MAX, 1, &page) ||
	    !api_number_param(r, "per_page", 1, API_PER_PAGE_MAX, API_PER_PAGE, &per_page) || !department_param(r, &department) ||
	    !choice_param(r, "state", states, 4, &state) || !choice_param(r, "level", levels, nlevels, &f.skr_level))
		return;
	f.by_state = state && dialogue_state_from_code(state, &f.state);
	f.department_id = department;
	f.viewer = NULL; /* open data: the same for everyone, drafts never */
	f.order = DIALOGUE_ORDER_OPEN_FIRST;
	f.page = (int)page;
	f.per_page = (int)per_page;
	struct dialogue_page res;
	if (dialogue_list(r->store, &r->arena, &f, &res) != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < res.n; i++)
		json_array_append_new(items, dialogue_json(&res.items[i]));
	api_public_page(r, items, res.total, f.page, res.per_page);
}

void api_dialogue_show(struct request *r)
{
	long long id = route_id(r, 0);
	struct dialogue d;
	enum outcome o = dialogue_load(r->store, &r->arena, id, &d);
	if (o == OUTCOME_OK && dialogue_is_draft(&d))
		o = OUTCOME_NOT_FOUND; /* drafts are nobody's open data */
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	api_public(r, dialogue_json(&d));
}
