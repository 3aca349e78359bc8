/* notification_pages: a person's notifications, their e-mail choices per kind, and the one-click
 * unsubscribe that works without signing in. */
#include "web/pages.h"
#include "web/form.h"
#include "web/view.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/notification.h"
#include <stdio.h>
#include <string.h>

#define PER_PAGE 20

/* Only a path on this site becomes a link or a redirect. */
static bool local_link(const char *link) { return link && link[0] == '/' && link[1] != '/' && link[1] != '\\'; }

/* The body's lines as paragraphs (the way organisation_pages.c prints a description). */
static void body_paragraphs(struct request *r, const char *text)
{
	for (const char *p = text; p && *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		size_t i = 0;
		while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r'))
			i++;
		if (i < len)
			html_printf(&r->body, "<p>%s</p>\n", arena_strndup(&r->arena, p, len));
		p = end ? end + 1 : NULL;
	}
}

/* ---- The list ------------------------------------------------------------------------------ */

/* One notification: its title is a link (it can be opened in a new tab); following it marks the
 * notification read and leads where it points. */
static void notification_item(struct request *r, const struct notification *n)
{
	char when[17];
	notification_local_time(n->created_at, when);
	html_printf(&r->body, "<li class=\"notification%s\">\n<p class=\"title\">", n->unread ? " unread" : "");
	/* "Unread" is visible text, so eyes and screen readers are told alike. */
	if (n->unread)
		html_printf(&r->body, "<span class=\"tag\">%s</span> ", _("Unread"));
	html_printf(&r->body, "<a href=\"/konto/notiser/%lld\">%s</a></p>\n", n->id, n->title);
	body_paragraphs(r, n->body);
	html_printf(&r->body, "<p class=\"hint\">%s · <time datetime=\"%s\">%s</time></p>\n</li>\n",
		    notification_kind_label(n->kind), n->created_at, when);
}

void page_notification_list(struct request *r)
{
	long long total = notification_count(r->store, r->user->id);
	long long unread = notification_unread_count(r->store, r->user->id);
	if (total < 0 || unread < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	int pages = page_count(total, PER_PAGE);
	int page = request_page(r);
	if (page > pages)
		page = pages;
	struct notification *items = arena_alloc(&r->arena, sizeof *items * PER_PAGE);
	int n = notification_list(r->store, &r->arena, r->user->id, (long long)(page - 1) * PER_PAGE, PER_PAGE, items);
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	page_begin(r, _("Notifications"));
	html_printf(&r->body, "<h1>%s</h1>\n", _("Notifications"));
	if (param_get(&r->query, "lasta"))
		view_status(r, _("All notifications are marked as read."));
	if (total == 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("You have no notifications yet."));
	} else {
		char summary[160];
		snprintf(summary, sizeof summary, P_("%lld unread", "%lld unread", unread), unread);
		html_printf(&r->body, "<p>%s", summary);
		if (pages > 1)
			html_printf(&r->body, " · %s %d/%d", _("page"), page, pages);
		html_printf(&r->body, "</p>\n");
		if (unread > 0) {
			form_begin(r, "/konto/notiser/las-alla");
			form_end(r, _("Mark all as read"));
		}
		html_printf(&r->body, "<ol class=\"notifications\">\n");
		for (int i = 0; i < n; i++)
			notification_item(r, &items[i]);
		html_printf(&r->body, "</ol>\n");
		pagination(r, "/konto/notiser", "", page, pages);
	}
	html_printf(&r->body, "<p><a href=\"/konto/aviseringar\">%s</a></p>\n", _("Choose which notifications you get by e-mail"));
	page_end(r);
}

/* The signed-in person's notification `id`: false (answered) when it is not theirs or cannot be read. */
static bool load_own(struct request *r, long long id, struct notification *n)
{
	enum outcome o = id ? notification_load(r->store, &r->arena, r->user->id, id, n) : OUTCOME_NOT_FOUND;
	if (o != OUTCOME_OK)
		respond_outcome(r, o, NULL);
	return o == OUTCOME_OK;
}

