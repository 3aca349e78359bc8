"""The JSON API: list shape, filters, paging, problem details for bad parameters, public data only."""

import pytest

from conftest import partial_code

PROBLEM_FIELDS = {"type", "title", "status", "detail"}


def assert_problem(r, status):
    assert r.status == status, (r, r.text[:300])
    assert r.header("content-type").startswith("application/problem+json")
    j = r.json()
    assert PROBLEM_FIELDS <= set(j), j
    assert j["status"] == status
    assert isinstance(j["title"], str) and j["title"]
    assert isinstance(j["detail"], str) and j["detail"]
    return j


def test_list_shape(anon, db):
    r = anon.get("/api/v1/organisations")
    assert r.status == 200
    assert r.header("content-type").startswith("application/json")
    j = r.json()
    assert set(j) >= {"items", "total", "page", "per_page"}
    assert j["page"] == 1 and 1 <= j["per_page"] <= 100
    assert j["total"] == db.execute("SELECT COUNT(*) FROM organisation WHERE public = 1").fetchone()[0]
    assert len(j["items"]) == min(j["per_page"], j["total"])
    item = j["items"][0]
    assert {"id", "name", "legal_form", "categories", "target_groups", "districts"} <= set(item)
    assert isinstance(item["categories"], list)


def test_item_shape_and_no_personal_data(anon, db):
    oid = db.execute("SELECT organisation_id FROM contact_person cp JOIN organisation o ON o.id = cp.organisation_id "
                     "WHERE o.public = 1 LIMIT 1").fetchone()[0]
    r = anon.get(f"/api/v1/organisations/{oid}")
    assert r.status == 200
    j = r.json()
    assert j["id"] == oid
    assert j["name"] == db.execute("SELECT name FROM organisation WHERE id = ?", (oid,)).fetchone()[0]
    assert not {"contacts", "contact_persons", "contact", "representatives"} & set(j)
    for name, email in db.execute("SELECT name, email FROM contact_person WHERE organisation_id = ?", (oid,)):
        assert name not in r.text
        if email:
            assert email not in r.text


def test_paging(anon):
    a = anon.get("/api/v1/organisations?per_page=7&page=1").json()
    b = anon.get("/api/v1/organisations?per_page=7&page=2").json()
    assert a["per_page"] == b["per_page"] == 7
    assert b["page"] == 2
    assert a["total"] == b["total"]
    assert len(a["items"]) == len(b["items"]) == 7
    assert not {i["id"] for i in a["items"]} & {i["id"] for i in b["items"]}
    last = anon.get(f"/api/v1/organisations?per_page=100&page={a['total'] // 100 + 5}").json()
    assert last["items"] == []


def test_per_page_100_allowed(anon):
    j = anon.get("/api/v1/organisations?per_page=100").json()
    assert j["per_page"] == 100
    assert len(j["items"]) == min(100, j["total"])


@pytest.mark.parametrize("query", ["per_page=101", "per_page=0", "per_page=-1", "per_page=x", "page=abc", "page=0",
                                   "page=1.5", "page=", "per_page=99999999999999999999", "category=finns-inte",
                                   "district=mars", "sort=random"])
def test_bad_parameters_are_400_problems(anon, query):
    j = assert_problem(anon.get(f"/api/v1/organisations?{query}"), 400)
    param = query.split("=")[0]
    assert param in j["detail"], "the detail names the parameter"


def test_problem_in_english_too(anon):
    r = anon.get("/api/v1/organisations?per_page=101", headers={"Accept-Language": "en"})
    j = assert_problem(r, 400)
    assert "per_page" in j["detail"]


@pytest.mark.parametrize("path", ["/api/v1/organisations/999999999", "/api/v1/organisations/abc", "/api/v1/organisations/0",
                                  "/api/v1/finns-inte", "/api/v1/organisations/1/x"])
def test_unknown_is_404_problem(anon, path):
    assert_problem(anon.get(path), 404)


def test_hidden_organisation_is_404(anon, db):
    row = db.execute("SELECT id FROM organisation WHERE public = 0 LIMIT 1").fetchone()
    if not row:
        pytest.skip("no hidden organisation in the demo")
    assert_problem(anon.get(f"/api/v1/organisations/{row[0]}"), 404)
    items = anon.get("/api/v1/organisations?per_page=100&sort=updated").json()["items"]
    assert row[0] not in {i["id"] for i in items}


@pytest.mark.parametrize("param,table,column", [
    ("category", "organisation_category", "category_code"),
    ("district", "organisation_district", "district_code"),
    ("target_group", "organisation_target_group", "target_group_code"),
])
def test_filters(anon, db, param, table, column):
    code, n = partial_code(db, table, column)
    everything = anon.get("/api/v1/organisations").json()["total"]
    j = anon.get(f"/api/v1/organisations?{param}={code}&per_page=100").json()
    assert j["total"] == n < everything
    for item in j["items"]:
        assert code in item[param + "s" if param != "category" else "categories"]


def test_legal_form_filter(anon, db):
    code, n = db.execute("SELECT legal_form, COUNT(*) n FROM organisation WHERE public = 1 GROUP BY legal_form "
                         "ORDER BY n DESC LIMIT 1").fetchone()
    j = anon.get(f"/api/v1/organisations?legal_form={code}&per_page=100").json()
    assert j["total"] == n
    assert all(i["legal_form"] == code for i in j["items"])


def test_api_not_an_html_page(anon):
    r = anon.get("/api/v1/organisations")
    assert not r.body.lstrip().startswith(b"<")


def test_api_post_not_allowed(anon):
    r = anon.request("POST", "/api/v1/organisations", body=b"{}", headers={"Content-Type": "application/json"})
    assert r.status in (403, 405)
    assert not r.body.lstrip().startswith(b"<") or r.status == 405


def test_api_same_for_staff(official, anon):
    assert official.get("/api/v1/organisations").json()["total"] == anon.get("/api/v1/organisations").json()["total"]
