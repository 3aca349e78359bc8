"""Staff accounts from the web: an administrator invites an official of a department (or a
coordinator, or another administrator) at /admin/konton/bjud-in; the e-mail's one-time link lets
the person choose a name and a password, and they sign in with that role and department. A used or
expired link gets a clear page; only administrators invite; disabling a leaver keeps their work."""

import itertools
import json
import re

import pytest

from conftest import (
    Database,
    Server,
    find_form,
    new_db,
    page_text,
    query,
    run_cli,
)
from smtp_sink import SmtpSink

ADMIN = "ada@testby.se"
COORDINATOR = "sam@testby.se"
PASSWORD = "personal-test-42"
LINK = re.compile(r"https?://[^\s/]+(/konto/personalinbjudan\?token=([A-Za-z0-9_-]+))")
_seq = itertools.count(1)


def fresh_address(tag):
    return f"{tag}-{next(_seq)}@testby.se"


@pytest.fixture(scope="module")
def town(workdir):
    """`init --municipality`, two departments, an administrator and a coordinator from the command
    line, and a server that mails to a sink of its own."""
    db = new_db(workdir, "staff-invite")
    run_cli("init", "--db", db, "--municipality", "Testby kommun")
    w = Database(db, writable=True)
    try:
        w.execute("INSERT INTO committee (code, name) VALUES ('kfn', 'Kultur- och fritidsnämnden')")
        for code, name in (("kf", "Kultur- och fritidsförvaltningen"), ("sb", "Samhällsbyggnadsförvaltningen")):
            w.execute("INSERT INTO department (code, name, committee_id) VALUES (?, ?, "
                      "(SELECT id FROM committee WHERE code = 'kfn'))", (code, name))
    finally:
        w.close()
    for email, role in ((ADMIN, "admin"), (COORDINATOR, "coordinator")):
        run_cli("user", "add", "--db", db, "--email", email, "--name", role.title(), "--role", role,
                env={"SAMVERKAN_PASSWORD": PASSWORD})
    sink = SmtpSink().start()
    server = Server(db, workdir, extra=["--smtp-url", sink.url, "--mail-from", "samverkan@testby.se",
                                        "--mail-retry-seconds", "1"])
    yield db, server, sink
    server.stop()
    sink.stop()


def sign_in(server, email, password=PASSWORD):
    c = server.client()
    r = c.login(email, password)
    assert r.status == 303, page_text(r.text)[:500]
    c.csrf("/konto")
    return c


def department_id(db, code):
    return query(db, "SELECT id FROM department WHERE code = ?", (code,))[0][0]


def invite(admin, email, role="official", department=""):
    r = admin.get("/admin/konton/bjud-in")
    assert r.status == 200
    data = dict(find_form(r.text, "/admin/konton/bjud-in")["fields"])
    data.update(email=email, role=role, department=str(department))
    return admin.post("/admin/konton/bjud-in", data)


