/* routes: the route table — every page and API route, with the least role it needs. */
#include "web/router.h"
#include "web/pages.h"

const struct route routes[] = {
	{"GET", "/", ROLE_NONE, page_home},
	{"GET", "/tillganglighet", ROLE_NONE, page_accessibility},
	{"GET", "/sprak", ROLE_NONE, page_language},
	{"GET", "/logga-in", ROLE_NONE, page_login_form},
	{"POST", "/logga-in", ROLE_NONE, page_login},
	{"POST", "/logga-ut", ROLE_PERSON, page_logout},
	{"GET", "/konto", ROLE_PERSON, page_account},
	{"GET", "/organisationer", ROLE_NONE, page_organisation_list},
	{"GET", "/organisationer/ny", ROLE_OFFICIAL, page_organisation_new},
	{"POST", "/organisationer/ny", ROLE_OFFICIAL, page_organisation_create},
	{"GET", "/organisationer/att-bekrafta", ROLE_OFFICIAL, page_organisation_unconfirmed},
	{"GET", "/organisationer/{id}", ROLE_NONE, page_organisation_show},
	/* Representatives may edit only their own organisations: the handler checks which. */
	{"GET", "/organisationer/{id}/redigera", ROLE_PERSON, page_organisation_edit},
	{"POST", "/organisationer/{id}/redigera", ROLE_PERSON, page_organisation_update},
	{"POST", "/organisationer/{id}/bekrafta", ROLE_PERSON, page_organisation_confirm},
	{"GET", "/api/v1/organisations", ROLE_NONE, api_organisation_list},
	{"GET", "/api/v1/organisations/{id}", ROLE_NONE, api_organisation_show},
	{"GET", "/static/{version}/{name}", ROLE_NONE, page_static_asset},
	{NULL, NULL, ROLE_NONE, NULL},
};
