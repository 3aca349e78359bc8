"""Action plans on the web and as open data: an official writes their department's plan through the
forms (field errors in Swedish, typed values kept; one plan per department and period), adds
actions with principles and goals, records progress with dated notes, adopts it (the version and
its snapshot kept) and changes it afterwards (listed as history against the version); the public
sees adopted plans only, other departments' officials neither see nor change a draft; the year's
completion agrees with the test's own count; the demo has two adopted plans."""

import datetime
import itertools
import json
import re

from action_plan_helpers import add_action, create_plan, department_id, progress
from conftest import field_value, find_form, org_form_data, page_text, query
from test_pages_render import assert_layout

# Each test takes years of its own, far from the demo's plans (this year), so that one plan per
# department and period never refuses a test because of another.
_years = itertools.count(2041, 3)
PAST = "2025-12-01"  # a decision date before any clock the suite runs with


def every_td_labelled(html):
    tds = re.findall(r"<td\b[^>]*>", html)
    assert tds and all("data-label=" in td for td in tds), tds


def test_an_official_writes_adopts_and_changes_a_plan(official, anon, server):
    db = server.db
    year = next(_years)
    culture = department_id(db, "kultur-fritid")

    # Field errors in Swedish, what was typed kept.
    r = official.get("/handlingsplaner/ny")
    form = find_form(r.text, "/handlingsplaner/ny")
    assert field_value(form, "department_id") == str(culture)
    data = org_form_data(form)
    data.update(title="", period_start=f"{year}-12-31", period_end=f"{year}-01-01")
    r = official.post("/handlingsplaner/ny", data)
    assert r.status == 422
    text = page_text(r.text)
    assert "Skriv planens rubrik." in text
    assert "Slutet kan inte vara före starten." in text
    assert field_value(find_form(r.text, "/handlingsplaner/ny"), "period_start") == f"{year}-12-31"
    assert 'class="error-summary"' in r.text

    plan = create_plan(official, db, year)
    assert query(db, "SELECT department_id, title, period_start, period_end, state, version, adopted_on "
                     "FROM action_plan WHERE id = ?", (plan,)) == [
        (culture, f"Handlingsplan {year}", f"{year}-01-01", f"{year}-12-31", "draft", 0, None)]

    # One plan per department and period: an overlapping period is refused, nothing stored.
    before = query(db, "SELECT COUNT(*) FROM action_plan")
    r = official.get("/handlingsplaner/ny")
    data = org_form_data(find_form(r.text, "/handlingsplaner/ny"))
    data.update(title="Till", period_start=f"{year}-06-01", period_end=f"{year + 1}-05-31")
    r = official.post("/handlingsplaner/ny", data)
    assert r.status == 422
    assert "Förvaltningen har redan en handlingsplan för en period som överlappar den här." in page_text(r.text)
    assert query(db, "SELECT COUNT(*) FROM action_plan") == before

    # A draft: the official sees it, the public does not (page, list and API).
    assert f'href="/handlingsplaner/{plan}"' in official.get("/handlingsplaner").text
    assert anon.get(f"/handlingsplaner/{plan}").status == 404
    assert f'href="/handlingsplaner/{plan}"' not in anon.get(f"/handlingsplaner?year={year}").text
    r = anon.get(f"/api/v1/action-plans/{plan}")
    assert r.status == 404 and r.header("content-type").startswith("application/problem+json")

    # Actions: a bad one refused field by field, then four with principles and a goal.
    goal, = [g for (g,) in query(db, "SELECT MIN(id) FROM goal")]
    r = official.get(f"/handlingsplaner/{plan}/atgarder/ny")
    data = org_form_data(find_form(r.text, f"/handlingsplaner/{plan}/atgarder/ny"))
    data.update(what="", starts_on=f"{year}-05-01", due_on=f"{year}-04-01", responsible_account_id="999999")
    r = official.post(f"/handlingsplaner/{plan}/atgarder/ny", data)
    assert r.status == 422
    text = page_text(r.text)
    assert "Skriv vad som ska göras." in text
    assert "Slutdatumet kan inte vara före starten." in text
    assert "Välj ansvarig tjänsteperson i listan." in text
    assert field_value(find_form(r.text, "/atgarder/ny"), "due_on") == f"{year}-04-01"
    whats = ["Öppna en mötesplats", "Räkna besökare", "Bjud in till dialog", "Boka lokaler"]
    for i, what in enumerate(whats):
        add_action(official, plan, what=what, starts_on=f"{year}-0{i + 1}-01", due_on=f"{year}-1{i % 3}-01",
                   principles=["P1", "P9"] if i == 0 else ["P4"], goal_ids=[str(goal)] if i < 2 else [])
    actions = query(db, "SELECT id, what, status, sort FROM plan_action WHERE plan_id = ? ORDER BY sort", (plan,))
    assert [(w, s, n) for _, w, s, n in actions] == [(w, "planned", i + 1) for i, w in enumerate(whats)]
    ids = [a for a, *_ in actions]
    assert query(db, "SELECT principle FROM plan_action_principle WHERE action_id = ? ORDER BY 1", (ids[0],)) == [
        ("P1",), ("P9",)]
    assert query(db, "SELECT goal_id FROM plan_action_goal WHERE action_id IN (?, ?, ?, ?) ORDER BY action_id",
                 tuple(ids)) == [(goal,), (goal,)]

    # Progress with dated notes; a future date refused.
    r = progress(official, plan, ids[0], "done", "2999-01-01", "")
    assert r.status == 422
    text = page_text(r.text)
    assert "Datumet kan inte vara i framtiden." in text and "Skriv vad som har hänt." in text
    assert progress(official, plan, ids[0], "done", "2025-03-01", "Öppnad.").status == 303
    assert progress(official, plan, ids[1], "in_progress", "2025-03-02", "Påbörjad.").status == 303
    assert progress(official, plan, ids[2], "postponed", "2025-03-03", "Till hösten.").status == 303
    assert progress(official, plan, ids[1], "in_progress", "2025-04-02", "Bara en anteckning.").status == 303
    assert query(db, "SELECT action_id, noted_on, text, status FROM plan_action_note WHERE action_id IN (?, ?, ?, ?) "
                     "ORDER BY id", tuple(ids)) == [
        (ids[0], "2025-03-01", "Öppnad.", "done"), (ids[1], "2025-03-02", "Påbörjad.", "in_progress"),
        (ids[2], "2025-03-03", "Till hösten.", "postponed"), (ids[1], "2025-04-02", "Bara en anteckning.", None)]
    # Before adoption nothing is history.
    assert query(db, "SELECT COUNT(*) FROM plan_change WHERE plan_id = ?", (plan,)) == [(0,)]

    # Adoption: decision date and case number required; then version 1 and its snapshot.
    r = official.get(f"/handlingsplaner/{plan}/anta")
    data = org_form_data(find_form(r.text, f"/handlingsplaner/{plan}/anta"))
    data.update(adopted_on="", case_number="")
    r = official.post(f"/handlingsplaner/{plan}/anta", data)
    assert r.status == 422
    text = page_text(r.text)
    assert "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-05-04." in text
    assert "Skriv beslutets diarienummer." in text
    assert query(db, "SELECT state, version FROM action_plan WHERE id = ?", (plan,)) == [("draft", 0)]
    data.update(adopted_on=PAST, case_number="KFN 2025/77")
    r = official.post(f"/handlingsplaner/{plan}/anta", data)
    assert r.status == 303 and r.header("location") == f"/handlingsplaner/{plan}?antagen=1"
    assert query(db, "SELECT state, version, adopted_on, case_number FROM action_plan WHERE id = ?", (plan,)) == [
        ("adopted", 1, PAST, "KFN 2025/77")]
    (version, adopted_on, case, snap), = query(
        db, "SELECT version, adopted_on, case_number, snapshot FROM plan_version WHERE plan_id = ?", (plan,))
    assert (version, adopted_on, case) == (1, PAST, "KFN 2025/77")
    snap = json.loads(snap)
    assert snap["plan"]["title"] == f"Handlingsplan {year}" and snap["plan"]["version"] == 1
    assert snap["plan"]["case_number"] == "KFN 2025/77"
    assert [(a["what"], a["status"]) for a in snap["actions"]] == [
        (w, s) for w, s in zip(whats, ["done", "in_progress", "postponed", "planned"])]
    assert snap["actions"][0]["principles"] == ["P1", "P9"] and snap["actions"][0]["goal_ids"] == [goal]

    # A change after adoption: allowed, listed against version 1; the snapshot stays as adopted.
    assert progress(official, plan, ids[3], "cancelled", "2025-05-01", "Lokalerna bokas centralt.").status == 303
    assert query(db, "SELECT version, kind, action_id, summary, status FROM plan_change WHERE plan_id = ?",
                 (plan,)) == [(1, "status", ids[3], "Boka lokaler", "cancelled")]
    # The action's and the plan's edit forms keep what is stored, and their changes are history too.
    r = official.get(f"/handlingsplaner/{plan}/atgarder/{ids[2]}/redigera")
    data = org_form_data(find_form(r.text, f"/atgarder/{ids[2]}/redigera"))
    assert (data["what"], data["starts_on"], data["principles"]) == ("Bjud in till dialog", f"{year}-03-01", "P4")
    data.update(what="Bjud in till dialog i höst")
    r = official.post(f"/handlingsplaner/{plan}/atgarder/{ids[2]}/redigera", data)
    assert r.status == 303
    r = official.get(f"/handlingsplaner/{plan}/redigera")
    data = org_form_data(find_form(r.text, f"/handlingsplaner/{plan}/redigera"))
    assert (data["title"], data["period_end"]) == (f"Handlingsplan {year}", f"{year}-12-31")
    data.update(title=f"Handlingsplan {year}, reviderad")
    assert official.post(f"/handlingsplaner/{plan}/redigera", data).status == 303
    assert query(db, "SELECT kind, summary FROM plan_change WHERE plan_id = ? ORDER BY id", (plan,)) == [
        ("status", "Boka lokaler"), ("action_changed", "Bjud in till dialog i höst"),
        ("plan", f"Handlingsplan {year}, reviderad")]
    assert query(db, "SELECT title, state, version FROM action_plan WHERE id = ?", (plan,)) == [
        (f"Handlingsplan {year}, reviderad", "adopted", 1)]
    snap = json.loads(query(db, "SELECT snapshot FROM plan_version WHERE plan_id = ?", (plan,))[0][0])
    assert snap["plan"]["title"] == f"Handlingsplan {year}"
    assert [a["what"] for a in snap["actions"]] == whats and snap["actions"][3]["status"] == "planned"
    assert query(db, "SELECT action FROM audit_log WHERE entity = 'action_plan' AND entity_id = ? ORDER BY id",
                 (plan,)) == [("create",)] + [("action_create",)] * 4 + [("progress",)] * 4 + [
                     ("adopt",), ("progress",), ("action_update",), ("update",)]

    # The public reads the adopted plan: actions as a table, notes, goals linked, the history.
    r = anon.get(f"/handlingsplaner/{plan}")
    assert r.status == 200
    assert_layout(r.text)
    every_td_labelled(r.text)
    text = page_text(r.text)
    assert "Antagen 2025-12-01 , diarienummer KFN 2025/77, version 1" in text
    assert f'<a href="/mal/{goal}">' in r.text
    assert '<span class="tag status-done">Klar</span>' in r.text
    assert '<span class="tag status-cancelled warning">Inställd</span>' in r.text
    assert "2025-03-03 Uppskjuten Till hösten." in text
    assert "Mot version" in text and "Status ändrad Inställd Boka lokaler" in text
    assert "Åtgärd ändrad Bjud in till dialog i höst" in text
    assert f"/handlingsplaner/{plan}/anta" not in r.text and "/status" not in r.text
    assert f'href="/handlingsplaner/{plan}"' in anon.get(f"/handlingsplaner?year={year}").text


