/* home_pages: the start page and the accessibility statement the law asks of public web services. */
#include "web/pages.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/figures.h"
#include "domain/municipality.h"
#include "web/view.h"
#include <string.h>

/* One item of the checklist: done or not, said in words to a screen reader too. */
static void setup_item(struct request *r, bool done, const char *href, const char *label, const char *how)
{
	html_printf(&r->body, "<li class=\"%s\"><span aria-hidden=\"true\">%s</span> "
			      "<span class=\"visually-hidden\">%s: </span>",
		    done ? "done" : "todo", done ? "✓" : "○", done ? _("Done") : _("To do"));
	if (href)
		html_printf(&r->body, "<a href=\"%s\">%s</a>", href, label);
	else
		html_printf(&r->body, "%s", label);
	if (how)
		html_printf(&r->body, " – %s", how);
	html_printf(&r->body, "</li>\n");
}

/* "Kom igång": what a new installation still lacks, for its administrators, until all is done.
 * False when the store failed. */
static bool setup_checklist(struct request *r)
{
	struct figures_setup f;
	if (figures_setup(r->store, &f) != 0)
		return false;
	const char *name = municipality_name(r->store, &r->arena);
	bool named = strcmp(name, MUNICIPALITY_FALLBACK_NAME) != 0;
	if (named && f.departments > 0 && f.districts > 0 && f.organisations > 0 && f.staff > 0)
		return true;
	html_printf(&r->body, "<section class=\"setup\" aria-labelledby=\"setup\">\n<h2 id=\"setup\">%s</h2>\n<p>%s</p>\n<ul>\n",
		    _("Get started"),
		    _("A few things to set up before the municipality can start working here. This list goes away "
		      "when everything is done."));
	setup_item(r, named, "/admin/kommun", _("Fill in the municipality's profile"), NULL);
	setup_item(r, f.departments > 0, "/admin/forvaltningar", _("Create committees and departments"), NULL);
	setup_item(r, f.districts > 0, "/admin/omraden", _("Create districts"), NULL);
	setup_item(r, f.organisations > 0, NULL, _("Import the register of organisations"),
		   _("on the server, run: samverkan import organisations FILE (a CSV or Excel file)"));
	setup_item(r, f.staff > 0, "/admin/konton/bjud-in", _("Invite officials and coordinators"), NULL);
	html_printf(&r->body, "</ul>\n</section>\n");
	return true;
}

void page_home(struct request *r)
{
	long long count = figures_public_organisations(r->store);
	long long open_dialogues = count < 0 ? -1 : figures_open_dialogues(r->store);
	if (open_dialogues < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	page_begin(r, _("Start"));
	html_printf(&r->body, "<h1>%s</h1>\n", _("Collaboration with civil society"));
	if (request_role_at_least(r, ROLE_ADMIN) && !setup_checklist(r)) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	html_printf(&r->body,
		    "<p class=\"lead\">%s</p>\n"
		    "<form class=\"search\" method=\"get\" action=\"/organisationer\" role=\"search\">\n"
		    "<label for=\"q\">%s</label>\n<input type=\"search\" id=\"q\" name=\"q\">\n"
		    "<button type=\"submit\">%s</button>\n</form>\n",
		    _("The municipality works with associations, foundations, faith communities and informal groups. "
		      "Here you find who civil society is, and how to take part."),
		    _("Search the register of organisations"), _("Search"));
	html_printf(&r->body, "<p><a href=\"/organisationer\">%s</a> (%lld)</p>\n", _("Browse all organisations"), count);
	html_printf(&r->body,
		    "<h2>%s</h2>\n<p>%s</p>\n<ul>\n<li><a href=\"/dialoger?state=open\">%s</a> (%lld)</li>\n"
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
	struct municipality m;
	enum outcome o = municipality_load(r->store, &r->arena, &m);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	page_begin(r, _("Accessibility statement"));
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n", _("Accessibility statement"),
		    *m.name ? arena_printf(&r->arena,
					   _("%s wants as many people as possible to be able to use this service. This "
					     "statement describes how the service meets the law on accessibility of digital "
					     "public services, known shortcomings, and how to report problems."),
					   m.name)
			    : _("The municipality wants as many people as possible to be able to use this service. This "
				"statement describes how the service meets the law on accessibility of digital public "
				"services, known shortcomings, and how to report problems."));
	html_printf(&r->body, "<h2>%s</h2>\n<p>%s</p>\n", _("Compliance"),
		    _("The service is designed to meet WCAG 2.1 level AA. It works without JavaScript, with the keyboard "
		      "alone and with screen readers; every page is tested automatically with axe-core."));
	html_printf(&r->body, "<h2>%s</h2>\n", _("Known shortcomings"));
	if (*m.a11y_shortcomings)
		view_paragraphs(r, m.a11y_shortcomings);
	else
		html_printf(&r->body, "<p>%s</p>\n", _("We know of no shortcomings at present."));
	html_printf(&r->body, "<h2>%s</h2>\n", _("Report a problem"));
	const char *href = municipality_report_href(&r->arena, &m);
	if (href)
		html_printf(&r->body, "<p>%s <a href=\"%s\">%s</a>.</p>\n",
			    _("If something does not work for you, tell us and we will answer within two weeks:"), href,
			    m.a11y_contact);
	else
		html_printf(&r->body, "<p>%s</p>\n",
			    _("If something does not work for you, contact the municipality's civil-society coordinator "
			      "and we will answer within two weeks."));
	html_printf(&r->body, "<h2>%s</h2>\n<p>%s <a href=\"https://www.digg.se/tdosanmalan\">%s</a>.</p>\n",
		    _("Supervision"),
		    _("The Agency for Digital Government (DIGG) supervises the law. If you are not satisfied with our "
		      "answer, you can report it to DIGG:"),
		    _("report to DIGG"));
	if (*m.a11y_reviewed) {
		html_printf(&r->body, "<h2>%s</h2>\n<p>%s ", _("About this statement"), _("The statement was last reviewed on"));
		view_day(r, m.a11y_reviewed, "");
		html_printf(&r->body, ".</p>\n");
	}
	page_end(r);
}
