"""Sign-up, e-mail verification, forgotten password and change of e-mail address and password:
one-time links that are single-use, short-lived, stored only as hashes and refused when misused,
and answers that never tell whether an address has an account."""

import datetime
import re
import threading
import urllib.parse

from account_fixtures import (NEW_PASSWORD, PASSWORD, account_row, can_log_in, follow, fresh_email, last_token,
                              link_in, links, messages, server_at, sha256_hex, signed_in, signup, tamper,
                              verified_person)
from conftest import OFFICIAL, DEMO_PASSWORD, field_value, find_form, page_text
from smtp_sink import mail_server, smtp_sink  # noqa: F401 (fixtures)

assert server_at  # a fixture, used by name below

VERIFY, RESET, EMAIL = "/konto/verifiera", "/konto/aterstall", "/konto/bekrafta-e-post"


def label_text(html, field):
    m = re.search(r'<label for="%s">([^<]*)</label>' % re.escape(field), html)
    assert m, f"no <label for={field}>"
    return m.group(1)


def input_tag(html, field):
    m = re.search(r'<input[^>]*\bid="%s"[^>]*>' % re.escape(field), html)
    assert m, f"no input #{field}"
    return m.group(0)


# --------------------------------------------------------------------------------------------
# Sign-up


def test_signup_form_has_visible_swedish_labels_and_consent_line(anon):
    r = anon.get("/konto/ny", headers={"Accept-Language": "sv"})
    assert r.status == 200
    assert (label_text(r.text, "name"), label_text(r.text, "email"), label_text(r.text, "password")) == \
        ("Namn", "E-post", "Lösenord")
    assert 'type="password"' in input_tag(r.text, "password")
    assert 'autocomplete="new-password"' in input_tag(r.text, "password")
    assert 'class="consent"' in r.text
    f = find_form(r.text, "/konto/ny")
    assert f["method"] == "post" and field_value(f, "_csrf")


def test_login_page_links_to_signup_and_forgotten_password(anon):
    r = anon.get("/logga-in")
    assert 'href="/konto/ny"' in r.text and 'href="/konto/glomt-losenord"' in r.text


def test_signup_queues_verification_and_login_waits_for_it(server, db):
    email = fresh_email("signup")
    c = server.client()
    r = signup(c, "  " + email.upper() + " ", name="Anna Andersson")
    assert r.status == 303 and r.header("location") == "/konto/klart?vad=registrerad"
    assert "sid" not in c.cookies, "signing up does not sign in before the address is confirmed"
    r = c.get(r.header("location"))
    assert r.status == 200 and "48" in page_text(r.text)

    acc_id, name, role, lang, verified = account_row(db, email)
    assert (name, role, verified) == ("Anna Andersson", "person", None)
    msgs = messages(db, email)
    assert len(msgs) == 1
    m = msgs[0]
    assert m["kind"] == "transactional" and m["account_id"] == acc_id and m["lang"] == lang
    assert "Anna Andersson" in m["text"]
    base, path, token = links(m["text"])[0]
    assert path == VERIFY and base.startswith("http")
    # Only the hash is stored; the token itself is nowhere in the database's token table.
    rows = db.execute("SELECT token_hash, purpose, expires_at, created_at, used_at FROM account_token "
                      "WHERE account_id = ?", (acc_id,)).fetchall()
    assert len(rows) == 1 and rows[0][0] == sha256_hex(token) and rows[0][1] == "verify"
    assert token not in repr(rows)
    created = datetime.datetime.strptime(rows[0][3][:19], "%Y-%m-%dT%H:%M:%S")
    expires = datetime.datetime.strptime(rows[0][2][:19], "%Y-%m-%dT%H:%M:%S")
    assert expires - created == datetime.timedelta(hours=48)

    # Right password, unconfirmed address: refused, with the way to get a new link.
    r = c.login(email, PASSWORD)
    assert r.status == 403 and "sid" not in c.cookies
    assert "/konto/verifiera/skicka" in r.text
    # Wrong password on the same account: the ordinary answer, nothing about confirmation.
    c2 = server.client()
    r = c2.login(email, "fel-lösenord-123")
    assert r.status == 422 and "/konto/verifiera/skicka" not in r.text

    # The link opens a page with a button; opening it changes nothing (mail scanners open links).
    r = c.get(f"{VERIFY}?token={token}")
    assert r.status == 200
    f = find_form(r.text, VERIFY)
    assert f["method"] == "post" and field_value(f, "token") == token
    assert account_row(db, email)[4] is None
    r = c.post(VERIFY, {"token": token})
    assert r.status == 200
    assert account_row(db, email)[4] is not None
    assert can_log_in(server, email, PASSWORD)


