/* admin_unit_pages: the municipality's own lists — committees, departments, districts and the
 * aliases of the classification lists — as the administration keeps them. Coordinators look;
 * administrators create, rename, retire and merge (a merge is confirmed on a page that says what
 * will move). */
#include "web/pages.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/view.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/department.h"
#include "domain/district.h"
#include "domain/taxonomy.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNITS_MAX 500
#define ALIASES_MAX 1000
#define TERMS_MAX 128

static bool is_admin(struct request *r) { return request_role_at_least(r, ROLE_ADMIN); }

/* The notice after a change that redirected here (?sparat=…). */
static void saved_notice(struct request *r)
{
	static const struct {
		const char *key, *text;
	} notices[] = {
		{"ny", N_("Added.")},
		{"andrad", N_("The changes have been saved.")},
		{"avvecklad", N_("Retired: it is kept for history, but no longer offered for new work.")},
		{"aterupptagen", N_("Taken into use again.")},
		{"sammanslagen", N_("Merged: everything it had now belongs to the other one.")},
		{"borttaget", N_("The alias has been removed.")},
	};
	const char *saved = param_get(&r->query, "sparat");
	for (size_t i = 0; saved && i < sizeof notices / sizeof notices[0]; i++)
		if (strcmp(saved, notices[i].key) == 0)
			view_status(r, _(notices[i].text));
}

static const char *status_label(bool retired) { return retired ? _("Retired") : _("In use"); }

/* The page's start: title (with "Error:" when the form has errors), heading, menu, notices. */
static void unit_page_begin(struct request *r, const char *title, const char *back_href, const char *back_label,
			    const struct field_errors *e)
{
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), title) : title);
	if (back_href)
		html_printf(&r->body, "<p class=\"back\"><a href=\"%s\">%s</a></p>\n", back_href, back_label);
	html_printf(&r->body, "<h1>%s</h1>\n", title);
	if (!back_href)
		admin_menu(r);
	saved_notice(r);
	form_error_summary(r, e);
}

/* After a refused change: 422 for a field to correct, 409 for a change not possible now (the
 * page again either way, with what was typed); anything else is the general answer. False when
 * the response is already made. */
static bool refused_again(struct request *r, enum outcome o, const struct field_errors *e)
{
	if (o != OUTCOME_INVALID && o != OUTCOME_CONFLICT) {
		respond_outcome(r, o, e);
		return false;
	}
	r->status = o == OUTCOME_CONFLICT ? 409 : 422;
	return true;
}

/* A retire or restore form: one button, the words saying what it does. */
static void retire_form(struct request *r, const char *base, bool retired, const char *explain)
{
	html_printf(&r->body, "<h2>%s</h2>\n<p>%s</p>\n", retired ? _("Take into use again") : _("Retire"), explain);
	form_begin(r, arena_printf(&r->arena, "%s/%s", base, retired ? "ateruppta" : "avveckla"));
	form_end(r, retired ? _("Take into use again") : _("Retire"));
}

/* ---- Committees ------------------------------------------------------------------------------ */

struct committee_form {
	const char *code, *name;
};

static void committees_page(struct request *r, const struct committee_form *f, const struct field_errors *e)
{
	struct committee *cs = arena_alloc(&r->arena, sizeof *cs * UNITS_MAX);
	int n = committee_list(r->store, &r->arena, cs, UNITS_MAX);
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	unit_page_begin(r, _("Committees"), NULL, NULL, e);
	html_printf(&r->body, "<p class=\"lead\">%s</p>\n",
		    _("The municipality's committees (nämnder). Each department belongs to one. A committee that is "
		      "retired or merged is kept for history."));
	if (n == 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("There are no committees yet."));
	} else {
		table_begin(r, NULL, _("Committees"), true, 1, 1);
		html_printf(&r->body,
			    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    _("Name"), _("Code"), _("Departments"), _("Status"));
		for (int i = 0; i < n; i++)
			html_printf(&r->body,
				    "<tr><th scope=\"row\"><a href=\"/admin/namnder/%lld\">%s</a></th><td data-label=\"%s\"><code>%s</code></td>"
				    "<td class=\"number\" data-label=\"%s\">%lld</td><td data-label=\"%s\">%s</td></tr>\n",
				    cs[i].id, cs[i].name, _("Code"), cs[i].code, _("Departments"), cs[i].departments, _("Status"),
				    status_label(cs[i].retired));
		html_printf(&r->body, "</tbody>\n");
		table_end(r);
	}
	if (is_admin(r)) {
		html_printf(&r->body, "<h2>%s</h2>\n", _("New committee"));
		form_begin(r, "/admin/namnder");
		form_text(r, "name", _("Name"), f->name, _("For example Kultur- och fritidsnämnden."), e, "text", "off");
		form_text(r, "code", _("Code"), f->code,
			  _("Short and unique: letters a–z or A–Z, digits and '-', for example kfn."), e, "text", "off");
		form_end(r, _("Add the committee"));
	}
	page_end(r);
}

