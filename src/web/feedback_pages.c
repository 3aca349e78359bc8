/* feedback_pages: feedback clock: the officials' work queue and the targets. STUB — being written. */
#include "web/pages.h"

void page_work_queue(struct request *r) { respond_not_found(r); }
void page_admin_feedback_targets(struct request *r) { respond_not_found(r); }
void page_admin_feedback_targets_save(struct request *r) { respond_not_found(r); }
