/* representation: who may act for an organisation — requests to represent it and their answers,
 * invitations by e-mail, leaving, and a coordinator's assignment, each audited and told. */
#ifndef SAMVERKAN_REPRESENTATION_H
#define SAMVERKAN_REPRESENTATION_H
#include "base/arena.h"
#include "domain/account.h"
#include "store/store.h"
#include <stdbool.h>

/* What became of a change. Every function below runs its own write transaction (with its audit
 * rows and notifications inside it) and leaves nothing behind unless it returns REPR_OK. */
enum repr_result {
	REPR_OK = 0,
	REPR_NOT_FOUND,    /* no such organisation, request, account or invitation */
	REPR_FORBIDDEN,    /* the acting account may not do this */
	REPR_ALREADY,      /* the account already represents the organisation */
	REPR_DUPLICATE,    /* a request of the same person for the same organisation is pending */
	REPR_DECIDED,      /* the request was answered (or withdrawn) already */
	REPR_NOT_MEMBER,   /* leaving an organisation one does not represent */
	REPR_INVALID,      /* bad input: an e-mail address that is not one, a message too long */
	REPR_EXPIRED,      /* an invitation used or past its time */
	REPR_WRONG_ACCOUNT,/* an invitation sent to another address than the signed-in account's */
	REPR_STORE_ERROR,  /* the database failed; see store_errcode */
};

#define REPR_MESSAGE_MAX 2000
/* Where an invitation's link leads: REPR_INVITATION_PATH "?token=…". */
#define REPR_INVITATION_PATH "/konto/inbjudan"

/* May `by` answer requests for the organisation, see its pending requests and its
 * representatives? Its own representatives and coordinators (and admins) may; officials and
 * anyone else may not. */
bool representation_may_manage(struct store *st, const struct account *by, long long organisation_id);

/* A signed-in person asks to represent the organisation, with an optional message. Every
 * representative of it and every coordinator is notified. *request_id gets the new request. */
enum repr_result representation_request(struct store *st, const struct account *who, long long organisation_id,
					const char *message, long long *request_id);
/* The person's pending request for the organisation, or 0. */
long long representation_pending_request(struct store *st, long long account_id, long long organisation_id);
/* The person withdraws their own pending request. */
enum repr_result representation_withdraw(struct store *st, const struct account *who, long long organisation_id);

/* Approves or declines a pending request of this organisation. Approval adds the representative
 * relation and raises a 'person' account to 'representative'. The person is told either way. */
enum repr_result representation_decide(struct store *st, const struct account *by, long long organisation_id,
				       long long request_id, bool approve);

/* The account stops representing the organisation. *was_last tells whether nobody represents
 * it now (the page warned beforehand that only a coordinator can assign one then). A
 * 'representative' account that represents nothing any more becomes a 'person' again. */
enum repr_result representation_leave(struct store *st, const struct account *who, long long organisation_id,
				      bool *was_last);

/* A coordinator (or admin) makes the account with this e-mail address a representative of the
 * organisation: the way back in when nobody represents it. The account is told. */
enum repr_result representation_assign(struct store *st, const struct account *by, long long organisation_id,
				       const char *email);

/* A coordinator invites an e-mail address to represent the organisation: a TOKEN_INVITE token
 * (account_token.h) and an e-mail with the link to REPR_INVITATION_PATH on base_url, queued in the
 * outbox in the same transaction. The token itself is never stored. */
enum repr_result representation_invite(struct store *st, const struct account *by, long long organisation_id,
				       const char *email, const char *base_url);

/* An invitation as its link shows it. */
struct invitation {
	long long token_id;
	long long account_id;   /* the account the address had when invited, or 0 */
	long long organisation_id;
	const char *organisation_name;
	const char *email;      /* the invited address */
};
/* Reads the invitation behind a token from a link (nothing is written). REPR_NOT_FOUND for an
 * unknown or tampered token, REPR_EXPIRED for a used or expired one. */
enum repr_result representation_invitation(struct store *st, struct arena *a, const char *token,
					   struct invitation *out);
/* The signed-in account accepts: the token must be unused, unexpired and sent to the account's
 * own address (REPR_WRONG_ACCOUNT, and the token stays good, when not); it is used up, and the
 * account represents the organisation. */
enum repr_result representation_accept(struct store *st, const struct account *who, const char *token,
				       long long *organisation_id);

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
