"""The yearly follow-up (/uppfoljning/{year}, `samverkan report`): a year of views and proposals
sent and answered through the web with the clock moved by SAMVERKAN_NOW, an area with three goals
(typed, computed share answered in time, Kolada from a file), an action plan with four actions
written, moved through the year and adopted through /handlingsplaner —
and every number of the report (the page, the CSV, the workbook, the command line) checked
against what the test counts itself from the database."""

import csv
import io
import re
import statistics

import openpyxl
import pytest

from action_plan_helpers import add_action, adopt, create_plan, progress
from conftest import Database, find_form, new_db, page_text, query, run_cli
from test_feedback_statistics import TableParser, texts

PASSWORD = "uppfoljning-test-42"
REP = "rep-uppfoljning@exempel.se"
OFFICIAL = "tj-uppfoljning@exempel.se"
SOCIAL_OFFICIAL = "tj-social-uppfoljning@exempel.se"
YEAR = "2026"
FROM, TO = "2026-01-01", "2026-12-31"
READ_AT = "2027-01-15T09:00:00Z"  # when the report is read: the year is over
PRINCIPLES = [f"P{i}" for i in range(1, 10)]


def cli(db, *args, when=READ_AT, check=True):
    return run_cli(*args, "--db", db, env={"SAMVERKAN_NOW": when, "SAMVERKAN_PASSWORD": PASSWORD}, check=check)


def signed_in(server, email):
    c = server.client()
    c.cookies["lang"] = "en"
    assert c.login(email, PASSWORD).status == 303
    c.csrf("/konto")
    return c


def send(server, dialogue=None, department=None, title=""):
    """The representative sends a view through the form (to a dialogue or a department); its id."""
    rep = signed_in(server, REP)
    r = rep.get(f"/synpunkter/ny?dialog={dialogue}" if dialogue else "/synpunkter/ny")
    data = dict(find_form(r.text, "/synpunkter/ny")["fields"])
    data.update({"kind": "view", "title": title, "body": "Text.", "on_behalf": "me"})
    if department:
        data["department_id"] = str(department)
    data.pop("publish", None)
    r = rep.post("/synpunkter/ny", data)
    assert r.status == 303, page_text(r.text)[:800]
    return int(re.search(r"/synpunkter/(\d+)", r.header("location")).group(1))


def answer(server, sid, email=OFFICIAL):
    """The department's official answers the submission through the handling form."""
    official = signed_in(server, email)
    data = dict(find_form(official.get(f"/synpunkter/{sid}").text, f"/synpunkter/{sid}/behandling")["fields"])
    data["answer"] = "Tack, vi gör så."  # answering moves it to answered
    r = official.post(f"/synpunkter/{sid}/behandling", data)
    assert r.status == 303, page_text(r.text)[:800]


