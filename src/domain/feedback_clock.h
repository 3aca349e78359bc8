/* feedback_clock: the municipality's promise to answer — targets in working days, the due dates
 * of each submission, reminders before a deadline and escalation to the coordinators after it. */
#ifndef SAMVERKAN_FEEDBACK_CLOCK_H
#define SAMVERKAN_FEEDBACK_CLOCK_H
#include "base/arena.h"
#include "base/outcome.h"
#include "base/workdays.h"
#include "domain/account.h"
#include "domain/outbox.h"
#include "domain/submission.h"
#include "store/store.h"
#include <stdbool.h>
#include <time.h>

/* Defaults when the municipality has set nothing (table setting: feedback.acknowledge_days,
 * feedback.answer_days). */
#define FEEDBACK_ACKNOWLEDGE_DAYS 5
#define FEEDBACK_ANSWER_DAYS 20
#define FEEDBACK_SETTING_ACKNOWLEDGE "feedback.acknowledge_days"
#define FEEDBACK_SETTING_ANSWER "feedback.answer_days"
/* A target outside this range is refused when saved and ignored when loaded. */
#define FEEDBACK_TARGET_MIN 1
#define FEEDBACK_TARGET_MAX 100

struct feedback_targets {
	int acknowledge_days; /* working days from arrival to acknowledgement */
	int answer_days;      /* working days from arrival to answer */
};

/* The targets in force (defaults for what is unset). OUTCOME_OK, or the store's outcome when the
 * query failed (out then holds the defaults). */
enum outcome feedback_targets_load(struct store *st, struct feedback_targets *out);

/* The due dates of a submission that arrived on the local date received_on ("YYYY-MM-DD"):
 * received_on + acknowledge_days and + answer_days working days, each "YYYY-MM-DD" in out[11]. */
void feedback_due_dates(const struct feedback_targets *t, const char *received_on, char acknowledge_due[11],
			char answer_due[11]);

/* The Swedish local date of t as "YYYY-MM-DD" in out[11]: the day the clock counts in. */
void feedback_local_date(time_t t, char out[11]);

/* ---- Changing the targets --------------------------------------------------------------------- */

/* A typed target ("5", white space around it allowed, as the text contract trims it): true with
 * the number when it is clean text and a whole number from FEEDBACK_TARGET_MIN to
 * FEEDBACK_TARGET_MAX. */
bool feedback_target_parse(const char *text, int *out);
/* The rules for a pair of targets: each 1–100 working days, and acknowledging no later than
 * answering. Adds each field's problem to e (on "acknowledge_days" and "answer_days", translated
 * in the thread's language); false when there is one. Typed text that is not a number is the
 * caller's to report (the form keeps what was typed); pass the numbers it could read. */
bool feedback_targets_check(const struct feedback_targets *t, struct field_errors *e);
/* Stores the targets in their own transaction with an audit row (by: the account, 0 for the
 * command line). Submissions already received keep the due dates they got on arrival; only new
 * ones follow. OUTCOME_INVALID when the targets break a rule above (e says which; nothing is
 * stored), else OUTCOME_OK or the store's outcome. */
enum outcome feedback_targets_save(struct store *st, const struct feedback_targets *t, long long by,
				   struct field_errors *e);

/* ---- Reminders and escalation ----------------------------------------------------------------- */

/* Each submission has two steps, acknowledge and answer, each with its due date. A step is done
 * when acknowledged_at (answered_at) is set or the submission is answered or closed. */
enum feedback_step { FEEDBACK_ACKNOWLEDGE, FEEDBACK_ANSWER };

/* The responsible people are reminded once per step from this many working days before its due
 * date (until the due date itself), while the step is not done. */
#define FEEDBACK_REMIND_WORKDAYS 2

struct feedback_sent {
	int reminders;   /* e-mails queued to responsible officials */
	int escalations; /* e-mails queued to coordinators */
};

/* Queues what is due at `now` (the Swedish local date of it is "today"):
 *  - a reminder to the responsible people — the submission's handler, else its dialogue's contact
 *    official, else every enabled official of its department — for each step not done when
 *    today ≥ workdays_add(due, -FEEDBACK_REMIND_WORKDAYS) and today ≤ due;
 *  - an escalation to every enabled coordinator, naming the responsible people, for each step
 *    still not done on the first working day after its due date (today ≥ workdays_add(due, 1)).
 * Each at most once per step: the mail is queued in the transaction whose conditional UPDATE
 * marks *_reminded_at / *_escalated_at, and only when that UPDATE changed the row — so however
 * many nodes (or `samverkan feedback send` runs) do this at once, each mail goes out once. Mails
 * are duty mail (kind "transactional") in each recipient's language; a step with nobody to tell
 * (no coordinator, say) is marked all the same, so it is not tried again. Returns the e-mails queued
 * (sent may be NULL), or -1 when the store failed (what was committed before stays). */
