/* Fuzzes html_printf's %s and %c with hostile arguments and asserts the escaped output holds no raw < > " ' ` from them and unescapes back to the argument, that the markup around them is exactly the format's, and that url_encode writes only unreserved characters and %XX. */
#include "base/buf.h"
#include "base/html.h"
#include "fuzz_common.h"

/* The inverse of html_escape, for the five entities it writes; -1 when the text holds an '&'
 * that is not one of them (which html_escape never leaves). */
static long unescape(const char *s, size_t n, char *out)
{
	static const struct {
		const char *entity;
		char c;
	} ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&#96;", '`'}};
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] != '&') {
			out[o++] = s[i++];
			continue;
		}
		size_t k = 0;
		while (k < sizeof ents / sizeof ents[0] && strncmp(s + i, ents[k].entity, strlen(ents[k].entity)) != 0)
			k++;
		if (k == sizeof ents / sizeof ents[0])
			return -1;
		out[o++] = ents[k].c;
		i += strlen(ents[k].entity);
	}
	return (long)o;
}

/* What html_printf made of one argument: nothing that ends an attribute or opens a tag, and
 * exactly the argument once unescaped. */
static void check_escaped(const char *esc, size_t n, const char *arg)
{
	FUZZ_CHECK(strcspn(esc, "<>\"'`") >= n);
	char *back = malloc(n + 1);
	long m = unescape(esc, n, back);
	FUZZ_CHECK(m >= 0 && (size_t)m == strlen(arg) && memcmp(back, arg, (size_t)m) == 0);
	free(back);
}

static void check_url_encode(const char *arg)
{
	struct buf b = BUF_INIT;
	url_encode(&b, arg);
	const char *s = buf_str(&b);
	size_t decoded = 0;
	for (size_t i = 0; i < b.len; i++, decoded++) {
		if (s[i] == '%') {
			FUZZ_CHECK(i + 2 < b.len && s[i + 1] && strchr("0123456789ABCDEF", s[i + 1]) &&
				   s[i + 2] && strchr("0123456789ABCDEF", s[i + 2]));
			i += 2;
		} else {
			FUZZ_CHECK(s[i] && strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~", s[i]));
		}
	}
	FUZZ_CHECK(decoded == strlen(arg));
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	/* A NUL %c would put a NUL into the page; no caller passes one, so it stands for '&'. */
	char c = (char)fuzz_byte(&in);
	if (!c)
		c = '&';
	int num = (int)fuzz_u32(&in);
	char *attr = fuzz_str(&in, 0, NULL);
	size_t textlen;
	char *text = fuzz_rest(&in, &textlen);

	/* A format like the pages' own: an attribute value, a character and element text. */
	static const char pre[] = "<a href=\"/sok?q=", mid1[] = "\" title='", mid2[] = "'>", post[] = "</a>";
	struct buf b = BUF_INIT;
	html_printf(&b, "<a href=\"/sok?q=%s\" title='%c'>%s</a>%d", attr, c, text, num);
	const char *out = buf_str(&b);

	/* Walk the output: every piece the format wrote is where it belongs, and between them only
	 * what the escaped arguments can hold (no quote can end the attribute early). */
	size_t at = 0;
	FUZZ_CHECK(strncmp(out, pre, strlen(pre)) == 0);
	at += strlen(pre);
	const char *end = strstr(out + at, mid1);
	FUZZ_CHECK(end != NULL);
	check_escaped(out + at, (size_t)(end - (out + at)), attr);
	at = (size_t)(end - out) + strlen(mid1);
	end = strstr(out + at, mid2);
	FUZZ_CHECK(end != NULL);
	char one[2] = {c, 0};
	check_escaped(out + at, (size_t)(end - (out + at)), one);
	at = (size_t)(end - out) + strlen(mid2);
	end = strstr(out + at, post);
	FUZZ_CHECK(end != NULL);
	/* %s stops at the first NUL, as any C string does. */
	check_escaped(out + at, (size_t)(end - (out + at)), text);
	at = (size_t)(end - out) + strlen(post);
	char number[16];
	snprintf(number, sizeof number, "%d", num);
	FUZZ_CHECK(strcmp(out + at, number) == 0);
	buf_free(&b);

	check_url_encode(attr);
	check_url_encode(text);
	free(attr);
	free(text);
	return 0;
}
