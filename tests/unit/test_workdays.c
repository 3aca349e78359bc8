/* test_workdays: Swedish working days against real calendars — Easter and the days that move
 * with it, midsummer, All Saints, the year's turn — plus date parsing and the add/between pair. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/clock.h"
#include "base/workdays.h"
#include <string.h>

static workday_date D(const char *ymd)
{
	workday_date d;
	if (!workdays_parse(ymd, &d))
		fail_msg("test table holds a bad date: %s", ymd);
	return d;
}

static void assert_date(workday_date d, const char *expected)
{
	char got[11];
	workdays_format(d, got);
	if (strcmp(got, expected) != 0)
		fail_msg("expected %s, got %s", expected, got);
}

/* Per year: påskdagen, långfredagen, annandag påsk, Kristi himmelsfärdsdag, midsommarafton,
 * midsommardagen, alla helgons dag. Checked against published Swedish calendars
 * (tidochdatum.se, kalender-365.se, helgdagen.se for 2017, 2021, 2024, 2026, 2027, 2030) and
 * against Easter tables. 2038 has the latest possible Easter (25 April), 2285 the earliest
 * (22 March). */
static const struct {
	int year;
	const char *easter, *good_friday, *easter_monday, *ascension, *midsummer_eve, *midsummer_day, *all_saints;
} years[] = {
	{2017, "2017-04-16", "2017-04-14", "2017-04-17", "2017-05-25", "2017-06-23", "2017-06-24", "2017-11-04"},
	{2019, "2019-04-21", "2019-04-19", "2019-04-22", "2019-05-30", "2019-06-21", "2019-06-22", "2019-11-02"},
	{2020, "2020-04-12", "2020-04-10", "2020-04-13", "2020-05-21", "2020-06-19", "2020-06-20", "2020-10-31"},
	{2021, "2021-04-04", "2021-04-02", "2021-04-05", "2021-05-13", "2021-06-25", "2021-06-26", "2021-11-06"},
	{2022, "2022-04-17", "2022-04-15", "2022-04-18", "2022-05-26", "2022-06-24", "2022-06-25", "2022-11-05"},
	{2023, "2023-04-09", "2023-04-07", "2023-04-10", "2023-05-18", "2023-06-23", "2023-06-24", "2023-11-04"},
	{2024, "2024-03-31", "2024-03-29", "2024-04-01", "2024-05-09", "2024-06-21", "2024-06-22", "2024-11-02"},
	{2025, "2025-04-20", "2025-04-18", "2025-04-21", "2025-05-29", "2025-06-20", "2025-06-21", "2025-11-01"},
	{2026, "2026-04-05", "2026-04-03", "2026-04-06", "2026-05-14", "2026-06-19", "2026-06-20", "2026-10-31"},
	{2027, "2027-03-28", "2027-03-26", "2027-03-29", "2027-05-06", "2027-06-25", "2027-06-26", "2027-11-06"},
	{2030, "2030-04-21", "2030-04-19", "2030-04-22", "2030-05-30", "2030-06-21", "2030-06-22", "2030-11-02"},
	{2038, "2038-04-25", "2038-04-23", "2038-04-26", "2038-06-03", "2038-06-25", "2038-06-26", "2038-11-06"},
	{2285, "2285-03-22", "2285-03-20", "2285-03-23", "2285-04-30", "2285-06-19", "2285-06-20", "2285-10-31"},
};

static void assert_holiday(const char *ymd, const char *name)
{
	const char *got = workdays_holiday(D(ymd));
	if (!got || strcmp(got, name) != 0)
		fail_msg("%s: expected %s, got %s", ymd, name, got ? got : "(no holiday)");
	assert_false(workdays_is_working(D(ymd)));
}

