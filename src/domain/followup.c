/* followup: the yearly follow-up gathered from the owners of each figure (dialogue, feedback_stats,
 * area, goal) and laid out once as tables for every format. */
#include "domain/followup.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/log.h"
#include "domain/area.h"
#include "domain/department.h"
#include "domain/export_file.h"
#include "domain/feedback_clock.h"
#include "domain/participation.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>

/* Far more than any municipality has; a list that reaches it is logged as a bug. */
#define UNITS_MAX 512
#define AREAS_MAX 1000
#define GOALS_PER_AREA_MAX 200
#define VALUES_MAX 2000

bool followup_year_parse(const char *text, int *out)
{
	if (!text || strlen(text) != 4 || strspn(text, "0123456789") != 4)
		return false;
	int y = atoi(text);
	if (y < FOLLOWUP_YEAR_MIN || y > FOLLOWUP_YEAR_MAX)
		return false;
	*out = y;
	return true;
}

static enum outcome principles_compute(struct store *st, const struct followup_report *r, long long committee_id,
				       long long department_id, struct followup_principles *p)
{
	_Static_assert(FEEDBACK_PRINCIPLES == PLAN_PRINCIPLES_MAX, "one row per principle in both owners");
	if (dialogue_principle_counts(st, r->from, r->to, committee_id, department_id, p->held, p->reported) != 0)
		return store_outcome(st);
	struct action_plan_completion all;
	if (action_plan_principle_counts(st, r->year, committee_id, department_id, p->actions) != 0 ||
	    action_plan_completion(st, r->year, committee_id, department_id, &all) != 0)
		return store_outcome(st);
	struct action_principle_count *total = &p->actions[FEEDBACK_PRINCIPLES];
	total->actions = all.actions;
	total->by_status[ACTION_PLANNED] = all.planned;
	total->by_status[ACTION_IN_PROGRESS] = all.in_progress;
	total->by_status[ACTION_DONE] = all.done;
	total->by_status[ACTION_POSTPONED] = all.postponed;
	total->by_status[ACTION_CANCELLED] = all.cancelled;
	return feedback_stats_by_principle(st, r->from, r->to, r->today, committee_id, department_id, p->answers);
}

/* Whether the area is the scope's: every area for the municipality, the committee's own, or one
 * the department runs. */
static bool area_in_scope(const struct followup_report *r, const struct area *ar)
{
	if (r->scope == FOLLOWUP_COMMITTEE)
		return ar->committee_id == r->committee_id;
	if (r->scope == FOLLOWUP_DEPARTMENT) {
		for (int i = 0; i < ar->ndepartments; i++)
			if (ar->department_ids[i] == r->department_id)
				return true;
		return false;
	}
	return true;
}

static enum outcome goals_gather(struct store *st, struct arena *a, struct followup_report *r)
{
	/* How many there are first, so the list takes the room it needs (an area is a large struct). */
	struct area first;
	long long total = 0;
	if (area_list(st, a, 0, 1, &first, &total) < 0)
		return store_outcome(st);
	int want = total < AREAS_MAX ? (int)total : AREAS_MAX;
	struct area *areas = arena_alloc(a, sizeof *areas * (size_t)(want ? want : 1));
	int nareas = want ? area_list(st, a, 0, want, areas, &total) : 0;
	if (nareas < 0)
		return store_outcome(st);
	if (total > nareas)
		log_bug("followup: %lld areas, only %d read", total, nareas);
	int cap = 0, n = 0;
	struct followup_goal *goals = NULL;
	for (int i = 0; i < nareas; i++) {
		struct area full;
		enum outcome o = area_load(st, a, areas[i].id, &full);
		if (o != OUTCOME_OK)
			return o;
		if (!area_in_scope(r, &full) || full.goals == 0)
			continue;
		struct goal *gs = arena_alloc(a, sizeof *gs * GOALS_PER_AREA_MAX);
		int ng = goal_list(st, a, full.id, gs, GOALS_PER_AREA_MAX);
		if (ng < 0)
			return store_outcome(st);
		for (int j = 0; j < ng; j++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				struct followup_goal *more = arena_alloc(a, sizeof *more * (size_t)cap);
				if (n)
					memcpy(more, goals, sizeof *more * (size_t)n);
				goals = more;
			}
			struct followup_goal *fg = &goals[n++];
			memset(fg, 0, sizeof *fg);
			fg->goal = gs[j];
			struct goal_value *values = arena_alloc(a, sizeof *values * VALUES_MAX);
			int nv = goal_values(st, a, gs[j].id, values, VALUES_MAX);
			if (nv < 0)
				return store_outcome(st);
			/* The year as it ended: nothing measured after its last day counts. */
			while (nv > 0 && strcmp(values[nv - 1].measured_on, r->to) > 0)
				nv--;
			fg->values = values;
			fg->nvalues = nv;
			for (int k = nv - 1; k >= 0 && strcmp(values[k].measured_on, r->from) >= 0; k--)
				if (values[k].value_text) {
					fg->latest_on = values[k].measured_on;
					fg->latest_value = values[k].value_text;
					break;
				}
			fg->status = goal_status_of(&gs[j], values, nv);
		}
	}
	r->goals = goals;
	r->ngoals = n;
	return OUTCOME_OK;
}

