/* store_copy: copies a whole samverkan database into an empty store, table by table in
 * foreign-key order, and checks counts and searches before committing. */
#include "domain/store_copy.h"
#include "base/buf.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows per INSERT statement, and the most parameters one statement may bind (SQLite allows
 * 32766, PostgreSQL 65535). */
#define BATCH_ROWS 500
#define MAX_PARAMS 30000

/*
 * Every table of the schema, parents before children, so each row's foreign keys already exist
 * on the target when it arrives. Names come from here only, so they may be pasted into SQL.
 * A new table in migrations.c goes here (or into derived_tables): store_copy refuses databases
 * with tables it does not know.
 */
static const struct copy_table {
	const char *name;
	const char *key;  /* the primary key: rows are read in its order */
	const char *id;   /* a generated id column, whose generator must move past the copied ids */
	bool seeded;      /* filled by `init` on every database: the source's rows replace the target's */
} copy_tables[] = {
	{"committee", "id", "id", false},
	/* A merged department points at the one it went into, which may be newer: those come first
	 * (a merge moves earlier merges along, so every target is itself unmerged). */
	{"department", "CASE WHEN merged_into IS NULL THEN 0 ELSE 1 END, id", "id", false},
	{"account", "id", "id", false},
	{"legal_form", "code", NULL, true},
	{"category", "code", NULL, true},
	{"target_group", "code", NULL, true},
	{"district", "code", NULL, false},
	{"district_postcode", "postcode", NULL, false},
	/* Seeded with the words registers use; the source's own (and its changes) replace them. */
	{"term_alias", "taxonomy, alias_key", NULL, true},
	{"organisation", "id", "id", false},
	{"organisation_category", "organisation_id, category_code", NULL, false},
	{"organisation_target_group", "organisation_id, target_group_code", NULL, false},
	{"organisation_district", "organisation_id, district_code", NULL, false},
	{"contact_person", "id", "id", false},
	{"representative", "account_id, organisation_id", NULL, false},
	{"session", "id", "id", false},
	{"login_attempt", "id", "id", false},
	{"audit_log", "id", "id", false},
	{"outbox", "id", "id", false},
	{"account_token", "id", "id", false},
	{"representation_request", "id", "id", false},
	{"notification_preference", "account_id, kind", NULL, false},
	{"notification", "id", "id", false},
	/* The unsubscribe key: links already mailed keep working after the move. */
	{"secret", "name", NULL, false},
	/* When the daily digest last went out, so the move does not send today's twice. */
	{"job_run", "name", NULL, false},
	{"setting", "name", NULL, false},
	/* Areas and goals before the dialogues that may name them. */
	{"area", "id", "id", false},
	{"area_department", "area_id, department_id", NULL, false},
	{"area_principle", "area_id, principle", NULL, false},
	{"area_partner", "area_id, organisation_id", NULL, false},
	{"goal", "id", "id", false},
	{"goal_value", "goal_id, measured_on", NULL, false},
	/* Action plans after the goals their actions name. */
	{"action_plan", "id", "id", false},
	{"plan_action", "id", "id", false},
	{"plan_action_principle", "action_id, principle", NULL, false},
	{"plan_action_goal", "action_id, goal_id", NULL, false},
	{"plan_action_note", "id", "id", false},
	{"plan_version", "plan_id, version", NULL, false},
	{"plan_change", "id", "id", false},
	{"dialogue", "id", "id", false},
	{"dialogue_principle", "dialogue_id, principle", NULL, false},
	{"dialogue_invitation", "dialogue_id, organisation_id", NULL, false},
	{"submission", "id", "id", false},
	{"submission_event", "id", "id", false},
};
#define NTABLES ((int)(sizeof copy_tables / sizeof copy_tables[0]))

/* Tables not copied: the full-text index is rebuilt by the target's own triggers as organisations
 * arrive, the schema version is the target's own migration's, and change_counter keeps the row
 * its migration made (the copy bumps it, which is all a cache needs to know). */
static const char *const derived_tables[] = {"organisation_fts", "schema_version", "change_counter"};
#define NDERIVED ((int)(sizeof derived_tables / sizeof derived_tables[0]))

_Static_assert(NTABLES <= STORE_COPY_MAX_TABLES, "raise STORE_COPY_MAX_TABLES");

static void fail(struct store_copy_result *res, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct store_copy_result *res, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->error, sizeof res->error, fmt, ap);
	va_end(ap);
}

