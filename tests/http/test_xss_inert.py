"""An XSS payload in every text field of an organisation is stored and rendered inert everywhere
it is shown: the organisation page, the register, the edit form, the lists, and the API."""

import re
import urllib.parse

import pytest

from conftest import find_form, new_org_form, org_form_data, page_tags, select_options, first_options

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"XSS-prov {SCRIPT} {IMG} '><svg onload=alert(2)>"
TEXT_FIELDS = ["name", "description", "website", "email", "phone",
               "contact_name_0", "contact_role_0", "contact_email_0", "contact_phone_0"]
# What a field gets instead when its rules refuse the payload (e-mail, web address, phone).
FALLBACK = {"website": "https://exempel.se/xss", "email": "xss@exempel.se", "phone": "08-000 00 00",
            "contact_email_0": "xss.kontakt@exempel.se", "contact_phone_0": "070-000 00 00",
            "org_number": ""}


def assert_inert(html, where):
    assert "<script>alert(1)" not in html, where
    assert "<img src=x onerror" not in html, where
    assert "<svg onload" not in html, where
    for tag, attrs in page_tags(html):
        assert tag not in ("script", "img", "svg", "iframe", "object"), f"{where}: a <{tag}> got in"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{where}: an event handler attribute {name} on <{tag}>"
            if name in ("href", "src", "action") and value:
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), f"{where}: {name}={value}"


def errors_linked(html):
    m = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return re.findall(r'href="#([^"]+)"', m.group(0)) if m else []


@pytest.fixture(scope="module")
def xss(official):
    """Creates the organisation as an official; fields whose rules refuse the payload get a valid
    value. Returns (id, {field: value stored}, the 422 pages seen on the way)."""
    form, html = new_org_form(official)
    values = {f: PAYLOAD for f in TEXT_FIELDS}
    values["website"] = "https://exempel.se/" + urllib.parse.quote(IMG) + '"><script>alert(1)</script>'
    values["org_number"] = SCRIPT
    refused_pages = []
    for _ in range(4):
        data = org_form_data(form, legal_form=select_options(html, "legal_form")[0],
                             categories=first_options(form, "categories"),
                             districts=first_options(form, "districts"), public="1", **values)
        r = official.post("/organisationer/ny", data)
        if r.status == 303:
            oid = int(re.match(r"^/organisationer/(\d+)", r.header("location")).group(1))
            return oid, values, refused_pages
        assert r.status == 422, (r, r.text[:1000])
        refused_pages.append(r.text)
        bad = [f for f in errors_linked(r.text) if f in values]
        assert bad, f"422 without a field error: {errors_linked(r.text)}"
        for f in bad:
            assert f in FALLBACK, f"the field {f} refused the payload, but it is free text"
            values[f] = FALLBACK[f]
    pytest.fail("could not save the organisation")


def test_name_and_description_take_the_payload(xss):
    _, values, _ = xss
    for f in ("name", "description", "contact_name_0", "contact_role_0"):
        assert values[f] == PAYLOAD, f"{f} is free text and keeps what was typed"


def test_refused_forms_are_inert(xss):
    _, _, pages = xss
    for html in pages:
        assert_inert(html, "re-rendered form")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_stored_as_typed(xss, db):
    oid, values, _ = xss
    row = db.execute("SELECT name, description FROM organisation WHERE id = ?", (oid,)).fetchone()
    assert row[0] == PAYLOAD and row[1] == PAYLOAD
    c = db.execute("SELECT name, role FROM contact_person WHERE organisation_id = ?", (oid,)).fetchone()
    assert c[0] == PAYLOAD and c[1] == PAYLOAD


@pytest.mark.parametrize("who", ["anon", "official"])
def test_organisation_page_inert(request, xss, who):
    oid, _, _ = xss
    r = request.getfixturevalue(who).get(f"/organisationer/{oid}")
    assert r.status == 200
    assert_inert(r.text, f"organisation page ({who})")
    # The payload is there, as text.
    assert r.text.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= (2 if who == "anon" else 4)
    title = re.search(r"<title>(.*?)</title>", r.text, re.S).group(1)
    assert "<" not in title


def test_register_inert(anon, official, xss):
    for client in (anon, official):
        for path in ("/organisationer?sort=updated", "/organisationer?q=" + urllib.parse.quote("XSS-prov"),
                     "/organisationer?q=" + urllib.parse.quote(PAYLOAD)):
            r = client.get(path)
            assert r.status == 200
            assert_inert(r.text, path)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/organisationer?sort=updated").text


def test_unconfirmed_list_inert(official, xss):
    r = official.get("/organisationer/att-bekrafta")
    assert_inert(r.text, "to be confirmed")
    pages = re.findall(r"att-bekrafta\?page=(\d+)", r.text)
    for p in sorted(set(pages))[-1:]:
        assert_inert(official.get(f"/organisationer/att-bekrafta?page={p}").text, "to be confirmed, last page")


def test_edit_form_inert_and_keeps_value(official, xss):
    oid, values, _ = xss
    r = official.get(f"/organisationer/{oid}/redigera")
    assert r.status == 200
    assert_inert(r.text, "edit form")
    form = find_form(r.text, f"/organisationer/{oid}/redigera")
    from conftest import field_value
    assert field_value(form, "name") == PAYLOAD
    assert field_value(form, "description") == PAYLOAD
    assert field_value(form, "contact_name_0") == PAYLOAD
    # Saving the form unchanged keeps the payload exactly (no double escaping).
    r = official.post(f"/organisationer/{oid}/redigera", org_form_data(form))
    assert r.status == 303
    r = official.get(f"/organisationer/{oid}/redigera")
    assert field_value(find_form(r.text, "/redigera"), "name") == PAYLOAD


def test_api_returns_payload_as_json_text(anon, xss):
    oid, values, _ = xss
    r = anon.get(f"/api/v1/organisations/{oid}")
    assert r.status == 200
    assert r.header("content-type").startswith("application/json")
    assert r.header("x-content-type-options") == "nosniff"
    j = r.json()
    assert j["name"] == PAYLOAD and j["description"] == PAYLOAD
    items = anon.get("/api/v1/organisations?sort=updated&per_page=100").json()["items"]
    assert PAYLOAD in {i["name"] for i in items}


def test_no_javascript_link_from_website(official, xss):
    oid, _, _ = xss
    form_html = official.get(f"/organisationer/{oid}/redigera").text
    form = find_form(form_html, "/redigera")
    r = official.post(f"/organisationer/{oid}/redigera", org_form_data(form, website="javascript:alert(1)"))
    if r.status == 303:
        html = official.get(f"/organisationer/{oid}").text
    else:
        assert r.status == 422
        html = r.text
    assert_inert(html, "javascript: website")
