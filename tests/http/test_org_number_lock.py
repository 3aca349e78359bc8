"""The organisation number lock: once staff have saved an organisation with its number, that number
is confirmed and its representatives can no longer change it (the domain refuses a different number
sent anyway: 422, nothing stored); they ask for a change with a reason, which an official approves
(the number changes, audited) or declines (the request is cleared)."""

import itertools
import re

import pytest

from admin_fixtures import site  # noqa: F401 — fixture
from conftest import create_org, find_form, make_org_number, org_form_data, page_text, query

_seed = itertools.count(9000)


def number(db):
    taken = {n for (n,) in query(db, "SELECT org_number FROM organisation WHERE org_number IS NOT NULL")}
    return make_org_number(next(_seed), taken)


def row(db, org):
    return query(db, "SELECT org_number, org_number_confirmed_at, org_number_requested, org_number_requested_by, "
                     "org_number_request_reason, description FROM organisation WHERE id = ?", (org,))[0]


def audit(db, org, action):
    return query(db, "SELECT account_id, detail FROM audit_log WHERE entity = 'organisation' AND entity_id = ? "
                     "AND action = ? ORDER BY id", (org, action))


def edit_data(client, org, **fields):
    r = client.get(f"/organisationer/{org}/redigera")
    assert r.status == 200, r
    return r, org_form_data(find_form(r.text, f"/organisationer/{org}/redigera"), **fields)


@pytest.fixture
def locked(site):
    """(org id, its confirmed number, the representative's client, their account id)."""
    num = number(site.db)
    org = create_org(site.official, f"Nummerföreningen {num}", org_number=num)
    email, rid = site.person("representative", organisation=org, tag="nummer")
    return org, num, site.sign_in(email), rid


def test_staff_saving_a_number_confirms_it(site, locked):
    org, num, _, _ = locked
    got = row(site.db, org)
    assert got[0] == num and got[1], "created by an official: the number is confirmed"
    assert '"org_number_confirmed"' in audit(site.db, org, "create")[0][1]


def test_a_representative_cannot_change_a_confirmed_number(site, locked):
    org, num, rep, _ = locked
    r, data = edit_data(rep, org)
    assert not re.search(r'<input[^>]*name="org_number"', r.text), "the number is not an input"
    assert num in page_text(r.text)
    assert f'href="/organisationer/{org}/organisationsnummer"' in r.text

    before = row(site.db, org), query(site.db, "SELECT COUNT(*) FROM audit_log")
    other = number(site.db)
    r = rep.post(f"/organisationer/{org}/redigera", dict(data, org_number=other, description="Ändrad"))
    assert r.status == 422, r
    text = page_text(r.text)
    assert "Kommunen har bekräftat organisationsnumret, så det kan inte ändras här." in text, text[:800]
    assert 'href="#org_number"' in r.text
    assert (row(site.db, org), query(site.db, "SELECT COUNT(*) FROM audit_log")) == before

    # The form as it is (no number in it) still saves everything else, and the number stays.
    r = rep.post(f"/organisationer/{org}/redigera", dict(data, description="Ny beskrivning"))
    assert r.status == 303, page_text(r.text)[:800]
    assert row(site.db, org)[0] == num and row(site.db, org)[5] == "Ny beskrivning"
    # Sending the same number, in another spelling, is no change.
    r = rep.post(f"/organisationer/{org}/redigera", dict(data, org_number=num.replace("-", "")))
    assert r.status == 303, page_text(r.text)[:800]
    assert row(site.db, org)[0] == num


def test_an_unconfirmed_number_is_still_the_representatives_to_set(site):
    org = create_org(site.official, f"Nummerlösa föreningen {next(_seed)}")
    assert row(site.db, org)[1] is None
    email, _ = site.person("representative", organisation=org, tag="utan")
    rep = site.sign_in(email)
    num = number(site.db)
    r, data = edit_data(rep, org, org_number=num)
    assert re.search(r'<input[^>]*name="org_number"', r.text)
    assert rep.post(f"/organisationer/{org}/redigera", data).status == 303
    assert row(site.db, org)[:2] == (num, None), "a representative's number is not confirmed"
    r, data = edit_data(site.official, org)
    assert site.official.post(f"/organisationer/{org}/redigera", data).status == 303
    assert row(site.db, org)[1], "saved by an official: confirmed"


