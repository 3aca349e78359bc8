/* organisation_pages: the public register of organisations, one organisation's page, and the forms that keep it. */
#include "web/pages.h"
#include "base/text.h"
#include "web/taxonomy_view.h"
#include "web/view.h"
#include "web/form.h"
#include "web/layout.h"
#include "base/clock.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/account.h"
#include "domain/organisation.h"
#include "domain/taxonomy.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define PER_PAGE 20
/* Far beyond any real register; keeps page * per_page well inside an int. */
/* Rows offered for contact persons; more are shown when an organisation already has more. */
#define CONTACT_ROWS 3
/* Organisations are asked to confirm their details once a year, after their annual meeting;
 * 15 months leaves a season's slack before they count as out of date. */
#define CONFIRM_MONTHS 15

/* ---- Who may do what ------------------------------------------------------------------------ */

/* Officials, coordinators and admins: they see hidden organisations and contact persons. */
static bool represents(struct request *r, long long id)
{
	return r->user && account_represents(r->store, r->user->id, id);
}

/* ---- The classification lists ------------------------------------------------------------------ */

/* ---- Small text helpers -------------------------------------------------------------------------- */

/* Only web addresses become links: a stored "javascript:" must never be clickable. */
static bool is_web_address(const char *s)
{
	return s && (strncasecmp(s, "https://", 8) == 0 || strncasecmp(s, "http://", 7) == 0);
}

static bool confirmed_recently(const char *confirmed_at)
{
	if (!confirmed_at || !*confirmed_at)
		return false;
	time_t t = clock_parse(confirmed_at);
	if (t < 0)
		return false;
	time_t now = clock_now();
	struct tm tm;
	gmtime_r(&now, &tm);
	tm.tm_mon -= CONFIRM_MONTHS; /* timegm normalises the month into earlier years */
	return t >= timegm(&tm);
}

/* Runs the search; a page past the end is clamped to the last page rather than shown empty.
 * False, with the response sent, when the store failed. */
/* One page of the register, the page asked for in the address (or the last one, past the end):
 * the number of pages, or -1 when the answer was sent (the search failed). */
static int search(struct request *r, struct org_filter *f, struct org_page *res)
{
	f->page = request_page(r);
	f->per_page = PER_PAGE;
	memset(res, 0, sizeof *res);
	enum outcome rc = organisation_search(r->store, &r->arena, f, res);
	int pages = page_count(res->total, f->per_page);
	if (rc == OUTCOME_OK && res->total > 0 && f->page > pages) {
		f->page = pages;
		memset(res, 0, sizeof *res);
		rc = organisation_search(r->store, &r->arena, f, res);
	}
	if (rc != OUTCOME_OK) {
		respond_outcome(r, rc, NULL);
		return -1;
	}
	return pages;
}

/* Names of the codes, comma-separated. */
static void print_terms_inline(struct request *r, const struct terms *ts, const char *const *codes, int n)
{
	for (int i = 0; i < n; i++)
		html_printf(&r->body, "%s%s", i ? ", " : "", terms_label(ts, codes[i]));
}

/* ---- The register ---------------------------------------------------------------------------------- */

static const char *sort_code(enum org_sort s)
{
	switch (s) {
	case ORG_SORT_NAME_DESC: return "name_desc";
	case ORG_SORT_UPDATED: return "updated";
	case ORG_SORT_RELEVANCE: return "relevance";
	case ORG_SORT_NAME: break;
	}
	return "name";
}

/* Best match is the natural order of a search; without words to match, A–Ö is. */
static enum org_sort sort_from(const char *s, bool searching)
{
	if (s && strcmp(s, "name") == 0) return ORG_SORT_NAME;
	if (s && strcmp(s, "name_desc") == 0) return ORG_SORT_NAME_DESC;
	if (s && strcmp(s, "updated") == 0) return ORG_SORT_UPDATED;
	return searching ? ORG_SORT_RELEVANCE : ORG_SORT_NAME;
}

