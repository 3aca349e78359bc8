/* text: small operations on UTF-8 text that several layers need, such as folding for comparison. */
#ifndef SAMVERKAN_TEXT_H
#define SAMVERKAN_TEXT_H
#include <stdbool.h>
#include <stddef.h>

/* Folds text for comparing names people type: surrounding spaces dropped, inner runs of spaces
 * made one, ASCII and Latin-1 capitals (Å, Ä, Ö, É, …) lower-cased; with `loose`, '-' and '_'
 * count as spaces too (so "Kontaktperson E-post" folds like kontaktperson_e-post). Other bytes
 * are kept, so two spellings compare equal exactly when they differ only in those ways. False
 * when the folded text does not fit in out. */
bool text_fold(const char *s, char *out, size_t outsz, bool loose);
/* Lower-cases ASCII and Latin-1 capitals (Å, Ä, Ö, É, …) in place, as text_fold does; the length
 * never changes. The SQL function lower() on SQLite is this, so a name part typed "öster" finds
 * "Österåkers" there as PostgreSQL's lower() does. */
void text_lower(char *s);
/* A pattern for SQL `lower(column) LIKE $n ESCAPE '!'` that matches text containing s: s taken
 * literally (its own %, _ and ! escaped with !) and lower-cased as text_lower does, between two
 * '%'. malloc'd; NULL when memory runs out. */
char *text_like_contains(const char *s);
/* The len bytes of UTF-8 at s in Unicode Normalization Form C, malloc'd and NUL-terminated, its
 * length in *outlen: "Ö" as the one code point Windows and Linux keyboards type, where macOS, some
 * PDFs and web forms give "O" followed by a combining diaeresis. Both look alike on screen, so
 * without this a search, a duplicate check or a sort would treat them as different names. Every
 * way text comes in (form fields, query strings, CSV files) passes through here. NULL when s is
 * not valid UTF-8 or memory runs out. */
char *text_nfc(const char *s, size_t len, size_t *outlen);
/* True when s is NULL or has nothing but ASCII spaces, tabs and line ends. */
bool text_blank(const char *s);
/* True when some byte of the len at s is not ASCII (ASCII text is already in every form). */
bool text_has_non_ascii(const char *s, size_t len);

#endif
