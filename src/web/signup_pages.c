/* signup_pages: signing up, confirming an address, a forgotten password, and changing one's own
 * address and password — every page that sends or follows a one-time link. */
#include "web/pages.h"
#include "web/form.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/account.h"
#include "domain/account_token.h"
#include "domain/notification.h"
#include "domain/session.h"
#include <stdio.h>
#include <string.h>

/* How many mail-sending requests an address, and a client, may make in 15 minutes (counted in
 * login_attempt, so every node sees them). Per address it is low: each request may put a message
 * in someone's mailbox. Per client it is high enough for a workshop behind one office address to
 * sign up together, and low enough that one client cannot mail the world. */
#define MAIL_LIMIT_PER_ADDRESS 3
#define MAIL_LIMIT_PER_CLIENT 100
/* Wrong current passwords on /konto count like failed logins, with the same keys. */
#define PASSWORD_LIMIT_PER_ACCOUNT 5
#define PASSWORD_LIMIT_PER_CLIENT 30

/* The public address that links in e-mail start with (base_url of the configuration, set by
 * `serve`); the one place these pages look it up. */
static const char *link_base(void) { return notification_base_url(); }

/* Counts one mail-sending request of `what` against the address and the client. True, with the
 * 429 set, when either has made too many: the same answer whether or not the address has an
 * account, so the limit reveals nothing. */
static bool mail_throttled(struct request *r, const char *what, const char *email)
{
	char norm[256], ekey[320], ckey[128];
	account_normalise_email(email, norm, sizeof norm);
	snprintf(ekey, sizeof ekey, "%s-email:%s", what, norm);
	snprintf(ckey, sizeof ckey, "%s-client:%s", what, r->client);
	if (login_throttled(r->store, ekey, MAIL_LIMIT_PER_ADDRESS) ||
	    login_throttled(r->store, ckey, MAIL_LIMIT_PER_CLIENT)) {
		r->status = 429;
		response_header(r, "retry-after", "900");
		return true;
	}
	login_failed(r->store, ekey);
	login_failed(r->store, ckey);
	return false;
}

/* A value typed into a field, as typed ("" when absent): the domain checks it, and a form shows
 * it again as it was. */
static const char *typed(struct request *r, const char *name)
{
	const char *v = param_get(&r->form, name);
	return v ? v : "";
}

/* ---- after a form was sent: "check your e-mail" and friends -------------------------------- */

void page_account_done(struct request *r)
{
	const char *what = param_get(&r->query, "vad");
	const char *title, *text;
	if (what && strcmp(what, "registrerad") == 0) {
		title = _("Check your e-mail");
		text = _("We have sent a message to the address you gave. Follow the link in it within 48 hours to "
			 "confirm the address; then you can log in. If nothing arrives within a few minutes, look in the "
			 "spam folder.");
	} else if (what && strcmp(what, "aterstallning") == 0) {
		title = _("Check your e-mail");
		text = _("If there is an account for that address, we have sent a link to it for choosing a new password. "
			 "The link works for 1 hour.");
	} else if (what && strcmp(what, "verifiering") == 0) {
		title = _("Check your e-mail");
		text = _("If there is an account waiting for confirmation at that address, we have sent a new link to it. "
			 "The link works for 48 hours.");
	} else if (what && strcmp(what, "e-post") == 0 && r->user) {
		title = _("Check your new e-mail address");
		text = _("We have sent a link to the new address. Your account uses it once you have followed the link, "
			 "within 24 hours; until then your current address stays in use.");
	} else if (what && strcmp(what, "losenord") == 0 && r->user) {
		title = _("Your password has been changed");
		text = _("From now on, log in with the new password. Other places where you were logged in have been "
			 "logged out.");
	} else {
		respond_not_found(r);
		return;
	}
	page_begin(r, title);
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n", title, text);
	if (r->user)
		html_printf(&r->body, "<p><a href=\"/konto\">%s</a></p>\n", _("Back to my account"));
	else
		html_printf(&r->body, "<p><a href=\"/logga-in\">%s</a></p>\n", _("Go to the login page"));
	page_end(r);
}

