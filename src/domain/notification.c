/* notification: the in-app notifications, each person's choices per kind, the e-mail sent at once,
 * and the signed one-click unsubscribe tokens. */
#include "domain/notification.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "domain/account.h"
#include "domain/audit.h"
#include "domain/outbox.h"
#include "domain/secret.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const notify_kinds[NOTIFY_KIND_COUNT] = {
	NOTIFY_INVITATIONS, NOTIFY_ANSWERS, NOTIFY_EVENTS, NOTIFY_NEWS, NOTIFY_REPRESENTATION, NOTIFY_SUBMISSIONS,
};

/* Parallel to notify_kinds. */
static const char *const default_frequencies[NOTIFY_KIND_COUNT] = {
	NOTIFY_IMMEDIATELY, NOTIFY_IMMEDIATELY, NOTIFY_DAILY, NOTIFY_NEVER, NOTIFY_IMMEDIATELY, NOTIFY_IMMEDIATELY,
};

static int kind_index(const char *kind)
{
	for (int i = 0; kind && i < NOTIFY_KIND_COUNT; i++)
		if (strcmp(kind, notify_kinds[i]) == 0)
			return i;
	return -1;
}

bool notification_kind_valid(const char *kind) { return kind_index(kind) >= 0; }

/* Returns the static spelling, so callers may keep the pointer. */
static const char *frequency_static(const char *f)
{
	static const char *const all[] = {NOTIFY_IMMEDIATELY, NOTIFY_DAILY, NOTIFY_NEVER};
	for (size_t i = 0; f && i < sizeof all / sizeof all[0]; i++)
		if (strcmp(f, all[i]) == 0)
			return all[i];
	return NULL;
}

bool notification_frequency_valid(const char *frequency) { return frequency_static(frequency) != NULL; }

const char *notification_default_frequency(const char *kind)
{
	int i = kind_index(kind);
	return i < 0 ? NOTIFY_NEVER : default_frequencies[i];
}

const char *notification_kind_label(const char *kind)
{
	switch (kind_index(kind)) {
	case 0: return _("Invitations");
	case 1: return _("Answers to my submissions");
	case 2: return _("Events");
	case 3: return _("News");
	case 4: return _("Representing organisations");
	case 5: return _("Views and proposals to handle");
	default: return _("Daily summary");
	}
}

const char *notification_kind_hint(const char *kind)
{
	switch (kind_index(kind)) {
	case 0: return _("When your organisation is invited to a dialogue or an event.");
	case 1: return _("When a department answers a view or proposal you sent.");
	case 2: return _("Reminders and changes for events you have registered for.");
	case 3: return _("News from the municipality about collaboration with civil society.");
	case 4: return _("Requests to represent an organisation, and answers to your own requests.");
	case 5: return _("For staff: when a view or proposal you are responsible for arrives, and reminders to handle one.");
	default: return "";
	}
}

/* Written once before the threads start, only read afterwards. */
static char base_url[512] = "http://localhost:8080";

void notification_set_base_url(const char *url)
{
	if (!url || !*url)
		return;
	snprintf(base_url, sizeof base_url, "%s", url);
	size_t n = strlen(base_url);
	while (n > 0 && base_url[n - 1] == '/')
		base_url[--n] = 0;
}

const char *notification_base_url(void) { return base_url; }

/* ---- Choices --------------------------------------------------------------------------------- */

const char *notification_frequency(struct store *st, long long account_id, const char *kind)
{
	char *f = store_text(st, "SELECT frequency FROM notification_preference WHERE account_id = $1 AND kind = $2",
			     ARGS(SV_I(account_id), SV_T(kind)));
	const char *chosen = frequency_static(f);
	free(f);
	return chosen ? chosen : notification_default_frequency(kind);
}

/* Inside a transaction: stores one choice; a kind turned off no longer waits for the digest. */
static int set_frequency(struct store *st, long long account_id, const char *kind, const char *frequency)
{
	if (store_exec(st,
		       "INSERT INTO notification_preference (account_id, kind, frequency) VALUES ($1, $2, $3) "
		       "ON CONFLICT (account_id, kind) DO UPDATE SET frequency = excluded.frequency",
		       ARGS(SV_I(account_id), SV_T(kind), SV_T(frequency))) < 0)
		return -1;
	if (strcmp(frequency, NOTIFY_NEVER) == 0 &&
	    store_exec(st,
		       "UPDATE notification SET delivery = 'never' WHERE account_id = $1 AND kind = $2 "
		       "AND delivery = 'daily' AND emailed_at IS NULL",
		       ARGS(SV_I(account_id), SV_T(kind))) < 0)
		return -1;
	return 0;
}