@pytest.fixture(scope="module")
def year(workdir, server_factory, tmp_path_factory):
    db = new_db(workdir, "followup")
    run_cli("init", "--db", db)
    cli(db, "department", "add", "--code", "kultur-fritid", "--name", "Kultur och fritid", "--committee", "KFN")
    cli(db, "department", "add", "--code", "social", "--name", "Socialförvaltningen", "--committee", "SN")
    cli(db, "user", "add", "--email", REP, "--name", "Rut Representant", "--role", "representative")
    cli(db, "user", "add", "--email", OFFICIAL, "--name", "Tove Tjänsteperson", "--role", "official",
        "--department", "kultur-fritid")
    cli(db, "user", "add", "--email", SOCIAL_OFFICIAL, "--name", "Sam Social", "--role", "official",
        "--department", "social")
    deps = dict(query(db, "SELECT code, id FROM department"))

    # Dialogues (their pages are not this test's): two open through the year, one that closed in
    # 2025 (not held in 2026), one that opened on the year's last day (held), one still a draft.
    def dialogue(title, dep, principles, state, opens, closes, reported_at=None):
        with Database(db, writable=True) as w:
            w.execute("INSERT INTO dialogue (title, question, department_id, skr_level, coe_level, decision_stage,"
                      " state, opens_on, closes_on, reported_at, created_at, updated_at) VALUES (?, 'Vad tycker ni?',"
                      " ?, 'konsultation', 'consultation', 'drafting', ?, ?, ?, ?, '2025-06-01T00:00:00Z',"
                      " '2025-06-01T00:00:00Z')", (title, deps[dep], state, opens, closes, reported_at))
            (did,), = w.execute("SELECT id FROM dialogue WHERE title = ?", (title,)).fetchall()
            for p in principles:
                w.execute("INSERT INTO dialogue_principle (dialogue_id, principle) VALUES (?, ?)", (did, p))
        return did

    d1 = dialogue("Mötesplatser", "kultur-fritid", ["P2", "P3"], "open", "2025-11-01", "2026-12-31")
    d2 = dialogue("Ny sporthall", "kultur-fritid", ["P4"], "open", "2026-01-10", None)
    dialogue("Förra årets", "kultur-fritid", ["P2"], "reported", "2025-03-01", "2025-12-20", "2025-12-22T10:00:00Z")
    dialogue("Nyårsafton", "social", ["P5", "P2"], "open", "2026-12-31", "2027-02-01")
    dialogue("Utkast", "social", ["P2"], "draft", "2026-03-01", "2026-04-01")

    def at(when):
        return server_factory(db, env={"SAMVERKAN_NOW": when})

    # December 2025: one arrives before the year (not counted) and is answered in January.
    s = at("2025-12-15T09:00:00Z")
    before = send(s, dialogue=d1, title="Före året")
    s.stop()
    # February: three to the dialogues and one to Social without a dialogue.
    s = at("2026-02-02T09:00:00Z")
    a = send(s, dialogue=d1, title="A")
    b = send(s, dialogue=d1, title="B")
    c = send(s, dialogue=d2, title="C")
    d = send(s, department=deps["social"], title="D")
    s.stop()
    s = at("2026-02-10T09:00:00Z")
    answer(s, before)
    answer(s, a)  # six working days: in time
    answer(s, d, SOCIAL_OFFICIAL)
    s.stop()
    # April: B answered late; E arrives and is never answered (overdue by the year's end).
    s = at("2026-04-15T09:00:00Z")
    answer(s, b)
    e = send(s, dialogue=d2, title="E")
    s.stop()
    # September: C answered late, F arrives in the first dialogue and is answered the same week.
    s = at("2026-09-01T09:00:00Z")
    answer(s, c)
    f = send(s, dialogue=d1, title="F")
    s.stop()
    s = at("2026-09-03T09:00:00Z")
    answer(s, f)
    s.stop()
    # The first dialogue's "what happened next" published in June.
    with Database(db, writable=True) as w:
        w.execute("UPDATE dialogue SET reported_at = '2026-06-01T10:00:00Z' WHERE id = ?", (d1,))

    # The area and its three goals.
    p = cli(db, "area", "add", "--title", "Mötesplatser för unga", "--committee", "kfn", "--department",
            "kultur-fritid", "--principle", "P2", "--status", "active", "--starts", "2026-01-01")
    area = int(p.stdout.split()[2].rstrip(":"))

    def goal(statement, *args):
        p = cli(db, "goal", "add", "--area", str(area), "--statement", statement, *args)
        return int(p.stdout.split()[2].rstrip(":"))

    typed = goal("Fler unga besöker mötesplatserna", "--unit", "besökare", "--baseline", "100", "--baseline-date",
                 "2025-12-31", "--target", "200", "--target-date", "2027-12-31", "--source", "typed")
    computed = goal("Fler svar i tid", "--unit", "%", "--baseline", "50", "--baseline-date", "2025-12-31",
                    "--target", "90", "--target-date", "2028-12-31", "--source", "computed", "--indicator",
                    "answered_in_time")
    kolada = goal("Nyckeltalet i Kolada", "--baseline", "10", "--baseline-date", "2024-12-31", "--target", "20",
                  "--target-date", "2028-12-31", "--source", "kolada", "--kpi", "N00945", "--municipality", "0125")
    for day, value in (("2026-03-31", "120"), ("2026-09-30", "141,5")):
        cli(db, "goal", "value", "--goal", str(typed), "--date", day, "--value", value)
    # A value after the year: the report of 2026 must not show it.
    cli(db, "goal", "value", "--goal", str(typed), "--date", "2027-01-10", "--value", "300")
    for when in ("2026-06-30T10:00:00Z", "2026-12-30T10:00:00Z"):
        cli(db, "indicators", "recompute", when=when)
    kfile = tmp_path_factory.mktemp("kolada") / "kolada.json"
    kfile.write_text('{"count": 3, "values": ['
                     '{"kpi": "N00945", "municipality": "0125", "period": 2025, "values": [{"gender": "T", "value": 12}]},'
                     '{"kpi": "N00945", "municipality": "0125", "period": 2026, "values": [{"gender": "T", "value": 13.75}]},'
                     '{"kpi": "N00945", "municipality": "0125", "period": 2027, "values": [{"gender": "T", "value": null}]}'
                     ']}')
    cli(db, "indicators", "import-kolada", str(kfile))

    # The action plans, through /handlingsplaner as the department's official writes them: the plan
    # of 2026 adopted in January with four actions (their principles on the form), their status
    # moved through the year by dated progress notes; and the plan of 2025, adopted too, whose
    # action must not be counted in 2026.
    s = at("2026-01-20T09:00:00Z")
    official = signed_in(s, OFFICIAL)
    old = create_plan(official, db, 2025)
    add_action(official, old, what="Förra årets åtgärd", principles=["P1"])
    assert adopt(official, old, "2025-01-15", "KFN 2025/1").status == 303
    plan = create_plan(official, db, 2026)
    for what, principles in (("Åtgärd 1", ["P1", "P4"]), ("Åtgärd 2", ["P4"]), ("Åtgärd 3", ["P1"]),
                             ("Åtgärd 4", ["P4", "P9"])):
        add_action(official, plan, what=what, principles=principles)
    assert adopt(official, plan, "2026-01-15", "KFN 2026/1").status == 303
    s.stop()
    actions = [i for (i,) in query(db, "SELECT id FROM plan_action WHERE plan_id = ? ORDER BY sort", (plan,))]
    for when, noted_on, notes in (("2026-06-15T09:00:00Z", "2026-06-12", ((0, "done", "Klar."),
                                                                       (2, "in_progress", "Påbörjad."))),
                                  ("2026-11-20T09:00:00Z", "2026-11-18", ((1, "done", "Klar i november."),
                                                                       (3, "postponed", "Till nästa år.")))):
        s = at(when)
        official = signed_in(s, OFFICIAL)
        for i, status, note in notes:
            assert progress(official, plan, actions[i], status, noted_on, note).status == 303
        s.stop()
    assert query(db, "SELECT x.what, x.status, p.state FROM plan_action x JOIN action_plan p ON p.id = x.plan_id"
                     " ORDER BY p.period_start, x.sort") == [
        ("Förra årets åtgärd", "planned", "adopted"), ("Åtgärd 1", "done", "adopted"),
        ("Åtgärd 2", "done", "adopted"), ("Åtgärd 3", "in_progress", "adopted"),
        ("Åtgärd 4", "postponed", "adopted")]
    server = at(READ_AT)
    return {"db": db, "server": server, "deps": deps, "goals": (typed, computed, kolada)}


