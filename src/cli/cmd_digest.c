/* cmd_digest: `samverkan digest send` — the daily digest by hand, as the server's job would send it. */
#include "cli/cli.h"
#include "base/clock.h"
#include "base/config.h"
#include "domain/digest.h"
#include "domain/notification.h"
#include <stdio.h>
#include <string.h>

int cmd_digest_send(int argc, char **argv)
{
	char help[800];
	snprintf(help, sizeof help,
		 "usage: samverkan digest send [--db PATH] [--config FILE] [--base-url URL]\n\n"
		 "Queues today's daily digest (one e-mail per person with notifications waiting for it)\n"
		 "unless it was sent already: the server sends it by itself from %02d:00 Swedish time, and\n"
		 "however often this runs, on however many nodes, each digest goes out once. The messages\n"
		 "wait in the outbox for the server's sender. $SAMVERKAN_NOW moves the clock (tests).\n",
		 DIGEST_HOUR);
	struct config cfg;
	struct store *st;
	int rc = cli_job_options(argc, argv, "digest send", help, true, &cfg, &st);
	if (rc >= 0)
		return rc;
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
