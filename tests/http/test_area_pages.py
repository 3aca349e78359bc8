"""The collaboration areas and goals on the web: an official of the running department creates an
area and a goal through the forms (field errors in Swedish, what was typed kept), records typed
values on the goal's page, and everyone reads the list, the area's page and the goal's values as a
table with a sentence that says where it stands; officials of other departments and the public
cannot change them."""

import itertools
import re

from conftest import field_value, find_form, org_form_data, page_text, query
from action_plan_helpers import add_action, adopt, create_plan
from test_pages_render import assert_layout

_seq = itertools.count(1)


def create_area(client, db, **fields):
    r = client.get("/samverkansomraden/ny")
    assert r.status == 200, r
    data = org_form_data(find_form(r.text, "/samverkansomraden/ny"))
    title = fields.pop("title", f"Mötesplatser på öarna {next(_seq)}")
    committee, = [c for (c,) in query(db, "SELECT id FROM committee WHERE code = 'kfn'")]
    data.update(title=title, description="Fler mötesplatser.\n\nTillsammans med föreningarna.",
                committee_id=str(committee), status="active", starts_on="2026-01-01", ends_on="")
    data.update(fields)
    r = client.post("/samverkansomraden/ny", data)
    assert r.status == 303, page_text(r.text)[:1000]
    m = re.fullmatch(r"/samverkansomraden/(\d+)\?sparad=1", r.header("location"))
    return int(m.group(1)), title


def goal_data(client, area):
    r = client.get(f"/samverkansomraden/{area}/mal/ny")
    assert r.status == 200, r
    data = org_form_data(find_form(r.text, f"/samverkansomraden/{area}/mal/ny"))
    data.update(statement="Fler föreningar deltar", unit="föreningar", direction="higher", baseline_value="10",
                baseline_on="2026-01-01", target_value="30", target_on="2027-01-01", source="typed")
    return data


def test_an_official_creates_an_area_and_a_goal_and_records_values(official, anon, server):
    # Field errors in Swedish, with what was typed kept.
    r = official.get("/samverkansomraden/ny")
    data = org_form_data(find_form(r.text, "/samverkansomraden/ny"))
    data.update(title="", status="active", starts_on="2026-02-30", description="Min text")
    r = official.post("/samverkansomraden/ny", data)
    assert r.status == 422
    text = page_text(r.text)
    assert "Skriv områdets rubrik." in text
    assert "Välj den nämnd som äger området." in text
    assert "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-05-04." in text
    assert field_value(find_form(r.text, "/samverkansomraden/ny"), "starts_on") == "2026-02-30"
    assert ">Min text</textarea>" in r.text

    area, title = create_area(official, server.db)
    assert query(server.db, "SELECT title, status, starts_on FROM area WHERE id = ?", (area,)) == [
        (title, "active", "2026-01-01")]
    # The official's own department runs it, and P1 is ticked from the start.
    assert query(server.db, "SELECT d.code FROM area_department ad JOIN department d ON d.id = ad.department_id "
                            "WHERE ad.area_id = ?", (area,)) == [("kultur-fritid",)]
    assert query(server.db, "SELECT principle FROM area_principle WHERE area_id = ?", (area,)) == [("P1",)]

    data = goal_data(official, area)
    data.update(target_on="2025-01-01", baseline_value="tio")
    r = official.post(f"/samverkansomraden/{area}/mal/ny", data)
    assert r.status == 422
    text = page_text(r.text)
    assert "Skriv ett tal, till exempel 42 eller 42,5." in text
    assert "Måldatumet måste vara efter utgångslägets datum." in text
    assert field_value(find_form(r.text, "/mal/ny"), "baseline_value") == "tio"

    r = official.post(f"/samverkansomraden/{area}/mal/ny", goal_data(official, area))
    assert r.status == 303
    goal = int(re.fullmatch(r"/mal/(\d+)\?sparad=1", r.header("location")).group(1))
    assert query(server.db, "SELECT area_id, statement, baseline_value, target_value, source FROM goal WHERE id = ?",
                 (goal,)) == [(area, "Fler föreningar deltar", "10", "30", "typed")]

    r = official.get(f"/mal/{goal}")
    form = find_form(r.text, f"/mal/{goal}/varden")
    data = org_form_data(form)
    data.update(measured_on="2026-07-02", value="25,5", comment="Räknat på träffarna")
    r = official.post(f"/mal/{goal}/varden", data)
    assert r.status == 303 and r.header("location") == f"/mal/{goal}?varde=1"
    assert query(server.db, "SELECT measured_on, value, comment FROM goal_value WHERE goal_id = ?", (goal,)) == [
        ("2026-07-02", "25.5", "Räknat på träffarna")]
    data.update(value="många")
    r = official.post(f"/mal/{goal}/varden", data)
    assert r.status == 422 and field_value(find_form(r.text, "/varden"), "value") == "många"

    # Changed: the new target is kept, and so are the values.
    r = official.get(f"/mal/{goal}/redigera")
    data = org_form_data(find_form(r.text, f"/mal/{goal}/redigera"))
    assert (data["statement"], data["baseline_value"], data["source"]) == ("Fler föreningar deltar", "10", "typed")
    data.update(target_value="35")
    r = official.post(f"/mal/{goal}/redigera", data)
    assert r.status == 303 and r.header("location") == f"/mal/{goal}?sparad=1"
    assert query(server.db, "SELECT target_value FROM goal WHERE id = ?", (goal,)) == [("35",)]
    assert query(server.db, "SELECT action, detail FROM audit_log WHERE entity = 'goal' AND entity_id = ? "
                            "ORDER BY id", (goal,))[-1] == ("update", '{"changed":["target_value"]}')
    data.update(target_value="30")
    assert official.post(f"/mal/{goal}/redigera", data).status == 303

    # The public reads it all: the list, the area, the goal's sentence and table.
    r = anon.get("/samverkansomraden")
    assert r.status == 200
    assert_layout(r.text)
    assert f'href="/samverkansomraden/{area}"' in r.text
    r = anon.get(f"/samverkansomraden/{area}")
    assert r.status == 200
    assert_layout(r.text)
    assert f'<a href="/mal/{goal}">Fler föreningar deltar</a>' in r.text
    r = anon.get(f"/mal/{goal}")
    assert r.status == 200
    assert_layout(r.text)
    text = page_text(r.text)
    # 2026-07-02 is 182 of 365 days along: the line expects 10 + 20·182/365 ≈ 20.0; 25.5 is ahead.
    assert ("I fas 25,5 föreningar den 2026-07-02, mål 30 föreningar senast 2027-01-01, "
            "från 10 föreningar den 2026-01-01.") in text
    assert "2026-07-02 25,5 föreningar 20 föreningar Räknat på träffarna" in text
    assert f"/mal/{goal}/varden" not in r.text
    assert anon.get("/mal/999999").status == 404


