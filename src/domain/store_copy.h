/* store_copy: a whole samverkan database copied into another, empty store (SQLite into
 * PostgreSQL for `samverkan migrate-store`), keeping every id, checked before it counts as done. */
#ifndef SAMVERKAN_STORE_COPY_H
#define SAMVERKAN_STORE_COPY_H
#include "store/store.h"
#include <stdbool.h>
#include <stddef.h>

#define STORE_COPY_MAX_TABLES 48
#define STORE_COPY_MAX_SEARCHES 12

/* Rows of one table on each side after the copy (-1: not counted). */
struct store_copy_count {
	const char *table;
	long long source, target;
};

/* One full-text search run on both sides with each store's own search condition. */
struct store_copy_search {
	char text[160];
	long long source_hits, target_hits;
	bool same; /* the same ids on both */
};

struct store_copy_options {
	/* Names the source in messages (a file name); NULL for "the source database". */
	const char *source_name;
	/* Called after every batch with the rows of `table` copied so far; NULL for none. */
	void (*progress)(const char *table, long long done, long long total, void *ctx);
	void *progress_ctx;
};

enum store_copy_status {
	STORE_COPY_DONE,     /* copied, checked and committed */
	STORE_COPY_REFUSED,  /* nothing copied: the source's schema or the target's contents say no */
	STORE_COPY_FAILED,   /* a database error; nothing of the copy is left in the target */
	STORE_COPY_MISMATCH, /* the check after copying found differences; nothing is left either */
};

struct store_copy_result {
	struct store_copy_count counts[STORE_COPY_MAX_TABLES];
	int ncounts;
	struct store_copy_search searches[STORE_COPY_MAX_SEARCHES];
	int nsearches;
	long long rows; /* rows copied, all tables */
	char error[512]; /* what went wrong, for REFUSED and FAILED */
};

/*
 * Copies every table of `from` into `to`:
 * - `from` must have exactly this program's schema version; `to` is migrated to it first and
 *   must then hold no data except the built-in lists `init` seeds (legal forms, categories,
 *   target groups), which are replaced by the source's;
 * - every table of either database must be one this module knows (a copied table, or a derived
 *   one such as the full-text index, which the target's triggers rebuild): a table added to the
 *   schema but not here is refused rather than silently left behind;
 * - tables are copied in foreign-key order, ids kept, in batches of many rows per statement, in
 *   one transaction on the target; the target's id generators are then moved past the copied ids;
 * - then, still inside that transaction, the row count of every table is compared and a few
 *   full-text searches with words from the register must find the same ids on both sides; only
 *   when all agree is the transaction committed.
 * `from` is read in one read transaction, so a server may keep running on it meanwhile (what it
 * writes after the copy started is not copied).
 */
enum store_copy_status store_copy(struct store *from, struct store *to, const struct store_copy_options *opt,
				  struct store_copy_result *res);

#endif
