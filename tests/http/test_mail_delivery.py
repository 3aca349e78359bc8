"""E-mail delivery through the outbox, against a real SMTP server (aiosmtpd) on a loopback port:
a message queued by a real action arrives with correct headers (Date, Message-ID, MIME, UTF-8
subject and names, multipart/alternative, List-Unsubscribe only for notifications); while the
mail server is down the action still succeeds and the message waits; when the server is back
every message arrives exactly once; a permanent refusal ends as 'failed' and shows on
/admin/utskick, where an administrator can try it again; two nodes on one database never send a
message twice; and a stop does not wait for a mail server that does not answer.

Retries wait 1 s, 2 s, 4 s … here (--mail-retry-seconds 1) instead of 30 s, 60 s …"""

import datetime
import email.utils
import glob
import os
import re
import signal
import socket
import time

import pytest

from conftest import (ADMIN, COORDINATOR, SANITIZER_REPORT, Server, csrf_from, free_port, new_db, page_text,
                      pg_cluster, run_cli)
from smtp_sink import MAIL_FROM, SmtpSink, mail_server, outbox_rows, queue_mail, smtp_sink, wait_until  # noqa: F401

_seq = iter(range(1, 10**6))


def fresh(tag):
    return f"{tag}-{os.getpid()}-{next(_seq)}@exempel.se"


def signup(client, email, name):
    """Signs up through /konto/ny, which queues a verification message (a transactional one)."""
    r = client.get("/konto/ny")
    assert r.status == 200, r
    r = client.post("/konto/ny", {"name": name, "email": email, "password": "ett-bra-lösenord-1"})
    assert r.status == 303, (r, page_text(r.text)[:500])
    return r


def check_wire_format(raw):
    """RFC 5322 on the wire: CRLF line endings, no line over 998 octets, no line that is a lone dot
    or starts with one (the SMTP end-of-data marker)."""
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b""), "a bare LF in the message"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 998, f"a line of {len(line)} octets"
        assert not line.startswith(b"."), f"a line starts with a dot: {line[:60]!r}"


def header_block(raw):
    return raw.split(b"\r\n\r\n", 1)[0].decode("ascii")


# --------------------------------------------------------------------------------------------
# What arrives


def test_signup_message_arrives_with_correct_headers(mail_server, smtp_sink):
    node = mail_server()
    to = fresh("asa")
    signup(node.client(), to, "Åsa Öberg-Ängström")
    (got,) = smtp_sink.wait_to(to)
    (row,) = wait_until(lambda: [r for r in outbox_rows(node.db, "to_address = ?", (to,)) if r["status"] == "sent"],
                        what="the row to be marked sent")

    assert row["attempts"] == 1 and row["sent_at"] and row["last_error"] is None
    assert got.mail_from == "samverkan@testkommun.se"
    assert got.rcpt_tos == [to]
    check_wire_format(got.raw)
    m = got.message
    sent_at = email.utils.parsedate_to_datetime(m["Date"])
    assert sent_at.tzinfo is not None
    assert abs((datetime.datetime.now(datetime.timezone.utc) - sent_at).total_seconds()) < 300
    assert m["Message-ID"] == row["message_id"]
    assert re.fullmatch(r"<[A-Za-z0-9_-]{43}@samverkan>", m["Message-ID"])
    assert m["MIME-Version"] == "1.0"
    assert m["Auto-Submitted"] == "auto-generated"
    assert m["From"].addresses[0].addr_spec == "samverkan@testkommun.se"
    assert m["From"].addresses[0].display_name == "Samverkan Testkommun"
    assert m["To"].addresses[0].addr_spec == to
    assert m["To"].addresses[0].display_name == "Åsa Öberg-Ängström"
    assert "=?UTF-8?B?" in header_block(got.raw).split("\r\nTo:", 1)[1].split("\r\n", 1)[0]
    assert m["Subject"] == row["subject"]
    # A message about the account itself: no unsubscribe.
    assert m["List-Unsubscribe"] is None

    assert m.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in m.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    for p in m.iter_parts():
        assert p.get_content_charset() == "utf-8"
    text, html = got.part("text/plain"), got.part("text/html")
    assert "/konto/verifiera?token=" in text
    assert re.search(r'<html lang="sv">', html)
    assert re.search(r'<a href="http://localhost:\d+/konto/verifiera\?token=[A-Za-z0-9_-]+">', html)


