/* submission: arrival, status history, answer, case number and moderation of views and proposals —
 * each change one transaction holding its history row, its audit row and the author's notification. */
#include "domain/submission.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/workdays.h"
#include "domain/audit.h"
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

static const char *const statuses[] = {"received", "acknowledged", "in_progress", "answered", "closed"};

bool submission_status_valid(const char *status)
{
	for (size_t i = 0; status && i < sizeof statuses / sizeof statuses[0]; i++)
		if (strcmp(status, statuses[i]) == 0)
			return true;
	return false;
}

const char *submission_kind_label(const char *kind)
{
	if (kind && strcmp(kind, "proposal") == 0)
		return _("Proposal");
	return _("View");
}

const char *submission_status_label(const char *status)
{
	if (!status)
		return "";
	if (strcmp(status, "received") == 0) return _("Received");
	if (strcmp(status, "acknowledged") == 0) return _("Acknowledged");
	if (strcmp(status, "in_progress") == 0) return _("In progress");
	if (strcmp(status, "answered") == 0) return _("Answered");
	if (strcmp(status, "closed") == 0) return _("Closed");
	return status;
}

/* Decodes one code point; its length in bytes, or 0 when the bytes are not UTF-8 (overlong
 * forms, surrogates and values past U+10FFFF included). */
static int utf8_decode(const unsigned char *s, unsigned *cp)
{
	unsigned c = s[0], min;
	int len;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, min = 0x80, c &= 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, min = 0x800, c &= 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, min = 0x10000, c &= 0x07;
	else
		return 0;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

long submission_chars(const char *s, bool multiline)
{
	long n = 0;
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; n++) {
		unsigned cp;
		int len = utf8_decode(p, &cp);
		if (len == 0)
			return -1;
		bool line_break = cp == '\n' || cp == '\r' || cp == '\t';
		if ((cp < 0x20 && !(multiline && line_break)) || (cp >= 0x7F && cp <= 0x9F))
			return -1;
		p += len;
	}
	return n;
}

/* s without white space at either end, copied into a (NULL becomes ""). */
static const char *trimmed(struct arena *a, const char *s)
{
	if (!s)
		return "";
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return arena_strndup(a, s, n);
}

static int add_error(struct sub_error *errs, int max, int n, const char *field, const char *message)
{
	if (n < max) {
		errs[n].field = field;
		errs[n].message = message;
	}
	return n + 1;
}

int submission_check_text(struct arena *a, struct submission_input *in, struct sub_error *errs, int max)
{
	int n = 0;
	if (!submission_kind_valid(in->kind))
		n = add_error(errs, max, n, "kind", _("Choose whether it is a view or a proposal."));
	in->title = trimmed(a, in->title);
	in->body = trimmed(a, in->body);
	long tc = submission_chars(in->title, false);
	if (!*in->title)
		n = add_error(errs, max, n, "title", _("Give your view or proposal a title."));
	else if (tc < 0)
		n = add_error(errs, max, n, "title", _("The title must be one line of ordinary text."));
	else if (tc > SUBMISSION_TITLE_MAX)
		n = add_error(errs, max, n, "title", _("The title can be at most 200 characters long."));
	long bc = submission_chars(in->body, true);
	if (!*in->body)
		n = add_error(errs, max, n, "body", _("Write your view or proposal."));
	else if (bc < 0)
		n = add_error(errs, max, n, "body", _("The text contains characters that cannot be saved."));
	else if (bc > SUBMISSION_BODY_MAX)
		n = add_error(errs, max, n, "body", _("The text can be at most 20,000 characters."));
	return n < max ? n : max;
}

