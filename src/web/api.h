/* api: JSON responses and RFC 9457 problem details for the /api/v1 routes. */
#ifndef SAMVERKAN_API_H
#define SAMVERKAN_API_H
#include "web/request.h"
#include <jansson.h>

/* Sends `json` (and takes ownership of it) with status 200. */
void api_json(struct request *r, json_t *json);
/* Public data, the same for every caller: `json` (owned) with status 200, and the header that lets
 * any site read it. */
void api_public(struct request *r, json_t *json);
/* A page of a public list: {"items", "total", "page", "per_page"}, as api_public. `page` is the page
 * asked for, even past the end (then items is empty), so clients can tell. */
void api_public_page(struct request *r, json_t *items, long long total, long long page, long long per_page);
/* application/problem+json with type, title, status and detail. */
void api_problem(struct request *r, int status, const char *title, const char *detail);

/* Query parameters of the list routes, checked one way everywhere: a bad value is answered with a
 * 400 problem naming the parameter (never clamped, so a client learns its mistake). */
#define API_PAGE_MAX 100000
void api_bad_parameter(struct request *r, const char *detail);
/* A whole number in lo..hi, or dflt when the parameter is absent; false (with the 400 sent) else. */
bool api_number_param(struct request *r, const char *name, long long lo, long long hi, long long dflt,
		      long long *out);

#endif
