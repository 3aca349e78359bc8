/* request: what a handler sees of an HTTP request and how it builds the response. */
#ifndef SAMVERKAN_REQUEST_H
#define SAMVERKAN_REQUEST_H
#include "base/outcome.h"
#include "base/arena.h"
#include "base/buf.h"
#include "domain/account.h"
#include "domain/session.h"
#include "store/store.h"
#include <stdbool.h>

struct param {
	const char *name;
	const char *value;
};

struct params {
	struct param *items;
	int n;
};

#define MAX_ROUTE_ARGS 4
#define MAX_RESPONSE_HEADERS 8

struct request {
	struct arena arena; /* everything the request allocates; freed when it is answered */
	struct store *store;
	const char *method;
	const char *path;   /* percent-decoded, without the query string */
	const char *target; /* path and query as sent, for redirects back here */
	struct params query;
	struct params form; /* application/x-www-form-urlencoded body of a POST */
	const char *client;
	const char *lang;   /* "sv" or "en" */
	bool https;
	/* The signed-in person, or NULL. */
	struct account *user;
	char session_token[SESSION_TOKEN_LEN + 1];
	char csrf[SESSION_TOKEN_LEN + 1];
	bool csrf_cookie_needed; /* an anonymous visitor got a new CSRF token to keep */
	bool csrf_cookie_checked; /* their csrf cookie has been read (request_csrf_known) */
	const char *cookie_header;
	const char *accept;
	const char *if_none_match;
	const char *route_args[MAX_ROUTE_ARGS];
	int nroute_args;

	/* Response */
	/* Where an error page about this request leads back to (request_back), else the start page. */
	const char *back_href, *back_label;
	int tables; /* data tables opened so far, for their captions' unique ids (table_begin) */
	int status;
	const char *content_type;
	struct buf body;
	struct {
		const char *name;
		const char *value;
	} headers[MAX_RESPONSE_HEADERS];
	int nheaders;
};

const char *param_get(const struct params *p, const char *name);
/* Collects every value of a repeated field (checkboxes, multi-selects) into out; returns count. */
int param_all(const struct params *p, const char *name, const char **out, int max);
/* Parses "a=1&b=%C3%A5" into params, in the request's arena. */
void params_parse(struct arena *a, const char *s, size_t len, struct params *out);
/* Decodes %XX and '+' (in form bodies). Invalid UTF-8 is replaced, so later code sees only text. */
char *url_decode(struct arena *a, const char *s, size_t len, bool plus_is_space);

const char *request_cookie(struct request *r, const char *name);
void response_header(struct request *r, const char *name, const char *value);
/* Whether a redirect target stays on this site: a path that starts with one '/', with no control
 * byte, DEL or backslash anywhere (browsers drop or rewrite those and may leave the site). */
bool local_path(const char *target);
/* 303 See Other to a local path (anything else is refused and sent to "/"). */
void response_redirect(struct request *r, const char *location);
/* Pagination, one way for every list page: the ?page= number (anything that is not a positive
 * number is page 1; large ones are capped at PAGE_MAX), the number of pages `total` items make,
 * and a query string built up one name=value at a time (percent-encoded; empty values left out). */
#define PAGE_MAX 100000
int request_page(struct request *r);
int page_count(long long total, int per_page);
void query_add(struct buf *q, const char *name, const char *value);

/* A positive integer written as digits only (at most 15, so it fits), or 0 for anything else,
 * NULL included: ids from the address and from forms. */
long long id_param(const char *s);
/* Whether someone is signed in with at least this role (ROLE_OFFICIAL: staff). */
bool request_role_at_least(const struct request *r, enum role least);
/* The route argument i ({id} in the pattern) as id_param reads it. */
long long route_id(struct request *r, int i);
/* The CSRF token a POST of this request must carry: the session's, or for a signed-out visitor
 * the one in their csrf cookie when this server signed it; "" when there is none. */
const char *request_csrf_known(struct request *r);
/* The CSRF token forms of this request must carry (creates one for anonymous visitors). */
const char *request_csrf_token(struct request *r);
/* Helpers for route handlers: standard error pages (HTML or problem+json by route kind). */
void respond_not_found(struct request *r);
void respond_forbidden(struct request *r);
void respond_bad_request(struct request *r, const char *detail);
void respond_unavailable(struct request *r);
void respond_failed(struct request *r);
/* Names the page a message about this request (a conflict, a refusal) should lead back to, such
 * as the dialogue being changed; without it the link goes to the start page. */
void request_back(struct request *r, const char *href, const char *label);
/* The one way an outcome becomes a response, for every handler and the API (problem+json there):
 * 422 (the errors listed; a form handler shows its form again instead), 404, 403, 409 (with the
 * message that says why), 503 with Retry-After, 500. OUTCOME_OK is a bug here. */
void respond_outcome(struct request *r, enum outcome o, const struct field_errors *e);

#endif
