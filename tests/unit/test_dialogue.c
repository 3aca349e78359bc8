/* test_dialogue: a dialogue's validation field by field, its states and the dates they set, who may
 * run it, and who sees a draft in the list. */
#include "domain/account.h"
#include "domain/dialogue.h"
#include "domain/participation.h"
#include "store/store.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "temp_store.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char dbpath[64];

struct fixture {
	struct store *st;
	long long dep1, dep2;
	struct account official1, official2, coordinator;
};

static long long department(struct store *st, const char *code)
{
	long long committee = store_int(st, "INSERT INTO committee (code, name) VALUES ($1, $1) RETURNING id",
					ARGS(SV_T(code)), 0);
	return store_int(st, "INSERT INTO department (code, name, committee_id) VALUES ($1, $1, $2) RETURNING id",
			 ARGS(SV_T(code), SV_I(committee)), 0);
}

static void person(struct store *st, const char *email, enum role role, long long dep, struct account *out)
{
	char err[200];
	long long id = account_create(st, email, email, "ett-langt-losenord", role, dep, err, sizeof err);
	assert_true(id > 0);
	assert_true(account_load(st, id, out));
}

static int setup(void **state)
{
	if (sodium_init() < 0)
		return -1;
	static struct fixture f;
	memset(&f, 0, sizeof f);
	f.st = temp_store_open("dialogue", dbpath);
	if (!f.st)
		return -1;
	f.dep1 = department(f.st, "kultur");
	f.dep2 = department(f.st, "skola");
	person(f.st, "tove@exempel.se", ROLE_OFFICIAL, f.dep1, &f.official1);
	person(f.st, "olle@exempel.se", ROLE_OFFICIAL, f.dep2, &f.official2);
	person(f.st, "sam@exempel.se", ROLE_COORDINATOR, 0, &f.coordinator);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	temp_store_close(f->st, dbpath);
	return 0;
}

/* A dialogue that passes every rule, for the official of dep1. */
static void valid(struct fixture *f, struct dialogue *d)
{
	memset(d, 0, sizeof *d);
	d->title = "Mötesplatser för unga";
	d->question = "Var vill unga träffas?";
	d->department_id = f->dep1;
	d->contact_account_id = f->official1.id;
	d->opens_on = "2026-05-04";
	d->closes_on = "2026-06-01";
	d->decision_on = "2026-09-01";
	d->skr_level = "dialog";
	d->coe_level = "dialogue";
	d->decision_stage = "drafting";
	d->principles[0] = "P2";
	d->principles[1] = "P2";
	d->nprinciples = 2;
}

static const char *error_for(const struct field_errors *e, const char *field) { return field_error_for(e, field); }

static void a_valid_dialogue_passes_and_repeated_principles_are_kept_once(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct dialogue d;
	valid(f, &d);
	d.title = "  Mötesplatser för unga  ";
	struct field_errors e = {0};
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 0);
	assert_string_equal(d.title, "Mötesplatser för unga");
	assert_int_equal(d.nprinciples, 1);
	arena_free(&a);
}

static void each_field_gets_its_own_error(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct dialogue d;
	memset(&d, 0, sizeof d);
	d.title = "   ";
	d.question = "";
	d.skr_level = "toppen";
	d.coe_level = "";
	d.decision_stage = "later";
	d.principles[0] = "P10";
	d.nprinciples = 1;
	struct field_errors e = {0};
	assert_true(dialogue_validate(f->st, &a, &d, &f->official1, &e) >= 7);
	assert_non_null(error_for(&e, "title"));
	assert_non_null(error_for(&e, "question"));
	assert_non_null(error_for(&e, "department_id"));
	assert_non_null(error_for(&e, "skr_level"));
	assert_non_null(error_for(&e, "coe_level"));
	assert_non_null(error_for(&e, "decision_stage"));
	assert_non_null(error_for(&e, "principles"));
	assert_null(error_for(&e, "opens_on"));
	arena_free(&a);
}

