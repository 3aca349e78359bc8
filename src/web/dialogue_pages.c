/* dialogue_pages: the list of dialogues, one dialogue's page, the forms that run it, the invitations, the
 * report of what happened next, and the Atom feed of dialogues. */
#include "web/pages.h"
#include "base/text.h"
#include "web/taxonomy_view.h"
#include "web/view.h"
#include "web/atom.h"
#include "web/form.h"
#include "web/layout.h"
#include "base/clock.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/account_admin.h"
#include "domain/area.h"
#include "domain/dialogue.h"
#include "domain/feedback_clock.h"
#include "domain/goal.h"
#include "domain/notification.h"
#include "domain/participation.h"
#include "domain/taxonomy.h"
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define PER_PAGE 20
#define FEED_ENTRIES 50
#define DEPARTMENTS_MAX 200
#define CONTACTS_MAX 500
#define AREAS_MAX 200
#define GOALS_MAX 500
/* Organisations offered at once on the invitations page: enough for a whole district or
 * category of a large municipality; a filter that matches more is asked to be narrowed. */
#define CANDIDATES_MAX 500
#define NAME_MATCHES_MAX 20
#define INVITED_PER_PAGE 50
#define INVITE_IDS_MAX 1000

/* ---- Small helpers ------------------------------------------------------------------------------ */

/* Only web addresses become links: a stored "javascript:" must never be clickable. */
static bool is_web_address(const char *s)
{
	return s && (strncasecmp(s, "https://", 8) == 0 || strncasecmp(s, "http://", 7) == 0);
}

static void today(char out[11]) { feedback_local_date(clock_now(), out); }

/* The state as a tag whose colour is only a help: the word is always there. */
static void state_tag(struct request *r, enum dialogue_state state)
{
	html_printf(&r->body, "<span class=\"tag state-%s\">%s</span>", dialogue_state_code(state),
		    dialogue_state_label(state));
}

/* ---- Who may do what -------------------------------------------------------------------------- */

/* Loads a dialogue for everyone: a draft, like a missing one, is "not found" for those who may
 * not see it. */
static bool load_visible(struct request *r, long long id, struct dialogue *d)
{
	enum outcome o = dialogue_load(r->store, &r->arena, id, d);
	if (o == OUTCOME_OK && !dialogue_visible(r->user, d))
		o = OUTCOME_NOT_FOUND;
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return false;
	}
	request_back(r, arena_printf(&r->arena, "/dialoger/%lld", d->id), _("Back to the dialogue"));
	return true;
}

/* Loads a dialogue for those who run it: others get 403 (404 for a draft). */
static bool load_managed(struct request *r, long long id, struct dialogue *d)
{
	if (!load_visible(r, id, d))
		return false;
	if (!dialogue_manages(r->user, d)) {
		respond_outcome(r, OUTCOME_FORBIDDEN, NULL);
		return false;
	}
	return true;
}

/* ---- Departments and classification lists ------------------------------------------------------ */

struct departments {
	struct department *items;
	int n;
};

static void departments_load(struct request *r, struct departments *out)
{
	out->items = arena_alloc(&r->arena, sizeof *out->items * DEPARTMENTS_MAX);
	int n = department_list(r->store, &r->arena, out->items, DEPARTMENTS_MAX);
	out->n = n < 0 ? 0 : n;
}

static bool departments_has(const struct departments *ds, long long id)
{
	for (int i = 0; i < ds->n; i++)
		if (ds->items[i].id == id)
			return true;
	return false;
}

static const char *id_text(struct request *r, long long id) { return id > 0 ? arena_printf(&r->arena, "%lld", id) : ""; }

/* Options for a department select; `only` limits them to one department (an official's own).
 * With `for_work` a retired department is left out (it takes no new dialogues) unless it is
 * `current`, the dialogue's own; the list's filter shows them all, as history. */
static struct form_option *department_options(struct request *r, const struct departments *ds, long long only,
					      bool for_work, long long current, int *n)
{
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(ds->n + 1));
	*n = 0;
	for (int i = 0; i < ds->n; i++)
		if ((!only || ds->items[i].id == only) && (!for_work || !ds->items[i].retired || ds->items[i].id == current))
			opts[(*n)++] = (struct form_option){id_text(r, ds->items[i].id), ds->items[i].name};
	return opts;
}

static struct form_option *scale_options(struct request *r, enum participation_scale s, int *n)
{
	const struct participation_term *t;
	*n = participation_terms(s, &t);
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(*n + 1));
	for (int i = 0; i < *n; i++)
		opts[i] = (struct form_option){t[i].code, _(t[i].label)};
	return opts;
}

/* "Your organisation X is invited", for a signed-in representative; nothing for anyone else. */
static void invited_mark(struct request *r, const struct dialogue *d, const char *element)
{
	if (!r->user)
		return;
	const char *names[5];
	int n = dialogue_invited_for(r->store, &r->arena, d->id, r->user->id, names, 5);
	for (int i = 0; i < n; i++)
		html_printf(&r->body, "<%s class=\"invited-mark\"><span class=\"tag invited\">%s</span> %s</%s>\n", element,
			    _("Invited"),
			    arena_printf(&r->arena, _("Your organisation %s is invited to this dialogue."), names[i]),
			    element);
}

/* ---- The list ---------------------------------------------------------------------------------- */

static void dates_meta(struct request *r, const struct dialogue *d)
{
	if (*d->opens_on) {
		html_printf(&r->body, " · %s ", _("Opens"));
		view_day(r, d->opens_on, "");
	}
	if (*d->closes_on) {
		html_printf(&r->body, " · %s ", _("Closes"));
		view_day(r, d->closes_on, "");
	}
}

static void list_item(struct request *r, const struct dialogue *d)
{
	html_printf(&r->body, "<li>\n<h3><a href=\"/dialoger/%lld\">%s</a> ", d->id, d->title);
	state_tag(r, d->state);
	html_printf(&r->body, "</h3>\n<p class=\"meta\">%s", d->department_name);
	dates_meta(r, d);
	html_printf(&r->body, " · %s %s</p>\n", _("Participation:"), participation_label(PART_SKR_LEVEL, d->skr_level));
	invited_mark(r, d, "p");
	html_printf(&r->body, "<p>%s</p>\n</li>\n", view_summary(r, d->question));
}

void page_dialogue_list(struct request *r)
{
	struct departments ds;
	departments_load(r, &ds);
	bool staff = request_role_at_least(r, ROLE_OFFICIAL);
	bool ignored = false;
	const char *dep_s = param_get(&r->query, "department");
	const char *state = param_get(&r->query, "state");
	const char *level = param_get(&r->query, "level");
	struct taxonomies tx;
	taxonomies_load(r, &tx);

	struct dialogue_filter f = {0};
	f.target_group = filter_code(r, &tx.target_groups, TAX_TARGET_GROUP, param_get(&r->query, "target_group"), &ignored);
	f.district = filter_code(r, &tx.districts, TAX_DISTRICT, param_get(&r->query, "district"), &ignored);
	/* "Invited": the dialogues an organisation the signed-in person represents is invited to. */
	bool mine = r->user && param_get(&r->query, "inbjudna");
	if (mine)
		f.invited_account_id = r->user->id;
	long long dep = id_param(dep_s);
	if (dep > 0 && departments_has(&ds, dep))
		f.department_id = dep;
	else if (dep_s && *dep_s)
		ignored = true;
	if (state && *state) {
		f.by_state = dialogue_state_from_code(state, &f.state) && (f.state != DIALOGUE_DRAFT || staff);
		if (!f.by_state)
			ignored = true;
	}
	const char *state_code = f.by_state ? dialogue_state_code(f.state) : NULL;
	if (level && *level) {
		if (participation_valid(PART_SKR_LEVEL, level))
			f.skr_level = level;
		else
			ignored = true;
	}
	f.viewer = r->user;
	f.order = DIALOGUE_ORDER_OPEN_FIRST;
	f.page = request_page(r);
	f.per_page = PER_PAGE;
	struct dialogue_page res;
	int rc = dialogue_list(r->store, &r->arena, &f, &res);
	int pages = page_count(res.total, res.per_page);
	if (rc == 0 && res.total > 0 && f.page > pages) {
		f.page = pages; /* a page past the end shows the last one rather than nothing */
		rc = dialogue_list(r->store, &r->arena, &f, &res);
	}
	if (rc != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}

	struct buf query = BUF_INIT;
	query_add(&query, "department", id_text(r, f.department_id));
	query_add(&query, "state", state_code);
	query_add(&query, "level", f.skr_level);
	query_add(&query, "target_group", f.target_group);
	query_add(&query, "district", f.district);
	query_add(&query, "inbjudna", mine ? "1" : NULL);

	view_list_begin(r, _("Dialogues"), _("Dialogues, page %d of %d"), res.page, pages,
			_("Questions the municipality puts to civil society: what is open for views now, what is "
			  "coming, and what came of earlier dialogues."));
	if (staff)
		html_printf(&r->body, "<p><a class=\"button\" href=\"/dialoger/ny\">%s</a></p>\n", _("New dialogue"));

	html_printf(&r->body,
		    "<form class=\"filters\" method=\"get\" action=\"/dialoger\" aria-labelledby=\"filters-heading\">\n"
		    "<h2 id=\"filters-heading\">%s</h2>\n",
		    _("Filter"));
	view_filters_grid_begin(r, _("Choose what to show"),
				!!f.department_id + !!state_code + !!f.skr_level + !!f.target_group + !!f.district + mine, false);
	int ndep;
	struct form_option *deps = department_options(r, &ds, 0, false, 0, &ndep);
	form_select(r, "department", _("Department"), id_text(r, f.department_id), deps, ndep, NULL, true);
	struct form_option states[5];
	int nstates = 0;
	static const enum dialogue_state listed[] = {DIALOGUE_OPEN, DIALOGUE_PLANNED, DIALOGUE_CLOSED, DIALOGUE_REPORTED,
						     DIALOGUE_DRAFT};
	for (int i = 0; i < 5; i++)
		if (listed[i] != DIALOGUE_DRAFT || staff)
			states[nstates++] =
				(struct form_option){dialogue_state_code(listed[i]), dialogue_state_label(listed[i])};
	form_select(r, "state", _("State"), state_code, states, nstates, NULL, true);
	int nlevels;
	struct form_option *levels = scale_options(r, PART_SKR_LEVEL, &nlevels);
	form_select(r, "level", _("Participation (SKR's ladder)"), f.skr_level, levels, nlevels, NULL, true);
	form_select(r, "target_group", _("Target group"), f.target_group, terms_options(r, &tx.target_groups),
		    tx.target_groups.n, NULL, true);
	form_select(r, "district", _("District"), f.district, terms_options(r, &tx.districts), tx.districts.n, NULL,
		    true);
	if (r->user && r->user->role == ROLE_REPRESENTATIVE)
		form_checkbox(r, "inbjudna", _("Only dialogues my organisations are invited to"), mine);
	html_printf(&r->body, "<p class=\"hint\">%s</p>\n",
		    _("A dialogue is listed under a target group or district when it invited an organisation of "
		      "that target group or district."));
	view_filters_end(r, "/dialoger", _("Show dialogues"), ignored);

	char count[120];
	snprintf(count, sizeof count, P_("%lld dialogue", "%lld dialogues", res.total), res.total);
	view_results_heading(r, count, res.page, pages);
	if (res.n == 0) {
		html_printf(&r->body, "<p>%s</p>\n",
			    f.department_id || f.by_state || f.skr_level || f.target_group || f.district || mine
				    ? _("No dialogue matches the filter.")
								     : _("There are no dialogues yet."));
	} else {
		html_printf(&r->body, "<ul class=\"results dialogues\">\n");
		for (int i = 0; i < res.n; i++)
			list_item(r, &res.items[i]);
		html_printf(&r->body, "</ul>\n");
	}
	pagination(r, "/dialoger", buf_str(&query), res.page, pages);
	html_printf(&r->body, "<p><a href=\"/dialoger.atom\">%s</a> · <a href=\"/api/v1/dialogues\">%s</a></p>\n",
		    _("Follow new and changed dialogues (Atom feed)"), _("Dialogues as open data (JSON)"));
	buf_free(&query);
	page_end(r);
}

