"""Bad input on the organisation form: 422, one clear error per field linked from a summary, and
everything typed shown back (Swedish letters, checkboxes, selects, contact rows)."""

import re

import pytest

from conftest import (checkbox_options, create_org, field_value, field_values, find_form, luhn_ok, make_org_number,
                      org_form_data, parse_forms, select_options)


def luhn_broken(db):
    """A well-formed organisation number whose check digit is wrong."""
    valid = make_org_number(4242, taken={r[0] for r in db.execute("SELECT org_number FROM organisation WHERE org_number IS NOT NULL")})
    digits = valid.replace("-", "")
    bad = digits[:-1] + str((int(digits[-1]) + 1) % 10)
    assert not luhn_ok(bad)
    return f"{bad[:6]}-{bad[6:]}"


@pytest.fixture(scope="module")
def target(official):
    return create_org(official, "Formulärtestets förening", description="Före.")


def edit_form(client, oid):
    r = client.get(f"/organisationer/{oid}/redigera")
    assert r.status == 200
    return find_form(r.text, f"/organisationer/{oid}/redigera"), r.text


def errors_linked(html):
    """Field names the error summary links to."""
    m = re.search(r'<div class="error-summary".*?</div>', html, re.S) or re.search(r'role="alert".*?</ul>', html, re.S)
    assert m, "an error summary at the top of the form"
    return re.findall(r'href="#([^"]+)"', m.group(0))


def assert_field_error(html, field):
    assert field in errors_linked(html), f"the summary links to #{field}"
    m = re.search(r'<p class="error" id="%s-error">(.*?)</p>' % re.escape(field), html, re.S)
    assert m and re.sub(r"<[^>]+>", "", m.group(1)).strip(), f"a message beside {field}"
    # The control is tied to its message and marked invalid for screen readers.
    tag = re.search(r'<(input|textarea|select)[^>]*\bid="%s"[^>]*>' % re.escape(field), html)
    assert tag, f"a control with id {field} (the summary's link target)"
    assert f"{field}-error" in tag.group(0), f"{field} is described by its error"


@pytest.fixture(scope="module")
def bad_post(official, db, target):
    form, html = edit_form(official, target)
    cats = checkbox_options(form, "categories")
    tgs = checkbox_options(form, "target_groups")
    dists = checkbox_options(form, "districts")
    forms = select_options(html, "legal_form")
    sent = {
        "name": "",
        "org_number": luhn_broken(db),
        "legal_form": forms[-1],
        "description": "Vi möts på Ängsö – ÅÄÖ åäö é ü «citat» & <b>fet</b>\nAndra raden.",
        "website": "www.exempel-förening.se",
        "email": "inte-en-epost",
        "phone": "08-123 45 67",
        "categories": cats[1:3],
        "target_groups": tgs[-2:],
        "districts": dists[-2:],
        "contact_name_0": "Åsa Öberg-Ängström",
        "contact_role_0": "Kassör",
        "contact_email_0": "åsa@",
        "contact_phone_0": "070-123 45 67",
    }
    data = org_form_data(form, public=None, **{k: v for k, v in sent.items()})
    before = db.execute("SELECT name, description, updated_at FROM organisation WHERE id = ?", (target,)).fetchone()
    r = official.post(f"/organisationer/{target}/redigera", data)
    return r, sent, tuple(before), target


def test_bad_input_gives_422(bad_post):
    r, *_ = bad_post
    assert r.status == 422, r
    assert r.header("content-type").startswith("text/html")
    assert r.text.count("<h1") == 1


def test_nothing_saved_on_bad_input(bad_post, db):
    r, sent, before, oid = bad_post
    assert tuple(db.execute("SELECT name, description, updated_at FROM organisation WHERE id = ?", (oid,)).fetchone()) == before


@pytest.mark.parametrize("field", ["name", "org_number", "email", "contact_email_0"])
def test_error_per_field_linked_from_summary(bad_post, field):
    r, *_ = bad_post
    assert_field_error(r.text, field)


def test_invalid_fields_marked_aria_invalid(bad_post):
    r, *_ = bad_post
    for field in ("name", "org_number", "email"):
        tag = re.search(r'<input[^>]*\bid="%s"[^>]*>' % field, r.text).group(0)
        assert 'aria-invalid="true"' in tag, tag


def test_valid_fields_have_no_error(bad_post):
    r, *_ = bad_post
    linked = errors_linked(r.text)
    for field in ("description", "phone", "contact_name_0", "categories", "districts"):
        assert field not in linked


def test_error_summary_counts_and_title(bad_post):
    r, *_ = bad_post
    n = len(errors_linked(r.text))
    assert n >= 4
    assert re.search(r"<title>[^<]*(Fel|Error)", r.text), "the title says there are errors"


