/* department: the committee and department tables — their lists, changes, retirement and the
 * merge that moves a department's work to another at a reorganisation — each change audited. */
#include "domain/department.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/text.h"
#include "domain/account.h"
#include "domain/audit.h"
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool unit_code_valid(const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n == 0 || n > UNIT_CODE_MAX || !isalnum((unsigned char)code[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!(isascii((unsigned char)code[i]) && (isalnum((unsigned char)code[i]) || code[i] == '-')))
			return false;
	return true;
}

/* ---- Reading --------------------------------------------------------------------------------- */

/* The department's columns, its committee's name, and what belongs to it (counted only where
 * COUNTED_JOINS is joined; elsewhere the three are NULL). */
enum { DC_ID, DC_CODE, DC_NAME, DC_COMMITTEE_ID, DC_COMMITTEE_NAME, DC_EMAIL, DC_RETIRED, DC_MERGED, DC_DIALOGUES,
       DC_SUBMISSIONS, DC_OFFICIALS };
#define DEPARTMENT_SELECT                                                                              \
	"SELECT dp.id, dp.code, dp.name, dp.committee_id, c.name, dp.contact_email, dp.retired_at, "   \
	"dp.merged_into, %s FROM department dp LEFT JOIN committee c ON c.id = dp.committee_id %s "
#define NOT_COUNTED "NULL, NULL, NULL"
#define COUNTED "dl.n, sb.n, ac.n"
/* Grouped once each, not a subquery per row: dialogue and submission have indexes that lead
 * with department_id, and accounts are a few thousand at most. */
#define COUNTED_JOINS                                                                                    \
	"LEFT JOIN (SELECT department_id, COUNT(*) AS n FROM dialogue GROUP BY department_id) dl "        \
	"ON dl.department_id = dp.id "                                                                   \
	"LEFT JOIN (SELECT department_id, COUNT(*) AS n FROM submission GROUP BY department_id) sb "      \
	"ON sb.department_id = dp.id "                                                                   \
	"LEFT JOIN (SELECT department_id, COUNT(*) AS n FROM account WHERE department_id IS NOT NULL "   \
	"GROUP BY department_id) ac ON ac.department_id = dp.id "

static void department_read(struct arena *a, struct cursor *c, struct department *d)
{
	d->id = cursor_int(c, DC_ID);
	d->code = cursor_copy(a, c, DC_CODE);
	d->name = cursor_copy(a, c, DC_NAME);
	d->committee_id = cursor_int_or(c, DC_COMMITTEE_ID, 0);
	d->committee_name = cursor_copy_or_null(a, c, DC_COMMITTEE_NAME);
	d->contact_email = cursor_copy_or_null(a, c, DC_EMAIL);
	d->retired = !cursor_is_null(c, DC_RETIRED);
	d->merged_into = cursor_int_or(c, DC_MERGED, 0);
	d->dialogues = cursor_int_or(c, DC_DIALOGUES, 0);
	d->submissions = cursor_int_or(c, DC_SUBMISSIONS, 0);
	d->officials = cursor_int_or(c, DC_OFFICIALS, 0);
}

static int departments_where(struct store *st, struct arena *a, bool counted, const char *where, struct department *out,
			     int max)
{
	char sql[1024];
	snprintf(sql, sizeof sql, DEPARTMENT_SELECT "%s ORDER BY dp.name, dp.id", counted ? COUNTED : NOT_COUNTED,
		 counted ? COUNTED_JOINS : "", where);
	struct cursor *c = store_query(st, sql, NOARGS);
	int n = 0;
	while (n < max && cursor_next(c))
		department_read(a, c, &out[n++]);
	return cursor_close(c) == 0 ? n : -1;
}

int department_list(struct store *st, struct arena *a, struct department *out, int max)
{
	return departments_where(st, a, false, "", out, max);
}

int department_list_open(struct store *st, struct arena *a, struct department *out, int max)
{
	return departments_where(st, a, false, "WHERE dp.retired_at IS NULL", out, max);
}

int department_overview(struct store *st, struct arena *a, struct department *out, int max)
{
	return departments_where(st, a, true, "", out, max);
}

static enum outcome department_one(struct store *st, struct arena *a, const char *where, const struct sv *arg,
				   struct department *out)
{
	char sql[1024];
	snprintf(sql, sizeof sql, DEPARTMENT_SELECT "%s", COUNTED, COUNTED_JOINS, where);
	struct cursor *c = store_query(st, sql, arg, 1);
	bool found = cursor_next(c);
	if (found)
		department_read(a, c, out);
	if (cursor_close(c) != 0)
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

enum outcome department_load(struct store *st, struct arena *a, long long id, struct department *out)
{
	struct sv arg = SV_I(id);
	return department_one(st, a, "WHERE dp.id = $1", &arg, out);
}

enum outcome department_by_code(struct store *st, struct arena *a, const char *code, struct department *out)
{
	struct sv arg = SV_T(code ? code : "");
	return department_one(st, a, "WHERE lower(dp.code) = lower($1)", &arg, out);
}

long long department_id_by_code(struct store *st, const char *code)
{
	return store_int(st, "SELECT id FROM department WHERE lower(code) = lower($1)", ARGS(SV_T(code)), 0);
}

int department_is_open(struct store *st, long long id)
{
	long long n = store_int(st, "SELECT COUNT(*) FROM department WHERE id = $1 AND retired_at IS NULL",
				ARGS(SV_I(id)), -1);
	return n < 0 ? -1 : n > 0;
}

int department_put(struct store *st, const char *code, const char *name, const char *committee_code,
		   const char *committee_name)
{
	if (store_exec(st,
		       "INSERT INTO committee (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = excluded.name",
		       ARGS(SV_T(committee_code), SV_T(committee_name))) < 0)
		return -1;
	long long committee = store_int(st, "SELECT id FROM committee WHERE code = $1", ARGS(SV_T(committee_code)), 0);
	if (committee <= 0)
		return -1;
	return store_exec(st,
			  "INSERT INTO department (code, name, committee_id) VALUES ($1, $2, $3) "
			  "ON CONFLICT (code) DO UPDATE SET name = excluded.name, committee_id = excluded.committee_id",
			  ARGS(SV_T(code), SV_T(name), SV_I(committee))) < 0
		       ? -1
		       : 0;
}

char *department_committee_code(struct store *st, long long department_id)
{
	return store_text(st, "SELECT c.code FROM department dp JOIN committee c ON c.id = dp.committee_id WHERE dp.id = $1",
			  ARGS(SV_I(department_id)));
}

/* ---- Shared by both tables's changes --------------------------------------------------------- */

/* A failed statement inside a change: the store's outcome, the transaction rolled back. */
static enum outcome failed(struct store *st) { return store_finish(st, store_outcome(st)); }

/* Table names come from this file, never from input. */
static bool code_taken(struct store *st, const char *table, const char *code, long long except, bool *taken)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE lower(code) = lower($1) AND id <> $2", table);
	long long n = store_int(st, sql, ARGS(SV_T(code), SV_I(except)), -1);
	*taken = n > 0;
	return n >= 0;
}

/* The text contract on a unit's code and name, with the form's messages. */
static void check_code_and_name(struct field_errors *e, struct arena *a, const char **code, const char **name,
				const char *name_required)
{
	if (field_text(e, a, "code", code, false, UNIT_CODE_MAX, _("Write a short code."),
		       _("Write the code with at most 32 characters.")) &&
	    !unit_code_valid(*code))
		field_error(e, "code",
			    _("Write the code with the letters a–z or A–Z, digits and '-' only, starting with a letter or "
			      "digit."));
	field_text(e, a, "name", name, false, UNIT_NAME_MAX, name_required, NULL);
}

/* Adds "field": [old, new] to detail when the two differ. */
static void changed(json_t *detail, const char *field, const char *old, const char *new)
{
	if ((old ? old : "")[0] == 0 && (new ? new : "")[0] == 0)
		return;
	if (old && new && strcmp(old, new) == 0)
		return;
	json_object_set_new(detail, field, json_pack("[s?, s?]", old, new));
}

static void now_iso(char out[21]) { clock_iso(clock_now(), out); }

/* Retires or restores a row of `table`, audited; merged departments stay retired. */
static enum outcome set_retired(struct store *st, const char *table, long long id, bool retired, long long account_id,
				struct field_errors *e)
{
	char sql[160], now[21];
	now_iso(now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	snprintf(sql, sizeof sql, "SELECT CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END FROM %s WHERE id = $1", table);
	long long was = store_int(st, sql, ARGS(SV_I(id)), -2);
	if (was == -1)
		return failed(st);
	if (was == -2)
		return store_finish(st, OUTCOME_NOT_FOUND);
	if (strcmp(table, "department") == 0 && !retired) {
		long long merged = store_int(st, "SELECT COUNT(*) FROM department WHERE id = $1 AND merged_into IS NOT NULL",
					     ARGS(SV_I(id)), -1);
		if (merged < 0)
			return failed(st);
		if (merged > 0) {
			field_conflict(e, _("The department was merged"),
				       _("Its work was moved to another department, so it cannot be taken into use again."));
			return store_finish(st, OUTCOME_CONFLICT);
		}
	}
	if ((was == 1) == retired)
		return store_finish(st, OUTCOME_OK);
	snprintf(sql, sizeof sql, "UPDATE %s SET retired_at = %s WHERE id = $1", table, retired ? "$2" : "NULL");
	long long rows = retired ? store_exec(st, sql, ARGS(SV_I(id), SV_T(now))) : store_exec(st, sql, ARGS(SV_I(id)));
	if (rows < 0 || audit_record_json(st, account_id, table, id, retired ? "retire" : "restore", NULL) != 0)
		return failed(st);
	return store_finish(st, OUTCOME_OK);
}

/* ---- Departments ----------------------------------------------------------------------------- */

/* The text contract and the form's rules on what a department form sent. */
static void department_check(struct field_errors *e, struct arena *a, struct department_input *in)
{
	check_code_and_name(e, a, &in->code, &in->name, _("Write the department's name."));
	if (field_text(e, a, "contact_email", &in->contact_email, false, 254, NULL, NULL) && *in->contact_email) {
		const char *problem = account_email_problem(in->contact_email);
		if (problem)
			field_error(e, "contact_email", problem);
	}
	if (in->committee_id < 0)
		field_error(e, "committee_id", _("Choose a committee from the list."));
}

/* Inside the caller's transaction: checks what needs the database (the code is free, the
 * committee in use), then inserts or updates, with the audit row. */
static enum outcome department_write(struct store *st, struct arena *a, long long id, struct department_input *in,
				     long long account_id, long long *id_out, struct field_errors *e)
{
	struct department old = {0};
	if (id) {
		enum outcome o = department_load(st, a, id, &old);
		if (o != OUTCOME_OK)
			return o;
	}
	bool taken;
	if (!code_taken(st, "department", in->code, id, &taken))
		return store_outcome(st);
	if (taken)
		field_error(e, "code", _("Another department already has this code; choose another."));
	if (in->committee_id > 0 && in->committee_id != old.committee_id) {
		long long open = store_int(st, "SELECT COUNT(*) FROM committee WHERE id = $1 AND retired_at IS NULL",
					   ARGS(SV_I(in->committee_id)), -1);
		if (open < 0)
			return store_outcome(st);
		if (!open)
			field_error(e, "committee_id", _("Choose a committee from the list."));
	}
	if (e->n)
		return OUTCOME_INVALID;
	const char *email = *in->contact_email ? in->contact_email : NULL;
	struct sv committee = in->committee_id > 0 ? SV_I(in->committee_id) : SV_NULLV;
	json_t *detail = json_object();
	if (!id) {
		id = store_int(st,
			       "INSERT INTO department (code, name, committee_id, contact_email) VALUES ($1, $2, $3, $4) "
			       "RETURNING id",
			       ARGS(SV_T(in->code), SV_T(in->name), committee, SV_TN(email)), -1);
		if (id <= 0) {
			json_decref(detail);
			return store_outcome(st);
		}
		json_object_set_new(detail, "code", json_string(in->code));
		json_object_set_new(detail, "name", json_string(in->name));
		json_object_set_new(detail, "committee_id", in->committee_id > 0 ? json_integer(in->committee_id) : json_null());
		json_object_set_new(detail, "contact_email", email ? json_string(email) : json_null());
	} else {
		changed(detail, "code", old.code, in->code);
		changed(detail, "name", old.name, in->name);
		changed(detail, "contact_email", old.contact_email, email);
		if (old.committee_id != in->committee_id)
			json_object_set_new(detail, "committee_id",
					    json_pack("[o, o]", old.committee_id ? json_integer(old.committee_id) : json_null(),
						      in->committee_id ? json_integer(in->committee_id) : json_null()));
		if (json_object_size(detail) == 0) {
			json_decref(detail);
			if (id_out)
				*id_out = id;
			return OUTCOME_OK;
		}
		if (store_exec(st, "UPDATE department SET code = $2, name = $3, committee_id = $4, contact_email = $5 WHERE id = $1",
			       ARGS(SV_I(id), SV_T(in->code), SV_T(in->name), committee, SV_TN(email))) < 0) {
			json_decref(detail);
			return store_outcome(st);
		}
	}
	if (audit_record_json(st, account_id, "department", id, old.id ? "update" : "create", detail) != 0)
		return store_outcome(st);
	if (id_out)
		*id_out = id;
	return OUTCOME_OK;
}

enum outcome department_save(struct store *st, struct arena *a, long long id, struct department_input *in,
			     long long account_id, long long *id_out, struct field_errors *e)
{
	department_check(e, a, in);
	if (e->n)
		return OUTCOME_INVALID;
	if (store_begin(st) != 0)
		return store_outcome(st);
	return store_finish(st, department_write(st, a, id, in, account_id, id_out, e));
}

enum outcome department_set_retired(struct store *st, long long id, bool retired, long long account_id,
				    struct field_errors *e)
{
	return set_retired(st, "department", id, retired, account_id, e);
}

enum outcome department_merge(struct store *st, long long from, long long into, long long account_id,
			      struct department *moved, struct field_errors *e)
{
	struct arena a = ARENA_INIT;
	struct department src, dst;
	char now[21];
	now_iso(now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	enum outcome o = department_load(st, &a, from, &src);
	if (o != OUTCOME_OK)
		goto out;
	if (src.merged_into) {
		o = field_conflict(e, _("The department was merged"), _("This department was merged into another already."));
		goto out;
	}
	o = into == from ? OUTCOME_NOT_FOUND : department_load(st, &a, into, &dst);
	if (o == OUTCOME_NOT_FOUND || (o == OUTCOME_OK && dst.retired)) {
		field_error(e, "into", _("Choose another department that is in use to merge into."));
		o = OUTCOME_INVALID;
	}
	if (o != OUTCOME_OK)
		goto out;
	/* Every reference to department(id) in the schema: dialogue, submission, account, and
	 * department.merged_into (so a chain of merges ends in the department that is in use). */
	long long dialogues = store_exec(st, "UPDATE dialogue SET department_id = $2 WHERE department_id = $1",
					 ARGS(SV_I(from), SV_I(into)));
	long long submissions = dialogues < 0 ? -1
					      : store_exec(st, "UPDATE submission SET department_id = $2 WHERE department_id = $1",
							   ARGS(SV_I(from), SV_I(into)));
	long long officials = submissions < 0 ? -1
					      : store_exec(st, "UPDATE account SET department_id = $2 WHERE department_id = $1",
							   ARGS(SV_I(from), SV_I(into)));
	if (officials < 0 ||
	    store_exec(st, "UPDATE department SET merged_into = $2 WHERE merged_into = $1", ARGS(SV_I(from), SV_I(into))) < 0 ||
	    store_exec(st, "UPDATE department SET merged_into = $2, retired_at = COALESCE(retired_at, $3) WHERE id = $1",
		       ARGS(SV_I(from), SV_I(into), SV_T(now))) < 0 ||
	    audit_record_json(st, account_id, "department", from, "merge",
			      json_pack("{s:I, s:s, s:I, s:I, s:I}", "into", (json_int_t)into, "into_code", dst.code,
					"dialogues", (json_int_t)dialogues, "submissions", (json_int_t)submissions,
					"officials", (json_int_t)officials)) != 0) {
		o = store_outcome(st);
		goto out;
	}
	if (moved) {
		memset(moved, 0, sizeof *moved);
		moved->id = into;
		moved->dialogues = dialogues;
		moved->submissions = submissions;
		moved->officials = officials;
	}
out:
	arena_free(&a);
	return store_finish(st, o);
}

/* ---- Committees ------------------------------------------------------------------------------ */

static int committees_where(struct store *st, struct arena *a, const char *where, struct committee *out, int max)
{
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT c.id, c.code, c.name, c.retired_at, COALESCE(n.n, 0) FROM committee c "
		 "LEFT JOIN (SELECT committee_id, COUNT(*) AS n FROM department GROUP BY committee_id) n "
		 "ON n.committee_id = c.id %s ORDER BY c.name, c.id",
		 where);
	struct cursor *c = store_query(st, sql, NOARGS);
	int n = 0;
	while (n < max && cursor_next(c)) {
		out[n].id = cursor_int(c, 0);
		out[n].code = cursor_copy(a, c, 1);
		out[n].name = cursor_copy(a, c, 2);
		out[n].retired = !cursor_is_null(c, 3);
		out[n].departments = cursor_int(c, 4);
		n++;
	}
	return cursor_close(c) == 0 ? n : -1;
}

int committee_list(struct store *st, struct arena *a, struct committee *out, int max)
{
	return committees_where(st, a, "", out, max);
}

int committee_list_open(struct store *st, struct arena *a, struct committee *out, int max)
{
	return committees_where(st, a, "WHERE c.retired_at IS NULL", out, max);
}

enum outcome committee_load(struct store *st, struct arena *a, long long id, struct committee *out)
{
	struct cursor *c = store_query(st,
				       "SELECT c.id, c.code, c.name, c.retired_at, "
				       "(SELECT COUNT(*) FROM department WHERE committee_id = c.id) FROM committee c WHERE c.id = $1",
				       ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found) {
		out->id = cursor_int(c, 0);
		out->code = cursor_copy(a, c, 1);
		out->name = cursor_copy(a, c, 2);
		out->retired = !cursor_is_null(c, 3);
		out->departments = cursor_int(c, 4);
	}
	if (cursor_close(c) != 0)
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

/* Inside the caller's transaction: inserts or renames, with the audit row. */
static enum outcome committee_write(struct store *st, struct arena *a, long long id, const char *code, const char *name,
				    long long account_id, long long *id_out, struct field_errors *e)
{
	bool taken;
	if (!code_taken(st, "committee", code, id, &taken))
		return store_outcome(st);
	if (taken) {
		field_error(e, "code", _("Another committee already has this code; choose another."));
		return OUTCOME_INVALID;
	}
	json_t *detail = json_object();
	bool creating = !id;
	if (!creating) {
		struct committee old;
		enum outcome o = committee_load(st, a, id, &old);
		if (o != OUTCOME_OK) {
			json_decref(detail);
			return o;
		}
		changed(detail, "code", old.code, code);
		changed(detail, "name", old.name, name);
		if (json_object_size(detail) == 0) {
			json_decref(detail);
			*id_out = id;
			return OUTCOME_OK;
		}
		if (store_exec(st, "UPDATE committee SET code = $2, name = $3 WHERE id = $1",
			       ARGS(SV_I(id), SV_T(code), SV_T(name))) < 0) {
			json_decref(detail);
			return store_outcome(st);
		}
	} else {
		id = store_int(st, "INSERT INTO committee (code, name) VALUES ($1, $2) RETURNING id", ARGS(SV_T(code), SV_T(name)),
			       -1);
		if (id <= 0) {
			json_decref(detail);
			return store_outcome(st);
		}
		json_object_set_new(detail, "code", json_string(code));
		json_object_set_new(detail, "name", json_string(name));
	}
	if (audit_record_json(st, account_id, "committee", id, creating ? "create" : "update", detail) != 0)
		return store_outcome(st);
	*id_out = id;
	return OUTCOME_OK;
}

enum outcome committee_save(struct store *st, struct arena *a, long long id, const char **code, const char **name,
			    long long account_id, long long *id_out, struct field_errors *e)
{
	check_code_and_name(e, a, code, name, _("Write the committee's name."));
	if (e->n)
		return OUTCOME_INVALID;
	if (store_begin(st) != 0)
		return store_outcome(st);
	long long got = 0;
	return store_finish(st, committee_write(st, a, id, *code, *name, account_id, id_out ? id_out : &got, e));
}

enum outcome committee_set_retired(struct store *st, long long id, bool retired, long long account_id,
				   struct field_errors *e)
{
	return set_retired(st, "committee", id, retired, account_id, e);
}

enum outcome committee_merge(struct store *st, long long from, long long into, long long account_id, long long *moved,
			     struct field_errors *e)
{
	struct arena a = ARENA_INIT;
	struct committee src, dst;
	char now[21];
	now_iso(now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	enum outcome o = committee_load(st, &a, from, &src);
	if (o != OUTCOME_OK)
		goto out;
	o = into == from ? OUTCOME_NOT_FOUND : committee_load(st, &a, into, &dst);
	if (o == OUTCOME_NOT_FOUND || (o == OUTCOME_OK && dst.retired)) {
		field_error(e, "into", _("Choose another committee that is in use to merge into."));
		o = OUTCOME_INVALID;
	}
	if (o != OUTCOME_OK)
		goto out;
	long long n = store_exec(st, "UPDATE department SET committee_id = $2 WHERE committee_id = $1",
				 ARGS(SV_I(from), SV_I(into)));
	if (n < 0 ||
	    store_exec(st, "UPDATE committee SET retired_at = COALESCE(retired_at, $2) WHERE id = $1",
		       ARGS(SV_I(from), SV_T(now))) < 0 ||
	    audit_record_json(st, account_id, "committee", from, "merge",
			      json_pack("{s:I, s:s, s:I}", "into", (json_int_t)into, "into_code", dst.code, "departments",
					(json_int_t)n)) != 0) {
		o = store_outcome(st);
		goto out;
	}
	if (moved)
		*moved = n;
out:
	arena_free(&a);
	return store_finish(st, o);
}

void unit_code_from_name(const char *name, char out[UNIT_CODE_MAX + 1])
{
	static const struct {
		const char *utf8;
		char ascii;
	} letters[] = {{"å", 'a'}, {"ä", 'a'}, {"à", 'a'}, {"á", 'a'}, {"Å", 'a'}, {"Ä", 'a'}, {"ö", 'o'}, {"ø", 'o'},
		       {"Ö", 'o'}, {"Ø", 'o'}, {"é", 'e'}, {"è", 'e'}, {"É", 'e'}, {"ü", 'u'}, {"Ü", 'u'}};
	size_t n = 0;
	bool dash = false;
	for (const char *p = name; *p && n < UNIT_CODE_MAX;) {
		char ch = 0;
		size_t step = 1;
		if (isascii((unsigned char)*p) && isalnum((unsigned char)*p)) {
			ch = (char)tolower((unsigned char)*p);
		} else {
			for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++) {
				size_t len = strlen(letters[i].utf8);
				if (strncmp(p, letters[i].utf8, len) == 0) {
					ch = letters[i].ascii;
					step = len;
					break;
				}
			}
			if (!ch)
				step = text_utf8_char(p, strlen(p)) ? text_utf8_char(p, strlen(p)) : 1;
		}
		p += step;
		if (!ch) {
			dash = n > 0;
			continue;
		}
		if (dash && n + 1 < UNIT_CODE_MAX)
			out[n++] = '-';
		dash = false;
		out[n++] = ch;
	}
	out[n] = 0;
}

/* committee_find_or_create inside the caller's transaction, the name already checked. */
static enum outcome committee_find_or_make(struct store *st, struct arena *a, const char *name, long long account_id,
					   long long *id_out, struct field_errors *e)
{
	struct cursor *c = store_query(st, "SELECT id, retired_at FROM committee WHERE lower(name) = lower($1) ORDER BY id",
				       ARGS(SV_T(name)));
	long long found = 0;
	bool retired = false;
	if (cursor_next(c)) {
		found = cursor_int(c, 0);
		retired = !cursor_is_null(c, 1);
	}
	if (cursor_close(c) != 0)
		return store_outcome(st);
	if (found) {
		*id_out = found;
		if (retired)
			return field_conflict(e, _("The committee is retired"),
					      _("A committee of that name is retired; take it into use again first."));
		return OUTCOME_OK;
	}
	char code[UNIT_CODE_MAX + 1], tried[UNIT_CODE_MAX + 16];
	unit_code_from_name(name, code);
	if (!*code)
		snprintf(code, sizeof code, "committee");
	/* "socialnamnden", then "socialnamnden-2", … when another committee has the code already. */
	snprintf(tried, sizeof tried, "%s", code);
	for (int i = 2; i < 100; i++) {
		bool taken;
		if (!code_taken(st, "committee", tried, 0, &taken))
			return store_outcome(st);
		if (!taken)
			break;
		snprintf(tried, sizeof tried, "%.*s-%d", UNIT_CODE_MAX - 3, code, i);
	}
	return committee_write(st, a, 0, arena_strdup(a, tried), name, account_id, id_out, e);
}

enum outcome committee_find_or_create(struct store *st, struct arena *a, const char *name, long long account_id,
				      long long *id_out, struct field_errors *e)
{
	if (!field_text(e, a, "committee", &name, false, UNIT_NAME_MAX, _("Write the committee's name."), NULL))
		return OUTCOME_INVALID;
	if (store_begin(st) != 0)
		return store_outcome(st);
	return store_finish(st, committee_find_or_make(st, a, name, account_id, id_out, e));
}

enum outcome department_create_in_committee(struct store *st, struct arena *a, struct department_input *in,
					    const char *committee, long long account_id, long long *id_out,
					    struct field_errors *e)
{
	department_check(e, a, in);
	field_text(e, a, "committee", &committee, false, UNIT_NAME_MAX, _("Write the committee's name."), NULL);
	if (e->n)
		return OUTCOME_INVALID;
	if (store_begin(st) != 0)
		return store_outcome(st);
	enum outcome o = committee_find_or_make(st, a, committee, account_id, &in->committee_id, e);
	if (o == OUTCOME_OK)
		o = department_write(st, a, 0, in, account_id, id_out, e);
	return store_finish(st, o);
}
