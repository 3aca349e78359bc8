"""Signing in and out: cookies, wrong passwords, sessions that end, and throttled guessing."""

import hashlib
import re

from conftest import (DEMO_PASSWORD, EXTRA_PASSWORD, OFFICIAL, REPRESENTATIVE, THROTTLE_USER, csrf_from,
                      find_form, field_value)


def session_row(db, token):
    """(account e-mail, csrf_token) of the session whose cookie is `token`, or None: the database
    keeps only the token's SHA-256."""
    h = hashlib.sha256(token.encode()).hexdigest()
    return db.execute("SELECT a.email, s.csrf_token FROM session s JOIN account a ON a.id = s.account_id "
                      "WHERE s.token_hash = ?", (h,)).fetchone()


def sessions_of(db, email):
    return db.execute("SELECT COUNT(*) FROM session s JOIN account a ON a.id = s.account_id WHERE a.email = ?",
                      (email,)).fetchone()[0]


def attempts_for(db, email):
    """Failed sign-ins recorded with the address (keys name the address and the client)."""
    return db.execute("SELECT COUNT(*) FROM login_attempt WHERE key LIKE ?", (f"email:{email.lower()} %",)).fetchone()[0]


def cookie_attrs(set_cookie):
    first, *attrs = [p.strip() for p in set_cookie.split(";")]
    return first, {a.split("=")[0].lower(): (a.split("=", 1)[1] if "=" in a else True) for a in attrs}


def test_login_sets_httponly_samesite_session_cookie(server, db):
    c = server.client()
    r = c.login(OFFICIAL)
    assert r.status == 303
    # Without a page to return to, signing in leads to one's own page (issue 12).
    assert r.header("location") == "/min-sida"
    sids = [sc for sc in r.header_all("set-cookie") if sc.startswith("sid=")]
    assert len(sids) == 1
    first, attrs = cookie_attrs(sids[0])
    token = first.split("=", 1)[1]
    assert len(token) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    # The session is a row for that account, stored by its hash only.
    row = session_row(db, token)
    assert row is not None and row[0] == OFFICIAL
    assert db.execute("SELECT COUNT(*) FROM session WHERE token_hash = ?", (token,)).fetchone()[0] == 0
    assert "httponly" in attrs
    assert attrs.get("samesite", "").lower() == "lax"
    assert attrs.get("path") == "/"
    # Signed in: the account page answers and names the account.
    r = c.get("/konto")
    assert r.status == 200
    assert OFFICIAL in r.text


def test_login_follows_local_next_only(server):
    c = server.client()
    r = c.get("/logga-in?next=/konto")
    f = find_form(r.text, "/logga-in")
    assert field_value(f, "next") == "/konto"
    r = c.post("/logga-in", {"email": REPRESENTATIVE, "password": DEMO_PASSWORD, "next": "/konto"})
    assert r.status == 303 and r.header("location") == "/konto"
    c2 = server.client()
    c2.get("/logga-in")
    r = c2.post("/logga-in", {"email": REPRESENTATIVE, "password": DEMO_PASSWORD, "next": "//evil.example/"})
    assert r.status == 303 and r.header("location") == "/min-sida"


def test_signed_in_page_requires_login(anon):
    r = anon.get("/konto")
    assert r.status == 303
    assert r.header("location").startswith("/logga-in?next=")
    assert "%2Fkonto" in r.header("location") or "/konto" in r.header("location")


def test_wrong_password_422_keeps_email(server, db):
    c = server.client()
    email = "Samordnare@Exempel.se"  # a real account typed with capitals, kept as typed
    c.get("/logga-in")
    sessions, attempts = sessions_of(db, email.lower()), attempts_for(db, email)
    r = c.post("/logga-in", {"email": email, "password": "fel-lösenord"})
    assert r.status == 422
    assert "sid" not in c.cookies
    assert sessions_of(db, email.lower()) == sessions, "no session is made"
    assert attempts_for(db, email) == attempts + 1, "the failure is counted, under the normalised address"
    f = find_form(r.text, "/logga-in")
    assert field_value(f, "email") == email
    assert field_value(f, "password") == "", "the password is never shown back"
    assert 'href="#email"' in r.text, "the error summary links to the field"


