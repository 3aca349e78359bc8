/* text: small operations on UTF-8 text that several layers need, such as folding for comparison. */
#ifndef SAMVERKAN_TEXT_H
#define SAMVERKAN_TEXT_H
#include <stdbool.h>
#include <stddef.h>

struct arena;

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
/* Whether two lists of strings (codes, each list without repeats) hold the same ones, in any
 * order: for telling whether a form changed a set of ticked boxes. */
bool text_same_set(const char *const *a, int na, const char *const *b, int nb);
/* True when s is NULL or has nothing but ASCII spaces, tabs and line ends. */
bool text_blank(const char *s);
/* True when some byte of the len at s is not ASCII (ASCII text is already in every form). */
bool text_has_non_ascii(const char *s, size_t len);
/* True when the n bytes at s are strict UTF-8 (no overlong forms, surrogates or code points past
 * U+10FFFF), so that Windows-1252 text is never mistaken for it; a NUL byte counts as valid. */
bool text_utf8_valid(const char *s, size_t n);
/* The length in bytes of the one strict UTF-8 character at s (at most n bytes), or 0 when the
 * bytes there are not one. */
size_t text_utf8_char(const char *s, size_t n);

/* ---- The text contract: every text a domain module stores passes through text_field. ---- */

/* What is wrong with a field's text. */
enum text_problem {
	TEXT_OK = 0,
	TEXT_BROKEN,   /* not UTF-8, or a control character (C0, DEL, C1, NUL) or U+FFFD in it */
	TEXT_TOO_LONG, /* more characters than the field allows */
};
/* The number of characters (code points) in s, or -1 when it is not clean text: invalid UTF-8,
 * a C0 control, DEL, a C1 control (U+0080–U+009F, such as U+0085 and U+009B), or U+FFFD, which
 * is what the request parser puts where a NUL or broken bytes were sent. With `lines`, newline,
 * carriage return and tab are allowed. NULL counts as "". */
long text_chars(const char *s, bool lines);
/* True when cp is white space to trim: ASCII space, tab and line ends, and every Unicode space
 * separator (U+00A0 no-break space, U+2000–U+200A, U+202F, U+205F, U+3000), plus U+FEFF. */
bool text_space(long cp);
/* An arena copy of s without white space (text_space) at either end; "" for NULL. */
const char *text_trim(struct arena *a, const char *s);
/* The one check of a stored text field, whatever the entry point (form, API, CSV, CLI, demo):
 * trims it, puts it in NFC, and checks it is clean text (text_chars) of at most max characters.
 * *out is the cleaned arena copy (the trimmed input, unnormalised, when the text is broken, so a
 * form can show it again). */
enum text_problem text_field(struct arena *a, const char *in, bool lines, long max, const char **out);

#endif
