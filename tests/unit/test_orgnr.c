/* test_orgnr: organisation numbers — the Luhn check digit, the accepted spellings and the canonical form. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "domain/organisation.h"
#include <string.h>

/* Numbers whose check digit was worked out by hand (weights 2,1,2,… over the first nine digits). */
static const char *const valid[] = {"8020001239", "2021005448", "5560125790", "2120000043", "8024567896"};

static void luhn_accepts_correct_check_digits(void **state)
{
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++)
		assert_true(orgnr_luhn_ok(valid[i]));
}

static void luhn_catches_every_single_wrong_digit(void **state)
{
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		for (int pos = 0; pos < 10; pos++) {
			for (char d = '0'; d <= '9'; d++) {
				char s[11];
				memcpy(s, valid[i], 11);
				if (s[pos] == d)
					continue;
				s[pos] = d;
				if (orgnr_luhn_ok(s))
					fail_msg("%s accepted (changed from %s)", s, valid[i]);
			}
		}
	}
}

static void luhn_refuses_wrong_length_and_non_digits(void **state)
{
	assert_false(orgnr_luhn_ok(NULL));
	assert_false(orgnr_luhn_ok(""));
	assert_false(orgnr_luhn_ok("802000123"));
	assert_false(orgnr_luhn_ok("80200012390"));
	assert_false(orgnr_luhn_ok("802000-123"));
	assert_false(orgnr_luhn_ok("80200O1239")); /* letter O */
}

static void normalise_gives_canonical_form_for_each_spelling(void **state)
{
	static const char *const spellings[] = {
		"802000-1239", "8020001239", "16802000-1239", "168020001239", "  802000-1239 ", "\t8020001239\n",
		"802000 1239", "16802000 1239",
	};
	for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++) {
		char out[12] = "";
		if (!orgnr_normalise(spellings[i], out))
			fail_msg("refused \"%s\"", spellings[i]);
		assert_string_equal(out, "802000-1239");
	}
}

static void normalise_refuses_wrong_check_digit(void **state)
{
	char out[12] = "untouched";
	assert_false(orgnr_normalise("802000-1234", out));
	assert_false(orgnr_normalise("16802000-1234", out));
	assert_false(orgnr_normalise("8020001234", out));
}

static void normalise_refuses_garbage(void **state)
{
	static const char *const bad[] = {
		"", "   ", "abc", "802000-123", "802000-12390", "80200-01239", "802000--1239", "802000  1239", "80200 01239",
		"802000+1239", "19802000-1239", "15802000-1239", "1680200-01239", "8020001239x", "x8020001239",
		"802000-1239-", "16-802000-1239",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char out[12];
		if (orgnr_normalise(bad[i], out))
			fail_msg("accepted \"%s\" as %s", bad[i], out);
	}
	char out[12];
	assert_false(orgnr_normalise(NULL, out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(luhn_accepts_correct_check_digits),
		cmocka_unit_test(luhn_catches_every_single_wrong_digit),
		cmocka_unit_test(luhn_refuses_wrong_length_and_non_digits),
		cmocka_unit_test(normalise_gives_canonical_form_for_each_spelling),
		cmocka_unit_test(normalise_refuses_wrong_check_digit),
		cmocka_unit_test(normalise_refuses_garbage),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