def test_other_departments_neither_see_nor_change_a_draft(official, coordinator, anon, server):
    db = server.db
    year = next(_years)
    social = department_id(db, "social")
    # An official may write only their own department's plan.
    r = official.get("/handlingsplaner/ny")
    data = org_form_data(find_form(r.text, "/handlingsplaner/ny"))
    data.update(title="Inte min", department_id=str(social), period_start=f"{year}-01-01",
                period_end=f"{year}-12-31")
    r = official.post("/handlingsplaner/ny", data)
    assert r.status == 422
    assert "Du kan bara skriva din egen förvaltnings handlingsplan." in page_text(r.text)
    assert query(db, "SELECT COUNT(*) FROM action_plan WHERE title = 'Inte min'") == [(0,)]

    plan = create_plan(coordinator, db, year, department_id=str(social))
    assert official.get(f"/handlingsplaner/{plan}").status == 404
    assert official.get(f"/handlingsplaner/{plan}/atgarder/ny").status == 404
    assert official.post(f"/handlingsplaner/{plan}/atgarder/ny", {"what": "Smyga in"}).status == 404
    assert f'href="/handlingsplaner/{plan}"' not in official.get(f"/handlingsplaner?year={year}").text
    assert f'href="/handlingsplaner/{plan}"' in coordinator.get(f"/handlingsplaner?year={year}").text
    add_action(coordinator, plan, what="Samråd med föreningarna")
    r = coordinator.post(f"/handlingsplaner/{plan}/anta", {"adopted_on": PAST, "case_number": "SN 2025/3"})
    assert r.status == 303
    # Adopted: everyone reads it; the other department's official still cannot change it.
    r = official.get(f"/handlingsplaner/{plan}")
    assert r.status == 200 and f"/handlingsplaner/{plan}/redigera" not in r.text
    assert official.get(f"/handlingsplaner/{plan}/redigera").status == 403
    assert official.post(f"/handlingsplaner/{plan}/atgarder/ny", {"what": "Smyga in"}).status == 403
    assert query(db, "SELECT what FROM plan_action WHERE plan_id = ?", (plan,)) == [("Samråd med föreningarna",)]
    assert anon.get(f"/handlingsplaner/{plan}").status == 200
    assert anon.get("/handlingsplaner/ny").status in (302, 303, 401, 403)


