/* mail_format: turns a queued message into the RFC 5322 text that goes over SMTP — headers,
 * plain text and HTML, in the recipient's language. */
#ifndef SAMVERKAN_MAIL_FORMAT_H
#define SAMVERKAN_MAIL_FORMAT_H
#include "base/buf.h"
#include "domain/outbox.h"
#include <stddef.h>
#include <time.h>

/* The page where a person chooses which notifications to get: the unsubscribe link. */
#define MAIL_PREFERENCES_PATH "/konto/aviseringar"

/* Appends the whole message for m to out: Date (date), From (mail_from, "addr" or "Name <addr>";
 * without a name there, `sender` is the name),
 * To, Subject (RFC 2047 when not ASCII, folded), Message-ID (message_id, with its angle
 * brackets), MIME-Version, Auto-Submitted, and for every kind but "transactional"
 * List-Unsubscribe and an unsubscribe line in both parts, pointing at base_url +
 * MAIL_PREFERENCES_PATH; then multipart/alternative with text/plain and text/html (UTF-8,
 * quoted-printable). The HTML part is m->html in a small document, or made from m->text when
 * m->html is NULL. Fixed texts are in m->lang. Lines end in CRLF; headers are folded at 78
 * octets where they have room to fold and no line is longer than 998; no body line starts with
 * a dot. Every message is signed with `sender` — the municipality's name; NULL or "" for
 * MUNICIPALITY_FALLBACK_NAME — below a "-- " line (the one the text has, else a new one), before
 * the unsubscribe line.
 * Returns 0, or -1 with a reason in err when the message cannot be made (a recipient that is not
 * an address): that will not change on a retry. */
int mail_format(struct buf *out, const struct mail *m, const char *message_id, const char *mail_from,
		const char *sender, const char *base_url, time_t date, char *err, size_t errsz);

#endif
