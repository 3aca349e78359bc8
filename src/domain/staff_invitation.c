/* staff_invitation: the invitation (token, audit row and e-mail in one transaction) and its
 * acceptance (token used up and account made in one transaction). */
#include "domain/staff_invitation.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "domain/account_admin.h"
#include "domain/account_token.h"
#include "domain/audit.h"
#include "domain/municipality.h"
#include "domain/outbox.h"
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define DEPARTMENTS_MAX 500

/* The department's name, or NULL when there is no department with that id (or the store failed:
 * *failed says which). In a. */
static const char *department_name(struct store *st, struct arena *a, long long id, bool *failed)
{
	struct department *deps = arena_alloc(a, sizeof *deps * DEPARTMENTS_MAX);
	int n = department_list(st, a, deps, DEPARTMENTS_MAX);
	*failed = n < 0;
	for (int i = 0; i < n; i++)
		if (deps[i].id == id)
			return deps[i].name;
	return NULL;
}

static bool staff_role(enum role r) { return r == ROLE_OFFICIAL || r == ROLE_COORDINATOR || r == ROLE_ADMIN; }

/* The invitation's text, in Swedish (the address has no account to say otherwise). 0 or -1. */
static int mail_invitation(struct store *st, struct arena *a, const struct account *by, const char *email,
			   enum role role, const char *department, const char *token, const char *base_url)
{
	char saved[4];
	snprintf(saved, sizeof saved, "%s", i18n_lang());
	i18n_set_lang("sv");
	const char *site = municipality_name(st, a);
	const char *as = department ? arena_printf(a, _("%s at %s"), role_label(role), department) : role_label(role);
	struct buf text = BUF_INIT;
	buf_printf(&text,
		   _("Hello,\n\n%s invites you to an account at %s, where the municipality and civil society work "
		     "together. You will work there as: %s.\n\nOpen this link to choose your name and password:\n"),
		   by->name, site, as);
	size_t n = base_url ? strlen(base_url) : 0;
	while (n > 0 && base_url[n - 1] == '/')
		n--;
	buf_printf(&text, "%.*s%s?token=%s\n\n", (int)n, base_url ? base_url : "", STAFF_INVITATION_PATH, token);
	buf_printf(&text,
		   _("The link can be used once and is valid for %ld days. If you did not expect this message, "
		     "you can ignore it.\n"),
		   token_lifetime(TOKEN_STAFF) / 86400);
	struct mail m = {
		.to = email,
		.lang = "sv",
		.kind = "transactional",
		.subject = arena_printf(a, _("Invitation to %s"), site),
		.text = buf_str(&text),
	};
	int rc = outbox_enqueue(st, &m) > 0 ? 0 : -1;
	buf_free(&text);
	i18n_set_lang(saved);
	return rc;
}

enum outcome staff_invite(struct store *st, struct arena *a, const struct account *by, const char *email,
			  enum role role, long long department_id, const char *base_url, struct field_errors *e)
{
	if (!by || by->role != ROLE_ADMIN)
		return OUTCOME_FORBIDDEN;
	char norm[256];
	account_normalise_email(email ? email : "", norm, sizeof norm);
	const char *problem = account_email_problem(norm);
	if (problem)
		field_error(e, "email", problem);
	if (!staff_role(role))
		field_error(e, "role", _("Choose official, coordinator or administrator."));
	if (role != ROLE_OFFICIAL)
		department_id = 0;
	else if (department_id <= 0)
		field_error(e, "department", _("Choose the official's department."));
	if (e->n)
		return OUTCOME_INVALID;
	if (store_begin(st) != 0)
		return store_outcome(st);
	enum outcome rc = OUTCOME_OK;
	bool failed = false;
	const char *department = department_id ? department_name(st, a, department_id, &failed) : NULL;
	long long existing = failed ? -1 : account_id_by_email(st, norm);
	struct account acc;
	if (existing < 0) {
		rc = store_outcome(st);
	} else if (department_id && !department) {
		field_error(e, "department", _("Choose the official's department."));
		rc = OUTCOME_INVALID;
	} else if (existing > 0) {
		/* Someone who has an account gets a new role at its page, not a second account. */
		bool disabled = account_get(st, existing, &acc) == OUTCOME_OK && acc.disabled;
		field_error(e, "email", disabled ? _("That address belongs to a disabled account. Enable it and change its "
						     "role on the account's page instead.")
						 : _("That address already has an account. Change its role on the account's "
						     "page instead."));
		rc = OUTCOME_INVALID;
	}
	char token[ACCOUNT_TOKEN_LEN + 1] = "";
	if (rc == OUTCOME_OK) {
		long long id = account_token_create_staff(st, norm, role_code(role), department_id, token);
		json_t *detail = json_pack("{s:s,s:s}", "email", norm, "role", role_code(role));
		if (department_id)
			json_object_set_new(detail, "department_id", json_integer(department_id));
		if (id <= 0 || audit_record_json(st, by->id, "account_token", id, "invite_staff", detail) != 0 ||
		    mail_invitation(st, a, by, norm, role, department, token, base_url) != 0)
			rc = store_outcome(st);
	}
	sodium_memzero(token, sizeof token);
	return store_finish(st, rc);
}

