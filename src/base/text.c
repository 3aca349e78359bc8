/* text: folding of UTF-8 text for comparisons that ignore case and spacing. */
#include "base/text.h"
#include <ctype.h>

/* U+00C0–U+00DE are the capitals of U+00E0–U+00FE (× excepted): in UTF-8 0xC3 and a second
 * byte 0x20 apart. */
static bool latin1_capital(const unsigned char *p)
{
	return p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0x9E && p[1] != 0x97;
}

void text_lower(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p; p++) {
		if (*p < 0x80)
			*p = (unsigned char)tolower(*p);
		else if (latin1_capital(p))
			*++p += 0x20;
	}
}

bool text_fold(const char *s, char *out, size_t outsz, bool loose)
{
	size_t n = 0;
	bool gap = false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (isspace(*p) || (loose && (*p == '-' || *p == '_'))) {
			gap = n > 0;
			continue;
		}
		if (n + 4 >= outsz)
			return false;
		if (gap)
			out[n++] = ' ';
		gap = false;
		if (*p < 0x80) {
			out[n++] = (char)tolower(*p);
		} else if (latin1_capital(p)) {
			out[n++] = (char)0xC3;
			out[n++] = (char)(p[1] + 0x20);
			p++;
		} else {
			out[n++] = (char)*p;
		}
	}
	if (n >= outsz)
		return false;
	out[n] = 0;
	return true;
}
