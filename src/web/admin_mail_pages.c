/* admin_mail_pages: the outbox as administrators see it — how many messages wait, failed or
 * went out, which failed or wait and why, and a way to try a failed one again. */
#include "web/pages.h"
#include "web/form.h"
#include "web/jobs.h"
#include "web/layout.h"
#include "web/view.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/outbox.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAIL_PER_PAGE 25

static void list(struct request *r, enum outbox_status status, long long total)
{
	bool failed = outbox_is_failed(status);
	int pages = page_count(total, MAIL_PER_PAGE);
	int page = request_page(r);
	if (page > pages)
		page = pages;
	struct outbox_item *items = arena_alloc(&r->arena, sizeof *items * MAIL_PER_PAGE);
	int n = outbox_list(r->store, &r->arena, status, (long long)(page - 1) * MAIL_PER_PAGE, MAIL_PER_PAGE, items);
	if (n < 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("The messages could not be read just now."));
		return;
	}
	if (n == 0) {
		html_printf(&r->body, "<p>%s</p>\n", failed ? _("No message has failed.") : _("No message is waiting."));
		return;
	}
	table_begin(r, NULL,
		    pages > 1 ? arena_printf(&r->arena, failed ? _("Failed messages, page %d of %d")
							      : _("Waiting messages, page %d of %d"),
					     page, pages)
			      : failed ? _("Failed messages") : _("Waiting messages"),
		    false, 1, 1);
	html_printf(&r->body,
		    "<thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Recipient"), _("Subject"), _("Tries"), _("Last error"), failed ? _("Queued") : _("Next try"),
		    failed ? _("Action") : _("Queued"));
	for (int i = 0; i < n; i++) {
		struct outbox_item *it = &items[i];
		html_printf(&r->body,
			    "<tr><th scope=\"row\">%s</th><td data-label=\"%s\">%s</td><td class=\"number\" data-label=\"%s\">%d</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">",
			    it->to, _("Subject"), it->subject, _("Tries"), it->attempts, _("Last error"),
			    it->last_error ? it->last_error : "–", failed ? _("Queued") : _("Next try"));
		view_utc_time(r, failed ? it->created_at : it->next_attempt_at, "–");
		html_printf(&r->body, "</td><td data-label=\"%s\">", failed ? _("Action") : _("Queued"));
		if (failed) {
			form_begin(r, arena_printf(&r->arena, "/admin/utskick/%lld/forsok-igen", it->id));
			/* Every row has this button: the hidden words say which message it is for. */
			html_printf(&r->body,
				    "<button type=\"submit\">%s<span class=\"visually-hidden\"> – %s, %s</span></button>\n"
				    "</form>\n",
				    _("Try again"), it->subject, it->to);
		} else {
			view_utc_time(r, it->created_at, "–");
		}
		html_printf(&r->body, "</td></tr>\n");
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
	pagination(r, "/admin/utskick", failed ? "status=failed" : "status=pending", page, pages);
}

void page_admin_mail(struct request *r)
{
	struct outbox_counts counts;
	if (outbox_count(r->store, &counts) != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	/* Failed messages need someone; they come first unless there are none. */
	enum outbox_status status;
	if (!outbox_status_from_code(param_get(&r->query, "status"), &status) || status == OUTBOX_SENT)
		status = counts.failed > 0 || counts.pending == 0 ? OUTBOX_FAILED : OUTBOX_PENDING;

	page_begin(r, _("Outgoing e-mail"));
	html_printf(&r->body, "<h1>%s</h1>\n", _("Outgoing e-mail"));
	html_printf(&r->body, "<p><a href=\"/admin\">%s</a></p>\n", _("Back to the administration"));
	const char *done = param_get(&r->query, "sparat");
	if (done && strcmp(done, "1") == 0)
		view_status(r, _("The message is waiting again and will be sent shortly."));
	html_printf(&r->body, "<p class=\"lead\">%s</p>\n",
		    _("Every e-mail is first saved here and then sent. When the mail server cannot take a message, it "
		      "is tried again later, each time after a longer wait; when the server refuses it for good, or "
		      "after many tries, it is marked as failed and waits for you."));
	table_begin(r, NULL, _("Messages by status"), false, 1, 1);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\" class=\"number\">%s</th></tr></thead>\n<tbody>\n"
		    "<tr><th scope=\"row\">%s</th><td class=\"number\">%lld</td></tr>\n"
		    "<tr><th scope=\"row\">%s</th><td class=\"number\">%lld</td></tr>\n"
		    "<tr><th scope=\"row\">%s</th><td class=\"number\">%lld</td></tr>\n</tbody>\n",
		    _("Status"), _("Messages"), _("Waiting to be sent"), counts.pending,
		    _("Failed"), counts.failed, _("Sent"), counts.sent);
	table_end(r);

	bool failed = outbox_is_failed(status);
	html_printf(&r->body, "<nav class=\"subnav\" aria-label=\"%s\"><ul>\n", _("Which messages"));
	html_printf(&r->body,
		    failed ? "<li><a href=\"/admin/utskick?status=failed\" aria-current=\"page\">%s (%lld)</a></li>\n"
			   : "<li><a href=\"/admin/utskick?status=failed\">%s (%lld)</a></li>\n",
		    _("Failed"), counts.failed);
	html_printf(&r->body,
		    !failed ? "<li><a href=\"/admin/utskick?status=pending\" aria-current=\"page\">%s (%lld)</a></li>\n"
			    : "<li><a href=\"/admin/utskick?status=pending\">%s (%lld)</a></li>\n",
		    _("Waiting"), counts.pending);
	html_printf(&r->body, "</ul></nav>\n");
	html_printf(&r->body, "<h2>%s</h2>\n", failed ? _("Failed messages") : _("Waiting messages"));
	list(r, status, failed ? counts.failed : counts.pending);
	page_end(r);
}

void page_admin_mail_retry(struct request *r)
{
	long long id = route_id(r, 0);
	enum outcome o = id > 0 ? outbox_retry(r->store, id, r->user->id) : OUTCOME_NOT_FOUND;
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	jobs_wake();
	response_redirect(r, "/admin/utskick?status=failed&sparat=1");
}
