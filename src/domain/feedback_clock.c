/* feedback_clock: the municipality's targets for answering, the due dates they give each
 * submission, reminders before a deadline and escalation to the coordinators after it. */
#include "domain/feedback_clock.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/text.h"
#include "domain/audit.h"
#include "domain/notification.h"
#include "domain/setting.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Targets --------------------------------------------------------------------------------- */

/* A stored target, or dflt when it is missing or not a whole number in range (a hand-edited
 * row must not stop the clock). */
static int target_value(const char *text, int dflt)
{
	if (!text)
		return dflt;
	char *end;
	long v = strtol(text, &end, 10);
	return end != text && *end == 0 && v >= FEEDBACK_TARGET_MIN && v <= FEEDBACK_TARGET_MAX ? (int)v : dflt;
}

enum outcome feedback_targets_load(struct store *st, struct feedback_targets *out)
{
	static const char *const names[2] = {FEEDBACK_SETTING_ACKNOWLEDGE, FEEDBACK_SETTING_ANSWER};
	const char *values[2];
	struct arena a = ARENA_INIT;
	enum outcome o = setting_get_many(st, &a, names, 2, values);
	out->acknowledge_days = target_value(values[0], FEEDBACK_ACKNOWLEDGE_DAYS);
	out->answer_days = target_value(values[1], FEEDBACK_ANSWER_DAYS);
	arena_free(&a);
	return o;
}

void feedback_due_dates(const struct feedback_targets *t, const char *received_on, char acknowledge_due[11],
			char answer_due[11])
{
	workday_date d;
	if (!workdays_parse(received_on, &d)) {
		/* Callers pass feedback_local_date's output; anything else is a programming error, and
		 * today is the least surprising deadline to fall back on. */
		d = workdays_local_date(clock_now());
	}
	workdays_format(workdays_add(d, t->acknowledge_days), acknowledge_due);
	workdays_format(workdays_add(d, t->answer_days), answer_due);
}

void feedback_local_date(time_t t, char out[11]) { workdays_format(workdays_local_date(t), out); }

/* Longer than any target typed with white space around it is not one. */
#define TARGET_TEXT_MAX 20

bool feedback_target_parse(const char *text, int *out)
{
	struct arena a = ARENA_INIT;
	const char *clean = NULL;
	bool ok = text && text_field(&a, text, false, TARGET_TEXT_MAX, &clean) == TEXT_OK && *clean;
	long v = 0;
	const char *p = clean;
	for (; ok && *p >= '0' && *p <= '9' && v <= FEEDBACK_TARGET_MAX; p++)
		v = v * 10 + (*p - '0');
	ok = ok && !*p && v >= FEEDBACK_TARGET_MIN && v <= FEEDBACK_TARGET_MAX;
	arena_free(&a);
	if (ok)
		*out = (int)v;
	return ok;
}

bool feedback_targets_check(const struct feedback_targets *t, struct field_errors *e)
{
	const char *range = _("Enter a whole number of working days from 1 to 100.");
	bool ack_ok = t->acknowledge_days >= FEEDBACK_TARGET_MIN && t->acknowledge_days <= FEEDBACK_TARGET_MAX;
	bool answer_ok = t->answer_days >= FEEDBACK_TARGET_MIN && t->answer_days <= FEEDBACK_TARGET_MAX;
	if (!ack_ok)
		field_error(e, "acknowledge_days", range);
	if (!answer_ok)
		field_error(e, "answer_days", range);
	/* An answer is also an acknowledgement, so a later acknowledge date would never bind. */
	if (ack_ok && answer_ok && t->acknowledge_days > t->answer_days) {
		field_error(e, "acknowledge_days", _("The time to acknowledge cannot be longer than the time to answer."));
		return false;
	}
	return ack_ok && answer_ok;
}

