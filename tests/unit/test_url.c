/* test_url: the one rule for typed web addresses (base/url.c) that the organisation form, the
 * municipality's profile and a dialogue's report share. */
#include "base/url.h"
#include "base/arena.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static void a_bare_address_gets_https_and_the_host_is_lower_cased(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	assert_string_equal(url_web_address(&a, "www.kommun.se/beslut", 500), "https://www.kommun.se/beslut");
	assert_string_equal(url_web_address(&a, "HTTP://WWW.Kommun.SE/Beslut?Id=A", 500),
			    "http://www.kommun.se/Beslut?Id=A");
	assert_string_equal(url_web_address(&a, "ekerö.se:8443/a", 500), "https://ekerö.se:8443/a");
	arena_free(&a);
}

static void what_a_browser_would_guess_at_is_refused(void **state)
{
	(void)state;
	struct arena a = ARENA_INIT;
	const char *bad[] = {"javascript:alert(1)", "https://", "https://kommun", "https://.se", "kommun .se",
			     "https://user@kommun.se", "https://kommun.se:0", "https://kommun.se:99999", "ftp://kommun.se",
			     "https://kommun..se", "<kommun.se>", "https://kommun.se/\"x"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		assert_null(url_web_address(&a, bad[i], 500));
	assert_null(url_web_address(&a, "https://kommun.se/abcdef", 20));
	assert_non_null(url_web_address(&a, "https://kommun.se/abc", 21));
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_bare_address_gets_https_and_the_host_is_lower_cased),
		cmocka_unit_test(what_a_browser_would_guess_at_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
