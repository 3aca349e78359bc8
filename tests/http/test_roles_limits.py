"""Each role's limits: the public reads, representatives edit only their own organisations,
officials create and edit any and see hidden ones."""

import re

import pytest

from conftest import (REPRESENTED_IDS, create_org, field_value, find_form, main_html, months_ago, org_form_data,
                      org_ids)


def not_represented(db):
    """A public organisation the demo representative does not represent."""
    row = db.execute("SELECT id FROM organisation WHERE public = 1 AND id NOT IN (SELECT organisation_id FROM "
                     "representative rp JOIN account a ON a.id = rp.account_id WHERE a.email = ?) ORDER BY id LIMIT 1",
                     ("foretradare@exempel.se",)).fetchone()
    assert row
    return row[0]


@pytest.fixture(scope="module")
def hidden_id(db, official):
    row = db.execute("SELECT id FROM organisation WHERE public = 0 ORDER BY id LIMIT 1").fetchone()
    if row:
        return row[0]
    return create_org(official, "Dold förening för rolltest", public=None)


def test_demo_representative_represents_1_and_2(db):
    rows = {r[0] for r in db.execute("SELECT rp.organisation_id FROM representative rp JOIN account a ON "
                                     "a.id = rp.account_id WHERE a.email = 'foretradare@exempel.se'")}
    assert set(REPRESENTED_IDS) <= rows


# ---- The public ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/organisationer/ny", "/organisationer/att-bekrafta", "/organisationer/1/redigera", "/konto"])
def test_public_is_sent_to_login(anon, path):
    r = anon.get(path)
    assert r.status == 303, r
    loc = r.header("location")
    assert loc.startswith("/logga-in?next=")
    assert path.replace("/", "%2F") in loc or path in loc


@pytest.mark.parametrize("path", ["/organisationer/ny", "/organisationer/1/redigera", "/organisationer/1/bekrafta"])
def test_public_post_is_refused(anon, db, path):
    anon.csrf("/logga-in")
    before = db.execute("SELECT name, confirmed_at, updated_at FROM organisation WHERE id = 1").fetchone()
    count = db.execute("SELECT COUNT(*) FROM organisation").fetchone()[0]
    r = anon.post(path, {"name": "Allmänheten var här", "legal_form": "ideell_forening"})
    assert r.status in (303, 401, 403)
    if r.status == 303:
        assert r.header("location").startswith("/logga-in")
    assert tuple(db.execute("SELECT name, confirmed_at, updated_at FROM organisation WHERE id = 1").fetchone()) == tuple(before)
    assert db.execute("SELECT COUNT(*) FROM organisation").fetchone()[0] == count


def test_public_sees_no_edit_links(anon):
    r = anon.get("/organisationer/1")
    assert r.status == 200
    assert "/redigera" not in r.text and "/bekrafta" not in r.text
    assert "/organisationer/ny" not in anon.get("/organisationer").text


# ---- Representative -----------------------------------------------------------------------------


def test_representative_edits_own_organisation(representative, db):
    oid = REPRESENTED_IDS[0]
    r = representative.get(f"/organisationer/{oid}/redigera")
    assert r.status == 200
    form = find_form(r.text, f"/organisationer/{oid}/redigera")
    old = field_value(form, "description") or ""
    new = old.rstrip() + "\nUppdaterat av företrädaren – åäö."
    r = representative.post(f"/organisationer/{oid}/redigera", org_form_data(form, description=new))
    assert r.status == 303, (r, r.text[:2000])
    assert re.match(rf"^/organisationer/{oid}(\?|$)", r.header("location"))
    stored = db.execute("SELECT description FROM organisation WHERE id = ?", (oid,)).fetchone()[0]
    assert "Uppdaterat av företrädaren – åäö." in stored
    assert "Uppdaterat av företrädaren – åäö." in representative.get(f"/organisationer/{oid}").text
    # The change is in the audit log, with who made it.
    who = db.execute("SELECT a.account_id FROM audit_log a WHERE a.entity_id = ? ORDER BY a.id DESC LIMIT 1", (oid,)).fetchone()
    me = db.execute("SELECT id FROM account WHERE email = 'foretradare@exempel.se'").fetchone()[0]
    assert who and who[0] == me


def test_representative_cannot_edit_others(representative, db):
    oid = not_represented(db)
    assert representative.get(f"/organisationer/{oid}/redigera").status == 403
    before = db.execute("SELECT name, updated_at FROM organisation WHERE id = ?", (oid,)).fetchone()
    token = representative.csrf("/konto")
    r = representative.post(f"/organisationer/{oid}/redigera",
                            {"_csrf": token, "name": "Kapad av företrädaren", "legal_form": "ideell_forening",
                             "categories": "icnpo1", "districts": "x", "public": "1"})
    assert r.status == 403
    assert tuple(db.execute("SELECT name, updated_at FROM organisation WHERE id = ?", (oid,)).fetchone()) == tuple(before)
    r = representative.post(f"/organisationer/{oid}/bekrafta", {"_csrf": token})
    assert r.status == 403
    assert "/redigera" not in representative.get(f"/organisationer/{oid}").text