enum outcome feedback_targets_save(struct store *st, const struct feedback_targets *t, long long by,
				   struct field_errors *e)
{
	if (!feedback_targets_check(t, e))
		return OUTCOME_INVALID;
	struct feedback_targets before;
	enum outcome o = feedback_targets_load(st, &before);
	if (o != OUTCOME_OK)
		return o;
	char ack[16], ans[16], detail[160];
	snprintf(ack, sizeof ack, "%d", t->acknowledge_days);
	snprintf(ans, sizeof ans, "%d", t->answer_days);
	snprintf(detail, sizeof detail,
		 "{\"acknowledge_days\":{\"from\":%d,\"to\":%d},\"answer_days\":{\"from\":%d,\"to\":%d}}",
		 before.acknowledge_days, t->acknowledge_days, before.answer_days, t->answer_days);
	if (store_begin(st) != 0)
		return store_outcome(st);
	if (setting_put(st, FEEDBACK_SETTING_ACKNOWLEDGE, ack) != 0 || setting_put(st, FEEDBACK_SETTING_ANSWER, ans) != 0 ||
	    audit_record(st, by, "setting", 0, "feedback_targets", detail) != 0 || store_commit(st) != 0) {
		o = store_outcome(st);
		store_rollback(st);
		return o;
	}
	return OUTCOME_OK;
}

/* ---- Reminders and escalation ---------------------------------------------------------------- */

/* Column names per step; program constants, never input, so they may be pasted into SQL. */
struct step {
	enum feedback_step step;
	const char *name; /* in the audit log */
	const char *due_col, *reminded_col, *escalated_col, *pending_sql;
};
static const struct step steps[2] = {
	{FEEDBACK_ACKNOWLEDGE, "acknowledge", "acknowledge_due", "acknowledge_reminded_at", "acknowledge_escalated_at",
	 "acknowledged_at IS NULL AND answered_at IS NULL AND status NOT IN ('answered','closed')"},
	{FEEDBACK_ANSWER, "answer", "answer_due", "answer_reminded_at", "answer_escalated_at",
	 "answered_at IS NULL AND status NOT IN ('answered','closed')"},
};

enum action_kind { ACT_REMIND, ACT_ESCALATE };

/* One mail-worthy event found in the read pass; re-checked by the conditional UPDATE. */
struct action {
	enum action_kind kind;
	const struct step *step;
	long long id, department_id, handler_id, contact_id;
	const char *title, *department_name, *received_on, *due;
	int workdays; /* left before the due date (remind) or past it (escalate) */
};

/* Actions are committed this many at a time: a crash loses at most one batch's work, which the
 * next run redoes, and no transaction holds the write lock for long. */
#define BATCH 25

