/* embedded: files compiled into the binary (static assets, translations), made by tools/embed.sh. */
#ifndef SAMVERKAN_EMBEDDED_H
#define SAMVERKAN_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
	const char *name; /* path relative to the source tree, e.g. "assets/site.css" */
	const unsigned char *data;
	size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

/* Returns the file with that name, or NULL. */
const struct embedded_file *embedded_find(const char *name);

#endif
