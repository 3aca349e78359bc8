/* cmd_workdays: `samverkan workdays add|between` — the feedback clock's Swedish working-day
 * arithmetic at the command line, to check a due date by hand. */
#include "cli/cli.h"
#include "base/workdays.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* About four centuries of working days: far beyond any deadline, and small enough that the
 * answer stays inside the years a date may have. */
#define WORKDAYS_MAX_N 100000

static const char *const weekday_names[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
					     "Friday", "Saturday", "Sunday"};

static void explain_day(workday_date d, int counted)
{
	char ymd[11];
	workdays_format(d, ymd);
	const char *holiday = workdays_holiday(d);
	if (counted > 0)
		printf("  %s %-9s working day %d\n", ymd, weekday_names[workdays_weekday(d)], counted);
	else if (holiday)
		printf("  %s %-9s not counted: %s\n", ymd, weekday_names[workdays_weekday(d)], holiday);
	else
		printf("  %s %-9s not counted: weekend\n", ymd, weekday_names[workdays_weekday(d)]);
}

/* Options and the positional arguments, by hand rather than getopt: N may be negative, and
 * "-3" is a number here, not an option. Returns 0, or the exit code to return (help, error). */
static int parse_args(const char *cmd, int argc, char **argv, const char *usage, bool *explain, char **pos,
		      int npos)
{
	int n = 0;
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool number = a[0] == '-' && a[1] >= '0' && a[1] <= '9';
		if (!options_done && a[0] == '-' && a[1] && !number) {
			if (strcmp(a, "--") == 0)
				options_done = true;
			else if (strcmp(a, "--explain") == 0)
				*explain = true;
			else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
				fputs(usage, stdout);
				return -1;
			} else
				return cli_usage_error(cmd, "unknown option '%s'", a);
			continue;
		}
		if (n == npos)
			return cli_usage_error(cmd, "unexpected argument '%s'", a);
		pos[n++] = argv[i];
	}
	if (n < npos)
		return cli_usage_error(cmd, "needs %d arguments, got %d", npos, n);
	return 0;
}

static int parse_date(const char *cmd, const char *what, const char *s, workday_date *out)
{
	if (workdays_parse(s, out))
		return 0;
	return cli_usage_error(cmd, "%s '%s' is not a date: write YYYY-MM-DD, a real calendar date from year 1583 on",
			       what, s);
}

int cmd_workdays_add(int argc, char **argv)
{
	static const char usage[] =
		"usage: samverkan workdays add [--explain] DATE N\n\n"
		"Prints the date N Swedish working days after DATE (YYYY-MM-DD); a negative N counts\n"
		"backwards. DATE itself never counts, so a Saturday plus 5 is the following Friday. Weekends,\n"
		"the public holidays and midsommarafton, julafton and nyårsafton are not working days — the\n"
		"same count the feedback clock uses for due dates. --explain lists every day it stepped over.\n";
	const char *cmd = "workdays add";
	bool explain = false;
	char *pos[2];
	int rc = parse_args(cmd, argc, argv, usage, &explain, pos, 2);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	workday_date d;
	if ((rc = parse_date(cmd, "DATE", pos[0], &d)) != 0)
		return rc;
	char *end;
	errno = 0;
	long n = strtol(pos[1], &end, 10);
	if (end == pos[1] || *end || errno || n < -WORKDAYS_MAX_N || n > WORKDAYS_MAX_N)
		return cli_usage_error(cmd, "N '%s' is not a whole number of working days from %d to %d", pos[1],
				       -WORKDAYS_MAX_N, WORKDAYS_MAX_N);
	workday_date result = workdays_add(d, (int)n);
	if (result < workdays_from_ymd(1583, 1, 1) || result > workdays_from_ymd(9999, 12, 31))
		return cli_usage_error(cmd, "the answer would fall outside the years 1583-9999");
	char ymd[11];
	workdays_format(result, ymd);
	if (explain) {
		char from[11];
		workdays_format(d, from);
		long abs_n = n < 0 ? -n : n;
		printf("%s %s %ld working day%s:\n", from, n < 0 ? "minus" : "plus", abs_n, abs_n == 1 ? "" : "s");
		int step = n < 0 ? -1 : 1, counted = 0;
		for (workday_date x = d; x != result;) {
			x += step;
			bool working = workdays_is_working(x);
			explain_day(x, working ? ++counted : 0);
		}
	}
	printf("%s\n", ymd);
	return 0;
}

int cmd_workdays_between(int argc, char **argv)
{
	static const char usage[] =
		"usage: samverkan workdays between [--explain] DATE1 DATE2\n\n"
		"Prints how many Swedish working days lie after DATE1 up to and including DATE2 (negative\n"
		"when DATE2 is before DATE1): the days the feedback clock counts from a submission's arrival\n"
		"to its answer. --explain lists the days one by one.\n";
	const char *cmd = "workdays between";
	bool explain = false;
	char *pos[2];
	int rc = parse_args(cmd, argc, argv, usage, &explain, pos, 2);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	workday_date from, to;
	if ((rc = parse_date(cmd, "DATE1", pos[0], &from)) != 0 || (rc = parse_date(cmd, "DATE2", pos[1], &to)) != 0)
		return rc;
	int n = workdays_between(from, to);
	if (explain) {
		workday_date lo = from < to ? from : to, hi = from < to ? to : from;
		char a[11], b[11];
		workdays_format(lo, a);
		workdays_format(hi, b);
		printf("working days after %s up to and including %s%s:\n", a, b,
		       to < from ? " (DATE2 is before DATE1, so the count is negative)" : "");
		int counted = 0;
		for (workday_date x = lo + 1; x <= hi; x++)
			explain_day(x, workdays_is_working(x) ? ++counted : 0);
	}
	printf("%d\n", n);
	return 0;
}
