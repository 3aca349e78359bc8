"""The text contract on the organisation register, at every entry point: the form (create and edit, as
a coordinator), the CSV import on the command line, and the message of a request to represent an
organisation. A name, description or message with a C1 control character (U+0085, U+009B) or a NUL is
refused on its field with the text kept and nothing stored; no-break spaces around a name are trimmed."""

import re

import pytest

from admin_fixtures import site  # noqa: F401 — a fixture
from conftest import (checkbox_options, create_org, find_form, new_db, org_form_data, page_text, query, run_cli,
                      select_options)

BROKEN = ("This text contains invisible control characters or broken characters",
          "Texten innehåller osynliga styrtecken eller trasiga tecken")

# What is sent, and what the re-shown form holds: the request parser turns a NUL into U+FFFD
# (which the contract refuses too), so that is what comes back for it.
BAD = [
    pytest.param("Eker\u00f6\u0085 IF", "Eker\u00f6\u0085 IF", id="U+0085"),
    pytest.param("Eker\u00f6\u009b IF", "Eker\u00f6\u009b IF", id="U+009B"),
    pytest.param("Eker\u00f6\x00 IF", "Eker\u00f6\ufffd IF", id="NUL"),
]


def field_error(html, field):
    """The message beside a field, as text ("" when there is none)."""
    m = re.search(r'<p class="error" id="%s-error">(.*?)</p>' % re.escape(field), html, re.S)
    return page_text(m.group(1)).strip() if m else ""


def assert_refused_on(r, field, kept):
    assert r.status == 422, (r.status, page_text(r.text)[:800])
    message = field_error(r.text, field)
    assert any(b in message for b in BROKEN), f"{field}: {message!r}"
    # Only that field is wrong: the summary lists nothing else.
    assert re.findall(r'href="#([^"]+)"', re.search(r'<div class="error-summary".*?</div>', r.text, re.S).group(0)) \
        == [field]
    form = find_form(r.text, "/organisationer/")
    assert dict(form["fields"])[field] == kept, "the text typed is shown again"


@pytest.fixture(scope="module")
def org(coordinator):
    return create_org(coordinator, "Textkontraktets förening", description="Före ändringen.")


def edit_data(client, oid, **changes):
    r = client.get(f"/organisationer/{oid}/redigera")
    assert r.status == 200
    return org_form_data(find_form(r.text, f"/organisationer/{oid}/redigera"), **changes)


def new_data(client, title, **changes):
    r = client.get("/organisationer/ny")
    assert r.status == 200
    form = find_form(r.text, "/organisationer/ny")
    data = org_form_data(form, name=title, org_number="", public="1", legal_form=select_options(r.text, "legal_form")[0],
                         categories=checkbox_options(form, "categories")[:1],
                         districts=checkbox_options(form, "districts")[:1])
    data.update(changes)
    return data


def stored_org(db, oid):
    return query(db, "SELECT name, description, updated_at FROM organisation WHERE id = ?", (oid,))[0]


# ---- (a) the form ---------------------------------------------------------------------------------


