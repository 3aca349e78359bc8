"""Security headers on every response; pages for the signed-in are never stored by caches."""

import pytest


@pytest.mark.parametrize("path", ["/", "/organisationer", "/logga-in", "/finns-inte", "/api/v1/organisations"])
def test_security_headers_present(anon, path):
    r = anon.get(path)
    assert r.header("x-content-type-options") == "nosniff"
    csp = r.header("content-security-policy")
    assert csp and "default-src 'self'" in csp
    assert "script-src" not in csp or "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp or r.header("x-frame-options") == "DENY"
    assert r.header("referrer-policy")


def test_public_pages_are_not_publicly_cacheable_with_cookies(anon):
    r = anon.get("/logga-in")  # sets the CSRF cookie
    cc = r.header("cache-control") or ""
    assert "public" not in cc
    assert "no-cache" in cc or "no-store" in cc or "private" in cc


@pytest.mark.parametrize("path", ["/", "/organisationer", "/organisationer/1", "/konto", "/api/v1/organisations"])
def test_signed_in_responses_are_private_no_store(official, path):
    r = official.get(path)
    assert r.status == 200, r
    cc = r.header("cache-control") or ""
    assert "private" in cc and "no-store" in cc, cc


def test_server_does_not_advertise_http2_upgrade(anon):
    r = anon.get("/", headers={"Connection": "Upgrade, HTTP2-Settings", "Upgrade": "h2c", "HTTP2-Settings": "AAMAAABkAAQAAP__"})
    assert r.status == 200
    assert "h2c" not in (r.header("upgrade") or "")