/* ---- The feed ---------------------------------------------------------------------------------- */

void page_dialogue_feed(struct request *r)
{
	struct dialogue_filter f = {0};
	f.viewer = NULL; /* the feed is public: never a draft, whoever asks */
	f.order = DIALOGUE_ORDER_UPDATED;
	f.page = 1;
	f.per_page = FEED_ENTRIES;
	struct dialogue_page res;
	if (dialogue_list(r->store, &r->arena, &f, &res) != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	atom_begin(r, "/dialoger.atom", "/dialoger", _("Dialogues"), res.n ? res.items[0].updated_at : NULL);
	for (int i = 0; i < res.n; i++) {
		const struct dialogue *d = &res.items[i];
		const char *text = arena_printf(&r->arena, "%s · %s\n\n%s", dialogue_state_label(d->state),
						d->department_name, d->question);
		atom_entry(r, arena_printf(&r->arena, "/dialoger/%lld", d->id), d->title, d->updated_at, d->created_at, text,
			   d->department_name);
	}
	atom_end(r);
}

/* ---- One dialogue ------------------------------------------------------------------------------ */

/* A model as an ordered list, the dialogue's step marked for everyone: aria-current for screen
 * readers, bold text and the words "this dialogue" for the eye — never colour alone. */
static void model_steps(struct request *r, enum participation_scale s, const char *current, const char *label_id)
{
	const struct participation_term *t;
	int n = participation_terms(s, &t);
	html_printf(&r->body, "<ol class=\"steps\" aria-labelledby=\"%s\">\n", label_id);
	for (int i = 0; i < n; i++) {
		if (strcmp(t[i].code, current) == 0)
			html_printf(&r->body,
				    "<li class=\"current\" aria-current=\"step\"><strong>%s</strong> "
				    "<span class=\"current-marker\">(%s)</span><span class=\"step-hint\">%s</span></li>\n",
				    _(t[i].label), _("this dialogue"), _(t[i].hint));
		else
			html_printf(&r->body, "<li><span class=\"step-name\">%s</span><span class=\"step-hint\">%s</span></li>\n",
				    _(t[i].label), _(t[i].hint));
	}
	html_printf(&r->body, "</ol>\n");
}

static void report_section(struct request *r, const struct dialogue *d)
{
	const struct dialogue_report *rep = &d->report;
	html_printf(&r->body, "<section class=\"report\" aria-labelledby=\"report-heading\">\n<h2 id=\"report-heading\">%s</h2>\n",
		    _("What happened next"));
	html_printf(&r->body, "<p class=\"meta\">%s ", _("Reported back"));
	view_local_time(r, d->reported_at, "");
	html_printf(&r->body, "</p>\n<h3>%s</h3>\n", _("What we heard"));
	view_paragraphs(r, rep->heard);
	html_printf(&r->body, "<h3>%s</h3>\n", _("What was decided"));
	view_paragraphs(r, rep->decision);
	if (*rep->minutes_ref || *rep->link) {
		html_printf(&r->body, "<dl class=\"details\">\n");
		if (*rep->minutes_ref)
			html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", _("Minutes"), rep->minutes_ref);
		if (*rep->link && is_web_address(rep->link))
			html_printf(&r->body, "<dt>%s</dt><dd><a href=\"%s\" rel=\"noopener\">%s</a></dd>\n",
				    _("The decision"), rep->link, rep->link);
		html_printf(&r->body, "</dl>\n");
	}
	html_printf(&r->body, "<h3>%s</h3>\n", _("How the views and proposals were used"));
	view_paragraphs(r, rep->used);
	html_printf(&r->body, "</section>\n");
}

/* Opening and closing go through a page that says what will happen (state_confirm); marking a
 * draft as planned only shows it, so it is one button. */
static void state_action(struct request *r, const struct dialogue *d, enum dialogue_state to, const char *label)
{
	if (!dialogue_may_move(d->state, to))
		return;
	if (to == DIALOGUE_PLANNED) {
		form_begin(r, arena_printf(&r->arena, "/dialoger/%lld/status", d->id));
		html_printf(&r->body, "<input type=\"hidden\" name=\"to\" value=\"%s\">\n", dialogue_state_code(to));
		form_end(r, label);
		return;
	}
	html_printf(&r->body, "<p><a class=\"button\" href=\"/dialoger/%lld/status?till=%s\">%s</a></p>\n", d->id,
		    dialogue_state_code(to), label);
}

/* At the top of the page for those who run the dialogue: what they come to do. */
static void manage_section(struct request *r, const struct dialogue *d)
{
	html_printf(&r->body, "<section class=\"manage\" aria-labelledby=\"manage-heading\">\n"
			      "<h2 id=\"manage-heading\">%s</h2>\n",
		    _("Run the dialogue"));
	if (dialogue_is_draft(d))
		html_printf(&r->body, "<p>%s</p>\n",
			    _("This is a draft: only the department's officials and the coordinators can see it. Mark it "
			      "as planned to show it to everyone, or open it for views at once."));
	state_action(r, d, DIALOGUE_PLANNED, _("Mark as planned"));
	state_action(r, d, DIALOGUE_OPEN, dialogue_has_closed(d) ? _("Reopen the dialogue") : _("Open the dialogue"));
	state_action(r, d, DIALOGUE_CLOSED, _("Close the dialogue"));
	html_printf(&r->body, "<ul class=\"manage-links\">\n<li><a href=\"/dialoger/%lld/redigera\">%s</a></li>\n", d->id,
		    _("Edit the dialogue"));
	html_printf(&r->body, "<li><a href=\"/dialoger/%lld/inbjudningar\">%s</a></li>\n", d->id,
		    _("Invitations to organisations"));
	if (dialogue_has_closed(d))
		html_printf(&r->body, "<li><a href=\"/dialoger/%lld/aterkoppling\">%s</a></li>\n", d->id,
			    dialogue_is_reported(d) ? _("Edit what happened next") : _("Write what happened next"));
	if (d->state == DIALOGUE_CLOSED && !text_blank(d->report.heard))
		html_printf(&r->body, "<li><a href=\"/dialoger/%lld/aterkoppling/publicera\">%s</a></li>\n", d->id,
			    _("Publish what happened next"));
	html_printf(&r->body, "</ul>\n</section>\n");
}

void page_dialogue_show(struct request *r)
{
	struct dialogue d;
	long long id = route_id(r, 0);
	if (!load_visible(r, id, &d))
		return;
	/* Following an invitation, or a representative of an invited organisation looking: recorded
	 * once. The request reads in a snapshot that must not write, so the write gets a short
	 * transaction of its own between two snapshots. */
	const char *token = param_get(&r->query, "inbjudan");
	long long viewer = r->user ? r->user->id : 0;
	if ((token || viewer) && dialogue_invitation_unopened(r->store, id, token, viewer)) {
		store_read_end(r->store);
		dialogue_invitation_open(r->store, id, token, viewer);
		store_read_begin(r->store);
	}
	bool manages = dialogue_manages(r->user, &d);

	page_begin(r, d.title);
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"meta\">", d.title);
	state_tag(r, d.state);
	html_printf(&r->body, " %s</p>\n", d.department_name);
	invited_mark(r, &d, "p");
	if (param_get(&r->query, "sparad"))
		view_status(r, _("The dialogue has been saved."));
	const char *moved = param_get(&r->query, "status");
	enum dialogue_state moved_to;
	if (moved && dialogue_state_from_code(moved, &moved_to))
		view_status(r, arena_printf(&r->arena, _("The dialogue is now: %s."), dialogue_state_label(moved_to)));
	long long told = id_param(param_get(&r->query, "publicerad"));
	if (told > 0)
		view_status(r, arena_printf(&r->arena,
					       P_("The report has been published and sent to %lld participant.",
						  "The report has been published and sent to %lld participants.", told),
					       told));

	if (manages)
		manage_section(r, &d);
	/* What came of it comes first: it is what a returning participant looks for. */
	if (dialogue_is_reported(&d))
		report_section(r, &d);

	html_printf(&r->body, "<h2>%s</h2>\n<div class=\"question\">\n", _("The question"));
	view_paragraphs(r, d.question);
	html_printf(&r->body, "</div>\n");
	if (dialogue_is_open(&d))
		html_printf(&r->body, "<p><a class=\"button\" href=\"/synpunkter/ny?dialog=%lld\">%s</a></p>\n", d.id,
			    _("Send a view or proposal"));
	else if (d.state == DIALOGUE_PLANNED)
		html_printf(&r->body, "<p class=\"notice\">%s</p>\n",
			    _("The dialogue has not opened yet. You can send views and proposals once it is open."));
	else if (dialogue_has_closed(&d))
		html_printf(&r->body, "<p class=\"notice\">%s</p>\n", _("The dialogue is closed for new views and proposals."));
	if (!text_blank(d.background)) {
		html_printf(&r->body, "<h2>%s</h2>\n", _("Background"));
		view_paragraphs(r, d.background);
	}
	if (!text_blank(d.can_influence) || !text_blank(d.cannot_influence)) {
		html_printf(&r->body, "<h2>%s</h2>\n", _("What you can and cannot influence"));
		if (!text_blank(d.can_influence)) {
			html_printf(&r->body, "<h3>%s</h3>\n", _("What you can influence"));
			view_paragraphs(r, d.can_influence);
		}
		if (!text_blank(d.cannot_influence)) {
			html_printf(&r->body, "<h3>%s</h3>\n", _("What is already decided or outside the municipality's mandate"));
			view_paragraphs(r, d.cannot_influence);
		}
	}

	html_printf(&r->body, "<h2>%s</h2>\n<dl class=\"details\">\n", _("Dates and contact"));
	html_printf(&r->body, "<dt>%s</dt><dd>", _("Opens"));
	view_day(r, d.opens_on, _("Not decided yet"));
	html_printf(&r->body, "</dd>\n<dt>%s</dt><dd>", _("Last day to take part"));
	view_day(r, d.closes_on, _("Not decided yet"));
	html_printf(&r->body, "</dd>\n<dt>%s</dt><dd>", _("Decision expected"));
	view_day(r, d.decision_on, _("Not decided yet"));
	html_printf(&r->body, "</dd>\n<dt>%s</dt><dd>%s</dd>\n", _("Department"), d.department_name);
	/* An official acts in office: the name and the work address are public. */
	if (d.contact_name && *d.contact_name) {
		html_printf(&r->body, "<dt>%s</dt><dd>%s", _("Contact person"), d.contact_name);
		if (d.contact_email) {
			html_printf(&r->body, "<br>");
			view_email_link(r, d.contact_email, NULL);
		}
		html_printf(&r->body, "</dd>\n");
	}
	if (d.department_email) {
		html_printf(&r->body, "<dt>%s</dt><dd>", _("The department's e-mail"));
		view_email_link(r, d.department_email, NULL);
		html_printf(&r->body, "</dd>\n");
	}
	html_printf(&r->body, "</dl>\n");
	if (d.area_id > 0 && d.area_title) {
		html_printf(&r->body, "<p class=\"part-of\">%s <a href=\"/samverkansomraden/%lld\">%s</a>", _("Part of the collaboration area"),
			    d.area_id, d.area_title);
		if (d.goal_id > 0 && d.goal_statement)
			html_printf(&r->body, ", %s <a href=\"/mal/%lld\">%s</a>", _("goal"), d.goal_id, d.goal_statement);
		html_printf(&r->body, ".</p>\n");
	}

	if (d.nprinciples) {
		html_printf(&r->body, "<h2>%s</h2>\n<ul class=\"principles\">\n", _("Principles of the policy it serves"));
		for (int i = 0; i < d.nprinciples; i++)
			html_printf(&r->body, "<li><span class=\"tag principle\">%s</span> %s</li>\n", d.principles[i],
				    participation_label(PART_PRINCIPLE, d.principles[i]));
		html_printf(&r->body, "</ul>\n");
	}

	html_printf(&r->body, "<h2>%s</h2>\n<p>%s</p>\n", _("How much you can influence"),
		    _("The municipality places every dialogue on two models, so you know before you take part what "
		      "your views can change."));
	html_printf(&r->body, "<div class=\"models\">\n<div class=\"model\">\n<h3 id=\"model-skr\">%s</h3>\n",
		    _("SKR's ladder for citizen dialogue"));
	model_steps(r, PART_SKR_LEVEL, d.skr_level, "model-skr");
	html_printf(&r->body, "</div>\n<div class=\"model\">\n<h3 id=\"model-coe\">%s</h3>\n",
		    _("The Council of Europe code: level of participation"));
	model_steps(r, PART_COE_LEVEL, d.coe_level, "model-coe");
	html_printf(&r->body, "<h3 id=\"model-stage\">%s</h3>\n", _("The Council of Europe code: stage of the decision"));
	model_steps(r, PART_DECISION_STAGE, d.decision_stage, "model-stage");
	html_printf(&r->body, "</div>\n</div>\n");

	submission_section(r, d.id, manages);
	html_printf(&r->body, "<p class=\"back\"><a href=\"/dialoger\">%s</a></p>\n", _("All dialogues"));
	page_end(r);
}

