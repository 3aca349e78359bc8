/* dialogue: a question the municipality puts to civil society — its rules, states, invitations to
 * organisations and the closing report (återkoppling) that tells every participant what came of it. */
#ifndef SAMVERKAN_DIALOGUE_H
#define SAMVERKAN_DIALOGUE_H
#include "base/arena.h"
#include "base/outcome.h"
#include "domain/account.h"
#include "domain/organisation.h"
#include "store/store.h"
#include <stdbool.h>
#include <time.h>

struct mail_settings;

#define DIALOGUE_TITLE_MAX 200   /* characters */
#define DIALOGUE_TEXT_MAX 10000  /* characters, each longer text */
#define DIALOGUE_REF_MAX 200     /* characters: a minutes reference */
#define DIALOGUE_LINK_MAX 1000   /* bytes: a link to the decision */
#define DIALOGUE_PRINCIPLES_MAX 9

/* Where a dialogue stands. draft → planned; draft, planned → open; open → closed; closed → open
 * (reopened); "reported" is reached only by publishing the report. Stored as its code. */
enum dialogue_state {
	DIALOGUE_DRAFT = 0, /* seen only by those who run it */
	DIALOGUE_PLANNED,
	DIALOGUE_OPEN, /* takes views and proposals */
	DIALOGUE_CLOSED,
	DIALOGUE_REPORTED, /* closed, and the report of what came of it is published */
};
#define DIALOGUE_STATES 5

/* What came of the dialogue; every string "" when not written. */
struct dialogue_report {
	const char *heard;       /* what was heard: a summary */
	const char *decision;    /* what was decided, and where */
	const char *minutes_ref; /* the minutes' reference (paragraph, case number) */
	const char *link;        /* an http(s) address of the decision or the minutes */
	const char *used;        /* how the input was used */
};

/* One dialogue as read or as typed into a form; strings live in the caller's arena. */
struct dialogue {
	long long id; /* 0 for a new one */
	const char *title, *question, *background;
	long long department_id;
	const char *department_name; /* read only */
	long long contact_account_id; /* 0: none */
	const char *contact_name;     /* read only; an official acting in office */
	/* Read only: the contact's work address (an official's account is the municipality's, so the
	 * address is their work address, shown as they act in office; NULL when none or when the
	 * account is disabled), and the department's own contact address (NULL when none). */
	const char *contact_email, *department_email;
	const char *can_influence, *cannot_influence;
	const char *opens_on, *closes_on, *decision_on; /* "YYYY-MM-DD" or "" */
	const char *skr_level, *coe_level, *decision_stage;
	enum dialogue_state state; /* read only: changed by dialogue_set_state and the report */
	const char *principles[DIALOGUE_PRINCIPLES_MAX];
	int nprinciples;
	struct dialogue_report report;
	const char *reported_at; /* ISO 8601 UTC, or NULL while not reported */
	const char *created_at, *updated_at;
	/* The collaboration area and goal the dialogue works for (0: none), with their names (read
	 * only; NULL when none). */
	long long area_id, goal_id;
	const char *area_title, *goal_statement;
	/* Read only, for lists and the API. */
	long long invited_count;         /* invited organisations */
	long long published_submissions; /* public submissions in the dialogue */
};

/* ---- Rows: the one writer of the dialogue tables ------------------------------------------- */

/* The one INSERT of a dialogue row with its principles: every column as it stands in d (its
 * state, report, reported_at and times; updated_at NULL for created_at), created by `created_by`
 * and reported by `reported_by` (0: nobody). No checks and no audit: dialogue_save and the demo
 * call it inside their transaction. The new id, or 0 when the store failed. */
long long dialogue_insert(struct store *st, const struct dialogue *d, long long created_by, long long reported_by);
/* The one INSERT of an invitation (the token's hash; opened_at NULL until opened). An organisation
 * invited before keeps its first invitation. 1 when recorded, 0 when invited before, -1 when the
 * store failed. */
int dialogue_invitation_insert(struct store *st, long long dialogue_id, long long organisation_id,
			       const char *token_hash, const char *invited_at, long long invited_by, int recipients,
			       const char *sent_at, const char *opened_at);

/* ---- States ------------------------------------------------------------------------------- */

/* The code stored and used in addresses and the API ("draft", "open", …), and back: false when
 * the code is none of them. */
const char *dialogue_state_code(enum dialogue_state s);
bool dialogue_state_from_code(const char *code, enum dialogue_state *out);
/* Whether a person may move a dialogue from one state to the other (see enum dialogue_state). */
bool dialogue_may_move(enum dialogue_state from, enum dialogue_state to);
/* The state's name in the thread's language. */
const char *dialogue_state_label(enum dialogue_state s);

