/* organisation_export: the register as a CSV file or an Excel workbook, from one column list and one
 * row builder, so both formats (and the command line and the web) always hold the same rows. */
#include "domain/organisation_export.h"
#include "base/log.h"
#include "domain/export_file.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Rows are read a page of the register at a time: memory stays flat whatever its size. */
#define EXPORT_PAGE 100

enum export_column {
	EC_NAME, EC_ORG_NUMBER, EC_LEGAL_FORM, EC_CATEGORIES, EC_TARGET_GROUPS, EC_DISTRICTS, EC_DESCRIPTION,
	EC_WEBSITE, EC_EMAIL, EC_PHONE, EC_STREET, EC_POSTCODE, EC_CITY, EC_POSTAL_STREET, EC_POSTAL_POSTCODE,
	EC_POSTAL_CITY,
	EC_PUBLIC_COUNT, /* the columns without personal data end here */
	EC_CONTACT_NAME = EC_PUBLIC_COUNT, EC_CONTACT_EMAIL, EC_CONTACT_PHONE,
	EC_COUNT
};

/* The CSV's names are the importer's English ones (the file reads back in); the workbook's are
 * the Swedish names the importer knows too, since a workbook is read by people first. */
static const struct {
	const char *csv, *xlsx;
} columns[EC_COUNT] = {
	[EC_NAME] = {"name", "Namn"},
	[EC_ORG_NUMBER] = {"org_number", "Organisationsnummer"},
	[EC_LEGAL_FORM] = {"legal_form", "Organisationsform"},
	[EC_CATEGORIES] = {"categories", "Verksamhet"},
	[EC_TARGET_GROUPS] = {"target_groups", "Målgrupper"},
	[EC_DISTRICTS] = {"districts", "Områden"},
	[EC_DESCRIPTION] = {"description", "Beskrivning"},
	[EC_WEBSITE] = {"website", "Webbplats"},
	[EC_EMAIL] = {"email", "E-post"},
	[EC_PHONE] = {"phone", "Telefon"},
	[EC_STREET] = {"street", "Gatuadress"},
	[EC_POSTCODE] = {"postcode", "Postnummer"},
	[EC_CITY] = {"city", "Postort"},
	[EC_POSTAL_STREET] = {"postal_street", "Postadress"},
	[EC_POSTAL_POSTCODE] = {"postal_postcode", "Postadress postnummer"},
	[EC_POSTAL_CITY] = {"postal_city", "Postadress ort"},
	[EC_CONTACT_NAME] = {"contact_name", "Kontaktperson"},
	[EC_CONTACT_EMAIL] = {"contact_email", "Kontaktperson e-post"},
	[EC_CONTACT_PHONE] = {"contact_phone", "Kontaktperson telefon"},
};

static int column_count(const struct org_export_view *v)
{
	return v->official && v->with_contacts ? EC_COUNT : EC_PUBLIC_COUNT;
}

/* One row's cells, built once for every format. */
struct row {
	const char *cell[EC_COUNT];
	struct buf lists[6]; /* the joined lists: categories, target groups, districts, contacts' three */
};

static const char *joined(struct buf *b, const char *const *values, int n)
{
	buf_reset(b);
	for (int i = 0; i < n; i++) {
		if (i)
			buf_putc(b, '|');
		buf_puts(b, values[i] ? values[i] : "");
	}
	return buf_str(b);
}

static const char *text_or_empty(const char *s) { return s ? s : ""; }