bool submission_is_public(const struct submission *s)
{
	return s->publish_consent && !s->hidden_at && !(s->dialogue_id && s->dialogue_state &&
							 strcmp(s->dialogue_state, "draft") == 0);
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

static const char *text_or_null(struct arena *a, struct cursor *c, int col)
{
	return cursor_is_null(c, col) ? NULL : arena_strdup(a, cursor_text(c, col));
}

static void row_to_submission(struct cursor *c, struct arena *a, struct submission *s)
{
	memset(s, 0, sizeof *s);
	s->id = cursor_int(c, 0);
	s->dialogue_id = cursor_is_null(c, 1) ? 0 : cursor_int(c, 1);
	s->department_id = cursor_int(c, 2);
	s->account_id = cursor_is_null(c, 3) ? 0 : cursor_int(c, 3);
	s->organisation_id = cursor_is_null(c, 4) ? 0 : cursor_int(c, 4);
	s->kind = text_or_null(a, c, 5);
	s->title = text_or_null(a, c, 6);
	s->body = text_or_null(a, c, 7);
	s->status = text_or_null(a, c, 8);
	s->publish_consent = cursor_int(c, 9) != 0;
	s->case_number = text_or_null(a, c, 10);
	s->handler_account_id = cursor_is_null(c, 11) ? 0 : cursor_int(c, 11);
	s->received_at = text_or_null(a, c, 12);
	s->received_on = text_or_null(a, c, 13);
	s->acknowledge_due = text_or_null(a, c, 14);
	s->answer_due = text_or_null(a, c, 15);
	s->acknowledged_at = text_or_null(a, c, 16);
	s->answered_at = text_or_null(a, c, 17);
	s->answered_on = text_or_null(a, c, 18);
	s->answer_workdays = cursor_is_null(c, 19) ? -1 : (int)cursor_int(c, 19);
	s->answer = text_or_null(a, c, 20);
	s->answered_by = cursor_is_null(c, 21) ? 0 : cursor_int(c, 21);
	s->hidden_at = text_or_null(a, c, 22);
	s->hidden_reason = text_or_null(a, c, 23);
	s->hidden_by = cursor_is_null(c, 24) ? 0 : cursor_int(c, 24);
	s->updated_at = text_or_null(a, c, 25);
	s->organisation_name = text_or_null(a, c, 26);
	s->department_name = text_or_null(a, c, 27);
	s->dialogue_title = text_or_null(a, c, 28);
	s->dialogue_state = text_or_null(a, c, 29);
	s->organisation_public = !cursor_is_null(c, 30) && cursor_int(c, 30) != 0;
	s->author_erased = !cursor_is_null(c, 31);
}

bool submission_load(struct store *st, struct arena *a, long long id, struct submission *out)
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
		out->author_name = text_or_null(a, c, 32);
		out->handler_name = text_or_null(a, c, 33);
		out->answered_by_name = text_or_null(a, c, 34);
	}
	cursor_close(c);
	return found;
}

