"""Static assets under a versioned path: long-lived cache, ETag and 304."""

import re

import pytest


def css_url(client):
    r = client.get("/")
    m = re.search(r'<link rel="stylesheet" href="(/static/([0-9a-f]+)/site\.css)"', r.text)
    assert m, "the page links its stylesheet under /static/<hash>/site.css"
    return m.group(1), m.group(2)


def test_css_link_is_versioned(anon):
    url, version = css_url(anon)
    assert len(version) >= 8


def test_css_served_with_etag_and_immutable_cache(anon):
    url, version = css_url(anon)
    r = anon.get(url)
    assert r.status == 200
    assert r.header("content-type").startswith("text/css")
    assert len(r.body) > 100
    cc = r.header("cache-control")
    assert "max-age=31536000" in cc and "immutable" in cc
    assert r.header("etag")
    assert "set-cookie" not in dict(r.headers), "no cookies on cacheable files"


def test_if_none_match_gives_304_with_empty_body(anon):
    url, _ = css_url(anon)
    etag = anon.get(url).header("etag")
    r = anon.get(url, headers={"If-None-Match": etag})
    assert r.status == 304
    assert r.body == b""
    assert r.header("etag") == etag
    # A different tag gets the file again.
    r = anon.get(url, headers={"If-None-Match": '"0000000000000000"'})
    assert r.status == 200 and len(r.body) > 100


def test_old_version_is_not_cached_for_a_year(anon):
    url, version = css_url(anon)
    old = url.replace(version, "0" * len(version))
    r = anon.get(old)
    assert r.status == 200
    assert "immutable" not in (r.header("cache-control") or "")


def test_icon_served(anon):
    r = anon.get("/")
    m = re.search(r'<link rel="icon" href="(/static/[0-9a-f]+/[^"]+)"', r.text)
    assert m
    r = anon.get(m.group(1))
    assert r.status == 200 and r.header("etag")


@pytest.mark.parametrize("path", ["/static/abc/../../etc/passwd", "/static/abc/%2e%2e%2fsite.css", "/static/abc/nothing.css"])
def test_no_files_outside_the_embedded_assets(anon, path):
    r = anon.get(path)
    assert r.status == 404
    assert b"root:" not in r.body