def test_others_cannot_change_an_area_or_its_goals(official, coordinator, anon, server):
    social, = [d for (d,) in query(server.db, "SELECT id FROM department WHERE code = 'social'")]
    area, _ = create_area(coordinator, server.db, department_ids=[str(social)])
    # The official of another department: refused by the domain, the form not offered.
    assert official.get(f"/samverkansomraden/{area}/redigera").status == 403
    assert official.get(f"/samverkansomraden/{area}/mal/ny").status == 403
    r = coordinator.post(f"/samverkansomraden/{area}/mal/ny", goal_data(coordinator, area))
    goal = int(re.fullmatch(r"/mal/(\d+)\?sparad=1", r.header("location")).group(1))
    assert official.get(f"/mal/{goal}/redigera").status == 403
    assert official.post(f"/mal/{goal}/varden", {"measured_on": "2026-07-02", "value": "1"}).status == 403
    assert query(server.db, "SELECT COUNT(*) FROM goal_value WHERE goal_id = ?", (goal,)) == [(0,)]
    assert "/redigera" not in official.get(f"/samverkansomraden/{area}").text
    # An official may not make an area their own department does not run.
    r = official.get("/samverkansomraden/ny")
    data = org_form_data(find_form(r.text, "/samverkansomraden/ny"))
    committee, = [c for (c,) in query(server.db, "SELECT id FROM committee WHERE code = 'kfn'")]
    data.update(title="Inte mitt", committee_id=str(committee), department_ids=[str(social)])
    r = official.post("/samverkansomraden/ny", data)
    assert r.status == 422
    assert "Din egen förvaltning måste vara en av dem som driver området." in page_text(r.text)
    # The public: sent to sign in.
    r = anon.get("/samverkansomraden/ny")
    assert r.status in (302, 303, 401, 403)
    assert query(server.db, "SELECT COUNT(*) FROM area WHERE title = 'Inte mitt'") == [(0,)]


