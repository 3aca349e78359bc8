/* Tests for the "swedish" FTS5 tokenizer and fts_swedish_match_query(), on an in-memory SQLite database. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/fts_swedish.h"

/* A fresh database per test, so documents inserted by one test cannot satisfy another's query. */
static int setup(void **state)
{
	sqlite3 *db = NULL;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK)
		return -1;
	if (fts_swedish_register(db) != SQLITE_OK ||
	    sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(name, description, tokenize='swedish')", NULL, NULL,
			 NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	sqlite3_close(*state);
	return 0;
}

static void insert(sqlite3 *db, const char *name, const char *description)
{
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t(name, description) VALUES (?1, ?2)", -1, &stmt, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, description, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
}

/* Runs `t MATCH expr` and returns the number of rows, or -1 on an SQL error (the error is the result being tested). */
static int count_raw(sqlite3 *db, const char *expr)
{
	sqlite3_stmt *stmt;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(stmt, 1, expr, -1, SQLITE_STATIC);
	int n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
	sqlite3_finalize(stmt);
	return n;
}

/* Searches as the application will: user text through fts_swedish_match_query, then MATCH. */
static int count_user(sqlite3 *db, const char *user_text)
{
	char *q = fts_swedish_match_query(user_text);
	assert_non_null(q);
	int n = count_raw(db, q);
	free(q);
	return n;
}

/* Returns the terms the tokenizer put in the index, via fts5vocab, sorted by bytes and space-separated. */
static char *indexed_terms(sqlite3 *db)
{
	assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE IF NOT EXISTS v USING fts5vocab(t, 'row')", NULL, NULL,
				      NULL),
			 SQLITE_OK);
	sqlite3_stmt *stmt;
	static const char sql[] = "SELECT coalesce(group_concat(term, ' '), '') FROM (SELECT term FROM v ORDER BY term)";
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	char *terms = strdup((const char *)sqlite3_column_text(stmt, 0));
	sqlite3_finalize(stmt);
	return terms;
}

static void plural_query_finds_capitalised_singular(void **state)
{
	sqlite3 *db = *state;
	insert(db, "Förening för fritid", "");
	insert(db, "Idrottsklubb Norr", "");
	assert_int_equal(count_user(db, "föreningar"), 1);
	assert_int_equal(count_user(db, "idrottsklubbar"), 1);
}

static void definite_query_finds_plural(void **state)
{
	sqlite3 *db = *state;
	insert(db, "Norra klubben", "Två idrottsklubbar i samverkan");
	assert_int_equal(count_user(db, "Idrottsklubben"), 1);
}

static void diacritics_are_not_folded_away(void **state)
{
	sqlite3 *db = *state;
	insert(db, "Förening", "Stöd för unga");
	assert_int_equal(count_user(db, "forening"), 0);
	assert_int_equal(count_user(db, "for"), 0);
	assert_int_equal(count_user(db, "stod"), 0);
	/* The same words with their letters intact do match, so the zeros above are not a broken index. */
	assert_int_equal(count_user(db, "förening"), 1);
	assert_int_equal(count_user(db, "för"), 1);
	assert_int_equal(count_user(db, "stöd"), 1);
}

static void upper_case_swedish_letters_fold(void **state)
{
	sqlite3 *db = *state;
	insert(db, "östra ålands älvförening", "");
	insert(db, "ÅRE ÄLVDAL ÖREBRO", "");
	assert_int_equal(count_user(db, "ÖSTRA"), 1);
	assert_int_equal(count_user(db, "ÅLANDS"), 1);
	assert_int_equal(count_user(db, "ÄLVFÖRENING"), 1);
	assert_int_equal(count_user(db, "åre"), 1);
	assert_int_equal(count_user(db, "älvdal"), 1);
	assert_int_equal(count_user(db, "örebro"), 1);
}

static void index_holds_lower_case_stems(void **state)
{
	sqlite3 *db = *state;
	insert(db, "ÅÄÖ É Ü Ø Æ Ÿ", "ŁÓDŹ İ");
	char *terms = indexed_terms(db);
	/* ORDER BY term sorts by bytes: ASCII i first, then Latin-1, then Latin Extended-A. */
	assert_string_equal(terms, "i åäö æ é ø ü ÿ łódź");
	free(terms);
}

