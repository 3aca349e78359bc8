"""Collaboration areas and goals from the command line: field errors, a computed indicator whose
past values never change when later data arrives (each value checked against the test's own count
from the database), typed measurements and the status rule, and Kolada values imported from a
file or fetched page by page from a local server serving Kolada API v2 JSON — with a missing
value, and bad JSON or an unknown KPI changing nothing."""

import datetime
import http.server
import json
import os
import threading
from zoneinfo import ZoneInfo

import pytest

from conftest import Database, new_db, query, run_cli

TODAY = datetime.date.today()
T1 = TODAY.isoformat()
T2 = (TODAY + datetime.timedelta(days=1)).isoformat()
# The demo runs on the real clock, and counts in the municipality's local date.
STOCKHOLM_TODAY = datetime.datetime.now(ZoneInfo("Europe/Stockholm")).date().isoformat()


def now(day):
    return {"SAMVERKAN_NOW": f"{day}T10:00:00Z"}


def cli(db, *args, day=T1, **kw):
    return run_cli(*args[:2], "--db", db, *args[2:], env=now(day), **kw)


@pytest.fixture
def demo_db(tmp_path):
    """The demo, which has two areas and five goals of its own."""
    db = new_db(tmp_path, "goals")
    run_cli("demo", "--db", db)
    return db


@pytest.fixture
def init_db(tmp_path):
    """A database with one committee and department and no goals: Kolada is asked only about the
    test's own."""
    db = new_db(tmp_path, "kolada")
    run_cli("init", "--db", db)
    cli(db, "department", "add", "--code", "kultur-fritid", "--name", "Kultur och fritid", "--committee", "KFN")
    return db


def add_area(db, title="Fritid för alla"):
    p = cli(db, "area", "add", "--title", title, "--committee", "kfn", "--department", "kultur-fritid",
            "--principle", "P1", "--principle", "P4", "--status", "active", "--starts", "2026-01-01")
    assert p.stdout.startswith("added area ")
    return int(p.stdout.split()[2].rstrip(":"))


def add_goal(db, area, *args, statement="Ett mål"):
    p = cli(db, "goal", "add", "--area", str(area), "--statement", statement, *args)
    assert p.stdout == f"added goal {p.stdout.split()[2]} {statement}\n"
    return int(p.stdout.split()[2].rstrip(":"))


def test_an_area_and_goals_are_checked_field_by_field_and_stored(demo_db):
    db = demo_db
    p = cli(db, "area", "add", "--title", "", "--committee", "kfn", "--department", "kultur-fritid",
            "--status", "pågår", "--starts", "2026-05-01", "--ends", "2026-04-01", "--principle", "P10", check=False)
    assert p.returncode == 1
    assert p.stderr == ("samverkan area add: --title: Write the area's title.\n"
                        "samverkan area add: --status: Choose a status from the list.\n"
                        "samverkan area add: --ends: The end cannot be before the start.\n"
                        "samverkan area add: --principle: Choose principles from the list.\n")
    assert query(db, "SELECT COUNT(*) FROM area WHERE title = ''") == [(0,)]
    area = add_area(db, title="  Fritid\u00a0för alla ")
    assert query(db, "SELECT title, status, starts_on, ends_on FROM area WHERE id = ?", (area,)) == [
        ("Fritid\u00a0för alla", "active", "2026-01-01", None)]
    assert query(db, "SELECT principle FROM area_principle WHERE area_id = ? ORDER BY 1", (area,)) == [("P1",), ("P4",)]
    assert query(db, "SELECT dp.code FROM area_department ad JOIN department dp ON dp.id = ad.department_id "
                     "WHERE ad.area_id = ?", (area,)) == [("kultur-fritid",)]
    assert query(db, "SELECT action FROM audit_log WHERE entity = 'area' AND entity_id = ?", (area,)) == [("create",)]

    p = cli(db, "goal", "add", "--area", str(area), "--statement", "Mål", "--baseline", "4O", "--baseline-date",
            "2026-01-01", "--target", "60", "--target-date", "2025-12-31", "--source", "kolada", "--kpi", "n945",
            "--municipality", "125", check=False)
    assert p.returncode == 1
    assert p.stderr == (
        "samverkan goal add: --baseline: Write a number, for example 42 or 42,5.\n"
        "samverkan goal add: --target-date: The target date must be after the baseline date.\n"
        "samverkan goal add: --kpi: Write Kolada's id of the key figure, a capital letter and five digits, "
        "for example N00945.\n"
        "samverkan goal add: --municipality: Write the municipality's four-digit code, for example 0125.\n")
    goal = add_goal(db, area, "--unit", "%", "--baseline", "40,5", "--baseline-date", "2026-01-01", "--target", "60.00",
                    "--target-date", "2028-12-31", "--source", "typed")
    assert query(db, "SELECT baseline_value, target_value, source, kolada_gender FROM goal WHERE id = ?", (goal,)) == [
        ("40.5", "60", "typed", "T")]
    assert query(db, "SELECT action FROM audit_log WHERE entity = 'goal' AND entity_id = ?", (goal,)) == [("create",)]


