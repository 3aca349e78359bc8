/* district: the municipality's districts (its islands, villages, parts of town) and the postcodes
 * that place an organisation's address in one — the one writer of the district tables. */
#ifndef SAMVERKAN_DISTRICT_H
#define SAMVERKAN_DISTRICT_H
#include "base/arena.h"
#include "base/outcome.h"
#include "store/store.h"
#include <stdbool.h>

#define DISTRICT_NAME_MAX 120
#define DISTRICT_POSTCODES_MAX 200

/* One district; strings live in the caller's arena. */
struct district {
	const char *code;
	const char *name_sv, *name_en;
	bool retired;
	long long organisations; /* organisations placed in it */
	const char *postcodes;   /* its postcodes as people write them: "178 92, 178 93" ("" when none) */
	int npostcodes;
};

/* Every district, retired ones too, in the municipality's order, with postcodes and counts.
 * Count, or -1. */
int district_list(struct store *st, struct arena *a, struct district *out, int max);
enum outcome district_load(struct store *st, struct arena *a, const char *code, struct district *out);

/* What a district form sends; cleaned in place. `code` is only read when creating, and made from
 * the name when empty ("Färingsö" → "faringso"); the code never changes, organisations keep it. */
struct district_input {
	const char *code, *name_sv, *name_en;
	const char *postcodes; /* "178 92, 178 93": commas, semicolons or line ends between them */
};
/* Creates (code NULL; the new code in code_out) or changes the district `code`: its names and
 * the whole list of its postcodes, audited as account_id (0: the command line).
 * OUTCOME_INVALID with field errors: name_sv; code (not a code, or taken); postcodes (one that is
 * not five digits, or one that is another district's, named). OUTCOME_NOT_FOUND for an unknown
 * code. */
enum outcome district_save(struct store *st, struct arena *a, const char *code, struct district_input *in,
			   long long account_id, char code_out[33], struct field_errors *e);
/* Retires a district (no longer offered to organisations, nor placing them by postcode) or puts
 * it back into use, audited. */
enum outcome district_set_retired(struct store *st, const char *code, bool retired, long long account_id,
				  struct field_errors *e);
/* Adds or renames a district by code, new ones last: the demo's entry (taxonomy_put_district).
 * Inside the caller's transaction, unaudited; 0 or -1. */
int district_put(struct store *st, const char *code, const char *name_sv, const char *name_en);

#endif
