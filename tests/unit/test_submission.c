/* test_submission: the field rules of a view or proposal (limits in characters, not bytes), who may
 * see one, and on a real database its arrival (due dates across Easter), the refusals, the
 * handling moves and the working days to its answer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "domain/account.h"
#include "domain/submission.h"
#include "store/store.h"
#include "domain/taxonomy.h"
#include "temp_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Field rules ----------------------------------------------------------------------------- */

/* The number of fields with a problem; errs says which. */
static int check(struct arena *a, const char *kind, const char *title, const char *body, struct field_errors *errs)
{
	struct submission_input in = {.kind = kind, .title = title, .body = body};
	memset(errs, 0, sizeof *errs);
	bool ok = submission_check_text(a, &in, errs);
	assert_true(ok == (errs->n == 0));
	return errs->n;
}

static char *repeat(struct arena *a, const char *unit, int n)
{
	size_t len = strlen(unit);
	char *s = arena_alloc(a, len * (size_t)n + 1);
	for (int i = 0; i < n; i++)
		memcpy(s + len * (size_t)i, unit, len);
	return s;
}

static void a_good_submission_passes_and_is_trimmed(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct submission_input in = {.kind = "proposal", .title = "  Belysning i spåret \t", .body = "\nText\nmed rader\n  "};
	struct field_errors errs = {0};
	assert_true(submission_check_text(&a, &in, &errs));
	assert_int_equal(errs.n, 0);
	assert_string_equal(in.title, "Belysning i spåret");
	assert_string_equal(in.body, "Text\nmed rader");
	/* No-break spaces around the title go too, and "O" with a combining diaeresis becomes "Ö". */
	in.title = "\xC2\xA0Oppet hus p\xC3\xA5 O\xCC\x88stra\xC2\xA0";
	assert_true(submission_check_text(&a, &in, &errs));
	assert_string_equal(in.title, "Oppet hus på Östra");
	arena_free(&a);
}

static void each_field_says_what_is_wrong(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct field_errors errs = {0};
	assert_int_equal(check(&a, "complaint", " ", "", &errs), 3);
	assert_string_equal(errs.items[0].field, "kind");
	assert_string_equal(errs.items[1].field, "title");
	assert_string_equal(errs.items[1].message, "Give your view or proposal a title.");
	assert_string_equal(errs.items[2].field, "body");
	assert_int_equal(check(&a, NULL, "T", "B", &errs), 1);
	assert_string_equal(errs.items[0].field, "kind");
	/* A title is one line; a text may have lines but no other control characters. */
	assert_int_equal(check(&a, "view", "Två\nrader", "B", &errs), 1);
	assert_string_equal(errs.items[0].field, "title");
	assert_string_equal(errs.items[0].message, "The title must be one line of ordinary text.");
	assert_int_equal(check(&a, "view", "T", "Klocka \a", &errs), 1);
	assert_string_equal(errs.items[0].field, "body");
	assert_string_equal(errs.items[0].message, "The text contains characters that cannot be saved.");
	/* Bytes that are not UTF-8. */
	assert_int_equal(check(&a, "view", "T\xC3(", "B", &errs), 1);
	assert_string_equal(errs.items[0].field, "title");
	/* C1 controls (U+0085 next line, U+009B CSI) and U+FFFD, which stands for a NUL that was sent. */
	assert_int_equal(check(&a, "view", "T\xC2\x85", "B", &errs), 1);
	assert_string_equal(errs.items[0].field, "title");
	assert_int_equal(check(&a, "view", "T", "B\xC2\x9B" "31m", &errs), 1);
	assert_string_equal(errs.items[0].field, "body");
	assert_int_equal(check(&a, "view", "T\xEF\xBF\xBD", "B\xEF\xBF\xBD", &errs), 2);
	arena_free(&a);
}

