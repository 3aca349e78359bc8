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
#include "domain/municipality.h"
#include "domain/organisation.h"
#include "domain/organisation_export.h"
#include "domain/taxonomy.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define PER_PAGE 20
/* Far beyond any real register; keeps page * per_page well inside an int. */
/* Rows offered for contact persons; more are shown when an organisation already has more. */
#define CONTACT_ROWS 3
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

/* Within the domain's re-confirmation period (organisation_confirm_cutoff, the one rule). */
static bool confirmed_recently(const char *confirmed_at)
{
	if (!confirmed_at || !*confirmed_at)
		return false;
	char cutoff[21];
	organisation_confirm_cutoff(cutoff);
	return strcmp(confirmed_at, cutoff) >= 0;
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

/* A list item linking to the unclassified organisations, with how many there are; nothing when
 * there are none (or the count cannot be read: the link is a convenience). */
static void unclassified_link(struct request *r, const char *tag)
{
	struct org_page res;
	if (organisation_unclassified(r->store, &r->arena, 1, 1, &res) != OUTCOME_OK || res.total == 0)
		return;
	html_printf(&r->body, "<%s><a href=\"/organisationer/oklassificerade\">%s</a> (%lld)</%s>\n", tag,
		    _("Organisations without an activity category"), res.total, tag);
}

/* The register as a file, with the filters on the page (the query as understood). Everyone gets
 * the public register; staff also the municipality's own, with contact persons, clearly marked. */
static void download_links(struct request *r, const char *query, bool staff)
{
	const char *q = *query ? arena_printf(&r->arena, "?%s", query) : "";
	html_printf(&r->body, "<section class=\"downloads\" aria-labelledby=\"downloads-heading\">\n"
			      "<h2 id=\"downloads-heading\">%s</h2>\n<p>%s</p>\n<ul>\n"
			      "<li><a href=\"/organisationer.xlsx%s\" download>%s</a></li>\n"
			      "<li><a href=\"/organisationer.csv%s\" download>%s</a></li>\n</ul>\n",
		    _("Download the register"),
		    _("The organisations shown above, as a file: the public register, without personal data."), q,
		    _("Download (Excel)"), q, _("Download (CSV)"));
	/* The public register is open data: say under which licence the municipality publishes it. */
	struct municipality m;
	municipality_load(r->store, &r->arena, &m);
	html_printf(&r->body, "<p>%s <a href=\"%s\" rel=\"license\">%s</a></p>\n", _("Licence of the public register:"),
		    m.licence_url && *m.licence_url ? m.licence_url : MUNICIPALITY_DEFAULT_LICENCE_URL, m.licence);
	if (staff)
		html_printf(&r->body, "<p>%s</p>\n<ul>\n"
				      "<li><a href=\"/organisationer/med-kontaktpersoner.xlsx%s\" download>%s</a></li>\n"
				      "<li><a href=\"/organisationer/med-kontaktpersoner.csv%s\" download>%s</a></li>\n</ul>\n",
			    _("The municipality's own register, with hidden organisations, every address and the contact "
			      "persons. It contains personal data: keep the file where only those who need it can read it."),
			    q, _("Download with contact persons – personal data (Excel)"), q,
			    _("Download with contact persons – personal data (CSV)"));
	html_printf(&r->body, "</section>\n");
}

/* The register's filters from the address, for its page and its downloads alike: the search
 * words, the four lists (rf, as understood; *ignored when one was not), hidden ones for staff. */
static void list_filter(struct request *r, const struct taxonomies *tx, struct register_filter *rf, bool *ignored,
			struct org_filter *f, bool staff)
{
	const char *q = param_get(&r->query, "q");
	register_filter_read(r, tx, rf, ignored);
	memset(f, 0, sizeof *f);
	f->q = text_blank(q) ? NULL : q;
	f->category = rf->category;
	f->target_group = rf->target_group;
	f->district = rf->district;
	f->legal_form = rf->legal_form;
	f->include_hidden = staff;
}

/* Sends the register as a file named after its view and today's date. */
static void send_export(struct request *r, bool official)
{
	bool xlsx = strlen(r->path) > 5 && strcmp(r->path + strlen(r->path) - 5, ".xlsx") == 0;
	struct org_export_view v = {.official = official, .with_contacts = official};
	struct taxonomies tx;
	taxonomies_load(r, &tx);
	struct register_filter rf;
	bool ignored = false;
	list_filter(r, &tx, &rf, &ignored, &v.filter, official);
	buf_reset(&r->body);
	long count;
	int rc = organisation_export_to_buf(r->store, &v, xlsx ? ORG_EXPORT_XLSX : ORG_EXPORT_CSV, &r->body, &count);
	if (rc != 0) {
		buf_reset(&r->body);
		if (rc < 0)
			respond_outcome(r, store_outcome(r->store), NULL);
		else
			respond_failed(r);
		return;
	}
	char day[11];
	clock_date(clock_now(), day);
	r->status = 200;
	r->content_type = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			       : "text/csv; charset=utf-8";
	response_header(r, "content-disposition",
			arena_printf(&r->arena, "attachment; filename=\"organisationer-%s%s.%s\"",
				     official ? "med-kontaktpersoner-" : "", day, xlsx ? "xlsx" : "csv"));
	/* Personal data must not stay in a shared cache; the public file may change any minute. */
	response_header(r, "cache-control", official ? "no-store" : "no-cache");
}

void page_organisation_export(struct request *r) { send_export(r, false); }
void page_organisation_export_contacts(struct request *r) { send_export(r, true); }

void page_organisation_list(struct request *r)
{
	struct taxonomies tx;
	taxonomies_load(r, &tx);
	bool staff = request_role_at_least(r, ROLE_OFFICIAL);
	bool ignored = false;
	const char *q = param_get(&r->query, "q");
	const char *sort = param_get(&r->query, "sort");
	struct org_filter f;
	struct register_filter rf;
	list_filter(r, &tx, &rf, &ignored, &f, staff);
	bool searching = f.q != NULL;
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
	if (staff) {
		html_printf(&r->body, "<ul class=\"actions\">\n<li><a href=\"/organisationer/ny\">%s</a></li>\n",
			    _("Register a new organisation"));
		unclassified_link(r, "li");
		html_printf(&r->body, "<li><a href=\"/organisationer/att-bekrafta\">%s</a></li>\n</ul>\n",
			    _("Organisations to be confirmed"));
	}

	html_printf(&r->body,
		    "<form class=\"filters\" method=\"get\" action=\"/organisationer\" role=\"search\" "
		    "aria-labelledby=\"filters-heading\">\n<h2 id=\"filters-heading\">%s</h2>\n",
		    _("Search and filter"));
	form_text(r, "q", _("Search text"), q, _("Words in the name or the description."), NULL, "search", NULL);
	view_filters_grid_begin(r, _("Filters and order"),
				!!f.category + !!f.target_group + !!f.district + !!f.legal_form, searching);
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
	download_links(r, buf_str(&query), staff);
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
		html_printf(&r->body, "<tr><th scope=\"row\">%s</th><td data-label=\"%s\">%s</td><td data-label=\"%s\">",
			    c->name, _("Role"), c->role ? c->role : "", _("E-mail"));
		view_email_link(r, c->email, NULL);
		html_printf(&r->body, "</td><td data-label=\"%s\">", _("Phone"));
		view_phone_link(r, c->phone, NULL);
		html_printf(&r->body, "</td></tr>\n");
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
}

/* One address as a definition, or nothing when none of it is given; "not published" when only
 * staff and the organisation's own people see it. */
static void print_address(struct request *r, const char *label, const char *street, const char *postcode,
			  const char *city, bool published)
{
	if (text_blank(street) && text_blank(postcode) && text_blank(city))
		return;
	html_printf(&r->body, "<dt>%s</dt><dd>", label);
	if (!text_blank(street))
		html_printf(&r->body, "%s<br>", street);
	html_printf(&r->body, "%s%s%s", postcode ? postcode : "", !text_blank(postcode) && !text_blank(city) ? " " : "",
		    city ? city : "");
	if (!published)
		html_printf(&r->body, " <span class=\"tag\">%s</span>", _("Not published"));
	html_printf(&r->body, "</dd>\n");
}

/* A waiting request to change the organisation number: staff answer it, the organisation's own
 * people see that it waits, and once the number is confirmed they are offered to ask. */
static void number_request_section(struct request *r, const struct organisation *o, bool staff, bool own)
{
	if (o->org_number_requested && (staff || own)) {
		html_printf(&r->body, "<section class=\"notice\" id=\"organisationsnummer\" aria-labelledby=\"number-heading\">\n"
				      "<h2 id=\"number-heading\">%s</h2>\n<dl class=\"details\">\n"
				      "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>",
			    _("A change of the organisation number is waiting"), _("Now"),
			    text_blank(o->org_number) ? "–" : o->org_number, _("Asked for"), o->org_number_requested,
			    _("Why"));
		view_paragraphs(r, o->org_number_request_reason ? o->org_number_request_reason : "");
		html_printf(&r->body, "</dd>\n<dt>%s</dt><dd>", _("Asked on"));
		view_day(r, o->org_number_requested_at, "–");
		html_printf(&r->body, "</dd>\n</dl>\n");
		if (staff) {
			form_begin(r, arena_printf(&r->arena, "/organisationer/%lld/organisationsnummer/godkann", o->id));
			form_end(r, _("Approve the new number"));
			form_begin(r, arena_printf(&r->arena, "/organisationer/%lld/organisationsnummer/avsla", o->id));
			form_end(r, _("Decline the change"));
		} else {
			html_printf(&r->body, "<p>%s</p>\n", _("The municipality will check the number and answer."));
		}
		html_printf(&r->body, "</section>\n");
	} else if (own && o->org_number_confirmed_at) {
		html_printf(&r->body, "<p><a href=\"/organisationer/%lld/organisationsnummer\">%s</a></p>\n", o->id,
			    _("Ask for a change of the organisation number"));
	}
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
	const char *number = param_get(&r->query, "nummer");
	if (number && strcmp(number, "begard") == 0)
		view_status(r, _("Your request has been sent. The municipality will check the number and answer."));
	else if (number && strcmp(number, "godkant") == 0)
		view_status(r, _("The organisation number has been changed."));
	else if (number && strcmp(number, "avslaget") == 0)
		view_status(r, _("The change of the organisation number was declined."));
	number_request_section(r, &o, staff, own);
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
	if (o.org_number && *o.org_number) {
		html_printf(&r->body, "<dt>%s</dt><dd>%s", _("Organisation number"), o.org_number);
		if (o.org_number_confirmed_at && (staff || own))
			html_printf(&r->body, " <span class=\"hint\">%s</span>", _("(confirmed by the municipality)"));
		html_printf(&r->body, "</dd>\n");
	}
	/* The address is the organisation's to publish; staff and its own people always see it. */
	if (o.address_public || staff || own) {
		print_address(r, _("Visiting address"), o.street, o.postcode, o.city, o.address_public);
		print_address(r, _("Postal address"), o.postal_street, o.postal_postcode, o.postal_city, o.address_public);
	}
	if (o.website && *o.website) {
		if (is_web_address(o.website))
			html_printf(&r->body, "<dt>%s</dt><dd><a href=\"%s\" rel=\"noopener\">%s</a></dd>\n", _("Website"),
				    o.website, o.website);
		else
			html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", _("Website"), o.website);
	}
	if (o.email && *o.email) {
		html_printf(&r->body, "<dt>%s</dt><dd>", _("E-mail"));
		view_email_link(r, o.email, NULL);
		html_printf(&r->body, "</dd>\n");
	}
	if (o.phone && *o.phone) {
		html_printf(&r->body, "<dt>%s</dt><dd>", _("Phone"));
		view_phone_link(r, o.phone, NULL);
		html_printf(&r->body, "</dd>\n");
	}
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
	o->street = form_value(r, "street");
	o->postcode = form_value(r, "postcode");
	o->city = form_value(r, "city");
	o->postal_street = form_value(r, "postal_street");
	o->postal_postcode = form_value(r, "postal_postcode");
	o->postal_city = form_value(r, "postal_city");
	o->address_public = param_get(&r->form, "address_public") != NULL;
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

/* One address as a fieldset; prefix "" for the visiting address, "postal_" for the postal one. */
static void address_fieldset(struct request *r, const char *prefix, const char *legend, const char *hint,
			     const char *street, const char *postcode, const char *city, const struct field_errors *e)
{
	html_printf(&r->body, "<fieldset class=\"address\">\n<legend>%s</legend>\n", legend);
	if (hint)
		html_printf(&r->body, "<p class=\"hint\">%s</p>\n", hint);
	/* Browsers fill both addresses from the same card otherwise: the section names which. */
	const char *section = *prefix ? "section-postal " : "section-visit ";
	form_text(r, arena_printf(&r->arena, "%sstreet", prefix), _("Street address"), street, NULL, e, "text",
		  arena_printf(&r->arena, "%sstreet-address", section));
	form_text_mode(r, arena_printf(&r->arena, "%spostcode", prefix), _("Postcode"), postcode,
		       _("Five digits, like 178 92."), e, arena_printf(&r->arena, "%spostal-code", section), "numeric");
	form_text(r, arena_printf(&r->arena, "%scity", prefix), _("Town"), city, NULL, e, "text",
		  arena_printf(&r->arena, "%saddress-level2", section));
	html_printf(&r->body, "</fieldset>\n");
}

/* The organisation number as a representative sees it once the municipality has confirmed it:
 * not an input, and the way to ask for a change. The id lets the error summary point here. */
static void locked_number(struct request *r, long long id, const char *number, const struct field_errors *e)
{
	const char *error = field_error_for(e, "org_number");
	html_printf(&r->body, "<div class=\"field%s\" id=\"org_number\">\n<p><strong>%s</strong></p>\n<p>%s</p>\n",
		    error ? " has-error" : "", _("Organisation number"), text_blank(number) ? "–" : number);
	if (error)
		html_printf(&r->body, "<p class=\"error\">%s</p>\n", error);
	html_printf(&r->body, "<p class=\"hint\">%s <a href=\"/organisationer/%lld/organisationsnummer\">%s</a></p>\n</div>\n",
		    _("The municipality has confirmed the number."), id, _("Ask for a change"));
}

static void organisation_form(struct request *r, struct organisation *o, const struct field_errors *e,
			      const char *locked)
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
	html_printf(&r->body, "<p>%s</p>\n", _("The name and the legal form are required."));
	/* A long form: its four sections are one jump away, with the keyboard too. */
	html_printf(&r->body,
		    "<nav class=\"on-this-page\" aria-labelledby=\"on-this-page\">\n<h2 id=\"on-this-page\">%s</h2>\n<ul>\n"
		    "<li><a href=\"#about\">%s</a></li>\n<li><a href=\"#reach\">%s</a></li>\n"
		    "<li><a href=\"#activities\">%s</a></li>\n<li><a href=\"#visibility\">%s</a></li>\n</ul>\n</nav>\n",
		    _("On this page"), _("About the organisation"), _("How to reach the organisation"),
		    _("What the organisation does"), _("Visibility and contacts"));
	form_begin(r, action);

	html_printf(&r->body, "<h2 id=\"about\">%s</h2>\n", _("About the organisation"));
	form_text(r, "name", _("Name"), o->name, NULL, e, "text", "organization");
	if (locked)
		locked_number(r, o->id, locked, e);
	else
		form_text(r, "org_number", _("Organisation number"), o->org_number,
			  _("Ten digits, like 802000-1239. Leave it empty for an informal group without one."), e, "text",
			  "off");
	struct form_option *forms = arena_alloc(&r->arena, sizeof *forms * (size_t)(tx.legal_forms.n + 1));
	forms[0] = (struct form_option){"", _("– choose –")};
	for (int i = 0; i < tx.legal_forms.n; i++)
		forms[i + 1] = (struct form_option){tx.legal_forms.t[i].code, term_name(&tx.legal_forms.t[i])};
	form_select(r, "legal_form", _("Legal form"), o->legal_form, forms, tx.legal_forms.n + 1, e, false);
	form_textarea(r, "description", _("Description"), o->description,
		      _("What the organisation does, for whom and where. Shown in the public register."), e);

	html_printf(&r->body, "<h2 id=\"reach\">%s</h2>\n", _("How to reach the organisation"));
	form_text(r, "website", _("Website"), o->website, _("For example www.example.se"), e, "url", "off");
	form_text(r, "email", _("E-mail"), o->email, _("The organisation's shared address, shown publicly."), e,
		  "email", "off");
	form_text(r, "phone", _("Phone"), o->phone, NULL, e, "tel", "off");
	address_fieldset(r, "", _("Visiting address"), NULL, o->street, o->postcode, o->city, e);
	address_fieldset(r, "postal_", _("Postal address"), _("Only if it is different from the visiting address."),
			 o->postal_street, o->postal_postcode, o->postal_city, e);
	form_checkbox(r, "address_public", _("Publish the address in the public register"), o->address_public);

	html_printf(&r->body, "<h2 id=\"activities\">%s</h2>\n", _("What the organisation does"));
	form_checkboxes(r, "categories", _("Activities"), terms_options(r, &tx.categories), tx.categories.n,
			o->categories, o->ncategories, e);
	form_checkboxes(r, "target_groups", _("Target groups"), terms_options(r, &tx.target_groups), tx.target_groups.n,
			o->target_groups, o->ntarget_groups, e);
	int ndistricts; /* a retired district is not offered (domain/district.h) */
	struct form_option *districts = terms_offered(r, &tx.districts, &ndistricts);
	form_checkboxes(r, "districts", _("Districts served"), districts, ndistricts, o->districts, o->ndistricts, e);

	html_printf(&r->body, "<h2 id=\"visibility\">%s</h2>\n", _("Visibility and contacts"));
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
static void organisation_submit(struct request *r, struct organisation *o, const char *locked)
{
	struct field_errors e = {0};
	organisation_from_form(r, o);
	/* The locked form has no number input: the number stays as confirmed. One sent anyway is
	 * the domain's to refuse. */
	if (locked && !param_get(&r->form, "org_number"))
		o->org_number = locked;
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
		organisation_form(r, o, &e, locked);
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
	organisation_form(r, &o, NULL, NULL);
}

void page_organisation_create(struct request *r)
{
	struct organisation o;
	memset(&o, 0, sizeof o);
	organisation_submit(r, &o, NULL);
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

/* The confirmed number when the signed-in person may not change it (below official), else NULL. */
static const char *number_lock(struct request *r, const struct organisation *stored)
{
	if (request_role_at_least(r, ROLE_OFFICIAL) || !stored->org_number_confirmed_at)
		return NULL;
	return stored->org_number ? stored->org_number : "";
}

void page_organisation_edit(struct request *r)
{
	struct organisation o;
	if (!load_for_editing(r, route_id(r, 0), true, &o))
		return;
	organisation_form(r, &o, NULL, number_lock(r, &o));
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
	organisation_submit(r, &o, number_lock(r, &stored));
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
	view_list_begin(r, _("Details to re-confirm"), NULL, 1, pages,
			_("Organisations whose details have not been confirmed in the last 15 months. Remind them "
			  "to check their details, or confirm them yourself once you have checked them together."));
	unclassified_link(r, "p");
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
		html_printf(&r->body, "</th><td data-label=\"%s\">", _("Last confirmed"));
		view_day(r, o->confirmed_at, _("Never"));
		html_printf(&r->body, "</td><td data-label=\"%s\">", _("Last updated"));
		view_day(r, o->updated_at, "–");
		html_printf(&r->body, "</td></tr>\n");
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
	pagination(r, "/organisationer/att-bekrafta", "", f.page, pages);
	page_end(r);
}

/* ---- Changing a confirmed organisation number -------------------------------------------------------- */

static void number_request_form(struct request *r, const struct organisation *o, const char *number,
				const char *reason, const struct field_errors *e)
{
	const char *heading = _("Ask for a change of the organisation number");
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), heading) : heading);
	html_printf(&r->body, "<p class=\"back\"><a href=\"/organisationer/%lld\">%s</a></p>\n<h1>%s</h1>\n", o->id,
		    o->name, heading);
	form_error_summary(r, e);
	html_printf(&r->body, "<p>%s</p>\n<p>%s <strong>%s</strong></p>\n",
		    _("The municipality has confirmed the organisation number. Give the right number and say why, "
		      "and an official will check it against the registry and answer."),
		    _("The number now:"), text_blank(o->org_number) ? "–" : o->org_number);
	form_begin(r, arena_printf(&r->arena, "/organisationer/%lld/organisationsnummer", o->id));
	form_text(r, "org_number", _("The right organisation number"), number, _("Ten digits, like 802000-1239."), e,
		  "text", "off");
	form_textarea(r, "reason", _("Why should it change?"), reason,
		      _("For example: the number was mistyped, or the association has been re-registered."), e);
	form_end(r, _("Send the request"));
	page_end(r);
}

