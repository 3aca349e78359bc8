/* account_admin: account search for the administration pages, and role, department and
 * disabled changes, audited, that never lock the last administrator out. */
#include "domain/account_admin.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/text.h"
#include "domain/audit.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The administration's row: the account (account_read), then its department's name and the
 * dates only these pages show. */
enum { ROW_DEPARTMENT_NAME = ACCOUNT_COLUMN_COUNT, ROW_VERIFIED_AT, ROW_CREATED_AT };

static void row_from(struct arena *a, struct cursor *c, struct account_row *r)
{
	struct account acc;
	account_read(c, &acc);
	memset(r, 0, sizeof *r);
	r->id = acc.id;
	r->email = arena_strdup(a, acc.email);
	r->name = arena_strdup(a, acc.name);
	r->role = acc.role;
	r->department_id = acc.department_id;
	r->disabled = acc.disabled;
	r->department_name = arena_strdup(a, cursor_text(c, ROW_DEPARTMENT_NAME));
	r->verified = !cursor_is_null(c, ROW_VERIFIED_AT);
	r->verified_at = arena_strdup(a, cursor_text(c, ROW_VERIFIED_AT));
	r->created_at = arena_strdup(a, cursor_text(c, ROW_CREATED_AT));
}

#define ROW_COLUMNS \
	ACCOUNT_COLUMNS_OF_A ", d.name, a.email_verified_at, a.created_at " \
	"FROM account a LEFT JOIN department d ON d.id = a.department_id "

int account_admin_search(struct store *st, struct arena *a, const struct account_filter *f, struct account_row *out,
			 long long *total)
{
	*total = 0;
	int per_page = f->per_page > 0 ? f->per_page : 20;
	long long offset = (long long)(f->page > 1 ? f->page - 1 : 0) * per_page;
	bool filtered = f->q && *f->q;
	char *pattern = filtered ? text_like_contains(f->q) : NULL;
	const char *where = filtered ? "WHERE lower(a.name) LIKE $1 ESCAPE '!' OR a.email LIKE $1 ESCAPE '!' " : "";
	char count_sql[256], sql[768];
	snprintf(count_sql, sizeof count_sql, "SELECT COUNT(*) FROM account a %s", where);
	snprintf(sql, sizeof sql, "SELECT " ROW_COLUMNS "%sORDER BY lower(a.name), a.id LIMIT $%d OFFSET $%d", where,
		 filtered ? 2 : 1, filtered ? 3 : 2);
	int n = -1;
	if (filtered) {
		*total = store_int(st, count_sql, ARGS(SV_T(pattern)), -1);
	} else {
		*total = store_int(st, count_sql, NOARGS, -1);
	}
	if (*total >= 0) {
		struct cursor *c = filtered ? store_query(st, sql, ARGS(SV_T(pattern), SV_I(per_page), SV_I(offset)))
					    : store_query(st, sql, ARGS(SV_I(per_page), SV_I(offset)));
		n = 0;
		while (n < per_page && cursor_next(c))
			row_from(a, c, &out[n++]);
		if (cursor_close(c) != 0)
			n = -1;
	}
	free(pattern);
	return n;
}

