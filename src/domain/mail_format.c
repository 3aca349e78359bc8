/* mail_format: RFC 5322 and MIME by hand — header encoding (RFC 2047), quoted-printable bodies
 * (RFC 2045) and the HTML alternative — because a message is small and these rules are few. */
#include "domain/mail_format.h"
#include "base/html.h"
#include "base/i18n.h"
#include "base/smtp.h"
#include "domain/municipality.h"
#include <ctype.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CRLF "\r\n"
#define FOLD_AT 78

static bool is_plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
	return true;
}

/* A header value as one line of text: every control character (a line break above all, which
 * would start a header of the sender's choosing) becomes a space. */
static char *one_line(const char *s)
{
	char *out = strdup(s ? s : "");
	if (!out)
		abort();
	for (char *p = out; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return out;
}

/* Appends s as RFC 2047 encoded-words (=?UTF-8?B?…?=), each at most 75 characters and never
 * splitting a UTF-8 sequence, separated by a fold. */
static void encoded_words(struct buf *b, const char *s)
{
	/* 45 bytes are 60 base64 characters: with "=?UTF-8?B?" and "?=" a word of 72. */
	const size_t max_raw = 45;
	size_t len = strlen(s), pos = 0;
	bool first = true;
	while (pos < len || first) {
		size_t n = len - pos < max_raw ? len - pos : max_raw;
		while (n && pos + n < len && ((unsigned char)s[pos + n] & 0xc0) == 0x80)
			n--; /* s[pos + n] continues a character: end the word before that character */
		char b64[max_raw / 3 * 4 + 4 + 1];
		sodium_bin2base64(b64, sizeof b64, (const unsigned char *)s + pos, n, sodium_base64_VARIANT_ORIGINAL);
		if (!first)
			buf_puts(b, CRLF " ");
		buf_printf(b, "=?UTF-8?B?%s?=", b64);
		pos += n;
		first = false;
	}
}

/* Unstructured text (Subject): as it is when it is printable ASCII, folded at spaces to keep
 * lines near 78; otherwise as encoded-words. Text that merely looks like an encoded-word is
 * encoded too, so a reader shows what was written. */
static void header_text(struct buf *b, const char *name, const char *raw)
{
	char *s = one_line(raw);
	buf_printf(b, "%s: ", name);
	size_t col = strlen(name) + 2;
	bool longest_word_ok = true;
	for (const char *p = s; *p;) {
		size_t w = strcspn(p, " ");
		if (w > 900)
			longest_word_ok = false;
		p += w;
		p += strspn(p, " ");
	}
	if (!is_plain_ascii(s) || strstr(s, "=?") || !longest_word_ok) {
		encoded_words(b, s);
	} else {
		/* Fold before a word that would pass the limit; the space stays in front of it. */
		const char *p = s;
		bool at_start = true;
		while (*p) {
			size_t sp = strspn(p, " "), w = strcspn(p + sp, " ");
			if (!at_start && col + sp + w > FOLD_AT && w) {
				buf_puts(b, CRLF);
				col = 0;
			}
			buf_append(b, p, sp + w);
			col += sp + w;
			p += sp + w;
			at_start = false;
		}
	}
	buf_puts(b, CRLF);
	free(s);
}

/* A display name as a quoted-string when it is ASCII, else as encoded-words. */
static void display_name(struct buf *b, const char *name)
{
	if (is_plain_ascii(name) && !strstr(name, "=?")) {
		buf_putc(b, '"');
		for (const char *p = name; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *p);
		}
		buf_putc(b, '"');
	} else {
		encoded_words(b, name);
	}
}

/* "Name <addr>" or "addr", the name encoded; false when the address is not one. */
static bool mailbox_header(struct buf *b, const char *header, const char *name, const char *addr, size_t addr_len)
{
	if (!smtp_address_ok(addr, addr_len))
		return false;
	buf_printf(b, "%s: ", header);
	char *n = one_line(name);
	/* Trim, and drop quotes the configuration put around the name. */
	char *s = n, *e = n + strlen(n);
	while (*s == ' ')
		s++;
	while (e > s && e[-1] == ' ')
		e--;
	if (e - s >= 2 && *s == '"' && e[-1] == '"')
		s++, e--;
	*e = 0;
	if (*s) {
		display_name(b, s);
		buf_puts(b, (strlen(header) + 2 + (size_t)(e - s) + addr_len + 4 > FOLD_AT) ? CRLF " <" : " <");
	} else {
		buf_putc(b, '<');
	}
	buf_append(b, addr, addr_len);
	buf_puts(b, ">" CRLF);
	free(n);
	return true;
}

