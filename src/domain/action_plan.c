/* action_plan: the action_plan and plan_* tables — their one reader and writer, the rules a plan
 * and its actions keep, adoption with its snapshot, the history after it, and the audit rows. */
#include "domain/action_plan.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/workdays.h"
#include "domain/audit.h"
#include "domain/feedback_clock.h"
#include "domain/participation.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *plan_state_code(enum plan_state s) { return s == PLAN_ADOPTED ? "adopted" : "draft"; }

const char *plan_state_label(enum plan_state s)
{
	return s == PLAN_ADOPTED ? C_("plan", "Adopted") : C_("plan", "Draft");
}

static const char *const status_codes[ACTION_STATUSES] = {"planned", "in_progress", "done", "postponed",
							   "cancelled"};

const char *action_status_code(enum action_status s)
{
	return (unsigned)s < ACTION_STATUSES ? status_codes[s] : status_codes[0];
}

bool action_status_from_code(const char *code, enum action_status *out)
{
	for (int i = 0; code && i < ACTION_STATUSES; i++)
		if (strcmp(code, status_codes[i]) == 0) {
			if (out)
				*out = (enum action_status)i;
			return true;
		}
	return false;
}

const char *action_status_label(enum action_status s)
{
	switch (s) {
	case ACTION_IN_PROGRESS: return C_("action", "In progress");
	case ACTION_DONE: return C_("action", "Done");
	case ACTION_POSTPONED: return C_("action", "Postponed");
	case ACTION_CANCELLED: return C_("action", "Cancelled");
	default: return C_("action", "Planned");
	}
}

bool action_plan_visible(const struct account *by, const struct action_plan *p)
{
	if (p->state && strcmp(p->state, "adopted") == 0)
		return true;
	return by && account_manages_department(by, p->department_id);
}

bool action_plan_writes(const struct account *by, const struct action_plan *p)
{
	return !by || account_manages_department(by, p->department_id);
}

/* ---- Reading ------------------------------------------------------------------------------------ */

#define PLAN_COLUMNS                                                                                       \
	"p.id, p.department_id, d.name, p.title, p.period_start, p.period_end, p.state, p.adopted_on, "        \
	"p.case_number, p.version, p.created_at, p.updated_at, "                                              \
	"(SELECT COUNT(*) FROM plan_action x WHERE x.plan_id = p.id) "
#define PLAN_FROM " FROM action_plan p JOIN department d ON d.id = p.department_id "

static void read_plan(struct arena *a, struct cursor *c, struct action_plan *out)
{
	memset(out, 0, sizeof *out);
	out->id = cursor_int(c, 0);
	out->department_id = cursor_int(c, 1);
	out->department_name = cursor_copy(a, c, 2);
	out->title = cursor_copy(a, c, 3);
	out->period_start = cursor_copy(a, c, 4);
	out->period_end = cursor_copy(a, c, 5);
	out->state = cursor_copy(a, c, 6);
	out->adopted_on = cursor_copy(a, c, 7);
	out->case_number = cursor_copy(a, c, 8);
	out->version = cursor_int(c, 9);
	out->created_at = cursor_copy(a, c, 10);
	out->updated_at = cursor_copy(a, c, 11);
	out->actions = cursor_int_or(c, 12, 0);
}