static void index_holds_stems_not_inflected_forms(void **state)
{
	sqlite3 *db = *state;
	insert(db, "Föreningen ÖSTRA Idrottsklubbarna", "");
	char *terms = indexed_terms(db);
	assert_string_equal(terms, "förening idrottsklubb östr");
	free(terms);
}

static void punctuation_and_hyphens_separate_tokens(void **state)
{
	sqlite3 *db = *state;
	insert(db, "Kvinno-jouren i Södra/Norra (ek.för.)", "Förening,Östra;bygd's \"café\"–2024");
	char *terms = indexed_terms(db);
	assert_string_equal(terms, "2024 bygd café ek för förening i jour kvinno norr s södr östr");
	free(terms);
	assert_int_equal(count_user(db, "jouren"), 1);
	assert_int_equal(count_user(db, "Kvinno-jouren"), 1);
	assert_int_equal(count_user(db, "ek. för."), 1);
	assert_int_equal(count_user(db, "café"), 1);
	assert_int_equal(count_user(db, "2024"), 1);
}

static void symbols_outside_the_letter_ranges_separate(void **state)
{
	sqlite3 *db = *state;
	/* × and ÷ sit among the Latin-1 letters; the euro sign and no-break space are multi-byte non-letters. */
	insert(db, "3×4 a÷b 10€ kr\xc2\xa0" "ab", "");
	char *terms = indexed_terms(db);
	assert_string_equal(terms, "10 3 4 a ab b kr");
	free(terms);
}

static void query_quotes_each_token(void **state)
{
	(void)state;
	char *q = fts_swedish_match_query("  Föreningar i ÖSTRA-Göinge!  ");
	assert_string_equal(q, "\"Föreningar\" \"i\" \"ÖSTRA\" \"Göinge\"");
	free(q);
	q = fts_swedish_match_query("idrott NOT \"x\" col:val (a OR b*)");
	assert_string_equal(q, "\"idrott\" \"NOT\" \"x\" \"col\" \"val\" \"a\" \"OR\" \"b\"");
	free(q);
}

static void query_of_only_separators_is_null(void **state)
{
	(void)state;
	assert_null(fts_swedish_match_query(NULL));
	assert_null(fts_swedish_match_query(""));
	assert_null(fts_swedish_match_query("   "));
	assert_null(fts_swedish_match_query("-- !? ... «» \"\" * () : ; ' ×÷ €"));
	assert_null(fts_swedish_match_query("\xff\xfe\xc3"));
}

static void hostile_input_never_breaks_match(void **state)
{
	sqlite3 *db = *state;
	insert(db, "Not a club", "col val and or near");
	static const char *const inputs[] = {
		"NOT", "\"", "a OR", "*", "(", "col:val", "\xff\xfe", "AND", "OR", "NEAR", "NEAR(a b, 2)", "a NOT",
		"\"a", "a\"b", "^a", "-a", "+a", "{name}: a", "name:a", "a*b*", ")", "a AND (", "\xc3", "\xc3(",
		"\xe2\x80", "\xed\xa0\x80", "\xc0\xaf", "\xf4\x90\x80\x80", "a\xffnot\xfe", "NOT NOT NOT",
	};
	for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
		char *q = fts_swedish_match_query(inputs[i]);
		if (!q)
			continue;
		int n = count_raw(db, q);
		if (n < 0)
			fail_msg("input #%zu gave SQL error for %s: %s", i, q, sqlite3_errmsg(db));
		free(q);
	}
	/* Quoted, the operators are plain words and find the row; raw, they are syntax errors. */
	assert_int_equal(count_user(db, "NOT"), 1);
	assert_int_equal(count_user(db, "a OR"), 1);
	assert_int_equal(count_user(db, "col:val"), 1);
	assert_int_equal(count_raw(db, "NOT"), -1);
	assert_int_equal(count_raw(db, "a OR"), -1);
	assert_int_equal(count_raw(db, "col:val"), -1);
}

