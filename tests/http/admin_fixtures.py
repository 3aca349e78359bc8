"""Fixtures and helpers for the representation and administration tests: a server of their own on a
demo database (roles are changed and accounts disabled here, which must not reach the shared
server's signed-in clients), fresh people made on the command line, fresh organisations, and
readers for what was stored: requests, notifications, the outbox and the audit log."""

import itertools
import re
import urllib.parse

import pytest

from conftest import (
    ADMIN,
    COORDINATOR,
    DEMO_PASSWORD,
    OFFICIAL,
    REPRESENTATIVE,
    Database,
    create_org,
    find_form,
    new_db,
    page_text,
    query,
    run_cli,
)

PASSWORD = "foretradare-test-42"
_seq = itertools.count(1)

INVITE_LINK = re.compile(r"https?://[^\s/]+/konto/inbjudan\?token=([A-Za-z0-9_-]+)")


class Site:
    """The tests' own server and database, with helpers."""

    def __init__(self, server, db):
        self.server = server
        self.db = db
        self._clients = {}

    # ---- people ------------------------------------------------------------------------------

    def person(self, role="person", organisation=None, department=None, tag="person"):
        """A new account: (e-mail, id). `organisation` makes it one of its representatives,
        `department` (a code) puts it in that department."""
        n = next(_seq)
        email = f"{tag}-{n}-{role}@exempel.se"
        args = ["user", "add", "--db", self.db, "--email", email, "--name", f"{tag.title()} Test {n}", "--role", role]
        if organisation:
            args += ["--organisation", str(organisation)]
        if department:
            args += ["--department", department]
        run_cli(*args, env={"SAMVERKAN_PASSWORD": PASSWORD})
        return email, self.account_id(email)

    def account_id(self, email):
        rows = query(self.db, "SELECT id FROM account WHERE email = ?", (email,))
        return rows[0][0] if rows else None

    def sign_in(self, email, password=PASSWORD):
        c = self.server.client()
        r = c.login(email, password)
        assert r.status == 303, f"login as {email} gave {r.status}: {page_text(r.text)[:500]}"
        c.csrf("/konto")
        return c

    def demo(self, email):
        """A signed-in client for a demo account (one per address for the module)."""
        if email not in self._clients:
            self._clients[email] = self.sign_in(email, DEMO_PASSWORD)
        return self._clients[email]

    @property
    def admin(self):
        return self.demo(ADMIN)

    @property
    def coordinator(self):
        return self.demo(COORDINATOR)

    @property
    def official(self):
        return self.demo(OFFICIAL)

    @property
    def representative(self):
        return self.demo(REPRESENTATIVE)

    def organisation(self, name=None):
        """A fresh public organisation nobody represents yet: its id."""
        return create_org(self.official, name or f"Företrädarföreningen {next(_seq)}")

    def other_department(self):
        """The code of a department that is not the demo official's."""
        rows = query(self.db, "SELECT d.code FROM department d WHERE d.id NOT IN (SELECT department_id FROM account "
                              "WHERE email = ? AND department_id IS NOT NULL) ORDER BY d.code", (OFFICIAL,))
        assert rows, "the demo has only one department"
        return rows[0][0]

    # ---- forms -------------------------------------------------------------------------------

    def post_form(self, client, page, action, data=None, expect=303):
        """GETs `page`, finds the form whose action contains `action`, fills it with `data` and
        POSTs it; asserts the status is `expect` (None: any). Returns the response."""
        r = client.get(page)
        assert r.status == 200, (page, r, page_text(r.text)[:500])
        form = find_form(r.text, action)
        fields = dict(form["fields"])
        fields.update(data or {})
        r = client.post(form["action"], fields)
        if expect is not None:
            assert r.status == expect, f"POST {form['action']} gave {r.status}: {page_text(r.text)[:800]}"
        return r

    def ask(self, client, org, message="Jag är föreningens ordförande."):
        return self.post_form(client, f"/organisationer/{org}", f"/organisationer/{org}/foretradare/ansok",
                              {"message": message})

    def assign(self, org, email, client=None, expect=303):
        return self.post_form(client or self.coordinator, f"/organisationer/{org}/foretradare",
                              f"/organisationer/{org}/foretradare/tilldela", {"assign_email": email}, expect=expect)

    def invite(self, org, email, client=None, expect=303):
        return self.post_form(client or self.coordinator, f"/organisationer/{org}/foretradare",
                              f"/organisationer/{org}/foretradare/bjud-in", {"invite_email": email}, expect=expect)

    # ---- what was stored ---------------------------------------------------------------------

    def requests(self, org, account_id=None):
        """(id, account_id, status, message, decided_by) of the organisation's requests, oldest first."""
        sql = "SELECT id, account_id, status, message, decided_by FROM representation_request WHERE organisation_id = ?"
        args = [org]
        if account_id:
            sql += " AND account_id = ?"
            args.append(account_id)
        return query(self.db, sql + " ORDER BY id", args)

    def represents(self, account_id, org):
        return bool(query(self.db, "SELECT 1 FROM representative WHERE account_id = ? AND organisation_id = ?",
                          (account_id, org)))

    def role(self, account_id):
        return query(self.db, "SELECT role FROM account WHERE id = ?", (account_id,))[0][0]

    def notifications(self, account_id, kind="representation"):
        """(title, body, link) of the account's notifications of that kind, oldest first."""
        return query(self.db, "SELECT title, body, link FROM notification WHERE account_id = ? AND kind = ? ORDER BY id",
                     (account_id, kind))

    def audit(self, entity, entity_id=None, action=None):
        """(account_id, action, detail) of audit rows, oldest first."""
        sql = "SELECT account_id, action, detail FROM audit_log WHERE entity = ?"
        args = [entity]
        if entity_id is not None:
            sql += " AND entity_id = ?"
            args.append(entity_id)
        if action:
            sql += " AND action = ?"
            args.append(action)
        return query(self.db, sql + " ORDER BY id", args)

    def invitation_token(self, email):
        """The token in the newest invitation queued for `email` (read from the outbox table; the
        link is the same once the SMTP sink receives it)."""
        rows = query(self.db, "SELECT body_text FROM outbox WHERE to_address = ? ORDER BY id DESC", (email,))
        for (text,) in rows:
            m = INVITE_LINK.search(text)
            if m:
                return m.group(1)
        raise AssertionError(f"no invitation queued for {email}")

    def writable(self):
        return Database(self.db, writable=True)


def invitation_path(token):
    return f"/konto/inbjudan?token={urllib.parse.quote(token)}"


@pytest.fixture(scope="module")
def site(workdir, server_factory):
    """A server on a demo database of its own."""
    db = new_db(workdir, f"representation-{next(_seq)}")
    run_cli("demo", "--db", db, timeout=300)
    return Site(server_factory(db=db), db)
