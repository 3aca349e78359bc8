/* url: the one rule for a web address people type into a form (an organisation's website, the
 * municipality's pages, the link of a dialogue's report), so every form accepts the same ones. */
#ifndef SAMVERKAN_URL_H
#define SAMVERKAN_URL_H
#include <stddef.h>

struct arena;

/* The address as stored, or NULL when it is not one: "https://" is put before a bare one
 * ("www.kommun.se/beslut", as people write it and browsers take it); then http or https, a host
 * name of at least two labels (letters, digits, hyphens, non-ASCII letters of an IDN), an
 * optional port 1–65535, nothing a browser would have to guess at (spaces, quotes, angle
 * brackets, "user@host" hiding the real host), clean UTF-8, at most max_bytes. Scheme and host
 * are lower-cased; the path is kept as typed. The copy lives in a. */
const char *url_web_address(struct arena *a, const char *s, size_t max_bytes);

#endif