def test_an_invited_official_sets_a_password_and_signs_in_with_role_and_department(town):
    db, server, sink = town
    admin = sign_in(server, ADMIN)
    dep = department_id(db, "kf")
    form = admin.get("/admin/konton/bjud-in").text
    assert f'<option value="{dep}">Kultur- och fritidsförvaltningen</option>' in form
    assert 'href="/admin/konton/bjud-in"' in admin.get("/admin").text

    email = fresh_address("tove")
    r = invite(admin, email, department=dep)
    assert r.status == 303 and r.header("location") == "/admin/konton/bjud-in?skickat=1"
    assert "Inbjudan är skickad." in admin.get(r.header("location")).text
    ((token_id, role, token_dep),) = query(
        db, "SELECT id, role, department_id FROM account_token WHERE purpose = 'staff' AND email = ?", (email,))
    assert (role, token_dep) == ("official", dep)
    ((by, detail),) = query(db, "SELECT account_id, detail FROM audit_log WHERE action = 'invite_staff' "
                                "AND entity = 'account_token' AND entity_id = ?", (token_id,))
    assert by == query(db, "SELECT id FROM account WHERE email = ?", (ADMIN,))[0][0]
    assert json.loads(detail) == {"email": email, "role": "official", "department_id": dep}
    assert query(db, "SELECT COUNT(*) FROM account WHERE email = ?", (email,))[0][0] == 0

    (mail,) = sink.wait_to(email)
    text = " ".join(mail.part("text/plain").split())
    assert "Testby kommun" in mail["Subject"]
    assert "Tjänsteperson på Kultur- och fritidsförvaltningen" in text
    path, token = LINK.search(mail.part("text/plain")).groups()

    anon = server.client()
    page = anon.get(path)
    assert page.status == 200
    assert email in page.text and "Kultur- och fritidsförvaltningen" in page.text
    # The form again, with the name kept, when the password is too short.
    r = anon.post("/konto/personalinbjudan", {"token": token, "name": "Tove Tjänst", "password": "kort"})
    assert r.status == 422
    assert "Lösenordet måste ha minst 8 tecken." in page_text(r.text)
    assert dict(find_form(r.text, "/konto/personalinbjudan")["fields"])["name"] == "Tove Tjänst"
    r = anon.post("/konto/personalinbjudan", {"token": token, "name": "Tove Tjänst", "password": PASSWORD})
    assert r.status == 200 and "Ditt konto är klart" in r.text

    ((aid, role, account_dep, verified, disabled),) = query(
        db, "SELECT id, role, department_id, email_verified_at, disabled FROM account WHERE email = ?", (email,))
    assert (role, account_dep, disabled) == ("official", dep, 0) and verified
    ((detail,),) = query(db, "SELECT detail FROM audit_log WHERE action = 'accept_invitation' AND entity_id = ?",
                         (aid,))
    assert json.loads(detail) == {"token_id": token_id, "role": "official", "department_id": dep}
    official = sign_in(server, email)
    assert official.get("/arbetsko").status == 200, "an official's page opens"
    assert official.get("/admin").status == 403

    # The link works once.
    again = server.client()
    assert again.get(path).status == 410
    again.csrf("/logga-in")
    r = again.post("/konto/personalinbjudan", {"token": token, "name": "Någon Annan", "password": PASSWORD})
    assert r.status == 410 and "Länken har redan använts" in page_text(r.text)
    assert query(db, "SELECT COUNT(*) FROM account WHERE email = ?", (email,))[0][0] == 1


def test_a_coordinator_and_an_administrator_can_be_invited(town):
    db, server, sink = town
    admin = sign_in(server, ADMIN)
    for role in ("coordinator", "admin"):
        email = fresh_address(role)
        # A department chosen for another role than official is not kept.
        assert invite(admin, email, role=role, department=department_id(db, "sb")).status == 303
        token = LINK.search(sink.wait_to(email)[0].part("text/plain")).group(2)
        c = server.client()
        c.csrf(f"/konto/personalinbjudan?token={token}")
        assert c.post("/konto/personalinbjudan", {"token": token, "name": role.title(), "password": PASSWORD}).status == 200
        assert query(db, "SELECT role, department_id FROM account WHERE email = ?", (email,)) == [(role, None)]


def test_bad_invitations_are_field_errors_with_what_was_typed(town):
    db, server, _ = town
    admin = sign_in(server, ADMIN)
    tokens = query(db, "SELECT COUNT(*) FROM account_token")[0][0]
    for email, role, department, field, message in (
        (COORDINATOR, "official", department_id(db, "kf"), "email", "Adressen har redan ett konto."),
        ("inte-en-adress", "official", department_id(db, "kf"), "email", "Skriv en giltig e-postadress"),
        (fresh_address("utan"), "official", "", "department", "Välj tjänstepersonens förvaltning."),
        (fresh_address("okand"), "official", "999999", "department", "Välj tjänstepersonens förvaltning."),
        (fresh_address("roll"), "representative", "", "role", "Välj tjänsteperson, samordnare eller administratör."),
    ):
        r = invite(admin, email, role=role, department=department)
        assert r.status == 422, (email, role)
        assert message in page_text(r.text), message
        assert f'href="#{field}"' in r.text
        assert dict(find_form(r.text, "/admin/konton/bjud-in")["fields"])["email"] == email
    assert query(db, "SELECT COUNT(*) FROM account_token")[0][0] == tokens, "no invitation was made"


