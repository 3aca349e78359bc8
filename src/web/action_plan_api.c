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
	struct action_plan_lists l;
	if (action_plan_lists(r->store, &r->arena, p.id, &l) != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	json_t *j = plan_json(&p);
	json_t *actions = json_array();
	for (int i = 0; i < l.nactions; i++) {
		const struct plan_action *x = &l.actions[i];
		json_t *goals = json_array();
		for (int k = 0; k < x->ngoals; k++) {
			char url[48];
			snprintf(url, sizeof url, "/mal/%lld", x->goal_ids[k]);
			json_array_append_new(goals, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)x->goal_ids[k], "statement",
							       x->goal_statements[k], "url", url));
		}
		json_t *notes = json_array();
		for (int k = 0; k < l.nnotes; k++)
			if (l.notes[k].action_id == x->id)
				json_array_append_new(notes, json_pack("{s:s,s:s,s:o}", "noted_on", l.notes[k].noted_on, "text",
								       l.notes[k].text, "status", text_or_null(l.notes[k].status)));
		json_t *o = plan_action_json(x);
		json_object_set_new(o, "goals", goals);
		json_object_set_new(o, "notes", notes);
		json_array_append_new(actions, o);
	}
	json_object_set_new(j, "actions", actions);
	json_t *vs = json_array();
	for (int i = 0; i < l.nversions; i++)
		json_array_append_new(vs, json_pack("{s:I,s:s,s:s}", "version", (json_int_t)l.versions[i].version, "adopted_on",
						    l.versions[i].adopted_on, "case_number", l.versions[i].case_number));
	json_object_set_new(j, "versions", vs);
	json_t *cs = json_array();
	for (int i = 0; i < l.nchanges; i++)
		json_array_append_new(cs, json_pack("{s:s,s:I,s:s,s:o,s:s,s:o}", "changed_at", l.changes[i].changed_at,
						    "version", (json_int_t)l.changes[i].version, "kind", l.changes[i].kind,
						    "action_id",
						    l.changes[i].action_id ? json_integer(l.changes[i].action_id) : json_null(),
						    "summary", l.changes[i].summary, "status", text_or_null(l.changes[i].status)));
	json_object_set_new(j, "history", cs);
	api_public(r, j);
}
