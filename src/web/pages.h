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
/* my_page.c */
void page_my_page(struct request *r);
/* signup_pages.c */
void page_signup_form(struct request *r);
void page_signup(struct request *r);
void page_account_done(struct request *r);
void page_verify_form(struct request *r);
void page_verify(struct request *r);
void page_verify_resend(struct request *r);
void page_forgot_form(struct request *r);
void page_forgot(struct request *r);
void page_reset_form(struct request *r);
void page_reset(struct request *r);
void page_email_change_form(struct request *r);
void page_email_change(struct request *r);
void page_email_confirm_form(struct request *r);
void page_email_confirm(struct request *r);
void page_password_change_form(struct request *r);
void page_password_change(struct request *r);
/* The page for a link that was refused (unknown 404, used or expired 410, address taken 409), with
 * a way on; other outcomes as respond_outcome. */
void token_refused(struct request *r, enum outcome o, enum token_problem why, const char *next_href,
		   const char *next_label);
/* The forms for changing one's e-mail address and password, for the /konto page. */
void account_settings_forms(struct request *r);
/* Checks the current password typed in `field` (throttled like sign-in); adds its error to e. */
struct field_errors;
bool current_password_ok(struct request *r, const char *field, struct field_errors *e);
/* notification_pages.c */
void page_notification_list(struct request *r);
void page_notification_show(struct request *r);
void page_notification_open(struct request *r);
void page_notification_read_all(struct request *r);
void page_notification_preferences(struct request *r);
void page_notification_preferences_save(struct request *r);
void page_notification_unsubscribe_form(struct request *r);
void page_notification_unsubscribe(struct request *r);
/* organisation_pages.c */
void page_organisation_list(struct request *r);
void page_organisation_show(struct request *r);
void page_organisation_new(struct request *r);
void page_organisation_create(struct request *r);
void page_organisation_edit(struct request *r);
void page_organisation_update(struct request *r);
void page_organisation_confirm(struct request *r);
void page_organisation_unconfirmed(struct request *r);
void page_organisation_unclassified(struct request *r);
void page_organisation_classify(struct request *r);
void page_organisation_export(struct request *r);
void page_organisation_export_contacts(struct request *r);
void page_organisation_number_form(struct request *r);
void page_organisation_number_request(struct request *r);
void page_organisation_number_approve(struct request *r);
void page_organisation_number_decline(struct request *r);
/* representation_pages.c */
void page_representation_request(struct request *r);
void page_representation_withdraw(struct request *r);
void page_representation_approve(struct request *r);
void page_representation_decline(struct request *r);
void page_representation_leave_form(struct request *r);
void page_representation_leave(struct request *r);
void page_representation_manage(struct request *r);
void page_representation_assign(struct request *r);
void page_representation_invite(struct request *r);
void page_invitation_show(struct request *r);
void page_invitation_accept(struct request *r);
/* The "Representatives" section of an organisation's page (asking, answering, leaving). */
void representation_section(struct request *r, long long organisation_id);
/* personal_data_pages.c: a person's own data (view, download, deleting the account), and the
 * same for an address without an account, for coordinators */
void page_my_data(struct request *r);
void page_my_data_json(struct request *r);
void page_account_delete_form(struct request *r);
void page_account_delete(struct request *r);
void page_account_deleted(struct request *r);
void page_admin_personal_data(struct request *r);
void page_admin_personal_data_json(struct request *r);
void page_admin_personal_data_erase_form(struct request *r);
void page_admin_personal_data_erase(struct request *r);
/* admin_pages.c */
void page_admin(struct request *r);
void page_admin_accounts(struct request *r);
void page_admin_account(struct request *r);
void page_admin_account_update(struct request *r);
void page_admin_account_disable(struct request *r);
void page_admin_account_enable(struct request *r);
void page_admin_log(struct request *r);
/* The administration's menu, for its pages in other files. */
void admin_menu(struct request *r);
/* admin_mail_pages.c */
void page_admin_mail(struct request *r);
void page_admin_mail_retry(struct request *r);
/* organisation_api.c */
void api_organisation_list(struct request *r);
void api_organisation_show(struct request *r);
/* assets.c */
void page_static_asset(struct request *r);