void page_admin_committees(struct request *r)
{
	struct committee_form f = {"", ""};
	committees_page(r, &f, NULL);
}

void page_admin_committee_create(struct request *r)
{
	struct committee_form f = {form_value(r, "code"), form_value(r, "name")};
	struct field_errors e = {0};
	long long id = 0;
	enum outcome o = committee_save(r->store, &r->arena, 0, &f.code, &f.name, r->user->id, &id, &e);
	if (o == OUTCOME_OK)
		response_redirect(r, "/admin/namnder?sparat=ny");
	else if (refused_again(r, o, &e))
		committees_page(r, &f, &e);
}

static void committee_page(struct request *r, const struct committee *c, const struct committee_form *f,
			   const char *into, const struct field_errors *e)
{
	unit_page_begin(r, c->name, "/admin/namnder", _("All committees"), e);
	html_printf(&r->body, "<dl class=\"details\">\n<dt>%s</dt><dd><code>%s</code></dd>\n<dt>%s</dt><dd>%lld</dd>\n"
			      "<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		    _("Code"), c->code, _("Departments"), c->departments, _("Status"), status_label(c->retired));
	html_printf(&r->body, "<p><a href=\"/admin/logg?entity=committee&amp;entity_id=%lld\">%s</a></p>\n", c->id,
		    _("Changes to this committee"));
	if (!is_admin(r)) {
		page_end(r);
		return;
	}
	const char *base = arena_printf(&r->arena, "/admin/namnder/%lld", c->id);
	html_printf(&r->body, "<h2>%s</h2>\n", _("Name and code"));
	form_begin(r, base);
	form_text(r, "name", _("Name"), f->name, NULL, e, "text", "off");
	form_text(r, "code", _("Code"), f->code, _("Letters a–z or A–Z, digits and '-'."), e, "text", "off");
	form_end(r, _("Save"));

	struct committee *cs = arena_alloc(&r->arena, sizeof *cs * UNITS_MAX);
	int n = committee_list_open(r->store, &r->arena, cs, UNITS_MAX);
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(n > 0 ? n : 1));
	int nopts = 0;
	for (int i = 0; i < n; i++)
		if (cs[i].id != c->id)
			opts[nopts++] = (struct form_option){arena_printf(&r->arena, "%lld", cs[i].id), cs[i].name};
	if (nopts) {
		html_printf(&r->body, "<h2>%s</h2>\n<p>%s</p>\n", _("Merge into another committee"),
			    _("Every department of this committee moves to the committee you choose, and this one is "
			      "retired. You will be asked to confirm."));
		form_begin(r, arena_printf(&r->arena, "%s/sla-ihop", base));
		form_select(r, "into", _("Merge into"), into, opts, nopts, e, true);
		form_end(r, _("Continue"));
	}
	retire_form(r, base, c->retired,
		    c->retired ? _("The committee can be chosen for departments again.")
			       : _("A retired committee is kept for history, but not offered for departments."));
	page_end(r);
}

/* The committee of the route, or a response made (404, 503). */
static bool committee_of_route(struct request *r, struct committee *c)
{
	enum outcome o = committee_load(r->store, &r->arena, route_id(r, 0), c);
	if (o != OUTCOME_OK)
		respond_outcome(r, o, NULL);
	return o == OUTCOME_OK;
}

void page_admin_committee(struct request *r)
{
	struct committee c;
	if (!committee_of_route(r, &c))
		return;
	struct committee_form f = {c.code, c.name};
	committee_page(r, &c, &f, "", NULL);
}

void page_admin_committee_update(struct request *r)
{
	struct committee c;
	if (!committee_of_route(r, &c))
		return;
	struct committee_form f = {form_value(r, "code"), form_value(r, "name")};
	struct field_errors e = {0};
	request_back(r, arena_printf(&r->arena, "/admin/namnder/%lld", c.id), c.name);
	enum outcome o = committee_save(r->store, &r->arena, c.id, &f.code, &f.name, r->user->id, NULL, &e);
	if (o == OUTCOME_OK)
		response_redirect(r, arena_printf(&r->arena, "/admin/namnder/%lld?sparat=andrad", c.id));
	else if (refused_again(r, o, &e))
		committee_page(r, &c, &f, "", &e);
}