static enum outcome scope_find(struct store *st, struct arena *a, const char *committee_code,
			       const char *department_code, struct followup_report *r, struct field_errors *e)
{
	if (department_code && *department_code) {
		struct department d;
		enum outcome o = department_by_code(st, a, department_code, &d);
		if (o == OUTCOME_NOT_FOUND)
			field_error(e, "department", _("There is no department with that code."));
		if (o != OUTCOME_OK)
			return o;
		r->scope = FOLLOWUP_DEPARTMENT;
		r->department_id = d.id;
		r->scope_code = d.code;
		r->scope_name = d.name;
		return OUTCOME_OK;
	}
	if (committee_code && *committee_code) {
		struct committee *cs = arena_alloc(a, sizeof *cs * UNITS_MAX);
		int n = committee_list(st, a, cs, UNITS_MAX);
		if (n < 0)
			return store_outcome(st);
		for (int i = 0; i < n; i++)
			if (strcasecmp(cs[i].code, committee_code) == 0) {
				r->scope = FOLLOWUP_COMMITTEE;
				r->committee_id = cs[i].id;
				r->scope_code = cs[i].code;
				r->scope_name = cs[i].name;
				return OUTCOME_OK;
			}
		field_error(e, "committee", _("There is no committee with that code."));
		return OUTCOME_NOT_FOUND;
	}
	r->scope = FOLLOWUP_ALL;
	return OUTCOME_OK;
}

enum outcome followup_build(struct store *st, struct arena *a, int year, const char *committee_code,
			    const char *department_code, struct followup_report *out, struct field_errors *e)
{
	memset(out, 0, sizeof *out);
	if (year < FOLLOWUP_YEAR_MIN || year > FOLLOWUP_YEAR_MAX) {
		field_error(e, "year", _("Choose a year from 2000 to 2100."));
		return OUTCOME_INVALID;
	}
	if (committee_code && *committee_code && department_code && *department_code) {
		field_error(e, "department", _("Choose a committee or a department, not both."));
		return OUTCOME_INVALID;
	}
	out->year = year;
	snprintf(out->from, sizeof out->from, "%04d-01-01", year);
	snprintf(out->to, sizeof out->to, "%04d-12-31", year);
	feedback_local_date(clock_now(), out->today);
	enum outcome o = scope_find(st, a, committee_code, department_code, out, e);
	if (o == OUTCOME_OK)
		o = principles_compute(st, out, out->committee_id, out->department_id, &out->overall);
	if (o == OUTCOME_OK && out->scope != FOLLOWUP_DEPARTMENT) {
		struct department *deps = arena_alloc(a, sizeof *deps * UNITS_MAX);
		int n = department_list(st, a, deps, UNITS_MAX);
		if (n < 0)
			return store_outcome(st);
		out->units = arena_alloc(a, sizeof *out->units * (size_t)(n ? n : 1));
		for (int i = 0; o == OUTCOME_OK && i < n; i++) {
			if (out->scope == FOLLOWUP_COMMITTEE && deps[i].committee_id != out->committee_id)
				continue;
			struct followup_unit *u = &out->units[out->nunits];
			memset(u, 0, sizeof *u);
			u->id = deps[i].id;
			u->code = deps[i].code;
			u->name = deps[i].name;
			o = principles_compute(st, out, 0, u->id, &u->p);
			if (o == OUTCOME_OK && (u->p.held[FEEDBACK_PRINCIPLES] > 0 ||
						u->p.answers[FEEDBACK_PRINCIPLES].received > 0))
				out->nunits++;
		}
	}
	if (o == OUTCOME_OK)
		o = goals_gather(st, a, out);
	if (o == OUTCOME_OK &&
	    action_plan_completion(st, year, out->committee_id, out->department_id, &out->plans) != 0)
		o = store_outcome(st);
	return o;
}