static void limits_count_characters_not_bytes(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	struct field_errors errs = {0};
	/* "å" is two bytes: 200 of them are 400 bytes and still a valid title. */
	assert_int_equal(check(&a, "view", repeat(&a, "å", SUBMISSION_TITLE_MAX), "B", &errs), 0);
	assert_int_equal(check(&a, "view", repeat(&a, "å", SUBMISSION_TITLE_MAX + 1), "B", &errs), 1);
	assert_string_equal(errs.items[0].field, "title");
	assert_string_equal(errs.items[0].message, "The title can be at most 200 characters long.");
	assert_int_equal(check(&a, "view", "T", repeat(&a, "ö", SUBMISSION_BODY_MAX), &errs), 0);
	assert_int_equal(check(&a, "view", "T", repeat(&a, "x", SUBMISSION_BODY_MAX + 1), &errs), 1);
	assert_string_equal(errs.items[0].field, "body");
	assert_int_equal(check(&a, "view", "T", "\xC0\x80", &errs), 1); /* an overlong NUL */
	arena_free(&a);
}

static void kinds_and_statuses(void **state)
{
	(void)state;
	assert_true(submission_kind_valid("view") && submission_kind_valid("proposal"));
	assert_false(submission_kind_valid("View") || submission_kind_valid("") || submission_kind_valid(NULL));
	const char *ok[] = {"received", "acknowledged", "in_progress", "answered", "closed"};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		enum submission_status st = submission_status_from_code(ok[i]);
		assert_int_equal(st, SUBMISSION_RECEIVED + (int)i);
		assert_string_equal(submission_status_code(st), ok[i]);
	}
	assert_int_equal(submission_status_from_code("hidden"), SUBMISSION_STATUS_NONE);
	assert_int_equal(submission_status_from_code(""), SUBMISSION_STATUS_NONE);
	assert_int_equal(submission_status_from_code(NULL), SUBMISSION_STATUS_NONE);
	assert_string_equal(submission_status_code(SUBMISSION_STATUS_NONE), "");
	assert_string_equal(submission_status_label(SUBMISSION_IN_PROGRESS), "In progress");
	/* The moves a handler may make by hand. */
	assert_true(submission_status_move_allowed(SUBMISSION_RECEIVED, SUBMISSION_ACKNOWLEDGED));
	assert_false(submission_status_move_allowed(SUBMISSION_ACKNOWLEDGED, SUBMISSION_ACKNOWLEDGED));
	assert_true(submission_status_move_allowed(SUBMISSION_ACKNOWLEDGED, SUBMISSION_IN_PROGRESS));
	assert_false(submission_status_move_allowed(SUBMISSION_ANSWERED, SUBMISSION_IN_PROGRESS));
	assert_true(submission_status_move_allowed(SUBMISSION_ANSWERED, SUBMISSION_CLOSED));
	assert_false(submission_status_move_allowed(SUBMISSION_CLOSED, SUBMISSION_CLOSED));
	assert_false(submission_status_move_allowed(SUBMISSION_RECEIVED, SUBMISSION_ANSWERED));
}

/* ---- Who may see it ------------------------------------------------------------------------------ */

static void public_means_consent_not_hidden_not_in_a_draft(void **state)
{
	(void)state;
	struct submission s = {.id = 1, .department_id = 2, .account_id = 10, .publish_consent = true};
	assert_true(submission_is_public(&s));
	s.dialogue_id = 5;
	assert_true(submission_is_public(&s));
	s.dialogue_draft = true;
	assert_false(submission_is_public(&s));
	s.dialogue_draft = false;
	s.hidden_at = "2026-04-02T10:00:00Z";
	assert_false(submission_is_public(&s));
	s.hidden_at = NULL;
	s.publish_consent = false;
	assert_false(submission_is_public(&s));
}