void page_organisation_number_form(struct request *r)
{
	struct organisation o;
	if (!load_for_editing(r, route_id(r, 0), false, &o))
		return;
	number_request_form(r, &o, "", "", NULL);
}

void page_organisation_number_request(struct request *r)
{
	struct organisation o;
	long long id = route_id(r, 0);
	if (!load_for_editing(r, id, false, &o))
		return;
	struct field_errors e = {0};
	const char *number = form_value(r, "org_number"), *reason = form_value(r, "reason");
	enum outcome rc = organisation_number_request(r->store, &r->arena, id, r->user->id, number, reason, &e);
	if (rc == OUTCOME_INVALID) {
		r->status = 422;
		number_request_form(r, &o, number, reason, &e);
		return;
	}
	if (rc != OUTCOME_OK) {
		request_back(r, arena_printf(&r->arena, "/organisationer/%lld", id), o.name);
		respond_outcome(r, rc, &e);
		return;
	}
	response_redirect(r, arena_printf(&r->arena, "/organisationer/%lld?nummer=begard", id));
}

static void number_answer(struct request *r, bool approve)
{
	long long id = route_id(r, 0);
	struct field_errors e = {0};
	enum outcome rc = id ? organisation_number_answer(r->store, &r->arena, id, approve, r->user->id, &e)
			     : OUTCOME_NOT_FOUND;
	if (rc != OUTCOME_OK) {
		request_back(r, arena_printf(&r->arena, "/organisationer/%lld", id), _("Back to the organisation"));
		respond_outcome(r, rc, &e);
		return;
	}
	response_redirect(r, arena_printf(&r->arena, "/organisationer/%lld?nummer=%s", id,
					  approve ? "godkant" : "avslaget"));
}