/* RFC 5322 date, in English whatever the language, as the standard wants. */
static void date_header(struct buf *b, time_t t)
{
	static const char days[][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	gmtime_r(&t, &tm);
	buf_printf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000" CRLF, days[tm.tm_wday], tm.tm_mday,
		   months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* Quoted-printable (RFC 2045 6.7): lines of at most 76 characters with soft breaks, CRLF hard
 * breaks for the text's own newlines (LF, CRLF or CR), '=' and non-ASCII as =XX, a space or tab
 * before a line end encoded, and a dot (or the F of "From ") at the start of a line encoded, so no
 * line of the message is a lone "." whatever the SMTP client does. */
static void quoted_printable(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\r' || *p == '\n') {
			if (*p == '\r' && p[1] == '\n')
				p++;
			buf_puts(b, CRLF);
			col = 0;
			continue;
		}
		bool line_end = p[1] == 0 || p[1] == '\r' || p[1] == '\n';
		bool literal = (*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !line_end);
		/* A dot starting a line could end the SMTP data; "From " starting a line is changed
		 * to ">From " by mbox-style delivery. */
		if (col == 0 && (*p == '.' || strncmp((const char *)p, "From ", 5) == 0))
			literal = false;
		size_t width = literal ? 1 : 3;
		/* Leave room for the soft break's '=' unless this is the line's last character. */
		if (col + width > (line_end ? 76 : 75)) {
			buf_puts(b, "=" CRLF);
			col = 0;
			if (*p == '.')
				literal = false, width = 3;
		}
		if (literal) {
			buf_putc(b, (char)*p);
		} else {
			char enc[3] = {'=', hex[*p >> 4], hex[*p & 15]};
			buf_append(b, enc, 3);
		}
		col += width;
	}
	/* The line break before a boundary belongs to the boundary (RFC 2046 5.1.1): this one, so
	 * a text that ends with a newline keeps it. */
	buf_puts(b, CRLF);
}

/* The plain-text URL at s (http:// or https://, up to white space, without the punctuation that
 * usually ends a sentence), or 0. */
static size_t url_at(const char *s)
{
	if (strncmp(s, "http://", 7) != 0 && strncmp(s, "https://", 8) != 0)
		return 0;
	size_t n = strcspn(s, " \t\r\n<>\"");
	while (n && strchr(".,;:!?)'", s[n - 1]))
		n--;
	return n > 8 ? n : 0;
}

/* Plain text as HTML: escaped, blank lines between paragraphs, single newlines as <br>, and
 * web addresses as links. */
