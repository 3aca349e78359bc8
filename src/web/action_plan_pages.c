/* action_plan_pages: the departments' action plans (/handlingsplaner) — the list, a plan's page with
 * its actions, notes and history, and the forms officials write and adopt a plan with. */
#include "web/pages.h"
#include "base/clock.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/action_plan.h"
#include "domain/department.h"
#include "domain/feedback_clock.h"
#include "domain/goal.h"
#include "domain/participation.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/view.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 20
#define UNITS_MAX 200
#define GOALS_MAX 500
#define HANDLERS_MAX 200

static const char *id_text(struct request *r, long long id) { return id > 0 ? arena_printf(&r->arena, "%lld", id) : ""; }

static void plan_state_tag(struct request *r, const char *state)
{
	enum plan_state s = state && strcmp(state, "adopted") == 0 ? PLAN_ADOPTED : PLAN_DRAFT;
	html_printf(&r->body, "<span class=\"tag state-%s\">%s</span>", plan_state_code(s), plan_state_label(s));
}

static void action_status_tag(struct request *r, const char *code)
{
	enum action_status s = ACTION_PLANNED;
	action_status_from_code(code, &s);
	html_printf(&r->body, "<span class=\"tag status-%s%s\">%s</span>", action_status_code(s),
		    s == ACTION_POSTPONED || s == ACTION_CANCELLED ? " warning" : "", action_status_label(s));
}

static void period(struct request *r, const struct action_plan *p)
{
	view_day(r, p->period_start, "");
	html_printf(&r->body, " – ");
	view_day(r, p->period_end, "");
}

/* The open departments as options (an official is offered their own only). */
static struct form_option *department_choices(struct request *r, int *n)
{
	struct department *ds = arena_alloc(&r->arena, sizeof *ds * UNITS_MAX);
	int nd = department_list_open(r->store, &r->arena, ds, UNITS_MAX);
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(nd > 0 ? nd : 1));
	*n = 0;
	for (int i = 0; i < nd; i++)
		if (!r->user || r->user->role >= ROLE_COORDINATOR || r->user->department_id == ds[i].id)
			opts[(*n)++] = (struct form_option){id_text(r, ds[i].id), ds[i].name};
	return opts;
}

/* ---- The list ------------------------------------------------------------------------------------ */