/* Fills out from a checked token. OUTCOME_OK, or the store's outcome. */
static enum outcome invitation_of(struct store *st, struct arena *a, const struct account_token *t,
				  struct staff_invitation *out)
{
	*out = (struct staff_invitation){
		.token_id = t->id,
		.email = arena_strdup(a, t->email),
		.role = role_from_code(t->role),
		.department_id = t->department_id,
	};
	bool failed = false;
	if (t->department_id)
		out->department_name = department_name(st, a, t->department_id, &failed);
	return failed ? store_outcome(st) : OUTCOME_OK;
}

enum outcome staff_invitation_check(struct store *st, struct arena *a, const char *token, struct staff_invitation *out,
				    enum token_problem *why)
{
	struct account_token t;
	enum outcome o = account_token_check(st, token, TOKEN_STAFF, &t);
	*why = t.problem;
	return o == OUTCOME_OK ? invitation_of(st, a, &t, out) : o;
}

enum outcome staff_invitation_accept(struct store *st, struct arena *a, const char *token, const char *name,
				     const char *password, long long *account_id, struct field_errors *e,
				     enum token_problem *why)
{
	*account_id = 0;
	*why = TOKEN_FINE;
	account_name_field(e, a, &name);
	const char *problem = account_password_problem(password);
	if (problem)
		field_error(e, "password", problem);
	if (e->n)
		return OUTCOME_INVALID;
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct account_token t;
	enum outcome rc = account_token_consume(st, token, TOKEN_STAFF, &t);
	*why = t.problem;
	long long existing = rc == OUTCOME_OK ? account_id_by_email(st, t.email) : 0;
	if (existing < 0) {
		rc = store_outcome(st);
	} else if (existing > 0) {
		*why = TOKEN_ADDRESS_TAKEN;
		rc = OUTCOME_CONFLICT;
	}
	if (rc == OUTCOME_OK) {
		enum role role = role_from_code(t.role);
		char err[256];
		/* account_create counts the address as confirmed: the link in the mail proved it. It
		 * hashes the password inside this transaction, which holds SQLite's write lock that much
		 * longer; an acceptance is rare enough for that, and the token and the account then stand
		 * or fall together. */
		*account_id = account_create(st, t.email, name, password, role, role == ROLE_OFFICIAL ? t.department_id : 0,
					     err, sizeof err);
		json_t *detail = NULL;
		if (*account_id > 0) {
			detail = json_pack("{s:I,s:s}", "token_id", (json_int_t)t.id, "role", t.role);
			if (t.department_id)
				json_object_set_new(detail, "department_id", json_integer(t.department_id));
		}
		if (*account_id <= 0 ||
		    audit_record_json(st, *account_id, "account", *account_id, "accept_invitation", detail) != 0)
			rc = store_errcode(st) ? store_outcome(st) : OUTCOME_FAILED;
	}
	rc = store_finish(st, rc);
	if (rc != OUTCOME_OK)
		*account_id = 0;
	return rc;
}
