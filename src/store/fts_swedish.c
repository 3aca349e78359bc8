/* fts_swedish: the "swedish" FTS5 tokenizer (letters, lower-case, Snowball stem) and the quoting of user input into MATCH expressions. */
#include "store/fts_swedish.h"

#include <libstemmer.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * Longest token, in bytes, handed to the stemmer. Real Swedish words, even
 * long compounds, fit; anything longer is an identifier, a URL fragment or
 * junk, where stemming is meaningless and would only cost time.
 */
enum { STEM_MAX_BYTES = 64 };

/*
 * Simple lower-case mapping for the code points letter_at() accepts:
 * U+0000-U+007F, U+00C0-U+00FF and U+0100-U+017F. Latin Extended-A
 * alternates upper/lower in pairs whose parity flips at U+0139 and U+0179,
 * with three exceptions handled first.
 */
static unsigned fold(unsigned cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 0x20;
	if (cp >= 0xC0 && cp <= 0xDE) /* U+00D7 is never passed in */
		return cp + 0x20;
	if (cp == 0x130) /* İ lowers to plain i, not to dotless ı */
		return 'i';
	if (cp == 0x178) /* Ÿ's lower case lives in Latin-1 */
		return 0xFF;
	if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
		return cp | 1;
	if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
		return cp + (cp & 1);
	return cp;
}

/*
 * If a letter or digit starts at p, returns its length in bytes (1 or 2)
 * and stores its lower-case code point in *lower; otherwise returns 0 and
 * the caller skips one byte. Skipping a multi-byte non-letter one byte at a
 * time is safe because UTF-8 continuation bytes (0x80-0xBF) can never be
 * mistaken for the lead bytes 0xC3-0xC5 of the letters we accept, and
 * requiring those exact leads also rules out overlong encodings.
 */
static int letter_at(const unsigned char *p, const unsigned char *end, unsigned *lower)
{
	if (*p < 0x80) {
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
			*lower = fold(*p);
			return 1;
		}
		return 0;
	}
	if (*p < 0xC3 || *p > 0xC5 || end - p < 2 || (p[1] & 0xC0) != 0x80)
		return 0;
	unsigned cp = ((unsigned)(*p & 0x1F) << 6) | (p[1] & 0x3F);
	if (cp == 0xD7 || cp == 0xF7) /* × and ÷ are symbols, not letters */
		return 0;
	*lower = fold(cp);
	return 2;
}

/*
 * Finds the next token in s[*pos, n): stores its byte range in
 * [*start, *stop), advances *pos past it and returns true, or returns false
 * at the end of the text. The tokenizer and the query builder both use it,
 * so a query can never be split differently from the documents.
 */
static bool next_token(const unsigned char *s, size_t n, size_t *pos, size_t *start, size_t *stop)
{
	const unsigned char *end = s + n;
	size_t i = *pos;
	unsigned cp;
	int len = 0;
	while (i < n && (len = letter_at(s + i, end, &cp)) == 0)
		i++;
	if (i >= n) {
		*pos = n;
		return false;
	}
	*start = i;
	while (i < n && (len = letter_at(s + i, end, &cp)) > 0)
		i += (size_t)len;
	*stop = i;
	*pos = i;
	return true;
}

/* One per FTS5 table (xCreate): the Snowball stemmer keeps per-word state, so it cannot be shared. */
struct swedish_tokenizer {
	struct sb_stemmer *stemmer;
	unsigned char *buf; /* lower-cased token, reused across tokens */
	size_t cap;
};

