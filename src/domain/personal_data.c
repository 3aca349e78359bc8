/* personal_data: gathers everything held about a person into one JSON document (GDPR articles 15
 * and 20), erases a person while keeping the municipality's records (article 17), and runs the
 * daily retention job. The columns that hold personal data are listed here, so one reader can see
 * what an erasure touches. */
#include "domain/personal_data.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "base/log.h"
#include "base/text.h"
#include "domain/account.h"
#include "domain/account_admin.h"
#include "domain/account_token.h"
#include "domain/audit.h"
#include "domain/job_run.h"
#include "domain/notification.h"
#include "domain/session.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Gathering ----------------------------------------------------------------------------------- */

/* No limit, for the download: larger than any table gets. */
#define ALL_ROWS 1000000000LL

/* Appends the rows of one query to the array `out` as objects keyed by the columns' names (the
 * SQL's aliases). `types` has a letter per column: t text, i integer, b boolean, j JSON text
 * (parsed; kept as text if it is not JSON). SQL NULL stays null. The query's last parameter is
 * its LIMIT: max + 1 rows are asked for, so a row beyond max says there were more. Returns 1 when
 * there were more than max, 0, or -1. */
static int rows_json(struct store *st, json_t *out, int max, const char *types, const char *sql, struct sv *args,
		     int nargs)
{
	args[nargs - 1] = SV_I(max > 0 ? (long long)max + 1 : ALL_ROWS);
	struct cursor *c = store_query(st, sql, args, nargs);
	int n = 0, more = 0;
	while (cursor_next(c)) {
		if (max > 0 && n == max) {
			more = 1;
			break;
		}
		json_t *row = json_object();
		for (int i = 0; types[i]; i++) {
			json_t *v;
			if (cursor_is_null(c, i))
				v = json_null();
			else if (types[i] == 'i')
				v = json_integer(cursor_int(c, i));
			else if (types[i] == 'b')
				v = json_boolean(cursor_int(c, i) != 0);
			else if (types[i] == 'j' && (v = json_loads(cursor_text(c, i), 0, NULL)))
				;
			else
				v = json_string(cursor_text(c, i));
			json_object_set_new(row, cursor_column_name(c, i), v ? v : json_null());
		}
		json_array_append_new(out, row);
		n++;
	}
	return cursor_close(c) == 0 ? more : -1;
}

/* Adds category `name` from one query; notes it in `truncated` when it had more rows. */
static int category(struct store *st, json_t *doc, const char *name, int max, const char *types, const char *sql,
		    struct sv *args, int nargs)
{
	json_t *list = json_array();
	json_object_set_new(doc, name, list);
	int rc = rows_json(st, list, max, types, sql, args, nargs);
	if (rc == 1)
		json_array_append_new(json_object_get(doc, "truncated"), json_string(name));
	return rc < 0 ? -1 : 0;
}

static json_t *text_or_null(const char *s) { return s ? json_string(s) : json_null(); }

/* The account's own members: account, roles and consents to e-mail; NULL, with *found the
 * outcome that says why, when the account cannot be read. */
static json_t *account_json(struct store *st, long long id, json_t *consents, enum outcome *found)
{
	struct arena a = ARENA_INIT;
	struct account_row row;
	struct account acc;
	enum outcome o = account_admin_load(st, &a, id, &row);
	if (o == OUTCOME_OK)
		o = account_get(st, id, &acc);
	*found = o;
	json_t *j = NULL;
	if (o == OUTCOME_OK) {
		json_t *prefs = json_array();
		for (int i = 0; i < NOTIFY_KIND_COUNT; i++) {
			const char *f = notification_frequency(st, id, notify_kinds[i]);
			json_array_append_new(prefs, json_pack("{s:s,s:s}", "kind", notify_kinds[i], "frequency", f));
			json_array_append_new(consents,
					      json_pack("{s:s,s:n,s:s,s:b,s:s,s:n}", "consent", "email_notifications",
							"submission_id", "notification_kind", notify_kinds[i], "given",
							strcmp(f, NOTIFY_NEVER) != 0, "detail", f, "since"));
		}
		j = json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:s,s:o,s:b,s:o}", "id", (json_int_t)row.id, "email", row.email,
			      "name", row.name, "role", role_code(row.role), "department", text_or_null(row.department_name),
			      "language", acc.lang, "created_at", row.created_at,
			      "email_verified_at", text_or_null(row.verified_at), "disabled", row.disabled,
			      "notification_preferences", prefs);
	}
	arena_free(&a);
	return j;
}