static void committee_retire(struct request *r, bool retired)
{
	struct committee c;
	if (!committee_of_route(r, &c))
		return;
	struct field_errors e = {0};
	request_back(r, arena_printf(&r->arena, "/admin/namnder/%lld", c.id), c.name);
	enum outcome o = committee_set_retired(r->store, c.id, retired, r->user->id, &e);
	if (o != OUTCOME_OK)
		respond_outcome(r, o, &e);
	else
		response_redirect(r, arena_printf(&r->arena, "/admin/namnder/%lld?sparat=%s", c.id,
						  retired ? "avvecklad" : "aterupptagen"));
}

void page_admin_committee_retire(struct request *r) { committee_retire(r, true); }
void page_admin_committee_restore(struct request *r) { committee_retire(r, false); }

/* The confirmation step of a merge: what will move, and the button that does it. */
static void merge_confirm(struct request *r, const char *title, const char *what, const char *back, long long into)
{
	page_begin(r, title);
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n<p>%s</p>\n", title, what,
		    _("This cannot be undone from here. The audit log records what moved."));
	form_begin(r, arena_printf(&r->arena, "%s/sla-ihop", back));
	html_printf(&r->body, "<input type=\"hidden\" name=\"into\" value=\"%lld\">\n"
			      "<input type=\"hidden\" name=\"confirm\" value=\"1\">\n",
		    into);
	html_printf(&r->body, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"%s\">%s</a></div>\n</form>\n",
		    _("Merge"), back, _("Cancel"));
	page_end(r);
}

void page_admin_committee_merge(struct request *r)
{
	struct committee c, into;
	if (!committee_of_route(r, &c))
		return;
	const char *into_s = form_value(r, "into");
	long long into_id = id_param(into_s);
	struct field_errors e = {0};
	request_back(r, arena_printf(&r->arena, "/admin/namnder/%lld", c.id), c.name);
	if (strcmp(form_value(r, "confirm"), "1") != 0) {
		enum outcome o = into_id && into_id != c.id ? committee_load(r->store, &r->arena, into_id, &into)
							    : OUTCOME_NOT_FOUND;
		if (o == OUTCOME_OK && !into.retired) {
			char what[600];
			snprintf(what, sizeof what,
				 P_("%lld department moves from %s to %s, and %s is retired.",
				    "%lld departments move from %s to %s, and %s is retired.", c.departments),
				 c.departments, c.name, into.name, c.name);
			merge_confirm(r, arena_printf(&r->arena, _("Merge %s into %s?"), c.name, into.name), what,
				      arena_printf(&r->arena, "/admin/namnder/%lld", c.id), into_id);
			return;
		}
		if (o != OUTCOME_OK && o != OUTCOME_NOT_FOUND) {
			respond_outcome(r, o, NULL);
			return;
		}
		field_error(&e, "into", _("Choose another committee that is in use to merge into."));
		r->status = 422;
		struct committee_form f = {c.code, c.name};
		committee_page(r, &c, &f, into_s, &e);
		return;
	}
	enum outcome o = committee_merge(r->store, c.id, into_id, r->user->id, NULL, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/admin/namnder/%lld?sparat=sammanslagen", into_id));
	} else if (refused_again(r, o, &e)) {
		struct committee_form f = {c.code, c.name};
		committee_page(r, &c, &f, into_s, &e);
	}
}

/* ---- Departments ----------------------------------------------------------------------------- */

struct department_form {
	const char *code, *name, *committee_id, *contact_email;
};

static void department_fields(struct request *r, const struct department_form *f, long long current_committee,
			      const struct field_errors *e)
{
	form_text(r, "name", _("Name"), f->name, _("For example Kultur- och fritidsförvaltningen."), e, "text", "off");
	form_text(r, "code", _("Code"), f->code,
		  _("Short and unique: letters a–z or A–Z, digits and '-', for example kultur-fritid. Used by "
		    "the command line and in addresses."),
		  e, "text", "off");
	struct committee *cs = arena_alloc(&r->arena, sizeof *cs * UNITS_MAX);
	int n = committee_list(r->store, &r->arena, cs, UNITS_MAX);
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(n > 0 ? n + 1 : 1));
	int nopts = 0;
	opts[nopts++] = (struct form_option){"", _("– none –")};
	/* A retired committee takes no departments, but the department's own stays shown. */
	for (int i = 0; i < n; i++)
		if (!cs[i].retired || cs[i].id == current_committee)
			opts[nopts++] = (struct form_option){arena_printf(&r->arena, "%lld", cs[i].id), cs[i].name};
	form_select(r, "committee_id", _("Committee"), f->committee_id, opts, nopts, e, false);
	form_text(r, "contact_email", _("Contact e-mail"), f->contact_email,
		  _("The department's shared address, for questions from organisations (optional)."), e, "email", "off");
}