static void result_item(struct request *r, const struct organisation *o, const struct taxonomies *tx)
{
	html_printf(&r->body, "<li>\n<h3><a href=\"/organisationer/%lld\">%s</a>", o->id, o->name);
	if (!o->public)
		html_printf(&r->body, " <span class=\"tag\">%s</span>", _("Not public"));
	html_printf(&r->body, "</h3>\n<p class=\"meta\">%s", terms_label(&tx->legal_forms, o->legal_form));
	if (o->ncategories) {
		html_printf(&r->body, " · %s ", _("Activities:"));
		print_terms_inline(r, &tx->categories, o->categories, o->ncategories);
	}
	if (o->ndistricts) {
		html_printf(&r->body, " · %s ", _("Districts:"));
		print_terms_inline(r, &tx->districts, o->districts, o->ndistricts);
	}
	html_printf(&r->body, "</p>\n");
	if (!text_blank(o->description))
		html_printf(&r->body, "<p>%s</p>\n", view_summary(r, o->description));
	html_printf(&r->body, "</li>\n");
}

void page_organisation_list(struct request *r)
{
	struct taxonomies tx;
	taxonomies_load(r, &tx);
	bool staff = request_role_at_least(r, ROLE_OFFICIAL);
	bool ignored = false;
	const char *q = param_get(&r->query, "q");
	const char *sort = param_get(&r->query, "sort");
	bool searching = !text_blank(q);

	struct org_filter f = {0};
	f.q = searching ? q : NULL;
	struct register_filter rf;
	register_filter_read(r, &tx, &rf, &ignored);
	f.category = rf.category;
	f.target_group = rf.target_group;
	f.district = rf.district;
	f.legal_form = rf.legal_form;
	f.include_hidden = staff;
	f.sort = sort_from(sort, searching);
	struct org_page res;
	int pages = search(r, &f, &res);
	if (pages < 0)
		return;
	bool filtered = searching || f.category || f.target_group || f.district || f.legal_form;

	/* The query every page link keeps: the filters as understood, not as sent. */
	struct buf query = BUF_INIT;
	query_add(&query, "q", f.q);
	query_add(&query, "category", f.category);
	query_add(&query, "target_group", f.target_group);
	query_add(&query, "district", f.district);
	query_add(&query, "legal_form", f.legal_form);
	if (sort && *sort && f.sort != sort_from(NULL, searching))
		query_add(&query, "sort", sort_code(f.sort));

	view_list_begin(r, _("Organisations"), _("Organisations, page %d of %d"), f.page, pages,
			_("The register of associations, foundations, faith communities and informal groups that "
			  "work in the municipality."));
	if (staff)
		html_printf(&r->body, "<p><a href=\"/organisationer/ny\">%s</a></p>\n", _("Register a new organisation"));

	html_printf(&r->body,
		    "<form class=\"filters\" method=\"get\" action=\"/organisationer\" role=\"search\" "
		    "aria-labelledby=\"filters-heading\">\n<h2 id=\"filters-heading\">%s</h2>\n",
		    _("Search and filter"));
	form_text(r, "q", _("Search text"), q, _("Words in the name or the description."), NULL, "search", NULL);
	html_printf(&r->body, "<div class=\"filter-grid\">\n");
	register_filter_selects(r, &tx, &rf);
	const struct form_option sorts[] = {
		{"relevance", _("Best match (when searching)")},
		{"name", _("Name A–Z")},
		{"name_desc", _("Name Z–A")},
		{"updated", _("Recently updated")},
	};
	form_select(r, "sort", _("Sort by"), sort_code(f.sort), sorts, 4, NULL, false);
	view_filters_end(r, "/organisationer", _("Show organisations"), ignored);

	char count[120];
	snprintf(count, sizeof count, P_("%lld organisation", "%lld organisations", res.total), res.total);
	view_results_heading(r, count, f.page, pages);

	if (res.n == 0) {
		if (filtered)
			html_printf(&r->body, "<p>%s <a href=\"/organisationer\">%s</a>.</p>\n",
				    _("No organisation matches your search. Try other words or fewer filters, or"),
				    _("show all organisations"));
		else
			html_printf(&r->body, "<p>%s</p>\n", _("There are no organisations in the register yet."));
	} else {
		html_printf(&r->body, "<ul class=\"results\">\n");
		for (int i = 0; i < res.n; i++)
			result_item(r, &res.items[i], &tx);
		html_printf(&r->body, "</ul>\n");
	}
	pagination(r, "/organisationer", buf_str(&query), f.page, pages);
	buf_free(&query);
	page_end(r);
}

