"""Representing an organisation: asking, approving and declining (and who may not), leaving (with
the last representative warned), a coordinator's assignment, invitations by e-mail (for an address
with and without an account), and the audit rows every change leaves."""

import json
import re

import pytest

from admin_fixtures import PASSWORD, invitation_path, site  # noqa: F401 — site is a fixture
from conftest import Database, find_form, main_html, page_text, query
from smtp_sink import mail_server, smtp_sink  # noqa: F401 — fixtures

APPROVE = "/organisationer/{org}/foretradare/ansokningar/{req}/godkann"
DECLINE = "/organisationer/{org}/foretradare/ansokningar/{req}/avsla"


def pending_id(site, org, account_id):
    rows = [r for r in site.requests(org, account_id) if r[2] == "pending"]
    assert len(rows) == 1, rows
    return rows[0][0]


def can_edit(client, org):
    return client.get(f"/organisationer/{org}/redigera").status == 200


def stored(site, org):
    """What a refused change must leave as it was: the organisation's requests (with state and who
    answered), its representatives, every account's role, the audit log, the notifications, the
    invitations queued in the outbox and the invitation tokens (used or not)."""
    return {
        "requests": site.requests(org),
        "representatives": query(site.db, "SELECT account_id FROM representative WHERE organisation_id = ? "
                                          "ORDER BY account_id", (org,)),
        "roles": query(site.db, "SELECT id, role FROM account ORDER BY id"),
        "audit": query(site.db, "SELECT COUNT(*), MAX(id) FROM audit_log"),
        "notifications": query(site.db, "SELECT COUNT(*), MAX(id) FROM notification"),
        "invitations": query(site.db, "SELECT COUNT(*) FROM outbox WHERE body_text LIKE '%/konto/inbjudan?token=%'"),
        "tokens": query(site.db, "SELECT id, used_at FROM account_token WHERE purpose = 'invite' ORDER BY id"),
    }


def says(r, *fragments):
    """The refusal page says why, in English or Swedish."""
    text = page_text(r.text)
    assert any(f in text for f in fragments), text[:800]


@pytest.fixture
def org_with_rep(site):
    """A fresh organisation with one representative: (org id, representative's client, id, e-mail)."""
    org = site.organisation()
    email, rid = site.person("person", tag="rep")
    site.assign(org, email)
    return org, site.sign_in(email), rid, email


# ---- Asking, approving, declining ---------------------------------------------------------------


def test_request_then_approve_lets_the_person_edit(site, org_with_rep):
    org, rep, rep_id, _ = org_with_rep
    email, pid = site.person()
    person = site.sign_in(email)
    assert not can_edit(person, org)
    page = person.get(f"/organisationer/{org}")
    assert "Ask to represent this organisation" in page.text or "Be att få företräda" in page.text
    site.ask(person, org, "Jag är kassör i föreningen.")
    req = pending_id(site, org, pid)
    assert site.requests(org, pid)[0][3] == "Jag är kassör i föreningen."

    # The representative and the coordinators are told, with the person's own words.
    told = site.notifications(rep_id)
    assert told and "Jag är kassör i föreningen." in told[-1][1]
    assert told[-1][2] == f"/organisationer/{org}#foretradare"
    coordinator_id = site.account_id("samordnare@exempel.se")
    assert any(f"/organisationer/{org}" in (n[2] or "") for n in site.notifications(coordinator_id))
    assert not site.notifications(pid), "the person asking is not told about their own request"

    # The representative sees the request on the organisation's page and approves it.
    page = rep.get(f"/organisationer/{org}")
    assert email in page.text
    find_form(page.text, APPROVE.format(org=org, req=req))
    r = rep.post(APPROVE.format(org=org, req=req), {})
    assert r.status == 303, page_text(r.text)[:500]
    assert r.header("location").startswith(f"/organisationer/{org}?foretradare=godkand")

    assert site.requests(org, pid)[0][2] == "approved"
    assert site.requests(org, pid)[0][4] == rep_id
    assert site.represents(pid, org)
    assert site.role(pid) == "representative"
    assert can_edit(person, org)
    assert site.notifications(pid), "the person is told the answer"

    assert [a[1] for a in site.audit("representation_request", req)] == ["create", "approve"]
    adds = site.audit("organisation", org, "representative_add")
    assert any(json.loads(d).get("account_id") == pid and json.loads(d).get("via") == "request" for _, _, d in adds)
    roles = site.audit("account", pid, "role")
    assert json.loads(roles[-1][2]) == {"from": "person", "to": "representative", "why": "request"}
    assert roles[-1][0] == rep_id


