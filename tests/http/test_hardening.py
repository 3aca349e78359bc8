"""What a security review of the running program found (issue 9), one regression test per fault:
open redirects through control bytes, one login throttle for everybody behind a proxy, a named
account that anyone could lock, one-time tokens in the access log, a hidden organisation named
beside its submissions, request smuggling through ambiguous framing, a CSRF cookie any value could
be planted in, the h2o version in `Server`, and password hashes never made again.

Each test was run against the program as it was before the fixes and failed there."""

import re
import socket
import time
import urllib.parse

import pytest

from admin_fixtures import site  # noqa: F401 — a fixture
from conftest import ADMIN, DEMO_PASSWORD, REPRESENTATIVE, Client, csrf_from, page_text, query, run_cli

EVIL = ["/%09/evil.example/", "/%0a/evil.example/", "/%0d/evil.example/", "/%7f/evil.example/",
        "/%5c/evil.example/", "/a%5c..%5c/evil.example", "//evil.example/", "/%5cevil.example",
        "https://evil.example/", "/ok%09"]


# ---- 1. Redirects only to this site ----------------------------------------------------------------


@pytest.mark.parametrize("target", EVIL)
def test_language_switch_never_redirects_off_site(anon, target):
    r = anon.get(f"/sprak?lang=sv&next={target}")
    assert r.status == 303
    assert r.header("location") == "/", f"{target!r} -> {r.header('location')!r}"


def test_language_switch_keeps_a_local_target(anon):
    r = anon.get("/sprak?lang=en&next=/organisationer%3Fq%3Didrott")
    assert (r.status, r.header("location")) == (303, "/organisationer?q=idrott")


@pytest.mark.parametrize("target", ["/%09/evil.example/", "/%5c/evil.example/"])
def test_sign_in_with_a_hostile_next_goes_home(site, target):
    c = site.server.client()
    form = c.get(f"/logga-in?next={target}")
    # The form does not even carry the target on: it leads to one's own page (issue 12).
    assert 'name="next" value="/min-sida"' in form.text
    token = csrf_from(form.text)
    r = c.post("/logga-in", {"email": ADMIN, "password": DEMO_PASSWORD, "_csrf": token,
                             "next": urllib.parse.unquote(target)})
    assert (r.status, r.header("location")) == (303, "/min-sida")


# ---- 2 and 3. Throttles per client behind a trusted proxy; nobody can lock out the owner -----------


def login_as(server, email, password, client_ip, proxy_chain=None):
    """Signs in as a browser at client_ip would behind a proxy: X-Forwarded-For as nginx sends it."""
    c = server.client()
    xff = proxy_chain if proxy_chain is not None else client_ip
    h = {"X-Forwarded-For": xff}
    token = csrf_from(c.get("/logga-in", headers=h).text)
    return c.post("/logga-in", {"email": email, "password": password, "_csrf": token}, headers=h)


@pytest.fixture(scope="module")
def proxied(site, server_factory):
    """A second server on the same database that trusts 127.0.0.1 as its proxy."""
    return server_factory(db=site.db, extra=("--trusted-proxies", "127.0.0.0/8, ::1"))


def test_behind_a_proxy_each_client_has_its_own_throttle(proxied):
    for i in range(31):
        r = login_as(proxied, "nobody-%d@exempel.se" % i, "fel-losenord", "203.0.113.5")
        assert r.status == 422 if i < 30 else r.status == 429, (i, r.status)
    # The same proxy, another client: the administrator signs in.
    r = login_as(proxied, ADMIN, DEMO_PASSWORD, "198.51.100.7")
    assert r.status == 303, page_text(r.text)[:300]
    assert "sid" in r.header("set-cookie", "")


