/* submission_pages: views and proposals — the form, one submission's page with its handling and
 * answer, the public list, one's own list, the dialogue page's section and the feed of answers. */
#include "web/pages.h"
#include "base/text.h"
#include "web/view.h"
#include "web/atom.h"
#include "web/form.h"
#include "web/layout.h"
#include "base/clock.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/account.h"
#include "domain/feedback_clock.h"
#include "domain/municipality.h"
#include "domain/submission.h"
#include <stdio.h>
#include <string.h>

#define PER_PAGE 20
/* The dialogue page shows this many; the rest are a link away (a dialogue may have thousands). */
#define SECTION_MAX 20
#define FEED_MAX 50
#define EVENTS_MAX 200
#define CHOICES_MAX 300
#define HANDLERS_MAX 200

/* ---- Small pieces ---------------------------------------------------------------------------- */

/* The local date of an ISO time, as <time>, or `none`. */
static void print_local_day(struct request *r, const char *iso, const char *none)
{
	char day[11];
	submission_local_date(iso, day);
	view_day(r, day, none);
}

static const char *local_day(struct request *r, const char *iso)
{
	char day[11];
	submission_local_date(iso, day);
	return arena_strdup(&r->arena, day);
}

/* Who it is from, as this reader may know it: the organisation (unless it is hidden from them),
 * never a private person's name; one who erased their account is a former user. */
static const char *from_label(const struct request *r, const struct submission *s)
{
	const char *name = submission_organisation_shown(s, r->user);
	if (name)
		return name;
	if (s->organisation_id)
		return _("An organisation");
	return s->author_erased ? _("A former user") : _("A private person");
}

static bool manages(const struct request *r, const struct submission *s)
{
	return r->user && account_manages_department(r->user, s->department_id);
}

static const char *submission_href(struct request *r, long long id)
{
	return arena_printf(&r->arena, "/synpunkter/%lld", id);
}

/* The tags that tell staff and authors a submission is not public, and why. */
static void visibility_tags(struct request *r, const struct submission *s)
{
	if (s->hidden_at)
		html_printf(&r->body, " <span class=\"tag warning\">%s</span>", _("Hidden"));
	else if (!s->publish_consent)
		html_printf(&r->body, " <span class=\"tag\">%s</span>", _("Not published"));
}

static void status_tag(struct request *r, enum submission_status status)
{
	html_printf(&r->body, "<span class=\"tag status-%s\">%s</span>", submission_status_code(status),
		    submission_status_label(status));
}

/* ---- The form --------------------------------------------------------------------------------- */

/* What the form shows: the typed values, as strings, kept across an error. */
struct new_form {
	long long dialogue_id;
	const char *department_id, *on_behalf, *kind, *title, *body;
	bool publish;
};

/* Fills f from the form (POST) or the address (GET). */
static void new_form_read(struct request *r, struct new_form *f, bool posted)
{
	memset(f, 0, sizeof *f);
	const struct params *p = posted ? &r->form : &r->query;
	f->dialogue_id = id_param(param_get(p, "dialog"));
	const char *dep = param_get(p, "department_id");
	f->department_id = dep ? dep : "";
	const char *who = param_get(p, "on_behalf");
	f->on_behalf = who ? who : "";
	const char *kind = param_get(p, "kind");
	f->kind = kind ? kind : "";
	f->title = posted ? form_value(r, "title") : "";
	f->body = posted ? form_value(r, "body") : "";
	f->publish = posted && param_get(&r->form, "publish") != NULL;
}

static void dialogue_box(struct request *r, const struct sub_dialogue *d, const struct field_errors *e)
{
	html_printf(&r->body, "<section class=\"dialogue-box\" id=\"dialogue_id\" aria-labelledby=\"dialogue-heading\">\n"
			      "<h2 id=\"dialogue-heading\">%s <a href=\"/dialoger/%lld\">%s</a></h2>\n",
		    _("In the dialogue"), d->id, d->title);
	const char *error = field_error_for(e, "dialogue_id");
	if (error)
		html_printf(&r->body, "<p class=\"error\"><span class=\"visually-hidden\">%s </span>%s</p>\n", _("Error:"),
			    error);
	if (!text_blank(d->question))
		html_printf(&r->body, "<p class=\"lead\">%s</p>\n", d->question);
	html_printf(&r->body, "<dl class=\"details\">\n<dt>%s</dt><dd>%s</dd>\n", _("Department"), d->department_name);
	if (!text_blank(d->can_influence)) {
		html_printf(&r->body, "<dt>%s</dt><dd>", _("What you can influence"));
		view_paragraphs(r, d->can_influence);
		html_printf(&r->body, "</dd>\n");
	}
	if (!text_blank(d->cannot_influence)) {
		html_printf(&r->body, "<dt>%s</dt><dd>", _("What is already decided or outside the municipality's mandate"));
		view_paragraphs(r, d->cannot_influence);
		html_printf(&r->body, "</dd>\n");
	}
	if (d->closes_on && *d->closes_on) {
		html_printf(&r->body, "<dt>%s</dt><dd>", _("Open until"));
		view_day(r, d->closes_on, "");
		html_printf(&r->body, "</dd>\n");
	}
	html_printf(&r->body, "</dl>\n</section>\n");
}