def test_the_area_page_lists_the_adopted_plans_actions_for_its_goals(official, anon, server):
    """The area's page shows the actions of adopted action plans that work towards its goals, and
    nothing of a plan still being drafted (what the public may read)."""
    db = server.db
    area, _ = create_area(official, db)
    r = official.post(f"/samverkansomraden/{area}/mal/ny", goal_data(official, area))
    assert r.status == 303
    (goal,), = query(db, "SELECT id FROM goal WHERE area_id = ?", (area,))[:1]
    # Two plans of the official's department in years no other test uses: one adopted, one a draft.
    adopted = create_plan(official, db, 2031)
    add_action(official, adopted, what="Öppna mötesplatsen på Munsö", due_on="2031-05-01", goal_ids=[str(goal)])
    add_action(official, adopted, what="En åtgärd utan mål här", due_on="2031-06-01")
    assert adopt(official, adopted, "2026-11-01", "KFN 2031/1").status == 303
    draft = create_plan(official, db, 2032)
    add_action(official, draft, what="Ett utkast som inte syns", due_on="2032-05-01", goal_ids=[str(goal)])

    expected = [w for (w,) in query(db, (
        "SELECT x.what FROM plan_action x JOIN action_plan p ON p.id = x.plan_id WHERE p.state = 'adopted' "
        "AND x.id IN (SELECT pg.action_id FROM plan_action_goal pg JOIN goal g ON g.id = pg.goal_id "
        "WHERE g.area_id = ?) ORDER BY x.due_on, x.id"), (area,))]
    assert expected == ["Öppna mötesplatsen på Munsö"]
    html = anon.get(f"/samverkansomraden/{area}").text
    section = html.split("<h2>Åtgärder i handlingsplanerna</h2>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th>', section)
    assert rows == expected
    assert f'<a href="/handlingsplaner/{adopted}">Handlingsplan 2031</a>' in section
    assert 'data-label="Klart senast"' in section and "2031-05-01" in section
    assert "Ett utkast som inte syns" not in html and "En åtgärd utan mål här" not in html


def test_an_official_names_partner_organisations_by_name_or_number(official, anon, server):
    """Partners are chosen from the public register in the area's form: by organisation number or by
    the exact name; an unknown one is refused with what was typed kept; unticking removes one."""
    db = server.db
    area, title = create_area(official, db)
    (by_number, number), = query(db, "SELECT id, org_number FROM organisation WHERE public = 1 AND org_number "
                                     "IS NOT NULL AND org_number <> '' ORDER BY id LIMIT 1")
    (by_name, name), = query(db, "SELECT id, name FROM organisation o WHERE public = 1 AND id <> ? AND (SELECT COUNT(*) "
                                 "FROM organisation p WHERE p.name = o.name) = 1 ORDER BY id LIMIT 1", (by_number,))

    def save(**fields):
        r = official.get(f"/samverkansomraden/{area}/redigera")
        data = org_form_data(find_form(r.text, f"/samverkansomraden/{area}/redigera"))
        data.update(fields)
        return official.post(f"/samverkansomraden/{area}/redigera", data)

    def partners():
        return [o for (o,) in query(db, "SELECT organisation_id FROM area_partner WHERE area_id = ? "
                                        "ORDER BY organisation_id", (area,))]

    # The number as people write it (no hyphen), then the name.
    assert save(partner_add=number.replace("-", "")).status == 303
    assert partners() == [by_number]
    assert save(partner_add=name).status == 303
    assert partners() == sorted([by_number, by_name])
    html = anon.get(f"/samverkansomraden/{area}").text
    assert f'<a href="/organisationer/{by_name}">' in html and f'<a href="/organisationer/{by_number}">' in html

    # Unknown: refused on the field, what was typed kept, nothing changed.
    r = save(partner_add="Föreningen som inte finns")
    assert r.status == 422
    assert "Ingen organisation i det offentliga registret har det namnet eller organisationsnumret." in page_text(r.text)
    assert field_value(find_form(r.text, f"/samverkansomraden/{area}/redigera"), "partner_add") == \
        "Föreningen som inte finns"
    assert partners() == sorted([by_number, by_name])

    # Unticking one removes it (the form posts the ticked ones only).
    r = official.get(f"/samverkansomraden/{area}/redigera")
    data = org_form_data(find_form(r.text, f"/samverkansomraden/{area}/redigera"))
    assert sorted(int(v) for v in data["partner_ids"]) == sorted([by_number, by_name])
    data["partner_ids"] = [str(by_name)]
    assert official.post(f"/samverkansomraden/{area}/redigera", data).status == 303
    assert partners() == [by_name]
    assert query(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'area' AND entity_id = ?", (area,))[0][0] >= 4
