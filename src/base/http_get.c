/* http_get: one GET with libcurl into a buffer, with the limits a batch job needs (size, time,
 * schemes), so a slow or hostile server cannot hold a command or fill memory. */
#include "base/http_get.h"
#include <curl/curl.h>
#include <stdio.h>

struct sink {
	struct buf *out;
	size_t max;
	int too_big;
};

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;
	if (s->out->len + len > s->max) {
		s->too_big = 1;
		return 0; /* makes curl stop with a write error */
	}
	buf_append(s->out, p, len);
	return len;
}

int http_get(const char *url, size_t max_bytes, struct buf *out, char *err, size_t errsz)
{
	buf_reset(out);
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(err, errsz, "libcurl could not start");
		return -1;
	}
	char curl_err[CURL_ERROR_SIZE] = "";
	struct sink s = {out, max_bytes, 0};
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 3L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "samverkan");
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_err);
	CURLcode rc = curl_easy_perform(h);
	long status = 0;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(h);
	if (s.too_big) {
		snprintf(err, errsz, "%s: the answer is larger than %zu bytes", url, max_bytes);
		return -1;
	}
	if (rc != CURLE_OK) {
		snprintf(err, errsz, "%s: %s", url, curl_err[0] ? curl_err : curl_easy_strerror(rc));
		return -1;
	}
	if (status >= 400) {
		snprintf(err, errsz, "%s: the server answered with status %ld", url, status);
		return -1;
	}
	return 0;
}
