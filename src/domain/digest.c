/* digest: once a day, one e-mail per person listing the notifications that waited for it. */
#include "domain/digest.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/log.h"
#include "domain/account.h"
#include "domain/job_run.h"
#include "domain/notification.h"
#include <stdio.h>
#include <string.h>

#define JOB_NAME "digest"

void digest_period(time_t t, char out[11])
{
	t += notification_stockholm_offset(t) - DIGEST_HOUR * 3600;
	clock_date(t, out);
}

struct pending {
	long long id, account_id;
	const char *kind, *title, *body, *link, *created_at;
};

/* Every notification waiting for the digest, grouped by account, oldest first. Read before any
 * mail is written, so no cursor is open while other statements run. */
static int load_pending(struct store *st, struct arena *a, struct pending **out)
{
	int cap = 64, n = 0;
	struct pending *p = arena_alloc(a, sizeof *p * (size_t)cap);
	struct cursor *c = store_query(st,
		"SELECT n.id, n.account_id, n.kind, n.title, n.body, n.link, n.created_at FROM notification n "
		"JOIN account a ON a.id = n.account_id AND a.disabled = 0 "
		"WHERE n.delivery = 'daily' AND n.emailed_at IS NULL ORDER BY n.account_id, n.created_at, n.id",
		NOARGS);
	while (cursor_next(c)) {
		if (n == cap) {
			struct pending *bigger = arena_alloc(a, sizeof *p * (size_t)cap * 2);
			memcpy(bigger, p, sizeof *p * (size_t)cap);
			p = bigger;
			cap *= 2;
		}
		p[n] = (struct pending){
			.id = cursor_int(c, 0),
			.account_id = cursor_int(c, 1),
			.kind = arena_strdup(a, cursor_text(c, 2)),
			.title = arena_strdup(a, cursor_text(c, 3)),
			.body = arena_strdup(a, cursor_text(c, 4) ? cursor_text(c, 4) : ""),
			.link = arena_strdup(a, cursor_text(c, 5)),
			.created_at = arena_strdup(a, cursor_text(c, 6)),
		};
		n++;
	}
	if (cursor_close(c) != 0)
		return -1;
	*out = p;
	return n;
}

/* Appends text with every line indented, so an item's body reads as part of the item. */
static void indented(struct buf *b, const char *text, const char *indent)
{
	const char *line = text;
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		buf_puts(b, indent);
		buf_append(b, line, len);
		buf_putc(b, '\n');
		line += len + (nl ? 1 : 0);
	}
}

/* Queues one person's digest (items[0..n), all theirs) and marks the items mailed. 0 when done
 * or when the account is gone; -1 when the store failed. */
static int send_one(struct store *st, const struct pending *items, int n, const char *now)
{
	struct account acc;
	if (!account_load(st, items[0].account_id, &acc))
		return store_errcode(st) == STORE_OK ? 0 : -1;
	char saved[3];
	snprintf(saved, sizeof saved, "%s", i18n_lang());
	i18n_set_lang(acc.lang);

	/* A digest of one kind is filed under it; one that mixes kinds is the digest. */
	const char *kind = items[0].kind;
	for (int i = 1; i < n; i++)
		if (strcmp(items[i].kind, kind) != 0)
			kind = NOTIFY_DIGEST;

	char subject[200];
	snprintf(subject, sizeof subject,
		 P_("Your daily summary: %d notification", "Your daily summary: %d notifications", n), n);
	struct buf text = BUF_INIT;
	buf_printf(&text, _("Hello %s,"), acc.name);
	buf_printf(&text, "\n\n%s\n\n", _("Here is what has happened since your last summary."));
	for (int i = 0; i < n; i++) {
		char when[17];
		notification_local_time(items[i].created_at, when);
		buf_printf(&text, "* %s\n  %s, %s\n", items[i].title, notification_kind_label(items[i].kind), when);
		if (*items[i].body)
			indented(&text, items[i].body, "  ");
		if (items[i].link && *items[i].link)
			buf_printf(&text, "  %s%s\n", notification_base_url(), items[i].link);
		buf_putc(&text, '\n');
	}
	buf_printf(&text, "%s\n%s/konto/notiser\n", _("All your notifications:"), notification_base_url());
	int rc = notification_mail_footer(st, &text, acc.id, NOTIFY_DIGEST);
	if (rc == 0) {
		struct mail m = {
			.account_id = acc.id,
			.to = acc.email,
			.to_name = acc.name,
			.lang = i18n_lang(),
			.kind = kind,
			.subject = subject,
			.text = buf_str(&text),
			.html = NULL,
		};
		rc = outbox_enqueue(st, &m) > 0 ? 0 : -1;
	}
	/* Mark exactly the rows in the message, by id: one that arrived meanwhile waits for the next
	 * digest rather than being marked without having been sent. */
	for (int i = 0; rc == 0 && i < n; i++)
		if (store_exec(st, "UPDATE notification SET emailed_at = $1 WHERE id = $2 AND emailed_at IS NULL",
			       ARGS(SV_T(now), SV_I(items[i].id))) != 1)
			rc = -1;
	buf_free(&text);
	i18n_set_lang(saved);
	return rc;
}

int digest_send_due(struct store *st, time_t now, bool *ran)
{
	char period[11], at[21];
	digest_period(now, period);
	clock_iso(now, at);
	*ran = false;
	int claimed = job_run_claim(st, JOB_NAME, period, now);
	if (claimed <= 0)
		return claimed;
	struct arena a = ARENA_INIT;
	struct pending *p = NULL;
	int n = load_pending(st, &a, &p), sent = 0, rc = n < 0 ? -1 : 0;
	for (int i = 0; rc == 0 && i < n;) {
		int j = i + 1;
		while (j < n && p[j].account_id == p[i].account_id)
			j++;
		rc = send_one(st, p + i, j - i, at);
		if (rc == 0)
			sent++;
		i = j;
	}
	arena_free(&a);
	if (rc != 0 || store_commit(st) != 0) {
		store_rollback(st);
		return -1;
	}
	*ran = true;
	return sent;
}

void digest_job(struct store *st, const struct mail_settings *ms)
{
	(void)ms;
	bool ran = false;
	int n = digest_send_due(st, clock_now(), &ran);
	if (n < 0)
		log_error("daily digest: %s", store_errmsg(st));
	else if (ran)
		log_info("daily digest: %d message%s queued", n, n == 1 ? "" : "s");
}
