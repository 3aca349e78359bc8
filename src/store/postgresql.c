/* postgresql: the libpq driver — for deployments where several samverkan nodes share one database. */
#include "store/driver.h"
#include <libpq-fe.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE_SIZE 256

struct pg_stmt {
	char *sql;
	char name[16];
};

struct pg_conn {
	PGconn *pg;
	struct pg_stmt cache[STMT_CACHE_SIZE];
	unsigned next_name;
	long long changes;
	enum store_err err;
	char errmsg[512];
	/* Our own record of an open transaction: after a lost connection libpq cannot tell us, and
	 * statements must not run outside the transaction they were meant for. */
	bool in_tx;
	bool tx_broken;
};

struct pg_cursor {
	struct pg_conn *conn;
	PGresult *res;
	int row, nrows;
	bool failed;
};

static void set_error(struct pg_conn *c, enum store_err err, const char *msg)
{
	c->err = err;
	snprintf(c->errmsg, sizeof c->errmsg, "%s", msg ? msg : "");
	size_t n = strlen(c->errmsg);
	while (n && isspace((unsigned char)c->errmsg[n - 1]))
		c->errmsg[--n] = 0;
}

/* Which of our error classes a failed result belongs to, from its SQLSTATE. */
static enum store_err classify(struct pg_conn *c, const PGresult *res)
{
	if (PQstatus(c->pg) != CONNECTION_OK)
		return STORE_UNAVAILABLE;
	const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	if (!state)
		return STORE_UNAVAILABLE; /* no SQLSTATE: the server went away mid-answer */
	if (strncmp(state, "23", 2) == 0)
		return STORE_CONSTRAINT;
	/* 08: connection exceptions; 57P0x: the server is shutting down or restarting;
	 * 40001/40P01: serialization failure or deadlock, worth a retry by the user. */
	if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0 || strcmp(state, "40001") == 0 ||
	    strcmp(state, "40P01") == 0)
		return STORE_UNAVAILABLE;
	return STORE_ERROR;
}

static void clear_statements(struct pg_conn *c)
{
	for (int i = 0; i < STMT_CACHE_SIZE; i++) {
		free(c->cache[i].sql);
		c->cache[i].sql = NULL;
	}
}

static void notice_quietly(void *arg, const char *message) { (void)arg; (void)message; }

