"""A real SMTP server for the tests, and samverkan servers that send to it.

SmtpSink is Debian's aiosmtpd (python3-aiosmtpd) on a loopback port, in this process: it keeps
every message it accepts, parsed with email.parser, and can be stopped and started again on the
SAME port, to play a mail server that is down for a while. It can refuse chosen recipients, for
good (550) or for now (451).

Fixtures (import them into a test module: `from smtp_sink import smtp_sink, mail_server`):
  smtp_sink    a running sink for one test
  mail_server  mail_server(db=None, sink=..., **kw) starts `samverkan serve` with --smtp-url at the
               sink, --mail-from, and retries after 1 s instead of 30 (--mail-retry-seconds 1);
               each has a demo database unless given one; all are stopped after the test, and a
               sanitizer report in their output fails it."""

import email.parser
import email.policy
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from conftest import SANITIZER_REPORT, Database, Server, free_port, new_db, run_cli

MAIL_FROM = "Samverkan Testkommun <samverkan@testkommun.se>"


class Received:
    """One accepted message: the envelope and the parsed message (email.message.EmailMessage)."""

    def __init__(self, mail_from, rcpt_tos, raw):
        self.mail_from = mail_from
        self.rcpt_tos = list(rcpt_tos)
        self.raw = raw
        self.message = email.parser.BytesParser(policy=email.policy.default).parsebytes(raw)

    def __getitem__(self, header):
        return self.message[header]

    @property
    def message_id(self):
        return self.message["Message-ID"]

    def part(self, content_type):
        """The decoded text of the first part of that type ("text/plain", "text/html")."""
        for p in self.message.walk():
            if p.get_content_type() == content_type:
                return p.get_content()
        raise AssertionError(f"no {content_type} part in {self.message['Subject']!r}")

    def __repr__(self):
        return f"<Received to {self.rcpt_tos} {self.message['Subject']!r}>"


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        refusal = self.sink.refusals.get(address.lower())
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        self.sink._add(Received(envelope.mail_from, envelope.rcpt_tos, raw))
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.url = f"smtp://127.0.0.1:{self.port}"
        self.refusals = {}
        self._messages = []
        self._cond = threading.Condition()
        self._controller = None

    def start(self):
        assert self._controller is None, "the sink is running already"
        deadline = time.monotonic() + 10
        while True:
            controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port, ready_timeout=5)
            try:
                controller.start()
                break
            except (OSError, RuntimeError):
                # The port may be in the kernel's hands for a moment after a stop.
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self._controller = controller
        return self

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self):
        return self._controller is not None

    def refuse(self, address, reply="550 5.1.1 No such user here"):
        """Answers RCPT TO for this address with reply (e.g. "451 4.3.0 Try later")."""
        self.refusals[address.lower()] = reply

    def _add(self, received):
        with self._cond:
            self._messages.append(received)
            self._cond.notify_all()

    @property
    def messages(self):
        with self._cond:
            return list(self._messages)

    def to(self, address):
        return [m for m in self.messages if address.lower() in (a.lower() for a in m.rcpt_tos)]

    def wait_for(self, predicate, timeout=20, what="the expected messages"):
        """Waits until predicate(messages) is true; returns the messages."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate(list(self._messages)):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}; the sink has {self._messages}")
                self._cond.wait(left)
            return list(self._messages)

    def wait_to(self, address, count=1, timeout=20):
        """Waits for `count` messages to address; returns them."""
        self.wait_for(lambda ms: len([m for m in ms if address.lower() in (a.lower() for a in m.rcpt_tos)]) >= count,
                      timeout, f"{count} message(s) to {address}")
        return self.to(address)


def wait_until(predicate, timeout=20, interval=0.1, what="the condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(interval)


def queue_mail(db, to, subject, text, to_name=None, kind="transactional", lang="sv", html=None, message_id=None):
    """Puts a message straight into the outbox table, as outbox_enqueue would (for messages no
    feature sends yet, such as a notification with a given subject); returns its id."""
    import secrets

    message_id = message_id or f"<{secrets.token_urlsafe(32)}@samverkan>"
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    with Database(db, writable=True) as conn:
        cur = conn.execute(
            "INSERT INTO outbox (created_at, to_address, to_name, lang, kind, subject, body_text, body_html,"
            " message_id, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (now, to, to_name, lang, kind, subject, text, html, message_id, now))
        return cur.fetchall()[0][0]


def outbox_rows(db, where="1=1", params=()):
    """Outbox rows as dicts."""
    cols = ("id", "to_address", "subject", "kind", "status", "attempts", "last_error", "message_id",
            "next_attempt_at", "sent_at", "claimed_by")
    with Database(db) as conn:
        rows = conn.execute(f"SELECT {', '.join(cols)} FROM outbox WHERE {where} ORDER BY id", params).fetchall()
    return [dict(zip(cols, r)) for r in rows]


@pytest.fixture
def smtp_sink():
    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def mail_server(workdir, smtp_sink):
    """Starts samverkan servers that send to the sink (or to sink=another SmtpSink)."""
    started = []

    def start(db=None, sink=None, threads=2, extra=(), demo_organisations=20):
        if db is None:
            db = new_db(workdir, f"mail-{free_port()}")
            run_cli("demo", "--db", db, "--organisations", str(demo_organisations), timeout=300)
        s = sink or smtp_sink
        s_args = ["--smtp-url", s.url, "--mail-from", MAIL_FROM, "--mail-retry-seconds", "1", *extra]
        server = Server(db, workdir, threads=threads, extra=s_args)
        started.append(server)
        return server

    yield start
    for server in started:
        rc = server.stop()
        err = server.stderr()
        assert not SANITIZER_REPORT.search(err), f"sanitizer error in a mail server:\n{err[-4000:]}"
        assert rc == 0, f"a mail server exited with {rc}:\n{err[-2000:]}"
