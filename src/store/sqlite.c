/* sqlite: the embedded SQLite driver — WAL, foreign keys, busy timeout, statements kept per connection. */
#include "store/driver.h"
#include "base/text.h"
#include "store/fts_swedish.h"
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE_SIZE 256

struct cached_stmt {
	char *sql;
	sqlite3_stmt *stmt;
};

struct sqlite_conn {
	sqlite3 *db;
	struct cached_stmt cache[STMT_CACHE_SIZE];
	int errcode;
	char errmsg[512];
};

struct sqlite_cursor {
	struct sqlite_conn *conn;
	sqlite3_stmt *stmt;
	int owned; /* not from the cache: finalize on close */
	int rc;    /* last sqlite3_step result */
	int failed;
};

static void remember_error(struct sqlite_conn *c, int rc)
{
	c->errcode = rc;
	snprintf(c->errmsg, sizeof c->errmsg, "%s", sqlite3_errmsg(c->db));
}

static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;

/* Memory statistics take a global mutex on every allocation; we never read them. Must run
 * before SQLite initialises, so before the first connection opens. */
static void sqlite_configure(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

static void sql_lower(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *in = (const char *)sqlite3_value_text(argv[0]);
	if (!in) {
		sqlite3_result_null(ctx);
		return;
	}
	int n = sqlite3_value_bytes(argv[0]);
	char *out = sqlite3_malloc(n + 1);
	if (!out) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	memcpy(out, in, (size_t)n + 1);
	text_lower(out);
	sqlite3_result_text(ctx, out, n, sqlite3_free);
}

static void *sqlite_open(const char *url, char *err, size_t errsz)
{
	pthread_once(&sqlite_configured, sqlite_configure);
	struct sqlite_conn *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	int rc = sqlite3_open_v2(url, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errsz, "cannot open %s: %s", url, c->db ? sqlite3_errmsg(c->db) : "out of memory");
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	sqlite3_extended_result_codes(c->db, 0);
	/* busy_timeout first: even setting WAL may wait for another connection. */
	sqlite3_busy_timeout(c->db, 5000);
	char *msg = NULL;
	rc = sqlite3_exec(c->db,
			  "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
			  "PRAGMA temp_store=MEMORY;",
			  NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		rc = fts_swedish_register(c->db);
	/* SQLite's own lower() changes only ASCII; ours also Å, Ä, Ö and the other Latin-1
	 * capitals, as PostgreSQL's does. No index is built on lower(), so replacing it is safe. */
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(c->db, "lower", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
					     NULL, sql_lower, NULL, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errsz, "cannot use %s as a database: %s", url, msg ? msg : sqlite3_errmsg(c->db));
		sqlite3_free(msg);
		sqlite3_close(c->db);
		free(c);
		return NULL;
	}
	return c;
}

static void sqlite_close(void *conn)
{
	struct sqlite_conn *c = conn;
	if (!c)
		return;
	for (int i = 0; i < STMT_CACHE_SIZE; i++) {
		free(c->cache[i].sql);
		sqlite3_finalize(c->cache[i].stmt);
	}
	sqlite3_close(c->db);
	free(c);
}

static unsigned hash_sql(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Finds the cached statement for this SQL text, or prepares it. A statement still in use by an
 * open cursor (a nested query with the same text) gets a private copy instead. */
static sqlite3_stmt *get_stmt(struct sqlite_conn *c, const char *sql, int *owned)
{
	*owned = 0;
	unsigned slot = hash_sql(sql) % STMT_CACHE_SIZE;
	struct cached_stmt *e = &c->cache[slot];
	if (e->sql && strcmp(e->sql, sql) == 0 && !sqlite3_stmt_busy(e->stmt))
		return e->stmt;
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (rc != SQLITE_OK) {
		remember_error(c, rc);
		fprintf(stderr, "sqlite: %s in: %s\n", sqlite3_errmsg(c->db), sql);
		return NULL;
	}
	if (e->sql && sqlite3_stmt_busy(e->stmt)) {
		*owned = 1;
		return stmt;
	}
	free(e->sql);
	sqlite3_finalize(e->stmt);
	e->sql = strdup(sql);
	e->stmt = stmt;
	return stmt;
}

static void *sqlite_query(void *conn, const char *sql, const struct sv *args, int nargs)
{
	struct sqlite_conn *c = conn;
	struct sqlite_cursor *cur = calloc(1, sizeof *cur);
	if (!cur)
		abort();
	cur->conn = c;
	c->errcode = SQLITE_OK;
	c->errmsg[0] = 0;
	cur->stmt = get_stmt(c, sql, &cur->owned);
	if (!cur->stmt) {
		cur->failed = 1;
		return cur;
	}
	/* $1 … $n are named parameters to SQLite; bind by name so order of appearance is free. */
	for (int i = 0; i < nargs; i++) {
		char name[16];
		snprintf(name, sizeof name, "$%d", i + 1);
		int idx = sqlite3_bind_parameter_index(cur->stmt, name);
		if (idx == 0)
			continue;
		int rc;
		if (args[i].type == SV_INT)
			rc = sqlite3_bind_int64(cur->stmt, idx, args[i].i);
		else if (args[i].type == SV_TEXT)
			rc = sqlite3_bind_text(cur->stmt, idx, args[i].s, -1, SQLITE_TRANSIENT);
		else
			rc = sqlite3_bind_null(cur->stmt, idx);
		if (rc != SQLITE_OK) {
			remember_error(c, rc);
			cur->failed = 1;
		}
	}
	return cur;
}

static bool sqlite_next(void *p)
{
	struct sqlite_cursor *cur = p;
	if (cur->failed || cur->rc == SQLITE_DONE)
		return false;
	cur->rc = sqlite3_step(cur->stmt);
	if (cur->rc == SQLITE_ROW)
		return true;
	if (cur->rc != SQLITE_DONE) {
		remember_error(cur->conn, cur->rc);
		fprintf(stderr, "sqlite: %s in: %s\n", cur->conn->errmsg, sqlite3_sql(cur->stmt));
		cur->failed = 1;
	}
	return false;
}

static const char *sqlite_text(void *p, int col)
{
	struct sqlite_cursor *cur = p;
	return (const char *)sqlite3_column_text(cur->stmt, col);
}

static long long sqlite_integer(void *p, int col)
{
	struct sqlite_cursor *cur = p;
	return sqlite3_column_int64(cur->stmt, col);
}

static bool sqlite_is_null(void *p, int col)
{
	struct sqlite_cursor *cur = p;
	return sqlite3_column_type(cur->stmt, col) == SQLITE_NULL;
}

static int sqlite_column_count(void *p)
{
	struct sqlite_cursor *cur = p;
	return cur->stmt ? sqlite3_column_count(cur->stmt) : 0;
}

static const char *sqlite_column_name(void *p, int col)
{
	struct sqlite_cursor *cur = p;
	return sqlite3_column_name(cur->stmt, col);
}

static int sqlite_close_cursor(void *p)
{
	struct sqlite_cursor *cur = p;
	int failed = cur->failed;
	if (cur->stmt) {
		if (cur->owned) {
			sqlite3_finalize(cur->stmt);
		} else {
			sqlite3_reset(cur->stmt);
			sqlite3_clear_bindings(cur->stmt);
		}
	}
	free(cur);
	return failed ? -1 : 0;
}

static long long sqlite_changes(void *conn) { return sqlite3_changes64(((struct sqlite_conn *)conn)->db); }

static int sqlite_exec_script(void *conn, const char *sql)
{
	struct sqlite_conn *c = conn;
	char *msg = NULL;
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		c->errcode = rc;
		snprintf(c->errmsg, sizeof c->errmsg, "%s", msg ? msg : sqlite3_errmsg(c->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static bool sqlite_in_transaction(void *conn) { return !sqlite3_get_autocommit(((struct sqlite_conn *)conn)->db); }

static enum store_err sqlite_errcode(void *conn)
{
	switch (((struct sqlite_conn *)conn)->errcode) {
	case SQLITE_OK: case SQLITE_ROW: case SQLITE_DONE: return STORE_OK;
	case SQLITE_CONSTRAINT: return STORE_CONSTRAINT;
	case SQLITE_BUSY: case SQLITE_LOCKED: return STORE_UNAVAILABLE;
	default: return STORE_ERROR;
	}
}

static void sqlite_clear_error(void *conn)
{
	struct sqlite_conn *c = conn;
	c->errcode = SQLITE_OK;
	c->errmsg[0] = 0;
}

static const char *sqlite_errmsg(void *conn) { return ((struct sqlite_conn *)conn)->errmsg; }

static const char *sqlite_fts_condition(void *conn, const char *fts_table, const char *id_col, int n,
					const char *user_text, char **bound)
{
	(void)conn;
	*bound = fts_swedish_match_query(user_text);
	if (!*bound)
		return NULL;
	/* Per-connection scratch is not needed: callers copy the condition right away. */
	static _Thread_local char cond[256];
	snprintf(cond, sizeof cond, "%s IN (SELECT rowid FROM %s WHERE %s MATCH $%d)", id_col, fts_table,
		 fts_table, n);
	return cond;
}

const struct store_driver sqlite_driver = {
	.name = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.query = sqlite_query,
	.next = sqlite_next,
	.text = sqlite_text,
	.integer = sqlite_integer,
	.is_null = sqlite_is_null,
	.close_cursor = sqlite_close_cursor,
	.column_count = sqlite_column_count,
	.column_name = sqlite_column_name,
	.changes = sqlite_changes,
	.exec_script = sqlite_exec_script,
	.begin_sql = "BEGIN IMMEDIATE",
	.in_transaction = sqlite_in_transaction,
	.errcode = sqlite_errcode,
	.clear_error = sqlite_clear_error,
	.errmsg = sqlite_errmsg,
	.fts_condition = sqlite_fts_condition,
	/* FTS5's shadow tables are the engine's; the virtual table itself is listed. */
	.tables_sql = "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') "
		      "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
	.reset_identity = NULL, /* an INTEGER PRIMARY KEY continues after the largest id by itself */
};