/* ---- One organisation ------------------------------------------------------------------------------- */

static void print_term_list(struct request *r, const char *label, const struct terms *ts, const char *const *codes,
			    int n)
{
	if (!n)
		return;
	html_printf(&r->body, "<dt>%s</dt>\n<dd><ul>", label);
	for (int i = 0; i < n; i++)
		html_printf(&r->body, "<li>%s</li>", terms_label(ts, codes[i]));
	html_printf(&r->body, "</ul></dd>\n");
}

static void print_contacts(struct request *r, const struct organisation *o)
{
	html_printf(&r->body, "<h2>%s</h2>\n<p class=\"hint\">%s</p>\n", _("Contact persons"),
		    _("Personal data: shown only to the municipality's staff and the organisation's own "
		      "representatives."));
	if (!o->ncontacts) {
		html_printf(&r->body, "<p>%s</p>\n", _("No contact person has been given."));
		return;
	}
	table_begin(r, NULL, _("Contact persons"), true, 1, 1);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Name"), _("Role"), _("E-mail"), _("Phone"));
	for (int i = 0; i < o->ncontacts; i++) {
		const struct contact_person *c = &o->contacts[i];
		html_printf(&r->body, "<tr><th scope=\"row\">%s</th><td>%s</td><td>", c->name, c->role ? c->role : "");
		if (c->email && *c->email)
			html_printf(&r->body, "<a href=\"mailto:%s\">%s</a>", c->email, c->email);
		html_printf(&r->body, "</td><td>%s</td></tr>\n", c->phone ? c->phone : "");
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
}

void page_organisation_show(struct request *r)
{
	long long id = route_id(r, 0);
	if (!id) {
		respond_outcome(r, OUTCOME_NOT_FOUND, NULL);
		return;
	}
	bool staff = request_role_at_least(r, ROLE_OFFICIAL);
	bool own = !staff && represents(r, id);
	struct organisation o;
	memset(&o, 0, sizeof o);
	/* A hidden organisation does not exist for those who may not see it: 404, not 403. */
	enum outcome rc = organisation_load(r->store, &r->arena, id, staff || own, &o);
	if (rc == OUTCOME_OK && !o.public && !staff && !own)
		rc = OUTCOME_NOT_FOUND;
	if (rc != OUTCOME_OK) {
		respond_outcome(r, rc, NULL);
		return;
	}
	struct taxonomies tx;
	taxonomies_load(r, &tx);

	page_begin(r, o.name);
	html_printf(&r->body, "<p class=\"back\"><a href=\"/organisationer\">%s</a></p>\n", _("All organisations"));
	html_printf(&r->body, "<h1>%s</h1>\n", o.name);
	if (param_get(&r->query, "sparad"))
		view_status(r, _("The details have been saved."));
	if (param_get(&r->query, "bekraftad"))
		view_status(r, _("Thank you! The details are confirmed as correct."));
	if (!o.public)
		html_printf(&r->body, "<p><span class=\"tag\">%s</span> %s</p>\n", _("Not public"),
			    _("This organisation is not shown in the public register or in open data."));
	if (!text_blank(o.description)) {
		html_printf(&r->body, "<div class=\"description\">\n");
		view_paragraphs(r, o.description);
		html_printf(&r->body, "</div>\n");
	}

	html_printf(&r->body, "<h2>%s</h2>\n<dl class=\"details\">\n", _("Details"));
	html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", _("Legal form"), terms_label(&tx.legal_forms, o.legal_form));
	if (o.org_number && *o.org_number)
		html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", _("Organisation number"), o.org_number);
	if (o.website && *o.website) {
		if (is_web_address(o.website))
			html_printf(&r->body, "<dt>%s</dt><dd><a href=\"%s\" rel=\"noopener\">%s</a></dd>\n", _("Website"),
				    o.website, o.website);
		else
			html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", _("Website"), o.website);
	}
	if (o.email && *o.email)
		html_printf(&r->body, "<dt>%s</dt><dd><a href=\"mailto:%s\">%s</a></dd>\n", _("E-mail"), o.email, o.email);
	if (o.phone && *o.phone)
		html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", _("Phone"), o.phone);
	print_term_list(r, _("Activities"), &tx.categories, o.categories, o.ncategories);
	print_term_list(r, _("Target groups"), &tx.target_groups, o.target_groups, o.ntarget_groups);
	print_term_list(r, _("Districts"), &tx.districts, o.districts, o.ndistricts);
	html_printf(&r->body, "<dt>%s</dt><dd>", _("Details confirmed"));
	view_day(r, o.confirmed_at, _("Not yet confirmed"));
	html_printf(&r->body, "</dd>\n<dt>%s</dt><dd>", _("Last updated"));
	view_day(r, o.updated_at, "–");
	html_printf(&r->body, "</dd>\n</dl>\n");

	if (staff || own)
		print_contacts(r, &o);

	if (staff || own) {
		html_printf(&r->body, "<div class=\"manage\">\n<h2>%s</h2>\n", _("Keep the details up to date"));
		html_printf(&r->body, "<p><a class=\"button\" href=\"/organisationer/%lld/redigera\">%s</a></p>\n", o.id,
			    _("Edit the details"));
		if (!confirmed_recently(o.confirmed_at))
			html_printf(&r->body, "<p class=\"notice warning\">%s</p>\n",
				    _("The details have not been confirmed in the last 15 months. Check them, and "
				      "confirm that they are correct."));
		else
			html_printf(&r->body, "<p>%s</p>\n",
				    _("Confirm once a year, for example after the annual meeting, that the details are "
				      "correct."));
		form_begin(r, arena_printf(&r->arena, "/organisationer/%lld/bekrafta", o.id));
		form_end(r, _("Confirm that the details are correct"));
		html_printf(&r->body, "</div>\n");
	}
	representation_section(r, o.id);
	page_end(r);
}

/* ---- The form --------------------------------------------------------------------------------------- */

/* Keeps the first of each code: a repeated checkbox value must not reach the database twice. */
static int unique_codes(const char **codes, int n)
{
	int out = 0;
	for (int i = 0; i < n; i++) {
		bool seen = false;
		for (int j = 0; j < out; j++)
			if (strcmp(codes[j], codes[i]) == 0)
				seen = true;
		if (!seen)
			codes[out++] = codes[i];
	}
	return out;
}

/* A contact's id from its hidden field: it lets the domain keep the row's id across edits. */
static long long contact_id(struct request *r, int i)
{
	const char *s = form_value(r, arena_printf(&r->arena, "contact_id_%d", i));
	long long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000000000000LL)
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

/* Fills o from the posted form, exactly as typed. Contact rows keep the form's numbering, empty
 * ones included, because organisation_validate names its errors after that numbering
 * (contact_email_1 is the second row) and drops the empty rows itself. */
static void organisation_from_form(struct request *r, struct organisation *o)
{
	o->name = form_value(r, "name");
	o->org_number = form_value(r, "org_number");
	o->legal_form = form_value(r, "legal_form");
	o->description = form_value(r, "description");
	o->website = form_value(r, "website");
	o->email = form_value(r, "email");
	o->phone = form_value(r, "phone");
	o->public = param_get(&r->form, "public") != NULL;
	o->ncategories = unique_codes(o->categories, param_all(&r->form, "categories", o->categories, ORG_MAX_CODES));
	o->ntarget_groups =
		unique_codes(o->target_groups, param_all(&r->form, "target_groups", o->target_groups, ORG_MAX_CODES));
	o->ndistricts = unique_codes(o->districts, param_all(&r->form, "districts", o->districts, ORG_MAX_CODES));
	o->ncontacts = 0;
	for (int i = 0; i < ORG_MAX_CONTACTS; i++) {
		struct contact_person *c = &o->contacts[i];
		c->id = contact_id(r, i);
		c->name = form_value(r, arena_printf(&r->arena, "contact_name_%d", i));
		c->role = form_value(r, arena_printf(&r->arena, "contact_role_%d", i));
		c->email = form_value(r, arena_printf(&r->arena, "contact_email_%d", i));
		c->phone = form_value(r, arena_printf(&r->arena, "contact_phone_%d", i));
		if (!text_blank(c->name) || !text_blank(c->role) || !text_blank(c->email) || !text_blank(c->phone))
			o->ncontacts = i + 1;
	}
}

static void contact_rows(struct request *r, const struct organisation *o, const struct field_errors *e)
{
	int rows = o->ncontacts > CONTACT_ROWS ? o->ncontacts : CONTACT_ROWS;
	if (rows > ORG_MAX_CONTACTS)
		rows = ORG_MAX_CONTACTS;
	const char *error = field_error_for(e, "contacts");
	html_printf(&r->body,
		    "<fieldset class=\"contacts%s\" id=\"contacts\">\n<legend>%s</legend>\n<p class=\"hint\">%s</p>\n",
		    error ? " has-error" : "", _("Contact persons"),
		    _("Personal data: shown only to the municipality's staff and the organisation's representatives, "
		      "never in the public register. Leave a row empty to remove it."));
	if (error)
		html_printf(&r->body, "<p class=\"error\">%s</p>\n", error);
	for (int i = 0; i < rows; i++) {
		const struct contact_person *c = i < o->ncontacts ? &o->contacts[i] : NULL;
		char legend[80];
		snprintf(legend, sizeof legend, _("Contact person %d"), i + 1);
		html_printf(&r->body, "<fieldset class=\"contact\">\n<legend>%s</legend>\n", legend);
		if (c && c->id > 0)
			html_printf(&r->body, "<input type=\"hidden\" name=\"contact_id_%d\" value=\"%lld\">\n", i, c->id);
		form_text(r, arena_printf(&r->arena, "contact_name_%d", i), _("Name"), c ? c->name : "", NULL, e, "text",
			  "off");
		form_text(r, arena_printf(&r->arena, "contact_role_%d", i), _("Role in the organisation"),
			  c ? c->role : "", NULL, e, "text", "off");
		form_text(r, arena_printf(&r->arena, "contact_email_%d", i), _("E-mail"), c ? c->email : "", NULL, e,
			  "email", "off");
		form_text(r, arena_printf(&r->arena, "contact_phone_%d", i), _("Phone"), c ? c->phone : "", NULL, e,
			  "tel", "off");
		html_printf(&r->body, "</fieldset>\n");
	}
	html_printf(&r->body, "</fieldset>\n");
}

static void organisation_form(struct request *r, struct organisation *o, const struct field_errors *e)
{
	struct taxonomies tx;
	taxonomies_load(r, &tx);
	const char *heading = o->id ? _("Edit organisation") : _("Register a new organisation");
	const char *action = o->id ? arena_printf(&r->arena, "/organisationer/%lld/redigera", o->id) : "/organisationer/ny";
	/* The title says there are errors too: it is the first thing a screen reader reads. */
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), heading) : heading);
	html_printf(&r->body, "<h1>%s</h1>\n", heading);
	if (o->id && !text_blank(o->name))
		html_printf(&r->body, "<p class=\"lead\">%s</p>\n", o->name);
	form_error_summary(r, e);
	html_printf(&r->body, "<p>%s</p>\n", _("The name, the legal form and at least one activity are required."));
	form_begin(r, action);

	html_printf(&r->body, "<h2>%s</h2>\n", _("About the organisation"));
	form_text(r, "name", _("Name"), o->name, NULL, e, "text", "organization");
	form_text(r, "org_number", _("Organisation number"), o->org_number,
		  _("Ten digits, like 802000-1239. Leave it empty for an informal group without one."), e, "text", "off");
	struct form_option *forms = arena_alloc(&r->arena, sizeof *forms * (size_t)(tx.legal_forms.n + 1));
	forms[0] = (struct form_option){"", _("– choose –")};
	for (int i = 0; i < tx.legal_forms.n; i++)
		forms[i + 1] = (struct form_option){tx.legal_forms.t[i].code, term_name(&tx.legal_forms.t[i])};
	form_select(r, "legal_form", _("Legal form"), o->legal_form, forms, tx.legal_forms.n + 1, e, false);
	form_textarea(r, "description", _("Description"), o->description,
		      _("What the organisation does, for whom and where. Shown in the public register."), e);

	html_printf(&r->body, "<h2>%s</h2>\n", _("How to reach the organisation"));
	form_text(r, "website", _("Website"), o->website, _("For example www.example.se"), e, "url", "off");
	form_text(r, "email", _("E-mail"), o->email, _("The organisation's shared address, shown publicly."), e,
		  "email", "off");
	form_text(r, "phone", _("Phone"), o->phone, NULL, e, "tel", "off");

	html_printf(&r->body, "<h2>%s</h2>\n", _("What the organisation does"));
	form_checkboxes(r, "categories", _("Activities"), terms_options(r, &tx.categories), tx.categories.n,
			o->categories, o->ncategories, e);
	form_checkboxes(r, "target_groups", _("Target groups"), terms_options(r, &tx.target_groups), tx.target_groups.n,
			o->target_groups, o->ntarget_groups, e);
	int ndistricts; /* a retired district is not offered (domain/district.h) */
	struct form_option *districts = terms_offered(r, &tx.districts, &ndistricts);
	form_checkboxes(r, "districts", _("Districts served"), districts, ndistricts, o->districts, o->ndistricts, e);

	html_printf(&r->body, "<h2>%s</h2>\n", _("Visibility and contacts"));
	form_checkbox(r, "public", _("Show the organisation in the public register"), o->public);
	const char *public_error = field_error_for(e, "public");
	if (public_error)
		html_printf(&r->body, "<p class=\"error\">%s</p>\n", public_error);
	contact_rows(r, o, e);
	form_end(r, _("Save"));
	html_printf(&r->body, "<p><a href=\"%s\">%s</a></p>\n",
		    o->id ? arena_printf(&r->arena, "/organisationer/%lld", o->id) : "/organisationer", _("Cancel"));
	page_end(r);
}