void page_action_plan_list(struct request *r)
{
	struct action_plan_filter f = {0};
	const char *dep = param_get(&r->query, "department"), *year = param_get(&r->query, "year");
	f.department_id = dep ? id_param(dep) : 0;
	bool ignored = (dep && *dep && !f.department_id);
	if (year && *year) {
		char *end;
		long y = strtol(year, &end, 10);
		if (*end || y < 1900 || y > 9999)
			ignored = true;
		else
			f.year = (int)y;
	}
	int page = request_page(r);
	struct action_plan *plans = arena_alloc(&r->arena, sizeof *plans * PER_PAGE);
	long long total = 0;
	int n = action_plan_list(r->store, &r->arena, r->user, &f, (long long)(page - 1) * PER_PAGE, PER_PAGE, plans,
				 &total);
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	int pages = page_count(total, PER_PAGE);
	view_list_begin(r, _("Action plans"), _("Action plans, page %d of %d"), page, pages,
			_("Each department's plan for turning the policy's principles into work, and how far each "
			  "action has come."));
	if (request_role_at_least(r, ROLE_OFFICIAL))
		html_printf(&r->body, "<p><a class=\"button\" href=\"/handlingsplaner/ny\">%s</a></p>\n",
			    _("New action plan"));
	html_printf(&r->body,
		    "<form class=\"filters\" method=\"get\" action=\"/handlingsplaner\" aria-labelledby=\"filters-heading\">\n"
		    "<h2 id=\"filters-heading\">%s</h2>\n",
		    _("Filter"));
	view_filters_grid_begin(r, _("Choose what to show"), !!f.department_id + !!f.year, false);
	struct department *ds = arena_alloc(&r->arena, sizeof *ds * UNITS_MAX);
	int nd = department_list(r->store, &r->arena, ds, UNITS_MAX);
	struct form_option *dopts = arena_alloc(&r->arena, sizeof *dopts * (size_t)(nd > 0 ? nd : 1));
	for (int i = 0; i < nd; i++)
		dopts[i] = (struct form_option){id_text(r, ds[i].id), ds[i].name};
	form_select(r, "department", _("Department"), id_text(r, f.department_id), dopts, nd > 0 ? nd : 0, NULL, true);
	form_text_mode(r, "year", _("Year"), f.year ? arena_printf(&r->arena, "%d", f.year) : "",
		       _("Plans whose period covers part of the year, for example 2026."), NULL, "off", "numeric");
	view_filters_end(r, "/handlingsplaner", _("Show action plans"), ignored);

	/* How far the year's plans have come, drafts included: for staff, as the public sees adopted
	 * plans only. */
	if (f.year && request_role_at_least(r, ROLE_OFFICIAL)) {
		struct action_plan_completion c;
		if (action_plan_completion(r->store, f.year, 0, f.department_id, &c) == 0) {
			html_printf(&r->body, "<h2>%s</h2>\n<dl class=\"facts completion\">\n",
				    arena_printf(&r->arena, _("Completion %d"), f.year));
			html_printf(&r->body, "<dt>%s</dt><dd>%lld</dd>\n<dt>%s</dt><dd>%lld</dd>\n<dt>%s</dt><dd>%lld</dd>\n",
				    _("Plans"), c.plans, _("Of them adopted"), c.adopted, _("Actions"), c.actions);
			const long long by_status[ACTION_STATUSES] = {c.planned, c.in_progress, c.done, c.postponed,
								      c.cancelled};
			for (int i = 0; i < ACTION_STATUSES; i++)
				html_printf(&r->body, "<dt>%s</dt><dd>%lld</dd>\n", action_status_label((enum action_status)i),
					    by_status[i]);
			html_printf(&r->body, "</dl>\n");
		}
	}

	char count[120];
	snprintf(count, sizeof count, P_("%lld action plan", "%lld action plans", total), total);
	view_results_heading(r, count, page, pages);
	if (total == 0) {
		html_printf(&r->body, "<p>%s</p>\n",
			    f.department_id || f.year ? _("No action plan matches the filter.") : _("No action plans yet."));
		page_end(r);
		return;
	}
	table_begin(r, NULL, _("Action plans"), true, page, pages);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Plan"), _("Department"), _("Period"), _("State"), _("Actions"));
	for (int i = 0; i < n; i++) {
		html_printf(&r->body,
			    "<tr><th scope=\"row\"><a href=\"/handlingsplaner/%lld\">%s</a></th><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">",
			    plans[i].id, plans[i].title, _("Department"), plans[i].department_name, _("Period"));
		period(r, &plans[i]);
		html_printf(&r->body, "</td><td data-label=\"%s\">", _("State"));
		plan_state_tag(r, plans[i].state);
		html_printf(&r->body, "</td><td data-label=\"%s\" class=\"number\">%lld</td></tr>\n", _("Actions"),
			    plans[i].actions);
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
	char query[64] = "";
	if (f.department_id || f.year)
		snprintf(query, sizeof query, "department=%s&year=%s", id_text(r, f.department_id),
			 f.year ? arena_printf(&r->arena, "%d", f.year) : "");
	pagination(r, "/handlingsplaner", query, page, pages);
	html_printf(&r->body, "<p><a href=\"/api/v1/action-plans\">%s</a></p>\n", _("Adopted action plans as open data (JSON)"));
	page_end(r);
}

/* ---- Loading for a page ---------------------------------------------------------------------------- */

/* Plan route_id(r, 0) as the signed-in account may see it (a draft is not found for the public and
 * other departments) and, when `write`, may change: else the outcome's response, and false. */
static bool load_plan(struct request *r, bool write, struct action_plan *p)
{
	enum outcome o = action_plan_load(r->store, &r->arena, route_id(r, 0), p);
	if (o == OUTCOME_OK && !action_plan_visible(r->user, p))
		o = OUTCOME_NOT_FOUND;
	if (o == OUTCOME_OK && write && !(r->user && action_plan_writes(r->user, p)))
		o = OUTCOME_FORBIDDEN;
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return false;
	}
	request_back(r, arena_printf(&r->arena, "/handlingsplaner/%lld", p->id), p->title);
	return true;
}