def test_signup_and_reset_messages_arrive_at_the_smtp_sink(mail_server, smtp_sink):
    """The messages leave through the outbox and a real SMTP server, with links that start with
    the configured base_url and work."""
    node = mail_server(extra=("--base-url", "https://samverkan.testkommun.se/"))
    email = fresh_email("sink")
    assert signup(node.client(), email, name="Åsa Öberg").status == 303
    (got,) = smtp_sink.wait_to(email)
    assert got.rcpt_tos == [email]
    assert got["To"].addresses[0].display_name == "Åsa Öberg"
    assert "Auto-Submitted" in got.message and "List-Unsubscribe" not in got.message
    text = got.part("text/plain")
    assert "Åsa Öberg" in text
    ((base, path, token),) = links(text)
    assert (base, path) == ("https://samverkan.testkommun.se", VERIFY)
    assert f"{VERIFY}?token={token}" in got.part("text/html")
    assert not can_log_in(node, email, PASSWORD)
    assert follow(node.client(), VERIFY, token).status == 200
    assert can_log_in(node, email, PASSWORD)

    c = node.client()
    c.get("/konto/glomt-losenord")
    assert c.post("/konto/glomt-losenord", {"email": email}).status == 303
    got = smtp_sink.wait_to(email, count=2)[-1]
    ((base, path, token),) = links(got.part("text/plain"))
    assert (base, path) == ("https://samverkan.testkommun.se", RESET)
    assert follow(node.client(), RESET, token, new_password=NEW_PASSWORD, new_password2=NEW_PASSWORD).status == 200
    assert can_log_in(node, email, NEW_PASSWORD)
    # Nobody else got anything.
    assert {a for m in smtp_sink.messages for a in m.rcpt_tos} == {email}


def test_signup_in_english_gets_english_message(server, db):
    email = fresh_email("english")
    c = server.client()
    c.cookies["lang"] = "en"
    assert signup(c, email).status == 303
    assert account_row(db, email)[3] == "en"
    m = messages(db, email)[0]
    assert m["lang"] == "en"
    assert m["subject"] == "Confirm your e-mail address"
    assert m["text"].startswith("Hello Anna Andersson,")


def test_signup_with_taken_address_looks_the_same_and_warns_the_owner(server, db):
    email = verified_person(server, db, name="Olle Ägare")
    before = messages(db, email)
    fresh = fresh_email("fresh")

    c1, c2 = server.client(), server.client()
    r_taken = signup(c1, email, name="Inkräktare", password="inkräktarens-lösen")
    r_fresh = signup(c2, fresh, name="Inkräktare", password="inkräktarens-lösen")
    assert (r_taken.status, r_taken.header("location")) == (r_fresh.status, r_fresh.header("location")) == \
        (303, "/konto/klart?vad=registrerad")
    assert page_text(c1.get(r_taken.header("location")).text) == page_text(c2.get(r_fresh.header("location")).text)

    # Nothing about the account changed; its owner got a warning with a reset link, no verify link.
    assert account_row(db, email)[1] == "Olle Ägare"
    assert db.execute("SELECT COUNT(*) FROM account WHERE email = ?", (email,)).fetchone()[0] == 1
    assert can_log_in(server, email, PASSWORD)
    assert not can_log_in(server, email, "inkräktarens-lösen")
    new = messages(db, email)[len(before):]
    assert len(new) == 1
    assert "Olle Ägare" in new[0]["text"]
    assert [p for _, p, _ in links(new[0]["text"])] == [RESET]
    # The owner may use that link.
    r = follow(server.client(), RESET, link_in(new[0], RESET), new_password=NEW_PASSWORD, new_password2=NEW_PASSWORD)
    assert r.status == 200 and can_log_in(server, email, NEW_PASSWORD)