LATER = "2026-12-01"  # after every date the typed test records


def test_typed_values_and_the_status_on_the_line_from_baseline_to_target(demo_db):
    db = demo_db
    area = add_area(db)
    # From 0 on 2026-01-01 to 100 on 2027-01-01 (365 days); higher is better.
    goal = add_goal(db, area, "--baseline", "0", "--baseline-date", "2026-01-01", "--target", "100",
                    "--target-date", "2027-01-01", "--source", "typed", statement="Fler föreningar")

    def status():
        line = [r for r in cli(db, "goal", "list").stdout.splitlines() if r.startswith(f"{goal}\t")]
        return line[0].split("\t")[3:6]

    assert status() == ["no_data", "-", "-"]
    # On 2026-07-02 (182 days in) the line expects 182/365·100 ≈ 49.9.
    cli(db, "goal", "value", "--goal", str(goal), "--date", "2026-07-02", "--value", "50", "--comment", "Räknat",
        day=LATER)
    assert status() == ["on_track", "50", "2026-07-02"]
    # 30 behind: more than a quarter of the way (25): off track.
    cli(db, "goal", "value", "--goal", str(goal), "--date", "2026-07-02", "--value", "19,9", day=LATER)
    assert status() == ["off_track", "19.9", "2026-07-02"]
    cli(db, "goal", "value", "--goal", str(goal), "--date", "2026-07-02", "--value", "30", day=LATER)
    assert status() == ["at_risk", "30", "2026-07-02"]
    cli(db, "goal", "value", "--goal", str(goal), "--date", "2026-08-01", "--value", "100", day=LATER)
    assert status() == ["achieved", "100", "2026-08-01"]
    assert query(db, "SELECT measured_on, value, comment FROM goal_value WHERE goal_id = ? ORDER BY 1", (goal,)) == [
        ("2026-07-02", "30", ""), ("2026-08-01", "100", "")]
    # Each measurement audited, the replaced one's old value kept in the record.
    details = [json.loads(d) for (d,) in query(
        db, "SELECT detail FROM audit_log WHERE entity = 'goal' AND entity_id = ? AND action = 'value' ORDER BY id",
        (goal,))]
    assert [(d["value"], d.get("old")) for d in details] == [("50", None), ("19.9", "50"), ("30", "19.9"),
                                                            ("100", None)]
    p = cli(db, "goal", "value", "--goal", str(goal), "--date", "2999-01-01", "--value", "x", check=False, day=LATER)
    assert p.stderr == ("samverkan goal value: --date: The date cannot be in the future.\n"
                        "samverkan goal value: --value: Write a number, for example 42 or 42,5.\n")