/* Action route_id(r, 1) of the plan: else a 404 and false. */
static bool load_action(struct request *r, const struct action_plan *p, struct plan_action *x)
{
	enum outcome o = plan_action_load(r->store, &r->arena, route_id(r, 1), x);
	if (o == OUTCOME_OK && x->plan_id != p->id)
		o = OUTCOME_NOT_FOUND;
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return false;
	}
	return true;
}

/* ---- One plan ------------------------------------------------------------------------------------ */

static const char *change_label(const char *kind)
{
	if (strcmp(kind, "plan") == 0)
		return _("The plan's details changed");
	if (strcmp(kind, "action_added") == 0)
		return _("Action added");
	if (strcmp(kind, "action_changed") == 0)
		return _("Action changed");
	if (strcmp(kind, "status") == 0)
		return _("Status changed");
	return _("Progress note");
}

static void actions_table(struct request *r, const struct action_plan *p, const struct plan_action *xs, int n,
			  bool writes)
{
	table_begin(r, NULL, _("Actions"), true, 1, 1);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		    _("Action"), _("Responsible"), _("Period"), _("Status"), _("Principles"), _("Goals"));
	if (writes)
		html_printf(&r->body, "<th scope=\"col\">%s</th>", _("Change"));
	html_printf(&r->body, "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++) {
		const struct plan_action *x = &xs[i];
		html_printf(&r->body, "<tr id=\"action-%lld\"><th scope=\"row\">%s</th><td data-label=\"%s\">%s</td>"
				      "<td data-label=\"%s\">",
			    x->id, x->what, _("Responsible"), x->responsible_name ? x->responsible_name : _("not named"),
			    _("Period"));
		view_day(r, x->starts_on, _("not set"));
		html_printf(&r->body, " – ");
		view_day(r, x->due_on, _("not set"));
		html_printf(&r->body, "</td><td data-label=\"%s\">", _("Status"));
		action_status_tag(r, x->status);
		html_printf(&r->body, "</td><td data-label=\"%s\">", _("Principles"));
		for (int k = 0; k < x->nprinciples; k++)
			html_printf(&r->body, "<abbr class=\"tag principle\" title=\"%s\">%s</abbr> ",
				    participation_label(PART_PRINCIPLE, x->principles[k]), x->principles[k]);
		if (!x->nprinciples)
			html_printf(&r->body, "%s", _("none given"));
		html_printf(&r->body, "</td><td data-label=\"%s\">", _("Goals"));
		for (int k = 0; k < x->ngoals; k++)
			html_printf(&r->body, "%s<a href=\"/mal/%lld\">%s</a>", k ? "<br>" : "", x->goal_ids[k],
				    view_summary(r, x->goal_statements[k]));
		if (!x->ngoals)
			html_printf(&r->body, "%s", _("none given"));
		html_printf(&r->body, "</td>");
		if (writes)
			html_printf(&r->body,
				    "<td data-label=\"%s\"><a href=\"/handlingsplaner/%lld/atgarder/%lld/status\">%s"
				    "<span class=\"visually-hidden\">: %s</span></a><br>"
				    "<a href=\"/handlingsplaner/%lld/atgarder/%lld/redigera\">%s"
				    "<span class=\"visually-hidden\">: %s</span></a></td>",
				    _("Change"), p->id, x->id, _("Record progress"), view_summary(r, x->what), p->id, x->id,
				    _("Edit"), view_summary(r, x->what));
		html_printf(&r->body, "</tr>\n");
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
}