bool dialogue_is_draft(const struct dialogue *d);
/* Open for views and proposals. */
bool dialogue_is_open(const struct dialogue *d);
bool dialogue_is_reported(const struct dialogue *d);
/* Closed or reported: no new views, and what came of it can be written. */
bool dialogue_has_closed(const struct dialogue *d);
/* Planned or open: organisations can be invited. */
bool dialogue_takes_invitations(const struct dialogue *d);
/* Draft or planned: invitations made now are prepared, and sent when the dialogue opens. */
bool dialogue_invitations_wait(const struct dialogue *d);

/* Whether the account runs this dialogue: coordinators and administrators, and officials of the
 * dialogue's department. A draft exists for nobody else. */
bool dialogue_manages(const struct account *a, const struct dialogue *d);
bool dialogue_visible(const struct account *a, const struct dialogue *d);

/* ---- Reading and writing ----------------------------------------------------------------------- */

/* "YYYY-MM-DD" and a real calendar date. */
bool dialogue_date_valid(const char *s);

/* Checks every field as `by` would save it, the texts through the text contract (field_text:
 * trimmed of every kind of space, NFC, no control characters): title 1–200 characters on one
 * line, the question required, lengths, the department exists (and is by's own unless by is a
 * coordinator or administrator), the contact is an enabled official of that department, dates
 * real and opens ≤ closes ≤ decision where given, known levels, stage and principles, an area that
 * is active (or the one the dialogue already has) and a goal of that area. Returns the
 * number of errors added to e, or -1 when a query failed. */
int dialogue_validate(struct store *st, struct arena *a, struct dialogue *d, const struct account *by,
		      struct field_errors *e);
/* Validates, then inserts (d->id == 0, as a draft) or updates the dialogue and its principles
 * with an audit row, in one transaction. OUTCOME_OK with *id set; OUTCOME_INVALID with e
 * filled; OUTCOME_FORBIDDEN when by may not edit the stored dialogue; OUTCOME_NOT_FOUND when the
 * dialogue to update is not there; store_outcome when a query fails. */
enum outcome dialogue_save(struct store *st, struct arena *a, struct dialogue *d, const struct account *by,
			   struct field_errors *e, long long *id);
/* Loads one dialogue with its department's and contact's names, principles, report and counts:
 * OUTCOME_NOT_FOUND only when there is no such dialogue, store_outcome when a query fails. */
enum outcome dialogue_load(struct store *st, struct arena *a, long long id, struct dialogue *out);

/* Moves the dialogue to `to` as `by` (who must manage it), audited. `today` is the local date
 * "YYYY-MM-DD": opening sets opens_on to today when it is empty or later, and refuses when the
 * closing date has passed (a reopened dialogue instead loses the passed closing date); closing
 * sets closes_on to today when it is empty or later, unless `keep_closing_date` (closing early,
 * the owner chose to keep the planned last day on record; an empty one still becomes today).
 * OUTCOME_CONFLICT, with a message without a
 * field in e saying why, when the move is not possible from the present state or the closing
 * date has passed; OUTCOME_NOT_FOUND (a draft for those who may not see it) or
 * OUTCOME_FORBIDDEN when by does not manage it. */
enum outcome dialogue_set_state(struct store *st, long long id, enum dialogue_state to, const struct account *by,
				const char *today, bool keep_closing_date, struct field_errors *e);
/* Whether closing on `today` is closing early: the planned last day is later. */
bool dialogue_closes_early(const struct dialogue *d, const char *today);

/* What a change to the dialogue would touch, for the page that asks "are you sure?": the same
 * counts the change itself uses. */
struct dialogue_outlook {
	long long invited;      /* organisations invited */
	long long prepared;     /* of them, prepared and not yet sent: they go when the dialogue opens */
	long long submissions;  /* views and proposals sent in the dialogue */
	long long unanswered;   /* of them, neither answered nor closed */
	long long participants; /* whom publishing the report tells: people, and invited organisations
				 * nobody represents at their own address (as dialogue_report_save does) */
};
/* 0, or -1 when a query failed. */
int dialogue_outlook(struct store *st, long long id, struct dialogue_outlook *out);
/* Moves dialogues along their own dates on the local date of `now`, as a user of the service
 * expects from the dates shown: a planned dialogue opens on its opening date, an open one closes
 * after its closing date (that day still takes submissions). Audited with no account and
 * "by":"calendar". Each move is conditional on the state, so nodes running it at once move each
 * dialogue once. Returns how many moved, or -1. */
int dialogue_follow_calendar(struct store *st, time_t now);
/* For jobs_add: dialogue_follow_calendar at clock_now(), errors and moves logged. */
void dialogue_calendar_job(struct store *st, const struct mail_settings *ms);

/* An official who may be a dialogue's contact person. */
struct dialogue_contact {
	long long id;
	const char *name;
	long long department_id;
	const char *department_name;
};
/* The enabled officials of the department (0: of every department) by department and name; the
 * count filled (at most max), or -1. */