/* ---- The form ------------------------------------------------------------------------------------ */

/* Radio buttons with an explanation under each choice (form_radios has one hint for the group):
 * the same markup otherwise, each explanation tied to its button with aria-describedby. */
static void scale_radios(struct request *r, const char *name, const char *legend, const char *hint,
			 enum participation_scale s, const char *value, const struct field_errors *e)
{
	const struct participation_term *t;
	int n = participation_terms(s, &t);
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(n + 1));
	const char **hints = arena_alloc(&r->arena, sizeof *hints * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		opts[i] = (struct form_option){t[i].code, _(t[i].label)};
		hints[i] = _(t[i].hint);
	}
	form_radios_explained(r, name, legend, hint, value, opts, hints, n, e);
}

/* The collaboration area (the active ones, and the one the dialogue has) and the goal the dialogue
 * works for, both optional. Without script the goal list cannot follow the area chosen, so each
 * goal names its area, and the domain refuses a goal of another area. */
static void area_goal_selects(struct request *r, const struct dialogue *d, const struct field_errors *e)
{
	struct area *areas = arena_alloc(&r->arena, sizeof *areas * AREAS_MAX);
	int na = area_list(r->store, &r->arena, 0, AREAS_MAX, areas, NULL);
	struct goal *goals = arena_alloc(&r->arena, sizeof *goals * GOALS_MAX);
	int ng = goal_list(r->store, &r->arena, 0, goals, GOALS_MAX);
	if (na < 0)
		na = 0;
	if (ng < 0)
		ng = 0;
	struct form_option *aopts = arena_alloc(&r->arena, sizeof *aopts * (size_t)(na + 1));
	struct form_option *gopts = arena_alloc(&r->arena, sizeof *gopts * (size_t)(ng + 1));
	int nao = 0, ngo = 0;
	aopts[nao++] = (struct form_option){"", _("– no collaboration area –")};
	gopts[ngo++] = (struct form_option){"", _("– no goal –")};
	for (int i = 0; i < na; i++) {
		enum area_status st = AREA_PROPOSED;
		area_status_from_code(areas[i].status, &st);
		if (st != AREA_ACTIVE && areas[i].id != d->area_id)
			continue;
		aopts[nao++] = (struct form_option){id_text(r, areas[i].id), areas[i].title};
		for (int j = 0; j < ng; j++)
			if (goals[j].area_id == areas[i].id)
				gopts[ngo++] = (struct form_option){
					id_text(r, goals[j].id), arena_printf(&r->arena, "%s: %s", areas[i].title, goals[j].statement)};
	}
	html_printf(&r->body, "<h2>%s</h2>\n<p>%s</p>\n", _("Collaboration area and goal"),
		    _("If the dialogue is part of a committee's collaboration area, choose it, and the goal the dialogue "
		      "works for if there is one. The area's page then lists the dialogue."));
	form_select(r, "area_id", _("Collaboration area"), id_text(r, d->area_id), aopts, nao, e, false);
	form_select(r, "goal_id", _("Goal"), id_text(r, d->goal_id), gopts, ngo, e, false);
	html_printf(&r->body, "<p class=\"hint\">%s</p>\n", _("Each goal is named after its area: choose one of the area chosen above."));
}