def test_login_error_marks_field_invalid(server):
    c = server.client()
    c.get("/logga-in")
    r = c.post("/logga-in", {"email": "", "password": ""})
    assert r.status == 422
    tag = re.search(r'<input[^>]*id="email"[^>]*>', r.text).group(0)
    assert 'aria-describedby="email-error"' in tag
    assert 'aria-invalid="true"' in tag, tag


def test_missing_fields_422_field_by_field(server):
    c = server.client()
    c.get("/logga-in")
    r = c.post("/logga-in", {"email": "", "password": ""})
    assert r.status == 422
    assert 'href="#email"' in r.text and 'href="#password"' in r.text
    assert 'id="email-error"' in r.text and 'id="password-error"' in r.text


def test_email_with_markup_is_escaped_on_error(server):
    c = server.client()
    c.get("/logga-in")
    payload = '"><script>alert(1)</script>'
    r = c.post("/logga-in", {"email": payload, "password": "x"})
    assert r.status == 422
    assert "<script>alert(1)" not in r.text
    assert field_value(find_form(r.text, "/logga-in"), "email") == payload


def test_logout_ends_session(server, db):
    c = server.client()
    assert c.login(REPRESENTATIVE).status == 303
    assert c.get("/konto").status == 200
    sid = c.cookies["sid"]
    assert session_row(db, sid) is not None
    token = c.csrf("/konto")
    r = c.post("/logga-ut", {"_csrf": token})
    assert r.status == 303
    cleared = [sc for sc in r.header_all("set-cookie") if sc.startswith("sid=")]
    assert cleared, "logout clears the cookie"
    _, attrs = cookie_attrs(cleared[0])
    assert attrs.get("max-age") == "0" or cleared[0].startswith("sid=;")
    assert "sid" not in c.cookies
    assert session_row(db, sid) is None, "the session row is deleted"
    assert c.get("/konto").status == 303
    # The old cookie, replayed, no longer works: the session is gone on the server too.
    replay = server.client()
    replay.cookies["sid"] = sid
    r = replay.get("/konto")
    assert r.status == 303 and r.header("location").startswith("/logga-in")


def test_logout_needs_csrf(server, db):
    c = server.client()
    assert c.login(REPRESENTATIVE).status == 303
    r = c.post("/logga-ut", {}, csrf=False)
    assert r.status == 403
    assert session_row(db, c.cookies["sid"]) is not None, "the session row stays"
    assert c.get("/konto").status == 200, "still signed in"


def test_forged_cookie_is_anonymous(server, db):
    c = server.client()
    c.cookies["sid"] = "A" * 43
    r = c.get("/konto")
    assert r.status == 303
    assert session_row(db, "A" * 43) is None


def test_login_rate_limited_per_email(server, db):
    c = server.client()
    c.get("/logga-in")
    sessions = sessions_of(db, THROTTLE_USER.lower())
    statuses = []
    for i in range(5):
        r = c.post("/logga-in", {"email": THROTTLE_USER, "password": f"fel-{i}"})
        statuses.append(r.status)
    assert statuses == [422] * 5
    r = c.post("/logga-in", {"email": THROTTLE_USER, "password": EXTRA_PASSWORD})
    assert r.status == 429, "the right password is refused once the address is throttled"
    assert "sid" not in c.cookies
    assert sessions_of(db, THROTTLE_USER.lower()) == sessions, "no session is made past the limit"
    assert attempts_for(db, THROTTLE_USER) >= 5
    assert r.header("retry-after")
    assert 'lang="sv"' in r.text and 'href="#email"' in r.text
    # The same address with other capitals is the same address.
    c2 = server.client()
    c2.get("/logga-in")
    r = c2.post("/logga-in", {"email": THROTTLE_USER.upper(), "password": EXTRA_PASSWORD})
    assert r.status == 429
    # Other accounts are not affected.
    c3 = server.client()
    assert c3.login(OFFICIAL).status == 303


def test_login_form_has_csrf_and_sets_cookie(server):
    c = server.client()
    r = c.get("/logga-in")
    assert csrf_from(r.text)
    sc = [s for s in r.header_all("set-cookie") if s.startswith("csrf=")]
    assert sc, "an anonymous visitor gets a CSRF cookie with the form"
    _, attrs = cookie_attrs(sc[0])
    assert "httponly" in attrs and attrs.get("samesite", "").lower() == "lax"
