/* store: the one query API the rest of samverkan uses; it hides which database driver is behind it. */
#ifndef SAMVERKAN_STORE_H
#define SAMVERKAN_STORE_H
#include <stdbool.h>
#include <stddef.h>
#include "base/outcome.h"

/* A bound value. SQL uses $1, $2, … placeholders on every driver; values are always bound,
 * never pasted into SQL text. */
enum sv_type { SV_NULL, SV_INT, SV_TEXT };
struct sv {
	enum sv_type type;
	long long i;
	const char *s;
};
#define SV_I(x) ((struct sv){.type = SV_INT, .i = (x)})
/* A NULL pointer binds SQL NULL. */
static inline struct sv sv_text(const char *s) { return (struct sv){.type = s ? SV_TEXT : SV_NULL, .s = s}; }
#define SV_T(x) sv_text(x)
/* Empty strings become SQL NULL: for optional fields a form leaves blank. */
static inline struct sv sv_text_or_null(const char *s)
{
	return (struct sv){.type = (s && *s) ? SV_TEXT : SV_NULL, .s = s};
}
#define SV_TN(x) sv_text_or_null(x)
#define SV_NULLV ((struct sv){.type = SV_NULL})
/* ARGS(SV_I(1), SV_T(name)) expands to the (args, nargs) pair the calls below take. */
#define ARGS(...) (const struct sv[]){__VA_ARGS__}, (int)(sizeof((const struct sv[]){__VA_ARGS__}) / sizeof(struct sv))
#define NOARGS NULL, 0

/* Error classes a caller can act on. */
enum store_err { STORE_OK = 0, STORE_CONSTRAINT, STORE_UNAVAILABLE, STORE_ERROR };

struct store;
struct cursor;

/* url is a file path (SQLite) or postgresql://… / a libpq connection string (PostgreSQL). */
struct store *store_open(const char *url, char *err, size_t errsz);
void store_close(struct store *st);
const char *store_driver_name(const struct store *st);
/* The driver store_open would choose for url ("sqlite" or "postgresql"), without opening it. */
const char *store_url_driver(const char *url);

/* Brings the schema up to date; refuses a database made by a newer program. 0 or -1 with err. */
int store_migrate(struct store *st, char *err, size_t errsz);
int store_schema_version(struct store *st);
/* Refreshes the query planner's statistics. After a bulk load (demo, import) the plans would
 * otherwise be made for the data as it was: SQLite keeps none until asked, and PostgreSQL's
 * autovacuum comes minutes later. 0, or -1 (the load itself is already committed). */
int store_analyze(struct store *st);
int store_latest_version(void);

/* Runs a query; read rows with cursor_next. Never NULL: on error cursor_next returns false and
 * cursor_close returns -1. Statements are prepared once per connection and kept. */
struct cursor *store_query(struct store *st, const char *sql, const struct sv *args, int nargs);
bool cursor_next(struct cursor *c);
/* NULL for SQL NULL. Valid until the next cursor_next or cursor_close. */
const char *cursor_text(struct cursor *c, int col);
/* The column's text copied into the arena, to keep after the cursor moves on: "" for SQL NULL
 * (cursor_copy_or_null keeps NULL). */
struct arena;
const char *cursor_copy(struct arena *a, struct cursor *c, int col);
const char *cursor_copy_or_null(struct arena *a, struct cursor *c, int col);
long long cursor_int(struct cursor *c, int col);
/* The column's integer, or if_null for SQL NULL (an optional id: 0; a count not yet made: -1). */
long long cursor_int_or(struct cursor *c, int col, long long if_null);
bool cursor_is_null(struct cursor *c, int col);
/* The result's columns, known as soon as store_query returns (0 when it failed). */
int cursor_column_count(struct cursor *c);
const char *cursor_column_name(struct cursor *c, int col);
int cursor_close(struct cursor *c);

/* Runs a statement; returns rows changed, or -1 (see store_errcode). */
long long store_exec(struct store *st, const char *sql, const struct sv *args, int nargs);
/* First column of the first row as an integer, or dflt when there is no row; -1 on error. */
long long store_int(struct store *st, const char *sql, const struct sv *args, int nargs, long long dflt);
/* First column of the first row as malloc'd text, or NULL. */
char *store_text(struct store *st, const char *sql, const struct sv *args, int nargs);

