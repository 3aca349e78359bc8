/* action_plan_api: adopted action plans as open data — the list and one plan with its actions,
 * notes, versions and later changes, as JSON; drafts are never shown, whoever asks. */
#include "web/pages.h"
#include "web/api.h"
#include "base/i18n.h"
#include "domain/action_plan.h"
#include <stdio.h>
#include <string.h>

#define API_PER_PAGE 20
#define API_PER_PAGE_MAX 100
#define ACTIONS_MAX 500
#define NOTES_MAX 2000
#define VERSIONS_MAX 100
#define CHANGES_MAX 500

static json_t *text_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *plan_json(const struct action_plan *p)
{
	char url[48];
	snprintf(url, sizeof url, "/handlingsplaner/%lld", p->id);
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(p->id));
	json_object_set_new(j, "title", json_string(p->title));
	json_object_set_new(j, "department", json_pack("{s:I,s:s}", "id", (json_int_t)p->department_id, "name",
						       p->department_name));
	json_object_set_new(j, "period_start", json_string(p->period_start));
	json_object_set_new(j, "period_end", json_string(p->period_end));
	json_object_set_new(j, "adopted_on", text_or_null(p->adopted_on));
	json_object_set_new(j, "case_number", text_or_null(p->case_number));
	json_object_set_new(j, "version", json_integer(p->version));
	json_object_set_new(j, "actions_count", json_integer(p->actions));
	json_object_set_new(j, "updated_at", json_string(p->updated_at));
	json_object_set_new(j, "url", json_string(url));
	return j;
}

void api_action_plan_list(struct request *r)
{
	long long page, per_page, department, year;
	if (!api_number_param(r, "page", 1, API_PAGE_MAX, 1, &page) ||
	    !api_number_param(r, "per_page", 1, API_PER_PAGE_MAX, API_PER_PAGE, &per_page) ||
	    !api_number_param(r, "department", 1, 1000000000000LL, 0, &department) ||
	    !api_number_param(r, "year", 1900, 9999, 0, &year))
		return;
	struct action_plan_filter f = {.department_id = department, .year = (int)year};
	struct action_plan *plans = arena_alloc(&r->arena, sizeof *plans * (size_t)per_page);
	long long total = 0;
	/* by NULL: the public, who see adopted plans only. */
	int n = action_plan_list(r->store, &r->arena, NULL, &f, (page - 1) * per_page, (int)per_page, plans, &total);
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, plan_json(&plans[i]));
	api_public_page(r, items, total, page, per_page);
}

void api_action_plan_show(struct request *r)
{
	struct action_plan p;
	enum outcome o = action_plan_load(r->store, &r->arena, route_id(r, 0), &p);
	if (o == OUTCOME_OK && !action_plan_visible(NULL, &p))
		o = OUTCOME_NOT_FOUND;
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	struct plan_action *xs = arena_alloc(&r->arena, sizeof *xs * ACTIONS_MAX);
	struct plan_note *notes = arena_alloc(&r->arena, sizeof *notes * NOTES_MAX);
	struct plan_version *versions = arena_alloc(&r->arena, sizeof *versions * VERSIONS_MAX);
	struct plan_change *changes = arena_alloc(&r->arena, sizeof *changes * CHANGES_MAX);
	int n = plan_actions(r->store, &r->arena, p.id, xs, ACTIONS_MAX);
	int nn = plan_notes(r->store, &r->arena, p.id, notes, NOTES_MAX);
	int nv = plan_versions(r->store, &r->arena, p.id, versions, VERSIONS_MAX);
	int nc = plan_changes(r->store, &r->arena, p.id, changes, CHANGES_MAX);
	if (n < 0 || nn < 0 || nv < 0 || nc < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	json_t *j = plan_json(&p);
	json_t *actions = json_array();
	for (int i = 0; i < n; i++) {
		json_t *principles = json_array();
		for (int k = 0; k < xs[i].nprinciples; k++)
			json_array_append_new(principles, json_string(xs[i].principles[k]));
		json_t *goals = json_array();
		for (int k = 0; k < xs[i].ngoals; k++) {
			char url[48];
			snprintf(url, sizeof url, "/mal/%lld", xs[i].goal_ids[k]);
			json_array_append_new(goals, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)xs[i].goal_ids[k], "statement",
							       xs[i].goal_statements[k], "url", url));
		}
		json_t *ns = json_array();
		for (int k = 0; k < nn; k++)
			if (notes[k].action_id == xs[i].id)
				json_array_append_new(ns, json_pack("{s:s,s:s,s:o}", "noted_on", notes[k].noted_on, "text",
								    notes[k].text, "status", text_or_null(notes[k].status)));
		json_t *x = json_object();
		json_object_set_new(x, "id", json_integer(xs[i].id));
		json_object_set_new(x, "what", json_string(xs[i].what));
		json_object_set_new(x, "responsible", text_or_null(xs[i].responsible_name));
		json_object_set_new(x, "starts_on", text_or_null(xs[i].starts_on));
		json_object_set_new(x, "due_on", text_or_null(xs[i].due_on));
		json_object_set_new(x, "status", json_string(xs[i].status));
		json_object_set_new(x, "principles", principles);
		json_object_set_new(x, "goals", goals);
		json_object_set_new(x, "notes", ns);
		json_array_append_new(actions, x);
	}
	json_object_set_new(j, "actions", actions);
	json_t *vs = json_array();
	for (int i = 0; i < nv; i++)
		json_array_append_new(vs, json_pack("{s:I,s:s,s:s}", "version", (json_int_t)versions[i].version, "adopted_on",
						    versions[i].adopted_on, "case_number", versions[i].case_number));
	json_object_set_new(j, "versions", vs);
	json_t *cs = json_array();
	for (int i = 0; i < nc; i++)
		json_array_append_new(cs, json_pack("{s:s,s:I,s:s,s:o,s:s}", "changed_at", changes[i].changed_at, "version",
						    (json_int_t)changes[i].version, "kind", changes[i].kind, "action_id",
						    changes[i].action_id ? json_integer(changes[i].action_id) : json_null(),
						    "summary", changes[i].summary));
	json_object_set_new(j, "history", cs);
	api_public(r, j);
}
