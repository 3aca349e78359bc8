/* outbox: queueing of e-mail in the database (delivery is in outbox_deliver_due below). */
#include "domain/outbox.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/smtp.h"
#include "domain/audit.h"
#include "domain/mail_format.h"
#include "domain/municipality.h"
#include "domain/session.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local int enqueued;

int outbox_take_enqueued(void)
{
	int n = enqueued;
	enqueued = 0;
	return n;
}

long long outbox_enqueue(struct store *st, const struct mail *m)
{
	char now[21], token[SESSION_TOKEN_LEN + 1], message_id[128];
	clock_iso(clock_now(), now);
	/* The Message-ID is fixed when the message is queued, so a retry is the same message and a
	 * receiving server can drop a duplicate. */
	session_random_token(token);
	snprintf(message_id, sizeof message_id, "<%s@samverkan>", token);
	long long id = store_int(st,
			 "INSERT INTO outbox (created_at, account_id, to_address, to_name, lang, kind, subject, body_text,"
			 " body_html, message_id, next_attempt_at, forget_after_delivery)"
			 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $1, $11) RETURNING id",
			 ARGS(SV_T(now), m->account_id ? SV_I(m->account_id) : SV_NULLV, SV_T(m->to), SV_TN(m->to_name),
			      SV_T(m->lang && *m->lang ? m->lang : "sv"), SV_T(m->kind ? m->kind : "transactional"),
			      SV_T(m->subject), SV_T(m->text), SV_TN(m->html), SV_T(message_id), SV_I(m->forget ? 1 : 0)),
			 0);
	if (id > 0)
		enqueued++;
	return id > 0 ? id : 0;
}

/* ---- Delivery --------------------------------------------------------------------------------- */

#define DELIVER_MAX 100

/* The wait before the next try after `attempts` tries: base, 2·base, 4·base, … up to 120·base
 * (one hour with the default base of 30 s). */
static long long backoff(int base, int attempts)
{
	long long cap = 120LL * base, d = base;
	for (int i = 1; i < attempts && d < cap; i++)
		d *= 2;
	return d < cap ? d : cap;
}

/* Takes up to max due messages for this node in one transaction; returns how many ids, or -1. */
static int claim(struct store *st, const struct mail_settings *ms, time_t now, long long *ids, int max)
{
	char now_s[21], until_s[21];
	clock_iso(now, now_s);
	clock_iso(now + OUTBOX_CLAIM_SECONDS, until_s);
	/* A claim that ran out belongs to a node that stopped or died: the message is free again. */
	char sql[512];
	snprintf(sql, sizeof sql,
		 "SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1"
		 " AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY next_attempt_at, id LIMIT $2%s",
		 store_lock_rows_clause(st));
	if (store_begin(st) != 0)
		return -1;
	int n = 0;
	struct cursor *c = store_query(st, sql, ARGS(SV_T(now_s), SV_I(max)));
	while (n < max && cursor_next(c))
		ids[n++] = cursor_int(c, 0);
	if (cursor_close(c) != 0)
		goto fail;
	for (int i = 0; i < n; i++)
		if (store_exec(st, "UPDATE outbox SET claimed_by = $1, claimed_until = $2 WHERE id = $3",
			       ARGS(SV_T(ms->node), SV_T(until_s), SV_I(ids[i]))) != 1)
			goto fail;
	if (n == 0) {
		store_rollback(st);
		return 0;
	}
	if (store_commit(st) != 0)
		goto fail;
	return n;
fail:
	store_rollback(st);
	return -1;
}

/* Gives a claimed message back untouched (shutdown before it was tried). */
static void release(struct store *st, const struct mail_settings *ms, long long id)
{
	store_exec(st, "UPDATE outbox SET claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2",
		   ARGS(SV_I(id), SV_T(ms->node)));
}

