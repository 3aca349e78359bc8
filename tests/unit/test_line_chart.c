/* test_line_chart: the goal chart's SVG carries its text alternative, escapes it, leaves a gap for
 * a missing value and draws the points in date order. */
#include "base/line_chart.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The d attribute of the values' path. */
static char *values_path(const char *svg)
{
	const char *p = strstr(svg, "class=\"lc-values\" d=\"");
	assert_non_null(p);
	p += strlen("class=\"lc-values\" d=\"");
	const char *end = strchr(p, '"');
	return strndup(p, (size_t)(end - p));
}

static const struct line_point three[] = {
	{"2024-12-31", 30, false}, {"2025-12-31", 0, true}, {"2026-12-31", 42, false}, {"2027-06-30", 45, false}};

static struct line_chart chart(void)
{
	return (struct line_chart){.id = "goal-7",
				   .title = "Andel <svar> i tid & \"mål\"",
				   .description = "42 % 2026, mål 60 % 2028",
				   .unit = "%",
				   .points = three,
				   .npoints = 4,
				   .has_baseline = true,
				   .baseline = {"2024-12-31", 30, false},
				   .has_target = true,
				   .target = {"2028-12-31", 60, false}};
}

static void text_alternative_escaped(void **state)
{
	struct line_chart c = chart();
	struct buf b = BUF_INIT;
	line_chart_svg(&b, &c);
	const char *s = buf_str(&b);
	const char *head = "<svg class=\"line-chart\" role=\"img\" aria-labelledby=\"goal-7-title goal-7-desc\"";
	assert_memory_equal(s, head, strlen(head));
	assert_non_null(strstr(s, "<title id=\"goal-7-title\">Andel &lt;svar&gt; i tid &amp; &quot;mål&quot;</title>"));
	assert_non_null(strstr(s, "<desc id=\"goal-7-desc\">42 % 2026, mål 60 % 2028</desc>"));
	assert_null(strstr(s, "<svar>"));
	assert_int_equal(count(s, "<svg"), 1);
	assert_true(strlen(s) > 6 && strcmp(s + strlen(s) - 7, "</svg>\n") == 0);
	buf_free(&b);
}

static void missing_value_is_a_gap(void **state)
{
	struct line_chart c = chart();
	struct buf b = BUF_INIT;
	line_chart_svg(&b, &c);
	char *d = values_path(buf_str(&b));
	/* 30, then a gap for the missing 2025, then 42 and 45 joined: two subpaths, one line. */
	assert_int_equal(count(d, "M"), 2);
	assert_int_equal(count(d, "L"), 1);
	/* Three points drawn, none for the missing value. */
	assert_int_equal(count(buf_str(&b), "<circle class=\"lc-point\""), 3 + 1 /* the legend's */);
	free(d);
	buf_free(&b);
}

static void points_in_date_order(void **state)
{
	struct line_chart c = chart();
	struct buf b = BUF_INIT;
	line_chart_svg(&b, &c);
	const char *p = strstr(buf_str(&b), "<g class=\"lc-points\">");
	assert_non_null(p);
	double last_x = -1, ys[3];
	for (int i = 0; i < 3; i++) {
		p = strstr(p, "<circle class=\"lc-point\" cx=\"");
		assert_non_null(p);
		double x, y;
		assert_int_equal(sscanf(p, "<circle class=\"lc-point\" cx=\"%lf\" cy=\"%lf\"", &x, &y), 2);
		assert_true(x > last_x);
		last_x = x;
		ys[i] = y;
		p++;
	}
	/* Higher values are drawn higher up (smaller y). */
	assert_true(ys[0] > ys[1] && ys[1] > ys[2]);
	assert_true(last_x <= 640);
	buf_free(&b);
}

static void baseline_target_and_path(void **state)
{
	struct line_chart c = chart();
	struct buf b = BUF_INIT;
	line_chart_svg(&b, &c);
	const char *s = buf_str(&b);
	/* Chart and legend: each marker twice, the dashed path twice. */
	assert_int_equal(count(s, "<rect class=\"lc-baseline\""), 2);
	assert_int_equal(count(s, "<path class=\"lc-target\""), 2);
	assert_int_equal(count(s, "<line class=\"lc-path\""), 2);
	assert_int_equal(count(s, "stroke-dasharray"), 2);
	assert_non_null(strstr(s, "Baseline"));
	assert_non_null(strstr(s, "Target"));
	/* Years on the x axis, the unit on the y axis. */
	assert_non_null(strstr(s, ">2026</text>"));
	assert_non_null(strstr(s, ">60 %</text>"));
	buf_free(&b);
}

static void no_values_still_a_chart(void **state)
{
	struct line_chart c = chart();
	c.npoints = 0;
	c.has_target = false;
	struct buf b = BUF_INIT;
	line_chart_svg(&b, &c);
	const char *s = buf_str(&b);
	assert_null(strstr(s, "class=\"lc-values\" d="));
	assert_null(strstr(s, "lc-path"));
	assert_int_equal(count(s, "<rect class=\"lc-baseline\""), 2);
	assert_null(strstr(s, "nan"));
	assert_null(strstr(s, "inf"));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_alternative_escaped), cmocka_unit_test(missing_value_is_a_gap),
		cmocka_unit_test(points_in_date_order),     cmocka_unit_test(baseline_target_and_path),
		cmocka_unit_test(no_values_still_a_chart),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
