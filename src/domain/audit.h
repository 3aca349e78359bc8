/* audit: the append-only record of every change — who, when, which entity, what changed. */
#ifndef SAMVERKAN_AUDIT_H
#define SAMVERKAN_AUDIT_H
#include "base/arena.h"
#include "store/store.h"

/* detail_json is a JSON object describing the change (e.g. fields before and after); account_id
 * 0 means the system or a command-line user. Call inside the transaction of the change. */
int audit_record(struct store *st, long long account_id, const char *entity, long long entity_id,
		 const char *action, const char *detail_json);
/* The same with the detail as a jansson object, which it takes (NULL for "{}"); keys sorted, so
 * the same change always reads the same. */
typedef struct json_t json_t;
int audit_record_json(struct store *st, long long account_id, const char *entity, long long entity_id,
		      const char *action, json_t *detail);

/* Reading the log, for the administration pages. */
struct audit_entry {
	long long id;
	const char *at;           /* ISO 8601 UTC */
	long long account_id;     /* 0: the system or the command line */
	const char *account_name; /* NULL when account_id is 0 or the account is gone */
	const char *entity;
	long long entity_id;      /* 0 when none */
	const char *action;
	const char *detail;       /* the JSON object as recorded */
};

struct audit_filter {
	const char *entity;   /* NULL or "" for every entity */
	long long entity_id;  /* 0 for every id (with entity) */
	long long account_id; /* who made the change; 0 for anyone */
	int page;             /* 1-based */
	int per_page;
};

/* One page of the log, newest first; *total counts every match. Strings live in a. Returns the
 * number filled, or -1. */
int audit_list(struct store *st, struct arena *a, const struct audit_filter *f, struct audit_entry *out,
	       long long *total);
/* The entity names that occur in the log, sorted, for a filter's choices. Count, or -1. */
int audit_entities(struct store *st, struct arena *a, const char **out, int max);

#endif