def test_request_then_decline_cannot_edit(site, org_with_rep):
    org, rep, rep_id, _ = org_with_rep
    email, pid = site.person()
    person = site.sign_in(email)
    site.ask(person, org)
    req = pending_id(site, org, pid)
    r = site.coordinator.post(DECLINE.format(org=org, req=req), {})
    assert r.status == 303
    assert site.requests(org, pid)[0][2] == "declined"
    assert not site.represents(pid, org)
    assert site.role(pid) == "person"
    assert not can_edit(person, org)
    told = site.notifications(pid)
    assert told
    assert "declined" in told[-1][0] or "avslag" in told[-1][0].lower()
    assert [a[1] for a in site.audit("representation_request", req)] == ["create", "decline"]
    # A request answered once cannot be answered again.
    before = stored(site, org)
    r = rep.post(APPROVE.format(org=org, req=req), {})
    assert r.status == 409
    says(r, "already been answered", "redan besvarats")
    assert stored(site, org) == before
    assert not site.represents(pid, org)


def test_duplicate_pending_request_is_refused(site, org_with_rep):
    org = org_with_rep[0]
    email, pid = site.person()
    person = site.sign_in(email)
    site.ask(person, org)
    page = person.get(f"/organisationer/{org}")
    assert f"/organisationer/{org}/foretradare/ansok" not in page.text, "no second request form while one waits"
    before = stored(site, org)
    r = person.post(f"/organisationer/{org}/foretradare/ansok", {"message": "Igen"})
    assert r.status == 409
    says(r, "already asked", "redan bett")
    assert len(site.requests(org, pid)) == 1
    assert stored(site, org) == before, "no second request, audit row or notification"


def test_withdrawn_request_can_be_made_again(site, org_with_rep):
    org = org_with_rep[0]
    email, pid = site.person()
    person = site.sign_in(email)
    site.ask(person, org)
    site.post_form(person, f"/organisationer/{org}", f"/organisationer/{org}/foretradare/aterkalla")
    assert [r[2] for r in site.requests(org, pid)] == ["withdrawn"]
    site.ask(person, org)
    assert [r[2] for r in site.requests(org, pid)] == ["withdrawn", "pending"]


def test_a_representative_cannot_ask_again(site, org_with_rep):
    org, rep, rep_id, _ = org_with_rep
    before = stored(site, org)
    r = rep.post(f"/organisationer/{org}/foretradare/ansok", {"message": ""})
    assert r.status == 409
    says(r, "already represents", "företräder redan")
    assert not site.requests(org, rep_id)
    assert stored(site, org) == before


def test_long_or_broken_message_is_refused_with_the_form(site, org_with_rep):
    org = org_with_rep[0]
    email, pid = site.person()
    person = site.sign_in(email)
    person.get(f"/organisationer/{org}")
    r = person.post(f"/organisationer/{org}/foretradare/ansok", {"message": "å" * 2500})
    assert r.status == 422
    assert 'aria-invalid="true"' in r.text and "message" in r.text
    assert not site.requests(org, pid)


# ---- Who may answer --------------------------------------------------------------------------


@pytest.fixture
def waiting(site, org_with_rep):
    """An organisation with a representative and one pending request: (org, request id, person id)."""
    org = org_with_rep[0]
    email, pid = site.person()
    site.ask(site.sign_in(email), org)
    return org, pending_id(site, org, pid), pid


def assert_still_pending(site, org, pid):
    """The request is pending and unanswered, nobody was added, and its audit trail is its creation only."""
    ((req, _, state, _, decided_by),) = site.requests(org, pid)
    assert (state, decided_by) == ("pending", None)
    assert query(site.db, "SELECT decided_at FROM representation_request WHERE id = ?", (req,)) == [(None,)]
    assert not site.represents(pid, org)
    assert site.role(pid) == "person"
    assert [a[1] for a in site.audit("representation_request", req)] == ["create"]
    assert not site.notifications(pid), "the person is told nothing"


