/* area_pages: the collaboration areas (/samverkansomraden) and their goals (/mal/{id}) — the public
 * list and pages, with each goal's values as a table, and the forms officials run them with. */
#include "web/pages.h"
#include "base/clock.h"
#include "base/html.h"
#include "base/i18n.h"
#include "base/line_chart.h"
#include "domain/action_plan.h"
#include "domain/area.h"
#include "domain/department.h"
#include "domain/dialogue.h"
#include "domain/feedback_clock.h"
#include "domain/goal.h"
#include "domain/indicator.h"
#include "domain/participation.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/taxonomy_view.h"
#include "web/view.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

#define PER_PAGE 20
#define UNITS_MAX 200
#define GOALS_MAX 200
#define AREA_ACTIONS_MAX 200 /* the actions shown on an area's page */
#define VALUES_MAX 500

static const char *id_text(struct request *r, long long id) { return id > 0 ? arena_printf(&r->arena, "%lld", id) : ""; }

/* A stored number ("42.5") as the reader's language writes it: a decimal comma in Swedish. */
static const char *number_text(struct request *r, const char *stored)
{
	return goal_number_local(&r->arena, stored);
}

/* "42,5 %" or "42,5 organisationer": the number and the goal's unit. */
static const char *with_unit(struct request *r, const struct goal *g, const char *stored)
{
	const char *n = number_text(r, stored);
	return *g->unit ? arena_printf(&r->arena, "%s %s", n, g->unit) : n;
}

static void area_status_tag(struct request *r, const char *code)
{
	enum area_status s = AREA_PROPOSED;
	area_status_from_code(code, &s);
	html_printf(&r->body, "<span class=\"tag status-%s\">%s</span>", area_status_code(s), area_status_label(s));
}

static void goal_status_tag(struct request *r, enum goal_status s)
{
	html_printf(&r->body, "<span class=\"tag status-%s%s\">%s</span>", goal_status_code(s),
		    s == GOAL_OFF_TRACK ? " warning" : "", goal_status_label(s));
}

/* ---- The list ---------------------------------------------------------------------------------- */

void page_area_list(struct request *r)
{
	int page = request_page(r);
	struct area *areas = arena_alloc(&r->arena, sizeof *areas * PER_PAGE);
	long long total = 0;
	int n = area_list(r->store, &r->arena, (long long)(page - 1) * PER_PAGE, PER_PAGE, areas, &total);
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	int pages = page_count(total, PER_PAGE);
	view_list_begin(r, _("Collaboration areas"), _("Collaboration areas, page %d of %d"), page, pages,
			_("What each committee works on together with civil society, and the goals that show how the "
			  "work is going."));
	if (request_role_at_least(r, ROLE_OFFICIAL))
		html_printf(&r->body, "<p><a class=\"button\" href=\"/samverkansomraden/ny\">%s</a></p>\n",
			    _("New collaboration area"));
	if (total == 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("No collaboration areas yet."));
		page_end(r);
		return;
	}
	table_begin(r, NULL, _("Collaboration areas"), true, page, pages);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Area"), _("Committee"), _("Status"), _("Goals"));
	for (int i = 0; i < n; i++) {
		html_printf(&r->body,
			    "<tr><th scope=\"row\"><a href=\"/samverkansomraden/%lld\">%s</a></th><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">",
			    areas[i].id, areas[i].title, _("Committee"), areas[i].committee_name, _("Status"));
		area_status_tag(r, areas[i].status);
		html_printf(&r->body, "</td><td data-label=\"%s\">%lld</td></tr>\n", _("Goals"), areas[i].goals);
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
	pagination(r, "/samverkansomraden", "", page, pages);
	html_printf(&r->body, "<p><a href=\"/api/v1/areas\">%s</a> · <a href=\"/api/v1/goals\">%s</a></p>\n",
		    _("Collaboration areas as open data (JSON)"), _("Goals and their values as open data (JSON)"));
	page_end(r);
}

/* ---- One area ------------------------------------------------------------------------------------ */

/* The goal's latest value that is not missing, or NULL. */
static const struct goal_value *latest_value(const struct goal_value *v, int n)
{
	const struct goal_value *latest = NULL;
	for (int i = 0; i < n; i++)
		if (v[i].value_text)
			latest = &v[i];
	return latest;
}

/* The dialogues linked to the area, as the viewer may see them (drafts only for those who manage
 * them), open ones first. */