/* Records the outcome of one try; `result` is SMTP_SENT, SMTP_TEMPORARY or SMTP_PERMANENT. */
static void record(struct store *st, const struct mail_settings *ms, long long id, int attempts,
		   enum smtp_result result, const char *error, time_t now)
{
	char now_s[21], next_s[21];
	clock_iso(now, now_s);
	long long rc;
	bool final = result == SMTP_SENT || result == SMTP_PERMANENT || attempts + 1 >= OUTBOX_MAX_ATTEMPTS;
	/* A message to be forgotten leaves no row once its fate is settled (see struct mail). */
	if (final && (rc = store_exec(st, "DELETE FROM outbox WHERE id = $1 AND claimed_by = $2 AND forget_after_delivery = 1",
				      ARGS(SV_I(id), SV_T(ms->node)))) != 0) {
		if (rc < 0)
			log_error("outbox: could not forget message %lld: %s", id, store_errmsg(st));
		else if (result != SMTP_SENT) /* not the error: it may name the address */
			log_error("outbox: message %lld failed for good after %d tries and was forgotten", id, attempts + 1);
		return;
	}
	if (result == SMTP_SENT) {
		rc = store_exec(st,
				"UPDATE outbox SET status = 'sent', sent_at = $1, attempts = attempts + 1, last_error = NULL,"
				" claimed_by = NULL, claimed_until = NULL WHERE id = $2 AND claimed_by = $3",
				ARGS(SV_T(now_s), SV_I(id), SV_T(ms->node)));
	} else if (result == SMTP_PERMANENT || attempts + 1 >= OUTBOX_MAX_ATTEMPTS) {
		rc = store_exec(st,
				"UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $1,"
				" claimed_by = NULL, claimed_until = NULL WHERE id = $2 AND claimed_by = $3",
				ARGS(SV_T(error), SV_I(id), SV_T(ms->node)));
		log_error("outbox: message %lld failed for good after %d tries: %s", id, attempts + 1, error);
	} else {
		clock_iso(now + backoff(ms->retry_seconds > 0 ? ms->retry_seconds : 30, attempts + 1), next_s);
		rc = store_exec(st,
				"UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_error = $2,"
				" claimed_by = NULL, claimed_until = NULL WHERE id = $3 AND claimed_by = $4",
				ARGS(SV_T(next_s), SV_T(error), SV_I(id), SV_T(ms->node)));
	}
	/* Not marked: the claim runs out and the message is tried again (sent once more, when it was
	 * sent — the documented gap). */
	if (rc != 1)
		log_error("outbox: could not record the outcome for message %lld: %s", id,
			  rc < 0 ? store_errmsg(st) : "the claim was lost");
}

/* Renews the claim and reads the message; false when this node no longer holds it. */
static bool load_claimed(struct store *st, const struct mail_settings *ms, const char *sender, long long id,
			 struct buf *message,
			 char *to, size_t tosz, int *attempts, char *err, size_t errsz, bool *unusable)
{
	char until_s[21];
	clock_iso(clock_now() + OUTBOX_CLAIM_SECONDS, until_s);
	if (store_exec(st, "UPDATE outbox SET claimed_until = $1 WHERE id = $2 AND claimed_by = $3 AND status = 'pending'",
		       ARGS(SV_T(until_s), SV_I(id), SV_T(ms->node))) != 1)
		return false;
	struct cursor *c = store_query(st,
				       "SELECT to_address, to_name, lang, kind, subject, body_text, body_html, message_id,"
				       " attempts FROM outbox WHERE id = $1",
				       ARGS(SV_I(id)));
	bool found = false;
	*unusable = false;
	if (cursor_next(c)) {
		found = true;
		struct mail m = {
			.to = cursor_text(c, 0), .to_name = cursor_text(c, 1), .lang = cursor_text(c, 2),
			.kind = cursor_text(c, 3), .subject = cursor_text(c, 4), .text = cursor_text(c, 5),
			.html = cursor_text(c, 6),
		};
		snprintf(to, tosz, "%s", m.to);
		*attempts = (int)cursor_int(c, 8);
		if (mail_format(message, &m, cursor_text(c, 7), ms->mail_from, sender, ms->base_url, clock_now(), err,
				errsz) != 0)
			*unusable = true;
	}
	return cursor_close(c) == 0 && found;
}