def test_swedish_subject_and_names_are_encoded_and_decode_exactly(mail_server, smtp_sink):
    node = mail_server()
    subject = "Årsmöte på Ängsgården – välkomna! Ö, ä och å i en lång ämnesrad som måste vikas över flera rader"
    to = fresh("orjan")
    queue_mail(node.db, to, subject, "Hej!\n\nVälkommen.", to_name="Örjan \"Örn\" Ärlig", kind="news")
    (got,) = smtp_sink.wait_to(to)
    check_wire_format(got.raw)
    head = header_block(got.raw)
    subject_lines = head.split("\r\nSubject: ", 1)[1].split("\r\nMessage-ID", 1)[0]
    assert subject_lines.startswith("=?UTF-8?B?")
    assert "\r\n " in subject_lines, "a long subject is folded"
    assert all(len(line) <= 78 for line in subject_lines.split("\r\n"))
    assert got["Subject"] == subject
    assert got["To"].addresses[0].display_name == "Örjan \"Örn\" Ärlig"
    assert "Välkommen." in got.part("text/plain")


def test_ascii_subject_is_plain_and_a_header_injection_is_inert(mail_server, smtp_sink):
    node = mail_server()
    to = fresh("plain")
    queue_mail(node.db, to, "Hello there\r\nBcc: victim@exempel.se", "Text", to_name="Plain Name\r\nX-Evil: 1")
    (got,) = smtp_sink.wait_to(to)
    assert got["Subject"] == "Hello there  Bcc: victim@exempel.se"
    assert got["Bcc"] is None and got["X-Evil"] is None
    assert got.rcpt_tos == [to]
    assert "=?" not in header_block(got.raw).split("\r\nSubject: ", 1)[1].split("\r\n", 1)[0]


@pytest.mark.parametrize("lang,words", [("sv", "inställningar för aviseringar"), ("en", "notification settings")])
def test_notification_has_list_unsubscribe_in_its_language(mail_server, smtp_sink, lang, words):
    node = mail_server()
    to = fresh(f"news-{lang}")
    queue_mail(node.db, to, "Nyheter", "Det finns nyheter.", kind="news", lang=lang)
    (got,) = smtp_sink.wait_to(to)
    preferences = f"http://localhost:{node.port}/konto/aviseringar"
    assert got["List-Unsubscribe"] == f"<{preferences}>"
    text, html = got.part("text/plain"), got.part("text/html")
    assert words in text and preferences in text
    assert words in html and f'href="{preferences}"' in html
    assert f'<html lang="{lang}">' in html


def test_html_part_is_made_from_the_text_escaped_with_links(mail_server, smtp_sink):
    node = mail_server()
    to = fresh("html")
    body = ("<script>alert(1)</script> & more\nSee https://exempel.se/a?b=1&c=2.\n\n"
            "Second paragraph\n.\n..two dots\n" + "x" * 200 + "\n")
    queue_mail(node.db, to, "Text", body)
    (got,) = smtp_sink.wait_to(to)
    check_wire_format(got.raw)
    text, html = (got.part(t).replace("\r\n", "\n") for t in ("text/plain", "text/html"))
    assert text == body + "\n-- \nEkerö kommun\n", "the text arrives exactly as queued, signed by the municipality"
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert '<a href="https://exempel.se/a?b=1&amp;c=2">https://exempel.se/a?b=1&amp;c=2</a>.' in html
    assert html.count("<p>") == 2, "two paragraphs, then the signature"
    assert "<br>\n.<br>\n..two dots" in html


# --------------------------------------------------------------------------------------------
# When the mail server is away or refuses


def test_mail_server_down_changes_succeed_and_every_message_arrives_exactly_once(mail_server, smtp_sink):
    node = mail_server()
    smtp_sink.stop()
    addresses = [fresh("down") for _ in range(3)]
    c = node.client()
    for to in addresses:
        signup(c, to, "Nere Server")  # the HTTP action succeeds while mail cannot go out
    queued = [queue_mail(node.db, fresh("down-direct"), f"Direkt {i}", "Text") for i in range(4)]

    def waiting():
        rows = outbox_rows(node.db)
        return rows if len(rows) >= 7 and all(r["status"] == "pending" and r["attempts"] >= 2 for r in rows) else None

    rows = wait_until(waiting, timeout=30, what="every message to be tried at least twice")
    assert all(r["last_error"] and r["sent_at"] is None for r in rows), rows
    assert any("onnect" in (r["last_error"] or "") for r in rows), rows

    smtp_sink.start()  # the same port
    smtp_sink.wait_for(lambda ms: len(ms) >= len(rows), timeout=30, what="every waiting message")
    wait_until(lambda: all(r["status"] == "sent" for r in outbox_rows(node.db)), what="every row marked sent")
    time.sleep(2.5)  # time for a duplicate to show up, if one were coming
    ids = [m.message_id for m in smtp_sink.messages]
    assert sorted(ids) == sorted(r["message_id"] for r in outbox_rows(node.db)), "each message exactly once"
    assert len(queued) == 4