# ---- The test's own count ----------------------------------------------------------------------


def number(v):
    """As the report writes a number: at most four decimals, no trailing zeros."""
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


ACTION_STATUSES = ["planned", "in_progress", "done", "postponed", "cancelled"]


def expected_actions(db, department=None, committee=None):
    """{row key: [planned, in progress, done, postponed, cancelled]}: the actions of the plans whose
    period overlaps the year that serve each principle ("total": every such action once), by SQL."""
    plans = ("JOIN action_plan p ON p.id = x.plan_id JOIN department d ON d.id = p.department_id"
             " LEFT JOIN committee c ON c.id = d.committee_id WHERE p.period_start <= ? AND p.period_end >= ?"
             " AND (? IS NULL OR d.code = ?) AND (? IS NULL OR LOWER(c.code) = LOWER(?))")
    params = (TO, FROM, department, department, committee, committee)
    counts = {k: dict.fromkeys(ACTION_STATUSES, 0) for k in PRINCIPLES + ["total"]}
    for principle, status, n in query(db, "SELECT ap.principle, x.status, COUNT(*) FROM plan_action_principle ap"
                                          " JOIN plan_action x ON x.id = ap.action_id " + plans +
                                          " GROUP BY ap.principle, x.status", params):
        counts[principle][status] = n
    for status, n in query(db, "SELECT x.status, COUNT(*) FROM plan_action x " + plans + " GROUP BY x.status",
                           params):
        counts["total"][status] = n
    return {k: [str(v[st]) for st in ACTION_STATUSES] for k, v in counts.items()}


