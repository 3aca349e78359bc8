/* admin_pages: the administration — accounts, their roles, departments and access, and the audit
 * log of who changed what. Coordinators may look; only administrators change anything. */
#include "web/pages.h"
#include "base/text.h"
#include "web/view.h"
#include "web/form.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/account_admin.h"
#include "domain/audit.h"
#include "domain/figures.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACCOUNTS_PER_PAGE 25
#define LOG_PER_PAGE 50
#define DEPARTMENTS_MAX 200
#define ENTITIES_MAX 100
#define ORGS_MAX 100

void admin_menu(struct request *r)
{
	html_printf(&r->body,
		    "<nav class=\"subnav\" aria-label=\"%s\"><ul>\n<li><a href=\"/admin\">%s</a></li>\n"
		    "<li><a href=\"/admin/konton\">%s</a></li>\n<li><a href=\"/admin/logg\">%s</a></li>\n"
		    "<li><a href=\"/admin/personuppgifter\">%s</a></li>\n",
		    _("Administration"), _("Overview"), _("Accounts"), _("Audit log"), _("Personal data"));
	/* The outbox shows recipients' addresses: its page is for administrators only. */
	if (request_role_at_least(r, ROLE_ADMIN))
		html_printf(&r->body, "<li><a href=\"/admin/utskick\">%s</a></li>\n", _("Outgoing e-mail"));
	html_printf(&r->body, "</ul></nav>\n");
}

/* ---- Overview -------------------------------------------------------------------------------- */

void page_admin(struct request *r)
{
	long long counts[ROLE_ADMIN + 1], disabled = 0, pending = -1, orphans = -1;
	if (account_admin_role_counts(r->store, counts, &disabled) == 0 &&
	    (pending = figures_pending_representation_requests(r->store)) >= 0)
		orphans = figures_organisations_without_representative(r->store);
	if (orphans < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	page_begin(r, _("Administration"));
	html_printf(&r->body, "<h1>%s</h1>\n", _("Administration"));
	admin_menu(r);
	if (!request_role_at_least(r, ROLE_ADMIN))
		html_printf(&r->body, "<p>%s</p>\n",
			    _("As a coordinator you can see the accounts and the audit log; only administrators change roles "
			      "and access."));
	table_begin(r, NULL, _("Accounts by role"), false, 1, 1);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\" class=\"number\">%s</th></tr></thead>\n<tbody>\n",
		    _("Role"), _("Accounts"));
	for (int role = ROLE_ADMIN; role >= ROLE_PERSON; role--)
		html_printf(&r->body, "<tr><th scope=\"row\">%s</th><td class=\"number\">%lld</td></tr>\n",
			    role_label((enum role)role), counts[role]);
	html_printf(&r->body, "<tr><th scope=\"row\">%s</th><td class=\"number\">%lld</td></tr>\n",
		    _("Disabled accounts"), disabled);
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
	html_printf(&r->body, "<h2>%s</h2>\n<ul>\n<li>%s: %lld</li>\n<li>%s: %lld</li>\n</ul>\n",
		    _("Representation"), _("Requests to represent an organisation waiting for an answer"), pending,
		    _("Organisations without a representative"), orphans);
	html_printf(&r->body, "<p>%s</p>\n",
		    _("A coordinator assigns a representative, or invites one by e-mail, from the organisation's page."));
	html_printf(&r->body, "<h2>%s</h2>\n<p><a href=\"/admin/aterkoppling\">%s</a></p>\n", _("Feedback"), _("Feedback targets"));
	html_printf(&r->body, "<h2>%s</h2>\n<ul>\n<li><a href=\"/admin/kommun\">%s</a></li>\n<li><a href=\"/admin/konton/bjud-in\">%s</a></li>\n</ul>\n", _("The municipality"), _("The municipality's profile"), _("Invite staff"));
	html_printf(&r->body,
		    "<h2>%s</h2>\n<ul>\n<li><a href=\"/admin/namnder\">%s</a></li>\n<li><a href=\"/admin/forvaltningar\">%s</a></li>\n"
		    "<li><a href=\"/admin/omraden\">%s</a></li>\n<li><a href=\"/admin/kategorier\">%s</a></li>\n</ul>\n",
		    _("The municipality's lists"), _("Committees"), _("Departments"), _("Districts"),
		    _("Categories and aliases"));
	page_end(r);
}