static void area_dialogues(struct request *r, long long area_id)
{
	struct dialogue_filter f = {.area_id = area_id, .viewer = r->user, .order = DIALOGUE_ORDER_OPEN_FIRST,
				    .page = 1, .per_page = 100};
	struct dialogue_page res;
	html_printf(&r->body, "<h2>%s</h2>\n", _("Dialogues"));
	if (dialogue_list(r->store, &r->arena, &f, &res) != 0 || res.n == 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("No dialogues linked to the area yet."));
		return;
	}
	html_printf(&r->body, "<ul class=\"area-dialogues\">\n");
	for (int i = 0; i < res.n; i++) {
		const struct dialogue *d = &res.items[i];
		html_printf(&r->body, "<li><a href=\"/dialoger/%lld\">%s</a> <span class=\"tag state-%s\">%s</span>", d->id,
			    d->title, dialogue_state_code(d->state), dialogue_state_label(d->state));
		if (d->goal_id > 0 && d->goal_statement)
			html_printf(&r->body, " — %s <a href=\"/mal/%lld\">%s</a>", _("goal"), d->goal_id, d->goal_statement);
		html_printf(&r->body, "</li>\n");
	}
	html_printf(&r->body, "</ul>\n");
}

/* The actions of adopted action plans that work towards the area's goals. */
static void area_actions(struct request *r, long long area_id)
{
	struct area_action *xs = arena_alloc(&r->arena, sizeof *xs * AREA_ACTIONS_MAX);
	int n = action_plan_area_actions(r->store, &r->arena, area_id, xs, AREA_ACTIONS_MAX);
	html_printf(&r->body, "<h2>%s</h2>\n", _("Actions in the action plans"));
	if (n <= 0) {
		html_printf(&r->body, "<p>%s</p>\n", n < 0 ? _("The actions cannot be shown just now.")
							  : _("No adopted action plan has an action for the area's goals yet."));
		return;
	}
	table_begin(r, NULL, _("Actions in the action plans"), true, 1, 1);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Action"), _("Action plan"), _("Due"), _("Status"));
	for (int i = 0; i < n; i++) {
		const struct plan_action *x = &xs[i].action;
		enum action_status st = ACTION_PLANNED;
		action_status_from_code(x->status, &st);
		html_printf(&r->body,
			    "<tr><th scope=\"row\">%s</th><td data-label=\"%s\"><a href=\"/handlingsplaner/%lld\">%s</a> (%s)</td>"
			    "<td data-label=\"%s\">",
			    x->what, _("Action plan"), x->plan_id, xs[i].plan_title, xs[i].department_name, _("Due"));
		view_day(r, x->due_on, "–");
		html_printf(&r->body, "</td><td data-label=\"%s\">%s</td></tr>\n", _("Status"), action_status_label(st));
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
}

void page_area_show(struct request *r)
{
	struct area area;
	enum outcome o = area_load(r->store, &r->arena, route_id(r, 0), &area);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	struct goal *goals = arena_alloc(&r->arena, sizeof *goals * GOALS_MAX);
	int ngoals = goal_list(r->store, &r->arena, area.id, goals, GOALS_MAX);
	if (ngoals < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	page_begin(r, area.title);
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"meta\">", area.title);
	area_status_tag(r, area.status);
	html_printf(&r->body, " %s</p>\n", area.committee_name);
	if (param_get(&r->query, "sparad"))
		view_status(r, _("The collaboration area has been saved."));
	if (param_get(&r->query, "mal"))
		view_status(r, _("The goal has been saved."));
	/* Signed in and running it (area_manages treats no account as the command line). */
	if (r->user && area_manages(r->user, &area))
		html_printf(&r->body,
			    "<p><a class=\"button\" href=\"/samverkansomraden/%lld/redigera\">%s</a> "
			    "<a class=\"button\" href=\"/samverkansomraden/%lld/mal/ny\">%s</a></p>\n",
			    area.id, _("Edit the area"), area.id, _("New goal"));
	view_paragraphs(r, area.description);

	html_printf(&r->body, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>", _("Committee"),
		    area.committee_name, _("Departments"));
	for (int i = 0; i < area.ndepartments; i++)
		html_printf(&r->body, "%s%s", i ? ", " : "", area.department_names[i]);
	html_printf(&r->body, "</dd>\n<dt>%s</dt><dd>", _("Period"));
	view_day(r, area.starts_on, _("not set"));
	html_printf(&r->body, " – ");
	view_day(r, area.ends_on, _("until further notice"));
	html_printf(&r->body, "</dd>\n<dt>%s</dt><dd>", _("Principles of the policy"));
	for (int i = 0; i < area.nprinciples; i++)
		html_printf(&r->body, "<span class=\"tag principle\">%s %s</span> ", area.principles[i],
			    participation_label(PART_PRINCIPLE, area.principles[i]));
	if (!area.nprinciples)
		html_printf(&r->body, "%s", _("none given"));
	html_printf(&r->body, "</dd>\n</dl>\n");

	html_printf(&r->body, "<h2>%s</h2>\n", _("Goals"));
	if (!ngoals) {
		html_printf(&r->body, "<p>%s</p>\n", _("No goals yet."));
	} else {
		table_begin(r, NULL, _("Goals"), true, 1, 1);
		html_printf(&r->body,
			    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    _("Goal"), _("Latest value"), _("Target"), _("Status"));
		struct goal_value *values = arena_alloc(&r->arena, sizeof *values * VALUES_MAX);
		for (int i = 0; i < ngoals; i++) {
			int nv = goal_values(r->store, &r->arena, goals[i].id, values, VALUES_MAX);
			if (nv < 0)
				nv = 0;
			const struct goal_value *latest = latest_value(values, nv);
			html_printf(&r->body, "<tr><th scope=\"row\"><a href=\"/mal/%lld\">%s</a></th><td data-label=\"%s\">",
				    goals[i].id, goals[i].statement, _("Latest value"));
			if (latest) {
				html_printf(&r->body, "%s (", with_unit(r, &goals[i], latest->value_text));
				view_day(r, latest->measured_on, "");
				html_printf(&r->body, ")");
			} else {
				html_printf(&r->body, "%s", _("none yet"));
			}
			html_printf(&r->body, "</td><td data-label=\"%s\">%s %s ", _("Target"),
				    with_unit(r, &goals[i], goals[i].target_value), _("by"));
			view_day(r, goals[i].target_on, "");
			html_printf(&r->body, "</td><td data-label=\"%s\">", _("Status"));
			goal_status_tag(r, goal_status_of(&goals[i], values, nv));
			html_printf(&r->body, "</td></tr>\n");
		}
		html_printf(&r->body, "</tbody>\n");
		table_end(r);
	}

	area_dialogues(r, area.id);
	area_actions(r, area.id);

	html_printf(&r->body, "<h2>%s</h2>\n", _("Partner organisations"));
	if (!area.npartners) {
		html_printf(&r->body, "<p>%s</p>\n", _("No partner organisations named yet."));
	} else {
		html_printf(&r->body, "<ul>\n");
		for (int i = 0; i < area.npartners; i++)
			html_printf(&r->body, "<li><a href=\"/organisationer/%lld\">%s</a></li>\n", area.partner_ids[i],
				    area.partner_names[i]);
		html_printf(&r->body, "</ul>\n");
	}
	html_printf(&r->body, "<p><a href=\"/samverkansomraden\">%s</a></p>\n", _("All collaboration areas"));
	page_end(r);
}

/* ---- The area's form ----------------------------------------------------------------------------- */

static void area_form(struct request *r, struct area *in, const struct field_errors *e)
{
	const char *heading = in->id ? _("Edit the collaboration area") : _("New collaboration area");
	const char *action =
		in->id ? arena_printf(&r->arena, "/samverkansomraden/%lld/redigera", in->id) : "/samverkansomraden/ny";
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), heading) : heading);
	html_printf(&r->body, "<h1>%s</h1>\n", heading);
	form_error_summary(r, e);
	form_begin(r, action);
	form_text(r, "title", _("Title"), in->title, _("At most 200 characters."), e, "text", "off");
	form_textarea(r, "description", _("Description"), in->description,
		      _("What the committee and civil society do together in this area, and why."), e);

	struct committee *cs = arena_alloc(&r->arena, sizeof *cs * UNITS_MAX);
	int nc = committee_list_open(r->store, &r->arena, cs, UNITS_MAX);
	struct form_option *copts = arena_alloc(&r->arena, sizeof *copts * (size_t)(nc > 0 ? nc + 1 : 1));
	int ncopts = 0;
	copts[ncopts++] = (struct form_option){"", _("– choose –")};
	for (int i = 0; i < nc; i++)
		copts[ncopts++] = (struct form_option){id_text(r, cs[i].id), cs[i].name};
	form_select(r, "committee_id", _("Committee that owns the area"), id_text(r, in->committee_id), copts, ncopts, e,
		    false);

	struct department *ds = arena_alloc(&r->arena, sizeof *ds * UNITS_MAX);
	int nd = department_list_open(r->store, &r->arena, ds, UNITS_MAX);
	struct form_option *dopts = arena_alloc(&r->arena, sizeof *dopts * (size_t)(nd > 0 ? nd : 1));
	for (int i = 0; i < nd; i++)
		dopts[i] = (struct form_option){id_text(r, ds[i].id), ds[i].name};
	const char **checked = arena_alloc(&r->arena, sizeof *checked * AREA_DEPARTMENTS_MAX);
	for (int i = 0; i < in->ndepartments; i++)
		checked[i] = id_text(r, in->department_ids[i]);
	form_checkboxes(r, "department_ids", _("Departments that run the area"), dopts, nd > 0 ? nd : 0, checked,
			in->ndepartments, e);

	struct form_option statuses[AREA_STATUSES];
	for (int i = 0; i < AREA_STATUSES; i++)
		statuses[i] = (struct form_option){area_status_code((enum area_status)i),
						   area_status_label((enum area_status)i)};
	form_radios(r, "status", _("Status"), NULL, in->status, statuses, AREA_STATUSES, e);
	const char *date_hint = _("As YYYY-MM-DD. Leave empty if not decided yet.");
	form_text(r, "starts_on", _("Starts"), in->starts_on, date_hint, e, "date", "off");
	form_text(r, "ends_on", _("Ends"), in->ends_on, date_hint, e, "date", "off");

	const struct participation_term *pt;
	int np = participation_terms(PART_PRINCIPLE, &pt);
	struct form_option *popts = arena_alloc(&r->arena, sizeof *popts * (size_t)np);
	for (int i = 0; i < np; i++)
		popts[i] = (struct form_option){pt[i].code, arena_printf(&r->arena, "%s %s", pt[i].code, _(pt[i].label))};
	form_checkboxes(r, "principles", _("Principles of the policy the area serves"), popts, np, in->principles,
			in->nprinciples, e);

	/* Partners from the public register: those named so far as ticked boxes (untick to remove),
	 * and one more by its name or organisation number (the register is too long for a list). */
	if (in->npartners > 0) {
		struct form_option *partners = arena_alloc(&r->arena, sizeof *partners * (size_t)in->npartners);
		const char **ticked = arena_alloc(&r->arena, sizeof *ticked * (size_t)in->npartners);
		for (int i = 0; i < in->npartners; i++) {
			ticked[i] = id_text(r, in->partner_ids[i]);
			partners[i] = (struct form_option){ticked[i], in->partner_names[i] ? in->partner_names[i] : ticked[i]};
		}
		form_checkboxes(r, "partner_ids", _("Partner organisations"), partners, in->npartners, ticked,
				in->npartners, e);
	}
	form_text(r, "partner_add", _("Add a partner organisation"), in->partner_add ? in->partner_add : "",
		  _("The organisation's name as the register has it, or its organisation number, like 802000-1239."),
		  e, "text", "off");
	form_end(r, _("Save"));
	html_printf(&r->body, "<p><a href=\"%s\">%s</a></p>\n",
		    in->id ? arena_printf(&r->arena, "/samverkansomraden/%lld", in->id) : "/samverkansomraden",
		    _("Cancel"));
	page_end(r);
}