static void invalid_utf8_in_documents_separates(void **state)
{
	sqlite3 *db = *state;
	/* A stray \xff, a truncated \xc3 and an overlong \xc0\xaf are separators; a\xcc\x88 is NFD ä and splits too. */
	insert(db, "\xff\xfe" "F\xc3\xb6" "rening\xc3", "klubb\xc0\xafnorr a\xcc\x88" "lv");
	char *terms = indexed_terms(db);
	assert_string_equal(terms, "a förening klubb lv norr");
	free(terms);
	assert_int_equal(count_user(db, "förening"), 1);
}

static void highlight_and_snippet_mark_the_original_word(void **state)
{
	sqlite3 *db = *state;
	insert(db, "Stöd till Föreningar i ÖSTRA Göinge", "Idrottsklubben — för alla");
	char *q = fts_swedish_match_query("förening östra idrottsklubbar");
	assert_non_null(q);
	sqlite3_stmt *stmt;
	assert_int_equal(sqlite3_prepare_v2(db,
					    "SELECT highlight(t, 0, '[', ']'), snippet(t, 1, '<', '>', '...', 4)"
					    " FROM t WHERE t MATCH ?1",
					    -1, &stmt, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(stmt, 1, q, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(stmt, 0), "Stöd till [Föreningar] i [ÖSTRA] Göinge");
	assert_string_equal((const char *)sqlite3_column_text(stmt, 1), "<Idrottsklubben> — för alla");
	assert_int_equal(sqlite3_step(stmt), SQLITE_DONE);
	sqlite3_finalize(stmt);
	free(q);
}

static void long_tokens_are_indexed_unstemmed(void **state)
{
	sqlite3 *db = *state;
	/* 69 bytes, past the stemming limit: stemmed, "-ledarna" would become "-led" and the singular would match. */
	const char *word = "Föreningsregisteradministrationssamordningsutvecklingsprojektledarna";
	assert_true(strlen(word) > 64);
	insert(db, word, "");
	assert_int_equal(count_user(db, word), 1);
	assert_int_equal(count_user(db, "FÖRENINGSREGISTERADMINISTRATIONSSAMORDNINGSUTVECKLINGSPROJEKTLEDARNA"), 1);
	assert_int_equal(count_user(db, "Föreningsregisteradministrationssamordningsutvecklingsprojektled"), 0);
	char *terms = indexed_terms(db);
	assert_string_equal(terms, "föreningsregisteradministrationssamordningsutvecklingsprojektledarna");
	free(terms);
}

static void tokenizer_rejects_arguments(void **state)
{
	sqlite3 *db = *state;
	assert_int_not_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE u USING fts5(x, tokenize='swedish remove_diacritics 1')",
					  NULL, NULL, NULL),
			     SQLITE_OK);
}

static void unregistered_connection_cannot_use_the_table(void **state)
{
	(void)state;
	sqlite3 *db;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='swedish')", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_equal(fts_swedish_register(db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='swedish')", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(plural_query_finds_capitalised_singular, setup, teardown),
		cmocka_unit_test_setup_teardown(definite_query_finds_plural, setup, teardown),
		cmocka_unit_test_setup_teardown(diacritics_are_not_folded_away, setup, teardown),
		cmocka_unit_test_setup_teardown(upper_case_swedish_letters_fold, setup, teardown),
		cmocka_unit_test_setup_teardown(index_holds_lower_case_stems, setup, teardown),
		cmocka_unit_test_setup_teardown(index_holds_stems_not_inflected_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(punctuation_and_hyphens_separate_tokens, setup, teardown),
		cmocka_unit_test_setup_teardown(symbols_outside_the_letter_ranges_separate, setup, teardown),
		cmocka_unit_test(query_quotes_each_token),
		cmocka_unit_test(query_of_only_separators_is_null),
		cmocka_unit_test_setup_teardown(hostile_input_never_breaks_match, setup, teardown),
		cmocka_unit_test_setup_teardown(invalid_utf8_in_documents_separates, setup, teardown),
		cmocka_unit_test_setup_teardown(highlight_and_snippet_mark_the_original_word, setup, teardown),
		cmocka_unit_test_setup_teardown(long_tokens_are_indexed_unstemmed, setup, teardown),
		cmocka_unit_test_setup_teardown(tokenizer_rejects_arguments, setup, teardown),
		cmocka_unit_test(unregistered_connection_cannot_use_the_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
