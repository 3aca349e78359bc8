/* workdays: Swedish working days — every day but Saturdays, Sundays and the public holidays
 * (and the eves the municipality keeps closed) — for any year of the Gregorian calendar. */
#ifndef SAMVERKAN_WORKDAYS_H
#define SAMVERKAN_WORKDAYS_H
#include <stdbool.h>
#include <time.h>

/* Dates are day numbers: days since 1970-01-01 in the proleptic Gregorian calendar, so adding
 * and comparing dates is integer arithmetic and no time zone is involved. */
typedef long workday_date;

/* "YYYY-MM-DD" (a real calendar date, years 1583–9999) → day number; false when it is not one. */
bool workdays_parse(const char *ymd, workday_date *out);
/* Day number → "YYYY-MM-DD" in out[11]. */
void workdays_format(workday_date d, char out[11]);
workday_date workdays_from_ymd(int year, int month, int day);
/* 0 Monday … 6 Sunday. */
int workdays_weekday(workday_date d);
/* Easter Sunday of the year (anonymous Gregorian algorithm). */
workday_date workdays_easter(int year);

/* The Swedish name of the holiday or closed eve on d ("långfredagen", "midsommarafton", …),
 * or NULL on any other day (weekends included). The list: nyårsdagen, trettondedag jul,
 * långfredagen, påskdagen, annandag påsk, första maj, Kristi himmelsfärdsdag, nationaldagen,
 * midsommarafton (the Friday 19–25 June), midsommardagen, alla helgons dag (the Saturday
 * 31 October – 6 November), julafton, juldagen, annandag jul, nyårsafton. */
const char *workdays_holiday(workday_date d);
/* Neither a weekend nor a day named by workdays_holiday. */
bool workdays_is_working(workday_date d);

/* The date n working days after d (d itself never counts, so a submission on a Saturday with
 * n = 5 is due the following Friday); n = 0 is d; negative n counts backwards. */
workday_date workdays_add(workday_date d, int n);
/* Working days after `from` up to and including `to` (0 when to ≤ from … see below): the number
 * n such that workdays_add(from, n) is the first working day on or after `to` when `to` is a
 * working day. Negative when to is before from: -(workdays_between(to, from)). */
int workdays_between(workday_date from, workday_date to);

/* The calendar date in Sweden (Europe/Stockholm, EU summer-time rule) at time t. */
workday_date workdays_local_date(time_t t);

#endif