static void dialogue_form(struct request *r, struct dialogue *d, const struct field_errors *e)
{
	const char *heading = d->id ? _("Edit the dialogue") : _("New dialogue");
	const char *action = d->id ? arena_printf(&r->arena, "/dialoger/%lld/redigera", d->id) : "/dialoger/ny";
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), heading) : heading);
	html_printf(&r->body, "<h1>%s</h1>\n", heading);
	form_error_summary(r, e);
	html_printf(&r->body, "<p>%s</p>\n",
		    _("The title, the question, the department and the dialogue's place on the two models are "
		      "required. A new dialogue starts as a draft that only the department's officials and the "
		      "coordinators see."));
	form_begin(r, action);

	html_printf(&r->body, "<h2>%s</h2>\n", _("The question"));
	form_text(r, "title", _("Title"), d->title, _("A short name for the dialogue, at most 200 characters."), e, "text",
		  "off");
	form_textarea(r, "question", _("Question"), d->question,
		      _("What the municipality asks civil society, in plain words."), e);
	form_textarea(r, "background", _("Background"), d->background,
		      _("Why the question is asked now and what is known already."), e);
	form_textarea(r, "can_influence", _("What participants can influence"), d->can_influence,
		      _("The municipality's mandate: what the views can change."), e);
	form_textarea(r, "cannot_influence", _("What participants cannot influence"), d->cannot_influence,
		      _("What is already decided, or outside the municipality's mandate."), e);

	html_printf(&r->body, "<h2>%s</h2>\n", _("Owner and contact"));
	struct departments ds;
	departments_load(r, &ds);
	long long only = request_role_at_least(r, ROLE_COORDINATOR) ? 0 : r->user->department_id;
	int ndep;
	struct form_option *deps = department_options(r, &ds, only, true, d->department_id, &ndep);
	struct form_option *dep_opts = arena_alloc(&r->arena, sizeof *dep_opts * (size_t)(ndep + 1));
	int nd = 0;
	if (!only)
		dep_opts[nd++] = (struct form_option){"", _("– choose –")};
	for (int i = 0; i < ndep; i++)
		dep_opts[nd++] = deps[i];
	form_select(r, "department_id", _("Department"), id_text(r, d->department_id), dep_opts, nd, e, false);

	struct dialogue_contact *contacts = arena_alloc(&r->arena, sizeof *contacts * CONTACTS_MAX);
	int nc = dialogue_contact_options(r->store, &r->arena, only, contacts, CONTACTS_MAX);
	if (nc < 0)
		nc = 0;
	struct form_option *contact_opts = arena_alloc(&r->arena, sizeof *contact_opts * (size_t)(nc + 1));
	contact_opts[0] = (struct form_option){"", _("– no contact person –")};
	for (int i = 0; i < nc; i++)
		contact_opts[i + 1] = (struct form_option){
			id_text(r, contacts[i].id),
			only ? contacts[i].name
			     : arena_printf(&r->arena, "%s (%s)", contacts[i].name, contacts[i].department_name)};
	form_select(r, "contact_account_id", _("Contact person"), id_text(r, d->contact_account_id), contact_opts, nc + 1, e,
		    false);
	html_printf(&r->body, "<p class=\"hint\">%s</p>\n",
		    _("An official of the department. The name and the work e-mail address are shown on the "
		      "dialogue's page."));

	html_printf(&r->body, "<h2>%s</h2>\n<p>%s</p>\n", _("Dates"),
		    _("A planned dialogue opens by itself on its opening date, and an open one closes by itself after "
		      "its last day. You can also open and close it yourself."));
	const char *date_hint = _("As YYYY-MM-DD. Leave empty if not decided yet.");
	form_text(r, "opens_on", _("Opens"), d->opens_on, date_hint, e, "date", "off");
	form_text(r, "closes_on", _("Last day to take part"), d->closes_on, date_hint, e, "date", "off");
	form_text(r, "decision_on", _("Decision expected"), d->decision_on, date_hint, e, "date", "off");

	html_printf(&r->body, "<h2>%s</h2>\n", _("How much participants can influence"));
	scale_radios(r, "skr_level", _("SKR's ladder for citizen dialogue"),
		     _("The step of the ladder this dialogue offers."), PART_SKR_LEVEL, d->skr_level, e);
	scale_radios(r, "coe_level", _("The Council of Europe code: level of participation"), NULL, PART_COE_LEVEL,
		     d->coe_level, e);
	scale_radios(r, "decision_stage", _("The Council of Europe code: stage of the decision"),
		     _("Where the decision the dialogue feeds into stands now."), PART_DECISION_STAGE, d->decision_stage,
		     e);

	area_goal_selects(r, d, e);

	const struct participation_term *pt;
	int np = participation_terms(PART_PRINCIPLE, &pt);
	struct form_option *popts = arena_alloc(&r->arena, sizeof *popts * (size_t)np);
	for (int i = 0; i < np; i++)
		popts[i] = (struct form_option){pt[i].code, arena_printf(&r->arena, "%s %s", pt[i].code, _(pt[i].label))};
	form_checkboxes(r, "principles", _("Principles of the policy the dialogue serves"), popts, np, d->principles,
			d->nprinciples, e);

	form_end(r, _("Save"));
	html_printf(&r->body, "<p><a href=\"%s\">%s</a></p>\n",
		    d->id ? arena_printf(&r->arena, "/dialoger/%lld", d->id) : "/dialoger", _("Cancel"));
	page_end(r);
}

static void dialogue_from_form(struct request *r, struct dialogue *d)
{
	d->title = form_value(r, "title");
	d->question = form_value(r, "question");
	d->background = form_value(r, "background");
	d->can_influence = form_value(r, "can_influence");
	d->cannot_influence = form_value(r, "cannot_influence");
	d->department_id = id_param(form_value(r, "department_id"));
	/* Empty is "no contact person"; anything else that is not an id is refused by the domain. */
	const char *contact = form_value(r, "contact_account_id");
	d->contact_account_id = *contact && !id_param(contact) ? -1 : id_param(contact);
	d->opens_on = form_value(r, "opens_on");
	d->closes_on = form_value(r, "closes_on");
	d->decision_on = form_value(r, "decision_on");
	d->skr_level = form_value(r, "skr_level");
	d->coe_level = form_value(r, "coe_level");
	d->decision_stage = form_value(r, "decision_stage");
	d->nprinciples = param_all(&r->form, "principles", d->principles, DIALOGUE_PRINCIPLES_MAX);
	/* Empty is none; anything else that is not an id is refused by the domain. */
	const char *area = form_value(r, "area_id"), *goal = form_value(r, "goal_id");
	d->area_id = *area && !id_param(area) ? LLONG_MAX : id_param(area);
	d->goal_id = *goal && !id_param(goal) ? LLONG_MAX : id_param(goal);
}

static void dialogue_submit(struct request *r, struct dialogue *d)
{
	struct field_errors fe = {0};
	dialogue_from_form(r, d);
	long long id = 0;
	enum outcome o = dialogue_save(r->store, &r->arena, d, r->user, &fe, &id);
	if (o == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/dialoger/%lld?sparad=1", id));
		return;
	}
	if (o != OUTCOME_INVALID) {
		respond_outcome(r, o, &fe);
		return;
	}
	/* Shown again with every error at its field and everything as typed. Codes that are not on the
	 * form (a tampered request) are simply not ticked. */
	r->status = 422;
	dialogue_form(r, d, &fe);
}

void page_dialogue_new(struct request *r)
{
	struct dialogue d;
	memset(&d, 0, sizeof d);
	d.title = d.question = d.background = d.can_influence = d.cannot_influence = "";
	d.opens_on = d.closes_on = d.decision_on = "";
	/* An official's own department, and the official as contact, to start from. */
	if (r->user->role == ROLE_OFFICIAL && r->user->department_id > 0) {
		d.department_id = r->user->department_id;
		d.contact_account_id = r->user->id;
	}
	d.principles[d.nprinciples++] = "P2"; /* a dialogue serves principle 2 by its nature */
	dialogue_form(r, &d, NULL);
}

void page_dialogue_create(struct request *r)
{
	struct dialogue d;
	memset(&d, 0, sizeof d);
	dialogue_submit(r, &d);
}

void page_dialogue_edit(struct request *r)
{
	struct dialogue d;
	if (!load_managed(r, route_id(r, 0), &d))
		return;
	dialogue_form(r, &d, NULL);
}

void page_dialogue_update(struct request *r)
{
	struct dialogue stored;
	long long id = route_id(r, 0);
	if (!load_managed(r, id, &stored))
		return;
	struct dialogue d;
	memset(&d, 0, sizeof d);
	d.id = id;
	dialogue_submit(r, &d);
}

/* ---- States ------------------------------------------------------------------------------------ */

/* What opening or closing will do, with the counts from the domain, and the button that does
 * it. Closing before the planned last day asks whether the last day becomes today (a closing
 * early says so to the reader) or stays as planned (the record keeps what was announced). */
