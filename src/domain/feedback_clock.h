/* feedback_clock: the municipality's promise to answer — targets in working days, the due dates
 * of each submission, reminders before a deadline and escalation to the coordinators after it. */
#ifndef SAMVERKAN_FEEDBACK_CLOCK_H
#define SAMVERKAN_FEEDBACK_CLOCK_H
#include "base/arena.h"
#include "base/workdays.h"
#include "domain/outbox.h"
#include "store/store.h"
#include <stdbool.h>
#include <time.h>

/* Defaults when the municipality has set nothing (table setting: feedback.acknowledge_days,
 * feedback.answer_days). */
#define FEEDBACK_ACKNOWLEDGE_DAYS 5
#define FEEDBACK_ANSWER_DAYS 20

struct feedback_targets {
	int acknowledge_days; /* working days from arrival to acknowledgement */
	int answer_days;      /* working days from arrival to answer */
};

/* The targets in force (defaults for what is unset). 0, or -1 when the store failed (out then
 * holds the defaults). */
int feedback_targets_load(struct store *st, struct feedback_targets *out);

/* The due dates of a submission that arrived on the local date received_on ("YYYY-MM-DD"):
 * received_on + acknowledge_days and + answer_days working days, each "YYYY-MM-DD" in out[11]. */
void feedback_due_dates(const struct feedback_targets *t, const char *received_on, char acknowledge_due[11],
			char answer_due[11]);

/* The Swedish local date of t as "YYYY-MM-DD" in out[11]: the day the clock counts in. */
void feedback_local_date(time_t t, char out[11]);

#endif