void page_action_plan_show(struct request *r)
{
	struct action_plan p;
	if (!load_plan(r, false, &p))
		return;
	struct action_plan_lists l;
	if (action_plan_lists(r->store, &r->arena, p.id, &l) != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	const struct plan_action *xs = l.actions;
	const struct plan_note *notes = l.notes;
	const struct plan_version *versions = l.versions;
	const struct plan_change *changes = l.changes;
	int n = l.nactions, nn = l.nnotes, nv = l.nversions, nc = l.nchanges;
	bool writes = r->user && action_plan_writes(r->user, &p);
	page_begin(r, p.title);
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"meta\">", p.title);
	plan_state_tag(r, p.state);
	html_printf(&r->body, " %s</p>\n", p.department_name);
	if (param_get(&r->query, "sparad"))
		view_status(r, _("The action plan has been saved."));
	if (param_get(&r->query, "atgard"))
		view_status(r, _("The action has been saved."));
	if (param_get(&r->query, "anteckning"))
		view_status(r, _("The progress has been recorded."));
	if (param_get(&r->query, "antagen"))
		view_status(r, _("The action plan has been adopted."));
	if (writes)
		html_printf(&r->body,
			    "<p><a class=\"button\" href=\"/handlingsplaner/%lld/atgarder/ny\">%s</a> "
			    "<a class=\"button\" href=\"/handlingsplaner/%lld/redigera\">%s</a> "
			    "<a class=\"button\" href=\"/handlingsplaner/%lld/anta\">%s</a></p>\n",
			    p.id, _("Add an action"), p.id, _("Edit the plan"), p.id,
			    p.version ? _("Adopt a new version") : _("Mark as adopted"));

	html_printf(&r->body, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>", _("Department"),
		    p.department_name, _("Period"));
	period(r, &p);
	html_printf(&r->body, "</dd>\n<dt>%s</dt><dd>", C_("plan", "Adopted"));
	if (p.version) {
		view_day(r, p.adopted_on, "");
		html_printf(&r->body, ", %s", arena_printf(&r->arena, _("case number %s, version %lld"), p.case_number,
							   p.version));
	} else {
		html_printf(&r->body, "%s", _("not yet: this is a draft"));
	}
	html_printf(&r->body, "</dd>\n</dl>\n");

	html_printf(&r->body, "<h2>%s</h2>\n", _("Actions"));
	if (!n)
		html_printf(&r->body, "<p>%s</p>\n", _("No actions yet."));
	else
		actions_table(r, &p, xs, n, writes);

	html_printf(&r->body, "<h2>%s</h2>\n", _("Progress notes"));
	if (!nn) {
		html_printf(&r->body, "<p>%s</p>\n", _("No progress notes yet."));
	} else {
		for (int i = 0; i < n; i++) {
			bool any = false;
			for (int k = 0; k < nn; k++) {
				if (notes[k].action_id != xs[i].id)
					continue;
				if (!any)
					html_printf(&r->body, "<h3>%s</h3>\n<ul class=\"notes\">\n", view_summary(r, xs[i].what));
				any = true;
				html_printf(&r->body, "<li>");
				view_day(r, notes[k].noted_on, "");
				if (notes[k].status) {
					html_printf(&r->body, " ");
					action_status_tag(r, notes[k].status);
				}
				html_printf(&r->body, " %s", notes[k].text);
				if (notes[k].account_name && r->user && request_role_at_least(r, ROLE_OFFICIAL))
					html_printf(&r->body, " <span class=\"meta\">(%s)</span>", notes[k].account_name);
				html_printf(&r->body, "</li>\n");
			}
			if (any)
				html_printf(&r->body, "</ul>\n");
		}
	}

	html_printf(&r->body, "<h2>%s</h2>\n", _("Versions and changes"));
	if (!nv) {
		html_printf(&r->body, "<p>%s</p>\n", _("The plan has not been adopted yet."));
	} else {
		table_begin(r, NULL, _("Adopted versions"), false, 1, 1);
		html_printf(&r->body,
			    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "</tr></thead>\n<tbody>\n",
			    _("Version"), _("Adopted on"), _("Case number"));
		for (int i = 0; i < nv; i++) {
			html_printf(&r->body, "<tr><th scope=\"row\">%lld</th><td data-label=\"%s\">", versions[i].version,
				    _("Adopted on"));
			view_day(r, versions[i].adopted_on, "");
			html_printf(&r->body, "</td><td data-label=\"%s\">%s</td></tr>\n", _("Case number"),
				    versions[i].case_number);
		}
		html_printf(&r->body, "</tbody>\n");
		table_end(r);
		html_printf(&r->body, "<h3>%s</h3>\n", _("Changes since adoption"));
		if (!nc) {
			html_printf(&r->body, "<p>%s</p>\n", _("No changes since the plan was adopted."));
		} else {
			table_begin(r, NULL, _("Changes since adoption"), true, 1, 1);
			html_printf(&r->body,
				    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
				    _("When"), _("Against version"), _("Change"), _("What"));
			for (int i = 0; i < nc; i++) {
				html_printf(&r->body, "<tr><th scope=\"row\">");
				view_local_time(r, changes[i].changed_at, "");
				html_printf(&r->body, "</th><td data-label=\"%s\">%lld</td><td data-label=\"%s\">%s",
					    _("Against version"), changes[i].version, _("Change"), change_label(changes[i].kind));
				if (changes[i].status) {
					html_printf(&r->body, " ");
					action_status_tag(r, changes[i].status);
				}
				html_printf(&r->body, "</td><td data-label=\"%s\">%s</td></tr>\n", _("What"),
					    view_summary(r, changes[i].summary));
			}
			html_printf(&r->body, "</tbody>\n");
			table_end(r);
		}
	}
	html_printf(&r->body, "<p><a href=\"/handlingsplaner\">%s</a></p>\n", _("All action plans"));
	page_end(r);
}

