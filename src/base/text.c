/* text: the one check of stored text (clean UTF-8, NFC, trimmed, a length in characters), and folding. */
#include "base/text.h"
#include "base/arena.h"
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

size_t text_utf8_char(const char *s, size_t n)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
	return len > 0 ? (size_t)len : 0;
}

bool text_utf8_valid(const char *s, size_t n)
{
	while (n > 0) {
		size_t len = text_utf8_char(s, n);
		if (!len)
			return false;
		s += len;
		n -= len;
	}
	return true;
}

long text_chars(const char *s, bool lines)
{
	long n = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
	while (*p) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate(p, -1, &cp);
		if (len <= 0)
			return -1;
		bool line_break = cp == '\n' || cp == '\r' || cp == '\t';
		if ((cp < 0x20 && !(lines && line_break)) || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFD)
			return -1;
		p += len;
		n++;
	}
	return n;
}

bool text_space(long cp)
{
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0xFEFF)
		return true;
	return cp >= 0x80 && cp <= 0x10FFFF && utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ZS;
}

/* Length in bytes of the white space character at p, or 0 when there is none there. */
static size_t space_at(const char *p)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
	return len > 0 && text_space(cp) ? (size_t)len : 0;
}

const char *text_trim(struct arena *a, const char *s)
{
	if (!s)
		return "";
	for (size_t k; *s && (k = space_at(s)) > 0;)
		s += k;
	/* The end of the last character that is not a space: walk forwards, since UTF-8 cannot be
	 * decoded backwards without looking at the bytes before. */
	const char *end = s;
	for (const char *p = s; *p;) {
		size_t k = space_at(p);
		if (k) {
			p += k;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
		p += len > 0 ? (size_t)len : 1;
		end = p;
	}
	return arena_strndup(a, s, (size_t)(end - s));
}

enum text_problem text_field(struct arena *a, const char *in, bool lines, long max, const char **out)
{
	const char *t = text_trim(a, in);
	*out = t;
	if (text_chars(t, lines) < 0)
		return TEXT_BROKEN;
	size_t len = strlen(t), nlen;
	if (text_has_non_ascii(t, len)) {
		char *nfc = text_nfc(t, len, &nlen);
		if (!nfc)
			return TEXT_BROKEN;
		*out = t = arena_strndup(a, nfc, nlen);
		free(nfc);
	}
	return max >= 0 && text_chars(t, lines) > max ? TEXT_TOO_LONG : TEXT_OK;
}

bool text_same_set(const char *const *a, int na, const char *const *b, int nb)
{
	if (na != nb)
		return false;
	for (int i = 0; i < na; i++) {
		bool found = false;
		for (int j = 0; j < nb && !found; j++)
			found = strcmp(a[i], b[j]) == 0;
		if (!found)
			return false;
	}
	return true;
}
