/* Fuzzes the trusted-proxy list, X-Forwarded-For and Forwarded parsing (base/netaddr.c) and asserts that every listed address is in its own list, that the client is the peer unless the peer is trusted and otherwise an address the header names with only trusted hops to its right, and that the Forwarded list never overruns its buffer. */
#include "base/netaddr.h"
#include "fuzz_common.h"
#include <arpa/inet.h>

/* The entries of an X-Forwarded-For value, blanks trimmed, right-most first. */
static int xff_entries(const char *xff, char out[][NETADDR_TEXT_MAX], int max)
{
	int n = 0;
	size_t end = strlen(xff);
	while (n < max) {
		size_t start = end;
		while (start > 0 && xff[start - 1] != ',')
			start--;
		const char *s = xff + start;
		size_t len = end - start;
		while (len && (*s == ' ' || *s == '\t'))
			s++, len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		snprintf(out[n++], NETADDR_TEXT_MAX, "%.*s", (int)(len < NETADDR_TEXT_MAX ? len : 0), s);
		if (start == 0)
			break;
		end = start - 1;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = {data, size};
	size_t outsz = 1 + fuzz_byte(&in);
	char *spec = fuzz_str(&in, '\n', NULL);
	char *peer = fuzz_str(&in, '\n', NULL);
	char *header = fuzz_str(&in, 0, NULL);

	struct netaddr_list list;
	char err[200] = "";
	if (netaddr_list_parse(spec, &list, err, sizeof err) != 0) {
		FUZZ_CHECK(err[0] && memchr(err, 0, sizeof err));
		list.n = 0;
	} else {
		FUZZ_CHECK(list.n >= 0 && list.n <= NETADDR_MAX_RANGES);
		/* Each range contains its own address, written back as text. */
		for (int i = 0; i < list.n; i++) {
			FUZZ_CHECK(list.range[i].bits >= 0 && list.range[i].bits <= 128);
			char text[INET6_ADDRSTRLEN];
			FUZZ_CHECK(inet_ntop(AF_INET6, list.range[i].addr, text, sizeof text));
			FUZZ_CHECK(netaddr_list_contains(&list, text));
		}
	}

	char client[NETADDR_TEXT_MAX];
	netaddr_client(&list, peer, header, client);
	FUZZ_CHECK(memchr(client, 0, sizeof client));
	char peer_text[NETADDR_TEXT_MAX];
	snprintf(peer_text, sizeof peer_text, "%s", peer);
	if (!netaddr_list_contains(&list, peer_text)) {
		/* An untrusted peer is the client, whatever it claims. */
		FUZZ_CHECK(strcmp(client, peer_text) == 0);
	} else if (strcmp(client, peer_text) != 0) {
		/* The client is an entry of the header, and every entry to its right is a trusted
		 * proxy: nobody the client does not trust chose it. */
		static char entries[64][NETADDR_TEXT_MAX];
		int n = xff_entries(header, entries, 64), i = 0;
		while (i < n && strcmp(entries[i], client) != 0) {
			FUZZ_CHECK(netaddr_list_contains(&list, entries[i]));
			i++;
		}
		FUZZ_CHECK(i < n || n == 64);
	}

	/* Forwarded (RFC 7239) into a buffer of exactly outsz bytes. */
	char *list_out = malloc(outsz);
	netaddr_forwarded_to_list(header, list_out, outsz);
	FUZZ_CHECK(strlen(list_out) < outsz);
	FUZZ_CHECK(!strchr(list_out, ';'));
	free(list_out);

	free(spec);
	free(peer);
	free(header);
	return 0;
}