/* The read pass: every step that needs a reminder or an escalation today. */
static int find_actions(struct store *st, struct arena *a, workday_date today, struct action **out)
{
	char today_s[11], cutoff[11];
	workdays_format(today, today_s);
	/* A reminder is due when workdays_add(due, -REMIND) ≤ today, which needs due to be before
	 * the (REMIND+1)th working day after today; escalations have due < today. */
	workdays_format(workdays_add(today, FEEDBACK_REMIND_WORKDAYS + 1), cutoff);
	struct cursor *c = store_query(st,
		"SELECT s.id, s.department_id, s.handler_account_id, d.contact_account_id, s.title, dep.name, "
		"s.received_on, s.acknowledge_due, s.answer_due, "
		"CASE WHEN s.acknowledged_at IS NULL THEN 1 ELSE 0 END, "
		"CASE WHEN s.acknowledge_reminded_at IS NULL THEN 0 ELSE 1 END, "
		"CASE WHEN s.acknowledge_escalated_at IS NULL THEN 0 ELSE 1 END, "
		"CASE WHEN s.answer_reminded_at IS NULL THEN 0 ELSE 1 END, "
		"CASE WHEN s.answer_escalated_at IS NULL THEN 0 ELSE 1 END "
		"FROM submission s JOIN department dep ON dep.id = s.department_id "
		"LEFT JOIN dialogue d ON d.id = s.dialogue_id "
		"WHERE s.status NOT IN ('answered','closed') AND s.answered_at IS NULL AND ("
		" (s.acknowledged_at IS NULL AND s.acknowledge_due < $1 AND (s.acknowledge_escalated_at IS NULL"
		"  OR (s.acknowledge_reminded_at IS NULL AND s.acknowledge_due >= $2)))"
		" OR (s.answer_due < $1 AND (s.answer_escalated_at IS NULL"
		"  OR (s.answer_reminded_at IS NULL AND s.answer_due >= $2)))) "
		"ORDER BY s.id",
		ARGS(SV_T(cutoff), SV_T(today_s)));
	int cap = 32, n = 0;
	struct action *acts = arena_alloc(a, sizeof *acts * (size_t)cap);
	while (cursor_next(c)) {
		bool ack_pending = cursor_int(c, 9) != 0;
		bool reminded[2] = {cursor_int(c, 10) != 0, cursor_int(c, 12) != 0};
		bool escalated[2] = {cursor_int(c, 11) != 0, cursor_int(c, 13) != 0};
		const char *due_text[2] = {cursor_text(c, 7), cursor_text(c, 8)};
		for (int k = 0; k < 2; k++) {
			workday_date due;
			if ((k == 0 && !ack_pending) || !workdays_parse(due_text[k], &due))
				continue;
			enum action_kind kind;
			int days;
			if (!escalated[k] && workdays_add(due, 1) <= today) {
				kind = ACT_ESCALATE;
				days = workdays_between(due, today);
			} else if (!reminded[k] && due >= today && workdays_add(due, -FEEDBACK_REMIND_WORKDAYS) <= today) {
				kind = ACT_REMIND;
				days = workdays_between(today, due);
			} else {
				continue;
			}
			if (n == cap) {
				struct action *bigger = arena_alloc(a, sizeof *acts * (size_t)cap * 2);
				memcpy(bigger, acts, sizeof *acts * (size_t)cap);
				acts = bigger;
				cap *= 2;
			}
			acts[n++] = (struct action){
				.kind = kind,
				.step = &steps[k],
				.id = cursor_int(c, 0),
				.department_id = cursor_int(c, 1),
				.handler_id = cursor_int(c, 2),
				.contact_id = cursor_int(c, 3),
				.title = arena_strdup(a, cursor_text(c, 4)),
				.department_name = arena_strdup(a, cursor_text(c, 5)),
				.received_on = arena_strdup(a, cursor_text(c, 6)),
				.due = arena_strdup(a, due_text[k]),
				.workdays = days,
			};
		}
	}
	if (cursor_close(c) != 0)
		return -1;
	*out = acts;
	return n;
}

/* Account ids from a query's first column, at most max. Count, or -1. */
static int ids_of(struct store *st, const char *sql, const struct sv *args, int nargs, long long *out, int max)
{
	struct cursor *c = store_query(st, sql, args, nargs);
	int n = 0;
	while (cursor_next(c))
		if (n < max)
			out[n++] = cursor_int(c, 0);
	return cursor_close(c) != 0 ? -1 : n;
}

#define MAX_RECIPIENTS 200

/* The people responsible for a submission: its handler, else its dialogue's contact official,
 * else every official of its department — each level only if its accounts are enabled, so a
 * handler who left passes the duty on rather than letting it fall silent. Count, or -1. */
static int responsible_ids(struct store *st, const struct action *act, long long *out)
{
	static const char one[] = "SELECT id FROM account WHERE id = $1 AND disabled = 0";
	int n;
	if (act->handler_id && (n = ids_of(st, one, ARGS(SV_I(act->handler_id)), out, MAX_RECIPIENTS)) != 0)
		return n;
	if (act->contact_id && (n = ids_of(st, one, ARGS(SV_I(act->contact_id)), out, MAX_RECIPIENTS)) != 0)
		return n;
	return ids_of(st,
		      "SELECT id FROM account WHERE role = 'official' AND department_id = $1 AND disabled = 0 ORDER BY id",
		      ARGS(SV_I(act->department_id)), out, MAX_RECIPIENTS);
}

/* The title cut to at most max bytes on a character boundary, with "…" when cut: a subject line
 * stays readable in every mail client. */
static const char *short_title(struct arena *a, const char *title, size_t max)
{
	size_t len = strlen(title);
	if (len <= max)
		return title;
	while (max > 0 && ((unsigned char)title[max] & 0xC0) == 0x80)
		max--;
	return arena_printf(a, "%.*s…", (int)max, title);
}

