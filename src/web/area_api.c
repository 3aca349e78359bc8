/* area_api: collaboration areas and their goals as open data — each goal with its baseline, target,
 * source, status and dated values — the same answer for every caller, never anyone's name. */
#include "web/pages.h"
#include "web/api.h"
#include "base/i18n.h"
#include "domain/area.h"
#include "domain/goal.h"
#include <stdio.h>
#include <string.h>

#define API_PER_PAGE 20
#define API_PER_PAGE_MAX 100
#define GOALS_MAX 2000
#define VALUES_MAX 500

/* Optional texts and dates left empty are null, so a client tests one thing. */
static void set_text(json_t *j, const char *key, const char *s)
{
	json_object_set_new(j, key, s && *s ? json_string(s) : json_null());
}

static void set_url(json_t *j, const char *fmt, long long id)
{
	char url[64];
	snprintf(url, sizeof url, fmt, id);
	json_object_set_new(j, "url", json_string(url));
}

/* The area's public fields; with_lists adds its departments, principles and partners (area_load
 * reads them, area_list does not). */
static json_t *area_json(const struct area *a, bool with_lists)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(a->id));
	json_object_set_new(j, "title", json_string(a->title));
	json_object_set_new(j, "description", json_string(a->description ? a->description : ""));
	enum area_status s = AREA_PROPOSED;
	area_status_from_code(a->status, &s);
	json_object_set_new(j, "status", json_string(area_status_code(s)));
	json_object_set_new(j, "committee", json_pack("{s:I,s:s}", "id", (json_int_t)a->committee_id, "name",
						      a->committee_name ? a->committee_name : ""));
	set_text(j, "starts_on", a->starts_on);
	set_text(j, "ends_on", a->ends_on);
	json_object_set_new(j, "goal_count", json_integer(a->goals));
	if (with_lists) {
		json_t *deps = json_array(), *principles = json_array(), *partners = json_array();
		for (int i = 0; i < a->ndepartments; i++)
			json_array_append_new(deps, json_pack("{s:I,s:s}", "id", (json_int_t)a->department_ids[i], "name",
							      a->department_names[i]));
		for (int i = 0; i < a->nprinciples; i++)
			json_array_append_new(principles, json_string(a->principles[i]));
		for (int i = 0; i < a->npartners; i++) {
			json_t *p = json_pack("{s:I,s:s}", "id", (json_int_t)a->partner_ids[i], "name", a->partner_names[i]);
			set_url(p, "/organisationer/%lld", a->partner_ids[i]);
			json_array_append_new(partners, p);
		}
		json_object_set_new(j, "departments", deps);
		json_object_set_new(j, "principles", principles);
		json_object_set_new(j, "partners", partners);
	}
	set_text(j, "created_at", a->created_at);
	set_text(j, "updated_at", a->updated_at);
	set_url(j, "/samverkansomraden/%lld", a->id);
	return j;
}

/* A goal with its values and status. Who typed a value is personal data and never written here. */
static json_t *goal_json(const struct goal *g, const struct goal_value *values, int nv)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(g->id));
	json_object_set_new(j, "area", json_pack("{s:I,s:s}", "id", (json_int_t)g->area_id, "title",
						 g->area_title ? g->area_title : ""));
	json_object_set_new(j, "statement", json_string(g->statement));
	json_object_set_new(j, "unit", json_string(g->unit ? g->unit : ""));
	json_object_set_new(j, "direction", json_string(g->direction));
	json_object_set_new(j, "baseline", json_pack("{s:f,s:s}", "value", g->baseline, "date", g->baseline_on));
	json_object_set_new(j, "target", json_pack("{s:f,s:s}", "value", g->target, "date", g->target_on));
	enum goal_source src = GOAL_TYPED;
	goal_source_from_code(g->source, &src);
	json_t *source = json_pack("{s:s}", "type", goal_source_code(src));
	if (src == GOAL_COMPUTED) {
		set_text(source, "indicator", g->indicator);
		json_object_set_new(source, "department_id",
				    g->department_id > 0 ? json_integer(g->department_id) : json_null());
		set_text(source, "district", g->district_code);
		set_text(source, "target_group", g->target_group_code);
		set_text(source, "period", g->period);
	} else if (src == GOAL_KOLADA) {
		set_text(source, "kpi", g->kolada_kpi);
		set_text(source, "municipality", g->kolada_municipality);
		set_text(source, "gender", g->kolada_gender);
	}
	json_object_set_new(j, "source", source);
	json_object_set_new(j, "status", json_string(goal_status_code(goal_status_of(g, values, nv))));
	json_t *vs = json_array();
	for (int i = 0; i < nv; i++) {
		json_t *v = json_object();
		json_object_set_new(v, "date", json_string(values[i].measured_on));
		json_object_set_new(v, "value", values[i].value_text ? json_real(values[i].value) : json_null());
		set_text(v, "comment", values[i].comment);
		json_array_append_new(vs, v);
	}
	json_object_set_new(j, "values", vs);
	set_text(j, "created_at", g->created_at);
	set_text(j, "updated_at", g->updated_at);
	set_url(j, "/mal/%lld", g->id);
	return j;
}