def expected_principles(db, department=None, committee=None):
    """{row key: [held, received, answered, measured, in time, share, median, reported, actions
    planned, in progress, done, postponed, cancelled]} per principle and "total", counted here from
    the database by the report's definitions."""
    today = "2027-01-15"
    deps = {i: (code, com) for i, code, com in query(
        db, "SELECT d.id, d.code, c.code FROM department d LEFT JOIN committee c ON c.id = d.committee_id")}

    def in_scope(dep_id):
        code, com = deps[dep_id]
        return (department is None or code == department) and (committee is None or (com or "").lower() == committee.lower())

    dialogues = query(db, "SELECT id, department_id, state, opens_on, closes_on, reported_at, created_at FROM dialogue")
    principles = {}
    for did, p in query(db, "SELECT dialogue_id, principle FROM dialogue_principle"):
        principles.setdefault(did, []).append(p)
    held = {k: 0 for k in PRINCIPLES + ["total"]}
    reported = dict(held)
    for did, dep, state, opens, closes, reported_at, created in dialogues:
        if not in_scope(dep):
            continue
        opened = opens or created[:10]
        is_held = state in ("open", "closed", "reported") and opened <= TO and (not closes or closes >= FROM)
        is_reported = reported_at is not None and FROM <= reported_at[:10] <= TO
        for key in principles.get(did, []) + ["total"]:
            held[key] += is_held
            reported[key] += is_reported
    subs = query(db, "SELECT dialogue_id, department_id, received_on, status, answered_at, answered_on, answer_due,"
                     " answer_workdays FROM submission")
    groups = {k: [] for k in PRINCIPLES + ["total"]}
    for s in subs:
        if not in_scope(s[1]) or not (FROM <= s[2] <= TO):
            continue
        for key in principles.get(s[0], []) + ["total"]:
            groups[key].append(s)
    out = {}
    for key, rows in groups.items():
        answered = [r[7] for r in rows if r[4] is not None and r[7] is not None]
        measured = sum(1 for r in rows if r[4] is not None or r[3] == "closed" or r[6] < today)
        within = sum(1 for r in rows if r[4] is not None and r[5] <= r[6])
        share = str((200 * within + measured) // (2 * measured)) if measured else ""
        median = number(statistics.median(answered)) if answered else ""
        out[key] = [str(held[key]), str(len(rows)), str(len(answered)), str(measured), str(within), share, median,
                    str(reported[key])]
    for key, counts in expected_actions(db, department, committee).items():
        out[key] += counts
    return out


def expected_goals(db, goals):
    """[statement, area, unit, baseline, baseline date, target, target date, latest value, its
    date] per goal, from goal and goal_value."""
    rows = []
    for g in goals:
        (statement, area, unit, base, base_on, target, target_on), = query(
            db, "SELECT g.statement, a.title, g.unit, g.baseline_value, g.baseline_on, g.target_value, g.target_on"
                " FROM goal g JOIN area a ON a.id = g.area_id WHERE g.id = ?", (g,))
        latest = query(db, "SELECT measured_on, value FROM goal_value WHERE goal_id = ? AND measured_on >= ? AND"
                           " measured_on <= ? AND value IS NOT NULL ORDER BY measured_on DESC LIMIT 1", (g, FROM, TO))
        value, on = (number(float(latest[0][1])), latest[0][0]) if latest else ("", "")
        rows.append([statement, area, unit, number(float(base)), base_on, number(float(target)), target_on, value, on])
    return rows


def expected_plans(db, department=None):
    plans = query(db, "SELECT p.id, p.state FROM action_plan p JOIN department d ON d.id = p.department_id"
                      " WHERE p.period_start <= ? AND p.period_end >= ? AND (? IS NULL OR d.code = ?)",
                  (TO, FROM, department, department))
    ids = [p[0] for p in plans]
    statuses = [s for (pid, s) in query(db, "SELECT plan_id, status FROM plan_action") if pid in ids]
    counts = [len(plans), sum(1 for p in plans if p[1] == "adopted"), len(statuses)] + [
        statuses.count(s) for s in ("done", "in_progress", "planned", "postponed", "cancelled")]
    n = len(statuses)
    shares = ["", "", ""] + [str((200 * k + n) // (2 * n)) if n else "" for k in counts[3:]]
    return [[str(c), s] for c, s in zip(counts, shares)]


# ---- Reading the report -------------------------------------------------------------------------


def tables(html):
    p = TableParser()
    p.feed(html)
    return [t for t in p.tables if "followup" in t["class"]]


def cells(row):
    """A row's cells after its header, with the page's dash for an empty cell read as empty."""
    return ["" if c == "–" else c for c in texts(row)[1:]]


def principle_rows(dialogues, actions):
    """{row key: cells} of a scope's two per-principle tables side by side, in
    expected_principles's order: the dialogues and views, then the actions."""
    rows = {}
    for table in (dialogues, actions):
        assert len(table["body"]) == 10, "a row per principle and the total"
        for row in table["body"]:
            key = texts(row)[0].split()[0] if texts(row)[0].startswith("P") else "total"
            rows[key] = rows.get(key, []) + cells(row)
    return rows


DIALOGUE_COLUMNS = ["Principle", "Dialogues held", "Views received", "Answered", "Measured", "Answered in time",
                    "Share in time, %", "Median, working days", "What happened next published"]
ACTION_COLUMNS = ["Principle", "Actions planned", "Actions in progress", "Actions done", "Actions postponed",
                  "Actions cancelled"]


def csv_tables(text):
    """{table: {row: {column: value}}} from the long CSV."""
    out = {}
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["table", "row", "column", "value"]
    for table, row, column, value in rows[1:]:
        out.setdefault(table, {}).setdefault(row, {})[column] = value
    return out


def english(server):
    c = server.client()
    c.cookies["lang"] = "en"
    return c


# ---- The tests -----------------------------------------------------------------------------------


def test_every_principle_figure_on_the_page_is_the_test_s_own_count(year):
    db, server = year["db"], year["server"]
    r = english(server).get(f"/uppfoljning/{YEAR}")
    assert r.status == 200, page_text(r.text)[:1000]
    ts = tables(r.text)
    # The municipality's two tables per principle, the goals, the plans, then each department that
    # did something, with its two.
    assert [t["caption"] for t in ts] == [
        "Dialogues and views per principle in 2026: the whole municipality",
        "The action plans' actions per principle in 2026: the whole municipality", "Goals at the end of 2026",
        "Action plans whose period overlaps 2026", "Dialogues and views per principle in 2026: Kultur och fritid",
        "The action plans' actions per principle in 2026: Kultur och fritid",
        "Dialogues and views per principle in 2026: Socialförvaltningen",
        "The action plans' actions per principle in 2026: Socialförvaltningen"]
    assert [texts(ts[0]["head"][0]), texts(ts[1]["head"][0])] == [DIALOGUE_COLUMNS, ACTION_COLUMNS]
    # Each table's title shows once: the section's heading; the caption names the table only for
    # assistive technology.
    for t in ts:
        assert r.text.count(f">{t['caption'].replace(chr(39), '&#39;')}</h2>") == 1, t["caption"]
    assert r.text.count("<caption ") == len(ts) == len(re.findall(r'<caption id="followup-\d+-caption" '
                                                                   r'class="visually-hidden">', r.text))
    exp = expected_principles(db)
    assert principle_rows(ts[0], ts[1]) == exp
    # The figures worked out by hand agree with the count: six submissions in 2026 (not December's),
    # in time A, D and F of the five measured by 15 January (E overdue, C and B late).
    assert exp["total"][:6] == ["3", "6", "5", "6", "3", "50"]
    # P2: the first dialogue and Social's that opened on New Year's Eve.
    assert exp["P2"][:2] == ["2", "3"] and exp["P4"][:2] == ["1", "2"] and exp["P5"][0] == "1"
    assert exp["P2"][7] == "1"  # the first dialogue's report; last year's is not counted
    # The plan's actions by principle (planned, in progress, done, postponed, cancelled): P1 has
    # actions 1 (done) and 3 (in progress), not last year's; P4 has 1, 2 (done) and 4 (postponed);
    # the total counts each of the four once.
    assert exp["P1"][8:] == ["0", "1", "1", "0", "0"] and exp["P4"][8:] == ["0", "0", "2", "1", "0"]
    assert exp["P9"][8:] == ["0", "0", "0", "1", "0"] and exp["total"][8:] == ["0", "1", "2", "1", "0"]
    assert exp["P2"][8:] == ["0"] * 5
    assert principle_rows(ts[4], ts[5]) == expected_principles(db, department="kultur-fritid")
    assert principle_rows(ts[6], ts[7]) == expected_principles(db, department="social")
    # Every cell names its column for the narrow layout.
    assert r.text.count("<td ") == r.text.count("<td data-label=") + r.text.count('<td class="number" data-label=')


def test_goals_and_the_action_plan_on_the_page(year):
    db, server = year["db"], year["server"]
    ts = tables(english(server).get(f"/uppfoljning/{YEAR}").text)
    # Seven columns on the page: each value with its date in one cell (the CSV and the workbook
    # keep them apart).
    assert texts(ts[2]["head"][0]) == ["Goal", "Area", "Unit", "Baseline", "Target", "Latest value in the year",
                                       "Status"]
    goals = [cells(row) for row in ts[2]["body"]]
    statements = [texts(row)[0] for row in ts[2]["body"]]
    exp = expected_goals(db, year["goals"])

    def dated(value, on):
        return f"{value} ({on})" if value and on else value

    assert [[s] + g[:-1] for s, g in zip(statements, goals)] == [
        e[:3] + [dated(e[3], e[4]), dated(e[5], e[6]), dated(e[7], e[8])] for e in exp]
    typed, computed, kolada = goals
    # The typed goal's 2027 value is after the year; 141.5 on 30 September is where it stood.
    assert typed[2:5] == ["100 (2025-12-31)", "200 (2027-12-31)", "141.5 (2026-09-30)"]
    # 141.5 on 2026-09-30 against the line from 100 (2025-12-31) to 200 (2027-12-31): expected
    # 100 + 100·273/730 = 137.4, so on track.
    assert typed[5] == "On track"
    assert kolada[4] == "13.75 (2026-12-31)"
    assert computed[4].endswith(" (2026-12-30)")
    plans = [cells(row) for row in ts[3]["body"]]
    assert plans == expected_plans(db)
    assert [p[0] for p in plans] == ["1", "1", "4", "2", "1", "0", "1", "0"]


def test_the_csv_and_the_workbook_hold_the_page_s_figures(year, tmp_path):
    db, server = year["db"], year["server"]
    c = english(server)
    r = c.get(f"/uppfoljning/{YEAR}.csv")
    assert r.status == 200 and r.header("content-type") == "text/csv; charset=utf-8"
    assert r.header("content-disposition") == 'attachment; filename="uppfoljning-2026.csv"'
    data = csv_tables(r.text)
    assert list(data) == ["Principles", "Actions per principle", "Goals", "Action plans", "kultur-fritid",
                          "kultur-fritid actions", "social", "social actions"]

    def figures(dialogues, actions):
        rows = {}
        for table, columns in ((dialogues, DIALOGUE_COLUMNS), (actions, ACTION_COLUMNS)):
            assert len(table) == 10
            for row, values in table.items():
                key = row.split()[0] if row.startswith("P") else "total"
                rows[key] = rows.get(key, []) + [values[col] for col in columns[1:]]
        return rows

    assert figures(data["Principles"], data["Actions per principle"]) == expected_principles(db)
    assert figures(data["kultur-fritid"], data["kultur-fritid actions"]) == \
        expected_principles(db, department="kultur-fritid")
    assert figures(data["social"], data["social actions"]) == expected_principles(db, department="social")
    # The goals' values and their dates in columns of their own, for the data's users.
    goal_columns = ["Area", "Unit", "Baseline", "Baseline date", "Target", "Target date", "Latest value in the year",
                    "Measured on"]
    assert [[row] + [values[c] for c in goal_columns] for row, values in data["Goals"].items()] == \
        expected_goals(db, year["goals"])

    book = c.get(f"/uppfoljning/{YEAR}.xlsx")
    assert book.status == 200
    path = tmp_path / "uppfoljning.xlsx"
    path.write_bytes(book.body)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == list(data)
    for name in wb.sheetnames:
        rows = list(wb[name].values)
        header = rows[0]
        got = {}
        for row in rows[1:]:
            got[str(row[0])] = {header[j]: "" if v is None else number(v) if isinstance(v, (int, float)) else str(v)
                                for j, v in enumerate(row) if j > 0}
        assert got == data[name], name


def test_a_department_or_a_committee_alone(year):
    db, server = year["db"], year["server"]
    c = english(server)
    r = c.get(f"/uppfoljning/{YEAR}?forvaltning=kultur-fritid")
    assert r.status == 200
    ts = tables(r.text)
    assert [t["caption"] for t in ts] == ["Dialogues and views per principle in 2026: Kultur och fritid",
                                          "The action plans' actions per principle in 2026: Kultur och fritid",
                                          "Goals at the end of 2026", "Action plans whose period overlaps 2026"]
    assert principle_rows(ts[0], ts[1]) == expected_principles(db, department="kultur-fritid")
    assert len(ts[2]["body"]) == 3
    assert [cells(row) for row in ts[3]["body"]] == expected_plans(db, "kultur-fritid")
    assert f'href="/uppfoljning/{YEAR}.csv?forvaltning=kultur-fritid"' in r.text

    r = c.get(f"/uppfoljning/{YEAR}?namnd=SN")
    ts = tables(r.text)
    assert principle_rows(ts[0], ts[1]) == expected_principles(db, committee="SN")
    assert ts[2]["body"][0][0]["text"] == "None in this report."  # the area is the culture committee's
    assert [cells(row)[0] for row in ts[3]["body"]] == ["0"] * 8

    assert c.get(f"/uppfoljning/{YEAR}?forvaltning=nope").status == 404
    assert c.get(f"/uppfoljning/{YEAR}.csv?namnd=nope").status == 404
    assert c.get("/uppfoljning/1999").status == 404
    assert c.get("/uppfoljning/20x6").status == 404
    r = c.get(f"/uppfoljning/{YEAR}?forvaltning=social&namnd=KFN")
    assert r.status == 422 and "Choose a committee or a department, not both." in page_text(r.text)
    assert f'href="/uppfoljning/{YEAR}"' in c.get("/uppfoljning").text


def test_the_command_line_writes_the_same_report(year, tmp_path):
    db, server = year["db"], year["server"]
    out = tmp_path / "kf.csv"
    cli(db, "report", "--year", YEAR, "--department", "kultur-fritid", "--format", "csv", "--output", str(out))
    page = english(server).get(f"/uppfoljning/{YEAR}.csv?forvaltning=kultur-fritid").text
    assert out.read_bytes().decode() == page
    html = tmp_path / "report.html"
    p = cli(db, "report", "--year", YEAR, "--output", str(html))
    assert p.stderr == f"wrote the follow-up of 2026 to {html}\n"
    text = html.read_text()
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "@page{size:A4" in text and "section.unit{break-before:page}" in text
    assert "<link" not in text and "<script" not in text and "src=" not in text
    assert [t["caption"] for t in tables(text)] == [t["caption"] for t in tables(
        english(server).get(f"/uppfoljning/{YEAR}").text)]
    assert text.count("<svg") == 3, "a chart per goal"
    p = cli(db, "report", "--year", "1999", "--output", str(html), check=False)
    assert p.returncode == 2 and p.stderr.startswith("samverkan report: --year must be a year from 2000 to 2100")
    p = cli(db, "report", "--year", YEAR, "--department", "nope", check=False)
    assert (p.returncode, p.stderr) == (1, "samverkan report: --department: There is no department with that code.\n")
    p = cli(db, "report", "--year", YEAR, "--committee", "nope", check=False)
    assert (p.returncode, p.stderr) == (1, "samverkan report: --committee: There is no committee with that code.\n")
    p = cli(db, "report", "--year", YEAR, "--format", "pdf", check=False)
    assert p.returncode == 2


def test_the_swedish_page_writes_decimals_with_a_comma(year):
    r = year["server"].client().get(f"/uppfoljning/{YEAR}", headers={"Accept-Language": "sv"})
    ts = tables(r.text)
    assert [t["caption"] for t in ts[:2]] == ["Dialoger och synpunkter per princip 2026: hela kommunen",
                                              "Handlingsplanernas åtgärder per princip 2026: hela kommunen"]
    assert texts(ts[0]["head"][0])[6:8] == ["Andel i tid, %", "Median, arbetsdagar"]
    assert "141,5 (2026-09-30)" in [c for row in ts[2]["body"] for c in cells(row)]
