/* account: people who sign in, their roles, passwords (Argon2id) and whom they represent. */
#ifndef SAMVERKAN_ACCOUNT_H
#define SAMVERKAN_ACCOUNT_H
#include "base/arena.h"
#include "base/outcome.h"
#include "domain/account_token.h"
#include "store/store.h"
#include <stdbool.h>

/* Roles are ordered: each one may do what those below it may. The public has ROLE_NONE; a person
 * who signed up has ROLE_PERSON until they represent an organisation. Which organisations a
 * representative may edit is the representative relation, checked by the handler. */
enum role { ROLE_NONE = 0, ROLE_PERSON, ROLE_REPRESENTATIVE, ROLE_OFFICIAL, ROLE_COORDINATOR, ROLE_ADMIN };

/* A name has at most this many characters (the text contract, account_name_field). */
#define ACCOUNT_NAME_MAX 200

struct account {
	long long id;
	char email[256];
	char name[ACCOUNT_NAME_MAX * 4 + 1]; /* up to four bytes a character in UTF-8 */
	enum role role;
	long long department_id; /* 0 when none */
	char lang[4];
	bool disabled;           /* only account_get reads disabled accounts */
};

const char *role_code(enum role r);      /* "admin", … as stored */
enum role role_from_code(const char *s); /* ROLE_NONE when unknown */
/* Human name of the role, already translated. */
const char *role_label(enum role r);

/* Creates an account; returns its id, or 0 with a message in err (e.g. e-mail taken, or a name
 * that is not clean text: the name passes the text contract, account_name_field). */
long long account_create(struct store *st, const char *email, const char *name, const char *password,
			 enum role role, long long department_id, char *err, size_t errsz);
bool account_load(struct store *st, long long id, struct account *out);
/* The columns of struct account under the table alias `a`, for a query that reads more beside
 * them (the administration's rows): its own columns follow, from ACCOUNT_COLUMN_COUNT on. */
#define ACCOUNT_COLUMNS_OF_A "a.id, a.email, a.name, a.role, a.department_id, a.lang, a.disabled"
#define ACCOUNT_COLUMN_COUNT 7
/* Reads those columns of the cursor's row: the one reader of an account row. */
void account_read(struct cursor *c, struct account *out);
/* Any account, a disabled one too: OUTCOME_NOT_FOUND when there is none, else as the store did. */
enum outcome account_get(struct store *st, long long id, struct account *out);
/* The account with this address (normalised here), disabled or not: its id, 0 when none, -1 on a
 * store error. */
long long account_id_by_email(struct store *st, const char *email);
/* Accounts in id order after `after_id` (0 to start), disabled ones too, at most max: the command
 * line's list, a page at a time. Count, or -1. */
int account_list(struct store *st, long long after_id, struct account *out, int max);
/* Enabled accounts with this role in id order after `after_id`, at most max: those whose role
 * answers for something, to be told about it (coordinators, of a change asked for on the
 * register). Count, or -1. */
int account_with_role(struct store *st, enum role role, long long after_id, struct account *out, int max);

/* Changes to one account row inside the caller's write transaction (audited by the caller, who
 * knows why). 0, or -1 when the store failed or there is no such account. */
int account_set_role(struct store *st, long long id, enum role role);
int account_set_department(struct store *st, long long id, long long department_id);
/* A disabled account cannot sign in; its sessions are ended here too, at once. */
int account_set_disabled(struct store *st, long long id, bool disabled);
/* Inside the caller's write transaction, locks every administrator's row and id's (on
 * PostgreSQL; SQLite's BEGIN IMMEDIATE already lets one writer in at a time), so two
 * administrators demoting each other at the same moment cannot both see "another admin
 * remains". 0 or -1. */
int account_lock_admins(struct store *st, long long id);
/* Locks one account's row for the rest of the caller's transaction (the same way), so two
 * requests of one person sent at once are handled one after the other. 0, or -1 when the store
 * failed or there is no such account. */
int account_lock(struct store *st, long long id);
/* A signed-in person becomes a representative when they first represent an organisation, and a
 * representative who represents none any more becomes a person again; other roles stay. Inside
 * the caller's transaction: 1 when the role changed, 0 when not, -1 when the store failed. */
int account_role_after_representing(struct store *st, long long id);
int account_role_after_leaving(struct store *st, long long id);
/* Who may handle a department's submissions: its officials and the coordinators, enabled ones,
 * officials first, by name; at most max, names in the arena. Count, or -1. */
struct account_choice {
	long long id;
	const char *name;
};
int account_handlers(struct store *st, struct arena *a, long long department_id, struct account_choice *out, int max);
/* Whether the account may handle the department's submissions (as account_handlers lists them):
 * 1 or 0, or -1 when the store failed. */
int account_may_handle(struct store *st, long long account_id, long long department_id);
/* How many enabled administrators there are besides `id`, or -1. */
long long account_other_admins(struct store *st, long long id);

/* An organisation an account represents, as the account pages list them. */
struct account_organisation {
	long long id;
	const char *name; /* in the caller's arena */
};
/* The organisations the account represents, in the register's order, at most max (a handful,
 * never thousands). Count, or -1. */
int account_organisations(struct store *st, struct arena *a, long long account_id, struct account_organisation *out,
			  int max);
