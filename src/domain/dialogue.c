/* dialogue: validation, reading and listing of dialogues, their states, invitations and report; each
 * change is one transaction holding its audit row and the notifications it causes. */
#include "domain/dialogue.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/text.h"
#include "base/url.h"
#include "base/workdays.h"
#include "domain/area.h"
#include "domain/audit.h"
#include "domain/goal.h"
#include "domain/notification.h"
#include "domain/organisation.h"
#include "domain/outbox.h"
#include "domain/participation.h"
#include "domain/session.h"
#include "domain/submission.h"
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- Small pieces ---------------------------------------------------------------------------- */


/* A one-line text: like field_text, but a line break gets its own message (the field's
 * `one_line`), and a tab the text contract's. */
static void one_line_text(struct field_errors *e, struct arena *a, const char *field, const char **value, long max,
			  const char *required, const char *too_long, const char *one_line)
{
	if (!field_text(e, a, field, value, true, max, required, too_long))
		return;
	if (strpbrk(*value, "\r\n"))
		field_error(e, field, one_line);
	else
		field_text(e, a, field, value, false, max, required, too_long);
}

static bool empty(const char *s) { return !s || !*s; }

/* In enum order. */
static const char *const state_codes[DIALOGUE_STATES] = {"draft", "planned", "open", "closed", "reported"};

const char *dialogue_state_code(enum dialogue_state s)
{
	if ((unsigned)s < DIALOGUE_STATES)
		return state_codes[s];
	log_bug("dialogue_state_code(%d): no such state", (int)s);
	return state_codes[DIALOGUE_DRAFT]; /* the state nobody outside sees */
}

bool dialogue_state_from_code(const char *code, enum dialogue_state *out)
{
	for (int i = 0; code && i < DIALOGUE_STATES; i++)
		if (strcmp(state_codes[i], code) == 0) {
			*out = (enum dialogue_state)i;
			return true;
		}
	return false;
}

/* A state as read from a row. The schema allows only the five codes; anything else would be
 * treated as a draft, which nobody outside the department sees. */
static enum dialogue_state state_of(const char *code)
{
	enum dialogue_state s = DIALOGUE_DRAFT;
	if (!dialogue_state_from_code(code, &s))
		log_error("dialogue: unknown state \"%s\" read as a draft", code ? code : "(null)");
	return s;
}

bool dialogue_may_move(enum dialogue_state from, enum dialogue_state to)
{
	switch (to) {
	case DIALOGUE_PLANNED: return from == DIALOGUE_DRAFT;
	case DIALOGUE_OPEN: return from == DIALOGUE_DRAFT || from == DIALOGUE_PLANNED || from == DIALOGUE_CLOSED;
	case DIALOGUE_CLOSED: return from == DIALOGUE_OPEN;
	case DIALOGUE_DRAFT:    /* nothing goes back to a draft */
	case DIALOGUE_REPORTED: /* only by publishing the report */
		break;
	}
	return false;
}

/* With a context: "Open" is also a button elsewhere, and a state needs its own Swedish word. */
const char *dialogue_state_label(enum dialogue_state s)
{
	switch (s) {
	case DIALOGUE_DRAFT: return C_("dialogue state", "Draft");
	case DIALOGUE_PLANNED: return C_("dialogue state", "Planned");
	case DIALOGUE_OPEN: return C_("dialogue state", "Open");
	case DIALOGUE_CLOSED: return C_("dialogue state", "Closed");
	case DIALOGUE_REPORTED: return C_("dialogue state", "Reported back");
	}
	return "";
}

bool dialogue_is_draft(const struct dialogue *d) { return d->state == DIALOGUE_DRAFT; }
bool dialogue_is_open(const struct dialogue *d) { return d->state == DIALOGUE_OPEN; }
bool dialogue_is_reported(const struct dialogue *d) { return d->state == DIALOGUE_REPORTED; }
bool dialogue_has_closed(const struct dialogue *d)
{
	return d->state == DIALOGUE_CLOSED || d->state == DIALOGUE_REPORTED;
}
bool dialogue_takes_invitations(const struct dialogue *d)
{
	return d->state == DIALOGUE_PLANNED || d->state == DIALOGUE_OPEN;
}

bool dialogue_manages(const struct account *a, const struct dialogue *d)
{
	return d && account_manages_department(a, d->department_id);
}

bool dialogue_visible(const struct account *a, const struct dialogue *d)
{
	return d && (!dialogue_is_draft(d) || dialogue_manages(a, d));
}

bool dialogue_date_valid(const char *s) { return workdays_parse(s, NULL); }

/* ---- Validation ------------------------------------------------------------------------------ */

static void check_date(struct field_errors *e, const char *field, const char *value)
{
	if (!empty(value) && !dialogue_date_valid(value))
		field_error(e, field, _("Write the date as YYYY-MM-DD, for example 2026-05-04."));
}

/* The area must be active — or be the one the stored dialogue has, so an area that has ended
 * does not stop its dialogues from being edited — and the goal one of the area's. 0, or -1 when
 * the store failed. */
static int check_link(struct store *st, struct arena *a, struct dialogue *d, struct field_errors *e)
{
	if (d->area_id < 0)
		d->area_id = 0;
	if (d->goal_id < 0)
		d->goal_id = 0;
	if (d->area_id > 0) {
		struct area area;
		enum outcome o = area_load(st, a, d->area_id, &area);
		if (o != OUTCOME_OK && o != OUTCOME_NOT_FOUND)
			return -1;
		enum area_status status = AREA_PROPOSED;
		long long stored = d->id > 0 ? store_int(st, "SELECT COALESCE(area_id, 0) FROM dialogue WHERE id = $1",
							 ARGS(SV_I(d->id)), 0)
					     : 0;
		if (stored < 0)
			return -1;
		if (o == OUTCOME_NOT_FOUND ||
		    (stored != d->area_id && (!area_status_from_code(area.status, &status) || status != AREA_ACTIVE)))
			field_error(e, "area_id", _("Choose an active collaboration area, or none."));
	}
	if (d->goal_id > 0) {
		struct goal g;
		enum outcome o = goal_load(st, a, d->goal_id, &g);
		if (o != OUTCOME_OK && o != OUTCOME_NOT_FOUND)
			return -1;
		if (o == OUTCOME_NOT_FOUND)
			field_error(e, "goal_id", _("Choose one of the collaboration area's goals, or none."));
		else if (d->area_id <= 0 || g.area_id != d->area_id)
			field_error(e, "goal_id", _("The goal must be one of the chosen collaboration area's goals."));
	}
	return 0;
}

int dialogue_validate(struct store *st, struct arena *a, struct dialogue *d, const struct account *by,
		      struct field_errors *e)
{
	int before = e->n;
	/* Codes and dates are checked against their lists and the calendar below. */
	d->opens_on = text_trim(a, d->opens_on);
	d->closes_on = text_trim(a, d->closes_on);
	d->decision_on = text_trim(a, d->decision_on);
	d->skr_level = text_trim(a, d->skr_level);
	d->coe_level = text_trim(a, d->coe_level);
	d->decision_stage = text_trim(a, d->decision_stage);

	one_line_text(e, a, "title", &d->title, DIALOGUE_TITLE_MAX, _("Write a title."),
		      _("The title can be at most 200 characters long."), _("Write the title on one line."));
	field_text(e, a, "question", &d->question, true, DIALOGUE_TEXT_MAX, _("Write the question the dialogue is about."),
		   _("The question can be at most 10,000 characters long."));
	field_text(e, a, "background", &d->background, true, DIALOGUE_TEXT_MAX, NULL,
		   _("The background can be at most 10,000 characters long."));
	field_text(e, a, "can_influence", &d->can_influence, true, DIALOGUE_TEXT_MAX, NULL,
		   _("This text can be at most 10,000 characters long."));
	field_text(e, a, "cannot_influence", &d->cannot_influence, true, DIALOGUE_TEXT_MAX, NULL,
		   _("This text can be at most 10,000 characters long."));

	bool department_ok = false;
	if (d->department_id <= 0) {
		field_error(e, "department_id", _("Choose the department that owns the dialogue."));
	} else {
		/* A retired department takes no new dialogues; one it has already keeps it. */
		long long found = store_int(st,
					    "SELECT 1 FROM department WHERE id = $1 AND (retired_at IS NULL OR "
					    "EXISTS (SELECT 1 FROM dialogue WHERE id = $2 AND department_id = $1))",
					    ARGS(SV_I(d->department_id), SV_I(d->id)), 0);
		if (found < 0)
			return -1;
		if (found != 1)
			field_error(e, "department_id", _("Choose one of the departments in the list."));
		else if (!account_manages_department(by, d->department_id))
			field_error(e, "department_id", _("You can only run dialogues for your own department."));
		else
			department_ok = true;
	}
	if (d->contact_account_id < 0) {
		field_error(e, "contact_account_id", _("Choose one of the officials in the list."));
	} else if (d->contact_account_id > 0 && department_ok) {
		long long found = store_int(st,
					    "SELECT 1 FROM account WHERE id = $1 AND role = 'official' AND department_id = $2 "
					    "AND disabled = 0",
					    ARGS(SV_I(d->contact_account_id), SV_I(d->department_id)), 0);
		if (found < 0)
			return -1;
		if (found != 1)
			field_error(e, "contact_account_id", _("Choose an official of the department that owns the dialogue."));
	}

	check_date(e, "opens_on", d->opens_on);
	check_date(e, "closes_on", d->closes_on);
	check_date(e, "decision_on", d->decision_on);
	bool opens = !empty(d->opens_on) && dialogue_date_valid(d->opens_on);
	bool closes = !empty(d->closes_on) && dialogue_date_valid(d->closes_on);
	bool decision = !empty(d->decision_on) && dialogue_date_valid(d->decision_on);
	/* "YYYY-MM-DD" compares as text in date order. */
	if (opens && closes && strcmp(d->closes_on, d->opens_on) < 0)
		field_error(e, "closes_on", _("The closing date cannot be before the opening date."));
	if (closes && decision && strcmp(d->decision_on, d->closes_on) < 0)
		field_error(e, "decision_on", _("The expected decision cannot be before the closing date."));
	else if (!closes && opens && decision && strcmp(d->decision_on, d->opens_on) < 0)
		field_error(e, "decision_on", _("The expected decision cannot be before the opening date."));

