/* cmd_backup: `samverkan backup` copies a running SQLite database into a checked file, and
 * `samverkan restore` puts such a copy back in place of the database. */
#include "cli/cli.h"
#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* What to say instead of copying a file: PostgreSQL has its own tools, and they are the right ones. */
static int postgresql_refused(const char *cmd, const char *db)
{
	fprintf(stderr,
		"samverkan %s: %s is a PostgreSQL database; use PostgreSQL's own tools:\n"
		"  pg_dump -Fc -f samverkan.dump '%s'\n"
		"  pg_restore --clean --if-exists -d '%s' samverkan.dump\n",
		cmd, db, db, db);
	return 1;
}

int cmd_backup(int argc, char **argv)
{
	const char *cmd = "backup";
	const char *db = cli_default_db(), *output = NULL;
	bool force = false;
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"output", required_argument, NULL, 'o'},
		{"force", no_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:o:fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': output = optarg; break;
		case 'f': force = true; break;
		case 'h':
			printf("usage: samverkan backup --output FILE [--db PATH] [--force]\n\n"
			       "Copies the SQLite database into FILE while samverkan serve goes on using it: one\n"
			       "consistent moment, taken with SQLite's online backup API in steps, so writers are not\n"
			       "held up. The copy is written beside FILE under a temporary name, must pass PRAGMA\n"
			       "integrity_check, and only then becomes FILE (readable by its owner only: it holds\n"
			       "personal data). An existing FILE is kept unless --force.\n"
			       "'samverkan restore FILE' puts a backup back. A PostgreSQL database is backed up with\n"
			       "pg_dump instead.\n");
			return 0;
		case ':': return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!output || !*output)
		return cli_usage_error(cmd, "say where the copy goes with --output FILE");
	if (strcmp(store_url_driver(db), "postgresql") == 0)
		return postgresql_refused(cmd, db);
	char err[1024];
	int version = store_backup(db, output, force, err, sizeof err);
	if (version < 0) {
		fprintf(stderr, "samverkan %s: %s\n", cmd, err);
		return 1;
	}
	printf("%s: copy of %s, schema version %d, integrity ok\n", output, db, version);
	return 0;
}

int cmd_restore(int argc, char **argv)
{
	const char *cmd = "restore";
	char help[1024];
	snprintf(help, sizeof help,
		 "usage: samverkan restore FILE [--db PATH]\n\n"
		 "Replaces the SQLite database with the backup FILE (made by 'samverkan backup'). FILE is\n"
		 "checked first: a SQLite database that passes PRAGMA integrity_check, with a samverkan\n"
		 "schema no newer than this program's (version %d). Stop samverkan serve first: the\n"
		 "database is not replaced while a program has it open. The copy is made beside the\n"
		 "database and renamed over it in one step; the old -wal and -shm files are removed,\n"
		 "and a backup from an older samverkan is migrated. A PostgreSQL database is restored\n"
		 "with pg_restore instead.\n",
		 store_latest_version());
	const char *db;
	int next, rc = cli_db_options(argc, argv, cmd, help, &db, &next);
	if (rc >= 0)
		return rc;
	if (next >= argc)
		return cli_usage_error(cmd, "say which backup to restore: samverkan restore FILE");
	const char *file = argv[next];
	if (next + 1 < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[next + 1]);
	if (strcmp(store_url_driver(db), "postgresql") == 0)
		return postgresql_refused(cmd, db);
	char err[1024];
	int version = store_backup_version(file, err, sizeof err);
	if (version < 0 || store_restore(file, db, err, sizeof err) != 0) {
		fprintf(stderr, "samverkan %s: %s\n", cmd, err);
		return 1;
	}
	/* An older backup is brought up to this program's schema now, not at the next serve. */
	struct store *st = cli_open_store(db);
	if (!st) {
		fprintf(stderr, "samverkan %s: %s was restored but could not be migrated\n", cmd, db);
		return 1;
	}
	int now = store_schema_version(st);
	store_close(st);
	if (now != version)
		printf("%s: restored from %s, schema version %d migrated to %d\n", db, file, version, now);
	else
		printf("%s: restored from %s, schema version %d\n", db, file, version);
	return 0;
}
