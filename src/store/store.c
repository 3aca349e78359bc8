/* store: dispatches the query API to the driver chosen by the database URL, and runs migrations. */
#include "store/store.h"
#include "base/arena.h"
#include "store/driver.h"
#include "store/migrations.h"
#include "base/buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IDS_CACHE_SIZE 64
#define IDS_CACHE_MAX 200000 /* longer lists are not kept: they would crowd out the rest */

/* One remembered answer of store_ids_cached. */
struct ids_cache_entry {
	char *key; /* counter, SQL and arguments, NUL-separated into one string */
	size_t keylen;
	long long version;
	long long *ids;
	long long n;
};

struct store {
	const struct store_driver *drv;
	void *conn;
	struct ids_cache_entry ids_cache[IDS_CACHE_SIZE];
	long long *uncached_ids; /* the last list too long to keep */
};

struct cursor {
	const struct store_driver *drv;
	void *cur;
};

static const struct store_driver *driver_for(const char *url)
{
	/* A URI or a libpq key=value string ("host=… dbname=…") is PostgreSQL; anything else is a
	 * file path for SQLite. */
	if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0 ||
	    strstr(url, "dbname=") || strstr(url, "host="))
		return &postgresql_driver;
	return &sqlite_driver;
}

struct store *store_open(const char *url, char *err, size_t errsz)
{
	const struct store_driver *drv = driver_for(url);
	if (!drv) {
		snprintf(err, errsz, "no database driver for %s", url);
		return NULL;
	}
	void *conn = drv->open(url, err, errsz);
	if (!conn)
		return NULL;
	struct store *st = calloc(1, sizeof *st);
	if (!st)
		abort();
	st->drv = drv;
	st->conn = conn;
	return st;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	st->drv->close(st->conn);
	for (int i = 0; i < IDS_CACHE_SIZE; i++) {
		free(st->ids_cache[i].key);
		free(st->ids_cache[i].ids);
	}
	free(st->uncached_ids);
	free(st);
}

const char *store_driver_name(const struct store *st) { return st->drv->name; }
const char *store_url_driver(const char *url) { return driver_for(url)->name; }

struct cursor *store_query(struct store *st, const char *sql, const struct sv *args, int nargs)
{
	struct cursor *c = malloc(sizeof *c);
	if (!c)
		abort();
	c->drv = st->drv;
	c->cur = st->drv->query(st->conn, sql, args, nargs);
	return c;
}

bool cursor_next(struct cursor *c) { return c->drv->next(c->cur); }
const char *cursor_text(struct cursor *c, int col) { return c->drv->text(c->cur, col); }
const char *cursor_copy(struct arena *a, struct cursor *c, int col)
{
	const char *s = cursor_text(c, col);
	return arena_strdup(a, s ? s : "");
}
const char *cursor_copy_or_null(struct arena *a, struct cursor *c, int col)
{
	return arena_strdup(a, cursor_text(c, col));
}
long long cursor_int(struct cursor *c, int col) { return c->drv->integer(c->cur, col); }
bool cursor_is_null(struct cursor *c, int col) { return c->drv->is_null(c->cur, col); }
long long cursor_int_or(struct cursor *c, int col, long long if_null)
{
	return cursor_is_null(c, col) ? if_null : cursor_int(c, col);
}
int cursor_column_count(struct cursor *c) { return c->drv->column_count(c->cur); }
const char *cursor_column_name(struct cursor *c, int col) { return c->drv->column_name(c->cur, col); }

int cursor_close(struct cursor *c)
{
	int rc = c->drv->close_cursor(c->cur);
	free(c);
	return rc;
}

long long store_exec(struct store *st, const char *sql, const struct sv *args, int nargs)
{
	struct cursor *c = store_query(st, sql, args, nargs);
	while (cursor_next(c))
		;
	if (cursor_close(c) != 0)
		return -1;
	return st->drv->changes(st->conn);
}

long long store_int(struct store *st, const char *sql, const struct sv *args, int nargs, long long dflt)
{
	struct cursor *c = store_query(st, sql, args, nargs);
	long long v = dflt;
	if (cursor_next(c) && !cursor_is_null(c, 0))
		v = cursor_int(c, 0);
	if (cursor_close(c) != 0)
		return -1;
	return v;
}

char *store_text(struct store *st, const char *sql, const struct sv *args, int nargs)
{
	struct cursor *c = store_query(st, sql, args, nargs);
	char *v = NULL;
	if (cursor_next(c) && cursor_text(c, 0))
		v = strdup(cursor_text(c, 0));
	cursor_close(c);
	return v;
}

