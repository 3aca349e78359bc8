/* sqlite: the embedded SQLite driver — WAL, foreign keys, busy timeout, statements kept per connection. */
#include "store/driver.h"
#include "base/text.h"
#include "store/fts_swedish.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	/* synchronous=FULL: in WAL mode NORMAL survives a killed process but may lose the last
	 * commits to a power cut, and an answered submission or sign-up must survive both. The cost
	 * is one fsync of the WAL per commit; reads are untouched. */
	rc = sqlite3_exec(c->db,
			  "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
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

/* ---- Backups: whole files, through SQLite's online backup API ------------------------------- */

/* Pages copied per step (1 MiB at the default page size): between steps other connections of
 * this process get the source's mutex, and writers the file when it is not in WAL mode. */
#define BACKUP_PAGES_PER_STEP 256
/* How long a step may keep finding the source or the copy busy before the backup gives up. */
#define BACKUP_BUSY_MS 30000
#define BACKUP_RETRY_MS 25

/* Opens a file as a bare SQLite connection (no WAL switch, no pragmas: nothing is changed),
 * with the Swedish tokenizer so an integrity check may look into the full-text index. */
static sqlite3 *open_file(const char *path, int flags, char *err, size_t errsz)
{
	pthread_once(&sqlite_configured, sqlite_configure);
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK || fts_swedish_register(db) != SQLITE_OK) {
		snprintf(err, errsz, "cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	return db;
}

/* "not a SQLite database" says more than SQLite's "file is not a database" beside a path. */
static void file_error(sqlite3 *db, int rc, const char *path, const char *doing, char *err, size_t errsz)
{
	if (rc == SQLITE_NOTADB)
		snprintf(err, errsz, "%s is not a SQLite database", path);
	else
		snprintf(err, errsz, "%s %s: %s", doing, path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

/* PRAGMA integrity_check: 0 when it says "ok", else -1 with its first finding in err. */
static int integrity_ok(sqlite3 *db, const char *path, char *err, size_t errsz)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	int ok = rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	if (rc == SQLITE_ROW && !ok)
		snprintf(err, errsz, "%s fails its integrity check: %s", path, sqlite3_column_text(st, 0));
	else if (!ok)
		file_error(db, rc, path, "cannot check", err, errsz);
	sqlite3_finalize(st);
	return ok ? 0 : -1;
}

/* Makes a rename in dir survive a power cut: the directory entry is data of its own. */
static int sync_dir_of(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return -1;
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	free(copy);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static int sync_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int sqlite_backup(const char *src_path, const char *path, bool overwrite, int mode, char *err, size_t errsz)
{
	/* Opening a missing file read-only fails anyway, but with SQLite's vaguer words. */
	if (access(src_path, F_OK) != 0) {
		snprintf(err, errsz, "there is no database at %s", src_path);
		return -1;
	}
	if (same_file(src_path, path)) {
		snprintf(err, errsz, "%s is the database itself", path);
		return -1;
	}
	if (!overwrite && access(path, F_OK) == 0) {
		snprintf(err, errsz, "%s exists already (--force replaces it)", path);
		return -1;
	}
	/* The copy is made beside its final name, so the rename below stays on one file system. */
	char tmp[4096];
	if (snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid()) >= (int)sizeof tmp) {
		snprintf(err, errsz, "the path %s is too long", path);
		return -1;
	}
	int rc = -1, fd;
	bool reading = false;
	sqlite3 *dst = NULL;
	sqlite3_backup *b = NULL;
	sqlite3 *src = open_file(src_path, SQLITE_OPEN_READONLY, err, errsz);
	if (!src)
		return -1;
	/* Made here rather than by SQLite, for errno's words and the mode (set with fchmod, as the
	 * umask may narrow what open is given). An empty file is an empty database to SQLite. */
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0 || fchmod(fd, (mode_t)mode) != 0) {
		snprintf(err, errsz, "cannot create %s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	dst = open_file(tmp, SQLITE_OPEN_READWRITE, err, errsz);
	if (!dst)
		goto out;
	/* In WAL mode (every samverkan database) one read transaction is held over all the steps:
	 * writers go on committing beside it, and the copy is the one snapshot it sees. Without it
	 * each step would read afresh, every commit by serve would restart the copy from page 1, and
	 * a busy database might never be copied. In rollback-journal mode a held read lock would
	 * stop the writers for the whole copy instead, so there each step reads on its own and
	 * SQLite restarts the copy after a write. */
	sqlite3_stmt *q = NULL;
	int s = sqlite3_prepare_v2(src, "PRAGMA journal_mode", -1, &q, NULL);
	if (s == SQLITE_OK)
		s = sqlite3_step(q);
	bool wal = s == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(q, 0), "wal") == 0;
	sqlite3_finalize(q);
	if (s == SQLITE_ROW && wal)
		s = sqlite3_exec(src, "BEGIN; SELECT COUNT(*) FROM sqlite_schema", NULL, NULL, NULL);
	if (s != SQLITE_ROW && s != SQLITE_OK) {
		file_error(src, s, src_path, "cannot read", err, errsz);
		goto out;
	}
	reading = wal;
	b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b) {
		snprintf(err, errsz, "cannot start copying into %s: %s", tmp, sqlite3_errmsg(dst));
		goto out;
	}
	for (int waited = 0;;) {
		s = sqlite3_backup_step(b, BACKUP_PAGES_PER_STEP);
		if (s == SQLITE_DONE)
			break;
		if (s == SQLITE_OK) {
			waited = 0;
		} else if ((s == SQLITE_BUSY || s == SQLITE_LOCKED) && waited < BACKUP_BUSY_MS) {
			sqlite3_sleep(BACKUP_RETRY_MS);
			waited += BACKUP_RETRY_MS;
		} else {
			break;
		}
	}
	s = sqlite3_backup_finish(b);
	b = NULL;
	if (s != SQLITE_OK) {
		file_error(dst, s, src_path, "copying", err, errsz);
		goto out;
	}
	if (reading)
		sqlite3_exec(src, "COMMIT", NULL, NULL, NULL);
	reading = false;
	/* The copy carries the source's WAL flag; a backup is one self-contained file instead, which
	 * also opens read-only where no -shm can be made. */
	s = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	if (s != SQLITE_OK) {
		file_error(dst, s, tmp, "cannot finish", err, errsz);
		goto out;
	}
	if (integrity_ok(dst, tmp, err, errsz) != 0)
		goto out;
	/* A copy of some other SQLite file (a mistyped --db) would be a backup of nothing. */
	int version = 0;
	q = NULL;
	if (sqlite3_prepare_v2(dst, "SELECT MAX(version) FROM schema_version", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		version = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	if (version < 1) {
		snprintf(err, errsz, "%s is a SQLite database but not a samverkan one (no schema version)", src_path);
		goto out;
	}
	s = sqlite3_close(dst);
	dst = NULL;
	if (s != SQLITE_OK || sync_file(tmp) != 0) {
		snprintf(err, errsz, "cannot write %s: %s", tmp, s != SQLITE_OK ? sqlite3_errstr(s) : strerror(errno));
		goto out;
	}
	/* Without overwrite, link() claims the name only if it is still free, so a file that
	 * appeared meanwhile is not replaced either. */
	if (overwrite ? rename(tmp, path) != 0 : link(tmp, path) != 0) {
		snprintf(err, errsz, "cannot write %s: %s", path,
			 errno == EEXIST ? "it exists already (--force replaces it)" : strerror(errno));
		goto out;
	}
	if (!overwrite)
		unlink(tmp);
	sync_dir_of(path);
	rc = version;
out:
	if (b)
		sqlite3_backup_finish(b);
	if (reading)
		sqlite3_exec(src, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(src);
	if (dst)
		sqlite3_close(dst);
	if (rc < 0)
		unlink(tmp);
	return rc;
}

int sqlite_backup_version(const char *path, char *err, size_t errsz)
{
	if (access(path, R_OK) != 0) {
		snprintf(err, errsz, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	sqlite3 *db = open_file(path, SQLITE_OPEN_READONLY, err, errsz);
	if (!db)
		return -1;
	int version = -1;
	sqlite3_stmt *st = NULL;
	int s = sqlite3_exec(db, "SELECT COUNT(*) FROM sqlite_schema", NULL, NULL, NULL);
	if (s != SQLITE_OK) {
		file_error(db, s, path, "cannot read", err, errsz);
		goto out;
	}
	if (integrity_ok(db, path, err, errsz) != 0)
		goto out;
	/* Every samverkan database has both from its first migration on. */
	if (sqlite3_prepare_v2(db,
			       "SELECT (SELECT MAX(version) FROM schema_version) "
			       "WHERE EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'organisation')",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) < 1) {
		snprintf(err, errsz, "%s is a SQLite database but not a samverkan one (no schema version)", path);
		goto out;
	}
	version = sqlite3_column_int(st, 0);
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return version;
}

int sqlite_restore(const char *path, const char *db_path, char *err, size_t errsz)
{
	if (same_file(path, db_path)) {
		snprintf(err, errsz, "%s is the database itself", path);
		return -1;
	}
	/* The restored file keeps the permissions of the one it replaces, so serve can still open it. */
	struct stat sb;
	int mode = stat(db_path, &sb) == 0 ? (int)(sb.st_mode & 0777) : 0600;
	if (access(db_path, F_OK) == 0) {
		/* A running serve keeps a shared lock on its database as long as it has it open (WAL
		 * mode), so an exclusive lock is refused exactly while one runs. Closing this last
		 * connection then checkpoints and removes the old -wal and -shm. */
		char why[512];
		sqlite3 *db = open_file(db_path, SQLITE_OPEN_READWRITE, why, sizeof why);
		if (!db) {
			snprintf(err, errsz, "%s", why);
			return -1;
		}
		sqlite3_busy_timeout(db, 1000);
		int s = sqlite3_exec(db, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT", NULL, NULL, NULL);
		if (s == SQLITE_BUSY || s == SQLITE_LOCKED)
			snprintf(err, errsz, "%s is in use (is samverkan serve running on it? stop it first)", db_path);
		else if (s == SQLITE_NOTADB) /* a mistyped --db: that file is not ours to replace */
			snprintf(err, errsz, "%s is not a SQLite database: not replaced", db_path);
		else if (s != SQLITE_OK)
			file_error(db, s, db_path, "cannot lock", err, errsz);
		sqlite3_close(db);
		if (s != SQLITE_OK)
			return -1;
	}
	/* Whatever -wal and -shm are left belong to the old file: pages from them must never be
	 * read into the new one. */
	const char *suffixes[] = {"-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		char side[4096];
		snprintf(side, sizeof side, "%s%s", db_path, suffixes[i]);
		if (unlink(side) != 0 && errno != ENOENT) {
			snprintf(err, errsz, "cannot remove %s: %s", side, strerror(errno));
			return -1;
		}
	}
	return sqlite_backup(path, db_path, true, mode, err, errsz) < 0 ? -1 : 0;
}