/* Queues one mail to `to` about act, in their language. 0, or -1. */
static int mail_one(struct store *st, struct arena *a, const struct account *to, const struct action *act,
		    const char *names)
{
	char saved[4];
	snprintf(saved, sizeof saved, "%s", i18n_lang());
	i18n_set_lang(to->lang);
	bool ack = act->step->step == FEEDBACK_ACKNOWLEDGE;
	const char *title = short_title(a, act->title, 80);
	char subject[400];
	struct buf text = BUF_INIT;
	buf_printf(&text, _("Hello %s,"), to->name);
	buf_puts(&text, "\n\n");
	if (act->kind == ACT_REMIND) {
		snprintf(subject, sizeof subject,
			 ack ? _("Reminder: acknowledge submission \"%s\" by %s") : _("Reminder: answer submission \"%s\" by %s"),
			 title, act->due);
		buf_printf(&text,
			   ack ? _("The submission \"%s\" to %s has not been acknowledged yet. The target is to acknowledge it by %s.")
			       : _("The submission \"%s\" to %s has not been answered yet. The target is to answer it by %s."),
			   act->title, act->department_name, act->due);
		buf_putc(&text, ' ');
		if (act->workdays == 0)
			buf_puts(&text, _("That is today."));
		else
			buf_printf(&text, P_("That is in %d working day.", "That is in %d working days.", act->workdays),
				   act->workdays);
	} else {
		snprintf(subject, sizeof subject,
			 ack ? _("Overdue: submission \"%s\" was to be acknowledged by %s")
			     : _("Overdue: submission \"%s\" was to be answered by %s"),
			 title, act->due);
		buf_printf(&text,
			   ack ? _("The submission \"%s\" to %s was to be acknowledged by %s and still has not been.")
			       : _("The submission \"%s\" to %s was to be answered by %s and still has not been."),
			   act->title, act->department_name, act->due);
		buf_putc(&text, ' ');
		buf_printf(&text, P_("It is %d working day overdue.", "It is %d working days overdue.", act->workdays),
			   act->workdays);
		buf_puts(&text, "\n\n");
		if (names && *names)
			buf_printf(&text, _("Responsible: %s"), names);
		else
			buf_puts(&text, _("Responsible: nobody — the department has no official with an account."));
	}
	buf_puts(&text, "\n\n");
	buf_printf(&text, "%s %s\n", _("Department:"), act->department_name);
	buf_printf(&text, "%s %s\n", _("Received:"), act->received_on);
	buf_printf(&text, "%s %s\n\n", ack ? _("To be acknowledged by:") : _("To be answered by:"), act->due);
	buf_printf(&text, "%s\n%s/synpunkter/%lld\n\n", _("Open the submission:"), notification_base_url(), act->id);
	buf_puts(&text, act->kind == ACT_REMIND
				? _("You get this reminder because you are responsible for the submission.")
				: _("You get this message as the municipality's coordinator for civil society: the "
				    "submission has passed its due date."));
	buf_putc(&text, '\n');
	struct mail m = {
		.account_id = to->id,
		.to = to->email,
		.to_name = to->name,
		.lang = i18n_lang(),
		.kind = "transactional",
		.subject = subject,
		.text = buf_str(&text),
	};
	int rc = outbox_enqueue(st, &m) > 0 ? 0 : -1;
	buf_free(&text);
	i18n_set_lang(saved);
	return rc;
}

/* Inside the batch's transaction: marks the step and, only if this call marked it (and the call is
 * not `quiet`), queues the mails. Returns the mails queued, or -1. */
