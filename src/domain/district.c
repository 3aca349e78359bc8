/* district: creating, renaming and retiring the municipality's districts and keeping their postcode
 * lists, audited; the only module that writes the district and district_postcode tables. */
#include "domain/district.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/i18n.h"
#include "domain/audit.h"
#include "domain/department.h"
#include "domain/taxonomy.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "17892" as people write it: "178 92". */
static void postcode_written(const char *digits, char out[7])
{
	snprintf(out, 7, "%.3s %.2s", digits, digits + 3);
}

enum { DI_CODE, DI_NAME_SV, DI_NAME_EN, DI_RETIRED, DI_ORGANISATIONS };
#define DISTRICT_SELECT                                                                                 \
	"SELECT d.code, d.name_sv, d.name_en, d.retired_at, COALESCE(n.n, 0) FROM district d "          \
	"LEFT JOIN (SELECT district_code, COUNT(*) AS n FROM organisation_district GROUP BY district_code) n " \
	"ON n.district_code = d.code "

static void district_read(struct arena *a, struct cursor *c, struct district *d)
{
	d->code = cursor_copy(a, c, DI_CODE);
	d->name_sv = cursor_copy(a, c, DI_NAME_SV);
	d->name_en = cursor_copy(a, c, DI_NAME_EN);
	d->retired = !cursor_is_null(c, DI_RETIRED);
	d->organisations = cursor_int(c, DI_ORGANISATIONS);
	d->postcodes = "";
	d->npostcodes = 0;
}

