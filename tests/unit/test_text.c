/* test_text: folding and lower-casing of Swedish text, in C and as SQLite's lower(), so a name part
 * typed in lower case finds names that start with Å, Ä or Ö on both stores. */
#include "base/text.h"
#include "base/arena.h"
#include "store/store.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include "temp_store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void lower_changes_swedish_capitals_and_keeps_the_length(void **state)
{
	char s[] = "ÅSA ÄNG ÖSTERÅKERS É Ü Þ × ß – 42";
	size_t before = strlen(s);
	text_lower(s);
	assert_string_equal(s, "åsa äng österåkers é ü þ × ß – 42");
	assert_int_equal(strlen(s), before);
	char lower[] = "redan små bokstäver åäö";
	text_lower(lower);
	assert_string_equal(lower, "redan små bokstäver åäö");
}

static void fold_and_lower_agree_on_letters(void **state)
{
	char folded[64];
	assert_true(text_fold("  Östra   Ekerö IF ", folded, sizeof folded, false));
	assert_string_equal(folded, "östra ekerö if");
	char s[] = "Östra Ekerö IF";
	text_lower(s);
	assert_string_equal(s, "östra ekerö if");
}

static void store_lower_is_ours(void **state)
{
	char path[64];
	struct store *st = temp_store_open("text", path);
	assert_non_null(st);
	char *got = store_text(st, "SELECT lower($1)", ARGS(SV_T("Österåkers Scoutkår ÄLVSBY")));
	assert_non_null(got);
	assert_string_equal(got, "österåkers scoutkår älvsby");
	free(got);
	assert_int_equal(store_int(st, "SELECT CASE WHEN lower($1) LIKE $2 THEN 1 ELSE 0 END", ARGS(SV_T("Ängby IF"), SV_T("%ängby%")), -1), 1);
	assert_int_equal(store_int(st, "SELECT CASE WHEN lower(NULL) IS NULL THEN 1 ELSE 0 END", NOARGS, -1), 1);
	temp_store_close(st, path);
}

static void nfc_composes_what_a_mac_decomposes(void **state)
{
	/* "Östra Ekerö" as macOS writes it: O + U+0308, o + U+0308. */
	const char *nfd = "O\xCC\x88stra Ekero\xCC\x88 \xC3\x85sa";
	size_t n;
	char *nfc = text_nfc(nfd, strlen(nfd), &n);
	assert_non_null(nfc);
	assert_string_equal(nfc, "Östra Ekerö Åsa");
	assert_int_equal(n, strlen("Östra Ekerö Åsa"));
	free(nfc);
	/* Plain ASCII comes back as a copy, including only part of the input. */
	nfc = text_nfc("Munsö IK", 3, &n);
	assert_non_null(nfc);
	assert_string_equal(nfc, "Mun");
	assert_int_equal(n, 3);
	free(nfc);
	/* Not UTF-8: refused rather than guessed. */
	assert_null(text_nfc("\xC3(", 2, &n));
	assert_true(text_has_non_ascii("abc\xC3\xB6", 5));
	assert_false(text_has_non_ascii("abc", 3));
}

static void field_trims_normalises_and_refuses_controls(void **state)
{
	(void)state;
	struct arena a = {0};
	const char *out;
	/* No-break spaces, a narrow no-break space and an ideographic space are trimmed like ASCII ones. */
	assert_int_equal(text_field(&a, "\xC2\xA0 Munsö IK\xE2\x80\xAF\xE3\x80\x80\n", false, 100, &out), TEXT_OK);
	assert_string_equal(out, "Munsö IK");
	/* Inner no-break spaces stay: they are the author's. */
	assert_int_equal(text_field(&a, "100\xC2\xA0" "kr", false, 100, &out), TEXT_OK);
	assert_string_equal(out, "100\xC2\xA0" "kr");
	/* NFC, and the length is counted in characters after normalising. */
	assert_int_equal(text_field(&a, "Ekero\xCC\x88", false, 5, &out), TEXT_OK);
	assert_string_equal(out, "Ekerö");
	assert_int_equal(text_field(&a, "Ekerös", false, 5, &out), TEXT_TOO_LONG);
	/* C1 controls (NEL, CSI), C0, DEL and U+FFFD (where a NUL was sent) are refused, the text kept. */
	assert_int_equal(text_field(&a, "a\xC2\x85" "b", false, 100, &out), TEXT_BROKEN);
	assert_string_equal(out, "a\xC2\x85" "b");
	assert_int_equal(text_field(&a, "a\xC2\x9B" "b", true, 100, &out), TEXT_BROKEN);
	assert_int_equal(text_field(&a, "a\x01b", true, 100, &out), TEXT_BROKEN);
	assert_int_equal(text_field(&a, "a\x7F", true, 100, &out), TEXT_BROKEN);
	assert_int_equal(text_field(&a, "a\xEF\xBF\xBD" "b", true, 100, &out), TEXT_BROKEN);
	assert_int_equal(text_field(&a, "a\xC3(", true, 100, &out), TEXT_BROKEN);
	/* Lines: newline and tab only where the field allows several lines. */
	assert_int_equal(text_field(&a, "rad 1\nrad\t2", true, 100, &out), TEXT_OK);
	assert_int_equal(text_field(&a, "rad 1\nrad 2", false, 100, &out), TEXT_BROKEN);
	assert_int_equal(text_field(&a, NULL, false, 100, &out), TEXT_OK);
	assert_string_equal(out, "");
	assert_int_equal(text_chars("Åsa\xC2\xA0", false), 4);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lower_changes_swedish_capitals_and_keeps_the_length),
		cmocka_unit_test(fold_and_lower_agree_on_letters),
		cmocka_unit_test(store_lower_is_ours),
		cmocka_unit_test(nfc_composes_what_a_mac_decomposes),
		cmocka_unit_test(field_trims_normalises_and_refuses_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
