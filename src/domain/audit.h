/* audit: the append-only record of every change — who, when, which entity, what changed. */
#ifndef SAMVERKAN_AUDIT_H
#define SAMVERKAN_AUDIT_H
#include "store/store.h"

/* detail_json is a JSON object describing the change (e.g. fields before and after); account_id
 * 0 means the system or a command-line user. Call inside the transaction of the change. */
int audit_record(struct store *st, long long account_id, const char *entity, long long entity_id,
		 const char *action, const char *detail_json);

#endif
