/* dialogue_api: JSON API for dialogues. STUB — being written. */
#include "web/pages.h"

void api_dialogue_list(struct request *r) { respond_not_found(r); }
void api_dialogue_show(struct request *r) { respond_not_found(r); }