static void area_submit(struct request *r, struct area *in)
{
	in->title = form_value(r, "title");
	in->description = form_value(r, "description");
	const char *committee = form_value(r, "committee_id");
	in->committee_id = *committee && !id_param(committee) ? -1 : id_param(committee);
	in->status = form_value(r, "status");
	in->starts_on = form_value(r, "starts_on");
	in->ends_on = form_value(r, "ends_on");
	const char *ids[AREA_DEPARTMENTS_MAX];
	in->ndepartments = param_all(&r->form, "department_ids", ids, AREA_DEPARTMENTS_MAX);
	for (int i = 0; i < in->ndepartments; i++)
		in->department_ids[i] = id_param(ids[i]) ? id_param(ids[i]) : -1;
	in->nprinciples = param_all(&r->form, "principles", in->principles, AREA_PRINCIPLES_MAX);
	const char *partners[AREA_PARTNERS_MAX];
	in->npartners = param_all(&r->form, "partner_ids", partners, AREA_PARTNERS_MAX);
	for (int i = 0; i < in->npartners; i++)
		in->partner_ids[i] = id_param(partners[i]) ? id_param(partners[i]) : -1;
	in->partner_add = form_value(r, "partner_add");
	struct field_errors e = {0};
	long long id = 0;
	enum outcome o = area_save(r->store, &r->arena, in, r->user, &id, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/samverkansomraden/%lld?sparad=1", id));
		return;
	}
	if (o != OUTCOME_INVALID) {
		respond_outcome(r, o, &e);
		return;
	}
	r->status = 422;
	area_form(r, in, &e);
}