static void easter_and_the_days_that_move_with_it_match_real_calendars(void **state)
{
	for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
		assert_date(workdays_easter(years[i].year), years[i].easter);
		assert_holiday(years[i].easter, "påskdagen");
		assert_holiday(years[i].good_friday, "långfredagen");
		assert_holiday(years[i].easter_monday, "annandag påsk");
		assert_holiday(years[i].ascension, "Kristi himmelsfärdsdag");
		assert_int_equal(workdays_weekday(D(years[i].good_friday)), 4);
		assert_int_equal(workdays_weekday(D(years[i].ascension)), 3);
		/* Skärtorsdagen and the Tuesday after Easter are ordinary working days. */
		assert_true(workdays_is_working(D(years[i].good_friday) - 1));
		assert_true(workdays_is_working(D(years[i].easter_monday) + 1));
	}
}

static void midsummer_and_all_saints_fall_on_the_right_weekend(void **state)
{
	for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
		assert_holiday(years[i].midsummer_eve, "midsommarafton");
		assert_holiday(years[i].midsummer_day, "midsommardagen");
		assert_holiday(years[i].all_saints, "alla helgons dag");
		assert_int_equal(workdays_weekday(D(years[i].midsummer_eve)), 4);
		/* The Friday a week before midsummer eve is no holiday, nor the one after All Saints. */
		assert_null(workdays_holiday(D(years[i].midsummer_eve) - 7));
		assert_null(workdays_holiday(D(years[i].midsummer_eve) + 7));
		assert_null(workdays_holiday(D(years[i].all_saints) + 7));
		assert_null(workdays_holiday(D(years[i].all_saints) - 7));
	}
}

static void fixed_holidays_and_eves_are_named(void **state)
{
	static const struct {
		const char *date, *name;
	} fixed[] = {
		{"2026-01-01", "nyårsdagen"},   {"2026-01-06", "trettondedag jul"}, {"2026-05-01", "första maj"},
		{"2026-06-06", "nationaldagen"}, {"2026-12-24", "julafton"},        {"2026-12-25", "juldagen"},
		{"2026-12-26", "annandag jul"},  {"2026-12-31", "nyårsafton"},      {"2025-12-24", "julafton"},
		{"2027-01-01", "nyårsdagen"},   {"2027-01-06", "trettondedag jul"},
	};
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		assert_holiday(fixed[i].date, fixed[i].name);
	/* Not on the list: pingstdagen is a Sunday anyway, annandag pingst stopped being a holiday in
	 * 2005, and the eves of Easter, Whitsun and Twelfth Night are ordinary days. */
	assert_null(workdays_holiday(D("2026-05-25"))); /* annandag pingst, a Monday */
	assert_true(workdays_is_working(D("2026-05-25")));
	assert_true(workdays_is_working(D("2026-01-05"))); /* trettondagsafton, a Monday */
	assert_true(workdays_is_working(D("2026-04-02"))); /* skärtorsdagen */
	assert_true(workdays_is_working(D("2026-04-30"))); /* valborgsmässoafton */
	/* Weekends are not working days but not holidays either. */
	assert_null(workdays_holiday(D("2026-11-28")));
	assert_false(workdays_is_working(D("2026-11-28")));
	assert_false(workdays_is_working(D("2026-11-29")));
	assert_true(workdays_is_working(D("2026-11-27")));
}

static void weekdays_and_day_numbers_are_right(void **state)
{
	assert_int_equal(D("1970-01-01"), 0);
	assert_int_equal(D("2000-03-01"), 11017);
	assert_int_equal(D("1969-12-31"), -1);
	assert_int_equal(workdays_from_ymd(2024, 2, 29), D("2024-02-29"));
	assert_int_equal(workdays_weekday(D("1970-01-01")), 3); /* a Thursday */
	assert_int_equal(workdays_weekday(D("2024-01-01")), 0); /* a Monday */
	assert_int_equal(workdays_weekday(D("2000-01-01")), 5); /* a Saturday */
	assert_int_equal(workdays_weekday(D("1969-12-28")), 6); /* a Sunday, before the epoch */
	assert_int_equal(workdays_weekday(D("2026-11-26")), 3);
	assert_date(D("1600-02-29"), "1600-02-29");
}

