/* organisation: the register of civil-society organisations — validation, reading, saving, search. */
#ifndef SAMVERKAN_ORGANISATION_H
#define SAMVERKAN_ORGANISATION_H
#include "base/arena.h"
#include "base/outcome.h"
#include "store/store.h"
#include <stdbool.h>

#define ORG_MAX_CODES 24
#define ORG_MAX_CONTACTS 8

struct contact_person {
	long long id;
	const char *name, *role, *email, *phone;
};

/* One organisation as read or as typed into a form; strings live in the caller's arena. */
struct organisation {
	long long id; /* 0 for a new one */
	const char *name;
	const char *org_number; /* "NNNNNN-NNNN" or "" for informal groups */
	const char *legal_form; /* code */
	const char *description;
	const char *website;
	const char *email;
	const char *phone;
	bool public;
	/* Visiting address and, where it differs, postal address; postcodes as "178 92". Shown to
	 * the public only when address_public. */
	const char *street, *postcode, *city;
	const char *postal_street, *postal_postcode, *postal_city;
	bool address_public;
	/* The organisation number as confirmed by an official (ISO time, or NULL): a representative
	 * may then only ask for a change (org_number_requested, with a reason), which an official
	 * approves or declines. */
	const char *org_number_confirmed_at;
	const char *org_number_requested, *org_number_request_reason, *org_number_requested_at;
	long long org_number_requested_by;
	const char *confirmed_at; /* ISO date-time or NULL */
	const char *updated_at;
	const char *categories[ORG_MAX_CODES];
	int ncategories;
	const char *target_groups[ORG_MAX_CODES];
	int ntarget_groups;
	const char *districts[ORG_MAX_CODES];
	int ndistricts;
	/* Personal data: filled only by organisation_load with with_contacts = true. */
	struct contact_person contacts[ORG_MAX_CONTACTS];
	int ncontacts;
};

/* Organisation numbers: accepts "NNNNNN-NNNN", "NNNNNN NNNN", "NNNNNNNNNN" and "16NNNNNN-NNNN"; writes the
 * canonical "NNNNNN-NNNN" into out[12]. False when the form or the Luhn check digit is wrong. */
bool orgnr_normalise(const char *in, char out[12]);
bool orgnr_luhn_ok(const char *ten_digits);

/* Normalises (the text contract on every text: trimmed, NFC, no control characters; canonical
 * org number, lower-case e-mail, "https://" added to a bare web address, postcodes as "178 92")
 * and checks every field against the rules and the taxonomy. No activity category is allowed
 * (the organisation is unclassified until an official classifies it); with no district, the
 * visiting (else postal) address's postcode picks one from the districts' postcode lists. OUTCOME_INVALID with each field's first problem in e
 * (named after the form's inputs: "name", "org_number", "contact_email_1", …), else OUTCOME_OK.
 * Does not check uniqueness (organisation_save does). */
enum outcome organisation_validate(struct store *st, struct arena *a, struct organisation *o, struct field_errors *e);

/* Validates, then inserts (o->id == 0) or updates the organisation with its categories, target
 * groups, districts and contact persons, with an audit record by account_id, in one
 * transaction; o->id is the saved one's id. OUTCOME_INVALID with the field errors (an
 * organisation number already registered among them); OUTCOME_NOT_FOUND when the organisation
 * updated is gone; a store outcome when the database failed (a message without a field in e).
 * The organisation number: when an official, coordinator or administrator saves an organisation
 * with a number, that number is confirmed (org_number_confirmed_at); once it is, anyone below
 * them (a representative) who sends a different number gets a field error on org_number and
 * must ask for the change (organisation_number_request). Account 0 (the command line) neither
 * confirms nor is held back. */
enum outcome organisation_save(struct store *st, struct arena *a, struct organisation *o, long long account_id,
			       struct field_errors *e);
/* Inserts or updates by organisation number (import): an existing organisation with the same
 * number is updated, keeping its id. Same outcomes as organisation_save. Call within a
 * transaction of your own when importing many (pass in_transaction = true). */
enum outcome organisation_upsert(struct store *st, struct arena *a, struct organisation *o, long long account_id,
				 bool in_transaction, struct field_errors *e);

/* The organisation's own row only (name, addresses, public, …), without its lists or contacts:
 * for those who need no more, such as an invitation's address. Outcome as organisation_load. */
enum outcome organisation_get(struct store *st, struct arena *a, long long id, struct organisation *o);

/* Loads one organisation; with_contacts adds the contact persons (personal data).
 * OUTCOME_NOT_FOUND only when there is no such organisation; a failed query is store_outcome. */
enum outcome organisation_load(struct store *st, struct arena *a, long long id, bool with_contacts,
			       struct organisation *o);
/* Marks the organisation's details as confirmed now (yearly re-confirmation); OUTCOME_NOT_FOUND
 * when there is no such organisation. */
enum outcome organisation_confirm(struct store *st, long long id, long long account_id);

/* A representative asks for the organisation number to be changed to `number`, saying why
 * (`reason`, required); the request waits on the organisation for an official. OUTCOME_INVALID
 * with errors on "org_number" / "reason" (a bad number, the current one, one registered to
 * another organisation); OUTCOME_NOT_FOUND when there is no such organisation. Audited, and
 * every coordinator is notified (kind "representation") in the same transaction. */
