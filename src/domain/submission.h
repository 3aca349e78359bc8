/* submission: views and proposals to the municipality — arrival with its due dates, the status
 * history, the answer, the case number, moderation, and who may see what. */
#ifndef SAMVERKAN_SUBMISSION_H
#define SAMVERKAN_SUBMISSION_H
#include "base/arena.h"
#include "domain/account.h"
#include "store/store.h"
#include <stdbool.h>

/* Limits in characters (not bytes). */
#define SUBMISSION_TITLE_MAX 200
#define SUBMISSION_BODY_MAX 20000
#define SUBMISSION_ANSWER_MAX 20000
#define SUBMISSION_NOTE_MAX 2000
#define SUBMISSION_CASE_NUMBER_MAX 50

/* What became of a change. Every change below runs its own write transaction (with its event,
 * audit rows and notifications inside it) and leaves nothing behind unless it returns SUB_OK. */
enum sub_result {
	SUB_OK = 0,
	SUB_NOT_FOUND,   /* no such submission (or one the acting account may not see) */
	SUB_FORBIDDEN,   /* the acting account may see it but not do this */
	SUB_INVALID,     /* bad input: the errors say which field */
	SUB_CONFLICT,    /* not possible in its present state (acknowledging one already acknowledged) */
	SUB_STORE_ERROR, /* the database failed; see store_errcode */
};

/* One field's problem, translated in the thread's language. */
struct sub_error {
	const char *field;
	const char *message;
};
#define SUB_MAX_ERRORS 8

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
	const char *kind, *title, *body, *status;
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
	const char *dialogue_state;
	const char *author_name, *handler_name, *answered_by_name;
	bool author_erased; /* the author erased their account (submission_load only) */
};

/* ---- Rules without the database (unit-tested) ------------------------------------------------ */

/* The name of the organisation a submission was sent for, as this viewer (NULL: the public) may
 * see it: NULL for a private person, and NULL too when the organisation is hidden from the public
 * register and the viewer is neither staff nor the author. Pages, feeds and the API all ask this. */
const char *submission_organisation_shown(const struct submission *s, const struct account *viewer);

bool submission_kind_valid(const char *kind);
bool submission_status_valid(const char *status);
/* The kind's and the status's names, translated ("View", "In progress", …). */
const char *submission_kind_label(const char *kind);
const char *submission_status_label(const char *status);

/* Checks kind, title and text of a new submission; adds each problem to errs (up to max) and
 * returns the number added. The title and the text are trimmed (copies in a replace them). */
int submission_check_text(struct arena *a, struct submission_input *in, struct sub_error *errs, int max);
/* Characters in s, or -1 when it is not UTF-8 or holds a control character (multiline allows
 * newlines, carriage returns and tabs). */
long submission_chars(const char *s, bool multiline);
/* PUBLIC: consent given, not hidden, and not in a dialogue that is a draft. Its answer is public
 * exactly when it is. */
bool submission_is_public(const struct submission *s);
/* Who may see it: everyone when public; always its author, the representatives of its
 * organisation (represents_org says whether `who` is one) and its department's handlers. */
bool submission_visible(const struct submission *s, const struct account *who, bool represents_org);

/* The SQL condition for PUBLIC on `submission s` left-joined with `dialogue d` (d.id = s.dialogue_id). */
#define SUBMISSION_PUBLIC_SQL "(s.publish_consent = 1 AND s.hidden_at IS NULL AND (d.id IS NULL OR d.state <> 'draft'))"

/* ---- Reading ---------------------------------------------------------------------------------- */

/* Loads one submission with its display names; false when there is none (or the store failed). */
bool submission_load(struct store *st, struct arena *a, long long id, struct submission *out);
/* submission_visible for a signed-in account or the public (who NULL), asking the store whether
 * who represents its organisation. */
bool submission_may_see(struct store *st, const struct account *who, const struct submission *s);

struct submission_event {
	long long id;
	const char *at;           /* ISO 8601 UTC */
	long long account_id;     /* 0 when gone */
	const char *account_name; /* personal data: for handlers only */
	const char *status;
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
	const char *status;        /* NULL or "" for any */
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
/* Every department, by name. Count filled, or -1. */
int submission_departments(struct store *st, struct arena *a, struct sub_choice *out, int max);
/* Dialogues that are not drafts, newest first (for the list's filter). Count filled, or -1. */
int submission_dialogue_choices(struct store *st, struct arena *a, struct sub_choice *out, int max);
/* The organisations the account represents, by name (for "on behalf of"). Count filled, or -1. */
int submission_author_organisations(struct store *st, struct arena *a, long long account_id, struct sub_choice *out,
				    int max);

/* What the form shows about the dialogue a submission is for (read from the dialogue table). */
struct sub_dialogue {
	long long id, department_id;
	const char *title, *question, *can_influence, *cannot_influence, *state, *closes_on, *department_name;
};
bool submission_dialogue(struct store *st, struct arena *a, long long id, struct sub_dialogue *out);

/* ---- Changes ---------------------------------------------------------------------------------- */

/* A signed-in person sends a view or proposal: validated (field errors in errs, *nerr their
 * count), then stored with status 'received', its local arrival date and due dates from the
 * targets in force, a history row and an audit row. Returns the new id, or 0 (errors, or a
 * store error when *nerr is 0). */
long long submission_create(struct store *st, const struct account *author, struct submission_input *in,
			    struct sub_error *errs, int max, int *nerr);

/* A handler of its department moves it: "acknowledged" (from received), "in_progress" (from
 * received or acknowledged), "closed" (from any open state or answered; note required). Both
 * acknowledging and marking in progress set acknowledged_at when unset. The author is told. On
 * SUB_INVALID *problem is the note's error. */
enum sub_result submission_set_status(struct store *st, const struct account *by, long long id, const char *status,
				      const char *note, const char **problem);

/* Sets the case number (free text, at most SUBMISSION_CASE_NUMBER_MAX characters; empty clears
 * it) and the responsible handler (0: the default — the dialogue's contact, else the department's
 * officials — or an enabled official of the department or a coordinator). */
enum sub_result submission_set_case(struct store *st, const struct account *by, long long id,
				    const char *case_number, long long handler_account_id, struct sub_error *errs,
				    int max, int *nerr);
/* The accounts that may be made its handler, for the form: (id, name) pairs in out. Count or -1. */
struct sub_handler {
	long long id;
	const char *name;
};
int submission_handler_choices(struct store *st, struct arena *a, long long department_id, struct sub_handler *out,
			       int max);

/* Writes or edits the answer: status 'answered'; the first answer sets answered_at, answered_on,
 * answer_workdays and acknowledged_at (when unset); an edit keeps them and says so in the history.
 * The author is told (in their language) with the answer and a link. *edited tells which. */
enum sub_result submission_answer(struct store *st, const struct account *by, long long id, const char *answer,
				  const char **problem, bool *edited);

/* A coordinator hides a public submission with a reason (audited with it; the author is told),
 * or shows a hidden one again. */
enum sub_result submission_hide(struct store *st, const struct account *by, long long id, const char *reason,
				const char **problem);
enum sub_result submission_unhide(struct store *st, const struct account *by, long long id);

#endif
