/* api: JSON responses and RFC 9457 problem details for the /api/v1 routes. */
#ifndef SAMVERKAN_API_H
#define SAMVERKAN_API_H
#include "web/request.h"
#include <jansson.h>

/* Sends `json` (and takes ownership of it) with status 200. */
void api_json(struct request *r, json_t *json);
/* application/problem+json with type, title, status and detail. */
void api_problem(struct request *r, int status, const char *title, const char *detail);

#endif