bool submission_may_see(struct store *st, const struct account *who, const struct submission *s)
{
	if (submission_is_public(s) || !who)
		return submission_is_public(s);
	bool represents = s->organisation_id && account_represents(st, who->id, s->organisation_id);
	return submission_visible(s, who, represents);
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
		e->at = text_or_null(a, c, 1);
		e->account_id = cursor_is_null(c, 2) ? 0 : cursor_int(c, 2);
		e->account_name = text_or_null(a, c, 3);
		e->status = text_or_null(a, c, 4);
		e->note = text_or_null(a, c, 5);
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
	if (f->status && *f->status) {
		args[nargs++] = SV_T(f->status);
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

int submission_departments(struct store *st, struct arena *a, struct sub_choice *out, int max)
{
	return choices(st, a, "SELECT id, name FROM department ORDER BY name, id LIMIT $1", ARGS(SV_I(max)), out, max);
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

bool submission_dialogue(struct store *st, struct arena *a, long long id, struct sub_dialogue *out)
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
		out->title = text_or_null(a, c, 2);
		out->question = text_or_null(a, c, 3);
		out->can_influence = text_or_null(a, c, 4);
		out->cannot_influence = text_or_null(a, c, 5);
		out->state = text_or_null(a, c, 6);
		out->closes_on = text_or_null(a, c, 7);
		out->department_name = text_or_null(a, c, 8);
	}
	cursor_close(c);
	return found;
}

/* ---- Changes: shared pieces ------------------------------------------------------------------- */

/* Writes one audit row; takes ownership of detail (a JSON object, may be NULL). */
static int audit(struct store *st, long long by, long long id, const char *action, json_t *detail)
{
	char *s = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(detail);
	int rc = audit_record(st, by, "submission", id, action, s ? s : "{}");
	free(s);
	return rc;
}

static enum sub_result finish(struct store *st, enum sub_result rc)
{
	if (rc == SUB_OK && store_commit(st) == 0)
		return SUB_OK;
	store_rollback(st);
	return rc == SUB_OK ? SUB_STORE_ERROR : rc;
}

static int add_event(struct store *st, long long id, const char *at, long long by, const char *status, const char *note)
{
	return store_exec(st, "INSERT INTO submission_event (submission_id, at, account_id, status, note) "
			      "VALUES ($1, $2, $3, $4, $5)",
			  ARGS(SV_I(id), SV_T(at), by > 0 ? SV_I(by) : SV_NULLV, SV_T(status), SV_TN(note))) == 1
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

/* Loads the submission inside a write transaction and checks that `by` may handle it: not
 * visible to them is "not found", visible but another department's is "forbidden". */
static enum sub_result load_for_handling(struct store *st, struct arena *a, const struct account *by, long long id,
					 struct submission *s)
{
	if (!submission_load(st, a, id, s))
		return store_errcode(st) == STORE_OK ? SUB_NOT_FOUND : SUB_STORE_ERROR;
	if (!by || !submission_may_see(st, by, s))
		return SUB_NOT_FOUND;
	if (!account_manages_department(by, s->department_id))
		return SUB_FORBIDDEN;
	return SUB_OK;
}

/* ---- Arrival ---------------------------------------------------------------------------------- */

long long submission_create(struct store *st, const struct account *author, struct submission_input *in,
			    struct sub_error *errs, int max, int *nerr)
{
	/* The trimmed copies live in a local arena: the caller's input is put back before returning. */
	struct arena a = ARENA_INIT;
	const char *typed_title = in->title, *typed_body = in->body;
	*nerr = submission_check_text(&a, in, errs, max);
	if (store_begin(st) != 0) {
		in->title = typed_title, in->body = typed_body;
		arena_free(&a);
		return 0;
	}
	long long department_id = 0;
	bool failed = false;
	if (in->dialogue_id > 0) {
		struct cursor *c = store_query(st, "SELECT department_id, state FROM dialogue WHERE id = $1",
					       ARGS(SV_I(in->dialogue_id)));
		if (cursor_next(c)) {
			if (strcmp(cursor_text(c, 1), "open") == 0)
				department_id = cursor_int(c, 0);
			else
				*nerr = add_error(errs, max, *nerr, "dialogue_id",
						  _("The dialogue is not open for views and proposals."));
		} else {
			*nerr = add_error(errs, max, *nerr, "dialogue_id", _("There is no such dialogue."));
		}
		failed = cursor_close(c) != 0;
	} else {
		department_id = in->department_id > 0 ? store_int(st, "SELECT id FROM department WHERE id = $1",
								  ARGS(SV_I(in->department_id)), 0)
						      : 0;
		if (department_id < 0)
			failed = true;
		else if (department_id == 0)
			*nerr = add_error(errs, max, *nerr, "department_id",
					  _("Choose the department your view or proposal is for."));
	}
	if (in->organisation_id > 0 && !account_represents(st, author->id, in->organisation_id))
		*nerr = add_error(errs, max, *nerr, "on_behalf", _("You do not represent that organisation."));
	if (*nerr > max)
		*nerr = max;
	if (failed || *nerr > 0 || store_errcode(st) != STORE_OK) {
		store_rollback(st);
		in->title = typed_title, in->body = typed_body;
		arena_free(&a);
		if (failed)
			*nerr = 0;
		return 0;
	}

	time_t now = clock_now();
	char at[21], received_on[11], acknowledge_due[11], answer_due[11];
	clock_iso(now, at);
	feedback_local_date(now, received_on);
	struct feedback_targets targets;
	feedback_targets_load(st, &targets); /* on failure the defaults are in force, as documented */
	feedback_due_dates(&targets, received_on, acknowledge_due, answer_due);
	long long id = store_int(st,
		"INSERT INTO submission (dialogue_id, department_id, account_id, organisation_id, kind, title, body, "
		"publish_consent, status, received_at, received_on, acknowledge_due, answer_due, updated_at) "
		"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'received', $9, $10, $11, $12, $9) RETURNING id",
		ARGS(in->dialogue_id > 0 ? SV_I(in->dialogue_id) : SV_NULLV, SV_I(department_id), SV_I(author->id),
		     in->organisation_id > 0 ? SV_I(in->organisation_id) : SV_NULLV, SV_T(in->kind), SV_T(in->title),
		     SV_T(in->body), SV_I(in->publish_consent ? 1 : 0), SV_T(at), SV_T(received_on),
		     SV_T(acknowledge_due), SV_T(answer_due)),
		0);
	bool ok = id > 0 && add_event(st, id, at, author->id, "received", NULL) == 0 &&
		  audit(st, author->id, id, "create",
			json_pack("{s:I,s:I,s:I,s:s,s:b,s:s,s:s,s:s}", "dialogue_id", (json_int_t)in->dialogue_id,
				  "department_id", (json_int_t)department_id, "organisation_id",
				  (json_int_t)in->organisation_id, "kind", in->kind, "publish_consent",
				  in->publish_consent, "received_on", received_on, "acknowledge_due", acknowledge_due,
				  "answer_due", answer_due)) == 0;
	in->title = typed_title, in->body = typed_body;
	arena_free(&a);
	if (!ok || store_commit(st) != 0) {
		store_rollback(st);
		return 0;
	}
	return id;
}

/* ---- Handling --------------------------------------------------------------------------------- */

enum sub_result submission_set_status(struct store *st, const struct account *by, long long id, const char *status,
				      const char *note, const char **problem)
{
	*problem = NULL;
	bool acknowledge = status && strcmp(status, "acknowledged") == 0;
	bool in_progress = status && strcmp(status, "in_progress") == 0;
	bool close = status && strcmp(status, "closed") == 0;
	if (!acknowledge && !in_progress && !close) {
		*problem = _("Choose a status.");
		return SUB_INVALID;
	}
	struct arena a = ARENA_INIT;
	note = trimmed(&a, note);
	long nc = submission_chars(note, true);
	if (close && !*note)
		*problem = _("Say why the case is closed: the person who wrote it will read this.");
	else if (nc < 0)
		*problem = _("The note contains characters that cannot be saved.");
	else if (nc > SUBMISSION_NOTE_MAX)
		*problem = _("The note can be at most 2,000 characters.");
	if (*problem) {
		arena_free(&a);
		return SUB_INVALID;
	}
	if (store_begin(st) != 0) {
		arena_free(&a);
		return SUB_STORE_ERROR;
	}
	struct submission s;
	enum sub_result rc = load_for_handling(st, &a, by, id, &s);
	if (rc == SUB_OK) {
		const char *from = s.status;
		bool allowed = acknowledge ? strcmp(from, "received") == 0
			       : in_progress ? strcmp(from, "received") == 0 || strcmp(from, "acknowledged") == 0
					     : strcmp(from, "closed") != 0;
		if (!allowed)
			rc = SUB_CONFLICT;
	}
	if (rc == SUB_OK) {
		char at[21];
		clock_iso(clock_now(), at);
		/* Marking it in progress tells the author it has been received just as acknowledging does,
		 * so it stops the acknowledgement clock too. */
		bool sets_ack = (acknowledge || in_progress) && !s.acknowledged_at;
		if (store_exec(st,
			       "UPDATE submission SET status = $2, updated_at = $3, "
			       "acknowledged_at = CASE WHEN $4 = 1 THEN $3 ELSE acknowledged_at END WHERE id = $1",
			       ARGS(SV_I(id), SV_T(status), SV_T(at), SV_I(sets_ack ? 1 : 0))) != 1 ||
		    add_event(st, id, at, by->id, status, note) != 0 ||
		    audit(st, by->id, id, "status", json_pack("{s:s,s:s,s:s}", "from", s.status, "to", status, "note", note)) != 0)
			rc = SUB_STORE_ERROR;
		else if (acknowledge &&
			 tell_author(st, &s, N_("Your view or proposal \"%s\" has been received"),
				     N_("%s has received your view or proposal and will answer it by %s at the latest."),
				     NULL) != 0)
			rc = SUB_STORE_ERROR;
		else if (close && tell_author(st, &s, N_("Your view or proposal \"%s\" has been closed"),
					      N_("%s has closed your view or proposal, with this note:"), note) != 0)
			rc = SUB_STORE_ERROR;
	}
	rc = finish(st, rc);
	arena_free(&a);
	return rc;
}

int submission_handler_choices(struct store *st, struct arena *a, long long department_id, struct sub_handler *out,
			       int max)
{
	struct cursor *c = store_query(st,
		"SELECT id, name FROM account WHERE disabled = 0 AND "
		"((role = 'official' AND department_id = $1) OR role = 'coordinator') "
		"ORDER BY CASE WHEN role = 'official' THEN 0 ELSE 1 END, name, id LIMIT $2",
		ARGS(SV_I(department_id), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		out[n].id = cursor_int(c, 0);
		out[n].name = arena_strdup(a, cursor_text(c, 1));
		n++;
	}
	return cursor_close(c) != 0 ? -1 : n;
}

enum sub_result submission_set_case(struct store *st, const struct account *by, long long id,
				    const char *case_number, long long handler_account_id, struct sub_error *errs,
				    int max, int *nerr)
{
	*nerr = 0;
	struct arena a = ARENA_INIT;
	case_number = trimmed(&a, case_number);
	long cc = submission_chars(case_number, false);
	if (cc < 0)
		*nerr = add_error(errs, max, *nerr, "case_number", _("The case number must be one line of ordinary text."));
	else if (cc > SUBMISSION_CASE_NUMBER_MAX)
		*nerr = add_error(errs, max, *nerr, "case_number", _("The case number can be at most 50 characters."));
	if (store_begin(st) != 0) {
		arena_free(&a);
		return SUB_STORE_ERROR;
	}
	struct submission s;
	enum sub_result rc = load_for_handling(st, &a, by, id, &s);
	if (rc == SUB_OK && handler_account_id > 0) {
		long long ok = store_int(st,
			"SELECT COUNT(*) FROM account WHERE id = $1 AND disabled = 0 AND "
			"((role = 'official' AND department_id = $2) OR role = 'coordinator')",
			ARGS(SV_I(handler_account_id), SV_I(s.department_id)), -1);
		if (ok < 0)
			rc = SUB_STORE_ERROR;
		else if (ok == 0)
			*nerr = add_error(errs, max, *nerr, "handler",
					  _("Choose an official of the department or a coordinator."));
	}
	if (*nerr > max)
		*nerr = max;
	if (rc == SUB_OK && *nerr > 0)
		rc = SUB_INVALID;
	if (rc == SUB_OK) {
		char at[21];
		clock_iso(clock_now(), at);
		if (store_exec(st, "UPDATE submission SET case_number = $2, handler_account_id = $3, updated_at = $4 WHERE id = $1",
			       ARGS(SV_I(id), SV_TN(case_number), handler_account_id > 0 ? SV_I(handler_account_id) : SV_NULLV,
				    SV_T(at))) != 1 ||
		    audit(st, by->id, id, "case",
			  json_pack("{s:s?,s:s?,s:I,s:I}", "case_number_from", s.case_number, "case_number_to",
				    *case_number ? case_number : NULL, "handler_from", (json_int_t)s.handler_account_id,
				    "handler_to", (json_int_t)handler_account_id)) != 0)
			rc = SUB_STORE_ERROR;
	}
	rc = finish(st, rc);
	arena_free(&a);
	return rc;
}

enum sub_result submission_answer(struct store *st, const struct account *by, long long id, const char *answer,
				  const char **problem, bool *edited)
{
	*problem = NULL;
	*edited = false;
	struct arena a = ARENA_INIT;
	answer = trimmed(&a, answer);
	long n = submission_chars(answer, true);
	if (!*answer)
		*problem = _("Write the answer.");
	else if (n < 0)
		*problem = _("The answer contains characters that cannot be saved.");
	else if (n > SUBMISSION_ANSWER_MAX)
		*problem = _("The answer can be at most 20,000 characters.");
	if (*problem) {
		arena_free(&a);
		return SUB_INVALID;
	}
	if (store_begin(st) != 0) {
		arena_free(&a);
		return SUB_STORE_ERROR;
	}
	struct submission s;
	enum sub_result rc = load_for_handling(st, &a, by, id, &s);
	if (rc == SUB_OK) {
		time_t now = clock_now();
		char at[21];
		clock_iso(now, at);
		*edited = s.answered_at != NULL;
		long long changed;
		if (*edited) {
			/* The clock measured the first answer: an edit keeps its time and day count. */
			changed = store_exec(st, "UPDATE submission SET answer = $2, status = 'answered', updated_at = $3 WHERE id = $1",
					     ARGS(SV_I(id), SV_T(answer), SV_T(at)));
		} else {
			char answered_on[11];
			feedback_local_date(now, answered_on);
			workday_date from, to;
			int days = workdays_parse(s.received_on, &from) && workdays_parse(answered_on, &to)
					   ? workdays_between(from, to)
					   : 0;
			changed = store_exec(st,
				"UPDATE submission SET answer = $2, status = 'answered', answered_at = $3, answered_on = $4, "
				"answer_workdays = $5, answered_by = $6, acknowledged_at = COALESCE(acknowledged_at, $3), "
				"updated_at = $3 WHERE id = $1",
				ARGS(SV_I(id), SV_T(answer), SV_T(at), SV_T(answered_on), SV_I(days), SV_I(by->id)));
		}
		if (changed != 1 || add_event(st, id, at, by->id, "answered", NULL) != 0 ||
		    audit(st, by->id, id, *edited ? "answer_edit" : "answer",
			  json_pack("{s:s,s:s?}", "answer", answer, "previous", s.answer)) != 0)
			rc = SUB_STORE_ERROR;
		else if (tell_author(st, &s,
				     *edited ? N_("The answer to \"%s\" has been changed") : N_("Answer to \"%s\""),
				     *edited ? N_("%s has changed its answer to your view or proposal. The answer now reads:")
					     : N_("%s has answered your view or proposal:"),
				     answer) != 0)
			rc = SUB_STORE_ERROR;
	}
	rc = finish(st, rc);
	arena_free(&a);
	return rc;
}

/* ---- Moderation ------------------------------------------------------------------------------- */

enum sub_result submission_hide(struct store *st, const struct account *by, long long id, const char *reason,
				const char **problem)
{
	*problem = NULL;
	if (!by || by->role < ROLE_COORDINATOR)
		return SUB_FORBIDDEN;
	struct arena a = ARENA_INIT;
	reason = trimmed(&a, reason);
	long n = submission_chars(reason, true);
	if (!*reason)
		*problem = _("Give the reason: it is kept in the log and sent to the person who wrote it.");
	else if (n < 0)
		*problem = _("The reason contains characters that cannot be saved.");
	else if (n > SUBMISSION_NOTE_MAX)
		*problem = _("The reason can be at most 2,000 characters.");
	if (*problem) {
		arena_free(&a);
		return SUB_INVALID;
	}
	if (store_begin(st) != 0) {
		arena_free(&a);
		return SUB_STORE_ERROR;
	}
	struct submission s;
	enum sub_result rc = load_for_handling(st, &a, by, id, &s);
	if (rc == SUB_OK && !submission_is_public(&s))
		rc = SUB_CONFLICT;
	if (rc == SUB_OK) {
		char at[21];
		clock_iso(clock_now(), at);
		if (store_exec(st,
			       "UPDATE submission SET hidden_at = $2, hidden_reason = $3, hidden_by = $4, updated_at = $2 "
			       "WHERE id = $1 AND hidden_at IS NULL",
			       ARGS(SV_I(id), SV_T(at), SV_T(reason), SV_I(by->id))) != 1 ||
		    audit(st, by->id, id, "hide", json_pack("{s:s}", "reason", reason)) != 0 ||
		    tell_author(st, &s, N_("Your view or proposal \"%s\" is no longer shown publicly"),
				N_("The municipality's coordinator has hidden your view or proposal from the public pages. "
				   "You and %s can still read it, and it will still be answered. The reason:"),
				reason) != 0)
			rc = SUB_STORE_ERROR;
	}
	rc = finish(st, rc);
	arena_free(&a);
	return rc;
}

enum sub_result submission_unhide(struct store *st, const struct account *by, long long id)
{
	if (!by || by->role < ROLE_COORDINATOR)
		return SUB_FORBIDDEN;
	struct arena a = ARENA_INIT;
	if (store_begin(st) != 0) {
		arena_free(&a);
		return SUB_STORE_ERROR;
	}
	struct submission s;
	enum sub_result rc = load_for_handling(st, &a, by, id, &s);
	if (rc == SUB_OK && !s.hidden_at)
		rc = SUB_CONFLICT;
	if (rc == SUB_OK) {
		char at[21];
		clock_iso(clock_now(), at);
		if (store_exec(st,
			       "UPDATE submission SET hidden_at = NULL, hidden_reason = NULL, hidden_by = NULL, updated_at = $2 "
			       "WHERE id = $1",
			       ARGS(SV_I(id), SV_T(at))) != 1 ||
		    audit(st, by->id, id, "show", json_pack("{s:s}", "hidden_reason", s.hidden_reason ? s.hidden_reason : "")) != 0)
			rc = SUB_STORE_ERROR;
	}
	rc = finish(st, rc);
	arena_free(&a);
	return rc;
}
