/* cmd_user: `samverkan user add` and `user list` — accounts from the command line. */
#include "cli/cli.h"
#include "domain/account_admin.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_user_add(int argc, char **argv)
{
	const char *db = cli_default_db(), *email = NULL, *name = NULL, *role = NULL, *department = NULL;
	const char *password = getenv("SAMVERKAN_PASSWORD");
	long long organisation = 0;
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},         {"email", required_argument, NULL, 'e'},
		{"name", required_argument, NULL, 'n'},       {"role", required_argument, NULL, 'r'},
		{"password", required_argument, NULL, 'p'},   {"department", required_argument, NULL, 'D'},
		{"organisation", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:e:n:r:p:D:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'e': email = optarg; break;
		case 'n': name = optarg; break;
		case 'r': role = optarg; break;
		case 'p': password = optarg; break;
		case 'D': department = optarg; break;
		case 'o': organisation = atoll(optarg); break;
		case 'h':
			printf("usage: samverkan user add --email E --name N --role ROLE [--department CODE]\n"
			       "                          [--organisation ID] [--password P] [--db PATH]\n\n"
			       "ROLE is admin, coordinator, official or representative. The password may also come from\n"
			       "$SAMVERKAN_PASSWORD (better than the command line, which others may see).\n"
			       "--organisation makes a representative represent that organisation.\n");
			return 0;
		case ':': return cli_usage_error("user add", "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error("user add", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("user add", "unexpected argument '%s'", argv[optind]);
	if (!email || !name || !role)
		return cli_usage_error("user add", "--email, --name and --role are required");
	enum role r = role_from_code(role);
	if (r == ROLE_NONE)
		return cli_usage_error("user add", "unknown role '%s' (admin, coordinator, official, representative)", role);
	if (!password)
		return cli_usage_error("user add", "give a password with --password or $SAMVERKAN_PASSWORD");
	/* The name's text contract, as account_create applies it again: said here before anything
	 * is opened, with the option it is about. (A name typed in a macOS terminal comes decomposed;
	 * it is kept composed, as the web forms keep it.) */
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	const char *clean = name;
	if (!account_name_field(&e, &a, &clean)) {
		int rc = cli_usage_error("user add", "--name is not valid UTF-8 text on one line, or is empty or too long: %s",
					 field_error_for(&e, "name"));
		arena_free(&a);
		return rc;
	}
	arena_free(&a);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	long long dep = 0;
	if (department) {
		/* Any department but a retired one, which takes no new officials. */
		struct arena da = ARENA_INIT;
		struct department d;
		enum outcome o = department_by_code(st, &da, department, &d);
		dep = o == OUTCOME_OK && !d.retired ? d.id : 0;
		if (o == OUTCOME_OK && d.retired)
			fprintf(stderr, "samverkan user add: the department '%s' is retired; choose one in use\n", department);
		else if (o == OUTCOME_NOT_FOUND)
			fprintf(stderr, "samverkan user add: no department with code '%s' (see 'samverkan department list')\n",
				department);
		else if (o != OUTCOME_OK)
			fprintf(stderr, "samverkan user add: %s\n", store_errmsg(st));
		arena_free(&da);
		if (!dep) {
			store_close(st);
			return 1;
		}
	}
	char err[256];
	long long id = account_create(st, email, name, password, r, dep, err, sizeof err);
	if (!id) {
		fprintf(stderr, "samverkan user add: %s\n", err);
		store_close(st);
		return 1;
	}
	if (organisation && account_add_representative(st, id, organisation) != 0) {
		fprintf(stderr, "samverkan user add: no organisation with id %lld\n", organisation);
		store_close(st);
		return 1;
	}
	printf("added user %lld <%s> as %s\n", id, email, role);
	store_close(st);
	return 0;
}

int cmd_user_list(int argc, char **argv)
{
	const char *db;
	int next, done = cli_db_options(argc, argv, "user list",
				      "usage: samverkan user list [--db PATH]\n\nLists accounts: id, e-mail, role, name.\n", &db,
				      &next);
	if (done >= 0)
		return done;
	if (next < argc)
		return cli_usage_error("user list", "unexpected argument '%s'", argv[next]);
	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	/* A page at a time, so a register of any size is listed in little memory. */
	static struct account page[200];
	long long after = 0;
	int n;
	while ((n = account_list(st, after, page, (int)(sizeof page / sizeof page[0]))) > 0) {
		for (int i = 0; i < n; i++)
			printf("%lld\t%s\t%s\t%s\n", page[i].id, page[i].email, role_code(page[i].role), page[i].name);
		after = page[n - 1].id;
	}
	if (n < 0)
		fprintf(stderr, "samverkan user list: %s\n", store_errmsg(st));
	store_close(st);
	return n == 0 ? 0 : 1;
}
