/* cmd_config: `samverkan config check` prints the settings in effect, where each came from, and
 * every problem with them. */
#include "cli/cli.h"
#include "base/config.h"
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Opens the database as serve would, without creating or changing anything; returns a problem
 * (written to out) or 0, and may write a note. */
static int check_database(const char *db, char *out, size_t outsz, char *note, size_t notesz)
{
	out[0] = note[0] = 0;
	if (strcmp(store_url_driver(db), "sqlite") == 0) {
		struct stat sb;
		if (stat(db, &sb) != 0) {
			char *copy = strdup(db);
			const char *dir = copy ? dirname(copy) : ".";
			int writable = access(dir, W_OK) == 0;
			if (writable)
				snprintf(note, notesz, "%s does not exist yet: 'samverkan init' or 'serve' creates it", db);
			else
				snprintf(out, outsz, "%s does not exist and %s is not writable: %s", db, dir, strerror(errno));
			free(copy);
			return writable ? 0 : 1;
		}
	}
	char err[512];
	struct store *st = store_open(db, err, sizeof err);
	if (!st) {
		snprintf(out, outsz, "cannot open: %s", err);
		return 1;
	}
	int version = store_schema_version(st), latest = store_latest_version();
	int rc = 0;
	if (version > latest) {
		snprintf(out, outsz, "schema version %d is newer than this program knows (%d): use a newer samverkan",
			 version, latest);
		rc = 1;
	} else if (version < latest) {
		snprintf(note, notesz, "schema version %d; 'serve' or 'init' upgrades it to %d", version, latest);
	}
	store_close(st);
	return rc;
}

int cmd_config_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config", required_argument, NULL, 'c'},
		{"db", required_argument, NULL, 'd'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *path = NULL, *db = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': path = optarg; break;
		case 'd': db = optarg; break;
		case 'h':
			printf("usage: samverkan config check [--config FILE] [--db PATH]\n\n"
			       "Reads the configuration as 'serve' does (samverkan.conf or --config FILE or\n"
			       "$SAMVERKAN_CONFIG, then SAMVERKAN_* variables), prints each setting with where it\n"
			       "came from (passwords masked), opens the database, and lists every problem.\n"
			       "Exits 0 when there is none, 1 when there are problems.\n\n"
			       "  --config FILE  configuration file\n"
			       "  --db PATH      check this database instead of the configured one\n");
			return 0;
		case ':': return cli_usage_error(argv[0], "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(argv[0], "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(argv[0], "unexpected argument '%s'", argv[optind]);

	static struct config cfg;
	char err[1200];
	if (config_load(&cfg, path, err, sizeof err) != 0) {
		printf("problems:\n  %s\n", err);
		return 1;
	}
	if (db)
		config_set(&cfg, "db", db);

	printf("configuration file: %s\n\n", cfg.config_file[0] ? cfg.config_file : "none (no ./samverkan.conf)");
	for (const char *const *k = config_keys(); *k; k++) {
		const char *v = config_get(&cfg, *k);
		char shown[1100];
		if (strcmp(*k, "smtp_password") == 0 && *v)
			snprintf(shown, sizeof shown, "********");
		else if (strcmp(*k, "base_url") == 0 && !*v)
			snprintf(shown, sizeof shown, "http://localhost:%s", cfg.port);
		else if (strcmp(*k, "threads") == 0 && strcmp(v, "0") == 0)
			snprintf(shown, sizeof shown, "0 (one per core)");
		else if (strcmp(*k, "access_log") == 0 && !*v)
			snprintf(shown, sizeof shown, "(standard error)");
		else
			snprintf(shown, sizeof shown, "%s", *v ? v : "(not set)");
		printf("%-19s = %s   [%s]\n", *k, shown, config_source_name(&cfg, *k));
	}

	char problems[8192];
	int n = config_check(&cfg, problems, sizeof problems);
	char dbproblem[1200], note[1200];
	if (check_database(cfg.db, dbproblem, sizeof dbproblem, note, sizeof note)) {
		n++;
		size_t len = strlen(problems);
		snprintf(problems + len, sizeof problems - len, "db (%s): %s\n", config_source_name(&cfg, "db"), dbproblem);
	}
	if (note[0])
		printf("\nnote: db: %s\n", note);
	if (n == 0) {
		printf("\nno problems\n");
		return 0;
	}
	printf("\n%d problem%s:\n", n, n == 1 ? "" : "s");
	for (char *line = strtok(problems, "\n"); line; line = strtok(NULL, "\n"))
		printf("  %s\n", line);
	return 1;
}