/* The form's values for department_save; a committee that is not a number is refused there. */
static struct department_input department_input_of(const struct department_form *f)
{
	long long committee = id_param(f->committee_id);
	if (f->committee_id && *f->committee_id && !committee)
		committee = -1;
	return (struct department_input){f->code, f->name, f->contact_email, committee};
}

static void departments_page(struct request *r, const struct department_form *f, const struct field_errors *e)
{
	struct department *ds = arena_alloc(&r->arena, sizeof *ds * UNITS_MAX);
	int n = department_overview(r->store, &r->arena, ds, UNITS_MAX);
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	unit_page_begin(r, _("Departments"), NULL, NULL, e);
	html_printf(&r->body, "<p class=\"lead\">%s</p>\n",
		    _("The departments (förvaltningar) that own dialogues and answer submissions; officials belong "
		      "to one. A retired department is kept for history but not offered for new work."));
	if (n == 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("There are no departments yet."));
	} else {
		table_begin(r, NULL, _("Departments"), true, 1, 1);
		html_printf(&r->body,
			    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
			    "<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\" class=\"number\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    _("Name"), _("Code"), _("Committee"), _("Contact e-mail"), _("Dialogues"), _("Submissions"),
			    _("Officials"), _("Status"));
		for (int i = 0; i < n; i++) {
			const struct department *d = &ds[i];
			const char *status = status_label(d->retired);
			for (int k = 0; d->merged_into && k < n; k++)
				if (ds[k].id == d->merged_into)
					status = arena_printf(&r->arena, _("Merged into %s"), ds[k].name);
			html_printf(&r->body,
				    "<tr><th scope=\"row\"><a href=\"/admin/forvaltningar/%lld\">%s</a></th>"
				    "<td data-label=\"%s\"><code>%s</code></td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
				    "<td class=\"number\" data-label=\"%s\">%lld</td><td class=\"number\" data-label=\"%s\">%lld</td>"
				    "<td class=\"number\" data-label=\"%s\">%lld</td><td data-label=\"%s\">%s</td></tr>\n",
				    d->id, d->name, _("Code"), d->code, _("Committee"), d->committee_name ? d->committee_name : "–",
				    _("Contact e-mail"), d->contact_email ? d->contact_email : "–", _("Dialogues"), d->dialogues,
				    _("Submissions"), d->submissions, _("Officials"), d->officials, _("Status"), status);
		}
		html_printf(&r->body, "</tbody>\n");
		table_end(r);
	}
	if (is_admin(r)) {
		html_printf(&r->body, "<h2>%s</h2>\n", _("New department"));
		form_begin(r, "/admin/forvaltningar");
		department_fields(r, f, 0, e);
		form_end(r, _("Add the department"));
	}
	page_end(r);
}

static struct department_form department_form_posted(struct request *r)
{
	return (struct department_form){form_value(r, "code"), form_value(r, "name"), form_value(r, "committee_id"),
					form_value(r, "contact_email")};
}

void page_admin_departments(struct request *r)
{
	struct department_form f = {"", "", "", ""};
	departments_page(r, &f, NULL);
}

void page_admin_department_create(struct request *r)
{
	struct department_form f = department_form_posted(r);
	struct department_input in = department_input_of(&f);
	struct field_errors e = {0};
	enum outcome o = department_save(r->store, &r->arena, 0, &in, r->user->id, NULL, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, "/admin/forvaltningar?sparat=ny");
	} else if (refused_again(r, o, &e)) {
		f.code = in.code, f.name = in.name, f.contact_email = in.contact_email;
		departments_page(r, &f, &e);
	}
}

