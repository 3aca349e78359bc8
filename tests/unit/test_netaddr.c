/* test_netaddr: address ranges, the client behind trusted proxies, and the request-head framing check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/netaddr.h"
#include "web/http_head.h"
#include <string.h>

static struct netaddr_list list_of(const char *spec)
{
	struct netaddr_list l;
	char err[160];
	if (netaddr_list_parse(spec, &l, err, sizeof err) != 0)
		fail_msg("%s: %s", spec, err);
	return l;
}

static void ranges_match_ipv4_and_ipv6(void **state)
{
	struct netaddr_list l = list_of("10.0.0.5, 172.16.0.0/12 fd00::/8,::1");
	assert_int_equal(l.n, 4);
	assert_true(netaddr_list_contains(&l, "10.0.0.5"));
	assert_false(netaddr_list_contains(&l, "10.0.0.6"));
	assert_true(netaddr_list_contains(&l, "172.31.255.255"));
	assert_false(netaddr_list_contains(&l, "172.32.0.0"));
	assert_true(netaddr_list_contains(&l, "fd12:3456::1"));
	assert_true(netaddr_list_contains(&l, "::1"));
	assert_false(netaddr_list_contains(&l, "::2"));
	/* An IPv4 peer seen on an IPv6 socket. */
	assert_true(netaddr_list_contains(&l, "::ffff:10.0.0.5"));
	assert_false(netaddr_list_contains(&l, "not an address"));
	assert_false(netaddr_list_contains(&l, ""));
	struct netaddr_list empty = list_of("");
	assert_int_equal(empty.n, 0);
	assert_false(netaddr_list_contains(&empty, "10.0.0.5"));
}

static void bad_lists_are_refused_with_the_entry(void **state)
{
	struct netaddr_list l;
	char err[160];
	assert_int_equal(netaddr_list_parse("10.0.0.0/33", &l, err, sizeof err), -1);
	assert_non_null(strstr(err, "10.0.0.0/33"));
	assert_int_equal(netaddr_list_parse("10.0.0.1, proxy.kommun.se", &l, err, sizeof err), -1);
	assert_non_null(strstr(err, "\"proxy.kommun.se\" is not an IPv4 or IPv6 address"));
	assert_int_equal(netaddr_list_parse("10.0.0.0/", &l, err, sizeof err), -1);
	assert_int_equal(netaddr_list_parse("10.0.0.0/x", &l, err, sizeof err), -1);
	assert_int_equal(netaddr_list_parse("::/129", &l, err, sizeof err), -1);
	assert_int_equal(netaddr_list_parse("::/128", &l, err, sizeof err), 0);
}

static void the_client_is_the_right_most_untrusted_address(void **state)
{
	struct netaddr_list l = list_of("10.0.0.0/8");
	char out[NETADDR_TEXT_MAX];
	/* No proxy trusted: the header is the client's own claim. */
	netaddr_client(NULL, "203.0.113.9", "192.0.2.1", out);
	assert_string_equal(out, "203.0.113.9");
	/* The peer is not a trusted proxy: the same. */
	netaddr_client(&l, "203.0.113.9", "192.0.2.1", out);
	assert_string_equal(out, "203.0.113.9");
	/* A trusted proxy: the address it appended, not what the client put before it. */
	netaddr_client(&l, "10.0.0.5", "192.0.2.1, 198.51.100.7", out);
	assert_string_equal(out, "198.51.100.7");
	/* Two proxies of ours in a row. */
	netaddr_client(&l, "10.0.0.5", "192.0.2.1,198.51.100.7 , 10.1.2.3", out);
	assert_string_equal(out, "198.51.100.7");
	/* Every hop trusted: the left-most is as far as anyone can see. */
	netaddr_client(&l, "10.0.0.5", "10.9.9.9, 10.1.2.3", out);
	assert_string_equal(out, "10.9.9.9");
	/* Garbage stops the walk at the trusted hop that passed it on. */
	netaddr_client(&l, "10.0.0.5", "198.51.100.7, <script>", out);
	assert_string_equal(out, "10.0.0.5");
	/* No header from a trusted proxy: the proxy itself. */
	netaddr_client(&l, "10.0.0.5", NULL, out);
	assert_string_equal(out, "10.0.0.5");
	netaddr_client(&l, "10.0.0.5", "", out);
	assert_string_equal(out, "10.0.0.5");
}

static void forwarded_header_becomes_a_list(void **state)
{
	char out[256];
	netaddr_forwarded_to_list("for=192.0.2.43, for=\"[2001:db8:cafe::17]:4711\";proto=https, for=198.51.100.17:80",
				  out, sizeof out);
	assert_string_equal(out, "192.0.2.43,2001:db8:cafe::17,198.51.100.17");
	netaddr_forwarded_to_list("proto=http;FOR=203.0.113.60;by=10.0.0.1", out, sizeof out);
	assert_string_equal(out, "203.0.113.60");
	netaddr_forwarded_to_list("by=10.0.0.1", out, sizeof out);
	assert_string_equal(out, "");
}

static void framing_is_ambiguous_only_with_two_lengths_or_both_kinds(void **state)
{
	const char *ok = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
	assert_false(http_head_framing_ambiguous(ok, strlen(ok)));
	const char *chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
	assert_false(http_head_framing_ambiguous(chunked, strlen(chunked)));
	const char *both = "POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n";
	assert_true(http_head_framing_ambiguous(both, strlen(both)));
	const char *two = "POST / HTTP/1.1\nContent-Length: 0\nCONTENT-LENGTH: 40\n\n";
	assert_true(http_head_framing_ambiguous(two, strlen(two)));
	/* Headers of the next request, after the empty line, are not this request's. */
	const char *next = "GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\nGET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
	assert_false(http_head_framing_ambiguous(next, strlen(next)));
	/* A header whose name only starts like one of ours. */
	const char *other = "GET / HTTP/1.1\r\nContent-Length-X: 1\r\nContent-Length: 0\r\n\r\n";
	assert_false(http_head_framing_ambiguous(other, strlen(other)));
	/* A head cut short is checked as far as it goes. */
	assert_true(http_head_framing_ambiguous(both, 64));
	assert_false(http_head_framing_ambiguous(both, 60));
	assert_false(http_head_framing_ambiguous("", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ranges_match_ipv4_and_ipv6),
		cmocka_unit_test(bad_lists_are_refused_with_the_entry),
		cmocka_unit_test(the_client_is_the_right_most_untrusted_address),
		cmocka_unit_test(forwarded_header_becomes_a_list),
		cmocka_unit_test(framing_is_ambiguous_only_with_two_lengths_or_both_kinds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
