/* personal_data_pages: "My personal data" — everything held about the signed-in person, as a page
 * and as a JSON download — deleting one's account, and the same view, download and erasure for
 * an address without an account, for coordinators. The page and the download are one document
 * (domain/personal_data.c), so they cannot disagree. */
#include "web/pages.h"
#include "web/api.h"
#include "web/form.h"
#include "web/view.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/account_admin.h"
#include "domain/notification.h"
#include "domain/personal_data.h"
#include "domain/submission.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rows per category on the page; the download has them all. */
#define PAGE_ROWS 100

/* ---- The document as a page ---------------------------------------------------------------------- */

/* The categories in the document's order; account_only ones are empty for an address. */
static const struct {
	const char *key, *title;
	bool account_only;
} categories[] = {
	{"roles", N_("Roles"), true},
	{"representations", N_("Organisations you represent"), true},
	{"representation_requests", N_("Requests to represent an organisation"), true},
	{"submissions", N_("Views and proposals you sent"), true},
	{"notifications", N_("Notifications"), true},
	{"consents", N_("Consents and choices"), true},
	{"contact_persons", N_("Contact person for an organisation"), false},
	{"organisation_addresses", N_("Organisations with this e-mail address"), false},
	{"sessions", N_("Sessions (signed in)"), true},
	{"tokens", N_("Links sent by e-mail (one-time tokens)"), false},
	{"messages", N_("E-mail sent to you"), false},
	{"sign_in_attempts", N_("Failed sign-ins with this address"), false},
	{"audit", N_("The audit log: what you did and what was done to your account"), false},
};

static const struct {
	const char *key, *label;
} fields[] = {
	{"id", N_("Id")},
	{"email", N_("E-mail")},
	{"name", N_("Name")},
	{"role", N_("Role")},
	{"department", N_("Department")},
	{"language", N_("Language")},
	{"created_at", N_("Created")},
	{"email_verified_at", N_("E-mail address confirmed")},
	{"disabled", N_("Disabled")},
	{"organisation_id", N_("Organisation id")},
	{"organisation", N_("Organisation")},
	{"message", N_("Message")},
	{"status", N_("Status")},
	{"decided_at", N_("Decided")},
	{"kind", N_("Kind")},
	{"title", N_("Title")},
	{"text", N_("Text")},
	{"publish_consent", N_("May be published")},
	{"dialogue_id", N_("Dialogue")},
	{"received_at", N_("Received")},
	{"answered_on", N_("Answered")},
	{"answer", N_("Answer")},
	{"link", N_("Link")},
	{"read_at", N_("Read")},
	{"emailed_at", N_("E-mailed")},
	{"consent", N_("Consent or choice")},
	{"submission_id", N_("View or proposal")},
	{"notification_kind", N_("Notifications about")},
	{"given", N_("Given")},
	{"detail", N_("Detail")},
	{"since", N_("Since")},
	{"phone", N_("Phone")},
	{"last_seen_at", N_("Last seen")},
	{"purpose", N_("Purpose")},
	{"expires_at", N_("Expires")},
	{"used_at", N_("Used")},
	{"subject", N_("Subject")},
	{"sent_at", N_("Sent")},
	{"at", N_("Time")},
	{"as", N_("As")},
	{"entity", N_("What")},
	{"entity_id", N_("Which")},
	{"action", N_("Change")},
	{"frequency", N_("E-mail")},
};

static const char *field_label(const char *key)
{
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(fields[i].key, key) == 0)
			return _(fields[i].label);
	return key;
}

static const char *frequency_label(const char *f)
{
	if (strcmp(f, NOTIFY_IMMEDIATELY) == 0)
		return _("Immediately");
	if (strcmp(f, NOTIFY_DAILY) == 0)
		return _("Once a day");
	if (strcmp(f, NOTIFY_NEVER) == 0)
		return _("Never");
	return f;
}

