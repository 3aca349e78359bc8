/* cmd_init: `samverkan init` creates the database or brings an older one up to date. */
#include "cli/cli.h"
#include <stdio.h>
#include <string.h>

int cmd_init(int argc, char **argv)
{
	char help[200];
	snprintf(help, sizeof help, "usage: samverkan init [--db PATH]\n\nCreates the database, or migrates an older one "
		 "to this program's schema (version %d).\n", store_latest_version());
	const char *db;
	int next, rc = cli_db_options(argc, argv, "init", help, &db, &next);
	if (rc >= 0)
		return rc;
	if (next < argc)
		return cli_usage_error("init", "unexpected argument '%s'", argv[next]);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	printf("%s: schema version %d\n", db, store_schema_version(st));
	store_close(st);
	return 0;
}