def ask(client, org, expect=303, **fields):
    page = client.get(f"/organisationer/{org}/organisationsnummer")
    assert page.status == 200, page
    data = org_form_data(find_form(page.text, f"/organisationer/{org}/organisationsnummer"), **fields)
    r = client.post(f"/organisationer/{org}/organisationsnummer", data)
    assert r.status == expect, page_text(r.text)[:800]
    return r


def test_a_request_is_approved_by_an_official(site, locked):
    org, num, rep, rid = locked
    new = number(site.db)
    r = ask(rep, org, expect=422, org_number="123", reason="Fel nummer")
    assert 'href="#org_number"' in r.text and 'value="123"' in r.text and "Fel nummer" in r.text
    r = ask(rep, org, expect=422, org_number=new, reason="")
    assert 'href="#reason"' in r.text and f'value="{new}"' in r.text
    ask(rep, org, expect=422, org_number=num, reason="Samma")
    assert row(site.db, org)[2] is None

    ask(rep, org, org_number=new.replace("-", ""), reason="Numret skrevs fel vid registreringen.")
    got = row(site.db, org)
    assert got[0] == num and got[2:5] == (new, rid, "Numret skrevs fel vid registreringen.")
    assert audit(site.db, org, "org_number_request")[0][0] == rid
    # The coordinators are told, with a link to the request.
    name = query(site.db, "SELECT name FROM organisation WHERE id = ?", (org,))[0][0]
    told = [n for n in site.notifications(site.account_id("samordnare@exempel.se")) if name in n[0]]
    assert len(told) == 1, told
    title, body, link = told[0]
    assert title == f"{name} begär ändring av sitt organisationsnummer"
    assert num in body and new in body and "Numret skrevs fel vid registreringen." in body
    assert link == f"/organisationer/{org}#organisationsnummer"
    text = page_text(rep.get(f"/organisationer/{org}").text)
    assert new in text and "Numret skrevs fel" in text

    # The representative cannot answer their own request.
    rep.get(f"/organisationer/{org}")
    assert rep.post(f"/organisationer/{org}/organisationsnummer/godkann", {}).status == 403
    assert row(site.db, org)[0] == num

    page = site.official.get(f"/organisationer/{org}").text
    find_form(page, f"/organisationer/{org}/organisationsnummer/avsla")
    find_form(page, f"/organisationer/{org}/organisationsnummer/godkann")
    r = site.official.post(f"/organisationer/{org}/organisationsnummer/godkann", {})
    assert r.status == 303 and r.header("location") == f"/organisationer/{org}?nummer=godkant"
    got = row(site.db, org)
    assert got[0] == new and got[1] and got[2:5] == (None, None, None)
    approved = audit(site.db, org, "org_number_approve")
    assert approved[0][0] == site.account_id("tjansteperson@exempel.se")
    assert num in approved[0][1] and new in approved[0][1]

    # Nothing waits any more: a second answer is a conflict, not a change.
    r = site.official.post(f"/organisationer/{org}/organisationsnummer/godkann", {})
    assert r.status == 409
    assert row(site.db, org)[0] == new


def test_a_declined_request_leaves_the_number(site, locked):
    org, num, rep, _ = locked
    ask(rep, org, org_number=number(site.db), reason="Vi tror att det är fel.")
    site.official.get(f"/organisationer/{org}")
    r = site.official.post(f"/organisationer/{org}/organisationsnummer/avsla", {})
    assert r.status == 303
    assert row(site.db, org)[:5] == (num, row(site.db, org)[1], None, None, None)
    assert len(audit(site.db, org, "org_number_decline")) == 1
    assert "Vi tror" not in page_text(site.official.get(f"/organisationer/{org}").text)