/* ---- Accounts -------------------------------------------------------------------------------- */

void page_admin_accounts(struct request *r)
{
	const char *q = param_get(&r->query, "q");
	if (q && text_chars(q, false) < 0)
		q = NULL;
	struct account_filter f = {.q = q, .page = request_page(r), .per_page = ACCOUNTS_PER_PAGE};
	struct account_row *rows = arena_alloc(&r->arena, sizeof *rows * ACCOUNTS_PER_PAGE);
	long long total = 0;
	int n = account_admin_search(r->store, &r->arena, &f, rows, &total);
	int pages = page_count(total, ACCOUNTS_PER_PAGE);
	if (n >= 0 && total > 0 && f.page > pages) {
		f.page = pages;
		n = account_admin_search(r->store, &r->arena, &f, rows, &total);
	}
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	page_begin(r, f.page > 1 ? arena_printf(&r->arena, _("Accounts, page %d of %d"), f.page, pages) : _("Accounts"));
	html_printf(&r->body, "<h1>%s</h1>\n", _("Accounts"));
	admin_menu(r);
	html_printf(&r->body, "<form method=\"get\" action=\"/admin/konton\" role=\"search\" aria-label=\"%s\">\n",
		    _("Search accounts"));
	form_text(r, "q", _("Name or e-mail"), q, NULL, NULL, "search", "off");
	html_printf(&r->body, "<div class=\"actions\"><button type=\"submit\">%s</button> <a href=\"/admin/konton\">%s</a></div>\n</form>\n",
		    _("Search"), _("Show all"));

	char caption[160];
	snprintf(caption, sizeof caption, P_("%lld account", "%lld accounts", total), total);
	if (total == 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("No account matches the search."));
		page_end(r);
		return;
	}
	table_begin(r, NULL, caption, false, f.page, pages);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Name"), _("E-mail"), _("Role"), _("Department"), _("Status"));
	for (int i = 0; i < n; i++) {
		const struct account_row *a = &rows[i];
		html_printf(&r->body,
			    "<tr><th scope=\"row\"><a href=\"/admin/konton/%lld\">%s</a></th><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>\n",
			    a->id, a->name, _("E-mail"), a->email, _("Role"), role_label(a->role), _("Department"),
			    a->department_name ? a->department_name : "–", _("Status"),
			    a->disabled ? _("Disabled") : a->verified ? _("Active") : _("Address not confirmed"));
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
	struct buf query = BUF_INIT;
	query_add(&query, "q", q);
	pagination(r, "/admin/konton", buf_str(&query), f.page, pages);
	buf_free(&query);
	page_end(r);
}