def test_temporary_refusal_is_retried_until_accepted(mail_server, smtp_sink):
    node = mail_server()
    to = fresh("later")
    smtp_sink.refuse(to, "451 4.3.0 Mailbox busy, try later")
    queue_mail(node.db, to, "Senare", "Text")
    wait_until(lambda: outbox_rows(node.db, "to_address = ? AND attempts >= 2", (to,)), what="two refused tries")
    (row,) = outbox_rows(node.db, "to_address = ?", (to,))
    assert row["status"] == "pending" and "451" in row["last_error"]
    del smtp_sink.refusals[to]
    smtp_sink.wait_to(to)
    wait_until(lambda: outbox_rows(node.db, "to_address = ? AND status = 'sent'", (to,)), what="marked sent")
    time.sleep(1.5)
    assert len(smtp_sink.to(to)) == 1


def test_permanent_refusal_fails_shows_on_admin_page_and_can_be_retried(mail_server, smtp_sink):
    node = mail_server()
    to = fresh("nobody")
    smtp_sink.refuse(to, "550 5.1.1 No such user here")
    queue_mail(node.db, to, "Till ingen", "Text")
    ok = fresh("somebody")
    queue_mail(node.db, ok, "Till någon", "Text")
    (row,) = wait_until(lambda: outbox_rows(node.db, "to_address = ? AND status = 'failed'", (to,)),
                        what="the refused message to be marked failed")
    assert row["attempts"] == 1, "a permanent refusal is not retried"
    assert "550" in row["last_error"] and "No such user" in row["last_error"]
    smtp_sink.wait_to(ok)
    assert smtp_sink.to(to) == []

    coordinator = node.client()
    assert coordinator.login(COORDINATOR).status == 303
    assert coordinator.get("/admin/utskick").status == 403, "recipients' addresses are for administrators"

    admin = node.client()
    assert admin.login(ADMIN).status == 303
    r = admin.get("/admin/utskick")
    assert r.status == 200
    text = page_text(r.text)
    assert to in text and "550 5.1.1 No such user here" in text and "Till ingen" in text
    assert ok not in text, "sent messages are counted, not listed"
    assert re.search(r"(Failed|Misslyckade)\s+1\b", text), text[:800]
    m = re.search(r'action="(/admin/utskick/(\d+)/forsok-igen)"', r.text)
    assert m and int(m.group(2)) == row["id"]

    # Without the form's token the retry is refused; with it the message goes out.
    assert admin.post(m.group(1), {"_csrf": "x" * 43}).status == 403
    del smtp_sink.refusals[to]
    admin.last_csrf = csrf_from(r.text)
    r = admin.post(m.group(1))
    assert r.status == 303 and r.header("location").startswith("/admin/utskick")
    smtp_sink.wait_to(to)
    wait_until(lambda: outbox_rows(node.db, "to_address = ? AND status = 'sent'", (to,)), what="marked sent")
    assert admin.post(m.group(1)).status == 404, "only a failed message can be tried again"
    r = admin.get("/admin/utskick?status=pending")
    assert r.status == 200 and to not in page_text(r.text)