int outbox_deliver_due(struct store *st, const struct mail_settings *ms, int max)
{
	if (!ms || !ms->smtp_url || !*ms->smtp_url)
		return 0;
	/* Without a sender address nothing can go out; like without a server, messages wait. */
	const char *from;
	size_t from_len;
	char from_addr[320];
	if (!ms->mail_from || !smtp_mailbox_address(ms->mail_from, &from, &from_len) || from_len >= sizeof from_addr)
		return 0;
	snprintf(from_addr, sizeof from_addr, "%.*s", (int)from_len, from);
	if (max < 1 || max > DELIVER_MAX)
		max = DELIVER_MAX;
	long long ids[DELIVER_MAX];
	int n = claim(st, ms, clock_now(), ids, max);
	if (n <= 0)
		return n < 0 ? -1 : 0;
	struct smtp_server server = {ms->smtp_url, ms->smtp_user, ms->smtp_password, ms->starttls};
	/* Signed with the municipality's name as it is when the message goes out. */
	struct arena a = ARENA_INIT;
	const char *sender = municipality_name(st, &a);
	int sent = 0;
	for (int i = 0; i < n; i++) {
		if (ms->stop && atomic_load(ms->stop)) {
			release(st, ms, ids[i]);
			continue;
		}
		struct buf message = BUF_INIT;
		char to[320], err[512] = "";
		int attempts = 0;
		bool unusable;
		if (!load_claimed(st, ms, sender, ids[i], &message, to, sizeof to, &attempts, err, sizeof err, &unusable)) {
			buf_free(&message);
			continue;
		}
		enum smtp_result r;
		if (unusable) {
			r = SMTP_PERMANENT; /* e.g. a recipient that is not an address: no retry will help */
		} else {
			/* Outside any transaction: nothing is locked while the server takes its time. */
			r = smtp_send(&server, from_addr, to, message.data, message.len, ms->stop, err, sizeof err);
		}
		buf_free(&message);
		if (r == SMTP_TEMPORARY && ms->stop && atomic_load(ms->stop)) {
			/* Cut off by the shutdown, not refused: the try does not count. */
			release(st, ms, ids[i]);
			continue;
		}
		record(st, ms, ids[i], attempts, r, err, clock_now());
		if (r == SMTP_SENT)
			sent++;
	}
	arena_free(&a);
	return sent;
}

/* ---- For the admin page ------------------------------------------------------------------------ */

static const char *const status_codes[] = {"pending", "sent", "failed"};

const char *outbox_status_code(enum outbox_status s)
{
	return s >= OUTBOX_PENDING && s <= OUTBOX_FAILED ? status_codes[s] : "";
}

bool outbox_status_from_code(const char *code, enum outbox_status *out)
{
	for (int i = OUTBOX_PENDING; i <= OUTBOX_FAILED; i++)
		if (code && strcmp(code, status_codes[i]) == 0) {
			*out = (enum outbox_status)i;
			return true;
		}
	return false;
}

int outbox_count(struct store *st, struct outbox_counts *out)
{
	memset(out, 0, sizeof *out);
	struct cursor *c = store_query(st, "SELECT status, COUNT(*) FROM outbox GROUP BY status", NOARGS);
	while (cursor_next(c)) {
		enum outbox_status s;
		long long n = cursor_int(c, 1);
		if (!outbox_status_from_code(cursor_text(c, 0), &s))
			continue;
		if (s == OUTBOX_PENDING)
			out->pending = n;
		else if (s == OUTBOX_FAILED)
			out->failed = n;
		else
			out->sent = n;
	}
	return cursor_close(c);
}

int outbox_list(struct store *st, struct arena *a, enum outbox_status status, long long offset, int max,
		struct outbox_item *out)
{
	struct cursor *c = store_query(st,
				       "SELECT id, to_address, subject, kind, status, created_at, next_attempt_at, last_error,"
				       " sent_at, attempts FROM outbox WHERE status = $1 ORDER BY next_attempt_at, id"
				       " LIMIT $2 OFFSET $3",
				       ARGS(SV_T(outbox_status_code(status)), SV_I(max), SV_I(offset)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		struct outbox_item *it = &out[n++];
		it->id = cursor_int(c, 0);
		it->to = arena_strdup(a, cursor_text(c, 1));
		it->subject = arena_strdup(a, cursor_text(c, 2));
		it->kind = arena_strdup(a, cursor_text(c, 3));
		outbox_status_from_code(cursor_text(c, 4), &it->status);
		it->created_at = arena_strdup(a, cursor_text(c, 5));
		it->next_attempt_at = arena_strdup(a, cursor_text(c, 6));
		it->last_error = arena_strdup(a, cursor_text(c, 7));
		it->sent_at = arena_strdup(a, cursor_text(c, 8));
		it->attempts = (int)cursor_int(c, 9);
	}
	return cursor_close(c) == 0 ? n : -1;
}

enum outcome outbox_retry(struct store *st, long long id, long long account_id)
{
	char now[21];
	clock_iso(clock_now(), now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	/* last_error stays until the next try replaces it, so the page still says what went wrong. */
	long long n = store_exec(st,
				 "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1,"
				 " claimed_by = NULL, claimed_until = NULL WHERE id = $2 AND status = 'failed'",
				 ARGS(SV_T(now), SV_I(id)));
	if (n < 0 || (n == 1 && audit_record(st, account_id, "outbox", id, "retry", "{}") != 0)) {
		enum outcome o = store_outcome(st);
		store_rollback(st);
		return o;
	}
	if (n == 0) {
		store_rollback(st);
		return OUTCOME_NOT_FOUND;
	}
	return store_commit(st) == 0 ? OUTCOME_OK : store_outcome(st);
}