def test_representative_of_another_organisation_cannot_approve(site, waiting):
    org, req, pid = waiting
    other_org = site.organisation()
    email, _ = site.person("representative", organisation=other_org, tag="other")
    other = site.sign_in(email)
    assert other.post(APPROVE.format(org=org, req=req), {}).status == 403
    # Nor through its own organisation's address.
    assert other.post(APPROVE.format(org=other_org, req=req), {}).status == 404
    assert other.post(DECLINE.format(org=org, req=req), {}).status == 403
    assert_still_pending(site, org, pid)
    # It does not see the requests either.
    assert "foretradare/ansokningar" not in other.get(f"/organisationer/{org}").text


def test_demo_representative_cannot_approve_elsewhere(site, waiting):
    org, req, pid = waiting
    assert site.representative.post(APPROVE.format(org=org, req=req), {}).status == 403
    assert_still_pending(site, org, pid)


@pytest.mark.parametrize("who", ["demo official", "official of another department"])
def test_official_cannot_approve(site, waiting, who):
    org, req, pid = waiting
    if who == "demo official":
        client = site.official
    else:
        email, _ = site.person("official", department=site.other_department(), tag="official")
        client = site.sign_in(email)
    assert client.post(APPROVE.format(org=org, req=req), {}).status == 403
    assert_still_pending(site, org, pid)
    assert "foretradare/ansokningar" not in client.get(f"/organisationer/{org}").text


def test_person_cannot_approve_own_request(site, waiting):
    org, req, pid = waiting
    email = query_email(site, pid)
    person = site.sign_in(email)
    assert person.post(APPROVE.format(org=org, req=req), {}).status == 403
    assert_still_pending(site, org, pid)


def query_email(site, account_id):
    return query(site.db, "SELECT email FROM account WHERE id = ?", (account_id,))[0][0]


def query_name(site, account_id):
    return query(site.db, "SELECT name FROM account WHERE id = ?", (account_id,))[0][0]


def test_public_cannot_answer_and_is_sent_to_login(site, waiting):
    org, req, pid = waiting
    anon = site.server.client()
    anon.csrf("/logga-in")
    r = anon.post(APPROVE.format(org=org, req=req), {})
    assert r.status == 303 and r.header("location").startswith("/logga-in")
    assert_still_pending(site, org, pid)


def test_answer_without_csrf_token_is_refused(site, waiting):
    org, req, pid = waiting
    r = site.coordinator.post(APPROVE.format(org=org, req=req), {}, csrf=False)
    assert r.status == 403
    assert_still_pending(site, org, pid)


def test_coordinator_approves(site, waiting):
    org, req, pid = waiting
    page = site.coordinator.get(f"/organisationer/{org}")
    find_form(page.text, APPROVE.format(org=org, req=req))
    assert site.coordinator.post(APPROVE.format(org=org, req=req), {}).status == 303
    assert site.represents(pid, org)
    coordinator_id = site.account_id("samordnare@exempel.se")
    ((_, _, state, _, decided_by),) = site.requests(org, pid)
    assert (state, decided_by) == ("approved", coordinator_id)
    assert [(a[0], a[1]) for a in site.audit("representation_request", req)] == [(pid, "create"),
                                                                                (coordinator_id, "approve")]
    assert site.notifications(pid), "the person is told"


def test_public_page_shows_no_representatives(site, org_with_rep):
    org, _, _, email = org_with_rep
    anon = site.server.client()
    r = anon.get(f"/organisationer/{org}")
    assert r.status == 200
    assert email not in r.text
    assert "foretradare/ansokningar" not in r.text
    # The way in for someone who represents it: log in, then ask.
    assert "/logga-in?next=" in main_html(r.text)


# ---- Leaving ------------------------------------------------------------------------------------