def expected_answered_in_time(db, day, department=None):
    """The share by feedback_stats's definition, counted here from the database."""
    rows = query(db, "SELECT received_on, answered_at, answered_on, answer_due, status, department_id FROM submission")
    measured = within = 0
    for received_on, answered_at, answered_on, answer_due, status, dept in rows:
        if not (f"{day[:4]}-01-01" <= received_on <= day) or (department and dept != department):
            continue
        if answered_at is not None or status == "closed" or answer_due < day:
            measured += 1
        if answered_at is not None and answered_on <= answer_due:
            within += 1
    return None if measured == 0 else f"{round(100 * within / measured, 1):g}"


def expected_taking_part(db, day):
    (n,), = query(db, "SELECT COUNT(DISTINCT organisation_id) FROM submission WHERE organisation_id IS NOT NULL "
                      "AND received_on >= ? AND received_on <= ?", (f"{day[:4]}-01-01", day))
    return str(n)


def mine(db, *goals):
    return query(db, "SELECT goal_id, measured_on, value FROM goal_value WHERE goal_id IN (%s) "
                     "ORDER BY goal_id, measured_on" % ", ".join("?" * len(goals)), goals)


def test_a_computed_value_is_never_rewritten_when_later_data_arrives(demo_db):
    db = demo_db
    area = add_area(db)
    share = add_goal(db, area, "--unit", "%", "--baseline", "50", "--baseline-date", "2025-12-31", "--target", "90",
                     "--target-date", "2028-12-31", "--source", "computed", "--indicator", "answered_in_time")
    orgs = add_goal(db, area, "--baseline", "5", "--baseline-date", "2025-12-31", "--target", "40",
                    "--target-date", "2028-12-31", "--source", "computed", "--indicator", "organisations_taking_part")
    # The demo's three computed goals and the test's two.
    assert cli(db, "indicators", "recompute").stdout == f"recomputed 5 goals for {T1}\n"
    first_share, first_orgs = expected_answered_in_time(db, T1), expected_taking_part(db, T1)
    assert mine(db, share, orgs) == [(share, T1, first_share), (orgs, T1, first_orgs)]
    # Recomputing the same day again changes nothing.
    cli(db, "indicators", "recompute")
    assert mine(db, share, orgs) == [(share, T1, first_share), (orgs, T1, first_orgs)]

    # Later data: a new organisation sends a view the next day, and is answered late.
    with Database(db, writable=True) as conn:
        (org,), = conn.execute("SELECT MAX(id) FROM organisation WHERE id NOT IN "
                               "(SELECT organisation_id FROM submission WHERE organisation_id IS NOT NULL)").fetchall()
        (dept,), = conn.execute("SELECT id FROM department WHERE code = 'kultur-fritid'").fetchall()
        conn.execute("INSERT INTO submission (department_id, organisation_id, kind, title, body, status, received_at,"
                     " received_on, acknowledge_due, answer_due, answered_at, answered_on, answer_workdays, updated_at)"
                     " VALUES (?, ?, 'view', 'Sent', 'Text', 'answered', ?, ?, ?, ?, ?, ?, 30, ?)",
                     (dept, org, f"{T2}T08:00:00Z", T2, "2000-01-01", "2000-01-01", f"{T2}T09:00:00Z", T2,
                      f"{T2}T09:00:00Z"))
    cli(db, "indicators", "recompute", day=T2)
    # The first day's values are as they were; the new day's count the new data.
    assert mine(db, share, orgs) == [
        (share, T1, first_share), (share, T2, expected_answered_in_time(db, T2)),
        (orgs, T1, first_orgs), (orgs, T2, expected_taking_part(db, T2))]
    if T1[:4] == T2[:4]:
        assert int(expected_taking_part(db, T2)) == int(first_orgs) + 1
    assert query(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'goal' AND action = 'recompute' "
                     "AND entity_id IN (?, ?)", (share, orgs)) == [(6,)]


# ---- Kolada -----------------------------------------------------------------------------------


def kolada_page(kpi, rows, next_page=None):
    return {"count": len(rows), "values": [
        {"kpi": kpi, "municipality": "0125", "period": year,
         "values": [{"count": 1, "gender": g, "status": "", "value": v} for g, v in genders]}
        for year, genders in rows], "next_page": next_page}


