/* smtp: hands one finished message to an SMTP server with libcurl, and says whether to try again. */
#ifndef SAMVERKAN_SMTP_H
#define SAMVERKAN_SMTP_H
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* Once, before any thread sends (main does it). Returns 0 or -1. */
int smtp_global_init(void);

struct smtp_server {
	const char *url;      /* smtp://host[:port] or smtps://host[:port]; libcurl's syntax */
	const char *user;     /* NULL or "" when the server needs no login */
	const char *password;
	bool starttls;        /* on smtp://, refuse to go on unless STARTTLS succeeds */
};

enum smtp_result {
	SMTP_SENT = 0,
	/* Try again later: server unreachable or silent, timeout, a 4xx answer, and also refusals
	 * that are about our side rather than this message (login refused, sender refused), so a
	 * configuration mistake does not throw messages away. */
	SMTP_TEMPORARY,
	/* The server refused this message for good: a 5xx answer to RCPT TO or to the message. */
	SMTP_PERMANENT,
};

/* Sends msg (a whole RFC 5322 message, CRLF line endings) from the envelope sender `from` to
 * the one recipient `to` (bare addresses). Connecting may take 10 s and the whole exchange 60 s;
 * when *cancel becomes non-zero the exchange is abandoned at once (SMTP_TEMPORARY: a message
 * cut off before its final dot is not delivered). On failure err holds the server's answer
 * ("550 5.1.1 No such user") or libcurl's reason. Thread-safe; each call has its own
 * connection. */
enum smtp_result smtp_send(const struct smtp_server *srv, const char *from, const char *to, const char *msg,
			   size_t len, const atomic_int *cancel, char *err, size_t errsz);

/* True when a[0..n) is an address local@domain with the characters RFC 5321 allows unquoted
 * (no quoted local parts, no address literals, no spaces or control characters). */
bool smtp_address_ok(const char *a, size_t n);
/* The address of a mailbox "addr" or "Display Name <addr>": sets *addr and *n and returns true
 * when there is one that smtp_address_ok accepts. */
bool smtp_mailbox_address(const char *mailbox, const char **addr, size_t *n);

#endif