static void row_build(struct row *row, const struct organisation *o, const struct org_export_view *v)
{
	bool address = v->official || o->address_public;
	row->cell[EC_NAME] = text_or_empty(o->name);
	row->cell[EC_ORG_NUMBER] = text_or_empty(o->org_number);
	row->cell[EC_LEGAL_FORM] = text_or_empty(o->legal_form);
	row->cell[EC_CATEGORIES] = joined(&row->lists[0], o->categories, o->ncategories);
	row->cell[EC_TARGET_GROUPS] = joined(&row->lists[1], o->target_groups, o->ntarget_groups);
	row->cell[EC_DISTRICTS] = joined(&row->lists[2], o->districts, o->ndistricts);
	row->cell[EC_DESCRIPTION] = text_or_empty(o->description);
	row->cell[EC_WEBSITE] = text_or_empty(o->website);
	row->cell[EC_EMAIL] = text_or_empty(o->email);
	row->cell[EC_PHONE] = text_or_empty(o->phone);
	row->cell[EC_STREET] = address ? text_or_empty(o->street) : "";
	row->cell[EC_POSTCODE] = address ? text_or_empty(o->postcode) : "";
	row->cell[EC_CITY] = address ? text_or_empty(o->city) : "";
	row->cell[EC_POSTAL_STREET] = address ? text_or_empty(o->postal_street) : "";
	row->cell[EC_POSTAL_POSTCODE] = address ? text_or_empty(o->postal_postcode) : "";
	row->cell[EC_POSTAL_CITY] = address ? text_or_empty(o->postal_city) : "";
	if (column_count(v) > EC_PUBLIC_COUNT) {
		const char *names[ORG_MAX_CONTACTS], *emails[ORG_MAX_CONTACTS], *phones[ORG_MAX_CONTACTS];
		for (int i = 0; i < o->ncontacts; i++) {
			names[i] = o->contacts[i].name;
			emails[i] = o->contacts[i].email;
			phones[i] = o->contacts[i].phone;
		}
		/* The importer reads the e-mail and phone lists only when they match the names one for
		 * one, so an empty one stays in its place. */
		row->cell[EC_CONTACT_NAME] = joined(&row->lists[3], names, o->ncontacts);
		bool any_email = false, any_phone = false;
		for (int i = 0; i < o->ncontacts; i++) {
			any_email |= emails[i] && *emails[i];
			any_phone |= phones[i] && *phones[i];
		}
		row->cell[EC_CONTACT_EMAIL] = any_email ? joined(&row->lists[4], emails, o->ncontacts) : "";
		row->cell[EC_CONTACT_PHONE] = any_phone ? joined(&row->lists[5], phones, o->ncontacts) : "";
	}
}

/* Calls each(row) for every organisation of the view, in the register's order (A–Ö). 0, -1 when
 * the database failed, or what each returned when it was not 0. */
static int each_row(struct store *st, const struct org_export_view *v, int (*each)(const struct row *row, void *ctx),
		    void *ctx)
{
	struct org_filter f = v->filter;
	f.include_hidden = v->official;
	f.unconfirmed_only = false;
	f.sort = ORG_SORT_NAME;
	f.per_page = EXPORT_PAGE;
	struct row row;
	memset(&row, 0, sizeof row);
	int rc = 0;
	for (f.page = 1; rc == 0; f.page++) {
		struct arena a = ARENA_INIT;
		struct org_page res;
		if (organisation_search(st, &a, &f, &res) != OUTCOME_OK ||
		    (column_count(v) > EC_PUBLIC_COUNT && organisation_load_contacts(st, &a, res.items, res.n) != 0))
			rc = -1;
		for (int i = 0; rc == 0 && i < res.n; i++) {
			row_build(&row, &res.items[i], v);
			rc = each(&row, ctx);
		}
		bool last = rc != 0 || (long long)f.page * EXPORT_PAGE >= res.total;
		arena_free(&a);
		if (last)
			break;
	}
	for (int i = 0; i < 6; i++)
		buf_free(&row.lists[i]);
	return rc;
}

/* ---- CSV ------------------------------------------------------------------------------------- */

struct csv_writer {
	FILE *out;
	int ncolumns;
	long count;
	struct buf line;
};

static int csv_line(struct csv_writer *w, const char *const *cells)
{
	buf_reset(&w->line);
	for (int i = 0; i < w->ncolumns; i++)
		export_csv_field(&w->line, cells[i], i == 0);
	buf_puts(&w->line, "\r\n");
	return fwrite(w->line.data, 1, w->line.len, w->out) == w->line.len ? 0 : 1;
}