/* Deletes the account row inside the caller's transaction (see domain/personal_data.c, which
 * first erases what the row's removal does not): its sessions, tokens, notifications, preferences,
 * representations and requests go with it, and every other link to it (an author, a handler, an
 * outbox row) becomes NULL, as the schema's ON DELETE rules say. 1, 0 when there is none, or -1. */
long long account_delete(struct store *st, long long id);
/* Ids of accounts whose address was never confirmed and that were made before `before` (ISO
 * 8601 UTC), oldest first, at most max. Count, or -1. */
int account_unverified_before(struct store *st, const char *before, long long *out, int max);
/* Checks e-mail and password; returns the account id or 0. Takes constant work whether or not
 * the e-mail exists, so timing does not reveal accounts. */
long long account_authenticate(struct store *st, const char *email, const char *password);
bool account_represents(struct store *st, long long account_id, long long organisation_id);
/* Whether the account may run a department's work (its dialogues, the submissions addressed to
 * it): coordinators and administrators for every department, officials for their own. */
bool account_manages_department(const struct account *a, long long department_id);
int account_add_representative(struct store *st, long long account_id, long long organisation_id);
/* Normalises an e-mail address for storage and lookup: trimmed and lower-cased. */
void account_normalise_email(const char *in, char *out, size_t outsz);

/* ---- Sign-up, e-mail verification, password reset and e-mail change --------------------------
 * Every message is queued in the outbox in the transaction of the change, in the recipient's
 * language, as plain text with full links that start with base_url ("https://…", no trailing
 * slash needed). No function here lets its caller tell whether an address has an account unless
 * the caller already proved it owns that account (its password or a token mailed to it). */

/* Rules for what people type: NULL when acceptable, else a translated message for the field.
 * A password has at least ACCOUNT_PASSWORD_MIN characters (not bytes: "åäö" is three), at most
 * ACCOUNT_PASSWORD_MAX bytes, and is not only spaces. */
#define ACCOUNT_PASSWORD_MIN 8
#define ACCOUNT_PASSWORD_MAX 1024
const char *account_email_problem(const char *email);
const char *account_password_problem(const char *password);
/* The text contract for an account's name, whatever the entry point (sign-up, the command line,
 * an administrator): trimmed (Unicode spaces too), NFC, one line without control characters,
 * 1–ACCOUNT_NAME_MAX characters. *name becomes the clean copy in a (the typed text when it is
 * broken, for the form). False, with the error for the field "name" added to e, otherwise. */
bool account_name_field(struct field_errors *e, struct arena *a, const char **name);
/* Every field of a sign-up (name, email, password) checked as account_signup checks them, so a
 * form can show the errors before it does anything else; *name becomes the clean copy in a. */
bool account_signup_valid(struct field_errors *e, struct arena *a, const char **name, const char *email,
			  const char *password);

/* A person signs up. A new address gets an unverified ROLE_PERSON account (in lang, "sv" or
 * "en") and a verification link; an address that already has an account gets a message saying
 * someone tried to sign up, with a link to choose a new password, and nothing else changes.
 * The password is hashed either way, so both take the same time. OUTCOME_INVALID with the
 * fields' errors when account_signup_valid refuses them; else OUTCOME_OK or the store's outcome. */
enum outcome account_signup(struct store *st, const char *name, const char *email, const char *password,
			    const char *lang, const char *base_url, struct field_errors *e);
/* The functions below that send a message: OUTCOME_OK, or the store's outcome. */

/* True when the account's address has been confirmed (accounts made by an administrator or on
 * the command line count as confirmed from the start). */
bool account_email_verified(struct store *st, long long account_id);
/* Sends a new verification link when the address belongs to an account still waiting for one;
 * otherwise nothing. */
enum outcome account_resend_verification(struct store *st, const char *email, const char *base_url);
/* Sends a link to choose a new password when the address has an (enabled) account; otherwise
 * nothing. */
enum outcome account_request_reset(struct store *st, const char *email, const char *base_url);

/* Following a link (token from account_token.h). Each uses the token and makes the change in
 * one transaction; on OUTCOME_OK *account_id names the account it was for. A refused link is
 * OUTCOME_NOT_FOUND or OUTCOME_CONFLICT (as account_token_consume) with *why saying why. */
enum outcome account_verify_email(struct store *st, const char *token, long long *account_id, enum token_problem *why);
/* Sets the new password (must have passed account_password_problem), confirms the address (the
 * link proved it), ends every session of the account and retires its other reset links. */
enum outcome account_reset_password(struct store *st, const char *token, const char *password, long long *account_id,
				    enum token_problem *why);
/* The new address replaces the old one, which is told. */
enum outcome account_confirm_email_change(struct store *st, const char *token, long long *account_id,
					  enum token_problem *why);

/* A signed-in person (whose current password the caller has checked) sets a new password: other
 * sessions end (keep_session_token, the one in use, stays), reset links are retired, and the
 * account's address is told. */
enum outcome account_change_password(struct store *st, long long account_id, const char *password,
				     const char *keep_session_token, const char *base_url);
/* … asks to change their address: the new one gets a link to confirm it and is used only after
 * that. When the new address already belongs to another account, that address is told someone
 * tried to use it instead, and the caller cannot tell the difference. */
enum outcome account_request_email_change(struct store *st, long long account_id, const char *new_email,
					  const char *base_url);

#endif
