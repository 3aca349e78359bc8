/* cmd_feedback: `samverkan feedback send` — the feedback clock's reminders and escalations by hand,
 * as the server's job sends them every few minutes. */
#include "cli/cli.h"
#include "base/clock.h"
#include "base/config.h"
#include "domain/feedback_clock.h"
#include "domain/notification.h"
#include <stdio.h>
#include <string.h>

int cmd_feedback_send(int argc, char **argv)
{
	char help[1000];
	snprintf(help, sizeof help,
		 "usage: samverkan feedback send [--db PATH] [--config FILE] [--base-url URL]\n\n"
		 "Queues what the feedback clock owes today (the Swedish local date): a reminder to the\n"
		 "officials responsible for each submission not yet acknowledged or answered from %d\n"
		 "working days before its due date, and an escalation to the coordinators on the first\n"
		 "working day after it. Each goes out once per submission and step, however often this\n"
		 "runs and on however many nodes; the server does the same by itself every five minutes.\n"
		 "The messages wait in the outbox for the server's sender. $SAMVERKAN_NOW moves the\n"
		 "clock (tests).\n",
		 FEEDBACK_REMIND_WORKDAYS);
	struct config cfg;
	struct store *st;
	int rc = cli_job_options(argc, argv, "feedback send", help, true, &cfg, &st);
	if (rc >= 0)
		return rc;
	time_t now = clock_now();
	char today[11];
	feedback_local_date(now, today);
	struct feedback_sent sent;
	if (feedback_send_due_counted(st, now, &sent) < 0) {
		fprintf(stderr, "samverkan feedback send: the database failed: %s\n", store_errmsg(st));
		store_close(st);
		return 1;
	}
	printf("feedback clock for %s: %d reminder%s and %d escalation%s queued\n", today, sent.reminders,
	       sent.reminders == 1 ? "" : "s", sent.escalations, sent.escalations == 1 ? "" : "s");
	store_close(st);
	return 0;
}