def test_the_right_most_untrusted_address_is_the_client(proxied):
    # The client claims to be 192.0.2.1; the proxy appended the address it really came from.
    c = proxied.client()
    c.get("/tillganglighet?who=1", headers={"X-Forwarded-For": "192.0.2.1, 198.51.100.44"})
    c.get("/tillganglighet?who=2", headers={"X-Forwarded-For": "198.51.100.45, 127.0.0.1"})
    time.sleep(0.2)
    log = open(proxied.access_log, encoding="utf-8").read()
    assert re.search(r" 198\.51\.100\.44 GET /tillganglighet\?who=1 ", log), log[-800:]
    assert re.search(r" 198\.51\.100\.45 GET /tillganglighet\?who=2 ", log), log[-800:]


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(site):
    """The module's own server trusts no proxy: a client cannot choose its address, so it cannot
    escape its throttle by inventing a new one each time."""
    for i in range(30):
        r = login_as(site.server, "nobody-%d@exempel.se" % i, "fel-losenord", "203.0.113.%d" % (i + 1))
        assert r.status in (422, 429)
    r = login_as(site.server, "nobody@exempel.se", "fel-losenord", "203.0.113.200")
    assert r.status == 429
    c = site.server.client()
    c.get("/tillganglighet?spoofed=1", headers={"X-Forwarded-For": "192.0.2.99"})
    time.sleep(0.2)
    log = open(site.server.access_log, encoding="utf-8").read()
    assert re.search(r" 127\.0\.0\.1 GET /tillganglighet\?spoofed=1 ", log)
    # Let the rest of the module sign in again: clear this client's failures.
    with site.writable() as w:
        w.execute("DELETE FROM login_attempt")


def test_nobody_can_lock_the_owner_out(site, proxied):
    email, _ = site.person("representative", tag="lasning")
    for i in range(6):
        r = login_as(proxied, email, "gissat-%d" % i, "203.0.113.66")
    assert r.status == 429, "the guesser is slowed down"
    r = login_as(proxied, email, "foretradare-test-42", "203.0.113.66")
    assert r.status == 429, "even with the right password, from the guesser's address"
    r = login_as(proxied, email, "foretradare-test-42", "198.51.100.20")
    assert r.status == 303, "the owner from their own address is not locked out"


def test_trusted_proxies_setting_is_checked():
    r = run_cli("serve", "--db", "/nonexistent/x.db", "--trusted-proxies", "10.0.0.0/33", check=False)
    assert r.returncode != 0
    assert "trusted_proxies" in r.stderr or "trusted-proxies" in r.stderr
    assert "10.0.0.0/33" in r.stderr
    r = run_cli("config", "check", env={"SAMVERKAN_TRUSTED_PROXIES": "10.0.0.1, nonsense",
                                         "SAMVERKAN_DB": "/nonexistent/x.db"}, check=False)
    assert r.returncode == 1
    assert '"nonsense" is not an IPv4 or IPv6 address' in r.stdout + r.stderr


# ---- 4. One-time tokens never in the access log ---------------------------------------------------


SECRET = "Hemlig0Token0Som0Inte0Far0Loggas0xyz"


@pytest.mark.parametrize("path", [
    f"/konto/aterstall?token={SECRET}",
    f"/konto/verifiera?token={SECRET}",
    f"/konto/bekrafta-e-post?token={SECRET}",
    f"/konto/inbjudan?token={SECRET}",
    f"/konto/aviseringar/avsluta?token=1.digest.{SECRET}",
    f"/logga-in?next=%2Fkonto%2Finbjudan%3Ftoken%3D{SECRET}",
    f"/organisationer?T%6Fken={SECRET}",
])
def test_tokens_never_reach_the_access_log(site, path):
    c = site.server.client()
    c.get(path)
    time.sleep(0.2)
    log = open(site.server.access_log, encoding="utf-8").read()
    assert SECRET not in log
    # The request itself is logged, without its query string.
    assert f" GET {path.split('?')[0]} " in log


def test_other_query_strings_are_still_logged(site):
    site.server.client().get("/organisationer?q=idrott&page=2")
    time.sleep(0.2)
    assert " GET /organisationer?q=idrott&page=2 " in open(site.server.access_log, encoding="utf-8").read()