/* ---- sign up -------------------------------------------------------------------------------- */

static void signup_form(struct request *r, const char *name, const char *email, const struct field_errors *e)
{
	page_begin(r, _("Create an account"));
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n", _("Create an account"),
		    _("With an account you can take part in dialogues and represent your organisation."));
	form_error_summary(r, e);
	form_begin(r, "/konto/ny");
	form_text(r, "name", _("Name"), name, NULL, e, "text", "name");
	form_text(r, "email", _("E-mail"), email, _("We send a link to this address to confirm that it is yours."), e,
		  "email", "email");
	form_text(r, "password", _("Password"), "", _("At least 8 characters."), e, "password", "new-password");
	html_printf(&r->body, "<p class=\"consent\">%s</p>\n",
		    _("By creating an account you let the municipality keep your name and e-mail address to run the "
		      "account and send you the messages it needs. You can have the account removed at any time."));
	form_end(r, _("Create account"));
	html_printf(&r->body, "<p>%s <a href=\"/logga-in\">%s</a></p>\n", _("Already have an account?"), _("Log in"));
	page_end(r);
}

void page_signup_form(struct request *r)
{
	if (r->user) {
		response_redirect(r, "/konto");
		return;
	}
	signup_form(r, "", "", NULL);
}

void page_signup(struct request *r)
{
	if (r->user) {
		response_redirect(r, "/konto");
		return;
	}
	const char *name = typed(r, "name"), *email = typed(r, "email");
	const char *password = param_get(&r->form, "password");
	struct field_errors e = {0};
	/* Checked before the attempt is counted, so a typo costs nothing; the form shows what was
	 * typed, not the cleaned copy. */
	const char *clean_name = name;
	if (!account_signup_valid(&e, &r->arena, &clean_name, email, password)) {
		r->status = 422;
		signup_form(r, name, email, &e);
		return;
	}
	if (mail_throttled(r, "signup", email)) {
		field_error(&e, "email", _("Too many attempts. Wait 15 minutes and try again."));
		signup_form(r, name, email, &e);
		return;
	}
	enum outcome o = account_signup(r->store, name, email, password, r->lang, link_base(), &e);
	if (o == OUTCOME_INVALID) {
		r->status = 422;
		signup_form(r, name, email, &e);
		return;
	}
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, &e);
		return;
	}
	/* The same page whether the address was new or already had an account. */
	response_redirect(r, "/konto/klart?vad=registrerad");
}

/* ---- following a link ----------------------------------------------------------------------- */

/* The page for a token that cannot be used, with the way forward: a refused link (unknown 404,
 * used or expired 410, its address taken 409) gets a page that says which; anything else is the
 * general answer. */
void token_refused(struct request *r, enum outcome o, enum token_problem why, const char *next_href,
			  const char *next_label)
{
	if (o != OUTCOME_NOT_FOUND && o != OUTCOME_CONFLICT) {
		respond_outcome(r, o, NULL);
		return;
	}
	/* Unknown unless said otherwise. */
	r->status = 404;
	const char *title = _("The link does not work");
	const char *text = _("The link is not valid. Check that the whole link from the message was copied.");
	switch (why) {
	case TOKEN_USED:
		r->status = 410;
		title = _("The link has already been used");
		text = _("Each link works only once, and this one has been used or replaced by a newer one.");
		break;
	case TOKEN_EXPIRED:
		r->status = 410;
		title = _("The link has expired");
		text = _("The link is too old to be used. Ask for a new one.");
		break;
	case TOKEN_ADDRESS_TAKEN:
		r->status = 409;
		title = _("The address cannot be used");
		text = _("That e-mail address now belongs to another account, so it cannot be used for yours.");
		break;
	case TOKEN_FINE:
	case TOKEN_UNKNOWN: break;
	}
	buf_reset(&r->body);
	page_begin(r, title);
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n", title, text, next_href,
		    next_label);
	page_end(r);
}

