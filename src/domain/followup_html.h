/* followup_html: the yearly follow-up written as HTML — its sections for the site's page, and the
 * whole report as one self-contained, print-ready file (inline CSS, A4, a page per department) —
 * in the domain, beside the other file formats, so the web and the command line both call it. */
#ifndef SAMVERKAN_FOLLOWUP_HTML_H
#define SAMVERKAN_FOLLOWUP_HTML_H
#include "base/buf.h"
#include "domain/followup.h"

/* The report's sections: each table in a <section> headed by an <h2> (heading level 2), its
 * cells naming their columns (data-label) so a phone shows a row as a block, and each
 * department's section marked class "unit" (a new page in print); after the goals' table each
 * goal's line chart (line_chart_svg) with its text alternative. Ids start with id_prefix so
 * they are unique in the page. Numbers in the thread's language ("4,5" in Swedish). */
void followup_html_sections(struct buf *out, struct arena *a, const struct followup_report *r,
			    const struct followup_table *t, int n, const char *id_prefix);
/* How the figures are counted, as a <section> with a definition list. */
void followup_html_definitions(struct buf *out);
/* The title: "Follow-up 2026: Kultur- och fritidsnämnden" (or the municipality's name). */
const char *followup_html_title(struct arena *a, const struct followup_report *r, const char *municipality);
/* The whole report as one HTML document in the thread's language: no external resource, valid
 * HTML, A4 pages when printed. */
void followup_html_document(struct buf *out, struct arena *a, const struct followup_report *r,
			    const struct followup_table *t, int n, const char *municipality);

#endif
