/* migrations: the numbered schema changes compiled into the binary, shared by every driver. */
#ifndef SAMVERKAN_MIGRATIONS_H
#define SAMVERKAN_MIGRATIONS_H

/* `sql` runs on every driver; `sqlite` / `postgresql` hold only what their dialects need alone.
 * The token @ID@ becomes each driver's auto-increment integer primary key. Never edit a migration
 * that has shipped: add a new one. */
struct migration {
	const char *name;
	const char *sql;
	const char *sqlite;
	const char *postgresql;
};

extern const struct migration migrations[];
extern const int migration_count;

#endif
