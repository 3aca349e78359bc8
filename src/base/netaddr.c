/* netaddr: IP addresses and CIDR ranges, and who the client is behind proxies we trust. */
#include "base/netaddr.h"
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* An address as 16 bytes (IPv4 mapped into ::ffff:0:0/96); false when it is not one. */
static bool parse_addr(const char *s, unsigned char out[16], bool *v4)
{
	struct in_addr a4;
	if (inet_pton(AF_INET, s, &a4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &a4, 4);
		*v4 = true;
		return true;
	}
	*v4 = false;
	return inet_pton(AF_INET6, s, out) == 1;
}

static bool in_range(const unsigned char net[16], int bits, const unsigned char a[16])
{
	int whole = bits / 8, rest = bits % 8;
	if (memcmp(net, a, (size_t)whole) != 0)
		return false;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (net[whole] & mask) == (a[whole] & mask);
}

int netaddr_list_parse(const char *spec, struct netaddr_list *out, char *err, size_t errsz)
{
	memset(out, 0, sizeof *out);
	const char *p = spec ? spec : "";
	while (*p) {
		size_t skip = strspn(p, ", \t");
		p += skip;
		size_t n = strcspn(p, ", \t");
		if (n == 0)
			break;
		char item[80];
		if (n >= sizeof item) {
			snprintf(err, errsz, "\"%.*s…\" is not an address or a range", 40, p);
			return -1;
		}
		memcpy(item, p, n);
		item[n] = 0;
		p += n;
		char *slash = strchr(item, '/');
		long bits = -1;
		if (slash) {
			*slash = 0;
			char *end;
			bits = strtol(slash + 1, &end, 10);
			if (!slash[1] || *end || bits < 0) {
				snprintf(err, errsz, "\"%s/%s\": the prefix length is not a number", item, slash + 1);
				return -1;
			}
		}
		if (out->n == NETADDR_MAX_RANGES) {
			snprintf(err, errsz, "more than %d addresses or ranges", NETADDR_MAX_RANGES);
			return -1;
		}
		bool v4;
		if (!parse_addr(item, out->range[out->n].addr, &v4)) {
			snprintf(err, errsz, "\"%s\" is not an IPv4 or IPv6 address", item);
			return -1;
		}
		int max = v4 ? 32 : 128;
		if (bits > max) {
			snprintf(err, errsz, "\"%s/%ld\": an %s prefix is at most %d bits", item, bits, v4 ? "IPv4" : "IPv6", max);
			return -1;
		}
		out->range[out->n].bits = (int)(bits < 0 ? 128 : v4 ? bits + 96 : bits);
		out->n++;
	}
	return 0;
}

bool netaddr_list_contains(const struct netaddr_list *l, const char *addr)
{
	unsigned char a[16];
	bool v4;
	if (!l || !addr || !parse_addr(addr, a, &v4))
		return false;
	for (int i = 0; i < l->n; i++)
		if (in_range(l->range[i].addr, l->range[i].bits, a))
			return true;
	return false;
}

/* Copies one list entry [s, s+n) into out without surrounding blanks; false when it does not fit. */
static bool entry_text(const char *s, size_t n, char out[NETADDR_TEXT_MAX])
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= NETADDR_TEXT_MAX)
		return false;
	memcpy(out, s, n);
	out[n] = 0;
	return true;
}

void netaddr_client(const struct netaddr_list *trusted, const char *peer, const char *forwarded_for,
		    char out[NETADDR_TEXT_MAX])
{
	snprintf(out, NETADDR_TEXT_MAX, "%s", peer ? peer : "-");
	if (!trusted || trusted->n == 0 || !netaddr_list_contains(trusted, out) || !forwarded_for)
		return;
	/* Walk from the right: each trusted hop vouches for the entry to its left. */
	size_t end = strlen(forwarded_for);
	while (end > 0) {
		size_t start = end;
		while (start > 0 && forwarded_for[start - 1] != ',')
			start--;
		char entry[NETADDR_TEXT_MAX];
		unsigned char a[16];
		bool v4;
		if (!entry_text(forwarded_for + start, end - start, entry) || !parse_addr(entry, a, &v4))
			return; /* not an address: the hop that sent it is as far as we can see */
		snprintf(out, NETADDR_TEXT_MAX, "%s", entry);
		if (!netaddr_list_contains(trusted, entry))
			return;
		if (start == 0)
			return;
		end = start - 1;
	}
}

void netaddr_forwarded_to_list(const char *forwarded, char *out, size_t outsz)
{
	size_t len = 0;
	out[0] = 0;
	for (const char *p = forwarded; p && *p;) {
		/* Each element is "name=value" pairs separated by ';', elements by ','. */
		while (*p == ' ' || *p == '\t' || *p == ';' || *p == ',')
			p++;
		size_t n = strcspn(p, ";,");
		if (n > 4 && strncasecmp(p, "for=", 4) == 0) {
			const char *v = p + 4;
			size_t vn = n - 4;
			if (vn && *v == '"')
				v++, vn--;
			if (vn && v[vn - 1] == '"')
				vn--;
			if (vn && *v == '[') { /* "[2001:db8::1]:4711" */
				const char *close = memchr(v, ']', vn);
				vn = close ? (size_t)(close - v - 1) : 0;
				v++;
			} else {
				const char *colon = memchr(v, ':', vn);
				if (colon && !memchr(colon + 1, ':', vn - (size_t)(colon + 1 - v)))
					vn = (size_t)(colon - v); /* "192.0.2.60:4711" */
			}
			int w = snprintf(out + len, outsz - len, "%s%.*s", len ? "," : "", (int)vn, v);
			if (w < 0 || (size_t)w >= outsz - len) {
				out[len] = 0;
				return;
			}
			len += (size_t)w;
		}
		p += n;
	}
}
