/* view: the small pieces of HTML every page family writes the same way (as cgit's ui-shared.c). */
#include "web/view.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include "base/text.h"
#include "domain/notification.h"
#include <string.h>

void view_status(struct request *r, const char *text)
{
	html_printf(&r->body, "<p class=\"notice\" role=\"status\">%s</p>\n", text);
}

void view_paragraphs(struct request *r, const char *text)
{
	const char *p = text;
	while (p && *p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *line = arena_strndup(&r->arena, p, len);
		if (!text_blank(line))
			html_printf(&r->body, "<p>%s</p>\n", line);
		p = end ? end + 1 : NULL;
	}
}

const char *view_summary(struct request *r, const char *text)
{
	if (!text)
		return "";
	size_t n = strlen(text);
	if (n <= VIEW_SUMMARY_BYTES)
		return text;
	size_t cut = VIEW_SUMMARY_BYTES;
	while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80)
		cut--;
	/* Back to the last word break, unless that would lose more than half. */
	size_t word = cut;
	while (word > VIEW_SUMMARY_BYTES / 2 && text[word] != ' ' && text[word] != '\n')
		word--;
	if (word > VIEW_SUMMARY_BYTES / 2)
		cut = word;
	while (cut > 0 && strchr(" \t\r\n,.;:-", text[cut - 1]))
		cut--;
	return arena_printf(&r->arena, "%.*s…", (int)cut, text);
}

void view_day(struct request *r, const char *day, const char *none)
{
	if (!day || strlen(day) < 10)
		html_printf(&r->body, "%s", none);
	else
		html_printf(&r->body, "<time datetime=\"%s\">%s</time>", day, arena_strndup(&r->arena, day, 10));
}

void view_utc_time(struct request *r, const char *iso, const char *none)
{
	if (!iso || !*iso) {
		html_printf(&r->body, "%s", none);
		return;
	}
	if (strlen(iso) < 16) {
		html_printf(&r->body, "%s", iso);
		return;
	}
	html_printf(&r->body, "<time datetime=\"%s\">%s %s</time>", iso, arena_strndup(&r->arena, iso, 10),
		    arena_strndup(&r->arena, iso + 11, 5));
}

void view_local_time(struct request *r, const char *iso, const char *none)
{
	if (!iso || !*iso) {
		html_printf(&r->body, "%s", none);
		return;
	}
	char local[17];
	notification_local_time(iso, local);
	html_printf(&r->body, "<time datetime=\"%s\">%s</time>", iso, local);
}

void view_list_begin(struct request *r, const char *title, const char *paged_title, int page, int pages,
		     const char *lead)
{
	page_begin(r, page > 1 && paged_title ? arena_printf(&r->arena, paged_title, page, pages) : title);
	html_printf(&r->body, "<h1>%s</h1>\n", title);
	if (lead)
		html_printf(&r->body, "<p class=\"lead\">%s</p>\n", lead);
}

void view_filters_grid_begin(struct request *r, const char *label, int chosen, bool searched)
{
	html_printf(&r->body,
		    chosen || searched ? "<details class=\"more-filters\">\n<summary>%s"
				       : "<details class=\"more-filters\" open>\n<summary>%s",
		    label);
	if (chosen)
		html_printf(&r->body, " <span class=\"chosen\">(%s)</span>",
			    arena_printf(&r->arena, P_("%d chosen", "%d chosen", chosen), chosen));
	html_printf(&r->body, "</summary>\n<div class=\"filter-grid\">\n");
}

void view_filters_end(struct request *r, const char *action, const char *submit_label, bool ignored)
{
	html_printf(&r->body,
		    "</div>\n</details>\n<div class=\"actions\"><button type=\"submit\">%s</button>\n"
		    "<a href=\"%s\">%s</a></div>\n</form>\n",
		    submit_label, action, _("Clear filters"));
	if (ignored)
		html_printf(&r->body, "<p class=\"notice warning\" role=\"status\">%s</p>\n",
			    _("A filter in the address was not recognised and has been left out. Choose again in the "
			      "form above."));
}

void view_results_heading(struct request *r, const char *count, int page, int pages)
{
	html_printf(&r->body, "<h2 id=\"results\">%s", count);
	if (pages > 1)
		html_printf(&r->body, " <span class=\"page-of\">(%s %d/%d)</span>", _("page"), page, pages);
	html_printf(&r->body, "</h2>\n");
}

void view_email_link(struct request *r, const char *email, const char *none)
{
	if (!email || text_blank(email)) {
		html_printf(&r->body, "%s", none ? none : "");
		return;
	}
	html_printf(&r->body, "<a href=\"mailto:%s\">%s</a>", email, email);
}

void view_phone_link(struct request *r, const char *phone, const char *none)
{
	if (!phone || text_blank(phone)) {
		html_printf(&r->body, "%s", none ? none : "");
		return;
	}
	/* The address keeps only what a phone dials: a leading + and the digits ("08-123 45 67" is
	 * tel:081234567); the number is shown as typed. */
	size_t n = strlen(phone);
	char *dial = arena_alloc(&r->arena, n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if ((phone[i] >= '0' && phone[i] <= '9') || (phone[i] == '+' && k == 0))
			dial[k++] = phone[i];
	dial[k] = '\0';
	if (k == 0 || (k == 1 && dial[0] == '+'))
		html_printf(&r->body, "%s", phone);
	else
		html_printf(&r->body, "<a href=\"tel:%s\">%s</a>", dial, phone);
}