int dialogue_contact_options(struct store *st, struct arena *a, long long department_id, struct dialogue_contact *out,
			     int max);

/* ---- Lists ---------------------------------------------------------------------------------- */

enum dialogue_order {
	DIALOGUE_ORDER_OPEN_FIRST = 0, /* open (closing soonest first), planned, drafts, then the rest newest first */
	DIALOGUE_ORDER_UPDATED,        /* the most recently changed first (feeds) */
};

struct dialogue_filter {
	long long department_id; /* 0 for every department */
	bool by_state;           /* false for every state */
	enum dialogue_state state;
	const char *skr_level;   /* NULL or "" for every level */
	/* A dialogue "reaches" a target group or district when it invited at least one organisation
	 * of that target group or in that district: the dialogue itself records neither, and its
	 * invitations are where the municipality said whom it wants to hear. NULL or "" for any. */
	const char *target_group, *district;
	long long invited_account_id; /* >0: only dialogues an organisation this account represents is invited to */
	long long area_id;            /* >0: only dialogues linked to this collaboration area */
	/* Drafts are listed only for those who manage them: NULL (the public, the API, feeds) never
	 * sees one. */
	const struct account *viewer;
	enum dialogue_order order;
	int page;     /* 1-based */
	int per_page; /* 1..100 */
};

struct dialogue_page {
	struct dialogue *items; /* complete, as dialogue_load reads them */
	int n;
	long long total;
	int page, per_page;
};

int dialogue_list(struct store *st, struct arena *a, const struct dialogue_filter *f, struct dialogue_page *out);

/* ---- Invitations ------------------------------------------------------------------------------ */

/* The names of the organisations account_id represents that are invited to the dialogue, by
 * name, at most max; the count filled, or -1. */
int dialogue_invited_for(struct store *st, struct arena *a, long long dialogue_id, long long account_id,
			 const char **names, int max);

/* Which organisations to offer for invitation: public ones of the register matching the terms
 * (any code within a list, every list that has codes; see organisation_filter_where_any); `name`
 * searches names and descriptions like the register does. */
struct invite_filter {
	struct org_filter_any terms;
	const char *name;
};

struct invite_candidate {
	long long id;
	const char *name;
	bool invited;        /* already invited to this dialogue */
	int representatives; /* enabled accounts representing it */
	bool has_email;      /* the organisation's own address is in the register */
};

/* Whether an invitation reaches the organisation: it has an enabled representative (told in the
 * app, and by e-mail by their choice) or its own e-mail address. */
bool dialogue_candidate_reachable(const struct invite_candidate *c);

/* The matching organisations in alphabetical order, at most max; *total counts all matches.
 * Nothing (0) when the filter has no criterion. Returns the count filled, or -1. */
int dialogue_invite_candidates(struct store *st, struct arena *a, long long dialogue_id, const struct invite_filter *f,
			       struct invite_candidate *out, int max, long long *total);

struct invite_result {
	int invited;  /* new invitations sent */
	int prepared; /* new invitations kept until the dialogue opens */
	int skipped;  /* already invited, unknown or not public */
	int messages; /* people and addresses told */
};

/* Invites the organisations as `by` (who must manage the dialogue), in one transaction: for each
 * public one not yet invited, a new invitation. On an open dialogue it is sent at once: a random
 * link token (only its hash kept); each enabled representative gets a notification (kind
 * "invitations") in their language with the dialogue's title, question, closing date and the
 * link; an organisation without representatives but with an e-mail address gets one plain
 * message in Swedish. On a draft or planned dialogue it is prepared (sent_at NULL) and sent by
 * dialogue_send_prepared_invitations when the dialogue opens. OUTCOME_CONFLICT (why, in e) when
 * the dialogue has closed. */
enum outcome dialogue_invite(struct store *st, long long dialogue_id, const long long *organisation_ids, int n,
			     const struct account *by, struct invite_result *res, struct field_errors *e);

/* Sends the dialogue's prepared invitations (those with sent_at NULL) as dialogue_invite sends
 * one, inside the caller's transaction — the one that moves the dialogue to open, by hand or by
 * its date. Each is claimed with UPDATE … WHERE sent_at IS NULL, so running it again, or on two
 * nodes, sends nothing twice. Audited ("invitations_sent", by by_id; 0 for the calendar) when any
 * went. *messages counts the e-mails. Returns how many invitations were sent, or -1. */
int dialogue_send_prepared_invitations(struct store *st, long long dialogue_id, long long by_id, int *messages);

/* What sending invitations to a list of organisations would do, counted as dialogue_invite sends
 * (organisations already invited, hidden or unknown left out): for the preview. */
