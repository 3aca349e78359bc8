/* temp_store: a migrated SQLite database in /tmp for one unit-test program, and its removal. */
#ifndef SAMVERKAN_TEMP_STORE_H
#define SAMVERKAN_TEMP_STORE_H
#include "store/store.h"
#include <stdio.h>
#include <unistd.h>

/* Opens /tmp/samverkan-test-NAME-PID.db afresh and migrates it; the path is written to path[64].
 * NULL when it cannot (the test setup then fails). */
static inline struct store *temp_store_open(const char *name, char path[64])
{
	snprintf(path, 64, "/tmp/samverkan-test-%s-%d.db", name, (int)getpid());
	unlink(path);
	char err[256];
	struct store *st = store_open(path, err, sizeof err);
	if (st && store_migrate(st, err, sizeof err) != 0) {
		store_close(st);
		st = NULL;
	}
	return st;
}

/* Closes the store and removes the file with its WAL and shared-memory companions. */
static inline void temp_store_close(struct store *st, const char *path)
{
	store_close(st);
	char p[80];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

#endif