static void who_sees_an_unpublished_one(void **state)
{
	(void)state;
	struct submission s = {.id = 1, .department_id = 2, .account_id = 10, .organisation_id = 7, .publish_consent = false};
	struct account author = {.id = 10, .role = ROLE_REPRESENTATIVE};
	struct account fellow = {.id = 11, .role = ROLE_REPRESENTATIVE};
	struct account stranger = {.id = 12, .role = ROLE_PERSON};
	struct account own_official = {.id = 13, .role = ROLE_OFFICIAL, .department_id = 2};
	struct account other_official = {.id = 14, .role = ROLE_OFFICIAL, .department_id = 3};
	struct account coordinator = {.id = 15, .role = ROLE_COORDINATOR};
	assert_false(submission_visible(&s, NULL, false));
	assert_true(submission_visible(&s, &author, false));
	assert_true(submission_visible(&s, &fellow, true));
	assert_false(submission_visible(&s, &fellow, false));
	assert_false(submission_visible(&s, &stranger, false));
	assert_true(submission_visible(&s, &own_official, false));
	assert_false(submission_visible(&s, &other_official, false));
	assert_true(submission_visible(&s, &coordinator, false));
	/* A private person's: representing some organisation does not open it. */
	s.organisation_id = 0;
	assert_false(submission_visible(&s, &fellow, true));
	/* Published: everyone. */
	s.publish_consent = true;
	assert_true(submission_visible(&s, NULL, false));
	assert_true(submission_visible(&s, &other_official, false));
}

/* ---- On a database ----------------------------------------------------------------------------------- */

struct fixture {
	char path[64];
	struct store *st;
	struct account author, official, other_official, coordinator;
	long long dialogue, planned;
};

static long long insert_account(struct store *st, const char *email, const char *role, long long department)
{
	return store_int(st,
			 "INSERT INTO account (email, name, password_hash, role, department_id, lang, created_at) "
			 "VALUES ($1, $1, 'x', $2, $3, 'en', '2026-01-01T00:00:00Z') RETURNING id",
			 ARGS(SV_T(email), SV_T(role), department ? SV_I(department) : SV_NULLV), 0);
}