def completion_by_sql(db, year, department=None):
    where = "p.period_start <= ? AND p.period_end >= ?"
    params = [f"{year}-12-31", f"{year}-01-01"]
    if department:
        where += " AND p.department_id = ?"
        params.append(department)
    plans, adopted = query(db, f"SELECT COUNT(*), SUM(CASE WHEN state = 'adopted' THEN 1 ELSE 0 END) "
                               f"FROM action_plan p WHERE {where}", tuple(params))[0]
    by_status = dict(query(db, f"SELECT x.status, COUNT(*) FROM plan_action x JOIN action_plan p "
                               f"ON p.id = x.plan_id WHERE {where} GROUP BY x.status", tuple(params)))
    return plans, adopted or 0, by_status


def test_the_years_completion_agrees_with_the_database(official, coordinator, anon, server):
    db = server.db
    year = next(_years)
    culture, social = department_id(db, "kultur-fritid"), department_id(db, "social")
    a = create_plan(official, db, year)
    b = create_plan(coordinator, db, year, department_id=str(social), period_start=f"{year - 1}-07-01",
                    period_end=f"{year}-06-30")
    for what in ("Ett", "Två", "Tre"):
        add_action(official, a, what=what)
    add_action(coordinator, b, what="Fyra")
    ids = [i for (i,) in query(db, "SELECT id FROM plan_action WHERE plan_id IN (?, ?) ORDER BY id", (a, b))]
    assert progress(official, a, ids[0], "done", PAST, "Klart.").status == 303
    assert progress(official, a, ids[1], "in_progress", PAST, "Igång.").status == 303
    assert progress(coordinator, b, ids[3], "cancelled", PAST, "Inställt.").status == 303
    assert coordinator.post(f"/handlingsplaner/{a}/anta", {"adopted_on": PAST, "case_number": "X 1"}).status == 303

    labels = [("planned", "Planerad"), ("in_progress", "Pågår"), ("done", "Klar"), ("postponed", "Uppskjuten"),
              ("cancelled", "Inställd")]
    for department, path in ((None, f"/handlingsplaner?year={year}"),
                             (culture, f"/handlingsplaner?year={year}&department={culture}")):
        plans, adopted, by_status = completion_by_sql(db, year, department)
        assert plans == (2 if department is None else 1) and adopted == 1
        text = page_text(coordinator.get(path).text)
        expected = (f"Genomförande {year} Planer {plans} Varav antagna {adopted} "
                    f"Åtgärder {sum(by_status.values())} "
                    + " ".join(f"{label} {by_status.get(code, 0)}" for code, label in labels))
        assert expected in text, text
    # The public is not told about drafts.
    assert "Genomförande" not in page_text(anon.get(f"/handlingsplaner?year={year}").text)
    # The year before: only the plan whose period reaches into it.
    plans, adopted, by_status = completion_by_sql(db, year - 1)
    assert (plans, adopted, by_status) == (1, 0, {"cancelled": 1})
    assert f"Genomförande {year - 1} Planer 1 Varav antagna 0 Åtgärder 1" in page_text(
        coordinator.get(f"/handlingsplaner?year={year - 1}").text)


