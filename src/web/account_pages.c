/* account_pages: the signed-in person's own page — who they are and which organisations they represent. */
#include "web/pages.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"

void page_account(struct request *r)
{
	page_begin(r, _("My account"));
	html_printf(&r->body, "<h1>%s</h1>\n<dl>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		    _("My account"), _("Name"), r->user->name, _("E-mail"), r->user->email, _("Role"),
		    role_label(r->user->role));
	struct cursor *c = store_query(r->store,
		"SELECT o.id, o.name, o.confirmed_at FROM representative rp JOIN organisation o ON o.id = rp.organisation_id "
		"WHERE rp.account_id = $1 ORDER BY o.sort_key",
		ARGS(SV_I(r->user->id)));
	bool any = false;
	while (cursor_next(c)) {
		if (!any)
			html_printf(&r->body, "<h2>%s</h2>\n<ul>\n", _("Organisations I represent"));
		any = true;
		html_printf(&r->body, "<li><a href=\"/organisationer/%lld\">%s</a> – <a href=\"/organisationer/%lld/redigera\">%s</a></li>\n",
			    cursor_int(c, 0), cursor_text(c, 1), cursor_int(c, 0), _("Edit"));
	}
	cursor_close(c);
	if (any)
		html_printf(&r->body, "</ul>\n");
	html_printf(&r->body, "<p><a href=\"/konto/synpunkter\">%s</a></p>\n", _("My views and proposals"));
	html_printf(&r->body, "<p><a href=\"/konto/mina-uppgifter\">%s</a></p>\n",
		    _("My personal data: see it, download it, delete my account"));
	account_settings_forms(r);
	page_end(r);
}
