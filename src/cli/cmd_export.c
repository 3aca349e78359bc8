/* cmd_export: `samverkan export organisations` — the public register as CSV (which the import reads
 * back), Excel or JSON, without personal data; with --with-contacts the municipality's own register,
 * contact persons included. */
#include "cli/cli.h"
#include "base/buf.h"
#include "domain/organisation_export.h"
#include "domain/organisation_import.h"
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct writer {
	FILE *out;
	long count;
	struct buf line;
};

static json_t *json_list(const char *const *codes, int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(codes[i]));
	return a;
}

static json_t *json_text_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static int write_one(const struct organisation *o, void *ctx)
{
	struct writer *w = ctx;
	buf_reset(&w->line);
	json_t *item = json_object();
	json_object_set_new(item, "id", json_integer(o->id));
	json_object_set_new(item, "name", json_string(o->name));
	json_object_set_new(item, "org_number", json_text_or_null(o->org_number));
	json_object_set_new(item, "legal_form", json_string(o->legal_form));
	json_object_set_new(item, "description", json_string(o->description));
	json_object_set_new(item, "website", json_text_or_null(o->website));
	json_object_set_new(item, "email", json_text_or_null(o->email));
	json_object_set_new(item, "phone", json_text_or_null(o->phone));
	json_object_set_new(item, "categories", json_list(o->categories, o->ncategories));
	json_object_set_new(item, "target_groups", json_list(o->target_groups, o->ntarget_groups));
	json_object_set_new(item, "districts", json_list(o->districts, o->ndistricts));
	json_object_set_new(item, "confirmed_at", json_text_or_null(o->confirmed_at));
	json_object_set_new(item, "updated_at", json_text_or_null(o->updated_at));
	char url[48];
	snprintf(url, sizeof url, "/organisationer/%lld", o->id);
	json_object_set_new(item, "url", json_string(url));
	char *s = json_dumps(item, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(item);
	if (!s)
		return -1;
	buf_puts(&w->line, w->count ? ",\n  " : "[\n  ");
	buf_puts(&w->line, s);
	free(s);
	w->count++;
	return fwrite(w->line.data, 1, w->line.len, w->out) == w->line.len ? 0 : 1;
}

int cmd_export_organisations(int argc, char **argv)
{
	const char *cmd = "export organisations";
	const char *db = cli_default_db(), *format = "csv", *output = NULL;
	bool with_contacts = false;
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"out", required_argument, NULL, 'o'},
		{"with-contacts", no_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'c': with_contacts = true; break;
		case 'h':
			printf("usage: samverkan export organisations [--db PATH] [--format csv|xlsx|json] [--out FILE]\n"
			       "                                    [--with-contacts]\n\n"
			       "Writes the public register (organisations marked public, an address only where the\n"
			       "organisation published it, no contact persons) to standard output or FILE (--output\n"
			       "is the same as --out). CSV (the default) is UTF-8 with the columns samverkan import\n"
			       "organisations reads, codes joined with |; xlsx is an Excel workbook with the same rows\n"
			       "under Swedish column names; JSON is an array of objects with the fields of the API's\n"
			       "items (/api/v1/organisations).\n\n"
			       "--with-contacts writes the municipality's own register instead (CSV or xlsx): hidden\n"
			       "organisations, every address and the contact persons. It holds personal data: keep\n"
			       "the file where only those who may read it can.\n");
			return 0;
		case ':': return cli_usage_error(cmd, "%s needs a value", argv[optind - 1]);
		default: return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	bool json = strcmp(format, "json") == 0, xlsx = strcmp(format, "xlsx") == 0;
	if (!json && !xlsx && strcmp(format, "csv") != 0)
		return cli_usage_error(cmd, "unknown format '%s' (csv, xlsx or json)", format);
	if (json && with_contacts)
		return cli_usage_error(cmd, "--with-contacts is for csv and xlsx; JSON is the open data only");

	struct store *st = cli_open_store(db);
	if (!st)
		return 1;
	struct org_export_view view = {.official = with_contacts, .with_contacts = with_contacts};
	/* A file is written under a temporary name and renamed when complete, so a failed export
	 * never leaves half a register where a complete one is expected. */
	char tmp[4096];
	FILE *out = stdout;
	if (output) {
		snprintf(tmp, sizeof tmp, "%s.tmp", output);
		out = xlsx ? NULL : fopen(tmp, "w");
		if (!xlsx && !out) {
			fprintf(stderr, "samverkan %s: cannot write %s: %s\n", cmd, tmp, strerror(errno));
			store_close(st);
			return 1;
		}
	}
	struct writer w = {.out = out};
	int rc = 0;
	if (json) {
		rc = organisation_export_public(st, write_one, &w);
		if (rc == 0 && fputs(w.count ? "\n]\n" : "[]\n", out) == EOF)
			rc = 1;
	} else if (!xlsx) {
		rc = organisation_export_csv(st, &view, out, &w.count);
	} else if (output) {
		rc = organisation_export_xlsx(st, &view, tmp, &w.count);
	} else {
		/* A workbook is a file first; standard output gets it whole once it is complete. */
		rc = organisation_export_to_buf(st, &view, ORG_EXPORT_XLSX, &w.line, &w.count);
		if (rc == 0 && fwrite(w.line.data, 1, w.line.len, out) != w.line.len)
			rc = 1;
	}
	if (out && fflush(out) != 0)
		rc = rc ? rc : 1;
	buf_free(&w.line);
	store_close(st);
	if (output) {
		if (out && fclose(out) != 0 && rc == 0)
			rc = 1;
		if (rc == 0 && rename(tmp, output) != 0)
			rc = 1;
		if (rc != 0)
			remove(tmp);
	}
	if (rc != 0) {
		if (rc < 0)
			fprintf(stderr, "samverkan %s: reading the register failed\n", cmd);
		else
			fprintf(stderr, "samverkan %s: writing %s failed: %s\n", cmd, output ? output : "the output",
				strerror(errno));
		return 1;
	}
	if (output)
		fprintf(stderr, "wrote %ld organisations to %s\n", w.count, output);
	return 0;
}