static json_t *new_document(const char *kind, long long account_id, const char *email)
{
	char now[21];
	clock_iso(clock_now(), now);
	json_t *doc = json_object();
	json_object_set_new(doc, "generated_at", json_string(now));
	json_object_set_new(doc, "subject",
			    json_pack("{s:s,s:o,s:s}", "kind", kind, "account_id",
				      account_id ? json_integer(account_id) : json_null(), "email", email));
	json_object_set_new(doc, "truncated", json_array());
	return doc;
}

/* The categories an address has whether or not an account has it ($1 the address, $2 its LIKE
 * pattern, $3 the account id or 0, last the limit). */
static int address_categories(struct store *st, json_t *doc, const char *email, long long account_id, int max)
{
	char *like = text_like_contains(email);
	if (!like)
		return -1;
	struct arena scratch = ARENA_INIT;
	struct sv a[4] = {SV_T(email), SV_T(like), SV_I(account_id), SV_NULLV};
	int rc = category(st, doc, "contact_persons", max, "iittttt",
			  "SELECT c.id, c.organisation_id, o.name AS organisation, c.name, c.role, c.email, c.phone "
			  "FROM contact_person c JOIN organisation o ON o.id = c.organisation_id "
			  "WHERE lower(c.email) = $1 ORDER BY c.id LIMIT $2",
			  (struct sv[]){a[0], SV_NULLV}, 2);
	if (rc == 0)
		rc = category(st, doc, "organisation_addresses", max, "it",
			      "SELECT id AS organisation_id, name AS organisation FROM organisation "
			      "WHERE lower(email) = $1 ORDER BY id LIMIT $2",
			      (struct sv[]){a[0], SV_NULLV}, 2);
	if (rc == 0)
		rc = category(st, doc, "sessions", max, "tt",
			      "SELECT created_at, last_seen_at FROM session WHERE account_id = $1 ORDER BY id LIMIT $2",
			      (struct sv[]){a[2], SV_NULLV}, 2);
	if (rc == 0)
		rc = category(st, doc, "tokens", max, "tttt",
			      "SELECT purpose, created_at, expires_at, used_at FROM account_token "
			      "WHERE account_id = $1 OR lower(email) = $2 ORDER BY id LIMIT $3",
			      (struct sv[]){a[2], a[0], SV_NULLV}, 3);
	if (rc == 0)
		rc = category(st, doc, "messages", max, "ttttt",
			      "SELECT created_at, kind, subject, status, sent_at FROM outbox "
			      "WHERE account_id = $1 OR lower(to_address) = $2 ORDER BY id LIMIT $3",
			      (struct sv[]){a[2], a[0], SV_NULLV}, 3);
	if (rc == 0)
		rc = category(st, doc, "sign_in_attempts", max, "t",
			      "SELECT at FROM login_attempt WHERE lower(key) LIKE $1 ESCAPE '!' ORDER BY id LIMIT $2",
			      (struct sv[]){a[1], SV_NULLV}, 2);
	/* About the account: entries on it, and entries whose detail names it ({"account_id":N}, as
	 * written with JSON_COMPACT), e.g. being made a representative. */
	char *named_mid = account_id ? arena_printf(&scratch, "%%\"account_id\":%lld,%%", account_id) : NULL;
	char *named_end = account_id ? arena_printf(&scratch, "%%\"account_id\":%lld}%%", account_id) : NULL;
	if (rc == 0)
		rc = category(st, doc, "audit", max, "itttitj",
			      "SELECT id, at, CASE WHEN account_id = $1 THEN 'actor' ELSE 'subject' END AS \"as\", entity, "
			      "entity_id, action, detail FROM audit_log WHERE account_id = $1 "
			      "OR (entity IN ('account', 'notification_preference') AND entity_id = $1) "
			      "OR lower(detail) LIKE $2 ESCAPE '!' OR detail LIKE $3 OR detail LIKE $4 ORDER BY id LIMIT $5",
			      (struct sv[]){a[2], a[1], SV_T(named_mid), SV_T(named_end), SV_NULLV}, 5);
	arena_free(&scratch);
	free(like);
	return rc;
}