/* ---- The plan's form ------------------------------------------------------------------------------ */

static void plan_form(struct request *r, const struct action_plan *in, const struct field_errors *e)
{
	const char *heading = in->id ? _("Edit the action plan") : _("New action plan");
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), heading) : heading);
	html_printf(&r->body, "<h1>%s</h1>\n", heading);
	form_error_summary(r, e);
	form_begin(r, in->id ? arena_printf(&r->arena, "/handlingsplaner/%lld/redigera", in->id) : "/handlingsplaner/ny");
	form_text(r, "title", _("Title"), in->title, _("At most 200 characters."), e, "text", "off");
	int nd;
	struct form_option *dopts = department_choices(r, &nd);
	form_select(r, "department_id", _("Department"), id_text(r, in->department_id), dopts, nd, e, true);
	const char *hint = _("As YYYY-MM-DD. A department has one plan for each period.");
	form_text(r, "period_start", _("Period starts"), in->period_start, hint, e, "date", "off");
	form_text(r, "period_end", _("Period ends"), in->period_end, hint, e, "date", "off");
	form_end(r, _("Save"));
	html_printf(&r->body, "<p><a href=\"%s\">%s</a></p>\n",
		    in->id ? arena_printf(&r->arena, "/handlingsplaner/%lld", in->id) : "/handlingsplaner", _("Cancel"));
	page_end(r);
}

static void plan_submit(struct request *r, long long id)
{
	struct action_plan in;
	memset(&in, 0, sizeof in);
	in.id = id;
	in.title = form_value(r, "title");
	const char *dep = form_value(r, "department_id");
	in.department_id = *dep && !id_param(dep) ? -1 : id_param(dep);
	in.period_start = form_value(r, "period_start");
	in.period_end = form_value(r, "period_end");
	struct action_plan typed = in;
	struct field_errors e = {0};
	long long saved = 0;
	enum outcome o = action_plan_save(r->store, &r->arena, &in, r->user, &saved, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/handlingsplaner/%lld?sparad=1", saved));
		return;
	}
	if (o != OUTCOME_INVALID) {
		respond_outcome(r, o, &e);
		return;
	}
	r->status = 422;
	plan_form(r, &typed, &e);
}

