/* representation: requests, answers, invitations, assignment and leaving — each change one
 * transaction holding its audit rows and the notifications that tell people about it. */
#include "domain/representation.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/text.h"
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

static bool is_coordinator(const struct account *a) { return a && a->role >= ROLE_COORDINATOR; }

/* A refusal the person can act on: its reason for the page, and the words the page says. */
static enum outcome refused(struct field_errors *e, enum repr_refusal *why, enum repr_refusal reason)
{
	static const struct {
		enum repr_refusal reason;
		const char *msgid;
	} messages[] = {
		{REPR_REFUSED_ALREADY, N_("That account already represents the organisation.")},
		{REPR_REFUSED_DUPLICATE, N_("You have already asked to represent this organisation. You will be told when "
					    "your request has been answered.")},
		{REPR_REFUSED_DECIDED, N_("That request has already been answered or withdrawn.")},
		{REPR_REFUSED_NOT_MEMBER, N_("You do not represent this organisation.")},
		{REPR_REFUSED_LAST, N_("You are the organisation's only representative.")},
		{REPR_REFUSED_EXPIRED, N_("The link has already been used, or it is more than 14 days old. Ask the "
					  "municipality's coordinator for a new invitation.")},
		{REPR_REFUSED_WRONG_ACCOUNT, N_("The invitation was sent to another e-mail address than the one you are "
						"logged in with. Log out, then log in with the account for that address, or "
						"create one.")},
		{REPR_REFUSED_UNKNOWN_LINK, N_("Check that the whole link from the e-mail was copied, or ask the "
					       "municipality's coordinator for a new invitation.")},
	};
	if (why)
		*why = reason;
	for (size_t i = 0; e && i < sizeof messages / sizeof messages[0]; i++)
		if (messages[i].reason == reason)
			field_error(e, NULL, _(messages[i].msgid));
	return reason == REPR_REFUSED_WRONG_ACCOUNT ? OUTCOME_FORBIDDEN
	       : reason == REPR_REFUSED_UNKNOWN_LINK ? OUTCOME_NOT_FOUND
						     : OUTCOME_CONFLICT;
}

static const char *const request_states[] = {
	[REQUEST_PENDING] = "pending",
	[REQUEST_APPROVED] = "approved",
	[REQUEST_DECLINED] = "declined",
	[REQUEST_WITHDRAWN] = "withdrawn",
};

const char *repr_request_state_code(enum repr_request_state s) { return request_states[s]; }