/* A page that only shows a button: mail scanners open links, and must not be able to use them. */
static void confirm_button(struct request *r, const char *action, const char *token, const char *title,
			   const char *text, const char *button)
{
	page_begin(r, title);
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n", title, text);
	form_begin(r, action);
	html_printf(&r->body, "<input type=\"hidden\" name=\"token\" value=\"%s\">\n", token);
	form_end(r, button);
	page_end(r);
}

void page_verify_form(struct request *r)
{
	const char *token = param_get(&r->query, "token");
	struct account_token t;
	enum outcome o = account_token_check(r->store, token, TOKEN_VERIFY, &t);
	if (o != OUTCOME_OK) {
		token_refused(r, o, t.problem, "/logga-in", _("Log in to have a new link sent"));
		return;
	}
	confirm_button(r, "/konto/verifiera", token, _("Confirm your e-mail address"),
		       _("Press the button to confirm that the e-mail address is yours. Then you can log in."),
		       _("Confirm my e-mail address"));
}

void page_verify(struct request *r)
{
	long long id;
	enum token_problem why;
	enum outcome o = account_verify_email(r->store, param_get(&r->form, "token"), &id, &why);
	if (o != OUTCOME_OK) {
		token_refused(r, o, why, "/logga-in", _("Log in to have a new link sent"));
		return;
	}
	page_begin(r, _("Your e-mail address is confirmed"));
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n",
		    _("Your e-mail address is confirmed"), _("Thank you. You can now log in."),
		    r->user ? "/konto" : "/logga-in", r->user ? _("Back to my account") : _("Log in"));
	page_end(r);
}

/* From the login page of an account that is not confirmed yet. */
void page_verify_resend(struct request *r)
{
	const char *email = typed(r, "email");
	if (account_email_problem(email)) {
		response_redirect(r, "/logga-in");
		return;
	}
	if (mail_throttled(r, "verify", email)) {
		page_message(r, _("Too many attempts"), _("Too many attempts. Wait 15 minutes and try again."));
		return;
	}
	enum outcome o = account_resend_verification(r->store, email, link_base());
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	response_redirect(r, "/konto/klart?vad=verifiering");
}

/* ---- forgotten password --------------------------------------------------------------------- */

static void forgot_form(struct request *r, const char *email, const struct field_errors *e)
{
	page_begin(r, _("Forgotten password"));
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n", _("Forgotten password"),
		    _("Give the e-mail address of your account and we will send you a link for choosing a new password."));
	form_error_summary(r, e);
	form_begin(r, "/konto/glomt-losenord");
	form_text(r, "email", _("E-mail"), email, NULL, e, "email", "email");
	form_end(r, _("Send the link"));
	page_end(r);
}

void page_forgot_form(struct request *r) { forgot_form(r, "", NULL); }

void page_forgot(struct request *r)
{
	const char *email = typed(r, "email");
	struct field_errors e = {0};
	const char *problem = account_email_problem(email);
	if (problem) {
		r->status = 422;
		field_error(&e, "email", problem);
		forgot_form(r, email, &e);
		return;
	}
	if (mail_throttled(r, "reset", email)) {
		field_error(&e, "email", _("Too many attempts. Wait 15 minutes and try again."));
		forgot_form(r, email, &e);
		return;
	}
	enum outcome o = account_request_reset(r->store, email, link_base());
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	/* The same answer whether or not the address has an account. */
	response_redirect(r, "/konto/klart?vad=aterstallning");
}

static void reset_form(struct request *r, const char *token, const struct field_errors *e)
{
	page_begin(r, _("Choose a new password"));
	html_printf(&r->body, "<h1>%s</h1>\n", _("Choose a new password"));
	form_error_summary(r, e);
	form_begin(r, "/konto/aterstall");
	html_printf(&r->body, "<input type=\"hidden\" name=\"token\" value=\"%s\">\n", token);
	form_text(r, "new_password", _("New password"), "", _("At least 8 characters."), e, "password", "new-password");
	form_text(r, "new_password2", _("New password again"), "", NULL, e, "password", "new-password");
	form_end(r, _("Save the new password"));
	page_end(r);
}