static void *pg_open(const char *url, char *err, size_t errsz)
{
	struct pg_conn *c = calloc(1, sizeof *c);
	if (!c) {
		snprintf(err, errsz, "out of memory");
		return NULL;
	}
	/* A default connect timeout, so a database host that vanished makes requests fail with 503
	 * instead of hanging; a connect_timeout in the URL itself comes later and wins. */
	const char *const keys[] = {"connect_timeout", "dbname", NULL};
	const char *const values[] = {"5", url, NULL};
	c->pg = PQconnectdbParams(keys, values, 1);
	if (PQstatus(c->pg) != CONNECTION_OK) {
		snprintf(err, errsz, "cannot connect to PostgreSQL: %s", PQerrorMessage(c->pg));
		size_t n = strlen(err);
		while (n && isspace((unsigned char)err[n - 1]))
			err[--n] = 0;
		PQfinish(c->pg);
		free(c);
		return NULL;
	}
	/* Migrations say "IF NOT EXISTS"; the notices that follow are not news. */
	PQsetNoticeProcessor(c->pg, notice_quietly, NULL);
	PGresult *r = PQexec(c->pg, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'");
	PQclear(r);
	return c;
}

static void pg_close(void *conn)
{
	struct pg_conn *c = conn;
	if (!c)
		return;
	clear_statements(c);
	PQfinish(c->pg);
	free(c);
}

/* A lost connection is mended before the next statement, unless a transaction was open: then
 * the statements of that transaction keep failing until it is rolled back, so nothing of it
 * runs on the new connection outside a transaction. */
static bool ensure_connected(struct pg_conn *c)
{
	if (PQstatus(c->pg) == CONNECTION_OK)
		return true;
	if (c->in_tx) {
		c->tx_broken = true;
		return false;
	}
	clear_statements(c);
	PQreset(c->pg);
	if (PQstatus(c->pg) != CONNECTION_OK)
		return false;
	PQsetNoticeProcessor(c->pg, notice_quietly, NULL);
	PQclear(PQexec(c->pg, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'"));
	return true;
}

static unsigned hash_sql(const char *s)
{
	unsigned h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The name of this SQL's prepared statement on this connection, preparing it the first time. */
static const char *prepared_name(struct pg_conn *c, const char *sql, int nargs)
{
	struct pg_stmt *e = &c->cache[hash_sql(sql) % STMT_CACHE_SIZE];
	if (e->sql && strcmp(e->sql, sql) == 0)
		return e->name;
	if (e->sql) {
		char dealloc[40];
		snprintf(dealloc, sizeof dealloc, "DEALLOCATE %s", e->name);
		PQclear(PQexec(c->pg, dealloc));
		free(e->sql);
		e->sql = NULL;
	}
	char name[16];
	snprintf(name, sizeof name, "s%u", c->next_name++);
	/* Parameter types are left to the server, which infers them from where each $n stands. */
	PGresult *r = PQprepare(c->pg, name, sql, nargs, NULL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		set_error(c, classify(c, r), PQresultErrorMessage(r));
		fprintf(stderr, "postgresql: %s in: %.400s%s\n", c->errmsg, sql, strlen(sql) > 400 ? "…" : "");
		PQclear(r);
		return NULL;
	}
	PQclear(r);
	e->sql = strdup(sql);
	snprintf(e->name, sizeof e->name, "%s", name);
	return e->name;
}

/* Transaction statements are tracked so a lost connection cannot split a transaction. */
static void track_transaction(struct pg_conn *c, const char *sql, bool ok)
{
	if (strncmp(sql, "BEGIN", 5) == 0) {
		c->in_tx = ok;
		c->tx_broken = false;
	} else if (strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0) {
		c->in_tx = false;
		c->tx_broken = false;
	}
}

static void *pg_query_once(void *conn, const char *sql, const struct sv *args, int nargs);

/* A connection that died while idle (the server restarted) is only found out when used. The
 * first statement then fails; when it is one that cannot have changed anything (BEGIN or a
 * SELECT outside a transaction), it is run again once on a fresh connection. */
static void *pg_query(void *conn, const char *sql, const struct sv *args, int nargs)
{
	struct pg_conn *c = conn;
	bool was_in_tx = c->in_tx;
	struct pg_cursor *cur = pg_query_once(conn, sql, args, nargs);
	if (cur->failed && !was_in_tx && c->err == STORE_UNAVAILABLE && PQstatus(c->pg) != CONNECTION_OK &&
	    (strncmp(sql, "BEGIN", 5) == 0 || strncmp(sql, "SELECT", 6) == 0)) {
		c->in_tx = false;
		c->tx_broken = false;
		free(cur);
		cur = pg_query_once(conn, sql, args, nargs);
	}
	return cur;
}

static void *pg_query_once(void *conn, const char *sql, const struct sv *args, int nargs)
{
	struct pg_conn *c = conn;
	struct pg_cursor *cur = calloc(1, sizeof *cur);
	if (!cur)
		abort();
	cur->conn = c;
	c->err = STORE_OK;
	c->errmsg[0] = 0;
	c->changes = 0;
	bool ends_tx = strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0;
	if (c->tx_broken || !ensure_connected(c)) {
		set_error(c, STORE_UNAVAILABLE, "the database connection was lost");
		cur->failed = true;
		if (ends_tx)
			track_transaction(c, sql, false);
		return cur;
	}
	/* Room on the stack for the usual few parameters; a long statement (a batch of rows) gets
	 * its own. */
	char small_nums[32][24];
	const char *small_values[32];
	char (*nums)[24] = small_nums;
	const char **values = small_values;
	if (nargs > 32) {
		nums = malloc((size_t)nargs * sizeof *nums);
		values = malloc((size_t)nargs * sizeof *values);
		if (!nums || !values)
			abort();
	}
	for (int i = 0; i < nargs; i++) {
		if (args[i].type == SV_INT) {
			snprintf(nums[i], sizeof nums[i], "%lld", args[i].i);
			values[i] = nums[i];
		} else {
			values[i] = args[i].type == SV_TEXT ? args[i].s : NULL;
		}
	}
	PGresult *r;
	/* Transaction control and scripts go straight through; everything else is prepared once. */
	if (nargs == 0 && (strncmp(sql, "BEGIN", 5) == 0 || ends_tx || strncmp(sql, "SAVEPOINT", 9) == 0 ||
			   strncmp(sql, "RELEASE", 7) == 0 || strncmp(sql, "ROLLBACK TO", 11) == 0)) {
		r = PQexec(c->pg, sql);
	} else {
		const char *name = prepared_name(c, sql, nargs);
		r = name ? PQexecPrepared(c->pg, name, nargs, values, NULL, NULL, 0) : NULL;
	}
	if (nargs > 32) {
		free(nums);
		free(values);
	}
	ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	bool ok = status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
	track_transaction(c, sql, ok);
	if (!ok) {
		if (r || c->err == STORE_OK)
			set_error(c, classify(c, r), r ? PQresultErrorMessage(r) : PQerrorMessage(c->pg));
		if (c->err != STORE_CONSTRAINT)
			fprintf(stderr, "postgresql: %s in: %.400s%s\n", c->errmsg, sql, strlen(sql) > 400 ? "…" : "");
		if (c->err == STORE_UNAVAILABLE && c->in_tx)
			c->tx_broken = true;
		PQclear(r);
		cur->failed = true;
		return cur;
	}
	cur->res = r;
	cur->row = -1;
	cur->nrows = status == PGRES_TUPLES_OK ? PQntuples(r) : 0;
	const char *tuples = PQcmdTuples(r);
	c->changes = tuples && *tuples ? atoll(tuples) : 0;
	return cur;
}

static bool pg_next(void *p)
{
	struct pg_cursor *cur = p;
	if (cur->failed || cur->row + 1 >= cur->nrows)
		return false;
	cur->row++;
	return true;
}

static const char *pg_text(void *p, int col)
{
	struct pg_cursor *cur = p;
	if (PQgetisnull(cur->res, cur->row, col))
		return NULL;
	return PQgetvalue(cur->res, cur->row, col);
}

static long long pg_integer(void *p, int col)
{
	const char *s = pg_text(p, col);
	return s ? atoll(s) : 0;
}

static bool pg_is_null(void *p, int col)
{
	struct pg_cursor *cur = p;
	return PQgetisnull(cur->res, cur->row, col);
}

static int pg_column_count(void *p)
{
	struct pg_cursor *cur = p;
	return cur->res ? PQnfields(cur->res) : 0;
}

static const char *pg_column_name(void *p, int col)
{
	struct pg_cursor *cur = p;
	return PQfname(cur->res, col);
}

static int pg_close_cursor(void *p)
{
	struct pg_cursor *cur = p;
	int failed = cur->failed;
	PQclear(cur->res);
	free(cur);
	return failed ? -1 : 0;
}

static long long pg_changes(void *conn) { return ((struct pg_conn *)conn)->changes; }

static int pg_exec_script(void *conn, const char *sql)
{
	struct pg_conn *c = conn;
	if (!ensure_connected(c)) {
		set_error(c, STORE_UNAVAILABLE, PQerrorMessage(c->pg));
		return -1;
	}
	PGresult *r = PQexec(c->pg, sql);
	ExecStatusType status = PQresultStatus(r);
	if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
		set_error(c, classify(c, r), PQresultErrorMessage(r));
		PQclear(r);
		return -1;
	}
	PQclear(r);
	return 0;
}

static int pg_reset_identity(void *conn, const char *table, const char *id_col)
{
	/* The next id is one past the largest, or 1 in an empty table. */
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT setval(pg_get_serial_sequence('%s', '%s'), COALESCE(MAX(%s), 0) + 1, false) FROM %s", table,
		 id_col, id_col, table);
	void *cur = pg_query(conn, sql, NULL, 0);
	while (pg_next(cur))
		;
	return pg_close_cursor(cur);
}

static bool pg_in_transaction(void *conn) { return ((struct pg_conn *)conn)->in_tx; }

static enum store_err pg_errcode(void *conn) { return ((struct pg_conn *)conn)->err; }

static void pg_clear_error(void *conn)
{
	struct pg_conn *c = conn;
	c->err = STORE_OK;
	c->errmsg[0] = 0;
}

static const char *pg_errmsg(void *conn) { return ((struct pg_conn *)conn)->errmsg; }

static const char *pg_fts_condition(void *conn, const char *fts_table, const char *id_col, int n,
				    const char *user_text, char **bound)
{
	(void)conn;
	/* plainto_tsquery takes any text as words joined by AND, so user input needs no quoting;
	 * only input without a single letter or digit is turned away, as the SQLite side does. */
	bool word = false;
	for (const unsigned char *p = (const unsigned char *)user_text; p && *p; p++)
		if (isalnum(*p) || *p >= 0x80)
			word = true;
	*bound = word ? strdup(user_text) : NULL;
	if (!*bound)
		return NULL;
	static _Thread_local char cond[256];
	snprintf(cond, sizeof cond, "%s IN (SELECT id FROM %s WHERE document @@ plainto_tsquery('swedish', $%d))",
		 id_col, fts_table, n);
	return cond;
}

const struct store_driver postgresql_driver = {
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.query = pg_query,
	.next = pg_next,
	.text = pg_text,
	.integer = pg_integer,
	.is_null = pg_is_null,
	.close_cursor = pg_close_cursor,
	.column_count = pg_column_count,
	.column_name = pg_column_name,
	.changes = pg_changes,
	.exec_script = pg_exec_script,
	.begin_sql = "BEGIN",
	.in_transaction = pg_in_transaction,
	.errcode = pg_errcode,
	.clear_error = pg_clear_error,
	.errmsg = pg_errmsg,
	.fts_condition = pg_fts_condition,
	.tables_sql = "SELECT table_name::text FROM information_schema.tables "
		      "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
	.reset_identity = pg_reset_identity,
	.lock_rows_sql = " FOR UPDATE SKIP LOCKED",
};
