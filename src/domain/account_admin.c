/* account_admin: account search for the administration pages, and role, department and
 * disabled changes, audited, that never lock the last administrator out. */
#include "domain/account_admin.h"
#include "base/clock.h"
#include "base/text.h"
#include "domain/audit.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void row_from(struct arena *a, struct cursor *c, struct account_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = cursor_int(c, 0);
	r->email = arena_strdup(a, cursor_text(c, 1));
	r->name = arena_strdup(a, cursor_text(c, 2));
	r->role = role_from_code(cursor_text(c, 3));
	r->department_id = cursor_int(c, 4);
	r->department_name = arena_strdup(a, cursor_text(c, 5));
	r->disabled = cursor_int(c, 6) != 0;
	r->verified = !cursor_is_null(c, 7);
	r->verified_at = arena_strdup(a, cursor_text(c, 7));
	r->created_at = arena_strdup(a, cursor_text(c, 8));
}

#define ROW_COLUMNS \
	"a.id, a.email, a.name, a.role, a.department_id, d.name, a.disabled, a.email_verified_at, a.created_at " \
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

bool account_admin_load(struct store *st, struct arena *a, long long id, struct account_row *out)
{
	struct cursor *c = store_query(st, "SELECT " ROW_COLUMNS "WHERE a.id = $1", ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found)
		row_from(a, c, out);
	return cursor_close(c) == 0 && found;
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

int department_list(struct store *st, struct arena *a, struct department *out, int max)
{
	struct cursor *c = store_query(st, "SELECT id, code, name FROM department ORDER BY name, id", NOARGS);
	int n = 0;
	while (n < max && cursor_next(c)) {
		out[n].id = cursor_int(c, 0);
		out[n].code = arena_strdup(a, cursor_text(c, 1));
		out[n].name = arena_strdup(a, cursor_text(c, 2));
		n++;
	}
	return cursor_close(c) == 0 ? n : -1;
}

long long department_id_by_code(struct store *st, const char *code)
{
	return store_int(st, "SELECT id FROM department WHERE code = $1", ARGS(SV_T(code)), 0);
}

/* ---- Changes --------------------------------------------------------------------------------- */

static enum admin_result finish(struct store *st, enum admin_result rc)
{
	if (rc == ADMIN_OK && store_commit(st) == 0)
		return ADMIN_OK;
	store_rollback(st);
	return rc == ADMIN_OK ? ADMIN_STORE_ERROR : rc;
}

/* Inside the transaction, locks every administrator's row (on PostgreSQL; SQLite's BEGIN
 * IMMEDIATE already lets one writer in at a time), so two administrators demoting each other at
 * the same moment cannot both see "another admin remains". Then reads the target account. */
static enum admin_result lock_and_read(struct store *st, long long id, enum role *role,
				      long long *department_id, bool *disabled)
{
	if (store_exec(st, "UPDATE account SET disabled = disabled WHERE role = 'admin' OR id = $1", ARGS(SV_I(id))) < 0)
		return ADMIN_STORE_ERROR;
	struct cursor *c = store_query(st, "SELECT role, department_id, disabled FROM account WHERE id = $1", ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found) {
		*role = role_from_code(cursor_text(c, 0));
		*department_id = cursor_int(c, 1);
		*disabled = cursor_int(c, 2) != 0;
	}
	if (cursor_close(c) != 0)
		return ADMIN_STORE_ERROR;
	return found ? ADMIN_OK : ADMIN_NOT_FOUND;
}

/* True when another enabled administrator than `id` exists (or on a store error, which the
 * caller then meets on its next statement anyway: false is the safe answer). */
static bool another_admin(struct store *st, long long id)
{
	return store_int(st, "SELECT COUNT(*) FROM account WHERE role = 'admin' AND disabled = 0 AND id <> $1",
			 ARGS(SV_I(id)), 0) > 0;
}

static int audit_json(struct store *st, long long by, long long id, const char *action, json_t *detail)
{
	char *s = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(detail);
	int rc = s ? audit_record(st, by, "account", id, action, s) : -1;
	free(s);
	return rc;
}

static json_t *department_json(long long id) { return id ? json_integer(id) : json_null(); }

enum admin_result account_admin_update(struct store *st, const struct account *by, long long id, enum role role,
				       long long department_id)
{
	if (role < ROLE_PERSON || role > ROLE_ADMIN)
		return ADMIN_INVALID;
	if (role == ROLE_OFFICIAL && !department_id)
		return ADMIN_NEEDS_DEPARTMENT;
	enum role old_role = ROLE_NONE;
	long long old_department = 0;
	bool disabled = false;
	if (!by || by->role < ROLE_ADMIN) /* the routes already need ROLE_ADMIN */
		return ADMIN_NOT_FOUND;
	if (store_begin(st) != 0)
		return ADMIN_STORE_ERROR;
	enum admin_result rc = lock_and_read(st, id, &old_role, &old_department, &disabled);
	if (rc != ADMIN_OK)
		return finish(st, rc);
	if (department_id &&
	    store_int(st, "SELECT COUNT(*) FROM department WHERE id = $1", ARGS(SV_I(department_id)), -1) != 1)
		return finish(st, ADMIN_INVALID);
	if (role != old_role) {
		if (id == by->id)
			return finish(st, ADMIN_SELF);
		if (old_role == ROLE_ADMIN && !disabled && !another_admin(st, id))
			return finish(st, ADMIN_LAST_ADMIN);
		if (store_exec(st, "UPDATE account SET role = $1 WHERE id = $2", ARGS(SV_T(role_code(role)), SV_I(id))) != 1 ||
		    audit_json(st, by->id, id, "role",
			       json_pack("{s:s,s:s}", "from", role_code(old_role), "to", role_code(role))) != 0)
			return finish(st, ADMIN_STORE_ERROR);
	}
	if (department_id != old_department) {
		if (store_exec(st, "UPDATE account SET department_id = $1 WHERE id = $2",
			       ARGS(department_id ? SV_I(department_id) : SV_NULLV, SV_I(id))) != 1 ||
		    audit_json(st, by->id, id, "department",
			       json_pack("{s:o,s:o}", "from", department_json(old_department), "to",
					 department_json(department_id))) != 0)
			return finish(st, ADMIN_STORE_ERROR);
	}
	return finish(st, ADMIN_OK);
}

int account_admin_last_admin(struct store *st, long long id)
{
	enum role role = ROLE_NONE;
	long long department = 0;
	bool disabled = false;
	enum admin_result rc = lock_and_read(st, id, &role, &department, &disabled);
	if (rc != ADMIN_OK)
		return rc == ADMIN_NOT_FOUND ? 0 : -1;
	return role == ROLE_ADMIN && !disabled && !another_admin(st, id);
}

bool account_admin_sole_admin(struct store *st, long long id)
{
	return store_int(st, "SELECT COUNT(*) FROM account WHERE id = $1 AND role = 'admin' AND disabled = 0",
			 ARGS(SV_I(id)), 0) == 1 &&
	       !another_admin(st, id);
}

enum admin_result account_admin_set_disabled(struct store *st, const struct account *by, long long id, bool disabled)
{
	enum role role = ROLE_NONE;
	long long department = 0;
	bool was = false;
	if (!by || by->role < ROLE_ADMIN)
		return ADMIN_NOT_FOUND;
	if (store_begin(st) != 0)
		return ADMIN_STORE_ERROR;
	enum admin_result rc = lock_and_read(st, id, &role, &department, &was);
	if (rc != ADMIN_OK)
		return finish(st, rc);
	if (id == by->id)
		return finish(st, ADMIN_SELF);
	if (was == disabled)
		return finish(st, ADMIN_OK);
	if (disabled && role == ROLE_ADMIN && !another_admin(st, id))
		return finish(st, ADMIN_LAST_ADMIN);
	/* A disabled account is signed out at once, not when its sessions would have expired. */
	if (store_exec(st, "UPDATE account SET disabled = $1 WHERE id = $2", ARGS(SV_I(disabled ? 1 : 0), SV_I(id))) != 1 ||
	    (disabled && store_exec(st, "DELETE FROM session WHERE account_id = $1", ARGS(SV_I(id))) < 0) ||
	    audit_json(st, by->id, id, disabled ? "disable" : "enable", json_object()) != 0)
		return finish(st, ADMIN_STORE_ERROR);
	return finish(st, ADMIN_OK);
}