	if (!participation_valid(PART_SKR_LEVEL, d->skr_level))
		field_error(e, "skr_level", _("Choose a step on SKR's ladder for citizen dialogue."));
	if (!participation_valid(PART_COE_LEVEL, d->coe_level))
		field_error(e, "coe_level", _("Choose a level of participation from the Council of Europe code."));
	if (!participation_valid(PART_DECISION_STAGE, d->decision_stage))
		field_error(e, "decision_stage", _("Choose the stage the decision is at."));
	if (d->nprinciples < 0 || d->nprinciples > DIALOGUE_PRINCIPLES_MAX)
		d->nprinciples = 0;
	d->nprinciples = participation_principles_keep(d->principles, d->nprinciples, e, "principles");
	if (check_link(st, a, d, e) != 0)
		return -1;
	return e->n - before;
}

/* ---- Reading --------------------------------------------------------------------------------- */

#define DIALOGUE_COLUMNS                                                                                          \
	"d.id, d.title, d.question, d.background, d.department_id, dep.name, d.contact_account_id, c.name, "          \
	"d.can_influence, d.cannot_influence, d.opens_on, d.closes_on, d.decision_on, d.skr_level, d.coe_level, "     \
	"d.decision_stage, d.state, d.report_heard, d.report_decision, d.report_minutes_ref, d.report_link, "          \
	"d.report_used, d.reported_at, d.created_at, d.updated_at, "                                                  \
	"(SELECT COUNT(*) FROM dialogue_invitation i WHERE i.dialogue_id = d.id AND i.sent_at IS NOT NULL), "                                    \
	"(SELECT COUNT(*) FROM submission s WHERE s.dialogue_id = d.id AND s.publish_consent = 1 "                     \
	"AND s.hidden_at IS NULL), "                                                                       \
	"CASE WHEN c.disabled = 0 THEN c.email END, dep.contact_email, d.area_id, d.goal_id, dar.title, dgo.statement"
/* The positions of DIALOGUE_COLUMNS, so a row is read by name. */
enum dialogue_column {
	DC_ID, DC_TITLE, DC_QUESTION, DC_BACKGROUND, DC_DEPARTMENT_ID, DC_DEPARTMENT_NAME, DC_CONTACT_ID,
	DC_CONTACT_NAME, DC_CAN_INFLUENCE, DC_CANNOT_INFLUENCE, DC_OPENS_ON, DC_CLOSES_ON, DC_DECISION_ON,
	DC_SKR_LEVEL, DC_COE_LEVEL, DC_DECISION_STAGE, DC_STATE, DC_REPORT_HEARD, DC_REPORT_DECISION,
	DC_REPORT_MINUTES_REF, DC_REPORT_LINK, DC_REPORT_USED, DC_REPORTED_AT, DC_CREATED_AT, DC_UPDATED_AT,
	DC_INVITED, DC_PUBLISHED, DC_CONTACT_EMAIL, DC_DEPARTMENT_EMAIL, DC_AREA_ID, DC_GOAL_ID, DC_AREA_TITLE,
	DC_GOAL_STATEMENT,
};
#define DIALOGUE_FROM                                                                                             \
	" FROM dialogue d JOIN department dep ON dep.id = d.department_id "                                           \
	"LEFT JOIN account c ON c.id = d.contact_account_id LEFT JOIN area dar ON dar.id = d.area_id "                \
	"LEFT JOIN goal dgo ON dgo.id = d.goal_id"

static void read_row(struct arena *a, struct cursor *c, struct dialogue *d)
{
	memset(d, 0, sizeof *d);
	d->id = cursor_int(c, DC_ID);
	d->title = cursor_copy(a, c, DC_TITLE);
	d->question = cursor_copy(a, c, DC_QUESTION);
	d->background = cursor_copy(a, c, DC_BACKGROUND);
	d->department_id = cursor_int(c, DC_DEPARTMENT_ID);
	d->department_name = cursor_copy(a, c, DC_DEPARTMENT_NAME);
	d->contact_account_id = cursor_int_or(c, DC_CONTACT_ID, 0);
	d->contact_name = cursor_copy_or_null(a, c, DC_CONTACT_NAME);
	d->can_influence = cursor_copy(a, c, DC_CAN_INFLUENCE);
	d->cannot_influence = cursor_copy(a, c, DC_CANNOT_INFLUENCE);
	d->opens_on = cursor_copy(a, c, DC_OPENS_ON);
	d->closes_on = cursor_copy(a, c, DC_CLOSES_ON);
	d->decision_on = cursor_copy(a, c, DC_DECISION_ON);
	d->skr_level = cursor_copy(a, c, DC_SKR_LEVEL);
	d->coe_level = cursor_copy(a, c, DC_COE_LEVEL);
	d->decision_stage = cursor_copy(a, c, DC_DECISION_STAGE);
	d->state = state_of(cursor_text(c, DC_STATE));
	d->report.heard = cursor_copy(a, c, DC_REPORT_HEARD);
	d->report.decision = cursor_copy(a, c, DC_REPORT_DECISION);
	d->report.minutes_ref = cursor_copy(a, c, DC_REPORT_MINUTES_REF);
	d->report.link = cursor_copy(a, c, DC_REPORT_LINK);
	d->report.used = cursor_copy(a, c, DC_REPORT_USED);
	d->reported_at = cursor_copy_or_null(a, c, DC_REPORTED_AT);
	d->created_at = cursor_copy(a, c, DC_CREATED_AT);
	d->updated_at = cursor_copy(a, c, DC_UPDATED_AT);
	d->invited_count = cursor_int(c, DC_INVITED);
	d->published_submissions = cursor_int(c, DC_PUBLISHED);
	d->contact_email = cursor_copy_or_null(a, c, DC_CONTACT_EMAIL);
	d->department_email = cursor_copy_or_null(a, c, DC_DEPARTMENT_EMAIL);
	d->area_id = cursor_int_or(c, DC_AREA_ID, 0);
	d->goal_id = cursor_int_or(c, DC_GOAL_ID, 0);
	d->area_title = cursor_copy_or_null(a, c, DC_AREA_TITLE);
	d->goal_statement = cursor_copy_or_null(a, c, DC_GOAL_STATEMENT);
	if (d->contact_email && !*d->contact_email)
		d->contact_email = NULL;
	if (d->department_email && !*d->department_email)
		d->department_email = NULL;
}

/* Fills the principles of items[0..n) with one query, whatever n is. */
static int load_principles(struct store *st, struct arena *a, struct dialogue *items, int n)
{
	if (n <= 0)
		return 0;
	struct buf sql = BUF_INIT;
	buf_puts(&sql, "SELECT dialogue_id, principle FROM dialogue_principle WHERE dialogue_id IN (");
	struct sv *args = arena_alloc(a, sizeof *args * (size_t)n);
	for (int i = 0; i < n; i++) {
		buf_printf(&sql, "%s$%d", i ? ", " : "", i + 1);
		args[i] = SV_I(items[i].id);
	}
	buf_puts(&sql, ") ORDER BY dialogue_id, principle");
	struct cursor *c = store_query(st, buf_str(&sql), args, n);
	while (cursor_next(c)) {
		long long id = cursor_int(c, 0);
		for (int i = 0; i < n; i++)
			if (items[i].id == id && items[i].nprinciples < DIALOGUE_PRINCIPLES_MAX)
				items[i].principles[items[i].nprinciples++] = cursor_copy(a, c, 1);
	}
	buf_free(&sql);
	return cursor_close(c);
}