static void the_title_counts_characters_not_bytes(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	char title[2 * 201 + 1] = "";
	for (int i = 0; i < 200; i++)
		strcat(title, "å"); /* 200 characters, 400 bytes */
	struct dialogue d;
	valid(f, &d);
	d.title = title;
	struct field_errors e = {0};
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 0);
	strcat(title, "å");
	valid(f, &d);
	d.title = title;
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 1);
	assert_non_null(error_for(&e, "title"));
	valid(f, &d);
	d.title = "Två\nrader";
	e.n = 0;
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 1);
	arena_free(&a);
}

/* The text contract holds in the domain, whatever the entry point: control characters are
 * refused field by field and Unicode spaces trimmed. */
static void every_text_is_checked_and_trimmed_in_the_domain(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct dialogue d;
	valid(f, &d);
	d.title = "\u00a0Mötesplatser\u00a0";
	d.background = "En rad\nen till\n";
	struct field_errors e = {0};
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 0);
	assert_string_equal(d.title, "Mötesplatser");
	assert_string_equal(d.background, "En rad\nen till");
	valid(f, &d);
	d.title = "Möte\xc2\x85" "splatser";
	d.question = "Var\xc2\x9b" "?";
	d.cannot_influence = "Var\ufffd?"; /* what the request parser makes of a NUL */
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 3);
	assert_non_null(error_for(&e, "title"));
	assert_non_null(error_for(&e, "question"));
	assert_non_null(error_for(&e, "cannot_influence"));
	struct dialogue_report rep = {.heard = "Vi\xc2\x85", .decision = "", .minutes_ref = "\u00a0KS § 4\u00a0", .link = "",
				      .used = ""};
	e.n = 0;
	assert_int_equal(dialogue_report_validate(&a, &rep, false, &e), 1);
	assert_non_null(error_for(&e, "report_heard"));
	assert_string_equal(rep.minutes_ref, "KS § 4");
	arena_free(&a);
}

static void dates_must_be_real_and_in_order(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct dialogue d;
	struct field_errors e = {0};
	valid(f, &d);
	d.opens_on = "2026-02-30";
	d.closes_on = "1 juni";
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 2);
	assert_non_null(error_for(&e, "opens_on"));
	assert_non_null(error_for(&e, "closes_on"));

	valid(f, &d);
	d.closes_on = "2026-05-03"; /* before it opens */
	e.n = 0;
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 1);
	assert_non_null(error_for(&e, "closes_on"));

	valid(f, &d);
	d.decision_on = "2026-05-31"; /* before it closes */
	e.n = 0;
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 1);
	assert_non_null(error_for(&e, "decision_on"));

	valid(f, &d);
	d.closes_on = "";
	d.decision_on = "2026-05-01"; /* no closing date: before it opens */
	e.n = 0;
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 1);
	assert_non_null(error_for(&e, "decision_on"));

	valid(f, &d);
	d.opens_on = d.closes_on = d.decision_on = ""; /* dates may wait */
	e.n = 0;
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 0);
	valid(f, &d);
	d.opens_on = d.closes_on = d.decision_on = "2026-05-04"; /* one day is fine */
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 0);
	arena_free(&a);
}

static void an_official_runs_only_their_own_department(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct dialogue d;
	struct field_errors e = {0};
	valid(f, &d);
	d.department_id = f->dep2;
	d.contact_account_id = f->official2.id;
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 1);
	assert_non_null(error_for(&e, "department_id"));
	/* The coordinator may, for any department. */
	valid(f, &d);
	d.department_id = f->dep2;
	d.contact_account_id = f->official2.id;
	e.n = 0;
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->coordinator, &e), 0);
	/* The contact must be an official of the dialogue's department. */
	valid(f, &d);
	d.contact_account_id = f->official2.id;
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->official1, &e), 1);
	assert_non_null(error_for(&e, "contact_account_id"));
	valid(f, &d);
	d.department_id = 999999;
	e.n = 0;
	assert_int_equal(dialogue_validate(f->st, &a, &d, &f->coordinator, &e), 1);
	assert_non_null(error_for(&e, "department_id"));
	arena_free(&a);
}