void page_area_new(struct request *r)
{
	struct area in;
	memset(&in, 0, sizeof in);
	in.title = in.description = in.starts_on = in.ends_on = "";
	in.status = "proposed";
	/* An official's own department runs it, to start from; principle 1 asks for the areas. */
	if (r->user->role == ROLE_OFFICIAL && r->user->department_id > 0)
		in.department_ids[in.ndepartments++] = r->user->department_id;
	in.principles[in.nprinciples++] = "P1";
	area_form(r, &in, NULL);
}

void page_area_create(struct request *r)
{
	struct area in;
	memset(&in, 0, sizeof in);
	area_submit(r, &in);
}

/* The stored area, for those who run it: else the outcome's response, and false. */
static bool load_managed(struct request *r, long long id, struct area *out)
{
	enum outcome o = area_load(r->store, &r->arena, id, out);
	if (o == OUTCOME_OK && !area_manages(r->user, out))
		o = OUTCOME_FORBIDDEN;
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return false;
	}
	request_back(r, arena_printf(&r->arena, "/samverkansomraden/%lld", id), out->title);
	return true;
}

void page_area_edit(struct request *r)
{
	struct area area;
	if (load_managed(r, route_id(r, 0), &area))
		area_form(r, &area, NULL);
}

void page_area_update(struct request *r)
{
	struct area stored;
	if (!load_managed(r, route_id(r, 0), &stored))
		return;
	struct area in;
	memset(&in, 0, sizeof in);
	in.id = stored.id;
	area_submit(r, &in);
}