void page_reset_form(struct request *r)
{
	const char *token = param_get(&r->query, "token");
	struct account_token t;
	enum outcome o = account_token_check(r->store, token, TOKEN_RESET, &t);
	if (o != OUTCOME_OK) {
		token_refused(r, o, t.problem, "/konto/glomt-losenord", _("Ask for a new link"));
		return;
	}
	reset_form(r, token, NULL);
}

/* The two new-password fields; adds their errors to e. */
static void check_new_password(struct request *r, struct field_errors *e)
{
	const char *pw = param_get(&r->form, "new_password"), *again = param_get(&r->form, "new_password2");
	const char *problem = account_password_problem(pw);
	if (problem)
		field_error(e, "new_password", problem);
	else if (!again || strcmp(pw, again) != 0)
		field_error(e, "new_password2", _("The two passwords are not the same."));
}

void page_reset(struct request *r)
{
	const char *token = param_get(&r->form, "token");
	struct account_token t;
	enum outcome o = account_token_check(r->store, token, TOKEN_RESET, &t);
	if (o != OUTCOME_OK) {
		token_refused(r, o, t.problem, "/konto/glomt-losenord", _("Ask for a new link"));
		return;
	}
	struct field_errors e = {0};
	check_new_password(r, &e);
	if (e.n) {
		r->status = 422;
		reset_form(r, token, &e);
		return;
	}
	/* The change is for the account the link was sent to, whoever is signed in here. */
	long long id;
	enum token_problem why;
	o = account_reset_password(r->store, token, param_get(&r->form, "new_password"), &id, &why);
	if (o != OUTCOME_OK) {
		token_refused(r, o, why, "/konto/glomt-losenord", _("Ask for a new link"));
		return;
	}
	page_begin(r, _("Your password has been changed"));
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/logga-in\">%s</a></p>\n",
		    _("Your password has been changed"), _("You can now log in with the new password."), _("Log in"));
	page_end(r);
}

/* ---- my account: e-mail address and password ------------------------------------------------ */

static void email_form(struct request *r, const char *new_email, const struct field_errors *e)
{
	html_printf(&r->body, "<h2 id=\"change-email\">%s</h2>\n", _("Change e-mail address"));
	form_begin(r, "/konto/e-post");
	form_text(r, "new_email", _("New e-mail address"), new_email,
		  _("We send a link to the new address; it is used once you have followed the link."), e, "email", "email");
	form_text(r, "email_password", _("Your current password"), "", NULL, e, "password", "current-password");
	form_end(r, _("Change e-mail address"));
}

static void password_form(struct request *r, const struct field_errors *e)
{
	html_printf(&r->body, "<h2 id=\"change-password\">%s</h2>\n", _("Change password"));
	form_begin(r, "/konto/losenord");
	form_text(r, "current_password", _("Current password"), "", NULL, e, "password", "current-password");
	form_text(r, "new_password", _("New password"), "", _("At least 8 characters."), e, "password", "new-password");
	form_text(r, "new_password2", _("New password again"), "", NULL, e, "password", "new-password");
	form_end(r, _("Change password"));
}

void account_settings_forms(struct request *r)
{
	email_form(r, "", NULL);
	password_form(r, NULL);
}

/* One of the two forms again, on a page of its own, with what went wrong. */
static void settings_page(struct request *r, bool email, const char *new_email, const struct field_errors *e)
{
	const char *title = email ? _("Change e-mail address") : _("Change password");
	page_begin(r, title);
	html_printf(&r->body, "<h1>%s</h1>\n", _("My account"));
	form_error_summary(r, e);
	if (email)
		email_form(r, new_email, e);
	else
		password_form(r, e);
	html_printf(&r->body, "<p><a href=\"/konto\">%s</a></p>\n", _("Back to my account"));
	page_end(r);
}

