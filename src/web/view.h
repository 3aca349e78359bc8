/* view: the small pieces of HTML every page family writes the same way (as cgit's ui-shared.c). */
#ifndef SAMVERKAN_VIEW_H
#define SAMVERKAN_VIEW_H
#include "web/request.h"

#define VIEW_SUMMARY_BYTES 220

/* A notice that something was done ("Saved."), announced by screen readers (role=status). */
void view_status(struct request *r, const char *text);
/* Plain text with its line breaks as paragraphs (blank lines dropped); the text is escaped. */
void view_paragraphs(struct request *r, const char *text);
/* The first VIEW_SUMMARY_BYTES of a text, cut at a word and never inside a UTF-8 sequence, with
 * "…" when cut; "" for NULL. In the request's arena. */
const char *view_summary(struct request *r, const char *text);
/* A date "YYYY-MM-DD" (or the date part of an ISO time) as <time>, or `none` when there is none. */
void view_day(struct request *r, const char *day, const char *none);
/* An ISO 8601 UTC time as recorded, "YYYY-MM-DD HH:MM" in a <time>, or `none`. For logs and
 * technical lists, where the stored time is the point. */
void view_utc_time(struct request *r, const char *iso, const char *none);
/* An ISO 8601 UTC time as the municipality's local "YYYY-MM-DD HH:MM" in a <time>, or `none`. */
void view_local_time(struct request *r, const char *iso, const char *none);

/* The start of a paged list: page_begin with `title` on page 1 and `paged_title` (a translated
 * format with two %d: this page and the number of pages) after it, so a screen reader and the
 * browser's history tell the pages apart (NULL: one title for every page); then the heading and,
 * when not NULL, the lead. */
void view_list_begin(struct request *r, const char *title, const char *paged_title, int page, int pages,
		     const char *lead);

/* The filters of a list's form (after its search field, if any), in a <details> that is open while
 * nothing is asked for and closed once a filter is chosen or a search made (`searched`): the
 * results then start on a phone's first screen. The summary is `label`, with how many filters are
 * chosen. view_filters_end closes it. */
void view_filters_grid_begin(struct request *r, const char *label, int chosen, bool searched);
/* The end of a list's filter form: the submit button, a link that clears the filters (back to
 * `action`), and when `ignored` a notice that a filter in the address was not recognised. */
void view_filters_end(struct request *r, const char *action, const char *submit_label, bool ignored);
/* The heading over a list's results: the count as text (already in words) and "(page 2/5)" when
 * there are several pages. Its id "results" is where the page links lead. */
void view_results_heading(struct request *r, const char *count, int page, int pages);

/* An e-mail address as a mailto: link, or `none` (may be NULL) when there is none. */
void view_email_link(struct request *r, const char *email, const char *none);
/* A phone number as typed, linked as tel: with only its digits (and a leading +), so a phone can
 * dial it; or `none` (may be NULL) when there is none. */
void view_phone_link(struct request *r, const char *phone, const char *none);

#endif
