/* setting: the one owner of the setting table — named values the municipality changes at run
 * time (the feedback targets, its profile), shared by every node. */
#ifndef SAMVERKAN_SETTING_H
#define SAMVERKAN_SETTING_H
#include "base/arena.h"
#include "base/outcome.h"
#include "store/store.h"

/* At most this many names in one setting_get_many. */
#define SETTING_MANY_MAX 32

/* The value stored under name, copied into a; *value is NULL when the name is unset. OUTCOME_OK,
 * or the store's outcome. */
enum outcome setting_get(struct store *st, struct arena *a, const char *name, const char **value);
/* The values of n names in one query: values[i] for names[i], NULL when unset. OUTCOME_OK, or
 * the store's outcome (every value NULL then). n is at most SETTING_MANY_MAX. */
enum outcome setting_get_many(struct store *st, struct arena *a, const char *const *names, int n, const char **values);
/* Stores value under name, replacing what was there, inside the caller's write transaction (the
 * caller audits the change, knowing why it was made). 0, or -1 when the store failed. */
int setting_put(struct store *st, const char *name, const char *value);

#endif
