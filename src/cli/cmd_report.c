/* cmd_report: `samverkan report` — the yearly follow-up of the whole municipality, a committee or
 * a department, as the self-contained HTML file (the default), CSV or an Excel workbook. */
#include "cli/cli.h"
#include "base/arena.h"
#include "base/buf.h"
#include "domain/followup.h"
#include "domain/followup_html.h"
#include "domain/municipality.h"
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

/* Writes the whole of b to path under a temporary name first, so a failed run never leaves half
 * a report where a whole one is expected; standard output when path is NULL. 0 or 1. */
static int write_out(const struct buf *b, const char *path)
{
	if (!path)
		return fwrite(b->data, 1, b->len, stdout) == b->len && fflush(stdout) == 0 ? 0 : 1;
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	FILE *f = fopen(tmp, "wb");
	if (!f)
		return 1;
	int rc = fwrite(b->data, 1, b->len, f) == b->len ? 0 : 1;
	if (fclose(f) != 0)
		rc = 1;
	if (rc == 0 && rename(tmp, path) != 0)
		rc = 1;
	if (rc != 0)
		remove(tmp);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	const char *cmd = "report";
	const char *db = cli_default_db(), *format = "html", *output = NULL, *year_text = NULL;
	const char *department = NULL, *committee = NULL;
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"year", required_argument, NULL, 'y'},
		{"department", required_argument, NULL, 'D'},
		{"committee", required_argument, NULL, 'C'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:y:f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'y': year_text = optarg; break;
		case 'D': department = optarg; break;
		case 'C': committee = optarg; break;
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'h':
			printf("usage: samverkan report --year YEAR [--department CODE | --committee CODE]\n"
			       "                        [--format html|csv|xlsx] [--output FILE] [--db PATH]\n\n"
			       "Writes the yearly follow-up (what /uppfoljning/YEAR shows) of the whole municipality,\n"
			       "one committee or one department: per principle the dialogues held, the views and\n"
			       "proposals received and how they were answered, the \"what happened next\" reports,\n"
			       "and each goal's latest value and status. html (the default) is one self-contained\n"
			       "file, ready to print on A4; csv has one line per figure (table, row, column, value);\n"
			       "xlsx is a workbook with one sheet per table. Standard output without --output.\n"
			       "SAMVERKAN_LANG=sv writes it in Swedish.\n");
			return 0;
		case ':': return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!year_text)
		return cli_usage_error(cmd, "--year is required");
	int year;
	if (!followup_year_parse(year_text, &year))
		return cli_usage_error(cmd, "--year must be a year from %d to %d, not '%s'", FOLLOWUP_YEAR_MIN,
				       FOLLOWUP_YEAR_MAX, year_text);
	if (department && committee)
		return cli_usage_error(cmd, "give --department or --committee, not both");
	bool html = strcmp(format, "html") == 0, csv = strcmp(format, "csv") == 0, xlsx = strcmp(format, "xlsx") == 0;
	if (!html && !csv && !xlsx)
		return cli_usage_error(cmd, "unknown format '%s' (html, csv or xlsx)", format);

	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct arena a = ARENA_INIT;
	struct followup_report r;
	struct field_errors e = {0};
	enum outcome o = followup_build(st, &a, year, committee, department, &r, &e);
	if (o != OUTCOME_OK) {
		static const char *const options[] = {"year", "--year", "department", "--department",
						      "committee", "--committee", NULL};
		cli_outcome_error(cmd, o, &e, options);
		arena_free(&a);
		store_close(st);
		return 1;
	}
	int max = followup_tables_max(&r);
	struct followup_table *t = arena_alloc(&a, sizeof *t * (size_t)max);
	int n = followup_tables(&r, &a, t, max);
	struct buf out = BUF_INIT;
	int rc = 0;
	if (html)
		followup_html_document(&out, &a, &r, t, n, municipality_name(st, &a));
	else if (csv)
		followup_csv(t, n, &out);
	else
		rc = followup_xlsx(t, n, &out);
	store_close(st);
	if (rc == 0)
		rc = write_out(&out, output);
	buf_free(&out);
	arena_free(&a);
	if (rc != 0) {
		fprintf(stderr, "samverkan %s: writing %s failed: %s\n", cmd, output ? output : "the output", strerror(errno));
		return 1;
	}
	if (output)
		fprintf(stderr, "wrote the follow-up of %d to %s\n", year, output);
	return 0;
}
