/* statistics_pages: public statistics on feedback. STUB — being written. */
#include "web/pages.h"

void page_feedback_statistics(struct request *r) { respond_not_found(r); }
