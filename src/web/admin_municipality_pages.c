/* admin_municipality_pages: /admin/kommun — the municipality's profile (name, number, address,
 * contacts, case numbers, open-data licence, accessibility facts). Coordinators see it;
 * administrators change it. */
#include "web/pages.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/municipality.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/view.h"

#define PATH "/admin/kommun"

/* One row of the read-only view; nothing for an empty value. */
static void fact(struct request *r, const char *label, const char *value)
{
	html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", label, value && *value ? value : "–");
}

static void profile_page(struct request *r, const struct municipality *m, const struct field_errors *e)
{
	bool invalid = e && e->n;
	page_begin(r, invalid ? arena_printf(&r->arena, "%s %s", _("Error:"), _("The municipality"))
			      : _("The municipality"));
	html_printf(&r->body, "<h1>%s</h1>\n", _("The municipality"));
	admin_menu(r);
	if (param_get(&r->query, "sparat") && !invalid)
		view_status(r, _("The municipality's profile has been saved."));
	html_printf(&r->body, "<p>%s</p>\n",
		    _("The site names itself after the municipality in its header, its e-mail and its feeds, and the "
		      "accessibility statement shows the facts below."));
	if (!request_role_at_least(r, ROLE_ADMIN)) {
		html_printf(&r->body, "<dl class=\"facts\">\n");
		fact(r, _("Name"), m->name);
		fact(r, _("Organisation number"), m->org_number);
		fact(r, _("Street address"), m->street);
		fact(r, _("Postcode"), m->postcode);
		fact(r, _("City"), m->city);
		fact(r, _("E-mail"), m->email);
		fact(r, _("Phone"), m->phone);
		fact(r, _("Website"), m->website);
		fact(r, _("Case number prefix"), m->case_prefix);
		fact(r, _("Licence of the open data"), m->licence);
		fact(r, _("Address of the licence"), m->licence_url);
		fact(r, _("Where to report an accessibility problem"), m->a11y_contact);
		fact(r, _("Last review of the accessibility statement"), m->a11y_reviewed);
		fact(r, _("Known accessibility shortcomings"), m->a11y_shortcomings);
		html_printf(&r->body, "</dl>\n<p>%s</p>\n", _("Only administrators can change the profile."));
		page_end(r);
		return;
	}
	form_error_summary(r, e);
	form_begin(r, PATH);
	html_printf(&r->body, "<fieldset>\n<legend>%s</legend>\n", _("The municipality"));
	form_text(r, "name", _("Name"), m->name, _("As the municipality calls itself, like Testby kommun."), e, "text",
		  "organization");
	form_text(r, "org_number", _("Organisation number"), m->org_number, _("Ten digits, like 212000-0142."), e, "text",
		  "off");
	form_text(r, "street", _("Street address"), m->street, NULL, e, "text", "street-address");
	form_text(r, "postcode", _("Postcode"), m->postcode, NULL, e, "text", "postal-code");
	form_text(r, "city", _("City"), m->city, NULL, e, "text", "address-level2");
	form_text(r, "email", _("E-mail"), m->email, NULL, e, "email", "email");
	form_text(r, "phone", _("Phone"), m->phone, NULL, e, "tel", "tel");
	form_text(r, "website", _("Website"), m->website, NULL, e, "text", "url");
	form_text(r, "case_prefix", _("Case number prefix"), m->case_prefix,
		  _("How the municipality's case numbers (diarienummer) begin, like KS."), e, "text", "off");
	html_printf(&r->body, "</fieldset>\n<fieldset>\n<legend>%s</legend>\n", _("Open data"));
	form_text(r, "licence", _("Licence of the open data"), m->licence, _("The default is CC0 1.0."), e, "text", "off");
	form_text(r, "licence_url", _("Address of the licence"), m->licence_url, NULL, e, "text", "off");
	html_printf(&r->body, "</fieldset>\n<fieldset>\n<legend>%s</legend>\n", _("Accessibility statement"));
	form_text(r, "a11y_contact", _("Where to report an accessibility problem"), m->a11y_contact,
		  _("An e-mail address or a web address."), e, "text", "off");
	form_text(r, "a11y_reviewed", _("Last review of the accessibility statement"), m->a11y_reviewed,
		  _("A date written YYYY-MM-DD."), e, "text", "off");
	form_textarea(r, "a11y_shortcomings", _("Known accessibility shortcomings"), m->a11y_shortcomings,
		      _("One per line. Leave empty when none are known."), e);
	html_printf(&r->body, "</fieldset>\n");
	form_end(r, _("Save the profile"));
	page_end(r);
}

void page_admin_municipality(struct request *r)
{
	struct municipality m;
	enum outcome o = municipality_load(r->store, &r->arena, &m);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	profile_page(r, &m, NULL);
}

void page_admin_municipality_save(struct request *r)
{
	struct municipality m = {
		.name = form_value(r, "name"),
		.org_number = form_value(r, "org_number"),
		.street = form_value(r, "street"),
		.postcode = form_value(r, "postcode"),
		.city = form_value(r, "city"),
		.email = form_value(r, "email"),
		.phone = form_value(r, "phone"),
		.website = form_value(r, "website"),
		.case_prefix = form_value(r, "case_prefix"),
		.licence = form_value(r, "licence"),
		.licence_url = form_value(r, "licence_url"),
		.a11y_contact = form_value(r, "a11y_contact"),
		.a11y_reviewed = form_value(r, "a11y_reviewed"),
		.a11y_shortcomings = form_value(r, "a11y_shortcomings"),
	};
	struct field_errors e = {0};
	enum outcome o = municipality_save(r->store, &r->arena, &m, r->user->id, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, PATH "?sparat=1");
	} else if (o == OUTCOME_INVALID) {
		r->status = 422;
		profile_page(r, &m, &e);
	} else {
		respond_outcome(r, o, &e);
	}
}