static void year_boundaries_are_counted_right(void **state)
{
	/* 2026: nyårsafton is a Thursday, nyårsdagen 2027 a Friday, trettondedag jul a Wednesday. */
	assert_date(workdays_add(D("2026-12-30"), 1), "2027-01-04");
	assert_date(workdays_add(D("2026-12-30"), 2), "2027-01-05");
	assert_date(workdays_add(D("2026-12-30"), 3), "2027-01-07");
	assert_date(workdays_add(D("2027-01-07"), -3), "2026-12-30");
	assert_int_equal(workdays_between(D("2026-12-30"), D("2027-01-07")), 3);
	assert_int_equal(workdays_between(D("2027-01-07"), D("2026-12-30")), -3);
	/* From the day before julafton over the whole holiday: 28, 29 and 30 December are the only
	 * working days. */
	assert_date(workdays_add(D("2026-12-23"), 1), "2026-12-28");
	assert_int_equal(workdays_between(D("2026-12-23"), D("2027-01-03")), 3);
}

static void counts_across_christmas_and_easter(void **state)
{
	/* Friday 20 December 2024: 23, 27, 30 December, 2 and 3 January (24–26, 31 December,
	 * 1 January are closed). */
	assert_date(workdays_add(D("2024-12-20"), 5), "2025-01-03");
	/* …and on to 20, skipping trettondedag jul (Monday 6 January 2025). */
	assert_date(workdays_add(D("2024-12-20"), 20), "2025-01-27");
	assert_int_equal(workdays_between(D("2024-12-20"), D("2025-01-27")), 20);
	/* Wednesday 16 April 2025: Thursday 17th, then långfredagen, Easter, annandag påsk. */
	assert_date(workdays_add(D("2025-04-16"), 5), "2025-04-25");
	assert_date(workdays_add(D("2025-04-16"), 20), "2025-05-19"); /* 1 May skipped too */
	/* Tuesday 31 March 2026: Easter 3–6 April. */
	assert_date(workdays_add(D("2026-03-31"), 5), "2026-04-09");
	assert_date(workdays_add(D("2026-03-31"), 20), "2026-04-30");
	assert_int_equal(workdays_between(D("2026-03-31"), D("2026-04-30")), 20);
	/* A submission on a Saturday with n = 5 is due the following Friday. */
	assert_date(workdays_add(D("2025-03-01"), 5), "2025-03-07");
	/* n = 0 is the day itself, even a holiday. */
	assert_date(workdays_add(D("2026-12-25"), 0), "2026-12-25");
	assert_int_equal(workdays_between(D("2026-12-25"), D("2026-12-25")), 0);
	/* Backwards from Tuesday after Easter 2026 to the Thursday before. */
	assert_date(workdays_add(D("2026-04-07"), -1), "2026-04-02");
	/* A holiday or weekend at the end counts nothing. */
	assert_int_equal(workdays_between(D("2026-04-02"), D("2026-04-06")), 0);
}

static void invalid_dates_are_refused(void **state)
{
	static const char *const bad[] = {
		"2025-02-29", "2024-13-01", "2024-1-1",   "2024-00-10", "2024-04-31", "1900-02-29", "2024-01-00",
		"2024-01-32", "",           "2024-01-01x", " 2024-01-01", "2024/01/01", "1582-12-31", "abcd-ef-gh",
		"2024-01-1",  "+024-01-01", "2024--1-01",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		workday_date d = 12345;
		if (workdays_parse(bad[i], &d))
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(d, 12345);
	}
	assert_false(workdays_parse(NULL, NULL));
	assert_true(workdays_parse("2024-02-29", NULL));
	assert_true(workdays_parse("2000-02-29", NULL));
	assert_true(workdays_parse("1583-01-01", NULL));
	assert_true(workdays_parse("9999-12-31", NULL));
}

/* Every day of 1583–2400: formatting and parsing undo each other, weekdays follow each other,
 * and counting the working days back gives what was added. */