/* The cache key: counter, SQL text and every argument, so two filters never share an answer. */
static char *cache_key(const char *counter, const char *sql, const struct sv *args, int nargs, size_t *len)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, counter);
	buf_putc(&b, 0);
	buf_puts(&b, sql);
	for (int i = 0; i < nargs; i++) {
		buf_putc(&b, 0);
		if (args[i].type == SV_INT)
			buf_printf(&b, "i%lld", args[i].i);
		else if (args[i].type == SV_TEXT)
			buf_printf(&b, "t%s", args[i].s);
		else
			buf_putc(&b, 'n');
	}
	*len = b.len;
	return buf_detach(&b);
}

static long long fetch_ids(struct store *st, const char *sql, const struct sv *args, int nargs, long long **out)
{
	size_t cap = 256, n = 0;
	long long *ids = malloc(cap * sizeof *ids);
	if (!ids)
		abort();
	struct cursor *c = store_query(st, sql, args, nargs);
	while (cursor_next(c)) {
		if (n == cap && !(ids = realloc(ids, (cap *= 2) * sizeof *ids)))
			abort();
		ids[n++] = cursor_int(c, 0);
	}
	if (cursor_close(c) != 0) {
		free(ids);
		return -1;
	}
	*out = ids;
	return (long long)n;
}

long long store_ids_cached(struct store *st, const char *counter, const char *sql, const struct sv *args,
			   int nargs, const long long **ids)
{
	long long version = store_int(st, "SELECT version FROM change_counter WHERE name = $1", ARGS(SV_T(counter)), -1);
	size_t keylen;
	char *key = cache_key(counter, sql, args, nargs, &keylen);
	unsigned h = 2166136261u;
	for (size_t i = 0; i < keylen; i++)
		h = (h ^ (unsigned char)key[i]) * 16777619u;
	struct ids_cache_entry *e = &st->ids_cache[h % IDS_CACHE_SIZE];
	if (version >= 0 && e->key && e->keylen == keylen && memcmp(e->key, key, keylen) == 0 && e->version == version) {
		free(key);
		*ids = e->ids;
		return e->n;
	}
	long long *list;
	long long n = fetch_ids(st, sql, args, nargs, &list);
	if (n < 0) {
		free(key);
		return -1;
	}
	if (version < 0 || n > IDS_CACHE_MAX) {
		free(key);
		free(st->uncached_ids);
		st->uncached_ids = list;
		*ids = list;
		return n;
	}
	free(e->key);
	free(e->ids);
	e->key = key;
	e->keylen = keylen;
	e->version = version;
	e->ids = list;
	e->n = n;
	*ids = list;
	return n;
}

int store_read_begin(struct store *st) { return store_exec(st, "BEGIN", NOARGS) < 0 ? -1 : 0; }

void store_read_end(struct store *st)
{
	/* A failed statement may already have ended the transaction; then there is nothing to end. */
	if (st->drv->in_transaction(st->conn))
		store_exec(st, "COMMIT", NOARGS);
}

int store_begin(struct store *st) { return store_exec(st, st->drv->begin_sql, NOARGS) < 0 ? -1 : 0; }
int store_commit(struct store *st) { return store_exec(st, "COMMIT", NOARGS) < 0 ? -1 : 0; }
void store_rollback(struct store *st)
{
	/* Nothing to roll back after a BEGIN that failed: a ROLLBACK then would only replace the
	 * error that made it fail (the database away) with "no transaction". */
	if (st->drv->in_transaction(st->conn))
		store_exec(st, "ROLLBACK", NOARGS);
}

enum outcome store_finish(struct store *st, enum outcome rc)
{
	if (rc == OUTCOME_OK && store_commit(st) == 0)
		return OUTCOME_OK;
	if (rc == OUTCOME_OK)
		rc = store_outcome(st);
	store_rollback(st);
	return rc;
}

enum store_err store_errcode(const struct store *st) { return st->drv->errcode(st->conn); }
enum outcome store_outcome(const struct store *st)
{
	return store_errcode(st) == STORE_UNAVAILABLE ? OUTCOME_UNAVAILABLE : OUTCOME_FAILED;
}
void store_clear_error(struct store *st) { st->drv->clear_error(st->conn); }
const char *store_errmsg(const struct store *st) { return st->drv->errmsg(st->conn); }

const char *store_fts_condition(struct store *st, const char *fts_table, const char *id_col, int n,
				const char *user_text, char **bound)
{
	const char *cond = st->drv->fts_condition(st->conn, fts_table, id_col, n, user_text, bound);
	return cond ? cond : "1=0";
}

struct cursor *store_tables(struct store *st) { return store_query(st, st->drv->tables_sql, NOARGS); }

int store_reset_identity(struct store *st, const char *table, const char *id_col)
{
	return st->drv->reset_identity ? st->drv->reset_identity(st->conn, table, id_col) : 0;
}

int store_latest_version(void) { return migration_count; }