def test_signup_bad_input_field_by_field_with_input_kept(anon, db):
    r = anon.get("/konto/ny")
    r = anon.post("/konto/ny", {"name": "", "email": "", "password": ""})
    assert r.status == 422
    for field in ("name", "email", "password"):
        assert f'href="#{field}"' in r.text, f"no error for {field}"
        assert 'aria-invalid="true"' in input_tag(r.text, field)

    cases = [
        ({"name": "Bo Bokstav", "email": "inte-en-adress", "password": PASSWORD}, "email"),
        ({"name": "Bo Bokstav", "email": "bo@exempel", "password": PASSWORD}, "email"),
        ({"name": "Bo Bokstav", "email": fresh_email(), "password": "kort"}, "password"),
        ({"name": "Bo Bokstav", "email": fresh_email(), "password": "          "}, "password"),
        ({"name": "   ", "email": fresh_email(), "password": PASSWORD}, "name"),
        ({"name": "Bo\nBokstav", "email": fresh_email(), "password": PASSWORD}, "name"),
    ]
    for data, bad in cases:
        r = anon.post("/konto/ny", data)
        assert r.status == 422, (data, r.status)
        errors = re.findall(r'<li><a href="#([a-z_]+)">', r.text)
        assert errors == [bad], (data, errors)
        f = find_form(r.text, "/konto/ny")
        if bad != "email":
            assert field_value(f, "email") == data["email"], "the address typed is kept"
        if bad != "name":
            assert field_value(f, "name") == data["name"]
        assert field_value(f, "password") == "", "a password is never shown back"
        assert account_row(db, data["email"].strip().lower()) is None
    # Eight letters, some outside ASCII, are enough (characters, not bytes).
    email = fresh_email()
    assert anon.post("/konto/ny", {"name": "Åsa Öst", "email": email, "password": "åäöåäöåä"}).status == 303
    assert account_row(db, email) is not None


# --------------------------------------------------------------------------------------------
# Verification and resending


def test_verify_token_for_one_person_does_not_verify_another(server, db):
    a, b = fresh_email("a"), fresh_email("b")
    assert signup(server.client(), a).status == 303
    assert signup(server.client(), b).status == 303
    token_a = last_token(db, a, VERIFY)
    # Followed in the browser of a signed-in third person: still only A's address is confirmed.
    c = signed_in(server, verified_person(server, db))
    r = follow(c, VERIFY, token_a)
    assert r.status == 200
    assert account_row(db, a)[4] is not None
    assert account_row(db, b)[4] is None
    assert not can_log_in(server, b, PASSWORD)


def test_resend_verification_same_answer_for_every_address(server, db):
    waiting = fresh_email("waiting")
    assert signup(server.client(), waiting).status == 303
    confirmed = verified_person(server, db)
    unknown = fresh_email("unknown")
    counts = {e: len(messages(db, e)) for e in (waiting, confirmed, unknown)}
    answers = []
    for e in (waiting, confirmed, unknown):
        c = server.client()
        c.csrf("/logga-in")
        r = c.post("/konto/verifiera/skicka", {"email": e})
        answers.append((r.status, r.header("location")))
    assert answers == [(303, "/konto/klart?vad=verifiering")] * 3
    assert len(messages(db, waiting)) == counts[waiting] + 1
    assert len(messages(db, confirmed)) == counts[confirmed]
    assert len(messages(db, unknown)) == 0
    # Both links work until one is used; the newest is fine.
    r = follow(server.client(), VERIFY, last_token(db, waiting, VERIFY))
    assert r.status == 200 and account_row(db, waiting)[4] is not None


# --------------------------------------------------------------------------------------------
# Forgotten password


def test_forgotten_password_same_answer_whether_or_not_there_is_an_account(server, db):
    known = verified_person(server, db)
    unknown = fresh_email("nobody")
    before = len(messages(db, known))
    pages = []
    for e in (known, unknown):
        c = server.client()
        r = c.get("/konto/glomt-losenord")
        assert r.status == 200 and label_text(r.text, "email")
        r = c.post("/konto/glomt-losenord", {"email": e})
        assert r.status == 303
        pages.append((r.header("location"), page_text(c.get(r.header("location")).text)))
    assert pages[0] == pages[1]
    assert len(messages(db, known)) == before + 1
    assert messages(db, unknown) == []
    m = messages(db, known)[-1]
    assert m["kind"] == "transactional" and [p for _, p, _ in links(m["text"])] == [RESET]
    token = link_in(m, RESET)
    row = db.execute("SELECT purpose, created_at, expires_at FROM account_token WHERE token_hash = ?",
                     (sha256_hex(token),)).fetchone()
    assert row[0] == "reset"
    created = datetime.datetime.strptime(row[1][:19], "%Y-%m-%dT%H:%M:%S")
    expires = datetime.datetime.strptime(row[2][:19], "%Y-%m-%dT%H:%M:%S")
    assert expires - created == datetime.timedelta(hours=1)


