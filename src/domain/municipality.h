/* municipality: the municipality's own profile — its name, organisation number, address and
 * contacts, case-number prefix, open-data licence and the facts of its accessibility statement —
 * kept as settings named "municipality.*" (domain/setting.h). */
#ifndef SAMVERKAN_MUNICIPALITY_H
#define SAMVERKAN_MUNICIPALITY_H
#include "base/arena.h"
#include "base/outcome.h"
#include "store/store.h"
#include <stdbool.h>

/* What the site calls itself while the municipality has no name yet. */
#define MUNICIPALITY_FALLBACK_NAME "samverkan"
/* The open-data licence when none was chosen. */
#define MUNICIPALITY_DEFAULT_LICENCE "CC0 1.0"
#define MUNICIPALITY_DEFAULT_LICENCE_URL "https://creativecommons.org/publicdomain/zero/1.0/"

#define MUNICIPALITY_NAME_MAX 200
#define MUNICIPALITY_SHORTCOMINGS_MAX 4000

/* Every field is text ("" when unset), named as the form's inputs and the settings
 * ("municipality.<field>"). */
struct municipality {
	const char *name;
	const char *org_number;   /* "NNNNNN-NNNN" once validated */
	const char *street, *postcode, *city; /* postcode "178 92" once validated */
	const char *email, *phone, *website;
	const char *case_prefix;  /* of its case numbers (diarienummer), e.g. "KS" */
	const char *licence, *licence_url;
	const char *a11y_contact;      /* where to report an accessibility problem: an e-mail address or a web address */
	const char *a11y_reviewed;     /* the statement's last review, "YYYY-MM-DD" */
	const char *a11y_shortcomings; /* known shortcomings, several lines */
};

/* The profile as stored; unset fields are "" except the licence, which has its default. Strings
 * live in a. OUTCOME_OK, or the store's outcome (m then holds the defaults). */
enum outcome municipality_load(struct store *st, struct arena *a, struct municipality *m);
/* The name the site uses for itself (header, titles, feeds, e-mail): the profile's name, else
 * MUNICIPALITY_FALLBACK_NAME, also when the store failed (a page still gets a frame). In a. */
const char *municipality_name(struct store *st, struct arena *a);
/* The link for reporting an accessibility problem: "mailto:…" for an address, the web address
 * itself otherwise; NULL when there is none. In a. */
const char *municipality_report_href(struct arena *a, const struct municipality *m);

/* Cleans every field (the text contract; canonical organisation number and postcode, lower-case
 * e-mail, "https://" before a bare web address) and checks it, adding each field's problem to
 * e. False when there is one. */
bool municipality_validate(struct arena *a, struct municipality *m, struct field_errors *e);
/* Validates m, then stores it with one audit row naming the fields that changed (by: the
 * account, 0 for the command line), inside the caller's write transaction. OUTCOME_INVALID (e
 * says why; nothing stored), OUTCOME_OK, or the store's outcome. */
enum outcome municipality_write(struct store *st, struct arena *a, struct municipality *m, long long by,
				struct field_errors *e);
/* municipality_write in a transaction of its own. */
enum outcome municipality_save(struct store *st, struct arena *a, struct municipality *m, long long by,
			       struct field_errors *e);

#endif
