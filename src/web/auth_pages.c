/* auth_pages: signing in and out, and the language switch. */
#include "web/pages.h"
#include "web/form.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/session.h"
#include <stdio.h>
#include <string.h>

#define LOGIN_LIMIT_PER_EMAIL 5
#define LOGIN_LIMIT_PER_CLIENT 30

/* Only local paths are followed (the rule response_redirect keeps); anything else goes to
 * `otherwise`, and the form never carries it on. */
static const char *local_or(const char *next, const char *otherwise)
{
	return local_path(next) ? next : otherwise;
}

/* After signing in without a page to return to, one lands on one's own page. */
static const char *safe_next(const char *next)
{
	return local_or(next, "/min-sida");
}

/* unverified: the password was right but the address is not confirmed yet, so the page offers to
 * send the link again (said only to someone who knows the password). */
static void login_form_ex(struct request *r, const char *email, const struct field_errors *e, const char *next,
			  bool unverified)
{
	page_begin(r, _("Log in"));
	html_printf(&r->body, "<h1>%s</h1>\n", _("Log in"));
	form_error_summary(r, e);
	if (unverified) {
		html_printf(&r->body, "<h2>%s</h2>\n<p>%s</p>\n", _("Confirm your e-mail address"),
			    _("We sent you a message with a link when you made the account. Follow it to confirm the "
			      "address, or have a new link sent."));
		form_begin(r, "/konto/verifiera/skicka");
		html_printf(&r->body, "<input type=\"hidden\" name=\"email\" value=\"%s\">\n", email);
		form_end(r, _("Send a new link"));
	}
	form_begin(r, "/logga-in");
	html_printf(&r->body, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", safe_next(next));
	form_text(r, "email", _("E-mail"), email, NULL, e, "email", "username");
	form_text(r, "password", _("Password"), "", NULL, e, "password", "current-password");
	form_end(r, _("Log in"));
	html_printf(&r->body, "<p><a href=\"/konto/glomt-losenord\">%s</a></p>\n<p>%s <a href=\"/konto/ny\">%s</a></p>\n",
		    _("Forgotten your password?"), _("No account yet?"), _("Create an account"));
	page_end(r);
}

static void login_form(struct request *r, const char *email, const struct field_errors *e, const char *next)
{
	login_form_ex(r, email, e, next, false);
}

void page_login_form(struct request *r)
{
	if (r->user) {
		response_redirect(r, "/min-sida");
		return;
	}
	login_form(r, "", NULL, param_get(&r->query, "next"));
}

void page_login(struct request *r)
{
	const char *email = param_get(&r->form, "email");
	const char *password = param_get(&r->form, "password");
	const char *next = param_get(&r->form, "next");
	struct field_errors e = {0};
	if (!email || !*email)
		field_error(&e, "email", _("Enter your e-mail address."));
	if (!password || !*password)
		field_error(&e, "password", _("Enter your password."));
	if (e.n) {
		r->status = 422;
		login_form(r, email, &e, next);
		return;
	}
	char norm[256];
	account_normalise_email(email, norm, sizeof norm);
	/* Failures count per (account, client) and per client, never per account alone: otherwise
	 * anyone could lock a named person out by typing wrong passwords for them. A guesser is still
	 * slowed on every address they use, and the owner signs in from their own. */
	char email_key[400], client_key[100];
	snprintf(email_key, sizeof email_key, "email:%s client:%s", norm, r->client);
	snprintf(client_key, sizeof client_key, "client:%s", r->client);
	if (login_throttled(r->store, email_key, LOGIN_LIMIT_PER_EMAIL) ||
	    login_throttled(r->store, client_key, LOGIN_LIMIT_PER_CLIENT)) {
		r->status = 429;
		response_header(r, "retry-after", "900");
		field_error(&e, "email", _("Too many failed attempts. Wait 15 minutes and try again."));
		login_form(r, email, &e, next);
		return;
	}
	long long id = account_authenticate(r->store, email, password);
	if (!id) {
		login_failed(r->store, email_key);
		login_failed(r->store, client_key);
		r->status = 422;
		field_error(&e, "email", _("The e-mail address or the password is wrong."));
		login_form(r, email, &e, next);
		return;
	}
	if (!account_email_verified(r->store, id)) {
		r->status = 403;
		field_error(&e, "email", _("The e-mail address of this account is not confirmed yet."));
		login_form_ex(r, email, &e, next, true);
		return;
	}
	char token[SESSION_TOKEN_LEN + 1], csrf[SESSION_TOKEN_LEN + 1];
	if (session_create(r->store, id, token, csrf) != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	response_header(r, "set-cookie",
			arena_printf(&r->arena, "sid=%s; Path=/; HttpOnly; SameSite=Lax%s", token,
				     r->https ? "; Secure" : ""));
	response_redirect(r, safe_next(next));
}

void page_logout(struct request *r)
{
	session_destroy(r->store, r->session_token);
	response_header(r, "set-cookie", "sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
	response_redirect(r, "/");
}

void page_language(struct request *r)
{
	const char *lang = param_get(&r->query, "lang");
	if (!lang || (strcmp(lang, "sv") != 0 && strcmp(lang, "en") != 0))
		lang = "sv";
	response_header(r, "set-cookie",
			arena_printf(&r->arena, "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax%s", lang,
				     r->https ? "; Secure" : ""));
	response_redirect(r, local_or(param_get(&r->query, "next"), "/"));
}
