/* followup_pages: the public yearly follow-up (/uppfoljning) — choose a year, read the report for
 * the municipality, a committee or a department, and download it as one HTML file, CSV or xlsx. */
#include "web/pages.h"
#include "web/form.h"
#include "web/layout.h"
#include "web/view.h"
#include "base/clock.h"
#include "base/html.h"
#include "base/i18n.h"
#include "domain/department.h"
#include "domain/feedback_clock.h"
#include "domain/followup.h"
#include "domain/followup_html.h"
#include "domain/municipality.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PATH "/uppfoljning"
/* The years offered on the index: this one and the ones before it. */
#define YEARS_LISTED 6
#define UNITS_MAX 512

static int this_year(void)
{
	char today[11];
	feedback_local_date(clock_now(), today);
	return atoi(today);
}

void page_followup_index(struct request *r)
{
	const char *title = _("Yearly follow-up");
	page_begin(r, title);
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", title,
		    _("How the municipality worked with the policy's nine principles in a year: dialogues, views and "
		      "proposals and how they were answered, what happened next, the goals and the action plans. "
		      "Everything is counted from samverkan's own data."));
	html_printf(&r->body, "<h2>%s</h2>\n<ul class=\"years\">\n", _("Choose a year"));
	int year = this_year();
	for (int y = year; y > year - YEARS_LISTED && y >= FOLLOWUP_YEAR_MIN; y--)
		html_printf(&r->body, "<li><a href=\"%s/%d\">%s</a></li>\n", PATH, y,
			    arena_printf(&r->arena, _("Follow-up %d"), y));
	html_printf(&r->body, "</ul>\n");
	page_end(r);
}

/* The address's last segment: "2026", "2026.html", "2026.csv" or "2026.xlsx". */
enum format { FORMAT_PAGE, FORMAT_HTML, FORMAT_CSV, FORMAT_XLSX };
static bool read_segment(const char *seg, int *year, enum format *f)
{
	static const struct {
		const char *suffix;
		enum format f;
	} suffixes[] = {{"", FORMAT_PAGE}, {".html", FORMAT_HTML}, {".csv", FORMAT_CSV}, {".xlsx", FORMAT_XLSX}};
	if (!seg || strlen(seg) < 4)
		return false;
	char digits[5];
	memcpy(digits, seg, 4);
	digits[4] = 0;
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
		if (strcmp(seg + 4, suffixes[i].suffix) == 0 && followup_year_parse(digits, year)) {
			*f = suffixes[i].f;
			return true;
		}
	return false;
}

/* The scope's query (?namnd=CODE or ?forvaltning=CODE), for the download links. */
static const char *scope_query(struct request *r, const char *committee, const char *department)
{
	struct buf q = BUF_INIT;
	query_add(&q, "namnd", committee);
	query_add(&q, "forvaltning", department);
	const char *s = arena_strdup(&r->arena, buf_str(&q));
	buf_free(&q);
	return s;
}

static void scope_form(struct request *r, int year, const char *committee, const char *department,
		       const struct field_errors *e)
{
	struct committee *cs = arena_alloc(&r->arena, sizeof *cs * UNITS_MAX);
	struct department *ds = arena_alloc(&r->arena, sizeof *ds * UNITS_MAX);
	int nc = committee_list(r->store, &r->arena, cs, UNITS_MAX);
	int nd = department_list(r->store, &r->arena, ds, UNITS_MAX);
	struct form_option *copts = arena_alloc(&r->arena, sizeof *copts * (size_t)(nc > 0 ? nc : 1));
	struct form_option *dopts = arena_alloc(&r->arena, sizeof *dopts * (size_t)(nd > 0 ? nd : 1));
	for (int i = 0; i < nc; i++)
		copts[i] = (struct form_option){cs[i].code, cs[i].name};
	for (int i = 0; i < nd; i++)
		dopts[i] = (struct form_option){ds[i].code, ds[i].name};
	html_printf(&r->body,
		    "<form class=\"filters\" method=\"get\" action=\"%s/%d\" aria-labelledby=\"scope-heading\">\n"
		    "<h2 id=\"scope-heading\">%s</h2>\n<div class=\"filter-grid\">\n",
		    PATH, year, _("The whole municipality, a committee or a department"));
	form_select(r, "namnd", _("Committee"), committee ? committee : "", copts, nc > 0 ? nc : 0, e, true);
	form_select(r, "forvaltning", _("Department"), department ? department : "", dopts, nd > 0 ? nd : 0, e, true);
	html_printf(&r->body,
		    "</div>\n<div class=\"actions\"><button type=\"submit\">%s</button>\n"
		    "<a href=\"%s/%d\">%s</a></div>\n</form>\n",
		    _("Show the follow-up"), PATH, year, _("The whole municipality"));
}

