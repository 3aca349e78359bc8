/* submission: arrival, status history, answer, case number and moderation of views and proposals —
 * each change one transaction holding its history row, its audit row and the author's notification. */
#include "domain/submission.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/text.h"
#include "base/workdays.h"
#include "domain/audit.h"
#include "domain/dialogue.h"
#include "domain/feedback_clock.h"
#include "domain/notification.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Rules without the database -------------------------------------------------------------- */

bool submission_kind_valid(const char *kind)
{
	return kind && (strcmp(kind, "view") == 0 || strcmp(kind, "proposal") == 0);
}

/* The stored codes, in the order of enum submission_status from SUBMISSION_RECEIVED. */
static const char *const status_codes[SUBMISSION_STATUS_COUNT] = {"received", "acknowledged", "in_progress",
								   "answered", "closed"};

const char *submission_status_code(enum submission_status s)
{
	return s >= SUBMISSION_RECEIVED && s <= SUBMISSION_CLOSED ? status_codes[s - SUBMISSION_RECEIVED] : "";
}

enum submission_status submission_status_from_code(const char *code)
{
	for (int i = 0; code && i < SUBMISSION_STATUS_COUNT; i++)
		if (strcmp(code, status_codes[i]) == 0)
			return (enum submission_status)(SUBMISSION_RECEIVED + i);
	return SUBMISSION_STATUS_NONE;
}

const char *submission_kind_label(const char *kind)
{
	if (kind && strcmp(kind, "proposal") == 0)
		return _("Proposal");
	return _("View");
}

const char *submission_status_label(enum submission_status s)
{
	switch (s) {
	case SUBMISSION_RECEIVED: return _("Received");
	case SUBMISSION_ACKNOWLEDGED: return _("Acknowledged");
	case SUBMISSION_IN_PROGRESS: return _("In progress");
	case SUBMISSION_ANSWERED: return _("Answered");
	case SUBMISSION_CLOSED: return _("Closed");
	case SUBMISSION_STATUS_NONE: break;
	}
	return "";
}

bool submission_status_move_allowed(enum submission_status from, enum submission_status to)
{
	switch (to) {
	case SUBMISSION_ACKNOWLEDGED: return from == SUBMISSION_RECEIVED;
	case SUBMISSION_IN_PROGRESS: return from == SUBMISSION_RECEIVED || from == SUBMISSION_ACKNOWLEDGED;
	case SUBMISSION_CLOSED: return from != SUBMISSION_CLOSED;
	default: return false;
	}
}

/* The text contract (text_field) on one stored field, with this module's own messages, which say
 * what the field is: broken (not clean text, or a line break where one line is wanted), too long,
 * or blank when `required` is given. *value becomes the cleaned arena copy. False when an error
 * was added to e. */
static bool check_field(struct field_errors *e, struct arena *a, const char *field, const char **value, bool lines,
			long max, const char *required, const char *broken, const char *too_long)
{
	enum text_problem p = text_field(a, *value, lines, max, value);
	const char *problem = p == TEXT_BROKEN ? broken : p == TEXT_TOO_LONG ? too_long : NULL;
	if (!problem && required && !**value)
		problem = required;
	if (problem)
		field_error(e, field, problem);
	return !problem;
}

bool submission_check_text(struct arena *a, struct submission_input *in, struct field_errors *e)
{
	bool ok = true;
	if (!submission_kind_valid(in->kind)) {
		field_error(e, "kind", _("Choose whether it is a view or a proposal."));
		ok = false;
	}
	ok &= check_field(e, a, "title", &in->title, false, SUBMISSION_TITLE_MAX, _("Give your view or proposal a title."),
			  _("The title must be one line of ordinary text."),
			  _("The title can be at most 200 characters long."));
	ok &= check_field(e, a, "body", &in->body, true, SUBMISSION_BODY_MAX, _("Write your view or proposal."),
			  _("The text contains characters that cannot be saved."),
			  _("The text can be at most 20,000 characters."));
	return ok;
}

bool submission_is_public(const struct submission *s)
{
	return s->publish_consent && !s->hidden_at && !(s->dialogue_id && s->dialogue_draft);
}

bool submission_visible(const struct submission *s, const struct account *who, bool represents_org)
{
	if (submission_is_public(s))
		return true;
	if (!who)
		return false;
	return (s->account_id && who->id == s->account_id) || (s->organisation_id && represents_org) ||
	       account_manages_department(who, s->department_id);
}

const char *submission_organisation_shown(const struct submission *s, const struct account *viewer)
{
	if (!s->organisation_id || !s->organisation_name)
		return NULL;
	/* A hidden organisation is hidden everywhere: /organisationer/{id} answers 404, so a view
	 * sent on its behalf must not name it either. Staff see hidden organisations in the register,
	 * and the author knows whom they wrote for. */
	if (s->organisation_public || (viewer && (viewer->role >= ROLE_OFFICIAL || viewer->id == s->account_id)))
		return s->organisation_name;
	return NULL;
}

/* ---- Reading ---------------------------------------------------------------------------------- */

#define SUBMISSION_COLUMNS                                                                                      \
	"s.id, s.dialogue_id, s.department_id, s.account_id, s.organisation_id, s.kind, s.title, s.body, s.status, " \
	"s.publish_consent, s.case_number, s.handler_account_id, s.received_at, s.received_on, s.acknowledge_due, "  \
	"s.answer_due, s.acknowledged_at, s.answered_at, s.answered_on, s.answer_workdays, s.answer, s.answered_by, " \
	"s.hidden_at, s.hidden_reason, s.hidden_by, s.updated_at, o.name, dp.name, d.title, d.state, o.public, s.author_erased_at"