enum outcome organisation_number_request(struct store *st, struct arena *a, long long id, long long account_id,
					 const char *number, const char *reason, struct field_errors *e);
/* An official answers the waiting request: approve changes the number (now confirmed), decline
 * leaves it; either way the request is cleared, audited. OUTCOME_CONFLICT (with why in e) when
 * nothing waits or the number has been registered to another organisation meanwhile. */
enum outcome organisation_number_answer(struct store *st, struct arena *a, long long id, bool approve,
					long long account_id, struct field_errors *e);

enum org_sort { ORG_SORT_NAME = 0, ORG_SORT_NAME_DESC, ORG_SORT_UPDATED, ORG_SORT_RELEVANCE };

struct org_filter {
	const char *q;           /* full-text search, Swedish stemming */
	const char *category;    /* codes; NULL or "" for any */
	const char *target_group;
	const char *district;
	const char *legal_form;
	bool include_hidden;     /* officials and coordinators see non-public organisations */
	bool unconfirmed_only;   /* not confirmed for 15 months */
	enum org_sort sort;
	int page;                /* 1-based */
	int per_page;            /* 1..100 */
};

struct org_page {
	struct organisation *items; /* without contacts */
	int n;
	long long total;
	int page, per_page;
};

/* One page of organisations matching the filter; the count is of all matches. OUTCOME_OK or a
 * store outcome. */
enum outcome organisation_search(struct store *st, struct arena *a, const struct org_filter *f, struct org_page *out);
/* Organisations without any activity category ("unclassified"), hidden ones too, A–Ö, one page
 * (per_page 1..100) and the count of all. OUTCOME_OK or a store outcome. */
enum outcome organisation_unclassified(struct store *st, struct arena *a, int page, int per_page,
				       struct org_page *out);
/* Adds the activity categories (codes or names) to each of the n organisations, keeping the
 * ones they have, with an audit record per organisation by account_id, in one transaction.
 * OUTCOME_INVALID with an error on "organisations" when none is chosen, on "categories" when no
 * category (or an unknown one) is; OUTCOME_NOT_FOUND when one of them is gone (nothing written). */
enum outcome organisation_classify(struct store *st, struct arena *a, const long long *ids, int n,
				   const char *const *categories, int ncat, long long account_id, struct field_errors *e);
/* Fills the contact persons of items[0..n) (personal data) with one query; 0 or -1. */
int organisation_load_contacts(struct store *st, struct arena *a, struct organisation *items, int n);

/* Sets when the organisation last confirmed its details: the one writer of confirmed_at (the
 * yearly confirmation, and the demo's history). Inside the caller's transaction; rows changed
 * (0: no such organisation), or -1. */
long long organisation_set_confirmed_at(struct store *st, long long id, const char *at);
/* The ids of the organisations in the public register in id order, at most max. Count, or -1. */
int organisation_public_ids(struct store *st, long long *out, int max);
/* How many organisations the register holds, hidden ones too; -1 when the store failed. */
long long organisation_count(struct store *st);
/* The register's filters as SQL conditions on organisations aliased "o", for every list that
 * filters them (the register, a dialogue's invitations): category, target group, district and
 * legal form, each NULL or "" for none. Appends " WHERE …" or " AND …" to `where` and binds the
 * values after the na in args (room for four more); returns the new count. */
struct buf;
int organisation_filter_where(struct buf *where, struct sv *args, int na, const char *category,
			      const char *target_group, const char *district, const char *legal_form);
/* The same filters with several codes each: an organisation matches a list when it has any of
 * its codes (OR), and the filter when it matches every list that has codes (AND). A list with
 * n == 0 sets no condition. args needs room for every code. organisation_filter_where is this
 * with one code per list. */
struct org_codes {
	const char *const *codes;
	int n;
};
struct org_filter_any {
	struct org_codes category, target_group, district, legal_form;
};
int organisation_filter_where_any(struct buf *where, struct sv *args, int na, const struct org_filter_any *f);

/* The sort key used for Swedish alphabetical order (å, ä, ö after z), malloc'd. */
char *organisation_sort_key(const char *name);

/* ---- For a representative's start page ---------------------------------------------------------- */

/* An organisation's details are due for re-confirmation when not confirmed in this many months. */
#define ORGANISATION_CONFIRM_MONTHS 15
/* The time (ISO 8601 UTC, out[21]) before which a confirmation is too old: now less
 * ORGANISATION_CONFIRM_MONTHS. */
void organisation_confirm_cutoff(char out[21]);
/* One organisation a person represents, with whether its yearly confirmation is due. */
struct organisation_mine {
	long long id;
	const char *name;
	const char *confirmed_at; /* ISO 8601 UTC, or NULL: never */
	bool confirm_due;         /* never confirmed, or not within ORGANISATION_CONFIRM_MONTHS */
};
/* The organisations the account represents, in the register's order, at most max. Count, or -1. */
int organisation_represented(struct store *st, struct arena *a, long long account_id, struct organisation_mine *out,
			     int max);

#endif
