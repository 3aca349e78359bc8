/* Fuzzes orgnr_normalise and orgnr_luhn_ok and asserts that an accepted number comes out as "NNNNNN-NNNN" with a correct check digit, that normalising it again gives itself, and that changing any one digit makes the check fail. */
#include "domain/organisation.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	char *s = fuzz_str(&in, 0, NULL);
	char out[12];
	memset(out, 'x', sizeof out);
	if (orgnr_normalise(s, out)) {
		FUZZ_CHECK(strlen(out) == 11 && out[6] == '-');
		FUZZ_CHECK(strspn(out, "0123456789") == 6 && strspn(out + 7, "0123456789") == 4);
		char ten[11];
		memcpy(ten, out, 6);
		memcpy(ten + 6, out + 7, 5);
		FUZZ_CHECK(orgnr_luhn_ok(ten));
		char again[12];
		FUZZ_CHECK(orgnr_normalise(out, again) && strcmp(again, out) == 0);
		FUZZ_CHECK(orgnr_normalise(ten, again) && strcmp(again, out) == 0);
		/* Luhn catches every single-digit typing error. */
		for (int i = 0; i < 10; i++) {
			char typo[11];
			memcpy(typo, ten, sizeof typo);
			typo[i] = (char)('0' + (typo[i] - '0' + 1 + fuzz_byte(&in) % 9) % 10);
			FUZZ_CHECK(!orgnr_luhn_ok(typo));
		}
	}
	/* The check on its own reads at most eleven bytes and wants exactly ten digits. */
	if (orgnr_luhn_ok(s))
		FUZZ_CHECK(strlen(s) == 10 && strspn(s, "0123456789") == 10);
	free(s);
	return 0;
}
