/* fuzz_common: the glue every libFuzzer target shares — taking the fuzzer's bytes apart, and the checks it asserts. */
#ifndef SAMVERKAN_FUZZ_COMMON_H
#define SAMVERKAN_FUZZ_COMMON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* A property that does not hold is a finding like a crash: abort() makes libFuzzer save the
 * input as crash-*, and the message says which property it was. */
#define FUZZ_CHECK(cond)                                                                       \
	do {                                                                                   \
		if (!(cond)) {                                                                 \
			fprintf(stderr, "%s:%d: property does not hold: %s\n", __FILE__, __LINE__, \
				#cond);                                                        \
			abort();                                                               \
		}                                                                              \
	} while (0)

/* The fuzzer's bytes, consumed from the front. */
struct fuzz_input {
	const uint8_t *p;
	size_t n;
};

/* The next byte, or 0 when none are left (so short inputs still reach every call). */
static inline uint8_t fuzz_byte(struct fuzz_input *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

/* The next four bytes as an unsigned number (little-endian, missing bytes are 0). */
static inline uint32_t fuzz_u32(struct fuzz_input *in)
{
	uint32_t v = 0;
	for (int i = 0; i < 4; i++)
		v |= (uint32_t)fuzz_byte(in) << (8 * i);
	return v;
}

/* A number in [lo, hi] from the next four bytes. */
static inline long fuzz_range(struct fuzz_input *in, long lo, long hi)
{
	return lo + (long)(fuzz_u32(in) % (uint32_t)(hi - lo + 1));
}

/* The bytes up to the next `sep` (or the end) as a malloc'd NUL-terminated string, its length
 * in *len when len is not NULL; the separator is consumed. Inputs are not NUL-terminated, and
 * the functions under test take C strings, so each target copies before calling them. */
static inline char *fuzz_str(struct fuzz_input *in, uint8_t sep, size_t *len)
{
	const uint8_t *end = memchr(in->p, sep, in->n);
	size_t k = end ? (size_t)(end - in->p) : in->n;
	char *s = malloc(k + 1);
	if (!s)
		abort();
	memcpy(s, in->p, k);
	s[k] = 0;
	in->p += k + (end != NULL);
	in->n -= k + (end != NULL);
	if (len)
		*len = k;
	return s;
}

/* The rest of the input as one string (NUL bytes kept inside; the length says where it ends). */
static inline char *fuzz_rest(struct fuzz_input *in, size_t *len)
{
	char *s = malloc(in->n + 1);
	if (!s)
		abort();
	memcpy(s, in->p, in->n);
	s[in->n] = 0;
	*len = in->n;
	in->p += in->n;
	in->n = 0;
	return s;
}

/* Valid UTF-8 by utf8proc's decoder — deliberately not the project's own checks, which are
 * what is under test. NUL counts as invalid: no text the parsers hand on may hold one. */
static inline bool fuzz_utf8_ok(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t l = utf8proc_iterate(p, (utf8proc_ssize_t)n, &cp);
		if (l <= 0 || cp == 0)
			return false;
		p += l;
		n -= (size_t)l;
	}
	return true;
}

/* True when s (valid UTF-8) is already in Normalization Form C, as every text the parsers hand
 * on must be (see text_nfc). */
static inline bool fuzz_is_nfc(const char *s)
{
	utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)s);
	bool same = nfc && strcmp((const char *)nfc, s) == 0;
	free(nfc);
	return same;
}

/* The properties every field of a reader's table has (csv_reader, xlsx_reader): valid NFC
 * UTF-8 without CR, trimmed of spaces, tabs and line breaks; true when it is not empty. */
static inline bool fuzz_check_field(const char *s)
{
	size_t n = strlen(s);
	FUZZ_CHECK(fuzz_utf8_ok(s, n));
	FUZZ_CHECK(!memchr(s, '\r', n));
	FUZZ_CHECK(n == 0 || (!strchr(" \t\n", s[0]) && !strchr(" \t\n", s[n - 1])));
	FUZZ_CHECK(fuzz_is_nfc(s));
	return n > 0;
}

#endif