static void round_trips_over_centuries(void **state)
{
	workday_date first = D("1583-01-01"), last = D("2400-12-31");
	for (workday_date d = first; d <= last; d++) {
		char s[11];
		workdays_format(d, s);
		workday_date back;
		if (!workdays_parse(s, &back) || back != d)
			fail_msg("%ld formats as %s which does not parse back", d, s);
		assert_int_equal(workdays_weekday(d + 1), (workdays_weekday(d) + 1) % 7);
	}
	for (workday_date d = D("2019-01-01"); d <= D("2031-12-31"); d++) {
		static const int ns[] = {0, 1, 2, 3, 5, 10, 20, 60};
		for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
			int n = ns[i];
			workday_date e = workdays_add(d, n);
			if (workdays_between(d, e) != n)
				fail_msg("between(d, add(d, %d)) != %d at %ld", n, n, d);
			if (n > 0 && !workdays_is_working(e))
				fail_msg("add(d, %d) landed on a closed day at %ld", n, d);
			/* Backwards from a working day returns to it. */
			if (workdays_is_working(d)) {
				workday_date b = workdays_add(d, -n);
				if (workdays_between(b, d) != n || workdays_add(b, n) != d)
					fail_msg("add(d, -%d) does not count back at %ld", n, d);
			}
		}
	}
}

static void local_date_follows_swedish_time(void **state)
{
	static const struct {
		const char *utc, *local;
	} cases[] = {
		{"2026-12-31T22:59:59Z", "2026-12-31"}, /* CET: 23:59:59 */
		{"2026-12-31T23:00:00Z", "2027-01-01"}, /* CET: midnight */
		{"2026-06-30T21:59:00Z", "2026-06-30"}, /* CEST: 23:59 */
		{"2026-06-30T22:00:00Z", "2026-07-01"}, /* CEST: midnight */
		{"2026-03-28T22:59:00Z", "2026-03-28"}, /* the night before summer time: CET */
		{"2026-03-28T23:00:00Z", "2026-03-29"},
		{"2026-10-24T22:30:00Z", "2026-10-25"}, /* still CEST: 00:30 */
		{"2026-10-25T22:59:00Z", "2026-10-25"}, /* CET again: 23:59 */
		{"2026-10-25T23:00:00Z", "2026-10-26"},
		{"1969-12-31T23:30:00Z", "1970-01-01"}, /* before the epoch */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		time_t t = clock_parse(cases[i].utc);
		assert_true(t != (time_t)-1);
		char got[11];
		workdays_format(workdays_local_date(t), got);
		if (strcmp(got, cases[i].local) != 0)
			fail_msg("%s: expected %s, got %s", cases[i].utc, cases[i].local, got);
	}
	/* The switch itself: 01:00 UTC on the last Sundays of March and October 2026. */
	assert_int_equal(clock_stockholm_offset(clock_parse("2026-03-29T00:59:59Z")), 3600);
	assert_int_equal(clock_stockholm_offset(clock_parse("2026-03-29T01:00:00Z")), 7200);
	assert_int_equal(clock_stockholm_offset(clock_parse("2026-10-25T00:59:59Z")), 7200);
	assert_int_equal(clock_stockholm_offset(clock_parse("2026-10-25T01:00:00Z")), 3600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(easter_and_the_days_that_move_with_it_match_real_calendars),
		cmocka_unit_test(midsummer_and_all_saints_fall_on_the_right_weekend),
		cmocka_unit_test(fixed_holidays_and_eves_are_named),
		cmocka_unit_test(weekdays_and_day_numbers_are_right),
		cmocka_unit_test(year_boundaries_are_counted_right),
		cmocka_unit_test(counts_across_christmas_and_easter),
		cmocka_unit_test(invalid_dates_are_refused),
		cmocka_unit_test(round_trips_over_centuries),
		cmocka_unit_test(local_date_follows_swedish_time),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
