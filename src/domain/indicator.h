/* indicator: the indicators samverkan computes from its own data for goals, and the recompute
 * that keeps each day's value beside the earlier ones, so history is never rewritten. */
#ifndef SAMVERKAN_INDICATOR_H
#define SAMVERKAN_INDICATOR_H
#include "base/outcome.h"
#include "domain/goal.h"
#include "store/store.h"
#include <stdbool.h>
#include <time.h>

struct mail_settings;

/* One kind of computed indicator. */
struct indicator_kind {
	const char *code;  /* as stored in goal.indicator */
	const char *label; /* English msgid; translate with _() where shown */
	const char *unit;  /* English msgid of its natural unit */
	bool by_department;   /* takes a department (0: every department) */
	bool by_organisation; /* takes a district and a target group (of the organisations counted) */
};

/*
 * The kinds (every one counts over the goal's period ending on the day computed: "year" is the
 * calendar year up to that day, "12m" the twelve months up to it):
 * - answered_in_time: the share (%) of submissions answered within the target, by the one
 *   definition in feedback_stats.h (received in the period; a submission still open and not yet
 *   due does not count). No submission to measure: no value.
 * - median_answer_days: the median of the working days to answer, over those answered
 *   (feedback_stats.h). None answered: no value.
 * - dialogues_held: dialogues that opened in the period (opens_on in it) and are open, closed
 *   or reported — not drafts or plans.
 * - organisations_taking_part: distinct organisations that took part in the period: those in
 *   whose name a view or proposal was received in it (an invited organisation answers this way);
 *   with a department, only those sent to it. With a district or target group: only organisations
 *   registered with it. (Attending events joins the count when samverkan has events.)
 * - dialogues_reported: the share (%) of dialogues that closed in the period (closes_on in it)
 *   whose "what happened next" report is published. None closed: no value.
 * - organisations_confirmed: organisations in the register whose details were confirmed within
 *   the re-confirmation period (organisation_confirm_cutoff: the last 15 months), optionally of a
 *   district or target group. Not limited by the goal's period.
 */
int indicator_kinds(const struct indicator_kind **out);
const struct indicator_kind *indicator_kind_by_code(const char *code);

/* The indicator's value for goal g on the local date `today` ("YYYY-MM-DD"): *has false when
 * there is nothing to measure. OUTCOME_OK, OUTCOME_INVALID for a goal that is not computed, or the
 * store's outcome. */
enum outcome indicator_compute(struct store *st, const struct goal *g, const char *today, bool *has, double *value);

/* Computes goal g's value for `today` and stores it as that day's value (replacing only
 * today's, so a second recompute the same day changes nothing else and past values stay as they
 * were), audited, in one transaction. */
enum outcome goal_recompute(struct store *st, const struct goal *g, const char *today);
/* goal_recompute for every computed goal; *done (may be NULL) counts them. Stops at the first
 * failure, whose outcome it returns. */
enum outcome goal_recompute_all(struct store *st, const char *today, int *done);
/* Once a day (claimed through job_run, so one node of many does it): goal_recompute_all for the
 * local date of now. 1 when it ran, 0 when done already today, -1 on a failure. */
int indicator_recompute_due(struct store *st, time_t now);
/* For jobs_add: indicator_recompute_due at clock_now(), errors logged. */
void indicator_job(struct store *st, const struct mail_settings *ms);

#endif