static int swedish_create(void *ctx, const char **args, int nargs, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)args;
	/* Refuse options rather than ignore them: a misspelt one would silently index differently. */
	if (nargs > 0)
		return SQLITE_ERROR;
	struct swedish_tokenizer *t = calloc(1, sizeof *t);
	if (!t)
		return SQLITE_NOMEM;
	t->stemmer = sb_stemmer_new("swedish", "UTF_8");
	if (!t->stemmer) {
		free(t);
		return SQLITE_NOMEM;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void swedish_delete(Fts5Tokenizer *tok)
{
	struct swedish_tokenizer *t = (struct swedish_tokenizer *)tok;
	if (!t)
		return;
	sb_stemmer_delete(t->stemmer);
	free(t->buf);
	free(t);
}

/*
 * Lower-cases s[0, n), a run next_token() found, into t->buf and returns the
 * new length, or -1 if out of memory. Folding never lengthens a letter (two
 * bytes stay two, or İ becomes one), so n bytes of buffer always suffice.
 */
static int lower_token(struct swedish_tokenizer *t, const unsigned char *s, size_t n)
{
	if (n > t->cap) {
		unsigned char *p = realloc(t->buf, n);
		if (!p)
			return -1;
		t->buf = p;
		t->cap = n;
	}
	const unsigned char *end = s + n;
	size_t out = 0;
	unsigned cp = 0;
	while (s < end) {
		int len = letter_at(s, end, &cp);
		s += len;
		if (cp < 0x80) {
			t->buf[out++] = (unsigned char)cp;
		} else {
			t->buf[out++] = (unsigned char)(0xC0 | (cp >> 6));
			t->buf[out++] = (unsigned char)(0x80 | (cp & 0x3F));
		}
	}
	return (int)out;
}

static int swedish_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text, int ntext,
			    int (*emit)(void *ctx, int tflags, const char *token, int ntoken, int start, int stop))
{
	/* Queries, prefix queries and documents are tokenized alike; that symmetry is what makes matches work. */
	(void)flags;
	struct swedish_tokenizer *t = (struct swedish_tokenizer *)tok;
	if (!text || ntext <= 0)
		return SQLITE_OK;
	const unsigned char *s = (const unsigned char *)text;
	size_t pos = 0, start, stop;
	while (next_token(s, (size_t)ntext, &pos, &start, &stop)) {
		int len = lower_token(t, s + start, stop - start);
		if (len < 0)
			return SQLITE_NOMEM;
		const unsigned char *term = t->buf;
		if (len <= STEM_MAX_BYTES) {
			const sb_symbol *stem = sb_stemmer_stem(t->stemmer, t->buf, len);
			if (!stem)
				return SQLITE_NOMEM;
			int stem_len = sb_stemmer_length(t->stemmer);
			/* The Swedish stemmer keeps at least three letters; the guard keeps FTS5 away from empty terms regardless. */
			if (stem_len > 0) {
				term = stem;
				len = stem_len;
			}
		}
		int rc = emit(ctx, 0, (const char *)term, len, (int)start, (int)stop);
		if (rc != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

int fts_swedish_register(sqlite3 *db)
{
	/* The documented way to reach FTS5's API: it hands the pointer out only through a typed pointer binding. */
	fts5_api *api = NULL;
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
	rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? SQLITE_ERROR : rc;
	if (!api)
		return SQLITE_ERROR;
	/* FTS5 copies the method table, so a local is enough. */
	fts5_tokenizer methods = {
		.xCreate = swedish_create,
		.xDelete = swedish_delete,
		.xTokenize = swedish_tokenize,
	};
	return api->xCreateTokenizer(api, "swedish", NULL, &methods, NULL);
}

/*
 * Every token is quoted and none is made a prefix query ("token"*). A prefix
 * query is tokenized, hence stemmed, like any other term and then compared
 * with the stems in the index, and a half-typed word does not stem to a
 * prefix of its whole word's stem once it reaches into an ending the stemmer
 * strips: "idrottsklubbarn" stays itself while "idrottsklubbarna" is indexed
 * as "idrottsklubb", so search-as-you-type hits would vanish and return as
 * letters are typed. A prefix would also stretch complete short words
 * ("för"* finds every "förening"). Whole stemmed words give results that do
 * not depend on where the user stopped typing.
 *
 * The quoted tokens cannot contain '"' (a separator), so no escaping is
 * needed, and each holds exactly one token, so none becomes a phrase.
 */
char *fts_swedish_match_query(const char *user_text)
{
	if (!user_text)
		return NULL;
	const unsigned char *s = (const unsigned char *)user_text;
	size_t n = strlen(user_text);
	size_t pos = 0, start, stop, need = 0;
	while (next_token(s, n, &pos, &start, &stop))
		need += stop - start + 3; /* two quotes and a space or the final NUL */
	if (need == 0)
		return NULL;
	char *q = malloc(need);
	if (!q)
		return NULL;
	size_t out = 0;
	pos = 0;
	while (next_token(s, n, &pos, &start, &stop)) {
		if (out > 0)
			q[out++] = ' ';
		q[out++] = '"';
		memcpy(q + out, s + start, stop - start);
		out += stop - start;
		q[out++] = '"';
	}
	q[out] = 0;
	return q;
}
