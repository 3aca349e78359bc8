/* dialogue_pages: dialogues: list, page, forms, invitations, report, feed. STUB — being written. */
#include "web/pages.h"

void page_dialogue_list(struct request *r) { respond_not_found(r); }
void page_dialogue_feed(struct request *r) { respond_not_found(r); }
void page_dialogue_new(struct request *r) { respond_not_found(r); }
void page_dialogue_create(struct request *r) { respond_not_found(r); }
void page_dialogue_show(struct request *r) { respond_not_found(r); }
void page_dialogue_edit(struct request *r) { respond_not_found(r); }
void page_dialogue_update(struct request *r) { respond_not_found(r); }
void page_dialogue_state(struct request *r) { respond_not_found(r); }
void page_dialogue_invitations(struct request *r) { respond_not_found(r); }
void page_dialogue_invite(struct request *r) { respond_not_found(r); }
void page_dialogue_report_form(struct request *r) { respond_not_found(r); }
void page_dialogue_report(struct request *r) { respond_not_found(r); }