static long long insert_dialogue(struct store *st, const char *state)
{
	return store_int(st,
			 "INSERT INTO dialogue (title, question, department_id, skr_level, coe_level, decision_stage, state, "
			 "created_at, updated_at) VALUES ('Dialog', 'Fråga?', 1, 'dialog', 'consultation', 'drafting', $1, "
			 "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id",
			 ARGS(SV_T(state)), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	f->st = temp_store_open("submission", f->path);
	if (!f->st || taxonomy_seed(f->st) != 0)
		return -1;
	struct store *st = f->st;
	if (store_exec(st, "INSERT INTO department (code, name) VALUES ('kultur', 'Kulturförvaltningen'), "
			   "('social', 'Socialförvaltningen')", NOARGS) != 2 ||
	    store_exec(st, "INSERT INTO organisation (name, sort_key, legal_form, created_at, updated_at) VALUES "
			   "('Föreningen', 'foreningen', 'ideell_forening', '2026-01-01', '2026-01-01'), "
			   "('Andra', 'andra', 'ideell_forening', '2026-01-01', '2026-01-01')", NOARGS) != 2)
		return -1;
	f->author = (struct account){.id = insert_account(st, "a@exempel.se", "representative", 0), .role = ROLE_REPRESENTATIVE};
	f->official = (struct account){.id = insert_account(st, "o@exempel.se", "official", 1), .role = ROLE_OFFICIAL,
				       .department_id = 1};
	f->other_official = (struct account){.id = insert_account(st, "p@exempel.se", "official", 2),
					     .role = ROLE_OFFICIAL, .department_id = 2};
	f->coordinator = (struct account){.id = insert_account(st, "c@exempel.se", "coordinator", 0), .role = ROLE_COORDINATOR};
	if (account_add_representative(st, f->author.id, 1) != 0)
		return -1;
	f->dialogue = insert_dialogue(st, "open");
	f->planned = insert_dialogue(st, "planned");
	/* Maundy Thursday 2026, 11:30 in Stockholm: Good Friday, Easter and Easter Monday follow. */
	setenv("SAMVERKAN_NOW", "2026-04-02T09:30:00Z", 1);
	*state = f;
	return f->dialogue > 0 && f->planned > 0 ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unsetenv("SAMVERKAN_NOW");
	temp_store_close(f->st, f->path);
	free(f);
	return 0;
}

/* The new id, or 0 with the problems in errs. */
static long long create(struct fixture *f, long long dialogue, long long department, long long organisation,
			bool publish, struct field_errors *errs)
{
	struct submission_input in = {.dialogue_id = dialogue, .department_id = department, .organisation_id = organisation,
				      .kind = "view", .title = "Titel", .body = "Text", .publish_consent = publish};
	memset(errs, 0, sizeof *errs);
	long long id = -1;
	enum outcome o = submission_create(f->st, &f->author, &in, &id, errs);
	assert_true(o == OUTCOME_OK ? id > 0 : o == OUTCOME_INVALID && id == 0 && errs->n > 0);
	return id;
}

static void arrival_fixes_the_due_dates_over_easter(void **state)
{
	struct fixture *f = *state;
	struct field_errors errs = {0};
	long long id = create(f, f->dialogue, 2, 1, true, &errs);
	assert_true(id > 0);
	assert_int_equal(errs.n, 0);
	struct arena a = ARENA_INIT;
	struct submission s;
	assert_int_equal(submission_load(f->st, &a, id, &s), OUTCOME_OK);
	assert_int_equal(submission_load(f->st, &a, id + 1000, &s), OUTCOME_NOT_FOUND);
	assert_int_equal(submission_load(f->st, &a, id, &s), OUTCOME_OK);
	assert_int_equal(s.department_id, 1); /* the dialogue's, not the one in the input */
	assert_int_equal(s.organisation_id, 1);
	assert_int_equal(s.status, SUBMISSION_RECEIVED);
	assert_string_equal(s.received_on, "2026-04-02");
	/* 3 Apr Good Friday, 4–5 weekend, 6 Easter Monday: the fifth working day is 13 April. */
	assert_string_equal(s.acknowledge_due, "2026-04-13");
	/* … and the twentieth, with första maj (a Friday) skipped too, is 5 May. */
	assert_string_equal(s.answer_due, "2026-05-05");
	assert_string_equal(s.organisation_name, "Föreningen");
	struct submission_event ev[4];
	assert_int_equal(submission_events(f->st, &a, id, ev, 4), 1);
	assert_int_equal(ev[0].status, SUBMISSION_RECEIVED);
	assert_int_equal(ev[0].account_id, f->author.id);
	arena_free(&a);
}

static void refusals_name_their_field(void **state)
{
	struct fixture *f = *state;
	struct field_errors errs = {0};
	assert_int_equal(create(f, f->planned, 0, 0, true, &errs), 0);
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.items[0].field, "dialogue_id");
	assert_int_equal(create(f, 999, 0, 0, true, &errs), 0);
	assert_string_equal(errs.items[0].field, "dialogue_id");
	assert_int_equal(create(f, 0, 0, 0, true, &errs), 0);
	assert_string_equal(errs.items[0].field, "department_id");
	assert_int_equal(create(f, 0, 99, 0, true, &errs), 0);
	assert_string_equal(errs.items[0].field, "department_id");
	assert_int_equal(create(f, 0, 2, 2, true, &errs), 0); /* does not represent organisation 2 */
	assert_int_equal(errs.n, 1);
	assert_string_equal(errs.items[0].field, "on_behalf");
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM submission WHERE dialogue_id IS NULL", NOARGS, -1), 0);
	/* On its own to a department that exists, as a private person. */
	long long id = create(f, 0, 2, 0, false, &errs);
	assert_true(id > 0);
	assert_int_equal(store_int(f->st, "SELECT department_id FROM submission WHERE id = $1", ARGS(SV_I(id)), 0), 2);
	/* Unpublished: its author and its department's officials may read it; the public and another
	 * department's officials find nothing, as if it were not there. */
	struct arena a = ARENA_INIT;
	struct submission s;
	assert_int_equal(submission_load_for(f->st, &a, &f->author, id, &s), OUTCOME_OK);
	assert_int_equal(submission_load_for(f->st, &a, &f->other_official, id, &s), OUTCOME_OK);
	assert_int_equal(submission_load_for(f->st, &a, &f->official, id, &s), OUTCOME_NOT_FOUND);
	assert_int_equal(submission_load_for(f->st, &a, NULL, id, &s), OUTCOME_NOT_FOUND);
	assert_int_equal(submission_load_for(f->st, &a, &f->author, id + 1000, &s), OUTCOME_NOT_FOUND);
	arena_free(&a);
}