/* The download has everything, so nothing was left out: `truncated` is for the page only. */
static json_t *finish_document(json_t *doc, int max_rows)
{
	if (max_rows <= 0)
		json_object_del(doc, "truncated");
	return doc;
}

enum outcome personal_data_of_account(struct store *st, long long account_id, int max_rows, json_t **out)
{
	*out = NULL;
	enum outcome found = OUTCOME_OK;
	json_t *consents = json_array();
	json_t *account = account_json(st, account_id, consents, &found);
	if (!account) {
		json_decref(consents);
		return found == OUTCOME_OK ? OUTCOME_FAILED : found;
	}
	const char *email = json_string_value(json_object_get(account, "email"));
	json_t *doc = new_document("account", account_id, email);
	json_object_set_new(doc, "account", account);
	json_object_set_new(doc, "roles",
			    json_pack("[{s:O,s:O}]", "role", json_object_get(account, "role"), "department",
				      json_object_get(account, "department")));
	struct sv id[2] = {SV_I(account_id), SV_NULLV};
	int rc = category(st, doc, "representations", max_rows, "it",
			  "SELECT o.id AS organisation_id, o.name AS organisation FROM representative rp "
			  "JOIN organisation o ON o.id = rp.organisation_id WHERE rp.account_id = $1 "
			  "ORDER BY o.sort_key, o.id LIMIT $2",
			  id, 2);
	if (rc == 0)
		rc = category(st, doc, "representation_requests", max_rows, "iittttt",
			      "SELECT q.id, q.organisation_id, o.name AS organisation, q.message, q.status, q.created_at, "
			      "q.decided_at FROM representation_request q JOIN organisation o ON o.id = q.organisation_id "
			      "WHERE q.account_id = $1 ORDER BY q.id LIMIT $2",
			      id, 2);
	if (rc == 0)
		rc = category(st, doc, "submissions", max_rows, "ittttbititttt",
			      "SELECT s.id, s.kind, s.title, s.body AS text, s.status, s.publish_consent, s.organisation_id, "
			      "o.name AS organisation, s.dialogue_id, dp.name AS department, s.received_at, s.answered_on, "
			      "s.answer FROM submission s JOIN department dp ON dp.id = s.department_id "
			      "LEFT JOIN organisation o ON o.id = s.organisation_id WHERE s.account_id = $1 "
			      "ORDER BY s.id LIMIT $2",
			      id, 2);
	if (rc == 0)
		rc = category(st, doc, "notifications", max_rows, "ittttttt",
			      "SELECT id, kind, title, body AS text, link, created_at, read_at, emailed_at FROM notification "
			      "WHERE account_id = $1 ORDER BY id LIMIT $2",
			      id, 2);
	if (rc == 0) {
		/* Publication consents first, then the e-mail choices gathered with the account. */
		json_t *publication = json_array();
		rc = rows_json(st, publication, 0, "titbtt",
			       "SELECT 'publish_submission' AS consent, id AS submission_id, NULL AS notification_kind, "
			       "publish_consent AS given, NULL AS detail, received_at AS since FROM submission "
			       "WHERE account_id = $1 ORDER BY id LIMIT $2",
			       id, 2) < 0 ? -1 : 0;
		json_array_extend(publication, consents);
		json_object_set_new(doc, "consents", publication);
	}
	if (rc == 0)
		rc = address_categories(st, doc, email, account_id, max_rows);
	json_decref(consents);
	if (rc != 0) {
		json_decref(doc);
		return store_outcome(st);
	}
	*out = finish_document(doc, max_rows);
	return OUTCOME_OK;
}

