/* taxonomy: the fixed lists an organisation is described by — legal forms, ICNPO activity
 * categories, target groups — and the municipality's own districts. */
#ifndef SAMVERKAN_TAXONOMY_H
#define SAMVERKAN_TAXONOMY_H
#include "base/outcome.h"
#include "store/store.h"
#include <stddef.h>
#include <stdbool.h>

enum taxonomy { TAX_LEGAL_FORM, TAX_CATEGORY, TAX_TARGET_GROUP, TAX_DISTRICT };

struct term {
	char code[32];
	char name_sv[128];
	char name_en[128];
	bool retired; /* a retired district, listed because organisations still have it */
};

/* Inserts or updates the built-in legal forms, categories and target groups (idempotent). */
int taxonomy_seed(struct store *st);
/* Adds or renames a district (districts are the municipality's own, e.g. its islands): the
 * demo's entry into district_put (domain/district.h), which owns the table. */
int taxonomy_put_district(struct store *st, const char *code, const char *name_sv, const char *name_en);
/* Loads a whole list in display order into out (max entries); returns the count. Districts that
 * are retired are left out unless organisations still have them (then marked retired), so the
 * register can still show and filter by them while forms offer only the others. */
int taxonomy_list(struct store *st, enum taxonomy t, struct term *out, int max);
/* Finds a term by its code, its Swedish or English name, or one of its aliases, comparing
 * taxonomy_key()s: "informell grupp/nätverk" is "Informell grupp eller nätverk". Returns true
 * and the code in code_out. The one lookup behind import, forms, filters and the API. */
bool taxonomy_resolve(struct store *st, enum taxonomy t, const char *code_or_name, char code_out[32]);
/* The form in which names are compared: case folded, NFC, with punctuation, spacing and the
 * words och/eller/and/or/& dropped ("Kultur & Fritid" and "kultur och fritid" are "kulturfritid").
 * False when the text is not UTF-8 or does not fit in out. */
bool taxonomy_key(const char *in, char *out, size_t outsz);
/* The known terms closest to an unknown value (by edit distance between keys, over codes,
 * names and aliases), at most max, most likely first; returns how many (0 when none is near
 * enough to be a plausible misspelling or abbreviation). For "did you mean …". */
int taxonomy_suggest(struct store *st, enum taxonomy t, const char *value, struct term *out, int max);
/* Records alias as another word for term_code (which must exist) in the list t, audited by
 * account_id (0: the command line). OUTCOME_OK also when the alias already meant that term;
 * OUTCOME_CONFLICT (with the reason in e) when it is already a term's name or another term's
 * alias; OUTCOME_NOT_FOUND when there is no such term; OUTCOME_INVALID when the alias is empty
 * or not text. */
struct field_errors;
enum outcome taxonomy_alias_add(struct store *st, enum taxonomy t, const char *term_code, const char *alias,
				long long account_id, struct field_errors *e);
/* One alias as the administration lists it. */
struct term_alias {
	char alias[256];
	char term_code[32];
};
/* The aliases of list t, by term and alias; returns the count (at most max), or -1. */
int taxonomy_alias_list(struct store *st, enum taxonomy t, struct term_alias *out, int max);
/* Removes alias (compared as taxonomy_key) from list t, audited by account_id. OUTCOME_NOT_FOUND
 * when the list has no such alias. */
enum outcome taxonomy_alias_remove(struct store *st, enum taxonomy t, const char *alias, long long account_id);
/* The district whose postcode list holds this postcode ("178 92", "17892", "SE-178 92"), in
 * code_out; false when none (or the postcode is not five digits). */
bool taxonomy_district_of_postcode(struct store *st, const char *postcode, char code_out[32]);
/* A postcode as five digits ("178 92" → "17892") in out[6]; false when it is not one. */
bool postcode_normalise(const char *in, char out[6]);
/* The list's name in the database and in term_alias ("legal_form", "category", …). */
const char *taxonomy_name(enum taxonomy t);
/* The list named so ("category", "target_group", "legal_form", "district"); false if none. */
bool taxonomy_from_name(const char *name, enum taxonomy *out);
/* The term's name in the current language (a pointer into t). */
const char *term_name(const struct term *t);

#endif
