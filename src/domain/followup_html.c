/* followup_html: the follow-up's tables as HTML, escaped by base/html.h, and the document around
 * them with its own stylesheet so the file stands alone (mailed, archived, printed). */
#include "domain/followup_html.h"
#include "base/html.h"
#include "base/line_chart.h"
#include "base/i18n.h"
#include <stdio.h>
#include <string.h>

/* A number cell as the language writes it: a decimal comma in Swedish. Empty: a dash, so a
 * blank cell is never read as zero or as missing markup. */
static void cell_text(struct buf *out, const struct followup_cell *c)
{
	if (!*c->text) {
		html_raw(out, "–");
		return;
	}
	if (!c->number || strcmp(i18n_lang(), "sv") != 0 || !strchr(c->text, '.')) {
		html_printf(out, "%s", c->text);
		return;
	}
	char s[64];
	snprintf(s, sizeof s, "%s", c->text);
	*strchr(s, '.') = ',';
	html_printf(out, "%s", s);
}

/* Whether column j is the date of column j-1, shown in that cell (followup.h). */
static bool date_column(const struct followup_table *t, int j) { return t->dated && j > 0 && t->dated[j - 1]; }

/* The caption names the table for assistive technology only: the section's heading above says
 * the same to the eye. */
static void table_html(struct buf *out, const struct followup_table *t, const char *id)
{
	html_printf(out,
		    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"%s-caption\">\n"
		    "<table class=\"followup\">\n<caption id=\"%s-caption\" class=\"visually-hidden\">%s</caption>\n"
		    "<thead><tr>",
		    id, id, t->caption);
	int cols = 0;
	for (int j = 0; j < t->ncols; j++)
		if (!date_column(t, j)) {
			html_printf(out, "<th scope=\"col\">%s</th>", t->headers[j]);
			cols++;
		}
	html_printf(out, "</tr></thead>\n<tbody>\n");
	for (int i = 0; i < t->nrows; i++) {
		const struct followup_cell *row = &t->cells[i * t->ncols];
		bool total = t->total_row && i == t->nrows - 1;
		html_printf(out, total ? "<tr class=\"total\"><th scope=\"row\">%s</th>" : "<tr><th scope=\"row\">%s</th>",
			    row[0].text);
		for (int j = 1; j < t->ncols; j++) {
			if (date_column(t, j))
				continue;
			bool dated = t->dated && t->dated[j] && j + 1 < t->ncols;
			html_printf(out, row[j].number && !dated ? "<td class=\"number\" data-label=\"%s\">" : "<td data-label=\"%s\">",
				    t->headers[j]);
			cell_text(out, &row[j]);
			if (dated && *row[j].text && *row[j + 1].text)
				html_printf(out, " <span class=\"date\">(%s)</span>", row[j + 1].text);
			html_printf(out, "</td>");
		}
		html_printf(out, "</tr>\n");
	}
	if (t->nrows == 0)
		html_printf(out, "<tr><td colspan=\"%d\" data-label=\"%s\">%s</td></tr>\n", cols, t->headers[0],
			    _("None in this report."));
	html_printf(out, "</tbody>\n</table>\n</div>\n");
}

/* Each goal's values up to the year's end as a line chart with the baseline, the target and the
 * path between them; its text alternative says where the goal stands, and the goals' table above
 * has the figures. */
static void goal_charts(struct buf *out, struct arena *a, const struct followup_report *r, const char *id_prefix)
{
	for (int i = 0; i < r->ngoals; i++) {
		const struct followup_goal *fg = &r->goals[i];
		const struct goal *g = &fg->goal;
		struct line_point *points = arena_alloc(a, sizeof *points * (size_t)(fg->nvalues ? fg->nvalues : 1));
		const struct goal_value *latest = NULL;
		for (int k = 0; k < fg->nvalues; k++) {
			points[k] = (struct line_point){fg->values[k].measured_on, fg->values[k].value,
							fg->values[k].value_text == NULL};
			if (fg->values[k].value_text)
				latest = &fg->values[k];
		}
		struct line_chart c = {
			.id = arena_printf(a, "%sgoal-%lld", id_prefix, g->id),
			.title = arena_printf(a, _("Chart: %s"), g->statement),
			.description = goal_sentence(a, g, latest),
			.unit = g->unit,
			.points = points,
			.npoints = fg->nvalues,
			.has_baseline = true,
			.baseline = {g->baseline_on, g->baseline, false},
			.has_target = true,
			.target = {g->target_on, g->target, false},
		};
		html_printf(out, "<figure class=\"chart line\">\n");
		line_chart_svg(out, &c);
		html_printf(out, "<figcaption>%s: %s</figcaption>\n</figure>\n", goal_status_label(fg->status),
			    c.description);
	}
}

void followup_html_sections(struct buf *out, struct arena *a, const struct followup_report *r,
			    const struct followup_table *t, int n, const char *id_prefix)
{
	for (int k = 0; k < n; k++) {
		char id[64];
		snprintf(id, sizeof id, "%s%d", id_prefix, k + 1);
		html_printf(out, "<section class=\"%s\" aria-labelledby=\"%s-heading\">\n<h2 id=\"%s-heading\">%s</h2>\n",
			    t[k].unit && t[k].kind == FOLLOWUP_TABLE_PRINCIPLES ? "part unit" : "part", id, id,
			    t[k].caption);
		table_html(out, &t[k], id);
		if (t[k].kind == FOLLOWUP_TABLE_GOALS)
			goal_charts(out, a, r, id_prefix);
		html_printf(out, "</section>\n");
	}
}

