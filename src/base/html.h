/* html: the one writer for HTML output; its %s escapes, and raw text needs html_raw(). */
#ifndef SAMVERKAN_HTML_H
#define SAMVERKAN_HTML_H
#include "base/buf.h"

/* printf into b where every %s argument is HTML-escaped (safe in text and in quoted attributes);
 * numeric conversions are printed as usual. A NULL %s prints nothing. */
void html_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void html_vprintf(struct buf *b, const char *fmt, va_list ap);
/* The only way to write unescaped text: grep for html_raw to audit every use. */
void html_raw(struct buf *b, const char *trusted);
void html_escape(struct buf *b, const char *s, size_t n);
/* Percent-encodes s for a URL query value (RFC 3986 unreserved characters kept). */
void url_encode(struct buf *b, const char *s);

#endif
