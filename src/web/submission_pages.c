/* submission_pages: submissions: list, form, page, handling, answer, moderation, feed. STUB — being written. */
#include "web/pages.h"

void page_submission_list(struct request *r) { respond_not_found(r); }
void page_submission_new(struct request *r) { respond_not_found(r); }
void page_submission_create(struct request *r) { respond_not_found(r); }
void page_submission_show(struct request *r) { respond_not_found(r); }
void page_submission_status(struct request *r) { respond_not_found(r); }
void page_submission_answer(struct request *r) { respond_not_found(r); }
void page_submission_hide(struct request *r) { respond_not_found(r); }
void page_my_submissions(struct request *r) { respond_not_found(r); }
void page_answer_feed(struct request *r) { respond_not_found(r); }
void submission_section(struct request *r, long long dialogue_id, bool can_manage) {}
