/* statistics_pages: the public statistics on how well each department answers views and proposals,
 * as a table and a bar chart whose text alternative is that table. */
#include "web/pages.h"
#include "web/form.h"
#include "web/layout.h"
#include "base/clock.h"
#include "base/html.h"
#include "base/i18n.h"
#include "base/workdays.h"
#include "domain/account_admin.h"
#include "domain/feedback_clock.h"
#include "domain/feedback_stats.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH "/statistik/aterkoppling"
/* Far more departments than any municipality has. */
#define DEPARTMENTS_MAX 256

/* ---- Numbers in the page's language ------------------------------------------------------------ */

/* The one formatter for every figure on the page: digits grouped by thousands and `decimals`
 * decimals, Swedish style on Swedish pages ("1 234,5", a no-break space between groups) and English
 * style on English ones ("1,234.5"); with `percent`, the sign as each language writes it ("83 %"
 * with a no-break space, "83%"). */
static const char *number(struct request *r, double v, int decimals, bool percent)
{
	bool sv = strcmp(r->lang, "en") != 0;
	char plain[64];
	snprintf(plain, sizeof plain, "%.*f", decimals, v < 0 ? -v : v);
	char *point = strchr(plain, '.');
	size_t whole = point ? (size_t)(point - plain) : strlen(plain);
	struct buf out = BUF_INIT;
	if (v < 0 && strspn(plain, "0.") != strlen(plain))
		buf_append(&out, "-", 1);
	for (size_t i = 0; i < whole; i++) {
		if (i > 0 && (whole - i) % 3 == 0)
			buf_puts(&out, sv ? "\u00a0" : ",");
		buf_append(&out, &plain[i], 1);
	}
	if (point) {
		buf_puts(&out, sv ? "," : ".");
		buf_puts(&out, point + 1);
	}
	if (percent)
		buf_puts(&out, sv ? "\u00a0%" : "%");
	const char *s = arena_strdup(&r->arena, buf_str(&out));
	buf_free(&out);
	return s;
}

static const char *count_text(struct request *r, long long n) { return number(r, (double)n, 0, false); }


/* ---- The query ---------------------------------------------------------------------------------- */

struct query {
	const char *from_in, *to_in, *department_in; /* as typed, shown back */
	char from[11], to[11], today[11];
	long long department_id;
};

static void read_query(struct request *r, struct query *q, const struct department *deps, int ndeps,
		       struct field_errors *e)
{
	memset(q, 0, sizeof *q);
	feedback_local_date(clock_now(), q->today);
	q->from_in = param_get(&r->query, "from");
	q->to_in = param_get(&r->query, "to");
	q->department_in = param_get(&r->query, "department");
	/* An empty field means the default: this calendar year up to today. */
	snprintf(q->from, sizeof q->from, "%.4s-01-01", q->today);
	snprintf(q->to, sizeof q->to, "%s", q->today);
	if (!q->from_in || !*q->from_in)
		q->from_in = q->from;
	if (!q->to_in || !*q->to_in)
		q->to_in = q->to;

	workday_date d;
	bool from_ok = strlen(q->from_in) == 10 && workdays_parse(q->from_in, &d);
	bool to_ok = strlen(q->to_in) == 10 && workdays_parse(q->to_in, &d);
	if (from_ok && q->from_in != q->from)
		snprintf(q->from, sizeof q->from, "%s", q->from_in);
	else if (!from_ok)
		field_error(e, "from", _("Enter the first day of the period as a date, for example 2025-01-31."));
	if (to_ok && q->to_in != q->to)
		snprintf(q->to, sizeof q->to, "%s", q->to_in);
	else if (!to_ok)
		field_error(e, "to", _("Enter the last day of the period as a date, for example 2025-12-31."));
	if (from_ok && to_ok && strcmp(q->from, q->to) > 0)
		field_error(e, "to", _("The last day of the period must be the same as or after the first day."));

