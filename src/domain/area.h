/* area: a committee's collaboration areas (samverkansområden, principle 1) — who owns and runs
 * each, the principles it serves, its period and partner organisations — every change audited. */
#ifndef SAMVERKAN_AREA_H
#define SAMVERKAN_AREA_H
#include "base/arena.h"
#include "base/outcome.h"
#include "domain/account.h"
#include "store/store.h"
#include <stdbool.h>

#define AREA_TITLE_MAX 200      /* characters */
#define AREA_TEXT_MAX 10000     /* characters: the description */
#define AREA_DEPARTMENTS_MAX 16 /* departments that run one area */
#define AREA_PARTNERS_MAX 64    /* partner organisations of one area */
#define AREA_PRINCIPLES_MAX 9

/* Where an area stands; stored as its code. Any status may follow any other: an ended area can
 * be taken up again. */
enum area_status { AREA_PROPOSED = 0, AREA_ACTIVE, AREA_ENDED };
#define AREA_STATUSES 3

const char *area_status_code(enum area_status s);
bool area_status_from_code(const char *code, enum area_status *out);
/* The status's name in the thread's language. */
const char *area_status_label(enum area_status s);

/* One area as read or as typed into a form; strings live in the caller's arena. */
struct area {
	long long id; /* 0 for a new one */
	const char *title, *description;
	long long committee_id;
	const char *committee_name; /* read only */
	const char *status;         /* the status's code as typed; area_status_from_code reads it */
	const char *starts_on, *ends_on; /* "YYYY-MM-DD" or "" */
	long long department_ids[AREA_DEPARTMENTS_MAX];
	const char *department_names[AREA_DEPARTMENTS_MAX]; /* read only */
	int ndepartments;
	const char *principles[AREA_PRINCIPLES_MAX];
	int nprinciples;
	long long partner_ids[AREA_PARTNERS_MAX];
	const char *partner_names[AREA_PARTNERS_MAX]; /* read only; area_save fills them for a form shown again */
	int npartners;
	/* A partner to add, as typed in a form: a public organisation's name or organisation number
	 * ("" or NULL: none). area_save finds it and adds it to partner_ids. */
	const char *partner_add;
	long long goals; /* read only: how many goals it has */
	const char *created_at, *updated_at;
};

/* Whether `by` runs the area: the command line (NULL), coordinators and administrators, and the
 * officials of one of its departments. */
bool area_manages(const struct account *by, const struct area *area);

/* Checks every field through the text contract: title 1–200 characters on one line, description
 * at most 10,000, a committee not retired, departments not retired (at least one, and for an
 * official their own among them), a known status, real dates with start ≤ end, known principles,
 * partners that are public organisations of the register (partner_add: exactly one public
 * organisation with that organisation number or name, else an error on "partner_add"). Then inserts (in->id 0) or updates the
 * area with its lists and an audit row, in one transaction; *id_out gets the id. by NULL: the
 * command line. OUTCOME_INVALID with e filled (fields title, description, committee_id,
 * department_ids, status, starts_on, ends_on, principles, partner_ids, partner_add); OUTCOME_NOT_FOUND for an
 * unknown id; OUTCOME_FORBIDDEN when by does not run the stored area. */
enum outcome area_save(struct store *st, struct arena *a, struct area *in, const struct account *by,
		       long long *id_out, struct field_errors *e);

/* One area with its lists and goal count: OUTCOME_NOT_FOUND when there is none. */
enum outcome area_load(struct store *st, struct arena *a, long long id, struct area *out);

/* The areas in title order, from offset (at most max), with their committee and goal count (not
 * the lists: area_load has those). *total (may be NULL) counts them all. Areas are public, every
 * status: a proposed area is part of the committee's open work. Filled count, or -1. */
int area_list(struct store *st, struct arena *a, long long offset, int max, struct area *out, long long *total);

#endif