/* One value, in words where the code has a name in the interface. */
static void print_value(struct request *r, const char *category, const char *key, json_t *v)
{
	if (json_is_null(v) || !v) {
		html_printf(&r->body, "–");
	} else if (json_is_boolean(v)) {
		html_printf(&r->body, "%s", json_is_true(v) ? _("Yes") : _("No"));
	} else if (json_is_integer(v)) {
		html_printf(&r->body, "%lld", (long long)json_integer_value(v));
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (strcmp(key, "role") == 0 && (strcmp(category, "account") == 0 || strcmp(category, "roles") == 0))
			s = role_label(role_from_code(s));
		else if (strcmp(key, "frequency") == 0 || (strcmp(category, "consents") == 0 && strcmp(key, "detail") == 0))
			s = frequency_label(s);
		else if ((strcmp(key, "kind") == 0 && strcmp(category, "notification_preferences") == 0) ||
			 strcmp(key, "notification_kind") == 0)
			s = notification_kind_label(s);
		else if (strcmp(category, "submissions") == 0 && strcmp(key, "status") == 0)
			s = submission_status_label(submission_status_from_code(s));
		else if (strcmp(category, "submissions") == 0 && strcmp(key, "kind") == 0)
			s = submission_kind_label(s);
		else if (strcmp(key, "consent") == 0)
			s = strcmp(s, "publish_submission") == 0 ? _("Publication of a view or proposal")
								  : _("Notifications by e-mail");
		else if (strcmp(key, "language") == 0)
			s = strcmp(s, "en") == 0 ? "English" : "Svenska";
		else if (strcmp(key, "as") == 0)
			s = strcmp(s, "actor") == 0 ? _("Done by you") : _("About you");
		html_printf(&r->body, "%s", s);
	} else {
		char *s = json_dumps(v, JSON_COMPACT);
		html_printf(&r->body, "<code>%s</code>", s ? s : "");
		free(s);
	}
}

/* A list category as a table whose columns are its members' names. */
static void print_list(struct request *r, const char *category, const char *title, json_t *list, bool truncated)
{
	html_printf(&r->body, "<h2>%s</h2>\n", title);
	if (!json_array_size(list)) {
		html_printf(&r->body, "<p>%s</p>\n", _("Nothing."));
		return;
	}
	json_t *first = json_array_get(list, 0), *v;
	const char *key;
	table_begin(r, "personal-data", title, true, 1, 1);
	html_printf(&r->body, "<thead><tr>");
	json_object_foreach(first, key, v) html_printf(&r->body, "<th scope=\"col\">%s</th>", field_label(key));
	html_printf(&r->body, "</tr></thead>\n<tbody>\n");
	size_t i;
	json_t *row;
	json_array_foreach(list, i, row) {
		html_printf(&r->body, "<tr>");
		json_object_foreach(row, key, v) {
			html_printf(&r->body, "<td data-label=\"%s\">", field_label(key));
			print_value(r, category, key, v);
			html_printf(&r->body, "</td>");
		}
		html_printf(&r->body, "</tr>\n");
	}
	html_printf(&r->body, "</tbody>\n");
	table_end(r);
	if (truncated) {
		char note[200];
		snprintf(note, sizeof note, _("Only the first %d are shown here; the download has them all."), PAGE_ROWS);
		html_printf(&r->body, "<p class=\"hint\">%s</p>\n", note);
	}
}

static bool is_truncated(json_t *doc, const char *category)
{
	size_t i;
	json_t *name;
	json_array_foreach(json_object_get(doc, "truncated"), i, name) if (strcmp(json_string_value(name), category) == 0)
		return true;
	return false;
}

static void print_document(struct request *r, json_t *doc)
{
	json_t *account = json_object_get(doc, "account"), *v;
	const char *key;
	if (json_is_object(account)) {
		html_printf(&r->body, "<h2>%s</h2>\n<dl class=\"details\">\n", _("Your account"));
		json_object_foreach(account, key, v) {
			if (strcmp(key, "notification_preferences") == 0)
				continue;
			html_printf(&r->body, "<dt>%s</dt><dd>", field_label(key));
			print_value(r, "account", key, v);
			html_printf(&r->body, "</dd>\n");
		}
		html_printf(&r->body, "</dl>\n");
		print_list(r, "notification_preferences", _("Notifications by e-mail"),
			   json_object_get(account, "notification_preferences"), false);
	}
	for (size_t i = 0; i < sizeof categories / sizeof categories[0]; i++) {
		json_t *list = json_object_get(doc, categories[i].key);
		if (categories[i].account_only && !json_is_object(account))
			continue;
		print_list(r, categories[i].key, _(categories[i].title), list, is_truncated(doc, categories[i].key));
	}
}