/* ---- A goal's form ------------------------------------------------------------------------------- */

static void goal_form(struct request *r, const struct area *area, struct goal *in, const struct field_errors *e)
{
	const char *heading = in->id ? _("Edit the goal") : _("New goal");
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), heading) : heading);
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"lead\"><a href=\"/samverkansomraden/%lld\">%s</a></p>\n", heading,
		    area->id, area->title);
	form_error_summary(r, e);
	form_begin(r, in->id ? arena_printf(&r->arena, "/mal/%lld/redigera", in->id)
			     : arena_printf(&r->arena, "/samverkansomraden/%lld/mal/ny", area->id));
	form_textarea(r, "statement", _("Goal"), in->statement, _("What is to be reached, in plain words."), e);
	form_text(r, "unit", _("Unit"), in->unit, _("For example %, organisations or working days."), e, "text", "off");
	static const struct form_option directions_c[] = {{"higher", N_("Higher is better")},
							  {"lower", N_("Lower is better")}};
	struct form_option directions[2] = {{directions_c[0].value, _(directions_c[0].label)},
					    {directions_c[1].value, _(directions_c[1].label)}};
	form_radios(r, "direction", _("Direction"), NULL, in->direction, directions, 2, e);
	const char *number_hint = _("A number, for example 42 or 42,5.");
	const char *date_hint = _("As YYYY-MM-DD.");
	form_text_mode(r, "baseline_value", _("Baseline value"), in->baseline_value, number_hint, e, "off", "decimal");
	form_text(r, "baseline_on", _("Baseline date"), in->baseline_on, date_hint, e, "date", "off");
	form_text_mode(r, "target_value", _("Target value"), in->target_value, number_hint, e, "off", "decimal");
	form_text(r, "target_on", _("Target date"), in->target_on, date_hint, e, "date", "off");

	struct form_option sources[3];
	for (int i = 0; i < 3; i++)
		sources[i] = (struct form_option){goal_source_code((enum goal_source)i),
						  goal_source_label((enum goal_source)i)};
	form_radios(r, "source", _("Where the values come from"),
		    _("Fill in below only what the chosen source needs; the rest is not kept."), in->source, sources, 3, e);

	html_printf(&r->body, "<h2>%s</h2>\n", _("Computed by samverkan"));
	const struct indicator_kind *kinds;
	int nk = indicator_kinds(&kinds);
	struct form_option *kopts = arena_alloc(&r->arena, sizeof *kopts * (size_t)nk);
	for (int i = 0; i < nk; i++)
		kopts[i] = (struct form_option){kinds[i].code, _(kinds[i].label)};
	form_select(r, "indicator", _("Indicator"), in->indicator, kopts, nk, e, true);
	struct department *ds = arena_alloc(&r->arena, sizeof *ds * UNITS_MAX);
	int nd = department_list(r->store, &r->arena, ds, UNITS_MAX);
	struct form_option *dopts = arena_alloc(&r->arena, sizeof *dopts * (size_t)(nd > 0 ? nd : 1));
	for (int i = 0; i < nd; i++)
		dopts[i] = (struct form_option){id_text(r, ds[i].id), ds[i].name};
	form_select(r, "department_id", _("Department (empty: all)"), id_text(r, in->department_id), dopts,
		    nd > 0 ? nd : 0, e, true);
	struct taxonomies tx;
	taxonomies_load(r, &tx);
	form_select(r, "district_code", _("District (empty: all)"), in->district_code, terms_options(r, &tx.districts),
		    tx.districts.n, e, true);
	form_select(r, "target_group_code", _("Target group (empty: all)"), in->target_group_code,
		    terms_options(r, &tx.target_groups), tx.target_groups.n, e, true);
	static const struct form_option periods_c[] = {{"year", N_("The calendar year up to the day computed")},
						       {"12m", N_("The twelve months up to the day computed")}};
	struct form_option periods[2] = {{periods_c[0].value, _(periods_c[0].label)},
					 {periods_c[1].value, _(periods_c[1].label)}};
	form_radios(r, "period", _("Each value covers"), NULL, in->period, periods, 2, e);

	html_printf(&r->body, "<h2>%s</h2>\n", _("Kolada"));
	form_text(r, "kolada_kpi", _("Kolada key figure (KPI)"), in->kolada_kpi, _("For example N00945."), e, "text", "off");
	form_text_mode(r, "kolada_municipality", _("Municipality code"), in->kolada_municipality,
		       _("Four digits, for example 0125."), e, "off", "numeric");
	struct form_option genders[3] = {{"T", _("Total")}, {"K", _("Women")}, {"M", _("Men")}};
	form_radios(r, "kolada_gender", _("Values for"), NULL, in->kolada_gender, genders, 3, e);
	form_end(r, _("Save"));
	html_printf(&r->body, "<p><a href=\"%s\">%s</a></p>\n",
		    in->id ? arena_printf(&r->arena, "/mal/%lld", in->id)
			   : arena_printf(&r->arena, "/samverkansomraden/%lld", area->id),
		    _("Cancel"));
	page_end(r);
}