int notification_save_preferences(struct store *st, long long account_id, const char *const frequencies[],
				  long long by)
{
	/* NULL: a kind not asked about, left as it is. */
	for (int i = 0; i < NOTIFY_KIND_COUNT; i++)
		if (frequencies[i] && !notification_frequency_valid(frequencies[i]))
			return -1;
	struct buf detail = BUF_INIT;
	buf_puts(&detail, "{");
	for (int i = 0, n = 0; i < NOTIFY_KIND_COUNT; i++)
		if (frequencies[i])
			buf_printf(&detail, "%s\"%s\":\"%s\"", n++ ? "," : "", notify_kinds[i], frequencies[i]);
	buf_puts(&detail, "}");
	int rc = -1;
	if (store_begin(st) != 0)
		goto out;
	for (int i = 0; i < NOTIFY_KIND_COUNT; i++)
		if (frequencies[i] && set_frequency(st, account_id, notify_kinds[i], frequencies[i]) != 0) {
			store_rollback(st);
			goto out;
		}
	if (audit_record(st, by, "notification_preference", account_id, "update", buf_str(&detail)) != 0 ||
	    store_commit(st) != 0) {
		store_rollback(st);
		goto out;
	}
	rc = 0;
out:
	buf_free(&detail);
	return rc;
}

/* ---- E-mail ---------------------------------------------------------------------------------- */

int notification_mail_footer(struct store *st, struct buf *text, long long account_id, const char *kind)
{
	char *unsubscribe = notification_unsubscribe_url(st, account_id, kind);
	if (!unsubscribe)
		return -1;
	/* The outbox's formatter adds the link to the preferences page after this; the one-click
	 * link is ours because only this layer can sign it. */
	if (strcmp(kind, NOTIFY_DIGEST) == 0)
		buf_printf(text, "\n%s\n%s\n", _("To stop the daily summary, without signing in:"), unsubscribe);
	else {
		buf_putc(text, '\n');
		buf_printf(text, _("To stop e-mails about \"%s\", without signing in:"), notification_kind_label(kind));
		buf_printf(text, "\n%s\n", unsubscribe);
	}
	free(unsubscribe);
	return 0;
}

/* Queues the e-mail for one notification, in the recipient's language. 0 when queued or when
 * there is nobody to send it to (a disabled account), -1 when the store failed. */
static int mail_now(struct store *st, long long account_id, const char *kind, const char *title, const char *body,
		    const char *link)
{
	struct account acc;
	if (!account_load(st, account_id, &acc))
		return store_errcode(st) == STORE_OK ? 0 : -1;
	char saved[3];
	snprintf(saved, sizeof saved, "%s", i18n_lang());
	i18n_set_lang(acc.lang);
	struct buf text = BUF_INIT;
	buf_printf(&text, "%s\n\n", title);
	if (body && *body)
		buf_printf(&text, "%s\n\n", body);
	if (link && *link)
		buf_printf(&text, "%s\n%s%s\n", _("Read more:"), base_url, link);
	int rc = notification_mail_footer(st, &text, account_id, kind);
	if (rc == 0) {
		struct mail m = {
			.account_id = account_id,
			.to = acc.email,
			.to_name = acc.name,
			.lang = i18n_lang(),
			.kind = kind,
			.subject = title,
			.text = buf_str(&text),
			.html = NULL,
		};
		rc = outbox_enqueue(st, &m) > 0 ? 0 : -1;
	}
	buf_free(&text);
	i18n_set_lang(saved);
	return rc;
}

long long notification_create(struct store *st, long long account_id, const char *kind, const char *title,
			      const char *body, const char *link)
{
	if (!notification_kind_valid(kind) || !title || !*title || account_id <= 0)
		return 0;
	const char *frequency = notification_frequency(st, account_id, kind);
	char now[21];
	clock_iso(clock_now(), now);
	bool at_once = strcmp(frequency, NOTIFY_IMMEDIATELY) == 0;
	/* delivery keeps the choice in force when it was made: the digest takes only 'daily' ones,
	 * so switching a kind to daily later does not mail a backlog. */
	long long id = store_int(st,
				 "INSERT INTO notification (account_id, kind, title, body, link, created_at, delivery, emailed_at) "
				 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
				 ARGS(SV_I(account_id), SV_T(kind), SV_T(title), SV_T(body ? body : ""), SV_TN(link),
				      SV_T(now), SV_T(frequency), at_once ? SV_T(now) : SV_NULLV),
				 0);
	if (id <= 0)
		return 0;
	if (at_once && mail_now(st, account_id, kind, title, body, link) != 0)
		return 0;
	return id;
}

