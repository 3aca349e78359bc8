/* layout: the page frame shared by every HTML page; accessible by construction (landmarks, skip link, lang). */
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/municipality.h"
#include "domain/notification.h"
#include "web/assets.h"
#include <string.h>

const char *asset_url(const char *name) { return assets_url(name); }

/* The menu entry whose address is the longest prefix of the current path is the current one, so
 * /organisationer/att-bekrafta marks "Details to re-confirm" and not also "Organisations". */
struct nav_item {
	const char *href;
	const char *label;
};

/* The entry that shows how many notifications are unread. */
#define NOTIFICATIONS_HREF "/konto/notiser"

static bool path_under(const char *path, const char *href)
{
	size_t n = strlen(href);
	if (strcmp(href, "/") == 0)
		return strcmp(path, "/") == 0;
	return strncmp(path, href, n) == 0 && (path[n] == 0 || path[n] == '/');
}

static void nav_list(struct request *r, const struct nav_item *items, int n, long long unread)
{
	int current = -1;
	size_t best = 0;
	for (int i = 0; i < n; i++)
		if (path_under(r->path, items[i].href) && strlen(items[i].href) >= best) {
			best = strlen(items[i].href);
			current = i;
		}
	for (int i = 0; i < n; i++) {
		html_printf(&r->body, "<li><a href=\"%s\"", items[i].href);
		/* aria-current tells screen-reader users where they are; the CSS shows it too. */
		if (i == current)
			html_raw(&r->body, " aria-current=\"page\"");
		html_printf(&r->body, ">%s", items[i].label);
		/* "(3)" to the eye, "(3 unread)" to a screen reader. */
		if (unread > 0 && strcmp(items[i].href, NOTIFICATIONS_HREF) == 0)
			html_printf(&r->body, " (%lld<span class=\"visually-hidden\"> %s</span>)", unread,
				    P_("unread", "unread", unread));
		html_printf(&r->body, "</a></li>\n");
	}
}

void page_begin(struct request *r, const char *title)
{
	struct buf *b = &r->body;
	r->content_type = "text/html; charset=utf-8";
	const char *other = strcmp(r->lang, "en") == 0 ? "sv" : "en";
	/* The site is called after its municipality; a database that is away gets no second try. */
	const char *site = store_errcode(r->store) == STORE_UNAVAILABLE ? MUNICIPALITY_FALLBACK_NAME
									 : municipality_name(r->store, &r->arena);
	html_printf(b,
		    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>%s – %s</title>\n"
		    "<link rel=\"stylesheet\" href=\"%s\">\n"
		    "<link rel=\"icon\" href=\"%s\" type=\"image/svg+xml\">\n"
		    "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/dialoger.atom\" title=\"%s\">\n"
		    "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/svar.atom\" title=\"%s\">\n"
		    "</head>\n<body>\n"
		    "<a class=\"skip\" href=\"#main\">%s</a>\n"
		    "<header class=\"site\">\n<div class=\"bar\">\n"
		    "<a class=\"brand\" href=\"/\">%s</a>\n",
		    r->lang, title, site, asset_url("site.css"), asset_url("icon.svg"),
		    _("Dialogues"), _("Answers to views and proposals"), _("Skip to main content"), site);
	/* The language switch names the other language in that language, as users look for it. */
	struct buf next = BUF_INIT;
	url_encode(&next, r->target);
	html_printf(b, "<a class=\"lang\" href=\"/sprak?lang=%s&amp;next=%s\" lang=\"%s\" hreflang=\"%s\">%s</a>\n",
		    other, buf_str(&next), other, other, strcmp(other, "en") == 0 ? "In English" : "På svenska");
	buf_free(&next);
	html_printf(b, "</div>\n<nav aria-label=\"%s\"><ul>\n", _("Main menu"));
	struct nav_item items[12];
	int n = 0;
	/* Signed in, one's own page comes first: it is where signing in leads. */
	if (r->user)
		items[n++] = (struct nav_item){"/min-sida", _("My page")};
	items[n++] = (struct nav_item){"/", _("Start")};
	items[n++] = (struct nav_item){"/organisationer", _("Organisations")};
	items[n++] = (struct nav_item){"/dialoger", _("Dialogues")};
	items[n++] = (struct nav_item){"/samverkansomraden", _("Collaboration areas")};
	if (request_role_at_least(r, ROLE_OFFICIAL))
		items[n++] = (struct nav_item){"/organisationer/att-bekrafta", _("Details to re-confirm")};
	if (request_role_at_least(r, ROLE_OFFICIAL))
		items[n++] = (struct nav_item){"/arbetsko", _("Work queue")};
	/* Everyone reads the adopted action plans; staff find their drafts there too. */
	items[n++] = (struct nav_item){"/handlingsplaner", _("Action plans")};
	/* Coordinators see the administration pages too (only administrators change anything there). */
	if (request_role_at_least(r, ROLE_COORDINATOR))
		items[n++] = (struct nav_item){"/admin", _("Administration")};
	/* One indexed count per page, and only for the signed-in. */
	long long unread = r->user ? notification_unread_count(r->store, r->user->id) : 0;
	if (r->user)
		items[n++] = (struct nav_item){NOTIFICATIONS_HREF, _("Notifications")};
	if (r->user)
		items[n++] = (struct nav_item){"/konto", _("My account")};
	else
		items[n++] = (struct nav_item){"/logga-in", _("Log in")};
	nav_list(r, items, n, unread);
	if (r->user) {
		html_printf(b,
			    "<li><form method=\"post\" action=\"/logga-ut\" class=\"inline\">"
			    "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
			    "<button type=\"submit\" class=\"link\">%s</button></form></li>\n",
			    request_csrf_token(r), _("Log out"));
	}
	html_printf(b, "</ul></nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void page_end(struct request *r)
{
	html_printf(&r->body,
		    "</main>\n<footer class=\"site\">\n<p><a href=\"/tillganglighet\">%s</a> · "
		    "<a href=\"/statistik/aterkoppling\">%s</a> · "
		    "<a href=\"/synpunkter\">%s</a> · "
		    "<a href=\"/api/v1/organisations\">%s</a> · "
		    "<a href=\"/dialoger.atom\">%s</a> · <a href=\"/svar.atom\">%s</a></p>\n"
		    "<p>%s</p>\n</footer>\n</body>\n</html>\n",
		    _("Accessibility statement"), _("How we answer: statistics"), _("Views and proposals"),
		    _("Open data (JSON)"), _("Dialogues (feed)"), _("Answers (feed)"),
		    _("samverkan — the municipality's collaboration with civil society"));
}

void page_message(struct request *r, const char *title, const char *text)
{
	buf_reset(&r->body);
	page_begin(r, title);
	if (r->back_href)
		html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"%s\">%s</a></p>\n", title, text, r->back_href,
			    r->back_label);
	else
		html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/\">%s</a></p>\n", title, text,
			    _("Go to the start page"));
	page_end(r);
}

