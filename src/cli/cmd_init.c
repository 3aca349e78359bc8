/* cmd_init: `samverkan init` creates the database or brings an older one up to date. */
#include "cli/cli.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cmd_init(int argc, char **argv)
{
	const char *db = cli_default_db();
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {0}};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h':
			printf("usage: samverkan init [--db PATH]\n\nCreates the database, or migrates an older one to this "
			       "program's schema (version %d).\n", store_latest_version());
			return 0;
		case ':': return cli_usage_error("init", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("init", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument '%s'", argv[optind]);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	printf("%s: schema version %d\n", db, store_schema_version(st));
	store_close(st);
	return 0;
}
