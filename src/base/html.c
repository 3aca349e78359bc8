/* html: escaping printf for HTML; escaping lives here and nowhere else (cgit's lesson). */
#include "base/html.h"
#include "base/log.h"
#include <stdio.h>
#include <string.h>

void html_escape(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '`': rep = "&#96;"; break;
		default: continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, rep);
		start = i + 1;
	}
	buf_append(b, s + start, n - start);
}

void html_raw(struct buf *b, const char *trusted) { buf_puts(b, trusted); }

void url_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_putc(b, (char)*p);
		} else {
			char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_append(b, enc, 3);
		}
	}
}

/* Walks the format; each conversion is handed to vsnprintf on its own except %s, which is
 * escaped. Only conversions whose argument types we know are accepted. */
void html_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_puts(b, p);
			return;
		}
		buf_append(b, p, (size_t)(pct - p));
		const char *q = pct + 1;
		if (*q == '%') {
			buf_putc(b, '%');
			p = q + 1;
			continue;
		}
		while (*q && strchr("-+ #0", *q))
			q++;
		while (*q >= '0' && *q <= '9')
			q++;
		if (*q == '.') {
			q++;
			while (*q >= '0' && *q <= '9')
				q++;
		}
		int longs = 0, size_t_mod = 0;
		while (*q == 'l') {
			longs++;
			q++;
		}
		if (*q == 'z') {
			size_t_mod = 1;
			q++;
		}
		char conv = *q;
		char spec[32];
		size_t speclen = (size_t)(q - pct + 1);
		if (speclen >= sizeof spec)
			speclen = sizeof spec - 1;
		memcpy(spec, pct, speclen);
		spec[speclen] = 0;
		switch (conv) {
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (s)
				html_escape(b, s, strlen(s));
			break;
		}
		case 'd': case 'i': case 'u': case 'x': case 'X':
			if (size_t_mod)
				buf_printf(b, spec, va_arg(ap, size_t));
			else if (longs >= 2)
				buf_printf(b, spec, va_arg(ap, long long));
			else if (longs == 1)
				buf_printf(b, spec, va_arg(ap, long));
			else
				buf_printf(b, spec, va_arg(ap, int));
			break;
		case 'f': case 'g': case 'e':
			buf_printf(b, spec, va_arg(ap, double));
			break;
		case 'c':
			html_escape(b, (char[]){(char)va_arg(ap, int)}, 1);
			break;
		default:
			/* An unknown conversion is a programming error: its argument's type is unknown, so
			 * the rest cannot be read safely. It shows as itself and the bug is reported. */
			log_bug("html_printf: unknown conversion %s in \"%.60s\"", spec, fmt);
			buf_puts(b, spec);
			return;
		}
		p = q + 1;
	}
}

void html_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vprintf(b, fmt, ap);
	va_end(ap);
}