/* Runs a query whose first column is an integer id and returns all ids in order. The list is kept
 * per connection until the change counter named `counter` (table change_counter, bumped by
 * triggers) moves, so a register page costs a slice of a remembered list instead of a scan of
 * the whole register. *ids stays valid until the next call on this connection; copy what you
 * need. Returns the number of ids, or -1 on error. */
long long store_ids_cached(struct store *st, const char *counter, const char *sql, const struct sv *args,
			   int nargs, const long long **ids);

/* A read transaction around everything one GET request reads: one consistent snapshot, and on
 * SQLite one lock instead of one per statement. Nothing may write inside it. */
int store_read_begin(struct store *st);
void store_read_end(struct store *st);

/* Write transactions: BEGIN IMMEDIATE on SQLite, so writers queue instead of deadlocking. */
int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);
/* Ends a write transaction by its outcome: commits when rc is OUTCOME_OK (a failed commit becomes
 * the store's outcome), rolls back otherwise. Returns the outcome. */
enum outcome store_finish(struct store *st, enum outcome rc);

enum store_err store_errcode(const struct store *st);
/* The outcome of an operation that failed in the store: OUTCOME_UNAVAILABLE when the database
 * cannot be reached, OUTCOME_FAILED otherwise. Every domain module maps a failed query this way,
 * so a database that is away is never shown as "not found". */
enum outcome store_outcome(const struct store *st);
/* Forgets the last error, so a new request does not inherit the previous one's. */
void store_clear_error(struct store *st);
const char *store_errmsg(const struct store *st);

/* Full-text search, the one dialect-specific piece a query needs: returns an SQL condition on
 * `table_alias.id` matching user text bound as parameter $n, and in *bound the value to bind
 * (malloc'd; NULL when the text has no words, in which case the condition is "1=0"). */
const char *store_fts_condition(struct store *st, const char *fts_table, const char *id_col, int n,
				const char *user_text, char **bound);

/* For copying a whole database (migrate-store): the schema's tables, one name per row (the
 * engine's own internal tables left out); and, after rows were inserted with explicit ids, moving
 * the table's id generator past the largest id so new rows get fresh ones (nothing to do on
 * SQLite). Table and column names come from the program, never from input. */
struct cursor *store_tables(struct store *st);
int store_reset_identity(struct store *st, const char *table, const char *id_col);

/* Backups of a SQLite database, while serve runs (PostgreSQL's are pg_dump's work: these refuse
 * a PostgreSQL URL). store_backup copies the database at url into a new file at path through
 * SQLite's online backup API: one snapshot, taken in steps while writers go on. The copy is made
 * beside path, passes PRAGMA integrity_check, is synced and only then takes the name; an existing
 * path is replaced only when overwrite. Returns the copy's schema version, or -1 with err (also
 * for a database without samverkan's schema). The file is readable by its owner only: it holds
 * personal data. */
int store_backup(const char *url, const char *path, bool overwrite, char *err, size_t errsz);
/* Checks a backup before it is restored, changing nothing: a SQLite file that passes its
 * integrity check and holds a samverkan schema no newer than this program's. Returns that schema
 * version, or -1 with err. */
int store_backup_version(const char *path, char *err, size_t errsz);
/* Replaces the database at url with a copy of the backup at path. Refused while something (a
 * running serve) has the database open; the old -wal and -shm go first, so none of their pages
 * can reach the new file. Check the backup with store_backup_version first; migrate after.
 * 0, or -1 with err. */
int store_restore(const char *path, const char *url, char *err, size_t errsz);

/* For work queues (the outbox): a clause to append to a SELECT inside store_begin that locks the
 * rows it returns and skips those another node's transaction holds, so two nodes never take the
 * same row: " FOR UPDATE SKIP LOCKED" on PostgreSQL; "" on SQLite, whose BEGIN IMMEDIATE lets
 * one writer in at a time anyway. The SELECT must be on one table, without aggregates. */
const char *store_lock_rows_clause(const struct store *st);

#endif
