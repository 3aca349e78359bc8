"""A person's own data (GDPR articles 15, 17 and 20) and retention, against a real server and database.

A person with data everywhere — signed up and verified, a representative, a pending request, a
published submission with an answer, notifications, chosen e-mail preferences, a contact-person
entry and an organisation address with their e-mail, a failed sign-in — downloads
/konto/mina-uppgifter.json and every category is checked field by field against the database.
Then they delete their account: a wrong password changes nothing (422); the right one removes
them, the confirmation reaches the SMTP sink, and once it is delivered the address appears in no
text column of any table, while the published submission stays, from "a former user".
Coordinators do the same for a contact person without an account. The retention job is run with
the clock moved (SAMVERKAN_NOW)."""

import datetime
import itertools
import json
import os
import re
import time

import pytest

from account_fixtures import PASSWORD, follow, last_token, signup
from admin_fixtures import Site
from conftest import (ADMIN, COORDINATOR, DEMO_PASSWORD, REPRESENTATIVE, Database, create_org, find_form, main_html,
                      page_text, parse_forms, query, run_cli)
from smtp_sink import mail_server, smtp_sink, wait_until  # noqa: F401 — fixtures

_seq = itertools.count(1)
ERASED = "[erased]"


def fresh(tag):
    return f"{tag}-{os.getpid()}-{next(_seq)}@exempel.se"


# --------------------------------------------------------------------------------------------
# Looking for a text in the whole database


def text_columns(db):
    """(table, column) of every text column of every table (SQLite's full-text index aside: its
    tokenizer lives in samverkan, and its content is the organisation table)."""
    with Database(db) as conn:
        if conn.pg:
            rows = conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
                "AND data_type IN ('text', 'character varying') ORDER BY table_name, column_name").fetchall()
            return [tuple(r) for r in rows]
        out = []
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'organisation_fts%' ORDER BY name").fetchall()]
        for t in tables:
            for _, name, typ, *_ in conn.execute(f'PRAGMA table_info("{t}")').fetchall():
                if "TEXT" in typ.upper() or not typ:
                    out.append((t, name))
        return out


def places_holding(db, text):
    """[(table, column, rows)] where some row's value contains `text` (any case)."""
    cols = text_columns(db)
    assert len(cols) > 40, f"the schema has more text columns than {cols}"
    found = []
    with Database(db) as conn:
        for t, c in cols:
            n = conn.execute(f'SELECT COUNT(*) FROM "{t}" WHERE lower("{c}") LIKE ?',
                             (f"%{text.lower()}%",)).fetchone()[0]
            if n:
                found.append((t, c, n))
    return found


def one(db, sql, params=()):
    rows = query(db, sql, params)
    assert len(rows) == 1, (sql, rows)
    return rows[0]


# --------------------------------------------------------------------------------------------
# A person with data everywhere


def verified(site, email, name):
    c = site.server.client()
    r = signup(c, email, name=name)
    assert r.status == 303, page_text(r.text)[:500]
    with Database(site.db) as db:
        token = last_token(db, email, "/konto/verifiera")
    assert follow(c, "/konto/verifiera", token).status == 200
    c = site.server.client()
    r = c.login(email, PASSWORD)
    assert r.status == 303, page_text(r.text)[:500]
    c.csrf("/konto")
    return c


def kf_department(db):
    return one(db, "SELECT id FROM department WHERE code = 'kultur-fritid'")[0]


def send_submission(client, department, title, body, publish=True, on_behalf="me"):
    r = client.get("/synpunkter/ny")
    assert r.status == 200
    data = dict(find_form(r.text, "/synpunkter/ny")["fields"])
    data.update({"kind": "view", "title": title, "body": body, "on_behalf": on_behalf,
                 "department_id": str(department)})
    if publish:
        data["publish"] = "1"
    r = client.post("/synpunkter/ny", data)
    assert r.status == 303, page_text(r.text)[:1200]
    return int(re.match(r"^/synpunkter/(\d+)", r.header("location")).group(1))


