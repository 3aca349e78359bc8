/* buf: a growable byte buffer that always stays NUL-terminated, the one way we build text. */
#ifndef SAMVERKAN_BUF_H
#define SAMVERKAN_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* NUL-terminated when cap > 0; may be NULL when empty and never written */
	size_t len;
	size_t cap;
};

#define BUF_INIT {NULL, 0, 0}

void buf_append(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Returns the text ("" when empty), never NULL. */
const char *buf_str(const struct buf *b);
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* Hands the malloc'd string to the caller and leaves the buffer empty. */
char *buf_detach(struct buf *b);

#endif
