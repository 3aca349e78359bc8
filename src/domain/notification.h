/* notification: telling people about things that concern them — in the app, and by e-mail
 * immediately, in a daily digest, or not at all, as each person chooses per kind. */
#ifndef SAMVERKAN_NOTIFICATION_H
#define SAMVERKAN_NOTIFICATION_H
#include "store/store.h"

/* Kinds a person can choose a frequency for. */
#define NOTIFY_INVITATIONS "invitations"
#define NOTIFY_ANSWERS "answers"
#define NOTIFY_EVENTS "events"
#define NOTIFY_NEWS "news"
#define NOTIFY_REPRESENTATION "representation"

/* Records a notification for an account (shown in the app) and, by the person's choice for
 * that kind, queues an e-mail now (outbox) or leaves it for the daily digest. title and body
 * are plain text in the recipient's language (the caller switches i18n to it); link is a local
 * path such as "/organisationer/12". Call inside the caller's write transaction. Returns the
 * notification id, or 0 on error. */
long long notification_create(struct store *st, long long account_id, const char *kind, const char *title,
			      const char *body, const char *link);

#endif
