/* kolada: goal values from Kolada, the national database of municipal key figures — read from its
 * API v2 "data" answers, fetched over HTTPS or from a file in the same format. */
#ifndef SAMVERKAN_KOLADA_H
#define SAMVERKAN_KOLADA_H
#include "base/outcome.h"
#include "store/store.h"

/* Kolada's public API v2; `fetch-kolada --kolada-url` replaces it. */
#define KOLADA_DEFAULT_URL "https://api.kolada.se/v2"

struct kolada_result {
	int values;     /* goal values stored (missing ones included) */
	int missing;    /* of those, periods Kolada has no value for (stored as none) */
	int goals;      /* goals that got values */
	int skipped;    /* rows for a municipality no goal names with that KPI */
	char error[512]; /* what went wrong, in English, for the command line */
};

/*
 * Imports answers of Kolada API v2's data call: each text a JSON object whose "values" is an
 * array of {"kpi", "municipality", "period" (a year), "values": [{"gender": "T"|"K"|"M",
 * "value": number or null}]}. For every goal with source kolada naming that KPI and
 * municipality, the value of its gender is stored as its value for 31 December of the period
 * (null: stored as missing), replacing only that period's value. All texts in one transaction
 * with an audit row per goal: a text that is not such JSON, or a KPI no goal names, is
 * OUTCOME_INVALID with r->error saying which, and nothing is stored.
 */
enum outcome kolada_import(struct store *st, const char *const *texts, int n, struct kolada_result *r);
/* kolada_import of the file at path. */
enum outcome kolada_import_file(struct store *st, const char *path, struct kolada_result *r);
/* Fetches base_url/data/kpi/KPI/municipality/CODE for every KPI and municipality the goals name,
 * following "next_page" to the last page, then imports every page at once. OUTCOME_FAILED with
 * r->error when a fetch fails (nothing stored), else as kolada_import. */
enum outcome kolada_fetch(struct store *st, const char *base_url, struct kolada_result *r);

#endif
