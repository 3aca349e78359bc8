"""Contact persons are personal data: never on a public page, in the public API or in the export;
visible to officials, and to representatives for their own organisations only."""

import json
import re
import urllib.parse

import pytest

from conftest import REPRESENTED_IDS, create_org, run_cli

SECRET = {"contact_name_0": "Hemlig Kontaktsdotter", "contact_role_0": "Hemlig ordförande",
          "contact_email_0": "hemlig.kontakt@privat-exempel.se", "contact_phone_0": "070-999 88 77"}


@pytest.fixture(scope="module")
def secret_org(official):
    """A public organisation with a contact person whose details appear nowhere else."""
    return create_org(official, "Föreningen med hemlig kontakt", description="Öppen beskrivning.", **SECRET)


@pytest.fixture(scope="module")
def secrets(db, secret_org):
    """Every contact person's name, e-mail and phone, except values that are also an
    organisation's own public details (those are public on purpose, not leaked)."""
    public_text = "\n".join(
        " ".join(v or "" for v in row)
        for row in db.execute("SELECT name, description, website, email, phone FROM organisation WHERE public = 1"))
    values, skipped = set(), set()
    for name, email, phone in db.execute("SELECT name, email, phone FROM contact_person"):
        for v in (name, email, phone):
            if not v or len(v) < 6:
                continue
            (skipped if v in public_text else values).add(v)
    assert len(values) >= 30, "the demo has contact persons to look for"
    assert SECRET["contact_name_0"] in values and SECRET["contact_email_0"] in values
    return values


def html_variants(v):
    esc = v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#39;")
    return {v, esc}


def assert_no_secrets(text, secrets, where):
    for s in secrets:
        for form in html_variants(s):
            assert form not in text, f"personal data {s!r} in {where}"


def json_variants_text(raw):
    """JSON text with escapes decoded, so \\u00e5 and the like cannot hide a name."""
    return json.dumps(json.loads(raw), ensure_ascii=False)


def test_register_pages_have_no_contacts(anon, secrets):
    r = anon.get("/organisationer")
    pages = int(max(re.findall(r"page=(\d+)", r.text), key=int, default="1"))
    for p in sorted({1, 2, 3, pages, max(1, pages // 2)}):
        html = anon.get(f"/organisationer?page={p}").text
        assert_no_secrets(html, secrets, f"register page {p}")
    for q in ("Hemlig", "Kontaktsdotter", "privat-exempel", "förening"):
        assert_no_secrets(anon.get("/organisationer?q=" + urllib.parse.quote(q)).text, secrets, f"search {q}")


def test_organisation_pages_have_no_contacts(anon, db, secrets, secret_org):
    ids = [r[0] for r in db.execute("SELECT DISTINCT o.id FROM organisation o JOIN contact_person cp ON "
                                    "cp.organisation_id = o.id WHERE o.public = 1 ORDER BY o.id LIMIT 20")]
    ids.append(secret_org)
    assert len(ids) >= 10
    for oid in ids:
        r = anon.get(f"/organisationer/{oid}")
        assert r.status == 200
        assert_no_secrets(r.text, secrets, f"/organisationer/{oid}")
    assert "mailto:hemlig" not in anon.get(f"/organisationer/{secret_org}").text


def test_start_and_other_pages_have_no_contacts(anon, secrets):
    for path in ("/", "/tillganglighet", "/logga-in"):
        assert_no_secrets(anon.get(path).text, secrets, path)


def test_api_has_no_contacts(anon, db, secrets, secret_org):
    first = anon.get("/api/v1/organisations?per_page=100")
    total = first.json()["total"]
    pages = (total + 99) // 100
    for p in range(1, pages + 1):
        r = anon.get(f"/api/v1/organisations?per_page=100&page={p}")
        assert r.status == 200
        assert_no_secrets(json_variants_text(r.text), secrets, f"API page {p}")
    ids = [r[0] for r in db.execute("SELECT DISTINCT organisation_id FROM contact_person cp JOIN organisation o ON "
                                    "o.id = cp.organisation_id WHERE o.public = 1 LIMIT 20")] + [secret_org]
    for oid in ids:
        r = anon.get(f"/api/v1/organisations/{oid}")
        assert r.status == 200
        assert_no_secrets(json_variants_text(r.text), secrets, f"API item {oid}")
    r = anon.get("/api/v1/organisations?q=Kontaktsdotter")
    assert r.json()["total"] == 0, "contact persons are not searchable in the public API"


def test_api_as_official_still_has_no_contacts(official, secrets, secret_org):
    r = official.get(f"/api/v1/organisations/{secret_org}")
    assert_no_secrets(json_variants_text(r.text), secrets, "API item for an official")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_has_no_contacts(server, secrets, secret_org, fmt):
    p = run_cli("export", "organisations", "--db", server.db, "--format", fmt)
    out = p.stdout
    assert "Föreningen med hemlig kontakt" in out, "the export holds the register"
    text = json_variants_text(out) if fmt == "json" else out
    assert_no_secrets(text, secrets, f"export {fmt}")
    assert "contact" not in out.lower().split("\n", 1)[0] or fmt == "json"


def test_official_sees_contacts(official, secret_org, db):
    r = official.get(f"/organisationer/{secret_org}")
    assert r.status == 200
    for v in SECRET.values():
        assert v in r.text
    oid = db.execute("SELECT cp.organisation_id, cp.name FROM contact_person cp JOIN organisation o ON "
                     "o.id = cp.organisation_id WHERE o.public = 1 AND cp.organisation_id != ? LIMIT 1", (secret_org,)).fetchone()
    html = official.get(f"/organisationer/{oid[0]}").text
    assert oid[1] in html or oid[1].replace("&", "&amp;") in html


def test_representative_sees_own_contacts_only(representative, db, secret_org):
    own = [r for r in db.execute("SELECT organisation_id, name FROM contact_person WHERE organisation_id IN (?, ?)",
                                 REPRESENTED_IDS)]
    assert own, "the demo gives the represented organisations contact persons"
    for oid, name in own:
        assert name in representative.get(f"/organisationer/{oid}").text
    r = representative.get(f"/organisationer/{secret_org}")
    assert r.status == 200
    for v in SECRET.values():
        assert v not in r.text
    other = db.execute("SELECT cp.organisation_id, cp.name FROM contact_person cp JOIN organisation o ON o.id = cp.organisation_id "
                       "WHERE o.public = 1 AND cp.organisation_id NOT IN (?, ?) LIMIT 5", REPRESENTED_IDS).fetchall()
    for oid, name in other:
        assert name not in representative.get(f"/organisationer/{oid}").text


def test_representative_edit_form_of_other_shows_no_contacts(representative, secret_org):
    r = representative.get(f"/organisationer/{secret_org}/redigera")
    assert r.status == 403
    for v in SECRET.values():
        assert v not in r.text