/* Validates and saves the posted form for o (o->id 0 for a new one); shows it again with every
 * error on its field, or sends the browser to the saved organisation. */
static void organisation_submit(struct request *r, struct organisation *o)
{
	struct field_errors e = {0};
	organisation_from_form(r, o);
	/* Validation trims and compacts the contacts; the form is shown again with the rows as typed,
	 * so each error stays beside the row it is about. */
	struct contact_person typed[ORG_MAX_CONTACTS];
	int ntyped = o->ncontacts;
	memcpy(typed, o->contacts, sizeof typed);
	/* A rule only the database can check, such as an organisation number already taken, comes
	 * back as OUTCOME_INVALID too: the user's to fix on the form. */
	enum outcome rc = organisation_save(r->store, &r->arena, o, r->user->id, &e);
	if (rc == OUTCOME_INVALID) {
		memcpy(o->contacts, typed, sizeof typed);
		o->ncontacts = ntyped;
		r->status = 422;
		organisation_form(r, o, &e);
		return;
	}
	if (rc != OUTCOME_OK) {
		respond_outcome(r, rc, &e);
		return;
	}
	response_redirect(r, arena_printf(&r->arena, "/organisationer/%lld?sparad=1", o->id));
}

void page_organisation_new(struct request *r)
{
	struct organisation o;
	memset(&o, 0, sizeof o);
	o.public = true;
	organisation_form(r, &o, NULL);
}