static bool known_table(const char *name)
{
	for (int i = 0; i < NTABLES; i++)
		if (strcmp(copy_tables[i].name, name) == 0)
			return true;
	for (int i = 0; i < NDERIVED; i++)
		if (strcmp(derived_tables[i], name) == 0)
			return true;
	return false;
}

/* Refuses a database with a table this module does not know, or without one it copies. */
static int check_tables(struct store *st, const char *side, struct store_copy_result *res)
{
	bool seen[NTABLES] = {0};
	struct cursor *c = store_tables(st);
	int rc = 0;
	while (cursor_next(c)) {
		const char *name = cursor_text(c, 0);
		if (!name)
			continue;
		for (int i = 0; i < NTABLES; i++)
			if (strcmp(copy_tables[i].name, name) == 0)
				seen[i] = true;
		if (rc == 0 && !known_table(name)) {
			fail(res, "%s has a table '%s' that migrate-store does not know how to copy "
				  "(add it to the list in src/domain/store_copy.c)", side, name);
			rc = -1;
		}
	}
	if (cursor_close(c) != 0) {
		fail(res, "cannot list the tables of %s: %s", side, store_errmsg(st));
		return -1;
	}
	for (int i = 0; rc == 0 && i < NTABLES; i++)
		if (!seen[i]) {
			fail(res, "%s has no table '%s'", side, copy_tables[i].name);
			rc = -1;
		}
	return rc;
}

/* 1 when the database has the table, 0 when not, -1 on error. */
static int has_table(struct store *st, const char *table)
{
	struct cursor *c = store_tables(st);
	int found = 0;
	while (cursor_next(c))
		if (cursor_text(c, 0) && strcmp(cursor_text(c, 0), table) == 0)
			found = 1;
	return cursor_close(c) != 0 ? -1 : found;
}

static long long count_rows(struct store *st, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s", table);
	return store_int(st, sql, NOARGS, 0);
}

/* "INSERT INTO t ("a", "b") VALUES ($1, $2), ($3, $4), …" for nrows rows. */
static char *insert_sql(const char *table, const char *columns, int ncols, int nrows)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "INSERT INTO %s (%s) VALUES ", table, columns);
	int n = 0;
	for (int r = 0; r < nrows; r++) {
		buf_puts(&b, r ? ", (" : "(");
		for (int c = 0; c < ncols; c++)
			buf_printf(&b, c ? ", $%d" : "$%d", ++n);
		buf_putc(&b, ')');
	}
	return buf_detach(&b);
}

/* The rows read from the source since the last INSERT: their values, NUL-separated in one
 * buffer (SQLite's text is valid only until the next row), NULL marked by SIZE_MAX. */
struct batch {
	struct buf values;
	size_t *offsets; /* per value */
	struct sv *args;
	int rows;
};

static int flush_batch(struct store *to, const struct copy_table *t, const char *columns, int ncols,
		       struct batch *b, char **full_sql, int per_batch)
{
	if (b->rows == 0)
		return 0;
	int n = b->rows * ncols;
	for (int i = 0; i < n; i++)
		b->args[i] = b->offsets[i] == SIZE_MAX ? SV_NULLV : SV_T(b->values.data + b->offsets[i]);
	/* Every full batch has the same text, so the statement is prepared once per table. */
	char *tail_sql = NULL;
	const char *sql;
	if (b->rows == per_batch) {
		if (!*full_sql)
			*full_sql = insert_sql(t->name, columns, ncols, per_batch);
		sql = *full_sql;
	} else {
		sql = tail_sql = insert_sql(t->name, columns, ncols, b->rows);
	}
	long long changed = store_exec(to, sql, b->args, n);
	free(tail_sql);
	buf_reset(&b->values);
	b->rows = 0;
	return changed < 0 ? -1 : 0;
}