static void state_confirm(struct request *r, const struct dialogue *d, enum dialogue_state to,
			  const struct field_errors *e)
{
	struct dialogue_outlook ol;
	if (dialogue_outlook(r->store, d->id, &ol) != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	char day[11];
	today(day);
	bool opening = to == DIALOGUE_OPEN;
	const char *heading = opening ? (dialogue_has_closed(d) ? _("Reopen the dialogue") : _("Open the dialogue"))
				      : _("Close the dialogue");
	page_begin(r, arena_printf(&r->arena, "%s%s%s: %s", e && e->n ? _("Error:") : "", e && e->n ? " " : "", heading,
				   d->title));
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"lead\"><a href=\"/dialoger/%lld\">%s</a> ", heading, d->id,
		    d->title);
	state_tag(r, d->state);
	html_printf(&r->body, "</p>\n");
	form_error_summary(r, e);
	html_printf(&r->body, "<h2>%s</h2>\n<ul class=\"outlook\">\n", _("What will happen"));
	if (opening) {
		if (dialogue_is_draft(d))
			html_printf(&r->body, "<li>%s</li>\n", _("The dialogue will be shown to everyone."));
		html_printf(&r->body, "<li>%s</li>\n",
			    _("Organisations and residents can send views and proposals from today."));
		if (*d->closes_on && strcmp(d->closes_on, day) >= 0) {
			html_printf(&r->body, "<li>%s ", _("Last day to take part:"));
			view_day(r, d->closes_on, "");
			html_printf(&r->body, "</li>\n");
		} else if (*d->closes_on) {
			html_printf(&r->body, "<li>%s</li>\n",
				    _("The last day that has passed is removed: set a new one by editing the dialogue."));
		}
		html_printf(&r->body, "<li>%s</li>\n",
			    arena_printf(&r->arena,
					 P_("%lld organisation is invited to the dialogue.",
					    "%lld organisations are invited to the dialogue.", ol.invited),
					 ol.invited));
		if (ol.prepared > 0)
			html_printf(&r->body, "<li>%s</li>\n",
				    arena_printf(&r->arena,
						 P_("The prepared invitation to %lld organisation is sent now, by e-mail "
						    "and in the app.",
						    "The prepared invitations to %lld organisations are sent now, by e-mail "
						    "and in the app.",
						    ol.prepared),
						 ol.prepared));
	} else {
		html_printf(&r->body, "<li>%s</li>\n", _("The dialogue stops taking views and proposals."));
		html_printf(&r->body, "<li>%s</li>\n",
			    arena_printf(&r->arena,
					 P_("%lld view or proposal has come in; %lld of them not answered yet.",
					    "%lld views and proposals have come in; %lld of them not answered yet.",
					    ol.submissions),
					 ol.submissions, ol.unanswered));
		html_printf(&r->body, "<li>%s</li>\n",
			    _("Nobody is sent a message now. The participants are told when you publish what happened "
			      "next."));
	}
	html_printf(&r->body, "</ul>\n");
	form_begin(r, arena_printf(&r->arena, "/dialoger/%lld/status", d->id));
	html_printf(&r->body, "<input type=\"hidden\" name=\"to\" value=\"%s\">\n", dialogue_state_code(to));
	if (!opening && dialogue_closes_early(d, day)) {
		struct form_option choices[] = {
			{"move", arena_printf(&r->arena, _("Move the last day to today (%s)"), day)},
			{"keep", arena_printf(&r->arena, _("Keep the planned last day (%s)"), d->closes_on)},
		};
		form_radios(r, "closing_date", _("The dialogue closes before its planned last day"),
			    _("Moving the last day shows everyone when it really closed; keeping it keeps the date "
			      "that was announced."),
			    form_value(r, "closing_date"), choices, 2, e);
	}
	form_end(r, heading);
	html_printf(&r->body, "<p><a href=\"/dialoger/%lld\">%s</a></p>\n", d->id, _("Cancel"));
	page_end(r);
}

/* The state the address or the form asks for: only the moves the pages offer. */
static bool wanted_state(const char *code, enum dialogue_state *to)
{
	return dialogue_state_from_code(code, to) && (*to == DIALOGUE_OPEN || *to == DIALOGUE_CLOSED);
}

void page_dialogue_state_confirm(struct request *r)
{
	struct dialogue d;
	if (!load_managed(r, route_id(r, 0), &d))
		return;
	enum dialogue_state to = DIALOGUE_DRAFT;
	if (!wanted_state(param_get(&r->query, "till"), &to) || !dialogue_may_move(d.state, to)) {
		/* A stale or typed link: the dialogue's page shows where it stands and what can be done. */
		response_redirect(r, arena_printf(&r->arena, "/dialoger/%lld", d.id));
		return;
	}
	state_confirm(r, &d, to, NULL);
}

void page_dialogue_state(struct request *r)
{
	struct dialogue d;
	long long id = route_id(r, 0);
	if (!load_managed(r, id, &d))
		return;
	/* A state the form never offers is refused like a move back to a draft, which no dialogue
	 * makes: with the same conflict and the same message. */
	enum dialogue_state to = DIALOGUE_DRAFT;
	dialogue_state_from_code(form_value(r, "to"), &to);
	char day[11];
	today(day);
	struct field_errors e = {0};
	const char *closing = form_value(r, "closing_date");
	if (to == DIALOGUE_CLOSED && dialogue_may_move(d.state, to) && dialogue_closes_early(&d, day) &&
	    strcmp(closing, "move") != 0 && strcmp(closing, "keep") != 0) {
		field_error(&e, "closing_date", _("Choose whether the last day moves to today or stays as planned."));
		r->status = 422;
		state_confirm(r, &d, to, &e);
		return;
	}
	enum outcome o = dialogue_set_state(r->store, id, to, r->user, day, strcmp(closing, "keep") == 0, &e);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, &e);
		return;
	}
	response_redirect(r, arena_printf(&r->arena, "/dialoger/%lld?status=%s", id, dialogue_state_code(to)));
}

/* ---- Invitations ------------------------------------------------------------------------------- */

#define FILTER_CODES_MAX 64

/* The invitations page's choice, from the address: several codes per list, a name to search. */
struct invite_choice {
	struct invite_filter f;
	bool filtered, ignored, by_name;
	struct buf query; /* the choice as a query string, for links and the forms' addresses */
};

static void codes_read(struct request *r, const struct terms *ts, enum taxonomy which, const char *key,
		       struct org_codes *out, struct invite_choice *ch)
{
	const char **raw = arena_alloc(&r->arena, sizeof *raw * FILTER_CODES_MAX);
	const char **codes = arena_alloc(&r->arena, sizeof *codes * FILTER_CODES_MAX);
	int nraw = param_all(&r->query, key, raw, FILTER_CODES_MAX), n = 0;
	for (int i = 0; i < nraw; i++) {
		const char *code = filter_code(r, ts, which, raw[i], &ch->ignored);
		bool seen = false;
		for (int k = 0; code && k < n; k++)
			seen = seen || strcmp(codes[k], code) == 0;
		if (code && !seen) {
			codes[n++] = code;
			query_add(&ch->query, key, code);
		}
	}
	out->codes = codes;
	out->n = n;
	ch->filtered = ch->filtered || n > 0;
}

static void invite_choice_read(struct request *r, const struct taxonomies *tx, struct invite_choice *ch)
{
	memset(ch, 0, sizeof *ch);
	ch->query = (struct buf)BUF_INIT;
	codes_read(r, &tx->categories, TAX_CATEGORY, "category", &ch->f.terms.category, ch);
	codes_read(r, &tx->target_groups, TAX_TARGET_GROUP, "target_group", &ch->f.terms.target_group, ch);
	codes_read(r, &tx->districts, TAX_DISTRICT, "district", &ch->f.terms.district, ch);
	codes_read(r, &tx->legal_forms, TAX_LEGAL_FORM, "legal_form", &ch->f.terms.legal_form, ch);
	const char *name = param_get(&r->query, "namn");
	if (name && (text_chars(name, false) < 0 || strlen(name) > 200))
		name = NULL;
	ch->f.name = name;
	ch->by_name = name && !text_blank(name);
	query_add(&ch->query, "namn", name);
}

/* The page's own address with the choice, for the POST forms: the preview and "Back" show the
 * same lists again. */
static const char *invite_action(struct request *r, const struct dialogue *d, const struct invite_choice *ch)
{
	const char *q = buf_str((struct buf *)&ch->query);
	return arena_printf(&r->arena, "/dialoger/%lld/inbjudningar%s%s", d->id, *q ? "?" : "", q);
}

static bool id_in(long long id, const long long *ids, int n)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static void candidate_checkbox(struct request *r, const char *prefix, const struct invite_candidate *c, bool ticked)
{
	if (c->invited) {
		html_printf(&r->body, "<li><span class=\"candidate-name\">%s</span> <span class=\"tag\">%s</span></li>\n",
			    c->name, _("Already invited"));
		return;
	}
	html_printf(&r->body,
		    ticked ? "<li><input type=\"checkbox\" id=\"%s-%lld\" name=\"organisation\" value=\"%lld\" checked>"
			   : "<li><input type=\"checkbox\" id=\"%s-%lld\" name=\"organisation\" value=\"%lld\">",
		    prefix, c->id, c->id);
	html_printf(&r->body, "<label for=\"%s-%lld\">%s", prefix, c->id, c->name);
	if (c->representatives > 0)
		html_printf(&r->body, " <span class=\"meta\">(%s)</span>",
			    arena_printf(&r->arena,
					 P_("%d representative with an account", "%d representatives with accounts",
					    c->representatives),
					 c->representatives));
	else if (c->has_email)
		html_printf(&r->body, " <span class=\"meta\">(%s)</span>", _("by the organisation's e-mail address"));
	else
		html_printf(&r->body, " <span class=\"meta\">(%s)</span>",
			    _("cannot be reached by e-mail: no representative and no address"));
	html_printf(&r->body, "</label></li>\n");
}