	if (q->department_in && *q->department_in) {
		char *end;
		errno = 0;
		long long id = strtoll(q->department_in, &end, 10);
		bool known = false;
		for (int i = 0; !errno && *end == 0 && end != q->department_in && i < ndeps; i++)
			known |= deps[i].id == id;
		if (known)
			q->department_id = id;
		else
			field_error(e, "department", _("Choose a department from the list, or all departments."));
	}
}

/* ---- The page ------------------------------------------------------------------------------------- */

/* A date field: type=date, except when what was typed is not a date — a date input would show such
 * a value as empty, and the person must see what they typed to correct it. */
static void date_field(struct request *r, const char *name, const char *label, const char *value,
		       const struct field_errors *e)
{
	bool bad = field_error_for(e, name) != NULL;
	form_text(r, name, label, value, bad ? _("A date written as year-month-day, for example 2025-01-31.") : NULL, e,
		  bad ? "text" : "date", NULL);
}

static void print_form(struct request *r, const struct query *q, const struct department *deps, int ndeps,
		       const struct field_errors *e)
{
	html_printf(&r->body,
		    "<form class=\"filters\" method=\"get\" action=\"%s\" novalidate aria-labelledby=\"period-heading\">\n"
		    "<h2 id=\"period-heading\">%s</h2>\n<div class=\"filter-grid\">\n",
		    PATH, _("Choose a period and a department"));
	date_field(r, "from", _("First day"), q->from_in, e);
	date_field(r, "to", _("Last day"), q->to_in, e);
	struct form_option *opts = arena_alloc(&r->arena, sizeof *opts * (size_t)(ndeps + 1));
	for (int i = 0; i < ndeps; i++) {
		opts[i].value = arena_printf(&r->arena, "%lld", deps[i].id);
		opts[i].label = deps[i].name;
	}
	form_select(r, "department", _("Department"), q->department_in ? q->department_in : "", opts, ndeps, e, true);
	html_printf(&r->body,
		    "</div>\n<div class=\"actions\"><button type=\"submit\">%s</button>\n"
		    "<a href=\"%s\">%s</a></div>\n</form>\n",
		    _("Show statistics"), PATH, _("This year, all departments"));
}

/* One row of the table; the department's name (or "Total") is the row header. */
static void print_row(struct request *r, const struct feedback_stats_row *row, const char *name, bool total)
{
	/* Each cell names its column (data-label) for the narrow layout, where a row is a block. */
	html_printf(&r->body, total ? "<tr class=\"total\"><th scope=\"row\">%s</th>" : "<tr><th scope=\"row\">%s</th>", name);
	html_printf(&r->body, "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>",
		    C_("count", "Received"), count_text(r, row->received), _("Measured"), count_text(r, row->measured),
		    _("Answered in time"), count_text(r, row->within_target));
	html_printf(&r->body, "<td data-label=\"%s\">%s</td>", _("Share in time"),
		    row->measured > 0 ? number(r, (double)feedback_share_percent(row), 0, true) : "–");
	html_printf(&r->body, "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>", _("Median, working days"),
		    row->has_days ? number(r, row->median, 1, false) : "–", _("90th percentile, working days"),
		    row->has_days ? count_text(r, row->p90) : "–");
	html_printf(&r->body,
		    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>\n",
		    _("Open now"), count_text(r, row->open_now), _("Overdue now: acknowledgement"),
		    count_text(r, row->acknowledge_overdue_now), _("Overdue now: answer"), count_text(r, row->overdue_now));
}

static void print_table(struct request *r, const struct query *q, const struct feedback_stats *s)
{
	char caption[256];
	snprintf(caption, sizeof caption, _("Views and proposals received %s – %s, per department"), q->from, q->to);
	table_begin(r, "statistics", caption, false, 1, 1);
	html_printf(&r->body,
		    "<thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		    _("Department"), C_("count", "Received"), _("Measured"), _("Answered in time"), _("Share in time"),
		    _("Median, working days"), _("90th percentile, working days"), _("Open now"),
		    _("Overdue now: acknowledgement"), _("Overdue now: answer"));
	for (int i = 0; i < s->n; i++)
		print_row(r, &s->rows[i], s->rows[i].department, false);
	html_printf(&r->body, "</tbody>\n");
	/* With one department chosen, a total row would repeat its row. */
	if (!q->department_id) {
		html_printf(&r->body, "<tfoot>\n");
		print_row(r, &s->total, _("All departments"), true);
		html_printf(&r->body, "</tfoot>\n");
	}
	table_end(r);
}

