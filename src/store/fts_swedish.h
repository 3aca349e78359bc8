/* fts_swedish: an SQLite FTS5 tokenizer for Swedish text, and the one safe way to turn user input into a MATCH expression. */
#ifndef SAMVERKAN_STORE_FTS_SWEDISH_H
#define SAMVERKAN_STORE_FTS_SWEDISH_H

#include <sqlite3.h>

/*
 * Registers the FTS5 tokenizer "swedish" on db, for use as
 *   CREATE VIRTUAL TABLE t USING fts5(..., tokenize='swedish');
 * It must be called on every connection that reads or writes such a table,
 * before the table is first touched. Returns SQLITE_OK, or an SQLite error
 * code (for instance when SQLite was built without FTS5).
 *
 * The tokenizer's contract, identical for documents and queries:
 *  - a token is a maximal run of ASCII letters and digits and of the letters
 *    of Latin-1 Supplement and Latin Extended-A (å ä ö é ü ø æ ł ...);
 *    everything else, including invalid UTF-8 bytes, separates tokens;
 *  - tokens are lower-cased but keep their diacritics, so "for" and "för"
 *    stay different words;
 *  - each token is reduced by the Snowball Swedish stemmer, so "föreningar",
 *    "föreningen" and "Förening" are the same term; tokens longer than 64
 *    bytes are indexed as they are;
 *  - offsets reported to FTS5 are those of the original text, so
 *    highlight() and snippet() mark the word as it was written.
 * The tokenizer takes no arguments; any argument is an error.
 */
int fts_swedish_register(sqlite3 *db);

/*
 * Turns arbitrary user input into an FTS5 MATCH expression that cannot be a
 * syntax error: the input is split with the tokenizer's separator rules and
 * each token becomes a double-quoted FTS5 string, joined by spaces (implicit
 * AND), e.g. 'idrott NOT "x"' -> '"idrott" "NOT" "x"'. No prefix queries.
 * Returns a malloc'd string the caller frees, or NULL when the input is NULL,
 * has no tokens (only punctuation, spaces, invalid bytes), or memory ran out;
 * in every case NULL means "nothing to search for".
 */
char *fts_swedish_match_query(const char *user_text);

#endif
