"""Collaboration areas and goals as open data (/api/v1/areas, /api/v1/goals: exact fields, each
goal's values and status, nobody's name, 404 and 400 as problem details), dialogues linked to an
area and one of its goals (a goal of another area refused with what was typed kept, the area's
page listing the dialogue), and the menu's link to the areas."""

import re

from conftest import field_value, find_form, main_html, org_form_data, page_text, query
from test_api_organisations import assert_problem
from test_area_pages import create_area, goal_data
from test_dialogues import create_dialogue, new_form

AREA_KEYS = {"id", "title", "description", "status", "committee", "starts_on", "ends_on", "goal_count", "created_at",
             "updated_at", "url"}
GOAL_KEYS = {"id", "area", "statement", "unit", "direction", "baseline", "target", "source", "status", "values",
             "created_at", "updated_at", "url"}


def create_goal(client, area, **fields):
    data = goal_data(client, area)
    data.update(fields)
    r = client.post(f"/samverkansomraden/{area}/mal/ny", data)
    assert r.status == 303, page_text(r.text)[:1000]
    return int(re.fullmatch(r"/mal/(\d+)\?sparad=1", r.header("location")).group(1))


def test_areas_and_goals_as_open_data(official, anon, server):
    db = server.db
    area, title = create_area(official, db, ends_on="2027-12-31")
    goal = create_goal(official, area)
    r = official.get(f"/mal/{goal}")
    for day, value, comment in (("2026-03-01", "12", "Räknat i mars"), ("2026-07-02", "25,5", "")):
        data = org_form_data(find_form(r.text, f"/mal/{goal}/varden"), measured_on=day, value=value, comment=comment)
        assert official.post(f"/mal/{goal}/varden", data).status == 303
    official_name, = [n for (n,) in query(db, "SELECT name FROM account WHERE email = 'tjansteperson@exempel.se'")]
    committee, = query(db, "SELECT c.id, c.name FROM committee c JOIN area a ON a.committee_id = c.id WHERE a.id = ?",
                       (area,))
    department, = query(db, "SELECT id, name FROM department WHERE code = 'kultur-fritid'")
    created, updated = query(db, "SELECT created_at, updated_at FROM goal WHERE id = ?", (goal,))[0]

    r = anon.get(f"/api/v1/goals/{goal}")
    assert r.status == 200 and r.header("content-type").startswith("application/json")
    assert r.header("access-control-allow-origin") == "*"
    j = r.json()
    assert j == {
        "id": goal, "area": {"id": area, "title": title}, "statement": "Fler föreningar deltar", "unit": "föreningar",
        "direction": "higher", "baseline": {"value": 10, "date": "2026-01-01"},
        "target": {"value": 30, "date": "2027-01-01"}, "source": {"type": "typed"},
        # 25.5 on 2026-07-02 is ahead of the line (≈ 20): on track.
        "status": "on_track",
        "values": [{"date": "2026-03-01", "value": 12, "comment": "Räknat i mars"},
                   {"date": "2026-07-02", "value": 25.5, "comment": None}],
        "created_at": created, "updated_at": updated, "url": f"/mal/{goal}"}
    # Who typed the values is personal data: never in the API.
    assert official_name not in r.text and "tjansteperson" not in r.text

    j = anon.get(f"/api/v1/areas/{area}").json()
    assert set(j) == AREA_KEYS | {"departments", "principles", "partners", "goals"}
    assert (j["id"], j["title"], j["status"], j["starts_on"], j["ends_on"], j["goal_count"], j["url"]) == (
        area, title, "active", "2026-01-01", "2027-12-31", 1, f"/samverkansomraden/{area}")
    assert j["description"] == "Fler mötesplatser.\n\nTillsammans med föreningarna."
    assert j["committee"] == {"id": committee[0], "name": committee[1]}
    assert j["departments"] == [{"id": department[0], "name": department[1]}]
    assert j["principles"] == ["P1"] and j["partners"] == []
    assert [g["id"] for g in j["goals"]] == [goal] and set(j["goals"][0]) == GOAL_KEYS
    assert official_name not in anon.get(f"/api/v1/areas/{area}").text

    # The goals of one area, paged like every list.
    j = anon.get(f"/api/v1/goals?area={area}").json()
    assert (j["total"], j["page"], j["per_page"], [g["id"] for g in j["items"]]) == (1, 1, 20, [goal])
    assert anon.get(f"/api/v1/goals?area={area}&page=2").json()["items"] == []
    total, = [n for (n,) in query(db, "SELECT COUNT(*) FROM area")]
    seen = []
    for page in range(1, total // 100 + 2):
        j = anon.get(f"/api/v1/areas?per_page=100&page={page}").json()
        assert j["total"] == total
        seen += j["items"]
    assert len(seen) == total
    mine, = [a for a in seen if a["id"] == area]
    assert set(mine) == AREA_KEYS and mine["goal_count"] == 1

    for path in (f"/api/v1/goals/999999999", "/api/v1/goals/abc", "/api/v1/areas/999999999", "/api/v1/areas/0"):
        assert_problem(anon.get(path), 404)
    for q in ("area=x", "area=0", "per_page=101", "page=0"):
        assert_problem(anon.get(f"/api/v1/goals?{q}"), 400)
    assert_problem(anon.get("/api/v1/areas?per_page=abc"), 400)


def test_a_kolada_goal_names_its_kpi_and_a_missing_value_is_null(anon, server):
    db = server.db
    rows = query(db, "SELECT g.id, g.kolada_kpi, g.kolada_municipality FROM goal g WHERE g.source = 'kolada' "
                     "ORDER BY g.id LIMIT 1")
    assert rows, "the demo has a Kolada goal"
    goal, kpi, municipality = rows[0]
    j = anon.get(f"/api/v1/goals/{goal}").json()
    assert j["source"]["type"] == "kolada" and j["source"]["kpi"] == kpi
    assert j["source"]["municipality"] == municipality
    assert any(v["value"] is None for v in j["values"])  # the demo's 2023 had no value
    stored = query(db, "SELECT measured_on, value FROM goal_value WHERE goal_id = ? ORDER BY measured_on", (goal,))
    assert [(v["date"], v["value"]) for v in j["values"]] == [(d, float(v) if v is not None else None) for d, v in stored]


def test_a_dialogue_is_linked_to_an_area_and_one_of_its_goals(official, coordinator, anon, server):
    db = server.db
    area, area_title = create_area(official, db)
    other, _ = create_area(official, db)
    goal = create_goal(official, area, statement="Fler unga i föreningarna")
    other_goal = create_goal(official, other, statement="Ett mål i ett annat område")
    proposed, _ = create_area(official, db, status="proposed")

    form, html = new_form(official)
    offered = re.findall(r'<option value="(\d+)"', main_html(html).split('name="area_id"')[1].split("</select>")[0])
    assert str(area) in offered and str(other) in offered and str(proposed) not in offered

    # A goal of another area: refused at the field, everything typed kept.
    data = org_form_data(form)
    data.update(title="Bryggorna och mötesplatserna", question="Vad behövs?", skr_level="dialog",
                coe_level="dialogue", decision_stage="drafting", area_id=str(area), goal_id=str(other_goal))
    r = official.post("/dialoger/ny", data)
    assert r.status == 422
    assert "Målet måste vara ett av det valda samverkansområdets mål." in page_text(r.text)
    again = find_form(r.text, "/dialoger/ny")
    assert (field_value(again, "title"), field_value(again, "area_id"), field_value(again, "goal_id")) == (
        "Bryggorna och mötesplatserna", str(area), str(other_goal))
    assert 'aria-invalid="true"' in re.search(r'<select id="goal_id" name="goal_id"[^>]*>', r.text).group(0)
    assert 'aria-invalid' not in re.search(r'<select id="area_id" name="area_id"[^>]*>', r.text).group(0)
    # A proposed area is not offered, and refused if sent.
    data.update(area_id=str(proposed), goal_id="")
    r = official.post("/dialoger/ny", data)
    assert r.status == 422 and "Välj ett aktivt samverkansområde, eller inget." in page_text(r.text)
    assert query(db, "SELECT COUNT(*) FROM dialogue WHERE title = 'Bryggorna och mötesplatserna'") == [(0,)]

    did, title = create_dialogue(official, area_id=str(area), goal_id=str(goal))
    assert query(db, "SELECT area_id, goal_id FROM dialogue WHERE id = ?", (did,)) == [(area, goal)]
    detail, = [d for (d,) in query(db, "SELECT detail FROM audit_log WHERE entity = 'dialogue' AND entity_id = ? "
                                       "AND action = 'create'", (did,))]
    assert title in detail

    # The dialogue's page says what it is part of, with links.
    r = official.get(f"/dialoger/{did}")
    assert (f'Del av samverkansområdet <a href="/samverkansomraden/{area}">{area_title}</a>, målet '
            f'<a href="/mal/{goal}">Fler unga i föreningarna</a>.') in r.text
    # The area's page lists it for those who see the draft; the public sees it once it is planned.
    r = official.get(f"/samverkansomraden/{area}")
    assert f'<a href="/dialoger/{did}">{title}</a>' in r.text
    assert f'/dialoger/{did}"' not in anon.get(f"/samverkansomraden/{area}").text
    assert "Inga dialoger är kopplade till området ännu." in page_text(anon.get(f"/samverkansomraden/{area}").text)
    assert official.post(f"/dialoger/{did}/status", {"to": "planned"}).status == 303
    r = anon.get(f"/samverkansomraden/{area}")
    assert f'<a href="/dialoger/{did}">{title}</a>' in r.text
    assert f'<a href="/mal/{goal}">Fler unga i föreningarna</a>' in r.text
    assert f'/dialoger/{did}"' not in anon.get(f"/samverkansomraden/{other}").text
    j = anon.get(f"/api/v1/dialogues/{did}").json()
    assert j["area"] == {"id": area, "title": area_title, "url": f"/samverkansomraden/{area}"}
    assert j["goal"] == {"id": goal, "statement": "Fler unga i föreningarna", "url": f"/mal/{goal}"}

    # Edited: the link can be removed, and the audit row names the fields that changed.
    r = official.get(f"/dialoger/{did}/redigera")
    data = org_form_data(find_form(r.text, f"/dialoger/{did}/redigera"))
    assert (data["area_id"], data["goal_id"]) == (str(area), str(goal))
    data.update(area_id="", goal_id="")
    assert official.post(f"/dialoger/{did}/redigera", data).status == 303
    assert query(db, "SELECT area_id, goal_id FROM dialogue WHERE id = ?", (did,)) == [(None, None)]
    assert (anon.get(f"/api/v1/dialogues/{did}").json()["area"], anon.get(f"/api/v1/dialogues/{did}").json()["goal"]) == (
        None, None)
    last, = query(db, "SELECT detail FROM audit_log WHERE entity = 'dialogue' AND entity_id = ? ORDER BY id DESC "
                      "LIMIT 1", (did,))
    assert '"area_id"' in last[0] and '"goal_id"' in last[0]
    # A goal without an area is refused too.
    data.update(goal_id=str(goal))
    r = official.post(f"/dialoger/{did}/redigera", data)
    assert r.status == 422 and "Målet måste vara ett av det valda samverkansområdets mål." in page_text(r.text)


def test_the_menu_links_to_the_areas_for_everyone(anon, official, representative):
    for client in (anon, official, representative):
        r = client.get("/")
        nav = r.text.split("<nav", 1)[1].split("</nav>", 1)[0]
        assert re.search(r'<a href="/samverkansomraden"[^>]*>Samverkansområden</a>', nav), nav
