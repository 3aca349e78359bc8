/* account_token: one-time tokens for e-mailed links; the database holds only their SHA-256 hash,
 * so a copy of it opens nothing, and every use is checked for purpose, age and single use. */
#include "domain/account_token.h"
#include "base/clock.h"
#include "domain/account.h"
#include "domain/session.h"
#include <stdio.h>
#include <string.h>

_Static_assert(ACCOUNT_TOKEN_LEN == SESSION_TOKEN_LEN, "tokens are made by session_random_token");

static const char *const purpose_codes[] = {"verify", "reset", "email", "invite", "staff"};

const char *token_purpose_code(enum token_purpose p)
{
	return (p >= TOKEN_VERIFY && p <= TOKEN_STAFF) ? purpose_codes[p] : "";
}

long token_lifetime(enum token_purpose p)
{
	switch (p) {
	case TOKEN_VERIFY: return 48L * 3600;
	case TOKEN_RESET: return 3600;
	case TOKEN_EMAIL: return 24L * 3600;
	case TOKEN_INVITE:
	case TOKEN_STAFF: return 14L * 24 * 3600;
	}
	return 0;
}

/* Used and expired tokens are kept a week (so following a link twice, or late, says "already
 * used" or "expired", not "unknown"), then removed: when new ones are made, and by the daily
 * retention job. A week, not longer, because a token row holds an e-mail address. */
#define TOKEN_KEEP_SECONDS (7L * 24 * 3600)

/* The one insert of a token row. */
static long long token_insert(struct store *st, enum token_purpose purpose, long long account_id, const char *email,
			      long long organisation_id, const char *role, long long department_id,
			      char out[ACCOUNT_TOKEN_LEN + 1])
{
	char hash[65], now[21], expires[21], old[21];
	time_t t = clock_now();
	clock_iso(t, now);
	clock_iso(t + token_lifetime(purpose), expires);
	clock_iso(t, old);
	if (account_token_purge_expired(st, old) < 0)
		return 0;
	if (purpose == TOKEN_EMAIL && account_token_retire(st, account_id, TOKEN_EMAIL) != 0)
		return 0;
	session_random_token(out);
	token_hash(out, hash);
	return store_int(st,
			 "INSERT INTO account_token (account_id, purpose, token_hash, email, organisation_id, created_at,"
			 " expires_at, role, department_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
			 ARGS(account_id ? SV_I(account_id) : SV_NULLV, SV_T(token_purpose_code(purpose)), SV_T(hash),
			      SV_TN(email), organisation_id ? SV_I(organisation_id) : SV_NULLV, SV_T(now), SV_T(expires),
			      SV_TN(role), department_id ? SV_I(department_id) : SV_NULLV),
			 0);
}

long long account_token_create(struct store *st, enum token_purpose purpose, long long account_id, const char *email,
			       long long organisation_id, char out[ACCOUNT_TOKEN_LEN + 1])
{
	return token_insert(st, purpose, account_id, email, organisation_id, NULL, 0, out);
}

long long account_token_create_staff(struct store *st, const char *email, const char *role, long long department_id,
				     char out[ACCOUNT_TOKEN_LEN + 1])
{
	char now[21];
	clock_iso(clock_now(), now);
	if (store_exec(st, "UPDATE account_token SET used_at = $1 WHERE purpose = $2 AND email = $3 AND used_at IS NULL",
		       ARGS(SV_T(now), SV_T(token_purpose_code(TOKEN_STAFF)), SV_T(email))) < 0)
		return 0;
	return token_insert(st, TOKEN_STAFF, 0, email, 0, role, department_id, out);
}

/* A token as we make them: exactly ACCOUNT_TOKEN_LEN base64url characters. Anything else is
 * refused before it reaches the database. */
