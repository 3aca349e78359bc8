/* server: h2o set-up, the worker threads, the per-request path into the router, and graceful stop. */
#include "web/server.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "base/log.h"
#include "store/store.h"
#include "web/assets.h"
#include "web/http_head.h"
#include "web/jobs.h"
#include "web/request.h"
#include "web/router.h"
#include <errno.h>
#include <fcntl.h>
#include <h2o.h>
#include <malloc.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* A worker's h2o context comes first so a handler can find its worker from req->conn->ctx. */
struct worker {
	h2o_context_t ctx;
	h2o_accept_ctx_t accept_ctx;
	h2o_socket_t *listener;
	struct store *store;
	pthread_t thread;
	int index;
	int listen_fd;
	int started; /* 1 ready, -1 failed */
};

static h2o_globalconf_t config;
static const struct server_options *options;
static atomic_int stopping;
static int access_log_fd = 2;
static struct worker *workers;

static const char *status_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "OK";
	}
}

static const char *header_value(struct request *r, h2o_req_t *req, const h2o_token_t *token)
{
	ssize_t i = h2o_find_header(&req->headers, token, -1);
	if (i < 0)
		return NULL;
	return arena_strndup(&r->arena, req->headers.entries[i].value.base, req->headers.entries[i].value.len);
}

/* Who is asking and in which language: session cookie, CSRF cookie, language cookie. */
static void identify(struct request *r, h2o_req_t *req)
{
	r->cookie_header = header_value(r, req, H2O_TOKEN_COOKIE);
	const char *lang = request_cookie(r, "lang");
	if (lang && (strcmp(lang, "sv") == 0 || strcmp(lang, "en") == 0))
		r->lang = lang;
	else
		r->lang = i18n_negotiate(header_value(r, req, H2O_TOKEN_ACCEPT_LANGUAGE));
	i18n_set_lang(r->lang);
	const char *sid = request_cookie(r, "sid");
	if (sid) {
		struct account *acc = arena_alloc(&r->arena, sizeof *acc);
		if (session_lookup(r->store, sid, acc, r->csrf)) {
			r->user = acc;
			snprintf(r->session_token, sizeof r->session_token, "%s", sid);
		}
	}
	/* A signed-out visitor's CSRF cookie is checked only when a form needs it
	 * (request_csrf_known), so reading pages costs no look-up of the key. */
}

/* Every value of a header that may be sent more than once, joined with ", " as RFC 9110 allows. */
static const char *header_values(struct request *r, h2o_req_t *req, const char *name)
{
	struct buf b = {0};
	for (ssize_t i = -1; (i = h2o_find_header_by_str(&req->headers, name, strlen(name), i)) != -1;)
		buf_printf(&b, "%s%.*s", b.len ? ", " : "", (int)req->headers.entries[i].value.len,
			   req->headers.entries[i].value.base);
	const char *out = b.len ? arena_strndup(&r->arena, b.data, b.len) : NULL;
	buf_free(&b);
	return out;
}

/* Who the client is: the TCP peer, or behind a trusted proxy the address it forwarded. */
static const char *client_address(struct request *r, h2o_req_t *req)
{
	struct sockaddr_storage sa;
	socklen_t salen = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&sa);
	char peer[NETADDR_TEXT_MAX] = "-", client[NETADDR_TEXT_MAX];
	if (salen)
		h2o_socket_getnumerichost((struct sockaddr *)&sa, salen, peer);
	const char *forwarded = NULL;
	if (options->trusted_proxies && options->trusted_proxies->n) {
		if (options->forwarded_is_rfc7239) {
			const char *f = header_values(r, req, "forwarded");
			if (f) {
				size_t n = strlen(f) + 1;
				char *list = arena_alloc(&r->arena, n);
				netaddr_forwarded_to_list(f, list, n);
				forwarded = list;
			}
		} else {
			forwarded = header_values(r, req, "x-forwarded-for");
		}
	}
	netaddr_client(options->trusted_proxies, peer, forwarded, client);
	return arena_strdup(&r->arena, client);
}

