/* test_html: the HTML writer escapes every %s, so text from users can never become markup. */
#include "base/html.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

static void escapes_markup_in_s(void **state)
{
	struct buf b = BUF_INIT;
	html_printf(&b, "<p title=\"%s\">%s</p>", "\"><script>", "<b>&'`");
	assert_string_equal(buf_str(&b), "<p title=\"&quot;&gt;&lt;script&gt;\">&lt;b&gt;&amp;&#39;&#96;</p>");
	buf_free(&b);
}

static void numbers_and_null_strings(void **state)
{
	struct buf b = BUF_INIT;
	const char *volatile missing = NULL; /* volatile: the compiler must not see the NULL */
	html_printf(&b, "%d|%lld|%zu|%s|%5.1f|%%|%ld", -3, 1234567890123LL, (size_t)42, missing, 2.25, 7L);
	assert_string_equal(buf_str(&b), "-3|1234567890123|42||  2.2|%|7");
	buf_free(&b);
}

static void raw_is_not_escaped(void **state)
{
	struct buf b = BUF_INIT;
	html_raw(&b, "<svg></svg>");
	assert_string_equal(buf_str(&b), "<svg></svg>");
	buf_free(&b);
}

static void swedish_letters_pass_through(void **state)
{
	struct buf b = BUF_INIT;
	html_printf(&b, "%s", "Åsa på Färingsö");
	assert_string_equal(buf_str(&b), "Åsa på Färingsö");
	buf_free(&b);
}

static void url_encoding(void **state)
{
	struct buf b = BUF_INIT;
	url_encode(&b, "idrott & kultur/ö?x=1");
	assert_string_equal(buf_str(&b), "idrott%20%26%20kultur%2F%C3%B6%3Fx%3D1");
	buf_free(&b);
}

static void long_output_grows_buffer(void **state)
{
	struct buf b = BUF_INIT;
	for (int i = 0; i < 2000; i++)
		html_printf(&b, "%s", "<>");
	assert_int_equal(b.len, 2000 * 8);
	assert_non_null(strstr(buf_str(&b), "&lt;&gt;&lt;&gt;"));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes_markup_in_s),     cmocka_unit_test(numbers_and_null_strings),
		cmocka_unit_test(raw_is_not_escaped),      cmocka_unit_test(swedish_letters_pass_through),
		cmocka_unit_test(url_encoding),            cmocka_unit_test(long_output_grows_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
