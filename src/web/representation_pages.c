/* representation_pages: asking to represent an organisation and answering such requests, leaving,
 * a coordinator's assignment and invitations, and the page an invitation's link opens. */
#include "web/pages.h"
#include "web/view.h"
#include "web/form.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/account.h"
#include "domain/notification.h"
#include "domain/organisation.h"
#include "domain/representation.h"
#include <stdio.h>
#include <string.h>

/* More than any organisation has; the count beyond is said, not listed. */
#define PEOPLE_MAX 50

/* ---- Shared pieces --------------------------------------------------------------------------- */

/* The organisation as its page shows it to this visitor: hidden ones exist only for staff and
 * their own representatives (404 for anyone else, as on the organisation page). */
static bool load_visible(struct request *r, long long id, struct organisation *o)
{
	memset(o, 0, sizeof *o);
	enum outcome rc = id ? organisation_load(r->store, &r->arena, id, false, o) : OUTCOME_NOT_FOUND;
	bool may_see_hidden = r->user && (r->user->role >= ROLE_OFFICIAL || account_represents(r->store, r->user->id, id));
	if (rc == OUTCOME_OK && !o->public && !may_see_hidden)
		rc = OUTCOME_NOT_FOUND;
	if (rc != OUTCOME_OK)
		respond_outcome(r, rc, NULL);
	return rc == OUTCOME_OK;
}

static const char *org_href(struct request *r, long long id) { return arena_printf(&r->arena, "/organisationer/%lld", id); }

/* Back to the organisation's page, where the outcome is said (see status_text). */
static void back_to(struct request *r, long long id, const char *outcome)
{
	response_redirect(r, arena_printf(&r->arena, "/organisationer/%lld?foretradare=%s#foretradare", id, outcome));
}

/* A refusal: one the person can act on keeps its page of its own (a title saying what
 * happened, the domain's words, the way back to the organisation; 410 for a used invitation);
 * every other outcome is respond_outcome's. */
static void refuse(struct request *r, enum outcome rc, const struct field_errors *e, enum repr_refusal why,
		   long long organisation_id)
{
	static const struct {
		enum repr_refusal why;
		int status;
		const char *title;
	} pages[] = {
		{REPR_REFUSED_ALREADY, 409, N_("Already a representative")},
		{REPR_REFUSED_DUPLICATE, 409, N_("You have already asked")},
		{REPR_REFUSED_DECIDED, 409, N_("Already answered")},
		{REPR_REFUSED_NOT_MEMBER, 409, N_("Not a representative")},
		{REPR_REFUSED_EXPIRED, 410, N_("The invitation can no longer be used")},
		{REPR_REFUSED_WRONG_ACCOUNT, 403, N_("The invitation is for another account")},
		{REPR_REFUSED_UNKNOWN_LINK, 404, N_("The invitation link is not valid")},
	};
	const char *text = field_error_for(e, NULL);
	for (size_t i = 0; text && i < sizeof pages / sizeof pages[0]; i++) {
		if (pages[i].why != why)
			continue;
		const char *title = _(pages[i].title);
		r->status = pages[i].status;
		if (why == REPR_REFUSED_UNKNOWN_LINK) {
			page_message(r, title, text);
			return;
		}
		buf_reset(&r->body);
		page_begin(r, title);
		html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n", title, text);
		if (organisation_id)
			html_printf(&r->body, "<p><a href=\"%s\">%s</a></p>\n", org_href(r, organisation_id),
				    _("Back to the organisation"));
		page_end(r);
		return;
	}
	respond_outcome(r, rc, e);
}

static const char *status_text(const char *outcome)
{
	static const struct {
		const char *code, *msgid;
	} texts[] = {
		{"ansokt", N_("Your request has been sent. The organisation's representatives and the municipality's "
			      "coordinator have been told, and you will be told when it is answered.")},
		{"aterkallad", N_("Your request has been withdrawn.")},
		{"godkand", N_("The request has been approved. The person now represents the organisation and has been told.")},
		{"avslagen", N_("The request has been declined. The person has been told.")},
		{"lamnad", N_("You no longer represent the organisation.")},
		{"lamnad-sist", N_("You no longer represent the organisation. Nobody represents it now; the municipality's "
				   "coordinators have been told, and one of them can assign a new representative.")},
		{"tilldelad", N_("The account now represents the organisation and has been told.")},
		{"inbjuden", N_("The invitation has been sent by e-mail. The link in it is valid for 14 days.")},
		{"antagen", N_("Welcome! You now represent the organisation and can keep its details up to date.")},
	};
	for (size_t i = 0; outcome && i < sizeof texts / sizeof texts[0]; i++)
		if (strcmp(outcome, texts[i].code) == 0)
			return _(texts[i].msgid);
	return NULL;
}

