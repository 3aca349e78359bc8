/* outbox: queueing of e-mail in the database (delivery is in outbox_deliver_due below). */
#include "domain/outbox.h"
#include "base/clock.h"
#include "domain/session.h"
#include <stdio.h>
#include <string.h>

long long outbox_enqueue(struct store *st, const struct mail *m)
{
	char now[21], token[SESSION_TOKEN_LEN + 1], message_id[128];
	clock_iso(clock_now(), now);
	/* The Message-ID is fixed when the message is queued, so a retry is the same message and a
	 * receiving server can drop a duplicate. */
	session_random_token(token);
	snprintf(message_id, sizeof message_id, "<%s@samverkan>", token);
	return store_int(st,
			 "INSERT INTO outbox (created_at, account_id, to_address, to_name, lang, kind, subject, body_text,"
			 " body_html, message_id, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $1)"
			 " RETURNING id",
			 ARGS(SV_T(now), m->account_id ? SV_I(m->account_id) : SV_NULLV, SV_T(m->to), SV_TN(m->to_name),
			      SV_T(m->lang && *m->lang ? m->lang : "sv"), SV_T(m->kind ? m->kind : "transactional"),
			      SV_T(m->subject), SV_T(m->text), SV_TN(m->html), SV_T(message_id)),
			 0);
}
