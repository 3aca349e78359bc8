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
	{"GET", "/konto/ny", ROLE_NONE, page_signup_form},
	{"POST", "/konto/ny", ROLE_NONE, page_signup},
	{"GET", "/konto/klart", ROLE_NONE, page_account_done},
	/* Links from e-mail open a page with a button; only the POST uses the token. */
	{"GET", "/konto/verifiera", ROLE_NONE, page_verify_form},
	{"POST", "/konto/verifiera", ROLE_NONE, page_verify},
	{"POST", "/konto/verifiera/skicka", ROLE_NONE, page_verify_resend},
	{"GET", "/konto/glomt-losenord", ROLE_NONE, page_forgot_form},
	{"POST", "/konto/glomt-losenord", ROLE_NONE, page_forgot},
	{"GET", "/konto/aterstall", ROLE_NONE, page_reset_form},
	{"POST", "/konto/aterstall", ROLE_NONE, page_reset},
	{"GET", "/konto/bekrafta-e-post", ROLE_NONE, page_email_confirm_form},
	{"POST", "/konto/bekrafta-e-post", ROLE_NONE, page_email_confirm},
	{"GET", "/konto/e-post", ROLE_PERSON, page_email_change_form},
	{"POST", "/konto/e-post", ROLE_PERSON, page_email_change},
	{"GET", "/konto/losenord", ROLE_PERSON, page_password_change_form},
	{"POST", "/konto/losenord", ROLE_PERSON, page_password_change},
	/* Notifications are personal: the handlers show only the signed-in person's own. */
	{"GET", "/konto/notiser", ROLE_PERSON, page_notification_list},
	{"POST", "/konto/notiser/las-alla", ROLE_PERSON, page_notification_read_all},
	{"GET", "/konto/notiser/{id}", ROLE_PERSON, page_notification_show},
	{"POST", "/konto/notiser/{id}", ROLE_PERSON, page_notification_open},
	{"GET", "/konto/aviseringar", ROLE_PERSON, page_notification_preferences},
	{"POST", "/konto/aviseringar", ROLE_PERSON, page_notification_preferences_save},
	/* The signed token in an e-mail's link is the authority here, so no sign-in is needed. */
	{"GET", "/konto/aviseringar/avsluta", ROLE_NONE, page_notification_unsubscribe_form},
	{"POST", "/konto/aviseringar/avsluta", ROLE_NONE, page_notification_unsubscribe},
	{"GET", "/organisationer", ROLE_NONE, page_organisation_list},
	{"GET", "/organisationer/ny", ROLE_OFFICIAL, page_organisation_new},
	{"POST", "/organisationer/ny", ROLE_OFFICIAL, page_organisation_create},
	{"GET", "/organisationer/att-bekrafta", ROLE_OFFICIAL, page_organisation_unconfirmed},
	{"GET", "/organisationer/{id}", ROLE_NONE, page_organisation_show},
	/* Representatives may edit only their own organisations: the handler checks which. */
	{"GET", "/organisationer/{id}/redigera", ROLE_PERSON, page_organisation_edit},
	{"POST", "/organisationer/{id}/redigera", ROLE_PERSON, page_organisation_update},
	{"POST", "/organisationer/{id}/bekrafta", ROLE_PERSON, page_organisation_confirm},
	/* Representing an organisation: who may answer, assign or leave is checked by the domain
	 * (its own representatives and coordinators, never officials as such). */
	{"POST", "/organisationer/{id}/foretradare/ansok", ROLE_PERSON, page_representation_request},
	{"POST", "/organisationer/{id}/foretradare/aterkalla", ROLE_PERSON, page_representation_withdraw},
	{"POST", "/organisationer/{id}/foretradare/ansokningar/{rid}/godkann", ROLE_PERSON, page_representation_approve},
	{"POST", "/organisationer/{id}/foretradare/ansokningar/{rid}/avsla", ROLE_PERSON, page_representation_decline},
	{"GET", "/organisationer/{id}/foretradare/lamna", ROLE_PERSON, page_representation_leave_form},
	{"POST", "/organisationer/{id}/foretradare/lamna", ROLE_PERSON, page_representation_leave},
	{"GET", "/organisationer/{id}/foretradare", ROLE_COORDINATOR, page_representation_manage},
	{"POST", "/organisationer/{id}/foretradare/tilldela", ROLE_COORDINATOR, page_representation_assign},
	{"POST", "/organisationer/{id}/foretradare/bjud-in", ROLE_COORDINATOR, page_representation_invite},
	/* The invitation's link: anyone may look; accepting needs the invited address's account. */
	{"GET", "/konto/inbjudan", ROLE_NONE, page_invitation_show},
	{"POST", "/konto/inbjudan", ROLE_PERSON, page_invitation_accept},
	/* Coordinators may look at the administration; only administrators change it. */
	{"GET", "/admin", ROLE_COORDINATOR, page_admin},
	{"GET", "/admin/konton", ROLE_COORDINATOR, page_admin_accounts},
	{"GET", "/admin/konton/{id}", ROLE_COORDINATOR, page_admin_account},
	{"POST", "/admin/konton/{id}", ROLE_ADMIN, page_admin_account_update},
	{"POST", "/admin/konton/{id}/inaktivera", ROLE_ADMIN, page_admin_account_disable},
	{"POST", "/admin/konton/{id}/aktivera", ROLE_ADMIN, page_admin_account_enable},
	{"GET", "/admin/logg", ROLE_COORDINATOR, page_admin_log},
	/* The outbox shows recipients' addresses: administrators only. */
	{"GET", "/admin/utskick", ROLE_ADMIN, page_admin_mail},
	{"POST", "/admin/utskick/{id}/forsok-igen", ROLE_ADMIN, page_admin_mail_retry},
	{"GET", "/api/v1/organisations", ROLE_NONE, api_organisation_list},
	{"GET", "/api/v1/organisations/{id}", ROLE_NONE, api_organisation_show},
	{"GET", "/static/{version}/{name}", ROLE_NONE, page_static_asset},
	{NULL, NULL, ROLE_NONE, NULL},
};