int feedback_send_due_counted(struct store *st, time_t now, struct feedback_sent *sent);
int feedback_send_due(struct store *st, time_t now);
/* Marks what feedback_send_due would send at `now` as sent, without any mail: for a made-up
 * history (the demo), whose clock would have sent those mails on days that never happened. */
int feedback_mark_due(struct store *st, time_t now);
/* For jobs_add: feedback_send_due at clock_now(), errors and counts logged. */
void feedback_job(struct store *st, const struct mail_settings *ms);

/* ---- Open, due and overdue: the one definition ----------------------------------------------- */

/*
 * The one definition of open, due and overdue, used by the work queue, the statistics and the
 * personal page (all through feedback_queue_list and feedback_open_counts):
 * - OPEN: status received, acknowledged or in progress (neither answered nor closed).
 * - Each submission makes two promises, each with its due date counted in working days from the
 *   local arrival date when it arrived (feedback_due_dates): ACKNOWLEDGE by acknowledge_due,
 *   ANSWER by answer_due.
 * - A promise is OVERDUE when the submission is open, the promise is not kept (acknowledged_at,
 *   answered_at unset) and TODAY — the Swedish local date (Europe/Stockholm) of the clock — is
 *   AFTER its due date. The due date itself is in time all day; the next calendar day is late,
 *   even a Saturday (the promise was for a working day, and that day has passed).
 * - DUE SOON: the pending promise (acknowledge while not acknowledged, else answer) is not overdue
 *   and is due within FEEDBACK_REMIND_WORKDAYS working days (today included), the window of the
 *   reminders.
 * Hidden submissions count: hiding one from the public does not lift the duty to answer.
 */

struct feedback_queue_query {
	long long department_id;           /* 0: every department */
	const struct account *responsible; /* non-NULL: only submissions this account is responsible for */
	long long offset;
	int max;
};

/* One open submission; strings live in the caller's arena. */
struct feedback_queue_item {
	long long id, department_id;
	const char *title, *department_name;
	const char *received_on;      /* local arrival date */
	const char *responsible_name; /* the handler, else the dialogue's contact; NULL: the department's officials */
	enum submission_status status;
	enum feedback_step step; /* FEEDBACK_ACKNOWLEDGE while not acknowledged, else FEEDBACK_ANSWER */
	char acknowledge_due[11], answer_due[11];
	char due[11]; /* the pending step's due date */
	bool acknowledge_overdue, answer_overdue, due_soon;
	/* Overdue (either promise): working days after the pending step's due date up to today (0 on a
	 * weekend right after it). Else working days left to it (0: due today). */
	int workdays;
};

/* The open submissions at the local date `today` ("YYYY-MM-DD"), newest first, from q->offset (at
 * most q->max); *total (may be NULL) counts every match. Returns how many were filled, or -1. */
int feedback_queue_list(struct store *st, struct arena *a, const char *today, const struct feedback_queue_query *q,
			struct feedback_queue_item *out, long long *total);

/* How many are open and how many overdue per promise. */
struct feedback_open_count {
	long long department_id; /* 0 in a total */
	long long open, acknowledge_overdue, answer_overdue, due_soon;
};
/* The counts at `today` per department (at most max rows in out, in department id order; out may
 * be NULL with max 0) and over all of them in *total, for every department (department_id 0) or
 * one, and only what `responsible` is responsible for when it is not NULL. Rows filled, or -1. */
int feedback_open_counts(struct store *st, const char *today, long long department_id,
			 const struct account *responsible, struct feedback_open_count *out, int max,
			 struct feedback_open_count *total);

/* ---- Telling the responsible people now ------------------------------------------------------ */

enum feedback_notice {
	FEEDBACK_NOTICE_ARRIVED, /* a new view or proposal */
	FEEDBACK_NOTICE_REMIND,  /* a colleague asks them to handle it now */
};
/* Inside the caller's write transaction: tells each person responsible for submission id (the
 * reminders' rule: its handler, else its dialogue's contact official, else every enabled official
 * of its department) in the app and by e-mail as each chose for NOTIFY_SUBMISSIONS, in their
 * language. `by` (who reminds; NULL on arrival) is named in a reminder and not told. Returns how
 * many were told, or -1 when the store failed. */
int feedback_notify_responsible(struct store *st, long long id, enum feedback_notice what, const struct account *by);
/* A handler of its department (or a coordinator) reminds the responsible people of an open
 * submission now: in its own transaction, audited ("remind_now"). *told counts those told.
 * OUTCOME_NOT_FOUND: no such submission; OUTCOME_FORBIDDEN: another department's;
 * OUTCOME_CONFLICT: answered or closed; else OUTCOME_OK or the store's outcome. */
enum outcome feedback_remind(struct store *st, const struct account *by, long long id, int *told);

#endif