/* The whole-file operations exist for SQLite only; PostgreSQL has pg_dump and pg_restore. */
static bool sqlite_file(const char *url, char *err, size_t errsz)
{
	if (driver_for(url) == &sqlite_driver)
		return true;
	snprintf(err, errsz, "%s is a PostgreSQL database: back it up with pg_dump -Fc and restore it with pg_restore",
		 url);
	return false;
}

int store_backup(const char *url, const char *path, bool overwrite, char *err, size_t errsz)
{
	return sqlite_file(url, err, errsz) ? sqlite_backup(url, path, overwrite, 0600, err, errsz) : -1;
}

int store_backup_version(const char *path, char *err, size_t errsz)
{
	int version = sqlite_backup_version(path, err, errsz);
	if (version > migration_count) {
		snprintf(err, errsz, "%s has schema version %d, newer than this program's %d: use a newer samverkan", path,
			 version, migration_count);
		return -1;
	}
	return version;
}

int store_restore(const char *path, const char *url, char *err, size_t errsz)
{
	return sqlite_file(url, err, errsz) ? sqlite_restore(path, url, err, errsz) : -1;
}

int store_analyze(struct store *st)
{
	return store_exec(st, "ANALYZE", NOARGS) < 0 ? -1 : 0;
}

int store_schema_version(struct store *st)
{
	/* A table that does not exist yet means version 0, on every driver. */
	struct cursor *c = store_query(st, "SELECT version FROM schema_version", NOARGS);
	int v = 0;
	if (cursor_next(c))
		v = (int)cursor_int(c, 0);
	cursor_close(c);
	return v;
}

/* Replaces the dialect tokens a migration may use (see migrations.h) for this driver. */
static char *dialect_sql(const struct store_driver *drv, const char *sql)
{
	static const struct {
		const char *token, *sqlite, *postgresql;
	} tokens[] = {
		{"@ID@", "INTEGER PRIMARY KEY", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
		/* Byte order for sort keys: they are built for it, and a locale collation would ignore
		 * the characters that put å, ä, ö after z. */
		{"@BYTES@", "", " COLLATE \"C\""},
	};
	int pg = strcmp(drv->name, "postgresql") == 0;
	size_t cap = strlen(sql) * 2 + 256, len = 0;
	char *out = malloc(cap);
	if (!out)
		abort();
	for (const char *p = sql; *p;) {
		const char *rep = NULL;
		size_t toklen = 0;
		for (size_t i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
			toklen = strlen(tokens[i].token);
			if (strncmp(p, tokens[i].token, toklen) == 0) {
				rep = pg ? tokens[i].postgresql : tokens[i].sqlite;
				break;
			}
		}
		if (rep) {
			size_t rl = strlen(rep);
			if (len + rl + 1 >= cap)
				out = realloc(out, cap = cap * 2 + rl);
			memcpy(out + len, rep, rl);
			len += rl;
			p += toklen;
		} else {
			if (len + 2 >= cap)
				out = realloc(out, cap *= 2);
			out[len++] = *p++;
		}
	}
	out[len] = 0;
	return out;
}

int store_migrate(struct store *st, char *err, size_t errsz)
{
	if (store_exec(st, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", NOARGS) < 0) {
		snprintf(err, errsz, "cannot create schema_version: %s", store_errmsg(st));
		return -1;
	}
	int current = store_schema_version(st);
	if (current > migration_count) {
		snprintf(err, errsz,
			 "the database has schema version %d but this program knows only up to %d: "
			 "use a newer samverkan with this database",
			 current, migration_count);
		return -1;
	}
	for (int v = current + 1; v <= migration_count; v++) {
		const struct migration *m = &migrations[v - 1];
		if (store_begin(st) != 0) {
			snprintf(err, errsz, "cannot start migration %d: %s", v, store_errmsg(st));
			return -1;
		}
		int pg = strcmp(st->drv->name, "postgresql") == 0;
		const char *parts[] = {m->sql, pg ? m->postgresql : m->sqlite};
		for (int i = 0; i < 2; i++) {
			if (!parts[i])
				continue;
			char *sql = dialect_sql(st->drv, parts[i]);
			int rc = st->drv->exec_script(st->conn, sql);
			free(sql);
			if (rc != 0) {
				snprintf(err, errsz, "migration %d (%s) failed: %s", v, m->name, store_errmsg(st));
				store_rollback(st);
				return -1;
			}
		}
		if (store_exec(st, "DELETE FROM schema_version", NOARGS) < 0 ||
		    store_exec(st, "INSERT INTO schema_version (version) VALUES ($1)", ARGS(SV_I(v))) < 0 ||
		    store_commit(st) != 0) {
			snprintf(err, errsz, "migration %d: cannot record version: %s", v, store_errmsg(st));
			store_rollback(st);
			return -1;
		}
	}
	return 0;
}

const char *store_lock_rows_clause(const struct store *st)
{
	return st->drv->lock_rows_sql ? st->drv->lock_rows_sql : "";
}
