"""The JSON API for views and proposals: the shape of one and of a list, filters and paging,
problem details for bad parameters, and published ones only (404 for the rest, whoever asks) —
never a person's name or address."""

import pytest

from admin_fixtures import site  # noqa: F401 — a fixture
from conftest import OFFICIAL, REPRESENTATIVE, query
from test_submissions import answer, change_status, dept_id, english, hide, make_dialogue, row, submit

PROBLEM_FIELDS = {"type", "title", "status", "detail"}
ITEM_FIELDS = {"id", "dialogue_id", "department", "kind", "title", "text", "organisation", "status", "received_on",
               "acknowledge_due", "answer_due", "acknowledged_on", "answered_on", "answer_workdays", "answer",
               "case_number", "url"}


def assert_problem(r, status):
    assert r.status == status, (r, r.text[:300])
    assert r.header("content-type").startswith("application/problem+json")
    j = r.json()
    assert PROBLEM_FIELDS <= set(j), j
    assert j["status"] == status
    assert isinstance(j["title"], str) and j["title"] and isinstance(j["detail"], str) and j["detail"]
    return j


@pytest.fixture(scope="module")
def data(site):
    """One dialogue with: an answered submission from organisation 1 (with a case number), one from
    a private person, one unpublished, one hidden; and one on its own to another department."""
    rep = english(site.representative)
    official = english(site.official)
    email, person_id = site.person("person", tag="api-privat")
    person = english(site.sign_in(email))
    d = make_dialogue(site)
    answered = submit(rep, dialogue=d, on_behalf="1", kind="proposal", title="API: besvarad", body="Förslagets text")
    assert change_status(official, answered, "acknowledged").status == 303
    assert official.post(f"/synpunkter/{answered}/status", {"what": "case", "case_number": "KFN 2026/7",
                                                             "handler": ""}).status == 303
    assert answer(official, answered, "Kommunens svar.").status == 303
    private = submit(person, dialogue=d, title="API: privat")
    unpublished = submit(rep, dialogue=d, on_behalf="1", title="API: opublicerad", publish=False)
    hidden = submit(rep, dialogue=d, on_behalf="2", title="API: dold")
    assert hide(english(site.coordinator), hidden, "Skäl").status == 303
    standalone = submit(rep, department=dept_id(site, "social"), on_behalf="2", title="API: fristående")
    return {"dialogue": d, "answered": answered, "private": private, "unpublished": unpublished, "hidden": hidden,
            "standalone": standalone, "person_id": person_id, "person_email": email, "rep": rep}


@pytest.fixture
def anon(site):
    return site.server.client()


def test_one_submission_has_its_public_fields(site, data, anon):
    sid = data["answered"]
    r = anon.get(f"/api/v1/submissions/{sid}")
    assert r.status == 200 and r.header("content-type").startswith("application/json")
    assert r.header("access-control-allow-origin") == "*"
    j = r.json()
    assert set(j) == ITEM_FIELDS | {"history"}
    s = row(site, sid)
    org_name = query(site.db, "SELECT name FROM organisation WHERE id = 1")[0][0]
    dep = query(site.db, "SELECT id, name FROM department WHERE id = ?", (s["department_id"],))[0]
    assert j["id"] == sid and j["dialogue_id"] == data["dialogue"]
    assert j["department"] == {"id": dep[0], "name": dep[1]}
    assert (j["kind"], j["title"], j["text"]) == ("proposal", "API: besvarad", "Förslagets text")
    assert j["organisation"] == {"id": 1, "name": org_name}
    assert j["status"] == "answered"
    assert (j["received_on"], j["acknowledge_due"], j["answer_due"]) == \
        (s["received_on"], s["acknowledge_due"], s["answer_due"])
    assert j["acknowledged_on"] == s["received_on"] and j["answered_on"] == s["answered_on"]
    assert j["answer_workdays"] == 0 and j["answer"] == "Kommunens svar."
    assert j["case_number"] == "KFN 2026/7"
    assert j["url"] == f"/synpunkter/{sid}"
    assert [h["status"] for h in j["history"]] == ["received", "acknowledged", "answered"]
    assert all(set(h) == {"status", "date"} and h["date"] == s["received_on"] for h in j["history"])
    # No person: neither the writer nor the official who answered.
    for email in (REPRESENTATIVE, OFFICIAL):
        name = query(site.db, "SELECT name FROM account WHERE email = ?", (email,))[0][0]
        assert email not in r.text and name not in r.text