static int run_action(struct store *st, const struct action *act, const char *now, bool quiet)
{
	char sql[400];
	const char *col = act->kind == ACT_REMIND ? act->step->reminded_col : act->step->escalated_col;
	snprintf(sql, sizeof sql, "UPDATE submission SET %s = $1 WHERE id = $2 AND %s IS NULL AND %s", col, col,
		 act->step->pending_sql);
	long long changed = store_exec(st, sql, ARGS(SV_T(now), SV_I(act->id)));
	if (changed <= 0 || quiet)
		return changed < 0 ? -1 : 0;
	long long responsible[MAX_RECIPIENTS], coordinators[MAX_RECIPIENTS];
	int nresp = responsible_ids(st, act, responsible);
	if (nresp < 0)
		return -1;
	struct arena a = ARENA_INIT;
	struct buf names = BUF_INIT;
	const long long *to = responsible;
	int nto = nresp, rc = 0;
	if (act->kind == ACT_ESCALATE) {
		for (int i = 0; i < nresp; i++) {
			struct account acc;
			if (account_load(st, responsible[i], &acc))
				buf_printf(&names, "%s%s", names.len ? ", " : "", acc.name);
		}
		nto = ids_of(st, "SELECT id FROM account WHERE role = 'coordinator' AND disabled = 0 ORDER BY id", NOARGS,
			     coordinators, MAX_RECIPIENTS);
		to = coordinators;
		if (nto < 0)
			rc = -1;
	}
	int queued = 0;
	for (int i = 0; rc == 0 && i < nto; i++) {
		struct account acc;
		if (!account_load(st, to[i], &acc))
			continue;
		if (mail_one(st, &a, &acc, act, buf_str(&names)) != 0)
			rc = -1;
		else
			queued++;
	}
	if (rc == 0) {
		char detail[160];
		snprintf(detail, sizeof detail, "{\"step\":\"%s\",\"due\":\"%s\",\"recipients\":%d}", act->step->name,
			 act->due, queued);
		rc = audit_record(st, 0, "submission", act->id, act->kind == ACT_REMIND ? "remind" : "escalate", detail);
	}
	buf_free(&names);
	arena_free(&a);
	return rc == 0 ? queued : -1;
}

static int send_due(struct store *st, time_t now, struct feedback_sent *sent, bool quiet)
{
	struct feedback_sent counts = {0, 0};
	if (sent)
		*sent = counts;
	workday_date today = workdays_local_date(now);
	char at[21];
	clock_iso(now, at);
	struct arena a = ARENA_INIT;
	struct action *acts = NULL;
	int n = find_actions(st, &a, today, &acts), rc = n < 0 ? -1 : 0;
	for (int i = 0; rc == 0 && i < n; i += BATCH) {
		struct feedback_sent batch = {0, 0};
		if (store_begin(st) != 0) {
			rc = -1;
			break;
		}
		for (int j = i; rc == 0 && j < n && j < i + BATCH; j++) {
			int q = run_action(st, &acts[j], at, quiet);
			if (q < 0)
				rc = -1;
			else if (acts[j].kind == ACT_REMIND)
				batch.reminders += q;
			else
				batch.escalations += q;
		}
		if (rc != 0 || store_commit(st) != 0) {
			store_rollback(st);
			rc = -1;
			break;
		}
		counts.reminders += batch.reminders;
		counts.escalations += batch.escalations;
	}
	arena_free(&a);
	if (sent)
		*sent = counts;
	return rc == 0 ? counts.reminders + counts.escalations : -1;
}

int feedback_send_due_counted(struct store *st, time_t now, struct feedback_sent *sent)
{
	return send_due(st, now, sent, false);
}

int feedback_send_due(struct store *st, time_t now) { return send_due(st, now, NULL, false); }

int feedback_mark_due(struct store *st, time_t now) { return send_due(st, now, NULL, true) < 0 ? -1 : 0; }

void feedback_job(struct store *st, const struct mail_settings *ms)
{
	(void)ms;
	struct feedback_sent sent;
	if (feedback_send_due_counted(st, clock_now(), &sent) < 0)
		log_error("feedback clock: %s", store_errmsg(st));
	if (sent.reminders || sent.escalations)
		log_info("feedback clock: %d reminder%s and %d escalation%s queued", sent.reminders,
			 sent.reminders == 1 ? "" : "s", sent.escalations, sent.escalations == 1 ? "" : "s");
}

/* ---- Open, due and overdue (the definition is in feedback_clock.h) --------------------------- */

/* The definition as SQL over `submission s`, with today's local date as $1 and, for DUE SOON, the
 * first date past the reminder window as $2. Text dates compare as days. Nothing else spells it. */
