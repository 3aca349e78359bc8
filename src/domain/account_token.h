/* account_token: one-time links sent by e-mail (verify an address, reset a password, confirm a new
 * address, accept an invitation) — random, single-use, short-lived, and only their hash is stored. */
#ifndef SAMVERKAN_ACCOUNT_TOKEN_H
#define SAMVERKAN_ACCOUNT_TOKEN_H
#include "base/outcome.h"
#include "store/store.h"

/* The token in a link: 32 random bytes, base64url, made like a session cookie's
 * (session_random_token; account_token.c checks the two lengths agree). */
#define ACCOUNT_TOKEN_LEN 43

/* What a token may be used for; each is accepted only where it was meant to be. */
enum token_purpose {
	TOKEN_VERIFY, /* confirm the address given at sign-up: 48 hours */
	TOKEN_RESET,  /* choose a new password: 1 hour */
	TOKEN_EMAIL,  /* confirm a new address before it replaces the old one: 24 hours */
	TOKEN_INVITE, /* an invitation to represent an organisation: 14 days */
	TOKEN_STAFF,  /* an administrator's invitation to a staff account (role, department): 14 days */
};

const char *token_purpose_code(enum token_purpose p); /* "verify", … as stored */
/* How long a token of that purpose lives, in seconds. */
long token_lifetime(enum token_purpose p);

/* Why a token was refused, beyond the outcome: a caller may tell the person which (the link's
 * holder learns nothing about anyone else's account from it). TOKEN_UNKNOWN goes with
 * OUTCOME_NOT_FOUND, the others with OUTCOME_CONFLICT. */
enum token_problem {
	TOKEN_FINE = 0,
	TOKEN_UNKNOWN,       /* unknown, tampered with, or meant for another purpose */
	TOKEN_USED,          /* already followed once */
	TOKEN_EXPIRED,       /* too old */
	TOKEN_ADDRESS_TAKEN, /* TOKEN_EMAIL: the new address has meanwhile become another account's */
};

/* What a valid token stands for. */
struct account_token {
	long long id;
	long long account_id;      /* 0 for an invitation to someone without an account yet */
	long long organisation_id; /* TOKEN_INVITE: the organisation; else 0 */
	char email[256];           /* TOKEN_EMAIL: the pending address; TOKEN_INVITE, TOKEN_STAFF: the invited one */
	char role[16];             /* TOKEN_STAFF: the role's code ("official", …); else "" */
	long long department_id;   /* TOKEN_STAFF: the official's department; else 0 */
	enum token_purpose purpose;
	enum token_problem problem; /* why it was refused; TOKEN_FINE when it was not */
};

/* Makes a token and stores its hash; the token itself (for the link) goes into out and is never
 * kept. email and organisation_id as in struct account_token (NULL / 0 when not used). Making a
 * TOKEN_EMAIL token retires the account's earlier unused ones, so only the latest requested
 * address can be confirmed. Call inside the write transaction that queues the message carrying
 * the link. Returns the row id, or 0 on a store error. */
long long account_token_create(struct store *st, enum token_purpose purpose, long long account_id, const char *email,
			       long long organisation_id, char out[ACCOUNT_TOKEN_LEN + 1]);

/* A TOKEN_STAFF token for the address (normalised) with the role's code and the department (0
 * for none); the address's earlier unused staff invitations stop working, so only the latest
 * counts. As account_token_create otherwise. */
long long account_token_create_staff(struct store *st, const char *email, const char *role, long long department_id,
				     char out[ACCOUNT_TOKEN_LEN + 1]);

/* Looks a token up without using it (for the page a link opens, which only reads): checks that
 * it exists, has this purpose, is unused and unexpired, and for TOKEN_EMAIL that the address is
 * still free. OUTCOME_OK with *out filled; OUTCOME_NOT_FOUND (unknown) or OUTCOME_CONFLICT with
 * out->problem saying why; or the store's outcome. */
enum outcome account_token_check(struct store *st, const char *token, enum token_purpose purpose,
				 struct account_token *out);

/* As account_token_check, then marks the token used so it never works again (even when two
 * requests race, only one gets OUTCOME_OK). Call inside the write transaction that makes the
 * change the token allows, so the change and the use stand or fall together. */
enum outcome account_token_consume(struct store *st, const char *token, enum token_purpose purpose,
				   struct account_token *out);

/* Retires every unused token of the account with that purpose (e.g. all reset links once the
 * password has been changed). 0 or -1. */
int account_token_retire(struct store *st, long long account_id, enum token_purpose purpose);
/* Deletes every token that expired more than a week before `now` (ISO 8601 UTC), used or not:
 * the daily retention job, and each new token. Rows deleted, or -1. */
long long account_token_purge_expired(struct store *st, const char *now);
/* Deletes the tokens made for an address (invitations, e-mail changes) whatever account they
 * belong to: the address is being erased. `email` is normalised. Rows deleted, or -1. */
long long account_token_forget_address(struct store *st, const char *email);

#endif
