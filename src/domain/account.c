/* account: creation, password checks with libsodium's Argon2id, roles and representation. */
#include "domain/account.h"
#include "base/clock.h"
#include "base/i18n.h"
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const role_codes[] = {"", "person", "representative", "official", "coordinator", "admin"};

const char *role_code(enum role r) { return (r >= ROLE_NONE && r <= ROLE_ADMIN) ? role_codes[r] : ""; }

enum role role_from_code(const char *s)
{
	for (int r = ROLE_PERSON; r <= ROLE_ADMIN; r++)
		if (s && strcmp(s, role_codes[r]) == 0)
			return (enum role)r;
	return ROLE_NONE;
}

const char *role_label(enum role r)
{
	switch (r) {
	case ROLE_PERSON: return _("Signed-in person");
	case ROLE_REPRESENTATIVE: return _("Organisation representative");
	case ROLE_OFFICIAL: return _("Official");
	case ROLE_COORDINATOR: return _("Coordinator");
	case ROLE_ADMIN: return _("Administrator");
	default: return _("Public");
	}
}

void account_normalise_email(const char *in, char *out, size_t outsz)
{
	while (in && isspace((unsigned char)*in))
		in++;
	size_t n = 0;
	for (; in && *in && n + 1 < outsz; in++)
		out[n++] = (char)tolower((unsigned char)*in);
	while (n > 0 && isspace((unsigned char)out[n - 1]))
		n--;
	out[n] = 0;
}

long long account_create(struct store *st, const char *email, const char *name, const char *password,
			 enum role role, long long department_id, char *err, size_t errsz)
{
	char norm[256];
	account_normalise_email(email, norm, sizeof norm);
	if (!strchr(norm, '@') || strlen(norm) < 3) {
		snprintf(err, errsz, "%s", _("Enter a valid e-mail address."));
		return 0;
	}
	if (!password || strlen(password) < 8) {
		snprintf(err, errsz, "%s", _("The password must be at least 8 characters."));
		return 0;
	}
	if (role == ROLE_NONE) {
		snprintf(err, errsz, "%s", _("Unknown role."));
		return 0;
	}
	char hash[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		snprintf(err, errsz, "out of memory while hashing the password");
		return 0;
	}
	char now[21];
	clock_iso(clock_now(), now);
	long long id = store_int(st,
				 "INSERT INTO account (email, name, password_hash, role, department_id, created_at) "
				 "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
				 ARGS(SV_T(norm), SV_T(name), SV_T(hash), SV_T(role_code(role)),
				      department_id ? SV_I(department_id) : SV_NULLV, SV_T(now)),
				 0);
	if (id <= 0) {
		if (store_errcode(st) == STORE_CONSTRAINT)
			snprintf(err, errsz, "%s", _("There is already an account with that e-mail address."));
		else
			snprintf(err, errsz, "%s", store_errmsg(st));
		return 0;
	}
	return id;
}

bool account_load(struct store *st, long long id, struct account *out)
{
	struct cursor *c = store_query(st,
		"SELECT id, email, name, role, department_id, lang FROM account WHERE id = $1 AND disabled = 0",
		ARGS(SV_I(id)));
	bool found = cursor_next(c);
	if (found) {
		out->id = cursor_int(c, 0);
		snprintf(out->email, sizeof out->email, "%s", cursor_text(c, 1));
		snprintf(out->name, sizeof out->name, "%s", cursor_text(c, 2));
		out->role = role_from_code(cursor_text(c, 3));
		out->department_id = cursor_int(c, 4);
		snprintf(out->lang, sizeof out->lang, "%s", cursor_text(c, 5));
	}
	cursor_close(c);
	return found;
}

long long account_authenticate(struct store *st, const char *email, const char *password)
{
	/* A fixed hash to verify against when the e-mail is unknown, so both paths cost the same. */
	static const char dummy[crypto_pwhash_STRBYTES] =
		"$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
		"3oGvTtwBfTy0CQPIDGhJB1I+2qfk1zrAytFkBzXq3rI";
	char norm[256];
	account_normalise_email(email, norm, sizeof norm);
	long long id = 0;
	char hash[crypto_pwhash_STRBYTES] = "";
	struct cursor *c = store_query(st,
		"SELECT id, password_hash FROM account WHERE email = $1 AND disabled = 0", ARGS(SV_T(norm)));
	if (cursor_next(c)) {
		id = cursor_int(c, 0);
		snprintf(hash, sizeof hash, "%s", cursor_text(c, 1));
	}
	cursor_close(c);
	if (!password)
		password = "";
	int ok = crypto_pwhash_str_verify(id ? hash : dummy, password, strlen(password)) == 0;
	return ok && id ? id : 0;
}

bool account_represents(struct store *st, long long account_id, long long organisation_id)
{
	return store_int(st, "SELECT 1 FROM representative WHERE account_id = $1 AND organisation_id = $2",
			 ARGS(SV_I(account_id), SV_I(organisation_id)), 0) == 1;
}

int account_add_representative(struct store *st, long long account_id, long long organisation_id)
{
	return store_exec(st,
			  "INSERT INTO representative (account_id, organisation_id) VALUES ($1, $2) "
			  "ON CONFLICT DO NOTHING",
			  ARGS(SV_I(account_id), SV_I(organisation_id))) < 0 ? -1 : 0;
}
