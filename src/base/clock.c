/* clock: wall-clock time in UTC (injectable through SAMVERKAN_NOW for tests) and Swedish local time. */
#include "base/clock.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether s begins with the shape of pat, where 'd' stands for one digit. */
static int shaped(const char *s, const char *pat)
{
	for (; *pat; s++, pat++)
		if (*pat == 'd' ? *s < '0' || *s > '9' : *s != *pat)
			return 0;
	return 1;
}

time_t clock_parse(const char *s)
{
	if (!s)
		return -1;
	struct tm tm = {0};
	int n = 0;
	/* The shape first: %d alone also takes signs, spaces and single digits, which let
	 * "2026-12-31T23:1:18" through as 23:01:18. */
	if (!shaped(s, "dddd-dd-dd"))
		return -1;
	if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) != 3 || n != 10)
		return -1;
	if (s[10] == 'T' || s[10] == ' ') {
		int m = 0;
		if (!shaped(s + 11, "dd:dd") || sscanf(s + 11, "%2d:%2d%n", &tm.tm_hour, &tm.tm_min, &m) != 2)
			return -1;
		if (s[11 + m] == ':') {
			if (!shaped(s + 12 + m, "dd"))
				return -1;
			sscanf(s + 12 + m, "%2d", &tm.tm_sec);
		}
	} else if (s[10] != 0) {
		return -1;
	}
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	int mon = tm.tm_mon, mday = tm.tm_mday;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	/* timegm normalises 31 February into March; such a date was not valid input. */
	if (tm.tm_mon != mon - 1 || tm.tm_mday != mday)
		return -1;
	return t;
}

time_t clock_now(void)
{
	const char *fake = getenv("SAMVERKAN_NOW");
	if (fake && *fake) {
		time_t t = clock_parse(fake);
		if (t != -1)
			return t;
	}
	return time(NULL);
}

void clock_iso(time_t t, char out[21])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void clock_date(time_t t, char out[11])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* The Sunday on or before the last day of the month, at 01:00 UTC: the EU switches then. */
static time_t last_sunday_0100_utc(int year, int month, int last_day)
{
	struct tm tm = {.tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = last_day, .tm_hour = 1};
	time_t t = timegm(&tm);
	struct tm check;
	gmtime_r(&t, &check);
	return t - (time_t)check.tm_wday * 86400;
}

int clock_stockholm_offset(time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	int year = tm.tm_year + 1900;
	time_t start = last_sunday_0100_utc(year, 3, 31), end = last_sunday_0100_utc(year, 10, 31);
	return t >= start && t < end ? 7200 : 3600;
}
