/* audit: writes audit_log rows (the schema forbids updating or deleting them) and reads them back. */
#include "domain/audit.h"
#include <jansson.h>
#include <stdlib.h>
#include "base/buf.h"
#include "base/clock.h"
#include <stdio.h>

int audit_record_json(struct store *st, long long account_id, const char *entity, long long entity_id,
		      const char *action, json_t *detail)
{
	char *s = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(detail);
	int rc = audit_record(st, account_id, entity, entity_id, action, s ? s : "{}");
	free(s);
	return rc;
}

int audit_record(struct store *st, long long account_id, const char *entity, long long entity_id,
		 const char *action, const char *detail_json)
{
	char now[21];
	clock_iso(clock_now(), now);
	return store_exec(st,
			  "INSERT INTO audit_log (at, account_id, entity, entity_id, action, detail) "
			  "VALUES ($1, $2, $3, $4, $5, $6)",
			  ARGS(SV_T(now), account_id ? SV_I(account_id) : SV_NULLV, SV_T(entity),
			       entity_id ? SV_I(entity_id) : SV_NULLV, SV_T(action),
			       SV_T(detail_json ? detail_json : "{}"))) == 1 ? 0 : -1;
}

int audit_list(struct store *st, struct arena *a, const struct audit_filter *f, struct audit_entry *out,
	       long long *total)
{
	/* The conditions are fixed text; only their values are bound, numbered in the order added. */
	struct sv args[5];
	int nargs = 0;
	struct buf where = BUF_INIT;
	if (f->entity && *f->entity) {
		args[nargs++] = SV_T(f->entity);
		buf_printf(&where, "%s l.entity = $%d", where.len ? " AND" : " WHERE", nargs);
		if (f->entity_id > 0) {
			args[nargs++] = SV_I(f->entity_id);
			buf_printf(&where, " AND l.entity_id = $%d", nargs);
		}
	}
	if (f->account_id > 0) {
		args[nargs++] = SV_I(f->account_id);
		buf_printf(&where, "%s l.account_id = $%d", where.len ? " AND" : " WHERE", nargs);
	}
	int per_page = f->per_page > 0 ? f->per_page : 50;
	long long offset = (long long)(f->page > 1 ? f->page - 1 : 0) * per_page;
	char *count_sql = arena_printf(a, "SELECT COUNT(*) FROM audit_log l%s", buf_str(&where));
	*total = store_int(st, count_sql, args, nargs, -1);
	int n = -1;
	if (*total >= 0) {
		char *sql = arena_printf(a,
			"SELECT l.id, l.at, l.account_id, acc.name, l.entity, l.entity_id, l.action, l.detail "
			"FROM audit_log l LEFT JOIN account acc ON acc.id = l.account_id%s "
			"ORDER BY l.id DESC LIMIT $%d OFFSET $%d",
			buf_str(&where), nargs + 1, nargs + 2);
		args[nargs] = SV_I(per_page);
		args[nargs + 1] = SV_I(offset);
		struct cursor *c = store_query(st, sql, args, nargs + 2);
		n = 0;
		while (n < per_page && cursor_next(c)) {
			struct audit_entry *e = &out[n++];
			e->id = cursor_int(c, 0);
			e->at = arena_strdup(a, cursor_text(c, 1));
			e->account_id = cursor_int(c, 2);
			e->account_name = arena_strdup(a, cursor_text(c, 3));
			e->entity = arena_strdup(a, cursor_text(c, 4));
			e->entity_id = cursor_int(c, 5);
			e->action = arena_strdup(a, cursor_text(c, 6));
			e->detail = arena_strdup(a, cursor_text(c, 7));
		}
		if (cursor_close(c) != 0)
			n = -1;
	}
	buf_free(&where);
	return n;
}

int audit_entities(struct store *st, struct arena *a, const char **out, int max)
{
	/* The index on (entity, entity_id) answers this without reading the log itself. */
	struct cursor *c = store_query(st, "SELECT DISTINCT entity FROM audit_log ORDER BY entity", NOARGS);
	int n = 0;
	while (n < max && cursor_next(c))
		out[n++] = arena_strdup(a, cursor_text(c, 0));
	return cursor_close(c) == 0 ? n : -1;
}
