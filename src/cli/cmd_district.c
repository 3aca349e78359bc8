/* cmd_district: `samverkan district add` and `district list` — the municipality's districts and
 * their postcodes from the command line. */
#include "cli/cli.h"
#include "domain/district.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_district_add(int argc, char **argv)
{
	const char *db = cli_default_db(), *code = "", *postcodes = "", *name_en = "";
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},        {"code", required_argument, NULL, 'c'},
		{"postcodes", required_argument, NULL, 'p'}, {"english", required_argument, NULL, 'e'},
		{"help", no_argument, NULL, 'h'},            {0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:c:p:e:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': code = optarg; break;
		case 'p': postcodes = optarg; break;
		case 'e': name_en = optarg; break;
		case 'h':
			printf("usage: samverkan district add NAME [--postcodes \"178 92,178 93\"] [--code CODE]\n"
			       "                              [--english NAME] [--db PATH]\n\n"
			       "Adds a district. An organisation whose address has one of its postcodes is placed in\n"
			       "it when it names no district itself. The code is made from the name unless given.\n");
			return 0;
		case ':': return cli_usage_error("district add", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("district add", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error("district add", "give the district's name");
	if (optind + 1 < argc)
		return cli_usage_error("district add", "unexpected argument '%s'", argv[optind + 1]);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	struct district_input in = {.code = code, .name_sv = argv[optind], .name_en = name_en, .postcodes = postcodes};
	char made[33];
	enum outcome o = district_save(st, &a, NULL, &in, 0, made, &e);
	int rc = 0;
	if (o != OUTCOME_OK) {
		static const char *const options[] = {"name_sv", "NAME", "name_en", "--english", "code", "--code",
						      "postcodes", "--postcodes", NULL};
		rc = cli_outcome_error("district add", o, &e, options);
	} else {
		struct district d;
		if (district_load(st, &a, made, &d) == OUTCOME_OK && d.npostcodes)
			printf("added district %s: %s (postcodes %s)\n", d.code, d.name_sv, d.postcodes);
		else
			printf("added district %s: %s\n", made, in.name_sv);
	}
	arena_free(&a);
	store_close(st);
	return rc;
}

int cmd_district_list(int argc, char **argv)
{
	const char *db;
	int next, done = cli_db_options(argc, argv, "district list",
				      "usage: samverkan district list [--db PATH]\n\n"
				      "Lists the districts in their order, tab-separated: code, name, postcodes, and\n"
				      "whether it is in use or retired.\n",
				      &db, &next);
	if (done >= 0)
		return done;
	if (next < argc)
		return cli_usage_error("district list", "unexpected argument '%s'", argv[next]);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct arena a = ARENA_INIT;
	enum { MAX = 1000 };
	struct district *ds = arena_alloc(&a, sizeof *ds * MAX);
	int n = district_list(st, &a, ds, MAX);
	for (int i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\n", ds[i].code, ds[i].name_sv, ds[i].npostcodes ? ds[i].postcodes : "-",
		       ds[i].retired ? "retired" : "in use");
	if (n < 0)
		fprintf(stderr, "samverkan district list: %s\n", store_errmsg(st));
	arena_free(&a);
	store_close(st);
	return n < 0 ? 1 : 0;
}
