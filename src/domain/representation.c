/* representation: requests, answers, invitations, assignment and leaving — each change one
 * transaction holding its audit rows and the notifications that tell people about it. */
#include "domain/representation.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "domain/account_token.h"
#include "domain/audit.h"
#include "domain/notification.h"
#include "domain/outbox.h"
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Small pieces ---------------------------------------------------------------------------- */

/* Writes one audit row; takes ownership of detail (a JSON object, may be NULL). */
static int audit(struct store *st, long long by, const char *entity, long long id, const char *action, json_t *detail)
{
	char *s = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(detail);
	int rc = audit_record(st, by, entity, id, action, s ? s : "{}");
	free(s);
	return rc;
}

/* Ends a transaction: commits when rc is REPR_OK, else rolls back; a failed commit is a store error. */
static enum repr_result finish(struct store *st, enum repr_result rc)
{
	if (rc == REPR_OK && store_commit(st) == 0)
		return REPR_OK;
	store_rollback(st);
	return rc == REPR_OK ? REPR_STORE_ERROR : rc;
}

static bool is_coordinator(const struct account *a) { return a && a->role >= ROLE_COORDINATOR; }

/* The organisation's name (malloc'd), or NULL when there is none. */
static char *organisation_name(struct store *st, long long organisation_id)
{
	return store_text(st, "SELECT name FROM organisation WHERE id = $1", ARGS(SV_I(organisation_id)));
}

struct recipient {
	long long id;
	char lang[4];
	char name[256];
};

/* Reads one account that may be told something (enabled), or false. */
static bool recipient_load(struct store *st, long long account_id, struct recipient *out)
{
	struct cursor *c = store_query(st, "SELECT id, lang, name FROM account WHERE id = $1 AND disabled = 0",
				       ARGS(SV_I(account_id)));
	bool found = cursor_next(c);
	if (found) {
		out->id = cursor_int(c, 0);
		snprintf(out->lang, sizeof out->lang, "%s", cursor_text(c, 1));
		snprintf(out->name, sizeof out->name, "%s", cursor_text(c, 2));
	}
	return cursor_close(c) == 0 && found;
}

/* The people who answer for an organisation: its representatives and every coordinator, except
 * `except` (the person the news is about). Collected before anyone is told, so no cursor is
 * open while notification_create writes. Returns the count (the array is malloc'd) or -1. */
static int managers(struct store *st, long long organisation_id, long long except, struct recipient **out)
{
	*out = NULL;
	int n = 0, cap = 0;
	struct cursor *c = store_query(st,
		"SELECT id, lang, name FROM account WHERE disabled = 0 AND id <> $2 AND "
		"(role = 'coordinator' OR id IN (SELECT account_id FROM representative WHERE organisation_id = $1)) "
		"ORDER BY id",
		ARGS(SV_I(organisation_id), SV_I(except)));
	while (cursor_next(c)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			struct recipient *grown = realloc(*out, sizeof **out * (size_t)cap);
			if (!grown) {
				cursor_close(c);
				free(*out);
				*out = NULL;
				return -1;
			}
			*out = grown;
		}
		struct recipient *r = &(*out)[n++];
		r->id = cursor_int(c, 0);
		snprintf(r->lang, sizeof r->lang, "%s", cursor_text(c, 1));
		snprintf(r->name, sizeof r->name, "%s", cursor_text(c, 2));
	}
	if (cursor_close(c) != 0) {
		free(*out);
		*out = NULL;
		return -1;
	}
	return n;
}

/* Tells one person something, in their own language: the title and body are format strings
 * (msgids) taking up to two strings, translated after switching to the recipient's language.
 * `quote`, when not empty, is someone's own words, added after the body as they wrote them. */