/* Sends the document as a file to keep (GDPR art. 20: a structured, machine-readable copy). */
static void send_download(struct request *r, json_t *doc, const char *filename)
{
	char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	if (!s) {
		respond_unavailable(r);
		return;
	}
	r->status = 200;
	r->content_type = "application/json; charset=utf-8";
	buf_reset(&r->body);
	buf_puts(&r->body, s);
	buf_putc(&r->body, '\n');
	free(s);
	response_header(r, "content-disposition", arena_printf(&r->arena, "attachment; filename=\"%s\"", filename));
	response_header(r, "cache-control", "no-store");
}

/* ---- The signed-in person -------------------------------------------------------------------------- */

void page_my_data(struct request *r)
{
	json_t *doc;
	enum outcome o = personal_data_of_account(r->store, r->user->id, PAGE_ROWS, &doc);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	page_begin(r, _("My personal data"));
	html_printf(&r->body, "<p class=\"back\"><a href=\"/konto\">%s</a></p>\n<h1>%s</h1>\n", _("Back to my account"),
		    _("My personal data"));
	html_printf(&r->body, "<p>%s</p>\n",
		    _("This is everything samverkan holds about you. The municipality keeps it to run the service; "
		      "you may have a copy, have it corrected, and have it erased with your account."));
	html_printf(&r->body,
		    "<ul class=\"actions-list\">\n<li><a href=\"/konto/mina-uppgifter.json\" download>%s</a></li>\n"
		    "<li><a href=\"/konto/ta-bort\">%s</a></li>\n</ul>\n",
		    _("Download everything as a file (JSON)"), _("Delete my account"));
	print_document(r, doc);
	json_decref(doc);
	page_end(r);
}

void page_my_data_json(struct request *r)
{
	json_t *doc;
	enum outcome o = personal_data_of_account(r->store, r->user->id, 0, &doc);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	send_download(r, doc, "mina-uppgifter.json");
}

/* What deleting removes and what stays, then the password and the button. */
static void delete_page(struct request *r, const struct field_errors *e, bool last_admin)
{
	const char *title = _("Delete my account");
	page_begin(r, e && e->n ? arena_printf(&r->arena, "%s %s", _("Error:"), title) : title);
	html_printf(&r->body, "<p class=\"back\"><a href=\"/konto/mina-uppgifter\">%s</a></p>\n<h1>%s</h1>\n",
		    _("My personal data"), title);
	form_error_summary(r, e);
	html_printf(&r->body, "<h2>%s</h2>\n<ul>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n</ul>\n",
		    _("What is removed"), _("Your account: your name, e-mail address and password."),
		    _("Your sessions, notifications, choices about e-mail, and links sent to you."),
		    _("That you represent organisations, and your requests to represent them."),
		    _("Your name and e-mail address wherever they are kept: as an organisation's contact person, in "
		      "e-mail waiting to be sent, and in the audit log."));
	html_printf(&r->body, "<h2>%s</h2>\n<ul>\n<li>%s</li>\n<li>%s</li>\n</ul>\n", _("What stays"),
		    _("The views and proposals you sent, with the municipality's answers: they are public records. They "
		      "will be shown as sent by a former user."),
		    _("The audit log's record of what was done and when, without your name or address."));
	if (last_admin) {
		html_printf(&r->body, "<p class=\"notice warning\">%s</p>\n",
			    _("You are the only administrator. Make someone else an administrator before you delete your "
			      "account."));
		page_end(r);
		return;
	}
	html_printf(&r->body, "<p>%s</p>\n",
		    _("This cannot be undone. We send a last e-mail to confirm it, and then forget your address."));
	form_begin(r, "/konto/ta-bort");
	form_text(r, "password", _("Your password"), "", _("To be sure it is you."), e, "password", "current-password");
	form_end(r, _("Delete my account and my personal data"));
	page_end(r);
}