/* ---- Tables ---------------------------------------------------------------------------------- */

int followup_tables_max(const struct followup_report *r) { return 4 + 2 * r->nunits; }

static struct followup_cell text_cell(const char *s)
{
	return (struct followup_cell){.text = s ? s : ""};
}

static struct followup_cell number_cell(struct arena *a, double v)
{
	char s[32];
	goal_number_format(v, s);
	return (struct followup_cell){.text = arena_strdup(a, s), .number = true, .value = v};
}

static struct followup_cell count_cell(struct arena *a, long long n) { return number_cell(a, (double)n); }

static void table_start(struct arena *a, enum followup_table_kind kind, const char *sheet, const char *caption,
			long long department_id, const char *const *msgids, int ncols, int nrows, struct followup_table *t)
{
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->sheet = sheet;
	t->caption = caption;
	t->department_id = department_id;
	t->ncols = ncols;
	t->nrows = nrows;
	t->headers = arena_alloc(a, sizeof *t->headers * (size_t)ncols);
	for (int i = 0; i < ncols; i++)
		t->headers[i] = _(msgids[i]);
	t->cells = arena_alloc(a, sizeof *t->cells * (size_t)(ncols * (nrows ? nrows : 1)));
}

/* A row's name: the principle's code and label, or the total. */
static struct followup_cell principle_cell(struct arena *a, int i)
{
	const struct participation_term *terms;
	participation_terms(PART_PRINCIPLE, &terms);
	return text_cell(i < FEEDBACK_PRINCIPLES ? arena_printf(a, "%s %s", terms[i].code, _(terms[i].label))
						 : _("All principles"));
}

/* One scope's dialogues and views per principle: a row per principle and the total. */
static void principles_table(struct arena *a, const struct followup_principles *p, const char *sheet,
			     const char *caption, long long department_id, struct followup_table *t)
{
	static const char *const msgids[] = {
		N_("Principle"), N_("Dialogues held"), N_("Views received"), N_("Answered"), N_("Measured"),
		N_("Answered in time"), N_("Share in time, %"), N_("Median, working days"),
		N_("What happened next published"),
	};
	enum { NCOLS = sizeof msgids / sizeof *msgids };
	table_start(a, FOLLOWUP_TABLE_PRINCIPLES, sheet, caption, department_id, msgids, NCOLS, FEEDBACK_PRINCIPLES + 1, t);
	t->total_row = true;
	for (int i = 0; i < t->nrows; i++) {
		struct followup_cell *row = &t->cells[i * NCOLS];
		const struct feedback_stats_row *s = &p->answers[i];
		row[0] = principle_cell(a, i);
		row[1] = count_cell(a, p->held[i]);
		row[2] = count_cell(a, s->received);
		row[3] = count_cell(a, s->answered);
		row[4] = count_cell(a, s->measured);
		row[5] = count_cell(a, s->within_target);
		row[6] = s->measured > 0 ? count_cell(a, feedback_share_percent(s)) : text_cell("");
		row[7] = s->has_days ? number_cell(a, s->median) : text_cell("");
		row[8] = count_cell(a, p->reported[i]);
	}
}

/* One scope's actions of the year's plans serving each principle, by status (enum action_status
 * order): a row per principle and the total. */
static void actions_table(struct arena *a, const struct followup_principles *p, const char *sheet,
			  const char *caption, long long department_id, struct followup_table *t)
{
	static const char *const msgids[] = {
		N_("Principle"),         N_("Actions planned"),   N_("Actions in progress"),
		N_("Actions done"),      N_("Actions postponed"), N_("Actions cancelled"),
	};
	enum { NCOLS = sizeof msgids / sizeof *msgids };
	_Static_assert(NCOLS == 1 + ACTION_STATUSES, "a column per action status");
	table_start(a, FOLLOWUP_TABLE_ACTIONS, sheet, caption, department_id, msgids, NCOLS, FEEDBACK_PRINCIPLES + 1, t);
	t->total_row = true;
	for (int i = 0; i < t->nrows; i++) {
		struct followup_cell *row = &t->cells[i * NCOLS];
		row[0] = principle_cell(a, i);
		for (int k = 0; k < ACTION_STATUSES; k++)
			row[1 + k] = count_cell(a, p->actions[i].by_status[k]);
	}
}

