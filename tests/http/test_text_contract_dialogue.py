"""The text contract on the dialogue forms, checked in the domain: a title or a multi-line text
with a C1 control character (U+0085, U+009B) or a NUL gets 422 with the error beside that field,
the form shows again what was typed, and nothing is stored; no-break spaces around a text are
trimmed before it is stored. The same on SQLite and PostgreSQL (SAMVERKAN_STORE)."""

import re

import pytest

from admin_fixtures import site  # noqa: F401 — site is a fixture
from conftest import field_value, find_form, org_form_data, query

# What is sent, and what the form shows again: the request parser turns a sent NUL into U+FFFD.
BAD = [
    pytest.param("Möte\u0085s om parken", "Möte\u0085s om parken", id="U+0085"),
    pytest.param("Parken \u009b2027", "Parken \u009b2027", id="U+009B"),
    pytest.param("Parken\x00 2027", "Parken\ufffd 2027", id="NUL"),
]

NBSP = "\u00a0"


def new_form(client):
    r = client.get("/dialoger/ny")
    assert r.status == 200, r.status
    data = org_form_data(find_form(r.text, "/dialoger/ny"))
    data.update(title="Parkens framtid", question="Vad vill ni göra i parken?\nOch när?", skr_level="konsultation",
                coe_level="consultation", decision_stage="agenda")
    return data


def create(client, **fields):
    data = new_form(client)
    data.update(fields)
    r = client.post("/dialoger/ny", data)
    assert r.status == 303, r.status
    return int(r.header("location").split("/")[2].split("?")[0])


def error_beside(html, field):
    """The message shown at the field, linked from the summary at the top."""
    m = re.search(r'<p class="error" id="%s-error">(.*?)</p>' % re.escape(field), html, re.S)
    assert m, f"an error beside {field}"
    assert f'href="#{field}"' in html, f"the summary links to {field}"
    return re.sub(r"<[^>]+>", "", m.group(1))


def assert_refused(r, action, field, shown):
    assert r.status == 422, r.status
    # The text contract's own message (the demo official reads Swedish).
    assert error_beside(r.text, field) == ("Fel: Texten innehåller osynliga styrtecken eller trasiga tecken. "
                                           "Ta bort dem eller skriv texten igen.")
    kept = field_value(find_form(r.text, action), field)
    assert kept.strip("\n") == shown, (kept, shown)


def dialogue_count(db):
    return query(db, "SELECT COUNT(*) FROM dialogue")[0][0]


@pytest.mark.parametrize("sent,shown", BAD)
def test_a_new_dialogue_with_a_control_character_in_the_title_is_refused(site, sent, shown):
    before = dialogue_count(site.db)
    data = new_form(site.official)
    data["title"] = sent
    r = site.official.post("/dialoger/ny", data)
    assert_refused(r, "/dialoger/ny", "title", shown)
    # The other fields are kept as typed too.
    assert field_value(find_form(r.text, "/dialoger/ny"), "question").strip("\n") == data["question"]
    assert dialogue_count(site.db) == before


@pytest.mark.parametrize("sent,shown", BAD)
def test_a_new_dialogue_with_a_control_character_in_the_question_is_refused(site, sent, shown):
    before = dialogue_count(site.db)
    data = new_form(site.official)
    data["question"] = f"Första raden.\n{sent}"
    r = site.official.post("/dialoger/ny", data)
    assert_refused(r, "/dialoger/ny", "question", f"Första raden.\n{shown}")
    assert field_value(find_form(r.text, "/dialoger/ny"), "title") == data["title"]
    assert dialogue_count(site.db) == before


@pytest.mark.parametrize("sent,shown", BAD)
def test_an_edit_with_a_control_character_is_refused_and_the_stored_dialogue_kept(site, sent, shown):
    did = create(site.official, title="Bryggornas sommar")
    action = f"/dialoger/{did}/redigera"
    r = site.official.get(action)
    assert r.status == 200
    data = org_form_data(find_form(r.text, action))
    data["title"] = sent
    data["background"] = f"Bakgrund.\n{sent}"
    stored = query(site.db, "SELECT title, background, updated_at FROM dialogue WHERE id = ?", (did,))
    r = site.official.post(action, data)
    assert_refused(r, action, "title", shown)
    assert_refused(r, action, "background", f"Bakgrund.\n{shown}")
    assert query(site.db, "SELECT title, background, updated_at FROM dialogue WHERE id = ?", (did,)) == stored


def test_no_break_spaces_around_the_texts_are_trimmed(site):
    did = create(site.official, title=f"{NBSP}{NBSP}Torgets träd{NBSP}", question=f"{NBSP}Vilka träd?\nVarför?{NBSP}\n",
                 can_influence=f" {NBSP}Valet av träd{NBSP} ")
    row = query(site.db, "SELECT title, question, can_influence FROM dialogue WHERE id = ?", (did,))[0]
    assert row == ("Torgets träd", "Vilka träd?\nVarför?", "Valet av träd")
    # An edit trims the same way.
    action = f"/dialoger/{did}/redigera"
    data = org_form_data(find_form(site.official.get(action).text, action))
    data["title"] = f"{NBSP}Torgets nya träd{NBSP}{NBSP}"
    assert site.official.post(action, data).status == 303
    assert query(site.db, "SELECT title FROM dialogue WHERE id = ?", (did,))[0][0] == "Torgets nya träd"


def test_a_title_of_no_break_spaces_only_is_missing(site):
    before = dialogue_count(site.db)
    data = new_form(site.official)
    data["title"] = NBSP * 3
    r = site.official.post("/dialoger/ny", data)
    assert r.status == 422
    assert error_beside(r.text, "title")
    assert dialogue_count(site.db) == before


@pytest.mark.parametrize("sent,shown", BAD)
def test_the_report_with_a_control_character_is_refused(site, sent, shown):
    did = create(site.official, title="Lekplatsens återkoppling")
    for state in ("open", "closed"):
        assert site.official.post(f"/dialoger/{did}/status", {"to": state}).status == 303
    action = f"/dialoger/{did}/aterkoppling"
    data = org_form_data(find_form(site.official.get(action).text, action))
    data.update(report_heard=f"Vi hörde mycket.\n{sent}", report_decision="Nämnden beslutade.",
                report_minutes_ref=f"{NBSP}KS § 12{NBSP}", report_used="Så här.", action="save")
    r = site.official.post(action, data)
    assert_refused(r, action, "report_heard", f"Vi hörde mycket.\n{shown}")
    assert query(site.db, "SELECT report_heard, report_minutes_ref FROM dialogue WHERE id = ?", (did,)) == [(None, None)]
    # Without the bad character it is saved, the reference trimmed of its no-break spaces.
    data["report_heard"] = "Vi hörde mycket."
    assert site.official.post(action, data).status == 303
    assert query(site.db, "SELECT report_heard, report_minutes_ref FROM dialogue WHERE id = ?", (did,)) == [
        ("Vi hörde mycket.", "KS § 12")]
