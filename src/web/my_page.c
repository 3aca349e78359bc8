/* my_page: the signed-in person's own start page (/min-sida) — what waits for them, by role: a
 * representative's organisations, invitations and submissions; an official's (or, across every
 * department, a coordinator's) submissions to acknowledge, due dates and dialogues to move on. */
#include "web/pages.h"
#include "web/form.h"
#include "web/view.h"
#include "web/layout.h"
#include "base/clock.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/dialogue.h"
#include "domain/feedback_clock.h"
#include "domain/organisation.h"
#include "domain/submission.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each list is short: the page is a summary, and every list links to its full page. */
#define MY_LIST_MAX 10
/* The organisations a person represents: a handful, never thousands. */
#define MY_ORGS_MAX 50

/* A section with a heading that names it and, when known, how many there are. The id lets a link
 * (and a test) find it. */
static void section_begin(struct request *r, const char *id, const char *heading, long long count)
{
	html_printf(&r->body, "<section id=\"%s\" aria-labelledby=\"%s-heading\">\n<h2 id=\"%s-heading\">%s", id, id, id,
		    heading);
	if (count >= 0)
		html_printf(&r->body, " (%lld)", count);
	html_printf(&r->body, "</h2>\n");
}

/* "See all" when the list shows fewer than there are, then the end of the section. */
static void section_end(struct request *r, int shown, long long total, const char *href, const char *label)
{
	if (href && total > shown)
		html_printf(&r->body, "<p class=\"more\"><a href=\"%s\">%s</a></p>\n", href, label);
	html_printf(&r->body, "</section>\n");
}

/* ---- A representative ------------------------------------------------------------------------- */

/* Their organisations, each with the yearly confirmation when it is due. False when the store failed. */
static bool organisations_section(struct request *r)
{
	struct organisation_mine *orgs = arena_alloc(&r->arena, sizeof *orgs * MY_ORGS_MAX);
	int n = organisation_represented(r->store, &r->arena, r->user->id, orgs, MY_ORGS_MAX);
	if (n <= 0)
		return n == 0;
	section_begin(r, "my-organisations", _("My organisations"), -1);
	html_printf(&r->body, "<ul class=\"my-list\">\n");
	for (int i = 0; i < n; i++) {
		html_printf(&r->body, "<li><a href=\"/organisationer/%lld\">%s</a>", orgs[i].id, orgs[i].name);
		if (orgs[i].confirm_due) {
			html_printf(&r->body, " <span class=\"tag\">%s</span>\n<p>%s <a href=\"/organisationer/%lld\">%s</a></p>\n",
				    _("Confirm your details"),
				    _("The details have not been confirmed in the last 15 months."), orgs[i].id,
				    _("Check the details"));
			form_begin(r, arena_printf(&r->arena, "/organisationer/%lld/bekrafta", orgs[i].id));
			form_end(r, _("Confirm that the details are correct"));
		} else {
			html_printf(&r->body, " – <a href=\"/organisationer/%lld/redigera\">%s</a>", orgs[i].id, _("Edit"));
		}
		html_printf(&r->body, "</li>\n");
	}
	html_printf(&r->body, "</ul>\n");
	section_end(r, n, n, NULL, NULL);
	return true;
}

/* Open dialogues their organisations are invited to and have not answered. */
static bool invitations_section(struct request *r)
{
	struct waiting_invitation *items = arena_alloc(&r->arena, sizeof *items * MY_LIST_MAX);
	long long total = 0;
	int n = dialogue_invitations_waiting(r->store, &r->arena, r->user->id, items, MY_LIST_MAX, &total);
	if (n <= 0)
		return n == 0;
	section_begin(r, "my-invitations", _("Invitations waiting for an answer"), total);
	html_printf(&r->body, "<ul class=\"my-list\">\n");
	for (int i = 0; i < n; i++) {
		html_printf(&r->body, "<li><a href=\"/dialoger/%lld\">%s</a> – %s", items[i].dialogue_id, items[i].title,
			    items[i].organisation_name);
		if (*items[i].closes_on) {
			html_printf(&r->body, " · %s ", _("Last day:"));
			view_day(r, items[i].closes_on, "");
		}
		html_printf(&r->body, "</li>\n");
	}
	html_printf(&r->body, "</ul>\n");
	section_end(r, n, total, "/dialoger?state=open", _("See all open dialogues"));
	return true;
}

/* Their own submissions, newest first, with where each stands. `always`: shown (with a way to send
 * one) even when there are none. */
