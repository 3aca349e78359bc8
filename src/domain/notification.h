/* notification: telling people about things that concern them — in the app, and by e-mail
 * immediately, in a daily digest, or not at all, as each person chooses per kind. */
#ifndef SAMVERKAN_NOTIFICATION_H
#define SAMVERKAN_NOTIFICATION_H
#include "base/arena.h"
#include "base/buf.h"
#include "base/outcome.h"
#include "store/store.h"
#include <stdbool.h>
#include <time.h>

/* Kinds a person can choose a frequency for. */
#define NOTIFY_INVITATIONS "invitations"
#define NOTIFY_ANSWERS "answers"
#define NOTIFY_EVENTS "events"
#define NOTIFY_NEWS "news"
#define NOTIFY_REPRESENTATION "representation"
#define NOTIFY_SUBMISSIONS "submissions" /* staff: a view or proposal arrived, or a reminder to handle one */
#define NOTIFY_KIND_COUNT 6
/* Every kind, in the order the preferences page shows them. */
extern const char *const notify_kinds[NOTIFY_KIND_COUNT];

/* How often a kind reaches a person by e-mail (every notification is in the app regardless). */
#define NOTIFY_IMMEDIATELY "immediately"
#define NOTIFY_DAILY "daily"
#define NOTIFY_NEVER "never"

bool notification_kind_valid(const char *kind);
bool notification_frequency_valid(const char *frequency);
/* What a person gets before they choose: invitations, answers, representation and submissions at
 * once, events in the daily digest, news never. */
const char *notification_default_frequency(const char *kind);
/* The kind's name and a sentence about it, translated in the thread's language. */
const char *notification_kind_label(const char *kind);
const char *notification_kind_hint(const char *kind);

/* Where links in e-mails point ("https://samverkan.kommun.se", no trailing slash). Set once before
 * threads start (serve, and commands that queue mail); until then "http://localhost:8080". */
void notification_set_base_url(const char *base_url);
const char *notification_base_url(void);

/* Records a notification for an account (shown in the app) and, by the person's choice for
 * that kind, queues an e-mail now (outbox) or leaves it for the daily digest. title and body
 * are plain text in the recipient's language (the caller switches i18n to it); link is a local
 * path such as "/organisationer/12". Call inside the caller's write transaction. Returns the
 * notification id, or 0 on error. */
long long notification_create(struct store *st, long long account_id, const char *kind, const char *title,
			      const char *body, const char *link);

/* ---- Choices ------------------------------------------------------------------------------- */

/* The account's frequency for kind (its choice, else the default); a static string. */
const char *notification_frequency(struct store *st, long long account_id, const char *kind);
/* Stores the account's choice for every kind (frequencies[i] for notify_kinds[i], each valid),
 * audited as done by `by` (the account itself, or 0), in its own transaction. Notifications of
 * a kind now 'never' that waited for the digest stop waiting. 0, or -1 when the store failed. */
/* frequencies[i] NULL leaves that kind as it is. */
int notification_save_preferences(struct store *st, long long account_id, const char *const frequencies[],
				  long long by);

/* ---- The in-app list ------------------------------------------------------------------------ */

struct notification {
	long long id;
	const char *kind;
	const char *title;
	const char *body;
	const char *link;       /* NULL when none */
	const char *created_at; /* ISO 8601 UTC */
	bool unread;
};

/* One indexed count, cheap enough for every page a signed-in person sees; -1 on error. */
long long notification_unread_count(struct store *st, long long account_id);
long long notification_count(struct store *st, long long account_id);
/* The account's notifications, newest first, from offset; strings live in a. Returns how many
 * were filled (at most max), or -1. */
int notification_list(struct store *st, struct arena *a, long long account_id, long long offset, int max,
		      struct notification *out);
/* Loads one notification only if it belongs to account_id: another person's is
 * OUTCOME_NOT_FOUND, as is one that does not exist; a failed query is the store's outcome. */
enum outcome notification_load(struct store *st, struct arena *a, long long account_id, long long id,
		       struct notification *out);
/* Marks the account's notification read (already read stays as it was). 1 when it is the
 * account's, 0 when it is not (or does not exist), -1 on error. */
int notification_mark_read(struct store *st, long long account_id, long long id);
/* Marks every unread notification of the account read; rows changed, or -1. */
long long notification_mark_all_read(struct store *st, long long account_id);

/* ---- One-click unsubscribe ------------------------------------------------------------------ */

/* A token is "<account id>.<kind>.<MAC>": libsodium crypto_auth over the account and the kind
 * with a key kept in the database (made on first use, so every node signs and checks alike).
 * kind is a notification kind, or "digest" for the daily digest as a whole. */
#define NOTIFY_TOKEN_MAX 96
#define NOTIFY_DIGEST "digest"

/* Writes the token for account and kind into out; may create the key, so call it where writing
 * is allowed (in a write transaction, or outside any). 0, or -1 when the store failed. */
int notification_unsubscribe_token(struct store *st, long long account_id, const char *kind,
				   char out[NOTIFY_TOKEN_MAX]);
/* The absolute unsubscribe address for account and kind (base URL included), malloc'd; NULL on
 * error. For e-mail bodies and a List-Unsubscribe header. */
char *notification_unsubscribe_url(struct store *st, long long account_id, const char *kind);
/* Checks a token without writing anything; on OUTCOME_OK fills the account and kind (kind_out
 * holds at least 32 bytes). A tampered, foreign or malformed token, or one for an account that is
 * gone, is OUTCOME_NOT_FOUND; a failed query is the store's outcome. */
enum outcome notification_unsubscribe_check(struct store *st, const char *token, long long *account_id,
					    char *kind_out, size_t kind_outsz);
/* Sets the kind to 'never' for the account ("digest": every kind now in the daily digest), in
 * its own transaction with an audit row. 0, or -1. */
int notification_unsubscribe(struct store *st, long long account_id, const char *kind);

/* ---- E-mail texts (shared with the digest) ------------------------------------------------- */

/* Appends the one-click unsubscribe address for kind, with a line saying what it stops, in the
 * thread's language (the outbox adds the link to the preferences page itself). 0, or -1. */
int notification_mail_footer(struct store *st, struct buf *text, long long account_id, const char *kind);
/* Formats an ISO 8601 UTC time as "YYYY-MM-DD HH:MM" in the municipality's local time
 * (Europe/Stockholm, by the EU summer-time rule). */
void notification_local_time(const char *iso, char out[17]);
/* Seconds to add to UTC for Swedish local time at t: 3600, or 7200 in summer time. */
int notification_stockholm_offset(time_t t);

#endif