static void text_to_html(struct buf *b, const char *text)
{
	const char *p = text;
	while (*p) {
		while (*p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		buf_puts(b, "<p>");
		while (*p) {
			if (*p == '\r') {
				p++;
				continue;
			}
			if (*p == '\n') {
				const char *q = p + 1;
				while (*q == '\r' || *q == ' ' || *q == '\t')
					q++;
				if (*q == '\n' || !*q)
					break; /* a blank line: the paragraph ends */
				buf_puts(b, "<br>\n");
				p++;
				continue;
			}
			size_t u = (p == text || !isalnum((unsigned char)p[-1])) ? url_at(p) : 0;
			if (u) {
				char *url = strndup(p, u);
				html_printf(b, "<a href=\"%s\">%s</a>", url, url);
				free(url);
				p += u;
				continue;
			}
			size_t n = strcspn(p, "\r\nh");
			if (n == 0)
				n = 1;
			html_escape(b, p, n);
			p += n;
		}
		buf_puts(b, "</p>\n");
	}
}

static void html_document(struct buf *b, const struct mail *m, const char *lang, const char *subject,
			  const char *sender, const char *unsubscribe_url)
{
	html_printf(b,
		    "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n"
		    "</head>\n<body>\n"
		    "<div style=\"font-family: sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; "
		    "max-width: 40em\">\n",
		    lang, subject);
	if (m->html) {
		/* A fragment the feature wrote with the HTML writer: its escaping is done. */
		html_raw(b, m->html);
		buf_putc(b, '\n');
	} else {
		text_to_html(b, m->text);
	}
	html_printf(b, "<p style=\"color: #4a4a4a\">%s</p>\n", sender);
	if (unsubscribe_url)
		html_printf(b, "<hr>\n<p style=\"font-size: 14px\">%s <a href=\"%s\">%s</a></p>\n",
			    _("You get this message because of your notification settings. To change them or to stop "
			      "these messages:"),
			    unsubscribe_url, _("your notification settings"));
	buf_puts(b, "</div>\n</body>\n</html>\n");
}

int mail_format(struct buf *out, const struct mail *m, const char *message_id, const char *mail_from,
		const char *sender, const char *base_url, time_t date, char *err, size_t errsz)
{
	if (errsz)
		err[0] = 0;
	if (!sender || !*sender)
		sender = MUNICIPALITY_FALLBACK_NAME;
	const char *lang = m->lang && strcmp(m->lang, "en") == 0 ? "en" : "sv";
	bool notification = m->kind && strcmp(m->kind, "transactional") != 0;
	char *unsubscribe = NULL;
	if (notification) {
		size_t n = strlen(base_url ? base_url : "");
		while (n && base_url[n - 1] == '/')
			n--;
		struct buf u = BUF_INIT;
		buf_append(&u, base_url ? base_url : "", n);
		buf_puts(&u, MAIL_PREFERENCES_PATH);
		unsubscribe = buf_detach(&u);
	}

	struct buf h = BUF_INIT;
	date_header(&h, date);
	const char *from_addr;
	size_t from_len;
	if (!mail_from || !smtp_mailbox_address(mail_from, &from_addr, &from_len)) {
		snprintf(err, errsz, "mail_from '%s' is not an e-mail address", mail_from ? mail_from : "");
		goto fail;
	}
	char *from_name = strndup(mail_from, strrchr(mail_from, '<') ? (size_t)(strrchr(mail_from, '<') - mail_from) : 0);
	/* The configured name wins; without one the message comes from the municipality. */
	bool named = false;
	for (const char *p = from_name; *p && !named; p++)
		named = *p != ' ' && *p != '"';
	mailbox_header(&h, "From", named ? from_name : sender, from_addr, from_len);
	free(from_name);
	if (!m->to || !mailbox_header(&h, "To", m->to_name, m->to, strlen(m->to))) {
		snprintf(err, errsz, "the recipient '%.200s' is not an e-mail address", m->to ? m->to : "");
		goto fail;
	}
	header_text(&h, "Subject", m->subject);
	char *mid = one_line(message_id);
	buf_printf(&h, "Message-ID: %s" CRLF, mid);
	free(mid);
	buf_puts(&h, "MIME-Version: 1.0" CRLF);
	buf_printf(&h, "Content-Language: %s" CRLF, lang);
	/* Out-of-office replies and the like must not answer an automatic message (RFC 3834). */
	buf_puts(&h, "Auto-Submitted: auto-generated" CRLF);
	if (unsubscribe)
		buf_printf(&h, "List-Unsubscribe: <%s>" CRLF, unsubscribe);
	/* "=_" never occurs in quoted-printable text, so the boundary cannot occur in a part. */
	char boundary[80] = "=_samverkan_";
	size_t bl = strlen(boundary);
	for (const char *p = message_id; p && *p && bl + 1 < sizeof boundary; p++)
		if (isalnum((unsigned char)*p))
			boundary[bl++] = *p;
	boundary[bl] = 0;
	buf_printf(&h, "Content-Type: multipart/alternative;" CRLF " boundary=\"%s\"" CRLF CRLF, boundary);

	/* The fixed texts in the recipient's language, whatever this thread was speaking. */
	const char *saved_lang = i18n_lang();
	i18n_set_lang(lang);

	struct buf text = BUF_INIT;
	const char *body = m->text ? m->text : "";
	buf_puts(&text, body);
	/* The signature joins a footer the text has ("-- " on a line of its own), else starts one. */
	bool footer = strncmp(body, "-- \n", 4) == 0 || strstr(body, "\n-- \n");
	size_t len = strlen(body);
	buf_puts(&text, len && body[len - 1] == '\n' ? "" : "\n");
	buf_printf(&text, "%s%s\n", footer ? "\n" : "\n-- \n", sender);
	if (unsubscribe) {
		buf_printf(&text, "\n%s\n%s\n",
			   _("You get this message because of your notification settings. To change them or to stop "
			     "these messages:"),
			   unsubscribe);
	}
	buf_printf(&h, "--%s" CRLF "Content-Type: text/plain; charset=UTF-8" CRLF
		       "Content-Transfer-Encoding: quoted-printable" CRLF CRLF,
		   boundary);
	quoted_printable(&h, buf_str(&text));
	buf_free(&text);

	struct buf html = BUF_INIT;
	char *subject = one_line(m->subject);
	html_document(&html, m, lang, subject, sender, unsubscribe);
	free(subject);
	buf_printf(&h, "--%s" CRLF "Content-Type: text/html; charset=UTF-8" CRLF
		       "Content-Transfer-Encoding: quoted-printable" CRLF CRLF,
		   boundary);
	quoted_printable(&h, buf_str(&html));
	buf_free(&html);
	buf_printf(&h, "--%s--" CRLF, boundary);

	i18n_set_lang(saved_lang);
	buf_append(out, buf_str(&h), h.len);
	buf_free(&h);
	free(unsubscribe);
	return 0;
fail:
	buf_free(&h);
	free(unsubscribe);
	return -1;
}
