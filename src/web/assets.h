/* assets: static files (CSS, icons) compiled into the binary, served under a versioned path. */
#ifndef SAMVERKAN_ASSETS_H
#define SAMVERKAN_ASSETS_H
#include "web/request.h"

/* Computes the content hashes once at start-up. */
void assets_init(void);
/* "/static/<hash>/<name>": the hash changes with the content, so the file can be cached for a year. */
const char *assets_url(const char *name);
/* Route handler for GET /static/{version}/{name}: ETag, 304 and long cache lifetimes. */
void page_static_asset(struct request *r);

#endif