static void representatives_list(struct request *r, long long id)
{
	struct repr_person *people = arena_alloc(&r->arena, sizeof *people * PEOPLE_MAX);
	int n = representation_list(r->store, &r->arena, id, people, PEOPLE_MAX);
	if (n < 0)
		return;
	if (n == 0) {
		html_printf(&r->body, "<p class=\"notice warning\">%s</p>\n",
			    _("Nobody represents this organisation. A coordinator can assign a representative or invite "
			      "someone by e-mail."));
		return;
	}
	html_printf(&r->body, "<ul class=\"people\">\n");
	for (int i = 0; i < n && i < PEOPLE_MAX; i++) {
		html_printf(&r->body, "<li>%s (", people[i].name);
		view_email_link(r, people[i].email, NULL);
		html_printf(&r->body, ")</li>\n");
	}
	html_printf(&r->body, "</ul>\n");
	if (n > PEOPLE_MAX)
		html_printf(&r->body, "<p>%s</p>\n", arena_printf(&r->arena, _("… and %d more."), n - PEOPLE_MAX));
}

/* Pending requests with a form each to approve or decline. */
static void requests_table(struct request *r, long long id)
{
	struct repr_person *reqs = arena_alloc(&r->arena, sizeof *reqs * PEOPLE_MAX);
	int n = representation_requests(r->store, &r->arena, id, reqs, PEOPLE_MAX);
	if (n <= 0) {
		if (n == 0)
			html_printf(&r->body, "<p>%s</p>\n", _("No requests are waiting for an answer."));
		return;
	}
	table_begin(r, NULL, _("Requests to represent the organisation"), false, 1, 1);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead>\n<tbody>\n",
		    _("Name"), _("E-mail"), _("Message"), _("Asked on"),
		    _("Answer"));
	for (int i = 0; i < n && i < PEOPLE_MAX; i++) {
		const struct repr_person *p = &reqs[i];
		html_printf(&r->body, "<tr><th scope=\"row\">%s</th><td data-label=\"%s\">", p->name, _("E-mail"));
		view_email_link(r, p->email, "–");
		html_printf(&r->body, "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">", _("Message"),
			    p->message && *p->message ? p->message : "–", _("Asked on"));
		view_day(r, p->at, "");
		html_printf(&r->body, "</td><td class=\"actions\">");
		/* Each button names the person, so a screen reader's list of buttons says whose it is. */
		const char *base = arena_printf(&r->arena, "/organisationer/%lld/foretradare/ansokningar/%lld", id, p->request_id);
		html_printf(&r->body,
			    "<form method=\"post\" action=\"%s/godkann\" class=\"inline\">"
			    "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
			    "<button type=\"submit\">%s<span class=\"visually-hidden\"> %s</span></button></form> "
			    "<form method=\"post\" action=\"%s/avsla\" class=\"inline\">"
			    "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
			    "<button type=\"submit\" class=\"secondary\">%s<span class=\"visually-hidden\"> %s</span></button></form>",
			    base, request_csrf_token(r), _("Approve"), p->name, base, request_csrf_token(r), _("Decline"),
			    p->name);
		html_printf(&r->body, "</td></tr>\n");
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
}

static void request_form(struct request *r, long long id, const char *message, const struct field_errors *e)
{
	form_begin(r, arena_printf(&r->arena, "/organisationer/%lld/foretradare/ansok", id));
	form_textarea(r, "message", _("Message (optional)"), message,
		      _("For example your role in the organisation. The organisation's representatives and the "
			"municipality's coordinator read it."),
		      e);
	form_end(r, _("Ask to represent this organisation"));
}

/* ---- The section on the organisation's page -------------------------------------------------- */

