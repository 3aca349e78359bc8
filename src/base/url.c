/* url: the shared check and normal form of a typed web address (see url.h). */
#include "base/url.h"
#include "base/arena.h"
#include "base/text.h"
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

const char *url_web_address(struct arena *a, const char *s, size_t max_bytes)
{
	if (!s)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7F || strchr("\"<>\\^`{|}", *p))
			return NULL;
	/* People write "www.example.se" or "example.se"; browsers would take both as https. */
	const char *url = strstr(s, "://") ? s : arena_printf(a, "https://%s", s);
	const char *rest;
	if (strncasecmp(url, "https://", 8) == 0)
		rest = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		rest = url + 7;
	else
		return NULL;
	size_t hostlen = strcspn(rest, "/?#");
	const char *port = memchr(rest, ':', hostlen);
	size_t namelen = port ? (size_t)(port - rest) : hostlen;
	if (port) {
		size_t digits = hostlen - namelen - 1;
		long value = 0;
		if (digits < 1 || digits > 5)
			return NULL;
		for (size_t i = 1; i <= digits; i++) {
			if (!isdigit((unsigned char)port[i]))
				return NULL;
			value = value * 10 + (port[i] - '0');
		}
		if (value < 1 || value > 65535)
			return NULL;
	}
	/* Labels of letters, digits and hyphens (or non-ASCII letters of an IDN such as ekerö.se),
	 * at least two of them; "user@host" is refused because it hides the real host. */
	bool dot = false;
	size_t label = 0;
	for (size_t i = 0; i < namelen; i++) {
		unsigned char ch = (unsigned char)rest[i];
		if (ch == '.') {
			if (label == 0)
				return NULL;
			dot = true;
			label = 0;
		} else if (isalnum(ch) || ch == '-' || ch >= 0x80) {
			label++;
		} else {
			return NULL;
		}
	}
	if (!dot || label == 0 || strlen(url) > max_bytes || text_chars(url, false) < 0)
		return NULL;
	/* Scheme and host are case-insensitive; the path is not, so only they are lower-cased. */
	char *out = arena_strdup(a, url);
	size_t scheme = (size_t)(rest - url);
	for (size_t i = 0; i < scheme + namelen; i++)
		out[i] = (char)tolower((unsigned char)out[i]);
	return out;
}