void page_account_delete_form(struct request *r)
{
	delete_page(r, NULL, account_admin_sole_admin(r->store, r->user->id));
}

void page_account_delete(struct request *r)
{
	struct field_errors e = {0};
	if (!current_password_ok(r, "password", &e)) {
		if (r->status != 429)
			r->status = 422;
		delete_page(r, &e, false);
		return;
	}
	enum outcome o = personal_data_erase_account(r->store, r->user->id, r->user->id, "self", true, &e);
	/* The last administrator: the page that explains it, without the form. */
	if (o == OUTCOME_CONFLICT) {
		r->status = 409;
		delete_page(r, NULL, true);
		return;
	}
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, &e);
		return;
	}
	/* The sessions went with the account; the browser forgets its cookie too. */
	response_header(r, "set-cookie", "sid=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
	response_redirect(r, "/konto/borttaget");
}

void page_account_deleted(struct request *r)
{
	page_message(r, _("Your account has been deleted"),
		     _("Your account and your personal data have been removed. A confirmation is on its way to your "
		       "e-mail address, which we forget once it has been delivered."));
}

/* ---- Coordinators, for an address without an account -------------------------------------------- */

/* The address asked about, normalised, or NULL with an error for the field `e-post`. */
static const char *asked_address(struct request *r, struct field_errors *e, const char **typed)
{
	const char *s = param_get(&r->query, "e-post");
	if (!s)
		s = param_get(&r->form, "e-post");
	*typed = s ? s : "";
	if (!s || !*s)
		return NULL;
	const char *problem = account_email_problem(s);
	if (problem) {
		field_error(e, "e-post", problem);
		return NULL;
	}
	char *norm = arena_alloc(&r->arena, 256);
	account_normalise_email(s, norm, 256);
	return norm;
}

/* For the routes that need an address: it, or NULL with 400 answered. */
static const char *required_address(struct request *r)
{
	struct field_errors e = {0};
	const char *typed;
	const char *email = asked_address(r, &e, &typed);
	if (!email)
		respond_bad_request(r, e.n ? e.items[0].message : _("Give an e-mail address."));
	return email;
}

static void refuse_account_address(struct request *r)
{
	r->status = 409;
	page_message(r, _("The address belongs to an account"),
		     _("The person erases their data themselves, by deleting their account under My account."));
}

static void search_form(struct request *r, const char *typed, const struct field_errors *e)
{
	html_printf(&r->body, "<form method=\"get\" action=\"/admin/personuppgifter\" novalidate>\n");
	form_text(r, "e-post", _("E-mail address"), typed,
		  _("The address of a person who asked what is held about them, or asked to have it erased."), e, "email",
		  "off");
	html_printf(&r->body, "<div class=\"actions\"><button type=\"submit\">%s</button></div>\n</form>\n", _("Search"));
}

void page_admin_personal_data(struct request *r)
{
	struct field_errors e = {0};
	const char *typed;
	const char *email = asked_address(r, &e, &typed);
	json_t *doc = NULL;
	enum outcome o = email ? personal_data_of_address(r->store, email, PAGE_ROWS, &doc) : OUTCOME_OK;
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}
	if (e.n)
		r->status = 422;
	const char *title = _("Personal data on request");
	page_begin(r, e.n ? arena_printf(&r->arena, "%s %s", _("Error:"), title) : title);
	html_printf(&r->body, "<h1>%s</h1>\n", title);
	admin_menu(r);
	if (param_get(&r->query, "raderad"))
		view_status(r, _("The personal data of the address has been erased."));
	html_printf(&r->body, "<p>%s</p>\n",
		    _("A person without an account — a contact person of an organisation — may ask what samverkan holds "
		      "about them and have it erased. People with an account do both themselves under My account."));
	form_error_summary(r, &e);
	search_form(r, typed, &e);
	if (doc) {
		struct buf q = BUF_INIT;
		query_add(&q, "e-post", email);
		html_printf(&r->body, "<h2>%s</h2>\n", email);
		if (json_is_true(json_object_get(json_object_get(doc, "subject"), "has_account")))
			html_printf(&r->body, "<p class=\"notice\">%s</p>\n",
				    _("This address belongs to an account. The person sees, downloads and erases their data "
				      "themselves, under My account → My personal data."));
		else
			html_printf(&r->body,
				    "<ul class=\"actions-list\">\n<li><a href=\"/admin/personuppgifter.json?%s\" download>%s</a></li>\n"
				    "<li><a href=\"/admin/personuppgifter/radera?%s\">%s</a></li>\n</ul>\n",
				    buf_str(&q), _("Download everything as a file (JSON)"), buf_str(&q), _("Erase…"));
		buf_free(&q);
		print_document(r, doc);
		json_decref(doc);
	}
	page_end(r);
}