void representation_section(struct request *r, long long id)
{
	const char *said = status_text(param_get(&r->query, "foretradare"));
	bool manager = r->user && representation_may_manage(r->store, r->user, id);
	bool own = r->user && account_represents(r->store, r->user->id, id);
	html_printf(&r->body, "<section class=\"representatives\" id=\"foretradare\" aria-labelledby=\"foretradare-h\">\n"
			      "<h2 id=\"foretradare-h\">%s</h2>\n",
		    _("Representatives"));
	if (said)
		view_status(r, said);

	if (!r->user) {
		const char *next = arena_printf(&r->arena, "/logga-in?next=%%2Forganisationer%%2F%lld", id);
		html_printf(&r->body, "<p>%s <a href=\"%s\">%s</a> %s <a href=\"/konto/ny\">%s</a>.</p>\n",
			    _("Do you represent this organisation? To ask to represent it in samverkan,"), next, _("log in"),
			    _("or"), _("create an account"));
	} else if (!own && !request_role_at_least(r, ROLE_COORDINATOR)) {
		long long pending = representation_pending_request(r->store, r->user->id, id);
		if (pending > 0) {
			html_printf(&r->body, "<p>%s</p>\n",
				    _("You have asked to represent this organisation. You will be told when your request has "
				      "been answered."));
			form_begin(r, arena_printf(&r->arena, "/organisationer/%lld/foretradare/aterkalla", id));
			form_end(r, _("Withdraw my request"));
		} else if (pending == 0) {
			html_printf(&r->body, "<p>%s</p>\n",
				    _("Representatives keep the organisation's details up to date and answer for it in "
				      "dialogues. Its current representatives or the municipality's coordinator answer your "
				      "request."));
			request_form(r, id, "", NULL);
		}
	}

	if (manager) {
		html_printf(&r->body, "<h3>%s</h3>\n", _("Who represents the organisation"));
		representatives_list(r, id);
		html_printf(&r->body, "<h3>%s</h3>\n", _("Requests waiting for an answer"));
		requests_table(r, id);
		if (own)
			html_printf(&r->body, "<p><a href=\"/organisationer/%lld/foretradare/lamna\">%s</a></p>\n", id,
				    _("Stop representing this organisation"));
		if (request_role_at_least(r, ROLE_COORDINATOR))
			html_printf(&r->body, "<p><a href=\"/organisationer/%lld/foretradare\">%s</a></p>\n", id,
				    _("Assign a representative or invite someone by e-mail"));
	}
	html_printf(&r->body, "</section>\n");
}

/* ---- Asking, withdrawing, answering ---------------------------------------------------------- */

/* The request form on a page of its own: where it comes back with an error. */
static void ask_form_page(struct request *r, const struct organisation *o, const char *message,
			 const struct field_errors *e)
{
	const char *title = arena_printf(&r->arena, _("Ask to represent %s"), o->name);
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), title) : title);
	html_printf(&r->body, "<h1>%s</h1>\n", title);
	form_error_summary(r, e);
	request_form(r, o->id, message, e);
	html_printf(&r->body, "<p><a href=\"%s\">%s</a></p>\n", org_href(r, o->id), _("Back to the organisation"));
	page_end(r);
}

void page_representation_request(struct request *r)
{
	struct organisation o;
	long long id = route_id(r, 0);
	if (!load_visible(r, id, &o))
		return;
	const char *message = param_get(&r->form, "message");
	struct field_errors e = {0};
	enum repr_refusal why = REPR_REFUSED_NONE;
	long long request_id = 0;
	enum outcome rc = representation_request(r->store, &r->arena, r->user, id, message, &request_id, &e, &why);
	if (rc == OUTCOME_INVALID) {
		r->status = 422;
		ask_form_page(r, &o, message ? message : "", &e);
		return;
	}
	if (rc != OUTCOME_OK) {
		refuse(r, rc, &e, why, id);
		return;
	}
	back_to(r, id, "ansokt");
}

void page_representation_withdraw(struct request *r)
{
	long long id = route_id(r, 0);
	enum outcome rc = representation_withdraw(r->store, r->user, id);
	if (rc != OUTCOME_OK) {
		refuse(r, rc, NULL, REPR_REFUSED_NONE, id);
		return;
	}
	back_to(r, id, "aterkallad");
}

static void decide(struct request *r, bool approve)
{
	long long id = route_id(r, 0), request_id = route_id(r, 1);
	struct field_errors e = {0};
	enum repr_refusal why = REPR_REFUSED_NONE;
	enum outcome rc = representation_decide(r->store, r->user, id, request_id, approve, &e, &why);
	if (rc != OUTCOME_OK) {
		refuse(r, rc, &e, why, id);
		return;
	}
	back_to(r, id, approve ? "godkand" : "avslagen");
}

void page_representation_approve(struct request *r) { decide(r, true); }
void page_representation_decline(struct request *r) { decide(r, false); }

/* ---- Leaving ------------------------------------------------------------------------------- */