/* dialogue_pages.c */
void page_dialogue_list(struct request *r);
void page_dialogue_feed(struct request *r);
void page_dialogue_new(struct request *r);
void page_dialogue_create(struct request *r);
void page_dialogue_show(struct request *r);
void page_dialogue_edit(struct request *r);
void page_dialogue_update(struct request *r);
void page_dialogue_state_confirm(struct request *r);
void page_dialogue_state(struct request *r);
void page_dialogue_invitations(struct request *r);
void page_dialogue_invite(struct request *r);
void page_dialogue_report_form(struct request *r);
void page_dialogue_report(struct request *r);
void page_dialogue_publish_confirm(struct request *r);
void page_dialogue_publish(struct request *r);
/* submission_pages.c */
void page_submission_list(struct request *r);
void page_submission_new(struct request *r);
void page_submission_create(struct request *r);
void page_submission_show(struct request *r);
void page_submission_handle(struct request *r);
void page_submission_status(struct request *r);
void page_submission_answer(struct request *r);
void page_submission_hide(struct request *r);
void page_my_submissions(struct request *r);
void page_answer_feed(struct request *r);
/* feedback_pages.c */
void page_submission_remind(struct request *r);
void page_work_queue(struct request *r);
void page_admin_feedback_targets(struct request *r);
void page_admin_feedback_targets_save(struct request *r);
/* area_pages.c */
void page_area_list(struct request *r);
void page_area_new(struct request *r);
void page_area_create(struct request *r);
void page_area_show(struct request *r);
void page_area_edit(struct request *r);
void page_area_update(struct request *r);
void page_goal_new(struct request *r);
void page_goal_create(struct request *r);
void page_goal_show(struct request *r);
void page_goal_edit(struct request *r);
void page_goal_update(struct request *r);
void page_goal_value_add(struct request *r);
/* action_plan_pages.c */
void page_action_plan_list(struct request *r);
void page_action_plan_new(struct request *r);
void page_action_plan_create(struct request *r);
void page_action_plan_show(struct request *r);
void page_action_plan_edit(struct request *r);
void page_action_plan_update(struct request *r);
void page_action_plan_adopt_form(struct request *r);
void page_action_plan_adopt(struct request *r);
void page_plan_action_new(struct request *r);
void page_plan_action_create(struct request *r);
void page_plan_action_edit(struct request *r);
void page_plan_action_update(struct request *r);
void page_plan_action_progress_form(struct request *r);
void page_plan_action_progress(struct request *r);
/* action_plan_api.c */
void api_action_plan_list(struct request *r);
void api_action_plan_show(struct request *r);
/* followup_pages.c */
void page_followup_index(struct request *r);
void page_followup_year(struct request *r);
/* statistics_pages.c */
void page_feedback_statistics(struct request *r);
/* area_api.c */
void api_area_list(struct request *r);
void api_area_show(struct request *r);
void api_goal_list(struct request *r);
void api_goal_show(struct request *r);
/* dialogue_api.c */
void api_dialogue_list(struct request *r);
void api_dialogue_show(struct request *r);
/* submission_api.c */
void api_submission_list(struct request *r);
void api_submission_show(struct request *r);
/* submission_pages.c: the submissions of a dialogue, for the dialogue's page (published ones for
 * everyone; all of them, with their status, for those who manage the dialogue). */
void submission_section(struct request *r, long long dialogue_id, bool can_manage);
/* admin_unit_pages.c: committees, departments, districts and the aliases of the classification lists */
void page_admin_committees(struct request *r);
void page_admin_committee_create(struct request *r);
void page_admin_committee(struct request *r);
void page_admin_committee_update(struct request *r);
void page_admin_committee_retire(struct request *r);
void page_admin_committee_restore(struct request *r);
void page_admin_committee_merge(struct request *r);
void page_admin_departments(struct request *r);
void page_admin_department_create(struct request *r);
void page_admin_department(struct request *r);
void page_admin_department_update(struct request *r);
void page_admin_department_retire(struct request *r);
void page_admin_department_restore(struct request *r);
void page_admin_department_merge(struct request *r);
void page_admin_districts(struct request *r);
void page_admin_district_create(struct request *r);
void page_admin_district(struct request *r);
void page_admin_district_update(struct request *r);
void page_admin_district_retire(struct request *r);
void page_admin_district_restore(struct request *r);
void page_admin_categories(struct request *r);
void page_admin_alias_create(struct request *r);
void page_admin_alias_remove(struct request *r);

/* admin_municipality_pages.c */
void page_admin_municipality(struct request *r);
void page_admin_municipality_save(struct request *r);
/* admin_invite_pages.c: an administrator invites staff; the invited set their name and password */
void page_admin_invite_form(struct request *r);
void page_admin_invite(struct request *r);
void page_staff_invitation_form(struct request *r);
void page_staff_invitation_accept(struct request *r);

#endif
