"""Fixtures and helpers for the notification tests: a server of their own on a demo database (the
digest's once-a-day mark and the people's choices must not leak into other tests), fresh people
made on the command line, and notifications made by a real action — asking to represent an
organisation tells its representatives (kind 'representation')."""

import datetime
import itertools
import re

import pytest

from conftest import (
    DEMO_PASSWORD,
    OFFICIAL,
    Database,
    find_form,
    new_db,
    page_text,
    query,
    run_cli,
)

PASSWORD = "aviseringar-test-42"
_seq = itertools.count(1)


class Notify:
    """The notification tests' own server and database, with helpers."""

    def __init__(self, server, db):
        self.server = server
        self.db = db

    # ---- people ------------------------------------------------------------------------------

    def person(self, role="person", organisation=None, lang="sv"):
        """A new account (e-mail, id); `organisation` makes it one of its representatives."""
        n = next(_seq)
        email = f"avisering-{n}-{role}@exempel.se"
        args = ["user", "add", "--db", self.db, "--email", email, "--name", f"Avisering Test {n}", "--role", role]
        if organisation:
            args += ["--organisation", str(organisation)]
        run_cli(*args, env={"SAMVERKAN_PASSWORD": PASSWORD})
        (account_id,) = query(self.db, "SELECT id FROM account WHERE email = ?", (email,))[0]
        if lang != "sv":
            with Database(self.db, writable=True) as w:
                w.execute("UPDATE account SET lang = ? WHERE id = ?", (lang, account_id))
        return email, account_id

    def sign_in(self, email, password=PASSWORD):
        c = self.server.client()
        r = c.login(email, password)
        assert r.status == 303, f"login as {email} gave {r.status}: {page_text(r.text)[:500]}"
        c.csrf("/konto")
        return c

    def representative(self, lang="sv"):
        """A fresh representative of a fresh organisation: (client, account id, organisation id)."""
        org = self.organisation()
        email, account_id = self.person("representative", organisation=org, lang=lang)
        return self.sign_in(email), account_id, org

    def organisation(self):
        """A fresh public organisation nobody represents yet."""
        from conftest import create_org

        if not hasattr(self, "_official"):
            self._official = self.sign_in(OFFICIAL, DEMO_PASSWORD)
        return create_org(self._official, f"Aviseringsföreningen {next(_seq)}")

    # ---- the real action that makes notifications ----------------------------------------------

    def ask_to_represent(self, organisation, message=None):
        """A new person asks to represent the organisation: its representatives (and the
        coordinators) are told. Returns the message, which the notification quotes."""
        email, _ = self.person()
        c = self.sign_in(email)
        r = c.get(f"/organisationer/{organisation}")
        assert r.status == 200, r
        form = find_form(r.text, f"/organisationer/{organisation}/foretradare/ansok")
        message = message or f"Jag är kassör, märke {next(_seq)}"
        token = dict(form["fields"])["_csrf"]
        r = c.post(f"/organisationer/{organisation}/foretradare/ansok", {"message": message, "_csrf": token})
        assert r.status == 303, f"asking to represent gave {r.status}: {page_text(r.text)[:800]}"
        return message

    # ---- what was stored ---------------------------------------------------------------------

    def outbox(self, account_id):
        return query(self.db, "SELECT id, kind, lang, subject, body_text FROM outbox WHERE account_id = ? ORDER BY id",
                     (account_id,))

    def notifications(self, account_id):
        return query(self.db, "SELECT id, kind, title, body, read_at, emailed_at FROM notification "
                              "WHERE account_id = ? ORDER BY id", (account_id,))

    def frequency(self, account_id, kind):
        rows = query(self.db, "SELECT frequency FROM notification_preference WHERE account_id = ? AND kind = ?",
                     (account_id, kind))
        return rows[0][0] if rows else None

    def choose(self, client, **choices):
        """Saves e-mail choices through the preferences form (kinds not given stay as shown)."""
        r = client.get("/konto/aviseringar")
        assert r.status == 200, r
        data = dict(find_form(r.text, "/konto/aviseringar")["fields"])
        data.update(choices)
        r = client.post("/konto/aviseringar", data)
        assert r.status == 303, f"saving choices gave {r.status}: {page_text(r.text)[:800]}"
        return r

    def next_digest_day(self):
        """10:00 UTC (11:00 or 12:00 in Sweden) on a day well after the last digest sent, so each
        test has days of its own whatever ran before it."""
        (period,) = query(self.db, "SELECT period FROM job_run WHERE name = 'digest'")[0]
        last = datetime.datetime.strptime(period, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)
        return last.replace(hour=10) + datetime.timedelta(days=2)

    def digest(self, now):
        """`samverkan digest send` with the clock at `now` (a datetime in UTC); its output."""
        stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        return run_cli("digest", "send", "--db", self.db, env={"SAMVERKAN_NOW": stamp}).stdout


def unread_in_header(html):
    """The count shown on the notifications entry of the menu, 0 when none is shown."""
    nav = re.search(r'<nav aria-label="[^"]*"><ul>.*?</ul></nav>', html, re.S)
    assert nav, "no main menu"
    m = re.search(r'href="/konto/notiser"[^>]*>[^<]*\((\d+)<span class="visually-hidden">', nav.group(0))
    return int(m.group(1)) if m else 0


@pytest.fixture(scope="module")
def notify(workdir, server_factory):
    """A server on a demo database of its own. Today's digest is marked as sent already (as a
    node would have done at 07:00), so the tests decide when the next one goes: with
    `samverkan digest send` and a clock moved days ahead."""
    db = new_db(workdir, f"notifications-{next(_seq)}")
    run_cli("demo", "--db", db, timeout=300)
    tomorrow = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    with Database(db, writable=True) as w:
        w.execute("INSERT INTO job_run (name, period) VALUES ('digest', ?) "
                  "ON CONFLICT (name) DO UPDATE SET period = excluded.period", (tomorrow,))
    server = server_factory(db=db)
    return Notify(server, db)
