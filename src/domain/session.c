/* session: tokens from libsodium, hashed with SHA-256 before storage so a leaked table opens nothing. */
#include "domain/session.h"
#include "base/clock.h"
#include "domain/secret.h"
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

int session_end_all(struct store *st, long long account_id, const char *keep)
{
	char keep_hash[65] = "";
	if (keep && *keep)
		token_hash(keep, keep_hash);
	return store_exec(st, "DELETE FROM session WHERE account_id = $1 AND token_hash <> $2",
			  ARGS(SV_I(account_id), SV_T(keep_hash))) < 0
		       ? -1
		       : 0;
}

#define CSRF_KEY "csrf"

/* base64url of the MAC over a purpose label and the token, so the key signs nothing else. */
static int csrf_mac(struct store *st, const char *token, char out[SESSION_TOKEN_LEN + 1])
{
	unsigned char key[SECRET_KEY_BYTES], mac[crypto_auth_BYTES];
	if (secret_key(st, CSRF_KEY, false, key) != 0)
		return -1;
	char msg[SESSION_TOKEN_LEN + 32];
	int n = snprintf(msg, sizeof msg, "samverkan csrf\n%s", token);
	crypto_auth(mac, (const unsigned char *)msg, (unsigned long long)n, key);
	sodium_memzero(key, sizeof key);
	_Static_assert(crypto_auth_BYTES == 32, "the MAC is as long as a token");
	sodium_bin2base64(out, SESSION_TOKEN_LEN + 1, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

int session_csrf_key_ensure(struct store *st)
{
	unsigned char key[SECRET_KEY_BYTES];
	int rc = secret_key(st, CSRF_KEY, true, key);
	sodium_memzero(key, sizeof key);
	return rc;
}

int session_csrf_cookie(struct store *st, const char *token, char out[SESSION_CSRF_COOKIE_MAX])
{
	char mac[SESSION_TOKEN_LEN + 1];
	if (strlen(token) != SESSION_TOKEN_LEN || csrf_mac(st, token, mac) != 0)
		return -1;
	snprintf(out, SESSION_CSRF_COOKIE_MAX, "%s.%s", token, mac);
	return 0;
}

bool session_csrf_from_cookie(struct store *st, const char *cookie, char token[SESSION_TOKEN_LEN + 1])
{
	token[0] = 0;
	char mac[SESSION_TOKEN_LEN + 1];
	if (!cookie || strlen(cookie) != 2 * SESSION_TOKEN_LEN + 1 || cookie[SESSION_TOKEN_LEN] != '.')
		return false;
	char candidate[SESSION_TOKEN_LEN + 1];
	memcpy(candidate, cookie, SESSION_TOKEN_LEN);
	candidate[SESSION_TOKEN_LEN] = 0;
	if (csrf_mac(st, candidate, mac) != 0 || !token_equal(mac, cookie + SESSION_TOKEN_LEN + 1))
		return false;
	memcpy(token, candidate, SESSION_TOKEN_LEN + 1);
	return true;
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
