/* orgnr: Swedish organisation numbers — the accepted spellings, the canonical form and the Luhn check digit. */
#include "domain/organisation.h"
#include <ctype.h>
#include <string.h>

bool orgnr_luhn_ok(const char *ten_digits)
{
	if (!ten_digits)
		return false;
	int sum = 0;
	for (int i = 0; i < 10; i++) {
		if (!isdigit((unsigned char)ten_digits[i]))
			return false;
		int d = ten_digits[i] - '0';
		/* Weights 2,1,2,1,… from the left over all ten digits; doubled digits over 9 count
		 * their digit sum. A correct number then sums to a multiple of ten. */
		if (i % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return ten_digits[10] == 0 && sum % 10 == 0;
}

bool orgnr_normalise(const char *in, char out[12])
{
	if (!in)
		return false;
	while (isspace((unsigned char)*in))
		in++;
	size_t len = strlen(in);
	while (len > 0 && isspace((unsigned char)in[len - 1]))
		len--;
	/* The 12-digit spelling (Skatteverket's "16" century prefix for legal persons) is the same
	 * number; drop the prefix and check the rest like the 10-digit form. */
	if ((len == 12 || len == 13) && in[0] == '1' && in[1] == '6') {
		in += 2;
		len -= 2;
	}
	char digits[11];
	size_t n = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)in[i];
		if (isdigit(ch) && n < 10)
			digits[n++] = (char)ch;
		/* 802001-2343 or, as registers and Excel sometimes write it, 802001 2343. */
		else if (!((ch == '-' || ch == ' ') && i == 6 && len == 11))
			return false;
	}
	if (n != 10)
		return false;
	digits[10] = 0;
	if (!orgnr_luhn_ok(digits))
		return false;
	memcpy(out, digits, 6);
	out[6] = '-';
	memcpy(out + 7, digits + 6, 4);
	out[11] = 0;
	return true;
}