/* ---- The in-app list ------------------------------------------------------------------------- */

long long notification_unread_count(struct store *st, long long account_id)
{
	return store_int(st, "SELECT COUNT(*) FROM notification WHERE account_id = $1 AND read_at IS NULL",
			 ARGS(SV_I(account_id)), 0);
}

long long notification_count(struct store *st, long long account_id)
{
	return store_int(st, "SELECT COUNT(*) FROM notification WHERE account_id = $1", ARGS(SV_I(account_id)), 0);
}

static void row_to_notification(struct cursor *c, struct arena *a, struct notification *n)
{
	n->id = cursor_int(c, 0);
	n->kind = arena_strdup(a, cursor_text(c, 1));
	n->title = arena_strdup(a, cursor_text(c, 2));
	n->body = arena_strdup(a, cursor_text(c, 3) ? cursor_text(c, 3) : "");
	n->link = arena_strdup(a, cursor_text(c, 4));
	n->created_at = arena_strdup(a, cursor_text(c, 5));
	n->unread = cursor_is_null(c, 6);
}

int notification_list(struct store *st, struct arena *a, long long account_id, long long offset, int max,
		      struct notification *out)
{
	/* The id breaks ties between notifications made in the same second (one action often tells
	 * several things at once), so pages never overlap. */
	struct cursor *c = store_query(st,
		"SELECT id, kind, title, body, link, created_at, read_at FROM notification WHERE account_id = $1 "
		"ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3",
		ARGS(SV_I(account_id), SV_I(max), SV_I(offset)));
	int n = 0;
	while (n < max && cursor_next(c))
		row_to_notification(c, a, &out[n++]);
	return cursor_close(c) != 0 ? -1 : n;
}

