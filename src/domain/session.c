/* session: tokens from libsodium, hashed with SHA-256 before storage so a leaked table opens nothing. */
#include "domain/session.h"
#include "base/clock.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void session_random_token(char out[SESSION_TOKEN_LEN + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void token_hash(const char *token, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hex, 65, h, sizeof h);
}

bool token_equal(const char *a, const char *b)
{
	if (!a || !b)
		return false;
	size_t n = strlen(a);
	if (n == 0 || n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

int session_create(struct store *st, long long account_id, char token[SESSION_TOKEN_LEN + 1],
		   char csrf[SESSION_TOKEN_LEN + 1])
{
	char hash[65], now[21];
	session_random_token(token);
	session_random_token(csrf);
	token_hash(token, hash);
	clock_iso(clock_now(), now);
	return store_exec(st,
			  "INSERT INTO session (token_hash, account_id, csrf_token, created_at, last_seen_at) "
			  "VALUES ($1, $2, $3, $4, $4)",
			  ARGS(SV_T(hash), SV_I(account_id), SV_T(csrf), SV_T(now))) == 1 ? 0 : -1;
}

bool session_lookup(struct store *st, const char *token, struct account *acc, char csrf[SESSION_TOKEN_LEN + 1])
{
	if (!token || strlen(token) != SESSION_TOKEN_LEN)
		return false;
	char hash[65];
	token_hash(token, hash);
	long long account_id = 0;
	time_t created = 0, seen = 0, now = clock_now();
	struct cursor *c = store_query(st,
		"SELECT account_id, csrf_token, created_at, last_seen_at FROM session WHERE token_hash = $1",
		ARGS(SV_T(hash)));
	if (cursor_next(c)) {
		account_id = cursor_int(c, 0);
		snprintf(csrf, SESSION_TOKEN_LEN + 1, "%s", cursor_text(c, 1));
		created = clock_parse(cursor_text(c, 2));
		seen = clock_parse(cursor_text(c, 3));
	}
	cursor_close(c);
	if (!account_id)
		return false;
	if (now - seen > SESSION_IDLE_SECONDS || now - created > SESSION_ABSOLUTE_SECONDS) {
		store_exec(st, "DELETE FROM session WHERE token_hash = $1", ARGS(SV_T(hash)));
		return false;
	}
	/* Touch at most once a minute: a write per page view would serialise readers on SQLite. */
	if (now - seen > 60) {
		char iso[21];
		clock_iso(now, iso);
		store_exec(st, "UPDATE session SET last_seen_at = $1 WHERE token_hash = $2", ARGS(SV_T(iso), SV_T(hash)));
	}
	return account_load(st, account_id, acc);
}

void session_destroy(struct store *st, const char *token)
{
	if (!token)
		return;
	char hash[65];
	token_hash(token, hash);
	store_exec(st, "DELETE FROM session WHERE token_hash = $1", ARGS(SV_T(hash)));
}

long long session_purge_expired(struct store *st, time_t now)
{
	char before[21];
	clock_iso(now - SESSION_PURGE_SECONDS, before);
	return store_exec(st, "DELETE FROM session WHERE last_seen_at < $1", ARGS(SV_T(before)));
}

bool login_throttled(struct store *st, const char *key, int limit)
{
	char since[21];
	clock_iso(clock_now() - 15 * 60, since);
	return store_int(st, "SELECT COUNT(*) FROM login_attempt WHERE key = $1 AND at > $2",
			 ARGS(SV_T(key), SV_T(since)), 0) >= limit;
}

void login_failed(struct store *st, const char *key)
{
	char now[21], old[21];
	time_t t = clock_now();
	clock_iso(t, now);
	clock_iso(t - 24 * 3600, old);
	store_exec(st, "INSERT INTO login_attempt (key, at) VALUES ($1, $2)", ARGS(SV_T(key), SV_T(now)));
	store_exec(st, "DELETE FROM login_attempt WHERE at < $1", ARGS(SV_T(old)));
}
