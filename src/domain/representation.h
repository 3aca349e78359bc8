/* representation: who may act for an organisation — requests to represent it and their answers,
 * invitations by e-mail, leaving, and a coordinator's assignment, each audited and told. */
#ifndef SAMVERKAN_REPRESENTATION_H
#define SAMVERKAN_REPRESENTATION_H
#include "base/arena.h"
#include "base/outcome.h"
#include "domain/account.h"
#include "store/store.h"
#include <stdbool.h>

/* Every change below runs its own write transaction (with its audit rows and notifications
 * inside it) and leaves nothing behind unless it returns OUTCOME_OK. A refusal the person can
 * act on comes with a message in the field errors: on the field for bad input
 * (OUTCOME_INVALID), without a field for OUTCOME_CONFLICT and OUTCOME_FORBIDDEN; a failed
 * query is store_outcome. */

/* Why a change was refused, for the pages that say so under a title of their own (and, for an
 * invitation that is used up, with 410 Gone); the words are the message in the field errors. */
enum repr_refusal {
	REPR_REFUSED_NONE = 0,
	REPR_REFUSED_ALREADY,       /* the account already represents the organisation (conflict) */
	REPR_REFUSED_DUPLICATE,     /* a request of the same person for the organisation is pending (conflict) */
	REPR_REFUSED_DECIDED,       /* the request was answered (or withdrawn) already (conflict) */
	REPR_REFUSED_NOT_MEMBER,    /* leaving an organisation one does not represent (conflict) */
	REPR_REFUSED_LAST,          /* the last representative leaving without last_ok (conflict) */
	REPR_REFUSED_EXPIRED,       /* an invitation used or past its time (conflict) */
	REPR_REFUSED_WRONG_ACCOUNT, /* an invitation sent to another address than the account's (forbidden) */
	REPR_REFUSED_UNKNOWN_LINK,  /* an invitation's token that is not one: tampered or cut short (not found) */
};

/* A request's state, as representation_request.status stores it. */
enum repr_request_state { REQUEST_PENDING = 0, REQUEST_APPROVED, REQUEST_DECLINED, REQUEST_WITHDRAWN };
const char *repr_request_state_code(enum repr_request_state s);
/* The state for a stored code; false for one this version does not know. */
bool repr_request_state_from_code(const char *code, enum repr_request_state *out);

#define REPR_MESSAGE_MAX 2000
/* Where an invitation's link leads: REPR_INVITATION_PATH "?token=…". */
#define REPR_INVITATION_PATH "/konto/inbjudan"

/* May `by` answer requests for the organisation, see its pending requests and its
 * representatives? Its own representatives and coordinators (and admins) may; officials and
 * anyone else may not. */
bool representation_may_manage(struct store *st, const struct account *by, long long organisation_id);

/* A signed-in person asks to represent the organisation, with an optional message (the text
 * contract, at most REPR_MESSAGE_MAX characters: OUTCOME_INVALID on "message"). Every
 * representative of it and every coordinator is notified. *request_id gets the new request.
 * Refused as REPR_REFUSED_ALREADY or REPR_REFUSED_DUPLICATE in *why (may be NULL). */
enum outcome representation_request(struct store *st, struct arena *a, const struct account *who,
				    long long organisation_id, const char *message, long long *request_id,
				    struct field_errors *e, enum repr_refusal *why);
/* The person's pending request for the organisation, or 0. */
long long representation_pending_request(struct store *st, long long account_id, long long organisation_id);
/* The person withdraws their own pending request (OUTCOME_NOT_FOUND when there is none). */
enum outcome representation_withdraw(struct store *st, const struct account *who, long long organisation_id);

/* Approves or declines a pending request of this organisation. Approval adds the representative
 * relation and raises a 'person' account to 'representative'. The person is told either way. */
enum outcome representation_decide(struct store *st, const struct account *by, long long organisation_id,
				   long long request_id, bool approve, struct field_errors *e, enum repr_refusal *why);

/* OUTCOME_OK when the account represents the organisation and so may leave it; else
 * REPR_REFUSED_NOT_MEMBER in *why. */
enum outcome representation_may_leave(struct store *st, const struct account *who, long long organisation_id,
				      struct field_errors *e, enum repr_refusal *why);
/* The account stops representing the organisation. The last representative leaves only with
 * last_ok, the person's word that they read that only a coordinator can assign one then
 * (REPR_REFUSED_LAST otherwise); *was_last tells whether nobody represents it now. A
 * 'representative' account that represents nothing any more becomes a 'person' again. */
enum outcome representation_leave(struct store *st, const struct account *who, long long organisation_id,
				  bool last_ok, bool *was_last, struct field_errors *e, enum repr_refusal *why);

/* A coordinator (or admin) makes the account with this e-mail address a representative of the
 * organisation: the way back in when nobody represents it. The account is told. An address
 * that is not one, that no active account has, or whose account represents the organisation
 * already is OUTCOME_INVALID on "email". */
enum outcome representation_assign(struct store *st, struct arena *a, const struct account *by,
				   long long organisation_id, const char *email, struct field_errors *e);

/* A coordinator invites an e-mail address to represent the organisation: a TOKEN_INVITE token
 * (account_token.h) and an e-mail with the link to REPR_INVITATION_PATH on base_url, queued in the
 * outbox in the same transaction. The token itself is never stored. */
enum outcome representation_invite(struct store *st, struct arena *a, const struct account *by,
				   long long organisation_id, const char *email, const char *base_url,
				   struct field_errors *e);

/* An invitation as its link shows it. */
struct invitation {
	long long token_id;
	long long account_id;   /* the account the address had when invited, or 0 */
	long long organisation_id;
	const char *organisation_name;
	const char *email;      /* the invited address */
};
/* Reads the invitation behind a token from a link (nothing is written). OUTCOME_NOT_FOUND
 * (REPR_REFUSED_UNKNOWN_LINK) for an unknown or tampered token, REPR_REFUSED_EXPIRED for a used
 * or expired one. */
enum outcome representation_invitation(struct store *st, struct arena *a, const char *token, struct invitation *out,
				       struct field_errors *e, enum repr_refusal *why);
/* The signed-in account accepts: the token must be unused, unexpired and sent to the account's
 * own address (REPR_REFUSED_WRONG_ACCOUNT, and the token stays good, when not); it is used up,
 * and the account represents the organisation. */
enum outcome representation_accept(struct store *st, const struct account *who, const char *token,
				   long long *organisation_id, struct field_errors *e, enum repr_refusal *why);

/* Representatives of an organisation and its pending requests, for the pages. */
struct repr_person {
	long long account_id;
	long long request_id; /* for requests */
	const char *name;
	const char *email;
	const char *message;  /* for requests */
	const char *at;       /* the request's time */
};
/* Fills up to max; returns how many there are in all (may exceed max), or -1. */
int representation_list(struct store *st, struct arena *a, long long organisation_id, struct repr_person *out,
			int max);
int representation_requests(struct store *st, struct arena *a, long long organisation_id, struct repr_person *out,
			    int max);
long long representation_count(struct store *st, long long organisation_id);

#endif
