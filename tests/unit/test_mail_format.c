/* test_mail_format: the message text an outbox row becomes — short CRLF lines, no line starting
 * with a dot, encoded-words that never split a character, and no header a value can inject. */
#include "base/i18n.h"
#include "domain/mail_format.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define MID "<AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde@samverkan>"

static char *format(const struct mail *m, const char *from)
{
	struct buf b = BUF_INIT;
	char err[256];
	assert_int_equal(mail_format(&b, m, MID, from, NULL, "https://samverkan.kommun.se/", 1700000000, err, sizeof err), 0);
	return buf_detach(&b);
}

/* Every line ends in CRLF, is at most 998 octets, and none starts with a dot. */
static void assert_wire_safe(const char *msg)
{
	const char *line = msg;
	while (*line) {
		const char *end = strstr(line, "\r\n");
		assert_non_null(end);
		assert_true(end - line <= 998);
		assert_false(line[0] == '.');
		assert_null(memchr(line, '\n', (size_t)(end - line)));
		line = end + 2;
	}
}

static void headers_and_parts(void **state)
{
	struct mail m = {.to = "anna@exempel.se", .to_name = "Anna", .lang = "sv", .kind = "transactional",
			 .subject = "Hello", .text = "Body"};
	char *msg = format(&m, "samverkan@kommun.se");
	assert_wire_safe(msg);
	assert_non_null(strstr(msg, "Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"));
	/* No name configured: the message comes from the site, by its fallback name. */
	assert_non_null(strstr(msg, "From: \"samverkan\" <samverkan@kommun.se>\r\n"));
	assert_non_null(strstr(msg, "To: \"Anna\" <anna@exempel.se>\r\n"));
	assert_non_null(strstr(msg, "Subject: Hello\r\n"));
	assert_non_null(strstr(msg, "Message-ID: " MID "\r\n"));
	assert_non_null(strstr(msg, "MIME-Version: 1.0\r\n"));
	assert_non_null(strstr(msg, "Auto-Submitted: auto-generated\r\n"));
	assert_null(strstr(msg, "List-Unsubscribe"));
	assert_non_null(strstr(msg, "Content-Type: text/plain; charset=UTF-8\r\n"));
	assert_non_null(strstr(msg, "Content-Type: text/html; charset=UTF-8\r\n"));
	free(msg);
}

static void notification_gets_list_unsubscribe(void **state)
{
	struct mail m = {.to = "a@b.se", .lang = "en", .kind = "news", .subject = "S", .text = "T"};
	char *msg = format(&m, "Kommunen <samverkan@kommun.se>");
	/* The base URL's trailing slash is not doubled. */
	assert_non_null(strstr(msg, "List-Unsubscribe: <https://samverkan.kommun.se/konto/aviseringar>\r\n"));
	assert_non_null(strstr(msg, "From: \"Kommunen\" <samverkan@kommun.se>\r\n"));
	free(msg);
}

/* Decodes every =?UTF-8?B?…?= word of the header line(s) starting at h and checks each decodes
 * to whole UTF-8 characters; returns the decoded text (malloc'd). */
static char *decode_words(const char *h)
{
	char *out = calloc(1, 4096);
	size_t n = 0;
	const char *end = h;
	while ((end = strstr(end, "\r\n")) && end[2] == ' ')
		end += 2;
	for (const char *p = strstr(h, "=?UTF-8?B?"); p && (!end || p < end); p = strstr(p, "=?UTF-8?B?")) {
		p += 10;
		const char *q = strstr(p, "?=");
		assert_non_null(q);
		assert_true(q - p + 12 <= 75);
		unsigned char raw[256];
		size_t len;
		assert_int_equal(sodium_base642bin(raw, sizeof raw, p, (size_t)(q - p), NULL, &len, NULL,
						   sodium_base64_VARIANT_ORIGINAL), 0);
		/* A word never ends inside a character. */
		assert_true(len == 0 || (raw[len - 1] & 0xc0) != 0xc0);
		size_t i = len;
		while (i > 0 && (raw[i - 1] & 0xc0) == 0x80)
			i--;
		if (i > 0 && raw[i - 1] >= 0xc0) {
			unsigned char lead = raw[i - 1];
			size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
			assert_int_equal(len - (i - 1), need);
		}
		memcpy(out + n, raw, len);
		n += len;
		p = q + 2;
	}
	return out;
}

static void utf8_subject_is_encoded_folded_and_whole(void **state)
{
	const char *subject = "Årsmöte på Ängsgården – välkomna alla föreningar i Örebro län åäö ÅÄÖ ✓ 🎉 slut";
	struct mail m = {.to = "a@b.se", .to_name = "Örjan Ärlig", .lang = "sv", .kind = "transactional",
			 .subject = subject, .text = "T"};
	char *msg = format(&m, "samverkan@kommun.se");
	assert_wire_safe(msg);
	const char *h = strstr(msg, "\r\nSubject: ");
	assert_non_null(h);
	char *decoded = decode_words(h + 2);
	assert_string_equal(decoded, subject);
	free(decoded);
	h = strstr(msg, "\r\nTo: ");
	decoded = decode_words(h + 2);
	assert_string_equal(decoded, "Örjan Ärlig");
	free(decoded);
	free(msg);
}

