/* router: matches a request to its route, enforces the route's role and the CSRF token on POST. */
#include "web/router.h"
#include "web/api.h"
#include "web/layout.h"
#include "base/html.h"
#include "base/i18n.h"
#include <string.h>

/* Matches path against pattern segment by segment; {x} captures one non-empty segment. */
static bool route_match(const char *pattern, const char *path, struct request *r)
{
	int nargs = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			const char *se = strchr(s, '/');
			size_t len = se ? (size_t)(se - s) : strlen(s);
			if (!pe || len == 0 || nargs >= MAX_ROUTE_ARGS)
				return false;
			r->route_args[nargs++] = arena_strndup(&r->arena, s, len);
			p = pe + 1;
			s += len;
		} else if (*p == *s) {
			p++;
			s++;
		} else {
			return false;
		}
	}
	/* A trailing slash is the same page: /organisationer/ is /organisationer. */
	if (*s == '/' && s[1] == 0 && s != path)
		s++;
	if (*p || *s)
		return false;
	r->nroute_args = nargs;
	return true;
}

static void require_login(struct request *r)
{
	if (strncmp(r->path, "/api/", 5) == 0) {
		api_problem(r, 401, _("Unauthorized"), _("Sign in to use this."));
		return;
	}
	struct buf loc = BUF_INIT;
	buf_puts(&loc, "/logga-in?next=");
	url_encode(&loc, r->target);
	response_redirect(r, buf_str(&loc));
	buf_free(&loc);
}

void router_dispatch(struct request *r)
{
	bool path_matched = false;
	const char *method = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;
	for (const struct route *rt = routes; rt->method; rt++) {
		if (!route_match(rt->pattern, r->path, r))
			continue;
		path_matched = true;
		if (strcmp(rt->method, method) != 0)
			continue;
		if (rt->role > ROLE_NONE && !r->user) {
			require_login(r);
			return;
		}
		if (r->user && r->user->role < rt->role) {
			respond_forbidden(r);
			return;
		}
		if (strcmp(method, "POST") == 0) {
			/* The token must match the one tied to this session (or, signed out, to this browser's
			 * cookie); a missing cookie or field fails too. */
			const char *sent = param_get(&r->form, "_csrf");
			const char *expected = request_csrf_known(r);
			if (!expected[0] || !token_equal(sent, expected)) {
				r->status = 403;
				page_message(r, _("The form has expired"),
					     _("For your security the form could not be sent. Go back, reload the page and try again."));
				return;
			}
		}
		rt->handler(r);
		return;
	}
	if (path_matched) {
		response_header(r, "allow", "GET, HEAD, POST");
		if (strncmp(r->path, "/api/", 5) == 0) {
			api_problem(r, 405, _("Method not allowed"), _("This address does not accept that kind of request."));
			return;
		}
		r->status = 405;
		page_message(r, _("Method not allowed"), _("This address does not accept that kind of request."));
		return;
	}
	respond_not_found(r);
}
