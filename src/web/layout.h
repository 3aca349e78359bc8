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
/* Opens a data table (class may be NULL) with its caption (text, escaped), and after the caption
 * "(page N/M)" when there is more than one page. The table sits in a wrapper that scrolls
 * sideways on a narrow screen; the wrapper is a region named by the caption that takes keyboard
 * focus, so the scrolling works without a mouse (WCAG 2.1.1). A hidden caption is still read by
 * screen readers. The caller writes thead and tbody, then table_end(). */
void table_begin(struct request *r, const char *class, const char *caption, bool caption_hidden, int page,
		 int pages);
void table_end(struct request *r);
/* The versioned URL of an embedded asset, e.g. asset_url("site.css"). */
const char *asset_url(const char *name);

#endif
