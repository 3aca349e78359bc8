/* driver: the interface each database driver (SQLite, PostgreSQL) implements for store.c. */
#ifndef SAMVERKAN_STORE_DRIVER_H
#define SAMVERKAN_STORE_DRIVER_H
#include "store/store.h"

struct store_driver {
	const char *name;
	void *(*open)(const char *url, char *err, size_t errsz);
	void (*close)(void *conn);
	/* Cursor operations; the driver owns the cursor memory. */
	void *(*query)(void *conn, const char *sql, const struct sv *args, int nargs);
	bool (*next)(void *cur);
	const char *(*text)(void *cur, int col);
	long long (*integer)(void *cur, int col);
	bool (*is_null)(void *cur, int col);
	int (*close_cursor)(void *cur);
	int (*column_count)(void *cur);
	const char *(*column_name)(void *cur, int col);
	long long (*changes)(void *conn);
	/* Runs SQL text with no parameters, several statements allowed (migrations). */
	int (*exec_script)(void *conn, const char *sql);
	const char *begin_sql;
	bool (*in_transaction)(void *conn);
	enum store_err (*errcode)(void *conn);
	void (*clear_error)(void *conn);
	const char *(*errmsg)(void *conn);
	const char *(*fts_condition)(void *conn, const char *fts_table, const char *id_col, int n,
				     const char *user_text, char **bound);
	/* Lists the schema's tables, one name per row, without the engine's internal ones. */
	const char *tables_sql;
	/* Moves a table's identity sequence past its largest id; NULL where ids need no help. */
	int (*reset_identity)(void *conn, const char *table, const char *id_col);
	/* Appended to a SELECT in a write transaction to lock the rows it returns and skip rows
	 * another transaction holds; NULL where the transaction already excludes other writers. */
	const char *lock_rows_sql;
};

extern const struct store_driver sqlite_driver;
extern const struct store_driver postgresql_driver;

/* SQLite's whole-file operations, behind store_backup, store_backup_version and store_restore:
 * they work on paths, not on a store's connection. */
int sqlite_backup(const char *src_path, const char *path, bool overwrite, int mode, char *err, size_t errsz);
int sqlite_backup_version(const char *path, char *err, size_t errsz);
int sqlite_restore(const char *path, const char *db_path, char *err, size_t errsz);

#endif