def test_representative_leaves(site, org_with_rep):
    org, rep, rep_id, _ = org_with_rep
    email2, id2 = site.person("person", tag="second")
    site.assign(org, email2)
    page = rep.get(f"/organisationer/{org}/foretradare/lamna")
    assert page.status == 200
    assert "only representative" not in page.text
    r = site.post_form(rep, f"/organisationer/{org}/foretradare/lamna", f"/organisationer/{org}/foretradare/lamna")
    assert r.header("location").startswith(f"/organisationer/{org}?foretradare=lamnad")
    assert not site.represents(rep_id, org)
    assert site.represents(id2, org)
    assert not can_edit(rep, org)
    # Representing nothing any more, the account is a person again.
    assert site.role(rep_id) == "person"
    removed = site.audit("organisation", org, "representative_remove")
    assert json.loads(removed[-1][2]) == {"account_id": rep_id, "via": "leave", "remaining": 1}
    # Leaving twice: not a representative.
    before = stored(site, org)
    r = rep.post(f"/organisationer/{org}/foretradare/lamna", {})
    assert r.status in (403, 409)
    says(r, "do not represent", "företräder inte")
    assert stored(site, org) == before


def test_last_representative_is_warned_and_coordinator_assigns_a_new_one(site, org_with_rep):
    org, rep, rep_id, _ = org_with_rep
    page = rep.get(f"/organisationer/{org}/foretradare/lamna")
    assert page.status == 200
    assert "only representative" in page.text or "enda företrädare" in page.text
    assert "coordinator" in page_text(page.text) or "samordnare" in page_text(page.text)
    # Without ticking the warning nothing happens.
    before = stored(site, org)
    r = rep.post(f"/organisationer/{org}/foretradare/lamna", {})
    assert r.status == 409
    assert site.represents(rep_id, org)
    assert stored(site, org) == before
    r = rep.post(f"/organisationer/{org}/foretradare/lamna", {"last_ok": "1"})
    assert r.status == 303 and "lamnad-sist" in r.header("location")
    assert not site.represents(rep_id, org)
    # The coordinators are told, and the page says nobody represents it.
    coordinator_id = site.account_id("samordnare@exempel.se")
    assert any(n[2] == f"/organisationer/{org}#foretradare" and ("representative" in n[0] or "företrädare" in n[0])
               for n in site.notifications(coordinator_id))
    page = site.coordinator.get(f"/organisationer/{org}")
    assert "Nobody represents this organisation" in page.text or "Ingen företräder" in page.text
    # The way back in: a coordinator assigns someone by e-mail.
    email, pid = site.person(tag="new")
    site.assign(org, email)
    assert site.represents(pid, org)
    assert site.role(pid) == "representative"
    assert site.notifications(pid)
    assert json.loads(site.audit("organisation", org, "representative_add")[-1][2])["via"] == "assignment"


def test_assignment_refuses_unknown_address_and_non_coordinators(site):
    org = site.organisation()
    before = stored(site, org)
    r = site.assign(org, "finns-inte@exempel.se", expect=422)
    assert 'aria-invalid="true"' in r.text and "finns-inte@exempel.se" in r.text
    assert stored(site, org) == before
    assert site.official.get(f"/organisationer/{org}/foretradare").status == 403
    email, pid = site.person(tag="assignee")
    before = stored(site, org)
    r = site.official.post(f"/organisationer/{org}/foretradare/tilldela", {"assign_email": email})
    assert r.status == 403
    assert not site.represents(pid, org)
    assert stored(site, org) == before
    assert not site.notifications(pid)
    # A representative cannot assign either, even for their own organisation.
    rep_email, _ = site.person("representative", organisation=org, tag="rep")
    rep = site.sign_in(rep_email)
    before = stored(site, org)
    assert rep.post(f"/organisationer/{org}/foretradare/tilldela", {"assign_email": email}).status == 403
    assert not site.represents(pid, org)
    assert stored(site, org) == before


def test_assignment_settles_a_pending_request(site, org_with_rep):
    org = org_with_rep[0]
    email, pid = site.person()
    site.ask(site.sign_in(email), org)
    site.assign(org, email)
    coordinator_id = site.account_id("samordnare@exempel.se")
    ((req, _, state, _, decided_by),) = site.requests(org, pid)
    assert (state, decided_by) == ("approved", coordinator_id)
    assert site.represents(pid, org)
    settled = site.audit("representation_request", req, "approve")
    assert json.loads(settled[-1][2]) == {"organisation_id": org, "account_id": pid, "settled": True}


# ---- Invitations --------------------------------------------------------------------------------


