/* cmd_import: `samverkan import organisations FILE` — a CSV file into the register, all rows or none. */
#include "cli/cli.h"
#include "domain/organisation_import.h"
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#define BAR_WIDTH 30

struct progress {
	int last_permille;
};

/* "\r[=====>    ] 1234/5000" on the terminal; redrawn only when it moves, so it costs nothing. */
static void show_progress(size_t done, size_t total, void *ctx)
{
	struct progress *p = ctx;
	int permille = total ? (int)(done * 1000 / total) : 1000;
	if (permille == p->last_permille && done != total)
		return;
	p->last_permille = permille;
	int filled = permille * BAR_WIDTH / 1000;
	char bar[BAR_WIDTH + 1];
	for (int i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < filled ? '=' : i == filled ? '>' : ' ';
	bar[BAR_WIDTH] = 0;
	fprintf(stderr, "\r[%s] %zu/%zu", bar, done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

int cmd_import_organisations(int argc, char **argv)
{
	const char *cmd = "import organisations";
	const char *db = cli_default_db();
	struct import_options opt = {0};
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"skip-invalid", no_argument, NULL, 's'},
		{"dry-run", no_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:snh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 's': opt.skip_invalid = true; break;
		case 'n': opt.dry_run = true; break;
		case 'h':
			printf("usage: samverkan import organisations FILE [--db PATH] [--skip-invalid] [--dry-run]\n\n"
			       "Reads organisations from a CSV file (as Excel saves it: ; or , or tab, UTF-8 or\n"
			       "Windows-1252) with a header row naming the columns in English or Swedish:\n"
			       "  %s\n"
			       "Only the name is required. Several values in one field are separated by |;\n"
			       "legal form, categories, target groups and districts may be given by code or name.\n"
			       "public is ja/nej (yes/no, 1/0); empty means yes.\n\n"
			       "A row updates the organisation with its organisation number, or else the organisation\n"
			       "without a number that has exactly the same name; other rows create organisations.\n"
			       "Columns missing from the file are left as they are; an empty cell clears its field.\n\n"
			       "Every row is checked first. If any is wrong, the problems are listed as\n"
			       "FILE:LINE: column: message and nothing is imported (exit 1).\n"
			       "  --skip-invalid  import the rows that are right and list the others\n"
			       "  --dry-run       check and count, but change nothing\n"
			       "Exit status: 0 imported, 1 nothing imported, 2 wrong use of the command.\n",
			       organisation_import_columns());
			return 0;
		case ':': return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error(cmd, "give the CSV file to import");
	if (optind + 1 < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
	const char *path = argv[optind];

	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct progress progress = {-1};
	if (isatty(STDERR_FILENO)) {
		opt.progress = show_progress;
		opt.progress_ctx = &progress;
	}
	struct import_result res;
	enum import_status status = organisation_import_file(st, path, &opt, &res);
	store_close(st);

	for (size_t i = 0; i < res.nproblems; i++) {
		const struct import_problem *p = &res.problems[i];
		if (*p->column)
			fprintf(stderr, "%s:%zu: %s: %s\n", path, p->line, p->column, p->message);
		else
			fprintf(stderr, "%s:%zu: %s\n", path, p->line, p->message);
	}
	int rc = 0;
	switch (status) {
	case IMPORT_FAILED:
		fprintf(stderr, "samverkan %s: %s: %s\n", cmd, path, res.error);
		rc = 1;
		break;
	case IMPORT_INVALID:
		if (res.skipped)
			fprintf(stderr, "%zu of %zu rows have problems; nothing was imported (--skip-invalid imports the rest)\n",
				res.skipped, res.rows);
		else
			fprintf(stderr, "the header has problems; nothing was imported\n");
		rc = 1;
		break;
	case IMPORT_OK:
		printf("%s %zu (created %zu, updated %zu), skipped %zu%s\n", opt.dry_run ? "would import" : "imported",
		       res.created + res.updated, res.created, res.updated, res.skipped,
		       opt.dry_run ? " (dry run: nothing was changed)" : "");
		break;
	}
	import_result_free(&res);
	return rc;
}
