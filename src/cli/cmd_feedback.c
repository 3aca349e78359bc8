/* cmd_feedback: `samverkan feedback send` — the feedback clock's reminders and escalations by hand,
 * as the server's job sends them every few minutes. */
#include "cli/cli.h"
#include "base/clock.h"
#include "base/config.h"
#include "domain/feedback_clock.h"
#include "domain/notification.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cmd_feedback_send(int argc, char **argv)
{
	const char *db = NULL, *config_file = NULL, *base_url = NULL;
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"config", required_argument, NULL, 'c'},
		{"base-url", required_argument, NULL, 'u'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:c:u:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': config_file = optarg; break;
		case 'u': base_url = optarg; break;
		case 'h':
			printf("usage: samverkan feedback send [--db PATH] [--config FILE] [--base-url URL]\n\n"
			       "Queues what the feedback clock owes today (the Swedish local date): a reminder to the\n"
			       "officials responsible for each submission not yet acknowledged or answered from %d\n"
			       "working days before its due date, and an escalation to the coordinators on the first\n"
			       "working day after it. Each goes out once per submission and step, however often this\n"
			       "runs and on however many nodes; the server does the same by itself every five minutes.\n"
			       "The messages wait in the outbox for the server's sender. $SAMVERKAN_NOW moves the\n"
			       "clock (tests).\n",
			       FEEDBACK_REMIND_WORKDAYS);
			return 0;
		case ':': return cli_usage_error("feedback send", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("feedback send", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("feedback send", "unexpected argument '%s'", argv[optind]);
	struct config cfg;
	char err[512];
	if (config_load(&cfg, config_file, err, sizeof err) != 0) {
		fprintf(stderr, "samverkan feedback send: %s\n", err);
		return 1;
	}
	if (!db)
		db = *cfg.db ? cfg.db : cli_default_db();
	char fallback[64];
	if (!base_url || !*base_url) {
		snprintf(fallback, sizeof fallback, "http://localhost:%s", *cfg.port ? cfg.port : "8080");
		base_url = *cfg.base_url ? cfg.base_url : fallback;
	}
	notification_set_base_url(base_url);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
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
