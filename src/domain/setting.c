/* setting: reads and writes of the setting table, a name and its text value; every module that
 * keeps a setting goes through here, so the table's columns are written in one place. */
#include "domain/setting.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include <string.h>

enum outcome setting_get(struct store *st, struct arena *a, const char *name, const char **value)
{
	return setting_get_many(st, a, &name, 1, value);
}

enum outcome setting_get_many(struct store *st, struct arena *a, const char *const *names, int n, const char **values)
{
	for (int i = 0; i < n; i++)
		values[i] = NULL;
	if (n <= 0)
		return OUTCOME_OK;
	if (n > SETTING_MANY_MAX) {
		log_bug("setting_get_many: %d names, more than %d", n, SETTING_MANY_MAX);
		return OUTCOME_FAILED;
	}
	/* One statement per number of names: the caller's lists are fixed, so few are prepared. */
	struct buf sql = BUF_INIT;
	struct sv args[SETTING_MANY_MAX];
	buf_puts(&sql, "SELECT name, value FROM setting WHERE name IN (");
	for (int i = 0; i < n; i++) {
		buf_printf(&sql, "%s$%d", i ? ", " : "", i + 1);
		args[i] = SV_T(names[i]);
	}
	buf_putc(&sql, ')');
	struct cursor *c = store_query(st, buf_str(&sql), args, n);
	while (cursor_next(c)) {
		const char *name = cursor_text(c, 0);
		for (int i = 0; name && i < n; i++)
			if (strcmp(name, names[i]) == 0)
				values[i] = cursor_copy(a, c, 1);
	}
	buf_free(&sql);
	if (cursor_close(c) != 0) {
		for (int i = 0; i < n; i++)
			values[i] = NULL;
		return store_outcome(st);
	}
	return OUTCOME_OK;
}

int setting_put(struct store *st, const char *name, const char *value)
{
	char now[21];
	clock_iso(clock_now(), now);
	return store_exec(st,
			  "INSERT INTO setting (name, value, updated_at) VALUES ($1, $2, $3) "
			  "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
			  ARGS(SV_T(name), SV_T(value ? value : ""), SV_T(now))) < 0 ? -1 : 0;
}