void page_action_plan_new(struct request *r)
{
	struct action_plan in;
	memset(&in, 0, sizeof in);
	char today[11];
	feedback_local_date(clock_now(), today);
	int year = atoi(today);
	in.title = "";
	in.period_start = arena_printf(&r->arena, "%04d-01-01", year);
	in.period_end = arena_printf(&r->arena, "%04d-12-31", year);
	if (r->user->role == ROLE_OFFICIAL)
		in.department_id = r->user->department_id;
	plan_form(r, &in, NULL);
}

void page_action_plan_create(struct request *r) { plan_submit(r, 0); }

void page_action_plan_edit(struct request *r)
{
	struct action_plan p;
	if (load_plan(r, true, &p))
		plan_form(r, &p, NULL);
}

void page_action_plan_update(struct request *r)
{
	struct action_plan p;
	if (load_plan(r, true, &p))
		plan_submit(r, p.id);
}

/* ---- An action's form ------------------------------------------------------------------------------ */

static void action_form(struct request *r, const struct action_plan *p, struct plan_action *in,
			const struct field_errors *e)
{
	const char *heading = in->id ? _("Edit the action") : _("Add an action");
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), heading) : heading);
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"lead\"><a href=\"/handlingsplaner/%lld\">%s</a></p>\n", heading,
		    p->id, p->title);
	form_error_summary(r, e);
	form_begin(r, in->id ? arena_printf(&r->arena, "/handlingsplaner/%lld/atgarder/%lld/redigera", p->id, in->id)
			     : arena_printf(&r->arena, "/handlingsplaner/%lld/atgarder/ny", p->id));
	form_textarea(r, "what", _("What is to be done"), in->what, _("At most 1,000 characters."), e);
	struct account_choice *hs = arena_alloc(&r->arena, sizeof *hs * HANDLERS_MAX);
	int nh = account_handlers(r->store, &r->arena, p->department_id, hs, HANDLERS_MAX);
	struct form_option *hopts = arena_alloc(&r->arena, sizeof *hopts * (size_t)(nh > 0 ? nh : 1));
	for (int i = 0; i < nh; i++)
		hopts[i] = (struct form_option){id_text(r, hs[i].id), hs[i].name};
	form_select(r, "responsible_account_id", _("Responsible official"), id_text(r, in->responsible_account_id), hopts,
		    nh > 0 ? nh : 0, e, true);
	const char *hint = _("As YYYY-MM-DD. Leave empty if not decided yet.");
	form_text(r, "starts_on", _("Starts"), in->starts_on, hint, e, "date", "off");
	form_text(r, "due_on", _("Due"), in->due_on, hint, e, "date", "off");
	const struct participation_term *pt;
	int np = participation_terms(PART_PRINCIPLE, &pt);
	struct form_option *popts = arena_alloc(&r->arena, sizeof *popts * (size_t)np);
	for (int i = 0; i < np; i++)
		popts[i] = (struct form_option){pt[i].code, arena_printf(&r->arena, "%s %s", pt[i].code, _(pt[i].label))};
	form_checkboxes(r, "principles", _("Principles of the policy the action serves"), popts, np, in->principles,
			in->nprinciples, e);
	struct goal *gs = arena_alloc(&r->arena, sizeof *gs * GOALS_MAX);
	int ng = goal_list(r->store, &r->arena, 0, gs, GOALS_MAX);
	if (ng > 0) {
		struct form_option *gopts = arena_alloc(&r->arena, sizeof *gopts * (size_t)ng);
		for (int i = 0; i < ng; i++)
			gopts[i] = (struct form_option){id_text(r, gs[i].id),
							arena_printf(&r->arena, "%s (%s)", view_summary(r, gs[i].statement),
								     gs[i].area_title)};
		const char **checked = arena_alloc(&r->arena, sizeof *checked * PLAN_ACTION_GOALS_MAX);
		for (int i = 0; i < in->ngoals; i++)
			checked[i] = id_text(r, in->goal_ids[i]);
		form_checkboxes(r, "goal_ids", _("Goals the action contributes to"), gopts, ng, checked, in->ngoals, e);
	}
	form_end(r, _("Save"));
	html_printf(&r->body, "<p><a href=\"/handlingsplaner/%lld\">%s</a></p>\n", p->id, _("Cancel"));
	page_end(r);
}