void page_organisation_create(struct request *r)
{
	struct organisation o;
	memset(&o, 0, sizeof o);
	organisation_submit(r, &o);
}

/* Loads the organisation for its editors: officials and above, and its own representatives.
 * Others get 404 for a hidden organisation (its existence is not theirs to know), else 403. */
static bool load_for_editing(struct request *r, long long id, bool with_contacts, struct organisation *o)
{
	memset(o, 0, sizeof *o);
	bool may = request_role_at_least(r, ROLE_OFFICIAL) || represents(r, id);
	enum outcome rc = id ? organisation_load(r->store, &r->arena, id, with_contacts && may, o) : OUTCOME_NOT_FOUND;
	if (rc != OUTCOME_OK) {
		respond_outcome(r, rc, NULL);
		return false;
	}
	if (!may) {
		respond_outcome(r, o->public ? OUTCOME_FORBIDDEN : OUTCOME_NOT_FOUND, NULL);
		return false;
	}
	return true;
}

void page_organisation_edit(struct request *r)
{
	struct organisation o;
	if (!load_for_editing(r, route_id(r, 0), true, &o))
		return;
	organisation_form(r, &o, NULL);
}

void page_organisation_update(struct request *r)
{
	struct organisation stored;
	long long id = route_id(r, 0);
	if (!load_for_editing(r, id, false, &stored))
		return;
	struct organisation o;
	memset(&o, 0, sizeof o);
	o.id = id;
	organisation_submit(r, &o);
}