static void new_form_page(struct request *r, const struct new_form *f, const struct sub_dialogue *d,
			  const struct field_errors *e)
{
	const char *heading = _("Send a view or proposal");
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), heading) : heading);
	html_printf(&r->body, "<h1>%s</h1>\n", heading);
	form_error_summary(r, e);
	struct feedback_targets t;
	feedback_targets_load(r->store, &t);
	/* The targets may be one day: each count is its own plural. */
	const char *ack = arena_printf(&r->arena, P_("%d working day", "%d working days", t.acknowledge_days),
				       t.acknowledge_days);
	const char *answer = arena_printf(&r->arena, P_("%d working day", "%d working days", t.answer_days),
					  t.answer_days);
	char promise[300];
	snprintf(promise, sizeof promise,
		 _("The municipality acknowledges every view and proposal within %s and answers within %s."), ack, answer);
	html_printf(&r->body, "<p class=\"lead\">%s</p>\n", promise);
	if (d)
		dialogue_box(r, d, e);
	form_begin(r, "/synpunkter/ny");
	if (d) {
		html_printf(&r->body, "<input type=\"hidden\" name=\"dialog\" value=\"%lld\">\n", d->id);
	} else {
		struct sub_choice deps[CHOICES_MAX];
		int n = submission_departments(r->store, &r->arena, true, deps, CHOICES_MAX);
		if (n < 0)
			n = 0;
		struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(n + 1));
		opts[0] = (struct form_option){"", _("– choose –")};
		for (int i = 0; i < n; i++)
			opts[i + 1] = (struct form_option){arena_printf(&r->arena, "%lld", deps[i].id), deps[i].name};
		form_select(r, "department_id", _("Which department is it for?"), f->department_id, opts, n + 1, e, false);
	}

	struct sub_choice orgs[CHOICES_MAX];
	int norgs = submission_author_organisations(r->store, &r->arena, r->user->id, orgs, CHOICES_MAX);
	if (norgs > 0) {
		struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(norgs + 1));
		for (int i = 0; i < norgs; i++)
			opts[i] = (struct form_option){arena_printf(&r->arena, "%lld", orgs[i].id), orgs[i].name};
		opts[norgs] = (struct form_option){"me", _("Myself, as a private person")};
		form_radios(r, "on_behalf", _("Who is it from?"),
			    _("You may write on behalf of an organisation you represent, or for yourself."), f->on_behalf,
			    opts, norgs + 1, e);
	} else {
		/* Someone who represents no organisation writes for themself; a value posted otherwise is
		 * still checked by the domain. */
		html_printf(&r->body, "<input type=\"hidden\" name=\"on_behalf\" value=\"me\">\n");
		const char *error = field_error_for(e, "on_behalf");
		if (error)
			html_printf(&r->body, "<p class=\"error\" id=\"on_behalf\">%s</p>\n", error);
	}
	const struct form_option kinds[] = {
		{"view", _("A view: what you think about something")},
		{"proposal", _("A proposal: something you suggest the municipality does")},
	};
	form_radios(r, "kind", _("Is it a view or a proposal?"), NULL, f->kind, kinds, 2, e);
	form_text(r, "title", _("Title"), f->title, _("A short summary, at most 200 characters."), e, "text", "off");
	form_textarea(r, "body", _("Your view or proposal"), f->body, _("At most 20,000 characters."), e);

	html_printf(&r->body,
		    "<fieldset class=\"consent\" aria-describedby=\"publish-hint\">\n<legend>%s</legend>\n"
		    "<p class=\"hint\" id=\"publish-hint\">%s</p>\n",
		    _("Publishing"),
		    _("If you agree, the title, the text and the municipality's answer are shown on the municipality's "
		      "website and in its open data, together with the organisation's name when you write on behalf of "
		      "one. A private person's name is never shown. If you do not agree, only you, your organisation's "
		      "representatives and the municipality's staff can read it — though, as with all letters to a "
		      "public authority, anyone may ask to see it under the principle of public access."));
	form_checkbox(r, "publish", _("Yes, publish my view or proposal"), f->publish);
	html_printf(&r->body, "</fieldset>\n");
	form_end(r, _("Send"));
	html_printf(&r->body, "<p><a href=\"%s\">%s</a></p>\n",
		    d ? arena_printf(&r->arena, "/dialoger/%lld", d->id) : "/synpunkter", _("Cancel"));
	page_end(r);
}

/* The dialogue named by the form, when it is one the person may write in. A draft (or missing)
 * dialogue is "not found"; a planned or closed one says so. False when a page was sent. */
static bool form_dialogue(struct request *r, long long id, struct sub_dialogue *d)
{
	enum outcome o = submission_dialogue(r->store, &r->arena, id, d);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return false;
	}
	if (!d->open) {
		r->status = 409;
		buf_reset(&r->body);
		page_begin(r, _("The dialogue is not open"));
		html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/dialoger/%lld\">%s</a> · <a href=\"/synpunkter/ny\">%s</a></p>\n",
			    _("The dialogue is not open"),
			    _("This dialogue does not take views and proposals just now. You can still send one to the "
			      "department on its own."),
			    d->id, d->title, _("Send a view or proposal on its own"));
		page_end(r);
		return false;
	}
	return true;
}

void page_submission_new(struct request *r)
{
	struct new_form f;
	new_form_read(r, &f, false);
	struct sub_dialogue d;
	if (f.dialogue_id && !form_dialogue(r, f.dialogue_id, &d))
		return;
	new_form_page(r, &f, f.dialogue_id ? &d : NULL, NULL);
}