static void line_breaks_in_values_cannot_add_headers(void **state)
{
	struct mail m = {.to = "a@b.se", .to_name = "X\r\nBcc: c@d.se", .lang = "sv", .kind = "transactional",
			 .subject = "Hi\r\nBcc: c@d.se", .text = "T"};
	char *msg = format(&m, "samverkan@kommun.se");
	assert_null(strstr(msg, "\r\nBcc:"));
	free(msg);
	struct buf b = BUF_INIT;
	char err[256];
	m.to = "a@b.se\r\nBcc: c@d.se";
	assert_int_equal(mail_format(&b, &m, MID, "samverkan@kommun.se", NULL, "https://x.se", 0, err, sizeof err), -1);
	assert_non_null(strstr(err, "not an e-mail address"));
	buf_free(&b);
}

static void body_is_quoted_printable_and_dot_safe(void **state)
{
	char text[2000];
	snprintf(text, sizeof text, ".\n..två\nFrom here\n%.*s\nslut = 1 \n", 300,
		 "åäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäö"
		 "åäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäö"
		 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.");
	struct mail m = {.to = "a@b.se", .lang = "sv", .kind = "transactional", .subject = "S", .text = text};
	char *msg = format(&m, "samverkan@kommun.se");
	assert_wire_safe(msg);
	const char *body = strstr(msg, "quoted-printable\r\n\r\n");
	assert_non_null(body);
	/* Quoted-printable lines are at most 76 characters. */
	for (const char *line = body + 20; strncmp(line, "--=_", 4) != 0;) {
		const char *end = strstr(line, "\r\n");
		assert_true(end - line <= 76);
		line = end + 2;
	}
	assert_non_null(strstr(body, "=2E\r\n=2E.tv=C3=A5\r\n=46rom here\r\n"));
	assert_non_null(strstr(body, "slut =3D 1=20\r\n"));
	free(msg);
}

static void html_from_text_escapes_and_links(void **state)
{
	struct mail m = {.to = "a@b.se", .lang = "en", .kind = "transactional", .subject = "<S>",
			 .text = "<b>hi</b>\nhttps://x.se/?a=1&b=2.\n\nnext"};
	char *msg = format(&m, "samverkan@kommun.se");
	/* Undo the soft line breaks to look at the HTML. */
	struct buf flat = BUF_INIT;
	for (const char *p = strstr(msg, "text/html"); *p; p++) {
		if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
			p += 2;
			continue;
		}
		buf_putc(&flat, *p);
	}
	const char *html = buf_str(&flat);
	assert_non_null(strstr(html, "<html lang=3D\"en\">"));
	assert_non_null(strstr(html, "<title>&lt;S&gt;</title>"));
	assert_non_null(strstr(html, "<p>&lt;b&gt;hi&lt;/b&gt;<br>"));
	assert_non_null(strstr(html, "<a href=3D\"https://x.se/?a=3D1&amp;b=3D2\">https://x.se/?a=3D1&amp;b=3D2</a>"));
	assert_non_null(strstr(html, "<p>next</p>"));
	buf_free(&flat);
	free(msg);
}

/* The municipality signs every message and is its sender when the configuration names none; a
 * footer the text already has gets the name, not a second "-- " line. */
static void signed_by_the_municipality(void **state)
{
	(void)state;
	struct mail m = {.to = "a@b.se", .lang = "sv", .kind = "transactional", .subject = "S", .text = "Hej"};
	struct buf b = BUF_INIT;
	char err[256];
	assert_int_equal(mail_format(&b, &m, MID, "samverkan@kommun.se", "Testby kommun", "https://x.se", 0, err, sizeof err), 0);
	assert_non_null(strstr(buf_str(&b), "From: \"Testby kommun\" <samverkan@kommun.se>\r\n"));
	/* Quoted-printable encodes the space at the end of the "-- " line. */
	assert_non_null(strstr(buf_str(&b), "Hej\r\n\r\n--=20\r\nTestby kommun\r\n"));
	buf_reset(&b);
	m.text = "Hej\n\n-- \nOm detta brev.\n";
	assert_int_equal(mail_format(&b, &m, MID, "Samverkan <samverkan@kommun.se>", "Testby kommun", "https://x.se", 0, err,
				     sizeof err), 0);
	assert_non_null(strstr(buf_str(&b), "From: \"Samverkan\" <samverkan@kommun.se>\r\n"));
	const char *footer = strstr(buf_str(&b), "--=20\r\nOm detta brev.\r\n\r\nTestby kommun\r\n");
	assert_non_null(footer);
	assert_null(strstr(footer + 5, "--=20\r\n"));
	buf_free(&b);
}

int main(void)
{
	if (sodium_init() < 0 || i18n_init() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headers_and_parts),
		cmocka_unit_test(notification_gets_list_unsubscribe),
		cmocka_unit_test(utf8_subject_is_encoded_folded_and_whole),
		cmocka_unit_test(line_breaks_in_values_cannot_add_headers),
		cmocka_unit_test(body_is_quoted_printable_and_dot_safe),
		cmocka_unit_test(html_from_text_escapes_and_links),
		cmocka_unit_test(signed_by_the_municipality),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	i18n_free();
	return rc;
}
