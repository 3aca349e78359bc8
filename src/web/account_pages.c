/* account_pages: the signed-in person's own page — who they are and which organisations they represent. */
#include "web/pages.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"

/* Organisations listed on the page at most: a person represents a handful. */
#define ORGS_MAX 100

void page_account(struct request *r)
{
	struct account_organisation *orgs = arena_alloc(&r->arena, sizeof *orgs * ORGS_MAX);
	int norgs = account_organisations(r->store, &r->arena, r->user->id, orgs, ORGS_MAX);
	if (norgs < 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	page_begin(r, _("My account"));
	html_printf(&r->body, "<h1>%s</h1>\n<dl>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		    _("My account"), _("Name"), r->user->name, _("E-mail"), r->user->email, _("Role"),
		    role_label(r->user->role));
	if (norgs > 0)
		html_printf(&r->body, "<h2>%s</h2>\n<ul>\n", _("Organisations I represent"));
	for (int i = 0; i < norgs; i++)
		html_printf(&r->body, "<li><a href=\"/organisationer/%lld\">%s</a> – <a href=\"/organisationer/%lld/redigera\">%s</a></li>\n",
			    orgs[i].id, orgs[i].name, orgs[i].id, _("Edit"));
	if (norgs > 0)
		html_printf(&r->body, "</ul>\n");
	html_printf(&r->body, "<p><a href=\"/konto/synpunkter\">%s</a></p>\n", _("My views and proposals"));
	html_printf(&r->body, "<p><a href=\"/konto/mina-uppgifter\">%s</a></p>\n",
		    _("My personal data: see it, download it, delete my account"));
	account_settings_forms(r);
	page_end(r);
}