def test_the_api_lists_adopted_plans_only(official, anon, server):
    db = server.db
    year = next(_years)
    plan = create_plan(official, db, year)
    add_action(official, plan, what="Öppet data", principles=["P6"])
    draft_year = next(_years)
    draft = create_plan(official, db, draft_year)
    assert official.post(f"/handlingsplaner/{plan}/anta", {"adopted_on": PAST, "case_number": "KFN 9"}).status == 303
    action, = [i for (i,) in query(db, "SELECT id FROM plan_action WHERE plan_id = ?", (plan,))]
    assert progress(official, plan, action, "in_progress", PAST, "Publicerat.").status == 303

    r = anon.get("/api/v1/action-plans?per_page=100")
    assert r.status == 200 and r.header("access-control-allow-origin") == "*"
    body = r.json()
    (adopted,), = query(db, "SELECT COUNT(*) FROM action_plan WHERE state = 'adopted'")
    assert body["total"] == adopted and body["page"] == 1 and body["per_page"] == 100
    listed = {p["id"] for p in body["items"]}
    assert plan in listed and draft not in listed
    body = anon.get(f"/api/v1/action-plans?year={year}").json()
    assert body["total"] == 1
    item, = body["items"]
    assert item == {"id": plan, "title": f"Handlingsplan {year}",
                    "department": {"id": department_id(db, "kultur-fritid"), "name": "Kultur- och fritidsförvaltningen"},
                    "period_start": f"{year}-01-01", "period_end": f"{year}-12-31", "adopted_on": PAST,
                    "case_number": "KFN 9", "version": 1, "actions_count": 1, "updated_at": item["updated_at"],
                    "url": f"/handlingsplaner/{plan}"}
    assert anon.get(f"/api/v1/action-plans?year={draft_year}").json()["total"] == 0

    one = anon.get(f"/api/v1/action-plans/{plan}").json()
    assert one["id"] == plan and one["versions"] == [{"version": 1, "adopted_on": PAST, "case_number": "KFN 9"}]
    a, = one["actions"]
    assert (a["id"], a["what"], a["status"], a["principles"], a["goals"]) == (
        action, "Öppet data", "in_progress", ["P6"], [])
    assert a["notes"] == [{"noted_on": PAST, "text": "Publicerat.", "status": "in_progress"}]
    h, = one["history"]
    assert (h["version"], h["kind"], h["action_id"], h["summary"], h["status"]) == (
        1, "status", action, "Öppet data", "in_progress")

    for path in (f"/api/v1/action-plans/{draft}", "/api/v1/action-plans/999999"):
        r = anon.get(path)
        assert r.status == 404 and r.header("content-type").startswith("application/problem+json")
    r = anon.get("/api/v1/action-plans?per_page=0")
    assert r.status == 400 and r.header("content-type").startswith("application/problem+json")
    assert "per_page" in r.json()["detail"]
    assert anon.get("/api/v1/action-plans?year=tjugo").status == 400