static int tell(struct store *st, const struct recipient *to, const char *title_fmt, const char *body_fmt,
		const char *a1, const char *a2, const char *quote, const char *link)
{
	char saved[4];
	snprintf(saved, sizeof saved, "%s", i18n_lang());
	i18n_set_lang(to->lang);
	char title[600];
	struct buf body = BUF_INIT;
	snprintf(title, sizeof title, i18n_translate(title_fmt), a1 ? a1 : "", a2 ? a2 : "");
	buf_printf(&body, i18n_translate(body_fmt), a1 ? a1 : "", a2 ? a2 : "");
	if (quote && *quote) {
		buf_puts(&body, "\n\n");
		buf_puts(&body, quote);
	}
	i18n_set_lang(saved);
	int rc = notification_create(st, to->id, NOTIFY_REPRESENTATION, title, buf_str(&body), link) > 0 ? 0 : -1;
	buf_free(&body);
	return rc;
}

/* Adds the relation and raises a 'person' to 'representative', with audit rows for both. */
static int add_representative(struct store *st, long long by, long long account_id, long long organisation_id,
			      const char *via)
{
	if (account_add_representative(st, account_id, organisation_id) != 0)
		return -1;
	if (audit(st, by, "organisation", organisation_id, "representative_add",
		  json_pack("{s:I,s:s}", "account_id", (json_int_t)account_id, "via", via)) != 0)
		return -1;
	long long raised = store_exec(st, "UPDATE account SET role = 'representative' WHERE id = $1 AND role = 'person'",
				      ARGS(SV_I(account_id)));
	if (raised < 0)
		return -1;
	if (raised == 1 && audit(st, by, "account", account_id, "role",
				 json_pack("{s:s,s:s,s:s}", "from", "person", "to", "representative", "why", via)) != 0)
		return -1;
	return 0;
}

/* A pending request the account has for the organisation is settled by another way in
 * (assignment, invitation): it is marked approved so nobody is asked to answer it any more. */
static int settle_pending(struct store *st, long long by, long long account_id, long long organisation_id)
{
	char now[21];
	clock_iso(clock_now(), now);
	long long id = representation_pending_request(st, account_id, organisation_id);
	if (id < 0)
		return -1;
	if (id == 0)
		return 0;
	if (store_exec(st,
		       "UPDATE representation_request SET status = 'approved', decided_at = $1, decided_by = $2 "
		       "WHERE id = $3 AND status = 'pending'",
		       ARGS(SV_T(now), by ? SV_I(by) : SV_NULLV, SV_I(id))) < 0)
		return -1;
	return audit(st, by, "representation_request", id, "approve",
		     json_pack("{s:I,s:I,s:b}", "organisation_id", (json_int_t)organisation_id, "account_id",
			       (json_int_t)account_id, "settled", 1));
}

/* ---- Who may manage -------------------------------------------------------------------------- */

bool representation_may_manage(struct store *st, const struct account *by, long long organisation_id)
{
	if (!by || organisation_id <= 0)
		return false;
	if (is_coordinator(by))
		return true;
	return account_represents(st, by->id, organisation_id);
}

/* ---- Requests -------------------------------------------------------------------------------- */

long long representation_pending_request(struct store *st, long long account_id, long long organisation_id)
{
	return store_int(st,
			 "SELECT id FROM representation_request WHERE account_id = $1 AND organisation_id = $2 "
			 "AND status = 'pending' ORDER BY id LIMIT 1",
			 ARGS(SV_I(account_id), SV_I(organisation_id)), 0);
}

