/* arena: memory that lives as long as one request or one command, freed all at once. */
#ifndef SAMVERKAN_ARENA_H
#define SAMVERKAN_ARENA_H
#include <stddef.h>

struct arena_block;
struct arena {
	struct arena_block *head;
};

#define ARENA_INIT {NULL}

void *arena_alloc(struct arena *a, size_t n);           /* zeroed, aligned for any type */
char *arena_strdup(struct arena *a, const char *s);     /* NULL stays NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void arena_free(struct arena *a);

#endif
