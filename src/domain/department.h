/* department: the municipality's committees (nämnder) and departments (förvaltningar) — listed,
 * created, renamed, retired and merged at a reorganisation, every change audited. */
#ifndef SAMVERKAN_DEPARTMENT_H
#define SAMVERKAN_DEPARTMENT_H
#include "base/arena.h"
#include "base/outcome.h"
#include "store/store.h"
#include <stdbool.h>

/* A code is what scripts and addresses use ("kultur-fritid", "KFN"): 1 to UNIT_CODE_MAX ASCII
 * letters, digits and '-', starting with a letter or digit. Codes are unique ignoring case, so
 * "kfn" and "KFN" can never name two units. */
#define UNIT_CODE_MAX 32
#define UNIT_NAME_MAX 200

struct committee {
	long long id;
	const char *code;
	const char *name;
	bool retired;
	long long departments; /* how many departments belong to it (committee_list only) */
};

/* One department; strings live in the caller's arena. */
struct department {
	long long id;
	const char *code;
	const char *name;
	long long committee_id;       /* 0 when none */
	const char *committee_name;   /* NULL when none */
	const char *contact_email;    /* NULL when none */
	bool retired;                 /* kept for history, not offered for new work */
	long long merged_into;        /* the department its work went to, 0 when not merged */
	/* What belongs to it: filled by department_overview and department_load only. */
	long long dialogues, submissions, officials;
};

/* Whether a code is one (see UNIT_CODE_MAX). */
bool unit_code_valid(const char *code);
/* A code made from a name, for units created by name alone: ASCII letters and digits
 * lower-cased, å/ä → a, ö → o, é → e, anything else one '-', none at either end ("Kultur- och
 * fritidsnämnden" → "kultur-och-fritidsnamnden"); "" when nothing is left. */
void unit_code_from_name(const char *name, char out[UNIT_CODE_MAX + 1]);

/* Every department, retired ones too, in name order (there are tens, not thousands): for lists
 * that show history (statistics, filters). Count, or -1. */
int department_list(struct store *st, struct arena *a, struct department *out, int max);
/* The departments offered for new work (dialogues, officials, invitations, submissions): the
 * ones not retired. Count, or -1. */
int department_list_open(struct store *st, struct arena *a, struct department *out, int max);
/* Every department with what belongs to it (dialogues, submissions, officials), for the
 * administration's list. Count, or -1. */
int department_overview(struct store *st, struct arena *a, struct department *out, int max);
/* One department with its counts: OUTCOME_NOT_FOUND when there is none. */
enum outcome department_load(struct store *st, struct arena *a, long long id, struct department *out);
/* The department with this code (ignoring case), retired or not. */
enum outcome department_by_code(struct store *st, struct arena *a, const char *code, struct department *out);
/* The id of the department with this code: 0 when there is none, -1 on a store error. */
long long department_id_by_code(struct store *st, const char *code);
/* Whether the department exists and is offered for new work: 1 or 0, -1 on a store error. */
int department_is_open(struct store *st, long long id);
/* Adds a department and its committee, or renames them when the codes exist already (each
 * department here belongs to one committee). The demo's entry; inside the caller's transaction;
 * 0 or -1. */
int department_put(struct store *st, const char *code, const char *name, const char *committee_code,
		   const char *committee_name);
/* The code of the committee the department belongs to, malloc'd; NULL when there is none or the
 * store failed. */
char *department_committee_code(struct store *st, long long department_id);

/* What a department form sends. The strings are cleaned in place (text contract). */
struct department_input {
	const char *code, *name, *contact_email;
	long long committee_id; /* 0: none; a retired or unknown committee is a field error */
};
/* Creates (id 0; *id_out gets the new id) or changes the department `id`, audited as account_id
 * (0: the command line). OUTCOME_INVALID with the fields' errors (code, name, committee_id,
 * contact_email; a code already used is one); OUTCOME_NOT_FOUND for an unknown id. */
enum outcome department_save(struct store *st, struct arena *a, long long id, struct department_input *in,
			     long long account_id, long long *id_out, struct field_errors *e);
/* Retires the department (or puts it back into use), audited. A merged department stays retired:
 * OUTCOME_CONFLICT. */
enum outcome department_set_retired(struct store *st, long long id, bool retired, long long account_id,
				    struct field_errors *e);
/* Moves everything that belongs to department `from` — its dialogues, submissions and officials,
 * and departments merged into it earlier — to `into`, and retires `from` with merged_into set,
 * in one transaction with one audit row that counts what moved (*moved, may be NULL).
 * OUTCOME_INVALID (field "into") when `into` is `from`, unknown, or retired;
 * OUTCOME_NOT_FOUND when `from` is unknown; OUTCOME_CONFLICT when it was merged already. */
enum outcome department_merge(struct store *st, long long from, long long into, long long account_id,
			      struct department *moved, struct field_errors *e);

/* Every committee, retired ones too, in name order, with how many departments each has. */
int committee_list(struct store *st, struct arena *a, struct committee *out, int max);
/* Committees not retired, for a department's form. */
int committee_list_open(struct store *st, struct arena *a, struct committee *out, int max);
enum outcome committee_load(struct store *st, struct arena *a, long long id, struct committee *out);
/* Creates (id 0) or renames a committee, audited; the same errors as department_save (code, name). */
enum outcome committee_save(struct store *st, struct arena *a, long long id, const char **code, const char **name,
			    long long account_id, long long *id_out, struct field_errors *e);
/* Retires a committee, or puts it back into use, audited. Its departments stay as they are. */
enum outcome committee_set_retired(struct store *st, long long id, bool retired, long long account_id,
				   struct field_errors *e);
/* Moves every department of committee `from` to `into` and retires `from`, audited with the
 * count (*moved, may be NULL); the same outcomes as department_merge. */
enum outcome committee_merge(struct store *st, long long from, long long into, long long account_id,
			     long long *moved, struct field_errors *e);
/* The committee named `name` (ignoring case), created when there is none with a code made from
 * the name ("Kultur- och fritidsnämnden" → "kultur-och-fritidsnamnden"), for scripted set-up.
 * *id_out is its id. OUTCOME_INVALID (field "committee") for a name that is not text; a retired
 * committee of that name is OUTCOME_CONFLICT. */
enum outcome committee_find_or_create(struct store *st, struct arena *a, const char *name, long long account_id,
				      long long *id_out, struct field_errors *e);
/* A new department in the committee named `committee`, which is found or made as
 * committee_find_or_create does, all in one transaction: a refused department leaves no new
 * committee behind. The errors of both (field "committee" for the committee's). */
enum outcome department_create_in_committee(struct store *st, struct arena *a, struct department_input *in,
					    const char *committee, long long account_id, long long *id_out,
					    struct field_errors *e);

#endif