enum repr_result representation_request(struct store *st, const struct account *who, long long organisation_id,
					const char *message, long long *request_id)
{
	*request_id = 0;
	if (!who || organisation_id <= 0)
		return REPR_NOT_FOUND;
	if (!message)
		message = "";
	if (strlen(message) > REPR_MESSAGE_MAX)
		return REPR_INVALID;
	if (store_begin(st) != 0)
		return REPR_STORE_ERROR;
	/* Takes the account's row lock on PostgreSQL (a no-op write on SQLite, whose BEGIN IMMEDIATE
	 * already serialises writers), so two requests sent at once cannot both pass the duplicate
	 * check below. */
	if (store_exec(st, "UPDATE account SET disabled = disabled WHERE id = $1", ARGS(SV_I(who->id))) != 1)
		return finish(st, REPR_STORE_ERROR);
	/* A hidden organisation does not exist for those who may not see it. */
	long long visible = store_int(st, "SELECT public FROM organisation WHERE id = $1", ARGS(SV_I(organisation_id)), -2);
	if (visible == -1)
		return finish(st, REPR_STORE_ERROR);
	if (visible == -2 || (visible == 0 && who->role < ROLE_OFFICIAL))
		return finish(st, REPR_NOT_FOUND);
	if (account_represents(st, who->id, organisation_id))
		return finish(st, REPR_ALREADY);
	long long pending = representation_pending_request(st, who->id, organisation_id);
	if (pending != 0)
		return finish(st, pending > 0 ? REPR_DUPLICATE : REPR_STORE_ERROR);

	char now[21];
	clock_iso(clock_now(), now);
	long long id = store_int(st,
				 "INSERT INTO representation_request (account_id, organisation_id, message, created_at) "
				 "VALUES ($1, $2, $3, $4) RETURNING id",
				 ARGS(SV_I(who->id), SV_I(organisation_id), SV_T(message), SV_T(now)), 0);
	if (id <= 0 || audit(st, who->id, "representation_request", id, "create",
			     json_pack("{s:I,s:I}", "organisation_id", (json_int_t)organisation_id, "account_id",
				       (json_int_t)who->id)) != 0)
		return finish(st, REPR_STORE_ERROR);

	char *org = organisation_name(st, organisation_id);
	struct recipient *to = NULL;
	int n = org ? managers(st, organisation_id, who->id, &to) : -1;
	char link[64];
	snprintf(link, sizeof link, "/organisationer/%lld#foretradare", organisation_id);
	enum repr_result rc = n < 0 ? REPR_STORE_ERROR : REPR_OK;
	for (int i = 0; rc == REPR_OK && i < n; i++)
		if (tell(st, &to[i], N_("%s asks to represent %s"),
			 *message ? N_("%s asks to represent %s in samverkan. Their message is below; approve or decline "
				       "the request on the organisation's page.") :
				    N_("%s asks to represent %s in samverkan. Approve or decline the request on the "
				       "organisation's page."),
			 who->name, org, message, link) != 0)
			rc = REPR_STORE_ERROR;
	free(to);
	free(org);
	if (rc == REPR_OK)
		*request_id = id;
	return finish(st, rc);
}

enum repr_result representation_withdraw(struct store *st, const struct account *who, long long organisation_id)
{
	if (!who)
		return REPR_NOT_FOUND;
	if (store_begin(st) != 0)
		return REPR_STORE_ERROR;
	long long id = representation_pending_request(st, who->id, organisation_id);
	if (id <= 0)
		return finish(st, id < 0 ? REPR_STORE_ERROR : REPR_NOT_FOUND);
	char now[21];
	clock_iso(clock_now(), now);
	if (store_exec(st,
		       "UPDATE representation_request SET status = 'withdrawn', decided_at = $1, decided_by = $2 "
		       "WHERE id = $3 AND status = 'pending'",
		       ARGS(SV_T(now), SV_I(who->id), SV_I(id))) != 1 ||
	    audit(st, who->id, "representation_request", id, "withdraw",
		  json_pack("{s:I,s:I}", "organisation_id", (json_int_t)organisation_id, "account_id", (json_int_t)who->id)) != 0)
		return finish(st, REPR_STORE_ERROR);
	return finish(st, REPR_OK);
}