class KoladaServer:
    """A local HTTP server answering /v2/data/kpi/KPI/municipality/0125 as Kolada does, the first
    KPI in two pages."""

    def __init__(self):
        self.requests = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(self.path)
                body = outer.answer(self.path)
                if body is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *a):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/v2"
        self.broken = False
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def answer(self, path):
        if path == "/v2/data/kpi/N00945/municipality/0125":
            return kolada_page("N00945", [(2023, [("T", 12.5), ("K", 13.0), ("M", 12.0)])],
                               next_page=self.base + "/data/kpi/N00945/municipality/0125?page=2")
        if path == "/v2/data/kpi/N00945/municipality/0125?page=2":
            if self.broken:
                return "{not json"
            return kolada_page("N00945", [(2024, [("T", None), ("K", 14.0)]), (2025, [("T", 15.25)])])
        if path == "/v2/data/kpi/U00405/municipality/0125":
            return kolada_page("U00405", [(2025, [("T", 71), ("K", 75.5)])])
        return None

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def kolada():
    s = KoladaServer()
    yield s
    s.close()


def kolada_goals(db):
    area = add_area(db)
    total = add_goal(db, area, "--baseline", "10", "--baseline-date", "2022-12-31", "--target", "20", "--target-date",
                     "2028-12-31", "--source", "kolada", "--kpi", "N00945", "--municipality", "0125",
                     statement="Totalt")
    women = add_goal(db, area, "--baseline", "10", "--baseline-date", "2022-12-31", "--target", "20",
                     "--target-date", "2028-12-31", "--source", "kolada", "--kpi", "U00405", "--municipality", "0125",
                     "--gender", "K", statement="Kvinnor")
    return total, women


def values(db):
    return query(db, "SELECT goal_id, measured_on, value FROM goal_value ORDER BY goal_id, measured_on")


def test_fetch_kolada_follows_the_pages_and_keeps_a_missing_value(init_db, kolada):
    db = init_db
    total, women = kolada_goals(db)
    p = cli(db, "indicators", "fetch-kolada", "--kolada-url", kolada.base)
    assert p.stdout == "stored 4 values (1 missing) for 2 goals\n"
    assert kolada.requests == ["/v2/data/kpi/N00945/municipality/0125",
                               "/v2/data/kpi/N00945/municipality/0125?page=2",
                               "/v2/data/kpi/U00405/municipality/0125"]
    assert values(db) == [(total, "2023-12-31", "12.5"), (total, "2024-12-31", None), (total, "2025-12-31", "15.25"),
                          (women, "2025-12-31", "75.5")]
    assert query(db, "SELECT entity_id, action FROM audit_log WHERE entity = 'goal' AND action = 'kolada_import' "
                     "ORDER BY entity_id") == [(total, "kolada_import"), (women, "kolada_import")]
    # Fetched again: the same values, not twice.
    cli(db, "indicators", "fetch-kolada", "--kolada-url", kolada.base + "/")
    assert len(values(db)) == 4


def test_a_broken_page_or_an_unreachable_kolada_changes_nothing(init_db, kolada):
    db = init_db
    kolada_goals(db)
    kolada.broken = True
    p = cli(db, "indicators", "fetch-kolada", "--kolada-url", kolada.base, check=False)
    assert p.returncode == 1
    assert p.stderr.startswith("samverkan indicators fetch-kolada: page 2 is not JSON: ")
    assert p.stderr.endswith("; nothing was changed\n")
    assert values(db) == []
    p = cli(db, "indicators", "fetch-kolada", "--kolada-url", kolada.base + "/nowhere", check=False)
    assert p.returncode == 1
    assert "the server answered with status 404; nothing was changed\n" in p.stderr
    assert values(db) == []