static void department_page(struct request *r, const struct department *d, const struct department_form *f,
			    const char *into, const struct field_errors *e)
{
	unit_page_begin(r, d->name, "/admin/forvaltningar", _("All departments"), e);
	html_printf(&r->body,
		    "<dl class=\"details\">\n<dt>%s</dt><dd><code>%s</code></dd>\n<dt>%s</dt><dd>%s</dd>\n"
		    "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%lld</dd>\n<dt>%s</dt><dd>%lld</dd>\n<dt>%s</dt><dd>%lld</dd>\n"
		    "<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		    _("Code"), d->code, _("Committee"), d->committee_name ? d->committee_name : "–", _("Contact e-mail"),
		    d->contact_email ? d->contact_email : "–", _("Dialogues"), d->dialogues, _("Submissions"), d->submissions,
		    _("Officials"), d->officials, _("Status"), status_label(d->retired));
	html_printf(&r->body, "<p><a href=\"/admin/logg?entity=department&amp;entity_id=%lld\">%s</a></p>\n", d->id,
		    _("Changes to this department"));
	if (!is_admin(r)) {
		page_end(r);
		return;
	}
	const char *base = arena_printf(&r->arena, "/admin/forvaltningar/%lld", d->id);
	html_printf(&r->body, "<h2>%s</h2>\n", _("Name, code, committee and contact"));
	form_begin(r, base);
	department_fields(r, f, d->committee_id, e);
	form_end(r, _("Save"));
	if (d->merged_into) {
		page_end(r);
		return;
	}
	struct department *ds = arena_alloc(&r->arena, sizeof *ds * UNITS_MAX);
	int n = department_list_open(r->store, &r->arena, ds, UNITS_MAX);
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(n > 0 ? n : 1));
	int nopts = 0;
	for (int i = 0; i < n; i++)
		if (ds[i].id != d->id)
			opts[nopts++] = (struct form_option){arena_printf(&r->arena, "%lld", ds[i].id), ds[i].name};
	if (nopts) {
		html_printf(&r->body, "<h2>%s</h2>\n<p>%s</p>\n", _("Merge into another department"),
			    _("Its dialogues, submissions and officials move to the department you choose, and this one "
			      "is retired. You will be asked to confirm."));
		form_begin(r, arena_printf(&r->arena, "%s/sla-ihop", base));
		form_select(r, "into", _("Merge into"), into, opts, nopts, e, true);
		form_end(r, _("Continue"));
	}
	retire_form(r, base, d->retired,
		    d->retired ? _("The department can be chosen for new dialogues, officials and submissions again.")
			       : _("A retired department keeps its dialogues, submissions and officials, but is not offered "
				   "for new ones."));
	page_end(r);
}

static bool department_of_route(struct request *r, struct department *d)
{
	enum outcome o = department_load(r->store, &r->arena, route_id(r, 0), d);
	if (o != OUTCOME_OK)
		respond_outcome(r, o, NULL);
	else
		request_back(r, arena_printf(&r->arena, "/admin/forvaltningar/%lld", d->id), d->name);
	return o == OUTCOME_OK;
}

static struct department_form department_form_of(struct request *r, const struct department *d)
{
	return (struct department_form){d->code, d->name,
					d->committee_id ? arena_printf(&r->arena, "%lld", d->committee_id) : "",
					d->contact_email ? d->contact_email : ""};
}

void page_admin_department(struct request *r)
{
	struct department d;
	if (!department_of_route(r, &d))
		return;
	struct department_form f = department_form_of(r, &d);
	department_page(r, &d, &f, "", NULL);
}

void page_admin_department_update(struct request *r)
{
	struct department d;
	if (!department_of_route(r, &d))
		return;
	struct department_form f = department_form_posted(r);
	struct department_input in = department_input_of(&f);
	struct field_errors e = {0};
	enum outcome o = department_save(r->store, &r->arena, d.id, &in, r->user->id, NULL, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/admin/forvaltningar/%lld?sparat=andrad", d.id));
	} else if (refused_again(r, o, &e)) {
		f.code = in.code, f.name = in.name, f.contact_email = in.contact_email;
		department_page(r, &d, &f, "", &e);
	}
}

static void department_retire(struct request *r, bool retired)
{
	struct department d;
	if (!department_of_route(r, &d))
		return;
	struct field_errors e = {0};
	enum outcome o = department_set_retired(r->store, d.id, retired, r->user->id, &e);
	if (o != OUTCOME_OK)
		respond_outcome(r, o, &e);
	else
		response_redirect(r, arena_printf(&r->arena, "/admin/forvaltningar/%lld?sparat=%s", d.id,
						  retired ? "avvecklad" : "aterupptagen"));
}

void page_admin_department_retire(struct request *r) { department_retire(r, true); }
void page_admin_department_restore(struct request *r) { department_retire(r, false); }

void page_admin_department_merge(struct request *r)
{
	struct department d, into;
	if (!department_of_route(r, &d))
		return;
	const char *into_s = form_value(r, "into");
	long long into_id = id_param(into_s);
	struct field_errors e = {0};
	if (strcmp(form_value(r, "confirm"), "1") != 0) {
		enum outcome o = into_id && into_id != d.id ? department_load(r->store, &r->arena, into_id, &into)
							    : OUTCOME_NOT_FOUND;
		if (o == OUTCOME_OK && !into.retired && !d.merged_into) {
			char dialogues[120], submissions[120], officials[120];
			snprintf(dialogues, sizeof dialogues, P_("%lld dialogue", "%lld dialogues", d.dialogues), d.dialogues);
			snprintf(submissions, sizeof submissions, P_("%lld submission", "%lld submissions", d.submissions),
				 d.submissions);
			snprintf(officials, sizeof officials, P_("%lld official", "%lld officials", d.officials), d.officials);
			const char *what = arena_printf(&r->arena, _("%s, %s and %s move from %s to %s, and %s is retired."),
							dialogues, submissions, officials, d.name, into.name, d.name);
			merge_confirm(r, arena_printf(&r->arena, _("Merge %s into %s?"), d.name, into.name), what,
				      arena_printf(&r->arena, "/admin/forvaltningar/%lld", d.id), into_id);
			return;
		}
		if (o != OUTCOME_OK && o != OUTCOME_NOT_FOUND) {
			respond_outcome(r, o, NULL);
			return;
		}
		field_error(&e, "into", _("Choose another department that is in use to merge into."));
		r->status = 422;
		struct department_form f = department_form_of(r, &d);
		department_page(r, &d, &f, into_s, &e);
		return;
	}
	enum outcome o = department_merge(r->store, d.id, into_id, r->user->id, NULL, &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, arena_printf(&r->arena, "/admin/forvaltningar/%lld?sparat=sammanslagen", into_id));
	} else if (refused_again(r, o, &e)) {
		struct department_form f = department_form_of(r, &d);
		department_page(r, &d, &f, into_s, &e);
	}
}

