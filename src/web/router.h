/* router: the route table — each page or API route is one handler and one row naming its role. */
#ifndef SAMVERKAN_ROUTER_H
#define SAMVERKAN_ROUTER_H
#include "web/request.h"

typedef void (*route_handler)(struct request *r);

struct route {
	const char *method;  /* "GET" or "POST" (HEAD is served by GET routes) */
	const char *pattern; /* "/organisationer/{id}/redigera": {x} matches one path segment */
	enum role role;      /* the least role that may use it; ROLE_NONE is everyone */
	route_handler handler;
};

/* Defined in routes.c: the whole table, ending with a row whose method is NULL. */
extern const struct route routes[];

/* Finds the route, checks role and CSRF token, and runs it. */
void router_dispatch(struct request *r);

#endif
