/* submission_api: JSON API for published submissions and answers. STUB — being written. */
#include "web/pages.h"

void api_submission_list(struct request *r) { respond_not_found(r); }
void api_submission_show(struct request *r) { respond_not_found(r); }