static void action_submit(struct request *r, const struct action_plan *p, long long id)
{
	struct plan_action in;
	memset(&in, 0, sizeof in);
	in.id = id;
	in.plan_id = p->id;
	in.what = form_value(r, "what");
	const char *resp = form_value(r, "responsible_account_id");
	in.responsible_account_id = *resp && !id_param(resp) ? -1 : id_param(resp);
	in.starts_on = form_value(r, "starts_on");
	in.due_on = form_value(r, "due_on");
	in.nprinciples = param_all(&r->form, "principles", in.principles, PLAN_PRINCIPLES_MAX);
	const char *goals[PLAN_ACTION_GOALS_MAX];
	in.ngoals = param_all(&r->form, "goal_ids", goals, PLAN_ACTION_GOALS_MAX);
	for (int i = 0; i < in.ngoals; i++)
		in.goal_ids[i] = id_param(goals[i]) ? id_param(goals[i]) : -1;
	struct plan_action typed = in;
	struct field_errors e = {0};
	enum outcome o = plan_action_save(r->store, &r->arena, &in, r->user, NULL, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/handlingsplaner/%lld?atgard=1", p->id));
		return;
	}
	if (o != OUTCOME_INVALID) {
		respond_outcome(r, o, &e);
		return;
	}
	r->status = 422;
	action_form(r, p, &typed, &e);
}

void page_plan_action_new(struct request *r)
{
	struct action_plan p;
	if (!load_plan(r, true, &p))
		return;
	struct plan_action in;
	memset(&in, 0, sizeof in);
	in.what = in.starts_on = in.due_on = "";
	in.principles[in.nprinciples++] = "P9";
	action_form(r, &p, &in, NULL);
}

void page_plan_action_create(struct request *r)
{
	struct action_plan p;
	if (load_plan(r, true, &p))
		action_submit(r, &p, 0);
}

void page_plan_action_edit(struct request *r)
{
	struct action_plan p;
	struct plan_action x;
	if (load_plan(r, true, &p) && load_action(r, &p, &x))
		action_form(r, &p, &x, NULL);
}

void page_plan_action_update(struct request *r)
{
	struct action_plan p;
	struct plan_action x;
	if (load_plan(r, true, &p) && load_action(r, &p, &x))
		action_submit(r, &p, x.id);
}

/* ---- Progress: a status with a dated note ----------------------------------------------------------- */

static void progress_form(struct request *r, const struct action_plan *p, const struct plan_action *x,
			  const char *status, const char *noted_on, const char *text, const struct field_errors *e)
{
	const char *heading = _("Record progress");
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), heading) : heading);
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n<p><a href=\"/handlingsplaner/%lld\">%s</a></p>\n",
		    heading, x->what, p->id, p->title);
	form_error_summary(r, e);
	form_begin(r, arena_printf(&r->arena, "/handlingsplaner/%lld/atgarder/%lld/status", p->id, x->id));
	struct form_option statuses[ACTION_STATUSES];
	for (int i = 0; i < ACTION_STATUSES; i++)
		statuses[i] = (struct form_option){action_status_code((enum action_status)i),
						   action_status_label((enum action_status)i)};
	form_radios(r, "status", _("Status"), _("Keep the status as it is to add only a note."), status, statuses,
		    ACTION_STATUSES, e);
	form_text(r, "noted_on", _("Date"), noted_on, _("As YYYY-MM-DD; not after today."), e, "date", "off");
	form_textarea(r, "text", _("Progress note"), text, _("What has happened; at most 2,000 characters."), e);
	form_end(r, _("Record"));
	html_printf(&r->body, "<p><a href=\"/handlingsplaner/%lld\">%s</a></p>\n", p->id, _("Cancel"));
	page_end(r);
}