enum repr_result representation_decide(struct store *st, const struct account *by, long long organisation_id,
				       long long request_id, bool approve)
{
	if (!by || request_id <= 0 || organisation_id <= 0)
		return REPR_NOT_FOUND;
	if (store_begin(st) != 0)
		return REPR_STORE_ERROR;
	long long account_id = 0, org = 0;
	char status[16] = "";
	struct cursor *c = store_query(st,
		"SELECT account_id, organisation_id, status FROM representation_request WHERE id = $1", ARGS(SV_I(request_id)));
	if (cursor_next(c)) {
		account_id = cursor_int(c, 0);
		org = cursor_int(c, 1);
		snprintf(status, sizeof status, "%s", cursor_text(c, 2));
	}
	if (cursor_close(c) != 0)
		return finish(st, REPR_STORE_ERROR);
	/* A request is answered on its own organisation's page: an id from another is not found. */
	if (!account_id || org != organisation_id)
		return finish(st, REPR_NOT_FOUND);
	if (!representation_may_manage(st, by, organisation_id))
		return finish(st, REPR_FORBIDDEN);
	if (strcmp(status, "pending") != 0)
		return finish(st, REPR_DECIDED);

	char now[21];
	clock_iso(clock_now(), now);
	/* "AND status = 'pending'": of two answers sent at once, only the first changes the row. */
	long long changed = store_exec(st,
		"UPDATE representation_request SET status = $1, decided_at = $2, decided_by = $3 "
		"WHERE id = $4 AND status = 'pending'",
		ARGS(SV_T(approve ? "approved" : "declined"), SV_T(now), SV_I(by->id), SV_I(request_id)));
	if (changed != 1)
		return finish(st, changed == 0 ? REPR_DECIDED : REPR_STORE_ERROR);
	if (audit(st, by->id, "representation_request", request_id, approve ? "approve" : "decline",
		  json_pack("{s:I,s:I}", "organisation_id", (json_int_t)organisation_id, "account_id",
			    (json_int_t)account_id)) != 0)
		return finish(st, REPR_STORE_ERROR);
	if (approve && add_representative(st, by->id, account_id, organisation_id, "request") != 0)
		return finish(st, REPR_STORE_ERROR);

	struct recipient to;
	char *name = organisation_name(st, organisation_id);
	enum repr_result rc = name ? REPR_OK : REPR_STORE_ERROR;
	char link[64];
	snprintf(link, sizeof link, "/organisationer/%lld", organisation_id);
	if (rc == REPR_OK && recipient_load(st, account_id, &to) &&
	    tell(st, &to, approve ? N_("You now represent %s") : N_("Your request to represent %s was declined"),
		 approve ? N_("Your request to represent %s in samverkan has been approved. You can now keep the "
			      "organisation's details up to date.")
			 : N_("Your request to represent %s in samverkan has been declined. If you think this is a "
			      "mistake, contact the organisation or the municipality's coordinator."),
		 name, NULL, NULL, link) != 0)
		rc = REPR_STORE_ERROR;
	free(name);
	return finish(st, rc);
}

/* ---- Leaving and assigning ---------------------------------------------------------------------- */

long long representation_count(struct store *st, long long organisation_id)
{
	return store_int(st, "SELECT COUNT(*) FROM representative WHERE organisation_id = $1", ARGS(SV_I(organisation_id)),
			 -1);
}

enum repr_result representation_leave(struct store *st, const struct account *who, long long organisation_id,
				      bool *was_last)
{
	*was_last = false;
	if (!who)
		return REPR_NOT_FOUND;
	if (store_begin(st) != 0)
		return REPR_STORE_ERROR;
	long long removed = store_exec(st, "DELETE FROM representative WHERE account_id = $1 AND organisation_id = $2",
				       ARGS(SV_I(who->id), SV_I(organisation_id)));
	if (removed != 1)
		return finish(st, removed == 0 ? REPR_NOT_MEMBER : REPR_STORE_ERROR);
	long long left = representation_count(st, organisation_id);
	if (left < 0 || audit(st, who->id, "organisation", organisation_id, "representative_remove",
			      json_pack("{s:I,s:s,s:I}", "account_id", (json_int_t)who->id, "via", "leave", "remaining",
					(json_int_t)left)) != 0)
		return finish(st, REPR_STORE_ERROR);
	/* A representative of nothing is a signed-in person again. */
	long long lowered = store_exec(st,
		"UPDATE account SET role = 'person' WHERE id = $1 AND role = 'representative' AND "
		"NOT EXISTS (SELECT 1 FROM representative WHERE account_id = $1)",
		ARGS(SV_I(who->id)));
	if (lowered < 0 || (lowered == 1 && audit(st, who->id, "account", who->id, "role",
						  json_pack("{s:s,s:s,s:s}", "from", "representative", "to", "person",
							    "why", "leave")) != 0))
		return finish(st, REPR_STORE_ERROR);

	/* Nobody can let anyone in now: the coordinators are told so that one of them assigns someone. */
	enum repr_result rc = REPR_OK;
	if (left == 0) {
		*was_last = true;
		char *org = organisation_name(st, organisation_id);
		struct recipient *to = NULL;
		int n = org ? managers(st, organisation_id, who->id, &to) : -1;
		char link[64];
		snprintf(link, sizeof link, "/organisationer/%lld#foretradare", organisation_id);
		if (n < 0)
			rc = REPR_STORE_ERROR;
		for (int i = 0; rc == REPR_OK && i < n; i++)
			if (tell(st, &to[i], N_("%s no longer has a representative"),
				 N_("The last representative of %s has left. Assign a new representative on the "
				    "organisation's page, or invite someone by e-mail."),
				 org, NULL, NULL, link) != 0)
				rc = REPR_STORE_ERROR;
		free(to);
		free(org);
	}
	return finish(st, rc);
}

