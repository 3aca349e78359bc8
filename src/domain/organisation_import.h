/* organisation_import: the register in bulk — organisations read in from a CSV file or an Excel
 * workbook, and the public register read out for open data. */
#ifndef SAMVERKAN_ORGANISATION_IMPORT_H
#define SAMVERKAN_ORGANISATION_IMPORT_H
#include "base/arena.h"
#include "base/csv_reader.h"
#include "domain/organisation.h"
#include <stdbool.h>
#include <stddef.h>

/*
 * The file: a CSV file or an Excel workbook (.xlsx: the first sheet, or opt->sheet), told apart
 * by content (base/xlsx_reader.h); a header row, then one organisation per row.
 *
 * Columns: the English field names, their Swedish names, and the headings real registers use
 * (Föreningsnamn, Org.nr, Typ, Juridisk form, Kategori, Verksamhetsområde, Hemsida, E-postadress,
 * Telefonnummer, Gatuadress, Postnummer, Postort, Ordförande, Kontaktperson, Målgrupp,
 * Område/Stadsdel …; organisation_import_columns() lists them), compared as taxonomy_key()
 * compares terms: case, punctuation and spacing do not matter. opt->header_map maps any other
 * heading to a field ("Föreningens namn=name"), or to "-" to leave it out. Columns that are
 * none of these are listed once in res->warnings and ignored. Only `name` is required.
 *
 * Addresses: Adress, Gatuadress, Besöksadress are the visiting street; Postadress the postal
 * street. Postnummer and Postort (Ort) go with the visiting address, unless the file has a
 * postal street and no visiting one, when they are the postal address's. A street cell that
 * holds a whole address, "Box 12, 178 92 Adelsö" (a comma, five digits written NNN NN or NNNNN,
 * a town), is split into street, postcode and town when the file's postcode and town cells for
 * that address are empty; anything else stays the street as written. The domain sets the
 * district from the postcode when the row names none. address_public is no when not given.
 *
 * Fields: several values in one field are separated by '|'. Legal form, categories, target
 * groups and districts are given by code, name or alias (taxonomy_resolve), or by a word the
 * importer knows from registers. A value that is none of these is an error naming the line,
 * the column as headed and the value, with the closest terms ("did you mean …",
 * taxonomy_suggest); opt->value_map ("Pensionärsförening=icnpo4": the term's code or name in
 * that column's list) says what it means, and with opt->add_aliases each mapping used is
 * recorded as an alias (taxonomy_alias_add) once the import is committed, so the register's
 * filters and the API know the word too. A mapping whose word already means another term is an
 * error with add_aliases (an alias cannot mean two terms).
 *
 * No category is not an error: the organisation is unclassified. The legal form, when there is
 * no column for it or its cell is empty: an existing organisation keeps its own; a new one
 * without an organisation number is an informal group (informell_grupp), one with a number gets
 * the form the number's first digit stands for (Bolagsverket's groups: 5 aktiebolag,
 * 7 ekonomisk förening, 8 ideell förening; others "annan"), for an official to correct.
 *
 * `public` and `address_public` are ja/nej/yes/no/1/0/true/false/sant/falskt; empty public means
 * yes. Contact persons: one per row, or several when contact_name holds several names separated
 * by '|' (contact_email and contact_phone then hold the same number of values, or none); the
 * chair column (Ordförande) is a contact person with the role "Ordförande". A file with chair
 * columns replaces the organisation's chair; one with contact columns its other contacts.
 *
 * Organisation numbers may be written 8020012343, 802001-2343, 802001 2343 or with the century
 * prefix 16 (orgnr_normalise); they are the same number.
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
 * An empty cell in a column the file has clears that field. A row that changes nothing is
 * "unchanged" and is not written (no audit record).
 *
 * All or nothing: every row is checked (organisation_validate, values that are not in the
 * taxonomy, the same organisation twice in the file, naming both lines) and written in one
 * transaction; if any row is wrong nothing is written, unless skip_invalid asks to write the
 * rows that are right. res->actions says, line by line, what was (or, dry run, would be) done.
 */

struct import_problem {
	size_t line;        /* physical line the row starts on; the header's line for file problems */
	const char *column; /* the column as headed in the file (or the field's name) ; "" for the row */
	const char *message;
};

/* "Their words=ours" from the command line: a heading and a field, or a value and a term. */
struct import_pair {
	const char *from, *to;
};

struct import_options {
	bool skip_invalid;   /* import the valid rows and report the others */
	bool dry_run;        /* do everything, then roll back */
	long long account_id; /* who, for the audit log; 0 for the command line */
	const char *sheet;   /* the workbook's sheet to read; NULL or "" for the first */
	const struct import_pair *header_map; /* heading → field name (or "-": ignore the column) */
	size_t nheader_map;
	const struct import_pair *value_map; /* value → term code or name in its column's list */
	size_t nvalue_map;
	bool add_aliases; /* record each value_map pair used as an alias, after the commit */
	/* Called after each row (done of total), for a progress bar; may be NULL. */
	void (*progress)(size_t done, size_t total, void *ctx);
	void *progress_ctx;
};

enum import_action_kind { IMPORT_CREATE, IMPORT_UPDATE, IMPORT_UNCHANGED };

/* What one valid row does. */
struct import_action {
	size_t line;
	enum import_action_kind kind;
	const char *name;    /* the organisation's name */
	const char *changed; /* for an update: the fields changed, "name, address"; else "" */
};

struct import_result {
	size_t rows;    /* data rows in the file */
	size_t created; /* counted even when nothing is kept (dry run, or rows with errors) */
	size_t updated;
	size_t unchanged;
	size_t skipped; /* rows with problems */
	size_t aliases_added;
	bool written;   /* the transaction was committed */
	/* Row and header problems, in file order. */
	struct import_problem *problems;
	size_t nproblems, problems_cap;
	/* What did not stop the import: columns ignored, an alias that could not be added. */
	struct import_problem *warnings;
	size_t nwarnings, warnings_cap;
	/* One per valid row, in file order. */
	struct import_action *actions;
	size_t nactions, actions_cap;
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