void page_admin_personal_data_json(struct request *r)
{
	const char *email = required_address(r);
	if (!email)
		return;
	json_t *doc;
	enum outcome o = personal_data_of_address(r->store, email, 0, &doc);
	/* Who downloaded whose data is recorded: a write of its own between the request's snapshots. */
	if (o == OUTCOME_OK) {
		store_read_end(r->store);
		if (personal_data_record_export(r->store, r->user->id, email) != 0)
			o = store_outcome(r->store);
		store_read_begin(r->store);
	}
	if (o != OUTCOME_OK) {
		json_decref(doc);
		respond_outcome(r, o, NULL);
		return;
	}
	send_download(r, doc, "personuppgifter.json");
}

static void erase_page(struct request *r, const char *email, json_t *doc)
{
	const char *title = _("Erase the personal data of an address");
	page_begin(r, title);
	html_printf(&r->body, "<h1>%s</h1>\n", title);
	admin_menu(r);
	static const struct {
		const char *key, *what;
	} counts[] = {
		{"contact_persons", N_("Contact-person entries removed")},
		{"organisation_addresses", N_("Organisations whose e-mail address is removed")},
		{"messages", N_("E-mail messages to the address removed")},
		{"tokens", N_("Links sent to the address removed")},
		{"audit", N_("Audit entries whose mention of the address is erased")},
	};
	html_printf(&r->body, "<h2>%s</h2>\n<dl class=\"details\">\n<dt>%s</dt><dd>%s</dd>\n", email, _("E-mail"), email);
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		html_printf(&r->body, "<dt>%s</dt><dd>%zu</dd>\n", _(counts[i].what),
			    json_array_size(json_object_get(doc, counts[i].key)));
	html_printf(&r->body, "</dl>\n<p>%s</p>\n",
		    _("The organisations stay; so does the audit log's record that this erasure was made, without the "
		      "address. This cannot be undone."));
	form_begin(r, "/admin/personuppgifter/radera");
	html_printf(&r->body, "<input type=\"hidden\" name=\"e-post\" value=\"%s\">\n", email);
	form_end(r, _("Erase"));
	page_end(r);
}

void page_admin_personal_data_erase_form(struct request *r)
{
	const char *email = required_address(r);
	if (!email)
		return;
	json_t *doc;
	enum outcome o = personal_data_of_address(r->store, email, 0, &doc);
	if (o != OUTCOME_OK)
		respond_outcome(r, o, NULL);
	else if (json_is_true(json_object_get(json_object_get(doc, "subject"), "has_account")))
		refuse_account_address(r);
	else
		erase_page(r, email, doc);
	json_decref(doc);
}

void page_admin_personal_data_erase(struct request *r)
{
	const char *email = required_address(r);
	if (!email)
		return;
	struct field_errors e = {0};
	enum outcome o = personal_data_erase_address(r->store, email, r->user->id, &e);
	if (o == OUTCOME_OK)
		response_redirect(r, "/admin/personuppgifter?raderad=1");
	else if (o == OUTCOME_CONFLICT) /* the address has an account: the page that says where to go */
		refuse_account_address(r);
	else
		respond_outcome(r, o, &e);
}