/* ---- Districts ------------------------------------------------------------------------------- */

static void district_fields(struct request *r, const struct district_input *f, bool with_code,
			    const struct field_errors *e)
{
	form_text(r, "name_sv", _("Name"), f->name_sv, _("For example Centrum or Norra distriktet."), e, "text", "off");
	form_text(r, "name_en", _("Name in English"), f->name_en, _("Only when it differs (optional)."), e, "text", "off");
	if (with_code)
		form_text(r, "code", _("Code"), f->code,
			  _("Optional: made from the name when left empty. It never changes once made."), e, "text", "off");
	form_textarea(r, "postcodes", _("Postcodes"), f->postcodes,
		      _("Separated by commas, for example 178 92, 178 93. An organisation whose address has one of "
			"them is placed in the district when it names none itself."),
		      e);
}

static void districts_page(struct request *r, const struct district_input *f, const struct field_errors *e)
{
	struct district *ds = arena_alloc(&r->arena, sizeof *ds * UNITS_MAX);
	int n = district_list(r->store, &r->arena, ds, UNITS_MAX);
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	unit_page_begin(r, _("Districts"), NULL, NULL, e);
	html_printf(&r->body, "<p class=\"lead\">%s</p>\n",
		    _("The parts of the municipality organisations say they work in. A retired district is no "
		      "longer offered, and its postcodes place no organisation in it."));
	if (n == 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("There are no districts yet."));
	} else {
		table_begin(r, NULL, _("Districts"), true, 1, 1);
		html_printf(&r->body,
			    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\" class=\"number\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
			    _("Name"), _("Code"), _("Postcodes"), _("Organisations"), _("Status"));
		for (int i = 0; i < n; i++)
			html_printf(&r->body,
				    "<tr><th scope=\"row\"><a href=\"/admin/omraden/%s\">%s</a></th><td data-label=\"%s\"><code>%s</code></td>"
				    "<td data-label=\"%s\">%s</td><td class=\"number\" data-label=\"%s\">%lld</td>"
				    "<td data-label=\"%s\">%s</td></tr>\n",
				    ds[i].code, ds[i].name_sv, _("Code"), ds[i].code, _("Postcodes"),
				    ds[i].npostcodes ? ds[i].postcodes : "–", _("Organisations"), ds[i].organisations, _("Status"),
				    status_label(ds[i].retired));
		html_printf(&r->body, "</tbody>\n");
		table_end(r);
	}
	if (is_admin(r)) {
		html_printf(&r->body, "<h2>%s</h2>\n", _("New district"));
		form_begin(r, "/admin/omraden");
		district_fields(r, f, true, e);
		form_end(r, _("Add the district"));
	}
	page_end(r);
}

static struct district_input district_form_posted(struct request *r)
{
	return (struct district_input){form_value(r, "code"), form_value(r, "name_sv"), form_value(r, "name_en"),
				       form_value(r, "postcodes")};
}

void page_admin_districts(struct request *r)
{
	struct district_input f = {"", "", "", ""};
	districts_page(r, &f, NULL);
}

void page_admin_district_create(struct request *r)
{
	struct district_input f = district_form_posted(r);
	struct field_errors e = {0};
	char code[33];
	enum outcome o = district_save(r->store, &r->arena, NULL, &f, r->user->id, code, &e);
	if (o == OUTCOME_OK)
		response_redirect(r, "/admin/omraden?sparat=ny");
	else if (refused_again(r, o, &e))
		districts_page(r, &f, &e);
}

