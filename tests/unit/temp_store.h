/* temp_store: a fresh, migrated database for one unit-test program (SQLite, or PostgreSQL when
 * SAMVERKAN_TEST_PG names a server), and its removal. */
#ifndef SAMVERKAN_TEMP_STORE_H
#define SAMVERKAN_TEMP_STORE_H
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* SAMVERKAN_TEST_PG is the URL of a server's "postgres" database (make check-unit-pg starts a
 * throw-away server and sets it); the unit tests then run on PostgreSQL, each program in a
 * database of its own, so the domain is tested on both stores like the HTTP suite. */
static inline const char *temp_store_pg(void)
{
	const char *url = getenv("SAMVERKAN_TEST_PG");
	return url && *url ? url : NULL;
}

/* The PostgreSQL URL of database `name` on the server of SAMVERKAN_TEST_PG. */
static inline void temp_store_pg_url(const char *name, char *out, size_t outsz)
{
	const char *base = temp_store_pg();
	const char *slash = strrchr(base, '/');
	snprintf(out, outsz, "%.*s/%s", (int)(slash - base), base, name);
}

/* Runs one statement on the server's maintenance database (CREATE/DROP DATABASE). */
static inline int temp_store_pg_admin(const char *sql)
{
	char err[256];
	struct store *admin = store_open(temp_store_pg(), err, sizeof err);
	if (!admin) {
		fprintf(stderr, "temp_store: %s\n", err);
		return -1;
	}
	int rc = store_exec(admin, sql, NOARGS);
	store_close(admin);
	return rc < 0 ? -1 : 0;
}

/* Opens a fresh database and migrates it: /tmp/samverkan-test-NAME-PID.db, or database
 * samverkan_test_NAME_PID on PostgreSQL. What identifies it is written to path[64]. NULL when it
 * cannot (the test setup then fails). */
static inline struct store *temp_store_open(const char *name, char path[64])
{
	char err[256], url[256];
	if (temp_store_pg()) {
		snprintf(path, 64, "samverkan_test_%s_%d", name, (int)getpid());
		for (char *p = path; *p; p++)
			if (*p == '-')
				*p = '_';
		char sql[160];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", path);
		temp_store_pg_admin(sql);
		snprintf(sql, sizeof sql, "CREATE DATABASE %s", path);
		if (temp_store_pg_admin(sql) != 0)
			return NULL;
		temp_store_pg_url(path, url, sizeof url);
	} else {
		snprintf(path, 64, "/tmp/samverkan-test-%s-%d.db", name, (int)getpid());
		unlink(path);
		snprintf(url, sizeof url, "%s", path);
	}
	struct store *st = store_open(url, err, sizeof err);
	if (st && store_migrate(st, err, sizeof err) != 0) {
		fprintf(stderr, "temp_store: %s\n", err);
		store_close(st);
		st = NULL;
	}
	return st;
}

/* Closes the store and removes the database (the file with its WAL and shared-memory
 * companions, or the PostgreSQL database). */
static inline void temp_store_close(struct store *st, const char *path)
{
	store_close(st);
	if (temp_store_pg()) {
		char sql[160];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s", path);
		temp_store_pg_admin(sql);
		return;
	}
	char p[80];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

#endif
