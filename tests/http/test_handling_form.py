"""The one handling form on /synpunkter/{id} (issue 12): status, case number, responsible official
and answer saved together by one button, in one transaction. For EVERY combination of the four
fields (status changed or not × case number typed or not × handler chosen or not × answer typed or
not) it is sent valid — everything typed is stored — and with one field invalid — 422, every
typed value back in the form, the error on that field, nothing stored. Also: the old three forms
are gone, the page says whether the sender agreed to publication. Both stores."""

import itertools
import re

import pytest

from admin_fixtures import site  # noqa: F401 — a fixture
from conftest import OFFICIAL, REPRESENTATIVE, field_value, find_form, page_text, parse_forms, query

_seq = itertools.count(1)
FIELDS = ("status", "case", "handler", "answer")
COMBOS = list(itertools.product((False, True), repeat=4))
# Each combination once valid, and once with one field invalid: the invalid field turns with the
# combination, so every field is the invalid one in four combinations.
CASES = [(combo, None) for combo in COMBOS] + [(combo, FIELDS[i % 4]) for i, combo in enumerate(COMBOS)]


def english(client):
    assert client.get("/sprak?lang=en&next=/").status == 303
    return client


@pytest.fixture(scope="module")
def people(site):
    rep = english(site.representative)
    official = english(site.official)
    _, other = site.person("official", department="social", tag="annan")
    return {"rep": rep, "official": official, "official_id": site.account_id(OFFICIAL),
            "rep_id": site.account_id(REPRESENTATIVE), "other_official_id": other}


def new_submission(site, people, status="received"):
    """A standalone view to the demo official's department, sent through the form; its id."""
    r = people["rep"].get("/synpunkter/ny")
    form = find_form(r.text, "/synpunkter/ny")
    data = dict(form["fields"])
    dep = query(site.db, "SELECT department_id FROM account WHERE id = ?", (people["official_id"],))[0][0]
    data.update({"kind": "view", "title": f"Hanteringsformulär {next(_seq)}", "body": "Text.",
                 "department_id": str(dep), "on_behalf": "me"})
    data.pop("publish", None)
    r = people["rep"].post("/synpunkter/ny", data)
    assert r.status == 303, page_text(r.text)[:800]
    sid = int(re.search(r"/synpunkter/(\d+)", r.header("location")).group(1))
    if status != "received":
        with site.writable() as w:
            w.execute("UPDATE submission SET status = ?, acknowledged_at = received_at WHERE id = ?", (status, sid))
    return sid


def stored(site, sid):
    cols = ("status", "case_number", "handler_account_id", "answer", "acknowledged_at")
    r = query(site.db, f"SELECT {', '.join(cols)} FROM submission WHERE id = ?", (sid,))[0]
    return dict(zip(cols, r))


def error_links(html):
    m = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return re.findall(r'href="#([^"]+)"', m.group(0)) if m else []


@pytest.mark.parametrize("combo, invalid", CASES,
                         ids=[("+".join(f for f, on in zip(FIELDS, c) if on) or "nothing") + (f"-bad-{b}" if b else "")
                              for c, b in CASES])
def test_every_combination_of_the_handling_fields(site, people, combo, invalid):
    change_status, typed_case, chosen_handler, typed_answer = combo
    # A move submission_status_move_allowed refuses: acknowledged from in progress.
    sid = new_submission(site, people, status="in_progress" if invalid == "status" else "received")
    before = stored(site, sid)
    audit_before = len(site.audit("submission", sid))
    official = people["official"]
    page = official.get(f"/synpunkter/{sid}")
    assert page.status == 200
    form = find_form(page.text, f"/synpunkter/{sid}/behandling")
    data = dict(form["fields"])
    n = next(_seq)
    if change_status or invalid == "status":
        data["status"] = "acknowledged"
    if typed_case or invalid == "case":
        data["case_number"] = "X" * 51 if invalid == "case" else f"KFN 2026/{n}"
    if chosen_handler or invalid == "handler":
        # Another department's official may not be made responsible.
        data["handler"] = str(people["other_official_id"] if invalid == "handler" else people["official_id"])
    if typed_answer or invalid == "answer":
        data["answer"] = "Ä" * 20001 if invalid == "answer" else f"Svar nummer {n}."
    data["note"] = f"Anteckning {n}"
    r = official.post(f"/synpunkter/{sid}/behandling", data)

    if invalid:
        assert r.status == 422, page_text(r.text)[:800]
        assert error_links(r.text) == [{"case": "case_number"}.get(invalid, invalid)]
        # Nothing stored, nothing audited.
        assert stored(site, sid) == before
        assert len(site.audit("submission", sid)) == audit_before
        # Every typed value comes back in the one form.
        back = find_form(r.text, f"/synpunkter/{sid}/behandling")
        for name in ("status", "case_number", "handler", "answer", "note"):
            if name in data:
                assert field_value(back, name) == data[name], name
        return

    assert r.status == 303, page_text(r.text)[:800]
    after = stored(site, sid)
    expected_status = "answered" if typed_answer else "acknowledged" if change_status else "received"
    assert after["status"] == expected_status
    assert after["case_number"] == (data["case_number"] if typed_case else None)
    assert after["handler_account_id"] == (people["official_id"] if chosen_handler else None)
    assert after["answer"] == (data["answer"] if typed_answer else None)
    assert bool(after["acknowledged_at"]) == (change_status or typed_answer)
    actions = [a[1] for a in site.audit("submission", sid)]
    assert actions == ["create"] + (["case"] if typed_case or chosen_handler else []) + \
        (["status"] if change_status else []) + (["answer"] if typed_answer else [])


def test_one_form_replaces_the_three_and_tells_about_publication(site, people):
    sid = new_submission(site, people)
    html = people["official"].get(f"/synpunkter/{sid}").text
    actions = [f["action"] for f in parse_forms(html) if f["action"] and f"/synpunkter/{sid}/" in f["action"]]
    assert actions == [f"/synpunkter/{sid}/behandling"], actions
    assert "The writer did not agree to publication" in page_text(html)
    # Sending the form unchanged changes nothing and says so.
    form = find_form(html, f"/synpunkter/{sid}/behandling")
    r = people["official"].post(f"/synpunkter/{sid}/behandling", dict(form["fields"]))
    assert r.status == 303 and "klart=oforandrat" in r.header("location")
    assert [a[1] for a in site.audit("submission", sid)] == ["create"]
    # Closing while sending an answer is one error on the status, nothing stored.
    data = dict(form["fields"], status="closed", note="Stängs.", answer="Ett svar.")
    r = people["official"].post(f"/synpunkter/{sid}/behandling", data)
    assert r.status == 422 and error_links(r.text) == ["status"]
    assert stored(site, sid)["status"] == "received"
