/* text: folding of UTF-8 text for comparisons that ignore case and spacing, and its normal form. */
#include "base/text.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

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
		/* This step's bytes (a space, then one byte or a folded capital's two) and the NUL
		 * must fit; a flat margin refused folded text that fits, depending on its letters. */
		if (n + gap + (latin1_capital(p) ? 2 : 1) >= outsz)
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

bool text_blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

bool text_has_non_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return true;
	return false;
}

char *text_nfc(const char *s, size_t len, size_t *outlen)
{
	if (!text_has_non_ascii(s, len)) {
		char *copy = malloc(len + 1);
		if (!copy)
			return NULL;
		memcpy(copy, s, len);
		copy[len] = 0;
		*outlen = len;
		return copy;
	}
	utf8proc_uint8_t *out = NULL;
	/* STABLE: no unassigned code points are touched, so the result is the same with a later
	 * Unicode version; COMPOSE without DECOMPOSE/COMPAT is exactly NFC. */
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
					  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return NULL;
	*outlen = (size_t)n;
	return (char *)out;
}

char *text_like_contains(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(2 * n + 3), *p = out;
	if (!out)
		return NULL;
	*p++ = '%';
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '!')
			*p++ = '!';
		*p++ = *s;
	}
	*p++ = '%';
	*p = 0;
	text_lower(out);
	return out;
}