static void district_page(struct request *r, const struct district *d, const struct district_input *f,
			  const struct field_errors *e)
{
	unit_page_begin(r, d->name_sv, "/admin/omraden", _("All districts"), e);
	html_printf(&r->body, "<dl class=\"details\">\n<dt>%s</dt><dd><code>%s</code></dd>\n<dt>%s</dt><dd>%s</dd>\n"
			      "<dt>%s</dt><dd>%lld</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		    _("Code"), d->code, _("Postcodes"), d->npostcodes ? d->postcodes : "–", _("Organisations"),
		    d->organisations, _("Status"), status_label(d->retired));
	html_printf(&r->body, "<p><a href=\"/organisationer?district=%s\">%s</a></p>\n", d->code,
		    _("The organisations in this district"));
	if (!is_admin(r)) {
		page_end(r);
		return;
	}
	const char *base = arena_printf(&r->arena, "/admin/omraden/%s", d->code);
	html_printf(&r->body, "<h2>%s</h2>\n", _("Name and postcodes"));
	form_begin(r, base);
	district_fields(r, f, false, e);
	form_end(r, _("Save"));
	retire_form(r, base, d->retired,
		    d->retired ? _("The district can be chosen by organisations again, and its postcodes place them in it.")
			       : _("Organisations that have it keep it, but it is no longer offered, and its postcodes place "
				   "no organisation in it."));
	page_end(r);
}

static bool district_of_route(struct request *r, struct district *d)
{
	enum outcome o = district_load(r->store, &r->arena, r->route_args[0], d);
	if (o != OUTCOME_OK)
		respond_outcome(r, o, NULL);
	else
		request_back(r, arena_printf(&r->arena, "/admin/omraden/%s", d->code), d->name_sv);
	return o == OUTCOME_OK;
}

void page_admin_district(struct request *r)
{
	struct district d;
	if (!district_of_route(r, &d))
		return;
	struct district_input f = {d.code, d.name_sv, strcmp(d.name_en, d.name_sv) ? d.name_en : "", d.postcodes};
	district_page(r, &d, &f, NULL);
}

void page_admin_district_update(struct request *r)
{
	struct district d;
	if (!district_of_route(r, &d))
		return;
	struct district_input f = district_form_posted(r);
	struct field_errors e = {0};
	char code[33];
	enum outcome o = district_save(r->store, &r->arena, d.code, &f, r->user->id, code, &e);
	if (o == OUTCOME_OK)
		response_redirect(r, arena_printf(&r->arena, "/admin/omraden/%s?sparat=andrad", d.code));
	else if (refused_again(r, o, &e))
		district_page(r, &d, &f, &e);
}

static void district_retire(struct request *r, bool retired)
{
	struct district d;
	if (!district_of_route(r, &d))
		return;
	struct field_errors e = {0};
	enum outcome o = district_set_retired(r->store, d.code, retired, r->user->id, &e);
	if (o != OUTCOME_OK)
		respond_outcome(r, o, &e);
	else
		response_redirect(r, arena_printf(&r->arena, "/admin/omraden/%s?sparat=%s", d.code,
						  retired ? "avvecklad" : "aterupptagen"));
}

void page_admin_district_retire(struct request *r) { district_retire(r, true); }
void page_admin_district_restore(struct request *r) { district_retire(r, false); }

/* ---- Classification lists and their aliases ------------------------------------------------- */

static const struct {
	enum taxonomy t;
	const char *title;
} alias_lists[] = {
	{TAX_CATEGORY, N_("Activity categories")},
	{TAX_TARGET_GROUP, N_("Target groups")},
	{TAX_LEGAL_FORM, N_("Legal forms")},
};
#define ALIAS_LISTS ((int)(sizeof alias_lists / sizeof alias_lists[0]))

struct alias_form {
	const char *taxonomy, *term, *alias;
};

