/* action_plan: a department's action plan (handlingsplan, principle 9) per period — its actions,
 * their status and dated progress notes, adoption with a kept version, and the history after it. */
#ifndef SAMVERKAN_ACTION_PLAN_H
#define SAMVERKAN_ACTION_PLAN_H
#include "base/arena.h"
#include "base/outcome.h"
#include "domain/account.h"
#include "store/store.h"
#include <stdbool.h>

#define PLAN_TITLE_MAX 200       /* characters */
#define PLAN_WHAT_MAX 1000       /* characters: what an action is */
#define PLAN_NOTE_MAX 2000       /* characters: a progress note */
#define PLAN_CASE_MAX 50         /* characters: the decision's case number */
#define PLAN_ACTION_GOALS_MAX 16 /* goals one action contributes to */
#define PLAN_PRINCIPLES_MAX 9
#define PLAN_ACTIONS_MAX 500     /* actions of one plan read at once */
#define PLAN_NOTES_MAX 2000      /* progress notes of one plan read at once */
#define PLAN_VERSIONS_MAX 100    /* adoptions of one plan read at once */
#define PLAN_CHANGES_MAX 500     /* changes after adoption read at once */

/* A plan is a draft until adopted; it stays adopted (a later adoption makes a new version). */
enum plan_state { PLAN_DRAFT = 0, PLAN_ADOPTED };
const char *plan_state_code(enum plan_state s);
const char *plan_state_label(enum plan_state s);

/* An action's status; any may follow any other. */
enum action_status { ACTION_PLANNED = 0, ACTION_IN_PROGRESS, ACTION_DONE, ACTION_POSTPONED, ACTION_CANCELLED };
#define ACTION_STATUSES 5
const char *action_status_code(enum action_status s);
bool action_status_from_code(const char *code, enum action_status *out);
const char *action_status_label(enum action_status s);

/* One plan as read or as typed into its form; strings in the caller's arena. */
struct action_plan {
	long long id; /* 0 for a new one */
	long long department_id;
	const char *department_name; /* read only */
	const char *title, *period_start, *period_end; /* dates "YYYY-MM-DD" */
	const char *state;                             /* read only: "draft" or "adopted" */
	const char *adopted_on, *case_number;          /* read only: of the latest adoption, "" if none */
	long long version;                             /* read only: adoptions so far */
	long long actions;                             /* read only: how many actions it has */
	const char *created_at, *updated_at;
};

/* One action; strings in the caller's arena. */
struct plan_action {
	long long id; /* 0 for a new one */
	long long plan_id;
	const char *what;
	long long responsible_account_id; /* 0: nobody named */
	const char *responsible_name;     /* read only */
	const char *starts_on, *due_on;   /* "YYYY-MM-DD" or "" */
	const char *status;               /* read only here: plan_action_progress changes it */
	const char *principles[PLAN_PRINCIPLES_MAX];
	int nprinciples;
	long long goal_ids[PLAN_ACTION_GOALS_MAX];
	const char *goal_statements[PLAN_ACTION_GOALS_MAX]; /* read only */
	int ngoals;
};

/* A dated progress note of an action. */
struct plan_note {
	long long id, action_id;
	const char *noted_on, *text;
	const char *status; /* the status given with it, or NULL */
	const char *account_name; /* NULL when nobody or gone */
};

/* One adoption. */
struct plan_version {
	long long version;
	const char *adopted_on, *case_number, *created_at;
	const char *snapshot; /* JSON: {"plan": {…}, "actions": [{…}]} */
};

/* A change made after an adoption, against the version adopted then. kind: "plan" (the plan's
 * details), "action_added", "action_changed", "status" (a status change with its note), "note". */
struct plan_change {
	long long version, action_id;
	const char *kind, *summary, *account_name, *changed_at;
	const char *status; /* kind "status": the status given; else NULL */
};

/* Who may see the plan: everyone an adopted one; a draft the coordinators and administrators, and
 * the officials of its department. by NULL: the public. */
bool action_plan_visible(const struct account *by, const struct action_plan *p);
/* Who may change it: coordinators and administrators, and officials of its department; by NULL
 * is the command line (the demo), which may. */
bool action_plan_writes(const struct account *by, const struct action_plan *p);

/* Checks (title 1–200 characters on one line, a department not retired — an official's own —,
 * real dates with start ≤ end, and no other plan of the department whose period overlaps), then
 * inserts or updates with an audit row (and a history row when adopted) in one transaction.
 * OUTCOME_INVALID (fields title, department_id, period_start, period_end); OUTCOME_NOT_FOUND;
 * OUTCOME_FORBIDDEN when by may not write the stored plan. */
enum outcome action_plan_save(struct store *st, struct arena *a, struct action_plan *in, const struct account *by,
			      long long *id_out, struct field_errors *e);
/* The plan, whoever asks (check action_plan_visible): OUTCOME_NOT_FOUND when there is none. */
enum outcome action_plan_load(struct store *st, struct arena *a, long long id, struct action_plan *out);

