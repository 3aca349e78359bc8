/* followup: the yearly follow-up report (uppföljning) — what was done for each of the policy's
 * principles, where each goal stands and how far the action plans got — computed from samverkan's
 * own data for the whole municipality, one committee or one department, and laid out as tables
 * that the page, the HTML file, the CSV and the workbook all show alike. */
#ifndef SAMVERKAN_FOLLOWUP_H
#define SAMVERKAN_FOLLOWUP_H
#include "base/arena.h"
#include "base/buf.h"
#include "base/outcome.h"
#include "domain/action_plan.h"
#include "domain/dialogue.h"
#include "domain/feedback_stats.h"
#include "domain/goal.h"
#include "store/store.h"
#include <stdbool.h>

/* The years a report can be asked for. */
#define FOLLOWUP_YEAR_MIN 2000
#define FOLLOWUP_YEAR_MAX 2100

/* One scope's figures per principle: [0..8] P1..P9, [9] the scope's total (each dialogue and
 * submission once). The definitions are the owners': dialogues held and reports published by
 * dialogue_principle_counts (dialogue.h), the submissions' figures by feedback_stats_by_principle
 * (feedback_stats.h, the one definition of measured and in time), the actions of the year's plans
 * by action_plan_principle_counts and, for the total, action_plan_completion (action_plan.h). */
struct followup_principles {
	long long held[FEEDBACK_PRINCIPLES + 1], reported[FEEDBACK_PRINCIPLES + 1];
	struct feedback_stats_row answers[FEEDBACK_PRINCIPLES + 1];
	struct action_principle_count actions[FEEDBACK_PRINCIPLES + 1];
};

/* A department of the scope, with its own figures. */
struct followup_unit {
	long long id;
	const char *code, *name;
	struct followup_principles p;
};

/* A goal of the scope's areas as it stood at the end of the year. */
struct followup_goal {
	struct goal goal;
	const struct goal_value *values; /* up to the year's last day, in date order */
	int nvalues;
	const char *latest_on, *latest_value; /* the latest value measured in the year; NULL: none */
	enum goal_status status;              /* by goal_status_of over values */
};

enum followup_scope { FOLLOWUP_ALL, FOLLOWUP_COMMITTEE, FOLLOWUP_DEPARTMENT };

struct followup_report {
	int year;
	char from[11], to[11], today[11];
	enum followup_scope scope;
	long long committee_id, department_id;
	const char *scope_code, *scope_name; /* NULL for the whole municipality */
	struct followup_principles overall;
	/* The departments of the scope that did something in the year (held a dialogue or received a
	 * submission), in name order; none when the scope is one department. */
	struct followup_unit *units;
	int nunits;
	struct followup_goal *goals; /* the goals of the areas the scope runs, by area and id */
	int ngoals;
	struct action_plan_completion plans; /* the scope's action plans of the year (action_plan.h) */
};

/* Builds the report for `year`, for the committee with code committee_code, the department with
 * code department_code, or (both NULL or "") the whole municipality. Codes are matched ignoring
 * case. OUTCOME_INVALID with e for a year outside FOLLOWUP_YEAR_MIN..MAX (field "year") or both
 * codes given; OUTCOME_NOT_FOUND with e for an unknown code (field "committee" or "department");
 * else OUTCOME_OK or the store's outcome. */
enum outcome followup_build(struct store *st, struct arena *a, int year, const char *committee_code,
			    const char *department_code, struct followup_report *out, struct field_errors *e);
/* A year as typed ("2026"): true with it when it is four digits within the range above. */
bool followup_year_parse(const char *text, int *out);

/* ---- The report as tables --------------------------------------------------------------------- */

/* One cell: its text as every format shows it ("83", "4.5", "2026-03-31", a name), and for a
 * number its value (the workbook writes it as a number). */
struct followup_cell {
	const char *text;
	bool number;
	double value;
};

/* One table: a caption, column headers and rows whose first cell names the row. The sheet name
 * is unique in the report, at most 31 characters (the workbook's limit). */
enum followup_table_kind {
	FOLLOWUP_TABLE_PRINCIPLES,
	FOLLOWUP_TABLE_ACTIONS,
	FOLLOWUP_TABLE_GOALS,
	FOLLOWUP_TABLE_PLANS
};
struct followup_table {
	enum followup_table_kind kind;
	const char *sheet, *caption;
	long long department_id; /* the department the table is about, 0 for the whole municipality */
	bool unit;               /* one department's table in a report on several */
	bool total_row;          /* the last row is the total */
	int ncols, nrows;
	const char **headers;          /* ncols */
	struct followup_cell *cells;   /* nrows × ncols, row by row */
	/* ncols or NULL: dated[j] says column j+1 is column j's date. The CSV and the workbook keep
	 * them apart for the data's users; HTML shows them in one cell, "120 (2025-12-31)", so that
	 * the table fits the page. */
	const bool *dated;
};

/* The report's tables in order: the dialogues and views and the actions per principle for the
 * scope, the goals, the action plans, then the two per-principle tables for each department of
 * the scope. In the thread's language. Count filled (at most max). */
int followup_tables(const struct followup_report *r, struct arena *a, struct followup_table *out, int max);
/* Room enough for followup_tables. */
int followup_tables_max(const struct followup_report *r);

/* The tables as one CSV (UTF-8, CRLF, RFC 4180) in long form — columns table, row, column, value,
 * one line per cell after the first column — so tables of different shapes share one file. */
void followup_csv(const struct followup_table *t, int n, struct buf *out);
/* The tables as an Excel workbook, one sheet per table (a header row, then the rows; numbers as
 * numbers), into out through a temporary file. 0, or 1 when writing failed. */
int followup_xlsx(const struct followup_table *t, int n, struct buf *out);

#endif
