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
	/* A person's own data: shown, downloaded (GDPR art. 15, 20) and erased with the account (art. 17). */
	{"GET", "/konto/mina-uppgifter", ROLE_PERSON, page_my_data},
	{"GET", "/konto/mina-uppgifter.json", ROLE_PERSON, page_my_data_json},
	{"GET", "/konto/ta-bort", ROLE_PERSON, page_account_delete_form},
	{"POST", "/konto/ta-bort", ROLE_PERSON, page_account_delete},
	{"GET", "/konto/borttaget", ROLE_NONE, page_account_deleted},
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
	/* staff invitations: an administrator invites; the link is the authority for accepting
	 * (admin_invite_pages.c); before /admin/konton/{id}, which would take "bjud-in" */
	{"GET", "/admin/konton/bjud-in", ROLE_ADMIN, page_admin_invite_form},
	{"POST", "/admin/konton/bjud-in", ROLE_ADMIN, page_admin_invite},
	{"GET", "/konto/personalinbjudan", ROLE_NONE, page_staff_invitation_form},
	{"POST", "/konto/personalinbjudan", ROLE_NONE, page_staff_invitation_accept},
	{"GET", "/admin/konton/{id}", ROLE_COORDINATOR, page_admin_account},
	{"POST", "/admin/konton/{id}", ROLE_ADMIN, page_admin_account_update},
	{"POST", "/admin/konton/{id}/inaktivera", ROLE_ADMIN, page_admin_account_disable},
	{"POST", "/admin/konton/{id}/aktivera", ROLE_ADMIN, page_admin_account_enable},
	{"GET", "/admin/logg", ROLE_COORDINATOR, page_admin_log},
	/* What is held about an address without an account (a contact person), on the person's request. */
	{"GET", "/admin/personuppgifter", ROLE_COORDINATOR, page_admin_personal_data},
	{"GET", "/admin/personuppgifter.json", ROLE_COORDINATOR, page_admin_personal_data_json},
	{"GET", "/admin/personuppgifter/radera", ROLE_COORDINATOR, page_admin_personal_data_erase_form},
	{"POST", "/admin/personuppgifter/radera", ROLE_COORDINATOR, page_admin_personal_data_erase},
	/* The outbox shows recipients' addresses: administrators only. */
	{"GET", "/admin/utskick", ROLE_ADMIN, page_admin_mail},
	{"POST", "/admin/utskick/{id}/forsok-igen", ROLE_ADMIN, page_admin_mail_retry},
	/* dialogues: list, page, forms, invitations, report, feed (dialogue_pages.c) */
	{"GET", "/dialoger", ROLE_NONE, page_dialogue_list},
	{"GET", "/dialoger.atom", ROLE_NONE, page_dialogue_feed},
	{"GET", "/dialoger/ny", ROLE_OFFICIAL, page_dialogue_new},
	{"POST", "/dialoger/ny", ROLE_OFFICIAL, page_dialogue_create},
	{"GET", "/dialoger/{id}", ROLE_NONE, page_dialogue_show},
	{"GET", "/dialoger/{id}/redigera", ROLE_OFFICIAL, page_dialogue_edit},
	{"POST", "/dialoger/{id}/redigera", ROLE_OFFICIAL, page_dialogue_update},
	{"POST", "/dialoger/{id}/status", ROLE_OFFICIAL, page_dialogue_state},
	{"GET", "/dialoger/{id}/inbjudningar", ROLE_OFFICIAL, page_dialogue_invitations},
	{"POST", "/dialoger/{id}/inbjudningar", ROLE_OFFICIAL, page_dialogue_invite},
	{"GET", "/dialoger/{id}/aterkoppling", ROLE_OFFICIAL, page_dialogue_report_form},
	{"POST", "/dialoger/{id}/aterkoppling", ROLE_OFFICIAL, page_dialogue_report},
	/* submissions: list, form, page, handling, answer, moderation, feed (submission_pages.c) */
	{"GET", "/synpunkter", ROLE_NONE, page_submission_list},
	{"GET", "/synpunkter/ny", ROLE_PERSON, page_submission_new},
	{"POST", "/synpunkter/ny", ROLE_PERSON, page_submission_create},
	{"GET", "/synpunkter/{id}", ROLE_NONE, page_submission_show},
	{"POST", "/synpunkter/{id}/status", ROLE_OFFICIAL, page_submission_status},
	{"POST", "/synpunkter/{id}/svar", ROLE_OFFICIAL, page_submission_answer},
	{"POST", "/synpunkter/{id}/dolj", ROLE_COORDINATOR, page_submission_hide},
	{"GET", "/konto/synpunkter", ROLE_PERSON, page_my_submissions},
	{"GET", "/svar.atom", ROLE_NONE, page_answer_feed},
	/* feedback clock: the officials' work queue and the targets (feedback_pages.c) */
	{"GET", "/arbetsko", ROLE_OFFICIAL, page_work_queue},
	{"GET", "/admin/aterkoppling", ROLE_COORDINATOR, page_admin_feedback_targets},
	{"POST", "/admin/aterkoppling", ROLE_ADMIN, page_admin_feedback_targets_save},
	/* public statistics on feedback (statistics_pages.c) */
	{"GET", "/statistik/aterkoppling", ROLE_NONE, page_feedback_statistics},
	{"GET", "/api/v1/organisations", ROLE_NONE, api_organisation_list},
	{"GET", "/api/v1/organisations/{id}", ROLE_NONE, api_organisation_show},
	/* JSON API for dialogues (dialogue_api.c) */
	{"GET", "/api/v1/dialogues", ROLE_NONE, api_dialogue_list},
	{"GET", "/api/v1/dialogues/{id}", ROLE_NONE, api_dialogue_show},
	/* JSON API for published submissions and answers (submission_api.c) */
	{"GET", "/api/v1/submissions", ROLE_NONE, api_submission_list},
	{"GET", "/api/v1/submissions/{id}", ROLE_NONE, api_submission_show},
	/* the municipality's profile (admin_municipality_pages.c) */
	{"GET", "/admin/kommun", ROLE_COORDINATOR, page_admin_municipality},
	{"POST", "/admin/kommun", ROLE_ADMIN, page_admin_municipality_save},
	{"GET", "/static/{version}/{name}", ROLE_NONE, page_static_asset},
	{NULL, NULL, ROLE_NONE, NULL},
};