static int csv_row(const struct row *row, void *ctx)
{
	struct csv_writer *w = ctx;
	w->count++;
	return csv_line(w, row->cell);
}

int organisation_export_csv(struct store *st, const struct org_export_view *v, FILE *out, long *count)
{
	struct csv_writer w = {.out = out, .ncolumns = column_count(v)};
	const char *header[EC_COUNT];
	for (int i = 0; i < EC_COUNT; i++)
		header[i] = columns[i].csv;
	int rc = csv_line(&w, header);
	if (rc == 0)
		rc = each_row(st, v, csv_row, &w);
	if (rc == 0 && fflush(out) != 0)
		rc = 1;
	buf_free(&w.line);
	*count = w.count;
	return rc;
}

/* ---- Excel ----------------------------------------------------------------------------------- */

struct xlsx_writer {
	lxw_worksheet *sheet;
	int ncolumns;
	long count;
	bool failed;
};

static int xlsx_row(const struct row *row, void *ctx)
{
	struct xlsx_writer *w = ctx;
	lxw_row_t at = (lxw_row_t)++w->count;
	for (int i = 0; i < w->ncolumns; i++)
		/* Every value is text, org numbers and postcodes included: no cell turns into a number,
		 * a date or a formula. An empty one is left out, as an empty cell. */
		if (*row->cell[i] && worksheet_write_string(w->sheet, at, (lxw_col_t)i, row->cell[i], NULL) != LXW_NO_ERROR) {
			w->failed = true;
			return 1;
		}
	return 0;
}

int organisation_export_xlsx(struct store *st, const struct org_export_view *v, const char *path, long *count)
{
	/* constant_memory writes each row as it is finished, through temporary files in $TMPDIR. */
	lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = (char *)export_tmpdir()};
	lxw_workbook *book = workbook_new_opt(path, &options);
	*count = 0;
	if (!book)
		return 1;
	lxw_worksheet *sheet = workbook_add_worksheet(book, "Organisationer");
	lxw_format *bold = workbook_add_format(book);
	format_set_bold(bold);
	struct xlsx_writer w = {.sheet = sheet, .ncolumns = column_count(v)};
	int rc = sheet ? 0 : 1;
	for (int i = 0; rc == 0 && i < w.ncolumns; i++)
		if (worksheet_write_string(sheet, 0, (lxw_col_t)i, columns[i].xlsx, bold) != LXW_NO_ERROR)
			rc = 1;
	if (rc == 0) {
		worksheet_freeze_panes(sheet, 1, 0);
		worksheet_set_column(sheet, 0, 0, 36, NULL);
		worksheet_set_column(sheet, 1, (lxw_col_t)(w.ncolumns - 1), 18, NULL);
		rc = each_row(st, v, xlsx_row, &w);
	}
	if (rc == 0 && w.count > 0)
		worksheet_autofilter(sheet, 0, 0, (lxw_row_t)w.count, (lxw_col_t)(w.ncolumns - 1));
	/* The workbook is written out only now; it is closed (and freed) whatever happened. */
	lxw_error closed = workbook_close(book);
	if (rc == 0 && closed != LXW_NO_ERROR) {
		log_error("export: writing the workbook %s: %s", path, lxw_strerror(closed));
		rc = 1;
	}
	*count = w.count;
	return rc;
}

int organisation_export_to_buf(struct store *st, const struct org_export_view *v, enum org_export_format format,
			       struct buf *out, long *count)
{
	*count = 0;
	if (format == ORG_EXPORT_CSV) {
		char *data = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&data, &len);
		if (!f)
			return 1;
		int rc = organisation_export_csv(st, v, f, count);
		if (fclose(f) != 0 && rc == 0)
			rc = 1;
		if (rc == 0)
			buf_append(out, data, len);
		free(data);
		return rc;
	}
	char path[4096];
	if (!export_temp_path(path))
		return 1;
	int rc = organisation_export_xlsx(st, v, path, count);
	if (rc == 0)
		return export_file_take(path, out);
	unlink(path);
	return rc;
}
