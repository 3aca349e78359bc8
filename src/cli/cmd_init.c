/* cmd_init: `samverkan init` creates the database or brings an older one up to date, and with
 * --municipality names the municipality it serves. */
#include "cli/cli.h"
#include "base/arena.h"
#include "base/text.h"
#include "domain/municipality.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cmd_init(int argc, char **argv)
{
	const char *db = cli_default_db(), *name = NULL;
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"municipality", required_argument, NULL, 'm'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:m:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'm': name = optarg; break;
		case 'h':
			printf("usage: samverkan init [--db PATH] [--municipality NAME]\n\nCreates the database, or migrates "
			       "an older one to this program's schema (version %d).\n--municipality sets the name the site "
			       "uses for itself (the rest of the profile is at /admin/kommun).\n",
			       store_latest_version());
			return 0;
		case ':': return cli_usage_error("init", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("init", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("init", "unexpected argument '%s'", argv[optind]);
	if (name && text_blank(name))
		return cli_usage_error("init", "--municipality needs the municipality's name");
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	int rc = 0;
	if (name) {
		struct arena a = ARENA_INIT;
		struct municipality m;
		struct field_errors e = {0};
		enum outcome o = municipality_load(st, &a, &m);
		if (o == OUTCOME_OK) {
			m.name = name;
			o = municipality_save(st, &a, &m, 0, &e);
		}
		if (o == OUTCOME_INVALID) {
			fprintf(stderr, "samverkan init: --municipality: %s\n", field_errors_first(&e));
			rc = 1;
		} else if (o != OUTCOME_OK) {
			fprintf(stderr, "samverkan init: could not store the municipality's name: %s\n", store_errmsg(st));
			rc = 1;
		}
		arena_free(&a);
	}
	if (rc == 0)
		printf("%s: schema version %d\n", db, store_schema_version(st));
	store_close(st);
	return rc;
}