/* Fills each district's postcodes with one query for them all (a code = NULL: every district). */
static int attach_postcodes(struct store *st, struct arena *a, const char *code, struct district *ds, int n)
{
	struct buf *lists = arena_alloc(a, sizeof *lists * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		lists[i] = (struct buf)BUF_INIT;
	struct cursor *c = code ? store_query(st,
					      "SELECT district_code, postcode FROM district_postcode WHERE district_code = $1 "
					      "ORDER BY postcode",
					      ARGS(SV_T(code)))
				: store_query(st, "SELECT district_code, postcode FROM district_postcode ORDER BY district_code, postcode",
					      NOARGS);
	while (cursor_next(c)) {
		for (int i = 0; i < n; i++)
			if (strcmp(ds[i].code, cursor_text(c, 0)) == 0) {
				char w[7];
				postcode_written(cursor_text(c, 1), w);
				buf_printf(&lists[i], "%s%s", ds[i].npostcodes ? ", " : "", w);
				ds[i].npostcodes++;
				break;
			}
	}
	int rc = cursor_close(c);
	for (int i = 0; i < n; i++) {
		if (ds[i].npostcodes)
			ds[i].postcodes = arena_strdup(a, buf_str(&lists[i]));
		buf_free(&lists[i]);
	}
	return rc;
}

int district_list(struct store *st, struct arena *a, struct district *out, int max)
{
	struct cursor *c = store_query(st, DISTRICT_SELECT "ORDER BY d.sort, d.code", NOARGS);
	int n = 0;
	while (n < max && cursor_next(c))
		district_read(a, c, &out[n++]);
	if (cursor_close(c) != 0 || attach_postcodes(st, a, NULL, out, n) != 0)
		return -1;
	return n;
}

enum outcome district_load(struct store *st, struct arena *a, const char *code, struct district *out)
{
	struct cursor *c = store_query(st, DISTRICT_SELECT "WHERE d.code = $1", ARGS(SV_T(code ? code : "")));
	bool found = cursor_next(c);
	if (found)
		district_read(a, c, out);
	if (cursor_close(c) != 0 || (found && attach_postcodes(st, a, out->code, out, 1) != 0))
		return store_outcome(st);
	return found ? OUTCOME_OK : OUTCOME_NOT_FOUND;
}

int district_put(struct store *st, const char *code, const char *name_sv, const char *name_en)
{
	if (!code || !*code || !name_sv || !*name_sv)
		return -1;
	/* A new district goes last so the municipality's own order is kept; a known one is only
	 * renamed. "WHERE 1 = 1" keeps SQLite from reading ON CONFLICT as a join constraint. */
	return store_exec(st,
			  "INSERT INTO district (code, name_sv, name_en, sort) "
			  "SELECT $1, $2, $3, COALESCE(MAX(sort), 0) + 10 FROM district WHERE 1 = 1 "
			  "ON CONFLICT (code) DO UPDATE SET name_sv = excluded.name_sv, name_en = excluded.name_en",
			  ARGS(SV_T(code), SV_T(name_sv), SV_T(name_en && *name_en ? name_en : name_sv))) < 0
		       ? -1
		       : 0;
}

/* The postcodes of a text, normalised to five digits, each once: *n of them in out. False, with
 * the field's error naming the first that is not a postcode, otherwise. */
static bool postcodes_parse(struct arena *a, const char *text, char (*out)[6], int *n, struct field_errors *e)
{
	*n = 0;
	char *copy = arena_strdup(a, text ? text : "");
	for (char *save = NULL, *part = strtok_r(copy, ",;\n\r", &save); part; part = strtok_r(NULL, ",;\n\r", &save)) {
		while (*part == ' ' || *part == '\t')
			part++;
		if (!*part)
			continue;
		char pc[6];
		if (!postcode_normalise(part, pc)) {
			field_error(e, "postcodes",
				    arena_printf(a, _("\"%s\" is not a postcode: write five digits, like 178 92."), part));
			return false;
		}
		bool seen = false;
		for (int i = 0; i < *n; i++)
			seen |= strcmp(out[i], pc) == 0;
		if (seen)
			continue;
		if (*n == DISTRICT_POSTCODES_MAX) {
			field_error(e, "postcodes", _("A district can have at most 200 postcodes."));
			return false;
		}
		memcpy(out[(*n)++], pc, 6);
	}
	return true;
}

static enum outcome failed(struct store *st) { return store_finish(st, store_outcome(st)); }

enum outcome district_save(struct store *st, struct arena *a, const char *code, struct district_input *in,
			   long long account_id, char code_out[33], struct field_errors *e)
{
	bool creating = !code;
	field_text(e, a, "name_sv", &in->name_sv, false, DISTRICT_NAME_MAX, _("Write the district's name."), NULL);
	field_text(e, a, "name_en", &in->name_en, false, DISTRICT_NAME_MAX, NULL, NULL);
	/* The code to create: as typed, or made from the name (never written back into the form). */
	char made[UNIT_CODE_MAX + 1] = "";
	const char *new_code = "";
	if (creating && field_text(e, a, "code", &in->code, false, UNIT_CODE_MAX, NULL, NULL)) {
		if (*in->code && !unit_code_valid(in->code))
			field_error(e, "code",
				    _("Write the code with the letters a–z or A–Z, digits and '-' only, starting with a letter "
				      "or digit."));
		else if (*in->code)
			new_code = in->code;
		else if (!field_has_error(e, "name_sv"))
			unit_code_from_name(in->name_sv, made);
	}
	char (*pcs)[6] = arena_alloc(a, sizeof *pcs * DISTRICT_POSTCODES_MAX);
	int npcs = 0;
	postcodes_parse(a, in->postcodes, pcs, &npcs, e);
	if (e->n)
		return OUTCOME_INVALID;
	if (store_begin(st) != 0)
		return store_outcome(st);
	struct district old = {0};
	if (!creating) {
		enum outcome o = district_load(st, a, code, &old);
		if (o != OUTCOME_OK)
			return store_finish(st, o);
	} else {
		code = *new_code ? new_code : made;
		/* A name made of nothing but punctuation makes no code: numbered, like the rest. */
		if (!*code)
			code = "omrade";
		char *tried = arena_strdup(a, code);
		for (int i = 2;; i++) {
			long long taken = store_int(st, "SELECT COUNT(*) FROM district WHERE lower(code) = lower($1)",
						    ARGS(SV_T(tried)), -1);
			if (taken < 0)
				return failed(st);
			if (!taken)
				break;
			if (*new_code) { /* typed by the user: say so */
				field_error(e, "code", _("Another district already has this code; choose another."));
				return store_finish(st, OUTCOME_INVALID);
			}
			tried = arena_printf(a, "%.*s-%d", UNIT_CODE_MAX - 4, code, i);
		}
		code = tried;
	}
	/* A postcode places an address in one district only: one that is another's is named. */
	for (int i = 0; i < npcs; i++) {
		struct cursor *c = store_query(st,
					       "SELECT d.name_sv FROM district_postcode p JOIN district d ON d.code = p.district_code "
					       "WHERE p.postcode = $1 AND p.district_code <> $2",
					       ARGS(SV_T(pcs[i]), SV_T(code)));
		if (cursor_next(c)) {
			char w[7];
			postcode_written(pcs[i], w);
			field_error(e, "postcodes",
				    arena_printf(a, _("The postcode %s is already in the district %s; remove it there first."),
						 w, cursor_text(c, 0)));
		}
		if (cursor_close(c) != 0)
			return failed(st);
		if (e->n)
			return store_finish(st, OUTCOME_INVALID);
	}
	const char *name_en = *in->name_en ? in->name_en : in->name_sv;
	if (creating ? district_put(st, code, in->name_sv, name_en) != 0
		     : store_exec(st, "UPDATE district SET name_sv = $2, name_en = $3 WHERE code = $1",
				  ARGS(SV_T(code), SV_T(in->name_sv), SV_T(name_en))) < 0)
		return failed(st);
	if (store_exec(st, "DELETE FROM district_postcode WHERE district_code = $1", ARGS(SV_T(code))) < 0)
		return failed(st);
	json_t *list = json_array();
	for (int i = 0; i < npcs; i++) {
		if (store_exec(st, "INSERT INTO district_postcode (postcode, district_code) VALUES ($1, $2)",
			       ARGS(SV_T(pcs[i]), SV_T(code))) < 0) {
			json_decref(list);
			return failed(st);
		}
		json_array_append_new(list, json_string(pcs[i]));
	}
	/* The audit log's entity ids are numbers; a district is named by its code in the detail. */
	json_t *detail = json_pack("{s:s, s:s, s:s, s:o}", "code", code, "name_sv", in->name_sv, "name_en", name_en,
				   "postcodes", list);
	if (!creating && old.name_sv && strcmp(old.name_sv, in->name_sv) != 0)
		json_object_set_new(detail, "renamed_from", json_string(old.name_sv));
	if (audit_record_json(st, account_id, "district", 0, creating ? "create" : "update", detail) != 0)
		return failed(st);
	snprintf(code_out, 33, "%s", code);
	return store_finish(st, OUTCOME_OK);
}

enum outcome district_set_retired(struct store *st, const char *code, bool retired, long long account_id,
				  struct field_errors *e)
{
	char now[21];
	clock_iso(clock_now(), now);
	if (store_begin(st) != 0)
		return store_outcome(st);
	long long was = store_int(st, "SELECT CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END FROM district WHERE code = $1",
				  ARGS(SV_T(code ? code : "")), -2);
	if (was == -1)
		return failed(st);
	if (was == -2)
		return store_finish(st, OUTCOME_NOT_FOUND);
	if ((was == 1) == retired)
		return store_finish(st, OUTCOME_OK);
	long long rows = retired ? store_exec(st, "UPDATE district SET retired_at = $2 WHERE code = $1",
					      ARGS(SV_T(code), SV_T(now)))
				 : store_exec(st, "UPDATE district SET retired_at = NULL WHERE code = $1", ARGS(SV_T(code)));
	if (rows < 0 || audit_record_json(st, account_id, "district", 0, retired ? "retire" : "restore",
					  json_pack("{s:s}", "code", code)) != 0)
		return failed(st);
	return store_finish(st, OUTCOME_OK);
}
