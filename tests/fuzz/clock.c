/* Fuzzes clock_parse and asserts that what it accepts has digits where "YYYY-MM-DD[THH:MM[:SS]]" has them and means exactly that UTC time, whose day clock_iso and clock_date write back. */
#include "base/clock.h"
#include "base/workdays.h"
#include "fuzz_common.h"

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static int num(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	char *s = fuzz_str(&in, 0, NULL);
	size_t len = strlen(s);
	time_t t = clock_parse(s);
	if (t == -1) {
		free(s);
		return 0;
	}
	/* The date: ten characters, digits and dashes, a real day (workdays_from_ymd is the
	 * independent arithmetic). */
	FUZZ_CHECK(len >= 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' && digits(s + 8, 2));
	long long want = (long long)workdays_from_ymd(num(s, 4), num(s + 5, 2), num(s + 8, 2)) * 86400;
	if (len > 10) {
		/* The time: HH:MM, and :SS when a colon follows; what comes after (a Z, a zone or
		 * fractions from a database) is not read. */
		FUZZ_CHECK((s[10] == 'T' || s[10] == ' ') && len >= 16 && digits(s + 11, 2) && s[13] == ':' &&
			   digits(s + 14, 2));
		want += num(s + 11, 2) * 3600 + num(s + 14, 2) * 60;
		if (s[16] == ':') {
			FUZZ_CHECK(len >= 19 && digits(s + 17, 2));
			want += num(s + 17, 2);
		}
	}
	FUZZ_CHECK((long long)t == want);
	/* Written back, the day is the same; strftime's %Y has no leading zeros, so years before
	 * 1000 (which nothing stores) are left out. */
	if (s[0] != '0') {
		char iso[21], date[11];
		clock_iso(t, iso);
		clock_date(t, date);
		FUZZ_CHECK(strncmp(date, s, 10) == 0 && strncmp(iso, date, 10) == 0);
	}
	free(s);
	return 0;
}