def test_a_private_person_is_no_organisation_and_has_no_name(site, data, anon):
    j = anon.get(f"/api/v1/submissions/{data['private']}").json()
    assert j["organisation"] is None
    assert (j["answer"], j["answered_on"], j["acknowledged_on"], j["answer_workdays"], j["case_number"]) == \
        (None, None, None, None, None)
    text = anon.get(f"/api/v1/submissions?dialogue={data['dialogue']}").text
    name = query(site.db, "SELECT name FROM account WHERE id = ?", (data["person_id"],))[0][0]
    assert name not in text and data["person_email"] not in text


@pytest.mark.parametrize("which", ["unpublished", "hidden"])
def test_unpublished_and_hidden_ones_are_not_found_for_anyone(data, anon, which):
    sid = data[which]
    assert_problem(anon.get(f"/api/v1/submissions/{sid}"), 404)
    # Not even for the writer: the API is open data only.
    assert_problem(data["rep"].get(f"/api/v1/submissions/{sid}"), 404)


@pytest.mark.parametrize("path", ["/api/v1/submissions/999999999", "/api/v1/submissions/abc"])
def test_missing_ones_are_problem_json(anon, path):
    assert_problem(anon.get(path), 404)


def test_list_shape_filters_and_paging(site, data, anon):
    d = data["dialogue"]
    r = anon.get(f"/api/v1/submissions?dialogue={d}")
    assert r.status == 200 and r.header("access-control-allow-origin") == "*"
    j = r.json()
    assert set(j) == {"items", "total", "page", "per_page"}
    assert (j["page"], j["per_page"]) == (1, 20)
    assert [i["id"] for i in j["items"]] == [data["private"], data["answered"]], "published only, newest first"
    assert j["total"] == 2
    assert set(j["items"][0]) == ITEM_FIELDS, "the history is in the single view"
    j = anon.get(f"/api/v1/submissions?dialogue={d}&status=answered").json()
    assert [i["id"] for i in j["items"]] == [data["answered"]]
    social = dept_id(site, "social")
    j = anon.get(f"/api/v1/submissions?department={social}").json()
    assert data["standalone"] in [i["id"] for i in j["items"]]
    assert all(i["department"]["id"] == social for i in j["items"])
    assert next(i for i in j["items"] if i["id"] == data["standalone"])["dialogue_id"] is None
    a = anon.get(f"/api/v1/submissions?dialogue={d}&per_page=1&page=1").json()
    b = anon.get(f"/api/v1/submissions?dialogue={d}&per_page=1&page=2").json()
    assert (a["total"], b["total"], b["page"], b["per_page"]) == (2, 2, 2, 1)
    assert [i["id"] for i in a["items"] + b["items"]] == [data["private"], data["answered"]]
    assert anon.get(f"/api/v1/submissions?dialogue={d}&page=9").json()["items"] == []
    # Everything public, without filters, is there too; nothing unpublished is.
    every = anon.get("/api/v1/submissions?per_page=100").json()
    ids = [i["id"] for i in every["items"]]
    assert data["answered"] in ids and data["unpublished"] not in ids and data["hidden"] not in ids


@pytest.mark.parametrize("query_string", [
    "page=0", "page=abc", "page=", "per_page=0", "per_page=101", "dialogue=x", "dialogue=-1",
    "department=0", "department=kultur", "status=bogus", "status=",
])
def test_bad_parameters_are_400_problem_json(anon, query_string):
    j = assert_problem(anon.get(f"/api/v1/submissions?{query_string}"), 400)
    assert query_string.split("=")[0] in j["detail"], "the detail names the parameter"
