/* digest: the daily e-mail that gathers each person's notifications of the kinds they chose to get
 * once a day — one message per person, once a day, on however many nodes. */
#ifndef SAMVERKAN_DIGEST_H
#define SAMVERKAN_DIGEST_H
#include "domain/outbox.h"
#include "store/store.h"
#include <time.h>

/* The local hour (Europe/Stockholm) from which a day's digest is due. */
#define DIGEST_HOUR 7

/* The digest day that is due at t: "YYYY-MM-DD", the local date of t less DIGEST_HOUR hours
 * (so from 07:00 local it is today, before then yesterday). out[11]. */
void digest_period(time_t t, char out[11]);

/* Sends the digest for the period due at `now` unless it was sent already: claims the period in
 * table job_run and, in the same transaction, queues one e-mail per person with waiting 'daily'
 * notifications and marks them mailed — so a crash leaves all of it or none of it, and of
 * several nodes (or a node and `samverkan digest send`) only the first sends. Returns the number
 * of messages queued (0 also when this period's digest was sent before; *ran tells which), or
 * -1 when the store failed (nothing was written; the next try sends it). */
int digest_send_due(struct store *st, time_t now, bool *ran);

/* For jobs_add: digest_send_due at clock_now(), errors logged. */
void digest_job(struct store *st, const struct mail_settings *ms);

#endif
