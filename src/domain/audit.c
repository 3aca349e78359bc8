/* audit: writes audit_log rows; the schema forbids updating or deleting them. */
#include "domain/audit.h"
#include "base/clock.h"

int audit_record(struct store *st, long long account_id, const char *entity, long long entity_id,
		 const char *action, const char *detail_json)
{
	char now[21];
	clock_iso(clock_now(), now);
	return store_exec(st,
			  "INSERT INTO audit_log (at, account_id, entity, entity_id, action, detail) "
			  "VALUES ($1, $2, $3, $4, $5, $6)",
			  ARGS(SV_T(now), account_id ? SV_I(account_id) : SV_NULLV, SV_T(entity),
			       entity_id ? SV_I(entity_id) : SV_NULLV, SV_T(action),
			       SV_T(detail_json ? detail_json : "{}"))) == 1 ? 0 : -1;
}
