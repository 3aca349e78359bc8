/* cmd_department: `samverkan department add` and `department list` — the municipality's departments
 * and committees from the command line, for scripted set-up. */
#include "cli/cli.h"
#include "domain/department.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const department_options[] = {"code", "--code", "name", "--name", "contact_email", "--email",
						 "committee", "--committee", "committee_id", "--committee", NULL};

int cmd_department_add(int argc, char **argv)
{
	const char *db = cli_default_db(), *code = NULL, *name = NULL, *committee = NULL, *email = NULL;
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},    {"code", required_argument, NULL, 'c'},
		{"name", required_argument, NULL, 'n'},  {"committee", required_argument, NULL, 'C'},
		{"email", required_argument, NULL, 'e'}, {"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:c:n:C:e:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': code = optarg; break;
		case 'n': name = optarg; break;
		case 'C': committee = optarg; break;
		case 'e': email = optarg; break;
		case 'h':
			printf("usage: samverkan department add --code CODE --name NAME [--committee NAME] [--email ADDR]\n"
			       "                                [--db PATH]\n\n"
			       "Adds a department. CODE is 1-32 letters a-z or A-Z, digits and '-' (e.g. kultur-fritid),\n"
			       "unique ignoring case; `user add --department CODE` names it. The committee is found by\n"
			       "its name, and created (with a code made from the name) when there is none.\n");
			return 0;
		case ':': return cli_usage_error("department add", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("department add", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("department add", "unexpected argument '%s'", argv[optind]);
	if (!code || !name)
		return cli_usage_error("department add", "--code and --name are required");
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	struct department_input in = {.code = code, .name = name, .contact_email = email ? email : ""};
	long long id = 0;
	/* With a committee, one transaction: a refused department leaves no committee behind. */
	enum outcome o = committee ? department_create_in_committee(st, &a, &in, committee, 0, &id, &e)
				   : department_save(st, &a, 0, &in, 0, &id, &e);
	int rc = 0;
	if (o != OUTCOME_OK)
		rc = cli_outcome_error("department add", o, &e, department_options);
	else if (committee)
		printf("added department %s: %s (committee: %s)\n", in.code, in.name, committee);
	else
		printf("added department %s: %s\n", in.code, in.name);
	arena_free(&a);
	store_close(st);
	return rc;
}

int cmd_department_list(int argc, char **argv)
{
	const char *db;
	int next, done = cli_db_options(argc, argv, "department list",
				      "usage: samverkan department list [--db PATH]\n\n"
				      "Lists the departments, tab-separated: code, name, committee, contact e-mail, and\n"
				      "whether it is in use, retired, or merged into another (by code).\n",
				      &db, &next);
	if (done >= 0)
		return done;
	if (next < argc)
		return cli_usage_error("department list", "unexpected argument '%s'", argv[next]);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct arena a = ARENA_INIT;
	enum { MAX = 1000 };
	struct department *ds = arena_alloc(&a, sizeof *ds * MAX);
	int n = department_list(st, &a, ds, MAX);
	for (int i = 0; i < n; i++) {
		const char *status = ds[i].retired ? "retired" : "in use";
		for (int k = 0; ds[i].merged_into && k < n; k++)
			if (ds[k].id == ds[i].merged_into)
				status = arena_printf(&a, "merged into %s", ds[k].code);
		printf("%s\t%s\t%s\t%s\t%s\n", ds[i].code, ds[i].name, ds[i].committee_name ? ds[i].committee_name : "-",
		       ds[i].contact_email ? ds[i].contact_email : "-", status);
	}
	if (n < 0)
		fprintf(stderr, "samverkan department list: %s\n", store_errmsg(st));
	arena_free(&a);
	store_close(st);
	return n < 0 ? 1 : 0;
}