enum outcome notification_load(struct store *st, struct arena *a, long long account_id, long long id,
			       struct notification *out)
{
	memset(out, 0, sizeof *out);
	struct cursor *c = store_query(st,
		"SELECT id, kind, title, body, link, created_at, read_at FROM notification WHERE id = $1 AND account_id = $2",
		ARGS(SV_I(id), SV_I(account_id)));
	bool found = cursor_next(c);
	if (found)
		row_to_notification(c, a, out);
	if (cursor_close(c) != 0)
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

int notification_mark_read(struct store *st, long long account_id, long long id)
{
	long long mine = store_int(st, "SELECT COUNT(*) FROM notification WHERE id = $1 AND account_id = $2",
				   ARGS(SV_I(id), SV_I(account_id)), -1);
	if (mine <= 0)
		return mine < 0 ? -1 : 0;
	char now[21];
	clock_iso(clock_now(), now);
	return store_exec(st, "UPDATE notification SET read_at = $1 WHERE id = $2 AND account_id = $3 AND read_at IS NULL",
			  ARGS(SV_T(now), SV_I(id), SV_I(account_id))) < 0 ? -1 : 1;
}

long long notification_mark_all_read(struct store *st, long long account_id)
{
	char now[21];
	clock_iso(clock_now(), now);
	return store_exec(st, "UPDATE notification SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL",
			  ARGS(SV_T(now), SV_I(account_id)));
}

/* ---- Unsubscribe tokens ---------------------------------------------------------------------- */

#define KEY_NAME "unsubscribe"

/* What the MAC covers: a purpose label, so the key can never sign anything else by accident. */
static void mac_of(const unsigned char key[crypto_auth_KEYBYTES], long long account_id, const char *kind,
		   unsigned char mac[crypto_auth_BYTES])
{
	char msg[128];
	int n = snprintf(msg, sizeof msg, "samverkan unsubscribe\n%lld\n%s", account_id, kind);
	crypto_auth(mac, (const unsigned char *)msg, (unsigned long long)n, key);
}

static bool token_kind_valid(const char *kind)
{
	return notification_kind_valid(kind) || strcmp(kind, NOTIFY_DIGEST) == 0;
}

int notification_unsubscribe_token(struct store *st, long long account_id, const char *kind,
				   char out[NOTIFY_TOKEN_MAX])
{
	unsigned char key[crypto_auth_KEYBYTES], mac[crypto_auth_BYTES];
	if (!token_kind_valid(kind) || secret_key(st, KEY_NAME, true, key) != 0)
		return -1;
	mac_of(key, account_id, kind, mac);
	sodium_memzero(key, sizeof key);
	char b64[sodium_base64_ENCODED_LEN(crypto_auth_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
	sodium_bin2base64(b64, sizeof b64, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(out, NOTIFY_TOKEN_MAX, "%lld.%s.%s", account_id, kind, b64);
	return 0;
}

char *notification_unsubscribe_url(struct store *st, long long account_id, const char *kind)
{
	char token[NOTIFY_TOKEN_MAX];
	if (notification_unsubscribe_token(st, account_id, kind, token) != 0)
		return NULL;
	struct buf url = BUF_INIT;
	buf_printf(&url, "%s/konto/aviseringar/avsluta?token=%s", base_url, token);
	return buf_detach(&url);
}

/* The account id and kind a token names, and its MAC, parsed strictly (so one token has one
 * spelling); false for anything malformed. */
static bool unsubscribe_parse(const char *token, long long *account_id, char kind[32],
			      unsigned char sent[crypto_auth_BYTES])
{
	if (!token || strlen(token) >= NOTIFY_TOKEN_MAX)
		return false;
	/* "<digits>.<kind>.<base64url>": parse strictly, so one token has one spelling. */
	const char *p = token;
	long long id = 0;
	if (*p < '1' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (id > 100000000000000LL)
			return false;
		id = id * 10 + (*p - '0');
	}
	if (*p++ != '.')
		return false;
	const char *dot = strchr(p, '.');
	if (!dot || (size_t)(dot - p) >= 32)
		return false;
	memcpy(kind, p, (size_t)(dot - p));
	kind[dot - p] = 0;
	if (!token_kind_valid(kind))
		return false;
	size_t len = 0;
	const char *end = NULL;
	if (sodium_base642bin(sent, crypto_auth_BYTES, dot + 1, strlen(dot + 1), NULL, &len, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != crypto_auth_BYTES || !end || *end)
		return false;
	*account_id = id;
	return true;
}

enum outcome notification_unsubscribe_check(struct store *st, const char *token, long long *account_id,
					    char *kind_out, size_t kind_outsz)
{
	long long id;
	char kind[32];
	unsigned char sent[crypto_auth_BYTES];
	if (!unsubscribe_parse(token, &id, kind, sent))
		return OUTCOME_NOT_FOUND;
	unsigned char key[crypto_auth_KEYBYTES];
	int rc = secret_key(st, KEY_NAME, false, key);
	if (rc != 0) /* no key yet: no link was ever made */
		return rc < 0 ? store_outcome(st) : OUTCOME_NOT_FOUND;
	char msg[128];
	int n = snprintf(msg, sizeof msg, "samverkan unsubscribe\n%lld\n%s", id, kind);
	bool ok = crypto_auth_verify(sent, (const unsigned char *)msg, (unsigned long long)n, key) == 0;
	sodium_memzero(key, sizeof key);
	if (!ok)
		return OUTCOME_NOT_FOUND;
	/* A signed link outlives an erased account: then there is nothing left to stop. */
	struct account acc;
	enum outcome o = account_get(st, id, &acc);
	if (o != OUTCOME_OK)
		return o;
	*account_id = id;
	snprintf(kind_out, kind_outsz, "%s", kind);
	return OUTCOME_OK;
}

int notification_unsubscribe(struct store *st, long long account_id, const char *kind)
{
	if (!token_kind_valid(kind) || store_begin(st) != 0)
		return -1;
	int rc = 0;
	if (strcmp(kind, NOTIFY_DIGEST) == 0) {
		for (int i = 0; rc == 0 && i < NOTIFY_KIND_COUNT; i++)
			if (strcmp(notification_frequency(st, account_id, notify_kinds[i]), NOTIFY_DAILY) == 0)
				rc = set_frequency(st, account_id, notify_kinds[i], NOTIFY_NEVER);
	} else {
		rc = set_frequency(st, account_id, kind, NOTIFY_NEVER);
	}
	char detail[96];
	snprintf(detail, sizeof detail, "{\"unsubscribed\":\"%s\"}", kind);
	if (rc != 0 || audit_record(st, account_id, "notification_preference", account_id, "unsubscribe", detail) != 0 ||
	    store_commit(st) != 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* ---- Local time ------------------------------------------------------------------------------ */

/* One implementation of the EU rule, in base, shared with the feedback clock's local dates. */
int notification_stockholm_offset(time_t t) { return clock_stockholm_offset(t); }

void notification_local_time(const char *iso, char out[17])
{
	time_t t = iso ? clock_parse(iso) : (time_t)-1;
	if (t == (time_t)-1) {
		snprintf(out, 17, "%s", iso ? iso : "");
		return;
	}
	t += notification_stockholm_offset(t);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 17, "%Y-%m-%d %H:%M", &tm);
}