static long long saved_dialogue(struct fixture *f, struct arena *a, const char *opens, const char *closes)
{
	struct dialogue d;
	valid(f, &d);
	d.opens_on = opens;
	d.closes_on = closes;
	d.decision_on = "";
	struct field_errors e = {0};
	long long id = 0;
	assert_int_equal(dialogue_save(f->st, a, &d, &f->official1, &e, &id), OUTCOME_OK);
	assert_true(id > 0);
	return id;
}

static void column(struct fixture *f, long long id, const char *name, char *out, size_t outsz)
{
	char sql[100];
	snprintf(sql, sizeof sql, "SELECT COALESCE(%s, '') FROM dialogue WHERE id = $1", name);
	char *s = store_text(f->st, sql, ARGS(SV_I(id)));
	snprintf(out, outsz, "%s", s ? s : "?");
	free(s);
}

static void states_move_only_along_the_allowed_paths(void **state)
{
	(void)state;
	assert_true(dialogue_may_move(DIALOGUE_DRAFT, DIALOGUE_PLANNED));
	assert_true(dialogue_may_move(DIALOGUE_DRAFT, DIALOGUE_OPEN));
	assert_true(dialogue_may_move(DIALOGUE_PLANNED, DIALOGUE_OPEN));
	assert_true(dialogue_may_move(DIALOGUE_OPEN, DIALOGUE_CLOSED));
	assert_true(dialogue_may_move(DIALOGUE_CLOSED, DIALOGUE_OPEN));
	assert_false(dialogue_may_move(DIALOGUE_PLANNED, DIALOGUE_CLOSED));
	assert_false(dialogue_may_move(DIALOGUE_OPEN, DIALOGUE_PLANNED));
	assert_false(dialogue_may_move(DIALOGUE_CLOSED, DIALOGUE_REPORTED));
	assert_false(dialogue_may_move(DIALOGUE_OPEN, DIALOGUE_DRAFT));
	assert_false(dialogue_may_move(DIALOGUE_REPORTED, DIALOGUE_OPEN));
	/* The codes as stored, both ways. */
	for (int i = 0; i < DIALOGUE_STATES; i++) {
		enum dialogue_state s;
		assert_true(dialogue_state_from_code(dialogue_state_code((enum dialogue_state)i), &s));
		assert_int_equal(s, i);
	}
	enum dialogue_state s;
	assert_string_equal(dialogue_state_code(DIALOGUE_REPORTED), "reported");
	assert_false(dialogue_state_from_code("Open", &s));
	assert_false(dialogue_state_from_code(NULL, &s));
}

static void opening_and_closing_set_the_dates(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	long long id = saved_dialogue(f, &a, "", "2026-06-30");
	char v[32];
	column(f, id, "state", v, sizeof v);
	assert_string_equal(v, "draft");
	assert_int_equal(dialogue_set_state(f->st, id, DIALOGUE_CLOSED, &f->official1, "2026-05-10", false, NULL), OUTCOME_CONFLICT);
	assert_int_equal(dialogue_set_state(f->st, id, DIALOGUE_REPORTED, &f->official1, "2026-05-10", false, NULL), OUTCOME_CONFLICT);
	assert_int_equal(dialogue_set_state(f->st, id, DIALOGUE_PLANNED, &f->official1, "2026-05-10", false, NULL), OUTCOME_OK);
	/* Another department's official: not theirs to move. */
	assert_int_equal(dialogue_set_state(f->st, id, DIALOGUE_OPEN, &f->official2, "2026-05-10", false, NULL), OUTCOME_FORBIDDEN);
	assert_int_equal(dialogue_set_state(f->st, id, DIALOGUE_OPEN, &f->official1, "2026-05-10", false, NULL), OUTCOME_OK);
	column(f, id, "opens_on", v, sizeof v);
	assert_string_equal(v, "2026-05-10"); /* empty: today */
	column(f, id, "closes_on", v, sizeof v);
	assert_string_equal(v, "2026-06-30");
	/* Closed early: the closing date becomes today. */
	assert_int_equal(dialogue_set_state(f->st, id, DIALOGUE_CLOSED, &f->official1, "2026-05-20", false, NULL), OUTCOME_OK);
	column(f, id, "closes_on", v, sizeof v);
	assert_string_equal(v, "2026-05-20");
	/* Reopened later: the passed closing date no longer holds. */
	assert_int_equal(dialogue_set_state(f->st, id, DIALOGUE_OPEN, &f->coordinator, "2026-05-25", false, NULL), OUTCOME_OK);
	column(f, id, "closes_on", v, sizeof v);
	assert_string_equal(v, "");
	column(f, id, "opens_on", v, sizeof v);
	assert_string_equal(v, "2026-05-10");
	/* Every move is in the audit log. */
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM audit_log WHERE entity = 'dialogue' AND entity_id = $1 "
					  "AND action = 'state'",
				   ARGS(SV_I(id)), -1),
			 4);
	arena_free(&a);
}