void api_area_list(struct request *r)
{
	long long page, per_page, total = 0;
	if (!api_number_param(r, "page", 1, API_PAGE_MAX, 1, &page) ||
	    !api_number_param(r, "per_page", 1, API_PER_PAGE_MAX, API_PER_PAGE, &per_page))
		return;
	struct area *areas = arena_alloc(&r->arena, sizeof *areas * (size_t)per_page);
	int n = area_list(r->store, &r->arena, (page - 1) * per_page, (int)per_page, areas, &total);
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(items, area_json(&areas[i], false));
	api_public_page(r, items, total, page, per_page);
}

/* The goals of an area (0: all) with their values, from offset, at most max, into items. */
static bool goals_json(struct request *r, long long area_id, long long offset, long long max, json_t *items,
		       long long *total)
{
	struct goal *goals = arena_alloc(&r->arena, sizeof *goals * GOALS_MAX);
	int n = goal_list(r->store, &r->arena, area_id, goals, GOALS_MAX);
	struct goal_value *values = arena_alloc(&r->arena, sizeof *values * VALUES_MAX);
	if (n < 0)
		return false;
	*total = n;
	for (long long i = offset; i < n && i < offset + max; i++) {
		int nv = goal_values(r->store, &r->arena, goals[i].id, values, VALUES_MAX);
		if (nv < 0)
			return false;
		json_array_append_new(items, goal_json(&goals[i], values, nv));
	}
	return true;
}

void api_area_show(struct request *r)
{
	struct area a;
	enum outcome o = area_load(r->store, &r->arena, route_id(r, 0), &a);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	json_t *j = area_json(&a, true), *goals = json_array();
	long long total;
	if (!goals_json(r, a.id, 0, GOALS_MAX, goals, &total)) {
		json_decref(j);
		json_decref(goals);
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	json_object_set_new(j, "goals", goals);
	api_public(r, j);
}

void api_goal_list(struct request *r)
{
	long long page, per_page, area_id, total = 0;
	if (!api_number_param(r, "page", 1, API_PAGE_MAX, 1, &page) ||
	    !api_number_param(r, "per_page", 1, API_PER_PAGE_MAX, API_PER_PAGE, &per_page) ||
	    !api_number_param(r, "area", 1, 1LL << 53, 0, &area_id))
		return;
	json_t *items = json_array();
	if (!goals_json(r, area_id, (page - 1) * per_page, per_page, items, &total)) {
		json_decref(items);
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	api_public_page(r, items, total, page, per_page);
}

void api_goal_show(struct request *r)
{
	struct goal g;
	enum outcome o = goal_load(r->store, &r->arena, route_id(r, 0), &g);
	struct goal_value *values = arena_alloc(&r->arena, sizeof *values * VALUES_MAX);
	int nv = o == OUTCOME_OK ? goal_values(r->store, &r->arena, g.id, values, VALUES_MAX) : 0;
	if (o == OUTCOME_OK && nv < 0)
		o = store_outcome(r->store);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	api_public(r, goal_json(&g, values, nv));
}