static bool own_submissions_section(struct request *r, bool always)
{
	struct submission *items = arena_alloc(&r->arena, sizeof *items * MY_LIST_MAX);
	struct submission_filter f = {.account_id = r->user->id, .page = 1, .per_page = MY_LIST_MAX};
	long long total = 0;
	int n = submission_list(r->store, &r->arena, &f, items, &total);
	if (n < 0)
		return false;
	if (n == 0 && !always)
		return true;
	section_begin(r, "my-submissions", _("My views and proposals"), total);
	if (n == 0)
		html_printf(&r->body, "<p class=\"empty\">%s</p>\n", _("You have not sent any views or proposals yet."));
	else
		html_printf(&r->body, "<ul class=\"my-list\">\n");
	for (int i = 0; i < n; i++) {
		const struct submission *s = &items[i];
		html_printf(&r->body, "<li><a href=\"/synpunkter/%lld\">%s</a> – <span class=\"status\">%s</span>", s->id,
			    s->title, submission_status_label(s->status));
		if (s->answered_on) {
			html_printf(&r->body, " ");
			view_day(r, s->answered_on, "");
		} else {
			html_printf(&r->body, " · %s ", _("Sent on"));
			view_day(r, s->received_on, "");
		}
		html_printf(&r->body, "</li>\n");
	}
	if (n > 0)
		html_printf(&r->body, "</ul>\n");
	html_printf(&r->body, "<p><a href=\"/synpunkter/ny\">%s</a>", _("Send a view or proposal"));
	if (total > 0)
		html_printf(&r->body, " · <a href=\"/konto/synpunkter\">%s</a>", _("See all my views and proposals"));
	html_printf(&r->body, "</p>\n");
	section_end(r, n, n, NULL, NULL);
	return true;
}

/* ---- An official, a coordinator --------------------------------------------------------------- */

/* New submissions (status received) of the department (0: every department) to acknowledge. */
static bool to_acknowledge_section(struct request *r, long long department_id)
{
	struct submission *items = arena_alloc(&r->arena, sizeof *items * MY_LIST_MAX);
	struct submission_filter f = {.department_id = department_id, .status = SUBMISSION_RECEIVED,
				      .manager = r->user, .page = 1, .per_page = MY_LIST_MAX};
	long long total = 0;
	int n = submission_list(r->store, &r->arena, &f, items, &total);
	if (n < 0)
		return false;
	section_begin(r, "to-acknowledge", _("New views and proposals to acknowledge"), total);
	if (n == 0) {
		html_printf(&r->body, "<p class=\"empty\">%s</p>\n", _("Nothing new waits to be acknowledged."));
	} else {
		html_printf(&r->body, "<ul class=\"my-list\">\n");
		for (int i = 0; i < n; i++) {
			const struct submission *s = &items[i];
			html_printf(&r->body, "<li><a href=\"/synpunkter/%lld\">%s</a> – %s · %s ", s->id, s->title,
				    s->department_name, _("Acknowledge by"));
			view_day(r, s->acknowledge_due, "–");
			html_printf(&r->body, "</li>\n");
		}
		html_printf(&r->body, "</ul>\n");
	}
	section_end(r, n, total, "/arbetsko", _("See the whole work queue"));
	return true;
}

/* Overdue or soon due, for both promises (acknowledge, answer), by the work queue's own
 * definition (feedback_clock.h): its open items, of which the page shows those in the section. */
enum due_kind { DUE_OVERDUE, DUE_SOON };

static int by_due_then_id(const void *x, const void *y)
{
	const struct feedback_queue_item *a = x, *b = y;
	int c = strcmp(a->due, b->due);
	return c ? c : (a->id > b->id) - (a->id < b->id);
}
#define MY_OPEN_SCAN 500

static bool due_section(struct request *r, enum due_kind kind, long long department_id)
{
	char today[11];
	feedback_local_date(clock_now(), today);
	struct feedback_queue_item *items = arena_alloc(&r->arena, sizeof *items * MY_OPEN_SCAN);
	struct feedback_queue_query q = {.department_id = department_id, .max = MY_OPEN_SCAN};
	int n = feedback_queue_list(r->store, &r->arena, today, &q, items, NULL);
	if (n < 0)
		return false;
	bool overdue = kind == DUE_OVERDUE;
	/* The queue is newest first; here the most urgent come first: earliest due date, then id. */
	int m = 0;
	for (int i = 0; i < n; i++)
		if (overdue ? (items[i].acknowledge_overdue || items[i].answer_overdue) : items[i].due_soon)
			items[m++] = items[i];
	qsort(items, (size_t)m, sizeof *items, by_due_then_id);
	long long total = m;
	int shown[MY_LIST_MAX], nshown = 0;
	for (int i = 0; i < m && nshown < MY_LIST_MAX; i++)
		shown[nshown++] = i;
	section_begin(r, overdue ? "overdue" : "due-soon", overdue ? _("Overdue items") : _("Due soon"), total);
	if (nshown == 0) {
		html_printf(&r->body, "<p class=\"empty\">%s</p>\n",
			    overdue ? _("Nothing is overdue.") : _("Nothing is due in the next few days."));
	} else {
		html_printf(&r->body, "<ul class=\"my-list\">\n");
		for (int k = 0; k < nshown; k++) {
			const struct feedback_queue_item *it = &items[shown[k]];
			html_printf(&r->body, "<li><a href=\"/synpunkter/%lld\">%s</a> – %s · %s ", it->id, it->title,
				    it->department_name,
				    it->step == FEEDBACK_ACKNOWLEDGE ? _("Acknowledge by") : _("Answer by"));
			view_day(r, it->due, "–");
			html_printf(&r->body, "</li>\n");
		}
		html_printf(&r->body, "</ul>\n");
	}
	section_end(r, nshown, total, "/arbetsko", _("See the whole work queue"));
	return true;
}

