/* smtp: one message, one connection, one libcurl easy handle; the answer sorted into sent, try
 * again, or give up. */
#include "base/smtp.h"
#include <ctype.h>
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int smtp_global_init(void)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return -1;
	atexit(curl_global_cleanup);
	return 0;
}

bool smtp_address_ok(const char *a, size_t n)
{
	const char *at = memchr(a, '@', n);
	if (!at || at == a || at == a + n - 1 || n > 254 || memchr(at + 1, '@', (size_t)(a + n - at - 1)))
		return false;
	for (const char *p = a; p < at; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".!#$%&'*+/=?^_`{|}~-", *p))
			return false;
	if (a[0] == '.' || at[-1] == '.')
		return false;
	for (const char *p = at + 1; p < a + n; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-')
			return false;
	return at[1] != '.' && at[1] != '-' && a[n - 1] != '.';
}

bool smtp_mailbox_address(const char *mailbox, const char **addr, size_t *n)
{
	const char *lt = strrchr(mailbox, '<');
	if (!lt) {
		*addr = mailbox;
		*n = strlen(mailbox);
	} else {
		const char *gt = strchr(lt, '>');
		if (!gt || gt[1])
			return false;
		*addr = lt + 1;
		*n = (size_t)(gt - lt - 1);
	}
	return smtp_address_ok(*addr, *n);
}

/* What the conversation left behind: the server's first refusal and the command it answered,
 * which together say whether a refusal is about this message or about us. (The conversation
 * goes on after a refusal — QUIT and its "221 Bye" — so the first one is kept.) */
struct transcript {
	char command[8];   /* the last command sent */
	char refusal[512]; /* the first 4xx or 5xx answer, its last line */
	char refused[8];   /* the command it answered */
};

static int on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	struct transcript *t = arg;
	if (type == CURLINFO_HEADER_IN && !t->refusal[0]) {
		/* An answer may span lines ("550-…" then "550 …"); its last line is kept. */
		size_t start = 0, end = size;
		while (end && (data[end - 1] == '\n' || data[end - 1] == '\r'))
			end--;
		for (size_t i = 0; i < end; i++)
			if (data[i] == '\n')
				start = i + 1;
		if (end - start < 3 || (data[start] != '4' && data[start] != '5'))
			return 0;
		size_t n = end - start < sizeof t->refusal - 1 ? end - start : sizeof t->refusal - 1;
		memcpy(t->refusal, data + start, n);
		t->refusal[n] = 0;
		for (char *p = t->refusal; *p; p++)
			if ((unsigned char)*p < 0x20)
				*p = ' ';
		memcpy(t->refused, t->command, sizeof t->refused);
	} else if (type == CURLINFO_HEADER_OUT) {
		size_t n = 0;
		while (n < size && n < sizeof t->command - 1 && isalpha((unsigned char)data[n]))
			n++;
		memcpy(t->command, data, n);
		t->command[n] = 0;
	}
	return 0;
}

struct upload {
	const char *data;
	size_t len, pos;
};

static size_t on_read(char *buf, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nitems;
	if (n > u->len - u->pos)
		n = u->len - u->pos;
	memcpy(buf, u->data + u->pos, n);
	u->pos += n;
	return n;
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	const atomic_int *cancel = arg;
	return cancel && atomic_load(cancel) ? 1 : 0;
}

enum smtp_result smtp_send(const struct smtp_server *srv, const char *from, const char *to, const char *msg,
			   size_t len, const atomic_int *cancel, char *err, size_t errsz)
{
	if (errsz)
		err[0] = 0;
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(err, errsz, "libcurl could not start");
		return SMTP_TEMPORARY;
	}
	char from_arg[320], to_arg[320], curl_err[CURL_ERROR_SIZE] = "";
	snprintf(from_arg, sizeof from_arg, "<%s>", from);
	snprintf(to_arg, sizeof to_arg, "<%s>", to);
	struct curl_slist *rcpt = curl_slist_append(NULL, to_arg);
	struct upload up = {msg, len, 0};
	struct transcript t = {"", "", ""};

	curl_easy_setopt(h, CURLOPT_URL, srv->url);
	/* Only mail: a mistyped URL must not make us fetch a web page or a file. */
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from_arg);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(h, CURLOPT_READDATA, &up);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	if (srv->starttls)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (srv->user && *srv->user) {
		curl_easy_setopt(h, CURLOPT_USERNAME, srv->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, srv->password ? srv->password : "");
	}
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
	/* Worker threads: no SIGALRM for name-resolution timeouts. */
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curl_err);
	/* The debug callback is how libcurl shows the server's answers; nothing is printed. */
	curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(h, CURLOPT_DEBUGDATA, &t);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, (void *)cancel);

	CURLcode rc = curl_easy_perform(h);
	enum smtp_result result = SMTP_SENT;
	if (rc != CURLE_OK) {
		/* A 5xx is final only when it is about this message: the recipient, or the message
		 * itself (answered after DATA), or its size. A 5xx to the login or to our sender
		 * address is our configuration, which someone will fix; until then the message waits. */
		int code = t.refusal[0] ? atoi(t.refusal) : 0;
		bool about_message = strcasecmp(t.refused, "RCPT") == 0 || strcasecmp(t.refused, "DATA") == 0 ||
				     (strcasecmp(t.refused, "MAIL") == 0 && code == 552);
		result = code >= 500 && code < 600 && about_message && rc != CURLE_ABORTED_BY_CALLBACK ? SMTP_PERMANENT
												  : SMTP_TEMPORARY;
		if (rc == CURLE_ABORTED_BY_CALLBACK)
			snprintf(err, errsz, "stopped: the program is shutting down");
		else if (t.refusal[0])
			snprintf(err, errsz, "%s", t.refusal);
		else
			snprintf(err, errsz, "%s%s%s", curl_easy_strerror(rc), curl_err[0] ? ": " : "", curl_err);
	}
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	return result;
}
