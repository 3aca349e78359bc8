/* http_head: checks on the raw bytes of an HTTP/1 request head that h2o's parser does not make. */
#ifndef SAMVERKAN_HTTP_HEAD_H
#define SAMVERKAN_HTTP_HEAD_H
#include <stdbool.h>
#include <stddef.h>

/* Whether the head at the start of buf (up to its first empty line) frames its body in more than
 * one way: two Content-Length headers, or Content-Length together with Transfer-Encoding. A proxy
 * in front may pick the other framing than we do, and the rest of the body would then be read as
 * a second request (request smuggling), so such a request is refused and its connection closed.
 * Header names are compared without regard to case; bytes after the head are never read. */
bool http_head_framing_ambiguous(const char *buf, size_t len);

#endif