/* The next step of a dialogue that waits for one, as a link to where it is taken. */
static void dialogue_next_step(struct request *r, const struct dialogue *d)
{
	switch (d->state) {
	case DIALOGUE_DRAFT:
		html_printf(&r->body, "<a href=\"/dialoger/%lld\">%s</a>", d->id, _("Next: open it"));
		break;
	case DIALOGUE_PLANNED:
		html_printf(&r->body, "%s ", _("Opens on"));
		view_day(r, d->opens_on, "–");
		break;
	case DIALOGUE_OPEN:
		html_printf(&r->body, "%s ", _("Last day:"));
		view_day(r, d->closes_on, "–");
		break;
	case DIALOGUE_CLOSED:
		html_printf(&r->body, "<a href=\"/dialoger/%lld/aterkoppling\">%s</a>", d->id,
			    _("Next: publish what happened next"));
		break;
	case DIALOGUE_REPORTED:
		break;
	}
}

/* The department's dialogues (0: every department's) that are not finished, by state. */
static bool dialogues_section(struct request *r, long long department_id)
{
	static const enum dialogue_state states[] = {DIALOGUE_DRAFT, DIALOGUE_CLOSED, DIALOGUE_OPEN, DIALOGUE_PLANNED};
	struct dialogue_page pages[4];
	long long total = 0;
	for (int k = 0; k < 4; k++) {
		struct dialogue_filter f = {.department_id = department_id, .by_state = true, .state = states[k],
					    .viewer = r->user, .page = 1, .per_page = MY_LIST_MAX};
		if (dialogue_list(r->store, &r->arena, &f, &pages[k]) != OUTCOME_OK)
			return false;
		total += pages[k].total;
	}
	section_begin(r, "my-dialogues", department_id ? _("Dialogues of my department") : _("Dialogues"), total);
	if (total == 0)
		html_printf(&r->body, "<p class=\"empty\">%s</p>\n", _("No dialogue is under way."));
	else
		html_printf(&r->body, "<ul class=\"my-list\">\n");
	int shown = 0;
	for (int k = 0; k < 4; k++)
		for (int i = 0; i < pages[k].n; i++) {
			const struct dialogue *d = &pages[k].items[i];
			html_printf(&r->body, "<li><a href=\"/dialoger/%lld\">%s</a> – <span class=\"status\">%s</span> · ",
				    d->id, d->title, dialogue_state_label(d->state));
			dialogue_next_step(r, d);
			html_printf(&r->body, "</li>\n");
			shown++;
		}
	if (total > 0)
		html_printf(&r->body, "</ul>\n");
	html_printf(&r->body, "<p><a href=\"/dialoger/ny\">%s</a></p>\n", _("Start a new dialogue"));
	section_end(r, shown, total,
		    department_id ? arena_printf(&r->arena, "/dialoger?department=%lld", department_id) : "/dialoger",
		    _("See all dialogues"));
	return true;
}

/* For coordinators: how many organisations are due to re-confirm their details, linked. */
static bool reconfirm_section(struct request *r)
{
	struct org_filter f = {.include_hidden = true, .unconfirmed_only = true, .page = 1, .per_page = 1};
	struct org_page res;
	if (organisation_search(r->store, &r->arena, &f, &res) != OUTCOME_OK)
		return false;
	section_begin(r, "to-reconfirm", _("Details to re-confirm"), -1);
	html_printf(&r->body, "<p><a href=\"/organisationer/att-bekrafta\">%s</a></p>\n",
		    arena_printf(&r->arena,
				 P_("%lld organisation has not confirmed its details in the last 15 months",
				    "%lld organisations have not confirmed their details in the last 15 months", res.total),
				 res.total));
	section_end(r, 0, 0, NULL, NULL);
	return true;
}

/* What staff have to do: across every department for coordinators, their own for officials. */
static bool staff_sections(struct request *r)
{
	bool everyone = request_role_at_least(r, ROLE_COORDINATOR);
	long long department_id = everyone ? 0 : r->user->department_id;
	if (!everyone && department_id == 0) {
		html_printf(&r->body, "<p>%s</p>\n",
			    _("Your account belongs to no department yet, so no views and proposals come to you. Ask an "
			      "administrator to set your department."));
		return true;
	}
	return to_acknowledge_section(r, department_id) && due_section(r, DUE_OVERDUE, department_id) &&
	       due_section(r, DUE_SOON, department_id) && dialogues_section(r, department_id) &&
	       (!everyone || reconfirm_section(r));
}

void page_my_page(struct request *r)
{
	bool staff = request_role_at_least(r, ROLE_OFFICIAL);
	page_begin(r, _("My page"));
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", _("My page"),
		    arena_printf(&r->arena, _("Signed in as %s."), r->user->name));
	bool ok = (!staff || staff_sections(r)) && organisations_section(r) && invitations_section(r) &&
		  own_submissions_section(r, !staff);
	if (!ok) {
		/* What was written is dropped: a half page would look like nothing waits. */
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	page_end(r);
}
