/* cli: helpers every subcommand shares — the database to use, opening it, usage errors. */
#include "cli/cli.h"
#include "base/config.h"
#include "domain/notification.h"
#include "domain/taxonomy.h"
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cli_default_db(void)
{
	/* db from samverkan.conf (or $SAMVERKAN_CONFIG) and $SAMVERKAN_DB, as serve reads them. */
	static struct config c;
	char err[1200];
	if (config_load(&c, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "samverkan: %s (ignored here; 'samverkan config check' explains)\n", err);
		const char *db = getenv("SAMVERKAN_DB");
		return db && *db ? db : "samverkan.db";
	}
	return c.db[0] ? c.db : "samverkan.db";
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "samverkan %s: ", cmd);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry 'samverkan %s --help'.\n", cmd);
	va_end(ap);
	return EXIT_USAGE;
}

struct store *cli_open_store(const char *db)
{
	char err[512];
	struct store *st = store_open(db, err, sizeof err);
	if (!st) {
		fprintf(stderr, "samverkan: %s\n", err);
		return NULL;
	}
	if (store_migrate(st, err, sizeof err) != 0 || taxonomy_seed(st) != 0) {
		fprintf(stderr, "samverkan: %s: %s\n", db, err[0] ? err : store_errmsg(st));
		store_close(st);
		return NULL;
	}
	return st;
}

int cli_db_options(int argc, char **argv, const char *cmd, const char *help, const char **db, int *next)
{
	static const struct option longopts[] = {{"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {0}};
	*db = cli_default_db();
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': *db = optarg; break;
		case 'h': fputs(help, stdout); return 0;
		case ':': return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	*next = optind;
	return -1;
}

int cli_job_options(int argc, char **argv, const char *cmd, const char *help, bool base_url, struct config *cfg,
		    struct store **st)
{
	const char *db = NULL;
	/* --base-url last, so that without it the table simply ends one entry earlier. */
	static const struct option with_url[] = {
		{"db", required_argument, NULL, 'd'},
		{"config", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{"base-url", required_argument, NULL, 'u'},
		{0},
	};
	static const struct option without_url[] = {
		{"db", required_argument, NULL, 'd'},
		{"config", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *config_file = NULL, *url = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, base_url ? ":d:c:u:h" : ":d:c:h", base_url ? with_url : without_url,
				NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': config_file = optarg; break;
		case 'u': url = optarg; break;
		case 'h': fputs(help, stdout); return 0;
		case ':': return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	char err[512];
	if (config_load(cfg, config_file, err, sizeof err) != 0) {
		fprintf(stderr, "samverkan %s: %s\n", cmd, err);
		return 1;
	}
	if (!db)
		db = *cfg->db ? cfg->db : cli_default_db();
	if (base_url) {
		static char fallback[64];
		if (!url || !*url) {
			snprintf(fallback, sizeof fallback, "http://localhost:%s", *cfg->port ? cfg->port : "8080");
			url = *cfg->base_url ? cfg->base_url : fallback;
		}
		notification_set_base_url(url);
	}
	*st = cli_open_store(db);
	return *st ? -1 : 1;
}

int cli_outcome_error(const char *cmd, enum outcome o, const struct field_errors *e, const char *const *options)
{
	/* The domain names its fields as the forms do; the command line says the option instead. */
	for (int i = 0; e && i < e->n; i++) {
		const char *option = NULL;
		for (int k = 0; options && e->items[i].field && options[k]; k += 2)
			if (strcmp(options[k], e->items[i].field) == 0)
				option = options[k + 1];
		if (option)
			fprintf(stderr, "samverkan %s: %s: %s\n", cmd, option, e->items[i].message);
		else
			fprintf(stderr, "samverkan %s: %s\n", cmd, e->items[i].message);
	}
	if (!e || e->n == 0)
		fprintf(stderr, "samverkan %s: %s\n", cmd,
			o == OUTCOME_NOT_FOUND     ? "not found"
			: o == OUTCOME_UNAVAILABLE ? "the database cannot be reached; try again"
						   : "the change failed; nothing was saved");
	return 1;
}