/* The error summary lists problems in the order the fields come on the page. */
static void errors_in_page_order(struct field_errors *e)
{
	static const char *const order[] = {"dialogue_id", "department_id", "on_behalf", "kind", "title", "body"};
	struct field_errors sorted = {0};
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		for (int j = 0; j < e->n; j++)
			if (e->items[j].field && strcmp(e->items[j].field, order[i]) == 0)
				sorted.items[sorted.n++] = e->items[j];
	for (int j = 0; j < e->n; j++) {
		bool known = false;
		for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
			known = known || (e->items[j].field && strcmp(e->items[j].field, order[i]) == 0);
		if (!known)
			sorted.items[sorted.n++] = e->items[j];
	}
	*e = sorted;
}

void page_submission_create(struct request *r)
{
	struct new_form f;
	new_form_read(r, &f, true);
	struct field_errors e = {0};
	struct submission_input in = {0};
	in.dialogue_id = f.dialogue_id;
	in.department_id = f.dialogue_id ? 0 : id_param(f.department_id);
	in.kind = f.kind;
	in.title = f.title;
	in.body = f.body;
	in.publish_consent = f.publish;
	if (strcmp(f.on_behalf, "me") == 0)
		in.organisation_id = 0;
	else if (id_param(f.on_behalf) > 0)
		in.organisation_id = id_param(f.on_behalf);
	else
		field_error(&e, "on_behalf", _("Choose who the view or proposal is from."));

	struct sub_dialogue d;
	if (f.dialogue_id) {
		enum outcome o = submission_dialogue(r->store, &r->arena, f.dialogue_id, &d);
		if (o != OUTCOME_OK) {
			respond_outcome(r, o, NULL);
			return;
		}
	}
	long long id = 0;
	enum outcome o = OUTCOME_INVALID;
	if (!e.n)
		o = submission_create(r->store, r->user, &in, &id, &e);
	else
		submission_check_text(&r->arena, &in, &e); /* the rest too, so every problem is said at once */
	if (o == OUTCOME_INVALID) {
		r->status = 422;
		errors_in_page_order(&e);
		new_form_page(r, &f, f.dialogue_id ? &d : NULL, &e);
		return;
	}
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, &e);
		return;
	}
	response_redirect(r, arena_printf(&r->arena, "/synpunkter/%lld?skickad=1", id));
}

/* ---- One submission --------------------------------------------------------------------------- */

/* What the handling forms keep after an error. */
struct handling_form {
	struct field_errors e;
	const char *status, *note, *case_number, *handler, *answer, *reason;
};

static const char *outcome_text(const char *code)
{
	static const struct {
		const char *code, *msgid;
	} texts[] = {
		{"status", N_("The status has been changed.")},
		{"oforandrat", N_("Nothing was changed: the form said what is already saved.")},
		{"arende", N_("The case details have been saved.")},
		{"svar", N_("The answer has been saved and sent to the person who wrote the view or proposal.")},
		{"svar-andrat", N_("The changed answer has been saved and sent again. The date of the first answer is kept, "
				   "so the time to answer is still counted to it.")},
		{"dold", N_("The view or proposal is now hidden from the public. The person who wrote it has been told "
			    "why.")},
		{"visad", N_("The view or proposal is shown publicly again.")},
	};
	for (size_t i = 0; code && i < sizeof texts / sizeof texts[0]; i++)
		if (strcmp(texts[i].code, code) == 0)
			return _(texts[i].msgid);
	return NULL;
}

/* The status history: date and status for everyone; the note for the writer's side and the
 * handlers; who did it for the handlers only (officials' and writers' names are personal data). */
