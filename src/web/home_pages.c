/* home_pages: the start page and the accessibility statement the law asks of public web services. */
#include "web/pages.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/figures.h"

void page_home(struct request *r)
{
	long long count = figures_public_organisations(r->store);
	long long open_dialogues = count < 0 ? -1 : figures_open_dialogues(r->store);
	if (open_dialogues < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	page_begin(r, _("Start"));
	html_printf(&r->body,
		    "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n"
		    "<form class=\"search\" method=\"get\" action=\"/organisationer\" role=\"search\">\n"
		    "<label for=\"q\">%s</label>\n<input type=\"search\" id=\"q\" name=\"q\">\n"
		    "<button type=\"submit\">%s</button>\n</form>\n",
		    _("Collaboration with civil society"),
		    _("The municipality works with associations, foundations, faith communities and informal groups. "
		      "Here you find who civil society is, and how to take part."),
		    _("Search the register of organisations"), _("Search"));
	html_printf(&r->body, "<p><a href=\"/organisationer\">%s</a> (%lld)</p>\n", _("Browse all organisations"), count);
	html_printf(&r->body,
		    "<h2>%s</h2>\n<p>%s</p>\n<ul>\n<li><a href=\"/dialoger\">%s</a> (%lld)</li>\n"
		    "<li><a href=\"/synpunkter/ny\">%s</a></li>\n"
		    "<li><a href=\"/statistik/aterkoppling\">%s</a></li>\n</ul>\n",
		    _("Take part"),
		    _("The municipality invites civil society to dialogue, and answers every view and proposal within a "
		      "set number of working days."),
		    _("Open dialogues"), open_dialogues, _("Send a view or proposal"),
		    _("How well we keep our promise to answer"));
	page_end(r);
}

void page_accessibility(struct request *r)
{
	page_begin(r, _("Accessibility statement"));
	html_printf(&r->body,
		    "<h1>%s</h1>\n<p>%s</p>\n<h2>%s</h2>\n<p>%s</p>\n<h2>%s</h2>\n<p>%s</p>\n<h2>%s</h2>\n<p>%s "
		    "<a href=\"https://www.digg.se/tdosanmalan\">%s</a>.</p>\n",
		    _("Accessibility statement"),
		    _("The municipality wants as many people as possible to be able to use this service. This statement "
		      "describes how the service meets the law on accessibility of digital public services, known "
		      "shortcomings, and how to report problems."),
		    _("Compliance"),
		    _("The service is designed to meet WCAG 2.1 level AA. It works without JavaScript, with the keyboard "
		      "alone and with screen readers; every page is tested automatically with axe-core."),
		    _("Report a problem"),
		    _("If something does not work for you, contact the municipality's civil-society coordinator and we "
		      "will answer within two weeks."),
		    _("Supervision"),
		    _("The Agency for Digital Government (DIGG) supervises the law. If you are not satisfied with our "
		      "answer, you can report it to DIGG:"),
		    _("report to DIGG"));
	page_end(r);
}
