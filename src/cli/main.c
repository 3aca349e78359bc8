/* main: samverkan's entry point — finds the subcommand and runs it. */
#include "cli/cli.h"
#include "base/i18n.h"
#include "base/smtp.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct command {
	const char *name; /* may be two words: "import organisations" */
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{"init", cmd_init, "create or upgrade the database"},
	{"serve", cmd_serve, "serve the web pages and the API"},
	{"demo", cmd_demo, "fill a database with a believable demo municipality"},
	{"import organisations", cmd_import_organisations, "import organisations from a CSV file"},
	{"export organisations", cmd_export_organisations, "export the public register as CSV or JSON"},
	{"department add", cmd_department_add, "add a department (and its committee)"},
	{"department list", cmd_department_list, "list the departments"},
	{"district add", cmd_district_add, "add a district and its postcodes"},
	{"district list", cmd_district_list, "list the districts and their postcodes"},
	{"alias add", cmd_alias_add, "record another word for a category, target group or legal form"},
	{"area add", cmd_area_add, "add a collaboration area of a committee"},
	{"area list", cmd_area_list, "list the collaboration areas"},
	{"goal add", cmd_goal_add, "add a goal to a collaboration area"},
	{"goal list", cmd_goal_list, "list the goals with their status and latest value"},
	{"goal value", cmd_goal_value, "record a measurement of a goal whose values are typed"},
	{"indicators recompute", cmd_indicators_recompute, "compute today's value of every computed goal"},
	{"indicators import-kolada", cmd_indicators_import_kolada, "store goal values from a Kolada JSON file"},
	{"indicators fetch-kolada", cmd_indicators_fetch_kolada, "fetch the goals' values from Kolada's API"},
	{"report", cmd_report, "write the yearly follow-up report as HTML, CSV or xlsx"},
	{"user add", cmd_user_add, "add a user account"},
	{"user list", cmd_user_list, "list user accounts"},
	{"backup", cmd_backup, "copy a running SQLite database into a checked backup file"},
	{"restore", cmd_restore, "replace the SQLite database with a backup (serve stopped)"},
	{"migrate-store", cmd_migrate_store, "copy a SQLite database into an empty PostgreSQL database"},
	{"config check", cmd_config_check, "show the settings in effect (samverkan.conf, environment) and their problems"},
	{"digest send", cmd_digest_send, "queue today's daily notification digest unless it went out already"},
	{"workdays add", cmd_workdays_add, "print the date N Swedish working days after a date"},
	{"workdays between", cmd_workdays_between, "count the Swedish working days between two dates"},
	{"feedback send", cmd_feedback_send, "queue the feedback clock's reminders and escalations due today"},
	{"retention run", cmd_retention_run, "remove personal data no longer needed (the daily job), now"},
};

static void usage(FILE *out)
{
	fprintf(out, "usage: samverkan COMMAND [options]   (samverkan COMMAND --help for its options)\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-22s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\nEvery command takes --db PATH (default ./samverkan.db, or $SAMVERKAN_DB).\n");
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "samverkan: libsodium could not start\n");
		return 1;
	}
	if (i18n_init() != 0)
		return 1;
	/* libcurl's global state, before any thread exists (the mail sender uses it). */
	if (smtp_global_init() != 0) {
		fprintf(stderr, "samverkan: libcurl could not start\n");
		return 1;
	}
	/* The command line speaks English unless asked otherwise; pages choose per request. */
	const char *lang = getenv("SAMVERKAN_LANG");
	i18n_set_lang(lang && strcmp(lang, "sv") == 0 ? "sv" : "en");
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		const char *name = commands[i].name;
		const char *space = strchr(name, ' ');
		if (!space) {
			if (strcmp(argv[1], name) == 0)
				return commands[i].run(argc - 1, argv + 1);
			continue;
		}
		size_t first = (size_t)(space - name);
		if (strlen(argv[1]) == first && strncmp(argv[1], name, first) == 0) {
			if (argc < 3 || strcmp(argv[2], space + 1) != 0)
				continue;
			/* Present the two words as one command name to the subcommand. */
			argv[2] = (char *)name;
			return commands[i].run(argc - 2, argv + 2);
		}
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		const char *space = strchr(commands[i].name, ' ');
		if (space && strncmp(argv[1], commands[i].name, (size_t)(space - commands[i].name)) == 0 &&
		    strlen(argv[1]) == (size_t)(space - commands[i].name)) {
			fprintf(stderr, "samverkan %s: say what to %s, e.g. 'samverkan %s'\n", argv[1], argv[1], commands[i].name);
			return EXIT_USAGE;
		}
	}
	fprintf(stderr, "samverkan: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
