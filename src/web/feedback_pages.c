/* feedback_pages: the feedback clock for staff — the officials' work queue of overdue and soon-due
 * submissions, and the municipality's targets (coordinators see them, administrators change them). */
#include "web/pages.h"
#include "web/form.h"
#include "web/view.h"
#include "web/layout.h"
#include "base/clock.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/account_admin.h"
#include "domain/dialogue.h"
#include "domain/feedback_clock.h"
#include "domain/submission.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QUEUE_PER_PAGE 25
/* The lists that are not paged (their own submissions, the next few days) show at most this
 * many, the earliest due first, and say so when there are more. */
#define QUEUE_SHORT_MAX 100
#define OFFICIALS_MAX 500
#define DEPARTMENTS_MAX 200

/* ---- The work queue -------------------------------------------------------------------------- */

/* Where a row stands, in words (the row's class repeats it for the eye, never alone). */
static const char *situation_text(struct request *r, const struct feedback_queue_item *it)
{
	int days = it->workdays;
	if (it->acknowledge_overdue || it->answer_overdue) {
		const char *which = it->acknowledge_overdue && it->answer_overdue ? _("Acknowledgement and answer overdue")
				    : it->acknowledge_overdue		       ? _("Acknowledgement overdue")
										       : _("Answer overdue");
		/* Past a Friday deadline on the weekend: late, but no working day lost yet. */
		return days == 0 ? which
				 : arena_printf(&r->arena, P_("%s, %d working day", "%s, %d working days", days), which, days);
	}
	if (it->due_soon)
		return days == 0 ? _("Due today")
				 : arena_printf(&r->arena, P_("Due in %d working day", "Due in %d working days", days), days);
	return _("In time");
}

/* One list as a table, or a sentence when it is empty; above it, the counts of the one definition
 * (feedback_open_counts) the statistics use too. id names the summary for links and tests. */
static void queue_table(struct request *r, const char *id, const char *caption, const struct feedback_queue_item *items,
			int n, const struct feedback_open_count *c, bool paged, const char *empty)
{
	if (c->open == 0) {
		html_printf(&r->body, "<p class=\"empty\">%s</p>\n", empty);
		return;
	}
	html_printf(&r->body, "<p id=\"%s\">%s</p>\n", id,
		    arena_printf(&r->arena, _("Open %lld. Overdue now: acknowledgement %lld, answer %lld. Due soon %lld."),
				 c->open, c->acknowledge_overdue, c->answer_overdue, c->due_soon));
	table_begin(r, "work-queue", arena_printf(&r->arena, "%s (%lld)", caption, c->open), false, 1, 1);
	html_printf(&r->body,
		    "<thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Submission"), _("Received"), _("Department"), _("Status"), _("Acknowledge by"),
		    _("Answer by"), _("Responsible"), _("Situation"), _("Remind"));
	for (int i = 0; i < n; i++) {
		const struct feedback_queue_item *it = &items[i];
		const char *cls = it->acknowledge_overdue || it->answer_overdue ? "overdue" : it->due_soon ? "due-soon" : "in-time";
		html_printf(&r->body,
			    "<tr class=\"%s\" data-id=\"%lld\"><th scope=\"row\"><a href=\"/synpunkter/%lld\">%s</a></th>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\"><time datetime=\"%s\">%s</time></td>"
			    "<td data-label=\"%s\"><time datetime=\"%s\">%s</time></td><td data-label=\"%s\">%s</td>"
			    "<td class=\"situation\" data-label=\"%s\">%s</td><td>",
			    cls, it->id, it->id, it->title, _("Received"), it->received_on, _("Department"),
			    it->department_name, _("Status"), submission_status_label(it->status), _("Acknowledge by"),
			    it->acknowledge_due, it->acknowledge_due, _("Answer by"), it->answer_due, it->answer_due,
			    _("Responsible"), it->responsible_name ? it->responsible_name : _("The department's officials"),
			    _("Situation"), situation_text(r, it));
		form_begin(r, arena_printf(&r->arena, "/synpunkter/%lld/paminn", it->id));
		html_printf(&r->body,
			    "<button type=\"submit\">%s<span class=\"visually-hidden\"> – %s</span></button>\n</form></td></tr>\n",
			    _("Remind"), it->title);
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
	if (!paged && c->open > n)
		html_printf(&r->body, "<p>%s</p>\n",
			    arena_printf(&r->arena, _("The %d newest of %lld are shown."), n, c->open));
}

