/* api: the JSON side of the web layer; jansson does the encoding so strings are always valid JSON. */
#include "web/api.h"
#include "base/i18n.h"
#include <stdlib.h>

void api_json(struct request *r, json_t *json)
{
	char *s = json_dumps(json, JSON_COMPACT | JSON_ENSURE_ASCII * 0);
	json_decref(json);
	r->status = 200;
	r->content_type = "application/json; charset=utf-8";
	buf_reset(&r->body);
	if (s) {
		buf_puts(&r->body, s);
		free(s);
	}
}

void api_public(struct request *r, json_t *json)
{
	api_json(r, json);
	response_header(r, "access-control-allow-origin", "*");
}

void api_public_page(struct request *r, json_t *items, long long total, long long page, long long per_page)
{
	api_public(r, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
				(json_int_t)page, "per_page", (json_int_t)per_page));
}

void api_problem(struct request *r, int status, const char *title, const char *detail)
{
	json_t *j = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", title, "status", status,
			      "detail", detail ? detail : title);
	api_json(r, j);
	r->status = status;
	r->content_type = "application/problem+json; charset=utf-8";
}

void api_bad_parameter(struct request *r, const char *detail) { api_problem(r, 400, _("Bad request"), detail); }

bool api_number_param(struct request *r, const char *name, long long lo, long long hi, long long dflt,
		      long long *out)
{
	const char *s = param_get(&r->query, name);
	*out = dflt;
	if (!s)
		return true;
	long long v = 0;
	bool ok = *s != 0;
	for (const char *p = s; *p && ok; p++) {
		if (*p < '0' || *p > '9')
			ok = false;
		else if (v <= hi) /* stop growing once out of range, so no overflow */
			v = v * 10 + (*p - '0');
	}
	if (!ok || v < lo || v > hi) {
		api_bad_parameter(r, arena_printf(&r->arena, _("The parameter %s must be a whole number from %lld to %lld."),
						  name, lo, hi));
		return false;
	}
	*out = v;
	return true;
}