/* Filters of the list: department 0 for all, year 0 for any period. */
struct action_plan_filter {
	long long department_id;
	int year;
};
/* The plans `by` may see (action_plan_visible) matching f, newest period first, from offset, at
 * most max; *total (may be NULL) counts them. Count, or -1. */
int action_plan_list(struct store *st, struct arena *a, const struct account *by, const struct action_plan_filter *f,
		     long long offset, int max, struct action_plan *out, long long *total);

/* Adds (in->id 0) or changes an action of plan in->plan_id: what 1–1,000 characters, the
 * responsible one of those who may handle the department's work (account_may_handle) or none,
 * real dates with start ≤ due, known principles, goals that exist. Audited; a history row when
 * the plan is adopted. OUTCOME_INVALID (fields what, responsible_account_id, starts_on, due_on,
 * principles, goal_ids); OUTCOME_NOT_FOUND; OUTCOME_FORBIDDEN. */
enum outcome plan_action_save(struct store *st, struct arena *a, struct plan_action *in, const struct account *by,
			      long long *id_out, struct field_errors *e);
enum outcome plan_action_load(struct store *st, struct arena *a, long long id, struct plan_action *out);
/* The plan's actions in their order with principles, goals and responsible. Count, or -1. */
int plan_actions(struct store *st, struct arena *a, long long plan_id, struct plan_action *out, int max);

/* An action of an adopted plan that works towards a goal of a collaboration area. */
struct area_action {
	struct plan_action action; /* without its principle and goal lists */
	const char *plan_title, *department_name;
};
/* The actions of adopted plans (what the public may read) linked to any goal of the area, by due
 * date, at most max. Count, or -1. */
int action_plan_area_actions(struct store *st, struct arena *a, long long area_id, struct area_action *out, int max);

/* A dated progress note on an action (noted_on a real date not after today, text 1–2,000
 * characters), giving it `status` (a status code; the same as now: only the note). Audited, with
 * a history row when the plan is adopted. OUTCOME_INVALID (fields status, noted_on, text). */
enum outcome plan_action_progress(struct store *st, struct arena *a, long long action_id, const char *status,
				  const char *noted_on, const char *text, const struct account *by,
				  struct field_errors *e);
/* The notes of the plan's actions, oldest first. Count, or -1. */
int plan_notes(struct store *st, struct arena *a, long long plan_id, struct plan_note *out, int max);

/* Everything beside the plan that its page and the API show, in a: its actions, notes, versions
 * and changes (each at most its _MAX). 0, or -1 when the store failed. */
struct action_plan_lists {
	struct plan_action *actions;
	int nactions;
	struct plan_note *notes;
	int nnotes;
	struct plan_version *versions;
	int nversions;
	struct plan_change *changes;
	int nchanges;
};
int action_plan_lists(struct store *st, struct arena *a, long long plan_id, struct action_plan_lists *out);

/* An action as JSON, as a version's snapshot keeps it and the API shows it: id, what, responsible,
 * starts_on, due_on (null when not set), status, principles, goal_ids. */
typedef struct json_t json_t;
json_t *plan_action_json(const struct plan_action *x);

/* Adopts the plan: adopted_on a real date not after today, case number 1–50 characters on one
 * line. The version goes up by one and the plan as it stands is kept as that version's JSON
 * snapshot, audited, in one transaction. OUTCOME_INVALID (fields adopted_on, case_number). */
enum outcome action_plan_adopt(struct store *st, struct arena *a, long long plan_id, const char *adopted_on,
			       const char *case_number, const struct account *by, struct field_errors *e);
/* The plan's adoptions, newest first. Count, or -1. */
int plan_versions(struct store *st, struct arena *a, long long plan_id, struct plan_version *out, int max);
/* The changes after adoption, newest first. Count, or -1. */
int plan_changes(struct store *st, struct arena *a, long long plan_id, struct plan_change *out, int max);

struct action_plan_completion {
	long long plans, adopted;                                      /* plans whose period overlaps the year; of them adopted */
	long long actions, done, in_progress, planned, postponed, cancelled; /* their actions */
};
/* Action plans of the year (period overlapping 1 Jan..31 Dec of `year`), of one department
 * (department_id > 0), of one committee's departments (committee_id > 0), or all (both 0).
 * 0, or -1 when the store failed. */
int action_plan_completion(struct store *st, int year, long long committee_id, long long department_id,
			   struct action_plan_completion *out);

/* The actions of the same plans that serve one principle, by status. */
struct action_principle_count {
	long long actions;                     /* serving the principle, whatever their status */
	long long by_status[ACTION_STATUSES]; /* indexed by enum action_status */
};
/* Per principle, out[0..8] P1..P9, the actions of the year's plans (the scope as for
 * action_plan_completion) that serve it; an action serving several counts under each.
 * 0, or -1 when the store failed. */
int action_plan_principle_counts(struct store *st, int year, long long committee_id, long long department_id,
				 struct action_principle_count out[PLAN_PRINCIPLES_MAX]);

#endif