void page_goal_new(struct request *r)
{
	struct area area;
	if (!load_managed(r, route_id(r, 0), &area))
		return;
	struct goal in;
	memset(&in, 0, sizeof in);
	in.statement = in.unit = in.baseline_value = in.baseline_on = in.target_value = in.target_on = "";
	in.indicator = in.district_code = in.target_group_code = in.kolada_kpi = in.kolada_municipality = "";
	in.direction = "higher";
	in.source = "typed";
	in.period = "year";
	in.kolada_gender = "T";
	goal_form(r, &area, &in, NULL);
}

/* Saves what the goal form sent as goal `id` (0: a new one) of `area`: to the goal's page, or the
 * form again with the errors and what was typed. */
static void goal_submit(struct request *r, const struct area *area, long long id)
{
	struct goal in;
	memset(&in, 0, sizeof in);
	in.id = id;
	in.area_id = area->id;
	in.statement = form_value(r, "statement");
	in.unit = form_value(r, "unit");
	in.direction = form_value(r, "direction");
	in.baseline_value = form_value(r, "baseline_value");
	in.baseline_on = form_value(r, "baseline_on");
	in.target_value = form_value(r, "target_value");
	in.target_on = form_value(r, "target_on");
	in.source = form_value(r, "source");
	in.indicator = form_value(r, "indicator");
	const char *department = form_value(r, "department_id");
	in.department_id = *department && !id_param(department) ? -1 : id_param(department);
	in.district_code = form_value(r, "district_code");
	in.target_group_code = form_value(r, "target_group_code");
	in.period = form_value(r, "period");
	in.kolada_kpi = form_value(r, "kolada_kpi");
	in.kolada_municipality = form_value(r, "kolada_municipality");
	in.kolada_gender = form_value(r, "kolada_gender");
	/* What was typed, to show again: the domain cleans the fields in place. */
	struct goal typed = in;
	struct field_errors e = {0};
	long long saved = 0;
	enum outcome o = goal_save(r->store, &r->arena, &in, r->user, &saved, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/mal/%lld?sparad=1", saved));
		return;
	}
	if (o != OUTCOME_INVALID) {
		respond_outcome(r, o, &e);
		return;
	}
	r->status = 422;
	goal_form(r, area, &typed, &e);
}