void page_organisation_number_approve(struct request *r) { number_answer(r, true); }
void page_organisation_number_decline(struct request *r) { number_answer(r, false); }

/* ---- Unclassified organisations ---------------------------------------------------------------------- */

/* The organisations without an activity category, each with a checkbox, and the categories to
 * give the chosen ones; `chosen` and `categories` are what was ticked when shown again. */
static void unclassified_page(struct request *r, const long long *chosen, int nchosen, const char **categories,
			      int ncategories, const struct field_errors *e)
{
	struct org_page res;
	int page = request_page(r);
	enum outcome rc = organisation_unclassified(r->store, &r->arena, page, PER_PAGE, &res);
	int pages = rc == OUTCOME_OK ? page_count(res.total, PER_PAGE) : 0;
	if (rc == OUTCOME_OK && res.total > 0 && page > pages)
		rc = organisation_unclassified(r->store, &r->arena, page = pages, PER_PAGE, &res);
	if (rc != OUTCOME_OK) {
		respond_outcome(r, rc, NULL);
		return;
	}
	struct taxonomies tx;
	taxonomies_load(r, &tx);
	const char *title = _("Organisations without an activity category");
	view_list_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), title) : title,
			_("Organisations without an activity category, page %d of %d"), page, pages,
			_("Organisations registered or imported without an activity category do not show up when the "
			  "register is filtered by activity. Choose some, tick the categories that fit them all, and "
			  "classify them together."));
	html_printf(&r->body, "<p><a href=\"/organisationer/att-bekrafta\">%s</a></p>\n", _("Organisations to be confirmed"));
	if (param_get(&r->query, "klassificerade"))
		view_status(r, _("The chosen organisations have been classified."));
	form_error_summary(r, e);
	if (res.total == 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("Every organisation has at least one activity category."));
		page_end(r);
		return;
	}
	form_begin(r, arena_printf(&r->arena, "/organisationer/oklassificerade%s",
				   page > 1 ? arena_printf(&r->arena, "?page=%d", page) : ""));
	const char *error = field_error_for(e, "organisations");
	char legend[160];
	snprintf(legend, sizeof legend, P_("%lld organisation without an activity category",
					   "%lld organisations without an activity category", res.total), res.total);
	html_printf(&r->body, "<fieldset class=\"checkboxes%s\" id=\"organisations\">\n<legend>%s</legend>\n",
		    error ? " has-error" : "", legend);
	if (error)
		html_printf(&r->body, "<p class=\"error\">%s</p>\n", error);
	html_printf(&r->body, "<ul class=\"choices\">\n");
	for (int i = 0; i < res.n; i++) {
		const struct organisation *o = &res.items[i];
		bool on = false;
		for (int j = 0; j < nchosen; j++)
			on |= chosen[j] == o->id;
		html_printf(&r->body,
			    "<li><input type=\"checkbox\" id=\"organisations-%lld\" name=\"organisations\" value=\"%lld\"%s> "
			    "<label for=\"organisations-%lld\">%s</label> <a href=\"/organisationer/%lld\">%s</a>",
			    o->id, o->id, on ? " checked" : "", o->id, o->name, o->id, _("(show)"));
		html_printf(&r->body, " <span class=\"meta\">%s", terms_label(&tx.legal_forms, o->legal_form));
		if (!o->public)
			html_printf(&r->body, " · %s", _("Not public"));
		html_printf(&r->body, "</span></li>\n");
	}
	html_printf(&r->body, "</ul>\n</fieldset>\n");
	form_checkboxes(r, "categories", _("Activity categories to add"), terms_options(r, &tx.categories),
			tx.categories.n, categories, ncategories, e);
	form_end(r, _("Classify the chosen"));
	pagination(r, "/organisationer/oklassificerade", "", page, pages);
	page_end(r);
}