static void account_page(struct request *r, const struct account_row *a, enum role role_value,
			 long long department_value, const struct field_errors *e)
{
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), a->name) : a->name);
	html_printf(&r->body, "<p class=\"back\"><a href=\"/admin/konton\">%s</a></p>\n<h1>%s</h1>\n", _("All accounts"),
		    a->name);
	const char *saved = param_get(&r->query, "sparat");
	if (saved && strcmp(saved, "roll") == 0)
		view_status(r, _("The role and department have been saved."));
	else if (saved && strcmp(saved, "inaktiverat") == 0)
		view_status(r, _("The account has been disabled and signed out everywhere."));
	else if (saved && strcmp(saved, "aktiverat") == 0)
		view_status(r, _("The account has been enabled."));
	form_error_summary(r, e);

	html_printf(&r->body, "<dl class=\"details\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
			      "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>",
		    _("E-mail"), a->email, _("Role"), role_label(a->role), _("Department"),
		    a->department_name ? a->department_name : "–", _("Status"),
		    a->disabled ? _("Disabled") : a->verified ? _("Active") : _("Address not confirmed"), _("Created"));
	view_utc_time(r, a->created_at, "–");
	html_printf(&r->body, "</dd>\n</dl>\n");

	/* The organisations the account represents: a handful, never thousands. */
	struct account_organisation *orgs = arena_alloc(&r->arena, sizeof *orgs * ORGS_MAX);
	int norgs = account_organisations(r->store, &r->arena, a->id, orgs, ORGS_MAX);
	if (norgs > 0)
		html_printf(&r->body, "<h2>%s</h2>\n<ul>\n", _("Represents"));
	for (int i = 0; i < norgs; i++)
		html_printf(&r->body, "<li><a href=\"/organisationer/%lld#foretradare\">%s</a></li>\n", orgs[i].id,
			    orgs[i].name);
	if (norgs > 0)
		html_printf(&r->body, "</ul>\n");
	html_printf(&r->body,
		    "<p><a href=\"/admin/logg?account=%lld\">%s</a> · <a href=\"/admin/logg?entity=account&amp;entity_id=%lld\">%s</a></p>\n",
		    a->id, _("Changes made by this account"), a->id, _("Changes to this account"));

	if (!request_role_at_least(r, ROLE_ADMIN)) {
		page_end(r);
		return;
	}
	bool self = a->id == r->user->id;
	html_printf(&r->body, "<h2>%s</h2>\n", _("Role and department"));
	if (self)
		html_printf(&r->body, "<p>%s</p>\n",
			    _("You cannot change your own role: another administrator must do it, so that nobody locks "
			      "themselves out by mistake."));
	form_begin(r, arena_printf(&r->arena, "/admin/konton/%lld", a->id));
	struct form_option roles[ROLE_ADMIN];
	int nroles = 0;
	for (int role = ROLE_PERSON; role <= ROLE_ADMIN; role++)
		roles[nroles++] = (struct form_option){role_code((enum role)role), role_label((enum role)role)};
	if (self)
		html_printf(&r->body, "<input type=\"hidden\" name=\"role\" value=\"%s\">\n", role_code(a->role));
	else
		form_select(r, "role", _("Role"), role_code(role_value), roles, nroles, e, false);
	struct department *deps = arena_alloc(&r->arena, sizeof *deps * DEPARTMENTS_MAX);
	int ndeps = department_list(r->store, &r->arena, deps, DEPARTMENTS_MAX);
	struct form_option *dopts = arena_alloc(&r->arena, sizeof *dopts * (size_t)(DEPARTMENTS_MAX + 1));
	int nd = 0;
	dopts[nd++] = (struct form_option){"", _("– none –")};
	/* A retired department takes no new officials; the account's own stays selectable. */
	for (int i = 0; i < ndeps; i++)
		if (!deps[i].retired || deps[i].id == department_value)
			dopts[nd++] = (struct form_option){arena_printf(&r->arena, "%lld", deps[i].id), deps[i].name};
	form_select(r, "department", _("Department"), department_value ? arena_printf(&r->arena, "%lld", department_value) : "",
		    dopts, nd, e, false);
	html_printf(&r->body, "<p class=\"hint\">%s</p>\n", _("An official belongs to a department."));
	form_end(r, _("Save role and department"));

	html_printf(&r->body, "<h2>%s</h2>\n", _("Access"));
	if (self) {
		html_printf(&r->body, "<p>%s</p>\n", _("You cannot disable your own account."));
	} else if (a->disabled) {
		html_printf(&r->body, "<p>%s</p>\n", _("The account is disabled: it cannot log in."));
		form_begin(r, arena_printf(&r->arena, "/admin/konton/%lld/aktivera", a->id));
		form_end(r, _("Enable the account"));
	} else {
		html_printf(&r->body, "<p>%s</p>\n",
			    _("A disabled account is logged out everywhere and cannot log in until it is enabled again. "
			      "Nothing it did is removed."));
		form_begin(r, arena_printf(&r->arena, "/admin/konton/%lld/inaktivera", a->id));
		form_end(r, _("Disable the account"));
	}
	page_end(r);
}

