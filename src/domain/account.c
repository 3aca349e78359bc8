/* account: creation, password checks with libsodium's Argon2id, roles and representation, and the
 * life of a signed-up account: verification, password reset, change of address and password. */
#include "domain/account.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/text.h"
#include "domain/audit.h"
#include "domain/outbox.h"
#include "domain/session.h"
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

/* The cost of a password hash. When these rise, each hash made with the old ones is made again
 * at its owner's next sign-in (the only moment the password is at hand). */
#define HASH_OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define HASH_MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

static int hash_password(const char *password, char hash[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str_alg(hash, password, strlen(password), HASH_OPSLIMIT, HASH_MEMLIMIT,
				     crypto_pwhash_ALG_ARGON2ID13);
}

long long account_create(struct store *st, const char *email, const char *name, const char *password,
			 enum role role, long long department_id, char *err, size_t errsz)
{
	char norm[256];
	account_normalise_email(email, norm, sizeof norm);
	struct arena a = ARENA_INIT;
	struct field_errors e = {0};
	account_name_field(&e, &a, &name);
	const char *problem = field_error_for(&e, "name");
	if (!problem)
		problem = account_email_problem(norm);
	if (!problem)
		problem = account_password_problem(password);
	if (problem) {
		snprintf(err, errsz, "%s", problem);
		arena_free(&a);
		return 0;
	}
	char hash[crypto_pwhash_STRBYTES];
	if (role == ROLE_NONE || hash_password(password, hash) != 0) {
		snprintf(err, errsz, "%s", role == ROLE_NONE ? _("Unknown role.") : "out of memory while hashing the password");
		arena_free(&a);
		return 0;
	}
	char now[21];
	clock_iso(clock_now(), now);
	/* Made by an administrator or on the command line: the address counts as confirmed (only
	 * people who sign up themselves have to prove theirs, see account_signup). */
	long long id = store_int(st,
				 "INSERT INTO account (email, name, password_hash, role, department_id, created_at,"
				 " email_verified_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
				 ARGS(SV_T(norm), SV_T(name), SV_T(hash), SV_T(role_code(role)),
				      department_id ? SV_I(department_id) : SV_NULLV, SV_T(now)),
				 0);
	arena_free(&a);
	if (id <= 0) {
		if (store_errcode(st) == STORE_CONSTRAINT)
			snprintf(err, errsz, "%s", _("There is already an account with that e-mail address."));
		else
			snprintf(err, errsz, "%s", store_errmsg(st));
		return 0;
	}
	return id;
}

/* The account table's columns as this module reads them: one list, its positions, one reader. */
#define ACCOUNT_COLUMNS "id, email, name, role, department_id, lang, disabled"
_Static_assert(ACCOUNT_COLUMN_COUNT == 7, "ACCOUNT_COLUMNS, ACCOUNT_COLUMNS_OF_A and enum account_column agree");
enum account_column {
	ACCOUNT_ID,
	ACCOUNT_EMAIL,
	ACCOUNT_NAME,
	ACCOUNT_ROLE,
	ACCOUNT_DEPARTMENT,
	ACCOUNT_LANG,
	ACCOUNT_DISABLED,
};

void account_read(struct cursor *c, struct account *out)
{
	out->id = cursor_int(c, ACCOUNT_ID);
	snprintf(out->email, sizeof out->email, "%s", cursor_text(c, ACCOUNT_EMAIL));
	snprintf(out->name, sizeof out->name, "%s", cursor_text(c, ACCOUNT_NAME));
	out->role = role_from_code(cursor_text(c, ACCOUNT_ROLE));
	out->department_id = cursor_int_or(c, ACCOUNT_DEPARTMENT, 0);
	snprintf(out->lang, sizeof out->lang, "%s", cursor_text(c, ACCOUNT_LANG));
	out->disabled = cursor_int(c, ACCOUNT_DISABLED) != 0;
}

/* One account by a query on ACCOUNT_COLUMNS: OUTCOME_NOT_FOUND when it gives no row. */
static enum outcome account_one(struct store *st, struct cursor *c, struct account *out)
{
	bool found = cursor_next(c);
	if (found)
		account_read(c, out);
	if (cursor_close(c) != 0)
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

bool account_load(struct store *st, long long id, struct account *out)
{
	return account_one(st, store_query(st, "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = $1 AND disabled = 0",
					   ARGS(SV_I(id))),
			   out) == OUTCOME_OK;
}

enum outcome account_get(struct store *st, long long id, struct account *out)
{
	return account_one(st, store_query(st, "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = $1", ARGS(SV_I(id))),
			   out);
}

long long account_id_by_email(struct store *st, const char *email)
{
	char norm[256];
	account_normalise_email(email, norm, sizeof norm);
	return store_int(st, "SELECT id FROM account WHERE email = $1", ARGS(SV_T(norm)), 0);
}

int account_list(struct store *st, long long after_id, struct account *out, int max)
{
	struct cursor *c = store_query(st, "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id > $1 ORDER BY id LIMIT $2",
				       ARGS(SV_I(after_id), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c))
		account_read(c, &out[n++]);
	return cursor_close(c) == 0 ? n : -1;
}

int account_with_role(struct store *st, enum role role, long long after_id, struct account *out, int max)
{
	struct cursor *c = store_query(st,
		"SELECT " ACCOUNT_COLUMNS " FROM account WHERE role = $1 AND disabled = 0 AND id > $2 ORDER BY id LIMIT $3",
		ARGS(SV_T(role_code(role)), SV_I(after_id), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c))
		account_read(c, &out[n++]);
	return cursor_close(c) == 0 ? n : -1;
}

int account_set_role(struct store *st, long long id, enum role role)
{
	return store_exec(st, "UPDATE account SET role = $1 WHERE id = $2", ARGS(SV_T(role_code(role)), SV_I(id))) == 1
		       ? 0
		       : -1;
}

int account_set_department(struct store *st, long long id, long long department_id)
{
	return store_exec(st, "UPDATE account SET department_id = $1 WHERE id = $2",
			  ARGS(department_id ? SV_I(department_id) : SV_NULLV, SV_I(id))) == 1
		       ? 0
		       : -1;
}

int account_set_disabled(struct store *st, long long id, bool disabled)
{
	/* A disabled account is signed out at once, not when its sessions would have expired. */
	if (store_exec(st, "UPDATE account SET disabled = $1 WHERE id = $2", ARGS(SV_I(disabled ? 1 : 0), SV_I(id))) != 1)
		return -1;
	return disabled ? session_end_all(st, id, NULL) : 0;
}

int account_lock_admins(struct store *st, long long id)
{
	return store_exec(st, "UPDATE account SET disabled = disabled WHERE role = $1 OR id = $2",
			  ARGS(SV_T(role_code(ROLE_ADMIN)), SV_I(id))) < 0
		       ? -1
		       : 0;
}

int account_lock(struct store *st, long long id)
{
	return store_exec(st, "UPDATE account SET disabled = disabled WHERE id = $1", ARGS(SV_I(id))) == 1 ? 0 : -1;
}

int account_role_after_representing(struct store *st, long long id)
{
	return (int)store_exec(st, "UPDATE account SET role = $2 WHERE id = $1 AND role = $3",
			       ARGS(SV_I(id), SV_T(role_code(ROLE_REPRESENTATIVE)), SV_T(role_code(ROLE_PERSON))));
}

int account_role_after_leaving(struct store *st, long long id)
{
	return (int)store_exec(st,
			       "UPDATE account SET role = $2 WHERE id = $1 AND role = $3 AND "
			       "NOT EXISTS (SELECT 1 FROM representative WHERE account_id = $1)",
			       ARGS(SV_I(id), SV_T(role_code(ROLE_PERSON)), SV_T(role_code(ROLE_REPRESENTATIVE))));
}

/* Those who handle a department's submissions, as a condition on account a with $1 the department. */
#define HANDLER_OF_DEPARTMENT "a.disabled = 0 AND ((a.role = 'official' AND a.department_id = $1) OR a.role = 'coordinator')"

int account_handlers(struct store *st, struct arena *a, long long department_id, struct account_choice *out, int max)
{
	struct cursor *c = store_query(st,
				       "SELECT a.id, a.name FROM account a WHERE " HANDLER_OF_DEPARTMENT
				       " ORDER BY CASE WHEN a.role = 'official' THEN 0 ELSE 1 END, a.name, a.id LIMIT $2",
				       ARGS(SV_I(department_id), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		out[n].id = cursor_int(c, 0);
		out[n].name = cursor_copy(a, c, 1);
		n++;
	}
	return cursor_close(c) != 0 ? -1 : n;
}

int account_may_handle(struct store *st, long long account_id, long long department_id)
{
	long long n = store_int(st, "SELECT COUNT(*) FROM account a WHERE a.id = $2 AND " HANDLER_OF_DEPARTMENT,
				ARGS(SV_I(department_id), SV_I(account_id)), -1);
	return n < 0 ? -1 : n > 0;
}

long long account_other_admins(struct store *st, long long id)
{
	return store_int(st, "SELECT COUNT(*) FROM account WHERE role = $1 AND disabled = 0 AND id <> $2",
			 ARGS(SV_T(role_code(ROLE_ADMIN)), SV_I(id)), -1);
}

int account_organisations(struct store *st, struct arena *a, long long account_id, struct account_organisation *out,
			  int max)
{
	struct cursor *c = store_query(st,
		"SELECT o.id, o.name FROM representative rp JOIN organisation o ON o.id = rp.organisation_id "
		"WHERE rp.account_id = $1 ORDER BY o.sort_key LIMIT $2",
		ARGS(SV_I(account_id), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c)) {
		out[n].id = cursor_int(c, 0);
		out[n].name = arena_strdup(a, cursor_text(c, 1));
		n++;
	}
	return cursor_close(c) == 0 ? n : -1;
}

long long account_delete(struct store *st, long long id)
{
	return store_exec(st, "DELETE FROM account WHERE id = $1", ARGS(SV_I(id)));
}

int account_unverified_before(struct store *st, const char *before, long long *out, int max)
{
	struct cursor *c = store_query(st,
		"SELECT id FROM account WHERE email_verified_at IS NULL AND created_at < $1 ORDER BY created_at, id LIMIT $2",
		ARGS(SV_T(before), SV_I(max)));
	int n = 0;
	while (n < max && cursor_next(c))
		out[n++] = cursor_int(c, 0);
	return cursor_close(c) == 0 ? n : -1;
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
	if (!ok || !id)
		return 0;
	/* Made with other settings (older, weaker, or another algorithm): make it again now. Only
	 * over the same old hash, so a password changed meanwhile is never overwritten. */
	char fresh[crypto_pwhash_STRBYTES];
	if (crypto_pwhash_str_needs_rehash(hash, HASH_OPSLIMIT, HASH_MEMLIMIT) != 0 && hash_password(password, fresh) == 0)
		store_exec(st, "UPDATE account SET password_hash = $1 WHERE id = $2 AND password_hash = $3",
			   ARGS(SV_T(fresh), SV_I(id), SV_T(hash)));
	return id;
}

bool account_manages_department(const struct account *a, long long department_id)
{
	if (!a)
		return false;
	if (a->role >= ROLE_COORDINATOR)
		return true;
	return a->role == ROLE_OFFICIAL && a->department_id != 0 && a->department_id == department_id;
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

/* ---- Sign-up, verification, reset and e-mail change ------------------------------------------ */

const char *account_email_problem(const char *email)
{
	char norm[512];
	account_normalise_email(email, norm, sizeof norm);
	if (!norm[0])
		return _("Enter your e-mail address.");
	/* Control characters (C1 too) and broken bytes are no part of an address. */
	if (text_chars(norm, false) < 0)
		return _("Enter a valid e-mail address, like name@example.se.");
	size_t n = strlen(norm);
	const char *at = strchr(norm, '@');
	/* What mail servers take and people mistype: one @, something on each side, a dot in the
	 * domain, no spaces or characters that need quoting. Non-ASCII letters are allowed. */
	bool ok = n <= 254 && at && at != norm && !strchr(at + 1, '@') && (size_t)(at - norm) <= 64;
	if (ok) {
		const char *dom = at + 1;
		size_t dn = strlen(dom);
		ok = dn >= 3 && strchr(dom, '.') && dom[0] != '.' && dom[0] != '-' && dom[dn - 1] != '.' &&
		     dom[dn - 1] != '-' && !strstr(dom, "..");
	}
	for (const unsigned char *p = (const unsigned char *)norm; ok && *p; p++)
		if (*p <= ' ' || *p == 0x7f || strchr("<>()[]\\,;:\"", *p))
			ok = false;
	return ok ? NULL : _("Enter a valid e-mail address, like name@example.se.");
}

const char *account_password_problem(const char *password)
{
	if (!password || !*password)
		return _("Enter a password.");
	size_t chars = 0;
	bool only_spaces = true;
	for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			chars++;
		if (!isspace(*p))
			only_spaces = false;
	}
	if (only_spaces)
		return _("The password cannot be only spaces.");
	if (chars < ACCOUNT_PASSWORD_MIN)
		return _("The password must be at least 8 characters.");
	if (strlen(password) > ACCOUNT_PASSWORD_MAX)
		return _("The password is too long.");
	return NULL;
}

bool account_name_field(struct field_errors *e, struct arena *a, const char **name)
{
	/* It goes into e-mail headers and greetings: one line. */
	return field_text(e, a, "name", name, false, ACCOUNT_NAME_MAX, _("Enter your name."),
			  _("The name can be at most 200 characters."));
}

bool account_signup_valid(struct field_errors *e, struct arena *a, const char **name, const char *email,
			  const char *password)
{
	bool ok = account_name_field(e, a, name);
	const char *problem;
	if ((problem = account_email_problem(email))) {
		field_error(e, "email", problem);
		ok = false;
	}
	if ((problem = account_password_problem(password))) {
		field_error(e, "password", problem);
		ok = false;
	}
	return ok;
}

/* The recipient's language while a message is composed; the caller's comes back afterwards. */
static const char *lang_enter(const char *lang)
{
	const char *prev = i18n_lang();
	i18n_set_lang(lang && strcmp(lang, "en") == 0 ? "en" : "sv");
	return prev;
}

/* base_url + path (+ token), without a doubled slash. */
static void put_link(struct buf *b, const char *base_url, const char *path, const char *token)
{
	size_t n = base_url ? strlen(base_url) : 0;
	while (n > 0 && base_url[n - 1] == '/')
		n--;
	buf_append(b, base_url ? base_url : "", n);
	buf_puts(b, path);
	if (token)
		buf_puts(b, token);
}

/* Queues one transactional message; subject and body are already in lang. 0 or -1. */
static int queue_mail(struct store *st, long long account_id, const char *to, const char *to_name, const char *lang,
		      const char *subject, const struct buf *text)
{
	struct mail m = {
		.account_id = account_id,
		.to = to,
		.to_name = to_name,
		.lang = lang && strcmp(lang, "en") == 0 ? "en" : "sv",
		.kind = "transactional",
		.subject = subject,
		.text = buf_str(text),
	};
	return outbox_enqueue(st, &m) > 0 ? 0 : -1;
}

/* Loads an enabled account by id, or by address when id is 0: the person a message goes to. */
static bool recipient_load(struct store *st, long long id, const char *email, struct account *out)
{
	struct cursor *c =
		id ? store_query(st, "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = $1 AND disabled = 0", ARGS(SV_I(id)))
		   : store_query(st, "SELECT " ACCOUNT_COLUMNS " FROM account WHERE email = $1 AND disabled = 0",
				 ARGS(SV_T(email)));
	return account_one(st, c, out) == OUTCOME_OK;
}

/* Each message below: a token when it carries a link, the text in the recipient's language, the
 * outbox row. Called inside the caller's transaction. 0 or -1. */

static int mail_verify_link(struct store *st, const struct account *to, const char *base_url)
{
	char token[ACCOUNT_TOKEN_LEN + 1];
	if (!account_token_create(st, TOKEN_VERIFY, to->id, NULL, 0, token))
		return -1;
	const char *prev = lang_enter(to->lang);
	struct buf link = BUF_INIT, text = BUF_INIT;
	put_link(&link, base_url, "/konto/verifiera?token=", token);
	buf_printf(&text, _("Hello %s,"), to->name);
	buf_puts(&text, "\n\n");
	buf_puts(&text, _("An account at samverkan has been made with this e-mail address. To confirm that the "
			  "address is yours, open the link below within 48 hours and press the button on the page:"));
	buf_printf(&text, "\n\n%s\n\n", buf_str(&link));
	buf_puts(&text, _("If you did not make the account, you can ignore this message: the account cannot be "
			  "used until the address is confirmed."));
	buf_puts(&text, "\n");
	int rc = queue_mail(st, to->id, to->email, to->name, to->lang, _("Confirm your e-mail address"), &text);
	buf_free(&link);
	buf_free(&text);
	i18n_set_lang(prev);
	return rc;
}

static int mail_reset_link(struct store *st, const struct account *to, const char *base_url, bool signup_attempt)
{
	char token[ACCOUNT_TOKEN_LEN + 1];
	if (!account_token_create(st, TOKEN_RESET, to->id, NULL, 0, token))
		return -1;
	const char *prev = lang_enter(to->lang);
	struct buf link = BUF_INIT, login = BUF_INIT, text = BUF_INIT;
	put_link(&link, base_url, "/konto/aterstall?token=", token);
	put_link(&login, base_url, "/logga-in", NULL);
	buf_printf(&text, _("Hello %s,"), to->name);
	buf_puts(&text, "\n\n");
	const char *subject;
	if (signup_attempt) {
		subject = _("Someone tried to make an account with your e-mail address");
		buf_puts(&text, _("Someone, perhaps you, tried to make a new account at samverkan with this e-mail "
				  "address. It already has an account, so no new one was made."));
		buf_puts(&text, "\n\n");
		buf_printf(&text, _("You can log in at %s"), buf_str(&login));
		buf_puts(&text, "\n\n");
		buf_puts(&text, _("If you have forgotten your password, choose a new one with this link within 1 hour:"));
		buf_printf(&text, "\n\n%s\n\n", buf_str(&link));
		buf_puts(&text, _("If it was not you, you can ignore this message: nothing has been changed."));
	} else {
		subject = _("Choose a new password");
		buf_puts(&text, _("Someone, hopefully you, asked to choose a new password for your account at samverkan. "
				  "Open the link below within 1 hour to choose one:"));
		buf_printf(&text, "\n\n%s\n\n", buf_str(&link));
		buf_puts(&text, _("If you did not ask for this, you can ignore this message: your password stays as it is."));
	}
	buf_puts(&text, "\n");
	int rc = queue_mail(st, to->id, to->email, to->name, to->lang, subject, &text);
	buf_free(&link);
	buf_free(&login);
	buf_free(&text);
	i18n_set_lang(prev);
	return rc;
}

/* Ends a write transaction of its own: committed when every step went well, else rolled back
 * with the store's outcome (taken before the rollback, which would clear it). */
static enum outcome write_finish(struct store *st, bool ok)
{
	return store_finish(st, ok ? OUTCOME_OK : store_outcome(st));
}

/* account_signup with the cleaned name in a. */
static enum outcome signup(struct store *st, struct arena *a, const char *name, const char *email,
			   const char *password, const char *lang, const char *base_url, struct field_errors *e)
{
	char norm[256], now[21], hash[crypto_pwhash_STRBYTES];
	if (!account_signup_valid(e, a, &name, email, password))
		return OUTCOME_INVALID;
	account_normalise_email(email, norm, sizeof norm);
	lang = lang && strcmp(lang, "en") == 0 ? "en" : "sv";
	/* Hashed before we know whether the address is taken, so the answer takes as long either way. */
	if (hash_password(password, hash) != 0)
		return OUTCOME_FAILED;
	clock_iso(clock_now(), now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct account to = {0};
	int rc = 0;
	long long existing = account_id_by_email(st, norm);
	if (existing < 0) {
		rc = -1;
	} else if (existing > 0) {
		/* Taken: tell the owner (a disabled account is told nothing) and change nothing. */
		if (recipient_load(st, existing, NULL, &to))
			rc = mail_reset_link(st, &to, base_url, true);
	} else {
		to.id = store_int(st,
				  "INSERT INTO account (email, name, password_hash, role, lang, created_at) "
				  "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
				  ARGS(SV_T(norm), SV_T(name), SV_T(hash), SV_T(role_code(ROLE_PERSON)), SV_T(lang), SV_T(now)),
				  0);
		if (to.id <= 0 && store_errcode(st) == STORE_CONSTRAINT) {
			/* Taken by a sign-up that raced this one; that one sent the link. */
			store_rollback(st);
			return OUTCOME_OK;
		}
		snprintf(to.email, sizeof to.email, "%s", norm);
		snprintf(to.name, sizeof to.name, "%s", name);
		snprintf(to.lang, sizeof to.lang, "%s", lang);
		if (to.id <= 0 || audit_record(st, to.id, "account", to.id, "signup", "{}") != 0 ||
		    mail_verify_link(st, &to, base_url) != 0)
			rc = -1;
	}
	return write_finish(st, rc == 0);
}

enum outcome account_signup(struct store *st, const char *name, const char *email, const char *password,
			    const char *lang, const char *base_url, struct field_errors *e)
{
	struct arena a = ARENA_INIT;
	enum outcome o = signup(st, &a, name, email, password, lang, base_url, e);
	arena_free(&a);
	return o;
}

bool account_email_verified(struct store *st, long long account_id)
{
	return store_int(st, "SELECT 1 FROM account WHERE id = $1 AND email_verified_at IS NOT NULL",
			 ARGS(SV_I(account_id)), 0) == 1;
}

/* In a transaction of its own: a reset link (or, with only_unverified, a new verification link
 * when the address is still unconfirmed) for the enabled account with this address, if any. */
static enum outcome mail_if_account(struct store *st, const char *email, const char *base_url, bool only_unverified)
{
	char norm[256];
	account_normalise_email(email, norm, sizeof norm);
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct account to;
	int rc = 0;
	if (recipient_load(st, 0, norm, &to)) {
		if (only_unverified)
			rc = account_email_verified(st, to.id) ? 0 : mail_verify_link(st, &to, base_url);
		else
			rc = mail_reset_link(st, &to, base_url, false);
	}
	return write_finish(st, rc == 0);
}

enum outcome account_resend_verification(struct store *st, const char *email, const char *base_url)
{
	return mail_if_account(st, email, base_url, true);
}

enum outcome account_request_reset(struct store *st, const char *email, const char *base_url)
{
	return mail_if_account(st, email, base_url, false);
}

/* Ends a token-following transaction: commits on OUTCOME_OK, else rolls back; tells why a
 * refused token was refused. */
static enum outcome token_finish(struct store *st, enum outcome o, const struct account_token *t,
				 enum token_problem *why)
{
	*why = o == OUTCOME_OK ? TOKEN_FINE : t->problem;
	return store_finish(st, o);
}

enum outcome account_verify_email(struct store *st, const char *token, long long *account_id, enum token_problem *why)
{
	char now[21];
	clock_iso(clock_now(), now);
	*account_id = 0;
	*why = TOKEN_FINE;
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct account_token t;
	enum outcome o = account_token_consume(st, token, TOKEN_VERIFY, &t);
	if (o == OUTCOME_OK &&
	    (store_exec(st, "UPDATE account SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2",
			ARGS(SV_T(now), SV_I(t.account_id))) != 1 ||
	     audit_record(st, t.account_id, "account", t.account_id, "verify_email", "{\"changed\":[\"email_verified_at\"]}") != 0))
		o = store_outcome(st);
	if (o == OUTCOME_OK)
		*account_id = t.account_id;
	return token_finish(st, o, &t, why);
}

enum outcome account_reset_password(struct store *st, const char *token, const char *password, long long *account_id,
				    enum token_problem *why)
{
	char now[21], hash[crypto_pwhash_STRBYTES];
	*account_id = 0;
	*why = TOKEN_FINE;
	if (hash_password(password, hash) != 0)
		return OUTCOME_FAILED;
	clock_iso(clock_now(), now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct account_token t;
	enum outcome o = account_token_consume(st, token, TOKEN_RESET, &t);
	/* The link proved the address, so it counts as confirmed; whoever was signed in as this
	 * account (perhaps the reason for the reset) is signed out. */
	if (o == OUTCOME_OK &&
	    (store_exec(st,
			"UPDATE account SET password_hash = $1, email_verified_at = COALESCE(email_verified_at, $2) "
			"WHERE id = $3",
			ARGS(SV_T(hash), SV_T(now), SV_I(t.account_id))) != 1 ||
	     session_end_all(st, t.account_id, NULL) != 0 ||
	     account_token_retire(st, t.account_id, TOKEN_RESET) != 0 ||
	     audit_record(st, t.account_id, "account", t.account_id, "reset_password", "{\"changed\":[\"password\"]}") != 0))
		o = store_outcome(st);
	if (o == OUTCOME_OK)
		*account_id = t.account_id;
	return token_finish(st, o, &t, why);
}

static int mail_email_changed(struct store *st, const struct account *old, const char *new_email)
{
	const char *prev = lang_enter(old->lang);
	struct buf text = BUF_INIT;
	buf_printf(&text, _("Hello %s,"), old->name);
	buf_puts(&text, "\n\n");
	buf_printf(&text, _("The e-mail address of your account at samverkan has been changed from this address to %s. "
			    "From now on, messages go to the new address."),
		   new_email);
	buf_puts(&text, "\n\n");
	buf_puts(&text, _("If you did not make this change, contact the municipality at once."));
	buf_puts(&text, "\n");
	int rc = queue_mail(st, old->id, old->email, old->name, old->lang, _("Your e-mail address has been changed"), &text);
	buf_free(&text);
	i18n_set_lang(prev);
	return rc;
}

enum outcome account_confirm_email_change(struct store *st, const char *token, long long *account_id,
					  enum token_problem *why)
{
	char now[21];
	*account_id = 0;
	*why = TOKEN_FINE;
	clock_iso(clock_now(), now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct account_token t;
	struct account old;
	enum outcome o = account_token_consume(st, token, TOKEN_EMAIL, &t);
	if (o == OUTCOME_OK && !recipient_load(st, t.account_id, NULL, &old)) {
		t.problem = TOKEN_UNKNOWN; /* the account was disabled meanwhile */
		o = OUTCOME_NOT_FOUND;
	}
	if (o == OUTCOME_OK) {
		long long n = store_exec(st, "UPDATE account SET email = $1, email_verified_at = $2 WHERE id = $3",
					 ARGS(SV_T(t.email), SV_T(now), SV_I(t.account_id)));
		if (n < 0 && store_errcode(st) == STORE_CONSTRAINT) {
			t.problem = TOKEN_ADDRESS_TAKEN; /* taken between the check and the update */
			o = OUTCOME_CONFLICT;
		} else if (n != 1) {
			o = store_outcome(st);
		}
	}
	/* Links mailed to the old address no longer speak for the account. */
	if (o == OUTCOME_OK &&
	    (account_token_retire(st, t.account_id, TOKEN_RESET) != 0 ||
	     account_token_retire(st, t.account_id, TOKEN_VERIFY) != 0 || mail_email_changed(st, &old, t.email) != 0 ||
	     audit_record(st, t.account_id, "account", t.account_id, "change_email", "{\"changed\":[\"email\"]}") != 0))
		o = store_outcome(st);
	if (o == OUTCOME_OK)
		*account_id = t.account_id;
	return token_finish(st, o, &t, why);
}

static int mail_password_changed(struct store *st, const struct account *to, const char *base_url)
{
	const char *prev = lang_enter(to->lang);
	struct buf link = BUF_INIT, text = BUF_INIT;
	put_link(&link, base_url, "/konto/glomt-losenord", NULL);
	buf_printf(&text, _("Hello %s,"), to->name);
	buf_puts(&text, "\n\n");
	buf_puts(&text, _("The password of your account at samverkan has just been changed. If you did it, you need "
			  "not do anything."));
	buf_puts(&text, "\n\n");
	buf_printf(&text, _("If you did not, choose a new password at once: %s"), buf_str(&link));
	buf_puts(&text, "\n");
	int rc = queue_mail(st, to->id, to->email, to->name, to->lang, _("Your password has been changed"), &text);
	buf_free(&link);
	buf_free(&text);
	i18n_set_lang(prev);
	return rc;
}

enum outcome account_change_password(struct store *st, long long account_id, const char *password,
				     const char *keep_session_token, const char *base_url)
{
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash) != 0)
		return OUTCOME_FAILED;
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct account to;
	bool ok = recipient_load(st, account_id, NULL, &to) &&
		  store_exec(st, "UPDATE account SET password_hash = $1 WHERE id = $2", ARGS(SV_T(hash), SV_I(account_id))) == 1 &&
		  session_end_all(st, account_id, keep_session_token) == 0 &&
		  account_token_retire(st, account_id, TOKEN_RESET) == 0 &&
		  mail_password_changed(st, &to, base_url) == 0 &&
		  audit_record(st, account_id, "account", account_id, "change_password", "{\"changed\":[\"password\"]}") == 0;
	return write_finish(st, ok);
}

static int mail_email_change_link(struct store *st, const struct account *who, const char *new_email,
				  const char *base_url)
{
	char token[ACCOUNT_TOKEN_LEN + 1];
	if (!account_token_create(st, TOKEN_EMAIL, who->id, new_email, 0, token))
		return -1;
	const char *prev = lang_enter(who->lang);
	struct buf link = BUF_INIT, text = BUF_INIT;
	put_link(&link, base_url, "/konto/bekrafta-e-post?token=", token);
	buf_printf(&text, _("Hello %s,"), who->name);
	buf_puts(&text, "\n\n");
	buf_puts(&text, _("You have asked to use this e-mail address for your account at samverkan. To confirm it, "
			  "open the link below within 24 hours and press the button on the page:"));
	buf_printf(&text, "\n\n%s\n\n", buf_str(&link));
	buf_puts(&text, _("Until then your old address stays in use. If you did not ask for this, you can ignore this "
			  "message."));
	buf_puts(&text, "\n");
	int rc = queue_mail(st, who->id, new_email, who->name, who->lang, _("Confirm your new e-mail address"), &text);
	buf_free(&link);
	buf_free(&text);
	i18n_set_lang(prev);
	return rc;
}

static int mail_address_in_use(struct store *st, const struct account *owner)
{
	const char *prev = lang_enter(owner->lang);
	struct buf text = BUF_INIT;
	buf_printf(&text, _("Hello %s,"), owner->name);
	buf_puts(&text, "\n\n");
	buf_puts(&text, _("Someone asked to move another account at samverkan to this e-mail address. The address "
			  "belongs to your account, so nothing has been changed, and you need not do anything."));
	buf_puts(&text, "\n");
	int rc = queue_mail(st, owner->id, owner->email, owner->name, owner->lang,
			    _("Someone tried to use your e-mail address"), &text);
	buf_free(&text);
	i18n_set_lang(prev);
	return rc;
}

enum outcome account_request_email_change(struct store *st, long long account_id, const char *new_email,
					  const char *base_url)
{
	char norm[256];
	account_normalise_email(new_email, norm, sizeof norm);
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct account who, owner;
	int rc = -1;
	if (recipient_load(st, account_id, NULL, &who)) {
		long long other = store_int(st, "SELECT id FROM account WHERE email = $1 AND id <> $2",
					    ARGS(SV_T(norm), SV_I(account_id)), 0);
		if (other > 0)
			rc = recipient_load(st, other, NULL, &owner) ? mail_address_in_use(st, &owner) : 0;
		else if (other == 0)
			rc = mail_email_change_link(st, &who, norm, base_url);
	}
	return write_finish(st, rc == 0);
}
