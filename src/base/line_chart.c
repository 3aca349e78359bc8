/* line_chart: draws dated values, a baseline and a target as an inline SVG line chart. */
#include "base/line_chart.h"
#include "base/html.h"
#include "base/i18n.h"
#include "base/workdays.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Geometry in viewBox units: the SVG scales to the width it gets (the text with it), so the
 * drawing never overflows a narrow screen; the data table next to it keeps the exact figures. */
#define W 640
#define H 330
#define LEFT 92.0
#define RIGHT 620.0
#define TOP 34.0
#define BOTTOM 236.0
#define LEGEND_Y 292

/* Colours with at least 3:1 contrast against white (the values 7.0:1, the path and target
 * 5.9:1, the axes 12:1); the series also differ in dash and marker so colour is never alone. */
#define C_VALUES "#1d5e8c"
#define C_PATH "#9a4a00"
#define C_AXIS "#3b3b3b"
#define C_GRID "#767676"

struct scale {
	double x0, x1; /* day numbers */
	double y0, y1; /* values */
};

static double sx(const struct scale *s, double day) { return LEFT + (day - s->x0) / (s->x1 - s->x0) * (RIGHT - LEFT); }
static double sy(const struct scale *s, double v) { return BOTTOM - (v - s->y0) / (s->y1 - s->y0) * (BOTTOM - TOP); }

/* A number for a tick label with as many decimals as the step needs, in the thread's language
 * (a decimal comma in Swedish). */
static void format_tick(double v, double step, char out[32])
{
	int decimals = 0;
	while (decimals < 4 && step * pow(10, decimals) < 0.999)
		decimals++;
	if (fabs(v) < step * 1e-6)
		v = 0; /* never "-0" */
	snprintf(out, 32, "%.*f", decimals, v);
	if (strcmp(i18n_lang(), "sv") == 0) {
		char *dot = strchr(out, '.');
		if (dot)
			*dot = ',';
	}
}