static void list_aliases(struct request *r, int l)
{
	enum taxonomy t = alias_lists[l].t;
	struct term *terms = arena_alloc(&r->arena, sizeof *terms * TERMS_MAX);
	struct term_alias *aliases = arena_alloc(&r->arena, sizeof *aliases * ALIASES_MAX);
	int nterms = taxonomy_list(r->store, t, terms, TERMS_MAX);
	int naliases = taxonomy_alias_list(r->store, t, aliases, ALIASES_MAX);
	html_printf(&r->body, "<h2 id=\"%s\">%s</h2>\n", taxonomy_name(t), _(alias_lists[l].title));
	if (nterms < 0 || naliases < 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("The list could not be read just now."));
		return;
	}
	table_begin(r, "aliases", _(alias_lists[l].title), true, 1, 1);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n"
		    "<tbody>\n",
		    _("Term"), _("Code"), _("Aliases"));
	for (int i = 0; i < nterms; i++) {
		html_printf(&r->body, "<tr><th scope=\"row\">%s</th><td data-label=\"%s\"><code>%s</code></td><td data-label=\"%s\">",
			    terms[i].name_sv, _("Code"), terms[i].code, _("Aliases"));
		int shown = 0;
		for (int k = 0; k < naliases; k++) {
			if (strcmp(aliases[k].term_code, terms[i].code) != 0)
				continue;
			if (!shown++)
				html_printf(&r->body, "<ul class=\"aliases\">\n");
			html_printf(&r->body, "<li>%s", aliases[k].alias);
			if (is_admin(r)) {
				form_begin(r, "/admin/kategorier/ta-bort");
				html_printf(&r->body,
					    "<input type=\"hidden\" name=\"taxonomy\" value=\"%s\">"
					    "<input type=\"hidden\" name=\"alias\" value=\"%s\">\n"
					    "<button type=\"submit\" class=\"link\">%s<span class=\"visually-hidden\"> %s</span></button>\n"
					    "</form>",
					    taxonomy_name(t), aliases[k].alias, _("Remove"), aliases[k].alias);
			}
			html_printf(&r->body, "</li>\n");
		}
		/* Markup, not text: %s would escape the closing tag into the list. */
		if (shown)
			html_printf(&r->body, "</ul></td></tr>\n");
		else
			html_printf(&r->body, "–</td></tr>\n");
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
}

static void categories_page(struct request *r, const struct alias_form *f, const struct field_errors *e)
{
	unit_page_begin(r, _("Categories and aliases"), NULL, NULL, e);
	html_printf(&r->body, "<p class=\"lead\">%s</p>\n",
		    _("The lists organisations are classified by, and the other words registers use for their terms. "
		      "Import, the register's filters, the API and search understand an alias as its term; case, "
		      "punctuation, spacing and the words och/eller are ignored."));
	if (is_admin(r)) {
		html_printf(&r->body, "<h2>%s</h2>\n", _("New alias"));
		form_begin(r, "/admin/kategorier");
		struct form_option opts[ALIAS_LISTS];
		for (int l = 0; l < ALIAS_LISTS; l++)
			opts[l] = (struct form_option){taxonomy_name(alias_lists[l].t), _(alias_lists[l].title)};
		form_select(r, "taxonomy", _("List"), f->taxonomy, opts, ALIAS_LISTS, e, false);
		form_text(r, "term", _("Term"), f->term, _("Its code or its name, for example icnpo1 or Rekreation och kultur."), e,
			  "text", "off");
		form_text(r, "alias", _("Alias"), f->alias, _("The word the register uses, for example Idrott."), e, "text",
			  "off");
		form_end(r, _("Add the alias"));
	}
	for (int l = 0; l < ALIAS_LISTS; l++)
		list_aliases(r, l);
	page_end(r);
}

void page_admin_categories(struct request *r)
{
	struct alias_form f = {"category", "", ""};
	categories_page(r, &f, NULL);
}

void page_admin_alias_create(struct request *r)
{
	struct alias_form f = {form_value(r, "taxonomy"), form_value(r, "term"), form_value(r, "alias")};
	struct field_errors e = {0};
	enum taxonomy t;
	char code[32];
	enum outcome o = OUTCOME_INVALID;
	if (!taxonomy_from_name(f.taxonomy, &t) || t == TAX_DISTRICT) {
		field_error(&e, "taxonomy", _("Choose a list."));
	} else if (!taxonomy_resolve(r->store, t, f.term, code)) {
		struct term near[3];
		int n = taxonomy_suggest(r->store, t, f.term, near, 3);
		field_error(&e, "term",
			    n ? arena_printf(&r->arena, _("The list has no such term. Did you mean %s?"), term_name(&near[0]))
			      : _("The list has no such term: write its code or its name."));
	} else {
		o = taxonomy_alias_add(r->store, t, code, f.alias, r->user->id, &e);
	}
	if (o == OUTCOME_OK)
		response_redirect(r, arena_printf(&r->arena, "/admin/kategorier?sparat=ny#%s", taxonomy_name(t)));
	else if (refused_again(r, o, &e))
		categories_page(r, &f, &e);
}

void page_admin_alias_remove(struct request *r)
{
	enum taxonomy t;
	const char *list = form_value(r, "taxonomy");
	request_back(r, "/admin/kategorier", _("Categories and aliases"));
	enum outcome o = taxonomy_from_name(list, &t) && t != TAX_DISTRICT
				 ? taxonomy_alias_remove(r->store, t, form_value(r, "alias"), r->user->id)
				 : OUTCOME_NOT_FOUND;
	if (o != OUTCOME_OK)
		respond_outcome(r, o, NULL);
	else
		response_redirect(r, arena_printf(&r->arena, "/admin/kategorier?sparat=borttaget#%s", taxonomy_name(t)));
}
