/* taxonomy: the fixed lists an organisation is described by — legal forms, ICNPO activity
 * categories, target groups — and the municipality's own districts. */
#ifndef SAMVERKAN_TAXONOMY_H
#define SAMVERKAN_TAXONOMY_H
#include "store/store.h"
#include <stdbool.h>

enum taxonomy { TAX_LEGAL_FORM, TAX_CATEGORY, TAX_TARGET_GROUP, TAX_DISTRICT };

struct term {
	char code[32];
	char name_sv[128];
	char name_en[128];
};

/* Inserts or updates the built-in legal forms, categories and target groups (idempotent). */
int taxonomy_seed(struct store *st);
/* Adds or renames a district (districts are the municipality's own, e.g. its islands). */
int taxonomy_put_district(struct store *st, const char *code, const char *name_sv, const char *name_en);
/* Loads a whole list in display order into out (max entries); returns the count. */
int taxonomy_list(struct store *st, enum taxonomy t, struct term *out, int max);
/* Finds a term by code or by Swedish or English name, case-insensitively (å/ä/ö included);
 * returns true and the code in code_out. Used by CSV import and query filters. */
bool taxonomy_resolve(struct store *st, enum taxonomy t, const char *code_or_name, char code_out[32]);
/* The term's name in the current language (a pointer into t). */
const char *term_name(const struct term *t);

#endif
