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

#endif
