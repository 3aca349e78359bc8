/* secret: the server's named signing keys, kept in the database so every node signs alike. */
#include "domain/secret.h"
#include "base/clock.h"
#include <stdlib.h>
#include <string.h>

int secret_key(struct store *st, const char *name, bool create, unsigned char key[SECRET_KEY_BYTES])
{
	char *hex = store_text(st, "SELECT value FROM secret WHERE name = $1", ARGS(SV_T(name)));
	if (!hex && store_errcode(st) != STORE_OK)
		return -1;
	if (!hex && create) {
		unsigned char fresh[SECRET_KEY_BYTES];
		char fresh_hex[2 * SECRET_KEY_BYTES + 1], now[21];
		crypto_auth_keygen(fresh);
		sodium_bin2hex(fresh_hex, sizeof fresh_hex, fresh, sizeof fresh);
		sodium_memzero(fresh, sizeof fresh);
		clock_iso(clock_now(), now);
		if (store_exec(st,
			       "INSERT INTO secret (name, value, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
			       ARGS(SV_T(name), SV_T(fresh_hex), SV_T(now))) < 0)
			return -1;
		sodium_memzero(fresh_hex, sizeof fresh_hex);
		hex = store_text(st, "SELECT value FROM secret WHERE name = $1", ARGS(SV_T(name)));
		if (!hex)
			return -1;
	}
	if (!hex)
		return 1;
	size_t len = 0;
	int rc = sodium_hex2bin(key, SECRET_KEY_BYTES, hex, strlen(hex), NULL, &len, NULL) == 0 &&
			 len == SECRET_KEY_BYTES ? 0 : -1;
	sodium_memzero(hex, strlen(hex));
	free(hex);
	return rc;
}