@pytest.fixture
def mail_site(mail_server):
    node = mail_server()
    return Site(node, node.db)


def everywhere(site, email, name):
    """Gives the person data in every category; returns what the test needs to check."""
    person = verified(site, email, name)
    pid = site.account_id(email)
    # A failed sign-in with the address.
    assert site.server.client().login(email, "fel-lösenord-123").status in (200, 401, 422)
    # A representative of one organisation (approved by the coordinator), asking for another.
    org = site.organisation()
    other = site.organisation()
    site.ask(person, org, "Jag är kassör i föreningen.")
    req = one(site.db, "SELECT id FROM representation_request WHERE account_id = ? AND organisation_id = ?",
              (pid, org))[0]
    r = site.post_form(site.coordinator, f"/organisationer/{org}/foretradare",
                       f"/foretradare/ansokningar/{req}/godkann")
    site.ask(person, other, "Jag sitter också i styrelsen här.")
    # As representative: a contact person with the person's own address, and the organisation's address.
    r = person.get(f"/organisationer/{org}/redigera")
    assert r.status == 200
    form = find_form(r.text, f"/organisationer/{org}/redigera")
    data = {}
    for k, v in form["fields"]:
        data.setdefault(k, []).append(v)
    data.update({"email": email, "contact_name_0": name, "contact_role_0": "Kassör", "contact_email_0": email,
                 "contact_phone_0": "070-123 45 67"})
    r = person.post(f"/organisationer/{org}/redigera", data)
    assert r.status == 303, page_text(r.text)[:1500]
    # E-mail choices.
    r = person.post("/konto/aviseringar", {"invitations": "immediately", "answers": "immediately",
                                           "events": "never", "news": "daily", "representation": "daily"})
    assert r.status == 303, page_text(r.text)[:500]
    # A published view as a private person, answered (a notification), and one not published.
    dept = kf_department(site.db)
    published = send_submission(person, dept, "Belysning vid badplatsen", "Det är mörkt på stigen ner till bryggan.")
    unpublished = send_submission(person, dept, "Egen fråga", "Bara till förvaltningen.", publish=False)
    r = site.coordinator.post(f"/synpunkter/{published}/svar", {"answer": "Tack, vi sätter upp belysning i höst."})
    assert r.status == 303, page_text(r.text)[:500]
    # The messages delivered, so the download and the database are read in the same state.
    wait_until(lambda: not query(site.db, "SELECT 1 FROM outbox WHERE status = 'pending'"), what="the outbox to empty")
    return person, pid, org, other, published, unpublished


def rows_of(db, sql, params, keys):
    return [dict(zip(keys, r)) for r in query(db, sql, params)]