def test_import_kolada_from_a_file_refuses_bad_json_and_an_unknown_kpi(init_db, tmp_path):
    db = init_db
    total, women = kolada_goals(db)
    good = tmp_path / "kolada.json"
    page = kolada_page("N00945", [(2024, [("T", 13.75)]), (2025, [("T", None)])])
    page["values"].append({"kpi": "N00945", "municipality": "0180", "period": 2025,
                           "values": [{"gender": "T", "value": 99}]})
    good.write_text(json.dumps(page))
    p = cli(db, "indicators", "import-kolada", str(good))
    assert p.stdout == "stored 2 values (1 missing) for 1 goal; 1 row for other municipalities left out\n"
    assert values(db) == [(total, "2024-12-31", "13.75"), (total, "2025-12-31", None)]

    bad = tmp_path / "bad.json"
    bad.write_text('{"values": [')
    p = cli(db, "indicators", "import-kolada", str(bad), check=False)
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr.startswith("samverkan indicators import-kolada: page 1 is not JSON: ")
    unknown = tmp_path / "unknown.json"
    page = kolada_page("N00945", [(2026, [("T", 1)])])
    page["values"] += kolada_page("N99999", [(2026, [("T", 2)])])["values"]
    unknown.write_text(json.dumps(page))
    p = cli(db, "indicators", "import-kolada", str(unknown), check=False)
    assert p.returncode == 1
    assert p.stderr == ("samverkan indicators import-kolada: page 1, value 2: no goal names the KPI N99999; "
                        "nothing was changed\n")
    # The first row of that file was not kept either.
    assert values(db) == [(total, "2024-12-31", "13.75"), (total, "2025-12-31", None)]


def test_the_demo_has_areas_and_a_goal_of_each_source(demo_db):
    db = demo_db
    assert query(db, "SELECT title, status FROM area ORDER BY id") == [
        ("Mötesplatser för unga", "active"), ("Snabbare svar till föreningarna", "active")]
    assert query(db, "SELECT source, COUNT(*) FROM goal GROUP BY source ORDER BY source") == [
        ("computed", 3), ("kolada", 1), ("typed", 1)]
    shipped = json.load(open(os.path.join(os.path.dirname(__file__), "..", "..", "share", "kolada-demo.json")))
    expected = [(f"{v['period']}-12-31", None if v["values"][0]["value"] is None else f"{v['values'][0]['value']:g}")
                for v in shipped["values"]]
    assert query(db, "SELECT v.measured_on, v.value FROM goal_value v JOIN goal g ON g.id = v.goal_id "
                     "WHERE g.source = 'kolada' ORDER BY 1") == expected
    assert query(db, "SELECT COUNT(*) FROM goal_value v JOIN goal g ON g.id = v.goal_id WHERE g.source = 'typed'") == [
        (4,)]
    assert query(db, "SELECT COUNT(*) FROM goal_value v JOIN goal g ON g.id = v.goal_id "
                     "WHERE g.source = 'computed' AND v.measured_on = ?", (STOCKHOLM_TODAY,)) == [(3,)]


def test_the_daily_job_computes_each_day_once_on_the_server(demo_db, server_factory, monkeypatch):
    from smtp_sink import wait_until

    db = demo_db
    day = (TODAY + datetime.timedelta(days=3)).isoformat()
    monkeypatch.setenv("SAMVERKAN_NOW", f"{day}T10:00:00Z")
    nodes = [server_factory(db=db), server_factory(db=db)]
    monkeypatch.delenv("SAMVERKAN_NOW")
    wait_until(lambda: query(db, "SELECT period FROM job_run WHERE name = 'indicator recompute'") == [(day,)],
               what="the recompute job to claim its day")
    computed = query(db, "SELECT id FROM goal WHERE source = 'computed' ORDER BY id")
    assert len(computed) == 3
    wait_until(lambda: query(db, "SELECT goal_id FROM goal_value WHERE measured_on = ? ORDER BY goal_id", (day,))
               == computed, what="the day's values")
    # Two nodes, one run: one audited recompute per goal that day, and the demo's own values kept.
    assert query(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'goal' AND action = 'recompute' "
                     "AND detail LIKE ?", (f'%"{day}"%',)) == [(3,)]
    assert query(db, "SELECT COUNT(*) FROM goal_value WHERE measured_on = ?", (STOCKHOLM_TODAY,)) == [(3,)]
    for n in nodes:
        n.stop()
