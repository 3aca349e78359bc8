/* cmd_digest: `samverkan digest send` — the daily digest by hand, as the server's job would send it. */
#include "cli/cli.h"
#include "base/clock.h"
#include "base/config.h"
#include "domain/digest.h"
#include "domain/notification.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cmd_digest_send(int argc, char **argv)
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
			printf("usage: samverkan digest send [--db PATH] [--config FILE] [--base-url URL]\n\n"
			       "Queues today's daily digest (one e-mail per person with notifications waiting for it)\n"
			       "unless it was sent already: the server sends it by itself from %02d:00 Swedish time, and\n"
			       "however often this runs, on however many nodes, each digest goes out once. The messages\n"
			       "wait in the outbox for the server's sender. $SAMVERKAN_NOW moves the clock (tests).\n",
			       DIGEST_HOUR);
			return 0;
		case ':': return cli_usage_error("digest send", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("digest send", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("digest send", "unexpected argument '%s'", argv[optind]);
	struct config cfg;
	char err[512];
	if (config_load(&cfg, config_file, err, sizeof err) != 0) {
		fprintf(stderr, "samverkan digest send: %s\n", err);
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
	char period[11];
	digest_period(now, period);
	bool ran = false;
	int n = digest_send_due(st, now, &ran);
	if (n < 0) {
		fprintf(stderr, "samverkan digest send: the database failed: %s\n", store_errmsg(st));
		store_close(st);
		return 1;
	}
	if (ran)
		printf("digest for %s: %d message%s queued\n", period, n, n == 1 ? "" : "s");
	else
		printf("digest for %s: sent already, nothing to do\n", period);
	store_close(st);
	return 0;
}