/* Geometry of the chart. The height is in pixels and the widths in per cent of the page's width,
 * with no viewBox: on a narrow screen the bars get shorter while the text keeps its size, instead of
 * the whole drawing (text included) shrinking. A full bar is 80 % of the width, leaving room for
 * the percentage after it. */
#define CHART_ROW 52
#define CHART_TOP 8
#define CHART_FULL 80.0

/* Horizontal bars, one per department with a measured share; each department's name is written
 * above its bar and the percentage after it, so nothing depends on colour or on hovering. */
static void print_chart(struct request *r, const struct feedback_stats *s)
{
	int height = CHART_TOP * 2 + CHART_ROW * (s->n > 0 ? s->n : 1);
	html_printf(&r->body,
		    "<figure class=\"chart\">\n"
		    "<svg role=\"img\" aria-labelledby=\"chart-title chart-desc\" width=\"100%%\" height=\"%d\" "
		    "xmlns=\"http://www.w3.org/2000/svg\">\n"
		    "<title id=\"chart-title\">%s</title>\n<desc id=\"chart-desc\">%s</desc>\n",
		    height, _("Share answered within target, per department"),
		    _("A bar chart. The same figures as in the table above."));
	/* The 0 % line the bars grow from. */
	html_printf(&r->body, "<line class=\"axis\" x1=\"1\" y1=\"0\" x2=\"1\" y2=\"%d\"/>\n", height);
	for (int i = 0; i < s->n; i++) {
		const struct feedback_stats_row *row = &s->rows[i];
		int y = CHART_TOP + CHART_ROW * i;
		html_printf(&r->body, "<g class=\"row\">\n<text class=\"name\" x=\"2\" y=\"%d\">%s</text>\n", y + 16,
			    row->department);
		if (row->measured > 0) {
			long long pct = feedback_share_percent(row);
			double w = CHART_FULL * (double)pct / 100.0;
			/* Printed with a '.' whatever the language: these are SVG lengths, not text. */
			html_printf(&r->body,
				    "<rect class=\"bar\" x=\"1\" y=\"%d\" width=\"%.1f%%\" height=\"20\"/>\n"
				    "<text class=\"value\" x=\"%.1f%%\" y=\"%d\">%s</text>\n",
				    y + 24, w, w + 1.5, y + 40, number(r, (double)pct, 0, true));
		} else {
			html_printf(&r->body, "<text class=\"value\" x=\"8\" y=\"%d\">–</text>\n", y + 40);
		}
		html_printf(&r->body, "</g>\n");
	}
	html_printf(&r->body, "</svg>\n<figcaption>%s</figcaption>\n</figure>\n",
		    _("The same figures as in the table above. A department with nothing measured yet has no bar."));
}

/* What each column means, in words: the definitions feedback_stats.h works by. */
static void print_definitions(struct request *r)
{
	html_printf(&r->body,
		    "<h2 id=\"definitions\">%s</h2>\n<dl class=\"definitions\">\n"
		    "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
		    "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n",
		    _("How the figures are counted"), C_("count", "Received"),
		    _("Views and proposals that arrived in the period, including those hidden by moderation: hiding "
		      "a text does not lift the duty to answer it."),
		    _("Measured"),
		    _("Those of them that have been answered or closed, or whose answer date has passed. One that is "
		      "still open and not yet due can still be answered in time, so it is not counted against the "
		      "department."),
		    _("Answered in time, share in time"),
		    _("Answered on or before the answer date, and their share of those measured. Closed without an "
		      "answer counts as not answered."),
		    _("Median and 90th percentile"),
		    _("Working days from arrival to answer, over those answered. The median is the middle value; the "
		      "90th percentile is the number of days within which nine out of ten were answered."),
		    _("Open now, overdue now"),
		    _("Views and proposals not yet answered or closed, counted today whenever they arrived. A promise "
		      "is overdue from the day after its date (Swedish time) while it is not kept: the acknowledgement "
		      "when not acknowledged by its date, the answer when not answered by its date. The work queue "
		      "counts the same way."));
}

