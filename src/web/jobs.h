/* jobs: background work beside the web server — the outbox sender and periodic jobs such as the
 * daily digest — on one thread with its own database connection. */
#ifndef SAMVERKAN_JOBS_H
#define SAMVERKAN_JOBS_H
#include "domain/outbox.h"
#include "store/store.h"

/* A periodic job: run(st, ms) is called on the jobs thread with that thread's own store
 * connection (no transaction open; the job begins and commits its own) and the mail settings
 * (queue mail with outbox_enqueue; the sender delivers it). The first run comes soon after the
 * server starts, then one every interval_seconds. Every node of a multi-node installation runs
 * every job, so a job must be idempotent across nodes and restarts: it decides from the database
 * whether work is due (e.g. a digest marks notification.emailed_at in the transaction that
 * queues the mail, and skips what is already marked). Jobs run one after another on the same
 * thread as the outbox sender, so a job should finish within seconds.
 *
 * Register before the server starts — in src/cli/cmd_serve.c, before server_run:
 *     jobs_add("daily digest", 3600, notification_send_digests);
 * name is used in log lines and must be a static string. At most JOBS_MAX jobs. */
#define JOBS_MAX 16
typedef void (*job_fn)(struct store *st, const struct mail_settings *ms);
void jobs_add(const char *name, int interval_seconds, job_fn run);

/* Starts the jobs thread: it opens db, delivers due outbox messages every second (and at once
 * after jobs_wake) and runs the registered jobs. ms must stay valid until jobs_stop. Returns 0, or
 * -1 when the thread cannot start. Called by server_run. */
int jobs_start(const char *db, const struct mail_settings *ms);
/* Tells the sender to look at the outbox now (after a request queued mail); cheap, any thread. */
void jobs_wake(void);
/* Asks the thread to stop and waits for it: a message being sent is finished (bounded by the
 * SMTP timeouts), nothing new is started. */
void jobs_stop(void);

#endif