/* One-time links (password reset, verification, invitation, change of address, unsubscribe) carry
 * their token in the query string, and all of them live under /konto; a login's next= may carry
 * one on. Such query strings never reach the log, where anyone who reads it could use them. */
static bool query_loggable(const struct request *r)
{
	if (strncmp(r->path, "/konto", 6) == 0 && (r->path[6] == 0 || r->path[6] == '/'))
		return false;
	for (int i = 0; i < r->query.n; i++)
		if (strcasecmp(r->query.items[i].name, "token") == 0 || strcasestr(r->query.items[i].value, "token"))
			return false;
	return true;
}

static void write_access_log(struct request *r, int status, size_t bytes, long long usec)
{
	if (access_log_fd < 0)
		return;
	char stamp[32];
	log_stamp(stamp, false);
	char line[1024];
	/* The path is the client's: cap it and drop control characters so log lines stay lines. */
	char path[512];
	size_t n = 0;
	bool with_query = query_loggable(r);
	for (const char *p = r->target; *p && n + 1 < sizeof path && (with_query || *p != '?'); p++)
		path[n++] = ((unsigned char)*p < 0x20 || *p == 0x7f) ? '?' : *p;
	path[n] = 0;
	int len = snprintf(line, sizeof line, "%s %s %s %s %d %zu %lldus\n", stamp, r->client, r->method, path,
			   status, bytes, usec);
	if (len > 0) {
		ssize_t ignored = write(access_log_fd, line, (size_t)len < sizeof line ? (size_t)len : sizeof line - 1);
		(void)ignored;
	}
}

