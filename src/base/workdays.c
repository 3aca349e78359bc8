/* workdays: Swedish working days as integer day numbers — calendar arithmetic, Easter, the
 * public holidays, and the local date in Sweden. */
#include "base/workdays.h"
#include "base/clock.h"
#include <stdio.h>
#include <string.h>

/* Floor division: day numbers before 1970 are negative and must still round towards -infinity. */
static long floor_div(long a, long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar, no tables, no
 * time zone and no time_t range limit. */
workday_date workdays_from_ymd(int year, int month, int day)
{
	long y = (long)year - (month <= 2);
	long era = floor_div(y, 400);
	long yoe = y - era * 400;
	long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse (civil_from_days). */
static void to_ymd(workday_date d, int *year, int *month, int *day)
{
	long z = d + 719468;
	long era = floor_div(z, 146097);
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = (int)(yoe + era * 400 + (*month <= 2));
}

static int days_in_month(int year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

bool workdays_parse(const char *ymd, workday_date *out)
{
	/* Exactly ten characters, digits where digits belong: "2024-1-1" and "2024-01-01x" are not
	 * dates, and sscanf alone would accept both. */
	if (!ymd || strlen(ymd) != 10 || ymd[4] != '-' || ymd[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (ymd[i] < '0' || ymd[i] > '9'))
			return false;
	int y = (ymd[0] - '0') * 1000 + (ymd[1] - '0') * 100 + (ymd[2] - '0') * 10 + (ymd[3] - '0');
	int m = (ymd[5] - '0') * 10 + (ymd[6] - '0');
	int d = (ymd[8] - '0') * 10 + (ymd[9] - '0');
	/* 1583: the first full year of the Gregorian calendar; earlier dates would be proleptic
	 * fiction in Sweden (which switched only in 1753) and nobody answers a submission then. */
	if (y < 1583 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return false;
	if (out)
		*out = workdays_from_ymd(y, m, d);
	return true;
}

void workdays_format(workday_date d, char out[11])
{
	int y, m, day;
	to_ymd(d, &y, &m, &day);
	/* Out-of-range years cannot fit ten characters; clamp them rather than truncate mid-date. */
	if (y < 0 || y > 9999) {
		memcpy(out, y < 0 ? "0000-01-01" : "9999-12-31", 11);
		return;
	}
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + day / 10);
	out[9] = (char)('0' + day % 10);
	out[10] = 0;
}

int workdays_weekday(workday_date d)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	long w = (d + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

workday_date workdays_easter(int year)
{
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4;
	int f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31;
	int day = (h + l - 7 * m + 114) % 31 + 1;
	return workdays_from_ymd(year, month, day);
}

const char *workdays_holiday(workday_date d)
{
	int y, m, day;
	to_ymd(d, &y, &m, &day);
	int wd = workdays_weekday(d);
	switch (m * 100 + day) {
	case 101: return "nyårsdagen";
	case 106: return "trettondedag jul";
	case 501: return "första maj";
	case 606: return "nationaldagen";
	case 1224: return "julafton";
	case 1225: return "juldagen";
	case 1226: return "annandag jul";
	case 1231: return "nyårsafton";
	default: break;
	}
	/* The movable days that fall on a weekday of their own. */
	if (m == 6 && wd == 4 && day >= 19 && day <= 25)
		return "midsommarafton";
	if (m == 6 && wd == 5 && day >= 20 && day <= 26)
		return "midsommardagen";
	if (wd == 5 && ((m == 10 && day == 31) || (m == 11 && day <= 6)))
		return "alla helgons dag";
	/* Easter-dependent days lie between 20 March (långfredagen at the earliest) and 3 June
	 * (Kristi himmelsfärdsdag at the latest); skip Easter for the rest of the year. */
	if (m < 3 || m > 6)
		return NULL;
	long off = d - workdays_easter(y);
	switch (off) {
	case -2: return "långfredagen";
	case 0: return "påskdagen";
	case 1: return "annandag påsk";
	case 39: return "Kristi himmelsfärdsdag";
	default: return NULL;
	}
}

bool workdays_is_working(workday_date d) { return workdays_weekday(d) < 5 && workdays_holiday(d) == NULL; }

workday_date workdays_add(workday_date d, int n)
{
	int step = n < 0 ? -1 : 1;
	for (int left = n < 0 ? -n : n; left > 0;) {
		d += step;
		if (workdays_is_working(d))
			left--;
	}
	return d;
}

int workdays_between(workday_date from, workday_date to)
{
	if (to < from)
		return -workdays_between(to, from);
	int n = 0;
	for (workday_date d = from + 1; d <= to; d++)
		if (workdays_is_working(d))
			n++;
	return n;
}

workday_date workdays_local_date(time_t t)
{
	long long local = (long long)t + clock_stockholm_offset(t);
	long long days = local / 86400 - (local % 86400 < 0);
	return (workday_date)days;
}