void page_goal_create(struct request *r)
{
	struct area area;
	if (load_managed(r, route_id(r, 0), &area))
		goal_submit(r, &area, 0);
}

/* The stored goal and its area, for those who run the area: else the outcome's response, and false. */
static bool load_managed_goal(struct request *r, struct goal *g, struct area *area)
{
	enum outcome o = goal_load(r->store, &r->arena, route_id(r, 0), g);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return false;
	}
	return load_managed(r, g->area_id, area);
}

void page_goal_edit(struct request *r)
{
	struct goal g;
	struct area area;
	if (load_managed_goal(r, &g, &area))
		goal_form(r, &area, &g, NULL);
}

void page_goal_update(struct request *r)
{
	struct goal g;
	struct area area;
	if (load_managed_goal(r, &g, &area))
		goal_submit(r, &area, g.id);
}

/* ---- A goal's page ------------------------------------------------------------------------------- */

/* Where the goal stands in one sentence, the text a chart's reader gets too: "42 % on 2026-06-30,
 * target 60 % by 2028-12-31, from 30 % on 2024-12-31." */
static void goal_summary(struct request *r, const struct goal *g, const struct goal_value *latest,
			 enum goal_status status)
{
	html_printf(&r->body, "<p class=\"lead\">");
	goal_status_tag(r, status);
	html_printf(&r->body, " %s</p>\n", goal_sentence(&r->arena, g, latest));
}

/* The goal's values as a line chart with the baseline, the target and the straight path between
 * them; its text alternative is the sentence above, and the table after it has the figures. */
static void goal_chart(struct request *r, const struct goal *g, const struct goal_value *values, int nv)
{
	struct line_point *points = arena_alloc(&r->arena, sizeof *points * (size_t)(nv > 0 ? nv : 1));
	for (int i = 0; i < nv; i++)
		points[i] = (struct line_point){values[i].measured_on, values[i].value, values[i].value_text == NULL};
	struct line_chart c = {
		.id = arena_printf(&r->arena, "goal-chart-%lld", g->id),
		.title = arena_printf(&r->arena, _("Chart: %s"), g->statement),
		.description = goal_sentence(&r->arena, g, latest_value(values, nv)),
		.unit = g->unit,
		.points = points,
		.npoints = nv,
		.has_baseline = true,
		.baseline = {g->baseline_on, g->baseline, false},
		.has_target = true,
		.target = {g->target_on, g->target, false},
	};
	html_printf(&r->body, "<figure class=\"chart line\">\n");
	line_chart_svg(&r->body, &c);
	html_printf(&r->body, "<figcaption>%s</figcaption>\n</figure>\n",
		    _("The same figures as in the table below. A missing value leaves a gap in the line."));
}

