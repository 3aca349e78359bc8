"""Every public page renders as an accessible Swedish page; English on request; 404 and HEAD."""

import re

import pytest

from conftest import org_ids, page_tags, page_text


def first_public_org(db):
    row = db.execute("SELECT id FROM organisation WHERE public = 1 ORDER BY id LIMIT 1").fetchone()
    assert row, "the demo has no public organisation"
    return row[0]


def assert_layout(html, lang="sv"):
    assert re.search(r'<html[^>]*\blang="%s"' % lang, html), "html lang attribute"
    assert len(re.findall(r"<h1\b", html)) == 1, "exactly one <h1>"
    tags = page_tags(html)
    skip = [a for t, a in tags if t == "a" and (a.get("href") or "").startswith("#")]
    assert skip, "a skip link (<a href=\"#...\">)"
    target = skip[0]["href"][1:]
    assert any(a.get("id") == target for _, a in tags), f"skip link target #{target} exists"
    # The skip link comes before the navigation.
    assert html.index(skip[0]["href"]) < html.index("<nav"), "skip link first"
    assert "<title>" in html and "<main" in html


@pytest.mark.parametrize("path", ["/", "/organisationer", "/tillganglighet", "/logga-in"])
def test_public_page_renders_in_swedish(anon, path):
    r = anon.get(path)
    assert r.status == 200, r
    assert r.header("content-type").startswith("text/html")
    assert_layout(r.text, "sv")


def test_organisation_page_renders(anon, db):
    oid = first_public_org(db)
    name = db.execute("SELECT name FROM organisation WHERE id = ?", (oid,)).fetchone()[0]
    r = anon.get(f"/organisationer/{oid}")
    assert r.status == 200, r
    assert_layout(r.text, "sv")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", r.text, re.S).group(1)
    assert page_text(h1) == name


def test_register_links_to_organisations(anon):
    r = anon.get("/organisationer")
    assert r.status == 200
    assert len(org_ids(r.text)) >= 5


def test_english_via_language_switch(anon):
    r = anon.get("/")
    assert 'lang="sv"' in r.text
    sv_text = page_text(r.text)
    r = anon.get("/sprak?lang=en&next=/tillganglighet")
    assert r.status == 303
    assert r.header("location") == "/tillganglighet"
    assert anon.cookies.get("lang") == "en"
    r = anon.get("/")
    assert r.status == 200
    assert_layout(r.text, "en")
    assert page_text(r.text) != sv_text, "the English page is in English"
    r = anon.get("/organisationer")
    assert_layout(r.text, "en")
    # And back.
    anon.get("/sprak?lang=sv")
    assert 'lang="sv"' in anon.get("/").text


def test_accept_language_english(anon):
    r = anon.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert re.search(r'<html[^>]*lang="en"', r.text)


def test_language_switch_refuses_foreign_redirect(anon):
    r = anon.get("/sprak?lang=en&next=//evil.example/")
    assert r.status == 303
    assert r.header("location") == "/"


@pytest.mark.parametrize("path", ["/finns-inte", "/organisationer/999999999", "/organisationer/abc", "/static/x/none.css"])
def test_unknown_path_gives_404_page(anon, path):
    r = anon.get(path)
    assert r.status == 404, r
    assert r.header("content-type").startswith("text/html")
    assert_layout(r.text, "sv")


def test_head_works(anon):
    g = anon.get("/tillganglighet")
    h = anon.head("/tillganglighet")
    assert h.status == 200
    assert h.body == b""
    assert h.header("content-type") == g.header("content-type")
    assert int(h.header("content-length")) == len(g.body)


def test_head_on_register(anon):
    h = anon.head("/organisationer")
    assert h.status == 200
    assert h.body == b""


def test_wrong_method_gives_405(anon):
    r = anon.request("PUT", "/organisationer", body=b"")
    assert r.status == 405
    assert r.header("allow")


TABLE_PAGES = [
    ("admin", "/admin"), ("admin", "/admin/konton"), ("admin", "/admin/logg"), ("admin", "/admin/utskick"),
    ("coordinator", "/arbetsko"), ("official", "/organisationer/att-bekrafta"),
    ("anon", "/statistik/aterkoppling"), ("representative", "/konto/synpunkter"),
    ("anon", "/uppfoljning/2026"), ("anon", "/uppfoljning/2026?forvaltning=kultur-fritid"),
]


@pytest.mark.parametrize("who,path", TABLE_PAGES)
def test_every_data_table_scrolls_in_a_focusable_region_named_by_its_caption(request, who, path):
    """A wide table scrolls sideways on a phone; without a mouse that needs a focusable wrapper,
    and a screen reader needs to know what the focused region is: its table's caption."""
    r = request.getfixturevalue(who).get(path)
    assert r.status == 200, (who, path, r.status)
    tables = re.findall(r"(<[^<>]*>)\s*<table\b[^>]*>\s*<caption id=\"([^\"]+)\"[^>]*>", r.text)
    assert tables and len(tables) == r.text.count("<table"), f"every table on {path} has a wrapper and a caption"
    ids = [cid for _, cid in tables]
    assert len(set(ids)) == len(ids), f"caption ids are unique on {path}: {ids}"
    for wrapper, cid in tables:
        assert re.fullmatch(r'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="%s">' % cid,
                            wrapper), (path, wrapper)
