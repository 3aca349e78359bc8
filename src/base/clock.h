/* clock: the current time, which tests and demonstrations may move with SAMVERKAN_NOW. */
#ifndef SAMVERKAN_CLOCK_H
#define SAMVERKAN_CLOCK_H
#include <time.h>

/* Now, or the ISO 8601 time in $SAMVERKAN_NOW when it is set. */
time_t clock_now(void);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" (UTC) into out[21]. */
void clock_iso(time_t t, char out[21]);
/* Writes "YYYY-MM-DD" (UTC) into out[11]. */
void clock_date(time_t t, char out[11]);
/* Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM[:SS][Z]" as UTC; returns -1 when it is not such a time. */
time_t clock_parse(const char *s);
/* Seconds to add to UTC for Swedish local time (Europe/Stockholm) at t: 3600, or 7200 in summer
 * time, which by the EU rule runs from the last Sunday of March to the last Sunday of October,
 * switching at 01:00 UTC. */
int clock_stockholm_offset(time_t t);

#endif
