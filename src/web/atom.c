/* atom: Atom 1.0 feeds — one shape for every feed, absolute links from the configured base URL. */
#include "web/atom.h"
#include "base/clock.h"
#include "base/html.h"
#include "domain/municipality.h"
#include "domain/notification.h"

void atom_begin(struct request *r, const char *self_path, const char *alternate_path, const char *title,
		const char *updated)
{
	char now[21];
	if (!updated || !*updated) {
		clock_iso(clock_now(), now);
		updated = now;
	}
	const char *base = notification_base_url();
	/* A reader lists feeds by title: each says whose it is. */
	const char *site = municipality_name(r->store, &r->arena);
	r->content_type = "application/atom+xml; charset=utf-8";
	html_printf(&r->body,
		    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
		    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"%s\">\n"
		    "<id>%s%s</id>\n<title>%s – %s</title>\n<updated>%s</updated>\n"
		    "<link rel=\"self\" type=\"application/atom+xml\" href=\"%s%s\"/>\n"
		    "<link rel=\"alternate\" type=\"text/html\" href=\"%s%s\"/>\n"
		    "<author><name>%s</name></author>\n",
		    r->lang, base, self_path, title, site, updated, base, self_path, base, alternate_path, site);
}

void atom_entry(struct request *r, const char *link_path, const char *title, const char *updated,
		const char *published, const char *summary, const char *author)
{
	const char *base = notification_base_url();
	html_printf(&r->body, "<entry>\n<id>%s%s</id>\n<title>%s</title>\n<updated>%s</updated>\n", base, link_path,
		    title, updated);
	if (published && *published)
		html_printf(&r->body, "<published>%s</published>\n", published);
	html_printf(&r->body, "<link rel=\"alternate\" type=\"text/html\" href=\"%s%s\"/>\n", base, link_path);
	if (author && *author)
		html_printf(&r->body, "<author><name>%s</name></author>\n", author);
	if (summary && *summary)
		html_printf(&r->body, "<summary type=\"text\">%s</summary>\n", summary);
	html_printf(&r->body, "</entry>\n");
}

void atom_end(struct request *r) { html_printf(&r->body, "</feed>\n"); }
