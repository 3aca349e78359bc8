/* area: the area table and its lists (departments, principles, partners) — their one reader and
 * writer, the rules a saved area keeps, and the audit row of each change. */
#include "domain/area.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/workdays.h"
#include "domain/audit.h"
#include "domain/organisation.h"
#include "domain/participation.h"
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *const status_codes[AREA_STATUSES] = {"proposed", "active", "ended"};

const char *area_status_code(enum area_status s)
{
	return (unsigned)s < AREA_STATUSES ? status_codes[s] : status_codes[0];
}

bool area_status_from_code(const char *code, enum area_status *out)
{
	for (int i = 0; code && i < AREA_STATUSES; i++)
		if (strcmp(code, status_codes[i]) == 0) {
			if (out)
				*out = (enum area_status)i;
			return true;
		}
	return false;
}

const char *area_status_label(enum area_status s)
{
	switch (s) {
	case AREA_ACTIVE: return _("Active");
	case AREA_ENDED: return _("Ended");
	default: return _("Proposed");
	}
}

bool area_manages(const struct account *by, const struct area *area)
{
	if (!by || by->role >= ROLE_COORDINATOR)
		return true;
	if (by->role != ROLE_OFFICIAL || !by->department_id)
		return false;
	for (int i = 0; i < area->ndepartments; i++)
		if (area->department_ids[i] == by->department_id)
			return true;
	return false;
}

/* ---- Reading --------------------------------------------------------------------------------- */

#define AREA_COLUMNS                                                                                   \
	"ar.id, ar.title, ar.description, ar.committee_id, c.name, ar.status, ar.starts_on, ar.ends_on, " \
	"ar.created_at, ar.updated_at, (SELECT COUNT(*) FROM goal g WHERE g.area_id = ar.id) "
#define AREA_FROM " FROM area ar JOIN committee c ON c.id = ar.committee_id "
enum { AC_ID, AC_TITLE, AC_DESCRIPTION, AC_COMMITTEE_ID, AC_COMMITTEE, AC_STATUS, AC_STARTS, AC_ENDS, AC_CREATED,
       AC_UPDATED, AC_GOALS };

static void read_row(struct arena *a, struct cursor *c, struct area *out)
{
	memset(out, 0, sizeof *out);
	out->id = cursor_int(c, AC_ID);
	out->title = cursor_copy(a, c, AC_TITLE);
	out->description = cursor_copy(a, c, AC_DESCRIPTION);
	out->committee_id = cursor_int(c, AC_COMMITTEE_ID);
	out->committee_name = cursor_copy(a, c, AC_COMMITTEE);
	out->status = cursor_copy(a, c, AC_STATUS);
	out->starts_on = cursor_copy(a, c, AC_STARTS);
	out->ends_on = cursor_copy(a, c, AC_ENDS);
	out->created_at = cursor_copy(a, c, AC_CREATED);
	out->updated_at = cursor_copy(a, c, AC_UPDATED);
	out->goals = cursor_int_or(c, AC_GOALS, 0);
}

/* The three lists of one area, each one query. */
static int load_lists(struct store *st, struct arena *a, struct area *out)
{
	struct cursor *c = store_query(st,
				       "SELECT ad.department_id, dp.name FROM area_department ad "
				       "JOIN department dp ON dp.id = ad.department_id WHERE ad.area_id = $1 ORDER BY dp.name, dp.id",
				       ARGS(SV_I(out->id)));
	while (cursor_next(c) && out->ndepartments < AREA_DEPARTMENTS_MAX) {
		out->department_ids[out->ndepartments] = cursor_int(c, 0);
		out->department_names[out->ndepartments++] = cursor_copy(a, c, 1);
	}
	if (cursor_close(c) != 0)
		return -1;
	c = store_query(st, "SELECT principle FROM area_principle WHERE area_id = $1 ORDER BY principle",
			ARGS(SV_I(out->id)));
	while (cursor_next(c) && out->nprinciples < AREA_PRINCIPLES_MAX)
		out->principles[out->nprinciples++] = cursor_copy(a, c, 0);
	if (cursor_close(c) != 0)
		return -1;
	c = store_query(st,
			"SELECT ap.organisation_id, o.name FROM area_partner ap JOIN organisation o ON o.id = ap.organisation_id "
			"WHERE ap.area_id = $1 ORDER BY o.sort_key, o.id",
			ARGS(SV_I(out->id)));
	while (cursor_next(c) && out->npartners < AREA_PARTNERS_MAX) {
		out->partner_ids[out->npartners] = cursor_int(c, 0);
		out->partner_names[out->npartners++] = cursor_copy(a, c, 1);
	}
	return cursor_close(c);
}