#define SUBMISSION_JOINS                                                                                        \
	" FROM submission s JOIN department dp ON dp.id = s.department_id "                                       \
	"LEFT JOIN organisation o ON o.id = s.organisation_id LEFT JOIN dialogue d ON d.id = s.dialogue_id"

/* The positions of SUBMISSION_COLUMNS, so a row is read by name. */
enum submission_column {
	SC_ID, SC_DIALOGUE_ID, SC_DEPARTMENT_ID, SC_ACCOUNT_ID, SC_ORGANISATION_ID, SC_KIND, SC_TITLE, SC_BODY,
	SC_STATUS, SC_PUBLISH_CONSENT, SC_CASE_NUMBER, SC_HANDLER_ID, SC_RECEIVED_AT, SC_RECEIVED_ON,
	SC_ACKNOWLEDGE_DUE, SC_ANSWER_DUE, SC_ACKNOWLEDGED_AT, SC_ANSWERED_AT, SC_ANSWERED_ON, SC_ANSWER_WORKDAYS,
	SC_ANSWER, SC_ANSWERED_BY, SC_HIDDEN_AT, SC_HIDDEN_REASON, SC_HIDDEN_BY, SC_UPDATED_AT,
	SC_ORGANISATION_NAME, SC_DEPARTMENT_NAME, SC_DIALOGUE_TITLE, SC_DIALOGUE_STATE, SC_ORGANISATION_PUBLIC,
	SC_AUTHOR_ERASED_AT,
	SC_COUNT, /* submission_load's names of people follow */
};

static void row_to_submission(struct cursor *c, struct arena *a, struct submission *s)
{
	memset(s, 0, sizeof *s);
	s->id = cursor_int(c, SC_ID);
	s->dialogue_id = cursor_int_or(c, SC_DIALOGUE_ID, 0);
	s->department_id = cursor_int(c, SC_DEPARTMENT_ID);
	s->account_id = cursor_int_or(c, SC_ACCOUNT_ID, 0);
	s->organisation_id = cursor_int_or(c, SC_ORGANISATION_ID, 0);
	s->kind = cursor_copy_or_null(a, c, SC_KIND);
	s->title = cursor_copy_or_null(a, c, SC_TITLE);
	s->body = cursor_copy_or_null(a, c, SC_BODY);
	s->status = submission_status_from_code(cursor_text(c, SC_STATUS));
	s->publish_consent = cursor_int(c, SC_PUBLISH_CONSENT) != 0;
	s->case_number = cursor_copy_or_null(a, c, SC_CASE_NUMBER);
	s->handler_account_id = cursor_int_or(c, SC_HANDLER_ID, 0);
	s->received_at = cursor_copy_or_null(a, c, SC_RECEIVED_AT);
	s->received_on = cursor_copy_or_null(a, c, SC_RECEIVED_ON);
	s->acknowledge_due = cursor_copy_or_null(a, c, SC_ACKNOWLEDGE_DUE);
	s->answer_due = cursor_copy_or_null(a, c, SC_ANSWER_DUE);
	s->acknowledged_at = cursor_copy_or_null(a, c, SC_ACKNOWLEDGED_AT);
	s->answered_at = cursor_copy_or_null(a, c, SC_ANSWERED_AT);
	s->answered_on = cursor_copy_or_null(a, c, SC_ANSWERED_ON);
	s->answer_workdays = (int)cursor_int_or(c, SC_ANSWER_WORKDAYS, -1);
	s->answer = cursor_copy_or_null(a, c, SC_ANSWER);
	s->answered_by = cursor_int_or(c, SC_ANSWERED_BY, 0);
	s->hidden_at = cursor_copy_or_null(a, c, SC_HIDDEN_AT);
	s->hidden_reason = cursor_copy_or_null(a, c, SC_HIDDEN_REASON);
	s->hidden_by = cursor_int_or(c, SC_HIDDEN_BY, 0);
	s->updated_at = cursor_copy_or_null(a, c, SC_UPDATED_AT);
	s->organisation_name = cursor_copy_or_null(a, c, SC_ORGANISATION_NAME);
	s->department_name = cursor_copy_or_null(a, c, SC_DEPARTMENT_NAME);
	s->dialogue_title = cursor_copy_or_null(a, c, SC_DIALOGUE_TITLE);
	enum dialogue_state state;
	s->dialogue_draft = dialogue_state_from_code(cursor_text(c, SC_DIALOGUE_STATE), &state) && state == DIALOGUE_DRAFT;
	s->organisation_public = !cursor_is_null(c, SC_ORGANISATION_PUBLIC) && cursor_int(c, SC_ORGANISATION_PUBLIC) != 0;
	s->author_erased = !cursor_is_null(c, SC_AUTHOR_ERASED_AT);
}

