/* request: parsing of query strings, form bodies and cookies, and response helpers. */
#include "web/request.h"
#include "base/log.h"
#include "web/api.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include "base/text.h"
#include <stdlib.h>
#include <string.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

char *url_decode(struct arena *a, const char *s, size_t len, bool plus_is_space)
{
	char *raw = arena_alloc(a, len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len + 0 && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			raw[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else if (s[i] == '+' && plus_is_space) {
			raw[o++] = ' ';
		} else {
			raw[o++] = s[i];
		}
	}
	raw[o] = 0;
	/* Replace invalid UTF-8 and NUL bytes with U+FFFD so nothing downstream meets broken text. */
	char *out = arena_alloc(a, o * 3 + 1);
	size_t w = 0;
	for (size_t i = 0; i < o;) {
		size_t l = raw[i] ? text_utf8_char(raw + i, o - i) : 0;
		if (l) {
			memcpy(out + w, raw + i, l);
			w += l;
			i += l;
		} else {
			memcpy(out + w, "\xEF\xBF\xBD", 3);
			w += 3;
			i++;
		}
	}
	out[w] = 0;
	if (!text_has_non_ascii(out, w))
		return out;
	/* One spelling for every letter, whatever keyboard typed it (see text_nfc). */
	size_t n;
	char *nfc = text_nfc(out, w, &n);
	if (!nfc)
		return out;
	char *kept = arena_alloc(a, n + 1);
	memcpy(kept, nfc, n + 1);
	free(nfc);
	return kept;
}

void params_parse(struct arena *a, const char *s, size_t len, struct params *out)
{
	out->n = 0;
	out->items = NULL;
	if (!s || !len)
		return;
	int count = 1;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '&')
			count++;
	if (count > 1000)
		count = 1000; /* a form with more fields than this is not ours */
	out->items = arena_alloc(a, sizeof(struct param) * (size_t)count);
	size_t start = 0;
	for (size_t i = 0; i <= len && out->n < count; i++) {
		if (i == len || s[i] == '&') {
			if (i > start) {
				const char *eq = memchr(s + start, '=', i - start);
				size_t nlen = eq ? (size_t)(eq - (s + start)) : i - start;
				struct param *p = &out->items[out->n++];
				p->name = url_decode(a, s + start, nlen, true);
				p->value = eq ? url_decode(a, eq + 1, (size_t)(s + i - eq - 1), true) : "";
			}
			start = i + 1;
		}
	}
}

const char *param_get(const struct params *p, const char *name)
{
	for (int i = 0; i < p->n; i++)
		if (strcmp(p->items[i].name, name) == 0)
			return p->items[i].value;
	return NULL;
}

int param_all(const struct params *p, const char *name, const char **out, int max)
{
	int n = 0;
	for (int i = 0; i < p->n && n < max; i++)
		if (strcmp(p->items[i].name, name) == 0 && p->items[i].value[0])
			out[n++] = p->items[i].value;
	return n;
}

const char *request_cookie(struct request *r, const char *name)
{
	const char *h = r->cookie_header;
	size_t nlen = strlen(name);
	while (h && *h) {
		while (*h == ' ' || *h == ';')
			h++;
		const char *end = strchr(h, ';');
		size_t len = end ? (size_t)(end - h) : strlen(h);
		if (len > nlen && strncmp(h, name, nlen) == 0 && h[nlen] == '=')
			return arena_strndup(&r->arena, h + nlen + 1, len - nlen - 1);
		h = end;
	}
	return NULL;
}

void response_header(struct request *r, const char *name, const char *value)
{
	if (r->nheaders >= MAX_RESPONSE_HEADERS) {
		log_bug("response_header: no room for header %s on %s (at most %d)", name, r->path, MAX_RESPONSE_HEADERS);
		return;
	}
	r->headers[r->nheaders].name = name;
	r->headers[r->nheaders].value = value;
	r->nheaders++;
}

bool local_path(const char *target)
{
	/* "//evil.example" and "/\evil" leave the site, and browsers drop tabs, newlines and other
	 * control bytes before they read a Location, so "/<TAB>/evil.example" is "//evil.example" too:
	 * any of them anywhere refuses the target rather than being cleaned up. */
	if (!target || target[0] != '/')
		return false;
	for (const unsigned char *p = (const unsigned char *)target; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	return target[1] != '/';
}

void response_redirect(struct request *r, const char *location)
{
	if (!local_path(location))
		location = "/";
	r->status = 303;
	response_header(r, "location", arena_strdup(&r->arena, location));
	buf_reset(&r->body);
}

int request_page(struct request *r)
{
	const char *s = param_get(&r->query, "page");
	if (!s || !*s)
		return 1;
	long long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 1;
		if (v <= PAGE_MAX)
			v = v * 10 + (*p - '0');
	}
	return v < 1 ? 1 : v > PAGE_MAX ? PAGE_MAX : (int)v;
}

