/* outbox: every e-mail samverkan sends is first a row, committed with the change that caused it;
 * a sender job delivers the rows over SMTP, retrying until it succeeds or gives up. */
#ifndef SAMVERKAN_OUTBOX_H
#define SAMVERKAN_OUTBOX_H
#include "base/arena.h"
#include "base/outcome.h"
#include "store/store.h"
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>

/* What a feature hands the outbox. Strings are copied into the row. */
struct mail {
	long long account_id; /* the recipient's account, 0 when none (e.g. an invitation) */
	const char *to;       /* e-mail address */
	const char *to_name;  /* may be NULL */
	const char *lang;     /* "sv" or "en": the recipient's language; texts are already in it */
	/* "transactional" (verification, reset: always sent, no unsubscribe link) or a notification
	 * kind ("invitations", "answers", "events", "news", "representation"): those carry an
	 * unsubscribe link to the preferences page. */
	const char *kind;
	const char *subject;
	const char *text;     /* plain-text body */
	const char *html;     /* HTML body fragment (escaped by the caller), or NULL to derive it from text */
	/* Delete the row once it is delivered or has failed for good, instead of keeping it as
	 * sent: for the confirmation of an erasure, whose address must not outlive the delivery. */
	bool forget;
};

/* Queues a message. Call inside the caller's write transaction so the message exists exactly
 * when the change does. Returns the outbox id, or 0 on error. */
long long outbox_enqueue(struct store *st, const struct mail *m);
/* How many messages this thread queued since the last call (and starts counting again): the
 * server asks after each request, to wake the sender instead of letting it wait for its tick. */
int outbox_take_enqueued(void);

/* Where and how to deliver (from the configuration). */
struct mail_settings {
	const char *smtp_url;  /* "smtp://host:port", "smtps://host:465"; NULL or "" = do not send */
	const char *smtp_user; /* may be NULL */
	const char *smtp_password;
	bool starttls;         /* require STARTTLS on smtp:// */
	const char *mail_from; /* "samverkan@kommun.se" or "Kommunen <samverkan@kommun.se>" */
	const char *base_url;  /* "https://samverkan.kommun.se", for links in messages */
	const char *node;      /* a name for this process, for claims (host:pid) */
	/* The first retry after a temporary failure waits this long, each later one twice as long,
	 * up to 120 times this (one hour with the default 30). 0 means 30. */
	int retry_seconds;
	/* When non-NULL and set, delivery stops after the message in hand (shutdown). */
	const atomic_int *stop;
};

/* With retries 30 s, 1, 2, 4, 8, 16, 32 min and then hourly, 30 tries span about a day: a mail
 * server down overnight delays messages but does not fail them. */
#define OUTBOX_MAX_ATTEMPTS 30
/* A claimed message is this node's for this long; a claim is renewed just before each send, which
 * libcurl gives up after 60 s, so it never runs out mid-send. */
#define OUTBOX_CLAIM_SECONDS 120

/* Delivers up to `max` due messages: claims them (so another node does not), sends each, and
 * marks it sent, or schedules a retry with growing backoff after a temporary failure, or marks
 * it failed after a permanent one or OUTBOX_MAX_ATTEMPTS tries. Returns how many were sent,
 * or -1 when the store failed. Does nothing while ms->smtp_url is empty or ms->mail_from is not
 * an address: messages wait.
 *
 * Exactly once: a message is claimed (claimed_by, claimed_until) in one transaction — on
 * PostgreSQL with SELECT … FOR UPDATE SKIP LOCKED, on SQLite under BEGIN IMMEDIATE — and no other
 * node takes it while the claim holds; the claim is renewed just before the send and the message
 * is marked after it, both only if this node still holds the claim. One gap is left, as in every
 * outbox: a node that dies after the server accepted a message and before it was marked leaves
 * the row pending, and after OUTBOX_CLAIM_SECONDS another node sends it again — with the same
 * Message-ID, so a receiving system can tell it is the same message. */
int outbox_deliver_due(struct store *st, const struct mail_settings *ms, int max);

/* ---- For the admin page ---------------------------------------------------------------------- */

/* Where a message is in its life: waiting (and retried) until it is sent or has failed for good.
 * The codes ("pending", "sent", "failed") appear only where rows are read and written. */
enum outbox_status { OUTBOX_PENDING = 0, OUTBOX_SENT, OUTBOX_FAILED };
const char *outbox_status_code(enum outbox_status s);
/* The status a code names; false when it names none (e.g. a query parameter typed by hand). */
bool outbox_status_from_code(const char *code, enum outbox_status *out);
static inline bool outbox_is_failed(enum outbox_status s) { return s == OUTBOX_FAILED; }
static inline bool outbox_is_pending(enum outbox_status s) { return s == OUTBOX_PENDING; }

struct outbox_counts {
	long long pending, failed, sent;
};
int outbox_count(struct store *st, struct outbox_counts *out);

/* One queued message as the admin page shows it; strings live in the arena. */
struct outbox_item {
	long long id;
	const char *to, *subject, *kind, *created_at, *next_attempt_at, *last_error, *sent_at;
	enum outbox_status status;
	int attempts;
};
/* Messages with the given status, the oldest first, from offset; returns how many were filled
 * (at most max), or -1. */
int outbox_list(struct store *st, struct arena *a, enum outbox_status status, long long offset, int max,
		struct outbox_item *out);
/* Gives a failed message a new series of tries, starting now, audited as done by account_id.
 * OUTCOME_NOT_FOUND when there is no failed message with that id; a failed query is the store's
 * outcome. */
enum outcome outbox_retry(struct store *st, long long id, long long account_id);

#endif