static int copy_table(struct store *from, struct store *to, const struct copy_table *t, long long total,
		      const struct store_copy_options *opt, struct store_copy_result *res)
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT * FROM %s ORDER BY %s", t->name, t->key);
	struct cursor *c = store_query(from, sql, NOARGS);
	int ncols = cursor_column_count(c);
	if (ncols <= 0) {
		cursor_close(c);
		fail(res, "cannot read %s from the source: %s", t->name, store_errmsg(from));
		return -1;
	}
	/* Columns by name, quoted: the target's column order need not be the source's. */
	struct buf columns = BUF_INIT;
	for (int i = 0; i < ncols; i++)
		buf_printf(&columns, i ? ", \"%s\"" : "\"%s\"", cursor_column_name(c, i));
	int per_batch = MAX_PARAMS / ncols < BATCH_ROWS ? MAX_PARAMS / ncols : BATCH_ROWS;
	if (per_batch < 1)
		per_batch = 1;
	struct batch b = {BUF_INIT, NULL, NULL, 0};
	b.offsets = malloc((size_t)per_batch * (size_t)ncols * sizeof *b.offsets);
	b.args = malloc((size_t)per_batch * (size_t)ncols * sizeof *b.args);
	if (!b.offsets || !b.args)
		abort();
	char *full_sql = NULL;
	long long done = 0;
	int rc = 0;
	while (rc == 0 && cursor_next(c)) {
		size_t *off = b.offsets + (size_t)b.rows * (size_t)ncols;
		for (int i = 0; i < ncols; i++) {
			const char *v = cursor_is_null(c, i) ? NULL : cursor_text(c, i);
			if (!v) {
				off[i] = SIZE_MAX;
				continue;
			}
			off[i] = b.values.len;
			buf_append(&b.values, v, strlen(v) + 1);
		}
		if (++b.rows == per_batch) {
			rc = flush_batch(to, t, buf_str(&columns), ncols, &b, &full_sql, per_batch);
			done += per_batch;
			if (rc == 0 && opt->progress)
				opt->progress(t->name, done, total, opt->progress_ctx);
		}
	}
	if (rc == 0) {
		done += b.rows;
		rc = flush_batch(to, t, buf_str(&columns), ncols, &b, &full_sql, per_batch);
	}
	if (rc != 0) {
		fail(res, "cannot copy %s into the target: %s", t->name, store_errmsg(to));
		cursor_close(c);
	} else if (cursor_close(c) != 0) {
		fail(res, "cannot read %s from the source: %s", t->name, store_errmsg(from));
		rc = -1;
	} else if (opt->progress) {
		opt->progress(t->name, done, total, opt->progress_ctx);
	}
	res->rows += done;
	free(full_sql);
	free(b.offsets);
	free(b.args);
	buf_free(&b.values);
	buf_free(&columns);
	return rc;
}

/* The longest word in text that both stores' full-text search split alike: only ASCII letters
 * and the letters of Latin-1 (å, ä, ö, é, …), and at least 8 bytes, which is longer than every
 * word on PostgreSQL's Swedish stop-word list (the SQLite tokenizer keeps stop words). */
static void longest_word(const char *text, char *out, size_t outsz)
{
	out[0] = 0;
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	size_t best = 0;
	while (*p) {
		const unsigned char *start = p;
		for (;;) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
				p++;
			else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF && p[1] != 0x97 && p[1] != 0xB7)
				p += 2;
			else
				break;
		}
		size_t len = (size_t)(p - start);
		/* A word must stand alone: glued to digits, or part of an address (x.se, a@b), it may
		 * be split differently by the two stores. */
		bool ends = *p == 0 || (strchr(" ,;:!?)", *p) && *p) || (*p == '.' && (p[1] == 0 || p[1] == ' '));
		bool alone = ends && (start == (const unsigned char *)text || start[-1] == ' ' || start[-1] == '(');
		if (len >= 8 && len < outsz && len > best && alone) {
			best = len;
			memcpy(out, start, len);
			out[len] = 0;
		}
		if (len == 0)
			p++;
	}
}

static void add_search(struct store_copy_result *res, const char *text)
{
	if (!*text || res->nsearches >= STORE_COPY_MAX_SEARCHES)
		return;
	for (int i = 0; i < res->nsearches; i++)
		if (strcmp(res->searches[i].text, text) == 0)
			return;
	struct store_copy_search *s = &res->searches[res->nsearches++];
	snprintf(s->text, sizeof s->text, "%s", text);
}

/* Searches made of words from organisations spread over the register: the longest word of the
 * name, of the description, and both together. */