enum outcome submission_load(struct store *st, struct arena *a, long long id, struct submission *out)
{
	memset(out, 0, sizeof *out);
	struct cursor *c = store_query(st,
		"SELECT " SUBMISSION_COLUMNS ", au.name, ha.name, ab.name" SUBMISSION_JOINS
		" LEFT JOIN account au ON au.id = s.account_id LEFT JOIN account ha ON ha.id = s.handler_account_id "
		"LEFT JOIN account ab ON ab.id = s.answered_by WHERE s.id = $1",
		ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found) {
		row_to_submission(c, a, out);
		out->author_name = cursor_copy_or_null(a, c, SC_COUNT);
		out->handler_name = cursor_copy_or_null(a, c, SC_COUNT + 1);
		out->answered_by_name = cursor_copy_or_null(a, c, SC_COUNT + 2);
	}
	if (cursor_close(c) != 0)
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

bool submission_may_see(struct store *st, const struct account *who, const struct submission *s)
{
	if (submission_is_public(s) || !who)
		return submission_is_public(s);
	bool represents = s->organisation_id && account_represents(st, who->id, s->organisation_id);
	return submission_visible(s, who, represents);
}

enum outcome submission_load_for(struct store *st, struct arena *a, const struct account *who, long long id,
				 struct submission *out)
{
	enum outcome o = submission_load(st, a, id, out);
	if (o != OUTCOME_OK)
		return o;
	/* Whether who represents its organisation is a query too: its failure is not "not theirs". */
	store_clear_error(st);
	if (submission_may_see(st, who, out))
		return OUTCOME_OK;
	return store_errcode(st) == STORE_OK ? OUTCOME_NOT_FOUND : store_outcome(st);
}

int submission_events(struct store *st, struct arena *a, long long id, struct submission_event *out, int max)
{
	struct cursor *c = store_query(st,
		"SELECT e.id, e.at, e.account_id, ac.name, e.status, e.note FROM submission_event e "
		"LEFT JOIN account ac ON ac.id = e.account_id WHERE e.submission_id = $1 ORDER BY e.id LIMIT $2",
		ARGS(SV_I(id), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		struct submission_event *e = &out[n++];
		e->id = cursor_int(c, 0);
		e->at = cursor_copy_or_null(a, c, 1);
		e->account_id = cursor_int_or(c, 2, 0);
		e->account_name = cursor_copy_or_null(a, c, 3);
		e->status = submission_status_from_code(cursor_text(c, 4));
		e->note = cursor_copy_or_null(a, c, 5);
	}
	return cursor_close(c) != 0 ? -1 : n;
}

int submission_list(struct store *st, struct arena *a, const struct submission_filter *f, struct submission *out,
		    long long *total)
{
	/* The conditions are built from the program's own text only; every value is bound. */
	struct buf where = BUF_INIT;
	struct sv args[8];
	int nargs = 0;
	buf_puts(&where, " WHERE 1 = 1");
	if (f->account_id > 0) {
		/* One's own list: everything one sent, whether public or not. */
		args[nargs++] = SV_I(f->account_id);
		buf_printf(&where, " AND s.account_id = $%d", nargs);
	} else if (f->manager && f->manager->role >= ROLE_COORDINATOR) {
		/* Coordinators see every submission. */
	} else if (f->manager && f->manager->role >= ROLE_OFFICIAL && f->manager->department_id > 0) {
		args[nargs++] = SV_I(f->manager->department_id);
		buf_printf(&where, " AND (" SUBMISSION_PUBLIC_SQL " OR s.department_id = $%d)", nargs);
	} else {
		buf_puts(&where, " AND " SUBMISSION_PUBLIC_SQL);
	}
	if (f->dialogue_id > 0) {
		args[nargs++] = SV_I(f->dialogue_id);
		buf_printf(&where, " AND s.dialogue_id = $%d", nargs);
	}
	if (f->department_id > 0) {
		args[nargs++] = SV_I(f->department_id);
		buf_printf(&where, " AND s.department_id = $%d", nargs);
	}
	if (f->status != SUBMISSION_STATUS_NONE) {
		args[nargs++] = SV_T(submission_status_code(f->status));
		buf_printf(&where, " AND s.status = $%d", nargs);
	}
	if (f->answered_only)
		buf_puts(&where, " AND s.answered_at IS NOT NULL");
	int rc = 0;
	if (total) {
		char *sql = arena_printf(a, "SELECT COUNT(*) FROM submission s LEFT JOIN dialogue d ON d.id = s.dialogue_id%s",
					 buf_str(&where));
		*total = store_int(st, sql, args, nargs, 0);
		if (*total < 0)
			rc = -1;
	}
	int per_page = f->per_page > 0 ? f->per_page : 20;
	int page = f->page > 0 ? f->page : 1;
	if (rc == 0) {
		args[nargs++] = SV_I(per_page);
		args[nargs++] = SV_I((long long)(page - 1) * per_page);
		char *sql = arena_printf(a, "SELECT " SUBMISSION_COLUMNS SUBMISSION_JOINS "%s ORDER BY %s LIMIT $%d OFFSET $%d",
					 buf_str(&where), f->answered_only ? "s.answered_at DESC, s.id DESC" : "s.id DESC",
					 nargs - 1, nargs);
		struct cursor *c = store_query(st, sql, args, nargs);
		while (rc < per_page && cursor_next(c))
			row_to_submission(c, a, &out[rc++]);
		if (cursor_close(c) != 0)
			rc = -1;
	}
	buf_free(&where);
	return rc;
}

void submission_local_date(const char *iso, char out[11])
{
	time_t t = iso && *iso ? clock_parse(iso) : -1;
	if (t < 0)
		out[0] = 0;
	else
		feedback_local_date(t, out);
}

/* Rows of (id, name) from a query whose first two columns are those. */
static int choices(struct store *st, struct arena *a, const char *sql, const struct sv *args, int nargs,
		   struct sub_choice *out, int max)
{
	struct cursor *c = store_query(st, sql, args, nargs);
	int n = 0;
	while (n < max && cursor_next(c)) {
		out[n].id = cursor_int(c, 0);
		out[n].name = arena_strdup(a, cursor_text(c, 1));
		n++;
	}
	return cursor_close(c) != 0 ? -1 : n;
}

int submission_departments(struct store *st, struct arena *a, bool open_only, struct sub_choice *out, int max)
{
	return choices(st, a,
		       open_only ? "SELECT id, name FROM department WHERE retired_at IS NULL ORDER BY name, id LIMIT $1"
				 : "SELECT id, name FROM department ORDER BY name, id LIMIT $1",
		       ARGS(SV_I(max)), out, max);
}

int submission_dialogue_choices(struct store *st, struct arena *a, struct sub_choice *out, int max)
{
	return choices(st, a, "SELECT id, title FROM dialogue WHERE state <> 'draft' ORDER BY id DESC LIMIT $1",
		       ARGS(SV_I(max)), out, max);
}

int submission_author_organisations(struct store *st, struct arena *a, long long account_id, struct sub_choice *out,
				    int max)
{
	return choices(st, a,
		       "SELECT o.id, o.name FROM representative rp JOIN organisation o ON o.id = rp.organisation_id "
		       "WHERE rp.account_id = $1 ORDER BY o.sort_key, o.id LIMIT $2",
		       ARGS(SV_I(account_id), SV_I(max)), out, max);
}

enum outcome submission_dialogue(struct store *st, struct arena *a, long long id, struct sub_dialogue *out)
{
	memset(out, 0, sizeof *out);
	struct cursor *c = store_query(st,
		"SELECT d.id, d.department_id, d.title, d.question, d.can_influence, d.cannot_influence, d.state, "
		"d.closes_on, dp.name FROM dialogue d JOIN department dp ON dp.id = d.department_id WHERE d.id = $1",
		ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found) {
		out->id = cursor_int(c, 0);
		out->department_id = cursor_int(c, 1);
		out->title = cursor_copy_or_null(a, c, 2);
		out->question = cursor_copy_or_null(a, c, 3);
		out->can_influence = cursor_copy_or_null(a, c, 4);
		out->cannot_influence = cursor_copy_or_null(a, c, 5);
		const char *state = cursor_text(c, 6);
		found = strcmp(state, "draft") != 0;
		out->open = strcmp(state, "open") == 0;
		out->closes_on = cursor_copy_or_null(a, c, 7);
		out->department_name = cursor_copy_or_null(a, c, 8);
	}
	if (cursor_close(c) != 0)
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

/* ---- Changes: shared pieces ------------------------------------------------------------------- */

/* Commits a change that went well; otherwise rolls it back. A failed commit is the store's outcome. */

long long submission_insert(struct store *st, const struct submission *s, const struct submission_clock_marks *m)
{
	static const struct submission_clock_marks none = {0};
	if (!m)
		m = &none;
	return store_int(
		st,
		"INSERT INTO submission (dialogue_id, department_id, account_id, organisation_id, kind, title, body,"
		" publish_consent, status, case_number, received_at, received_on, acknowledge_due, answer_due,"
		" acknowledged_at, answered_at, answered_on, answer_workdays, answer, answered_by, hidden_at,"
		" hidden_reason, hidden_by, acknowledge_reminded_at, acknowledge_escalated_at, answer_reminded_at,"
		" answer_escalated_at, updated_at)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,"
		" $21, $22, $23, $24, $25, $26, $27, $28) RETURNING id",
		ARGS(s->dialogue_id > 0 ? SV_I(s->dialogue_id) : SV_NULLV, SV_I(s->department_id),
		     s->account_id > 0 ? SV_I(s->account_id) : SV_NULLV,
		     s->organisation_id > 0 ? SV_I(s->organisation_id) : SV_NULLV, SV_T(s->kind), SV_T(s->title),
		     SV_T(s->body), SV_I(s->publish_consent ? 1 : 0), SV_T(submission_status_code(s->status)),
		     SV_TN(s->case_number), SV_T(s->received_at), SV_T(s->received_on), SV_T(s->acknowledge_due),
		     SV_T(s->answer_due), SV_T(s->acknowledged_at), SV_T(s->answered_at), SV_T(s->answered_on),
		     s->answer_workdays >= 0 ? SV_I(s->answer_workdays) : SV_NULLV, SV_T(s->answer),
		     s->answered_by > 0 ? SV_I(s->answered_by) : SV_NULLV, SV_T(s->hidden_at), SV_T(s->hidden_reason),
		     s->hidden_by > 0 ? SV_I(s->hidden_by) : SV_NULLV, SV_T(m->acknowledge_reminded_at),
		     SV_T(m->acknowledge_escalated_at), SV_T(m->answer_reminded_at), SV_T(m->answer_escalated_at),
		     SV_T(s->updated_at ? s->updated_at : s->received_at)),
		0);
}

int submission_event_insert(struct store *st, long long id, const char *at, long long by, enum submission_status status,
			    const char *note)
{
	return store_exec(st, "INSERT INTO submission_event (submission_id, at, account_id, status, note) "
			      "VALUES ($1, $2, $3, $4, $5)",
			  ARGS(SV_I(id), SV_T(at), by > 0 ? SV_I(by) : SV_NULLV, SV_T(submission_status_code(status)),
			       SV_TN(note))) == 1
		       ? 0
		       : -1;
}

/* Tells the author about their submission, in the author's language: the title and body formats
 * are msgids (title: one %s, the submission's title; body: the department's name, and optionally
 * a second %s, the answer's due date), and `quote` (an answer, a note, a reason) follows the body. Nothing when the author's account
 * is gone or disabled. 0, or -1 when the store failed. */
static int tell_author(struct store *st, const struct submission *s, const char *title_fmt, const char *body_fmt,
		       const char *quote)
{
	if (!s->account_id)
		return 0;
	struct cursor *c = store_query(st, "SELECT lang FROM account WHERE id = $1 AND disabled = 0",
				       ARGS(SV_I(s->account_id)));
	char lang[4] = "";
	bool found = cursor_next(c);
	if (found)
		snprintf(lang, sizeof lang, "%s", cursor_text(c, 0));
	if (cursor_close(c) != 0)
		return -1;
	if (!found)
		return 0;
	char saved[4];
	snprintf(saved, sizeof saved, "%s", i18n_lang());
	i18n_set_lang(lang);
	/* Room for a title of 200 four-byte characters, so it is never cut inside one. */
	char title[1200];
	snprintf(title, sizeof title, i18n_translate(title_fmt), s->title);
	struct buf body = BUF_INIT;
	buf_printf(&body, i18n_translate(body_fmt), s->department_name ? s->department_name : "",
		   s->answer_due ? s->answer_due : "");
	if (quote && *quote) {
		buf_puts(&body, "\n\n");
		buf_puts(&body, quote);
	}
	i18n_set_lang(saved);
	char link[48];
	snprintf(link, sizeof link, "/synpunkter/%lld", s->id);
	int rc = notification_create(st, s->account_id, NOTIFY_ANSWERS, title, buf_str(&body), link) > 0 ? 0 : -1;
	buf_free(&body);
	return rc;
}

/* Starts the write transaction of a handling change, loads the submission in it and checks that
 * `by` may handle it: not visible to them is "not found", visible but another department's is
 * "forbidden". Whatever it returns, the caller ends with finish(). */
static enum outcome begin_handling(struct store *st, struct arena *a, const struct account *by, long long id,
				      struct submission *s)
{
	if (!by)
		return OUTCOME_NOT_FOUND;
	if (store_begin(st) != 0)
		return store_outcome(st);
	enum outcome rc = submission_load_for(st, a, by, id, s);
	if (rc != OUTCOME_OK)
		return rc;
	if (!account_manages_department(by, s->department_id))
		return OUTCOME_FORBIDDEN;
	return OUTCOME_OK;
}

/* ---- Arrival ---------------------------------------------------------------------------------- */

enum outcome submission_create(struct store *st, const struct account *author, struct submission_input *in,
			       long long *id_out, struct field_errors *e)
{
	*id_out = 0;
	/* The cleaned copies live in a local arena: the caller's input is put back before returning,
	 * so a form shows again what was typed. */
	struct arena a = ARENA_INIT;
	const char *typed_title = in->title, *typed_body = in->body;
	bool valid = submission_check_text(&a, in, e);
	enum outcome rc = OUTCOME_OK;
	if (store_begin(st) != 0) {
		rc = store_outcome(st);
		goto done;
	}
	long long department_id = 0;
	if (in->dialogue_id > 0) {
		/* A draft is no dialogue to the public, so it is "no such dialogue" here too. */
		struct sub_dialogue d;
		enum outcome o = submission_dialogue(st, &a, in->dialogue_id, &d);
		if (o == OUTCOME_NOT_FOUND)
			field_error(e, "dialogue_id", _("There is no such dialogue."));
		else if (o != OUTCOME_OK)
			rc = o;
		else if (!d.open)
			field_error(e, "dialogue_id", _("The dialogue is not open for views and proposals."));
		else
			department_id = d.department_id;
	} else {
		/* A retired department takes no new submissions (its successor does). */
		department_id = in->department_id > 0 ? store_int(st, "SELECT id FROM department WHERE id = $1 AND retired_at IS NULL",
								  ARGS(SV_I(in->department_id)), 0)
						      : 0;
		if (department_id < 0)
			rc = store_outcome(st);
		else if (department_id == 0)
			field_error(e, "department_id", _("Choose the department your view or proposal is for."));
	}
	if (rc == OUTCOME_OK && in->organisation_id > 0 && !account_represents(st, author->id, in->organisation_id))
		field_error(e, "on_behalf", _("You do not represent that organisation."));
	if (rc == OUTCOME_OK && store_errcode(st) != STORE_OK)
		rc = store_outcome(st);
	if (rc == OUTCOME_OK && (!valid || e->n > 0))
		rc = OUTCOME_INVALID;
	if (rc != OUTCOME_OK) {
		store_rollback(st);
		goto done;
	}

	time_t now = clock_now();
	char at[21], received_on[11], acknowledge_due[11], answer_due[11];
	clock_iso(now, at);
	feedback_local_date(now, received_on);
	struct feedback_targets targets;
	feedback_targets_load(st, &targets); /* on failure the defaults are in force, as documented */
	feedback_due_dates(&targets, received_on, acknowledge_due, answer_due);
	struct submission row = {
		.dialogue_id = in->dialogue_id, .department_id = department_id, .account_id = author->id,
		.organisation_id = in->organisation_id, .kind = in->kind, .title = in->title, .body = in->body,
		.status = SUBMISSION_RECEIVED, .publish_consent = in->publish_consent, .received_at = at,
		.received_on = received_on, .acknowledge_due = acknowledge_due, .answer_due = answer_due,
		.answer_workdays = -1, .updated_at = at,
	};
	long long id = submission_insert(st, &row, NULL);
	bool ok = id > 0 && submission_event_insert(st, id, at, author->id, SUBMISSION_RECEIVED, NULL) == 0 &&
		  audit_record_json(st, author->id, "submission", id, "create",
			json_pack("{s:I,s:I,s:I,s:s,s:b,s:s,s:s,s:s}", "dialogue_id", (json_int_t)in->dialogue_id,
				  "department_id", (json_int_t)department_id, "organisation_id",
				  (json_int_t)in->organisation_id, "kind", in->kind, "publish_consent",
				  in->publish_consent, "received_on", received_on, "acknowledge_due", acknowledge_due,
				  "answer_due", answer_due)) == 0 &&
		  feedback_notify_responsible(st, id, FEEDBACK_NOTICE_ARRIVED, NULL) >= 0;
	rc = store_finish(st, ok ? OUTCOME_OK : store_outcome(st));
	if (rc == OUTCOME_OK)
		*id_out = id;
done:
	in->title = typed_title, in->body = typed_body;
	arena_free(&a);
	return rc;
}

/* ---- Handling --------------------------------------------------------------------------------- */

/* Inside the handling transaction, on the loaded s: the status move with its history row, audit
 * row and the author's notice. The move and the note are checked by the caller. */
static enum outcome apply_status(struct store *st, const struct account *by, struct submission *s,
				 enum submission_status status, const char *note)
{
	bool acknowledge = status == SUBMISSION_ACKNOWLEDGED;
	bool close = status == SUBMISSION_CLOSED;
	char at[21];
	clock_iso(clock_now(), at);
	/* Marking it in progress tells the author it has been received just as acknowledging does,
	 * so it stops the acknowledgement clock too. */
	bool sets_ack = !close && !s->acknowledged_at;
	const char *code = submission_status_code(status);
	if (store_exec(st,
		       "UPDATE submission SET status = $2, updated_at = $3, "
		       "acknowledged_at = CASE WHEN $4 = 1 THEN $3 ELSE acknowledged_at END WHERE id = $1",
		       ARGS(SV_I(s->id), SV_T(code), SV_T(at), SV_I(sets_ack ? 1 : 0))) != 1 ||
	    submission_event_insert(st, s->id, at, by->id, status, note) != 0 ||
	    audit_record_json(st, by->id, "submission", s->id, "status",
		  json_pack("{s:s,s:s,s:s}", "from", submission_status_code(s->status), "to", code, "note", note)) != 0)
		return store_outcome(st);
	if (acknowledge && tell_author(st, s, N_("Your view or proposal \"%s\" has been received"),
				       N_("%s has received your view or proposal and will answer it by %s at the latest."),
				       NULL) != 0)
		return store_outcome(st);
	if (close && tell_author(st, s, N_("Your view or proposal \"%s\" has been closed"),
				 N_("%s has closed your view or proposal, with this note:"), note) != 0)
		return store_outcome(st);
	s->status = status;
	return OUTCOME_OK;
}

/* The note of a status move, cleaned in a (required when closing); false with its error in e. */
static bool check_note(struct field_errors *e, struct arena *a, const char **note, bool close)
{
	return check_field(e, a, "note", note, true, SUBMISSION_NOTE_MAX,
			   close ? _("Say why the case is closed: the person who wrote it will read this.") : NULL,
			   _("The note contains characters that cannot be saved."),
			   _("The note can be at most 2,000 characters."));
}

enum outcome submission_set_status(struct store *st, const struct account *by, long long id,
				   enum submission_status status, const char *note, struct field_errors *e)
{
	bool close = status == SUBMISSION_CLOSED;
	if (status != SUBMISSION_ACKNOWLEDGED && !close && status != SUBMISSION_IN_PROGRESS) {
		field_error(e, "status", _("Choose a status."));
		return OUTCOME_INVALID;
	}
	struct arena a = ARENA_INIT;
	if (!check_note(e, &a, &note, close)) {
		arena_free(&a);
		return OUTCOME_INVALID;
	}
	struct submission s;
	enum outcome rc = begin_handling(st, &a, by, id, &s);
	if (rc == OUTCOME_OK && !submission_status_move_allowed(s.status, status))
		rc = field_conflict(e, NULL, _("The status cannot be changed that way now: the page shows where the case stands."));
	if (rc == OUTCOME_OK)
		rc = apply_status(st, by, &s, status, note);
	rc = store_finish(st, rc);
	arena_free(&a);
	return rc;
}

/* The case number, cleaned in a; false with its error in e. */
static bool check_case_number(struct field_errors *e, struct arena *a, const char **case_number)
{
	return check_field(e, a, "case_number", case_number, false, SUBMISSION_CASE_NUMBER_MAX, NULL,
			   _("The case number must be one line of ordinary text."),
			   _("The case number can be at most 50 characters."));
}

/* Inside the handling transaction: whether the chosen handler (0: the default, below 0: nothing
 * one can choose) may handle s; the error on "handler" when not. OUTCOME_OK also when an error
 * was added; the store's outcome when it failed. */
static enum outcome check_handler(struct store *st, const struct submission *s, long long handler_account_id,
				  struct field_errors *e)
{
	if (handler_account_id == 0)
		return OUTCOME_OK;
	int ok = handler_account_id > 0 ? account_may_handle(st, handler_account_id, s->department_id) : 0;
	if (ok < 0)
		return store_outcome(st);
	if (ok == 0)
		field_error(e, "handler", _("Choose an official of the department or a coordinator."));
	return OUTCOME_OK;
}

/* Inside the handling transaction: stores the checked case number ("" clears it) and handler. */
static enum outcome apply_case(struct store *st, const struct account *by, const struct submission *s,
			       const char *case_number, long long handler_account_id)
{
	char at[21];
	clock_iso(clock_now(), at);
	if (store_exec(st, "UPDATE submission SET case_number = $2, handler_account_id = $3, updated_at = $4 WHERE id = $1",
		       ARGS(SV_I(s->id), SV_TN(case_number), handler_account_id > 0 ? SV_I(handler_account_id) : SV_NULLV,
			    SV_T(at))) != 1 ||
	    audit_record_json(st, by->id, "submission", s->id, "case",
		  json_pack("{s:s?,s:s?,s:I,s:I}", "case_number_from", s->case_number, "case_number_to",
			    *case_number ? case_number : NULL, "handler_from", (json_int_t)s->handler_account_id,
			    "handler_to", (json_int_t)handler_account_id)) != 0)
		return store_outcome(st);
	return OUTCOME_OK;
}

enum outcome submission_set_case(struct store *st, const struct account *by, long long id, const char *case_number,
				 long long handler_account_id, struct field_errors *e)
{
	struct arena a = ARENA_INIT;
	bool valid = check_case_number(e, &a, &case_number);
	struct submission s;
	enum outcome rc = begin_handling(st, &a, by, id, &s);
	if (rc == OUTCOME_OK)
		rc = check_handler(st, &s, handler_account_id, e);
	if (rc == OUTCOME_OK && (!valid || e->n > 0))
		rc = OUTCOME_INVALID;
	if (rc == OUTCOME_OK)
		rc = apply_case(st, by, &s, case_number, handler_account_id);
	rc = store_finish(st, rc);
	arena_free(&a);
	return rc;
}

/* The answer, cleaned in a; false with its error in e. */
static bool check_answer(struct field_errors *e, struct arena *a, const char **answer)
{
	return check_field(e, a, "answer", answer, true, SUBMISSION_ANSWER_MAX, _("Write the answer."),
			   _("The answer contains characters that cannot be saved."),
			   _("The answer can be at most 20,000 characters."));
}

/* Inside the handling transaction: writes or edits the checked answer, with its history row,
 * audit row and the author's notice. *edited says which. */
static enum outcome apply_answer(struct store *st, const struct account *by, const struct submission *s,
				 const char *answer, bool *edited)
{
	long long id = s->id;
	time_t now = clock_now();
	char at[21];
	clock_iso(now, at);
	*edited = s->answered_at != NULL;
	const char *answered = submission_status_code(SUBMISSION_ANSWERED);
	long long changed;
	if (*edited) {
		/* The clock measured the first answer: an edit keeps its time and day count. */
		changed = store_exec(st, "UPDATE submission SET answer = $2, status = $4, updated_at = $3 WHERE id = $1",
				     ARGS(SV_I(id), SV_T(answer), SV_T(at), SV_T(answered)));
	} else {
		char answered_on[11];
		feedback_local_date(now, answered_on);
		workday_date from, to;
		int days = workdays_parse(s->received_on, &from) && workdays_parse(answered_on, &to)
				   ? workdays_between(from, to)
				   : 0;
		changed = store_exec(st,
			"UPDATE submission SET answer = $2, status = $7, answered_at = $3, answered_on = $4, "
			"answer_workdays = $5, answered_by = $6, acknowledged_at = COALESCE(acknowledged_at, $3), "
			"updated_at = $3 WHERE id = $1",
			ARGS(SV_I(id), SV_T(answer), SV_T(at), SV_T(answered_on), SV_I(days), SV_I(by->id),
			     SV_T(answered)));
	}
	if (changed != 1 || submission_event_insert(st, id, at, by->id, SUBMISSION_ANSWERED, NULL) != 0 ||
	    audit_record_json(st, by->id, "submission", id, *edited ? "answer_edit" : "answer",
		  json_pack("{s:s,s:s?}", "answer", answer, "previous", s->answer)) != 0)
		return store_outcome(st);
	if (tell_author(st, s, *edited ? N_("The answer to \"%s\" has been changed") : N_("Answer to \"%s\""),
			*edited ? N_("%s has changed its answer to your view or proposal. The answer now reads:")
				: N_("%s has answered your view or proposal:"),
			answer) != 0)
		return store_outcome(st);
	return OUTCOME_OK;
}

enum outcome submission_answer(struct store *st, const struct account *by, long long id, const char *answer,
			       bool *edited, struct field_errors *e)
{
	*edited = false;
	struct arena a = ARENA_INIT;
	if (!check_answer(e, &a, &answer)) {
		arena_free(&a);
		return OUTCOME_INVALID;
	}
	struct submission s;
	enum outcome rc = begin_handling(st, &a, by, id, &s);
	if (rc == OUTCOME_OK)
		rc = apply_answer(st, by, &s, answer, edited);
	rc = store_finish(st, rc);
	arena_free(&a);
	return rc;
}

/* Whether two texts say the same (NULL as empty). */
static bool same_text(const char *x, const char *y) { return strcmp(x ? x : "", y ? y : "") == 0; }

enum outcome submission_handle(struct store *st, const struct account *by, long long id,
			       const struct submission_handling *in, struct submission_handled *done, struct field_errors *e)
{
	memset(done, 0, sizeof *done);
	struct arena a = ARENA_INIT;
	/* Every field is checked, so one answer names every problem; nothing is stored unless all
	 * of them pass. */
	const char *code = in->status && *in->status ? in->status : NULL;
	enum submission_status status = submission_status_from_code(code);
	bool close = status == SUBMISSION_CLOSED;
	if (code && status != SUBMISSION_ACKNOWLEDGED && !close && status != SUBMISSION_IN_PROGRESS)
		field_error(e, "status", _("Choose a status."));
	const char *note = in->note ? in->note : "";
	check_note(e, &a, &note, close);
	const char *case_number = in->case_number ? in->case_number : "";
	check_case_number(e, &a, &case_number);
	const char *answer = in->answer ? in->answer : "";
	bool answer_typed = answer[0] != 0;
	struct submission s;
	enum outcome rc = begin_handling(st, &a, by, id, &s);
	if (rc == OUTCOME_OK) {
		if (code && status && !submission_status_move_allowed(s.status, status))
			field_error(e, "status", _("The status cannot be changed that way now: the page shows where the case stands."));
		if (close && answer_typed && !same_text(answer, s.answer))
			field_error(e, "status", _("Close without an answer, or send the answer: not both at once."));
		/* The answer stays as it is when left unchanged; once given it cannot be emptied. */
		if (answer_typed || s.answer)
			check_answer(e, &a, &answer);
		rc = check_handler(st, &s, in->handler_account_id, e);
	}
	if (rc == OUTCOME_OK && e->n > 0)
		rc = OUTCOME_INVALID;
	if (rc == OUTCOME_OK && (!same_text(case_number, s.case_number) || in->handler_account_id != s.handler_account_id)) {
		rc = apply_case(st, by, &s, case_number, in->handler_account_id);
		done->details = true;
	}
	if (rc == OUTCOME_OK && code && status != s.status) {
		rc = apply_status(st, by, &s, status, note);
		done->status = true;
	}
	if (rc == OUTCOME_OK && answer_typed && !same_text(answer, s.answer)) {
		rc = apply_answer(st, by, &s, answer, &done->answer_edited);
		done->answer = true;
	}
	rc = store_finish(st, rc);
	if (rc != OUTCOME_OK)
		memset(done, 0, sizeof *done);
	arena_free(&a);
	return rc;
}

/* ---- Moderation ------------------------------------------------------------------------------- */

enum outcome submission_hide(struct store *st, const struct account *by, long long id, const char *reason,
			     struct field_errors *e)
{
	if (!by || by->role < ROLE_COORDINATOR)
		return OUTCOME_FORBIDDEN;
	struct arena a = ARENA_INIT;
	if (!check_field(e, &a, "reason", &reason, true, SUBMISSION_NOTE_MAX,
			 _("Give the reason: it is kept in the log and sent to the person who wrote it."),
			 _("The reason contains characters that cannot be saved."),
			 _("The reason can be at most 2,000 characters."))) {
		arena_free(&a);
		return OUTCOME_INVALID;
	}
	struct submission s;
	enum outcome rc = begin_handling(st, &a, by, id, &s);
	if (rc == OUTCOME_OK && !submission_is_public(&s))
		rc = field_conflict(e, NULL, _("Only a published view or proposal can be hidden."));
	if (rc == OUTCOME_OK) {
		char at[21];
		clock_iso(clock_now(), at);
		if (store_exec(st,
			       "UPDATE submission SET hidden_at = $2, hidden_reason = $3, hidden_by = $4, updated_at = $2 "
			       "WHERE id = $1 AND hidden_at IS NULL",
			       ARGS(SV_I(id), SV_T(at), SV_T(reason), SV_I(by->id))) != 1 ||
		    audit_record_json(st, by->id, "submission", id, "hide", json_pack("{s:s}", "reason", reason)) != 0 ||
		    tell_author(st, &s, N_("Your view or proposal \"%s\" is no longer shown publicly"),
				N_("The municipality's coordinator has hidden your view or proposal from the public pages. "
				   "You and %s can still read it, and it will still be answered. The reason:"),
				reason) != 0)
			rc = store_outcome(st);
	}
	rc = store_finish(st, rc);
	arena_free(&a);
	return rc;
}

enum outcome submission_unhide(struct store *st, const struct account *by, long long id, struct field_errors *e)
{
	if (!by || by->role < ROLE_COORDINATOR)
		return OUTCOME_FORBIDDEN;
	struct arena a = ARENA_INIT;
	struct submission s;
	enum outcome rc = begin_handling(st, &a, by, id, &s);
	if (rc == OUTCOME_OK && !s.hidden_at)
		rc = field_conflict(e, NULL, _("It is not hidden."));
	if (rc == OUTCOME_OK) {
		char at[21];
		clock_iso(clock_now(), at);
		if (store_exec(st,
			       "UPDATE submission SET hidden_at = NULL, hidden_reason = NULL, hidden_by = NULL, updated_at = $2 "
			       "WHERE id = $1",
			       ARGS(SV_I(id), SV_T(at))) != 1 ||
		    audit_record_json(st, by->id, "submission", id, "show", json_pack("{s:s}", "hidden_reason", s.hidden_reason ? s.hidden_reason : "")) != 0)
			rc = store_outcome(st);
	}
	rc = store_finish(st, rc);
	arena_free(&a);
	return rc;
}
