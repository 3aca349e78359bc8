/* Fuzzes text_fold, text_lower, text_nfc and text_field (the text contract) and asserts that folding never writes past its buffer, is idempotent and leaves no capitals or doubled spaces, that lowering keeps the length and folds alike,, that NFC is refused exactly for invalid UTF-8 and is idempotent, and that a field text_field accepts is trimmed, clean, within its length and accepted again unchanged. */
#include "base/text.h"
#include "base/arena.h"
#include "fuzz_common.h"
#include <ctype.h>

/* Folded text: no space at either end, no two in a row, no ASCII or Latin-1 capital. */
static void check_folded(const char *s)
{
	size_t n = strlen(s);
	FUZZ_CHECK(n == 0 || (s[0] != ' ' && s[n - 1] != ' '));
	FUZZ_CHECK(!strstr(s, "  "));
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(!(s[i] >= 'A' && s[i] <= 'Z'));
		FUZZ_CHECK(!isspace((unsigned char)s[i]) || s[i] == ' ');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	uint8_t flags = fuzz_byte(&in);
	bool loose = flags & 1;
	/* Buffers as small as one byte: callers size theirs for names, not for every input. */
	size_t outsz = 1 + fuzz_byte(&in);
	size_t len;
	char *s = fuzz_rest(&in, &len);

	/* Exactly outsz bytes, so AddressSanitizer sees a write one past the end. */
	char *out = malloc(outsz);
	if (text_fold(s, out, outsz, loose)) {
		FUZZ_CHECK(strlen(out) < outsz);
		check_folded(out);
		if (loose)
			FUZZ_CHECK(!strpbrk(out, "-_"));
		char *again = malloc(outsz);
		FUZZ_CHECK(text_fold(out, again, outsz, loose));
		FUZZ_CHECK(strcmp(again, out) == 0);
		/* Lowering first changes nothing a fold would not. */
		char *lowered = strdup(s);
		text_lower(lowered);
		FUZZ_CHECK(strlen(lowered) == strlen(s));
		FUZZ_CHECK(text_fold(lowered, again, outsz, loose));
		FUZZ_CHECK(strcmp(again, out) == 0);
		free(lowered);
		free(again);
	}
	free(out);

	/* NFC over all len bytes (NUL included, as an upload may hold one). */
	size_t nlen;
	char *nfc = text_nfc(s, len, &nlen);
	bool valid = true;
	utf8proc_int32_t cp;
	for (size_t i = 0; i < len && valid;) {
		utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
		valid = l > 0;
		i += valid ? (size_t)l : 0;
	}
	FUZZ_CHECK((nfc != NULL) == valid);
	if (nfc) {
		FUZZ_CHECK(nfc[nlen] == 0);
		/* ASCII is in every normal form; the reverse does not hold (U+037E, the Greek
		 * question mark, is ';' in NFC). */
		if (!text_has_non_ascii(s, len))
			FUZZ_CHECK(nlen == len && memcmp(nfc, s, len) == 0);
		size_t n2;
		char *twice = text_nfc(nfc, nlen, &n2);
		FUZZ_CHECK(twice && n2 == nlen && memcmp(twice, nfc, nlen) == 0);
		free(twice);
		free(nfc);
	}
	/* The text contract, on the text up to its first NUL (as a C string reaches it). */
	struct arena a = ARENA_INIT;
	bool lines = flags & 2;
	long max = (long)(flags >> 2);
	const char *field;
	enum text_problem p = text_field(&a, s, lines, max, &field);
	if (p == TEXT_OK) {
		long n = text_chars(field, lines);
		FUZZ_CHECK(n >= 0 && n <= max);
		size_t flen = strlen(field);
		if (flen) {
			utf8proc_int32_t first, last = 0;
			FUZZ_CHECK(utf8proc_iterate((const utf8proc_uint8_t *)field, -1, &first) > 0);
			for (size_t i = 0; i < flen;) {
				utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)field + i, -1, &last);
				FUZZ_CHECK(l > 0);
				i += (size_t)l;
			}
			FUZZ_CHECK(!text_space(first) && !text_space(last));
		}
		const char *again;
		FUZZ_CHECK(text_field(&a, field, lines, max, &again) == TEXT_OK && strcmp(again, field) == 0);
	} else {
		FUZZ_CHECK(p == TEXT_TOO_LONG || text_chars(text_trim(&a, s), lines) < 0);
	}
	arena_free(&a);
	free(s);
	return 0;
}