static void print_history(struct request *r, const struct submission_event *ev, int n, bool handler, bool author)
{
	html_printf(&r->body, "<h2 id=\"historik\">%s</h2>\n", _("What has happened"));
	table_begin(r, NULL, _("The status history"), true, 1, 1);
	html_printf(&r->body, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>", _("Date"), _("Status"));
	if (handler)
		html_printf(&r->body, "<th scope=\"col\">%s</th>", _("By"));
	if (handler || author)
		html_printf(&r->body, "<th scope=\"col\">%s</th>", _("Note"));
	html_printf(&r->body, "</tr></thead>\n<tbody>\n");
	bool answered_before = false;
	for (int i = 0; i < n; i++) {
		const struct submission_event *e = &ev[i];
		html_printf(&r->body, "<tr><td data-label=\"%s\">", _("Date"));
		print_local_day(r, e->at, "");
		const char *label = submission_status_label(e->status);
		if (e->status == SUBMISSION_ANSWERED) {
			if (answered_before)
				label = _("Answer changed");
			answered_before = true;
		}
		html_printf(&r->body, "</td><td data-label=\"%s\">%s</td>", _("Status"), label);
		if (handler)
			html_printf(&r->body, "<td data-label=\"%s\">%s</td>", _("By"), e->account_name ? e->account_name : "–");
		if (handler || author)
			html_printf(&r->body, "<td data-label=\"%s\">%s</td>", _("Note"), e->note ? e->note : "");
		html_printf(&r->body, "</tr>\n");
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
}

/* The one handling form of the department's handlers: status, case details and answer, saved
 * together by one button (submission_handle), so nothing typed in one part is lost to another. */
static void handling_forms(struct request *r, const struct submission *s, const struct handling_form *h)
{
	const struct field_errors *e = h ? &h->e : NULL;
	html_printf(&r->body, "<section class=\"manage\" id=\"behandling\" aria-labelledby=\"handling-heading\">\n"
			      "<h2 id=\"handling-heading\">%s</h2>\n",
		    _("Handle the view or proposal"));
	html_printf(&r->body, "<p>%s</p>\n",
		    s->publish_consent ? _("The writer agreed to publication: once answered, the answer is public too.")
				       : _("The writer did not agree to publication: only the writer, the organisation's "
					   "representatives and the staff can read it and its answer."));
	form_begin(r, arena_printf(&r->arena, "/synpunkter/%lld/behandling", s->id));

	/* Status: keep it, or one of the moves the present status allows. */
	struct form_option opts[5];
	int n = 0;
	opts[n++] = (struct form_option){"", arena_printf(&r->arena, _("Keep the status (%s)"),
							  submission_status_label(s->status))};
	if (submission_status_move_allowed(s->status, SUBMISSION_ACKNOWLEDGED))
		opts[n++] = (struct form_option){submission_status_code(SUBMISSION_ACKNOWLEDGED),
						 _("Acknowledged: tell the writer it has been received")};
	if (submission_status_move_allowed(s->status, SUBMISSION_IN_PROGRESS))
		opts[n++] = (struct form_option){submission_status_code(SUBMISSION_IN_PROGRESS), _("In progress")};
	if (submission_status_move_allowed(s->status, SUBMISSION_CLOSED))
		opts[n++] = (struct form_option){submission_status_code(SUBMISSION_CLOSED),
						 _("Closed without (further) answer")};
	/* A move that is not possible now (the form was older than the case) stays chosen, with its
	 * error beside it: nothing typed is dropped. */
	enum submission_status typed = submission_status_from_code(h ? h->status : NULL);
	bool offered = !typed;
	for (int i = 1; typed && i < n; i++)
		offered |= strcmp(opts[i].value, h->status) == 0;
	if (!offered)
		opts[n++] = (struct form_option){submission_status_code(typed), submission_status_label(typed)};
	form_radios(r, "status", _("Status"), NULL, h && h->status ? h->status : "", opts, n, e);
	form_textarea(r, "note", _("Note"), h ? h->note : "",
		      _("Required when closing: the writer is told the reason. Shown to the writer and the staff."), e);

	/* The example uses the municipality's own prefix, so the hint looks like the numbers it uses. */
	struct municipality m;
	municipality_load(r->store, &r->arena, &m);
	time_t now = clock_now();
	now += clock_stockholm_offset(now);
	struct tm tm;
	gmtime_r(&now, &tm);
	form_text(r, "case_number", _("Case number (diarienummer)"), h && h->case_number ? h->case_number : s->case_number,
		  arena_printf(&r->arena, _("As in the municipality's register, for example %s %d/123. At most 50 characters."),
			       *m.case_prefix ? m.case_prefix : "KS", tm.tm_year + 1900),
		  e, "text", "off");
	struct account_choice people[HANDLERS_MAX];
	int np = account_handlers(r->store, &r->arena, s->department_id, people, HANDLERS_MAX);
	if (np < 0)
		np = 0;
	struct form_option *hopts = arena_alloc(&r->arena, sizeof *hopts * (size_t)(np + 2));
	hopts[0] = (struct form_option){"", s->dialogue_id ? _("The dialogue's contact person") : _("The department's officials")};
	for (int i = 0; i < np; i++)
		hopts[i + 1] = (struct form_option){arena_printf(&r->arena, "%lld", people[i].id), people[i].name};
	int nh = np + 1;
	const char *current = h && h->handler ? h->handler
			      : s->handler_account_id ? arena_printf(&r->arena, "%lld", s->handler_account_id)
						      : "";
	/* A choice the list no longer offers stays chosen, with its error, rather than silently
	 * turning into the default. */
	bool listed = false;
	for (int i = 0; i < nh; i++)
		listed |= strcmp(hopts[i].value, current) == 0;
	if (!listed)
		hopts[nh++] = (struct form_option){current, _("The person chosen (not possible)")};
	form_select(r, "handler", _("Responsible"), current, hopts, nh, e, false);

	const char *hint = s->answer
				   ? arena_printf(&r->arena, _("The answer was given on %s. Changing it keeps that date, and the "
							     "writer is sent the new answer."),
						  local_day(r, s->answered_at))
				   : _("Leave it empty to answer later. The answer is sent to the writer and, when the view or "
				       "proposal is published, shown publicly. At most 20,000 characters.");
	form_textarea(r, "answer", _("The municipality's answer"), h && h->answer ? h->answer : s->answer, hint, e);
	form_end(r, _("Save"));
	html_printf(&r->body, "</section>\n");
}

/* A coordinator's moderation: hide a public one with a reason, or show a hidden one again. */
static void moderation_form(struct request *r, const struct submission *s, const struct handling_form *h)
{
	if (!s->hidden_at && !submission_is_public(s))
		return;
	html_printf(&r->body, "<section class=\"manage\" id=\"moderering\" aria-labelledby=\"moderation-heading\">\n"
			      "<h2 id=\"moderation-heading\">%s</h2>\n",
		    _("Moderation"));
	form_begin(r, arena_printf(&r->arena, "/synpunkter/%lld/dolj", s->id));
	if (s->hidden_at) {
		html_printf(&r->body, "<input type=\"hidden\" name=\"action\" value=\"show\">\n<p>%s</p>\n",
			    _("It is hidden from the public. Showing it again is recorded in the log."));
		form_end(r, _("Show it publicly again"));
	} else {
		form_textarea(r, "reason", _("Reason for hiding it"), h ? h->reason : "",
			      _("For example: it names a private person or breaks the rules for the site. The reason is "
				"kept in the log and sent to the writer."),
			      h ? &h->e : NULL);
		form_end(r, _("Hide from the public"));
	}
	html_printf(&r->body, "</section>\n");
}

static void submission_page(struct request *r, const struct submission *s, const struct handling_form *h)
{
	bool handler = manages(r, s);
	bool author = r->user && s->account_id == r->user->id;
	bool own = author || (r->user && s->organisation_id && account_represents(r->store, r->user->id, s->organisation_id));
	const char *title = h && h->e.n ? arena_printf(&r->arena, "%s %s", _("Error:"), s->title) : s->title;
	page_begin(r, title);
	html_printf(&r->body, "<p class=\"back\"><a href=\"/synpunkter\">%s</a></p>\n", _("All views and proposals"));
	html_printf(&r->body, "<p class=\"meta\"><span class=\"tag\">%s</span> ", submission_kind_label(s->kind));
	status_tag(r, s->status);
	visibility_tags(r, s);
	html_printf(&r->body, "</p>\n<h1>%s</h1>\n", s->title);
	if (h)
		form_error_summary(r, &h->e);
	if (author && param_get(&r->query, "skickad")) {
		char text[600];
		snprintf(text, sizeof text,
			 _("Thank you! Your view or proposal has been received by %s. You will get an acknowledgement by %s "
			   "and an answer by %s at the latest."),
			 s->department_name, s->acknowledge_due, s->answer_due);
		view_status(r, text);
	}
	const char *outcome = outcome_text(param_get(&r->query, "klart"));
	if (outcome && (handler || request_role_at_least(r, ROLE_COORDINATOR)))
		view_status(r, outcome);
	if (s->hidden_at && (handler || own)) {
		html_printf(&r->body, "<p class=\"notice warning\">%s</p>\n",
			    _("The municipality's coordinator has hidden this view or proposal from the public. The reason:"));
		if (s->hidden_reason)
			html_printf(&r->body, "<blockquote>%s</blockquote>\n", s->hidden_reason);
	} else if (!s->publish_consent) {
		html_printf(&r->body, "<p class=\"notice\">%s</p>\n",
			    _("Not published: only the writer, the organisation's representatives and the municipality's "
			      "staff can read this."));
	}

	html_printf(&r->body, "<dl class=\"details\">\n<dt>%s</dt><dd>", _("From"));
	if (submission_organisation_shown(s, r->user))
		html_printf(&r->body, "<a href=\"/organisationer/%lld\">%s</a>", s->organisation_id, s->organisation_name);
	else
		html_printf(&r->body, "%s", from_label(r, s));
	html_printf(&r->body, "</dd>\n");
	if (handler)
		html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", _("Written by"),
			    s->author_name ? s->author_name : s->author_erased ? _("A former user") : "–");
	if (s->dialogue_id)
		html_printf(&r->body, "<dt>%s</dt><dd><a href=\"/dialoger/%lld\">%s</a></dd>\n", _("Dialogue"), s->dialogue_id,
			    s->dialogue_title);
	html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", _("Department"), s->department_name);
	html_printf(&r->body, "<dt>%s</dt><dd>", _("Received"));
	view_day(r, s->received_on, "");
	html_printf(&r->body, "</dd>\n<dt>%s</dt><dd>", _("To be acknowledged by"));
	view_day(r, s->acknowledge_due, "");
	if (s->acknowledged_at) {
		html_printf(&r->body, " (%s ", _("acknowledged"));
		print_local_day(r, s->acknowledged_at, "");
		html_printf(&r->body, ")");
	}
	html_printf(&r->body, "</dd>\n<dt>%s</dt><dd>", _("To be answered by"));
	view_day(r, s->answer_due, "");
	if (s->answered_on) {
		html_printf(&r->body, " (%s ", _("answered"));
		view_day(r, s->answered_on, "");
		html_printf(&r->body, ")");
	}
	html_printf(&r->body, "</dd>\n<dt>%s</dt><dd>%s</dd>\n", _("Status"), submission_status_label(s->status));
	if (s->case_number)
		html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", _("Case number"), s->case_number);
	if (handler)
		html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", _("Responsible"),
			    s->handler_name ? s->handler_name
			    : s->dialogue_id ? _("The dialogue's contact person")
					     : _("The department's officials"));
	html_printf(&r->body, "</dl>\n<div class=\"submission-text\">\n");
	view_paragraphs(r, s->body);
	html_printf(&r->body, "</div>\n");

	struct submission_event *ev = arena_alloc(&r->arena, sizeof *ev * EVENTS_MAX);
	int nev = submission_events(r->store, &r->arena, s->id, ev, EVENTS_MAX);
	if (nev < 0)
		nev = 0;
	if (s->answer) {
		html_printf(&r->body, "<section class=\"answer\" aria-labelledby=\"answer-heading\">\n<h2 id=\"answer-heading\">%s</h2>\n"
				      "<p class=\"meta\">%s, ",
			    _("The municipality's answer"), s->department_name);
		view_day(r, s->answered_on, "");
		if (s->answer_workdays >= 0) {
			char days[120];
			snprintf(days, sizeof days, P_("%d working day after it arrived", "%d working days after it arrived",
						       s->answer_workdays),
				 s->answer_workdays);
			html_printf(&r->body, " (%s)", days);
		}
		int answers = 0;
		for (int i = 0; i < nev; i++)
			answers += ev[i].status == SUBMISSION_ANSWERED;
		if (answers > 1)
			html_printf(&r->body, ". %s", _("The answer has been changed since; the date is when it was first given."));
		html_printf(&r->body, "</p>\n");
		view_paragraphs(r, s->answer);
		html_printf(&r->body, "</section>\n");
	}
	print_history(r, ev, nev, handler, own);
	if (handler)
		handling_forms(r, s, h);
	if (request_role_at_least(r, ROLE_COORDINATOR))
		moderation_form(r, s, h);
	page_end(r);
}