static void invited_table(struct request *r, const struct dialogue *d, const char *keep_query)
{
	int page = request_page(r);
	struct invitation_row *rows = arena_alloc(&r->arena, sizeof *rows * INVITED_PER_PAGE);
	long long total = 0;
	int n = dialogue_invitations(r->store, &r->arena, d->id, (long long)(page - 1) * INVITED_PER_PAGE,
				     INVITED_PER_PAGE, rows, &total);
	if (n < 0) {
		html_printf(&r->body, "<p class=\"notice warning\">%s</p>\n",
			    _("The list of invited organisations could not be read just now."));
		return;
	}
	char heading[120];
	snprintf(heading, sizeof heading, P_("%lld organisation invited", "%lld organisations invited", total), total);
	html_printf(&r->body, "<h2 id=\"invited\">%s</h2>\n", heading);
	if (total == 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("No organisation has been invited yet."));
		return;
	}
	table_begin(r, NULL, _("Who was invited, who opened the invitation and who answered"), false, 1, 1);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead>\n<tbody>\n",
		    _("Organisation"), _("Invited"), C_("invitation", "Sent"),
		    _("Messages sent"), _("Opened"), C_("invitation", "Answered"));
	for (int i = 0; i < n; i++) {
		const struct invitation_row *it = &rows[i];
		html_printf(&r->body, "<tr><th scope=\"row\"><a href=\"/organisationer/%lld\">%s</a></th><td data-label=\"%s\">",
			    it->organisation_id, it->organisation_name, _("Invited"));
		view_local_time(r, it->invited_at, "");
		html_printf(&r->body, "</td><td data-label=\"%s\">", C_("invitation", "Sent"));
		if (it->sent_at)
			view_local_time(r, it->sent_at, "");
		else
			html_printf(&r->body, "<span class=\"tag\">%s</span> %s", C_("invitation", "Prepared"),
				    _("sent when the dialogue opens"));
		html_printf(&r->body, "</td><td data-label=\"%s\">%d</td><td data-label=\"%s\">", _("Messages sent"),
			    it->recipients, _("Opened"));
		view_local_time(r, it->opened_at, _("Not yet"));
		html_printf(&r->body, "</td><td data-label=\"%s\">%s</td></tr>\n", C_("invitation", "Answered"),
			    it->answered ? _("Yes") : _("Not yet"));
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
	pagination(r, arena_printf(&r->arena, "/dialoger/%lld/inbjudningar", d->id), keep_query, page,
		   page_count(total, INVITED_PER_PAGE));
}

static void invite_heading(struct request *r, const struct dialogue *d, const char *h1)
{
	page_begin(r, arena_printf(&r->arena, "%s: %s", h1, d->title));
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"lead\"><a href=\"/dialoger/%lld\">%s</a> ", h1, d->id, d->title);
	state_tag(r, d->state);
	html_printf(&r->body, "</p>\n");
}

static void codes_checkboxes(struct request *r, const char *name, const char *legend, const struct terms *ts,
			     const struct org_codes *chosen)
{
	form_checkboxes(r, name, legend, terms_options(r, ts), ts->n, (const char **)chosen->codes, chosen->n, NULL);
}

/* The invitations page: the choice, the organisations it finds and the list of those invited.
 * `ticked` (n >= 0) are the organisations ticked before "Back"; n < 0 on a fresh look, where
 * every reachable match is ticked. */
static void invitations_page(struct request *r, const struct dialogue *d, struct invite_choice *ch,
			     const long long *ticked, int nticked, const struct field_errors *e)
{
	struct taxonomies tx;
	taxonomies_load(r, &tx);
	bool can_invite = dialogue_takes_invitations(d) || dialogue_invitations_wait(d);
	bool wait = dialogue_invitations_wait(d);
	invite_heading(r, d, _("Invite organisations"));
	const char *invited = param_get(&r->query, "inbjudna");
	const char *prepared = param_get(&r->query, "forberedda");
	if (invited) {
		long long ni = id_param(invited), nm = id_param(param_get(&r->query, "meddelanden"));
		if (ni <= 0)
			view_status(r, _("No new organisation was invited: none was ticked, or those ticked were "
					    "invited already."));
		else
			view_status(r, arena_printf(&r->arena, "%s %s",
						       arena_printf(&r->arena,
								    P_("%lld organisation invited.", "%lld organisations invited.", ni),
								    ni),
						       arena_printf(&r->arena,
								    P_("%lld message sent.", "%lld messages sent.", nm), nm)));
	} else if (prepared) {
		long long np = id_param(prepared);
		view_status(r, np <= 0 ? _("No new organisation was invited: none was ticked, or those ticked were "
					    "invited already.")
				       : arena_printf(&r->arena,
						      P_("%lld invitation prepared. It is sent when the dialogue opens.",
							 "%lld invitations prepared. They are sent when the dialogue opens.", np),
						      np));
	}
	form_error_summary(r, e);

	if (!can_invite) {
		html_printf(&r->body, "<p class=\"notice warning\">%s</p>\n",
			    _("Invitations can be prepared until the dialogue opens, and sent while it is open."));
	} else {
		html_printf(&r->body, "<p>%s</p>\n",
			    _("Choose organisations from the public register by what they do, whom they reach, where and "
			      "in what form, and add single ones by name. Each invited organisation's representatives get "
			      "the invitation in their notifications and by e-mail; an organisation without "
			      "representatives gets it at its own e-mail address."));
		if (wait)
			html_printf(&r->body, "<p class=\"notice\">%s</p>\n",
				    _("The dialogue is not open yet: the invitations you make now are prepared, and sent "
				      "when the dialogue opens, by hand or on its opening date."));
		html_printf(&r->body,
			    "<form class=\"filters\" method=\"get\" action=\"/dialoger/%lld/inbjudningar\" "
			    "aria-labelledby=\"choose-heading\">\n<h2 id=\"choose-heading\">%s</h2>\n<p class=\"hint\">%s</p>\n"
			    "<div class=\"filter-grid\">\n",
			    d->id, _("Choose from the register"),
			    _("Tick one or more in each list: an organisation is shown when it has any of the ticked "
			      "values in every list you use."));
		codes_checkboxes(r, "category", _("Activity"), &tx.categories, &ch->f.terms.category);
		codes_checkboxes(r, "target_group", _("Target group"), &tx.target_groups, &ch->f.terms.target_group);
		codes_checkboxes(r, "district", _("District"), &tx.districts, &ch->f.terms.district);
		codes_checkboxes(r, "legal_form", _("Legal form"), &tx.legal_forms, &ch->f.terms.legal_form);
		html_printf(&r->body, "</div>\n");
		if (ch->f.name)
			html_printf(&r->body, "<input type=\"hidden\" name=\"namn\" value=\"%s\">\n", ch->f.name);
		html_printf(&r->body, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n",
			    _("Show organisations"));

		html_printf(&r->body,
			    "<form class=\"search\" method=\"get\" action=\"/dialoger/%lld/inbjudningar\" role=\"search\">\n",
			    d->id);
		html_printf(&r->body, "<label for=\"namn\">%s</label>\n<input type=\"search\" id=\"namn\" name=\"namn\" value=\"%s\">\n",
			    _("Add a single organisation: search by name"), ch->f.name ? ch->f.name : "");
		const struct org_codes *lists[] = {&ch->f.terms.category, &ch->f.terms.target_group,
						   &ch->f.terms.district, &ch->f.terms.legal_form};
		static const char *const keys[] = {"category", "target_group", "district", "legal_form"};
		for (int l = 0; l < 4; l++)
			for (int i = 0; i < lists[l]->n; i++)
				html_printf(&r->body, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n", keys[l],
					    lists[l]->codes[i]);
		html_printf(&r->body, "<button type=\"submit\">%s</button>\n</form>\n", _("Search"));

		if (ch->ignored)
			html_printf(&r->body, "<p class=\"notice warning\" role=\"status\">%s</p>\n",
				    _("A filter in the address was not recognised and has been left out. Choose again in "
				      "the form above."));

		struct invite_candidate *matches = NULL, *named = NULL;
		long long nmatch_total = 0, nnamed_total = 0;
		int nmatch = 0, nnamed = 0;
		if (ch->filtered) {
			struct invite_filter ff = ch->f;
			ff.name = NULL;
			matches = arena_alloc(&r->arena, sizeof *matches * CANDIDATES_MAX);
			nmatch = dialogue_invite_candidates(r->store, &r->arena, d->id, &ff, matches, CANDIDATES_MAX,
							    &nmatch_total);
		}
		if (ch->by_name) {
			struct invite_filter nf = {.name = ch->f.name};
			named = arena_alloc(&r->arena, sizeof *named * NAME_MATCHES_MAX);
			nnamed = dialogue_invite_candidates(r->store, &r->arena, d->id, &nf, named, NAME_MATCHES_MAX,
							    &nnamed_total);
		}
		if (nmatch < 0 || nnamed < 0) {
			respond_outcome(r, store_outcome(r->store), NULL);
			return;
		}
		if (!ch->filtered && !ch->by_name) {
			html_printf(&r->body, "<p>%s</p>\n",
				    _("Choose at least one of the filters above, or search for an organisation by name, to "
				      "see whom you can invite."));
		} else {
			form_begin(r, invite_action(r, d, ch));
			if (ch->filtered) {
				int nunreach = 0;
				for (int i = 0; i < nmatch; i++)
					if (!matches[i].invited && !dialogue_candidate_reachable(&matches[i]))
						nunreach++;
				char legend[160];
				snprintf(legend, sizeof legend,
					 P_("%lld organisation matches the filter", "%lld organisations match the filter",
					    nmatch_total),
					 nmatch_total);
				html_printf(&r->body, "<fieldset class=\"candidates\" id=\"reachable\">\n<legend>%s</legend>\n",
					    legend);
				if (nmatch_total > nmatch)
					html_printf(&r->body, "<p class=\"notice warning\">%s</p>\n",
						    arena_printf(&r->arena,
								 _("Only the first %d are shown. Narrow the filter to see the rest."),
								 nmatch));
				if (nmatch > nunreach && nticked < 0)
					html_printf(&r->body, "<p class=\"hint\">%s</p>\n",
						    _("Those who can be reached are ticked: untick those you want to leave out."));
				html_printf(&r->body, "<ul class=\"candidates\">\n");
				for (int i = 0; i < nmatch; i++)
					if (matches[i].invited || dialogue_candidate_reachable(&matches[i]))
						candidate_checkbox(r, "org", &matches[i],
								   nticked < 0 ? true : id_in(matches[i].id, ticked, nticked));
				html_printf(&r->body, "</ul>\n</fieldset>\n");
				if (nunreach > 0) {
					html_printf(&r->body,
						    "<fieldset class=\"candidates\" id=\"unreachable\">\n<legend>%s</legend>\n"
						    "<p class=\"hint\">%s</p>\n<ul class=\"candidates\">\n",
						    arena_printf(&r->arena,
								 P_("%d of them cannot be reached", "%d of them cannot be reached",
								    nunreach),
								 nunreach),
						    _("They have no representative with an account and no e-mail address in the "
						      "register, so nobody would get the invitation. Tick one only if you will tell "
						      "them another way."));
					for (int i = 0; i < nmatch; i++)
						if (!matches[i].invited && !dialogue_candidate_reachable(&matches[i]))
							candidate_checkbox(r, "unreachable", &matches[i],
									   nticked >= 0 && id_in(matches[i].id, ticked, nticked));
					html_printf(&r->body, "</ul>\n</fieldset>\n");
				}
			}
			if (ch->by_name) {
				char legend[200];
				snprintf(legend, sizeof legend,
					 P_("%lld organisation found by name", "%lld organisations found by name", nnamed_total),
					 nnamed_total);
				html_printf(&r->body, "<fieldset class=\"candidates\" id=\"named\">\n<legend>%s</legend>\n",
					    legend);
				if (nnamed)
					html_printf(&r->body, "<p class=\"hint\">%s</p>\n", _("Tick those you want to invite."));
				html_printf(&r->body, "<ul class=\"candidates\">\n");
				for (int i = 0; i < nnamed; i++)
					candidate_checkbox(r, "named", &named[i], nticked > 0 && id_in(named[i].id, ticked, nticked));
				html_printf(&r->body, "</ul>\n</fieldset>\n");
			}
			html_printf(&r->body,
				    "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"preview\">%s</button>"
				    "</div>\n</form>\n",
				    _("Preview the invitation"));
		}
	}
	invited_table(r, d, buf_str(&ch->query));
	html_printf(&r->body, "<p class=\"back\"><a href=\"/dialoger/%lld\">%s</a></p>\n", d->id, _("Back to the dialogue"));
	page_end(r);
}