static int on_req(h2o_handler_t *self, h2o_req_t *req)
{
	struct worker *w = (struct worker *)req->conn->ctx;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);

	struct request r;
	memset(&r, 0, sizeof r);
	r.store = w->store;
	r.method = arena_strndup(&r.arena, req->method.base, req->method.len);
	r.target = arena_strndup(&r.arena, req->path.base, req->path.len);
	size_t path_len = req->query_at == SIZE_MAX ? req->path.len : req->query_at;
	r.path = url_decode(&r.arena, req->path.base, path_len, false);
	if (req->query_at != SIZE_MAX)
		params_parse(&r.arena, req->path.base + req->query_at + 1, req->path.len - req->query_at - 1, &r.query);
	if (req->entity.base) {
		const char *ct = header_value(&r, req, H2O_TOKEN_CONTENT_TYPE);
		if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
			params_parse(&r.arena, req->entity.base, req->entity.len, &r.form);
	}
	r.client = client_address(&r, req);
	r.accept = header_value(&r, req, H2O_TOKEN_ACCEPT);
	r.if_none_match = header_value(&r, req, H2O_TOKEN_IF_NONE_MATCH);
	r.https = options->secure_cookies;
	r.status = 200;
	r.content_type = "text/html; charset=utf-8";

	/* h2o has already chosen one framing of the body and dropped the headers that told it, but the
	 * head is still the first thing in the connection's input buffer until the response is sent. */
	h2o_socket_t *sock = req->conn->callbacks->get_socket ? req->conn->callbacks->get_socket(req->conn) : NULL;
	if (sock && sock->input && http_head_framing_ambiguous(sock->input->bytes, sock->input->size)) {
		req->http1_is_persistent = 0;
		static const char refused[] = "Bad Request: a request has at most one Content-Length, and none with "
					      "Transfer-Encoding\n";
		req->res.status = 400;
		req->res.reason = status_reason(400);
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, H2O_STRLIT("text/plain; charset=utf-8"));
		req->res.content_length = sizeof refused - 1;
		h2o_send_inline(req, refused, sizeof refused - 1);
		write_access_log(&r, 400, sizeof refused - 1, 0);
		arena_free(&r.arena);
		return 0;
	}

	store_clear_error(r.store);
	identify(&r, req);
	/* GET and HEAD only read: give them one snapshot (identify may write, so it comes first). */
	bool read_only = strcmp(r.method, "GET") == 0 || strcmp(r.method, "HEAD") == 0;
	bool ready = store_errcode(r.store) != STORE_UNAVAILABLE && (!read_only || store_read_begin(r.store) == 0);
	/* Static assets need no database: they are served even while it is away. */
	if (ready || strncmp(r.path, "/static/", 8) == 0)
		router_dispatch(&r);
	if (read_only)
		store_read_end(r.store);
	if ((!ready && strncmp(r.path, "/static/", 8) != 0) ||
	    (store_errcode(r.store) == STORE_UNAVAILABLE && r.status < 500)) {
		buf_reset(&r.body);
		r.nheaders = 0;
		respond_unavailable(&r);
	}

	char csrf_cookie[SESSION_CSRF_COOKIE_MAX];
	if (r.csrf_cookie_needed && !r.user && r.csrf[0] && session_csrf_cookie(r.store, r.csrf, csrf_cookie) == 0) {
		response_header(&r, "set-cookie",
				arena_printf(&r.arena, "csrf=%s; Path=/; HttpOnly; SameSite=Lax%s", csrf_cookie,
					     r.https ? "; Secure" : ""));
	}
	req->res.status = r.status;
	req->res.reason = status_reason(r.status);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, r.content_type, strlen(r.content_type));
	/* Pages may show personal data to the signed-in; only assets are cacheable by others. */
	bool has_cache_control = false;
	for (int i = 0; i < r.nheaders; i++) {
		if (strcmp(r.headers[i].name, "cache-control") == 0)
			has_cache_control = true;
		h2o_add_header_by_str(&req->pool, &req->res.headers, r.headers[i].name, strlen(r.headers[i].name), 1,
				      NULL, r.headers[i].value, strlen(r.headers[i].value));
	}
	if (!has_cache_control) {
		/* Not H2O_STRLIT on a ?: — sizeof would measure a pointer and cut the value to 7 bytes. */
		const char *cc = r.user ? "private, no-store" : "no-cache";
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, cc, strlen(cc));
	}
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0, NULL, H2O_STRLIT("nosniff"));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-frame-options"), 0, NULL, H2O_STRLIT("DENY"));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("content-security-policy"), 0, NULL,
			      H2O_STRLIT("default-src 'self'; img-src 'self' data:; style-src 'self'; form-action 'self'; "
					 "frame-ancestors 'none'; base-uri 'none'"));
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("referrer-policy"), 0, NULL,
			      H2O_STRLIT("same-origin"));
	size_t len = r.status == 304 ? 0 : r.body.len;
	req->res.content_length = len;
	h2o_send_inline(req, len ? r.body.data : "", len);

	clock_gettime(CLOCK_MONOTONIC, &t1);
	long long usec = (t1.tv_sec - t0.tv_sec) * 1000000LL + (t1.tv_nsec - t0.tv_nsec) / 1000;
	write_access_log(&r, r.status, len, usec);
	/* The request queued mail (and committed it): the sender need not wait for its tick. */
	if (outbox_take_enqueued())
		jobs_wake();
	buf_free(&r.body);
	arena_free(&r.arena);
	return 0;
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
	if (err)
		return;
	struct worker *w = listener->data;
	h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
	if (sock)
		h2o_accept(&w->accept_ctx, sock);
}