def test_representative_cannot_create(representative, db):
    assert representative.get("/organisationer/ny").status == 403
    count = db.execute("SELECT COUNT(*) FROM organisation").fetchone()[0]
    r = representative.post("/organisationer/ny", {"_csrf": representative.csrf("/konto"), "name": "Ny av företrädare",
                                                   "legal_form": "ideell_forening"})
    assert r.status == 403
    assert db.execute("SELECT COUNT(*) FROM organisation").fetchone()[0] == count


def test_representative_cannot_see_unconfirmed_list(representative):
    r = representative.get("/organisationer/att-bekrafta")
    assert r.status == 403
    assert "<h1" in r.text


def test_representative_confirms_own(representative, db):
    oid = REPRESENTED_IDS[1]
    r = representative.get(f"/organisationer/{oid}")
    form = find_form(r.text, f"/organisationer/{oid}/bekrafta")
    r = representative.post(f"/organisationer/{oid}/bekrafta", {"_csrf": field_value(form, "_csrf")})
    assert r.status == 303
    confirmed = db.execute("SELECT confirmed_at FROM organisation WHERE id = ?", (oid,)).fetchone()[0]
    assert confirmed and confirmed[:4] >= "2024"


def test_representative_does_not_see_hidden_organisations(representative, hidden_id, db):
    if db.execute("SELECT 1 FROM representative WHERE organisation_id = ?", (hidden_id,)).fetchone():
        pytest.skip("the hidden organisation is represented")
    assert representative.get(f"/organisationer/{hidden_id}").status == 404
    assert representative.get(f"/organisationer/{hidden_id}/redigera").status == 404


def test_representative_account_lists_own(representative):
    r = representative.get("/konto")
    ids = org_ids(r.text)
    assert set(ids) == set(REPRESENTED_IDS)


# ---- Official and above -----------------------------------------------------------------------------


def test_official_creates_organisation(official, anon, db):
    oid = create_org(official, "Tjänstepersonens nya förening", description="Skapad i test.")
    assert db.execute("SELECT name FROM organisation WHERE id = ?", (oid,)).fetchone()[0] == "Tjänstepersonens nya förening"
    r = anon.get(f"/organisationer/{oid}")
    assert r.status == 200 and "Tjänstepersonens nya förening" in r.text
    audit = db.execute("SELECT action FROM audit_log WHERE entity_id = ? ORDER BY id", (oid,)).fetchall()
    assert audit, "the creation is in the audit log"


def test_official_edits_any_organisation(official, db):
    oid = not_represented(db)
    r = official.get(f"/organisationer/{oid}/redigera")
    assert r.status == 200
    form = find_form(r.text, f"/organisationer/{oid}/redigera")
    name = field_value(form, "name")
    r = official.post(f"/organisationer/{oid}/redigera", org_form_data(form, name=name + " (ändrad)"))
    assert r.status == 303, (r, r.text[:1500])
    assert db.execute("SELECT name FROM organisation WHERE id = ?", (oid,)).fetchone()[0] == name + " (ändrad)"
    r = official.post(f"/organisationer/{oid}/redigera", org_form_data(form, name=name))
    assert r.status == 303


@pytest.mark.parametrize("who", ["official", "coordinator", "admin"])
def test_staff_see_unconfirmed_list(request, who):
    client = request.getfixturevalue(who)
    r = client.get("/organisationer/att-bekrafta")
    assert r.status == 200
    assert r.text.count("<h1") == 1


def test_unconfirmed_list_holds_only_unconfirmed(official, db):
    r = official.get("/organisationer/att-bekrafta")
    ids = org_ids(main_html(r.text))
    recent = {i for i, c in db.execute("SELECT id, confirmed_at FROM organisation WHERE confirmed_at IS NOT NULL "
                                       "AND confirmed_at > ?", (months_ago(14),))}
    assert not set(ids) & recent


def test_hidden_organisation_is_404_for_public(anon, hidden_id):
    r = anon.get(f"/organisationer/{hidden_id}")
    assert r.status == 404
    assert anon.get(f"/api/v1/organisations/{hidden_id}").status == 404
    assert hidden_id not in org_ids(main_html(anon.get("/organisationer?sort=updated").text))


def test_hidden_organisation_visible_for_official(official, db, hidden_id):
    name = db.execute("SELECT name FROM organisation WHERE id = ?", (hidden_id,)).fetchone()[0]
    r = official.get(f"/organisationer/{hidden_id}")
    assert r.status == 200
    assert re.search(r"<h1[^>]*>", r.text)
    assert name.replace("&", "&amp;") in r.text or name in r.text
    # And it is in the official's register, not in the public one.
    public_total = len(list(db.execute("SELECT id FROM organisation WHERE public = 1")))
    m = re.search(r'id="results"[^>]*>\s*(\d+)', official.get("/organisationer").text)
    assert int(m.group(1)) == len(list(db.execute("SELECT id FROM organisation"))) > public_total


def test_hidden_stays_out_of_api_even_for_official(official, hidden_id):
    assert official.get(f"/api/v1/organisations/{hidden_id}").status == 404
