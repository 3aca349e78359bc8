/* jobs: the background thread — delivers the outbox every second or when woken, and runs the
 * periodic jobs features register — with its own database connection. */
#include "web/jobs.h"
#include "base/log.h"
#include "base/smtp.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How many messages one round takes; more rounds follow at once while there are more. */
#define ROUND 20

static struct job {
	const char *name;
	int interval;
	job_fn run;
	time_t next; /* monotonic seconds */
} jobs[JOBS_MAX];
static int njobs;

static pthread_t thread;
static bool started;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond;
static bool woken;
static atomic_int stopping;
static char *database;
static struct mail_settings settings;
static char node_name[300];

void jobs_add(const char *name, int interval_seconds, job_fn run)
{
	if (started || njobs == JOBS_MAX || !run) {
		log_error("jobs: cannot add job '%s'%s", name, started ? " after the jobs started" : "");
		return;
	}
	jobs[njobs++] = (struct job){name, interval_seconds > 0 ? interval_seconds : 60, run, 0};
}

static time_t mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* Sleeps until woken, stopped, or one second has passed. */
static void wait_tick(void)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += 1;
	pthread_mutex_lock(&mutex);
	while (!woken && !atomic_load(&stopping))
		if (pthread_cond_timedwait(&cond, &mutex, &until) != 0)
			break;
	woken = false;
	pthread_mutex_unlock(&mutex);
}

static void *jobs_main(void *arg)
{
	struct store *st = NULL;
	bool store_trouble = false;
	time_t next_open = 0;
	while (!atomic_load(&stopping)) {
		if (!st && mono_now() >= next_open) {
			char err[256];
			st = store_open(database, err, sizeof err);
			if (!st) {
				if (!store_trouble)
					log_error("jobs: %s (trying again every 5 s)", err);
				store_trouble = true;
				next_open = mono_now() + 5;
			}
		}
		if (st) {
			store_clear_error(st);
			int sent;
			do
				sent = outbox_deliver_due(st, &settings, ROUND);
			while (sent == ROUND && !atomic_load(&stopping));
			if (sent < 0 && !store_trouble)
				log_error("jobs: the outbox could not be read: %s", store_errmsg(st));
			else if (sent >= 0 && store_trouble)
				log_info("jobs: the database answers again");
			store_trouble = sent < 0;
			for (int i = 0; i < njobs && !atomic_load(&stopping); i++) {
				if (mono_now() < jobs[i].next)
					continue;
				store_clear_error(st);
				jobs[i].run(st, &settings);
				jobs[i].next = mono_now() + jobs[i].interval;
			}
		}
		/* A job that queued mail has it delivered now rather than after the tick. */
		if (outbox_take_enqueued() == 0)
			wait_tick();
	}
	store_close(st);
	return NULL;
}

int jobs_start(const char *db, const struct mail_settings *ms)
{
	static const struct mail_settings none = {0};
	settings = ms ? *ms : none;
	settings.stop = &stopping;
	if (!settings.node || !*settings.node) {
		char host[256] = "localhost";
		gethostname(host, sizeof host - 1);
		snprintf(node_name, sizeof node_name, "%s:%ld", host, (long)getpid());
		settings.node = node_name;
	}
	database = strdup(db);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&cond, &attr);
	pthread_condattr_destroy(&attr);
	atomic_store(&stopping, 0);
	if (!database || pthread_create(&thread, NULL, jobs_main, NULL) != 0) {
		log_error("jobs: the background thread could not start");
		free(database);
		database = NULL;
		return -1;
	}
	started = true;
	const char *addr;
	size_t len;
	if (!settings.smtp_url || !*settings.smtp_url)
		log_info("e-mail: no smtp_url, so messages are queued in the outbox but not sent");
	else if (!settings.mail_from || !smtp_mailbox_address(settings.mail_from, &addr, &len))
		log_info("e-mail: no usable mail_from, so messages are queued in the outbox but not sent");
	else
		log_info("e-mail: sending through %s as %s", settings.smtp_url, settings.mail_from);
	return 0;
}

void jobs_wake(void)
{
	pthread_mutex_lock(&mutex);
	woken = true;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&mutex);
}

void jobs_stop(void)
{
	if (!started)
		return;
	pthread_mutex_lock(&mutex);
	atomic_store(&stopping, 1);
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&mutex);
	pthread_join(thread, NULL);
	pthread_cond_destroy(&cond);
	free(database);
	database = NULL;
	started = false;
}
