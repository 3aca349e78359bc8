/* feedback_clock: STUB — being written. */
#include "domain/feedback_clock.h"
#include <stdio.h>
int feedback_targets_load(struct store *st, struct feedback_targets *out)
{
	out->acknowledge_days = FEEDBACK_ACKNOWLEDGE_DAYS;
	out->answer_days = FEEDBACK_ANSWER_DAYS;
	return 0;
}
void feedback_due_dates(const struct feedback_targets *t, const char *received_on, char a[11], char b[11])
{
	snprintf(a, 11, "%s", received_on);
	snprintf(b, 11, "%s", received_on);
}
void feedback_local_date(time_t t, char out[11]) { snprintf(out, 11, "1970-01-01"); }