enum outcome area_load(struct store *st, struct arena *a, long long id, struct area *out)
{
	memset(out, 0, sizeof *out);
	if (id <= 0)
		return OUTCOME_NOT_FOUND;
	struct cursor *c = store_query(st, "SELECT " AREA_COLUMNS AREA_FROM "WHERE ar.id = $1", ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found)
		read_row(a, c, out);
	if (cursor_close(c) != 0 || (found && load_lists(st, a, out) != 0))
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

int area_list(struct store *st, struct arena *a, long long offset, int max, struct area *out, long long *total)
{
	if (total) {
		*total = store_int(st, "SELECT COUNT(*) FROM area", NOARGS, -1);
		if (*total < 0)
			return -1;
	}
	struct cursor *c = store_query(st, "SELECT " AREA_COLUMNS AREA_FROM "ORDER BY ar.title, ar.id LIMIT $1 OFFSET $2",
				       ARGS(SV_I(max), SV_I(offset)));
	int n = 0;
	while (n < max && cursor_next(c))
		read_row(a, c, &out[n++]);
	return cursor_close(c) == 0 ? n : -1;
}

/* ---- Checking ---------------------------------------------------------------------------------- */

static void check_date(struct field_errors *e, const char *field, const char *value)
{
	if (*value && !workdays_parse(value, NULL))
		field_error(e, field, _("Write the date as YYYY-MM-DD, for example 2026-05-04."));
}

/* Keeps the first of each id; ids ≤ 0 are the form's "choose" and add the error. */
static int unique_ids(long long *ids, int n, struct field_errors *e, const char *field, const char *message)
{
	int kept = 0;
	for (int i = 0; i < n; i++) {
		if (ids[i] <= 0) {
			field_error(e, field, message);
			continue;
		}
		bool seen = false;
		for (int j = 0; j < kept; j++)
			seen |= ids[j] == ids[i];
		if (!seen)
			ids[kept++] = ids[i];
	}
	return kept;
}

/* Every check; -1 when a query failed, else the errors added. old is the stored area (id 0 for a
 * new one): a retired committee or department it already has stays allowed. */
/* The partner typed into the form (partner_add): the one public organisation with that
 * organisation number, or else with exactly that name, added to the partners. 0, or -1 when the
 * store failed. */
static int add_partner(struct store *st, struct arena *a, struct area *in, struct field_errors *e)
{
	if (!in->partner_add || text_blank(in->partner_add))
		return 0;
	const char *typed = text_trim(a, in->partner_add);
	char number[12];
	struct cursor *c = orgnr_normalise(typed, number)
				   ? store_query(st, "SELECT id, name FROM organisation WHERE org_number = $1 AND public = 1",
						 ARGS(SV_T(number)))
				   : store_query(st, "SELECT id, name FROM organisation WHERE name = $1 AND public = 1 LIMIT 2",
						 ARGS(SV_T(typed)));
	long long id = 0;
	const char *name = NULL;
	int n = 0;
	while (cursor_next(c)) {
		if (n++ == 0) {
			id = cursor_int(c, 0);
			name = cursor_copy(a, c, 1);
		}
	}
	if (cursor_close(c) != 0)
		return -1;
	if (n == 0) {
		field_error(e, "partner_add",
			    _("No organisation in the public register has that name or organisation number. Write the "
			      "name exactly as the register has it, or the organisation number."));
		return 0;
	}
	if (n > 1) {
		field_error(e, "partner_add", _("Several organisations have that name: write the organisation number."));
		return 0;
	}
	for (int i = 0; i < in->npartners; i++)
		if (in->partner_ids[i] == id)
			return 0; /* already a partner */
	if (in->npartners == AREA_PARTNERS_MAX) {
		field_error(e, "partner_add", _("The area has as many partners as it can have."));
		return 0;
	}
	in->partner_ids[in->npartners] = id;
	in->partner_names[in->npartners++] = name;
	in->partner_add = "";
	return 0;
}

static int area_check(struct store *st, struct arena *a, struct area *in, const struct area *old,
		      const struct account *by, struct field_errors *e)
{
	int before = e->n;
	field_text(e, a, "title", &in->title, false, AREA_TITLE_MAX, _("Write the area's title."),
		   _("Write the title with at most 200 characters."));
	field_text(e, a, "description", &in->description, true, AREA_TEXT_MAX, NULL,
		   _("This text can be at most 10,000 characters long."));
	in->status = text_trim(a, in->status);
	in->starts_on = text_trim(a, in->starts_on);
	in->ends_on = text_trim(a, in->ends_on);
	if (!*in->status)
		in->status = "proposed";
	if (!area_status_from_code(in->status, NULL))
		field_error(e, "status", _("Choose a status from the list."));
	check_date(e, "starts_on", in->starts_on);
	check_date(e, "ends_on", in->ends_on);
	if (*in->starts_on && *in->ends_on && workdays_parse(in->starts_on, NULL) && workdays_parse(in->ends_on, NULL) &&
	    strcmp(in->ends_on, in->starts_on) < 0)
		field_error(e, "ends_on", _("The end cannot be before the start."));

	if (in->committee_id <= 0) {
		field_error(e, "committee_id", _("Choose the committee that owns the area."));
	} else if (in->committee_id != old->committee_id) {
		long long open = store_int(st, "SELECT COUNT(*) FROM committee WHERE id = $1 AND retired_at IS NULL",
					   ARGS(SV_I(in->committee_id)), -1);
		if (open < 0)
			return -1;
		if (!open)
			field_error(e, "committee_id", _("Choose a committee from the list."));
	}

	if (in->ndepartments < 0 || in->ndepartments > AREA_DEPARTMENTS_MAX)
		in->ndepartments = 0;
	in->ndepartments = unique_ids(in->department_ids, in->ndepartments, e, "department_ids",
				      _("Choose departments from the list."));
	if (!in->ndepartments && !field_has_error(e, "department_ids"))
		field_error(e, "department_ids", _("Choose at least one department that runs the area."));
	bool own = !by || by->role >= ROLE_COORDINATOR;
	for (int i = 0; i < in->ndepartments; i++) {
		bool kept = false;
		for (int j = 0; j < old->ndepartments; j++)
			kept |= old->department_ids[j] == in->department_ids[i];
		if (!kept) {
			long long open = store_int(st, "SELECT COUNT(*) FROM department WHERE id = $1 AND retired_at IS NULL",
						   ARGS(SV_I(in->department_ids[i])), -1);
			if (open < 0)
				return -1;
			if (!open)
				field_error(e, "department_ids", _("Choose departments from the list."));
		}
		own |= by && by->department_id == in->department_ids[i];
	}
	if (!own && in->ndepartments)
		field_error(e, "department_ids", _("Your own department must be one of those that run the area."));

	if (in->nprinciples < 0 || in->nprinciples > AREA_PRINCIPLES_MAX)
		in->nprinciples = 0;
	in->nprinciples = participation_principles_keep(in->principles, in->nprinciples, e, "principles");

	if (in->npartners < 0 || in->npartners > AREA_PARTNERS_MAX)
		in->npartners = 0;
	in->npartners = unique_ids(in->partner_ids, in->npartners, e, "partner_ids",
				   _("Choose partner organisations from the register."));
	for (int i = 0; i < in->npartners; i++) {
		/* The area's page is public: a partner must be an organisation the register shows. Its
		 * name labels the partner's box when the form is shown again. */
		struct cursor *c = store_query(st, "SELECT name FROM organisation WHERE id = $1 AND public = 1",
					       ARGS(SV_I(in->partner_ids[i])));
		bool found = cursor_next(c);
		in->partner_names[i] = found ? cursor_copy(a, c, 0) : "";
		if (cursor_close(c) != 0)
			return -1;
		if (!found) {
			field_error(e, "partner_ids", _("Choose partner organisations from the register."));
			break;
		}
	}
	if (add_partner(st, a, in, e) != 0)
		return -1;
	return e->n - before;
}

/* ---- Saving ------------------------------------------------------------------------------------ */

static bool same_ids(const long long *x, int nx, const long long *y, int ny)
{
	if (nx != ny)
		return false;
	for (int i = 0; i < nx; i++) {
		bool found = false;
		for (int j = 0; j < ny; j++)
			found |= x[i] == y[j];
		if (!found)
			return false;
	}
	return true;
}

/* The names of the fields that differ, for the audit row. */
static json_t *changed_fields(const struct area *old, const struct area *in)
{
	json_t *changed = json_array();
#define CMP_TEXT(f) \
	if (strcmp(old->f ? old->f : "", in->f ? in->f : "") != 0) json_array_append_new(changed, json_string(#f))
	CMP_TEXT(title);
	CMP_TEXT(description);
	CMP_TEXT(status);
	CMP_TEXT(starts_on);
	CMP_TEXT(ends_on);
#undef CMP_TEXT
	if (old->committee_id != in->committee_id)
		json_array_append_new(changed, json_string("committee_id"));
	if (!same_ids(old->department_ids, old->ndepartments, in->department_ids, in->ndepartments))
		json_array_append_new(changed, json_string("department_ids"));
	if (!text_same_set(old->principles, old->nprinciples, in->principles, in->nprinciples))
		json_array_append_new(changed, json_string("principles"));
	if (!same_ids(old->partner_ids, old->npartners, in->partner_ids, in->npartners))
		json_array_append_new(changed, json_string("partner_ids"));
	return changed;
}

/* Replaces the three lists of area id with in's. */
static int write_lists(struct store *st, long long id, const struct area *in)
{
	if (store_exec(st, "DELETE FROM area_department WHERE area_id = $1", ARGS(SV_I(id))) < 0 ||
	    store_exec(st, "DELETE FROM area_principle WHERE area_id = $1", ARGS(SV_I(id))) < 0 ||
	    store_exec(st, "DELETE FROM area_partner WHERE area_id = $1", ARGS(SV_I(id))) < 0)
		return -1;
	for (int i = 0; i < in->ndepartments; i++)
		if (store_exec(st, "INSERT INTO area_department (area_id, department_id) VALUES ($1, $2)",
			       ARGS(SV_I(id), SV_I(in->department_ids[i]))) != 1)
			return -1;
	for (int i = 0; i < in->nprinciples; i++)
		if (store_exec(st, "INSERT INTO area_principle (area_id, principle) VALUES ($1, $2)",
			       ARGS(SV_I(id), SV_T(in->principles[i]))) != 1)
			return -1;
	for (int i = 0; i < in->npartners; i++)
		if (store_exec(st, "INSERT INTO area_partner (area_id, organisation_id) VALUES ($1, $2)",
			       ARGS(SV_I(id), SV_I(in->partner_ids[i]))) != 1)
			return -1;
	return 0;
}

enum outcome area_save(struct store *st, struct arena *a, struct area *in, const struct account *by,
		       long long *id_out, struct field_errors *e)
{
	if (id_out)
		*id_out = 0;
	struct area old;
	memset(&old, 0, sizeof old);
	if (in->id) {
		enum outcome o = area_load(st, a, in->id, &old);
		if (o != OUTCOME_OK)
			return o;
		if (!area_manages(by, &old))
			return OUTCOME_FORBIDDEN;
	}
	int n = area_check(st, a, in, &old, by, e);
	if (n < 0)
		return store_outcome(st);
	if (n > 0)
		return OUTCOME_INVALID;
	char now[21];
	clock_iso(clock_now(), now);
	long long account_id = by ? by->id : 0;
	if (store_begin(st) != 0)
		return store_outcome(st);
	long long id = in->id;
	if (!id) {
		id = store_int(st,
			       "INSERT INTO area (title, description, committee_id, status, starts_on, ends_on, created_by,"
			       " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
			       ARGS(SV_T(in->title), SV_T(in->description), SV_I(in->committee_id), SV_T(in->status),
				    SV_TN(in->starts_on), SV_TN(in->ends_on), account_id ? SV_I(account_id) : SV_NULLV,
				    SV_T(now)),
			       0);
	} else if (store_exec(st,
			      "UPDATE area SET title = $1, description = $2, committee_id = $3, status = $4, starts_on = $5,"
			      " ends_on = $6, updated_at = $7 WHERE id = $8",
			      ARGS(SV_T(in->title), SV_T(in->description), SV_I(in->committee_id), SV_T(in->status),
				   SV_TN(in->starts_on), SV_TN(in->ends_on), SV_T(now), SV_I(id))) != 1) {
		id = 0;
	}
	if (id <= 0 || write_lists(st, id, in) != 0)
		return store_finish(st, store_outcome(st));
	json_t *detail = in->id ? json_pack("{s:o}", "changed", changed_fields(&old, in))
				: json_pack("{s:s,s:I,s:s}", "title", in->title, "committee_id", (json_int_t)in->committee_id,
					    "status", in->status);
	if (audit_record_json(st, account_id, "area", id, in->id ? "update" : "create", detail) != 0)
		return store_finish(st, store_outcome(st));
	enum outcome o = store_finish(st, OUTCOME_OK);
	if (o == OUTCOME_OK && id_out)
		*id_out = id;
	return o;
}