/* Loads the submission for the one who asks; false (with the response sent) when it cannot be
 * read or is none of theirs (404). */
static bool load_visible(struct request *r, long long id, struct submission *s)
{
	enum outcome o = id ? submission_load_for(r->store, &r->arena, r->user, id, s) : OUTCOME_NOT_FOUND;
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return false;
	}
	return true;
}

void page_submission_show(struct request *r)
{
	struct submission s;
	if (!load_visible(r, route_id(r, 0), &s))
		return;
	submission_page(r, &s, NULL);
}

/* Before a handling POST is read: the submission must be one the person may see (else 404) and
 * its department one they handle (else 403), whatever the form holds. */
static bool may_handle(struct request *r, long long id)
{
	struct submission s;
	if (!load_visible(r, id, &s))
		return false;
	if (!manages(r, &s)) {
		respond_forbidden(r);
		return false;
	}
	return true;
}

/* Answers a handling POST: on success back to the page with the outcome, else the page again
 * with the error on its field (the rest of what was typed kept). A conflict's message is shown on
 * conflict_field, the form it concerns. */
static void handling_result(struct request *r, long long id, enum outcome rc, struct handling_form *h,
			    const char *conflict_field, const char *outcome, const char *anchor)
{
	if (rc == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/synpunkter/%lld?klart=%s#%s", id, outcome, anchor));
		return;
	}
	if (rc != OUTCOME_INVALID && !(rc == OUTCOME_CONFLICT && conflict_field)) {
		respond_outcome(r, rc, &h->e);
		return;
	}
	for (int i = 0; rc == OUTCOME_CONFLICT && i < h->e.n; i++)
		if (!h->e.items[i].field)
			h->e.items[i].field = conflict_field;
	r->status = rc == OUTCOME_INVALID ? 422 : 409;
	struct submission s;
	if (!load_visible(r, id, &s))
		return;
	buf_reset(&r->body);
	submission_page(r, &s, h);
}