@pytest.mark.parametrize("sent, kept", BAD)
@pytest.mark.parametrize("field", ["name", "description"])
def test_edit_form_refuses_control_characters(coordinator, server, org, field, sent, kept):
    before = stored_org(server.db, org)
    audit = query(server.db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'organisation' AND entity_id = ?", (org,))
    r = coordinator.post(f"/organisationer/{org}/redigera", edit_data(coordinator, org, **{field: sent}))
    assert_refused_on(r, field, kept)
    assert stored_org(server.db, org) == before, "nothing stored"
    assert query(server.db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'organisation' AND entity_id = ?",
                 (org,)) == audit


@pytest.mark.parametrize("sent, kept", BAD)
@pytest.mark.parametrize("field", ["name", "description"])
def test_create_form_refuses_control_characters(coordinator, server, field, sent, kept):
    name = f"Ny textförening {field} {len(sent)}{ord(sent[5])}"
    count = query(server.db, "SELECT COUNT(*) FROM organisation")
    data = new_data(coordinator, name, **{field: sent})
    r = coordinator.post("/organisationer/ny", data)
    assert_refused_on(r, field, kept)
    assert query(server.db, "SELECT COUNT(*) FROM organisation") == count, "nothing stored"
    if field == "description":
        assert not query(server.db, "SELECT 1 FROM organisation WHERE name = ?", (name,))


def test_no_break_spaces_around_the_name_are_trimmed(coordinator, server, org):
    r = coordinator.post(f"/organisationer/{org}/redigera",
                         edit_data(coordinator, org, name="\u00a0\u202fTextkontraktets förening\u00a0",
                                   description="\u00a0Beskrivning med\u00a0hårt mellanslag.\u00a0"))
    assert r.status == 303, page_text(r.text)[:800]
    name, description, _ = stored_org(server.db, org)
    assert name == "Textkontraktets förening"
    assert description == "Beskrivning med\u00a0hårt mellanslag.", "only the ends are trimmed"

    oid = create_org(coordinator, "\u00a0Nybildade textföreningen\u00a0\u3000")
    assert stored_org(server.db, oid)[0] == "Nybildade textföreningen"


# ---- (b) the CSV import on the command line ---------------------------------------------------------


@pytest.fixture
def empty_db(tmp_path):
    db = new_db(tmp_path, "textcsv")
    run_cli("demo", "--db", db, "--organisations", "0")
    return db


def write_csv(tmp_path, rows):
    path = tmp_path / "text.csv"
    path.write_text("namn;organisationsform;verksamhet\n" + "".join(f"{r};ideell_forening;icnpo1\n" for r in rows),
                    encoding="utf-8")
    return str(path)


def names(db):
    return [r[0] for r in query(db, "SELECT name FROM organisation ORDER BY name")]


@pytest.mark.parametrize("bad", ["Eker\u00f6\u0085IF", "Eker\u00f6\u009bIF"], ids=["U+0085", "U+009B"])
def test_csv_row_with_a_control_character_is_refused_with_line_and_column(empty_db, tmp_path, bad):
    path = write_csv(tmp_path, ["Adelsö IF", bad, "\u00a0Munsö IK\u00a0"])
    p = run_cli("import", "organisations", path, "--db", empty_db, check=False)
    assert p.returncode == 1, p
    problems = [l for l in p.stderr.splitlines() if l.startswith(path + ":")]
    assert len(problems) == 1, p.stderr
    assert problems[0].startswith(f"{path}:3: namn: "), problems
    assert any(b in problems[0] for b in BROKEN), problems
    assert "nothing was imported" in p.stderr
    assert names(empty_db) == []

    # The documented partial import: the rows that are right, the other listed.
    p = run_cli("import", "organisations", path, "--db", empty_db, "--skip-invalid")
    assert "imported 2 (created 2, updated 0, unchanged 0), skipped 1" in p.stdout
    assert f"{path}:3: namn: " in p.stderr
    assert names(empty_db) == ["Adelsö IF", "Munsö IK"], "stored trimmed, the refused row not at all"


def test_csv_no_break_spaces_around_a_name_are_trimmed(empty_db, tmp_path):
    path = write_csv(tmp_path, ["\u00a0\u00a0Färingsö PRO\u00a0", "Lovö\u00a0scoutkår"])
    p = run_cli("import", "organisations", path, "--db", empty_db)
    assert "imported 2 (created 2, updated 0, unchanged 0), skipped 0" in p.stdout
    assert names(empty_db) == ["Färingsö PRO", "Lovö\u00a0scoutkår"]


# ---- (c) the message of a request to represent an organisation --------------------------------------------


@pytest.mark.parametrize("sent, kept", BAD)
def test_request_message_with_control_characters_is_refused_and_kept(site, sent, kept):
    org = site.organisation()
    email, pid = site.person(tag="text")
    person = site.sign_in(email)
    page = person.get(f"/organisationer/{org}")
    action = f"/organisationer/{org}/foretradare/ansok"
    form = find_form(page.text, action)
    message = f"Jag är kassör. {sent}"
    r = person.post(action, {**dict(form["fields"]), "message": message})
    assert r.status == 422, (r.status, page_text(r.text)[:800])
    assert any(b in field_error(r.text, "message") for b in BROKEN), field_error(r.text, "message")
    again = find_form(r.text, action)
    assert dict(again["fields"])["message"] == f"Jag är kassör. {kept}", "the message typed is shown again"
    assert not site.requests(org, pid), "no request stored"
    assert all(a[0] != pid for a in site.audit("representation_request", None, "create")), "no audit row"

    # Trimmed of its no-break spaces, the same message without the character goes through.
    site.ask(person, org, "\u00a0Jag är kassör.\u00a0")
    assert [(r[2], r[3]) for r in site.requests(org, pid)] == [("pending", "Jag är kassör.")]