#define OPEN_SQL "s.status IN ('received', 'acknowledged', 'in_progress')"
#define ACK_LATE_SQL "(s.acknowledged_at IS NULL AND s.acknowledge_due < $1)"
#define ANSWER_LATE_SQL "(s.answered_at IS NULL AND s.answer_due < $1)"
#define PENDING_DUE_SQL "(CASE WHEN s.acknowledged_at IS NULL THEN s.acknowledge_due ELSE s.answer_due END)"
#define SOON_SQL "(" PENDING_DUE_SQL " >= $1 AND " PENDING_DUE_SQL " < $2)"

static const char QUEUE_FROM[] = " FROM submission s JOIN department dep ON dep.id = s.department_id "
				 "LEFT JOIN dialogue d ON d.id = s.dialogue_id ";

/* The WHERE of the open submissions a query asks for; args[0] and args[1] are set (today and the
 * end of the reminder window: every statement must use both, as PostgreSQL infers their types
 * from where they appear), the rest appended. Returns the argument count. */
static int open_where(struct buf *where, struct sv *args, const char *today, const char *cutoff,
		      long long department_id, const struct account *responsible)
{
	int nargs = 0;
	args[nargs++] = SV_T(today);
	args[nargs++] = SV_T(cutoff);
	buf_puts(where, "WHERE " OPEN_SQL);
	if (department_id) {
		args[nargs++] = SV_I(department_id);
		buf_printf(where, " AND s.department_id = $%d", nargs);
	}
	if (responsible) {
		/* The same rule the reminders follow (without their fallback past disabled accounts). */
		args[nargs++] = SV_I(responsible->id);
		buf_printf(where,
			   " AND (s.handler_account_id = $%d OR (s.handler_account_id IS NULL AND d.contact_account_id = $%d)",
			   nargs, nargs);
		if (responsible->role == ROLE_OFFICIAL && responsible->department_id) {
			args[nargs++] = SV_I(responsible->department_id);
			buf_printf(where,
				   " OR (s.handler_account_id IS NULL AND d.contact_account_id IS NULL AND s.department_id = $%d)",
				   nargs);
		}
		buf_putc(where, ')');
	}
	return nargs;
}

/* The end of the reminder window after today: due dates before it are due soon. */
static void soon_cutoff(const char *today, workday_date *t, char cutoff[11])
{
	if (!workdays_parse(today, t))
		*t = workdays_local_date(clock_now());
	workdays_format(workdays_add(*t, FEEDBACK_REMIND_WORKDAYS + 1), cutoff);
}

