/* pages: every route handler, declared in one place for the route table in routes.c. */
#ifndef SAMVERKAN_PAGES_H
#define SAMVERKAN_PAGES_H
#include "web/request.h"

/* home_pages.c */
void page_home(struct request *r);
void page_accessibility(struct request *r);
/* auth_pages.c */
void page_login_form(struct request *r);
void page_login(struct request *r);
void page_logout(struct request *r);
void page_language(struct request *r);
/* account_pages.c */
void page_account(struct request *r);
/* organisation_pages.c */
void page_organisation_list(struct request *r);
void page_organisation_show(struct request *r);
void page_organisation_new(struct request *r);
void page_organisation_create(struct request *r);
void page_organisation_edit(struct request *r);
void page_organisation_update(struct request *r);
void page_organisation_confirm(struct request *r);
void page_organisation_unconfirmed(struct request *r);
/* organisation_api.c */
void api_organisation_list(struct request *r);
void api_organisation_show(struct request *r);
/* assets.c */
void page_static_asset(struct request *r);

#endif
