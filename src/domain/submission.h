/* submission: views and proposals to the municipality — arrival with its due dates, the status
 * history, the answer, the case number, moderation, and who may see what. */
#ifndef SAMVERKAN_SUBMISSION_H
#define SAMVERKAN_SUBMISSION_H
#include "base/arena.h"
#include "base/outcome.h"
#include "domain/account.h"
#include "store/store.h"
#include <stdbool.h>

/* Limits in characters (not bytes). */
#define SUBMISSION_TITLE_MAX 200
#define SUBMISSION_BODY_MAX 20000
#define SUBMISSION_ANSWER_MAX 20000
#define SUBMISSION_NOTE_MAX 2000
#define SUBMISSION_CASE_NUMBER_MAX 50

/* Where a submission stands. Stored as its code ("received", …); the codes appear only where
 * rows are read and written and in the tables of submission.c. */
enum submission_status {
	SUBMISSION_STATUS_NONE = 0, /* unknown code: no status */
	SUBMISSION_RECEIVED,
	SUBMISSION_ACKNOWLEDGED,
	SUBMISSION_IN_PROGRESS,
	SUBMISSION_ANSWERED,
	SUBMISSION_CLOSED,
};
#define SUBMISSION_STATUS_COUNT 5 /* the real ones, SUBMISSION_RECEIVED … SUBMISSION_CLOSED */

/* A new submission as typed into the form. */
struct submission_input {
	long long dialogue_id;     /* inside this dialogue (which must be open), or 0 */
	long long department_id;   /* addressed to this department when dialogue_id is 0 */
	long long organisation_id; /* on behalf of this organisation (the author must represent it), or 0 */
	const char *kind;          /* "view" or "proposal" */
	const char *title;
	const char *body;
	bool publish_consent;
};

/* One submission as read, with the names the pages show; strings live in the caller's arena. */
struct submission {
	long long id;
	long long dialogue_id;     /* 0 when on its own */
	long long department_id;
	long long account_id;      /* the author; 0 when the account is gone */
	long long organisation_id; /* 0: a private person */
	const char *kind, *title, *body;
	enum submission_status status;
	bool publish_consent;
	const char *case_number;   /* NULL when none */
	long long handler_account_id;
	const char *received_at, *received_on, *acknowledge_due, *answer_due;
	const char *acknowledged_at, *answered_at, *answered_on; /* NULL until then */
	int answer_workdays;       /* -1 until answered */
	const char *answer;        /* NULL until answered */
	long long answered_by;
	const char *hidden_at, *hidden_reason;
	long long hidden_by;
	const char *updated_at;
	/* Joined for display. The author's and officials' names are personal data: pages show them
	 * to handlers only. */
	const char *organisation_name; /* NULL for a private person */
	bool organisation_public;      /* the organisation is shown in the public register */
	const char *department_name;
	const char *dialogue_title;    /* NULL when on its own */
	bool dialogue_draft;           /* in a dialogue that is still a draft */
	const char *author_name, *handler_name, *answered_by_name;
	bool author_erased; /* the author erased their account (submission_load only) */
};

/* ---- Rows: the one writer of the submission tables ---------------------------------------------- */

/* When the feedback clock reminded and escalated (ISO 8601 UTC), for a row written with its
 * history (the demo); NULL members for none. */
struct submission_clock_marks {
	const char *acknowledge_reminded_at, *acknowledge_escalated_at, *answer_reminded_at, *answer_escalated_at;
};
/* The one INSERT of a submission row: every column as it stands in s (its status, case number,
 * times and answer; answer_workdays -1 and ids 0 for none; updated_at NULL for received_at) and
 * the clock's marks (NULL for none). No checks, no event, no audit: submission_create and the
 * demo call it inside their transaction. The new id, or 0 when the store failed. */
long long submission_insert(struct store *st, const struct submission *s, const struct submission_clock_marks *marks);
/* The one INSERT of a line of a submission's history. 0, or -1 when the store failed. */
int submission_event_insert(struct store *st, long long id, const char *at, long long by, enum submission_status status,
			    const char *note);

/* ---- Rules without the database (unit-tested) ------------------------------------------------ */

/* The name of the organisation a submission was sent for, as this viewer (NULL: the public) may
 * see it: NULL for a private person, and NULL too when the organisation is hidden from the public
 * register and the viewer is neither staff nor the author. Pages, feeds and the API all ask this. */
const char *submission_organisation_shown(const struct submission *s, const struct account *viewer);

