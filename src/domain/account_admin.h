/* account_admin: what administrators do to accounts — find them, change their role and department,
 * disable and enable them — under the rules that keep the installation manageable. */
#ifndef SAMVERKAN_ACCOUNT_ADMIN_H
#define SAMVERKAN_ACCOUNT_ADMIN_H
#include "base/arena.h"
#include "domain/account.h"
/* The department functions lived here once; their callers still find them through this header. */
#include "domain/department.h"
#include "store/store.h"
#include <stdbool.h>

/* One account as the administration pages show it; strings live in the caller's arena. */
struct account_row {
	long long id;
	const char *email;
	const char *name;
	enum role role;
	long long department_id;     /* 0 when none */
	const char *department_name; /* NULL when none */
	bool disabled;
	bool verified;               /* the address has been confirmed */
	const char *verified_at;     /* when (NULL when not) */
	const char *created_at;
};

struct account_filter {
	const char *q; /* part of the name or the e-mail address; NULL or "" for all */
	int page;      /* 1-based */
	int per_page;
};

/* One page of accounts in name order; *total counts every match. Returns the number filled, or -1. */
int account_admin_search(struct store *st, struct arena *a, const struct account_filter *f, struct account_row *out,
			 long long *total);
/* Any account, disabled ones too: OUTCOME_NOT_FOUND when there is none. */
enum outcome account_admin_load(struct store *st, struct arena *a, long long id, struct account_row *out);
/* How many enabled accounts have each role: counts[ROLE_PERSON..ROLE_ADMIN]; *disabled the rest. 0 or -1. */
int account_admin_role_counts(struct store *st, long long counts[ROLE_ADMIN + 1], long long *disabled);

/* Sets the account's role and department (0 for none; a negative id stands for one that could
 * not be read, and is refused like an unknown one) as `by`, with an audit row for what
 * changed; nothing changed is OUTCOME_OK with no row. Only an administrator may call it
 * (OUTCOME_FORBIDDEN otherwise). OUTCOME_INVALID with the field's error for an unknown role or
 * department or an official without one; OUTCOME_CONFLICT with a message (no field) for one's
 * own role, or the last enabled administrator's. */
enum outcome account_admin_update(struct store *st, const struct account *by, long long id, enum role role,
				  long long department_id, struct field_errors *e);
/* Inside the caller's write transaction: locks the administrators' rows, as the changes above
 * do, and tells whether `id` is the one enabled administrator left, who may not be removed either.
 * 1 or 0, or -1 on a store error. */
int account_admin_last_admin(struct store *st, long long id);
/* The same without a lock, for a page that says in advance that it will be refused. */
bool account_admin_sole_admin(struct store *st, long long id);
/* Disables (signs out everywhere, refuses sign-in) or enables the account, audited; the same
 * outcomes as account_admin_update (one's own account and the last administrator: conflicts). */
enum outcome account_admin_set_disabled(struct store *st, const struct account *by, long long id, bool disabled,
					struct field_errors *e);

#endif