/* Fills and prints one list; false when the store failed. page 0: the short, unpaged form. */
static bool queue_section(struct request *r, const char *today, const char *id, long long department_id,
			  const struct account *responsible, int page, const char *caption, const char *empty,
			  long long *total_out)
{
	int max = page ? QUEUE_PER_PAGE : QUEUE_SHORT_MAX;
	struct feedback_queue_item *items = arena_alloc(&r->arena, sizeof *items * (size_t)max);
	struct feedback_queue_query q = {
		.department_id = department_id,
		.responsible = responsible,
		.offset = page ? (long long)(page - 1) * QUEUE_PER_PAGE : 0,
		.max = max,
	};
	struct feedback_open_count counts;
	int n = feedback_queue_list(r->store, &r->arena, today, &q, items, NULL);
	if (n < 0 || feedback_open_counts(r->store, today, department_id, responsible, NULL, 0, &counts) < 0)
		return false;
	if (total_out)
		*total_out = counts.open;
	queue_table(r, id, caption, items, n, &counts, page > 0, empty);
	return true;
}

/* The official whose lists a coordinator or administrator chose to see (?official=ID): index in
 * officials, or -1 for nobody (also for anything that is not one of them, and for officials). */
static int chosen_official(struct request *r, const struct dialogue_contact *officials, int n)
{
	if (r->user->role < ROLE_COORDINATOR)
		return -1;
	long long id = id_param(param_get(&r->query, "official"));
	for (int i = 0; i < n; i++)
		if (officials[i].id == id)
			return i;
	return -1;
}

/* The department a coordinator or administrator chose (0: all); officials always get their own. */
static long long chosen_department(struct request *r, const struct department *deps, int ndeps)
{
	if (r->user->role < ROLE_COORDINATOR)
		return r->user->department_id;
	long long id = id_param(param_get(&r->query, "department"));
	for (int i = 0; i < ndeps; i++)
		if (deps[i].id == id)
			return id;
	return 0;
}