def test_the_demo_has_two_adopted_plans_with_a_year_of_notes(anon, server):
    db = server.db
    plans = query(db, "SELECT p.id, d.code, p.version FROM action_plan p JOIN department d ON d.id = p.department_id "
                      "WHERE p.title IN ('Handlingsplan för samverkan med civilsamhället', "
                      "'Kommunledningens handlingsplan för samverkan') AND p.state = 'adopted' ORDER BY d.code")
    assert [(code, version) for _, code, version in plans] == [("kommunledning", 1), ("kultur-fritid", 1)]
    today = datetime.date.today()
    for plan, _, _ in plans:
        statuses = query(db, "SELECT DISTINCT status FROM plan_action WHERE plan_id = ?", (plan,))
        assert len(statuses) >= 3
        assert query(db, "SELECT COUNT(*) FROM plan_action WHERE plan_id = ?", (plan,))[0][0] >= 4
        assert query(db, "SELECT COUNT(*) FROM plan_action_goal g JOIN plan_action x ON x.id = g.action_id "
                         "WHERE x.plan_id = ?", (plan,))[0][0] >= 3
        assert query(db, "SELECT COUNT(*) FROM plan_action_principle g JOIN plan_action x ON x.id = g.action_id "
                         "WHERE x.plan_id = ?", (plan,))[0][0] >= 5
        days = [d for (d,) in query(db, "SELECT n.noted_on FROM plan_action_note n JOIN plan_action x "
                                        "ON x.id = n.action_id WHERE x.plan_id = ?", (plan,))]
        ages = [(today - datetime.date.fromisoformat(d)).days for d in days]
        assert len(days) >= 5 and max(ages) > 300 and min(ages) >= -1
        r = anon.get(f"/handlingsplaner/{plan}")
        assert r.status == 200
        every_td_labelled(r.text)
