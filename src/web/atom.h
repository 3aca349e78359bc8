/* atom: Atom 1.0 feeds (RFC 4287), written with the same escaping as every page. */
#ifndef SAMVERKAN_ATOM_H
#define SAMVERKAN_ATOM_H
#include "web/request.h"

/* Starts a feed in r->body and sets the content type. self_path is the feed's own local path
 * ("/dialoger.atom"), alternate_path the page it mirrors ("/dialoger"); updated is ISO 8601 UTC
 * (the newest entry's time, or NULL for now). Text arguments are plain text; they are escaped. */
void atom_begin(struct request *r, const char *self_path, const char *alternate_path, const char *title,
		const char *updated);
/* One entry: link_path is the entry's local page ("/dialoger/12"), also its id (with the base
 * URL); summary is plain text (may be NULL); author may be NULL (then the municipality). */
void atom_entry(struct request *r, const char *link_path, const char *title, const char *updated,
		const char *published, const char *summary, const char *author);
void atom_end(struct request *r);

#endif
