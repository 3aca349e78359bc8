/* http_head: checks on the raw bytes of an HTTP/1 request head that h2o's parser does not make. */
#include "web/http_head.h"
#include <string.h>
#include <strings.h>

/* Whether line (without its end) is the header `name:` in any case. */
static bool is_header(const char *line, size_t n, const char *name)
{
	size_t k = strlen(name);
	return n > k && line[k] == ':' && strncasecmp(line, name, k) == 0;
}

bool http_head_framing_ambiguous(const char *buf, size_t len)
{
	int content_length = 0, transfer_encoding = 0;
	const char *p = buf, *end = buf + len;
	/* The request line comes first; it is skipped like any line that is no header of ours. */
	bool first = true;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		if (n && p[n - 1] == '\r')
			n--;
		if (n == 0 && !first)
			break; /* the empty line: the head ends here */
		if (!first) {
			if (is_header(p, n, "content-length"))
				content_length++;
			else if (is_header(p, n, "transfer-encoding"))
				transfer_encoding++;
		}
		first = false;
		if (!nl)
			break;
		p = nl + 1;
	}
	return content_length > 1 || (content_length && transfer_encoding);
}