def test_everything_typed_is_kept(bad_post):
    r, sent, _, oid = bad_post
    form = find_form(r.text, f"/organisationer/{oid}/redigera")
    for field in ("name", "org_number", "description", "email", "phone",
                  "contact_name_0", "contact_role_0", "contact_email_0", "contact_phone_0"):
        assert field_value(form, field) == sent[field], field
    # A bare web address may come back completed with https://; nothing typed is lost.
    assert field_value(form, "website") in (sent["website"], "https://" + sent["website"])
    assert field_value(form, "legal_form") == sent["legal_form"]


def test_checkbox_states_are_kept(bad_post):
    r, sent, _, oid = bad_post
    form = find_form(r.text, f"/organisationer/{oid}/redigera")
    for group in ("categories", "target_groups", "districts"):
        assert sorted(field_values(form, group)) == sorted(sent[group]), group
    assert field_value(form, "public") is None, "the unticked 'public' box stays unticked"


def test_swedish_letters_survive_and_markup_is_escaped(bad_post):
    r, *_ = bad_post
    assert "Åsa Öberg-Ängström" in r.text
    assert "<b>fet</b>" not in r.text
    assert "&lt;b&gt;fet&lt;/b&gt;" in r.text


def test_malformed_org_number(official, target):
    form, _ = edit_form(official, target)
    for bad in ("12345", "556677-889", "abcdef-ghij", "5566778899x"):
        r = official.post(f"/organisationer/{target}/redigera", org_form_data(form, org_number=bad))
        assert r.status == 422, bad
        assert "org_number" in errors_linked(r.text)
        assert field_value(find_form(r.text, "/redigera"), "org_number") == bad


def test_valid_org_number_is_normalised(official, db, target):
    form, _ = edit_form(official, target)
    num = make_org_number(777, taken={r[0] for r in db.execute("SELECT org_number FROM organisation WHERE org_number IS NOT NULL")})
    r = official.post(f"/organisationer/{target}/redigera", org_form_data(form, org_number=num.replace("-", "")))
    assert r.status == 303, r.text[:1000]
    assert db.execute("SELECT org_number FROM organisation WHERE id = ?", (target,)).fetchone()[0] == num


def test_duplicate_org_number_is_a_field_error(official, db, target):
    taken = db.execute("SELECT org_number FROM organisation WHERE org_number IS NOT NULL AND id != ? LIMIT 1", (target,)).fetchone()
    if not taken:
        pytest.skip("no organisation number in the demo")
    form, _ = edit_form(official, target)
    r = official.post(f"/organisationer/{target}/redigera", org_form_data(form, org_number=taken[0]))
    assert r.status == 422
    assert "org_number" in errors_linked(r.text)


def test_missing_legal_form_and_unknown_codes(official, target):
    form, _ = edit_form(official, target)
    r = official.post(f"/organisationer/{target}/redigera",
                      org_form_data(form, legal_form="", categories=["finns-inte"], districts=["mars"]))
    assert r.status == 422
    linked = errors_linked(r.text)
    assert "legal_form" in linked


def test_new_form_keeps_input_too(official, db):
    count = db.execute("SELECT COUNT(*) FROM organisation").fetchone()[0]
    r = official.get("/organisationer/ny")
    form = find_form(r.text, "/organisationer/ny")
    r = official.post("/organisationer/ny", org_form_data(form, name="  ", email="x@", description="Kvar: åäö"))
    assert r.status == 422
    f2 = find_form(r.text, "/organisationer/ny")
    assert field_value(f2, "email") == "x@"
    assert field_value(f2, "description") == "Kvar: åäö"
    assert "name" in errors_linked(r.text)
    assert db.execute("SELECT COUNT(*) FROM organisation").fetchone()[0] == count


def test_control_characters_refused_or_cleaned(official, db, target):
    form, _ = edit_form(official, target)
    r = official.post(f"/organisationer/{target}/redigera", org_form_data(form, name="Noll\x00byte\x07förening"))
    assert r.status in (303, 422)
    name = db.execute("SELECT name FROM organisation WHERE id = ?", (target,)).fetchone()[0]
    assert "\x00" not in name and "\x07" not in name


def test_english_errors_in_english(server, official, target):
    # A separate session, so the shared one stays Swedish.
    from conftest import OFFICIAL
    c = server.client()
    c.get("/sprak?lang=en")
    assert c.login(OFFICIAL).status == 303
    form, _ = edit_form(c, target)
    r = c.post(f"/organisationer/{target}/redigera", org_form_data(form, name=""))
    assert r.status == 422
    assert re.search(r'<html[^>]*lang="en"', r.text)
    assert "name" in errors_linked(r.text)


def test_swedish_errors_in_swedish(bad_post):
    r, *_ = bad_post
    summary = re.search(r'<div class="error-summary".*?</div>', r.text, re.S).group(0)
    # The summary heading and messages are Swedish on a Swedish page.
    assert re.search(r"[åäöÅÄÖ]|fält|Ange|Fyll", summary), summary
    assert "There is a problem" not in summary and "There are problems" not in summary