void page_dialogue_invitations(struct request *r)
{
	struct dialogue d;
	long long id = route_id(r, 0);
	if (!load_managed(r, id, &d))
		return;
	struct taxonomies tx;
	taxonomies_load(r, &tx);
	struct invite_choice ch;
	invite_choice_read(r, &tx, &ch);
	invitations_page(r, &d, &ch, NULL, -1, NULL);
	buf_free(&ch.query);
}

/* Writes text as paragraphs and lines, escaped. */
static void text_lines(struct request *r, const char *text)
{
	html_printf(&r->body, "<p>");
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		html_printf(&r->body, "%s", arena_strndup(&r->arena, p, len));
		p += len;
		if (!*p)
			break;
		if (p[1] == '\n') {
			html_printf(&r->body, "</p>\n<p>");
			p += 2;
		} else {
			html_printf(&r->body, "<br>\n");
			p++;
		}
	}
	html_printf(&r->body, "</p>\n");
}

/* The preview: what goes out and to how many, with "Send" and "Back" (which keeps the choice). */
static void invite_preview_page(struct request *r, const struct dialogue *d, struct invite_choice *ch,
				const long long *ids, int n, const struct invite_reach *reach, const char *subject,
				const char *text)
{
	bool wait = dialogue_invitations_wait(d);
	invite_heading(r, d, _("Check the invitation before it is sent"));
	html_printf(&r->body, "<h2>%s</h2>\n<ul class=\"invite-count\">\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n",
		    _("Recipients"),
		    arena_printf(&r->arena, P_("%d organisation is invited.", "%d organisations are invited.",
					       reach->organisations), reach->organisations),
		    arena_printf(&r->arena,
				 P_("%d person gets it among their notifications.",
				    "%d people get it among their notifications.", reach->people),
				 reach->people),
		    arena_printf(&r->arena, P_("%d e-mail is sent.", "%d e-mails are sent.", reach->emails),
				 reach->emails));
	if (reach->unreachable > 0)
		html_printf(&r->body, "<li>%s</li>\n",
			    arena_printf(&r->arena,
					 P_("%d organisation cannot be reached: nobody is told.",
					    "%d organisations cannot be reached: nobody is told.", reach->unreachable),
					 reach->unreachable));
	html_printf(&r->body, "</ul>\n");
	if (wait)
		html_printf(&r->body, "<p class=\"notice\">%s</p>\n",
			    _("The dialogue is not open yet: the invitations are prepared now and sent when it opens. "
			      "The numbers are as things stand today."));
	html_printf(&r->body,
		    "<h2>%s</h2>\n<p class=\"hint\">%s</p>\n<section class=\"mail-preview\" aria-labelledby=\"mail-subject\">\n"
		    "<p><strong>%s</strong> <span id=\"mail-subject\">%s</span></p>\n",
		    _("The message"),
		    _("As the first organisation gets it; each one's own name and personal link are put in."),
		    _("Subject:"), subject);
	text_lines(r, text);
	html_printf(&r->body, "</section>\n");
	form_begin(r, invite_action(r, d, ch));
	for (int i = 0; i < n; i++)
		html_printf(&r->body, "<input type=\"hidden\" name=\"organisation\" value=\"%lld\">\n", ids[i]);
	html_printf(&r->body,
		    "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"send\">%s</button> "
		    "<button type=\"submit\" name=\"action\" value=\"back\" class=\"secondary\">%s</button></div>\n</form>\n",
		    wait ? _("Prepare the invitations") : _("Send the invitations"), _("Back"));
	page_end(r);
}

/* The ticked organisations as posted. */
static int posted_ids(struct request *r, long long **out)
{
	const char **values = arena_alloc(&r->arena, sizeof *values * INVITE_IDS_MAX);
	int nv = param_all(&r->form, "organisation", values, INVITE_IDS_MAX);
	long long *ids = arena_alloc(&r->arena, sizeof *ids * (size_t)(nv + 1));
	int n = 0;
	for (int i = 0; i < nv; i++) {
		long long v = id_param(values[i]);
		if (v > 0 && !id_in(v, ids, n))
			ids[n++] = v;
	}
	*out = ids;
	return n;
}

/* One address, three buttons: "preview" shows what would go out, "back" the choice again with
 * the same ticks, and "send" (or a post without a button, as before the preview existed) invites. */
void page_dialogue_invite(struct request *r)
{
	struct dialogue d;
	long long id = route_id(r, 0);
	if (!load_managed(r, id, &d))
		return;
	long long *ids = NULL;
	int n = posted_ids(r, &ids);
	const char *action = form_value(r, "action");
	if (strcmp(action, "preview") == 0 || strcmp(action, "back") == 0) {
		struct taxonomies tx;
		taxonomies_load(r, &tx);
		struct invite_choice ch;
		invite_choice_read(r, &tx, &ch);
		struct invite_reach reach;
		const char *subject = "", *text = "";
		struct field_errors e = {0};
		enum outcome o = OUTCOME_OK;
		if (strcmp(action, "preview") == 0)
			o = dialogue_invite_preview(r->store, &r->arena, id, ids, n, r->user, &reach, &subject, &text, &e);
		if (o == OUTCOME_INVALID) {
			r->status = 422;
			invitations_page(r, &d, &ch, ids, n, &e);
		} else if (o != OUTCOME_OK) {
			respond_outcome(r, o, NULL);
		} else if (strcmp(action, "back") == 0) {
			invitations_page(r, &d, &ch, ids, n, NULL);
		} else {
			invite_preview_page(r, &d, &ch, ids, n, &reach, subject, text);
		}
		buf_free(&ch.query);
		return;
	}
	struct invite_result res;
	struct field_errors e = {0};
	enum outcome o = dialogue_invite(r->store, id, ids, n, r->user, &res, &e);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, &e);
		return;
	}
	if (dialogue_invitations_wait(&d))
		response_redirect(r, arena_printf(&r->arena, "/dialoger/%lld/inbjudningar?forberedda=%d#invited", id,
						  res.prepared));
	else
		response_redirect(r, arena_printf(&r->arena, "/dialoger/%lld/inbjudningar?inbjudna=%d&meddelanden=%d#invited",
						  id, res.invited, res.messages));
}

/* ---- The report -------------------------------------------------------------------------------- */

/* A textarea the report needs before it is published: "(required)" in the label for the eye,
 * aria-required and required for assistive technology (the form is novalidate, so saving a draft
 * half-written still works). form_textarea's markup otherwise. */
