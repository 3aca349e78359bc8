/* outbox: every e-mail samverkan sends is first a row, committed with the change that caused it;
 * a sender job delivers the rows over SMTP, retrying until it succeeds or gives up. */
#ifndef SAMVERKAN_OUTBOX_H
#define SAMVERKAN_OUTBOX_H
#include "store/store.h"
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
};

/* Queues a message. Call inside the caller's write transaction so the message exists exactly
 * when the change does. Returns the outbox id, or 0 on error. */
long long outbox_enqueue(struct store *st, const struct mail *m);

/* Where and how to deliver (from the configuration). */
struct mail_settings {
	const char *smtp_url;  /* "smtp://host:port", "smtps://host:465"; NULL or "" = do not send */
	const char *smtp_user; /* may be NULL */
	const char *smtp_password;
	bool starttls;         /* require STARTTLS on smtp:// */
	const char *mail_from; /* "samverkan@kommun.se" or "Kommunen <samverkan@kommun.se>" */
	const char *base_url;  /* "https://samverkan.kommun.se", for links in messages */
	const char *node;      /* a name for this process, for claims (host:pid) */
};

#define OUTBOX_MAX_ATTEMPTS 8

/* Delivers up to `max` due messages: claims them (so another node does not), sends each, and
 * marks it sent, or schedules a retry with growing backoff after a temporary failure, or marks
 * it failed after a permanent one or OUTBOX_MAX_ATTEMPTS tries. Returns how many were sent,
 * or -1 when the store failed. */
int outbox_deliver_due(struct store *st, const struct mail_settings *ms, int max);

#endif