static bool token_well_formed(const char *token)
{
	if (!token || strlen(token) != ACCOUNT_TOKEN_LEN)
		return false;
	for (const char *p = token; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return false;
	return true;
}

/* A refusal: the outcome that goes with why, noted in the token. */
static enum outcome refused(struct account_token *t, enum token_problem why)
{
	t->problem = why;
	return why == TOKEN_UNKNOWN ? OUTCOME_NOT_FOUND : OUTCOME_CONFLICT;
}

enum outcome account_token_check(struct store *st, const char *token, enum token_purpose purpose,
				 struct account_token *out)
{
	memset(out, 0, sizeof *out);
	if (!token_well_formed(token))
		return refused(out, TOKEN_UNKNOWN);
	char hash[65];
	token_hash(token, hash);
	bool found = false, purpose_ok = false, used = false;
	time_t expires = -1;
	struct cursor *c = store_query(st,
		"SELECT id, account_id, organisation_id, email, purpose, expires_at, used_at, role, department_id "
		"FROM account_token "
		"WHERE token_hash = $1",
		ARGS(SV_T(hash)));
	if (cursor_next(c)) {
		found = true;
		out->id = cursor_int(c, 0);
		out->account_id = cursor_int_or(c, 1, 0);
		out->organisation_id = cursor_int_or(c, 2, 0);
		snprintf(out->email, sizeof out->email, "%s", cursor_text(c, 3) ? cursor_text(c, 3) : "");
		purpose_ok = strcmp(cursor_text(c, 4), token_purpose_code(purpose)) == 0;
		expires = clock_parse(cursor_text(c, 5));
		used = !cursor_is_null(c, 6);
		snprintf(out->role, sizeof out->role, "%s", cursor_text(c, 7) ? cursor_text(c, 7) : "");
		out->department_id = cursor_int_or(c, 8, 0);
	}
	if (cursor_close(c) != 0)
		return store_outcome(st);
	out->purpose = purpose;
	/* A token for another purpose is no more use here than a made-up one. */
	if (!found || !purpose_ok)
		return refused(out, TOKEN_UNKNOWN);
	if (used)
		return refused(out, TOKEN_USED);
	if (expires == -1 || clock_now() >= expires)
		return refused(out, TOKEN_EXPIRED);
	/* Every purpose but an invitation belongs to an account; a row without one is broken. */
	if (purpose != TOKEN_INVITE && purpose != TOKEN_STAFF && !out->account_id)
		return refused(out, TOKEN_UNKNOWN);
	if (purpose == TOKEN_STAFF && (!out->email[0] || !out->role[0]))
		return refused(out, TOKEN_UNKNOWN);
	if (purpose == TOKEN_EMAIL) {
		if (!out->email[0])
			return refused(out, TOKEN_UNKNOWN);
		long long other = account_id_by_email(st, out->email);
		if (other < 0)
			return store_outcome(st);
		if (other > 0 && other != out->account_id)
			return refused(out, TOKEN_ADDRESS_TAKEN);
	}
	return OUTCOME_OK;
}

enum outcome account_token_consume(struct store *st, const char *token, enum token_purpose purpose,
				   struct account_token *out)
{
	enum outcome o = account_token_check(st, token, purpose, out);
	if (o != OUTCOME_OK)
		return o;
	char now[21];
	clock_iso(clock_now(), now);
	/* The condition on used_at makes the use itself the test: of two racing requests only one
	 * changes the row. */
	long long n = store_exec(st, "UPDATE account_token SET used_at = $1 WHERE id = $2 AND used_at IS NULL",
				 ARGS(SV_T(now), SV_I(out->id)));
	if (n < 0)
		return store_outcome(st);
	return n == 1 ? OUTCOME_OK : refused(out, TOKEN_USED);
}

int account_token_retire(struct store *st, long long account_id, enum token_purpose purpose)
{
	char now[21];
	clock_iso(clock_now(), now);
	return store_exec(st,
			  "UPDATE account_token SET used_at = $1 WHERE account_id = $2 AND purpose = $3 AND used_at IS NULL",
			  ARGS(SV_T(now), SV_I(account_id), SV_T(token_purpose_code(purpose)))) < 0 ? -1 : 0;
}

long long account_token_purge_expired(struct store *st, const char *now)
{
	char before[21];
	time_t t = clock_parse(now);
	clock_iso((t < 0 ? clock_now() : t) - TOKEN_KEEP_SECONDS, before);
	return store_exec(st, "DELETE FROM account_token WHERE expires_at < $1", ARGS(SV_T(before)));
}

long long account_token_forget_address(struct store *st, const char *email)
{
	return store_exec(st, "DELETE FROM account_token WHERE lower(email) = $1", ARGS(SV_T(email)));
}