void page_organisation_unclassified(struct request *r)
{
	unclassified_page(r, NULL, 0, NULL, 0, NULL);
}

void page_organisation_classify(struct request *r)
{
	const char *values[PER_PAGE * 5];
	int nvalues = param_all(&r->form, "organisations", values, PER_PAGE * 5);
	long long ids[PER_PAGE * 5];
	int n = 0;
	for (int i = 0; i < nvalues; i++) {
		long long id = id_param(values[i]);
		bool seen = false;
		for (int j = 0; j < n; j++)
			seen |= ids[j] == id;
		if (id && !seen)
			ids[n++] = id;
	}
	const char *categories[ORG_MAX_CODES];
	int ncat = param_all(&r->form, "categories", categories, ORG_MAX_CODES);
	struct field_errors e = {0};
	enum outcome rc = organisation_classify(r->store, &r->arena, ids, n, categories, ncat, r->user->id, &e);
	if (rc == OUTCOME_INVALID) {
		r->status = 422;
		unclassified_page(r, ids, n, categories, ncat, &e);
		return;
	}
	if (rc != OUTCOME_OK) {
		request_back(r, "/organisationer/oklassificerade", _("Organisations without an activity category"));
		respond_outcome(r, rc, &e);
		return;
	}
	response_redirect(r, "/organisationer/oklassificerade?klassificerade=1");
}