void page_admin_account(struct request *r)
{
	struct account_row a;
	enum outcome o = account_admin_load(r->store, &r->arena, route_id(r, 0), &a);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	account_page(r, &a, a.role, a.department_id, NULL);
}

/* Shows the account again with what was refused: 422 for a field to correct, 409 when the change
 * cannot be made at all (one's own role or access, the last administrator), the page around it
 * either way; anything else is the general answer. */
static void admin_refused(struct request *r, const struct account_row *a, enum outcome o, const struct field_errors *e,
			  enum role role, long long department)
{
	if (o != OUTCOME_INVALID && o != OUTCOME_CONFLICT) {
		respond_outcome(r, o, e);
		return;
	}
	r->status = o == OUTCOME_CONFLICT ? 409 : 422;
	account_page(r, a, role, department, e);
}

void page_admin_account_update(struct request *r)
{
	struct account_row a;
	long long id = route_id(r, 0);
	enum outcome o = account_admin_load(r->store, &r->arena, id, &a);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	const char *dep_s = param_get(&r->form, "department");
	enum role role = role_from_code(param_get(&r->form, "role"));
	long long department = id_param(dep_s);
	if (dep_s && *dep_s && !department)
		department = -1; /* typed, but no department's number */
	struct field_errors e = {0};
	o = account_admin_update(r->store, r->user, id, role, department, &e);
	if (o != OUTCOME_OK) {
		admin_refused(r, &a, o, &e, role == ROLE_NONE ? a.role : role, department > 0 ? department : 0);
		return;
	}
	response_redirect(r, arena_printf(&r->arena, "/admin/konton/%lld?sparat=roll", id));
}

static void set_disabled(struct request *r, bool disabled)
{
	struct account_row a;
	long long id = route_id(r, 0);
	enum outcome o = account_admin_load(r->store, &r->arena, id, &a);
	struct field_errors e = {0};
	if (o == OUTCOME_OK)
		o = account_admin_set_disabled(r->store, r->user, id, disabled, &e);
	if (o != OUTCOME_OK) {
		admin_refused(r, &a, o, &e, a.role, a.department_id);
		return;
	}
	response_redirect(r, arena_printf(&r->arena, "/admin/konton/%lld?sparat=%s", id, disabled ? "inaktiverat" : "aktiverat"));
}

void page_admin_account_disable(struct request *r) { set_disabled(r, true); }
void page_admin_account_enable(struct request *r) { set_disabled(r, false); }

/* ---- The audit log --------------------------------------------------------------------------- */

/* The account a filter names: its number, or its e-mail address. 0 when none matches. */
static long long account_from_filter(struct request *r, const char *v)
{
	long long id = id_param(v);
	if (id || !v || !*v)
		return id;
	long long found = account_id_by_email(r->store, v);
	return found > 0 ? found : 0;
}