static void goals_table(struct arena *a, const struct followup_report *r, struct followup_table *t)
{
	static const char *const msgids[] = {
		N_("Goal"), N_("Area"), N_("Unit"), N_("Baseline"), N_("Baseline date"), N_("Target"), N_("Target date"),
		N_("Latest value in the year"), N_("Measured on"), N_("Status"),
	};
	enum { NCOLS = sizeof msgids / sizeof *msgids };
	/* Each value's date is its own column for the data's users; the page shows it with the value. */
	static const bool dated[NCOLS] = {[3] = true, [5] = true, [7] = true};
	table_start(a, FOLLOWUP_TABLE_GOALS, _("Goals"), arena_printf(a, _("Goals at the end of %d"), r->year), 0, msgids,
		    NCOLS, r->ngoals, t);
	t->dated = dated;
	for (int i = 0; i < r->ngoals; i++) {
		const struct followup_goal *fg = &r->goals[i];
		const struct goal *g = &fg->goal;
		struct followup_cell *row = &t->cells[i * NCOLS];
		row[0] = text_cell(g->statement);
		row[1] = text_cell(g->area_title);
		row[2] = text_cell(g->unit);
		row[3] = number_cell(a, g->baseline);
		row[4] = text_cell(g->baseline_on);
		row[5] = number_cell(a, g->target);
		row[6] = text_cell(g->target_on);
		double v = 0;
		row[7] = fg->latest_value && goal_number_parse(fg->latest_value, &v) ? number_cell(a, v) : text_cell("");
		row[8] = text_cell(fg->latest_on);
		row[9] = text_cell(goal_status_label(fg->status));
	}
}

/* The action plans of the year and their actions by status, one figure a row. */
static void plans_table(struct arena *a, const struct followup_report *r, struct followup_table *t)
{
	const struct action_plan_completion *p = &r->plans;
	const struct {
		const char *msgid;
		long long n;
	} rows[] = {
		{N_("Action plans"), p->plans},      {N_("Adopted action plans"), p->adopted}, {N_("Actions"), p->actions},
		{N_("Actions done"), p->done},       {N_("Actions in progress"), p->in_progress},
		{N_("Actions planned"), p->planned}, {N_("Actions postponed"), p->postponed},
		{N_("Actions cancelled"), p->cancelled},
	};
	enum { NCOLS = 3, NROWS = sizeof rows / sizeof *rows };
	memset(t, 0, sizeof *t);
	t->kind = FOLLOWUP_TABLE_PLANS;
	t->sheet = _("Action plans");
	t->caption = arena_printf(a, _("Action plans whose period overlaps %d"), r->year);
	t->ncols = NCOLS;
	t->nrows = NROWS;
	t->headers = arena_alloc(a, sizeof *t->headers * NCOLS);
	t->headers[0] = _("Figure");
	t->headers[1] = _("Number");
	t->headers[2] = _("Share of the actions, per cent");
	t->cells = arena_alloc(a, sizeof *t->cells * NCOLS * NROWS);
	for (int i = 0; i < NROWS; i++) {
		struct followup_cell *row = &t->cells[i * NCOLS];
		row[0] = text_cell(_(rows[i].msgid));
		row[1] = count_cell(a, rows[i].n);
		/* Rounded half up from integers, as the shares answered in time are. */
		row[2] = i >= 3 && p->actions > 0 ? count_cell(a, (200 * rows[i].n + p->actions) / (2 * p->actions))
						  : text_cell("");
	}
}

/* A sheet name of at most 31 characters not yet used (ignoring case): `name`, or else `fallback`. */
static const char *sheet_name(struct arena *a, const struct followup_table *t, int n, const char *name,
			      const char *fallback)
{
	char sheet[32];
	snprintf(sheet, sizeof sheet, "%.31s", name);
	for (int k = 0; k < n; k++)
		if (strcasecmp(t[k].sheet, sheet) == 0) {
			snprintf(sheet, sizeof sheet, "%.31s", fallback);
			break;
		}
	return arena_strdup(a, sheet);
}