def test_forgotten_password_bad_address_is_a_field_error(anon):
    anon.get("/konto/glomt-losenord")
    r = anon.post("/konto/glomt-losenord", {"email": "inte en adress"})
    assert r.status == 422
    assert 'aria-invalid="true"' in input_tag(r.text, "email")
    assert field_value(find_form(r.text, "/konto/glomt-losenord"), "email") == "inte en adress"


def test_reset_sets_new_password_and_ends_sessions(server, db):
    email = verified_person(server, db)
    old_session = signed_in(server, email)
    c = server.client()
    c.get("/konto/glomt-losenord")
    c.post("/konto/glomt-losenord", {"email": email})
    token = last_token(db, email, RESET)

    r = c.get(f"{RESET}?token={token}")
    assert r.status == 200
    assert label_text(r.text, "new_password") and label_text(r.text, "new_password2")
    # Two different passwords: a field error, the link still usable.
    r = c.post(RESET, {"token": token, "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert r.status == 422 and 'href="#new_password2"' in r.text
    assert field_value(find_form(r.text, RESET), "token") == token
    r = c.post(RESET, {"token": token, "new_password": "kort", "new_password2": "kort"})
    assert r.status == 422 and 'href="#new_password"' in r.text
    assert can_log_in(server, email, PASSWORD)

    r = c.post(RESET, {"token": token, "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert r.status == 200
    assert not can_log_in(server, email, PASSWORD)
    assert can_log_in(server, email, NEW_PASSWORD)
    # Whoever was signed in as this account is signed out.
    r = old_session.get("/konto")
    assert r.status == 303 and r.header("location").startswith("/logga-in")


def test_reset_confirms_an_unconfirmed_address(server, db):
    email = fresh_email("unconfirmed-reset")
    assert signup(server.client(), email).status == 303
    c = server.client()
    c.get("/konto/glomt-losenord")
    c.post("/konto/glomt-losenord", {"email": email})
    r = follow(c, RESET, last_token(db, email, RESET), new_password=NEW_PASSWORD, new_password2=NEW_PASSWORD)
    assert r.status == 200
    assert account_row(db, email)[4] is not None, "the link proved the address"
    assert can_log_in(server, email, NEW_PASSWORD)


# --------------------------------------------------------------------------------------------
# Misuse of tokens


def request_reset(server, email):
    c = server.client()
    c.get("/konto/glomt-losenord")
    assert c.post("/konto/glomt-losenord", {"email": email}).status == 303


def test_reused_token_is_refused(server, db):
    email = verified_person(server, db)
    request_reset(server, email)
    token = last_token(db, email, RESET)
    c = server.client()
    assert follow(c, RESET, token, new_password=NEW_PASSWORD, new_password2=NEW_PASSWORD).status == 200
    r = c.get(f"{RESET}?token={token}")
    assert r.status == 410
    r = c.post(RESET, {"token": token, "new_password": "tredje-lösenordet", "new_password2": "tredje-lösenordet"})
    assert r.status == 410
    assert can_log_in(server, email, NEW_PASSWORD) and not can_log_in(server, email, "tredje-lösenordet")
    # A used verification link too.
    a = fresh_email("twice")
    signup(server.client(), a)
    vt = last_token(db, a, VERIFY)
    assert follow(server.client(), VERIFY, vt).status == 200
    assert follow(server.client(), VERIFY, vt).status == 410


def test_tampered_token_is_refused(server, db):
    a = fresh_email("tamper")
    signup(server.client(), a)
    vt = last_token(db, a, VERIFY)
    c = server.client()
    for bad in (tamper(vt), vt[:-1], vt + "A", "", "../../etc/passwd", "'; DROP TABLE account; --"):
        r = c.get(f"{VERIFY}?token={urllib.parse.quote(bad)}")
        assert r.status == 404, (bad, r.status)
        c.csrf("/konto/ny")
        assert c.post(VERIFY, {"token": bad}).status == 404
    assert account_row(db, a)[4] is None
    assert follow(c, VERIFY, vt).status == 200, "the real token still works"

    email = verified_person(server, db)
    request_reset(server, email)
    rt = last_token(db, email, RESET)
    r = c.post(RESET, {"token": tamper(rt), "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert r.status == 404
    assert can_log_in(server, email, PASSWORD)


def test_token_for_another_purpose_is_refused(server, db):
    email = fresh_email("purpose")
    signup(server.client(), email)
    request_reset(server, email)
    rt, vt = last_token(db, email, RESET), last_token(db, email, VERIFY)
    c = server.client()
    # A reset token on the verification page neither verifies nor is used up.
    assert c.get(f"{VERIFY}?token={rt}").status == 404
    c.csrf("/konto/ny")
    assert c.post(VERIFY, {"token": rt}).status == 404
    assert account_row(db, email)[4] is None
    # A verification token on the reset page changes no password.
    assert c.get(f"{RESET}?token={vt}").status == 404
    assert c.post(RESET, {"token": vt, "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status == 404
    assert c.post(EMAIL, {"token": vt}).status == 404
    assert not can_log_in(server, email, NEW_PASSWORD)
    # Both still work where they belong.
    assert follow(c, VERIFY, vt).status == 200
    assert follow(c, RESET, rt, new_password=NEW_PASSWORD, new_password2=NEW_PASSWORD).status == 200


def test_reset_token_of_someone_else_does_not_touch_the_signed_in_person(server, db):
    a = verified_person(server, db, name="Anna A")
    b = verified_person(server, db, name="Bertil B")
    request_reset(server, a)
    token_a = last_token(db, a, RESET)
    cb = signed_in(server, b)
    r = follow(cb, RESET, token_a, new_password=NEW_PASSWORD, new_password2=NEW_PASSWORD)
    assert r.status == 200
    assert can_log_in(server, b, PASSWORD), "B's password is unchanged"
    assert not can_log_in(server, b, NEW_PASSWORD)
    assert cb.get("/konto").status == 200, "B stays signed in"
    assert can_log_in(server, a, NEW_PASSWORD), "the link was A's, so A's password changed"


def test_expired_tokens_are_refused(server, db, server_at):
    email = verified_person(server, db)
    # A reset link made 61 minutes ago (by a server whose clock says so) is too old …
    past = server_at(-datetime.timedelta(minutes=61))
    request_reset(past, email)
    old = last_token(db, email, RESET)
    c = server.client()
    c.csrf("/konto/glomt-losenord")
    assert c.get(f"{RESET}?token={old}").status == 410
    assert c.post(RESET, {"token": old, "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD}).status == 410
    assert can_log_in(server, email, PASSWORD)
    # … one made 59 minutes ago is not.
    recent = server_at(-datetime.timedelta(minutes=59))
    request_reset(recent, email)
    assert follow(c, RESET, last_token(db, email, RESET), new_password=NEW_PASSWORD,
                  new_password2=NEW_PASSWORD).status == 200

    # A verification link lives 48 hours.
    late = fresh_email("late")
    signup(server_at(-datetime.timedelta(hours=48, minutes=1)).client(), late)
    token = last_token(db, late, VERIFY)
    assert c.get(f"{VERIFY}?token={token}").status == 410
    c.csrf("/konto/ny")
    assert c.post(VERIFY, {"token": token}).status == 410
    assert account_row(db, late)[4] is None

    # A link to confirm a new address lives 24 hours; a server with a later clock refuses it.
    who = verified_person(server, db)
    cw = signed_in(server, who)
    new = fresh_email("new-late")
    assert cw.post("/konto/e-post", {"new_email": new, "email_password": PASSWORD}).status == 303
    token = last_token(db, new, EMAIL)
    future = server_at(datetime.timedelta(hours=24, minutes=1))
    assert follow(future.client(), EMAIL, token).status == 410
    assert account_row(db, who) is not None and account_row(db, new) is None


def test_racing_uses_of_one_token_succeed_once(server, db):
    email = verified_person(server, db)
    request_reset(server, email)
    token = last_token(db, email, RESET)
    clients = [server.client() for _ in range(4)]
    for c in clients:
        c.csrf("/konto/glomt-losenord")
    results = [None] * len(clients)

    def use(i):
        pw = f"lösenord-nummer-{i}"
        results[i] = clients[i].post(RESET, {"token": token, "new_password": pw, "new_password2": pw}).status

    threads = [threading.Thread(target=use, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [200, 410, 410, 410], results
    winner = results.index(200)
    assert can_log_in(server, email, f"lösenord-nummer-{winner}")


# --------------------------------------------------------------------------------------------
# Rate limits


def test_forgotten_password_is_limited_per_address_without_revealing_accounts(server, db):
    known = verified_person(server, db)
    unknown = fresh_email("limit")
    before = len(messages(db, known))
    for e in (known, unknown):
        c = server.client()
        c.get("/konto/glomt-losenord")
        statuses = [c.post("/konto/glomt-losenord", {"email": e}).status for _ in range(4)]
        assert statuses == [303, 303, 303, 429], (e, statuses)
    assert len(messages(db, known)) == before + 3
    # Another address from the same client is not affected.
    c = server.client()
    c.get("/konto/glomt-losenord")
    assert c.post("/konto/glomt-losenord", {"email": fresh_email("other")}).status == 303


def test_forgotten_password_is_limited_per_client(server_factory):
    s = server_factory()
    c = s.client()
    c.get("/konto/glomt-losenord")
    statuses = [c.post("/konto/glomt-losenord", {"email": fresh_email("client")}).status for _ in range(101)]
    assert statuses[:100] == [303] * 100 and statuses[100] == 429, statuses


def test_signup_is_limited_per_address(server, db):
    email = fresh_email("bomb")
    statuses = [signup(server.client(), email).status for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert len(messages(db, email)) == 3


# --------------------------------------------------------------------------------------------
# My account: e-mail address and password


def test_account_page_has_email_and_password_forms(server, db):
    c = signed_in(server, verified_person(server, db))
    r = c.get("/konto")
    assert r.status == 200
    fe, fp = find_form(r.text, "/konto/e-post"), find_form(r.text, "/konto/losenord")
    assert {n for n, _ in fe["fields"]} == {"_csrf", "new_email", "email_password"}
    assert {n for n, _ in fp["fields"]} == {"_csrf", "current_password", "new_password", "new_password2"}
    for field in ("new_email", "email_password", "current_password", "new_password", "new_password2"):
        assert label_text(r.text, field)


def test_email_change_is_used_only_after_the_link_and_the_old_address_is_told(server, db):
    old = verified_person(server, db, name="Byte Bytare")
    new = fresh_email("new")
    c = signed_in(server, old)
    # Wrong password: a field error, the address typed kept.
    r = c.post("/konto/e-post", {"new_email": new, "email_password": "fel-lösenord-1"})
    assert r.status == 422 and 'href="#email_password"' in r.text
    assert field_value(find_form(r.text, "/konto/e-post"), "new_email") == new
    r = c.post("/konto/e-post", {"new_email": "inte-en-adress", "email_password": PASSWORD})
    assert r.status == 422 and 'href="#new_email"' in r.text
    r = c.post("/konto/e-post", {"new_email": old.upper(), "email_password": PASSWORD})
    assert r.status == 422 and 'href="#new_email"' in r.text
    assert messages(db, new) == []

    r = c.post("/konto/e-post", {"new_email": new, "email_password": PASSWORD})
    assert r.status == 303 and r.header("location") == "/konto/klart?vad=e-post"
    assert account_row(db, old) is not None and account_row(db, new) is None, "not used before the link"
    m = messages(db, new)[-1]
    assert m["kind"] == "transactional" and "Byte Bytare" in m["text"]
    token = link_in(m, EMAIL)
    r = c.get(f"{EMAIL}?token={token}")
    assert r.status == 200 and new in page_text(r.text)
    assert account_row(db, new) is None, "opening the link changes nothing"
    before_old = len(messages(db, old))
    r = c.post(EMAIL, {"token": token})
    assert r.status == 200
    assert account_row(db, old) is None and account_row(db, new) is not None
    notice = messages(db, old)[before_old:]
    assert len(notice) == 1 and new in notice[0]["text"] and links(notice[0]["text"]) == []
    assert can_log_in(server, new, PASSWORD) and not can_log_in(server, old, PASSWORD)
    assert c.post(EMAIL, {"token": token}).status == 410


def test_email_change_to_a_taken_address_looks_the_same(server, db):
    mine = verified_person(server, db)
    theirs = verified_person(server, db, name="Tagen Adress")
    free = fresh_email("free")
    c = signed_in(server, mine)
    before = len(messages(db, theirs))
    r1 = c.post("/konto/e-post", {"new_email": theirs, "email_password": PASSWORD})
    r2 = c.post("/konto/e-post", {"new_email": free, "email_password": PASSWORD})
    assert (r1.status, r1.header("location")) == (r2.status, r2.header("location"))
    told = messages(db, theirs)[before:]
    assert len(told) == 1 and links(told[0]["text"]) == [] and "Tagen Adress" in told[0]["text"]
    assert account_row(db, mine) is not None


def test_email_change_refused_when_the_address_was_taken_meanwhile(server, db):
    mine = verified_person(server, db)
    target = fresh_email("contested")
    c = signed_in(server, mine)
    assert c.post("/konto/e-post", {"new_email": target, "email_password": PASSWORD}).status == 303
    token = last_token(db, target, EMAIL)
    assert signup(server.client(), target).status == 303  # someone else takes it
    assert follow(c, EMAIL, token).status == 409
    assert account_row(db, mine) is not None


def test_only_the_latest_requested_address_can_be_confirmed(server, db):
    mine = verified_person(server, db)
    first, second = fresh_email("first"), fresh_email("second")
    c = signed_in(server, mine)
    c.post("/konto/e-post", {"new_email": first, "email_password": PASSWORD})
    c.post("/konto/e-post", {"new_email": second, "email_password": PASSWORD})
    assert follow(c, EMAIL, last_token(db, first, EMAIL)).status == 410
    assert account_row(db, first) is None
    assert follow(c, EMAIL, last_token(db, second, EMAIL)).status == 200
    assert account_row(db, second) is not None


def test_email_token_of_someone_else_changes_their_account_only(server, db):
    a = verified_person(server, db)
    b = verified_person(server, db)
    new = fresh_email("a-new")
    signed_in(server, a).post("/konto/e-post", {"new_email": new, "email_password": PASSWORD})
    cb = signed_in(server, b)
    assert follow(cb, EMAIL, last_token(db, new, EMAIL)).status == 200
    assert account_row(db, b) is not None, "B keeps B's address"
    assert account_row(db, a) is None and account_row(db, new) is not None


def test_password_change_needs_current_password_and_ends_other_sessions(server, db):
    email = verified_person(server, db)
    other = signed_in(server, email)
    c = signed_in(server, email)
    before = len(messages(db, email))
    r = c.post("/konto/losenord", {"current_password": "fel-lösenord-1", "new_password": NEW_PASSWORD,
                                   "new_password2": NEW_PASSWORD})
    assert r.status == 422 and 'href="#current_password"' in r.text
    r = c.post("/konto/losenord", {"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                   "new_password2": "något-annat-1"})
    assert r.status == 422 and 'href="#new_password2"' in r.text
    r = c.post("/konto/losenord", {"current_password": PASSWORD, "new_password": "kort", "new_password2": "kort"})
    assert r.status == 422 and 'href="#new_password"' in r.text
    assert can_log_in(server, email, PASSWORD)

    r = c.post("/konto/losenord", {"current_password": PASSWORD, "new_password": NEW_PASSWORD,
                                   "new_password2": NEW_PASSWORD})
    assert r.status == 303 and r.header("location") == "/konto/klart?vad=losenord"
    assert c.get("/konto").status == 200, "this session goes on"
    assert other.get("/konto").status == 303, "other sessions end"
    assert can_log_in(server, email, NEW_PASSWORD) and not can_log_in(server, email, PASSWORD)
    notice = messages(db, email)[before:]
    assert len(notice) == 1 and [p for _, p, _ in links(notice[0]["text"])] == []


def test_password_change_refused_for_the_public(server):
    anon = server.client()
    anon.get("/konto/ny")
    r = anon.post("/konto/losenord", {"current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD,
                                      "new_password2": NEW_PASSWORD})
    assert r.status == 303 and r.header("location").startswith("/logga-in")
    r = anon.post("/konto/e-post", {"new_email": fresh_email(), "email_password": DEMO_PASSWORD})
    assert r.status == 303 and r.header("location").startswith("/logga-in")
    assert can_log_in(server, OFFICIAL, DEMO_PASSWORD)