/* The start of every handling POST: the id from the path, an empty form, and whether the person
 * may handle it (when not, the answer is already sent). */
static bool handling_begin(struct request *r, long long *id, struct handling_form *h)
{
	*id = route_id(r, 0);
	memset(h, 0, sizeof *h);
	return may_handle(r, *id);
}

void page_submission_status(struct request *r)
{
	long long id = route_id(r, 0);
	struct handling_form h;
	memset(&h, 0, sizeof h);
	if (!may_handle(r, id))
		return;
	const char *what = form_value(r, "what");
	enum outcome rc;
	if (strcmp(what, "case") == 0) {
		h.case_number = form_value(r, "case_number");
		h.handler = form_value(r, "handler");
		long long handler = id_param(h.handler);
		if (*h.handler && !handler) {
			field_error(&h.e, "handler", _("Choose an official of the department or a coordinator."));
			rc = OUTCOME_INVALID;
		} else {
			rc = submission_set_case(r->store, r->user, id, h.case_number, handler, &h.e);
		}
		handling_result(r, id, rc, &h, NULL, "arende", "behandling");
		return;
	}
	h.status = form_value(r, "status");
	h.note = form_value(r, "note");
	rc = submission_set_status(r->store, r->user, id, submission_status_from_code(h.status), h.note, &h.e);
	handling_result(r, id, rc, &h, "status", "status", "historik");
}

void page_submission_handle(struct request *r)
{
	long long id;
	struct handling_form h;
	if (!handling_begin(r, &id, &h))
		return;
	h.status = form_value(r, "status");
	h.note = form_value(r, "note");
	h.case_number = form_value(r, "case_number");
	h.handler = form_value(r, "handler");
	h.answer = form_value(r, "answer");
	long long handler = id_param(h.handler);
	struct submission_handling in = {
		.status = h.status,
		.note = h.note,
		.case_number = h.case_number,
		.handler_account_id = *h.handler && !handler ? -1 : handler,
		.answer = h.answer,
	};
	struct submission_handled done;
	enum outcome rc = submission_handle(r->store, r->user, id, &in, &done, &h.e);
	const char *outcome = done.answer ? (done.answer_edited ? "svar-andrat" : "svar")
			      : done.status ? "status"
			      : done.details ? "arende"
					     : "oforandrat";
	handling_result(r, id, rc, &h, NULL, outcome, done.answer ? "answer-heading" : "behandling");
}

void page_submission_answer(struct request *r)
{
	long long id;
	struct handling_form h;
	if (!handling_begin(r, &id, &h))
		return;
	h.answer = form_value(r, "answer");
	bool edited = false;
	enum outcome rc = submission_answer(r->store, r->user, id, h.answer, &edited, &h.e);
	handling_result(r, id, rc, &h, NULL, edited ? "svar-andrat" : "svar", "answer-heading");
}

void page_submission_hide(struct request *r)
{
	long long id = route_id(r, 0);
	if (!may_handle(r, id))
		return;
	struct handling_form h;
	memset(&h, 0, sizeof h);
	enum outcome rc;
	bool show = strcmp(form_value(r, "action"), "show") == 0;
	if (show) {
		rc = submission_unhide(r->store, r->user, id, &h.e);
	} else {
		h.reason = form_value(r, "reason");
		rc = submission_hide(r->store, r->user, id, h.reason, &h.e);
	}
	handling_result(r, id, rc, &h, "moderering", show ? "visad" : "dold", "moderering");
}