/* The enabled account with this address: its id, or 0; -1 on a store error. */
static long long account_by_email(struct store *st, const char *email)
{
	char norm[256];
	account_normalise_email(email, norm, sizeof norm);
	return store_int(st, "SELECT id FROM account WHERE email = $1 AND disabled = 0", ARGS(SV_T(norm)), 0);
}

static bool email_plausible(const char *email)
{
	char norm[256];
	account_normalise_email(email, norm, sizeof norm);
	const char *at = strchr(norm, '@');
	return at && at > norm && at[1] && !strchr(at + 1, '@') && strlen(norm) < 255 && !strpbrk(norm, " \t\r\n<>,;\"");
}

enum repr_result representation_assign(struct store *st, const struct account *by, long long organisation_id,
				       const char *email)
{
	if (!is_coordinator(by))
		return REPR_FORBIDDEN;
	if (!email || !email_plausible(email))
		return REPR_INVALID;
	if (store_begin(st) != 0)
		return REPR_STORE_ERROR;
	char *org = organisation_name(st, organisation_id);
	if (!org)
		return finish(st, store_errcode(st) ? REPR_STORE_ERROR : REPR_NOT_FOUND);
	long long account_id = account_by_email(st, email);
	enum repr_result rc = REPR_OK;
	struct recipient to;
	char link[64];
	snprintf(link, sizeof link, "/organisationer/%lld", organisation_id);
	if (account_id < 0)
		rc = REPR_STORE_ERROR;
	else if (account_id == 0)
		rc = REPR_NOT_FOUND;
	else if (account_represents(st, account_id, organisation_id))
		rc = REPR_ALREADY;
	else if (add_representative(st, by->id, account_id, organisation_id, "assignment") != 0 ||
		 settle_pending(st, by->id, account_id, organisation_id) != 0 || !recipient_load(st, account_id, &to) ||
		 tell(st, &to, N_("You now represent %s"),
		      N_("The municipality's coordinator has made you a representative of %s in samverkan. You can "
			 "now keep the organisation's details up to date."),
		      org, NULL, NULL, link) != 0)
		rc = REPR_STORE_ERROR;
	free(org);
	return finish(st, rc);
}

/* ---- Invitations ----------------------------------------------------------------------------- */