# ---- 5. A hidden organisation is hidden beside its submissions too -------------------------------


def test_a_hidden_organisation_is_not_named_with_its_submissions(site):
    org_name = query(site.db, "SELECT name FROM organisation WHERE id = 1")[0][0]
    rep = site.representative
    r = rep.get("/synpunkter/ny")
    assert r.status == 200
    title = "Synpunkt från en dold förening"
    r = rep.post("/synpunkter/ny", {"kind": "view", "title": title, "body": "Text.", "on_behalf": "1",
                                    "department_id": str(query(site.db, "SELECT id FROM department ORDER BY id")[0][0]),
                                    "publish": "1"})
    assert r.status == 303, page_text(r.text)[:600]
    sid = int(re.search(r"/synpunkter/(\d+)", r.header("location")).group(1))
    with site.writable() as w:
        w.execute("UPDATE organisation SET public = 0 WHERE id = 1")
    try:
        anon = site.server.client()
        anon.get("/sprak?lang=en&next=/")
        assert anon.get("/organisationer/1").status == 404
        page = anon.get(f"/synpunkter/{sid}")
        assert page.status == 200 and title in page.text
        assert org_name not in page.text
        assert "An organisation" in page_text(page.text)
        assert 'href="/organisationer/1"' not in page.text
        listing = anon.get("/synpunkter?page=1")
        assert title in listing.text and org_name not in listing.text
        api = anon.get(f"/api/v1/submissions/{sid}").json()
        assert api["organisation"] == {"id": None, "name": None}
        api_list = anon.get("/api/v1/submissions?per_page=100").json()
        mine = [s for s in api_list["items"] if s["id"] == sid] if isinstance(api_list, dict) else \
            [s for s in api_list if s["id"] == sid]
        assert mine and mine[0]["organisation"] == {"id": None, "name": None}
        for feed in ("/svar.atom", "/dialoger.atom"):
            assert org_name not in anon.get(feed).text
        assert org_name not in anon.get("/statistik/aterkoppling").text
        # Staff and the writer still see whom it came from.
        assert org_name in site.official.get(f"/synpunkter/{sid}").text
        assert org_name in rep.get(f"/synpunkter/{sid}").text
    finally:
        with site.writable() as w:
            w.execute("UPDATE organisation SET public = 1 WHERE id = 1")
    assert org_name in site.server.client().get(f"/synpunkter/{sid}").text


# ---- 6. Request smuggling: ambiguous framing is refused and the connection closed -----------------


def raw_exchange(port, data, seconds=4):
    s = socket.create_connection(("127.0.0.1", port), timeout=seconds)
    s.sendall(data)
    out = b""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            chunk = s.recv(65536)
            if not chunk:
                return out, True  # closed by the server
            out += chunk
    except socket.timeout:
        pass
    finally:
        s.close()
    return out, False


SMUGGLED = b"GET /smuggled-request HTTP/1.1\r\nHost: x\r\n\r\n"


@pytest.mark.parametrize("head", [
    b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
    b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
    b"content-length: 5\r\nTRANSFER-ENCODING: chunked\r\n",
])
def test_content_length_with_transfer_encoding_is_refused(site, head):
    body = b"0\r\n\r\n" + SMUGGLED
    out, closed = raw_exchange(site.server.port, b"POST /logga-in HTTP/1.1\r\nHost: x\r\n" + head + b"\r\n" + body)
    assert out.startswith(b"HTTP/1.1 400 "), out[:200]
    assert out.count(b"HTTP/1.1 ") == 1, out
    assert closed, "the connection must be closed after the 400"


