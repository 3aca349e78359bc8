/* Fuzzes the query-string and form-body parser (params_parse, url_decode, id_param) and asserts every name and value is NFC UTF-8 without NUL, that encoding with query_add and parsing again gives the same pairs, and that id_param only reads plain digits. */
#include "base/arena.h"
#include "base/buf.h"
#include "base/html.h"
#include "web/request.h"
#include "fuzz_common.h"

static void check_text(const char *s)
{
	FUZZ_CHECK(s != NULL);
	FUZZ_CHECK(fuzz_utf8_ok(s, strlen(s)));
	FUZZ_CHECK(fuzz_is_nfc(s));
}

/* Pairs as the parser must see them: one per non-empty '&'-separated piece, at most 1000. */
static int expected_pairs(const char *s, size_t len)
{
	int n = 0;
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '&') {
			n += i > start;
			start = i + 1;
		}
	}
	return n > 1000 ? 1000 : n;
}

static void check_id_param(const char *s)
{
	long long id = id_param(s);
	size_t n = strlen(s);
	bool digits = n > 0 && n <= 15 && strspn(s, "0123456789") == n;
	if (!digits) {
		FUZZ_CHECK(id == 0);
		return;
	}
	/* The number the digits spell, leading zeros and all ("007" is 7, "000" is 0). */
	long long want = 0;
	for (size_t i = 0; i < n; i++)
		want = want * 10 + (s[i] - '0');
	FUZZ_CHECK(id == want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = ARENA_INIT;
	const char *s = (const char *)data;

	struct params p;
	params_parse(&a, s, size, &p);
	FUZZ_CHECK(p.n == expected_pairs(s, size));
	for (int i = 0; i < p.n; i++) {
		check_text(p.items[i].name);
		check_text(p.items[i].value);
	}

	/* The whole input as one value, with and without '+' as a space. */
	check_text(url_decode(&a, s, size, false));
	const char *value = url_decode(&a, s, size, true);
	check_text(value);

	/* query_add then params_parse is the identity on decoded text: links built from a form's
	 * values carry exactly those values. Names are ours (constants), values come from users. */
	struct buf q = BUF_INIT;
	query_add(&q, "q", value);
	for (int i = 0; i < p.n; i++)
		query_add(&q, "v", p.items[i].value);
	struct params back;
	params_parse(&a, buf_str(&q), q.len, &back);
	int k = 0;
	if (*value) {
		FUZZ_CHECK(k < back.n && strcmp(back.items[k].name, "q") == 0);
		FUZZ_CHECK(strcmp(back.items[k].value, value) == 0);
		k++;
	}
	for (int i = 0; i < p.n && k < 1000; i++) {
		if (!*p.items[i].value)
			continue; /* query_add leaves empty values out */
		FUZZ_CHECK(k < back.n && strcmp(back.items[k].name, "v") == 0);
		FUZZ_CHECK(strcmp(back.items[k].value, p.items[i].value) == 0);
		k++;
	}
	FUZZ_CHECK(k == back.n);
	buf_free(&q);

	check_id_param(value);
	for (int i = 0; i < p.n; i++)
		check_id_param(p.items[i].value);
	arena_free(&a);
	return 0;
}
