/* server: the HTTP server — N worker threads, each with its own event loop, socket and database connection. */
#ifndef SAMVERKAN_SERVER_H
#define SAMVERKAN_SERVER_H
#include "base/netaddr.h"
#include "domain/outbox.h"
#include <stdbool.h>
#include <stddef.h>

struct server_options {
	const char *db;          /* database path or URL */
	const char *host;        /* address to listen on */
	int port;
	int threads;             /* 0: one per core */
	int request_timeout_ms;  /* header and idle timeout: a slow or half-open client is dropped */
	size_t max_body;         /* larger request bodies get 413 */
	bool secure_cookies;     /* set when served over HTTPS (behind a TLS proxy) */
	const char *access_log;  /* file for the access log; NULL is stderr, "-" none */
	/* Proxies whose forwarded header is believed (base/netaddr.h); NULL or empty: none. */
	const struct netaddr_list *trusted_proxies;
	bool forwarded_is_rfc7239; /* they send Forwarded (RFC 7239) rather than X-Forwarded-For */
	const struct mail_settings *mail; /* for the jobs thread (web/jobs.h); NULL sends no mail */
};

/* Runs until SIGINT or SIGTERM, then stops accepting, finishes requests in flight and returns
 * 0; returns 1 when it cannot start. */
int server_run(const struct server_options *opt);

#endif