/* ---- Lists ------------------------------------------------------------------------------------- */

/* One submission in a list: title, kind, who from, where to, when, status. */
static void list_item(struct request *r, const struct submission *s, bool show_visibility)
{
	html_printf(&r->body, "<li>\n<h3><a href=\"/synpunkter/%lld\">%s</a>", s->id, s->title);
	if (show_visibility)
		visibility_tags(r, s);
	html_printf(&r->body, "</h3>\n<p class=\"meta\">%s · %s · %s · ", submission_kind_label(s->kind), from_label(r, s),
		    s->department_name);
	if (s->dialogue_id)
		html_printf(&r->body, "%s <a href=\"/dialoger/%lld\">%s</a> · ", _("in"), s->dialogue_id, s->dialogue_title);
	html_printf(&r->body, "%s ", _("received"));
	view_day(r, s->received_on, "");
	html_printf(&r->body, " · ");
	status_tag(r, s->status);
	html_printf(&r->body, "</p>\n</li>\n");
}

/* Every status, for the list's filter, labelled in the request's language. */
static const struct form_option *status_options(struct request *r)
{
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * SUBMISSION_STATUS_COUNT);
	for (int i = 0; i < SUBMISSION_STATUS_COUNT; i++) {
		enum submission_status st = (enum submission_status)(SUBMISSION_RECEIVED + i);
		opts[i] = (struct form_option){submission_status_code(st), submission_status_label(st)};
	}
	return opts;
}

void page_submission_list(struct request *r)
{
	struct submission_filter f = {0};
	f.dialogue_id = id_param(param_get(&r->query, "dialog"));
	f.department_id = id_param(param_get(&r->query, "department"));
	f.status = submission_status_from_code(param_get(&r->query, "status"));
	bool staff = request_role_at_least(r, ROLE_OFFICIAL);
	f.manager = staff ? r->user : NULL;
	f.page = request_page(r);
	f.per_page = PER_PAGE;
	struct submission *items = arena_alloc(&r->arena, sizeof *items * PER_PAGE);
	long long total = 0;
	int n = submission_list(r->store, &r->arena, &f, items, &total);
	int pages = page_count(total, PER_PAGE);
	if (n >= 0 && total > 0 && f.page > pages) {
		f.page = pages;
		n = submission_list(r->store, &r->arena, &f, items, &total);
	}
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	struct buf query = BUF_INIT;
	const char *dialog = f.dialogue_id ? arena_printf(&r->arena, "%lld", f.dialogue_id) : NULL;
	const char *department = f.department_id ? arena_printf(&r->arena, "%lld", f.department_id) : NULL;
	query_add(&query, "dialog", dialog);
	query_add(&query, "department", department);
	const char *status = f.status ? submission_status_code(f.status) : NULL;
	query_add(&query, "status", status);

	view_list_begin(r, _("Views and proposals"), _("Views and proposals, page %d of %d"), f.page, pages,
			_("Views and proposals from organisations and residents, and the municipality's answers. "
			  "Only those the writer agreed to publish are shown."));
	if (r->user)
		html_printf(&r->body, "<p><a class=\"button\" href=\"/synpunkter/ny%s\">%s</a></p>\n",
			    dialog ? arena_printf(&r->arena, "?dialog=%s", dialog) : "", _("Send a view or proposal"));
	else
		html_printf(&r->body, "<p><a href=\"/logga-in\">%s</a></p>\n", _("Log in to send a view or proposal."));

	html_printf(&r->body,
		    "<form class=\"filters\" method=\"get\" action=\"/synpunkter\" role=\"search\" aria-labelledby=\"filters-heading\">\n"
		    "<h2 id=\"filters-heading\">%s</h2>\n",
		    _("Filter"));
	view_filters_grid_begin(r, _("Choose what to show"), !!department + !!dialog + !!status, false);
	struct sub_choice deps[CHOICES_MAX], dias[CHOICES_MAX];
	int nd = submission_departments(r->store, &r->arena, false, deps, CHOICES_MAX);
	int ng = submission_dialogue_choices(r->store, &r->arena, dias, CHOICES_MAX);
	nd = nd < 0 ? 0 : nd;
	ng = ng < 0 ? 0 : ng;
	struct form_option *dep_opts = arena_alloc(&r->arena, sizeof *dep_opts * (size_t)(nd + 1));
	for (int i = 0; i < nd; i++)
		dep_opts[i] = (struct form_option){arena_printf(&r->arena, "%lld", deps[i].id), deps[i].name};
	struct form_option *dia_opts = arena_alloc(&r->arena, sizeof *dia_opts * (size_t)(ng + 2));
	bool listed = false;
	for (int i = 0; i < ng; i++) {
		dia_opts[i] = (struct form_option){arena_printf(&r->arena, "%lld", dias[i].id), dias[i].name};
		listed = listed || dias[i].id == f.dialogue_id;
	}
	/* An older dialogue than the list reaches stays choosable when the address names it. */
	if (f.dialogue_id && !listed)
		dia_opts[ng++] = (struct form_option){dialog, arena_printf(&r->arena, _("Dialogue %lld"), f.dialogue_id)};
	form_select(r, "department", _("Department"), department, dep_opts, nd, NULL, true);
	form_select(r, "dialog", _("Dialogue"), dialog, dia_opts, ng, NULL, true);
	form_select(r, "status", _("Status"), status, status_options(r), SUBMISSION_STATUS_COUNT, NULL, true);
	view_filters_end(r, "/synpunkter", _("Show"), false);

	char count[120];
	snprintf(count, sizeof count, P_("%lld view or proposal", "%lld views and proposals", total), total);
	view_results_heading(r, count, f.page, pages);
	if (n == 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("There are no views or proposals to show here."));
	} else {
		html_printf(&r->body, "<ul class=\"results\">\n");
		for (int i = 0; i < n; i++)
			list_item(r, &items[i], staff);
		html_printf(&r->body, "</ul>\n");
	}
	pagination(r, "/synpunkter", buf_str(&query), f.page, pages);
	buf_free(&query);
	page_end(r);
}