/* 1, 2 or 5 times a power of ten, so that about `ticks` steps cover span. */
static double nice_step(double span, int ticks)
{
	double raw = span / ticks, p = pow(10, floor(log10(raw))), f = raw / p;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

static bool day_of(const struct line_point *p, workday_date *out) { return p->date && workdays_parse(p->date, out); }

/* Widens the scale to hold the point. */
static void include(struct scale *s, bool *any, const struct line_point *p, bool with_value)
{
	workday_date d;
	if (!day_of(p, &d))
		return;
	if (!*any) {
		s->x0 = s->x1 = (double)d;
		s->y0 = s->y1 = with_value ? p->value : 0;
		*any = true;
	}
	s->x0 = fmin(s->x0, (double)d);
	s->x1 = fmax(s->x1, (double)d);
	if (with_value) {
		s->y0 = fmin(s->y0, p->value);
		s->y1 = fmax(s->y1, p->value);
	}
}

static void y_axis(struct buf *out, struct scale *s, const char *unit)
{
	/* Start at zero when every value is at or above it (a share or a count), else below the least. */
	if (s->y0 >= 0 && s->y0 <= s->y1 * 0.75)
		s->y0 = 0;
	if (s->y1 - s->y0 < 1e-9)
		s->y1 = s->y0 + (s->y0 == 0 ? 1 : fabs(s->y0) * 0.1);
	double step = nice_step(s->y1 - s->y0, 4);
	s->y0 = floor(s->y0 / step) * step;
	s->y1 = ceil(s->y1 / step) * step;
	/* A short unit ("%") goes after each number; a longer one ("besökare") once, above the axis. */
	bool short_unit = unit && strlen(unit) <= 3;
	buf_puts(out, "<g class=\"lc-y\">\n");
	if (unit && *unit && !short_unit)
		html_printf(out, "<text class=\"lc-unit\" x=\"8\" y=\"18\" fill=\"" C_AXIS "\">%s</text>\n", unit);
	for (double v = s->y0; v <= s->y1 + step / 2; v += step) {
		char label[32];
		format_tick(v, step, label);
		double y = sy(s, v);
		html_printf(out,
			    "<line class=\"lc-grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_GRID
			    "\" stroke-width=\"0.5\"/>\n"
			    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"" C_AXIS "\">%s%s%s</text>\n",
			    LEFT, y, RIGHT, y, LEFT - 8, y + 5, label, short_unit && *unit ? " " : "", short_unit ? unit : "");
	}
	buf_puts(out, "</g>\n");
}

static void x_tick(struct buf *out, const struct scale *s, workday_date d, const char *label, const char *anchor)
{
	double x = sx(s, (double)d);
	html_printf(out,
		    "<line class=\"lc-axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_AXIS
		    "\" stroke-width=\"1\"/>\n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"" C_AXIS "\">%s</text>\n",
		    x, BOTTOM, x, BOTTOM + 6, x, BOTTOM + 24, anchor, label);
}

/* Years on 1 January when the span crosses at least two of them (every n-th year so at most
 * seven labels), else the first and the last date in full. */
static void x_axis(struct buf *out, const struct scale *s)
{
	char first[11], last[11];
	workdays_format((workday_date)s->x0, first);
	workdays_format((workday_date)s->x1, last);
	int y0 = atoi(first), y1 = atoi(last);
	int from = (workdays_from_ymd(y0, 1, 1) >= (workday_date)s->x0) ? y0 : y0 + 1;
	buf_puts(out, "<g class=\"lc-x\">\n");
	if (y1 - from + 1 >= 2) {
		int every = (y1 - from) / 7 + 1;
		for (int y = from; y <= y1; y += every) {
			char label[8];
			snprintf(label, sizeof label, "%d", y);
			x_tick(out, s, workdays_from_ymd(y, 1, 1), label, "middle");
		}
	} else {
		x_tick(out, s, (workday_date)s->x0, first, "start");
		if (s->x1 > s->x0)
			x_tick(out, s, (workday_date)s->x1, last, "end");
	}
	buf_puts(out, "</g>\n");
}

/* The square of the baseline and the diamond of the target, centred on (x, y). */
static void square(struct buf *out, const char *cls, double x, double y, const char *colour)
{
	html_printf(out, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"2.5\"/>\n",
		    cls, x - 6, y - 6, colour);
}

static void diamond(struct buf *out, const char *cls, double x, double y, const char *colour)
{
	html_printf(out, "<path class=\"%s\" d=\"M%.1f %.1fl8 8l-8 8l-8 -8z\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1\"/>\n",
		    cls, x, y - 8, colour, colour);
}

static void legend(struct buf *out, const struct line_chart *c, bool any_value)
{
	double x = LEFT;
	buf_puts(out, "<g class=\"lc-legend\">\n");
	if (any_value) {
		html_printf(out,
			    "<line class=\"lc-values\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"" C_VALUES
			    "\" stroke-width=\"3\"/>\n<circle class=\"lc-point\" cx=\"%.1f\" cy=\"%d\" r=\"4.5\" fill=\"" C_VALUES
			    "\"/>\n<text x=\"%.1f\" y=\"%d\" fill=\"" C_AXIS "\">%s</text>\n",
			    x, LEGEND_Y, x + 28, LEGEND_Y, x + 14, LEGEND_Y, x + 34, LEGEND_Y + 5, _("Values"));
		x += 130;
	}
	if (c->has_baseline && c->has_target) {
		html_printf(out,
			    "<line class=\"lc-path\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"" C_PATH
			    "\" stroke-width=\"2\" stroke-dasharray=\"7 5\"/>\n<text x=\"%.1f\" y=\"%d\" fill=\"" C_AXIS
			    "\">%s</text>\n",
			    x, LEGEND_Y, x + 28, LEGEND_Y, x + 34, LEGEND_Y + 5, _("Straight path from baseline to target"));
		x = LEFT;
	}
	int y = LEGEND_Y + 26;
	if (c->has_baseline) {
		square(out, "lc-baseline", x + 14, y, C_AXIS);
		html_printf(out, "<text x=\"%.1f\" y=\"%d\" fill=\"" C_AXIS "\">%s</text>\n", x + 34, y + 5, _("Baseline"));
		x += 130;
	}
	if (c->has_target) {
		diamond(out, "lc-target", x + 14, y, C_PATH);
		html_printf(out, "<text x=\"%.1f\" y=\"%d\" fill=\"" C_AXIS "\">%s</text>\n", x + 34, y + 5, _("Target"));
	}
	buf_puts(out, "</g>\n");
}

void line_chart_svg(struct buf *out, const struct line_chart *c)
{
	struct scale s = {0, 1, 0, 1};
	bool any = false, any_value = false;
	for (int i = 0; i < c->npoints; i++)
		if (!c->points[i].missing) {
			workday_date d;
			any_value |= day_of(&c->points[i], &d);
			include(&s, &any, &c->points[i], true);
		}
	for (int i = 0; i < c->npoints; i++)
		include(&s, &any, &c->points[i], false); /* a missing value still widens the dates */
	if (c->has_baseline)
		include(&s, &any, &c->baseline, true);
	if (c->has_target)
		include(&s, &any, &c->target, true);
	if (s.x1 - s.x0 < 1) {
		s.x0 -= 180;
		s.x1 += 180;
	}
	/* A little room at both ends so a marker is never cut in half by the edge. */
	double pad = (s.x1 - s.x0) * 0.03;
	s.x0 -= pad;
	s.x1 += pad;

	html_printf(out,
		    "<svg class=\"line-chart\" role=\"img\" aria-labelledby=\"%s-title %s-desc\" viewBox=\"0 0 %d %d\" "
		    "width=\"100%%\" font-family=\"sans-serif\" font-size=\"15\" xmlns=\"http://www.w3.org/2000/svg\">\n"
		    "<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n",
		    c->id, c->id, W, H, c->id, c->title, c->id, c->description);
	y_axis(out, &s, c->unit);
	x_axis(out, &s);
	html_printf(out,
		    "<path class=\"lc-axis\" d=\"M%.1f %.1fV%.1fH%.1f\" fill=\"none\" stroke=\"" C_AXIS "\" stroke-width=\"1.5\"/>\n",
		    LEFT, TOP, BOTTOM, RIGHT);

	workday_date bd, td;
	if (c->has_baseline && c->has_target && day_of(&c->baseline, &bd) && day_of(&c->target, &td))
		html_printf(out,
			    "<line class=\"lc-path\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" C_PATH
			    "\" stroke-width=\"2\" stroke-dasharray=\"7 5\"/>\n",
			    sx(&s, (double)bd), sy(&s, c->baseline.value), sx(&s, (double)td), sy(&s, c->target.value));

	/* The values: one path, a new subpath ("M") after each missing value, so a gap shows it. */
	struct buf d = BUF_INIT;
	bool pen_down = false;
	for (int i = 0; i < c->npoints; i++) {
		workday_date day;
		if (c->points[i].missing || !day_of(&c->points[i], &day)) {
			pen_down = false;
			continue;
		}
		buf_printf(&d, "%s%.1f %.1f", pen_down ? "L" : "M", sx(&s, (double)day), sy(&s, c->points[i].value));
		pen_down = true;
	}
	if (d.len)
		html_printf(out,
			    "<path class=\"lc-values\" d=\"%s\" fill=\"none\" stroke=\"" C_VALUES
			    "\" stroke-width=\"3\" stroke-linejoin=\"round\"/>\n",
			    buf_str(&d));
	buf_free(&d);
	buf_puts(out, "<g class=\"lc-points\">\n");
	for (int i = 0; i < c->npoints; i++) {
		workday_date day;
		if (!c->points[i].missing && day_of(&c->points[i], &day))
			html_printf(out, "<circle class=\"lc-point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"" C_VALUES "\"/>\n",
				    sx(&s, (double)day), sy(&s, c->points[i].value));
	}
	buf_puts(out, "</g>\n");
	if (c->has_baseline && day_of(&c->baseline, &bd))
		square(out, "lc-baseline", sx(&s, (double)bd), sy(&s, c->baseline.value), C_AXIS);
	if (c->has_target && day_of(&c->target, &td))
		diamond(out, "lc-target", sx(&s, (double)td), sy(&s, c->target.value), C_PATH);
	legend(out, c, any_value);
	buf_puts(out, "</svg>\n");
}