static void handling_moves_and_the_days_to_the_answer(void **state)
{
	struct fixture *f = *state;
	struct field_errors errs = {0};
	long long id = create(f, f->dialogue, 0, 1, true, &errs);
	assert_true(id > 0);
	bool edited = true;
	/* Only the department's handlers. */
	assert_int_equal(submission_set_status(f->st, &f->other_official, id, SUBMISSION_ACKNOWLEDGED, "", &errs),
			 OUTCOME_FORBIDDEN);
	assert_int_equal(submission_answer(f->st, &f->author, id, "Svar", &edited, &errs), OUTCOME_FORBIDDEN);
	memset(&errs, 0, sizeof errs);
	assert_int_equal(submission_set_status(f->st, &f->official, id, SUBMISSION_ANSWERED, "", &errs), OUTCOME_INVALID);
	assert_string_equal(errs.items[0].field, "status");
	memset(&errs, 0, sizeof errs);
	assert_int_equal(submission_set_status(f->st, &f->official, id, SUBMISSION_CLOSED, "  ", &errs), OUTCOME_INVALID);
	assert_string_equal(errs.items[0].field, "note");
	memset(&errs, 0, sizeof errs);
	assert_int_equal(submission_set_status(f->st, &f->official, id, SUBMISSION_CLOSED, "Nej\xC2\x85", &errs),
			 OUTCOME_INVALID);
	assert_string_equal(errs.items[0].field, "note");
	memset(&errs, 0, sizeof errs);
	assert_int_equal(submission_set_status(f->st, &f->official, id, SUBMISSION_ACKNOWLEDGED, NULL, &errs), OUTCOME_OK);
	assert_int_equal(submission_set_status(f->st, &f->official, id, SUBMISSION_ACKNOWLEDGED, NULL, &errs),
			 OUTCOME_CONFLICT);
	assert_null(errs.items[0].field); /* a conflict says why without a field */
	assert_non_null(field_error_for(&errs, NULL));
	/* A handler must belong to the department (or be a coordinator). */
	memset(&errs, 0, sizeof errs);
	assert_int_equal(submission_set_case(f->st, &f->official, id, "KS 2026/1", f->other_official.id, &errs),
			 OUTCOME_INVALID);
	assert_string_equal(errs.items[0].field, "handler");
	memset(&errs, 0, sizeof errs);
	assert_int_equal(submission_set_case(f->st, &f->official, id, "KS\xC2\x9B 1", 0, &errs), OUTCOME_INVALID);
	assert_string_equal(errs.items[0].field, "case_number");
	memset(&errs, 0, sizeof errs);
	assert_int_equal(submission_set_case(f->st, &f->official, id, "\xC2\xA0KS 2026/1\xC2\xA0", f->coordinator.id, &errs),
			 OUTCOME_OK);
	/* The answer follows the text contract: refused with a C1 control, trimmed of no-break spaces. */
	memset(&errs, 0, sizeof errs);
	assert_int_equal(submission_answer(f->st, &f->official, id, "Svar\xC2\x85", &edited, &errs), OUTCOME_INVALID);
	assert_string_equal(errs.items[0].field, "answer");

	/* Answered the Friday after Easter: 7, 8, 9 and 10 April are four working days. */
	setenv("SAMVERKAN_NOW", "2026-04-10T12:00:00Z", 1);
	assert_int_equal(submission_answer(f->st, &f->official, id, "  Svaret  ", &edited, &errs), OUTCOME_OK);
	assert_false(edited);
	setenv("SAMVERKAN_NOW", "2026-04-20T12:00:00Z", 1);
	assert_int_equal(submission_answer(f->st, &f->official, id, "\xC2\xA0Rättat\xC2\xA0", &edited, &errs), OUTCOME_OK);
	assert_true(edited);
	setenv("SAMVERKAN_NOW", "2026-04-02T09:30:00Z", 1);
	struct arena a = ARENA_INIT;
	struct submission s;
	assert_int_equal(submission_load(f->st, &a, id, &s), OUTCOME_OK);
	assert_int_equal(s.status, SUBMISSION_ANSWERED);
	assert_string_equal(s.answer, "Rättat");
	assert_string_equal(s.answered_on, "2026-04-10"); /* the edit keeps the first answer's day */
	assert_int_equal(s.answer_workdays, 4);
	assert_string_equal(s.case_number, "KS 2026/1");
	assert_int_equal(s.handler_account_id, f->coordinator.id);
	struct submission_event ev[8];
	assert_int_equal(submission_events(f->st, &a, id, ev, 8), 4);
	assert_int_equal(ev[3].status, SUBMISSION_ANSWERED);
	/* The author was told: acknowledged, answered, answer changed. */
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM notification WHERE account_id = $1 AND kind = 'answers'",
				   ARGS(SV_I(f->author.id)), -1),
			 3);
	/* Hiding is a coordinator's, with a reason. */
	assert_int_equal(submission_hide(f->st, &f->official, id, "Skäl", &errs), OUTCOME_FORBIDDEN);
	memset(&errs, 0, sizeof errs);
	assert_int_equal(submission_hide(f->st, &f->coordinator, id, "", &errs), OUTCOME_INVALID);
	assert_string_equal(errs.items[0].field, "reason");
	assert_int_equal(submission_hide(f->st, &f->coordinator, id, "Skäl", &errs), OUTCOME_OK);
	memset(&errs, 0, sizeof errs);
	assert_int_equal(submission_hide(f->st, &f->coordinator, id, "Skäl", &errs), OUTCOME_CONFLICT);
	assert_non_null(field_error_for(&errs, NULL));
	assert_int_equal(submission_unhide(f->st, &f->coordinator, id, &errs), OUTCOME_OK);
	assert_int_equal(submission_unhide(f->st, &f->coordinator, id, &errs), OUTCOME_CONFLICT);
	assert_int_equal(store_int(f->st, "SELECT COUNT(*) FROM audit_log WHERE entity = 'submission' AND entity_id = $1",
				   ARGS(SV_I(id)), -1),
			 7); /* create, status, case, answer, answer_edit, hide, show: the refused changes left none */
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest rules[] = {
		cmocka_unit_test(a_good_submission_passes_and_is_trimmed),
		cmocka_unit_test(each_field_says_what_is_wrong),
		cmocka_unit_test(limits_count_characters_not_bytes),
		cmocka_unit_test(kinds_and_statuses),
		cmocka_unit_test(public_means_consent_not_hidden_not_in_a_draft),
		cmocka_unit_test(who_sees_an_unpublished_one),
	};
	const struct CMUnitTest stored[] = {
		cmocka_unit_test_setup_teardown(arrival_fixes_the_due_dates_over_easter, setup, teardown),
		cmocka_unit_test_setup_teardown(refusals_name_their_field, setup, teardown),
		cmocka_unit_test_setup_teardown(handling_moves_and_the_days_to_the_answer, setup, teardown),
	};
	int failed = cmocka_run_group_tests_name("submission rules", rules, NULL, NULL);
	return failed + cmocka_run_group_tests_name("submissions stored", stored, NULL, NULL);
}