enum repr_result representation_invite(struct store *st, const struct account *by, long long organisation_id,
				       const char *email, const char *base_url)
{
	if (!is_coordinator(by))
		return REPR_FORBIDDEN;
	if (!email || !email_plausible(email))
		return REPR_INVALID;
	char norm[256];
	account_normalise_email(email, norm, sizeof norm);
	if (store_begin(st) != 0)
		return REPR_STORE_ERROR;
	char *org = organisation_name(st, organisation_id);
	if (!org)
		return finish(st, store_errcode(st) ? REPR_STORE_ERROR : REPR_NOT_FOUND);
	enum repr_result rc = REPR_OK;
	/* The message goes out in the language of the address's account, if it has one; else Swedish. */
	long long existing = 0;
	char lang[4] = "sv";
	struct cursor *c = store_query(st, "SELECT id, lang FROM account WHERE email = $1", ARGS(SV_T(norm)));
	if (cursor_next(c)) {
		existing = cursor_int(c, 0);
		snprintf(lang, sizeof lang, "%s", cursor_text(c, 1));
	}
	if (cursor_close(c) != 0)
		rc = REPR_STORE_ERROR;
	else if (existing > 0 && account_represents(st, existing, organisation_id))
		rc = REPR_ALREADY; /* someone who already represents it needs no invitation */

	char token[ACCOUNT_TOKEN_LEN + 1] = "";
	long long token_id = 0;
	if (rc == REPR_OK) {
		token_id = account_token_create(st, TOKEN_INVITE, existing, norm, organisation_id, token);
		if (token_id <= 0 || audit(st, by->id, "account_token", token_id, "invite",
					   json_pack("{s:I,s:s,s:b}", "organisation_id", (json_int_t)organisation_id, "email",
						     norm, "has_account", existing > 0)) != 0)
			rc = REPR_STORE_ERROR;
	}
	if (rc == REPR_OK) {
		char saved[4];
		snprintf(saved, sizeof saved, "%s", i18n_lang());
		i18n_set_lang(lang);
		char subject[600];
		struct buf text = BUF_INIT;
		snprintf(subject, sizeof subject, _("Invitation to represent %s"), org);
		buf_printf(&text,
			   _("Hello,\n\n%s, the municipality's coordinator, invites you to represent %s in samverkan, "
			     "where the municipality and civil society work together.\n\n"
			     "Open this link to accept the invitation:\n"),
			   by->name, org);
		size_t n = base_url ? strlen(base_url) : 0;
		while (n > 0 && base_url[n - 1] == '/')
			n--;
		buf_printf(&text, "%.*s%s%s\n\n", (int)n, base_url ? base_url : "", REPR_INVITATION_PATH "?token=", token);
		buf_puts(&text, existing > 0
					? _("Sign in with this e-mail address, then accept.\n\n")
					: _("You do not have an account yet: create one with this e-mail address from the link, "
					    "then accept.\n\n"));
		buf_printf(&text,
			   _("The link can be used once and is valid for %ld days. If you did not expect this message, "
			     "you can ignore it.\n"),
			   token_lifetime(TOKEN_INVITE) / 86400);
		i18n_set_lang(saved);
		struct mail m = {
			.account_id = existing,
			.to = norm,
			.lang = lang,
			.kind = "transactional",
			.subject = subject,
			.text = buf_str(&text),
		};
		if (outbox_enqueue(st, &m) <= 0)
			rc = REPR_STORE_ERROR;
		buf_free(&text);
	}
	sodium_memzero(token, sizeof token);
	free(org);
	return finish(st, rc);
}

static enum repr_result from_token_result(enum outcome o, const struct account_token *t)
{
	switch (o) {
	case OUTCOME_OK: return REPR_OK;
	case OUTCOME_CONFLICT: return t->problem == TOKEN_USED || t->problem == TOKEN_EXPIRED ? REPR_EXPIRED : REPR_NOT_FOUND;
	case OUTCOME_UNAVAILABLE:
	case OUTCOME_FAILED: return REPR_STORE_ERROR;
	default: return REPR_NOT_FOUND;
	}
}

enum repr_result representation_invitation(struct store *st, struct arena *a, const char *token,
					   struct invitation *out)
{
	memset(out, 0, sizeof *out);
	struct account_token t;
	enum repr_result rc = from_token_result(account_token_check(st, token, TOKEN_INVITE, &t), &t);
	if (rc != REPR_OK)
		return rc;
	char *name = organisation_name(st, t.organisation_id);
	if (!name)
		return store_errcode(st) ? REPR_STORE_ERROR : REPR_NOT_FOUND;
	out->token_id = t.id;
	out->account_id = t.account_id;
	out->organisation_id = t.organisation_id;
	out->organisation_name = arena_strdup(a, name);
	out->email = arena_strdup(a, t.email);
	free(name);
	return REPR_OK;
}

