/* Fuzzes http_head_framing_ambiguous on raw request heads and asserts that it answers alike whatever the case of the header names, the line ends (CRLF or LF) and the bytes after the head, and that on heads built from fuzzed header lines it refuses exactly two Content-Lengths or one with Transfer-Encoding. */
#include "base/buf.h"
#include "web/http_head.h"
#include "fuzz_common.h"
#include <ctype.h>

/* The head as the fuzzer gave it, in upper case, with LF line ends, and with more after it. */
static void check_raw(const char *head, size_t n)
{
	bool answer = http_head_framing_ambiguous(head, n);
	static const char more[] = "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n";
	char *alt = malloc(n + sizeof more);
	for (size_t i = 0; i < n; i++)
		alt[i] = (char)toupper((unsigned char)head[i]);
	FUZZ_CHECK(http_head_framing_ambiguous(alt, n) == answer);
	/* CRLF to LF, when every CR ends a line ("\r\r\n" is a line holding a CR, not an empty one). */
	size_t k = 0;
	bool lone_cr = false;
	for (size_t i = 0; i < n; i++) {
		bool crlf = head[i] == '\r' && i + 1 < n && head[i + 1] == '\n';
		lone_cr |= head[i] == '\r' && !crlf;
		if (!crlf)
			alt[k++] = head[i];
	}
	if (!lone_cr)
		FUZZ_CHECK(http_head_framing_ambiguous(alt, k) == answer);
	/* After the empty line that ends the head (not the first line: that is the request line,
	 * even when empty), bytes belong to the body and change nothing. */
	bool ended = false;
	for (size_t i = 0; i + 1 < n && !ended; i++)
		ended = head[i] == '\n' && (head[i + 1] == '\n' || (head[i + 1] == '\r' && i + 2 < n && head[i + 2] == '\n'));
	if (ended) {
		memcpy(alt, head, n);
		memcpy(alt + n, more, sizeof more - 1);
		FUZZ_CHECK(http_head_framing_ambiguous(alt, n + sizeof more - 1) == answer);
	}
	free(alt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_raw((const char *)data, size);

	/* A head from lines: each fuzzed byte picks Content-Length, Transfer-Encoding or another
	 * header (whose name only looks alike), its case, its value and its line end. */
	struct fuzz_input in = {data, size};
	struct buf h = BUF_INIT;
	buf_puts(&h, "POST /synpunkter HTTP/1.1\r\n");
	int cl = 0, te = 0;
	for (int lines = 0; in.n && lines < 40; lines++) {
		uint8_t pick = fuzz_byte(&in), cases = fuzz_byte(&in);
		static const char *const names[] = {"content-length", "transfer-encoding", "x-content-length",
						    "content-length-x"};
		const char *name = names[pick % 4];
		cl += pick % 4 == 0;
		te += pick % 4 == 1;
		for (size_t i = 0; name[i]; i++)
			buf_putc(&h, (char)(cases >> (i % 8) & 1 ? toupper((unsigned char)name[i]) : name[i]));
		buf_puts(&h, ": ");
		/* The value: fuzzed bytes less line ends, so the line stays one line. */
		uint8_t vlen = fuzz_byte(&in) % 16;
		for (uint8_t i = 0; i < vlen && in.n; i++) {
			char c = (char)fuzz_byte(&in);
			buf_putc(&h, c == '\n' || c == '\r' ? ' ' : c);
		}
		buf_puts(&h, pick & 0x80 ? "\n" : "\r\n");
	}
	buf_puts(&h, "\r\n");
	FUZZ_CHECK(http_head_framing_ambiguous(h.data, h.len) == (cl > 1 || (cl && te)));
	buf_free(&h);
	return 0;
}