static void leave_page(struct request *r, const struct organisation *o)
{
	long long left = representation_count(r->store, o->id);
	const char *title = arena_printf(&r->arena, _("Stop representing %s"), o->name);
	page_begin(r, title);
	html_printf(&r->body, "<h1>%s</h1>\n", title);
	html_printf(&r->body, "<p>%s</p>\n",
		    _("You will no longer be able to edit the organisation's details or answer requests to represent it."));
	form_begin(r, arena_printf(&r->arena, "/organisationer/%lld/foretradare/lamna", o->id));
	if (left <= 1) {
		/* The way back in is a coordinator: say so before, not after. */
		html_printf(&r->body, "<div class=\"notice warning\" role=\"alert\">\n<p><strong>%s</strong> %s</p>\n</div>\n",
			    _("You are the organisation's only representative."),
			    _("If you leave, nobody can let anyone in on its behalf: only the municipality's coordinator "
			      "can then assign a new representative."));
		form_checkbox(r, "last_ok", _("I understand that the organisation will have no representative"), false);
	}
	form_end(r, _("Stop representing the organisation"));
	html_printf(&r->body, "<p><a href=\"%s\">%s</a></p>\n", org_href(r, o->id), _("Cancel"));
	page_end(r);
}

/* The organisation the signed-in person asks to stop representing, when they may: false (with
 * the answer sent) when not. */
static bool load_leaving(struct request *r, struct organisation *o)
{
	long long id = route_id(r, 0);
	if (!load_visible(r, id, o))
		return false;
	struct field_errors e = {0};
	enum repr_refusal why = REPR_REFUSED_NONE;
	enum outcome rc = representation_may_leave(r->store, r->user, id, &e, &why);
	if (rc != OUTCOME_OK)
		refuse(r, rc, &e, why, id);
	return rc == OUTCOME_OK;
}

void page_representation_leave_form(struct request *r)
{
	struct organisation o;
	if (load_leaving(r, &o))
		leave_page(r, &o);
}

void page_representation_leave(struct request *r)
{
	struct organisation o;
	if (!load_leaving(r, &o))
		return;
	long long id = o.id;
	struct field_errors e = {0};
	enum repr_refusal why = REPR_REFUSED_NONE;
	enum outcome rc;
	bool was_last = false;
	rc = representation_leave(r->store, r->user, id, param_get(&r->form, "last_ok") != NULL, &was_last, &e, &why);
	if (why == REPR_REFUSED_LAST) {
		/* The last representative leaves only after ticking that they read the warning. */
		r->status = 409;
		leave_page(r, &o);
		return;
	}
	if (rc != OUTCOME_OK) {
		refuse(r, rc, &e, why, id);
		return;
	}
	/* A hidden organisation's page is closed to its former representative now. */
	if (!o.public && r->user->role < ROLE_OFFICIAL)
		response_redirect(r, "/konto");
	else
		back_to(r, id, was_last ? "lamnad-sist" : "lamnad");
}

/* ---- A coordinator's page: assigning and inviting ---------------------------------------------- */

static void manage_page(struct request *r, const struct organisation *o, const char *assign_email,
			const char *invite_email, const struct field_errors *e)
{
	const char *title = arena_printf(&r->arena, _("Representatives of %s"), o->name);
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), title) : title);
	html_printf(&r->body, "<p class=\"back\"><a href=\"%s\">%s</a></p>\n<h1>%s</h1>\n", org_href(r, o->id),
		    _("Back to the organisation"), title);
	form_error_summary(r, e);
	html_printf(&r->body, "<h2>%s</h2>\n", _("Who represents the organisation"));
	representatives_list(r, o->id);
	html_printf(&r->body, "<h2>%s</h2>\n", _("Requests waiting for an answer"));
	requests_table(r, o->id);

	html_printf(&r->body, "<h2>%s</h2>\n<p>%s</p>\n", _("Assign a representative"),
		    _("Someone who already has an account becomes a representative at once and is told."));
	form_begin(r, arena_printf(&r->arena, "/organisationer/%lld/foretradare/tilldela", o->id));
	form_text(r, "assign_email", _("E-mail of the account"), assign_email, NULL, e, "email", "off");
	form_end(r, _("Assign as representative"));

	html_printf(&r->body, "<h2>%s</h2>\n<p>%s</p>\n", _("Invite by e-mail"),
		    _("The person gets a link, valid for 14 days, to accept the invitation; without an account they "
		      "first create one with that address."));
	form_begin(r, arena_printf(&r->arena, "/organisationer/%lld/foretradare/bjud-in", o->id));
	form_text(r, "invite_email", _("E-mail address to invite"), invite_email, NULL, e, "email", "off");
	form_end(r, _("Send the invitation"));
	page_end(r);
}

