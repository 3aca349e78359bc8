"""Every POST needs the CSRF token of its own session: missing, wrong or borrowed tokens are
refused with 403 and nothing changes."""

import pytest

from conftest import (DEMO_PASSWORD, OFFICIAL, REPRESENTATIVE, csrf_from, field_value, find_form,
                      org_form_data)

EDIT_ID = 5


def current_name(db, oid):
    return db.execute("SELECT name FROM organisation WHERE id = ?", (oid,)).fetchone()[0]


def edit_data(client, oid, **overrides):
    r = client.get(f"/organisationer/{oid}/redigera")
    assert r.status == 200, r
    form = find_form(r.text, f"/organisationer/{oid}/redigera")
    return org_form_data(form, **overrides), field_value(form, "_csrf")


def assert_refused(r):
    assert r.status == 403, r
    assert r.header("content-type").startswith("text/html")
    assert "<h1" in r.text


def assert_unchanged(client, db, oid, before):
    assert current_name(db, oid) == before
    r = client.get(f"/organisationer/{oid}")
    assert r.status == 200
    assert "CSRF-ändrat" not in r.text


def test_edit_without_token_is_refused(official, db):
    before = current_name(db, EDIT_ID)
    data, _ = edit_data(official, EDIT_ID, name="CSRF-ändrat utan token")
    r = official.post(f"/organisationer/{EDIT_ID}/redigera", data, csrf=False)
    assert_refused(r)
    assert_unchanged(official, db, EDIT_ID, before)


def test_edit_with_wrong_token_is_refused(official, db):
    before = current_name(db, EDIT_ID)
    data, token = edit_data(official, EDIT_ID, name="CSRF-ändrat fel token")
    data["_csrf"] = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    r = official.post(f"/organisationer/{EDIT_ID}/redigera", data)
    assert_refused(r)
    data["_csrf"] = ""
    assert_refused(official.post(f"/organisationer/{EDIT_ID}/redigera", data))
    assert_unchanged(official, db, EDIT_ID, before)


def test_edit_with_token_of_another_session_is_refused(server, official, db):
    # A second, separate sign-in of the same person has its own token: it does not fit the first.
    other = server.client()
    assert other.login(OFFICIAL).status == 303
    other_token = other.csrf("/konto")
    before = current_name(db, EDIT_ID)
    data, mine = edit_data(official, EDIT_ID, name="CSRF-ändrat lånad token")
    assert other_token != mine
    data["_csrf"] = other_token
    assert_refused(official.post(f"/organisationer/{EDIT_ID}/redigera", data))
    # An anonymous visitor's token (from the login form) does not work for a session either.
    anon = server.client()
    data["_csrf"] = anon.csrf("/logga-in")
    assert_refused(official.post(f"/organisationer/{EDIT_ID}/redigera", data))
    assert_unchanged(official, db, EDIT_ID, before)


def test_create_without_token_creates_nothing(official, db):
    count = db.execute("SELECT COUNT(*) FROM organisation").fetchone()[0]
    official.get("/organisationer/ny")
    r = official.post("/organisationer/ny", {"name": "CSRF-ändrat ny", "legal_form": "ideell_forening"}, csrf=False)
    assert_refused(r)
    assert db.execute("SELECT COUNT(*) FROM organisation").fetchone()[0] == count
    assert db.execute("SELECT COUNT(*) FROM organisation WHERE name LIKE 'CSRF-%'").fetchone()[0] == 0


def test_confirm_without_token_is_refused(representative, db):
    before = db.execute("SELECT confirmed_at FROM organisation WHERE id = 1").fetchone()[0]
    r = representative.post("/organisationer/1/bekrafta", {}, csrf=False)
    assert_refused(r)
    assert db.execute("SELECT confirmed_at FROM organisation WHERE id = 1").fetchone()[0] == before


def test_login_without_token_is_refused(server):
    c = server.client()
    r = c.post("/logga-in", {"email": REPRESENTATIVE, "password": DEMO_PASSWORD}, csrf=False)
    assert_refused(r)
    assert "sid" not in c.cookies


def test_login_with_token_but_no_cookie_is_refused(server):
    # The token in the page belongs to the browser that got the cookie with it.
    c = server.client()
    token = c.csrf("/logga-in")
    thief = server.client()
    r = thief.post("/logga-in", {"email": REPRESENTATIVE, "password": DEMO_PASSWORD, "_csrf": token})
    assert_refused(r)
    assert "sid" not in thief.cookies


def test_login_with_other_browsers_token_is_refused(server):
    a, b = server.client(), server.client()
    ta, tb = a.csrf("/logga-in"), b.csrf("/logga-in")
    assert ta != tb
    r = a.post("/logga-in", {"email": REPRESENTATIVE, "password": DEMO_PASSWORD, "_csrf": tb})
    assert_refused(r)


@pytest.mark.parametrize("ctype", ["text/plain", "multipart/form-data; boundary=x", None])
def test_post_with_other_body_type_is_refused(official, db, ctype):
    # A token in a body the server does not read as a form does not count: no token, no change.
    before = current_name(db, EDIT_ID)
    token = official.csrf(f"/organisationer/{EDIT_ID}/redigera")
    body = f"name=CSRF-ändrat&_csrf={token}".encode()
    headers = {"Content-Type": ctype} if ctype else {}
    r = official.request("POST", f"/organisationer/{EDIT_ID}/redigera", body=body, headers=headers)
    assert_refused(r)
    assert current_name(db, EDIT_ID) == before


def test_session_token_is_in_every_signed_in_form(official):
    r = official.get("/")
    t1 = csrf_from(r.text)  # the log-out form in the header
    r = official.get(f"/organisationer/{EDIT_ID}/redigera")
    t2 = field_value(find_form(r.text, "/redigera"), "_csrf")
    assert t1 and t1 == t2, "one token per session, in every form"
