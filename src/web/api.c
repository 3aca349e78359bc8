/* api: the JSON side of the web layer; jansson does the encoding so strings are always valid JSON. */
#include "web/api.h"
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

void api_problem(struct request *r, int status, const char *title, const char *detail)
{
	json_t *j = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", title, "status", status,
			      "detail", detail ? detail : title);
	api_json(r, j);
	r->status = status;
	r->content_type = "application/problem+json; charset=utf-8";
}
