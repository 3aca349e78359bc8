/* layout: the one page frame (skip link, header, navigation, language switch, footer). */
#ifndef SAMVERKAN_LAYOUT_H
#define SAMVERKAN_LAYOUT_H
#include "web/request.h"

/* Starts an HTML page in r->body with the given (unescaped, will be escaped) title. */
void page_begin(struct request *r, const char *title);
void page_end(struct request *r);
/* A whole page with a heading and one paragraph: errors and confirmations. */
void page_message(struct request *r, const char *title, const char *text);
/* Page links for a paginated list (previous, next, the first and last, and those around the
 * current one); every link keeps `query` (already percent-encoded, without "page") so filters
 * survive paging. Nothing when there is only one page. */
void pagination(struct request *r, const char *path, const char *query, int page, int pages);
/* The versioned URL of an embedded asset, e.g. asset_url("site.css"). */
const char *asset_url(const char *name);

#endif