static void opening_after_the_closing_date_is_refused_and_a_future_opening_moves_to_today(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	long long id = saved_dialogue(f, &a, "2026-05-01", "2026-05-15");
	struct field_errors e = {0};
	assert_int_equal(dialogue_set_state(f->st, id, DIALOGUE_OPEN, &f->official1, "2026-05-16", false, &e), OUTCOME_CONFLICT);
	/* Why, as a message about the whole request, as the page shows it. */
	assert_non_null(strstr(field_error_for(&e, NULL), "last day to take part has already passed"));
	char v[32];
	column(f, id, "state", v, sizeof v);
	assert_string_equal(v, "draft");
	long long later = saved_dialogue(f, &a, "2026-06-01", "2026-06-30");
	assert_int_equal(dialogue_set_state(f->st, later, DIALOGUE_OPEN, &f->official1, "2026-05-16", false, NULL), OUTCOME_OK);
	column(f, later, "opens_on", v, sizeof v);
	assert_string_equal(v, "2026-05-16");
	/* A draft is not found for someone who may not see it. */
	assert_int_equal(dialogue_set_state(f->st, id, DIALOGUE_PLANNED, &f->official2, "2026-05-16", false, NULL), OUTCOME_NOT_FOUND);
	arena_free(&a);
}

static bool listed(struct fixture *f, struct arena *a, const struct account *viewer, long long id)
{
	struct dialogue_filter flt = {.viewer = viewer, .page = 1, .per_page = 100};
	struct dialogue_page p;
	assert_int_equal(dialogue_list(f->st, a, &flt, &p), 0);
	for (int i = 0; i < p.n; i++)
		if (p.items[i].id == id)
			return true;
	return false;
}

static void a_draft_is_listed_only_for_those_who_run_it(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	long long id = saved_dialogue(f, &a, "", "");
	assert_true(listed(f, &a, &f->official1, id));
	assert_true(listed(f, &a, &f->coordinator, id));
	assert_false(listed(f, &a, &f->official2, id));
	assert_false(listed(f, &a, NULL, id));
	assert_int_equal(dialogue_set_state(f->st, id, DIALOGUE_PLANNED, &f->official1, "2026-05-16", false, NULL), OUTCOME_OK);
	assert_true(listed(f, &a, NULL, id));
	assert_true(listed(f, &a, &f->official2, id));
	arena_free(&a);
}