static void required_textarea(struct request *r, const char *name, const char *label, const char *value,
			      const char *hint, const struct field_errors *e)
{
	const char *error = field_error_for(e, name);
	html_printf(&r->body, "<div class=\"field%s\">\n<label for=\"%s\">%s <span class=\"required\">%s</span></label>\n",
		    error ? " has-error" : "", name, label, _("(required)"));
	html_printf(&r->body, "<p class=\"hint\" id=\"%s-hint\">%s</p>\n", name, hint);
	if (error)
		html_printf(&r->body, "<p class=\"error\" id=\"%s-error\"><span class=\"visually-hidden\">%s </span>%s</p>\n",
			    name, _("Error:"), error);
	html_printf(&r->body, "<textarea id=\"%s\" name=\"%s\" rows=\"6\" required aria-required=\"true\" "
			      "aria-describedby=\"%s-hint%s%s\"%s>%s</textarea>\n</div>\n",
		    name, name, name, error ? " " : "", error ? arena_printf(&r->arena, "%s-error", name) : "",
		    error ? " aria-invalid=\"true\"" : "", value ? value : "");
}

/* Submissions in the dialogue still waiting for an answer, before the report tells everyone what
 * came of it: the count, and the way to them. */
static void unanswered_warning(struct request *r, const struct dialogue *d, const struct dialogue_outlook *ol)
{
	if (ol->unanswered <= 0)
		return;
	html_printf(&r->body, "<div class=\"notice warning\" id=\"unanswered\">\n<p>%s</p>\n",
		    arena_printf(&r->arena,
				 P_("%lld view or proposal in this dialogue has not been answered yet.",
				    "%lld views and proposals in this dialogue have not been answered yet.", ol->unanswered),
				 ol->unanswered));
	html_printf(&r->body, "<p><a href=\"/synpunkter?dialog=%lld\">%s</a></p>\n</div>\n", d->id,
		    _("See the dialogue's views and proposals"));
}

static void report_form(struct request *r, const struct dialogue *d, const struct dialogue_report *rep,
			const struct field_errors *e)
{
	bool reported = dialogue_is_reported(d);
	const char *heading = _("What happened next");
	page_begin(r, arena_printf(&r->arena, "%s%s%s: %s", e && e->n ? _("Error:") : "", e && e->n ? " " : "", heading,
				   d->title));
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"lead\"><a href=\"/dialoger/%lld\">%s</a></p>\n", heading, d->id,
		    d->title);
	if (param_get(&r->query, "sparad"))
		view_status(r, _("The report has been saved. It is not published yet."));
	form_error_summary(r, e);
	struct dialogue_outlook ol;
	if (dialogue_outlook(r->store, d->id, &ol) == 0)
		unanswered_warning(r, d, &ol);
	if (reported)
		html_printf(&r->body, "<p class=\"notice\">%s</p>\n",
			    _("The report is published. Changes you save are shown on the dialogue's page at once, but "
			      "they are not sent to the participants again."));
	else
		html_printf(&r->body, "<p>%s</p>\n",
			    _("Tell the participants what came of the dialogue. You can save the report and publish it "
			      "later. When you publish it, it is shown first on the dialogue's page and sent to every "
			      "invited organisation and everyone who sent a view or proposal."));
	form_begin(r, arena_printf(&r->arena, "/dialoger/%lld/aterkoppling", d->id));
	html_printf(&r->body, "<p>%s</p>\n",
		    _("Fields marked (required) must be filled in before the report is published."));
	required_textarea(r, "report_heard", _("What we heard"), rep->heard,
			  _("A summary of the views and proposals that came in."), e);
	required_textarea(r, "report_decision", _("What was decided, and where"), rep->decision,
			  _("For example: the committee decided on the plan on 12 June."), e);
	form_text(r, "report_minutes_ref", _("Minutes reference"), rep->minutes_ref,
		  _("The paragraph or case number in the minutes, if any."), e, "text", "off");
	form_text(r, "report_link", _("Link to the decision or the minutes"), rep->link,
		  _("A web address, if any. For example www.kommun.se/beslut"), e, "url", "off");
	required_textarea(r, "report_used", _("How the views and proposals were used"), rep->used,
			  _("What changed because of them, and why some could not be followed."), e);
	if (reported) {
		form_end(r, _("Save the changes"));
	} else {
		html_printf(&r->body,
			    "<div class=\"actions\"><button type=\"submit\" name=\"action\" value=\"publish\">%s</button>\n"
			    "<button type=\"submit\" name=\"action\" value=\"save\" class=\"secondary\">%s</button></div>\n</form>\n",
			    _("Save and go on to publishing"), _("Save without publishing"));
	}
	html_printf(&r->body, "<p><a href=\"/dialoger/%lld\">%s</a></p>\n", d->id, _("Back to the dialogue"));
	page_end(r);
}

/* The report is written once the dialogue has closed; before that the domain says why not. */
static bool report_allowed(struct request *r, const struct dialogue *d)
{
	struct field_errors e = {0};
	enum outcome o = dialogue_report_allowed(d, &e);
	if (o != OUTCOME_OK)
		respond_outcome(r, o, &e);
	return o == OUTCOME_OK;
}

void page_dialogue_report_form(struct request *r)
{
	struct dialogue d;
	if (!load_managed(r, route_id(r, 0), &d) || !report_allowed(r, &d))
		return;
	report_form(r, &d, &d.report, NULL);
}

void page_dialogue_report(struct request *r)
{
	struct dialogue d;
	long long id = route_id(r, 0);
	if (!load_managed(r, id, &d) || !report_allowed(r, &d))
		return;
	struct dialogue_report rep = {
		.heard = form_value(r, "report_heard"),
		.decision = form_value(r, "report_decision"),
		.minutes_ref = form_value(r, "report_minutes_ref"),
		.link = form_value(r, "report_link"),
		.used = form_value(r, "report_used"),
	};
	/* "Publish" saves the report as complete and asks for the confirmation that sends it: the
	 * text typed is kept whatever is decided there. */
	bool publish = strcmp(form_value(r, "action"), "publish") == 0 && !dialogue_is_reported(&d);
	struct field_errors fe = {0};
	int notified = 0;
	enum outcome o = publish && dialogue_report_validate(&r->arena, &rep, true, &fe) > 0
				 ? OUTCOME_INVALID
				 : dialogue_report_save(r->store, &r->arena, id, &rep, false, r->user, &fe, &notified);
	if (o == OUTCOME_OK) {
		if (publish)
			response_redirect(r, arena_printf(&r->arena, "/dialoger/%lld/aterkoppling/publicera", id));
		else if (dialogue_is_reported(&d))
			response_redirect(r, arena_printf(&r->arena, "/dialoger/%lld?sparad=1", id));
		else
			response_redirect(r, arena_printf(&r->arena, "/dialoger/%lld/aterkoppling?sparad=1", id));
		return;
	}
	if (o != OUTCOME_INVALID) {
		respond_outcome(r, o, &fe);
		return;
	}
	r->status = 422;
	report_form(r, &d, &rep, &fe);
}

/* The confirmation before the report goes out: to how many, and what is still unanswered. */
void page_dialogue_publish_confirm(struct request *r)
{
	struct dialogue d;
	if (!load_managed(r, route_id(r, 0), &d) || !report_allowed(r, &d))
		return;
	if (dialogue_is_reported(&d)) {
		response_redirect(r, arena_printf(&r->arena, "/dialoger/%lld", d.id));
		return;
	}
	struct dialogue_outlook ol;
	if (dialogue_outlook(r->store, d.id, &ol) != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	struct field_errors e = {0};
	struct dialogue_report rep = d.report;
	bool complete = dialogue_report_validate(&r->arena, &rep, true, &e) == 0;
	const char *heading = _("Publish what happened next");
	page_begin(r, arena_printf(&r->arena, "%s: %s", heading, d.title));
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"lead\"><a href=\"/dialoger/%lld\">%s</a></p>\n", heading, d.id,
		    d.title);
	unanswered_warning(r, &d, &ol);
	if (!complete) {
		html_printf(&r->body, "<p class=\"notice warning\">%s</p>\n<p><a href=\"/dialoger/%lld/aterkoppling\">%s</a></p>\n",
			    _("The report is not complete yet: fill in the required fields first."), d.id,
			    _("Write what happened next"));
		page_end(r);
		return;
	}
	html_printf(&r->body, "<h2>%s</h2>\n<ul class=\"outlook\">\n<li>%s</li>\n<li>%s</li>\n</ul>\n",
		    _("What will happen"), _("The report is shown first on the dialogue's page, to everyone."),
		    arena_printf(&r->arena,
				 P_("It is sent to %lld participant: those who sent views and proposals, and the invited "
				    "organisations.",
				    "It is sent to %lld participants: those who sent views and proposals, and the invited "
				    "organisations.",
				    ol.participants),
				 ol.participants));
	form_begin(r, arena_printf(&r->arena, "/dialoger/%lld/aterkoppling/publicera", d.id));
	form_end(r, _("Publish and send to the participants"));
	html_printf(&r->body, "<p><a href=\"/dialoger/%lld/aterkoppling\">%s</a></p>\n", d.id, _("Edit the report first"));
	page_end(r);
}

/* Publishes the report as it was saved; a report made incomplete meanwhile goes back to its form
 * with the errors. */
void page_dialogue_publish(struct request *r)
{
	struct dialogue d;
	long long id = route_id(r, 0);
	if (!load_managed(r, id, &d) || !report_allowed(r, &d))
		return;
	struct dialogue_report rep = d.report;
	struct field_errors fe = {0};
	int notified = 0;
	enum outcome o = dialogue_report_save(r->store, &r->arena, id, &rep, true, r->user, &fe, &notified);
	if (o == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/dialoger/%lld?publicerad=%d", id, notified));
		return;
	}
	if (o != OUTCOME_INVALID) {
		respond_outcome(r, o, &fe);
		return;
	}
	r->status = 422;
	report_form(r, &d, &d.report, &fe);
}
