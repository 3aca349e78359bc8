/* account: people who sign in, their roles, passwords (Argon2id) and whom they represent. */
#ifndef SAMVERKAN_ACCOUNT_H
#define SAMVERKAN_ACCOUNT_H
#include "store/store.h"
#include <stdbool.h>

/* Roles are ordered: each one may do what those below it may. The public has ROLE_NONE; a person
 * who signed up has ROLE_PERSON until they represent an organisation. Which organisations a
 * representative may edit is the representative relation, checked by the handler. */
enum role { ROLE_NONE = 0, ROLE_PERSON, ROLE_REPRESENTATIVE, ROLE_OFFICIAL, ROLE_COORDINATOR, ROLE_ADMIN };

struct account {
	long long id;
	char email[256];
	char name[256];
	enum role role;
	long long department_id; /* 0 when none */
	char lang[4];
};

const char *role_code(enum role r);      /* "admin", … as stored */
enum role role_from_code(const char *s); /* ROLE_NONE when unknown */
/* Human name of the role, already translated. */
const char *role_label(enum role r);

/* Creates an account; returns its id, or 0 with a message in err (e.g. e-mail taken). */
long long account_create(struct store *st, const char *email, const char *name, const char *password,
			 enum role role, long long department_id, char *err, size_t errsz);
bool account_load(struct store *st, long long id, struct account *out);
/* Checks e-mail and password; returns the account id or 0. Takes constant work whether or not
 * the e-mail exists, so timing does not reveal accounts. */
long long account_authenticate(struct store *st, const char *email, const char *password);
bool account_represents(struct store *st, long long account_id, long long organisation_id);
int account_add_representative(struct store *st, long long account_id, long long organisation_id);
/* Normalises an e-mail address for storage and lookup: trimmed and lower-cased. */
void account_normalise_email(const char *in, char *out, size_t outsz);

#endif