static void an_update_by_another_department_is_refused(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	long long id = saved_dialogue(f, &a, "", "");
	struct dialogue d;
	valid(f, &d);
	d.id = id;
	d.department_id = f->dep2;
	d.contact_account_id = 0;
	struct field_errors e = {0};
	long long saved = 0;
	assert_int_equal(dialogue_save(f->st, &a, &d, &f->official2, &e, &saved), OUTCOME_FORBIDDEN);
	/* The coordinator may move it to another department; the audit row names what changed. */
	assert_int_equal(dialogue_save(f->st, &a, &d, &f->coordinator, &e, &saved), OUTCOME_OK);
	char *detail = store_text(f->st,
				  "SELECT detail FROM audit_log WHERE entity = 'dialogue' AND entity_id = $1 AND action = 'update'",
				  ARGS(SV_I(id)));
	assert_non_null(detail);
	assert_non_null(strstr(detail, "department_id"));
	assert_non_null(strstr(detail, "contact_account_id"));
	assert_null(strstr(detail, "\"title\""));
	free(detail);
	arena_free(&a);
}

static void the_report_needs_its_texts_and_a_web_link(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct dialogue_report rep = {.heard = "", .decision = "  ", .minutes_ref = "", .link = "javascript:alert(1)",
				      .used = ""};
	struct field_errors e = {0};
	/* Saving a draft of the report: only the link is wrong. */
	assert_int_equal(dialogue_report_validate(&a, &rep, false, &e), 1);
	assert_non_null(error_for(&e, "report_link"));
	e.n = 0;
	assert_int_equal(dialogue_report_validate(&a, &rep, true, &e), 4);
	assert_non_null(error_for(&e, "report_heard"));
	assert_non_null(error_for(&e, "report_decision"));
	assert_non_null(error_for(&e, "report_used"));
	struct dialogue_report ok = {.heard = "Vi hörde", .decision = "KS beslutade", .minutes_ref = "KS § 4",
				     .link = " https://example.org/protokoll ", .used = "Så här"};
	e.n = 0;
	assert_int_equal(dialogue_report_validate(&a, &ok, true, &e), 0);
	assert_string_equal(ok.link, "https://example.org/protokoll");
	ok.link = "https://";
	assert_int_equal(dialogue_report_validate(&a, &ok, true, &e), 1);
	arena_free(&a);
}

static void the_vocabularies_match_the_schema(void **state)
{
	(void)state;
	const struct participation_term *t;
	assert_int_equal(participation_terms(PART_SKR_LEVEL, &t), 5);
	assert_string_equal(t[4].code, "medbestammande");
	assert_int_equal(participation_terms(PART_COE_LEVEL, &t), 4);
	assert_int_equal(participation_terms(PART_DECISION_STAGE, &t), 6);
	assert_string_equal(t[0].code, "agenda");
	assert_int_equal(participation_terms(PART_PRINCIPLE, &t), 9);
	assert_true(participation_valid(PART_PRINCIPLE, "P9"));
	assert_false(participation_valid(PART_PRINCIPLE, "P0"));
	assert_int_equal(participation_index(PART_SKR_LEVEL, "dialog"), 2);
	assert_string_equal(participation_label(PART_COE_LEVEL, "nonsense"), "nonsense");
	assert_string_equal(participation_hint(PART_COE_LEVEL, "nonsense"), "");
	assert_true(strlen(participation_hint(PART_DECISION_STAGE, "monitoring")) > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_valid_dialogue_passes_and_repeated_principles_are_kept_once),
		cmocka_unit_test(each_field_gets_its_own_error),
		cmocka_unit_test(the_title_counts_characters_not_bytes),
		cmocka_unit_test(every_text_is_checked_and_trimmed_in_the_domain),
		cmocka_unit_test(dates_must_be_real_and_in_order),
		cmocka_unit_test(an_official_runs_only_their_own_department),
		cmocka_unit_test(states_move_only_along_the_allowed_paths),
		cmocka_unit_test(opening_and_closing_set_the_dates),
		cmocka_unit_test(opening_after_the_closing_date_is_refused_and_a_future_opening_moves_to_today),
		cmocka_unit_test(a_draft_is_listed_only_for_those_who_run_it),
		cmocka_unit_test(an_update_by_another_department_is_refused),
		cmocka_unit_test(the_report_needs_its_texts_and_a_web_link),
		cmocka_unit_test(the_vocabularies_match_the_schema),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
