/* layout: the page frame shared by every HTML page; accessible by construction (landmarks, skip link, lang). */
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include "web/assets.h"
#include <string.h>

const char *asset_url(const char *name) { return assets_url(name); }

static void nav_link(struct request *r, const char *href, const char *label)
{
	/* aria-current tells screen-reader users where they are; the CSS shows it too. */
	size_t n = strlen(href);
	bool current = strcmp(href, "/") == 0 ? strcmp(r->path, "/") == 0
					      : strncmp(r->path, href, n) == 0 && (r->path[n] == 0 || r->path[n] == '/');
	html_printf(&r->body, "<li><a href=\"%s\"%s>%s</a></li>", href, current ? " aria-current=\"page\"" : "", label);
}

void page_begin(struct request *r, const char *title)
{
	struct buf *b = &r->body;
	r->content_type = "text/html; charset=utf-8";
	const char *other = strcmp(r->lang, "en") == 0 ? "sv" : "en";
	html_printf(b,
		    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		    "<title>%s – %s</title>\n"
		    "<link rel=\"stylesheet\" href=\"%s\">\n"
		    "<link rel=\"icon\" href=\"%s\" type=\"image/svg+xml\">\n"
		    "</head>\n<body>\n"
		    "<a class=\"skip\" href=\"#main\">%s</a>\n"
		    "<header class=\"site\">\n<div class=\"bar\">\n"
		    "<a class=\"brand\" href=\"/\">samverkan</a>\n",
		    r->lang, title, _("Collaboration with civil society"), asset_url("site.css"), asset_url("icon.svg"),
		    _("Skip to main content"));
	/* The language switch names the other language in that language, as users look for it. */
	struct buf next = BUF_INIT;
	url_encode(&next, r->target);
	html_printf(b, "<a class=\"lang\" href=\"/sprak?lang=%s&amp;next=%s\" lang=\"%s\" hreflang=\"%s\">%s</a>\n",
		    other, buf_str(&next), other, other, strcmp(other, "en") == 0 ? "In English" : "På svenska");
	buf_free(&next);
	html_printf(b, "</div>\n<nav aria-label=\"%s\"><ul>\n", _("Main menu"));
	nav_link(r, "/", _("Start"));
	nav_link(r, "/organisationer", _("Organisations"));
	if (r->user && r->user->role >= ROLE_OFFICIAL)
		nav_link(r, "/organisationer/att-bekrafta", _("To be confirmed"));
	if (r->user) {
		nav_link(r, "/konto", _("My account"));
		html_printf(b,
			    "<li><form method=\"post\" action=\"/logga-ut\" class=\"inline\">"
			    "<input type=\"hidden\" name=\"_csrf\" value=\"%s\">"
			    "<button type=\"submit\" class=\"link\">%s</button></form></li>\n",
			    request_csrf_token(r), _("Log out"));
	} else {
		nav_link(r, "/logga-in", _("Log in"));
	}
	html_printf(b, "</ul></nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void page_end(struct request *r)
{
	html_printf(&r->body,
		    "</main>\n<footer class=\"site\">\n<p><a href=\"/tillganglighet\">%s</a> · "
		    "<a href=\"/api/v1/organisations\">%s</a></p>\n"
		    "<p>%s</p>\n</footer>\n</body>\n</html>\n",
		    _("Accessibility statement"), _("Open data (JSON)"),
		    _("samverkan — the municipality's collaboration with civil society"));
}

void page_message(struct request *r, const char *title, const char *text)
{
	buf_reset(&r->body);
	page_begin(r, title);
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/\">%s</a></p>\n", title, text,
		    _("Go to the start page"));
	page_end(r);
}
