/* staff_invitation: an administrator invites an official (of a department), a coordinator or
 * another administrator by e-mail; the one-time link lets the invited person choose a name and a
 * password, and the account is made with that role. */
#ifndef SAMVERKAN_STAFF_INVITATION_H
#define SAMVERKAN_STAFF_INVITATION_H
#include "base/arena.h"
#include "base/outcome.h"
#include "domain/account.h"
#include "store/store.h"

/* Where the link in the invitation leads. */
#define STAFF_INVITATION_PATH "/konto/personalinbjudan"

/* `by` (an administrator, else OUTCOME_FORBIDDEN) invites `email` as `role` (official,
 * coordinator or admin) and, for an official, of the department (0 otherwise; ignored for the
 * other roles): a TOKEN_STAFF token, an audit row and the e-mail with the link to
 * STAFF_INVITATION_PATH on base_url, in one transaction. A new invitation to the same address
 * replaces the earlier one. OUTCOME_INVALID with the field's error ("email", "role",
 * "department") for a bad address, an address that already has an account, a role that is not
 * staff, or an official without a known department. */
enum outcome staff_invite(struct store *st, struct arena *a, const struct account *by, const char *email,
			  enum role role, long long department_id, const char *base_url, struct field_errors *e);

/* An invitation as its link shows it; strings in the caller's arena. */
struct staff_invitation {
	long long token_id;
	const char *email;
	enum role role;
	long long department_id;     /* 0 when none */
	const char *department_name; /* NULL when none */
};
/* Reads the invitation behind a link's token, changing nothing. As account_token_check: OUTCOME_OK,
 * OUTCOME_NOT_FOUND or OUTCOME_CONFLICT with *why saying why, or the store's outcome. */
enum outcome staff_invitation_check(struct store *st, struct arena *a, const char *token, struct staff_invitation *out,
				    enum token_problem *why);
/* The invited person accepts with a name and a password (the sign-up's rules: OUTCOME_INVALID
 * with "name" or "password"): in one transaction the token is used up and the account is made
 * with the invitation's address (confirmed: the link proved it), role and department, audited.
 * *account_id names it. A refused token as staff_invitation_check; an address that meanwhile got
 * an account is OUTCOME_CONFLICT with TOKEN_ADDRESS_TAKEN. */
enum outcome staff_invitation_accept(struct store *st, struct arena *a, const char *token, const char *name,
				     const char *password, long long *account_id, struct field_errors *e,
				     enum token_problem *why);

#endif