enum outcome personal_data_of_address(struct store *st, const char *email, int max_rows, json_t **out)
{
	*out = NULL;
	long long account_id = account_id_by_email(st, email);
	if (account_id < 0)
		return store_outcome(st);
	json_t *doc = new_document("address", 0, email);
	json_object_set_new(json_object_get(doc, "subject"), "has_account", json_boolean(account_id > 0));
	json_object_set_new(doc, "account", json_null());
	static const char *const empty[] = {"roles", "representations", "representation_requests", "submissions",
					    "notifications", "consents"};
	for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++)
		json_object_set_new(doc, empty[i], json_array());
	/* An account's sessions and its tokens are not the coordinator's to see: account id 0. */
	if (address_categories(st, doc, email, 0, max_rows) != 0) {
		json_decref(doc);
		return store_outcome(st);
	}
	*out = finish_document(doc, max_rows);
	return OUTCOME_OK;
}

int personal_data_record_export(struct store *st, long long by, const char *email)
{
	json_t *j = json_pack("{s:s}", "email", email);
	char *detail = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	int rc = detail && store_begin(st) == 0 ? 0 : -1;
	if (rc == 0 && (audit_record(st, by, "personal_data", 0, "export", detail) != 0 || store_commit(st) != 0)) {
		store_rollback(st);
		rc = -1;
	}
	free(detail);
	return rc;
}

/* ---- Erasure ------------------------------------------------------------------------------------ */

/* Free texts where people write addresses and names: an erased address (and, for an account, the
 * name) is replaced there by the marker. Names only where the text is about the person — other
 * people's notifications and messages — never in the municipality's texts, where a name may well
 * be someone else's with the same letters. */
static const struct {
	const char *table, *column;
	bool name_too;
} free_texts[] = {
	{"notification", "title", true},
	{"notification", "body", true},
	{"outbox", "subject", true},
	{"outbox", "body_text", true},
	{"outbox", "body_html", true},
	{"representation_request", "message", false},
	{"organisation", "description", false},
	{"submission", "title", false},
	{"submission", "body", false},
	{"submission", "answer", false},
	{"submission", "hidden_reason", false},
	{"submission_event", "note", false},
	{"dialogue", "title", false},
	{"dialogue", "question", false},
	{"dialogue", "background", false},
	{"dialogue", "can_influence", false},
	{"dialogue", "cannot_influence", false},
	{"dialogue", "report_heard", false},
	{"dialogue", "report_decision", false},
	{"dialogue", "report_minutes_ref", false},
	{"dialogue", "report_link", false},
	{"dialogue", "report_used", false},
};

/* A name shorter than this is not looked for in texts: too many words would contain it. */
#define NAME_MIN_BYTES 4

static int replace_in_texts(struct store *st, const char *what, bool is_name)
{
	char *like = text_like_contains(what);
	if (!like)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof free_texts / sizeof free_texts[0]; i++) {
		if (is_name && !free_texts[i].name_too)
			continue;
		/* Table and column names come from the list above, never from input. */
		char sql[256];
		snprintf(sql, sizeof sql, "UPDATE %s SET %s = replace(%s, $1, '" PERSONAL_DATA_ERASED "') "
			 "WHERE lower(%s) LIKE $2 ESCAPE '!'",
			 free_texts[i].table, free_texts[i].column, free_texts[i].column, free_texts[i].column);
		if (store_exec(st, sql, ARGS(SV_T(what), SV_T(like))) < 0)
			rc = -1;
	}
	free(like);
	return rc;
}

/* Whether s holds needle, ignoring case as text_lower does. */
static bool contains_folded(const char *s, const char *needle)
{
	char *hay = strdup(s), *n = strdup(needle);
	bool found = false;
	if (hay && n) {
		text_lower(hay);
		text_lower(n);
		found = strstr(hay, n) != NULL;
	}
	free(hay);
	free(n);
	return found;
}

/* Replaces, anywhere in a JSON value, each string holding the address or the name by the
 * marker. True when something changed. */