enum outcome dialogue_load(struct store *st, struct arena *a, long long id, struct dialogue *out)
{
	memset(out, 0, sizeof *out);
	if (id <= 0)
		return OUTCOME_NOT_FOUND;
	struct cursor *c = store_query(st, "SELECT " DIALOGUE_COLUMNS DIALOGUE_FROM " WHERE d.id = $1", ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found)
		read_row(a, c, out);
	if (cursor_close(c) != 0 || (found && load_principles(st, a, out, 1) != 0))
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

/* ---- Saving ------------------------------------------------------------------------------------ */

/* The names of the fields that differ between old and new, for the audit row. */
static json_t *changed_fields(const struct dialogue *old, const struct dialogue *d)
{
	json_t *changed = json_array();
#define CMP_TEXT(f) \
	if (strcmp(old->f ? old->f : "", d->f ? d->f : "") != 0) json_array_append_new(changed, json_string(#f))
	CMP_TEXT(title);
	CMP_TEXT(question);
	CMP_TEXT(background);
	CMP_TEXT(can_influence);
	CMP_TEXT(cannot_influence);
	CMP_TEXT(opens_on);
	CMP_TEXT(closes_on);
	CMP_TEXT(decision_on);
	CMP_TEXT(skr_level);
	CMP_TEXT(coe_level);
	CMP_TEXT(decision_stage);
#undef CMP_TEXT
	if (old->department_id != d->department_id)
		json_array_append_new(changed, json_string("department_id"));
	if (old->contact_account_id != d->contact_account_id)
		json_array_append_new(changed, json_string("contact_account_id"));
	if (old->area_id != d->area_id)
		json_array_append_new(changed, json_string("area_id"));
	if (old->goal_id != d->goal_id)
		json_array_append_new(changed, json_string("goal_id"));
	if (!text_same_set(old->principles, old->nprinciples, d->principles, d->nprinciples))
		json_array_append_new(changed, json_string("principles"));
	return changed;
}

static int insert_principles(struct store *st, long long id, const struct dialogue *d)
{
	for (int i = 0; i < d->nprinciples; i++)
		if (store_exec(st, "INSERT INTO dialogue_principle (dialogue_id, principle) VALUES ($1, $2)",
			       ARGS(SV_I(id), SV_T(d->principles[i]))) != 1)
			return -1;
	return 0;
}

long long dialogue_insert(struct store *st, const struct dialogue *d, long long created_by, long long reported_by)
{
	long long id = store_int(
		st,
		"INSERT INTO dialogue (title, question, background, department_id, contact_account_id, can_influence,"
		" cannot_influence, opens_on, closes_on, decision_on, skr_level, coe_level, decision_stage, state,"
		" report_heard, report_decision, report_minutes_ref, report_link, report_used, reported_at, reported_by,"
		" created_by, created_at, updated_at, area_id, goal_id)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,"
		" $22, $23, $24, $25, $26) RETURNING id",
		ARGS(SV_T(d->title), SV_T(d->question), SV_T(d->background), SV_I(d->department_id),
		     d->contact_account_id > 0 ? SV_I(d->contact_account_id) : SV_NULLV, SV_T(d->can_influence),
		     SV_T(d->cannot_influence), SV_TN(d->opens_on), SV_TN(d->closes_on), SV_TN(d->decision_on),
		     SV_T(d->skr_level), SV_T(d->coe_level), SV_T(d->decision_stage), SV_T(dialogue_state_code(d->state)),
		     SV_T(d->report.heard), SV_T(d->report.decision), SV_T(d->report.minutes_ref), SV_T(d->report.link),
		     SV_T(d->report.used), SV_T(d->reported_at), reported_by > 0 ? SV_I(reported_by) : SV_NULLV,
		     SV_I(created_by), SV_T(d->created_at), SV_T(d->updated_at ? d->updated_at : d->created_at),
		     d->area_id > 0 ? SV_I(d->area_id) : SV_NULLV, d->goal_id > 0 ? SV_I(d->goal_id) : SV_NULLV),
		0);
	return id > 0 && insert_principles(st, id, d) == 0 ? id : 0;
}

int dialogue_invitation_insert(struct store *st, long long dialogue_id, long long organisation_id,
			       const char *token_hash, const char *invited_at, long long invited_by, int recipients,
			       const char *sent_at, const char *opened_at)
{
	return (int)store_exec(st,
			       "INSERT INTO dialogue_invitation (dialogue_id, organisation_id, token_hash, invited_at,"
			       " invited_by, recipients, sent_at, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
			       " ON CONFLICT (dialogue_id, organisation_id) DO NOTHING",
			       ARGS(SV_I(dialogue_id), SV_I(organisation_id), SV_T(token_hash), SV_T(invited_at),
				    SV_I(invited_by), SV_I(recipients), SV_T(sent_at), SV_T(opened_at)));
}

enum outcome dialogue_save(struct store *st, struct arena *a, struct dialogue *d, const struct account *by,
			   struct field_errors *e, long long *id)
{
	*id = 0;
	if (!by)
		return OUTCOME_FORBIDDEN;
	struct dialogue old;
	memset(&old, 0, sizeof old);
	if (d->id) {
		enum outcome o = dialogue_load(st, a, d->id, &old);
		if (o != OUTCOME_OK)
			return o;
		if (!dialogue_manages(by, &old))
			return OUTCOME_FORBIDDEN;
	}
	int n = dialogue_validate(st, a, d, by, e);
	if (n < 0)
		return store_outcome(st);
	if (n > 0)
		return OUTCOME_INVALID;

	char now[21];
	clock_iso(clock_now(), now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct sv contact = d->contact_account_id > 0 ? SV_I(d->contact_account_id) : SV_NULLV;
	long long saved;
	if (!d->id) {
		d->state = DIALOGUE_DRAFT;
		d->created_at = d->updated_at = now;
		d->reported_at = NULL;
		memset(&d->report, 0, sizeof d->report);
		saved = dialogue_insert(st, d, by->id, 0);
	} else {
		long long rows = store_exec(st,
					    "UPDATE dialogue SET title = $1, question = $2, background = $3, department_id = $4, "
					    "contact_account_id = $5, can_influence = $6, cannot_influence = $7, opens_on = $8, "
					    "closes_on = $9, decision_on = $10, skr_level = $11, coe_level = $12, "
					    "decision_stage = $13, updated_at = $14, area_id = $16, goal_id = $17 WHERE id = $15",
					    ARGS(SV_T(d->title), SV_T(d->question), SV_T(d->background), SV_I(d->department_id),
						 contact, SV_T(d->can_influence), SV_T(d->cannot_influence), SV_TN(d->opens_on),
						 SV_TN(d->closes_on), SV_TN(d->decision_on), SV_T(d->skr_level),
						 SV_T(d->coe_level), SV_T(d->decision_stage), SV_T(now), SV_I(d->id),
						 d->area_id > 0 ? SV_I(d->area_id) : SV_NULLV,
						 d->goal_id > 0 ? SV_I(d->goal_id) : SV_NULLV));
		saved = rows == 1 ? d->id : 0;
	}
	if (saved <= 0)
		goto fail;
	if (d->id && (store_exec(st, "DELETE FROM dialogue_principle WHERE dialogue_id = $1", ARGS(SV_I(saved))) < 0 ||
		      insert_principles(st, saved, d) != 0))
		goto fail;
	json_t *detail = d->id ? json_pack("{s:o}", "changed", changed_fields(&old, d))
			       : json_pack("{s:s,s:I}", "title", d->title, "department_id", (json_int_t)d->department_id);
	if (audit_record_json(st, by->id, "dialogue", saved, d->id ? "update" : "create", detail) != 0 || store_commit(st) != 0)
		goto fail;
	*id = saved;
	return OUTCOME_OK;
fail:;
	enum outcome o = store_outcome(st);
	store_rollback(st);
	return o;
}

/* ---- States ---------------------------------------------------------------------------------- */

/* Starts a write transaction and loads the dialogue in it for a change by `by`: a draft is "not
 * found" to those who may not see it, another department's dialogue "forbidden". Whatever it
 * returns, the caller ends with store_finish. */
static enum outcome begin_managed(struct store *st, struct arena *a, long long id, const struct account *by,
				  struct dialogue *d)
{
	if (store_begin(st) != 0)
		return store_outcome(st);
	enum outcome o = dialogue_load(st, a, id, d);
	if (o == OUTCOME_OK && !account_manages_department(by, d->department_id))
		o = dialogue_is_draft(d) ? OUTCOME_NOT_FOUND : OUTCOME_FORBIDDEN;
	return o;
}

/* Why a move is refused, whatever the reason: the page cannot tell a stale button from a typed one. */
#define CANNOT_MOVE                                                                                               \
	_("From its present state the dialogue cannot go there. It may have been changed by someone else meanwhile: " \
	  "look at the dialogue again.")

bool dialogue_closes_early(const struct dialogue *d, const char *today)
{
	return !empty(d->closes_on) && strcmp(d->closes_on, today) > 0;
}

enum outcome dialogue_set_state(struct store *st, long long id, enum dialogue_state to, const struct account *by,
				const char *today, bool keep_closing_date, struct field_errors *e)
{
	struct arena a = ARENA_INIT;
	struct dialogue d;
	enum outcome rc = begin_managed(st, &a, id, by, &d);
	enum dialogue_state from = d.state;
	char opens[11] = "", closes[11] = "";
	if (rc == OUTCOME_OK) {
		snprintf(opens, sizeof opens, "%s", d.opens_on);
		snprintf(closes, sizeof closes, "%s", d.closes_on);
	}
	arena_free(&a);
	if (rc != OUTCOME_OK)
		goto done;
	if (!dialogue_may_move(from, to)) {
		rc = field_conflict(e, _("The dialogue cannot be moved to that state"), CANNOT_MOVE);
		goto done;
	}
	if (to == DIALOGUE_OPEN) {
		if (*closes && strcmp(closes, today) < 0) {
			/* Reopening after the closing date: the old date no longer holds; the owner sets a new one. */
			if (from != DIALOGUE_CLOSED) {
				rc = field_conflict(e, _("The closing date has passed"),
						    _("The dialogue's last day to take part has already passed. Change "
						      "the dates first, then open the dialogue."));
				goto done;
			}
			closes[0] = 0;
		}
		if (!*opens || strcmp(opens, today) > 0)
			snprintf(opens, sizeof opens, "%s", today);
	} else if (to == DIALOGUE_CLOSED) {
		if (!*closes || (strcmp(closes, today) > 0 && !keep_closing_date))
			snprintf(closes, sizeof closes, "%s", today);
		if (*opens && strcmp(opens, closes) > 0)
			snprintf(opens, sizeof opens, "%s", closes);
	}
	char now[21];
	clock_iso(clock_now(), now);
	/* The state in the condition: of two people moving it at once, only the first succeeds. */
	long long rows = store_exec(st,
				    "UPDATE dialogue SET state = $1, opens_on = $2, closes_on = $3, updated_at = $4 "
				    "WHERE id = $5 AND state = $6",
				    ARGS(SV_T(dialogue_state_code(to)), SV_TN(opens), SV_TN(closes), SV_T(now), SV_I(id),
					 SV_T(dialogue_state_code(from))));
	if (rows < 0)
		rc = store_outcome(st);
	else if (rows == 0)
		rc = field_conflict(e, _("The dialogue cannot be moved to that state"), CANNOT_MOVE);
	else if (audit_record_json(st, by->id, "dialogue", id, "state", json_pack("{s:s,s:s}", "from", dialogue_state_code(from), "to", dialogue_state_code(to))) != 0)
		rc = store_outcome(st);
	/* Opening sends the invitations prepared while it was a draft or planned, in this
	 * transaction: each one once (see dialogue_send_prepared_invitations). */
	int messages = 0;
	if (rc == OUTCOME_OK && to == DIALOGUE_OPEN && dialogue_send_prepared_invitations(st, id, by->id, &messages) < 0)
		rc = store_outcome(st);
done:
	return store_finish(st, rc);
}

int dialogue_outlook(struct store *st, long long id, struct dialogue_outlook *out)
{
	memset(out, 0, sizeof *out);
	/* "Unanswered" as the feedback promise counts it: no answer yet, and not closed without one. */
	struct cursor *c = store_query(st,
		"SELECT (SELECT COUNT(*) FROM dialogue_invitation WHERE dialogue_id = $1), "
		"(SELECT COUNT(*) FROM submission WHERE dialogue_id = $1), "
		"(SELECT COUNT(*) FROM submission WHERE dialogue_id = $1 AND answered_at IS NULL AND status <> $2), "
		/* The people tell_participants collects, each once, and the addresses it writes to. */
		"(SELECT COUNT(*) FROM (SELECT acc.id FROM submission s JOIN account acc ON acc.id = s.account_id "
		"WHERE s.dialogue_id = $1 AND acc.disabled = 0 UNION SELECT acc.id FROM dialogue_invitation i "
		"JOIN representative r ON r.organisation_id = i.organisation_id JOIN account acc ON acc.id = r.account_id "
		"WHERE i.dialogue_id = $1 AND acc.disabled = 0) people), "
		"(SELECT COUNT(*) FROM dialogue_invitation i JOIN organisation o ON o.id = i.organisation_id "
		"WHERE i.dialogue_id = $1 AND o.email IS NOT NULL AND o.email <> '' AND NOT EXISTS ("
		"SELECT 1 FROM representative r JOIN account acc ON acc.id = r.account_id "
		"WHERE r.organisation_id = o.id AND acc.disabled = 0)), "
		"(SELECT COUNT(*) FROM dialogue_invitation WHERE dialogue_id = $1 AND sent_at IS NULL)",
		ARGS(SV_I(id), SV_T(submission_status_code(SUBMISSION_CLOSED))));
	bool found = cursor_next(c);
	if (found) {
		out->invited = cursor_int(c, 0);
		out->prepared = cursor_int(c, 5);
		out->submissions = cursor_int(c, 1);
		out->unanswered = cursor_int(c, 2);
		out->participants = cursor_int(c, 3) + cursor_int(c, 4);
	}
	return cursor_close(c) == 0 && found ? 0 : -1;
}

/* One calendar step: the dialogues in state `from` that `due_sql` selects (with $1 = from and
 * $2 = today) move to `to`, each in a transaction of its own. Returns how many moved, or -1. */
static int calendar_step(struct store *st, enum dialogue_state from_state, enum dialogue_state to_state,
			 const char *due_sql, const char *today)
{
	const char *from = dialogue_state_code(from_state), *to = dialogue_state_code(to_state);
	enum { MAX_PER_RUN = 500 }; /* more wait for the next run, minutes later */
	long long ids[MAX_PER_RUN];
	int n = 0;
	struct cursor *c = store_query(st, due_sql, ARGS(SV_T(from), SV_T(today)));
	while (n < MAX_PER_RUN && cursor_next(c))
		ids[n++] = cursor_int(c, 0);
	if (cursor_close(c) != 0)
		return -1;
	char now[21];
	clock_iso(clock_now(), now);
	int moved = 0;
	for (int i = 0; i < n; i++) {
		if (store_begin(st) != 0)
			return -1;
		long long rows = store_exec(st, "UPDATE dialogue SET state = $1, updated_at = $2 WHERE id = $3 AND state = $4",
					    ARGS(SV_T(to), SV_T(now), SV_I(ids[i]), SV_T(from)));
		/* Opening on its date sends the prepared invitations, as opening by hand does. */
		int messages = 0;
		if (rows < 0 || (rows == 1 && audit_record_json(st, 0, "dialogue", ids[i], "state",
						    json_pack("{s:s,s:s,s:s}", "from", from, "to", to, "by", "calendar")) != 0) ||
		    (rows == 1 && to_state == DIALOGUE_OPEN &&
		     dialogue_send_prepared_invitations(st, ids[i], 0, &messages) < 0)) {
			store_rollback(st);
			return -1;
		}
		if (store_commit(st) != 0)
			return -1;
		moved += (int)rows;
	}
	return moved;
}

int dialogue_follow_calendar(struct store *st, time_t now)
{
	char today[11];
	workdays_format(workdays_local_date(now), today);
	/* Opening first: a planned dialogue whose whole period passed while nobody ran this opens and
	 * then closes, and the audit log shows both. */
	int opened = calendar_step(st, DIALOGUE_PLANNED, DIALOGUE_OPEN,
				   "SELECT id FROM dialogue WHERE state = $1 AND opens_on <= $2 ORDER BY id", today);
	if (opened < 0)
		return -1;
	int closed = calendar_step(st, DIALOGUE_OPEN, DIALOGUE_CLOSED,
				   "SELECT id FROM dialogue WHERE state = $1 AND closes_on < $2 ORDER BY id", today);
	return closed < 0 ? -1 : opened + closed;
}

void dialogue_calendar_job(struct store *st, const struct mail_settings *ms)
{
	(void)ms;
	int moved = dialogue_follow_calendar(st, clock_now());
	if (moved < 0)
		log_error("dialogue calendar: %s", store_errmsg(st));
	else if (moved > 0)
		log_info("dialogue calendar: %d dialogue%s opened or closed on their dates", moved, moved == 1 ? "" : "s");
}

int dialogue_contact_options(struct store *st, struct arena *a, long long department_id, struct dialogue_contact *out,
			     int max)
{
	struct cursor *c = store_query(st,
		"SELECT acc.id, acc.name, dep.id, dep.name FROM account acc JOIN department dep ON dep.id = acc.department_id "
		"WHERE acc.role = 'official' AND acc.disabled = 0 AND ($1 = 0 OR acc.department_id = $1) "
		"ORDER BY dep.name, acc.name, acc.id LIMIT $2",
		ARGS(SV_I(department_id), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		out[n].id = cursor_int(c, 0);
		out[n].name = cursor_copy(a, c, 1);
		out[n].department_id = cursor_int(c, 2);
		out[n].department_name = cursor_copy(a, c, 3);
		n++;
	}
	return cursor_close(c) == 0 ? n : -1;
}

/* ---- Lists ----------------------------------------------------------------------------------- */

int dialogue_list(struct store *st, struct arena *a, const struct dialogue_filter *f, struct dialogue_page *out)
{
	memset(out, 0, sizeof *out);
	int per_page = f->per_page <= 0 ? 20 : f->per_page > 100 ? 100 : f->per_page;
	int page = f->page < 1 ? 1 : f->page > 1000000 ? 1000000 : f->page;
	struct buf where = BUF_INIT, sql = BUF_INIT;
	struct sv args[12];
	int na = 0;
	buf_puts(&where, " WHERE 1 = 1");
	if (!empty(f->target_group) || !empty(f->district)) {
		/* See struct dialogue_filter: the dialogues that invited an organisation of the target
		 * group and in the district (the register's own filter, one organisation meeting both). */
		struct buf reach = BUF_INIT;
		buf_puts(&reach, "SELECT 1 FROM dialogue_invitation i JOIN organisation o ON o.id = i.organisation_id "
				 "WHERE i.dialogue_id = d.id AND i.sent_at IS NOT NULL");
		na = organisation_filter_where(&reach, args, na, NULL, f->target_group, f->district, NULL);
		buf_printf(&where, " AND EXISTS (%s)", buf_str(&reach));
		buf_free(&reach);
	}
	if (f->invited_account_id > 0) {
		args[na++] = SV_I(f->invited_account_id);
		buf_printf(&where,
			   " AND EXISTS (SELECT 1 FROM dialogue_invitation i JOIN representative r ON "
			   "r.organisation_id = i.organisation_id WHERE i.dialogue_id = d.id AND i.sent_at IS NOT NULL "
			   "AND r.account_id = $%d)",
			   na);
	}
	if (f->department_id > 0) {
		args[na++] = SV_I(f->department_id);
		buf_printf(&where, " AND d.department_id = $%d", na);
	}
	if (f->area_id > 0) {
		args[na++] = SV_I(f->area_id);
		buf_printf(&where, " AND d.area_id = $%d", na);
	}
	if (f->by_state) {
		args[na++] = SV_T(dialogue_state_code(f->state));
		buf_printf(&where, " AND d.state = $%d", na);
	}
	if (!empty(f->skr_level)) {
		args[na++] = SV_T(f->skr_level);
		buf_printf(&where, " AND d.skr_level = $%d", na);
	}
	const struct account *v = f->viewer;
	if (!v || v->role < ROLE_COORDINATOR) {
		if (v && v->role == ROLE_OFFICIAL && v->department_id > 0) {
			args[na++] = SV_I(v->department_id);
			buf_printf(&where, " AND (d.state <> 'draft' OR d.department_id = $%d)", na);
		} else {
			buf_puts(&where, " AND d.state <> 'draft'");
		}
	}
	int rc = 0;
	buf_printf(&sql, "SELECT COUNT(*) FROM dialogue d%s", buf_str(&where));
	long long total = store_int(st, buf_str(&sql), args, na, 0);
	if (total < 0) {
		rc = -1;
		goto done;
	}
	out->total = total;
	out->page = page;
	out->per_page = per_page;
	if (total <= (long long)(page - 1) * per_page)
		goto done; /* past the end: nothing (the page may ask for the last page instead) */
	const char *order =
		f->order == DIALOGUE_ORDER_UPDATED
			? "d.updated_at DESC, d.id DESC"
			: "CASE d.state WHEN 'open' THEN 0 WHEN 'planned' THEN 1 WHEN 'draft' THEN 2 ELSE 3 END, "
			  "CASE WHEN d.state = 'open' THEN COALESCE(d.closes_on, '9999-12-31') "
			  "WHEN d.state = 'planned' THEN COALESCE(d.opens_on, '9999-12-31') ELSE '' END, "
			  "CASE WHEN d.state IN ('closed', 'reported') THEN COALESCE(d.closes_on, '') ELSE '' END DESC, "
			  "d.updated_at DESC, d.id DESC";
	buf_reset(&sql);
	buf_printf(&sql, "SELECT " DIALOGUE_COLUMNS DIALOGUE_FROM "%s ORDER BY %s LIMIT $%d OFFSET $%d", buf_str(&where),
		   order, na + 1, na + 2);
	args[na++] = SV_I(per_page);
	args[na++] = SV_I((long long)(page - 1) * per_page);
	out->items = arena_alloc(a, sizeof *out->items * (size_t)per_page);
	struct cursor *c = store_query(st, buf_str(&sql), args, na);
	while (out->n < per_page && cursor_next(c))
		read_row(a, c, &out->items[out->n++]);
	if (cursor_close(c) != 0 || load_principles(st, a, out->items, out->n) != 0)
		rc = -1;
done:
	buf_free(&where);
	buf_free(&sql);
	return rc;
}

/* ---- Invitations ----------------------------------------------------------------------------- */

int dialogue_invited_for(struct store *st, struct arena *a, long long dialogue_id, long long account_id,
			 const char **names, int max)
{
	struct cursor *c = store_query(st,
		"SELECT o.name FROM dialogue_invitation i JOIN representative r ON r.organisation_id = i.organisation_id "
		"JOIN organisation o ON o.id = i.organisation_id WHERE i.dialogue_id = $1 AND r.account_id = $2 "
		"AND i.sent_at IS NOT NULL ORDER BY o.sort_key, o.id LIMIT $3",
		ARGS(SV_I(dialogue_id), SV_I(account_id), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c))
		names[n++] = cursor_copy(a, c, 0);
	return cursor_close(c) == 0 ? n : -1;
}

int dialogue_invite_candidates(struct store *st, struct arena *a, long long dialogue_id, const struct invite_filter *f,
			       struct invite_candidate *out, int max, long long *total)
{
	*total = 0;
	bool name = !empty(f->name) && f->name[strspn(f->name, " \t\r\n")];
	int ncodes = f->terms.category.n + f->terms.target_group.n + f->terms.district.n + f->terms.legal_form.n;
	if (ncodes == 0 && !name)
		return 0;
	struct buf where = BUF_INIT, sql = BUF_INIT;
	struct sv *args = arena_alloc(a, sizeof *args * (size_t)(ncodes + 8));
	int na = 0;
	char *fts_bound = NULL;
	args[na++] = SV_I(dialogue_id);
	/* Hidden organisations have asked not to be listed publicly: the invitation list, which
	 * ends up on public counts, offers only the public register. */
	buf_puts(&where, " WHERE o.public = 1");
	na = organisation_filter_where_any(&where, args, na, &f->terms);
	char like[3 * 200 + 3];
	if (name) {
		/* Words as the register searches them (Swedish stemming), or a part of the name: picking
		 * one organisation, "scout" should find "Ekebyhov Scoutkår". The part is folded to lower
		 * case (ASCII and å, ä, ö) and its LIKE wildcards are escaped. */
		char folded[200];
		if (!text_fold(f->name, folded, sizeof folded, false))
			folded[0] = 0;
		size_t k = 0;
		like[k++] = '%';
		for (const char *p = folded; *p && k < sizeof like - 3; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				like[k++] = '\\';
			like[k++] = *p;
		}
		like[k++] = '%';
		like[k] = 0;
		const char *cond = store_fts_condition(st, "organisation_fts", "o.id", na + 1, f->name, &fts_bound);
		buf_printf(&where, " AND (%s", cond);
		if (fts_bound)
			args[na++] = SV_T(fts_bound);
		if (folded[0]) {
			args[na++] = SV_T(like);
			buf_printf(&where, " OR LOWER(o.name) LIKE $%d ESCAPE '\\'", na);
		}
		buf_putc(&where, ')');
	}
	int n = 0;
	/* $1 (the dialogue) is bound in both statements; the count simply does not use it. */
	buf_printf(&sql, "SELECT COUNT(*) FROM organisation o%s AND $1 > 0", buf_str(&where));
	*total = store_int(st, buf_str(&sql), args, na, 0);
	if (*total < 0) {
		n = -1;
		goto done;
	}
	buf_reset(&sql);
	buf_printf(&sql,
		   "SELECT o.id, o.name, CASE WHEN EXISTS (SELECT 1 FROM dialogue_invitation i WHERE i.dialogue_id = $1 "
		   "AND i.organisation_id = o.id) THEN 1 ELSE 0 END, "
		   "(SELECT COUNT(*) FROM representative r JOIN account acc ON acc.id = r.account_id "
		   "WHERE r.organisation_id = o.id AND acc.disabled = 0), "
		   "CASE WHEN o.email IS NOT NULL AND o.email <> '' THEN 1 ELSE 0 END "
		   "FROM organisation o%s ORDER BY o.sort_key, o.id LIMIT $%d",
		   buf_str(&where), na + 1);
	args[na++] = SV_I(max);
	struct cursor *c = store_query(st, buf_str(&sql), args, na);
	while (n < max && cursor_next(c)) {
		struct invite_candidate *it = &out[n++];
		it->id = cursor_int(c, 0);
		it->name = cursor_copy(a, c, 1);
		it->invited = cursor_int(c, 2) != 0;
		it->representatives = (int)cursor_int(c, 3);
		it->has_email = cursor_int(c, 4) != 0;
	}
	if (cursor_close(c) != 0)
		n = -1;
done:
	free(fts_bound);
	buf_free(&where);
	buf_free(&sql);
	return n;
}

/* Mail to an organisation's own address answers to no account, so there is no preferences page
 * for an unsubscribe link to point at (mail_format adds one to every notification kind): it goes
 * as "transactional", like an invitation to represent an organisation, and says itself why it
 * came and how to stop it. */
#define ORGANISATION_MAIL_KIND "transactional"

struct person {
	long long id;
	char lang[4];
	const char *kind;
};

/* The enabled accounts a query returns as (id, lang), appended to *list unless already there. */
static int collect_people(struct store *st, const char *sql, long long id, const char *kind, struct person **list,
			  int *n, int *cap)
{
	struct cursor *c = store_query(st, sql, ARGS(SV_I(id)));
	while (cursor_next(c)) {
		long long account = cursor_int(c, 0);
		bool seen = false;
		for (int i = 0; i < *n; i++)
			if ((*list)[i].id == account)
				seen = true;
		if (seen)
			continue;
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 16;
			struct person *grown = realloc(*list, sizeof **list * (size_t)*cap);
			if (!grown) {
				cursor_close(c);
				return -1;
			}
			*list = grown;
		}
		struct person *p = &(*list)[(*n)++];
		p->id = account;
		snprintf(p->lang, sizeof p->lang, "%s", cursor_text(c, 1) ? cursor_text(c, 1) : "sv");
		p->kind = kind;
	}
	return cursor_close(c);
}

/* What an invitation says, in the thread's language: title into title[titlesz], body into text. */
static void invitation_text(const char *org, const char *dlg_title, const char *question, const char *closes_on,
			    char *title, size_t titlesz, struct buf *text)
{
	snprintf(title, titlesz, _("Invitation to a dialogue: %s"), dlg_title);
	buf_printf(text, _("The municipality invites %s to take part in the dialogue \"%s\"."), org, dlg_title);
	buf_printf(text, "\n\n%s\n%s", _("The question:"), question);
	if (!empty(closes_on))
		buf_printf(text, "\n\n%s %s", _("Last day to take part:"), closes_on);
}

/* Tells the organisation's representatives, or its own address when it has none; returns how
 * many messages go out by e-mail (a person who chose never to get invitations by e-mail still
 * finds it among their notifications), or -1. */
static int tell_organisation(struct store *st, long long dialogue_id, long long org_id, const char *org_name,
			     const char *org_email, const char *dlg_title, const char *question, const char *closes_on,
			     const char *token)
{
	struct person *people = NULL;
	int n = 0, cap = 0, mailed = 0;
	if (collect_people(st,
			   "SELECT acc.id, acc.lang FROM representative r JOIN account acc ON acc.id = r.account_id "
			   "WHERE r.organisation_id = $1 AND acc.disabled = 0 ORDER BY acc.id",
			   org_id, NOTIFY_INVITATIONS, &people, &n, &cap) != 0) {
		free(people);
		return -1;
	}
	char link[128];
	snprintf(link, sizeof link, "/dialoger/%lld?inbjudan=%s", dialogue_id, token);
	char saved[4];
	snprintf(saved, sizeof saved, "%s", i18n_lang());
	for (int i = 0; i < n; i++) {
		const char *frequency = notification_frequency(st, people[i].id, NOTIFY_INVITATIONS);
		i18n_set_lang(people[i].lang);
		char title[600];
		struct buf text = BUF_INIT;
		invitation_text(org_name, dlg_title, question, closes_on, title, sizeof title, &text);
		i18n_set_lang(saved);
		long long id = notification_create(st, people[i].id, NOTIFY_INVITATIONS, title, buf_str(&text), link);
		buf_free(&text);
		if (id <= 0) {
			free(people);
			return -1;
		}
		if (strcmp(frequency, NOTIFY_NEVER) != 0)
			mailed++;
	}
	free(people);
	if (n > 0 || empty(org_email))
		return mailed;
	/* Nobody to notify: the organisation's own address gets the invitation, in Swedish (the
	 * register does not know the organisation's language). */
	i18n_set_lang("sv");
	char title[600];
	struct buf text = BUF_INIT;
	invitation_text(org_name, dlg_title, question, closes_on, title, sizeof title, &text);
	buf_printf(&text, "\n\n%s\n%s%s\n\n-- \n", _("Read more and take part:"), notification_base_url(), link);
	buf_printf(&text,
		   _("You get this message because %s is in the municipality's register of civil-society "
		     "organisations with this address. If you would rather not be invited, tell the municipality."),
		   org_name);
	struct mail m = {
		.account_id = 0,
		.to = org_email,
		.to_name = org_name,
		.lang = "sv",
		.kind = ORGANISATION_MAIL_KIND,
		.subject = title,
		.text = buf_str(&text),
	};
	long long queued = outbox_enqueue(st, &m);
	buf_free(&text);
	i18n_set_lang(saved);
	return queued > 0 ? mailed + 1 : -1;
}

bool dialogue_candidate_reachable(const struct invite_candidate *c)
{
	/* As tell_organisation delivers: to every enabled representative, else to the address. */
	return c->representatives > 0 || c->has_email;
}

bool dialogue_invitations_wait(const struct dialogue *d)
{
	return d->state == DIALOGUE_DRAFT || d->state == DIALOGUE_PLANNED;
}

/* Sends one recorded invitation: claims it (sent_at still NULL, so a second run or node finds
 * nothing to do), gives it a fresh link token (a prepared one's was never shown to anyone) and
 * tells the organisation, all in the caller's transaction. Messages sent, -2 when it was already
 * sent, -1 when the store failed. */
static int send_invitation(struct store *st, struct arena *a, long long dialogue_id, long long org,
			   const char *dlg_title, const char *question, const char *closes_on, const char *now)
{
	char token[SESSION_TOKEN_LEN + 1], hash[65];
	session_random_token(token);
	token_hash(token, hash);
	int sent = -1;
	long long rows = store_exec(st,
				    "UPDATE dialogue_invitation SET sent_at = $1, token_hash = $2 WHERE dialogue_id = $3 "
				    "AND organisation_id = $4 AND sent_at IS NULL",
				    ARGS(SV_T(now), SV_T(hash), SV_I(dialogue_id), SV_I(org)));
	struct organisation o;
	if (rows == 0) {
		sent = -2;
	} else if (rows == 1 && organisation_get(st, a, org, &o) == OUTCOME_OK) {
		sent = tell_organisation(st, dialogue_id, org, o.name, o.email, dlg_title, question, closes_on, token);
		if (sent >= 0 &&
		    store_exec(st,
			       "UPDATE dialogue_invitation SET recipients = $1 WHERE dialogue_id = $2 AND organisation_id = $3",
			       ARGS(SV_I(sent), SV_I(dialogue_id), SV_I(org))) != 1)
			sent = -1;
	}
	sodium_memzero(token, sizeof token);
	return sent;
}

int dialogue_send_prepared_invitations(struct store *st, long long dialogue_id, long long by_id, int *messages)
{
	*messages = 0;
	struct arena a = ARENA_INIT;
	struct dialogue d;
	int rc = dialogue_load(st, &a, dialogue_id, &d) == OUTCOME_OK ? 0 : -1;
	long long *orgs = NULL;
	int n = 0, cap = 0, sent = 0;
	/* Read first, so no cursor is open while messages are written. */
	struct cursor *c = rc ? NULL
			      : store_query(st,
					    "SELECT organisation_id FROM dialogue_invitation WHERE dialogue_id = $1 AND "
					    "sent_at IS NULL ORDER BY organisation_id",
					    ARGS(SV_I(dialogue_id)));
	while (c && cursor_next(c)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			long long *grown = realloc(orgs, sizeof *orgs * (size_t)cap);
			if (!grown) {
				rc = -1;
				break;
			}
			orgs = grown;
		}
		orgs[n++] = cursor_int(c, 0);
	}
	if (c && cursor_close(c) != 0)
		rc = -1;
	char now[21];
	clock_iso(clock_now(), now);
	json_t *done = json_array();
	for (int i = 0; rc == 0 && i < n; i++) {
		int m = send_invitation(st, &a, dialogue_id, orgs[i], d.title, d.question, d.closes_on, now);
		if (m == -1) {
			rc = -1;
		} else if (m >= 0) {
			sent++;
			*messages += m;
			json_array_append_new(done, json_integer(orgs[i]));
		}
	}
	if (rc == 0 && sent > 0 &&
	    audit_record_json(st, by_id, "dialogue", dialogue_id, "invitations_sent",
		  json_pack("{s:O,s:i}", "organisations", done, "messages", *messages)) != 0)
		rc = -1;
	json_decref(done);
	free(orgs);
	arena_free(&a);
	return rc == 0 ? sent : -1;
}

enum outcome dialogue_invite(struct store *st, long long dialogue_id, const long long *organisation_ids, int n,
			     const struct account *by, struct invite_result *res, struct field_errors *e)
{
	memset(res, 0, sizeof *res);
	if (!by)
		return OUTCOME_FORBIDDEN;
	struct arena a = ARENA_INIT;
	json_t *invited = json_array();
	struct dialogue d;
	enum outcome rc = begin_managed(st, &a, dialogue_id, by, &d);
	const char *title = d.title, *question = d.question, *closes_on = d.closes_on;
	if (rc != OUTCOME_OK)
		goto done;
	bool wait = dialogue_invitations_wait(&d);
	if (!wait && !dialogue_is_open(&d)) {
		rc = field_conflict(e, _("Invitations cannot be sent now"),
				    _("Invitations can be prepared until the dialogue opens, and sent while it is open."));
		goto done;
	}
	char now[21];
	clock_iso(clock_now(), now);
	for (int i = 0; i < n && rc == OUTCOME_OK; i++) {
		long long org = organisation_ids[i];
		/* Only the public register is invited: a hidden organisation has asked not to be listed. */
		struct organisation o;
		enum outcome found = organisation_get(st, &a, org, &o);
		if (found != OUTCOME_OK && found != OUTCOME_NOT_FOUND) {
			rc = found;
			continue;
		}
		if (found == OUTCOME_NOT_FOUND || !o.public) {
			res->skipped++;
			continue;
		}
		/* Recorded unsent with a token nobody sees; sending gives it the one that is mailed. An
		 * organisation invited before (or twice in one list) keeps its first invitation. */
		char token[SESSION_TOKEN_LEN + 1], hash[65];
		session_random_token(token);
		token_hash(token, hash);
		sodium_memzero(token, sizeof token);
		int rows = dialogue_invitation_insert(st, dialogue_id, org, hash, now, by->id, 0, NULL, NULL);
		if (rows < 0) {
			rc = store_outcome(st);
			continue;
		}
		if (rows == 0) {
			res->skipped++;
			continue;
		}
		if (wait) {
			res->prepared++;
		} else {
			int sent = send_invitation(st, &a, dialogue_id, org, title, question, closes_on, now);
			if (sent < 0) {
				rc = store_outcome(st);
				continue;
			}
			res->invited++;
			res->messages += sent;
		}
		json_array_append_new(invited, json_integer(org));
	}
	if (rc == OUTCOME_OK && res->invited + res->prepared > 0 &&
	    audit_record_json(st, by->id, "dialogue", dialogue_id, wait ? "invite_prepare" : "invite",
		  json_pack("{s:O,s:i}", "organisations", invited, "messages", res->messages)) != 0)
		rc = store_outcome(st);
done:
	json_decref(invited);
	arena_free(&a);
	rc = store_finish(st, rc);
	if (rc != OUTCOME_OK)
		memset(res, 0, sizeof *res);
	return rc;
}

enum outcome dialogue_invite_preview(struct store *st, struct arena *a, long long dialogue_id,
				     const long long *organisation_ids, int n, const struct account *by,
				     struct invite_reach *out, const char **subject, const char **text,
				     struct field_errors *e)
{
	memset(out, 0, sizeof *out);
	*subject = *text = "";
	struct dialogue d;
	enum outcome rc = dialogue_load(st, a, dialogue_id, &d);
	if (rc == OUTCOME_OK && !dialogue_manages(by, &d))
		rc = dialogue_is_draft(&d) ? OUTCOME_NOT_FOUND : OUTCOME_FORBIDDEN;
	if (rc != OUTCOME_OK)
		return rc;
	struct person *everyone = NULL;
	int npeople = 0, cap = 0;
	const char *first_name = NULL;
	for (int i = 0; i < n && rc == OUTCOME_OK; i++) {
		long long org = organisation_ids[i];
		bool twice = false;
		for (int j = 0; j < i; j++)
			twice = twice || organisation_ids[j] == org;
		struct organisation o;
		enum outcome found = twice ? OUTCOME_NOT_FOUND : organisation_get(st, a, org, &o);
		if (found != OUTCOME_OK) {
			if (found != OUTCOME_NOT_FOUND)
				rc = found;
			continue;
		}
		long long invited = store_int(st, "SELECT COUNT(*) FROM dialogue_invitation WHERE dialogue_id = $1 AND "
					      "organisation_id = $2", ARGS(SV_I(dialogue_id), SV_I(org)), 0);
		if (invited < 0) {
			rc = store_outcome(st);
			continue;
		}
		if (!o.public || invited > 0)
			continue;
		/* The representatives as tell_organisation finds them, each told once per organisation. */
		struct person *people = NULL;
		int np = 0, pcap = 0;
		if (collect_people(st,
				   "SELECT acc.id, acc.lang FROM representative r JOIN account acc ON acc.id = r.account_id "
				   "WHERE r.organisation_id = $1 AND acc.disabled = 0 ORDER BY acc.id",
				   org, NOTIFY_INVITATIONS, &people, &np, &pcap) != 0) {
			free(people);
			rc = store_outcome(st);
			continue;
		}
		for (int k = 0; k < np; k++) {
			if (strcmp(notification_frequency(st, people[k].id, NOTIFY_INVITATIONS), NOTIFY_NEVER) != 0)
				out->emails++;
			bool seen = false;
			for (int j = 0; j < npeople; j++)
				seen = seen || everyone[j].id == people[k].id;
			if (seen)
				continue;
			if (npeople == cap) {
				cap = cap ? cap * 2 : 16;
				struct person *grown = realloc(everyone, sizeof *everyone * (size_t)cap);
				if (!grown) {
					rc = OUTCOME_FAILED;
					break;
				}
				everyone = grown;
			}
			everyone[npeople++] = people[k];
		}
		if (np == 0 && !empty(o.email))
			out->emails++;
		if (np == 0 && empty(o.email))
			out->unreachable++;
		free(people);
		if (out->organisations++ == 0) {
			out->first = org;
			first_name = o.name;
		}
	}
	free(everyone);
	out->people = npeople;
	if (rc != OUTCOME_OK)
		return rc;
	if (!first_name) {
		field_error(e, "reachable", _("Tick at least one organisation that has not been invited before."));
		return OUTCOME_INVALID;
	}
	/* The same composition tell_organisation sends; only the link's token is not made yet. */
	char title[600];
	struct buf body = BUF_INIT;
	invitation_text(first_name, d.title, d.question, d.closes_on, title, sizeof title, &body);
	buf_printf(&body, "\n\n%s\n%s/dialoger/%lld?inbjudan=…", _("Read more and take part:"), notification_base_url(),
		   dialogue_id);
	*subject = arena_strdup(a, title);
	*text = arena_strdup(a, buf_str(&body));
	buf_free(&body);
	return OUTCOME_OK;
}

int dialogue_invitations(struct store *st, struct arena *a, long long dialogue_id, long long offset, int max,
			 struct invitation_row *out, long long *total)
{
	*total = store_int(st, "SELECT COUNT(*) FROM dialogue_invitation WHERE dialogue_id = $1", ARGS(SV_I(dialogue_id)), 0);
	if (*total < 0)
		return -1;
	struct cursor *c = store_query(st,
		"SELECT i.organisation_id, o.name, i.invited_at, i.recipients, i.opened_at, i.sent_at, "
		"CASE WHEN EXISTS (SELECT 1 FROM submission s WHERE s.dialogue_id = i.dialogue_id "
		"AND s.organisation_id = i.organisation_id) THEN 1 ELSE 0 END "
		"FROM dialogue_invitation i JOIN organisation o ON o.id = i.organisation_id "
		"WHERE i.dialogue_id = $1 ORDER BY o.sort_key, o.id LIMIT $2 OFFSET $3",
		ARGS(SV_I(dialogue_id), SV_I(max), SV_I(offset)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		struct invitation_row *it = &out[n++];
		it->organisation_id = cursor_int(c, 0);
		it->organisation_name = cursor_copy(a, c, 1);
		it->invited_at = cursor_copy(a, c, 2);
		it->recipients = (int)cursor_int(c, 3);
		it->opened_at = cursor_is_null(c, 4) ? NULL : cursor_copy(a, c, 4);
		it->sent_at = cursor_is_null(c, 5) ? NULL : cursor_copy(a, c, 5);
		it->answered = cursor_int(c, 6) != 0;
	}
	return cursor_close(c) == 0 ? n : -1;
}

/* The token as made by session_random_token: 43 base64url characters, nothing else. */
static bool token_shape_ok(const char *t)
{
	if (!t || strlen(t) != SESSION_TOKEN_LEN)
		return false;
	for (; *t; t++)
		if (!((*t >= 'A' && *t <= 'Z') || (*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') || *t == '-' ||
		      *t == '_'))
			return false;
	return true;
}

bool dialogue_invitation_unopened(struct store *st, long long dialogue_id, const char *token, long long account_id)
{
	if (token_shape_ok(token)) {
		char hash[65];
		token_hash(token, hash);
		if (store_int(st,
			      "SELECT 1 FROM dialogue_invitation WHERE dialogue_id = $1 AND token_hash = $2 AND opened_at IS NULL",
			      ARGS(SV_I(dialogue_id), SV_T(hash)), 0) == 1)
			return true;
	}
	return account_id > 0 &&
	       store_int(st,
			 "SELECT 1 FROM dialogue_invitation i JOIN representative r ON r.organisation_id = i.organisation_id "
			 "WHERE i.dialogue_id = $1 AND r.account_id = $2 AND i.opened_at IS NULL AND i.sent_at IS NOT NULL LIMIT 1",
			 ARGS(SV_I(dialogue_id), SV_I(account_id)), 0) == 1;
}

int dialogue_invitation_open(struct store *st, long long dialogue_id, const char *token, long long account_id)
{
	char now[21];
	clock_iso(clock_now(), now);
	if (store_begin(st) != 0)
		return -1;
	long long by_link = 0, by_account = 0;
	if (token_shape_ok(token)) {
		char hash[65];
		token_hash(token, hash);
		by_link = store_exec(st,
				     "UPDATE dialogue_invitation SET opened_at = $1 WHERE dialogue_id = $2 AND token_hash = $3 "
				     "AND opened_at IS NULL",
				     ARGS(SV_T(now), SV_I(dialogue_id), SV_T(hash)));
	}
	if (by_link >= 0 && account_id > 0)
		by_account = store_exec(st,
					"UPDATE dialogue_invitation SET opened_at = $1 WHERE dialogue_id = $2 AND opened_at IS NULL "
					"AND sent_at IS NOT NULL AND organisation_id IN (SELECT organisation_id FROM representative WHERE account_id = $3)",
					ARGS(SV_T(now), SV_I(dialogue_id), SV_I(account_id)));
	if (by_link < 0 || by_account < 0)
		goto fail;
	if (by_link + by_account > 0 &&
	    audit_record_json(st, account_id, "dialogue", dialogue_id, "invitation_opened",
		  json_pack("{s:I,s:I}", "by_link", (json_int_t)by_link, "by_account", (json_int_t)by_account)) != 0)
		goto fail;
	if (store_commit(st) != 0)
		goto fail;
	return (int)(by_link + by_account);
fail:
	store_rollback(st);
	return -1;
}

/* ---- The report ------------------------------------------------------------------------------ */

int dialogue_report_validate(struct arena *a, struct dialogue_report *rep, bool complete, struct field_errors *e)
{
	int before = e->n;
	const char *too_long = _("This text can be at most 10,000 characters long.");
	field_text(e, a, "report_heard", &rep->heard, true, DIALOGUE_TEXT_MAX,
		   complete ? _("Write a summary of what you heard in the dialogue.") : NULL, too_long);
	field_text(e, a, "report_decision", &rep->decision, true, DIALOGUE_TEXT_MAX,
		   complete ? _("Write what was decided, and where.") : NULL, too_long);
	one_line_text(e, a, "report_minutes_ref", &rep->minutes_ref, DIALOGUE_REF_MAX, NULL,
		      _("The reference can be at most 200 characters long."), _("Write the reference on one line."));
	const char *bad_link = _("Enter the web address in full and without spaces, like https://www.example.se.");
	if (field_text(e, a, "report_link", &rep->link, false, DIALOGUE_LINK_MAX, NULL, bad_link) && *rep->link) {
		const char *url = url_web_address(a, rep->link, DIALOGUE_LINK_MAX);
		if (url)
			rep->link = url;
		else
			field_error(e, "report_link", bad_link);
	}
	field_text(e, a, "report_used", &rep->used, true, DIALOGUE_TEXT_MAX,
		   complete ? _("Write how the views and proposals were used.") : NULL, too_long);
	return e->n - before;
}

#define NOT_CLOSED _("What happened next is written when the dialogue has closed. Close it first.")

enum outcome dialogue_report_allowed(const struct dialogue *d, struct field_errors *e)
{
	return dialogue_has_closed(d) ? OUTCOME_OK : field_conflict(e, _("The dialogue has not closed yet"), NOT_CLOSED);
}

/* The report as a message, in the thread's language. */
static void report_text(const char *dlg_title, const struct dialogue_report *rep, char *title, size_t titlesz,
			struct buf *text)
{
	snprintf(title, titlesz, _("What happened next: %s"), dlg_title);
	buf_printf(text, _("The municipality has reported back on the dialogue \"%s\". Thank you for taking part."),
		   dlg_title);
	buf_printf(text, "\n\n%s\n%s", _("What we heard:"), rep->heard);
	buf_printf(text, "\n\n%s\n%s", _("What was decided:"), rep->decision);
	if (!empty(rep->minutes_ref))
		buf_printf(text, "\n%s %s", _("Minutes:"), rep->minutes_ref);
	if (!empty(rep->link))
		buf_printf(text, "\n%s", rep->link);
	buf_printf(text, "\n\n%s\n%s", _("How the views and proposals were used:"), rep->used);
}

/* Tells every participant once; returns how many were told, or -1. */
static int tell_participants(struct store *st, long long id, const char *dlg_title, const struct dialogue_report *rep)
{
	struct person *people = NULL;
	int n = 0, cap = 0, told = 0;
	/* Those who wrote first: the report answers what they sent. */
	if (collect_people(st,
			   "SELECT DISTINCT acc.id, acc.lang FROM submission s JOIN account acc ON acc.id = s.account_id "
			   "WHERE s.dialogue_id = $1 AND acc.disabled = 0 ORDER BY acc.id",
			   id, NOTIFY_ANSWERS, &people, &n, &cap) != 0 ||
	    collect_people(st,
			   "SELECT DISTINCT acc.id, acc.lang FROM dialogue_invitation i "
			   "JOIN representative r ON r.organisation_id = i.organisation_id "
			   "JOIN account acc ON acc.id = r.account_id WHERE i.dialogue_id = $1 AND i.sent_at IS NOT NULL "
			   "AND acc.disabled = 0 ORDER BY acc.id",
			   id, NOTIFY_INVITATIONS, &people, &n, &cap) != 0) {
		free(people);
		return -1;
	}
	char link[48];
	snprintf(link, sizeof link, "/dialoger/%lld", id);
	char saved[4];
	snprintf(saved, sizeof saved, "%s", i18n_lang());
	for (int i = 0; i < n; i++) {
		i18n_set_lang(people[i].lang);
		char title[600];
		struct buf text = BUF_INIT;
		report_text(dlg_title, rep, title, sizeof title, &text);
		i18n_set_lang(saved);
		long long nid = notification_create(st, people[i].id, people[i].kind, title, buf_str(&text), link);
		buf_free(&text);
		if (nid <= 0) {
			free(people);
			return -1;
		}
		told++;
	}
	free(people);
	/* Invited organisations nobody represents: their own address, as they were invited. Read
	 * first, so no cursor is open while the outbox is written. */
	struct org_address {
		char *name, *email;
	} *orgs = NULL;
	int norgs = 0, orgcap = 0, rc = 0;
	struct cursor *c = store_query(st,
		"SELECT o.name, o.email FROM dialogue_invitation i JOIN organisation o ON o.id = i.organisation_id "
		"WHERE i.dialogue_id = $1 AND i.sent_at IS NOT NULL AND o.email IS NOT NULL AND o.email <> '' AND NOT EXISTS ("
		"SELECT 1 FROM representative r JOIN account acc ON acc.id = r.account_id "
		"WHERE r.organisation_id = o.id AND acc.disabled = 0) ORDER BY o.id",
		ARGS(SV_I(id)));
	while (rc == 0 && cursor_next(c)) {
		if (norgs == orgcap) {
			orgcap = orgcap ? orgcap * 2 : 16;
			struct org_address *grown = realloc(orgs, sizeof *orgs * (size_t)orgcap);
			if (!grown) {
				rc = -1;
				break;
			}
			orgs = grown;
		}
		orgs[norgs].name = strdup(cursor_text(c, 0));
		orgs[norgs].email = strdup(cursor_text(c, 1));
		norgs++;
	}
	if (cursor_close(c) != 0)
		rc = -1;
	i18n_set_lang("sv");
	for (int i = 0; i < norgs; i++) {
		if (rc == 0 && orgs[i].name && orgs[i].email) {
			char title[600];
			struct buf text = BUF_INIT;
			report_text(dlg_title, rep, title, sizeof title, &text);
			buf_printf(&text, "\n\n%s\n%s%s\n\n-- \n", _("Read more:"), notification_base_url(), link);
			buf_printf(&text,
				   _("You get this message because %s was invited to the dialogue at this address."),
				   orgs[i].name);
			struct mail m = {
				.account_id = 0,
				.to = orgs[i].email,
				.to_name = orgs[i].name,
				.lang = "sv",
				.kind = ORGANISATION_MAIL_KIND,
				.subject = title,
				.text = buf_str(&text),
			};
			if (outbox_enqueue(st, &m) <= 0)
				rc = -1;
			else
				told++;
			buf_free(&text);
		} else if (!orgs[i].name || !orgs[i].email) {
			rc = -1;
		}
		free(orgs[i].name);
		free(orgs[i].email);
	}
	free(orgs);
	i18n_set_lang(saved);
	return rc == 0 ? told : -1;
}

enum outcome dialogue_report_save(struct store *st, struct arena *a, long long id, struct dialogue_report *rep,
				  bool publish, const struct account *by, struct field_errors *e, int *notified)
{
	*notified = 0;
	if (!by)
		return OUTCOME_FORBIDDEN;
	enum outcome rc = OUTCOME_OK;
	struct dialogue d = {.state = DIALOGUE_DRAFT};
	const char *title = NULL;
	long long department = 0;
	struct cursor *c = store_query(st, "SELECT state, department_id, title FROM dialogue WHERE id = $1", ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found) {
		d.state = state_of(cursor_text(c, 0));
		department = cursor_int(c, 1);
		title = arena_strdup(a, cursor_text(c, 2));
	}
	if (cursor_close(c) != 0)
		return store_outcome(st);
	if (!found)
		return OUTCOME_NOT_FOUND;
	if (!account_manages_department(by, department))
		return dialogue_is_draft(&d) ? OUTCOME_NOT_FOUND : OUTCOME_FORBIDDEN;
	if (!dialogue_has_closed(&d))
		return field_conflict(e, _("The dialogue has not closed yet"), NOT_CLOSED);
	bool reported = dialogue_is_reported(&d);
	bool publishing = publish && !reported;
	if (dialogue_report_validate(a, rep, publish || reported, e) > 0)
		return OUTCOME_INVALID;
	char now[21];
	clock_iso(clock_now(), now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	/* The state in the condition: a report published meanwhile by someone else is not sent twice. */
	long long rows;
	if (publishing)
		rows = store_exec(st,
				  "UPDATE dialogue SET report_heard = $1, report_decision = $2, report_minutes_ref = $3, "
				  "report_link = $4, report_used = $5, updated_at = $6, state = 'reported', reported_at = $6, "
				  "reported_by = $7 WHERE id = $8 AND state = 'closed'",
				  ARGS(SV_TN(rep->heard), SV_TN(rep->decision), SV_TN(rep->minutes_ref), SV_TN(rep->link),
				       SV_TN(rep->used), SV_T(now), SV_I(by->id), SV_I(id)));
	else
		rows = store_exec(st,
				  "UPDATE dialogue SET report_heard = $1, report_decision = $2, report_minutes_ref = $3, "
				  "report_link = $4, report_used = $5, updated_at = $6 WHERE id = $7 AND state = $8",
				  ARGS(SV_TN(rep->heard), SV_TN(rep->decision), SV_TN(rep->minutes_ref), SV_TN(rep->link),
				       SV_TN(rep->used), SV_T(now), SV_I(id), SV_T(dialogue_state_code(d.state))));
	if (rows < 0)
		rc = store_outcome(st);
	else if (rows == 0)
		rc = field_conflict(e, _("The report cannot be saved now"),
				    _("The dialogue's state changed meanwhile. Look at the dialogue again."));
	int told = 0;
	if (rc == OUTCOME_OK && publishing) {
		told = tell_participants(st, id, title, rep);
		if (told < 0)
			rc = store_outcome(st);
	}
	if (rc == OUTCOME_OK &&
	    audit_record_json(st, by->id, "dialogue", id, publishing ? "report_publish" : "report",
		  publishing ? json_pack("{s:i}", "notified", told) : json_pack("{s:b}", "published", reported)) != 0)
		rc = store_outcome(st);
	rc = store_finish(st, rc);
	if (rc == OUTCOME_OK)
		*notified = told;
	return rc;
}

/* ---- For a representative's start page ---------------------------------------------------------- */

int dialogue_invitations_waiting(struct store *st, struct arena *a, long long account_id,
				 struct waiting_invitation *out, int max, long long *total)
{
	/* One row per invited organisation the person represents: two of theirs invited to the same
	 * dialogue are two answers to give. */
	static const char from[] =
		"FROM dialogue_invitation i JOIN dialogue d ON d.id = i.dialogue_id "
		"JOIN representative rp ON rp.organisation_id = i.organisation_id AND rp.account_id = $1 "
		"JOIN organisation o ON o.id = i.organisation_id "
		"WHERE d.state = $2 AND i.sent_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submission s "
		"WHERE s.dialogue_id = d.id AND s.organisation_id = i.organisation_id)";
	const char *open = dialogue_state_code(DIALOGUE_OPEN);
	if (total) {
		*total = store_int(st, arena_printf(a, "SELECT COUNT(*) %s", from), ARGS(SV_I(account_id), SV_T(open)), 0);
		if (*total < 0)
			return -1;
	}
	struct cursor *c = store_query(st,
		arena_printf(a, "SELECT d.id, d.title, d.closes_on, o.id, o.name %s "
				"ORDER BY COALESCE(d.closes_on, '9999-12-31'), d.id, o.sort_key, o.id LIMIT $3", from),
		ARGS(SV_I(account_id), SV_T(open), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		out[n].dialogue_id = cursor_int(c, 0);
		out[n].title = cursor_copy(a, c, 1);
		out[n].closes_on = cursor_copy(a, c, 2);
		out[n].organisation_id = cursor_int(c, 3);
		out[n].organisation_name = cursor_copy(a, c, 4);
		n++;
	}
	return cursor_close(c) == 0 ? n : -1;
}

/* ---- Counts for the yearly follow-up ----------------------------------------------------------- */

/* $1..$2 the period, $3 a department, $4 a committee (0: none). "Held": opened (state open,
 * closed or reported) on or before the period's last day — its opening date, else the day it was
 * created — and not closed before its first day (no closing date: still open). "Reported": its
 * "what happened next" report published (reported_at, UTC) within the period. The total (key '')
 * counts each dialogue once, with or without principles. */
#define DIALOGUE_SCOPE                                                                                    \
	" AND ($3 = 0 OR d.department_id = $3)"                                                             \
	" AND ($4 = 0 OR d.department_id IN (SELECT id FROM department WHERE committee_id = $4))"
#define DIALOGUE_HELD                                                                                     \
	"SUM(CASE WHEN d.state IN ('open','closed','reported')"                                              \
	" AND COALESCE(NULLIF(d.opens_on, ''), substr(d.created_at, 1, 10)) <= $2"                            \
	" AND (d.closes_on IS NULL OR d.closes_on = '' OR d.closes_on >= $1) THEN 1 ELSE 0 END),"             \
	" SUM(CASE WHEN d.reported_at IS NOT NULL AND substr(d.reported_at, 1, 10) >= $1"                    \
	" AND substr(d.reported_at, 1, 10) <= $2 THEN 1 ELSE 0 END)"
static const char SQL_YEAR_COUNTS[] =
	"SELECT dp.principle, " DIALOGUE_HELD
	" FROM dialogue d JOIN dialogue_principle dp ON dp.dialogue_id = d.id WHERE 1 = 1" DIALOGUE_SCOPE
	" GROUP BY dp.principle"
	" UNION ALL SELECT '', " DIALOGUE_HELD " FROM dialogue d WHERE 1 = 1" DIALOGUE_SCOPE;

int dialogue_principle_counts(struct store *st, const char *from, const char *to, long long committee_id,
			      long long department_id, long long held[DIALOGUE_PRINCIPLES_MAX + 1],
			      long long reported[DIALOGUE_PRINCIPLES_MAX + 1])
{
	for (int i = 0; i <= DIALOGUE_PRINCIPLES_MAX; i++)
		held[i] = reported[i] = 0;
	struct cursor *c =
		store_query(st, SQL_YEAR_COUNTS, ARGS(SV_T(from), SV_T(to), SV_I(department_id), SV_I(committee_id)));
	while (cursor_next(c)) {
		const char *p = cursor_text(c, 0);
		int i = !p || !*p ? DIALOGUE_PRINCIPLES_MAX : participation_index(PART_PRINCIPLE, p);
		if (i < 0 || i > DIALOGUE_PRINCIPLES_MAX)
			continue;
		held[i] = cursor_int_or(c, 1, 0);
		reported[i] = cursor_int_or(c, 2, 0);
	}
	return cursor_close(c) != 0 ? -1 : 0;
}