/* Sent to one address, good for that address's account only: a forwarded link opens nothing. The
 * account it was sent to counts too, should it have changed its address since. */
static bool invitation_is_for(const struct account_token *t, const struct account *who)
{
	return (t->account_id && t->account_id == who->id) || strcmp(t->email, who->email) == 0;
}

enum repr_result representation_accept(struct store *st, const struct account *who, const char *token,
				       long long *organisation_id)
{
	*organisation_id = 0;
	if (!who)
		return REPR_FORBIDDEN;
	if (store_begin(st) != 0)
		return REPR_STORE_ERROR;
	/* Checked before it is used up, so someone else's link stays good for its owner. */
	struct account_token t;
	enum repr_result rc = from_token_result(account_token_check(st, token, TOKEN_INVITE, &t), &t);
	if (rc == REPR_OK && !invitation_is_for(&t, who))
		rc = REPR_WRONG_ACCOUNT;
	if (rc == REPR_OK && account_represents(st, who->id, t.organisation_id))
		rc = REPR_ALREADY;
	if (rc == REPR_OK)
		rc = from_token_result(account_token_consume(st, token, TOKEN_INVITE, &t), &t);
	if (rc == REPR_OK) {
		*organisation_id = t.organisation_id;
		if (audit(st, who->id, "account_token", t.id, "accept",
			  json_pack("{s:I,s:I}", "organisation_id", (json_int_t)t.organisation_id, "account_id",
				    (json_int_t)who->id)) != 0 ||
		    add_representative(st, who->id, who->id, t.organisation_id, "invitation") != 0 ||
		    settle_pending(st, who->id, who->id, t.organisation_id) != 0)
			rc = REPR_STORE_ERROR;
	}
	return finish(st, rc);
}

/* ---- Lists for the pages ----------------------------------------------------------------------- */

static int person_rows(struct store *st, struct arena *a, const char *count_sql, const char *sql,
		       long long organisation_id, struct repr_person *out, int max, bool requests)
{
	long long total = store_int(st, count_sql, ARGS(SV_I(organisation_id)), -1);
	if (total < 0)
		return -1;
	struct cursor *c = store_query(st, sql, ARGS(SV_I(organisation_id), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		struct repr_person *p = &out[n++];
		memset(p, 0, sizeof *p);
		p->account_id = cursor_int(c, 0);
		p->name = arena_strdup(a, cursor_text(c, 1));
		p->email = arena_strdup(a, cursor_text(c, 2));
		if (requests) {
			p->request_id = cursor_int(c, 3);
			p->message = arena_strdup(a, cursor_text(c, 4));
			p->at = arena_strdup(a, cursor_text(c, 5));
		}
	}
	if (cursor_close(c) != 0)
		return -1;
	return (int)(total > n ? total : n);
}

int representation_list(struct store *st, struct arena *a, long long organisation_id, struct repr_person *out,
			int max)
{
	return person_rows(st, a, "SELECT COUNT(*) FROM representative WHERE organisation_id = $1",
			   "SELECT a.id, a.name, a.email FROM representative rp JOIN account a ON a.id = rp.account_id "
			   "WHERE rp.organisation_id = $1 ORDER BY a.name, a.id LIMIT $2",
			   organisation_id, out, max, false);
}

int representation_requests(struct store *st, struct arena *a, long long organisation_id, struct repr_person *out,
			    int max)
{
	return person_rows(st, a,
			   "SELECT COUNT(*) FROM representation_request WHERE organisation_id = $1 AND status = 'pending'",
			   "SELECT a.id, a.name, a.email, q.id, q.message, q.created_at FROM representation_request q "
			   "JOIN account a ON a.id = q.account_id WHERE q.organisation_id = $1 AND q.status = 'pending' "
			   "ORDER BY q.id LIMIT $2",
			   organisation_id, out, max, true);
}