void followup_html_definitions(struct buf *out)
{
	html_printf(out,
		    "<section class=\"part definitions\" aria-labelledby=\"followup-definitions\">\n"
		    "<h2 id=\"followup-definitions\">%s</h2>\n<dl>\n"
		    "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n"
		    "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n</section>\n",
		    _("How the figures are counted"), _("Dialogues held"),
		    _("Dialogues that were open at some time in the year: opened on or before 31 December and not "
		      "closed before 1 January. A dialogue serving several principles counts under each, and once in "
		      "the total."),
		    _("Submissions received, answered"),
		    _("Views and proposals that arrived in the year in a dialogue serving the principle (the total "
		      "counts every one once), and how many of them have been answered."),
		    _("Measured, answered in time, share in time"),
		    _("As on the feedback statistics page: those answered, closed or past their answer date, how "
		      "many of them were answered on or before it, and that share."),
		    _("Median working days to answer"), _("Working days from arrival to answer, over those answered."),
		    _("Actions planned, in progress, done, postponed, cancelled"),
		    _("The actions of the action plans whose period overlaps the year that serve the principle, by "
		      "their status now. An action serving several principles counts under each, and once in the "
		      "total."),
		    _("Goals"),
		    _("Each goal of the areas in the report, with its latest value measured in the year and its status "
		      "at the end of the year: the straight line from the baseline to the target says where it should "
		      "be."));
}

const char *followup_html_title(struct arena *a, const struct followup_report *r, const char *municipality)
{
	return arena_printf(a, _("Follow-up %d: %s"), r->year,
			    r->scope_name ? r->scope_name : municipality ? municipality : _("the whole municipality"));
}

/* The file's stylesheet: the site's look in brief, the narrow layout of data-label tables, and A4
 * landscape print with each department on a new page. */
static const char DOCUMENT_CSS[] =
	"*,*::before,*::after{box-sizing:border-box}"
	"html{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,Arial,sans-serif;line-height:1.5;color:#1f2328;"
	"background:#fff}"
	"body{margin:0 auto;max-width:60rem;padding:1rem;overflow-wrap:break-word}"
	".table-wrap{position:relative}"
	"h1{font-size:1.8rem;margin:0.5em 0}h2{font-size:1.3rem;margin:1.5em 0 0.5em}"
	"table{border-collapse:collapse;width:100%;margin:0 0 1rem}"
	"caption{caption-side:top;text-align:left;font-weight:600;padding:0 0 0.5rem}"
	"th,td{text-align:left;vertical-align:top;padding:0.4rem 0.6rem 0.4rem 0;border-bottom:1px solid #c6ccd2}"
	"thead th{border-bottom:2px solid #1f2328}td.number{text-align:right;white-space:nowrap}"
	"tr.total th,tr.total td{font-weight:600;border-top:2px solid #1f2328}"
	".visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;"
	"clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0}"
	".date{white-space:nowrap}"
	"figure{margin:0 0 1.5rem;break-inside:avoid}figure svg{max-width:100%;height:auto}"
	".table-wrap{overflow-x:auto}.meta{color:#4a5560}dt{font-weight:600}dd{margin:0 0 0.5rem}"
	"@media (max-width:40em){"
	".table-wrap table,.table-wrap tr,.table-wrap th,.table-wrap td,.table-wrap tbody{display:block}"
	".table-wrap thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}"
	".table-wrap tr{border-bottom:2px solid #c6ccd2;padding:0.5rem 0}"
	".table-wrap th,.table-wrap td{border:0;padding:0.15rem 0;text-align:left}"
	".table-wrap td[data-label]::before{content:attr(data-label) \": \";font-weight:600}}"
	/* Landscape, and the tables a little smaller, so that the widest tables fit the page's width: a
	 * table is not cut at the paper's edge. */
	"@page{size:A4 landscape;margin:12mm}"
	"@media print{body{max-width:none;padding:0;font-size:10pt}.table-wrap{overflow:visible}"
	"table{font-size:8pt}th,td{padding:0.2rem 0.3rem 0.2rem 0}"
	"section.unit{break-before:page}tr{break-inside:avoid}h2{break-after:avoid}}";

void followup_html_document(struct buf *out, struct arena *a, const struct followup_report *r,
			    const struct followup_table *t, int n, const char *municipality)
{
	const char *title = followup_html_title(a, r, municipality);
	html_printf(out,
		    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n<style>",
		    i18n_lang(), title);
	html_raw(out, DOCUMENT_CSS);
	html_printf(out, "</style>\n</head>\n<body>\n<main>\n<h1>%s</h1>\n", title);
	html_printf(out, "<p class=\"meta\">");
	html_printf(out, _("The year %d, as samverkan's data stood on %s."), r->year, r->today);
	html_printf(out, "</p>\n");
	followup_html_sections(out, a, r, t, n, "t");
	followup_html_definitions(out);
	html_printf(out, "</main>\n</body>\n</html>\n");
}