static int choose_searches(struct store *from, long long organisations, struct store_copy_result *res)
{
	const int picks = 4;
	for (int k = 0; k < picks && organisations > 0; k++) {
		struct cursor *c = store_query(from, "SELECT name, description FROM organisation ORDER BY id LIMIT 1 OFFSET $1",
					       ARGS(SV_I(organisations * k / picks)));
		char name_word[64] = "", desc_word[64] = "";
		if (cursor_next(c)) {
			longest_word(cursor_text(c, 0), name_word, sizeof name_word);
			longest_word(cursor_text(c, 1), desc_word, sizeof desc_word);
		}
		if (cursor_close(c) != 0) {
			fail(res, "cannot read organisations from the source: %s", store_errmsg(from));
			return -1;
		}
		add_search(res, name_word);
		add_search(res, desc_word);
		if (*name_word && *desc_word) {
			char both[160];
			snprintf(both, sizeof both, "%s %s", name_word, desc_word);
			add_search(res, both);
		}
	}
	return 0;
}

/* The ids one store's search finds, in id order; -1 on error. */
static long long search_ids(struct store *st, const char *text, long long **ids)
{
	char *bound = NULL;
	const char *cond = store_fts_condition(st, "organisation_fts", "o.id", 1, text, &bound);
	struct buf sql = BUF_INIT;
	buf_printf(&sql, "SELECT o.id FROM organisation o WHERE %s ORDER BY o.id", cond);
	size_t n = 0, cap = 64;
	long long *out = malloc(cap * sizeof *out);
	if (!out)
		abort();
	struct cursor *c = bound ? store_query(st, buf_str(&sql), ARGS(SV_T(bound))) : store_query(st, buf_str(&sql), NOARGS);
	while (cursor_next(c)) {
		if (n == cap && !(out = realloc(out, (cap *= 2) * sizeof *out)))
			abort();
		out[n++] = cursor_int(c, 0);
	}
	int rc = cursor_close(c);
	buf_free(&sql);
	free(bound);
	if (rc != 0) {
		free(out);
		return -1;
	}
	*ids = out;
	return (long long)n;
}

static int run_searches(struct store *from, struct store *to, struct store_copy_result *res, bool *all_same)
{
	for (int i = 0; i < res->nsearches; i++) {
		struct store_copy_search *s = &res->searches[i];
		long long *a = NULL, *b = NULL;
		s->source_hits = search_ids(from, s->text, &a);
		s->target_hits = search_ids(to, s->text, &b);
		if (s->source_hits < 0 || s->target_hits < 0) {
			free(a);
			free(b);
			fail(res, "cannot search for '%s': %s", s->text,
			     store_errmsg(s->source_hits < 0 ? from : to));
			return -1;
		}
		s->same = s->source_hits == s->target_hits &&
			  (s->source_hits == 0 || memcmp(a, b, (size_t)s->source_hits * sizeof *a) == 0);
		if (!s->same)
			*all_same = false;
		free(a);
		free(b);
	}
	return 0;
}

/* The target holds no data of its own: only the built-in lists `init` seeds may have rows. */
static int check_target_empty(struct store *to, struct store_copy_result *res)
{
	struct buf found = BUF_INIT;
	for (int i = 0; i < NTABLES; i++) {
		if (copy_tables[i].seeded)
			continue;
		long long n = count_rows(to, copy_tables[i].name);
		if (n < 0) {
			fail(res, "cannot count %s in the target: %s", copy_tables[i].name, store_errmsg(to));
			buf_free(&found);
			return -1;
		}
		if (n > 0)
			buf_printf(&found, "%s%s %lld", found.len ? ", " : "", copy_tables[i].name, n);
	}
	int rc = 0;
	if (found.len) {
		fail(res, "the target database is not empty (%s); migrate-store copies only into an empty database",
		     buf_str(&found));
		rc = -1;
	}
	buf_free(&found);
	return rc;
}

