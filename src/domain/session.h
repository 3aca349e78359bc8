/* session: sign-in sessions — a random token for the cookie, only its hash in the database. */
#ifndef SAMVERKAN_SESSION_H
#define SAMVERKAN_SESSION_H
#include "domain/account.h"
#include "store/store.h"
#include <stdbool.h>
#include <time.h>

#define SESSION_TOKEN_LEN 43 /* 32 random bytes, base64url without padding */
#define SESSION_IDLE_SECONDS (2 * 3600)
#define SESSION_ABSOLUTE_SECONDS (12 * 3600)

/* Writes a new random token (base64url, NUL-terminated) into out[SESSION_TOKEN_LEN + 1]. */
void session_random_token(char out[SESSION_TOKEN_LEN + 1]);
/* Starts a session; the cookie token and the CSRF token come back. 0 or -1. */
int session_create(struct store *st, long long account_id, char token[SESSION_TOKEN_LEN + 1],
		   char csrf[SESSION_TOKEN_LEN + 1]);
/* Finds the account of a live session and its CSRF token; expired sessions are removed. */
bool session_lookup(struct store *st, const char *token, struct account *acc, char csrf[SESSION_TOKEN_LEN + 1]);
void session_destroy(struct store *st, const char *token);
/* Ends every session of the account but the one whose cookie token is `keep` (NULL or "": all),
 * inside the caller's transaction. 0 or -1. */
int session_end_all(struct store *st, long long account_id, const char *keep);
/* SHA-256 of a token as 64 hex digits (NUL-terminated): what the database keeps instead of a
 * session cookie or a one-time link's token. */
void token_hash(const char *token, char hex[65]);
/* Constant-time comparison of two tokens (CSRF and the like). */
bool token_equal(const char *a, const char *b);

/* The CSRF token of a visitor who is not signed in. Its cookie is the token and a MAC made with
 * the server's "csrf" key, so only a value this server made is accepted: one planted in the
 * browser by someone else (a sibling domain, a man in the middle on plain HTTP) is refused. */
#define SESSION_CSRF_COOKIE_MAX (2 * SESSION_TOKEN_LEN + 2)
/* The cookie for a token; 0, or -1 when the key cannot be read. */
int session_csrf_cookie(struct store *st, const char *token, char out[SESSION_CSRF_COOKIE_MAX]);
/* The token of a cookie this server made; false (and token "") for anything else. */
bool session_csrf_from_cookie(struct store *st, const char *cookie, char token[SESSION_TOKEN_LEN + 1]);
/* Makes the key, so the first visitor's request need not write (serve calls it at start). */
int session_csrf_key_ensure(struct store *st);

/* Login throttling, kept in the database so every node sees it: true when `key` (an e-mail or a
 * client address) has failed too often in the last 15 minutes. */
/* Deletes the sessions unused for SESSION_PURGE_SECONDS before `now`: long expired (a lookup
 * refuses and deletes an expired one it meets; these are the ones never looked up again). The
 * margin keeps a node whose clock runs ahead (or is moved, in tests) from ending live sessions.
 * For the daily retention job. Rows deleted, or -1. */
#define SESSION_PURGE_SECONDS (30 * 86400)
long long session_purge_expired(struct store *st, time_t now);
bool login_throttled(struct store *st, const char *key, int limit);
void login_failed(struct store *st, const char *key);

#endif