def check_download(site, doc, email, name, pid, org, other, published, unpublished):
    db = site.db
    # The whole document: its categories, in order, and nothing more.
    assert list(doc) == ["generated_at", "subject", "account", "roles", "representations", "representation_requests",
                         "submissions", "notifications", "consents", "contact_persons", "organisation_addresses",
                         "sessions", "tokens", "messages", "sign_in_attempts", "audit"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", doc["generated_at"])
    assert doc["subject"] == {"kind": "account", "account_id": pid, "email": email}

    created, verified_at = one(db, "SELECT created_at, email_verified_at FROM account WHERE id = ?", (pid,))
    assert verified_at
    assert doc["account"] == {
        "id": pid, "email": email, "name": name, "role": "representative", "department": None, "language": "sv",
        "created_at": created, "email_verified_at": verified_at, "disabled": False,
        "notification_preferences": [
            {"kind": "invitations", "frequency": "immediately"}, {"kind": "answers", "frequency": "immediately"},
            {"kind": "events", "frequency": "never"}, {"kind": "news", "frequency": "daily"},
            {"kind": "representation", "frequency": "daily"},
            # Not asked of a representative (only staff handle submissions): the default in force.
            {"kind": "submissions", "frequency": "immediately"}]}
    assert doc["roles"] == [{"role": "representative", "department": None}]

    org_name = one(db, "SELECT name FROM organisation WHERE id = ?", (org,))[0]
    other_name = one(db, "SELECT name FROM organisation WHERE id = ?", (other,))[0]
    assert doc["representations"] == [{"organisation_id": org, "organisation": org_name}]
    assert doc["representation_requests"] == rows_of(
        db, "SELECT q.id, q.organisation_id, o.name, q.message, q.status, q.created_at, q.decided_at "
            "FROM representation_request q JOIN organisation o ON o.id = q.organisation_id "
            "WHERE q.account_id = ? ORDER BY q.id", (pid,),
        ("id", "organisation_id", "organisation", "message", "status", "created_at", "decided_at"))
    assert [(q["organisation_id"], q["status"], q["message"]) for q in doc["representation_requests"]] == [
        (org, "approved", "Jag är kassör i föreningen."), (other, "pending", "Jag sitter också i styrelsen här.")]
    assert other_name == doc["representation_requests"][1]["organisation"]

    subs = rows_of(db, "SELECT s.id, s.kind, s.title, s.body, s.status, s.publish_consent, s.organisation_id, "
                       "s.dialogue_id, d.name, s.received_at, s.answered_on, s.answer FROM submission s "
                       "JOIN department d ON d.id = s.department_id WHERE s.account_id = ? ORDER BY s.id", (pid,),
                   ("id", "kind", "title", "text", "status", "publish_consent", "organisation_id", "dialogue_id",
                    "department", "received_at", "answered_on", "answer"))
    for s in subs:
        s["publish_consent"] = bool(s["publish_consent"])
        s["organisation"] = None
    assert [s["id"] for s in subs] == [published, unpublished]
    assert doc["submissions"] == [{k: s[k] for k in ("id", "kind", "title", "text", "status", "publish_consent",
                                                     "organisation_id", "organisation", "dialogue_id", "department",
                                                     "received_at", "answered_on", "answer")} for s in subs]
    assert doc["submissions"][0]["answer"] == "Tack, vi sätter upp belysning i höst."
    assert doc["submissions"][0]["status"] == "answered" and doc["submissions"][1]["publish_consent"] is False

    notes = rows_of(db, "SELECT id, kind, title, body, link, created_at, read_at, emailed_at FROM notification "
                        "WHERE account_id = ? ORDER BY id", (pid,),
                    ("id", "kind", "title", "text", "link", "created_at", "read_at", "emailed_at"))
    assert {n["kind"] for n in notes} >= {"representation", "answers"}
    assert doc["notifications"] == notes

    assert doc["consents"] == [
        {"consent": "publish_submission", "submission_id": subs[0]["id"], "notification_kind": None, "given": True,
         "detail": None, "since": subs[0]["received_at"]},
        {"consent": "publish_submission", "submission_id": subs[1]["id"], "notification_kind": None, "given": False,
         "detail": None, "since": subs[1]["received_at"]},
    ] + [{"consent": "email_notifications", "submission_id": None, "notification_kind": k, "given": f != "never",
          "detail": f, "since": None}
         for k, f in (("invitations", "immediately"), ("answers", "immediately"), ("events", "never"),
                      ("news", "daily"), ("representation", "daily"), ("submissions", "immediately"))]

    contact_id = one(db, "SELECT id FROM contact_person WHERE organisation_id = ? AND email = ?", (org, email))[0]
    assert doc["contact_persons"] == [{"id": contact_id, "organisation_id": org, "organisation": org_name, "name": name,
                                       "role": "Kassör", "email": email, "phone": "070-123 45 67"}]
    assert doc["organisation_addresses"] == [{"organisation_id": org, "organisation": org_name}]

    assert doc["sessions"] == rows_of(db, "SELECT created_at, last_seen_at FROM session WHERE account_id = ? ORDER BY id",
                                      (pid,), ("created_at", "last_seen_at"))
    assert len(doc["sessions"]) >= 1
    assert doc["tokens"] == rows_of(db, "SELECT purpose, created_at, expires_at, used_at FROM account_token "
                                        "WHERE account_id = ? ORDER BY id", (pid,),
                                    ("purpose", "created_at", "expires_at", "used_at"))
    assert [t["purpose"] for t in doc["tokens"]] == ["verify"] and doc["tokens"][0]["used_at"]
    assert doc["messages"] == rows_of(db, "SELECT created_at, kind, subject, status, sent_at FROM outbox "
                                          "WHERE account_id = ? OR to_address = ? ORDER BY id", (pid, email),
                                      ("created_at", "kind", "subject", "status", "sent_at"))
    assert doc["messages"] and doc["messages"][0]["kind"] == "transactional"
    assert doc["sign_in_attempts"] == [{"at": a} for (a,) in query(
        db, "SELECT at FROM login_attempt WHERE key LIKE ? ORDER BY id", (f"%{email}%",))]
    assert len(doc["sign_in_attempts"]) >= 1

    audit = {(a["entity"], a["entity_id"], a["action"], a["as"]) for a in doc["audit"]}
    assert ("account", pid, "signup", "actor") in audit
    assert ("account", pid, "verify_email", "actor") in audit
    assert ("account", pid, "role", "subject") in audit  # raised to representative by the coordinator
    assert ("organisation", org, "representative_add", "subject") in audit  # names the account in its detail
    assert ("representation_request", doc["representation_requests"][1]["id"], "create", "actor") in audit
    assert ("submission", published, "create", "actor") in audit
    assert ("organisation", org, "update", "actor") in audit
    assert ("notification_preference", pid, "update", "actor") in audit
    db_audit = rows_of(db, "SELECT id, at, entity, entity_id, action, detail FROM audit_log WHERE account_id = ? "
                           "OR (entity IN ('account', 'notification_preference') AND entity_id = ?) "
                           "OR lower(detail) LIKE ? OR detail LIKE ? OR detail LIKE ? ORDER BY id",
                       (pid, pid, f"%{email}%", f'%"account_id":{pid},%', f'%"account_id":{pid}}}%'),
                       ("id", "at", "entity", "entity_id", "action", "detail"))
    assert [a["id"] for a in doc["audit"]] == [a["id"] for a in db_audit]
    for got, want in zip(doc["audit"], db_audit):
        assert got["at"] == want["at"] and got["action"] == want["action"]
        assert got["detail"] == json.loads(want["detail"])


def test_a_person_downloads_everything_then_deletes_the_account(mail_site, smtp_sink):
    site = mail_site
    email, name = fresh("greta"), "Greta Raderasson"
    person, pid, org, other, published, unpublished = everywhere(site, email, name)

    # The page shows it, with the download and the way out.
    r = person.get("/konto")
    assert 'href="/konto/mina-uppgifter"' in r.text
    r = person.get("/konto/mina-uppgifter")
    assert r.status == 200
    text = page_text(main_html(r.text))
    for expected in (email, name, "Belysning vid badplatsen", "Jag sitter också i styrelsen här.", "070-123 45 67",
                     "Kassör", "Företrädare för en organisation"):
        assert expected in text, expected
    assert 'href="/konto/mina-uppgifter.json"' in r.text and 'href="/konto/ta-bort"' in r.text

    r = person.get("/konto/mina-uppgifter.json")
    assert r.status == 200
    assert r.header("content-type") == "application/json; charset=utf-8"
    assert r.header("content-disposition") == 'attachment; filename="mina-uppgifter.json"'
    check_download(site, r.json(), email, name, pid, org, other, published, unpublished)

    # The confirmation step: what goes and what stays, and the password again.
    r = person.get("/konto/ta-bort")
    assert r.status == 200
    form = find_form(r.text, "/konto/ta-bort")
    assert [i["name"] for i in form["inputs"] if i.get("type") == "password"] == ["password"]
    assert "tidigare användare" in page_text(r.text)

    # A wrong password removes nothing.
    before = {t: query(site.db, f"SELECT COUNT(*) FROM {t} WHERE account_id = ?", (pid,))[0][0]
              for t in ("session", "notification", "notification_preference", "representative",
                        "representation_request", "account_token", "submission")}
    r = person.post("/konto/ta-bort", {"password": "inte-mitt-lösenord"})
    assert r.status == 422
    assert "Lösenordet är fel." in page_text(r.text) or "The password is wrong." in page_text(r.text)
    assert site.account_id(email) == pid
    assert before == {t: query(site.db, f"SELECT COUNT(*) FROM {t} WHERE account_id = ?", (pid,))[0][0]
                      for t in before}
    assert not query(site.db, "SELECT 1 FROM audit_log WHERE action = 'erase'")

    # The right one: gone, signed out, told.
    sent_before = len(smtp_sink.to(email))
    r = person.post("/konto/ta-bort", {"password": PASSWORD})
    assert r.status == 303 and r.header("location") == "/konto/borttaget"
    assert any(c.startswith("sid=;") and "Max-Age=0" in c for c in r.header_all("set-cookie"))
    assert person.get("/konto").status == 303  # the session went with the account
    done = person.get("/konto/borttaget")
    assert done.status == 200 and "Ditt konto har tagits bort" in page_text(done.text)

    mails = smtp_sink.wait_to(email, count=sent_before + 1)
    confirmation = mails[-1]
    assert confirmation["Subject"] == "Ditt konto har tagits bort"
    assert "Hej Greta Raderasson!" in confirmation.part("text/plain")
    # Delivered, then forgotten: the outbox keeps no row for the address.
    wait_until(lambda: not query(site.db, "SELECT 1 FROM outbox WHERE lower(to_address) = ? OR forget_after_delivery = 1",
                                 (email,)), what="the confirmation to leave the outbox")

    # The address and the name are nowhere in the database.
    assert places_holding(site.db, email) == []
    assert places_holding(site.db, name) == []
    for t in ("session", "notification", "notification_preference", "representative", "representation_request",
              "account_token"):
        assert query(site.db, f"SELECT COUNT(*) FROM {t} WHERE account_id = ?", (pid,))[0][0] == 0, t
    assert not query(site.db, "SELECT 1 FROM account WHERE id = ?", (pid,))
    assert not query(site.db, "SELECT 1 FROM contact_person WHERE organisation_id = ? AND name = ?", (org, name))
    assert one(site.db, "SELECT email FROM organisation WHERE id = ?", (org,)) == (None,)

    # The municipality's records stay: the submission, its answer, from a former user.
    sub = one(site.db, "SELECT account_id, author_erased_at, title, answer, publish_consent FROM submission WHERE id = ?",
              (published,))
    assert sub[0] is None and sub[1] and sub[2] == "Belysning vid badplatsen"
    assert sub[3] == "Tack, vi sätter upp belysning i höst." and sub[4] == 1
    public = site.server.client().get(f"/synpunkter/{published}")
    assert public.status == 200
    assert re.search(r"<dt>Från</dt><dd>En tidigare användare</dd>", public.text)
    assert "Belysning vid badplatsen" in public.text
    staff = site.coordinator.get(f"/synpunkter/{unpublished}")
    assert re.search(r"<dt>Skriven av</dt><dd>En tidigare användare</dd>", staff.text)

    # The audit log says that it happened, by whom (the account's number) and nothing of what was erased.
    erase = one(site.db, "SELECT account_id, entity_id, detail FROM audit_log WHERE entity = 'account' AND action = 'erase'")
    assert erase[0] == pid and erase[1] == pid
    assert json.loads(erase[2]) == {"account_id": pid, "by": "self"}
    assert query(site.db, "SELECT COUNT(*) FROM audit_log WHERE account_id = ?", (pid,))[0][0] >= 8


def test_wrong_password_or_the_last_administrator_deletes_nothing(mail_site):
    site = mail_site
    admins = query(site.db, "SELECT id FROM account WHERE role = 'admin' AND disabled = 0")
    assert len(admins) == 1, "the demo has one administrator"
    admin = site.admin
    r = admin.get("/konto/ta-bort")
    assert r.status == 200
    assert "Du är den enda administratören." in page_text(r.text) or "only administrator" in page_text(r.text)
    assert not [f for f in parse_forms(r.text) if f["action"] == "/konto/ta-bort"]
    r = admin.post("/konto/ta-bort", {"password": DEMO_PASSWORD})
    assert r.status == 409
    assert site.account_id(ADMIN) == admins[0][0]
    assert not query(site.db, "SELECT 1 FROM audit_log WHERE action = 'erase'")

    # With a second administrator, the first may go.
    email, second = site.person("admin", tag="admin2")
    r = admin.post("/konto/ta-bort", {"password": "fel"})
    assert r.status == 422 and site.account_id(ADMIN)
    r = admin.post("/konto/ta-bort", {"password": DEMO_PASSWORD})
    assert r.status == 303
    assert site.account_id(ADMIN) is None and site.account_id(email) == second


def test_role_limits(server, anon, representative, official, coordinator, db):
    for path in ("/konto/mina-uppgifter", "/konto/mina-uppgifter.json", "/konto/ta-bort"):
        r = anon.get(path)
        assert r.status == 303 and r.header("location").startswith("/logga-in"), path
    anon.csrf("/logga-in")
    r = anon.post("/konto/ta-bort", {"password": DEMO_PASSWORD})
    assert r.status in (303, 403)
    # The download is the signed-in person's own, whatever the address says.
    rep_id = db.execute("SELECT id FROM account WHERE email = ?", (REPRESENTATIVE,)).fetchone()[0]
    for path in ("/konto/mina-uppgifter.json", "/konto/mina-uppgifter.json?konto=1&id=1"):
        doc = representative.get(path).json()
        assert doc["subject"]["account_id"] == rep_id and doc["account"]["email"] == REPRESENTATIVE
        assert ADMIN not in json.dumps(doc) and COORDINATOR not in json.dumps(doc)
    # The coordinators' pages: not for representatives or officials.
    for client in (representative, official):
        for path in ("/admin/personuppgifter", f"/admin/personuppgifter?e-post={REPRESENTATIVE}",
                     f"/admin/personuppgifter.json?e-post={ADMIN}", f"/admin/personuppgifter/radera?e-post={ADMIN}"):
            assert client.get(path).status == 403, path
        assert client.post("/admin/personuppgifter/radera", {"e-post": "x@exempel.se"}).status == 403
    assert anon.get("/admin/personuppgifter").status == 303
    r = coordinator.get("/admin/personuppgifter")
    assert r.status == 200 and 'action="/admin/personuppgifter"' in r.text
    assert 'href="/admin/personuppgifter"' in coordinator.get("/admin").text


def test_a_coordinator_erases_a_contact_person_on_request(mail_site):
    site = mail_site
    email = fresh("kontakt")
    name = "Kalle Kontaktsson"
    org = create_org(site.official, f"Kontaktföreningen {next(_seq)}", contact_name_0=name, contact_role_0="Ordförande",
                     contact_email_0=email.upper(), contact_phone_0="08-123 456")  # stored lower-case
    contact_id = one(site.db, "SELECT id FROM contact_person WHERE organisation_id = ?", (org,))[0]
    coordinator = site.coordinator

    # A bad address is a field error, with what was typed kept.
    r = coordinator.get("/admin/personuppgifter?e-post=inte-en-adress")
    assert r.status == 422 and 'value="inte-en-adress"' in r.text and 'href="#e-post"' in r.text

    r = coordinator.get(f"/admin/personuppgifter?e-post={email}")
    assert r.status == 200
    text = page_text(main_html(r.text))
    assert name in text and "08-123 456" in text
    r = coordinator.get(f"/admin/personuppgifter.json?e-post={email}")
    assert r.status == 200 and r.header("content-disposition") == 'attachment; filename="personuppgifter.json"'
    doc = r.json()
    org_name = one(site.db, "SELECT name FROM organisation WHERE id = ?", (org,))[0]
    assert doc["subject"] == {"kind": "address", "account_id": None, "email": email, "has_account": False}
    assert doc["account"] is None and doc["submissions"] == [] and doc["sessions"] == []
    assert doc["contact_persons"] == [{"id": contact_id, "organisation_id": org, "organisation": org_name, "name": name,
                                       "role": "Ordförande", "email": email, "phone": "08-123 456"}]
    coordinator_id = site.account_id(COORDINATOR)
    assert json.loads(one(site.db, "SELECT detail FROM audit_log WHERE entity = 'personal_data' AND action = 'export' "
                                   "AND account_id = ?", (coordinator_id,))[0]) == {"email": email}

    # The confirmation step, then the erasure.
    r = coordinator.get(f"/admin/personuppgifter/radera?e-post={email}")
    assert r.status == 200
    form = find_form(r.text, "/admin/personuppgifter/radera")
    r = coordinator.post("/admin/personuppgifter/radera", dict(form["fields"]))
    assert r.status == 303 and r.header("location") == "/admin/personuppgifter?raderad=1"
    assert not query(site.db, "SELECT 1 FROM contact_person WHERE id = ?", (contact_id,))
    assert query(site.db, "SELECT 1 FROM organisation WHERE id = ?", (org,)), "the organisation stays"
    erase = one(site.db, "SELECT account_id, detail FROM audit_log WHERE entity = 'personal_data' AND action = 'erase'")
    assert erase[0] == coordinator_id and json.loads(erase[1]) == {"by": "request", "contact_persons": 1}
    assert places_holding(site.db, email) == []

    # An address with an account is the person's own to erase.
    r = coordinator.get(f"/admin/personuppgifter?e-post={REPRESENTATIVE}")
    assert r.status == 200 and "/admin/personuppgifter/radera" not in r.text
    assert coordinator.get(f"/admin/personuppgifter/radera?e-post={REPRESENTATIVE}").status == 409
    assert coordinator.post("/admin/personuppgifter/radera", {"e-post": REPRESENTATIVE}).status == 409
    assert site.account_id(REPRESENTATIVE)


# --------------------------------------------------------------------------------------------
# Retention


def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def retention(db, at, env=None):
    e = {"SAMVERKAN_NOW": iso(at)}
    e.update(env or {})
    return run_cli("retention", "run", "--db", db, env=e).stdout


def test_retention_removes_what_is_no_longer_needed(mail_site, server_factory):
    site = mail_site
    db = site.db
    wait_until(lambda: query(db, "SELECT 1 FROM job_run WHERE name = 'retention'"), what="the node's own run")
    runs_before = len(query(db, "SELECT 1 FROM audit_log WHERE entity = 'retention'"))
    # An account that never confirmed its address, and one that did.
    waiting = fresh("ovantad")
    signup(site.server.client(), waiting, name="Olle Overifierad")
    waiting_id = site.account_id(waiting)
    assert waiting_id
    confirmed = fresh("bekraftad")
    verified(site, confirmed, "Berit Bekräftad")
    # A password-reset link (expires within hours).
    c = site.server.client()
    c.csrf("/konto/glomt-losenord")
    assert c.post("/konto/glomt-losenord", {"email": confirmed}).status == 303
    # An organisation confirmed now, with a contact person.
    org = create_org(site.official, f"Gallringsföreningen {next(_seq)}", contact_name_0="Gun Gallrad",
                     contact_email_0="gun@exempel.se")
    confirmed_at = one(db, "SELECT confirmed_at FROM organisation WHERE id = ?", (org,))[0]
    start = datetime.datetime.strptime(confirmed_at, "%Y-%m-%dT%H:%M:%SZ")

    # 29 days on: the unverified account is still there; expired tokens are not.
    out = retention(db, start + datetime.timedelta(days=29))
    assert site.account_id(waiting) == waiting_id
    assert "0 unverified accounts" in out
    assert not query(db, "SELECT 1 FROM account_token WHERE purpose = 'reset' AND account_id = ?",
                     (site.account_id(confirmed),))
    # 31 days on: it goes, erased like any account; the confirmed one stays.
    out = retention(db, start + datetime.timedelta(days=31))
    assert "1 unverified accounts" in out
    assert site.account_id(waiting) is None and site.account_id(confirmed)
    assert places_holding(db, waiting) == []
    erased = one(db, "SELECT account_id, detail FROM audit_log WHERE entity = 'account' AND action = 'erase'")
    assert erased[0] is None and json.loads(erased[1]) == {"account_id": waiting_id, "by": "retention"}
    assert query(db, "SELECT 1 FROM contact_person WHERE organisation_id = ?", (org,))

    # Contact persons go three years after the organisation was last confirmed.
    retention(db, start + datetime.timedelta(days=3 * 365 - 2))
    assert query(db, "SELECT 1 FROM contact_person WHERE organisation_id = ?", (org,))
    out = retention(db, start + datetime.timedelta(days=3 * 365 + 2))
    assert not query(db, "SELECT 1 FROM contact_person WHERE organisation_id = ?", (org,))
    assert query(db, "SELECT 1 FROM organisation WHERE id = ?", (org,))
    runs = query(db, "SELECT account_id, detail FROM audit_log WHERE entity = 'retention' AND action = 'run' ORDER BY id")
    assert len(runs) == runs_before + 4 and all(a is None for a, _ in runs)
    last = json.loads(runs[-1][1])
    assert last["contact_persons"] >= 1 and last["contact_years"] == 3 and last["unverified_days"] == 30

    # The settings: a shorter wait through the environment.
    again = fresh("ovantad")
    signup(site.server.client(), again, name="Olga Overifierad")
    out = retention(db, utcnow() + datetime.timedelta(days=11), env={"SAMVERKAN_RETENTION_UNVERIFIED_DAYS": "10"})
    assert "1 unverified accounts" in out and site.account_id(again) is None
    p = run_cli("retention", "run", "--db", db, check=False, env={"SAMVERKAN_RETENTION_CONTACT_YEARS": "0"})
    assert p.returncode == 2 and "retention_contact_years" in p.stderr


def test_the_daily_job_runs_once_a_day_on_the_server(mail_site, server_factory, monkeypatch):
    site = mail_site
    # The site's own node ran today's already, as it started.
    today = utcnow().strftime("%Y-%m-%d")
    wait_until(lambda: query(site.db, "SELECT period FROM job_run WHERE name = 'retention'") == [(today,)],
               what="today's run")
    runs_before = len(query(site.db, "SELECT 1 FROM audit_log WHERE entity = 'retention'"))
    assert runs_before == 1
    later = utcnow() + datetime.timedelta(days=40)
    monkeypatch.setenv("SAMVERKAN_NOW", iso(later))
    nodes = [server_factory(db=site.db), server_factory(db=site.db)]
    monkeypatch.delenv("SAMVERKAN_NOW")
    day = later.strftime("%Y-%m-%d")
    wait_until(lambda: query(site.db, "SELECT period FROM job_run WHERE name = 'retention'") == [(day,)],
               what="the retention job to claim its day")
    time.sleep(0.5)
    runs = len(query(site.db, "SELECT 1 FROM audit_log WHERE entity = 'retention'"))
    assert runs == runs_before + 1, "one run for two nodes"
    for n in nodes:
        n.stop()


def test_config_check_lists_the_retention_settings():
    p = run_cli("config", "check", check=False, env={"SAMVERKAN_RETENTION_UNVERIFIED_DAYS": "0"})
    out = p.stdout + p.stderr
    assert "retention_contact_years" in out and "retention_unverified_days" in out
    assert "'0' is not a number of days from 1 to 3650" in out