struct invite_reach {
	int organisations; /* to be invited */
	int unreachable;   /* of those, nobody to tell */
	int people;        /* enabled representatives told in the app (each once) */
	int emails;        /* e-mails: representatives who get invitations by e-mail, and addresses */
	long long first;   /* the first organisation to be invited (for the sample message), or 0 */
};
/* The preview: counts, and the message the first organisation's people get — subject and text
 * in the thread's language, composed as the send composes it, its link's token shown as "…".
 * OUTCOME_NOT_FOUND / OUTCOME_FORBIDDEN as for dialogue_invite; OUTCOME_INVALID (an error on
 * "reachable", the list of organisations) when none of them would be invited. */
enum outcome dialogue_invite_preview(struct store *st, struct arena *a, long long dialogue_id,
				     const long long *organisation_ids, int n, const struct account *by,
				     struct invite_reach *out, const char **subject, const char **text,
				     struct field_errors *e);

/* One invited organisation, for the list on the invitations page. */
struct invitation_row {
	long long organisation_id;
	const char *organisation_name;
	const char *invited_at; /* ISO 8601 UTC */
	const char *sent_at;    /* NULL while prepared */
	int recipients;         /* messages that went out for it */
	const char *opened_at;  /* NULL until someone of the organisation opened it */
	bool answered;          /* the organisation sent a submission in the dialogue */
};

/* The invited organisations by name, from offset; *total counts them all. Count filled, or -1. */
int dialogue_invitations(struct store *st, struct arena *a, long long dialogue_id, long long offset, int max,
			 struct invitation_row *out, long long *total);

/* Whether viewing the dialogue now should record an opened invitation: the link's token (may be
 * NULL) matches one of the dialogue's unopened invitations, or account_id (0: nobody signed in)
 * represents an invited organisation whose invitation is unopened. Reads only. */
bool dialogue_invitation_unopened(struct store *st, long long dialogue_id, const char *token, long long account_id);
/* Records the opening (first time only) in a short transaction of its own, audited; call it
 * outside any read snapshot. Returns how many invitations were marked, or -1. */
int dialogue_invitation_open(struct store *st, long long dialogue_id, const char *token, long long account_id);

/* ---- The report (återkoppling) ------------------------------------------------------------------ */

/* OUTCOME_OK when the dialogue's report may be written (it has closed), else OUTCOME_CONFLICT
 * with the reason in e. */
enum outcome dialogue_report_allowed(const struct dialogue *d, struct field_errors *e);
/* Checks the report's fields, the texts through the text contract (cleaned copies in a); with
 * `complete`, the summary, the decision and how the input was used are required (publishing,
 * and editing a published report). Count of errors added. */
int dialogue_report_validate(struct arena *a, struct dialogue_report *rep, bool complete, struct field_errors *e);
/* Saves the report of a closed (or already reported) dialogue as `by`, audited. With publish on a
 * closed dialogue it becomes reported and, in the same transaction, every participant is told
 * once in their language: the representatives of every invited organisation (kind
 * "invitations"), everyone who sent a submission in it (kind "answers"), and invited
 * organisations without representatives at their own address. *notified counts them (0 when
 * only saved, or when a published report was edited: that is not sent again). OUTCOME_INVALID
 * with e filled; OUTCOME_CONFLICT (why, in e) when the dialogue is not closed or its state
 * changed meanwhile. */
enum outcome dialogue_report_save(struct store *st, struct arena *a, long long id, struct dialogue_report *rep,
				  bool publish, const struct account *by, struct field_errors *e, int *notified);

/* ---- For a representative's start page ---------------------------------------------------------- */

/* An open dialogue an organisation the person represents is invited to and has sent nothing in. */
struct waiting_invitation {
	long long dialogue_id;
	const char *title;
	const char *closes_on; /* "YYYY-MM-DD" or "" */
	long long organisation_id;
	const char *organisation_name;
};
/* The invitations waiting for an answer from the organisations account_id represents, closing
 * soonest first, at most max; *total (may be NULL) counts them all. Count filled, or -1. */
int dialogue_invitations_waiting(struct store *st, struct arena *a, long long account_id,
				 struct waiting_invitation *out, int max, long long *total);

/* For the yearly follow-up, dialogues in the period [from, to] ("YYYY-MM-DD") of one department
 * (department_id > 0), one committee's departments (committee_id > 0) or all (both 0), per
 * principle (held[0..8] for P1..P9; one serving several counts under each) and once each in
 * held[9]: held — open at some time in the period (opened on or before its last day and not closed
 * before its first) — and reported — their "what happened next" published in the period.
 * 0, or -1 when the store failed. */
int dialogue_principle_counts(struct store *st, const char *from, const char *to, long long committee_id,
			      long long department_id, long long held[DIALOGUE_PRINCIPLES_MAX + 1],
			      long long reported[DIALOGUE_PRINCIPLES_MAX + 1]);

#endif