static int open_listener(const char *host, int port, bool shared)
{
	struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
		log_error("cannot listen on %s: not an IPv4 address", host);
		return -1;
	}
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int on = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	/* Each worker has its own listening socket; the kernel spreads connections over them. */
	if (shared)
		setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
	if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, SOMAXCONN) != 0) {
		log_error("cannot listen on %s:%d: %s", host, port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static bool has_connections(h2o_context_t *ctx)
{
	return !h2o_linklist_is_empty(&ctx->http1._conns) || !h2o_linklist_is_empty(&ctx->http2._conns);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	char err[256];
	w->store = store_open(options->db, err, sizeof err);
	if (!w->store) {
		log_error("worker %d: %s", w->index, err);
		w->started = -1;
		return NULL;
	}
	h2o_context_init(&w->ctx, h2o_evloop_create(), &config);
	w->accept_ctx.ctx = &w->ctx;
	w->accept_ctx.hosts = config.hosts;
	w->listener = h2o_evloop_socket_create(w->ctx.loop, w->listen_fd, H2O_SOCKET_FLAG_DONT_READ);
	w->listener->data = w;
	h2o_socket_read_start(w->listener, on_accept);
	w->started = 1;

	while (!atomic_load(&stopping))
		h2o_evloop_run(w->ctx.loop, 100);

	/* Stop accepting at once; then let requests in flight finish, for at most three seconds. */
	h2o_socket_read_stop(w->listener);
	h2o_socket_close(w->listener);
	w->listener = NULL;
	h2o_context_request_shutdown(&w->ctx);
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		h2o_evloop_run(w->ctx.loop, 50);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while (has_connections(&w->ctx) && now.tv_sec - start.tv_sec < 3);
	/* The h2o context is not disposed: h2o 2.2 asserts that no timer is pending, which a
	 * connection left after the grace period breaks. The process ends right after; the workers
	 * stay reachable from `workers`, so leak checkers do not count them. */
	store_close(w->store);
	return NULL;
}

int server_run(const struct server_options *opt)
{
	options = opt;
	int nthreads = opt->threads > 0 ? opt->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (nthreads < 1)
		nthreads = 1;
	if (opt->access_log && strcmp(opt->access_log, "-") == 0) {
		access_log_fd = -1;
	} else if (opt->access_log) {
		access_log_fd = open(opt->access_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
		if (access_log_fd < 0) {
			log_error("cannot open access log %s: %s", opt->access_log, strerror(errno));
			return 1;
		}
	}
	assets_init();
	/* Each request frees its memory at the end; without these glibc hands it back to the kernel
	 * every time (madvise and TLB flushes across cores cost more than the page itself). */
	mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
	mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);

	h2o_config_init(&config);
	/* h2o would announce "h2o/2.2.5": a version tells an attacker which faults to try. */
	config.server_name = h2o_iovec_init(H2O_STRLIT("samverkan"));
	config.max_request_entity_size = opt->max_body;
	config.http1.upgrade_to_http2 = 0;
	config.http1.req_timeout = (uint64_t)opt->request_timeout_ms;
	config.http2.idle_timeout = (uint64_t)opt->request_timeout_ms;
	h2o_hostconf_t *host = h2o_config_register_host(&config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
	h2o_pathconf_t *path = h2o_config_register_path(host, "/", 0);
	h2o_handler_t *handler = h2o_create_handler(path, sizeof *handler);
	handler->on_req = on_req;

	/* Signals are taken by sigwait in this thread only; workers never see them. */
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* SO_REUSEPORT lets every worker listen on the port, but it would also let a second samverkan
	 * (an old one still running, another database) share it without a word, each answering half
	 * the requests. A plain bind first finds anyone already listening there. */
	int probe = open_listener(opt->host, opt->port, false);
	if (probe < 0)
		return 1;
	close(probe);
	workers = calloc((size_t)nthreads, sizeof *workers);
	int failed = 0;
	for (int i = 0; i < nthreads; i++) {
		workers[i].index = i;
		workers[i].listen_fd = open_listener(opt->host, opt->port, true);
		if (workers[i].listen_fd < 0) {
			failed = 1;
			nthreads = i;
			break;
		}
		pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
	}
	for (int i = 0; i < nthreads && !failed; i++) {
		while (workers[i].started == 0)
			usleep(1000);
		if (workers[i].started < 0)
			failed = 1;
	}
	if (!failed && jobs_start(opt->db, opt->mail) != 0)
		failed = 1;
	if (!failed) {
		log_info("samverkan serving %s on http://%s:%d/ with %d thread%s", opt->db, opt->host, opt->port, nthreads,
			 nthreads == 1 ? "" : "s");
		int sig = 0;
		sigwait(&sigs, &sig);
		log_info("received %s: finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
	}
	atomic_store(&stopping, 1);
	/* The jobs thread abandons a send in progress at once (it is retried later) and stops
	 * while the workers finish their requests. */
	jobs_stop();
	for (int i = 0; i < nthreads; i++)
		pthread_join(workers[i].thread, NULL);
	if (access_log_fd > 2)
		close(access_log_fd);
	log_info("stopped");
	return failed ? 1 : 0;
}
