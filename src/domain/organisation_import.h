/* organisation_import: the register in bulk — organisations read in from a CSV file, and the
 * public register read out for open data. */
#ifndef SAMVERKAN_ORGANISATION_IMPORT_H
#define SAMVERKAN_ORGANISATION_IMPORT_H
#include "base/arena.h"
#include "base/csv_reader.h"
#include "domain/organisation.h"
#include <stdbool.h>
#include <stddef.h>

/*
 * The file: a header row, then one organisation per row. Column names are English or Swedish,
 * case-insensitive, and a space, '-' or '_' count as the same character ("Kontaktperson e-post"
 * is kontaktperson_e-post); organisation_import_columns() lists them. Only `name` is required;
 * empty header cells after the last named column (trailing delimiters) are ignored.
 *
 * Fields: several values in one field are separated by '|'. Legal form, categories, target
 * groups and districts are given by code or by Swedish or English name (taxonomy_resolve).
 * `public` is ja/nej/yes/no/1/0/true/false/sant/falskt; empty means yes. Contact persons: one per
 * row, or several when contact_name holds several names separated by '|' (contact_email and
 * contact_phone then hold the same number of values, or none).
 *
 * Which organisation a row is:
 * - a row with an organisation number is the organisation with that number, which is updated
 *   and keeps its id;
 * - otherwise it is the organisation that has no organisation number and exactly the same name
 *   (informal groups have no number, so their name is all there is to go by; a group that has
 *   since registered gets its new number this way);
 * - otherwise it is a new organisation.
 * An update changes only what the file has columns for: a file with just name and
 * org_number corrects names and leaves everything else, contact persons included, as it was.
 * An empty cell in a column the file has clears that field.
 *
 * All or nothing: every row is checked (organisation_validate, names that are not in the
 * taxonomy, the same organisation twice in the file) and written in one transaction; if any row
 * is wrong nothing is written, unless skip_invalid asks to write the rows that are right.
 */

struct import_problem {
	size_t line;        /* physical line the row starts on; the header's line for file problems */
	const char *column; /* the column as headed in the file (or the field's name) ; "" for the row */
	const char *message;
};

struct import_options {
	bool skip_invalid;   /* import the valid rows and report the others */
	bool dry_run;        /* do everything, then roll back */
	long long account_id; /* who, for the audit log; 0 for the command line */
	/* Called after each row (done of total), for a progress bar; may be NULL. */
	void (*progress)(size_t done, size_t total, void *ctx);
	void *progress_ctx;
};

struct import_result {
	size_t rows;    /* data rows in the file */
	size_t created; /* counted even when nothing is kept (dry run, or rows with errors) */
	size_t updated;
	size_t skipped; /* rows with problems */
	bool written;   /* the transaction was committed */
	/* Row and header problems, in file order. */
	struct import_problem *problems;
	size_t nproblems, problems_cap;
	/* A problem with the whole file or the database (unreadable, not CSV, unknown column…). */
	char error[1024];
	struct arena arena; /* owns the problems' strings */
};

enum import_status {
	IMPORT_OK = 0,   /* written (or, dry run, would have been); with skip_invalid, skipped rows may be listed */
	IMPORT_INVALID,  /* some rows have problems and nothing was written */
	IMPORT_FAILED,   /* res->error says why; nothing was written */
};

/* res is filled in (it need not be initialised); free it with import_result_free. */
enum import_status organisation_import_file(struct store *st, const char *path, const struct import_options *opt,
					    struct import_result *res);
enum import_status organisation_import_table(struct store *st, const struct csv_table *t,
					     const struct import_options *opt, struct import_result *res);
void import_result_free(struct import_result *res);

/* The accepted column names, "name (namn), org_number (organisationsnummer), …". */
const char *organisation_import_columns(void);
/* The English column names in their canonical order, for writers of files the importer reads. */
extern const char *const organisation_export_columns[];
extern const int organisation_export_column_count;

/* Calls each(o, ctx) for every public organisation in id order, without contact persons (the
 * open-data register); o->org_number is "" for organisations without one. Strings are valid
 * during the call only. Stops when each returns non-zero and returns that; -1 on a database
 * error; otherwise 0. Four queries in all, whatever the size of the register. */
int organisation_export_public(struct store *st, int (*each)(const struct organisation *o, void *ctx), void *ctx);

#endif