void page_plan_action_progress_form(struct request *r)
{
	struct action_plan p;
	struct plan_action x;
	if (!load_plan(r, true, &p) || !load_action(r, &p, &x))
		return;
	char today[11];
	feedback_local_date(clock_now(), today);
	progress_form(r, &p, &x, x.status, arena_strdup(&r->arena, today), "", NULL);
}

void page_plan_action_progress(struct request *r)
{
	struct action_plan p;
	struct plan_action x;
	if (!load_plan(r, true, &p) || !load_action(r, &p, &x))
		return;
	const char *status = form_value(r, "status"), *noted_on = form_value(r, "noted_on"), *text = form_value(r, "text");
	struct field_errors e = {0};
	enum outcome o = plan_action_progress(r->store, &r->arena, x.id, status, noted_on, text, r->user, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/handlingsplaner/%lld?anteckning=1#action-%lld", p.id, x.id));
		return;
	}
	if (o != OUTCOME_INVALID) {
		respond_outcome(r, o, &e);
		return;
	}
	r->status = 422;
	progress_form(r, &p, &x, status, noted_on, text, &e);
}

/* ---- Adoption --------------------------------------------------------------------------------------- */

static void adopt_form(struct request *r, const struct action_plan *p, const char *adopted_on, const char *case_number,
		       const struct field_errors *e)
{
	const char *heading = p->version ? _("Adopt a new version") : _("Mark as adopted");
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), heading) : heading);
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"lead\"><a href=\"/handlingsplaner/%lld\">%s</a></p>\n", heading,
		    p->id, p->title);
	html_printf(&r->body, "<p>%s</p>\n",
		    _("The plan as it stands now is kept as the adopted version. Later changes are shown as a history "
		      "against it."));
	form_error_summary(r, e);
	form_begin(r, arena_printf(&r->arena, "/handlingsplaner/%lld/anta", p->id));
	form_text(r, "adopted_on", _("Date of the decision"), adopted_on, _("As YYYY-MM-DD; not after today."), e, "date",
		  "off");
	form_text(r, "case_number", _("Case number"), case_number, _("The decision's case number, for example KS 2026/123."),
		  e, "text", "off");
	form_end(r, _("Adopt"));
	html_printf(&r->body, "<p><a href=\"/handlingsplaner/%lld\">%s</a></p>\n", p->id, _("Cancel"));
	page_end(r);
}

void page_action_plan_adopt_form(struct request *r)
{
	struct action_plan p;
	if (!load_plan(r, true, &p))
		return;
	char today[11];
	feedback_local_date(clock_now(), today);
	adopt_form(r, &p, arena_strdup(&r->arena, today), "", NULL);
}

void page_action_plan_adopt(struct request *r)
{
	struct action_plan p;
	if (!load_plan(r, true, &p))
		return;
	const char *adopted_on = form_value(r, "adopted_on"), *case_number = form_value(r, "case_number");
	struct field_errors e = {0};
	enum outcome o = action_plan_adopt(r->store, &r->arena, p.id, adopted_on, case_number, r->user, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/handlingsplaner/%lld?antagen=1", p.id));
		return;
	}
	if (o != OUTCOME_INVALID) {
		respond_outcome(r, o, &e);
		return;
	}
	r->status = 422;
	adopt_form(r, &p, adopted_on, case_number, &e);
}
