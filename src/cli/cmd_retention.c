/* cmd_retention: `samverkan retention run` — the daily removal of personal data no longer needed,
 * at once, as the server's job does it once a day. */
#include "cli/cli.h"
#include "base/clock.h"
#include "base/config.h"
#include "domain/personal_data.h"
#include <stdio.h>
#include <stdlib.h>

/* A setting that must be a whole number in min..max; -1 with a message otherwise. */
static int setting(const struct config *cfg, const char *key, int min, int max, int *out)
{
	char *end;
	const char *s = config_get(cfg, key);
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < min || v > max) {
		cli_usage_error("retention run", "%s must be a number from %d to %d, not '%s'", key, min, max, s);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int cmd_retention_run(int argc, char **argv)
{
	char help[1000];
	snprintf(help, sizeof help,
		 "usage: samverkan retention run [--db PATH] [--config FILE]\n\n"
		 "Removes personal data samverkan no longer needs, now: the contact persons of\n"
		 "organisations not confirmed for retention_contact_years (default %d), accounts whose\n"
		 "address was not confirmed within retention_unverified_days (default %d), expired\n"
		 "one-time links, and sessions unused for 30 days. The settings come from\n"
		 "samverkan.conf or SAMVERKAN_* variables; the run is in the audit log as \"retention\".\n"
		 "The server does the same by itself once a day. $SAMVERKAN_NOW moves the clock (tests).\n",
		 RETENTION_CONTACT_YEARS, RETENTION_UNVERIFIED_DAYS);
	struct config cfg;
	struct store *st;
	int rc = cli_job_options(argc, argv, "retention run", help, false, &cfg, &st);
	if (rc >= 0)
		return rc;
	struct retention_settings rs;
	if (setting(&cfg, "retention_contact_years", 1, 100, &rs.contact_years) != 0 ||
	    setting(&cfg, "retention_unverified_days", 1, 3650, &rs.unverified_days) != 0) {
		store_close(st);
		return EXIT_USAGE;
	}
	struct retention_counts n;
	if (retention_run(st, clock_now(), &rs, &n) != 0) {
		fprintf(stderr, "samverkan retention run: the database failed: %s\n", store_errmsg(st));
		store_close(st);
		return 1;
	}
	printf("retention: %lld contact persons, %lld unverified accounts, %lld expired tokens, %lld old sessions "
	       "removed\n",
	       n.contact_persons, n.unverified_accounts, n.tokens, n.sessions);
	store_close(st);
	return 0;
}
