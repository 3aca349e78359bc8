/* netaddr: IP addresses and CIDR ranges, and who the client is behind proxies we trust. */
#ifndef SAMVERKAN_NETADDR_H
#define SAMVERKAN_NETADDR_H
#include <stdbool.h>
#include <stddef.h>

#define NETADDR_MAX_RANGES 32
#define NETADDR_TEXT_MAX 64 /* room for any IPv4 or IPv6 address as text */

/* A list of addresses and ranges ("10.0.0.1, 10.1.0.0/16, ::1, fd00::/8"). IPv4 addresses are
 * kept as IPv4-mapped IPv6, so "127.0.0.1" also matches a peer seen as "::ffff:127.0.0.1". */
struct netaddr_list {
	int n;
	struct {
		unsigned char addr[16];
		int bits; /* prefix length over the 128-bit form */
	} range[NETADDR_MAX_RANGES];
};

/* Parses a comma- or space-separated list; "" is the empty list. 0, or -1 with err naming the
 * entry that is not an address or range (or that there are too many). */
int netaddr_list_parse(const char *spec, struct netaddr_list *out, char *err, size_t errsz);
/* Whether the address (text, IPv4 or IPv6) is in one of the list's ranges. */
bool netaddr_list_contains(const struct netaddr_list *l, const char *addr);

/* The client's address: the peer, unless the peer is a trusted proxy; then the right-most address
 * of `forwarded_for` (an X-Forwarded-For value, entries comma-separated, the nearest proxy's last)
 * that is not itself a trusted proxy. Entries left of that are the client's own claims and are
 * never believed. When the header is missing or every entry is trusted, the left-most trusted hop
 * is the client; an entry that is not an address stops the walk at the hop that sent it. */
void netaddr_client(const struct netaddr_list *trusted, const char *peer, const char *forwarded_for,
		    char out[NETADDR_TEXT_MAX]);
/* The addresses of a Forwarded header (RFC 7239: `for=` of each element, quotes, brackets and
 * ports removed) as an X-Forwarded-For style list in out: for proxies that send only Forwarded. */
void netaddr_forwarded_to_list(const char *forwarded, char *out, size_t outsz);

#endif