def test_invitation_to_an_existing_account(site):
    org = site.organisation()
    email, pid = site.person(tag="invited")
    site.invite(org, email)
    token = site.invitation_token(email)
    # The invitation is queued in the outbox for that address, and its token waits unused.
    assert query(site.db, "SELECT account_id, kind FROM outbox WHERE to_address = ? AND body_text LIKE ?",
                 (email, f"%{token}%")) == [(pid, "transactional")]
    assert query(site.db, "SELECT account_id, organisation_id, used_at FROM account_token WHERE purpose = 'invite' "
                          "AND email = ?", (email,)) == [(pid, org, None)]
    assert token not in json.dumps(site.audit("account_token")), "only the hash of a token is kept"
    logged = site.audit("account_token", None, "invite")
    assert json.loads(logged[-1][2])["email"] == email

    # Someone else who got hold of the link cannot use it, and it stays good for its owner.
    other_email, other_id = site.person(tag="other")
    other = site.sign_in(other_email)
    page = other.get(invitation_path(token))
    assert page.status == 200
    assert 'name="token"' not in page.text, "no accept button for another account"
    before = stored(site, org)
    r = other.post("/konto/inbjudan", {"token": token})
    assert r.status == 403
    says(r, "another e-mail address", "annan e-postadress")
    assert not site.represents(other_id, org)
    assert stored(site, org) == before, "the token stays good for its owner"

    person = site.sign_in(email)
    page = person.get(invitation_path(token))
    assert page.status == 200
    form = find_form(page.text, "/konto/inbjudan")
    r = person.post("/konto/inbjudan", dict(form["fields"]))
    assert r.status == 303, page_text(r.text)[:500]
    assert "foretradare=antagen" in r.header("location")
    assert site.represents(pid, org)
    assert site.role(pid) == "representative"
    assert can_edit(person, org)
    assert [a[1] for a in site.audit("account_token", None, "accept")]
    assert query(site.db, "SELECT used_at IS NOT NULL FROM account_token WHERE purpose = 'invite' AND email = ?",
                 (email,)) in ([(1,)], [(True,)])
    # Used once, never again.
    before = stored(site, org)
    assert person.get(invitation_path(token)).status == 410
    r = person.post("/konto/inbjudan", {"token": token})
    assert r.status == 410
    says(r, "already been used", "redan använts")
    assert stored(site, org) == before


def test_invitation_to_a_new_address_signs_up_then_accepts(site):
    from account_fixtures import follow, last_token, signup

    org = site.organisation()
    email = f"ny-inbjuden-{org}@exempel.se"
    site.invite(org, email)
    token = site.invitation_token(email)

    anon = site.server.client()
    page = anon.get(invitation_path(token))
    assert page.status == 200
    assert "/konto/ny" in page.text
    assert "/logga-in?next=%2Fkonto%2Finbjudan%3Ftoken%3D" in page.text

    # The person signs up with the invited address, confirms it, logs in and accepts.
    r = signup(anon, email, name="Nina Ny", password=PASSWORD)
    assert r.status == 303, page_text(r.text)[:500]
    with Database(site.db) as db:
        verify = last_token(db, email, "/konto/verifiera")
    assert follow(anon, "/konto/verifiera", verify).status in (200, 303)
    person = site.sign_in(email)
    pid = site.account_id(email)
    r = site.post_form(person, invitation_path(token), "/konto/inbjudan")
    assert site.represents(pid, org)
    assert site.role(pid) == "representative"
    assert can_edit(person, org)


def test_invitation_token_misuse(site):
    org = site.organisation()
    email, pid = site.person(tag="misuse")
    site.invite(org, email)
    token = site.invitation_token(email)
    person = site.sign_in(email)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    before = stored(site, org)
    assert person.get(invitation_path(tampered)).status == 404
    assert person.post("/konto/inbjudan", {"token": tampered}).status == 404
    assert person.get(invitation_path("kort")).status == 404
    assert stored(site, org) == before
    # Expired: the token's time has run out.
    with site.writable() as w:
        w.execute("UPDATE account_token SET expires_at = '2000-01-01T00:00:00Z' WHERE purpose = 'invite' AND email = ?",
                  (email,))
    before = stored(site, org)
    assert person.get(invitation_path(token)).status == 410
    assert person.post("/konto/inbjudan", {"token": token}).status == 410
    assert not site.represents(pid, org)
    assert stored(site, org) == before, "an expired token is not used up either"