static bool scrub_json(json_t *v, const char *email, const char *name)
{
	bool changed = false;
	if (json_is_object(v)) {
		const char *key;
		json_t *member;
		json_object_foreach(v, key, member) {
			if (json_is_string(member) && (contains_folded(json_string_value(member), email) ||
						       (name && contains_folded(json_string_value(member), name)))) {
				json_object_set_new(v, key, json_string(PERSONAL_DATA_ERASED));
				changed = true;
			} else {
				changed |= scrub_json(member, email, name);
			}
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *item;
		json_array_foreach(v, i, item) {
			if (json_is_string(item) && (contains_folded(json_string_value(item), email) ||
						     (name && contains_folded(json_string_value(item), name)))) {
				json_array_set_new(v, i, json_string(PERSONAL_DATA_ERASED));
				changed = true;
			} else {
				changed |= scrub_json(item, email, name);
			}
		}
	}
	return changed;
}

/* Audit entries keep who, when and what by id; the address (in any entry) and the name (in
 * entries by or about the account) leave their details. The schema allows exactly this update. */
static int scrub_audit(struct store *st, const char *email, const char *name, long long account_id)
{
	char *like_email = text_like_contains(email), *like_name = text_like_contains(name ? name : email);
	struct arena a = ARENA_INIT;
	int cap = 16, n = 0, rc = like_email && like_name ? 0 : -1;
	struct {
		long long id;
		char *detail;
	} *rows = arena_alloc(&a, sizeof *rows * (size_t)cap);
	/* Read first, write after: no cursor stays open while rows change. */
	struct cursor *c = store_query(st,
		"SELECT id, detail FROM audit_log WHERE lower(detail) LIKE $1 ESCAPE '!' OR (lower(detail) LIKE $2 "
		"ESCAPE '!' AND (account_id = $3 OR (entity IN ('account', 'notification_preference') AND entity_id = $3))) "
		"ORDER BY id",
		ARGS(SV_T(like_email), SV_T(like_name), SV_I(account_id)));
	while (rc == 0 && cursor_next(c)) {
		if (n == cap) {
			void *bigger = arena_alloc(&a, sizeof *rows * (size_t)cap * 2);
			memcpy(bigger, rows, sizeof *rows * (size_t)cap);
			rows = bigger;
			cap *= 2;
		}
		rows[n].id = cursor_int(c, 0);
		rows[n].detail = arena_strdup(&a, cursor_text(c, 1));
		n++;
	}
	if (cursor_close(c) != 0)
		rc = -1;
	for (int i = 0; rc == 0 && i < n; i++) {
		json_t *j = json_loads(rows[i].detail, 0, NULL);
		char *s = NULL;
		if (!j)
			j = json_pack("{s:s}", "detail", PERSONAL_DATA_ERASED); /* not JSON: nothing of it stays */
		else if (!scrub_json(j, email, name))
			json_object_set_new(j, "detail", json_string(PERSONAL_DATA_ERASED)); /* in a key */
		s = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(j);
		if (!s || store_exec(st, "UPDATE audit_log SET detail = $1 WHERE id = $2", ARGS(SV_T(s), SV_I(rows[i].id))) != 1)
			rc = -1;
		free(s);
	}
	arena_free(&a);
	free(like_email);
	free(like_name);
	return rc;
}

/* Everything about an address outside the account row, inside the caller's transaction. Returns
 * the number of contact-person rows removed, or -1. */
static long long forget_address(struct store *st, const char *email, const char *name, long long account_id)
{
	char *like = text_like_contains(email);
	if (!like)
		return -1;
	long long contacts = store_exec(st, "DELETE FROM contact_person WHERE lower(email) = $1", ARGS(SV_T(email)));
	bool ok = contacts >= 0 &&
		  store_exec(st, "UPDATE organisation SET email = NULL WHERE lower(email) = $1", ARGS(SV_T(email))) >= 0 &&
		  account_token_forget_address(st, email) >= 0 &&
		  store_exec(st, "DELETE FROM login_attempt WHERE lower(key) LIKE $1 ESCAPE '!'", ARGS(SV_T(like))) >= 0 &&
		  store_exec(st, "DELETE FROM outbox WHERE account_id = $1 OR lower(to_address) = $2",
			     ARGS(SV_I(account_id), SV_T(email))) >= 0 &&
		  replace_in_texts(st, email, false) == 0 &&
		  (!name || strlen(name) < NAME_MIN_BYTES || replace_in_texts(st, name, true) == 0) &&
		  scrub_audit(st, email, name && strlen(name) >= NAME_MIN_BYTES ? name : NULL, account_id) == 0;
	free(like);
	return ok ? contacts : -1;
}

/* The last message to an erased address, in its language; forgotten once delivered. */
static int queue_confirmation(struct store *st, const char *email, const char *name, const char *lang)
{
	const char *prev = i18n_lang();
	i18n_set_lang(lang && strcmp(lang, "en") == 0 ? "en" : "sv");
	struct buf text = BUF_INIT;
	buf_printf(&text, _("Hello %s,"), name);
	buf_puts(&text, "\n\n");
	buf_puts(&text, _("Your account at samverkan has been deleted, as you asked, with the personal data that "
			  "belonged to it: your sessions, notifications, choices and representations."));
	buf_puts(&text, "\n\n");
	buf_puts(&text, _("The views and proposals you sent stay with the municipality, which must keep them; they "
			  "are now shown as sent by a former user."));
	buf_puts(&text, "\n\n");
	buf_puts(&text, _("This is the last message to this address. It is deleted from our outbox as soon as it "
			  "has been delivered."));
	buf_puts(&text, "\n");
	struct mail m = {
		.to = email,
		.to_name = name,
		.lang = i18n_lang(),
		.kind = "transactional",
		.subject = _("Your account has been deleted"),
		.text = buf_str(&text),
		.forget = true,
	};
	int rc = outbox_enqueue(st, &m) > 0 ? 0 : -1;
	buf_free(&text);
	i18n_set_lang(prev);
	return rc;
}

/* The erasure of an account inside the caller's transaction. */
static enum outcome erase_account(struct store *st, long long account_id, long long by, const char *why,
				  bool confirm, struct field_errors *e)
{
	char now[21];
	struct account acc;
	enum outcome o = account_get(st, account_id, &acc);
	if (o != OUTCOME_OK)
		return o;
	const char *email = acc.email, *name = acc.name, *lang = acc.lang;
	int last = account_admin_last_admin(st, account_id);
	if (last < 0)
		return store_outcome(st);
	if (last) {
		field_error(e, NULL,
			    _("You are the only administrator. Make someone else an administrator before you delete your "
			      "account."));
		return OUTCOME_CONFLICT;
	}
	clock_iso(clock_now(), now);
	char detail[128];
	snprintf(detail, sizeof detail, "{\"account_id\":%lld,\"by\":\"%s\"}", account_id, why);
	/* The submissions first: once the account is gone nothing tells them from ones sent
	 * without an account. */
	if (store_exec(st, "UPDATE submission SET author_erased_at = $1 WHERE account_id = $2",
		       ARGS(SV_T(now), SV_I(account_id))) < 0 ||
	    forget_address(st, email, name, account_id) < 0 || account_delete(st, account_id) != 1 ||
	    audit_record(st, by, "account", account_id, "erase", detail) != 0 ||
	    (confirm && queue_confirmation(st, email, name, lang) != 0))
		return store_outcome(st);
	return OUTCOME_OK;
}

enum outcome personal_data_erase_account(struct store *st, long long account_id, long long by, const char *why,
					 bool confirm, struct field_errors *e)
{
	if (store_begin(st) != 0)
		return store_outcome(st);
	return store_finish(st, erase_account(st, account_id, by, why, confirm, e));
}

enum outcome personal_data_erase_address(struct store *st, const char *email, long long by, struct field_errors *e)
{
	if (!email || !*email)
		return OUTCOME_NOT_FOUND;
	if (store_begin(st) != 0)
		return store_outcome(st);
	long long account = account_id_by_email(st, email);
	if (account < 0)
		return store_finish(st, store_outcome(st));
	if (account > 0) {
		field_error(e, NULL, _("The person erases their data themselves, by deleting their account under My account."));
		return store_finish(st, OUTCOME_CONFLICT);
	}
	long long contacts = forget_address(st, email, NULL, 0);
	char detail[96];
	snprintf(detail, sizeof detail, "{\"by\":\"request\",\"contact_persons\":%lld}", contacts);
	if (contacts < 0 || audit_record(st, by, "personal_data", 0, "erase", detail) != 0)
		return store_finish(st, store_outcome(st));
	return store_finish(st, OUTCOME_OK);
}

/* ---- Retention ---------------------------------------------------------------------------------- */

#define JOB_NAME "retention"
/* Unverified accounts erased per run at most; the rest wait for the next day. */
#define UNVERIFIED_MAX 1000

static struct retention_settings configured = {RETENTION_CONTACT_YEARS, RETENTION_UNVERIFIED_DAYS};

void retention_configure(const struct retention_settings *rs) { configured = *rs; }

/* now less whole years, as a calendar date-time (29 February becomes 1 March). */
static void years_before(time_t now, int years, char out[21])
{
	struct tm tm;
	gmtime_r(&now, &tm);
	tm.tm_year -= years;
	time_t t = timegm(&tm);
	clock_iso(t, out);
}

static int run_in_transaction(struct store *st, time_t now, const struct retention_settings *rs,
			      struct retention_counts *out)
{
	memset(out, 0, sizeof *out);
	char now_s[21], contact_before[21], unverified_before[21];
	clock_iso(now, now_s);
	years_before(now, rs->contact_years, contact_before);
	clock_iso(now - (time_t)rs->unverified_days * 86400, unverified_before);

	out->contact_persons = store_exec(st,
		"DELETE FROM contact_person WHERE organisation_id IN (SELECT id FROM organisation "
		"WHERE COALESCE(confirmed_at, created_at) < $1)",
		ARGS(SV_T(contact_before)));
	if (out->contact_persons < 0)
		return -1;
	long long *ids = malloc(sizeof *ids * UNVERIFIED_MAX);
	int n = ids ? account_unverified_before(st, unverified_before, ids, UNVERIFIED_MAX) : -1;
	for (int i = 0; i < n; i++) {
		struct field_errors e = {0};
		enum outcome o = erase_account(st, ids[i], 0, "retention", false, &e);
		if (o == OUTCOME_OK)
			out->unverified_accounts++;
		else if (o != OUTCOME_CONFLICT) /* an unconfirmed last administrator stays */
			n = -1;
	}
	free(ids);
	if (n < 0)
		return -1;
	out->tokens = account_token_purge_expired(st, now_s);
	out->sessions = session_purge_expired(st, now);
	/* Erasure confirmations the sender delivered but could not delete (it failed just then). */
	out->messages = store_exec(st, "DELETE FROM outbox WHERE forget_after_delivery = 1 AND status <> 'pending'", NOARGS);
	if (out->tokens < 0 || out->sessions < 0 || out->messages < 0)
		return -1;
	char detail[320];
	snprintf(detail, sizeof detail,
		 "{\"contact_persons\":%lld,\"contact_years\":%d,\"messages\":%lld,\"sessions\":%lld,\"tokens\":%lld,"
		 "\"unverified_accounts\":%lld,\"unverified_days\":%d}",
		 out->contact_persons, rs->contact_years, out->messages, out->sessions, out->tokens,
		 out->unverified_accounts, rs->unverified_days);
	return audit_record(st, 0, "retention", 0, "run", detail);
}

int retention_run(struct store *st, time_t now, const struct retention_settings *rs, struct retention_counts *out)
{
	if (store_begin(st) != 0)
		return -1;
	if (run_in_transaction(st, now, rs, out) != 0 || store_commit(st) != 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int retention_run_due(struct store *st, time_t now, const struct retention_settings *rs, bool *ran,
		      struct retention_counts *out)
{
	char period[11];
	clock_date(now, period);
	*ran = false;
	memset(out, 0, sizeof *out);
	int claimed = job_run_claim(st, JOB_NAME, period, now);
	if (claimed <= 0)
		return claimed;
	if (run_in_transaction(st, now, rs, out) != 0 || store_commit(st) != 0) {
		store_rollback(st);
		return -1;
	}
	*ran = true;
	return 0;
}

void retention_job(struct store *st, const struct mail_settings *ms)
{
	(void)ms;
	bool ran = false;
	struct retention_counts n;
	if (retention_run_due(st, clock_now(), &configured, &ran, &n) != 0)
		log_error("retention: %s", store_errmsg(st));
	else if (ran)
		log_info("retention: %lld contact persons, %lld unverified accounts, %lld tokens, %lld sessions removed",
			 n.contact_persons, n.unverified_accounts, n.tokens, n.sessions);
}