/* ---- Yearly confirmation -------------------------------------------------------------------------- */

void page_organisation_confirm(struct request *r)
{
	struct organisation o;
	long long id = route_id(r, 0);
	if (!load_for_editing(r, id, false, &o))
		return;
	enum outcome rc = organisation_confirm(r->store, id, r->user->id);
	if (rc != OUTCOME_OK) {
		respond_outcome(r, rc, NULL);
		return;
	}
	response_redirect(r, arena_printf(&r->arena, "/organisationer/%lld?bekraftad=1", id));
}

void page_organisation_unconfirmed(struct request *r)
{
	struct org_filter f = {0};
	f.include_hidden = true;
	f.unconfirmed_only = true;
	f.sort = ORG_SORT_NAME;
	struct org_page res;
	int pages = search(r, &f, &res);
	if (pages < 0)
		return;
	view_list_begin(r, _("To be confirmed"), NULL, 1, pages,
			_("Organisations whose details have not been confirmed in the last 15 months. Remind them "
			  "to check their details, or confirm them yourself once you have checked them together."));
	if (res.total == 0) {
		html_printf(&r->body, "<p>%s</p>\n",
			    _("Every organisation has confirmed its details in the last 15 months."));
		page_end(r);
		return;
	}
	char caption[160];
	snprintf(caption, sizeof caption,
		 P_("%lld organisation to be confirmed", "%lld organisations to be confirmed", res.total), res.total);
	table_begin(r, NULL, caption, false, f.page, pages);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Organisation"), _("Last confirmed"), _("Last updated"));
	for (int i = 0; i < res.n; i++) {
		const struct organisation *o = &res.items[i];
		html_printf(&r->body, "<tr><th scope=\"row\"><a href=\"/organisationer/%lld\">%s</a>", o->id, o->name);
		if (!o->public)
			html_printf(&r->body, " <span class=\"tag\">%s</span>", _("Not public"));
		html_printf(&r->body, "</th><td>");
		view_day(r, o->confirmed_at, _("Never"));
		html_printf(&r->body, "</td><td>");
		view_day(r, o->updated_at, "–");
		html_printf(&r->body, "</td></tr>\n");
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
	pagination(r, "/organisationer/att-bekrafta", "", f.page, pages);
	page_end(r);
}