void page_feedback_statistics(struct request *r)
{
	struct department *deps = arena_alloc(&r->arena, sizeof *deps * DEPARTMENTS_MAX);
	int ndeps = department_list(r->store, &r->arena, deps, DEPARTMENTS_MAX);
	struct feedback_targets targets;
	if (ndeps < 0 || feedback_targets_load(r->store, &targets) != 0) {
		respond_outcome(r, store_outcome(r->store), NULL);
		return;
	}
	struct query q;
	struct field_errors e = {0};
	read_query(r, &q, deps, ndeps, &e);

	struct feedback_stats s;
	enum outcome o = e.n ? OUTCOME_OK : feedback_stats_compute(r->store, &r->arena, q.from, q.to, q.today,
								     q.department_id, &s);
	if (o != OUTCOME_OK) {
		respond_outcome(r, o, NULL);
		return;
	}

	const char *title = _("How we answer views and proposals");
	page_begin(r, e.n ? arena_printf(&r->arena, "%s %s", _("Error:"), title) : title);
	html_printf(&r->body, "<h1>%s</h1>\n", title);
	char ack[64], ans[64];
	snprintf(ack, sizeof ack, P_("%d working day", "%d working days", targets.acknowledge_days),
		 targets.acknowledge_days);
	snprintf(ans, sizeof ans, P_("%d working day", "%d working days", targets.answer_days), targets.answer_days);
	char promise[512];
	snprintf(promise, sizeof promise,
		 _("The municipality's promise: every view and proposal is acknowledged within %s and answered "
		   "within %s."),
		 ack, ans);
	html_printf(&r->body, "<p class=\"lead\">%s</p>\n", promise);
	html_printf(&r->body, "<p>%s</p>\n",
		    _("Working days are weekdays that are not public holidays. Here you can see, per department, how "
		      "many views and proposals arrived in a period and how many were answered in time."));
	form_error_summary(r, &e);
	print_form(r, &q, deps, ndeps, &e);
	if (e.n) {
		r->status = 422; /* as every form with field errors */
		page_end(r);
		return;
	}

	char heading[128];
	snprintf(heading, sizeof heading, _("Received %s – %s"), q.from, q.to);
	html_printf(&r->body, "<h2>%s</h2>\n", heading);
	char note[512];
	snprintf(note, sizeof note,
		 _("Open now and overdue now are counted today, %s, for every view and proposal whenever it "
		   "arrived; the other columns count those received in the period."),
		 q.today);
	html_printf(&r->body, "<p>%s <a href=\"#definitions\">%s</a></p>\n", note, _("How the figures are counted"));
	html_printf(&r->body, "<p id=\"overdue-now\">%s</p>\n",
		    arena_printf(&r->arena, _("Overdue now: acknowledgement %lld, answer %lld (of %lld open)."),
				 s.total.acknowledge_overdue_now, s.total.overdue_now, s.total.open_now));
	if (s.n == 0) {
		html_printf(&r->body, "<p>%s</p>\n",
			    _("No views or proposals arrived in this period, and none are open now."));
	} else {
		print_table(r, &q, &s);
		html_printf(&r->body, "<h2>%s</h2>\n", _("Share answered within target, per department"));
		print_chart(r, &s);
	}
	print_definitions(r);
	/* The same figures per principle, with the goals and the action plans, year by year. */
	html_printf(&r->body, "<p><a href=\"/uppfoljning/%.4s\">%s</a></p>\n", q.today,
		    _("The yearly follow-up: these figures per principle, with the goals and the action plans"));
	page_end(r);
}