/* ---- Pagination, shared by every list -------------------------------------------------------- */

static const char *page_href(struct request *r, const char *path, const char *query, int page)
{
	if (page <= 1)
		return *query ? arena_printf(&r->arena, "%s?%s", path, query) : path;
	return arena_printf(&r->arena, "%s?%s%spage=%d", path, query, *query ? "&" : "", page);
}

void table_begin(struct request *r, const char *class, const char *caption, bool caption_hidden, int page,
		 int pages)
{
	int id = ++r->tables;
	html_printf(&r->body,
		    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"table-%d-caption\">\n<table",
		    id);
	if (class)
		html_printf(&r->body, " class=\"%s\"", class);
	html_printf(&r->body, ">\n<caption id=\"table-%d-caption\"", id);
	if (caption_hidden)
		html_printf(&r->body, " class=\"visually-hidden\"");
	html_printf(&r->body, ">%s", caption);
	if (pages > 1)
		html_printf(&r->body, " <span class=\"page-of\">(%s %d/%d)</span>", _("page"), page, pages);
	html_printf(&r->body, "</caption>\n");
}

void table_end(struct request *r)
{
	html_printf(&r->body, "</table>\n</div>\n");
}

void pagination(struct request *r, const char *path, const char *query, int page, int pages)
{
	if (pages <= 1)
		return;
	html_printf(&r->body, "<nav class=\"pagination\" aria-label=\"%s\">\n<ul>\n", _("Pages"));
	if (page > 1)
		html_printf(&r->body, "<li class=\"prev\"><a href=\"%s\" rel=\"prev\">%s</a></li>\n",
			    page_href(r, path, query, page - 1), _("Previous"));
	bool gap = false;
	for (int i = 1; i <= pages; i++) {
		if (i != 1 && i != pages && (i < page - 2 || i > page + 2)) {
			if (!gap)
				html_printf(&r->body, "<li class=\"gap\" aria-hidden=\"true\">…</li>\n");
			gap = true;
			continue;
		}
		gap = false;
		/* The attribute is in the format, not an argument: %s would escape its quotes. */
		html_printf(&r->body,
			    i == page ? "<li><a href=\"%s\" aria-current=\"page\"><span class=\"visually-hidden\">%s </span>%d</a></li>\n"
				      : "<li><a href=\"%s\"><span class=\"visually-hidden\">%s </span>%d</a></li>\n",
			    page_href(r, path, query, i), _("Page"), i);
	}
	if (page < pages)
		html_printf(&r->body, "<li class=\"next\"><a href=\"%s\" rel=\"next\">%s</a></li>\n",
			    page_href(r, path, query, page + 1), _("Next"));
	html_printf(&r->body, "</ul>\n</nav>\n");
}