bool repr_request_state_from_code(const char *code, enum repr_request_state *out)
{
	for (size_t i = 0; code && i < sizeof request_states / sizeof request_states[0]; i++)
		if (strcmp(code, request_states[i]) == 0) {
			*out = (enum repr_request_state)i;
			return true;
		}
	return false;
}

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
	if (audit_record_json(st, by, "organisation", organisation_id, "representative_add",
		  json_pack("{s:I,s:s}", "account_id", (json_int_t)account_id, "via", via)) != 0)
		return -1;
	int raised = account_role_after_representing(st, account_id);
	if (raised < 0)
		return -1;
	if (raised == 1 && audit_record_json(st, by, "account", account_id, "role",
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
	return audit_record_json(st, by, "representation_request", id, "approve",
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

enum outcome representation_request(struct store *st, struct arena *a, const struct account *who,
				    long long organisation_id, const char *message, long long *request_id,
				    struct field_errors *e, enum repr_refusal *why)
{
	*request_id = 0;
	if (!who || organisation_id <= 0)
		return OUTCOME_NOT_FOUND;
	if (!field_text(e, a, "message", &message, true, REPR_MESSAGE_MAX, NULL,
			arena_printf(a, _("Keep the message to at most %d characters."), REPR_MESSAGE_MAX)))
		return OUTCOME_INVALID;
	if (store_begin(st) != 0)
		return store_outcome(st);
	/* Takes the account's row lock on PostgreSQL (a no-op write on SQLite, whose BEGIN IMMEDIATE
	 * already serialises writers), so two requests sent at once cannot both pass the duplicate
	 * check below. */
	if (account_lock(st, who->id) != 0)
		return store_finish(st, store_outcome(st));
	/* A hidden organisation does not exist for those who may not see it. */
	long long visible = store_int(st, "SELECT public FROM organisation WHERE id = $1", ARGS(SV_I(organisation_id)), -2);
	if (visible == -1)
		return store_finish(st, store_outcome(st));
	if (visible == -2 || (visible == 0 && who->role < ROLE_OFFICIAL))
		return store_finish(st, OUTCOME_NOT_FOUND);
	if (account_represents(st, who->id, organisation_id))
		return store_finish(st, refused(e, why, REPR_REFUSED_ALREADY));
	long long pending = representation_pending_request(st, who->id, organisation_id);
	if (pending != 0)
		return store_finish(st, pending > 0 ? refused(e, why, REPR_REFUSED_DUPLICATE) : store_outcome(st));

	char now[21];
	clock_iso(clock_now(), now);
	long long id = store_int(st,
				 "INSERT INTO representation_request (account_id, organisation_id, message, created_at) "
				 "VALUES ($1, $2, $3, $4) RETURNING id",
				 ARGS(SV_I(who->id), SV_I(organisation_id), SV_T(message), SV_T(now)), 0);
	if (id <= 0 || audit_record_json(st, who->id, "representation_request", id, "create",
			     json_pack("{s:I,s:I}", "organisation_id", (json_int_t)organisation_id, "account_id",
				       (json_int_t)who->id)) != 0)
		return store_finish(st, store_outcome(st));

	char *org = organisation_name(st, organisation_id);
	struct recipient *to = NULL;
	int n = org ? managers(st, organisation_id, who->id, &to) : -1;
	char link[64];
	snprintf(link, sizeof link, "/organisationer/%lld#foretradare", organisation_id);
	enum outcome rc = n < 0 ? store_outcome(st) : OUTCOME_OK;
	for (int i = 0; rc == OUTCOME_OK && i < n; i++)
		if (tell(st, &to[i], N_("%s asks to represent %s"),
			 *message ? N_("%s asks to represent %s in samverkan. Their message is below; approve or decline "
				       "the request on the organisation's page.") :
				    N_("%s asks to represent %s in samverkan. Approve or decline the request on the "
				       "organisation's page."),
			 who->name, org, message, link) != 0)
			rc = store_outcome(st);
	free(to);
	free(org);
	if (rc == OUTCOME_OK)
		*request_id = id;
	return store_finish(st, rc);
}

enum outcome representation_withdraw(struct store *st, const struct account *who, long long organisation_id)
{
	if (!who)
		return OUTCOME_NOT_FOUND;
	if (store_begin(st) != 0)
		return store_outcome(st);
	long long id = representation_pending_request(st, who->id, organisation_id);
	if (id <= 0)
		return store_finish(st, id < 0 ? store_outcome(st) : OUTCOME_NOT_FOUND);
	char now[21];
	clock_iso(clock_now(), now);
	if (store_exec(st,
		       "UPDATE representation_request SET status = 'withdrawn', decided_at = $1, decided_by = $2 "
		       "WHERE id = $3 AND status = 'pending'",
		       ARGS(SV_T(now), SV_I(who->id), SV_I(id))) != 1 ||
	    audit_record_json(st, who->id, "representation_request", id, "withdraw",
		  json_pack("{s:I,s:I}", "organisation_id", (json_int_t)organisation_id, "account_id", (json_int_t)who->id)) != 0)
		return store_finish(st, store_outcome(st));
	return store_finish(st, OUTCOME_OK);
}

enum outcome representation_decide(struct store *st, const struct account *by, long long organisation_id,
				   long long request_id, bool approve, struct field_errors *e, enum repr_refusal *why)
{
	if (!by || request_id <= 0 || organisation_id <= 0)
		return OUTCOME_NOT_FOUND;
	if (store_begin(st) != 0)
		return store_outcome(st);
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
		return store_finish(st, store_outcome(st));
	/* A request is answered on its own organisation's page: an id from another is not found. */
	if (!account_id || org != organisation_id)
		return store_finish(st, OUTCOME_NOT_FOUND);
	if (!representation_may_manage(st, by, organisation_id))
		return store_finish(st, OUTCOME_FORBIDDEN);
	enum repr_request_state state;
	if (!repr_request_state_from_code(status, &state) || state != REQUEST_PENDING)
		return store_finish(st, refused(e, why, REPR_REFUSED_DECIDED));

	char now[21];
	clock_iso(clock_now(), now);
	/* "AND status = 'pending'": of two answers sent at once, only the first changes the row. */
	long long changed = store_exec(st,
		"UPDATE representation_request SET status = $1, decided_at = $2, decided_by = $3 "
		"WHERE id = $4 AND status = 'pending'",
		ARGS(SV_T(repr_request_state_code(approve ? REQUEST_APPROVED : REQUEST_DECLINED)), SV_T(now), SV_I(by->id),
		     SV_I(request_id)));
	if (changed != 1)
		return store_finish(st, changed == 0 ? refused(e, why, REPR_REFUSED_DECIDED) : store_outcome(st));
	if (audit_record_json(st, by->id, "representation_request", request_id, approve ? "approve" : "decline",
		  json_pack("{s:I,s:I}", "organisation_id", (json_int_t)organisation_id, "account_id",
			    (json_int_t)account_id)) != 0)
		return store_finish(st, store_outcome(st));
	if (approve && add_representative(st, by->id, account_id, organisation_id, "request") != 0)
		return store_finish(st, store_outcome(st));

	struct recipient to;
	char *name = organisation_name(st, organisation_id);
	enum outcome rc = name ? OUTCOME_OK : store_outcome(st);
	char link[64];
	snprintf(link, sizeof link, "/organisationer/%lld", organisation_id);
	if (rc == OUTCOME_OK && recipient_load(st, account_id, &to) &&
	    tell(st, &to, approve ? N_("You now represent %s") : N_("Your request to represent %s was declined"),
		 approve ? N_("Your request to represent %s in samverkan has been approved. You can now keep the "
			      "organisation's details up to date.")
			 : N_("Your request to represent %s in samverkan has been declined. If you think this is a "
			      "mistake, contact the organisation or the municipality's coordinator."),
		 name, NULL, NULL, link) != 0)
		rc = store_outcome(st);
	free(name);
	return store_finish(st, rc);
}

/* ---- Leaving and assigning ---------------------------------------------------------------------- */

long long representation_count(struct store *st, long long organisation_id)
{
	return store_int(st, "SELECT COUNT(*) FROM representative WHERE organisation_id = $1", ARGS(SV_I(organisation_id)),
			 -1);
}

enum outcome representation_may_leave(struct store *st, const struct account *who, long long organisation_id,
				      struct field_errors *e, enum repr_refusal *why)
{
	if (who && account_represents(st, who->id, organisation_id))
		return OUTCOME_OK;
	return refused(e, why, REPR_REFUSED_NOT_MEMBER);
}

enum outcome representation_leave(struct store *st, const struct account *who, long long organisation_id,
				  bool last_ok, bool *was_last, struct field_errors *e, enum repr_refusal *why)
{
	*was_last = false;
	if (!who)
		return OUTCOME_NOT_FOUND;
	if (store_begin(st) != 0)
		return store_outcome(st);
	long long removed = store_exec(st, "DELETE FROM representative WHERE account_id = $1 AND organisation_id = $2",
				       ARGS(SV_I(who->id), SV_I(organisation_id)));
	if (removed != 1)
		return store_finish(st, removed == 0 ? refused(e, why, REPR_REFUSED_NOT_MEMBER) : store_outcome(st));
	long long left = representation_count(st, organisation_id);
	/* Counted inside the transaction: of two last representatives leaving at once, the second
	 * is warned too. */
	if (left == 0 && !last_ok)
		return store_finish(st, refused(e, why, REPR_REFUSED_LAST));
	if (left < 0 || audit_record_json(st, who->id, "organisation", organisation_id, "representative_remove",
			      json_pack("{s:I,s:s,s:I}", "account_id", (json_int_t)who->id, "via", "leave", "remaining",
					(json_int_t)left)) != 0)
		return store_finish(st, store_outcome(st));
	/* A representative of nothing is a signed-in person again. */
	int lowered = account_role_after_leaving(st, who->id);
	if (lowered < 0 || (lowered == 1 && audit_record_json(st, who->id, "account", who->id, "role",
						  json_pack("{s:s,s:s,s:s}", "from", "representative", "to", "person",
							    "why", "leave")) != 0))
		return store_finish(st, store_outcome(st));

	/* Nobody can let anyone in now: the coordinators are told so that one of them assigns someone. */
	enum outcome rc = OUTCOME_OK;
	if (left == 0) {
		*was_last = true;
		char *org = organisation_name(st, organisation_id);
		struct recipient *to = NULL;
		int n = org ? managers(st, organisation_id, who->id, &to) : -1;
		char link[64];
		snprintf(link, sizeof link, "/organisationer/%lld#foretradare", organisation_id);
		if (n < 0)
			rc = store_outcome(st);
		for (int i = 0; rc == OUTCOME_OK && i < n; i++)
			if (tell(st, &to[i], N_("%s no longer has a representative"),
				 N_("The last representative of %s has left. Assign a new representative on the "
				    "organisation's page, or invite someone by e-mail."),
				 org, NULL, NULL, link) != 0)
				rc = store_outcome(st);
		free(to);
		free(org);
	}
	return store_finish(st, rc);
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

/* The address as typed, under the text contract, when it looks like one; NULL when not. */
static const char *plausible_email(struct arena *a, const char *email)
{
	if (text_field(a, email, false, 254, &email) != TEXT_OK || !email_plausible(email))
		return NULL;
	return email;
}

enum outcome representation_assign(struct store *st, struct arena *a, const struct account *by,
				   long long organisation_id, const char *email, struct field_errors *e)
{
	if (!is_coordinator(by))
		return OUTCOME_FORBIDDEN;
	email = plausible_email(a, email);
	if (!email) {
		field_error(e, "email", _("Enter the e-mail address of an account, like name@example.se."));
		return OUTCOME_INVALID;
	}
	if (store_begin(st) != 0)
		return store_outcome(st);
	char *org = organisation_name(st, organisation_id);
	if (!org)
		return store_finish(st, store_errcode(st) ? store_outcome(st) : OUTCOME_NOT_FOUND);
	long long account_id = account_by_email(st, email);
	enum outcome rc = OUTCOME_OK;
	struct recipient to;
	char link[64];
	snprintf(link, sizeof link, "/organisationer/%lld", organisation_id);
	if (account_id < 0) {
		rc = store_outcome(st);
	} else if (account_id == 0) {
		field_error(e, "email", _("No active account has that e-mail address. Invite the person by e-mail instead."));
		rc = OUTCOME_INVALID;
	} else if (account_represents(st, account_id, organisation_id)) {
		field_error(e, "email", _("That account already represents the organisation."));
		rc = OUTCOME_INVALID;
	} else if
 (add_representative(st, by->id, account_id, organisation_id, "assignment") != 0 ||
		   settle_pending(st, by->id, account_id, organisation_id) != 0 || !recipient_load(st, account_id, &to) ||
		   tell(st, &to, N_("You now represent %s"),
			N_("The municipality's coordinator has made you a representative of %s in samverkan. You can "
			   "now keep the organisation's details up to date."),
			org, NULL, NULL, link) != 0) {
		rc = store_outcome(st);
	}
	free(org);
	return store_finish(st, rc);
}

/* ---- Invitations ----------------------------------------------------------------------------- */

enum outcome representation_invite(struct store *st, struct arena *a, const struct account *by,
				   long long organisation_id, const char *email, const char *base_url,
				   struct field_errors *e)
{
	if (!is_coordinator(by))
		return OUTCOME_FORBIDDEN;
	email = plausible_email(a, email);
	if (!email) {
		field_error(e, "email", _("Enter an e-mail address, like name@example.se."));
		return OUTCOME_INVALID;
	}
	char norm[256];
	account_normalise_email(email, norm, sizeof norm);
	if (store_begin(st) != 0)
		return store_outcome(st);
	char *org = organisation_name(st, organisation_id);
	if (!org)
		return store_finish(st, store_errcode(st) ? store_outcome(st) : OUTCOME_NOT_FOUND);
	enum outcome rc = OUTCOME_OK;
	/* The message goes out in the language of the address's account, if it has one; else Swedish. */
	long long existing = 0;
	char lang[4] = "sv";
	struct cursor *c = store_query(st, "SELECT id, lang FROM account WHERE email = $1", ARGS(SV_T(norm)));
	if (cursor_next(c)) {
		existing = cursor_int(c, 0);
		snprintf(lang, sizeof lang, "%s", cursor_text(c, 1));
	}
	if (cursor_close(c) != 0) {
		rc = store_outcome(st);
	} else if (existing > 0 && account_represents(st, existing, organisation_id)) {
		/* someone who already represents it needs no invitation */
		field_error(e, "email", _("The account with that address already represents the organisation."));
		rc = OUTCOME_INVALID;
	}

	char token[ACCOUNT_TOKEN_LEN + 1] = "";
	long long token_id = 0;
	if (rc == OUTCOME_OK) {
		token_id = account_token_create(st, TOKEN_INVITE, existing, norm, organisation_id, token);
		if (token_id <= 0 || audit_record_json(st, by->id, "account_token", token_id, "invite",
					   json_pack("{s:I,s:s,s:b}", "organisation_id", (json_int_t)organisation_id, "email",
						     norm, "has_account", existing > 0)) != 0)
			rc = store_outcome(st);
	}
	if (rc == OUTCOME_OK) {
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
			rc = store_outcome(st);
		buf_free(&text);
	}
	sodium_memzero(token, sizeof token);
	free(org);
	return store_finish(st, rc);
}

static enum outcome from_token_result(enum outcome o, const struct account_token *t, struct field_errors *e,
				      enum repr_refusal *why)
{
	switch (o) {
	case OUTCOME_OK: return OUTCOME_OK;
	case OUTCOME_UNAVAILABLE:
	case OUTCOME_FAILED: return o;
	case OUTCOME_CONFLICT:
		if (t->problem == TOKEN_USED || t->problem == TOKEN_EXPIRED)
			return refused(e, why, REPR_REFUSED_EXPIRED);
		break;
	default: break;
	}
	return refused(e, why, REPR_REFUSED_UNKNOWN_LINK);
}

enum outcome representation_invitation(struct store *st, struct arena *a, const char *token, struct invitation *out,
				       struct field_errors *e, enum repr_refusal *why)
{
	memset(out, 0, sizeof *out);
	struct account_token t;
	enum outcome rc = from_token_result(account_token_check(st, token, TOKEN_INVITE, &t), &t, e, why);
	if (rc != OUTCOME_OK)
		return rc;
	char *name = organisation_name(st, t.organisation_id);
	if (!name)
		return store_errcode(st) ? store_outcome(st) : refused(e, why, REPR_REFUSED_UNKNOWN_LINK);
	out->token_id = t.id;
	out->account_id = t.account_id;
	out->organisation_id = t.organisation_id;
	out->organisation_name = arena_strdup(a, name);
	out->email = arena_strdup(a, t.email);
	free(name);
	return OUTCOME_OK;
}

/* Sent to one address, good for that address's account only: a forwarded link opens nothing. The
 * account it was sent to counts too, should it have changed its address since. */
static bool invitation_is_for(const struct account_token *t, const struct account *who)
{
	return (t->account_id && t->account_id == who->id) || strcmp(t->email, who->email) == 0;
}

enum outcome representation_accept(struct store *st, const struct account *who, const char *token,
				   long long *organisation_id, struct field_errors *e, enum repr_refusal *why)
{
	*organisation_id = 0;
	if (!who)
		return OUTCOME_FORBIDDEN;
	if (store_begin(st) != 0)
		return store_outcome(st);
	/* Checked before it is used up, so someone else's link stays good for its owner. */
	struct account_token t;
	enum outcome rc = from_token_result(account_token_check(st, token, TOKEN_INVITE, &t), &t, e, why);
	if (rc == OUTCOME_OK && !invitation_is_for(&t, who))
		rc = refused(e, why, REPR_REFUSED_WRONG_ACCOUNT);
	if (rc == OUTCOME_OK && account_represents(st, who->id, t.organisation_id))
		rc = refused(e, why, REPR_REFUSED_ALREADY);
	if (rc == OUTCOME_OK)
		rc = from_token_result(account_token_consume(st, token, TOKEN_INVITE, &t), &t, e, why);
	if (rc == OUTCOME_OK) {
		*organisation_id = t.organisation_id;
		if (audit_record_json(st, who->id, "account_token", t.id, "accept",
			  json_pack("{s:I,s:I}", "organisation_id", (json_int_t)t.organisation_id, "account_id",
				    (json_int_t)who->id)) != 0 ||
		    add_representative(st, who->id, who->id, t.organisation_id, "invitation") != 0 ||
		    settle_pending(st, who->id, who->id, t.organisation_id) != 0)
			rc = store_outcome(st);
	}
	return store_finish(st, rc);
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