static void goal_page(struct request *r, const struct goal *g, const struct field_errors *e, const char *measured_on,
		      const char *value, const char *comment)
{
	struct area area;
	enum outcome o = area_load(r->store, &r->arena, g->area_id, &area);
	struct goal_value *values = arena_alloc(&r->arena, sizeof *values * VALUES_MAX);
	int nv = o == OUTCOME_OK ? goal_values(r->store, &r->arena, g->id, values, VALUES_MAX) : -1;
	if (o != OUTCOME_OK || nv < 0) {
		respond_outcome(r, o == OUTCOME_OK ? store_outcome(r->store) : o, NULL);
		return;
	}
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), g->statement) : g->statement);
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"meta\"><a href=\"/samverkansomraden/%lld\">%s</a></p>\n",
		    g->statement, area.id, area.title);
	if (param_get(&r->query, "sparad"))
		view_status(r, _("The goal has been saved."));
	if (param_get(&r->query, "varde"))
		view_status(r, _("The value has been recorded."));
	if (r->user && request_role_at_least(r, ROLE_OFFICIAL) && area_manages(r->user, &area))
		html_printf(&r->body, "<p><a class=\"button\" href=\"/mal/%lld/redigera\">%s</a></p>\n", g->id,
			    _("Edit the goal"));
	goal_summary(r, g, latest_value(values, nv), goal_status_of(g, values, nv));

	enum goal_source source = GOAL_TYPED;
	goal_source_from_code(g->source, &source);
	html_printf(&r->body, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n", _("Where the values come from"),
		    goal_source_label(source));
	const struct indicator_kind *k = indicator_kind_by_code(g->indicator);
	if (source == GOAL_COMPUTED && k)
		html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", _("Indicator"), _(k->label));
	if (source == GOAL_KOLADA)
		html_printf(&r->body, "<dt>%s</dt><dd>%s, %s %s</dd>\n", _("Kolada key figure (KPI)"), g->kolada_kpi,
			    _("municipality"), g->kolada_municipality);
	html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n</dl>\n", _("Direction"),
		    strcmp(g->direction, "lower") == 0 ? _("Lower is better") : _("Higher is better"));
	html_printf(&r->body, "<p class=\"hint\">%s</p>\n",
		    _("The status compares the latest value with a straight line from the baseline to the target: on "
		      "track at or ahead of the line, at risk when behind it by at most a quarter of the way, off "
		      "track when further behind or when the target date has passed."));

	html_printf(&r->body, "<h2>%s</h2>\n", _("Values"));
	goal_chart(r, g, values, nv);
	if (!nv) {
		html_printf(&r->body, "<p>%s</p>\n", _("No values yet."));
	} else {
		table_begin(r, NULL, _("Values"), true, 1, 1);
		html_printf(&r->body,
			    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    source == GOAL_KOLADA ? _("Year") : _("Date"), _("Value"), _("Expected by the line"),
			    _("Comment"));
		for (int i = nv - 1; i >= 0; i--) {
			html_printf(&r->body, "<tr><th scope=\"row\">");
			if (source == GOAL_KOLADA)
				html_printf(&r->body, "%s", arena_strndup(&r->arena, values[i].measured_on, 4));
			else
				view_day(r, values[i].measured_on, "");
			char expected[32];
			/* To one decimal, as the computed values are kept. */
			goal_number_format(round(goal_expected(g, values[i].measured_on) * 10) / 10, expected);
			html_printf(&r->body, "</th><td>%s</td><td>%s</td><td>%s</td></tr>\n",
				    values[i].value_text ? with_unit(r, g, values[i].value_text) : _("no value"),
				    with_unit(r, g, expected), values[i].comment);
		}
		html_printf(&r->body, "</tbody>\n");
		table_end(r);
	}

	if (source == GOAL_TYPED && r->user && request_role_at_least(r, ROLE_OFFICIAL) && area_manages(r->user, &area)) {
		html_printf(&r->body, "<h2 id=\"new-value\">%s</h2>\n", _("Record a value"));
		form_error_summary(r, e);
		form_begin(r, arena_printf(&r->arena, "/mal/%lld/varden", g->id));
		form_text(r, "measured_on", _("Date"), measured_on, _("As YYYY-MM-DD. A date with a value gets the new one."),
			  e, "date", "off");
		form_text_mode(r, "value", _("Value"), value, _("A number, for example 42 or 42,5."), e, "off", "decimal");
		form_textarea(r, "comment", _("Comment"), comment, _("Where the value comes from; at most 1,000 characters."),
			      e);
		form_end(r, _("Record the value"));
	}
	page_end(r);
}

void page_goal_show(struct request *r)
{
	struct goal g;
	enum outcome o = goal_load(r->store, &r->arena, route_id(r, 0), &g);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	char today[11];
	feedback_local_date(clock_now(), today);
	goal_page(r, &g, NULL, today, "", "");
}

void page_goal_value_add(struct request *r)
{
	struct goal g;
	enum outcome o = goal_load(r->store, &r->arena, route_id(r, 0), &g);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	request_back(r, arena_printf(&r->arena, "/mal/%lld", g.id), g.statement);
	const char *measured_on = form_value(r, "measured_on"), *value = form_value(r, "value"),
		   *comment = form_value(r, "comment");
	struct field_errors e = {0};
	o = goal_value_record(r->store, &r->arena, g.id, measured_on, value, comment, r->user, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/mal/%lld?varde=1", g.id));
		return;
	}
	if (o != OUTCOME_INVALID) {
		respond_outcome(r, o, &e);
		return;
	}
	r->status = 422;
	goal_page(r, &g, &e, measured_on, value, comment);
}
