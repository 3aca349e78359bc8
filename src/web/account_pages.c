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
	html_printf(&r->body, "<h1>%s</h1>\n<dl>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>",
		    _("My account"), _("Name"), r->user->name, _("E-mail"), r->user->email, _("Role"));
	/* A representative is told for how many and which: the role's name alone says "one". */
	if (r->user->role == ROLE_REPRESENTATIVE && norgs > 0) {
		html_printf(&r->body, "%s",
			    arena_printf(&r->arena,
					 P_("Representative of %d organisation:", "Representative of %d organisations:", norgs),
					 norgs));
		for (int i = 0; i < norgs; i++)
			html_printf(&r->body, "%s <a href=\"/organisationer/%lld\">%s</a>", i ? "," : "", orgs[i].id,
				    orgs[i].name);
	} else {
		html_printf(&r->body, "%s", role_label(r->user->role));
	}
	html_printf(&r->body, "</dd>\n</dl>\n");
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