static enum store_copy_status copy_all(struct store *from, struct store *to, const struct store_copy_options *opt,
				       struct store_copy_result *res)
{
	/* Source counts first: they are the progress totals and the left column of the check. */
	for (int i = 0; i < NTABLES; i++) {
		struct store_copy_count *cnt = &res->counts[res->ncounts++];
		cnt->table = copy_tables[i].name;
		cnt->source = count_rows(from, cnt->table);
		cnt->target = -1;
		if (cnt->source < 0) {
			fail(res, "cannot count %s in the source: %s", cnt->table, store_errmsg(from));
			return STORE_COPY_FAILED;
		}
	}
	if (check_target_empty(to, res) != 0)
		return store_errcode(to) == STORE_OK ? STORE_COPY_REFUSED : STORE_COPY_FAILED;
	/* The seeded lists go first, children before parents: nothing refers to them yet. */
	for (int i = NTABLES - 1; i >= 0; i--) {
		if (!copy_tables[i].seeded)
			continue;
		char sql[128];
		snprintf(sql, sizeof sql, "DELETE FROM %s", copy_tables[i].name);
		if (store_exec(to, sql, NOARGS) < 0) {
			fail(res, "cannot clear %s in the target: %s", copy_tables[i].name, store_errmsg(to));
			return STORE_COPY_FAILED;
		}
	}
	for (int i = 0; i < NTABLES; i++)
		if (copy_table(from, to, &copy_tables[i], res->counts[i].source, opt, res) != 0)
			return STORE_COPY_FAILED;
	for (int i = 0; i < NTABLES; i++) {
		if (copy_tables[i].id && store_reset_identity(to, copy_tables[i].name, copy_tables[i].id) != 0) {
			fail(res, "cannot move the id sequence of %s: %s", copy_tables[i].name, store_errmsg(to));
			return STORE_COPY_FAILED;
		}
	}
	/* The check, inside the transaction: a difference leaves nothing behind. */
	bool same = true;
	for (int i = 0; i < NTABLES; i++) {
		struct store_copy_count *cnt = &res->counts[i];
		cnt->target = count_rows(to, cnt->table);
		if (cnt->target < 0) {
			fail(res, "cannot count %s in the target: %s", cnt->table, store_errmsg(to));
			return STORE_COPY_FAILED;
		}
		if (cnt->target != cnt->source)
			same = false;
	}
	long long organisations = 0;
	for (int i = 0; i < NTABLES; i++)
		if (strcmp(copy_tables[i].name, "organisation") == 0)
			organisations = res->counts[i].source;
	if (choose_searches(from, organisations, res) != 0 || run_searches(from, to, res, &same) != 0)
		return STORE_COPY_FAILED;
	return same ? STORE_COPY_DONE : STORE_COPY_MISMATCH;
}

enum store_copy_status store_copy(struct store *from, struct store *to, const struct store_copy_options *opt,
				  struct store_copy_result *res)
{
	static const struct store_copy_options no_options = {0};
	if (!opt)
		opt = &no_options;
	memset(res, 0, sizeof *res);
	const char *source = opt->source_name ? opt->source_name : "the source database";

	/* Asked first, so that a file of something else is told apart from an old samverkan file. */
	int has_version = has_table(from, "schema_version");
	if (has_version < 0) {
		fail(res, "cannot list the tables of %s: %s", source, store_errmsg(from));
		return STORE_COPY_FAILED;
	}
	if (!has_version) {
		fail(res, "%s is not a samverkan database (it has no schema version)", source);
		return STORE_COPY_REFUSED;
	}
	int version = store_schema_version(from), latest = store_latest_version();
	if (version > latest) {
		fail(res, "%s has schema version %d, but this program knows only up to %d: use a newer samverkan",
		     source, version, latest);
		return STORE_COPY_REFUSED;
	}
	if (version < latest) {
		fail(res, "%s has schema version %d, but this program's is %d: run 'samverkan init --db %s' first",
		     source, version, latest, source);
		return STORE_COPY_REFUSED;
	}
	char err[512];
	if (store_migrate(to, err, sizeof err) != 0) {
		fail(res, "cannot prepare the target database: %s", err);
		return STORE_COPY_FAILED;
	}
	if (check_tables(from, source, res) != 0 || check_tables(to, "the target database", res) != 0)
		return STORE_COPY_REFUSED;

	if (store_read_begin(from) != 0) {
		fail(res, "cannot read %s: %s", source, store_errmsg(from));
		return STORE_COPY_FAILED;
	}
	if (store_begin(to) != 0) {
		fail(res, "cannot start a transaction on the target: %s", store_errmsg(to));
		store_read_end(from);
		return STORE_COPY_FAILED;
	}
	enum store_copy_status status = copy_all(from, to, opt, res);
	if (status == STORE_COPY_DONE && store_commit(to) != 0) {
		fail(res, "cannot commit the copy: %s", store_errmsg(to));
		status = STORE_COPY_FAILED;
	}
	if (status != STORE_COPY_DONE)
		store_rollback(to);
	store_read_end(from);
	return status;
}