void page_admin_log(struct request *r)
{
	const char **entities = arena_alloc(&r->arena, sizeof *entities * ENTITIES_MAX);
	int nentities = audit_entities(r->store, &r->arena, entities, ENTITIES_MAX);
	if (nentities < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	/* Only a name the log knows is a filter; anything else is dropped and said. */
	const char *entity = param_get(&r->query, "entity");
	bool ignored = false;
	if (entity && *entity) {
		bool known = false;
		for (int i = 0; i < nentities; i++)
			if (strcmp(entities[i], entity) == 0)
				known = true;
		if (!known) {
			entity = NULL;
			ignored = true;
		}
	}
	const char *account = param_get(&r->query, "account");
	if (account && text_chars(account, false) < 0)
		account = NULL;
	long long account_id = account_from_filter(r, account);
	if (account && *account && !account_id)
		ignored = true;
	long long entity_id = entity ? id_param(param_get(&r->query, "entity_id")) : 0;

	struct audit_filter f = {.entity = entity, .entity_id = entity_id, .account_id = account_id,
				 .page = request_page(r), .per_page = LOG_PER_PAGE};
	struct audit_entry *rows = arena_alloc(&r->arena, sizeof *rows * LOG_PER_PAGE);
	long long total = 0;
	int n = audit_list(r->store, &r->arena, &f, rows, &total);
	int pages = page_count(total, LOG_PER_PAGE);
	if (n >= 0 && total > 0 && f.page > pages) {
		f.page = pages;
		n = audit_list(r->store, &r->arena, &f, rows, &total);
	}
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}

	page_begin(r, f.page > 1 ? arena_printf(&r->arena, _("Audit log, page %d of %d"), f.page, pages) : _("Audit log"));
	html_printf(&r->body, "<h1>%s</h1>\n", _("Audit log"));
	admin_menu(r);
	html_printf(&r->body, "<p class=\"lead\">%s</p>\n",
		    _("Every change, who made it and when, newest first. The log cannot be changed or deleted."));
	html_printf(&r->body, "<form method=\"get\" action=\"/admin/logg\" role=\"search\" aria-label=\"%s\">\n"
			      "<div class=\"filter-grid\">\n",
		    _("Filter the audit log"));
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(nentities + 1));
	for (int i = 0; i < nentities; i++)
		opts[i] = (struct form_option){entities[i], entities[i]};
	form_select(r, "entity", _("What changed"), entity, opts, nentities, NULL, true);
	form_text(r, "account", _("Who (e-mail or account number)"), account, NULL, NULL, "text", "off");
	if (entity_id)
		html_printf(&r->body, "<input type=\"hidden\" name=\"entity_id\" value=\"%lld\">\n", entity_id);
	html_printf(&r->body, "</div>\n<div class=\"actions\"><button type=\"submit\">%s</button> "
			      "<a href=\"/admin/logg\">%s</a></div>\n</form>\n",
		    _("Show"), _("Clear filters"));
	if (ignored)
		html_printf(&r->body, "<p class=\"notice warning\" role=\"status\">%s</p>\n",
			    _("A filter was not recognised and has been left out."));

	if (total == 0) {
		html_printf(&r->body, "<p>%s</p>\n", _("No changes match the filters."));
		page_end(r);
		return;
	}
	char caption[160];
	snprintf(caption, sizeof caption, P_("%lld change", "%lld changes", total), total);
	table_begin(r, "log", caption, false, f.page, pages);
	html_printf(&r->body,
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("When (UTC)"), _("Who"), _("What"), _("Action"), _("Detail"));
	for (int i = 0; i < n; i++) {
		const struct audit_entry *e = &rows[i];
		html_printf(&r->body, "<tr><th scope=\"row\">");
		view_utc_time(r, e->at, "–");
		html_printf(&r->body, "</th><td data-label=\"%s\">", _("Who"));
		if (e->account_id && e->account_name)
			html_printf(&r->body, "<a href=\"/admin/konton/%lld\">%s</a>", e->account_id, e->account_name);
		else if (e->account_id)
			html_printf(&r->body, "%s %lld", _("Account"), e->account_id);
		else
			html_printf(&r->body, "%s", _("System"));
		html_printf(&r->body, "</td><td data-label=\"%s\">%s", _("What"), e->entity);
		if (e->entity_id)
			html_printf(&r->body, " %lld", e->entity_id);
		html_printf(&r->body, "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\"><code>%s</code></td></tr>\n",
			    _("Action"), e->action, _("Detail"), e->detail);
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
	struct buf query = BUF_INIT;
	query_add(&query, "entity", entity);
	if (entity_id)
		query_add(&query, "entity_id", arena_printf(&r->arena, "%lld", entity_id));
	query_add(&query, "account", account_id ? account : NULL);
	pagination(r, "/admin/logg", buf_str(&query), f.page, pages);
	buf_free(&query);
	page_end(r);
}
