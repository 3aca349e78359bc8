/* http_get: fetching one document over HTTP or HTTPS with libcurl, for data samverkan reads from
 * public services (Kolada's key figures). */
#ifndef SAMVERKAN_HTTP_GET_H
#define SAMVERKAN_HTTP_GET_H
#include "base/buf.h"
#include <stddef.h>

/* GETs url (http: or https: only; up to three redirects, within those schemes) into out, which it
 * empties first. Refuses an answer larger than max_bytes, a status of 400 or more, and gives up
 * after 10 seconds to connect or 60 in all. 0, or -1 with the reason in err. The caller has made
 * libcurl's global state (smtp_global_init). */
int http_get(const char *url, size_t max_bytes, struct buf *out, char *err, size_t errsz);

#endif