void page_my_submissions(struct request *r)
{
	struct submission_filter f = {0};
	f.account_id = r->user->id;
	f.page = request_page(r);
	f.per_page = PER_PAGE;
	struct submission *items = arena_alloc(&r->arena, sizeof *items * PER_PAGE);
	long long total = 0;
	int n = submission_list(r->store, &r->arena, &f, items, &total);
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	int pages = page_count(total, PER_PAGE);
	page_begin(r, _("My views and proposals"));
	html_printf(&r->body, "<p class=\"back\"><a href=\"/konto\">%s</a></p>\n<h1>%s</h1>\n", _("My account"),
		    _("My views and proposals"));
	html_printf(&r->body, "<p><a class=\"button\" href=\"/synpunkter/ny\">%s</a></p>\n", _("Send a view or proposal"));
	if (total == 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("You have not sent any views or proposals yet."));
		page_end(r);
		return;
	}
	char caption[120];
	snprintf(caption, sizeof caption, P_("%lld view or proposal", "%lld views and proposals", total), total);
	table_begin(r, NULL, caption, false, f.page, pages);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Title"), _("From"), _("Status"), _("Received"), _("To be acknowledged by"), _("To be answered by"));
	for (int i = 0; i < n; i++) {
		const struct submission *s = &items[i];
		html_printf(&r->body, "<tr><th scope=\"row\"><a href=\"/synpunkter/%lld\">%s</a>", s->id, s->title);
		visibility_tags(r, s);
		html_printf(&r->body, "</th><td data-label=\"%s\">%s</td><td data-label=\"%s\">", _("From"), from_label(r, s),
			    _("Status"));
		status_tag(r, s->status);
		html_printf(&r->body, "</td><td data-label=\"%s\">", _("Received"));
		view_day(r, s->received_on, "");
		html_printf(&r->body, "</td><td data-label=\"%s\">", _("To be acknowledged by"));
		view_day(r, s->acknowledge_due, "");
		html_printf(&r->body, "</td><td data-label=\"%s\">", _("To be answered by"));
		view_day(r, s->answer_due, "");
		html_printf(&r->body, "</td></tr>\n");
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
	pagination(r, "/konto/synpunkter", "", f.page, pages);
	page_end(r);
}

void submission_section(struct request *r, long long dialogue_id, bool can_manage)
{
	struct submission_filter f = {0};
	f.dialogue_id = dialogue_id;
	/* Those who manage the dialogue manage its department, so the manager scope shows them all. */
	f.manager = can_manage ? r->user : NULL;
	f.page = 1;
	f.per_page = SECTION_MAX;
	struct submission *items = arena_alloc(&r->arena, sizeof *items * SECTION_MAX);
	long long total = 0;
	int n = submission_list(r->store, &r->arena, &f, items, &total);
	html_printf(&r->body, "<section class=\"submissions\" id=\"synpunkter\" aria-labelledby=\"submissions-heading\">\n"
			      "<h2 id=\"submissions-heading\">%s</h2>\n",
		    _("Views and proposals"));
	if (n < 0) {
		html_printf(&r->body, "<p>%s</p>\n</section>\n", _("The views and proposals cannot be shown just now."));
		return;
	}
	char count[160];
	if (can_manage)
		snprintf(count, sizeof count, P_("%lld view or proposal has arrived.", "%lld views and proposals have arrived.", total),
			 total);
	else
		snprintf(count, sizeof count, P_("%lld published view or proposal.", "%lld published views and proposals.", total),
			 total);
	html_printf(&r->body, "<p>%s</p>\n", count);
	if (n > 0) {
		html_printf(&r->body, "<ul class=\"results\">\n");
		for (int i = 0; i < n; i++)
			list_item(r, &items[i], can_manage);
		html_printf(&r->body, "</ul>\n");
	}
	if (total > n)
		html_printf(&r->body, "<p><a href=\"/synpunkter?dialog=%lld\">%s</a></p>\n", dialogue_id,
			    arena_printf(&r->arena, P_("Show all %lld", "Show all %lld", total), total));
	html_printf(&r->body, "</section>\n");
}

/* ---- The feed of answers ------------------------------------------------------------------------ */

void page_answer_feed(struct request *r)
{
	struct submission_filter f = {0};
	f.answered_only = true;
	f.page = 1;
	f.per_page = FEED_MAX;
	struct submission *items = arena_alloc(&r->arena, sizeof *items * FEED_MAX);
	int n = submission_list(r->store, &r->arena, &f, items, NULL);
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	atom_begin(r, "/svar.atom", "/synpunkter", _("Answers to views and proposals"), n > 0 ? items[0].answered_at : NULL);
	for (int i = 0; i < n; i++) {
		const struct submission *s = &items[i];
		atom_entry(r, submission_href(r, s->id), arena_printf(&r->arena, _("Answer: %s"), s->title), s->answered_at,
			   s->answered_at, s->answer, s->department_name);
	}
	atom_end(r);
	/* Public data only, the same for every reader. */
	response_header(r, "access-control-allow-origin", "*");
}