void page_email_change_form(struct request *r) { settings_page(r, true, "", NULL); }
void page_password_change_form(struct request *r) { settings_page(r, false, "", NULL); }

/* Checks the signed-in person's current password, counting failures like failed logins. Adds
 * an error for `field` when it is missing, wrong or too often wrong. (Also asked before an
 * account is deleted: personal_data_pages.c.) */
bool current_password_ok(struct request *r, const char *field, struct field_errors *e)
{
	const char *pw = param_get(&r->form, field);
	if (!pw || !*pw) {
		field_error(e, field, _("Enter your current password."));
		return false;
	}
	char email_key[300], client_key[128];
	snprintf(email_key, sizeof email_key, "email:%s", r->user->email);
	snprintf(client_key, sizeof client_key, "client:%s", r->client);
	if (login_throttled(r->store, email_key, PASSWORD_LIMIT_PER_ACCOUNT) ||
	    login_throttled(r->store, client_key, PASSWORD_LIMIT_PER_CLIENT)) {
		r->status = 429;
		response_header(r, "retry-after", "900");
		field_error(e, field, _("Too many failed attempts. Wait 15 minutes and try again."));
		return false;
	}
	if (account_authenticate(r->store, r->user->email, pw) != r->user->id) {
		login_failed(r->store, email_key);
		login_failed(r->store, client_key);
		field_error(e, field, _("The password is wrong."));
		return false;
	}
	return true;
}

void page_email_change(struct request *r)
{
	const char *new_email = typed(r, "new_email");
	struct field_errors e = {0};
	const char *problem = account_email_problem(new_email);
	char norm[256];
	account_normalise_email(new_email, norm, sizeof norm);
	if (problem)
		field_error(&e, "new_email", problem);
	else if (strcmp(norm, r->user->email) == 0)
		field_error(&e, "new_email", _("That is already your e-mail address."));
	/* Fields first, so a typo in the address does not cost a password attempt. */
	if (e.n || !current_password_ok(r, "email_password", &e)) {
		if (r->status != 429)
			r->status = 422;
		settings_page(r, true, new_email, &e);
		return;
	}
	enum outcome o = account_request_email_change(r->store, r->user->id, new_email, link_base());
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	response_redirect(r, "/konto/klart?vad=e-post");
}

void page_password_change(struct request *r)
{
	struct field_errors e = {0};
	check_new_password(r, &e);
	if (e.n || !current_password_ok(r, "current_password", &e)) {
		if (r->status != 429)
			r->status = 422;
		settings_page(r, false, "", &e);
		return;
	}
	enum outcome o = account_change_password(r->store, r->user->id, param_get(&r->form, "new_password"),
						 r->session_token, link_base());
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	response_redirect(r, "/konto/klart?vad=losenord");
}

/* The link sent to a new address. */
void page_email_confirm_form(struct request *r)
{
	const char *token = param_get(&r->query, "token");
	struct account_token t;
	enum outcome o = account_token_check(r->store, token, TOKEN_EMAIL, &t);
	if (o != OUTCOME_OK) {
		token_refused(r, o, t.problem, "/konto", _("Go to my account"));
		return;
	}
	char text[600];
	snprintf(text, sizeof text, _("Press the button to start using %s for your account."), t.email);
	confirm_button(r, "/konto/bekrafta-e-post", token, _("Confirm your new e-mail address"), text,
		       _("Confirm my e-mail address"));
}

void page_email_confirm(struct request *r)
{
	long long id;
	enum token_problem why;
	enum outcome o = account_confirm_email_change(r->store, param_get(&r->form, "token"), &id, &why);
	if (o != OUTCOME_OK) {
		token_refused(r, o, why, "/konto", _("Go to my account"));
		return;
	}
	page_begin(r, _("Your e-mail address has been changed"));
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/konto\">%s</a></p>\n",
		    _("Your e-mail address has been changed"),
		    _("From now on, log in with the new address; messages go there too."), _("Go to my account"));
	page_end(r);
}