def test_two_content_lengths_are_refused(site):
    request = (b"POST /logga-in HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nContent-Length: %d\r\n\r\n"
               % len(SMUGGLED)) + SMUGGLED
    out, closed = raw_exchange(site.server.port, request)
    assert out.startswith(b"HTTP/1.1 400 "), out[:200]
    assert out.count(b"HTTP/1.1 ") == 1, out
    assert closed
    time.sleep(0.2)
    assert "/smuggled-request" not in open(site.server.access_log, encoding="utf-8").read()


def test_plain_keep_alive_requests_still_work(site):
    one = b"GET /tillganglighet HTTP/1.1\r\nHost: x\r\n\r\n"
    post = b"POST /logga-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b"
    out, closed = raw_exchange(site.server.port, one + post + one, seconds=1)  # under the idle timeout (2 s)
    assert out.count(b"HTTP/1.1 200 ") == 2 and out.count(b"HTTP/1.1 403 ") == 1, out[:300]
    assert not closed


# ---- 7. Signed anonymous CSRF cookie, no version in Server, hashes made again ---------------------


def test_anonymous_csrf_cookie_is_signed_by_the_server(anon):
    anon.get("/logga-in")
    cookie = anon.cookies["csrf"]
    token, _, mac = cookie.partition(".")
    assert len(token) == 43 and len(mac) == 43
    assert csrf_from(anon.get("/logga-in").text) == token


def test_a_planted_csrf_cookie_is_refused(site):
    planted = "A" * 43
    c = Client(site.server.port)
    c.cookies["csrf"] = planted
    r = c.post("/logga-in", {"email": ADMIN, "password": DEMO_PASSWORD, "_csrf": planted})
    assert r.status == 403 and "sid" not in c.cookies
    # A forged signature is no better.
    c.cookies["csrf"] = planted + "." + "B" * 43
    r = c.post("/logga-in", {"email": ADMIN, "password": DEMO_PASSWORD, "_csrf": planted})
    assert r.status == 403 and "sid" not in c.cookies
    # The server's own cookie works.
    c = Client(site.server.port)
    r = c.login(ADMIN)
    assert r.status == 303 and "sid" in c.cookies


def test_server_header_has_no_version(anon):
    r = anon.get("/")
    server = r.header("server")
    assert server is None or not re.search(r"[/\d]", server), server
    assert "h2o" not in (server or "").lower()


WEAK_HASH = "$argon2id$v=19$m=8,t=1,p=1$NpVEBojONSqDprZ65am4+Q$+jECyeoZs0cykqWzBJ1Jm6MZlT7I8Y3QSGAlTthfOgM"


def test_a_hash_made_with_older_settings_is_made_again_at_login(site):
    email, aid = site.person("person", tag="gammalhash")
    with site.writable() as w:
        w.execute("UPDATE account SET password_hash = ? WHERE id = ?", (WEAK_HASH, aid))
    assert site.server.client().login(email, "fel").status == 422
    assert query(site.db, "SELECT password_hash FROM account WHERE id = ?", (aid,))[0][0] == WEAK_HASH
    r = site.server.client().login(email, "gammal-hash-42")
    assert r.status == 303
    new = query(site.db, "SELECT password_hash FROM account WHERE id = ?", (aid,))[0][0]
    assert new != WEAK_HASH and new.startswith("$argon2id$v=19$m=65536,t=2,p=1$")
    assert site.server.client().login(email, "gammal-hash-42").status == 303
    assert query(site.db, "SELECT password_hash FROM account WHERE id = ?", (aid,))[0][0] == new


# ---- A second server on a port in use refuses to start ---------------------------------------------


def test_a_second_server_on_the_same_port_refuses_to_start(site):
    """The workers share their port (SO_REUSEPORT); without a check, a second samverkan on another
    database could share it too and answer half of the requests from the wrong data."""
    r = run_cli("serve", "--db", site.db, "--port", str(site.server.port), "--access-log", "-", check=False,
                timeout=30)
    assert r.returncode == 1
    assert f"cannot listen on 127.0.0.1:{site.server.port}: Address already in use" in r.stderr
    assert site.server.client().get("/tillganglighet").status == 200
