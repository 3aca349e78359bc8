/* organisation_export: the register written out as a file (CSV or Excel), one column list and one
 * row builder for the command line and the web's download alike. */
#ifndef SAMVERKAN_ORGANISATION_EXPORT_H
#define SAMVERKAN_ORGANISATION_EXPORT_H
#include "base/buf.h"
#include "domain/organisation.h"
#include <stdbool.h>
#include <stdio.h>

enum org_export_format { ORG_EXPORT_CSV, ORG_EXPORT_XLSX };

/* Which register: the public one (public organisations; an address only where the organisation
 * published it; never a contact person), or the municipality's own (official: hidden
 * organisations and every address too, and with_contacts the contact persons, which are personal
 * data). The filter's q, category, target group, district and legal form narrow it as on the
 * register's page; its page, per_page, sort and include_hidden are the export's own. */
struct org_export_view {
	struct org_filter filter;
	bool official;
	bool with_contacts; /* only with official */
};

/* Writes the view as CSV (UTF-8, CRLF, RFC 4180 quoting, the English column names that
 * `import organisations` reads, several codes joined with '|') to out. The number of rows
 * written goes to *count. 0; -1 when the database failed; 1 when writing failed (errno). */
int organisation_export_csv(struct store *st, const struct org_export_view *v, FILE *out, long *count);
/* Writes the view as an Excel workbook (one sheet, a header row with the Swedish column names,
 * then the same rows and values as the CSV) to path. Same results as organisation_export_csv. */
int organisation_export_xlsx(struct store *st, const struct org_export_view *v, const char *path, long *count);
/* Either format into out, for a download or standard output: the workbook goes through a
 * temporary file in $TMPDIR (libxlsxwriter writes files), removed before returning. */
int organisation_export_to_buf(struct store *st, const struct org_export_view *v, enum org_export_format format,
			       struct buf *out, long *count);

#endif