void page_representation_manage(struct request *r)
{
	struct organisation o;
	if (!load_visible(r, route_id(r, 0), &o))
		return;
	manage_page(r, &o, "", "", NULL);
}

/* A coordinator's form comes back with the domain's message on its own e-mail field. */
static void manage_refused(struct request *r, const struct organisation *o, enum outcome rc,
			   const struct field_errors *e, const char *field, const char *email)
{
	if (rc != OUTCOME_INVALID) {
		respond_outcome(r, rc, e);
		return;
	}
	struct field_errors shown = {0};
	field_error(&shown, field, field_errors_first(e));
	r->status = 422;
	bool assign = strcmp(field, "assign_email") == 0;
	manage_page(r, o, assign ? email : "", assign ? "" : email, &shown);
}

void page_representation_assign(struct request *r)
{
	struct organisation o;
	long long id = route_id(r, 0);
	if (!load_visible(r, id, &o))
		return;
	const char *email = param_get(&r->form, "assign_email");
	struct field_errors e = {0};
	enum outcome rc = representation_assign(r->store, &r->arena, r->user, id, email, &e);
	if (rc == OUTCOME_OK)
		back_to(r, id, "tilldelad");
	else
		manage_refused(r, &o, rc, &e, "assign_email", email ? email : "");
}

void page_representation_invite(struct request *r)
{
	struct organisation o;
	long long id = route_id(r, 0);
	if (!load_visible(r, id, &o))
		return;
	const char *email = param_get(&r->form, "invite_email");
	struct field_errors e = {0};
	enum outcome rc = representation_invite(r->store, &r->arena, r->user, id, email, notification_base_url(), &e);
	if (rc == OUTCOME_OK)
		back_to(r, id, "inbjuden");
	else
		manage_refused(r, &o, rc, &e, "invite_email", email ? email : "");
}

/* ---- The invitation's link ------------------------------------------------------------------- */

void page_invitation_show(struct request *r)
{
	const char *token = param_get(&r->query, "token");
	struct invitation inv;
	struct field_errors e = {0};
	enum repr_refusal why = REPR_REFUSED_NONE;
	enum outcome rc = representation_invitation(r->store, &r->arena, token, &inv, &e, &why);
	if (rc != OUTCOME_OK) {
		refuse(r, rc, &e, why, 0);
		return;
	}
	const char *title = arena_printf(&r->arena, _("Invitation to represent %s"), inv.organisation_name);
	page_begin(r, title);
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n", title,
		    _("The municipality's coordinator invites you to represent the organisation in samverkan: to keep its "
		      "details up to date and answer for it in dialogues."));
	const char *here = arena_printf(&r->arena, REPR_INVITATION_PATH "?token=%s", token);
	if (!r->user) {
		struct buf next = BUF_INIT;
		url_encode(&next, here);
		html_printf(&r->body,
			    "<p>%s</p>\n<ul>\n<li><a href=\"/logga-in?next=%s\">%s</a></li>\n"
			    "<li><a href=\"/konto/ny\">%s</a></li>\n</ul>\n",
			    _("Log in with the e-mail address the invitation was sent to, and come back to this link. If you "
			      "have no account, create one with that address first: once you have confirmed it, log in and "
			      "open this link again."),
			    buf_str(&next), _("Log in and accept"), _("Create an account"));
		buf_free(&next);
	} else if (strcmp(inv.email, r->user->email) != 0 && inv.account_id != r->user->id) {
		html_printf(&r->body, "<p class=\"notice warning\">%s</p>\n",
			    _("The invitation was sent to another e-mail address than the one you are logged in with. Log out, "
			      "then log in with the account for that address, or create one."));
	} else {
		form_begin(r, REPR_INVITATION_PATH);
		html_printf(&r->body, "<input type=\"hidden\" name=\"token\" value=\"%s\">\n", token);
		form_end(r, _("Accept the invitation"));
	}
	page_end(r);
}

void page_invitation_accept(struct request *r)
{
	long long id = 0;
	struct field_errors e = {0};
	enum repr_refusal why = REPR_REFUSED_NONE;
	enum outcome rc = representation_accept(r->store, r->user, param_get(&r->form, "token"), &id, &e, &why);
	if (rc != OUTCOME_OK) {
		refuse(r, rc, &e, why, id);
		return;
	}
	back_to(r, id, "antagen");
}
