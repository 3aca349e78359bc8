"""Helpers for the tests of sign-up, e-mail verification, password reset and e-mail change: fresh
addresses, signing up through the form, the messages queued for an address (the outbox table),
the one-time link in a message, and servers whose clock is moved (SAMVERKAN_NOW)."""

import datetime
import hashlib
import itertools
import os
import re
import urllib.parse

import pytest

from conftest import page_text

PASSWORD = "ett-bra-lösenord-1"
NEW_PASSWORD = "ett-nytt-lösenord-2"

_seq = itertools.count(1)


def fresh_email(tag="person"):
    """An address no other test uses (unique per run and per call)."""
    return f"{tag}-{os.getpid()}-{next(_seq)}@exempel.se"


def sha256_hex(token):
    return hashlib.sha256(token.encode()).hexdigest()


# --------------------------------------------------------------------------------------------
# The outbox: what the program queued for an address


def messages(db, to):
    """Every message queued for `to`, oldest first, as dicts."""
    rows = db.execute(
        "SELECT id, to_address, to_name, lang, kind, subject, body_text, account_id FROM outbox "
        "WHERE to_address = ? ORDER BY id", (to,)).fetchall()
    keys = ("id", "to", "to_name", "lang", "kind", "subject", "text", "account_id")
    return [dict(zip(keys, r)) for r in rows]


LINK = re.compile(r"(https?://[^\s/]+)(/konto/[a-z-]+)\?token=([A-Za-z0-9_-]+)")


def links(text):
    """(base, path, token) of every one-time link in a message text."""
    return LINK.findall(text)


def link_in(message, path):
    """The token of the link to `path` in a message (exactly one such link)."""
    found = [tok for _, p, tok in links(message["text"]) if p == path]
    assert len(found) == 1, f"expected one {path} link in the message, found {len(found)}:\n{message['text']}"
    return found[0]


def last_token(db, to, path):
    """The token of the newest message to `to` that links to `path`."""
    for m in reversed(messages(db, to)):
        if any(p == path for _, p, _ in links(m["text"])):
            return link_in(m, path)
    raise AssertionError(f"no message to {to} links to {path}: {[m['subject'] for m in messages(db, to)]}")


def tamper(token):
    """The token with one character changed (still well-formed base64url)."""
    i = len(token) // 2
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]


def account_row(db, email):
    """(id, name, role, lang, email_verified_at) of the account with this address, or None."""
    return db.execute("SELECT id, name, role, lang, email_verified_at FROM account WHERE email = ?",
                      (email,)).fetchone()


# --------------------------------------------------------------------------------------------
# Going through the forms as a browser does


def signup(client, email, name="Anna Andersson", password=PASSWORD):
    """Fills in /konto/ny (GET first for the CSRF cookie and field); returns the POST's response."""
    r = client.get("/konto/ny")
    assert r.status == 200, r
    return client.post("/konto/ny", {"name": name, "email": email, "password": password})


def follow(client, path, token, **fields):
    """Opens a one-time link (GET shows a page) and presses its button (POST with the token)."""
    r = client.get(f"{path}?token={urllib.parse.quote(token)}")
    if r.status != 200:
        return r
    data = {"token": token}
    data.update(fields)
    return client.post(path, data)


def verified_person(server, db, email=None, name="Vera Verifierad", password=PASSWORD):
    """Signs up a new person and confirms the address; returns the address."""
    email = email or fresh_email("verified")
    c = server.client()
    r = signup(c, email, name=name, password=password)
    assert r.status == 303, (r, page_text(r.text)[:500])
    r = follow(c, "/konto/verifiera", last_token(db, email, "/konto/verifiera"))
    assert r.status == 200, (r, page_text(r.text)[:500])
    return email


def signed_in(server, email, password=PASSWORD):
    c = server.client()
    r = c.login(email, password)
    assert r.status == 303, f"login as {email} gave {r.status}: {page_text(r.text)[:500]}"
    c.csrf("/konto")
    return c


def can_log_in(server, email, password):
    c = server.client()
    r = c.login(email, password)
    return r.status == 303 and "sid" in c.cookies


# --------------------------------------------------------------------------------------------
# Servers on the same database with the clock moved


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S")


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


@pytest.fixture
def server_at(server_factory, server, monkeypatch):
    """server_at(delta): another server on the shared database whose clock reads now + delta
    (a datetime.timedelta). Tokens it makes are as old, for the shared server, as -delta."""

    def start(delta):
        monkeypatch.setenv("SAMVERKAN_NOW", iso(utcnow() + delta))
        try:
            return server_factory(db=server.db)
        finally:
            monkeypatch.delenv("SAMVERKAN_NOW")

    return start
