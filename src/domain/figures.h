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

#endif
