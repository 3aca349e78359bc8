/* Fuzzes request_cookie on raw Cookie headers and asserts that what it returns is the text after "name=" up to the next ';' in that header, and that in a header built from fuzzed pairs it finds the first pair of each name. */
#include "base/arena.h"
#include "web/request.h"
#include "fuzz_common.h"

#define NAMES 4

/* Whatever the header, a value found is the rest of one of its "name=" pieces up to ';'. */
static void check_raw(struct request *r, const char *header, const char *name)
{
	const char *v = request_cookie(r, name);
	if (!v)
		return;
	FUZZ_CHECK(!strchr(v, ';'));
	/* "name=value" appears where a cookie may start: at the beginning, or after ' ' or ';'. */
	size_t nlen = strlen(name), vlen = strlen(v);
	bool seen = false;
	for (const char *h = header; !seen && (h = strstr(h, name)) != NULL; h++) {
		bool at_start = h == header || h[-1] == ' ' || h[-1] == ';';
		seen = at_start && h[nlen] == '=' && strncmp(h + nlen + 1, v, vlen) == 0 &&
		       (h[nlen + 1 + vlen] == ';' || h[nlen + 1 + vlen] == 0);
	}
	FUZZ_CHECK(seen);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[NAMES] = {"sid", "csrf", "lang", "s"};
	struct request r = {.arena = ARENA_INIT};
	struct fuzz_input in = {data, size};

	/* 1. The bytes up to the first NUL as a Cookie header, as h2o hands it over. */
	char *header = fuzz_str(&in, 0, NULL);
	r.cookie_header = header;
	for (int i = 0; i < NAMES; i++)
		check_raw(&r, header, names[i]);

	/* 2. The rest as pairs "name\x01value\n": joined as browsers send them, "a=1; b=2", the
	 * first pair with a name must be what request_cookie finds. Names are ours; values are
	 * whatever a client sets, less ';' (the separator) and NUL. */
	struct buf h = BUF_INIT;
	const char *first[NAMES] = {NULL};
	char *values[64];
	int nvalues = 0;
	while (in.n && nvalues < 64) {
		int which = fuzz_byte(&in) % NAMES;
		char *v = fuzz_str(&in, '\n', NULL);
		values[nvalues++] = v;
		for (char *p = v; *p; p++)
			if (*p == ';')
				*p = ',';
		if (h.len)
			buf_puts(&h, "; ");
		buf_printf(&h, "%s=%s", names[which], v);
		if (!first[which])
			first[which] = v;
	}
	r.cookie_header = buf_str(&h);
	for (int i = 0; i < NAMES; i++) {
		const char *v = request_cookie(&r, names[i]);
		/* "s" is a prefix of "sid": a longer name must never answer for a shorter one. */
		if (!first[i])
			FUZZ_CHECK(v == NULL);
		else
			FUZZ_CHECK(v != NULL && strcmp(v, first[i]) == 0);
	}
	for (int i = 0; i < nvalues; i++)
		free(values[i]);
	buf_free(&h);
	free(header);
	arena_free(&r.arena);
	return 0;
}