static void send_file(struct request *r, const struct followup_report *rep, const struct followup_table *t, int n,
		      enum format f)
{
	buf_reset(&r->body);
	if (f == FORMAT_HTML) {
		followup_html_document(&r->body, &r->arena, rep, t, n, municipality_name(r->store, &r->arena));
		r->content_type = "text/html; charset=utf-8";
	} else if (f == FORMAT_CSV) {
		followup_csv(t, n, &r->body);
		r->content_type = "text/csv; charset=utf-8";
	} else {
		if (followup_xlsx(t, n, &r->body) != 0) {
			buf_reset(&r->body);
			respond_failed(r);
			return;
		}
		r->content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	}
	r->status = 200;
	const char *ext = f == FORMAT_HTML ? "html" : f == FORMAT_CSV ? "csv" : "xlsx";
	response_header(r, "content-disposition",
			arena_printf(&r->arena, "attachment; filename=\"uppfoljning-%d%s%s.%s\"", rep->year,
				     rep->scope_code ? "-" : "", rep->scope_code ? rep->scope_code : "", ext));
	response_header(r, "cache-control", "no-cache");
}

void page_followup_year(struct request *r)
{
	int year;
	enum format f;
	if (r->nroute_args < 1 || !read_segment(r->route_args[0], &year, &f)) {
		respond_not_found(r);
		return;
	}
	const char *committee = param_get(&r->query, "namnd");
	const char *department = param_get(&r->query, "forvaltning");
	if (committee && !*committee)
		committee = NULL;
	if (department && !*department)
		department = NULL;
	struct followup_report rep;
	struct field_errors e = {0};
	enum outcome o = followup_build(r->store, &r->arena, year, committee, department, &rep, &e);
	if (o != OUTCOME_OK && !(o == OUTCOME_INVALID && f == FORMAT_PAGE)) {
		request_back(r, arena_printf(&r->arena, "%s/%d", PATH, year), _("The whole municipality"));
		respond_outcome(r, o, &e);
		return;
	}
	const char *title = arena_printf(&r->arena, _("Follow-up %d"), year);
	if (o == OUTCOME_INVALID) {
		/* Both a committee and a department chosen: the form again, with what was chosen. */
		r->status = 422;
		page_begin(r, arena_printf(&r->arena, "%s %s", _("Error:"), title));
		html_printf(&r->body, "<h1>%s</h1>\n", title);
		form_error_summary(r, &e);
		scope_form(r, year, committee, department, &e);
		page_end(r);
		return;
	}
	int max = followup_tables_max(&rep);
	struct followup_table *t = arena_alloc(&r->arena, sizeof *t * (size_t)max);
	int n = followup_tables(&rep, &r->arena, t, max);
	if (f != FORMAT_PAGE) {
		send_file(r, &rep, t, n, f);
		return;
	}
	const char *heading = followup_html_title(&r->arena, &rep, municipality_name(r->store, &r->arena));
	page_begin(r, heading);
	html_printf(&r->body, "<h1>%s</h1>\n<p class=\"lead\">%s</p>\n", heading,
		    arena_printf(&r->arena, _("The year %d, as samverkan's data stood on %s."), year, rep.today));
	scope_form(r, year, committee, department, NULL);
	const char *q = scope_query(r, committee, department);
	const char *sep = *q ? "?" : "";
	html_printf(&r->body,
		    "<h2 id=\"downloads\">%s</h2>\n<ul class=\"downloads\">\n"
		    "<li><a href=\"%s/%d.html%s%s\" download>%s</a></li>\n"
		    "<li><a href=\"%s/%d.csv%s%s\" download>%s</a></li>\n"
		    "<li><a href=\"%s/%d.xlsx%s%s\" download>%s</a></li>\n</ul>\n",
		    _("Download"), PATH, year, sep, q, _("The report as one HTML file, ready to print"), PATH, year, sep, q,
		    _("The figures as CSV"), PATH, year, sep, q, _("The figures as an Excel workbook, one sheet per table"));
	followup_html_sections(&r->body, &r->arena, &rep, t, n, "followup-");
	followup_html_definitions(&r->body);
	html_printf(&r->body, "<p><a href=\"%s\">%s</a></p>\n", PATH, _("Other years"));
	page_end(r);
}
