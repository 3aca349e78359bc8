/* line_chart: a server-drawn inline SVG line chart of dated values with a baseline and a target,
 * readable without colour, in forced-colors mode and on paper (the goal page and the report). */
#ifndef SAMVERKAN_LINE_CHART_H
#define SAMVERKAN_LINE_CHART_H
#include "base/buf.h"
#include <stdbool.h>

struct line_point {
	const char *date; /* YYYY-MM-DD */
	double value;
	bool missing; /* no value for the date: the line has a gap there */
};

struct line_chart {
	const char *id;                  /* unique in the page: ids of <title>/<desc> derive from it */
	const char *title, *description; /* the text alternative: says where the goal stands */
	const char *unit;
	const struct line_point *points; /* in date order */
	int npoints;
	bool has_baseline;
	struct line_point baseline;
	bool has_target;
	struct line_point target;
};

/* Writes an inline <svg role="img" aria-labelledby="{id}-title {id}-desc"> into out: axes with a
 * few labelled ticks (years or dates on x, values with the unit on y), the values as a line with
 * round points (a missing value leaves a gap), the baseline as a square, the target as a diamond,
 * the straight path from baseline to target dashed (the line goal_status_of measures against),
 * and a legend in words. Colours are presentation attributes (no style sheet needed, the CSP
 * allows them) and every series differs in dash and marker shape as well; the classes (lc-values,
 * lc-path, lc-baseline, lc-target, lc-axis, lc-grid) let a style sheet switch to system colours.
 * Points with a date that is not a real date are left out. Text is HTML-escaped. */
void line_chart_svg(struct buf *out, const struct line_chart *c);

#endif
