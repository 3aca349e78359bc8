/* admin_invite_pages: an administrator invites staff by e-mail (/admin/konton/bjud-in), and the
 * invited person follows the link to choose a name and a password (/konto/personalinbjudan). */
#include "web/pages.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/account_admin.h"
#include "domain/notification.h"
#include "domain/staff_invitation.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/view.h"
#include <stdio.h>

#define DEPARTMENTS_MAX 500

/* The form; email, role and department as typed. */
static void invite_page(struct request *r, const char *email, const char *role, const char *department,
			const struct field_errors *e)
{
	struct department *deps = arena_alloc(&r->arena, sizeof *deps * DEPARTMENTS_MAX);
	int n = department_list(r->store, &r->arena, deps, DEPARTMENTS_MAX);
	if (n < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	bool invalid = e && e->n;
	page_begin(r, invalid ? arena_printf(&r->arena, "%s %s", _("Error:"), _("Invite staff")) : _("Invite staff"));
	html_printf(&r->body, "<p class=\"back\"><a href=\"/admin/konton\">%s</a></p>\n<h1>%s</h1>\n", _("All accounts"),
		    _("Invite staff"));
	if (param_get(&r->query, "skickat") && !invalid)
		view_status(r, _("The invitation has been sent. The link in it works once, for 14 days."));
	html_printf(&r->body, "<p>%s</p>\n",
		    _("The person gets an e-mail with a link, where they choose their name and password. The account "
		      "gets the role you choose here."));
	form_error_summary(r, e);
	form_begin(r, "/admin/konton/bjud-in");
	form_text(r, "email", _("E-mail"), email, NULL, e, "email", "off");
	const struct form_option roles[] = {
		{"official", role_label(ROLE_OFFICIAL)},
		{"coordinator", role_label(ROLE_COORDINATOR)},
		{"admin", role_label(ROLE_ADMIN)},
	};
	form_radios(r, "role", _("Role"), NULL, role, roles, 3, e);
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(n + 1));
	opts[0] = (struct form_option){"", _("Choose the department")};
	for (int i = 0; i < n; i++)
		opts[i + 1] = (struct form_option){arena_printf(&r->arena, "%lld", deps[i].id), deps[i].name};
	form_select(r, "department", _("Department (for an official)"), department, opts, n + 1, e, false);
	if (n == 0)
		html_printf(&r->body, "<p class=\"hint\">%s <a href=\"/admin/forvaltningar\">%s</a></p>\n",
			    _("There are no departments yet: an official can be invited once there is one."),
			    _("Create committees and departments"));
	form_end(r, _("Send the invitation"));
	page_end(r);
}

void page_admin_invite_form(struct request *r) { invite_page(r, "", "official", "", NULL); }

void page_admin_invite(struct request *r)
{
	const char *email = form_value(r, "email"), *role = form_value(r, "role"), *department = form_value(r, "department");
	struct field_errors e = {0};
	enum outcome o = staff_invite(r->store, &r->arena, r->user, email, role_from_code(role), id_param(department),
				      notification_base_url(), &e);
	if (o == OUTCOME_OK) {
		response_redirect(r, "/admin/konton/bjud-in?skickat=1");
	} else if (o == OUTCOME_INVALID) {
		r->status = 422;
		invite_page(r, email, role, department, &e);
	} else {
		respond_outcome(r, o, &e);
	}
}

/* ---- The invited person's side ----------------------------------------------------------------- */

static void accept_page(struct request *r, const char *token, const struct staff_invitation *inv, const char *name,
			const struct field_errors *e)
{
	bool invalid = e && e->n;
	page_begin(r, invalid ? arena_printf(&r->arena, "%s %s", _("Error:"), _("Create your account"))
			      : _("Create your account"));
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n",
		    _("Create your account"), _("You have been invited to work here. Choose your name and a password."),
		    _("E-mail"), inv->email, _("Role"), role_label(inv->role));
	if (inv->department_name)
		html_printf(&r->body, "<dt>%s</dt><dd>%s</dd>\n", _("Department"), inv->department_name);
	html_printf(&r->body, "</dl>\n");
	form_error_summary(r, e);
	form_begin(r, STAFF_INVITATION_PATH);
	html_printf(&r->body, "<input type=\"hidden\" name=\"token\" value=\"%s\">\n", token);
	form_text(r, "name", _("Name"), name, _("As colleagues and organisations will see it."), e, "text", "name");
	form_text(r, "password", _("Password"), "", _("At least 8 characters."), e, "password", "new-password");
	form_end(r, _("Create the account"));
	page_end(r);
}

/* A link that no longer works: why, and where to go. */
static void refused(struct request *r, enum outcome o, enum token_problem why)
{
	token_refused(r, o, why, "/", _("Go to the start page"));
}

void page_staff_invitation_form(struct request *r)
{
	const char *token = param_get(&r->query, "token");
	struct staff_invitation inv;
	enum token_problem why;
	enum outcome o = staff_invitation_check(r->store, &r->arena, token, &inv, &why);
	if (o != OUTCOME_OK)
		refused(r, o, why);
	else
		accept_page(r, token, &inv, "", NULL);
}

void page_staff_invitation_accept(struct request *r)
{
	const char *token = form_value(r, "token"), *name = form_value(r, "name");
	struct field_errors e = {0};
	enum token_problem why;
	long long id;
	enum outcome o = staff_invitation_accept(r->store, &r->arena, token, name, form_value(r, "password"), &id, &e, &why);
	if (o == OUTCOME_INVALID) {
		/* The form again, when the link still works. */
		struct staff_invitation inv;
		o = staff_invitation_check(r->store, &r->arena, token, &inv, &why);
		if (o == OUTCOME_OK) {
			r->status = 422;
			accept_page(r, token, &inv, name, &e);
			return;
		}
	}
	if (o != OUTCOME_OK) {
		refused(r, o, why);
		return;
	}
	page_begin(r, _("Your account is ready"));
	html_printf(&r->body, "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/logga-in\">%s</a></p>\n", _("Your account is ready"),
		    _("You can now log in with your e-mail address and the password you chose."), _("Log in"));
	page_end(r);
}