/* GET: opens one notification: marks it read and goes where it points, or shows it on its own
 * page when it points nowhere. A GET that changes something: a forged link can at most mark one
 * of the signed-in person's own notifications read, which they see and which loses nothing. */
void page_notification_show(struct request *r)
{
	struct notification n;
	long long id = route_id(r, 0);
	if (!load_own(r, id, &n))
		return;
	if (n.unread && notification_mark_read(r->store, r->user->id, id) < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	if (local_link(n.link)) {
		response_redirect(r, n.link);
		return;
	}
	char when[17];
	notification_local_time(n.created_at, when);
	page_begin(r, n.title);
	html_printf(&r->body, "<p class=\"back\"><a href=\"/konto/notiser\">%s</a></p>\n<h1>%s</h1>\n",
		    _("All notifications"), n.title);
	html_printf(&r->body, "<p class=\"hint\">%s · <time datetime=\"%s\">%s</time>", notification_kind_label(n.kind),
		    n.created_at, when);
	html_printf(&r->body, "</p>\n");
	body_paragraphs(r, n.body);
	page_end(r);
}

/* POST (the button of earlier pages, kept for them): marks it read and goes where it points (or
 * to its page). Another person's is not found. */
void page_notification_open(struct request *r)
{
	struct notification n;
	long long id = route_id(r, 0);
	if (!load_own(r, id, &n))
		return;
	if (notification_mark_read(r->store, r->user->id, id) < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	response_redirect(r, local_link(n.link) ? n.link : arena_printf(&r->arena, "/konto/notiser/%lld", id));
}

void page_notification_read_all(struct request *r)
{
	if (notification_mark_all_read(r->store, r->user->id) < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	response_redirect(r, "/konto/notiser?lasta=1");
}

/* ---- Choices ------------------------------------------------------------------------------- */

static void frequency_options(struct form_option opts[3])
{
	opts[0] = (struct form_option){NOTIFY_IMMEDIATELY, _("Immediately")};
	opts[1] = (struct form_option){NOTIFY_DAILY, _("In a daily summary")};
	opts[2] = (struct form_option){NOTIFY_NEVER, _("Never by e-mail")};
}

/* Submissions to handle arrive only for staff: others are not asked how to hear of them. */
static bool kind_offered(struct request *r, const char *kind)
{
	return strcmp(kind, "submissions") != 0 || request_role_at_least(r, ROLE_OFFICIAL);
}

static void preferences_form(struct request *r, const char *const chosen[], const struct field_errors *e)
{
	struct form_option opts[3];
	frequency_options(opts);
	page_begin(r, _("E-mail notifications"));
	html_printf(&r->body, "<h1>%s</h1>\n", _("E-mail notifications"));
	if (param_get(&r->query, "sparad"))
		view_status(r, _("Your choices are saved."));
	form_error_summary(r, e);
	html_printf(&r->body, "<p class=\"lead\">%s</p>\n",
		    _("Choose for each kind of notification whether we e-mail you at once, once a day in a "
		      "summary, or not at all. Every notification is also in your list of notifications."));
	form_begin(r, "/konto/aviseringar");
	for (int i = 0; i < NOTIFY_KIND_COUNT; i++)
		if (kind_offered(r, notify_kinds[i]))
			form_radios(r, notify_kinds[i], notification_kind_label(notify_kinds[i]),
				    notification_kind_hint(notify_kinds[i]), chosen[i], opts, 3, e);
	form_end(r, _("Save"));
	html_printf(&r->body, "<p><a href=\"/konto/notiser\">%s</a></p>\n", _("My notifications"));
	page_end(r);
}

void page_notification_preferences(struct request *r)
{
	const char *chosen[NOTIFY_KIND_COUNT];
	for (int i = 0; i < NOTIFY_KIND_COUNT; i++)
		chosen[i] = notification_frequency(r->store, r->user->id, notify_kinds[i]);
	preferences_form(r, chosen, NULL);
}

void page_notification_preferences_save(struct request *r)
{
	const char *chosen[NOTIFY_KIND_COUNT];
	struct field_errors e = {0};
	for (int i = 0; i < NOTIFY_KIND_COUNT; i++) {
		chosen[i] = param_get(&r->form, notify_kinds[i]);
		/* A kind the form did not offer (or a page from before it existed) keeps its choice. */
		if (!chosen[i])
			continue;
		/* Only a tampered form sends something else: say so beside the group it is about. */
		if (!notification_frequency_valid(chosen[i]))
			field_error(&e, notify_kinds[i],
				   arena_printf(&r->arena, _("Choose how often to get \"%s\" by e-mail."),
						notification_kind_label(notify_kinds[i])));
	}
	if (e.n) {
		r->status = 422;
		/* What was valid is shown as chosen; the rest as stored, for the person to choose again. */
		for (int i = 0; i < NOTIFY_KIND_COUNT; i++)
			if (!chosen[i])
				chosen[i] = notification_frequency(r->store, r->user->id, notify_kinds[i]);
			else if (!notification_frequency_valid(chosen[i]))
				chosen[i] = NULL;
		preferences_form(r, chosen, &e);
		return;
	}
	if (notification_save_preferences(r->store, r->user->id, chosen, r->user->id) != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	response_redirect(r, "/konto/aviseringar?sparad=1");
}

/* ---- One-click unsubscribe ---------------------------------------------------------------------- */

/* A link that does not work has a page of its own (400) that says what to do instead; a store
 * failure is the general answer. */
static void unsubscribe_refused(struct request *r, enum outcome o)
{
	if (o != OUTCOME_NOT_FOUND) {
		respond_outcome(r, o, NULL);
		return;
	}
	r->status = 400;
	page_message(r, _("The link does not work"),
		     _("This unsubscribe link is not valid. Copy the whole link from the e-mail, or sign in "
		       "and choose your e-mail notifications under My account."));
}

/* What stopping means, for the confirmation: one kind, or the whole daily summary. */
static const char *unsubscribe_what(const char *kind)
{
	return strcmp(kind, NOTIFY_DIGEST) == 0 ? _("the daily summary") : notification_kind_label(kind);
}

/* Whether the unsubscribe link's token is good: false (answered) when not. kind holds 32 bytes. */
static bool unsubscribe_check(struct request *r, const char *token, long long *account_id, char *kind)
{
	enum outcome o = notification_unsubscribe_check(r->store, token, account_id, kind, 32);
	if (o != OUTCOME_OK)
		unsubscribe_refused(r, o);
	return o == OUTCOME_OK;
}

/* GET shows what the link will do and a button: mail scanners follow links, so only the POST
 * changes anything. */
void page_notification_unsubscribe_form(struct request *r)
{
	const char *token = param_get(&r->query, "token");
	long long account_id;
	char kind[32];
	if (!unsubscribe_check(r, token, &account_id, kind))
		return;
	char question[300];
	snprintf(question, sizeof question, _("Stop e-mails about \"%s\"?"), unsubscribe_what(kind));
	page_begin(r, _("Stop e-mails"));
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n", _("Stop e-mails"), question);
	html_printf(&r->body, "<p>%s</p>\n",
		    _("You will still see these notifications in the app when you sign in, and you can choose "
		      "again at any time."));
	form_begin(r, "/konto/aviseringar/avsluta");
	html_printf(&r->body, "<input type=\"hidden\" name=\"token\" value=\"%s\">\n", token);
	form_end(r, _("Stop these e-mails"));
	page_end(r);
}

void page_notification_unsubscribe(struct request *r)
{
	const char *token = param_get(&r->form, "token");
	long long account_id;
	char kind[32];
	if (!unsubscribe_check(r, token, &account_id, kind))
		return;
	if (notification_unsubscribe(r->store, account_id, kind) != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	char done[300];
	snprintf(done, sizeof done, _("You will no longer get e-mails about \"%s\"."), unsubscribe_what(kind));
	page_begin(r, _("E-mails stopped"));
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"notice\" role=\"status\">%s</p>\n", _("E-mails stopped"), done);
	html_printf(&r->body, "<p><a href=\"/konto/aviseringar\">%s</a></p>\n", _("Choose your e-mail notifications"));
	page_end(r);
}