int feedback_queue_list(struct store *st, struct arena *a, const char *today, const struct feedback_queue_query *q,
			struct feedback_queue_item *out, long long *total)
{
	workday_date t;
	char cutoff[11];
	soon_cutoff(today, &t, cutoff);
	struct buf where = BUF_INIT;
	struct sv args[8];
	int nargs = open_where(&where, args, today, cutoff, q->department_id, q->responsible);
	int n = 0;
	bool ok = true;
	if (total) {
		struct feedback_open_count all;
		ok = feedback_open_counts(st, today, q->department_id, q->responsible, NULL, 0, &all) >= 0;
		*total = all.open;
	}
	if (ok && q->max > 0) {
		args[nargs++] = SV_I(q->max);
		args[nargs++] = SV_I(q->offset);
		char *sql = arena_printf(
			a,
			"SELECT s.id, s.department_id, s.title, dep.name, s.status, "
			"CASE WHEN s.acknowledged_at IS NULL THEN 1 ELSE 0 END, s.acknowledge_due, s.answer_due, "
			"CASE WHEN " ACK_LATE_SQL " THEN 1 ELSE 0 END, CASE WHEN " ANSWER_LATE_SQL " THEN 1 ELSE 0 END, "
			"CASE WHEN " SOON_SQL " AND NOT " ACK_LATE_SQL " AND NOT " ANSWER_LATE_SQL " THEN 1 ELSE 0 END, "
			"s.received_on, COALESCE(h.name, c.name)"
			"%s LEFT JOIN account h ON h.id = s.handler_account_id "
			"LEFT JOIN account c ON c.id = d.contact_account_id "
			"%s ORDER BY s.received_at DESC, s.id DESC LIMIT $%d OFFSET $%d",
			QUEUE_FROM, buf_str(&where), nargs - 1, nargs);
		struct cursor *c = store_query(st, sql, args, nargs);
		while (n < q->max && cursor_next(c)) {
			struct feedback_queue_item *it = &out[n++];
			memset(it, 0, sizeof *it);
			it->id = cursor_int(c, 0);
			it->department_id = cursor_int(c, 1);
			it->title = arena_strdup(a, cursor_text(c, 2));
			it->department_name = arena_strdup(a, cursor_text(c, 3));
			it->status = submission_status_from_code(cursor_text(c, 4));
			it->step = cursor_int(c, 5) ? FEEDBACK_ACKNOWLEDGE : FEEDBACK_ANSWER;
			snprintf(it->acknowledge_due, sizeof it->acknowledge_due, "%s", cursor_text(c, 6) ? cursor_text(c, 6) : "");
			snprintf(it->answer_due, sizeof it->answer_due, "%s", cursor_text(c, 7) ? cursor_text(c, 7) : "");
			it->acknowledge_overdue = cursor_int(c, 8) != 0;
			it->answer_overdue = cursor_int(c, 9) != 0;
			it->due_soon = cursor_int(c, 10) != 0;
			it->received_on = arena_strdup(a, cursor_text(c, 11));
			it->responsible_name = cursor_text(c, 12) ? arena_strdup(a, cursor_text(c, 12)) : NULL;
			memcpy(it->due, it->step == FEEDBACK_ACKNOWLEDGE ? it->acknowledge_due : it->answer_due, sizeof it->due);
			workday_date due;
			if (!workdays_parse(it->due, &due))
				due = t;
			it->workdays = it->acknowledge_overdue || it->answer_overdue ? workdays_between(due, t)
										     : workdays_between(t, due);
		}
		ok = cursor_close(c) == 0;
	}
	buf_free(&where);
	return ok ? n : -1;
}

int feedback_open_counts(struct store *st, const char *today, long long department_id,
			 const struct account *responsible, struct feedback_open_count *out, int max,
			 struct feedback_open_count *total)
{
	memset(total, 0, sizeof *total);
	workday_date t;
	char cutoff[11];
	soon_cutoff(today, &t, cutoff);
	struct buf where = BUF_INIT, sql = BUF_INIT;
	struct sv args[8];
	int nargs = open_where(&where, args, today, cutoff, department_id, responsible);
	buf_printf(&sql,
		   "SELECT s.department_id, COUNT(*), SUM(CASE WHEN " ACK_LATE_SQL " THEN 1 ELSE 0 END), "
		   "SUM(CASE WHEN " ANSWER_LATE_SQL " THEN 1 ELSE 0 END), "
		   "SUM(CASE WHEN " SOON_SQL " AND NOT " ACK_LATE_SQL " AND NOT " ANSWER_LATE_SQL " THEN 1 ELSE 0 END)"
		   "%s%s GROUP BY s.department_id "
		   "ORDER BY s.department_id",
		   QUEUE_FROM, buf_str(&where));
	struct cursor *c = store_query(st, buf_str(&sql), args, nargs);
	int n = 0;
	while (cursor_next(c)) {
		struct feedback_open_count row = {cursor_int(c, 0), cursor_int(c, 1), cursor_int(c, 2), cursor_int(c, 3),
						  cursor_int(c, 4)};
		if (n < max)
			out[n++] = row;
		total->open += row.open;
		total->acknowledge_overdue += row.acknowledge_overdue;
		total->answer_overdue += row.answer_overdue;
		total->due_soon += row.due_soon;
	}
	bool ok = cursor_close(c) == 0;
	buf_free(&where);
	buf_free(&sql);
	return ok ? n : -1;
}

/* ---- Telling the responsible people now ------------------------------------------------------ */