enum outcome account_admin_load(struct store *st, struct arena *a, long long id, struct account_row *out)
{
	struct cursor *c = store_query(st, "SELECT " ROW_COLUMNS "WHERE a.id = $1", ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found)
		row_from(a, c, out);
	if (cursor_close(c) != 0)
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

int account_admin_role_counts(struct store *st, long long counts[ROLE_ADMIN + 1], long long *disabled)
{
	memset(counts, 0, sizeof(long long) * (ROLE_ADMIN + 1));
	*disabled = 0;
	struct cursor *c = store_query(st, "SELECT role, disabled, COUNT(*) FROM account GROUP BY role, disabled", NOARGS);
	while (cursor_next(c)) {
		if (cursor_int(c, 1))
			*disabled += cursor_int(c, 2);
		else
			counts[role_from_code(cursor_text(c, 0))] += cursor_int(c, 2);
	}
	return cursor_close(c);
}

/* ---- Changes --------------------------------------------------------------------------------- */

/* A failed statement inside a change: the store's outcome, the transaction rolled back. */
static enum outcome failed(struct store *st) { return store_finish(st, store_outcome(st)); }

/* Locks the administrators' rows (account_lock_admins), then reads the target account. */
static enum outcome lock_and_read(struct store *st, long long id, struct account *out)
{
	if (account_lock_admins(st, id) != 0)
		return store_outcome(st);
	return account_get(st, id, out);
}

/* True when another enabled administrator than `id` exists (or on a store error, which the
 * caller then meets on its next statement anyway: false is the safe answer). */
static bool another_admin(struct store *st, long long id) { return account_other_admins(st, id) > 0; }

static int audit_json(struct store *st, long long by, long long id, const char *action, json_t *detail)
{
	char *s = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	int rc = s ? audit_record(st, by, "account", id, action, s) : -1;
	free(s);
	return rc;
}

static json_t *department_json(long long id) { return id ? json_integer(id) : json_null(); }

/* The two refusals that keep the installation manageable, said about the whole change: the
 * own account's form has no role field to put them on. */
static enum outcome refuse_self(struct store *st, struct field_errors *e)
{
	field_error(e, NULL, _("You cannot disable your own account or change your own role."));
	return store_finish(st, OUTCOME_CONFLICT);
}

static enum outcome refuse_last_admin(struct store *st, struct field_errors *e)
{
	field_error(e, NULL, _("This is the last active administrator. Make another account an administrator first."));
	return store_finish(st, OUTCOME_CONFLICT);
}

enum outcome account_admin_update(struct store *st, const struct account *by, long long id, enum role role,
				  long long department_id, struct field_errors *e)
{
	if (role < ROLE_PERSON || role > ROLE_ADMIN || department_id < 0) {
		field_error(e, "role", _("Choose a role and a department from the lists."));
		return OUTCOME_INVALID;
	}
	if (role == ROLE_OFFICIAL && !department_id) {
		field_error(e, "department", _("Choose the official's department."));
		return OUTCOME_INVALID;
	}
	if (!by || by->role < ROLE_ADMIN) /* the routes already need ROLE_ADMIN */
		return OUTCOME_FORBIDDEN;
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct account old;
	enum outcome o = lock_and_read(st, id, &old);
	if (o != OUTCOME_OK)
		return store_finish(st, o);
	if (department_id) {
		/* A retired department takes no new officials; one already there may stay. */
		int known = department_id == old.department_id ? 1 : department_is_open(st, department_id);
		if (known < 0)
			return failed(st);
		if (known != 1) {
			field_error(e, "role", _("Choose a role and a department from the lists."));
			return store_finish(st, OUTCOME_INVALID);
		}
	}
	if (role != old.role) {
		if (id == by->id)
			return refuse_self(st, e);
		if (old.role == ROLE_ADMIN && !old.disabled && !another_admin(st, id))
			return refuse_last_admin(st, e);
		if (account_set_role(st, id, role) != 0 ||
		    audit_json(st, by->id, id, "role",
			       json_pack("{s:s,s:s}", "from", role_code(old.role), "to", role_code(role))) != 0)
			return failed(st);
	}
	if (department_id != old.department_id) {
		if (account_set_department(st, id, department_id) != 0 ||
		    audit_json(st, by->id, id, "department",
			       json_pack("{s:o,s:o}", "from", department_json(old.department_id), "to",
					 department_json(department_id))) != 0)
			return failed(st);
	}
	return store_finish(st, OUTCOME_OK);
}

int account_admin_last_admin(struct store *st, long long id)
{
	struct account a;
	enum outcome o = lock_and_read(st, id, &a);
	if (o != OUTCOME_OK)
		return o == OUTCOME_NOT_FOUND ? 0 : -1;
	return a.role == ROLE_ADMIN && !a.disabled && !another_admin(st, id);
}

bool account_admin_sole_admin(struct store *st, long long id)
{
	struct account a;
	return account_get(st, id, &a) == OUTCOME_OK && a.role == ROLE_ADMIN && !a.disabled && !another_admin(st, id);
}

enum outcome account_admin_set_disabled(struct store *st, const struct account *by, long long id, bool disabled,
					struct field_errors *e)
{
	if (!by || by->role < ROLE_ADMIN)
		return OUTCOME_FORBIDDEN;
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct account a;
	enum outcome o = lock_and_read(st, id, &a);
	if (o != OUTCOME_OK)
		return store_finish(st, o);
	if (id == by->id)
		return refuse_self(st, e);
	if (a.disabled == disabled)
		return store_finish(st, OUTCOME_OK);
	if (disabled && a.role == ROLE_ADMIN && !another_admin(st, id))
		return refuse_last_admin(st, e);
	if (account_set_disabled(st, id, disabled) != 0 ||
	    audit_json(st, by->id, id, disabled ? "disable" : "enable", json_object()) != 0)
		return failed(st);
	return store_finish(st, OUTCOME_OK);
}
