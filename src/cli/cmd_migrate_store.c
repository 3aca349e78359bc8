/* cmd_migrate_store: `samverkan migrate-store` moves a municipality's SQLite database into PostgreSQL. */
#include "cli/cli.h"
#include "domain/store_copy.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const CMD = "migrate-store";

struct progress {
	const char *table;
	int last_percent;
};

/* "copying organisation  5000/10000 (50%)" on the terminal, redrawn in place. */
static void show_progress(const char *table, long long done, long long total, void *ctx)
{
	struct progress *p = ctx;
	int percent = total > 0 ? (int)(done * 100 / total) : 100;
	if (p->table == table && percent == p->last_percent && done != total)
		return;
	p->table = table;
	p->last_percent = percent;
	fprintf(stderr, "\r\033[Kcopying %-26s %lld/%lld (%d%%)", table, done, total, percent);
	fflush(stderr);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void print_check(const struct store_copy_result *res)
{
	printf("%-26s %10s %10s\n", "table", "source", "target");
	for (int i = 0; i < res->ncounts; i++) {
		const struct store_copy_count *c = &res->counts[i];
		printf("%-26s %10lld %10lld%s\n", c->table, c->source, c->target,
		       c->source == c->target ? "" : "   DIFFERENT");
	}
	for (int i = 0; i < res->nsearches; i++) {
		const struct store_copy_search *s = &res->searches[i];
		printf("search \"%s\": %lld found in the source, %lld in the target%s\n", s->text, s->source_hits,
		       s->target_hits, s->same ? "" : "   DIFFERENT");
	}
}

int cmd_migrate_store(int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	static const struct option longopts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":f:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		case 'h':
			printf("usage: samverkan migrate-store --from PATH --to URL\n\n"
			       "Copies a whole samverkan database from the SQLite file PATH into the empty PostgreSQL\n"
			       "database URL (postgresql://user:password@host:port/dbname, or any libpq connection\n"
			       "string), keeping every id: organisations, accounts, sessions, the audit log, all of it.\n"
			       "The source must have this program's schema (version %d: run 'samverkan init --db PATH'\n"
			       "on it first); the target is migrated to it and must hold no data yet. Everything is\n"
			       "copied in one transaction, then row counts and full-text searches are compared on both\n"
			       "sides; only when they agree is the copy committed and 'done' printed. A server may keep\n"
			       "running on the source meanwhile, but what it writes during the copy is not copied.\n",
			       store_latest_version());
			return 0;
		case ':': return cli_usage_error(CMD, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
	if (!from || !*from)
		return cli_usage_error(CMD, "say which SQLite database to copy with --from PATH");
	if (!to || !*to)
		return cli_usage_error(CMD, "say which PostgreSQL database to copy into with --to URL");
	if (strcmp(store_url_driver(from), "sqlite") != 0)
		return cli_usage_error(CMD, "--from takes the path of a SQLite database file, not '%s'", from);
	if (strcmp(store_url_driver(to), "postgresql") != 0)
		return cli_usage_error(CMD, "--to takes a PostgreSQL connection string (postgresql://…), not '%s'", to);
	/* Opening a missing SQLite file would make an empty one. */
	if (access(from, R_OK) != 0) {
		fprintf(stderr, "samverkan %s: cannot read %s: %s\n", CMD, from, strerror(errno));
		return 1;
	}

	char err[512];
	struct store *src = store_open(from, err, sizeof err);
	if (!src) {
		fprintf(stderr, "samverkan %s: %s\n", CMD, err);
		return 1;
	}
	struct store *dst = store_open(to, err, sizeof err);
	if (!dst) {
		fprintf(stderr, "samverkan %s: %s\n", CMD, err);
		store_close(src);
		return 1;
	}
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct progress progress = {NULL, -1};
	struct store_copy_options opt = {.source_name = from};
	bool tty = isatty(STDERR_FILENO);
	if (tty) {
		opt.progress = show_progress;
		opt.progress_ctx = &progress;
	}
	struct store_copy_result res;
	enum store_copy_status status = store_copy(src, dst, &opt, &res);
	if (tty && progress.table)
		fprintf(stderr, "\r\033[K");
	store_close(dst);
	store_close(src);

	switch (status) {
	case STORE_COPY_DONE:
		print_check(&res);
		printf("done: %lld rows copied from %s in %.1f s; row counts and searches agree\n", res.rows, from,
		       seconds_since(&t0));
		return 0;
	case STORE_COPY_MISMATCH:
		print_check(&res);
		fprintf(stderr,
			"samverkan %s: the copy differs from the source (marked DIFFERENT above); nothing was kept "
			"in the target\n",
			CMD);
		return 1;
	case STORE_COPY_REFUSED:
		fprintf(stderr, "samverkan %s: %s\n", CMD, res.error);
		return 1;
	case STORE_COPY_FAILED:
		fprintf(stderr, "samverkan %s: %s; nothing was copied into the target\n", CMD, res.error);
		return 1;
	}
	return 1;
}