int feedback_notify_responsible(struct store *st, long long id, enum feedback_notice what, const struct account *by)
{
	struct cursor *c = store_query(st,
		"SELECT s.department_id, s.handler_account_id, d.contact_account_id, s.title, dep.name, "
		"s.acknowledge_due, s.answer_due, CASE WHEN s.acknowledged_at IS NULL THEN 1 ELSE 0 END "
		"FROM submission s JOIN department dep ON dep.id = s.department_id "
		"LEFT JOIN dialogue d ON d.id = s.dialogue_id WHERE s.id = $1",
		ARGS(SV_I(id)));
	struct arena a = ARENA_INIT;
	struct action act = {.id = id};
	bool found = cursor_next(c), ack_pending = false;
	if (found) {
		act.department_id = cursor_int(c, 0);
		act.handler_id = cursor_int(c, 1);
		act.contact_id = cursor_int(c, 2);
		act.title = arena_strdup(&a, cursor_text(c, 3));
		act.department_name = arena_strdup(&a, cursor_text(c, 4));
		ack_pending = cursor_int(c, 7) != 0;
		act.due = arena_strdup(&a, cursor_text(c, ack_pending ? 5 : 6));
	}
	int rc = cursor_close(c) != 0 ? -1 : 0;
	long long to[MAX_RECIPIENTS];
	int nto = rc == 0 && found ? responsible_ids(st, &act, to) : 0;
	if (nto < 0)
		rc = -1;
	char saved[4], link[48];
	snprintf(saved, sizeof saved, "%s", i18n_lang());
	snprintf(link, sizeof link, "/synpunkter/%lld", id);
	int told = 0;
	for (int i = 0; rc == 0 && i < nto; i++) {
		struct account acc;
		if (!account_load(st, to[i], &acc) || (by && acc.id == by->id))
			continue; /* whoever reminds needs no reminder of their own */
		i18n_set_lang(acc.lang);
		const char *title = short_title(&a, act.title, 80);
		const char *subject, *body;
		if (what == FEEDBACK_NOTICE_ARRIVED) {
			subject = arena_printf(&a, _("New submission to handle: \"%s\""), title);
			body = arena_printf(&a, _("A view or proposal to %s has arrived. It is to be acknowledged by %s."),
					    act.department_name, act.due);
		} else {
			subject = arena_printf(&a, _("Reminder from %s: \"%s\""), by ? by->name : "", title);
			body = arena_printf(&a,
					    ack_pending ? _("%s asks you to handle the submission to %s. It is to be acknowledged by %s.")
							: _("%s asks you to handle the submission to %s. It is to be answered by %s."),
					    by ? by->name : "", act.department_name, act.due);
		}
		if (notification_create(st, acc.id, NOTIFY_SUBMISSIONS, subject, body, link) > 0)
			told++;
		else
			rc = -1;
	}
	i18n_set_lang(saved);
	arena_free(&a);
	return rc == 0 ? told : -1;
}

enum outcome feedback_remind(struct store *st, const struct account *by, long long id, int *told)
{
	*told = 0;
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct cursor *c = store_query(st,
				       "SELECT s.department_id, CASE WHEN " OPEN_SQL " THEN 1 ELSE 0 END "
				       "FROM submission s WHERE s.id = $1",
				       ARGS(SV_I(id)));
	bool found = cursor_next(c), open = false;
	long long department_id = found ? cursor_int(c, 0) : 0;
	open = found && cursor_int(c, 1) != 0;
	enum outcome rc = cursor_close(c) != 0 ? store_outcome(st) : OUTCOME_OK;
	if (rc == OUTCOME_OK && !found)
		rc = OUTCOME_NOT_FOUND;
	else if (rc == OUTCOME_OK && !account_manages_department(by, department_id))
		rc = OUTCOME_FORBIDDEN;
	else if (rc == OUTCOME_OK && !open)
		rc = OUTCOME_CONFLICT;
	if (rc == OUTCOME_OK) {
		int n = feedback_notify_responsible(st, id, FEEDBACK_NOTICE_REMIND, by);
		char detail[48];
		snprintf(detail, sizeof detail, "{\"recipients\":%d}", n);
		if (n < 0 || audit_record(st, by->id, "submission", id, "remind_now", detail) != 0)
			rc = store_outcome(st);
		else
			*told = n;
	}
	return store_finish(st, rc);
}
