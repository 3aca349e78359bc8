/* Fuzzes the working-day calendar with dates from 1583 to 9999 and asserts that workdays_between counts back the n that workdays_add stepped, that the counts add up over three dates, that add and parse invert format and add, and that Easter, holidays and the local date stay in their ranges. */
#include "base/clock.h"
#include "base/workdays.h"
#include "fuzz_common.h"

/* Counts stay within a few months: long enough to cross Easter, midsommar and the new year from
 * any date, short enough that each run takes microseconds (both functions walk day by day). */
#define MAX_N 60
#define MAX_SPAN 90

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	static workday_date first, last;
	if (!first) {
		first = workdays_from_ymd(1583, 1, 1);
		last = workdays_from_ymd(9999, 12, 31) - 2 * MAX_SPAN;
	}
	workday_date d = fuzz_range(&in, first + 2 * MAX_SPAN, last);
	int n = (int)fuzz_range(&in, -MAX_N, MAX_N);
	workday_date e = d + fuzz_range(&in, -MAX_SPAN, MAX_SPAN);
	workday_date f = e + fuzz_range(&in, -MAX_SPAN, MAX_SPAN);

	/* add and between are each other's inverse. */
	workday_date t = workdays_add(d, n);
	if (n == 0) {
		FUZZ_CHECK(t == d);
	} else {
		FUZZ_CHECK(workdays_is_working(t));
		FUZZ_CHECK(n > 0 ? t > d : t < d);
		/* Backwards, the start itself counts when it is a working day (between counts the
		 * days after `from` up to and including `to`). */
		if (n > 0 || workdays_is_working(d))
			FUZZ_CHECK(workdays_between(d, t) == n);
		if (workdays_is_working(d))
			FUZZ_CHECK(workdays_add(t, -n) == d);
	}
	FUZZ_CHECK(workdays_add(d, 1) == workdays_add(workdays_add(d, 0), 1));
	int de = workdays_between(d, e), ef = workdays_between(e, f);
	FUZZ_CHECK(de == -workdays_between(e, d));
	FUZZ_CHECK(de + ef == workdays_between(d, f));
	FUZZ_CHECK(e >= d ? de >= 0 && de <= e - d : de <= 0 && de >= e - d);

	/* Day names and weekdays. */
	int wd = workdays_weekday(d);
	FUZZ_CHECK(wd >= 0 && wd <= 6 && workdays_weekday(d + 7) == wd && workdays_weekday(d + 1) == (wd + 1) % 7);
	const char *holiday = workdays_holiday(d);
	FUZZ_CHECK(workdays_is_working(d) == (wd < 5 && holiday == NULL));
	if (holiday)
		FUZZ_CHECK(fuzz_utf8_ok(holiday, strlen(holiday)));

	/* format and parse are inverses over the whole range, and Easter is a Sunday 22 March to
	 * 25 April of the date's year. */
	char ymd[11];
	workdays_format(d, ymd);
	workday_date back;
	FUZZ_CHECK(workdays_parse(ymd, &back) && back == d);
	int year = atoi(ymd);
	workday_date easter = workdays_easter(year);
	FUZZ_CHECK(workdays_weekday(easter) == 6);
	FUZZ_CHECK(easter >= workdays_from_ymd(year, 3, 22) && easter <= workdays_from_ymd(year, 4, 25));
	FUZZ_CHECK(workdays_holiday(easter) != NULL && workdays_holiday(easter - 2) != NULL);

	/* Sweden is one or two hours ahead of UTC, so the local date is the UTC date or the next. */
	time_t when = (time_t)d * 86400 + (time_t)fuzz_range(&in, 0, 86399);
	int offset = clock_stockholm_offset(when);
	FUZZ_CHECK(offset == 3600 || offset == 7200);
	workday_date local = workdays_local_date(when);
	FUZZ_CHECK(local == d || local == d + 1);

	/* The rest of the input as a date someone typed: accepted only when it formats back to
	 * the same ten characters. */
	char *typed = fuzz_str(&in, 0, NULL);
	workday_date p;
	if (workdays_parse(typed, &p)) {
		workdays_format(p, ymd);
		FUZZ_CHECK(strcmp(ymd, typed) == 0);
	}
	free(typed);
	return 0;
}