int followup_tables(const struct followup_report *r, struct arena *a, struct followup_table *out, int max)
{
	int n = 0;
	const char *whose = r->scope_name ? r->scope_name : _("the whole municipality");
	if (n < max)
		principles_table(a, &r->overall, _("Principles"),
				 arena_printf(a, _("Dialogues and views per principle in %d: %s"), r->year, whose),
				 r->department_id, &out[n++]);
	if (n < max)
		actions_table(a, &r->overall, _("Actions per principle"),
			      arena_printf(a, _("The action plans' actions per principle in %d: %s"), r->year, whose),
			      r->department_id, &out[n++]);
	if (n < max)
		goals_table(a, r, &out[n++]);
	if (n < max)
		plans_table(a, r, &out[n++]);
	for (int i = 0; i < r->nunits && n + 1 < max; i++) {
		/* The workbook's sheet names: at most 31 characters, unique ignoring case. The code is
		 * nearly always both; one that is not (a 32-character code, or one spelt like a table's
		 * name) gets the department's number instead. */
		const struct followup_unit *u = &r->units[i];
		const char *sheet = sheet_name(a, out, n, u->code, arena_printf(a, "%lld", u->id));
		principles_table(a, &u->p, sheet,
				 arena_printf(a, _("Dialogues and views per principle in %d: %s"), r->year, u->name), u->id,
				 &out[n]);
		out[n++].unit = true;
		sheet = sheet_name(a, out, n, arena_printf(a, "%.20s %s", sheet, _("actions")),
				   arena_printf(a, "%lld %s", u->id, _("actions")));
		actions_table(a, &u->p, sheet,
			      arena_printf(a, _("The action plans' actions per principle in %d: %s"), r->year, u->name),
			      u->id, &out[n]);
		out[n++].unit = true;
	}
	return n;
}

/* ---- CSV and workbook ------------------------------------------------------------------------- */

void followup_csv(const struct followup_table *t, int n, struct buf *out)
{
	export_csv_field(out, "table", true);
	export_csv_field(out, "row", false);
	export_csv_field(out, "column", false);
	export_csv_field(out, "value", false);
	buf_puts(out, "\r\n");
	for (int k = 0; k < n; k++)
		for (int i = 0; i < t[k].nrows; i++) {
			const struct followup_cell *row = &t[k].cells[i * t[k].ncols];
			for (int j = 1; j < t[k].ncols; j++) {
				export_csv_field(out, t[k].sheet, true);
				export_csv_field(out, row[0].text, false);
				export_csv_field(out, t[k].headers[j], false);
				export_csv_field(out, row[j].text, false);
				buf_puts(out, "\r\n");
			}
		}
}

int followup_xlsx(const struct followup_table *t, int n, struct buf *out)
{
	char path[4096];
	if (!export_temp_path(path))
		return 1;
	lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = (char *)export_tmpdir()};
	lxw_workbook *book = workbook_new_opt(path, &options);
	if (!book) {
		unlink(path);
		return 1;
	}
	lxw_format *bold = workbook_add_format(book);
	format_set_bold(bold);
	int rc = 0;
	for (int k = 0; rc == 0 && k < n; k++) {
		lxw_worksheet *sheet = workbook_add_worksheet(book, t[k].sheet);
		if (!sheet) {
			rc = 1;
			break;
		}
		for (int j = 0; rc == 0 && j < t[k].ncols; j++)
			if (worksheet_write_string(sheet, 0, (lxw_col_t)j, t[k].headers[j], bold) != LXW_NO_ERROR)
				rc = 1;
		worksheet_freeze_panes(sheet, 1, 1);
		worksheet_set_column(sheet, 0, 0, 36, NULL);
		worksheet_set_column(sheet, 1, (lxw_col_t)(t[k].ncols - 1), 16, NULL);
		for (int i = 0; rc == 0 && i < t[k].nrows; i++)
			for (int j = 0; rc == 0 && j < t[k].ncols; j++) {
				const struct followup_cell *c = &t[k].cells[i * t[k].ncols + j];
				lxw_error err = LXW_NO_ERROR;
				if (c->number)
					err = worksheet_write_number(sheet, (lxw_row_t)(i + 1), (lxw_col_t)j, c->value, NULL);
				else if (*c->text)
					err = worksheet_write_string(sheet, (lxw_row_t)(i + 1), (lxw_col_t)j, c->text, NULL);
				if (err != LXW_NO_ERROR)
					rc = 1;
			}
	}
	lxw_error closed = workbook_close(book);
	if (rc == 0 && closed != LXW_NO_ERROR) {
		log_error("followup: writing the workbook %s: %s", path, lxw_strerror(closed));
		rc = 1;
	}
	if (rc != 0) {
		unlink(path);
		return rc;
	}
	return export_file_take(path, out);
}