bool submission_kind_valid(const char *kind);
/* The status's code as stored ("in_progress"; "" for none) and back (SUBMISSION_STATUS_NONE for
 * NULL or an unknown code). */
const char *submission_status_code(enum submission_status s);
enum submission_status submission_status_from_code(const char *code);
/* The kind's and the status's names, translated ("View", "In progress", …). */
const char *submission_kind_label(const char *kind);
const char *submission_status_label(enum submission_status s);
/* Whether a handler may move a submission from one status to another by hand: acknowledged from
 * received, in progress from received or acknowledged, closed from anything but closed. Answering
 * is its own change (submission_answer), so no move leads to answered. */
bool submission_status_move_allowed(enum submission_status from, enum submission_status to);

/* Checks kind, title and text of a new submission by the text contract; adds each problem to e.
 * The title and the text are trimmed and normalised (copies in a replace them). False when a
 * problem was added. */
bool submission_check_text(struct arena *a, struct submission_input *in, struct field_errors *e);
/* PUBLIC: consent given, not hidden, and not in a dialogue that is a draft. Its answer is public
 * exactly when it is. */
bool submission_is_public(const struct submission *s);
/* Who may see it: everyone when public; always its author, the representatives of its
 * organisation (represents_org says whether `who` is one) and its department's handlers. */
bool submission_visible(const struct submission *s, const struct account *who, bool represents_org);

/* The SQL condition for PUBLIC on `submission s` left-joined with `dialogue d` (d.id = s.dialogue_id). */
#define SUBMISSION_PUBLIC_SQL "(s.publish_consent = 1 AND s.hidden_at IS NULL AND (d.id IS NULL OR d.state <> 'draft'))"

/* ---- Reading ---------------------------------------------------------------------------------- */

/* Loads one submission with its display names: OUTCOME_NOT_FOUND when there is none, the store's
 * outcome when the query failed. */
enum outcome submission_load(struct store *st, struct arena *a, long long id, struct submission *out);
/* submission_visible for a signed-in account or the public (who NULL), asking the store whether
 * who represents its organisation. */
bool submission_may_see(struct store *st, const struct account *who, const struct submission *s);
/* submission_load for one who asks (NULL: the public): OUTCOME_NOT_FOUND also when it is there
 * but not theirs to see; a failed query, whichever, is the store's outcome. */
enum outcome submission_load_for(struct store *st, struct arena *a, const struct account *who, long long id,
				 struct submission *out);

struct submission_event {
	long long id;
	const char *at;           /* ISO 8601 UTC */
	long long account_id;     /* 0 when gone */
	const char *account_name; /* personal data: for handlers only */
	enum submission_status status;
	const char *note;         /* NULL when none */
};
/* The status history, oldest first (at most max). Count filled, or -1. */
int submission_events(struct store *st, struct arena *a, long long id, struct submission_event *out, int max);

/* Lists. Public lists show PUBLIC submissions only; a manager scope adds every submission of the
 * departments the account manages (coordinators: all), for the staff's overview. */
struct submission_filter {
	long long dialogue_id;     /* 0 for any */
	long long department_id;   /* 0 for any */
	long long account_id;      /* only this author's (their own list, whatever is public), 0 for any */
	enum submission_status status; /* SUBMISSION_STATUS_NONE for any */
	bool answered_only;        /* answered_at set, newest answer first (the feed) */
	const struct account *manager; /* NULL: public only */
	int page;                  /* 1-based */
	int per_page;
};
/* One page of matches, newest first; *total counts all matches (may be NULL to skip counting).
 * Returns how many were filled, or -1. */
int submission_list(struct store *st, struct arena *a, const struct submission_filter *f, struct submission *out,
		    long long *total);

/* The Swedish local date ("YYYY-MM-DD", in out[11]) of an ISO 8601 UTC time; "" for NULL. */
void submission_local_date(const char *iso, char out[11]);

/* ---- What the forms and filters offer ---------------------------------------------------------- */

/* A name with its id: a department, a dialogue, an organisation. */
struct sub_choice {
	long long id;
	const char *name;
};
/* Every department, by name; with `open_only` those a new submission may be addressed to (not
 * retired). Count filled, or -1. */