def test_only_administrators_invite_and_the_form_needs_its_token(town):
    db, server, _ = town
    coordinator = sign_in(server, COORDINATOR)
    assert coordinator.get("/admin/konton/bjud-in").status == 403
    assert coordinator.post("/admin/konton/bjud-in", {"email": fresh_address("x"), "role": "admin"}).status == 403
    assert server.client().get("/admin/konton/bjud-in").status == 303
    admin = sign_in(server, ADMIN)
    tokens = query(db, "SELECT COUNT(*) FROM account_token")[0][0]
    r = admin.post("/admin/konton/bjud-in", {"email": fresh_address("csrf"), "role": "admin"}, csrf=False)
    assert r.status == 403
    r = admin.post("/admin/konton/bjud-in", {"email": fresh_address("csrf"), "role": "admin", "_csrf": "x" * 43})
    assert r.status == 403
    assert query(db, "SELECT COUNT(*) FROM account_token")[0][0] == tokens


def test_an_expired_or_unknown_link_gets_a_clear_page(town):
    db, server, sink = town
    admin = sign_in(server, ADMIN)
    email = fresh_address("sen")
    assert invite(admin, email, role="coordinator").status == 303
    path, token = LINK.search(sink.wait_to(email)[0].part("text/plain")).groups()
    w = Database(db, writable=True)
    try:
        w.execute("UPDATE account_token SET expires_at = '2000-01-01T00:00:00Z' WHERE purpose = 'staff' AND email = ?",
                  (email,))
    finally:
        w.close()
    r = server.client().get(path)
    assert r.status == 410 and "Länken har gått ut" in page_text(r.text)
    r = server.client().get("/konto/personalinbjudan?token=" + "A" * 43)
    assert r.status == 404


def test_disabling_a_leaver_keeps_what_they_did(town):
    db, server, sink = town
    admin = sign_in(server, ADMIN)
    email = fresh_address("slutar")
    assert invite(admin, email, department=department_id(db, "kf")).status == 303
    token = LINK.search(sink.wait_to(email)[0].part("text/plain")).group(2)
    c = server.client()
    c.csrf(f"/konto/personalinbjudan?token={token}")
    assert c.post("/konto/personalinbjudan", {"token": token, "name": "Sluta Snart", "password": PASSWORD}).status == 200
    official = sign_in(server, email)
    r = official.get("/dialoger/ny")
    data = dict(find_form(r.text, "/dialoger/ny")["fields"])
    data.update(title="Lokaler för föreningar", question="Vilka lokaler saknas?", skr_level="konsultation",
                coe_level="consultation", decision_stage="agenda")
    r = official.post("/dialoger/ny", data)
    assert r.status == 303, page_text(r.text)[:800]
    dialogue = int(r.header("location").split("/")[2].split("?")[0])
    aid = query(db, "SELECT id FROM account WHERE email = ?", (email,))[0][0]
    before = query(db, "SELECT department_id, contact_account_id FROM dialogue WHERE id = ?", (dialogue,))
    assert before == [(department_id(db, "kf"), aid)]

    admin.csrf(f"/admin/konton/{aid}")
    assert admin.post(f"/admin/konton/{aid}/inaktivera", {}).status == 303
    assert query(db, "SELECT disabled FROM account WHERE id = ?", (aid,)) == [(1,)]
    assert server.client().login(email, PASSWORD).status != 303, "a leaver cannot sign in"
    assert query(db, "SELECT department_id, contact_account_id FROM dialogue WHERE id = ?", (dialogue,)) == before
    assert query(db, "SELECT COUNT(*) FROM audit_log WHERE account_id = ?", (aid,))[0][0] >= 2
    assert admin.get(f"/dialoger/{dialogue}").status == 200


def test_a_new_invitation_replaces_the_earlier_link(town):
    db, server, sink = town
    admin = sign_in(server, ADMIN)
    email = fresh_address("igen")
    assert invite(admin, email, role="coordinator").status == 303
    first = LINK.search(sink.wait_to(email)[0].part("text/plain")).group(1)
    assert invite(admin, email, role="admin").status == 303
    mails = sink.wait_to(email, count=2)
    second = LINK.search(mails[-1].part("text/plain")).group(1)
    assert first != second
    assert server.client().get(first).status == 410, "the earlier link no longer works"
    page = server.client().get(second)
    assert page.status == 200 and "Administratör" in page.text
    assert query(db, "SELECT COUNT(*) FROM account_token WHERE purpose = 'staff' AND email = ? AND used_at IS NULL",
                 (email,)) == [(1,)]