def test_stop_does_not_wait_for_a_mail_server_that_never_answers(workdir):
    """A server that accepts the connection and says nothing: the send would wait 60 s; SIGTERM
    must still end the program at once, and the message stays pending for the next start."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)
    port = silent.getsockname()[1]
    try:
        db = new_db(workdir, f"silent-{free_port()}")
        run_cli("init", "--db", db)
        node = Server(db, workdir, extra=["--smtp-url", f"smtp://127.0.0.1:{port}", "--mail-from", MAIL_FROM])
        queue_mail(db, fresh("silent"), "Tyst", "Text")
        wait_until(lambda: outbox_rows(db, "claimed_by IS NOT NULL"), what="the message to be claimed")
        time.sleep(0.5)  # the sender is now waiting for the greeting
        t0 = time.monotonic()
        rc = node.stop(signal.SIGTERM, timeout=15)
        took = time.monotonic() - t0
        assert rc == 0, node.stderr()[-2000:]
        assert not SANITIZER_REPORT.search(node.stderr())
        assert took < 5, f"stopping took {took:.1f} s"
        (row,) = outbox_rows(db)
        assert row["status"] == "pending" and row["attempts"] == 0 and row["claimed_by"] is None, row
    finally:
        silent.close()


# --------------------------------------------------------------------------------------------
# Two nodes, one database


def _two_nodes_exactly_once(db, workdir, sink):
    run_cli("demo", "--db", db, "--organisations", "5", timeout=300)
    args = ["--smtp-url", sink.url, "--mail-from", MAIL_FROM, "--mail-retry-seconds", "1"]
    nodes = [Server(db, workdir, threads=2, extra=args), Server(db, workdir, threads=1, extra=args)]
    try:
        sink.stop()
        addresses = []
        for i, node in enumerate(nodes):
            c = node.client()
            for _ in range(3):
                to = fresh(f"node{i}")
                signup(c, to, "Två Noder")
                addresses.append(to)
        for i in range(30):
            queue_mail(db, fresh("bulk"), f"Massutskick {i}", "Text")
        wait_until(lambda: all(r["attempts"] >= 1 for r in outbox_rows(db)), timeout=30,
                   what="every message to be tried while the server is down")
        sink.start()
        total = len(outbox_rows(db))
        assert total == 36
        sink.wait_for(lambda ms: len(ms) >= total, timeout=40, what="all messages")
        wait_until(lambda: all(r["status"] == "sent" for r in outbox_rows(db)), what="every row marked sent")
        time.sleep(2.5)
        ids = [m.message_id for m in sink.messages]
        dupes = {i for i in ids if ids.count(i) > 1}
        assert not dupes, f"sent twice: {dupes}"
        assert sorted(ids) == sorted(r["message_id"] for r in outbox_rows(db))
        claimers = {r["claimed_by"] for r in outbox_rows(db)}
        assert claimers == {None}
        for to in addresses:
            assert len(sink.to(to)) == 1
    finally:
        for node in nodes:
            rc = node.stop()
            assert not SANITIZER_REPORT.search(node.stderr()), node.stderr()[-4000:]
            assert rc == 0, node.stderr()[-2000:]


def test_two_nodes_on_one_sqlite_file_send_each_message_once(workdir):
    db = os.path.join(workdir, f"two-mail-{free_port()}.db")
    sink = SmtpSink().start()
    try:
        _two_nodes_exactly_once(db, workdir, sink)
    finally:
        sink.stop()


@pytest.mark.skipif(not glob.glob("/usr/lib/postgresql/*/bin/initdb"), reason="PostgreSQL is not installed")
def test_two_nodes_on_postgresql_send_each_message_once(workdir):
    pytest.importorskip("psycopg2")
    db = pg_cluster().createdb("two_nodes_mail")
    sink = SmtpSink().start()
    try:
        _two_nodes_exactly_once(db, workdir, sink)
    finally:
        sink.stop()


def test_a_recipient_that_is_not_an_address_fails_without_being_sent(mail_server, smtp_sink):
    node = mail_server()
    bad = "someone@exempel.se>\r\nRCPT TO:<other@exempel.se"
    queue_mail(node.db, bad, "Trasig", "Text")
    (row,) = wait_until(lambda: outbox_rows(node.db, "status = 'failed'"), what="the message to fail")
    assert row["attempts"] == 1 and "not an e-mail address" in row["last_error"]
    time.sleep(1)
    assert smtp_sink.messages == []


def test_a_claim_held_by_a_dead_node_is_taken_over_only_after_it_expires(workdir, smtp_sink, monkeypatch):
    """Node A claims a message and hangs on a mail server that never answers, then dies (kill -9).
    Node B, on the same database, must not take the message while A's claim holds; a node whose
    clock is past the claim's two minutes sends it, once."""
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)
    try:
        db = new_db(workdir, f"claim-{free_port()}")
        run_cli("init", "--db", db)
        a = Server(db, workdir, extra=["--smtp-url", f"smtp://127.0.0.1:{silent.getsockname()[1]}",
                                       "--mail-from", MAIL_FROM])
        to = fresh("claimed")
        queue_mail(db, to, "Hävdad", "Text")
        (row,) = wait_until(lambda: outbox_rows(db, "claimed_by IS NOT NULL"), what="node A to claim the message")
        args = ["--smtp-url", smtp_sink.url, "--mail-from", MAIL_FROM, "--mail-retry-seconds", "1"]
        b = Server(db, workdir, extra=args)
        time.sleep(3)
        assert smtp_sink.messages == [], "node B took a message node A holds"
        assert outbox_rows(db)[0]["claimed_by"] == row["claimed_by"]
        a.stop(signal.SIGKILL)
        assert b.stop() == 0
        later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=3)
        monkeypatch.setenv("SAMVERKAN_NOW", later.strftime("%Y-%m-%dT%H:%M:%SZ"))
        c = Server(db, workdir, extra=args)
        monkeypatch.delenv("SAMVERKAN_NOW")
        smtp_sink.wait_to(to)
        wait_until(lambda: outbox_rows(db, "status = 'sent'"), what="the message to be marked sent")
        time.sleep(1.5)
        assert len(smtp_sink.to(to)) == 1
        assert c.stop() == 0
        for node in (b, c):
            assert not SANITIZER_REPORT.search(node.stderr()), node.stderr()[-4000:]
    finally:
        silent.close()