int submission_departments(struct store *st, struct arena *a, bool open_only, struct sub_choice *out, int max);
/* Dialogues that are not drafts, newest first (for the list's filter). Count filled, or -1. */
int submission_dialogue_choices(struct store *st, struct arena *a, struct sub_choice *out, int max);
/* The organisations the account represents, by name (for "on behalf of"). Count filled, or -1. */
int submission_author_organisations(struct store *st, struct arena *a, long long account_id, struct sub_choice *out,
				    int max);

/* What the form shows about the dialogue a submission is for (read from the dialogue table). */
struct sub_dialogue {
	long long id, department_id;
	const char *title, *question, *can_influence, *cannot_influence, *closes_on, *department_name;
	bool open; /* it takes views and proposals now (not planned or closed) */
};
/* The dialogue a submission may be written in: OUTCOME_NOT_FOUND when there is none or it is a
 * draft (drafts are not shown to the public), the store's outcome when the query failed. */
enum outcome submission_dialogue(struct store *st, struct arena *a, long long id, struct sub_dialogue *out);

/* ---- Changes ---------------------------------------------------------------------------------- */

/* Every change below runs its own write transaction (with its event, audit rows and notifications
 * inside it) and leaves nothing behind unless it returns OUTCOME_OK. OUTCOME_NOT_FOUND: no such
 * submission, or one the acting account may not see; OUTCOME_FORBIDDEN: they may see it but not
 * do this; OUTCOME_INVALID: e says which field and why; OUTCOME_CONFLICT: not possible in its
 * present state, a message without a field in e says why; else the store's outcome. */

/* A signed-in person sends a view or proposal: validated, then stored with status received, its
 * local arrival date and due dates from the targets in force, a history row and an audit row; the
 * responsible officials are told (feedback_notify_responsible).
 * The new id in *id. */
enum outcome submission_create(struct store *st, const struct account *author, struct submission_input *in,
			       long long *id, struct field_errors *e);

/* A handler of its department moves it (submission_status_move_allowed; errors on "status" and
 * "note"): closing needs a note. Both acknowledging and marking in progress set acknowledged_at
 * when unset. The author is told. */
enum outcome submission_set_status(struct store *st, const struct account *by, long long id,
				   enum submission_status status, const char *note, struct field_errors *e);

/* Sets the case number (free text, at most SUBMISSION_CASE_NUMBER_MAX characters; empty clears
 * it) and the responsible handler (0: the default — the dialogue's contact, else the department's
 * officials — or an enabled official of the department or a coordinator). Errors on
 * "case_number" and "handler". */
enum outcome submission_set_case(struct store *st, const struct account *by, long long id, const char *case_number,
				 long long handler_account_id, struct field_errors *e);

/* Writes or edits the answer (errors on "answer"): status answered; the first answer sets
 * answered_at, answered_on, answer_workdays and acknowledged_at (when unset); an edit keeps them
 * and says so in the history. The author is told (in their language) with the answer and a link.
 * *edited tells which. */
enum outcome submission_answer(struct store *st, const struct account *by, long long id, const char *answer,
			       bool *edited, struct field_errors *e);

/* The handling form as typed: every field at once. */
struct submission_handling {
	const char *status;           /* the code to move to; NULL or "" keeps the status */
	const char *note;             /* the move's note (required when closing) */
	const char *case_number;      /* "" clears it */
	long long handler_account_id; /* 0: the default; below 0: a choice that is no account */
	const char *answer;           /* "" (none yet) or the answer as it stands: no new answer */
};
/* What a successful submission_handle changed. */
struct submission_handled {
	bool details, status, answer, answer_edited;
};
/* A handler of its department applies the whole handling form in ONE transaction, all or
 * nothing: case number and handler (as submission_set_case), the status move (as
 * submission_set_status; a move submission_status_move_allowed refuses is an error on "status",
 * as is closing while sending a new answer), then the answer (as submission_answer; once given it
 * cannot be emptied). Every field is checked before anything is written, so OUTCOME_INVALID names
 * every problem in e and stores nothing. Only what differs from what is stored is changed (each
 * with its own history, audit and notice); *done says what. */
enum outcome submission_handle(struct store *st, const struct account *by, long long id,
			       const struct submission_handling *in, struct submission_handled *done, struct field_errors *e);

/* A coordinator hides a public submission with a reason (errors on "reason"; audited with it; the
 * author is told), or shows a hidden one again. */
enum outcome submission_hide(struct store *st, const struct account *by, long long id, const char *reason,
			     struct field_errors *e);
enum outcome submission_unhide(struct store *st, const struct account *by, long long id, struct field_errors *e);

#endif