void page_work_queue(struct request *r)
{
	struct department *deps = arena_alloc(&r->arena, sizeof *deps * DEPARTMENTS_MAX);
	int ndeps = department_list(r->store, &r->arena, deps, DEPARTMENTS_MAX);
	if (ndeps < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	bool chooses = r->user->role >= ROLE_COORDINATOR;
	long long department_id = chosen_department(r, deps, ndeps);
	const char *department_name = NULL;
	for (int i = 0; i < ndeps; i++)
		if (deps[i].id == department_id)
			department_name = deps[i].name;
	char today[11];
	feedback_local_date(clock_now(), today);
	int page = request_page(r);

	page_begin(r, page > 1 ? arena_printf(&r->arena, _("Work queue, page %d"), page) : _("Work queue"));
	html_printf(&r->body, "<h1>%s</h1>\n", _("Work queue"));
	html_printf(&r->body, "<p>%s</p>\n",
		    arena_printf(&r->arena,
				 _("Every view and proposal not yet answered or closed, the newest first. A promise is "
				   "overdue from the day after its date while it is not kept; due soon is within %d working "
				   "days. Today is %s. Working days are Monday to Friday except public holidays and "
				   "midsummer, Christmas and New Year's eves. The statistics count the same way."),
				 FEEDBACK_REMIND_WORKDAYS, today));
	/* Coordinators follow up on everyone: whose lists are long, not only which department's. */
	struct dialogue_contact *officials = NULL;
	int nofficials = 0, official = -1;
	if (chooses) {
		officials = arena_alloc(&r->arena, sizeof *officials * OFFICIALS_MAX);
		nofficials = dialogue_contact_options(r->store, &r->arena, 0, officials, OFFICIALS_MAX);
		if (nofficials < 0) {
			respond_outcome(r, store_outcome(r->store), NULL);
			return;
		}
		official = chosen_official(r, officials, nofficials);
		struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(ndeps + 1));
		opts[0] = (struct form_option){"", _("All departments")};
		for (int i = 0; i < ndeps; i++)
			opts[i + 1] = (struct form_option){arena_printf(&r->arena, "%lld", deps[i].id), deps[i].name};
		struct form_option *people = arena_alloc(&r->arena, sizeof *people * (size_t)(nofficials + 1));
		people[0] = (struct form_option){"", _("– nobody in particular –")};
		for (int i = 0; i < nofficials; i++)
			people[i + 1] = (struct form_option){
				arena_printf(&r->arena, "%lld", officials[i].id),
				arena_printf(&r->arena, "%s (%s)", officials[i].name, officials[i].department_name)};
		html_printf(&r->body, "<form method=\"get\" action=\"/arbetsko\" aria-label=\"%s\">\n",
			    _("Choose a department or an official"));
		form_select(r, "department", _("Department"),
			    department_id ? arena_printf(&r->arena, "%lld", department_id) : "", opts, ndeps + 1, NULL,
			    false);
		form_select(r, "official", _("An official's submissions"),
			    official >= 0 ? arena_printf(&r->arena, "%lld", officials[official].id) : "", people,
			    nofficials + 1, NULL, false);
		html_printf(&r->body, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n",
			    _("Show"));
	}

	bool ok = true;
	const char *done = param_get(&r->query, "paminde");
	/* Saying "reminded" when nobody could be told would hide a department without officials. */
	long long told = id_param(param_get(&r->query, "antal"));
	if (done && *done && told > 0)
		view_status(r, arena_printf(&r->arena, P_("%lld person responsible has been reminded.",
							     "%lld people responsible have been reminded.", told),
					    told));
	else if (done && *done)
		html_printf(&r->body, "<p class=\"notice warning\" role=\"status\">%s</p>\n",
			    _("Nobody could be reminded: the department has no official with an account, and the "
			      "submission has no handler. Choose a handler on the submission's page."));
	/* Everyone on this page may be a submission's handler or a dialogue's contact official. */
	html_printf(&r->body, "<h2>%s</h2>\n", _("Submissions you are responsible for"));
	ok = ok && queue_section(r, today, "queue-yours", 0, r->user, 0, _("Open, yours"),
				 _("Nothing of yours is open."), NULL);

	if (official >= 0) {
		/* The rule the reminders follow for this person: handler, dialogue contact, or an
		 * official of the department where neither is set. The list already holds all it reads. */
		struct account who = {.id = officials[official].id, .role = ROLE_OFFICIAL,
				      .department_id = officials[official].department_id};
		const char *name = officials[official].name;
		html_printf(&r->body, "<h2>%s</h2>\n",
			    arena_printf(&r->arena, _("Submissions %s is responsible for"), name));
		ok = ok && queue_section(r, today, "queue-official", 0, &who, 0, arena_printf(&r->arena, _("Open, %s"), name),
					 arena_printf(&r->arena, _("Nothing is open for %s."), name), NULL);
	}

	if (!chooses && !department_id) {
		html_printf(&r->body, "<h2>%s</h2>\n<p>%s</p>\n", _("Your department"),
			    _("Your account does not belong to a department, so there is no department queue to show. An "
			      "administrator can set your department."));
	} else {
		const char *heading = department_name ? department_name : _("All departments");
		html_printf(&r->body, "<h2>%s</h2>\n", heading);
		long long total = 0;
		ok = ok && queue_section(r, today, "queue-department", department_id, NULL, page,
					 arena_printf(&r->arena, _("Open in %s"), heading), _("Nothing is open."), &total);
		if (ok) {
			struct buf query = BUF_INIT;
			if (chooses && department_id)
				query_add(&query, "department", arena_printf(&r->arena, "%lld", department_id));
			if (official >= 0)
				query_add(&query, "official", arena_printf(&r->arena, "%lld", officials[official].id));
			pagination(r, "/arbetsko", buf_str(&query), page, page_count(total, QUEUE_PER_PAGE));
			buf_free(&query);
		}
	}
	if (!ok) {
		/* The page is built in memory and not sent yet: the error page replaces it whole. */
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	page_end(r);
}

/* POST /synpunkter/{id}/paminn: tells the responsible officials now, then back to the queue. */
void page_submission_remind(struct request *r)
{
	long long id = route_id(r, 0);
	int told = 0;
	enum outcome o = feedback_remind(r->store, r->user, id, &told);
	if (o == OUTCOME_CONFLICT) {
		struct field_errors e = {0};
		field_conflict(&e, NULL, _("The submission is answered or closed: there is nothing to remind about."));
		request_back(r, "/arbetsko", _("Back to the work queue"));
		respond_outcome(r, o, &e);
		return;
	}
	if (o != OUTCOME_OK) {
		request_back(r, "/arbetsko", _("Back to the work queue"));
		respond_outcome(r, o, NULL);
		return;
	}
	response_redirect(r, arena_printf(&r->arena, "/arbetsko?paminde=%lld&antal=%d", id, told));
}

/* ---- The targets ----------------------------------------------------------------------------- */

/* The form (administrators) or the figures (coordinators). ack_in/answer_in: what was typed. */
static void targets_page(struct request *r, const struct feedback_targets *t, const char *ack_in,
			 const char *answer_in, const struct field_errors *e)
{
	bool admin = r->user->role >= ROLE_ADMIN;
	page_begin(r, e && e->n ? _("Error: Feedback targets") : _("Feedback targets"));
	html_printf(&r->body, "<h1>%s</h1>\n", _("Feedback targets"));
	const char *saved = param_get(&r->query, "sparat");
	if (saved && !(e && e->n))
		view_status(r, _("The targets have been saved. Submissions that arrive from now on follow them."));
	html_printf(&r->body, "<p>%s</p>\n",
		    _("The municipality promises to acknowledge and to answer every view and proposal within a number "
		      "of working days. Each submission gets its due dates when it arrives, by the targets then in "
		      "force; changing the targets does not move the dates of submissions already received."));
	char today[11], ack_due[11], answer_due[11];
	feedback_local_date(clock_now(), today);
	feedback_due_dates(t, today, ack_due, answer_due);
	if (!admin) {
		html_printf(&r->body,
			    "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n<p>%s</p>\n",
			    _("Acknowledge within"),
			    arena_printf(&r->arena, P_("%d working day", "%d working days", t->acknowledge_days),
					 t->acknowledge_days),
			    _("Answer within"),
			    arena_printf(&r->arena, P_("%d working day", "%d working days", t->answer_days), t->answer_days),
			    _("Only administrators can change the targets."));
	} else {
		form_error_summary(r, e);
		form_begin(r, "/admin/aterkoppling");
		form_text(r, "acknowledge_days", _("Acknowledge within (working days)"), ack_in,
			  _("A whole number from 1 to 100. The default is 5."), e, "text", "off");
		form_text(r, "answer_days", _("Answer within (working days)"), answer_in,
			  _("A whole number from 1 to 100, no less than the time to acknowledge. The default is 20."), e,
			  "text", "off");
		form_end(r, _("Save targets"));
	}
	html_printf(&r->body, "<p>%s</p>\n",
		    arena_printf(&r->arena,
				 _("With the targets in force, a submission that arrives today (%s) is to be acknowledged by "
				   "%s and answered by %s."),
				 today, ack_due, answer_due));
	html_printf(&r->body, "<p>%s</p>\n",
		    arena_printf(&r->arena,
				 _("The responsible officials get a reminder %d working days before a due date, and the "
				   "coordinators are told on the first working day after it."),
				 FEEDBACK_REMIND_WORKDAYS));
	page_end(r);
}

void page_admin_feedback_targets(struct request *r)
{
	struct feedback_targets t;
	if (feedback_targets_load(r->store, &t) != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	targets_page(r, &t, arena_printf(&r->arena, "%d", t.acknowledge_days),
		     arena_printf(&r->arena, "%d", t.answer_days), NULL);
}

void page_admin_feedback_targets_save(struct request *r)
{
	/* What was typed is shown again as typed; the domain decides what is a target. */
	const char *ack_in = form_value(r, "acknowledge_days");
	const char *answer_in = form_value(r, "answer_days");
	struct field_errors e = {0};
	struct feedback_targets t = {0, 0};
	feedback_target_parse(ack_in, &t.acknowledge_days);
	feedback_target_parse(answer_in, &t.answer_days);
	enum outcome o = feedback_targets_save(r->store, &t, r->user->id, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, "/admin/aterkoppling?sparat=1");
		return;
	}
	struct feedback_targets current;
	if (o == OUTCOME_INVALID)
		o = feedback_targets_load(r->store, &current);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, &e);
		return;
	}
	r->status = 422;
	targets_page(r, &current, ack_in, answer_in, &e);
}
