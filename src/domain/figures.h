/* figures: the few counts overview pages show (the start page, the administration's overview),
 * each one query on the table it counts, so no page runs SQL of its own. */
#ifndef SAMVERKAN_FIGURES_H
#define SAMVERKAN_FIGURES_H
#include "store/store.h"

/* Each returns the count, or -1 when the store failed. */
long long figures_public_organisations(struct store *st);
long long figures_open_dialogues(struct store *st);
/* Requests to represent an organisation that wait for an answer. */
long long figures_pending_representation_requests(struct store *st);
/* Organisations that nobody represents. */
long long figures_organisations_without_representative(struct store *st);

/* What a new installation has set up so far, for the start page's checklist: departments and
 * districts in use (not retired), organisations in the register, and enabled staff accounts
 * other than administrators (officials and coordinators). */
struct figures_setup {
	long long departments, districts, organisations, staff;
};
/* One query. 0, or -1 when the store failed. */
int figures_setup(struct store *st, struct figures_setup *out);

#endif