int page_count(long long total, int per_page)
{
	return total <= 0 ? 1 : (int)((total + per_page - 1) / per_page);
}

void query_add(struct buf *q, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	if (q->len)
		buf_putc(q, '&');
	buf_puts(q, name);
	buf_putc(q, '=');
	url_encode(q, value);
}

long long id_param(const char *s)
{
	if (!s || !*s || strlen(s) > 15)
		return 0;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return atoll(s);
}

bool request_role_at_least(const struct request *r, enum role least)
{
	return r->user && r->user->role >= least;
}

long long route_id(struct request *r, int i)
{
	return i < r->nroute_args ? id_param(r->route_args[i]) : 0;
}

const char *request_csrf_known(struct request *r)
{
	if (!r->csrf[0] && !r->user && !r->csrf_cookie_checked) {
		r->csrf_cookie_checked = true;
		session_csrf_from_cookie(r->store, request_cookie(r, "csrf"), r->csrf);
	}
	return r->csrf;
}

const char *request_csrf_token(struct request *r)
{
	if (!request_csrf_known(r)[0]) {
		session_random_token(r->csrf);
		r->csrf_cookie_needed = true;
	}
	return r->csrf;
}

static bool is_api(struct request *r) { return strncmp(r->path, "/api/", 5) == 0; }

void respond_not_found(struct request *r)
{
	if (is_api(r)) {
		api_problem(r, 404, _("Not found"), _("There is nothing at this address."));
		return;
	}
	r->status = 404;
	page_message(r, _("Page not found"), _("There is nothing at this address. Check the address, or start from the start page."));
}

void respond_forbidden(struct request *r)
{
	if (is_api(r)) {
		api_problem(r, 403, _("Forbidden"), _("You do not have permission to do this."));
		return;
	}
	r->status = 403;
	page_message(r, _("Not allowed"), _("You do not have permission to do this."));
}

void respond_bad_request(struct request *r, const char *detail)
{
	if (is_api(r)) {
		api_problem(r, 400, _("Bad request"), detail);
		return;
	}
	r->status = 400;
	page_message(r, _("Something was wrong with the request"), detail);
}

void respond_unavailable(struct request *r)
{
	response_header(r, "retry-after", "5");
	if (is_api(r)) {
		api_problem(r, 503, _("Service unavailable"), _("The database is not reachable just now. Try again in a moment."));
		return;
	}
	r->status = 503;
	page_message(r, _("Temporarily unavailable"), _("The database is not reachable just now. Nothing you sent was saved. Try again in a moment."));
}

void request_back(struct request *r, const char *href, const char *label)
{
	r->back_href = href;
	r->back_label = label;
}

void respond_failed(struct request *r)
{
	if (is_api(r)) {
		api_problem(r, 500, _("Internal error"), _("Something went wrong on our side. Try again later."));
		return;
	}
	r->status = 500;
	page_message(r, _("Something went wrong"), _("Something went wrong on our side. Nothing you sent was saved. Try again later."));
}

/* 422 or 409: the messages as problem+json (with an "errors" list naming the fields) or a page. */
static void respond_with_messages(struct request *r, int status, const char *title, const struct field_errors *e)
{
	if (e && e->title)
		title = e->title;
	const char *detail = field_error_for(e, NULL);
	if (!detail)
		detail = field_errors_first(e);
	if (is_api(r)) {
		json_t *errors = json_array();
		for (int i = 0; e && i < e->n; i++)
			json_array_append_new(errors, json_pack("{s:s?, s:s}", "field", e->items[i].field, "message",
								e->items[i].message));
		json_t *j = json_pack("{s:s, s:s, s:i, s:s, s:o}", "type", "about:blank", "title", title, "status",
				      status, "detail", detail ? detail : title, "errors", errors);
		api_json(r, j);
		r->status = status;
		r->content_type = "application/problem+json; charset=utf-8";
		return;
	}
	r->status = status;
	page_message(r, title, detail ? detail : title);
}

void respond_outcome(struct request *r, enum outcome o, const struct field_errors *e)
{
	switch (o) {
	case OUTCOME_INVALID:
		respond_with_messages(r, 422, _("Something was wrong with what you sent"), e);
		return;
	case OUTCOME_NOT_FOUND:
		respond_not_found(r);
		return;
	case OUTCOME_FORBIDDEN:
		respond_forbidden(r);
		return;
	case OUTCOME_CONFLICT:
		respond_with_messages(r, 409, _("Not possible just now"), e);
		return;
	case OUTCOME_UNAVAILABLE:
		respond_unavailable(r);
		return;
	case OUTCOME_OK:
		log_bug("respond_outcome called with OUTCOME_OK for %s", r->path);
		respond_failed(r); /* a response must still be sent */
		return;
	case OUTCOME_FAILED:
		respond_failed(r);
		return;
	}
}