enum outcome action_plan_load(struct store *st, struct arena *a, long long id, struct action_plan *out)
{
	memset(out, 0, sizeof *out);
	if (id <= 0)
		return OUTCOME_NOT_FOUND;
	struct cursor *c = store_query(st, "SELECT " PLAN_COLUMNS PLAN_FROM "WHERE p.id = $1", ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found)
		read_plan(a, c, out);
	if (cursor_close(c) != 0)
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

int action_plan_list(struct store *st, struct arena *a, const struct account *by, const struct action_plan_filter *f,
		     long long offset, int max, struct action_plan *out, long long *total)
{
	/* Who sees what, as action_plan_visible: $1 1 sees every draft, else the drafts of
	 * department $2 (0: none). */
	bool all = by && by->role >= ROLE_COORDINATOR;
	long long own = by && by->role == ROLE_OFFICIAL ? by->department_id : 0;
	char from[24] = "", to[24] = "";
	if (f->year > 0) {
		snprintf(from, sizeof from, "%04d-01-01", f->year);
		snprintf(to, sizeof to, "%04d-12-31", f->year);
	}
#define PLAN_WHERE                                                                                 \
	"WHERE (p.state = 'adopted' OR $1 = 1 OR p.department_id = $2) AND ($3 = 0 OR p.department_id = $3) " \
	"AND ($4 = '' OR (p.period_start <= $5 AND p.period_end >= $4)) "
	if (total) {
		*total = store_int(st, "SELECT COUNT(*)" PLAN_FROM PLAN_WHERE,
				   ARGS(SV_I(all ? 1 : 0), SV_I(own), SV_I(f->department_id), SV_T(from), SV_T(to)), -1);
		if (*total < 0)
			return -1;
	}
	struct cursor *c = store_query(
		st, "SELECT " PLAN_COLUMNS PLAN_FROM PLAN_WHERE "ORDER BY p.period_start DESC, d.name, p.id LIMIT $6 OFFSET $7",
		ARGS(SV_I(all ? 1 : 0), SV_I(own), SV_I(f->department_id), SV_T(from), SV_T(to), SV_I(max), SV_I(offset)));
#undef PLAN_WHERE
	int n = 0;
	while (n < max && cursor_next(c))
		read_plan(a, c, &out[n++]);
	return cursor_close(c) == 0 ? n : -1;
}

#define ACTION_COLUMNS                                                                                      \
	"x.id, x.plan_id, x.what, x.responsible_account_id, ac.name, x.starts_on, x.due_on, x.status "
#define ACTION_FROM " FROM plan_action x LEFT JOIN account ac ON ac.id = x.responsible_account_id "

static void read_action(struct arena *a, struct cursor *c, struct plan_action *out)
{
	memset(out, 0, sizeof *out);
	out->id = cursor_int(c, 0);
	out->plan_id = cursor_int(c, 1);
	out->what = cursor_copy(a, c, 2);
	out->responsible_account_id = cursor_int_or(c, 3, 0);
	out->responsible_name = cursor_copy_or_null(a, c, 4);
	out->starts_on = cursor_copy(a, c, 5);
	out->due_on = cursor_copy(a, c, 6);
	out->status = cursor_copy(a, c, 7);
}

static int action_lists(struct store *st, struct arena *a, struct plan_action *x)
{
	struct cursor *c = store_query(st, "SELECT principle FROM plan_action_principle WHERE action_id = $1 ORDER BY principle",
				       ARGS(SV_I(x->id)));
	while (cursor_next(c) && x->nprinciples < PLAN_PRINCIPLES_MAX)
		x->principles[x->nprinciples++] = cursor_copy(a, c, 0);
	if (cursor_close(c) != 0)
		return -1;
	c = store_query(st,
			"SELECT pg.goal_id, g.statement FROM plan_action_goal pg JOIN goal g ON g.id = pg.goal_id "
			"WHERE pg.action_id = $1 ORDER BY pg.goal_id",
			ARGS(SV_I(x->id)));
	while (cursor_next(c) && x->ngoals < PLAN_ACTION_GOALS_MAX) {
		x->goal_ids[x->ngoals] = cursor_int(c, 0);
		x->goal_statements[x->ngoals++] = cursor_copy(a, c, 1);
	}
	return cursor_close(c);
}

enum outcome plan_action_load(struct store *st, struct arena *a, long long id, struct plan_action *out)
{
	memset(out, 0, sizeof *out);
	if (id <= 0)
		return OUTCOME_NOT_FOUND;
	struct cursor *c = store_query(st, "SELECT " ACTION_COLUMNS ACTION_FROM "WHERE x.id = $1", ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found)
		read_action(a, c, out);
	if (cursor_close(c) != 0 || (found && action_lists(st, a, out) != 0))
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

int plan_actions(struct store *st, struct arena *a, long long plan_id, struct plan_action *out, int max)
{
	struct cursor *c = store_query(st, "SELECT " ACTION_COLUMNS ACTION_FROM "WHERE x.plan_id = $1 ORDER BY x.sort, x.id",
				       ARGS(SV_I(plan_id)));
	int n = 0;
	while (n < max && cursor_next(c))
		read_action(a, c, &out[n++]);
	if (cursor_close(c) != 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (action_lists(st, a, &out[i]) != 0)
			return -1;
	return n;
}

int action_plan_area_actions(struct store *st, struct arena *a, long long area_id, struct area_action *out, int max)
{
	struct cursor *c = store_query(
		st,
		"SELECT " ACTION_COLUMNS ", p.title, d.name" ACTION_FROM
		"JOIN action_plan p ON p.id = x.plan_id JOIN department d ON d.id = p.department_id "
		"WHERE p.state = 'adopted' AND EXISTS (SELECT 1 FROM plan_action_goal pg JOIN goal g ON g.id = pg.goal_id "
		"WHERE pg.action_id = x.id AND g.area_id = $1) ORDER BY x.due_on, x.id",
		ARGS(SV_I(area_id)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		struct area_action *o = &out[n++];
		read_action(a, c, &o->action);
		o->plan_title = cursor_copy(a, c, 8);
		o->department_name = cursor_copy(a, c, 9);
	}
	return cursor_close(c) == 0 ? n : -1;
}

int plan_notes(struct store *st, struct arena *a, long long plan_id, struct plan_note *out, int max)
{
	struct cursor *c = store_query(st,
				       "SELECT n.id, n.action_id, n.noted_on, n.text, n.status, ac.name FROM plan_action_note n "
				       "JOIN plan_action x ON x.id = n.action_id LEFT JOIN account ac ON ac.id = n.account_id "
				       "WHERE x.plan_id = $1 ORDER BY n.noted_on, n.id",
				       ARGS(SV_I(plan_id)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		struct plan_note *o = &out[n++];
		o->id = cursor_int(c, 0);
		o->action_id = cursor_int(c, 1);
		o->noted_on = cursor_copy(a, c, 2);
		o->text = cursor_copy(a, c, 3);
		o->status = cursor_copy_or_null(a, c, 4);
		o->account_name = cursor_copy_or_null(a, c, 5);
	}
	return cursor_close(c) == 0 ? n : -1;
}

int plan_versions(struct store *st, struct arena *a, long long plan_id, struct plan_version *out, int max)
{
	struct cursor *c = store_query(st,
				       "SELECT version, adopted_on, case_number, created_at, snapshot FROM plan_version "
				       "WHERE plan_id = $1 ORDER BY version DESC",
				       ARGS(SV_I(plan_id)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		struct plan_version *o = &out[n++];
		o->version = cursor_int(c, 0);
		o->adopted_on = cursor_copy(a, c, 1);
		o->case_number = cursor_copy(a, c, 2);
		o->created_at = cursor_copy(a, c, 3);
		o->snapshot = cursor_copy(a, c, 4);
	}
	return cursor_close(c) == 0 ? n : -1;
}

int plan_changes(struct store *st, struct arena *a, long long plan_id, struct plan_change *out, int max)
{
	struct cursor *c = store_query(st,
				       "SELECT ch.version, ch.action_id, ch.kind, ch.summary, ac.name, ch.changed_at, ch.status "
				       "FROM plan_change ch LEFT JOIN account ac ON ac.id = ch.account_id "
				       "WHERE ch.plan_id = $1 ORDER BY ch.id DESC",
				       ARGS(SV_I(plan_id)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		struct plan_change *o = &out[n++];
		o->version = cursor_int(c, 0);
		o->action_id = cursor_int_or(c, 1, 0);
		o->kind = cursor_copy(a, c, 2);
		o->summary = cursor_copy(a, c, 3);
		o->account_name = cursor_copy_or_null(a, c, 4);
		o->changed_at = cursor_copy(a, c, 5);
		o->status = cursor_copy_or_null(a, c, 6);
	}
	return cursor_close(c) == 0 ? n : -1;
}

int action_plan_lists(struct store *st, struct arena *a, long long plan_id, struct action_plan_lists *out)
{
	out->actions = arena_alloc(a, sizeof *out->actions * PLAN_ACTIONS_MAX);
	out->notes = arena_alloc(a, sizeof *out->notes * PLAN_NOTES_MAX);
	out->versions = arena_alloc(a, sizeof *out->versions * PLAN_VERSIONS_MAX);
	out->changes = arena_alloc(a, sizeof *out->changes * PLAN_CHANGES_MAX);
	out->nactions = plan_actions(st, a, plan_id, out->actions, PLAN_ACTIONS_MAX);
	out->nnotes = plan_notes(st, a, plan_id, out->notes, PLAN_NOTES_MAX);
	out->nversions = plan_versions(st, a, plan_id, out->versions, PLAN_VERSIONS_MAX);
	out->nchanges = plan_changes(st, a, plan_id, out->changes, PLAN_CHANGES_MAX);
	return out->nactions < 0 || out->nnotes < 0 || out->nversions < 0 || out->nchanges < 0 ? -1 : 0;
}

/* ---- Checking ------------------------------------------------------------------------------------ */

/* A date field: trimmed in place; required or "" allowed. False when an error was added. */
static bool check_day(struct field_errors *e, struct arena *a, const char *field, const char **value, bool required)
{
	*value = text_trim(a, *value ? *value : "");
	if ((!**value && required) || (**value && !workdays_parse(*value, NULL))) {
		field_error(e, field, _("Write the date as YYYY-MM-DD, for example 2026-05-04."));
		return false;
	}
	return true;
}

/* ---- Writing ------------------------------------------------------------------------------------- */

/* Inside the change's transaction: a history row when the plan has been adopted. */
static int record_change(struct store *st, const struct action_plan *p, const char *kind, long long action_id,
			 const char *summary, const char *status, long long account_id, const char *now)
{
	if (p->version <= 0)
		return 0;
	return store_exec(st,
			  "INSERT INTO plan_change (plan_id, version, kind, action_id, summary, status, account_id, changed_at) "
			  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			  ARGS(SV_I(p->id), SV_I(p->version), SV_T(kind), action_id ? SV_I(action_id) : SV_NULLV,
			       SV_T(summary), SV_TN(status), account_id ? SV_I(account_id) : SV_NULLV, SV_T(now))) == 1
		       ? 0
		       : -1;
}

enum outcome action_plan_save(struct store *st, struct arena *a, struct action_plan *in, const struct account *by,
			      long long *id_out, struct field_errors *e)
{
	if (id_out)
		*id_out = 0;
	struct action_plan old;
	memset(&old, 0, sizeof old);
	if (in->id) {
		enum outcome o = action_plan_load(st, a, in->id, &old);
		if (o != OUTCOME_OK)
			return o;
		if (!action_plan_writes(by, &old))
			return OUTCOME_FORBIDDEN;
	}
	field_text(e, a, "title", &in->title, false, PLAN_TITLE_MAX, _("Write the plan's title."),
		   _("Write the title with at most 200 characters."));
	bool dates = check_day(e, a, "period_start", &in->period_start, true);
	dates &= check_day(e, a, "period_end", &in->period_end, true);
	if (dates && strcmp(in->period_end, in->period_start) < 0) {
		field_error(e, "period_end", _("The end cannot be before the start."));
		dates = false;
	}
	if (in->department_id <= 0) {
		field_error(e, "department_id", _("Choose the department whose plan it is."));
	} else {
		if (in->department_id != old.department_id) {
			long long open = store_int(st, "SELECT COUNT(*) FROM department WHERE id = $1 AND retired_at IS NULL",
						   ARGS(SV_I(in->department_id)), -1);
			if (open < 0)
				return store_outcome(st);
			if (!open)
				field_error(e, "department_id", _("Choose a department from the list."));
		}
		if (by && !account_manages_department(by, in->department_id))
			field_error(e, "department_id", _("You can write only your own department's action plan."));
	}
	if (dates && !field_has_error(e, "department_id")) {
		long long overlap = store_int(st,
					      "SELECT COUNT(*) FROM action_plan WHERE department_id = $1 AND id <> $2 "
					      "AND period_start <= $3 AND period_end >= $4",
					      ARGS(SV_I(in->department_id), SV_I(in->id), SV_T(in->period_end),
						   SV_T(in->period_start)),
					      -1);
		if (overlap < 0)
			return store_outcome(st);
		if (overlap)
			field_error(e, "period_start",
				    _("The department already has an action plan for a period that overlaps this one."));
	}
	if (e->n)
		return OUTCOME_INVALID;
	char now[21];
	clock_iso(clock_now(), now);
	long long account_id = by ? by->id : 0;
	if (store_begin(st) != 0)
		return store_outcome(st);
	long long id = in->id;
	if (!id) {
		id = store_int(st,
			       "INSERT INTO action_plan (department_id, title, period_start, period_end, created_by, created_at,"
			       " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
			       ARGS(SV_I(in->department_id), SV_T(in->title), SV_T(in->period_start), SV_T(in->period_end),
				    account_id ? SV_I(account_id) : SV_NULLV, SV_T(now)),
			       0);
	} else if (store_exec(st,
			      "UPDATE action_plan SET department_id = $1, title = $2, period_start = $3, period_end = $4,"
			      " updated_at = $5 WHERE id = $6",
			      ARGS(SV_I(in->department_id), SV_T(in->title), SV_T(in->period_start), SV_T(in->period_end),
				   SV_T(now), SV_I(id))) != 1 ||
		   record_change(st, &old, "plan", 0, in->title, NULL, account_id, now) != 0) {
		id = 0;
	}
	if (id <= 0)
		return store_finish(st, store_outcome(st));
	json_t *detail = json_pack("{s:I,s:s,s:s,s:s}", "department_id", (json_int_t)in->department_id, "title", in->title,
				   "period_start", in->period_start, "period_end", in->period_end);
	if (audit_record_json(st, account_id, "action_plan", id, in->id ? "update" : "create", detail) != 0)
		return store_finish(st, store_outcome(st));
	enum outcome o = store_finish(st, OUTCOME_OK);
	if (o == OUTCOME_OK && id_out)
		*id_out = id;
	return o;
}

/* The plan of an action, for writing by `by`: OUTCOME_OK, or why not. */
static enum outcome writable_plan(struct store *st, struct arena *a, long long plan_id, const struct account *by,
				  struct action_plan *p)
{
	enum outcome o = action_plan_load(st, a, plan_id, p);
	if (o != OUTCOME_OK)
		return o;
	/* by NULL is the command line here, which writes every plan. */
	if (by && !action_plan_visible(by, p))
		return OUTCOME_NOT_FOUND;
	return action_plan_writes(by, p) ? OUTCOME_OK : OUTCOME_FORBIDDEN;
}

static int write_action_lists(struct store *st, long long id, const struct plan_action *in)
{
	if (store_exec(st, "DELETE FROM plan_action_principle WHERE action_id = $1", ARGS(SV_I(id))) < 0 ||
	    store_exec(st, "DELETE FROM plan_action_goal WHERE action_id = $1", ARGS(SV_I(id))) < 0)
		return -1;
	for (int i = 0; i < in->nprinciples; i++)
		if (store_exec(st, "INSERT INTO plan_action_principle (action_id, principle) VALUES ($1, $2)",
			       ARGS(SV_I(id), SV_T(in->principles[i]))) != 1)
			return -1;
	for (int i = 0; i < in->ngoals; i++)
		if (store_exec(st, "INSERT INTO plan_action_goal (action_id, goal_id) VALUES ($1, $2)",
			       ARGS(SV_I(id), SV_I(in->goal_ids[i]))) != 1)
			return -1;
	return 0;
}

enum outcome plan_action_save(struct store *st, struct arena *a, struct plan_action *in, const struct account *by,
			      long long *id_out, struct field_errors *e)
{
	if (id_out)
		*id_out = 0;
	if (in->id) {
		struct plan_action old;
		enum outcome o = plan_action_load(st, a, in->id, &old);
		if (o != OUTCOME_OK)
			return o;
		in->plan_id = old.plan_id;
	}
	struct action_plan p;
	enum outcome o = writable_plan(st, a, in->plan_id, by, &p);
	if (o != OUTCOME_OK)
		return o;
	field_text(e, a, "what", &in->what, true, PLAN_WHAT_MAX, _("Write what is to be done."),
		   _("Write the action with at most 1,000 characters."));
	if (in->responsible_account_id < 0) {
		field_error(e, "responsible_account_id", _("Choose the responsible official from the list."));
	} else if (in->responsible_account_id > 0) {
		int may = account_may_handle(st, in->responsible_account_id, p.department_id);
		if (may < 0)
			return store_outcome(st);
		if (!may)
			field_error(e, "responsible_account_id", _("Choose the responsible official from the list."));
	}
	bool dates = check_day(e, a, "starts_on", &in->starts_on, false);
	dates &= check_day(e, a, "due_on", &in->due_on, false);
	if (dates && *in->starts_on && *in->due_on && strcmp(in->due_on, in->starts_on) < 0)
		field_error(e, "due_on", _("The due date cannot be before the start."));
	if (in->nprinciples < 0 || in->nprinciples > PLAN_PRINCIPLES_MAX)
		in->nprinciples = 0;
	in->nprinciples = participation_principles_keep(in->principles, in->nprinciples, e, "principles");
	if (in->ngoals < 0 || in->ngoals > PLAN_ACTION_GOALS_MAX)
		in->ngoals = 0;
	int kept = 0;
	for (int i = 0; i < in->ngoals; i++) {
		bool seen = false;
		for (int j = 0; j < kept; j++)
			seen |= in->goal_ids[j] == in->goal_ids[i];
		if (seen)
			continue;
		long long found = in->goal_ids[i] > 0 ? store_int(st, "SELECT COUNT(*) FROM goal WHERE id = $1",
								 ARGS(SV_I(in->goal_ids[i])), -1)
						      : 0;
		if (found < 0)
			return store_outcome(st);
		if (!found) {
			field_error(e, "goal_ids", _("Choose goals from the list."));
			break;
		}
		in->goal_ids[kept++] = in->goal_ids[i];
	}
	in->ngoals = kept;
	if (e->n)
		return OUTCOME_INVALID;
	char now[21];
	clock_iso(clock_now(), now);
	long long account_id = by ? by->id : 0;
	if (store_begin(st) != 0)
		return store_outcome(st);
	long long id = in->id;
	struct sv responsible = in->responsible_account_id ? SV_I(in->responsible_account_id) : SV_NULLV;
	if (!id) {
		id = store_int(st,
			       "INSERT INTO plan_action (plan_id, what, responsible_account_id, starts_on, due_on, sort,"
			       " created_at, updated_at) VALUES ($1, $2, $3, $4, $5,"
			       " (SELECT COALESCE(MAX(sort), 0) + 1 FROM plan_action WHERE plan_id = $1), $6, $6) RETURNING id",
			       ARGS(SV_I(in->plan_id), SV_T(in->what), responsible, SV_TN(in->starts_on), SV_TN(in->due_on),
				    SV_T(now)),
			       0);
	} else if (store_exec(st,
			      "UPDATE plan_action SET what = $1, responsible_account_id = $2, starts_on = $3, due_on = $4,"
			      " updated_at = $5 WHERE id = $6",
			      ARGS(SV_T(in->what), responsible, SV_TN(in->starts_on), SV_TN(in->due_on), SV_T(now),
				   SV_I(id))) != 1) {
		id = 0;
	}
	if (id <= 0 || write_action_lists(st, id, in) != 0 ||
	    record_change(st, &p, in->id ? "action_changed" : "action_added", id, in->what, NULL, account_id, now) != 0 ||
	    store_exec(st, "UPDATE action_plan SET updated_at = $1 WHERE id = $2", ARGS(SV_T(now), SV_I(p.id))) != 1)
		return store_finish(st, store_outcome(st));
	json_t *principles = json_array();
	for (int i = 0; i < in->nprinciples; i++)
		json_array_append_new(principles, json_string(in->principles[i]));
	json_t *goals = json_array();
	for (int i = 0; i < in->ngoals; i++)
		json_array_append_new(goals, json_integer(in->goal_ids[i]));
	json_t *detail = json_pack("{s:I,s:s,s:I,s:s,s:s,s:o,s:o}", "action_id", (json_int_t)id, "what", in->what,
				   "responsible_account_id", (json_int_t)in->responsible_account_id, "starts_on",
				   in->starts_on, "due_on", in->due_on, "principles", principles, "goal_ids", goals);
	if (audit_record_json(st, account_id, "action_plan", p.id, in->id ? "action_update" : "action_create", detail) !=
	    0)
		return store_finish(st, store_outcome(st));
	o = store_finish(st, OUTCOME_OK);
	if (o == OUTCOME_OK && id_out)
		*id_out = id;
	return o;
}

enum outcome plan_action_progress(struct store *st, struct arena *a, long long action_id, const char *status,
				  const char *noted_on, const char *text, const struct account *by,
				  struct field_errors *e)
{
	struct plan_action x;
	enum outcome o = plan_action_load(st, a, action_id, &x);
	if (o != OUTCOME_OK)
		return o;
	struct action_plan p;
	o = writable_plan(st, a, x.plan_id, by, &p);
	if (o != OUTCOME_OK)
		return o;
	status = text_trim(a, status ? status : "");
	if (!*status)
		status = x.status;
	if (!action_status_from_code(status, NULL))
		field_error(e, "status", _("Choose a status from the list."));
	char today[11];
	feedback_local_date(clock_now(), today);
	if (check_day(e, a, "noted_on", &noted_on, true) && strcmp(noted_on, today) > 0)
		field_error(e, "noted_on", _("The date cannot be in the future."));
	field_text(e, a, "text", &text, true, PLAN_NOTE_MAX, _("Write what has happened."),
		   _("Write the note with at most 2,000 characters."));
	if (e->n)
		return OUTCOME_INVALID;
	bool changed = strcmp(status, x.status) != 0;
	char now[21];
	clock_iso(clock_now(), now);
	long long account_id = by ? by->id : 0;
	if (store_begin(st) != 0)
		return store_outcome(st);
	if (store_exec(st,
		       "INSERT INTO plan_action_note (action_id, noted_on, text, status, account_id, created_at) "
		       "VALUES ($1, $2, $3, $4, $5, $6)",
		       ARGS(SV_I(action_id), SV_T(noted_on), SV_T(text), changed ? SV_T(status) : SV_NULLV,
			    account_id ? SV_I(account_id) : SV_NULLV, SV_T(now))) != 1 ||
	    (changed && store_exec(st, "UPDATE plan_action SET status = $1, updated_at = $2 WHERE id = $3",
				   ARGS(SV_T(status), SV_T(now), SV_I(action_id))) != 1) ||
	    record_change(st, &p, changed ? "status" : "note", action_id, x.what, changed ? status : NULL, account_id,
			  now) != 0 ||
	    store_exec(st, "UPDATE action_plan SET updated_at = $1 WHERE id = $2", ARGS(SV_T(now), SV_I(p.id))) != 1)
		return store_finish(st, store_outcome(st));
	json_t *detail = json_pack("{s:I,s:s,s:s,s:s,s:s}", "action_id", (json_int_t)action_id, "noted_on", noted_on,
				   "text", text, "status", status, "old_status", x.status);
	if (audit_record_json(st, account_id, "action_plan", p.id, "progress", detail) != 0)
		return store_finish(st, store_outcome(st));
	return store_finish(st, OUTCOME_OK);
}

static json_t *text_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

json_t *plan_action_json(const struct plan_action *x)
{
	json_t *principles = json_array();
	for (int k = 0; k < x->nprinciples; k++)
		json_array_append_new(principles, json_string(x->principles[k]));
	json_t *goals = json_array();
	for (int k = 0; k < x->ngoals; k++)
		json_array_append_new(goals, json_integer(x->goal_ids[k]));
	return json_pack("{s:I,s:s,s:o,s:o,s:o,s:s,s:o,s:o}", "id", (json_int_t)x->id, "what", x->what, "responsible",
			 text_or_null(x->responsible_name), "starts_on", text_or_null(x->starts_on), "due_on",
			 text_or_null(x->due_on), "status", x->status, "principles", principles, "goal_ids", goals);
}

/* The plan as it stands, as the JSON a version keeps: its details and its actions. */
static json_t *snapshot(const struct action_plan *p, const struct plan_action *xs, int n)
{
	json_t *actions = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(actions, plan_action_json(&xs[i]));
	return json_pack("{s:{s:I,s:s,s:I,s:s,s:s,s:s,s:s,s:I,s:s},s:o}", "plan", "id", (json_int_t)p->id, "title", p->title,
			 "department_id", (json_int_t)p->department_id, "department", p->department_name,
			 "period_start", p->period_start, "period_end", p->period_end, "adopted_on", p->adopted_on,
			 "version", (json_int_t)p->version, "case_number", p->case_number, "actions", actions);
}

enum outcome action_plan_adopt(struct store *st, struct arena *a, long long plan_id, const char *adopted_on,
			       const char *case_number, const struct account *by, struct field_errors *e)
{
	struct action_plan p;
	enum outcome o = writable_plan(st, a, plan_id, by, &p);
	if (o != OUTCOME_OK)
		return o;
	char today[11];
	feedback_local_date(clock_now(), today);
	if (check_day(e, a, "adopted_on", &adopted_on, true) && strcmp(adopted_on, today) > 0)
		field_error(e, "adopted_on", _("The date cannot be in the future."));
	field_text(e, a, "case_number", &case_number, false, PLAN_CASE_MAX, _("Write the decision's case number."),
		   _("Write the case number with at most 50 characters."));
	if (e->n)
		return OUTCOME_INVALID;
	char now[21];
	clock_iso(clock_now(), now);
	long long account_id = by ? by->id : 0;
	if (store_begin(st) != 0)
		return store_outcome(st);
	/* Read again inside the transaction: the snapshot is the plan as adopted. */
	struct plan_action *xs = arena_alloc(a, sizeof *xs * PLAN_ACTIONS_MAX);
	int n = plan_actions(st, a, plan_id, xs, PLAN_ACTIONS_MAX);
	o = action_plan_load(st, a, plan_id, &p);
	if (n < 0 || o != OUTCOME_OK)
		return store_finish(st, o != OUTCOME_OK ? o : store_outcome(st));
	p.version++;
	p.adopted_on = adopted_on;
	p.case_number = case_number;
	p.state = "adopted";
	json_t *snap = snapshot(&p, xs, n);
	char *json = snap ? json_dumps(snap, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(snap);
	if (!json)
		return store_finish(st, OUTCOME_FAILED);
	long long rows = store_exec(st,
				    "UPDATE action_plan SET state = 'adopted', adopted_on = $1, case_number = $2, version = $3,"
				    " updated_at = $4 WHERE id = $5",
				    ARGS(SV_T(adopted_on), SV_T(case_number), SV_I(p.version), SV_T(now), SV_I(plan_id)));
	if (rows == 1)
		rows = store_exec(st,
				  "INSERT INTO plan_version (plan_id, version, adopted_on, case_number, snapshot, created_at) "
				  "VALUES ($1, $2, $3, $4, $5, $6)",
				  ARGS(SV_I(plan_id), SV_I(p.version), SV_T(adopted_on), SV_T(case_number), SV_T(json),
				       SV_T(now)));
	free(json);
	if (rows != 1)
		return store_finish(st, store_outcome(st));
	json_t *detail = json_pack("{s:I,s:s,s:s}", "version", (json_int_t)p.version, "adopted_on", adopted_on,
				   "case_number", case_number);
	if (audit_record_json(st, account_id, "action_plan", plan_id, "adopt", detail) != 0)
		return store_finish(st, store_outcome(st));
	return store_finish(st, OUTCOME_OK);
}

/* ---- Completion ----------------------------------------------------------------------------------- */

/* The plans of the year ($1 the year's last day, $2 its first) of one department ($3) or one
 * committee's departments ($4), 0 for any: the one rule for both the completion and the counts. */
#define YEAR_PLANS                                                                                          \
	" FROM action_plan p JOIN department d ON d.id = p.department_id WHERE p.period_start <= $1 AND "      \
	"p.period_end >= $2 AND ($3 = 0 OR p.department_id = $3) AND ($4 = 0 OR d.committee_id = $4) "
#define YEAR_PLANS_ARGS ARGS(SV_T(to), SV_T(from), SV_I(department_id), SV_I(committee_id))

static void year_bounds(int year, char from[24], char to[24])
{
	snprintf(from, 24, "%04d-01-01", year);
	snprintf(to, 24, "%04d-12-31", year);
}

/* Adds a status's count read from a row to by_status (indexed by enum action_status); false for a
 * status the program does not know. */
static bool status_add(const char *code, long long k, long long by_status[ACTION_STATUSES])
{
	enum action_status s = ACTION_PLANNED;
	if (!action_status_from_code(code, &s))
		return false;
	by_status[s] += k;
	return true;
}

int action_plan_completion(struct store *st, int year, long long committee_id, long long department_id,
			   struct action_plan_completion *out)
{
	memset(out, 0, sizeof *out);
	char from[24], to[24];
	year_bounds(year, from, to);
	struct cursor *c = store_query(st,
				       "SELECT COUNT(*), COALESCE(SUM(CASE WHEN p.state = 'adopted' THEN 1 ELSE 0 END), 0)" YEAR_PLANS,
				       YEAR_PLANS_ARGS);
	if (cursor_next(c)) {
		out->plans = cursor_int_or(c, 0, 0);
		out->adopted = cursor_int_or(c, 1, 0);
	}
	if (cursor_close(c) != 0)
		return -1;
	c = store_query(st,
			"SELECT x.status, COUNT(*) FROM plan_action x WHERE x.plan_id IN (SELECT p.id" YEAR_PLANS
			") GROUP BY x.status",
			YEAR_PLANS_ARGS);
	long long by[ACTION_STATUSES] = {0};
	while (cursor_next(c)) {
		long long k = cursor_int_or(c, 1, 0);
		if (status_add(cursor_text(c, 0), k, by))
			out->actions += k;
	}
	out->planned = by[ACTION_PLANNED];
	out->in_progress = by[ACTION_IN_PROGRESS];
	out->done = by[ACTION_DONE];
	out->postponed = by[ACTION_POSTPONED];
	out->cancelled = by[ACTION_CANCELLED];
	return cursor_close(c) == 0 ? 0 : -1;
}

int action_plan_principle_counts(struct store *st, int year, long long committee_id, long long department_id,
				 struct action_principle_count out[PLAN_PRINCIPLES_MAX])
{
	memset(out, 0, sizeof *out * PLAN_PRINCIPLES_MAX);
	char from[24], to[24];
	year_bounds(year, from, to);
	struct cursor *c = store_query(st,
				       "SELECT ap.principle, x.status, COUNT(*) FROM plan_action_principle ap "
				       "JOIN plan_action x ON x.id = ap.action_id WHERE x.plan_id IN (SELECT p.id" YEAR_PLANS
				       ") GROUP BY ap.principle, x.status",
				       YEAR_PLANS_ARGS);
	const struct participation_term *terms;
	int nterms = participation_terms(PART_PRINCIPLE, &terms);
	while (cursor_next(c)) {
		const char *principle = cursor_text(c, 0);
		for (int i = 0; principle && i < nterms && i < PLAN_PRINCIPLES_MAX; i++) {
			if (strcmp(terms[i].code, principle) != 0)
				continue;
			long long k = cursor_int_or(c, 2, 0);
			if (status_add(cursor_text(c, 1), k, out[i].by_status))
				out[i].actions += k;
			break;
		}
	}
	return cursor_close(c) == 0 ? 0 : -1;
}
#undef YEAR_PLANS_ARGS
#undef YEAR_PLANS