def test_only_coordinators_invite(site):
    org = site.organisation()
    before = len(site.audit("account_token", None, "invite"))
    rep_email, _ = site.person("representative", organisation=org, tag="rep")
    for client in (site.official, site.sign_in(rep_email)):
        r = client.post(f"/organisationer/{org}/foretradare/bjud-in", {"invite_email": "x@exempel.se"})
        assert r.status == 403
    assert len(site.audit("account_token", None, "invite")) == before
    assert not query(site.db, "SELECT 1 FROM outbox WHERE to_address = 'x@exempel.se'")
    assert not query(site.db, "SELECT 1 FROM account_token WHERE email = 'x@exempel.se'")
    before = stored(site, org)
    r = site.invite(org, "inte en adress", expect=422)
    assert 'aria-invalid="true"' in r.text and "inte en adress" in r.text
    assert stored(site, org) == before


# ---- The audit log shows it -------------------------------------------------------------------------


def test_representation_changes_are_on_the_audit_log_page(site, org_with_rep):
    org, rep, rep_id, _ = org_with_rep
    email, pid = site.person(tag="logged")
    site.ask(site.sign_in(email), org)
    req = pending_id(site, org, pid)
    assert rep.post(APPROVE.format(org=org, req=req), {}).status == 303
    r = site.admin.get("/admin/logg?entity=representation_request")
    assert r.status == 200
    text = page_text(main_html(r.text))
    assert f"representation_request {req}" in text
    assert "approve" in text and "create" in text
    rep_name = query_name(site, rep_id)
    assert rep_name in text


# ---- By e-mail, through a real SMTP server ------------------------------------------------------------


def test_request_answer_and_invitation_arrive_by_email(mail_server, smtp_sink):
    """The representative and the coordinator get the request, the person gets the answer, and
    an invited address gets a link that opens the invitation: each delivered by the sender job."""
    from conftest import COORDINATOR, DEMO_PASSWORD, REPRESENTATIVE, REPRESENTED_IDS, run_cli

    node = mail_server()
    org = REPRESENTED_IDS[0]
    email = "e-post-foretradare@exempel.se"
    run_cli("user", "add", "--db", node.db, "--email", email, "--name", "Erik E-post", "--role", "person",
            env={"SAMVERKAN_PASSWORD": PASSWORD})

    person = node.client()
    assert person.login(email, PASSWORD).status == 303
    page = person.get(f"/organisationer/{org}")
    form = find_form(page.text, f"/organisationer/{org}/foretradare/ansok")
    r = person.post(form["action"], {**dict(form["fields"]), "message": "Jag är sekreterare."})
    assert r.status == 303, page_text(r.text)[:500]

    for to in (REPRESENTATIVE, COORDINATOR):
        (got,) = smtp_sink.wait_to(to)
        text = got.part("text/plain")
        assert "Erik E-post" in got["Subject"]
        assert "Jag är sekreterare." in text
        assert re.search(rf"https?://[^\s/]+/organisationer/{org}", text)

    rep = node.client()
    assert rep.login(REPRESENTATIVE, DEMO_PASSWORD).status == 303
    page = rep.get(f"/organisationer/{org}")
    approve = re.search(rf'action="(/organisationer/{org}/foretradare/ansokningar/\d+/godkann)"', page.text).group(1)
    assert rep.post(approve, {}).status == 303
    (answer,) = smtp_sink.wait_to(email)
    assert "företräder nu" in answer["Subject"] or "now represent" in answer["Subject"]

    coordinator = node.client()
    assert coordinator.login(COORDINATOR, DEMO_PASSWORD).status == 303
    invited = "inbjuden-via-smtp@exempel.se"
    page = coordinator.get(f"/organisationer/{org}/foretradare")
    form = find_form(page.text, "/foretradare/bjud-in")
    assert coordinator.post(form["action"], {**dict(form["fields"]), "invite_email": invited}).status == 303
    (invitation,) = smtp_sink.wait_to(invited)
    m = re.search(r"https?://[^\s/]+(/konto/inbjudan\?token=[A-Za-z0-9_-]+)", invitation.part("text/plain"))
    assert m, invitation.part("text/plain")
    assert node.client().get(m.group(1)).status == 200
