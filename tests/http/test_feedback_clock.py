"""The feedback clock: reminders to the responsible officials FEEDBACK_REMIND_WORKDAYS (2) working
days before a due date and escalation to the coordinators on the first working day after it, driven
by `samverkan feedback send` with the clock moved by SAMVERKAN_NOW over real Swedish calendars
(a Friday deadline and its weekend, Easter 2026); each mail once, also when runs overlap. Then the
officials' work queue /arbetsko and the targets page /admin/aterkoppling with their role limits.

Submissions are rows inserted with SQL into demo databases of the tests' own (each clock scenario
gets a fresh one, so one scenario's dates never reach another's rows); the pages run on a server
of their own with a fixed clock. Both stores."""

import itertools
import re
import subprocess

import pytest

from conftest import (
    ADMIN,
    COORDINATOR,
    DEMO_PASSWORD,
    OFFICIAL,
    REPRESENTATIVE,
    SAMVERKAN,
    Database,
    find_form,
    new_db,
    page_text,
    program_env,
    query,
    run_cli,
)

_seq = itertools.count(1)
SENT = re.compile(r"feedback clock for (\d{4}-\d\d-\d\d): (\d+) reminders? and (\d+) escalations? queued")


class Clock:
    """A demo database of its own, with helpers to add submissions and run the clock."""

    def __init__(self, db):
        self.db = db
        # Whatever the demo made is settled, so only this test's rows are due. The mails are read
        # in English here; the demo's people are Swedish-speaking, so one test keeps a Swedish
        # recipient to check the translation is used.
        with Database(db, writable=True) as w:
            w.execute("UPDATE submission SET status = 'closed'")
            w.execute("UPDATE account SET lang = 'en'")

    def account(self, email):
        return query(self.db, "SELECT id FROM account WHERE email = ?", (email,))[0][0]

    def department(self, code):
        return query(self.db, "SELECT id FROM department WHERE code = ?", (code,))[0][0]

    def person(self, role, department=None, lang="en", name=None):
        n = next(_seq)
        email = f"klocka-{n}-{role}@exempel.se"
        args = ["user", "add", "--db", self.db, "--email", email, "--name", name or f"Klocka Test {n}",
                "--role", role]
        if department:
            args += ["--department", department]
        run_cli(*args, env={"SAMVERKAN_PASSWORD": "klocka-test-42"})
        account_id = self.account(email)
        if lang != "sv":  # `user add` makes Swedish-speaking accounts
            with Database(self.db, writable=True) as w:
                w.execute("UPDATE account SET lang = ? WHERE id = ?", (lang, account_id))
        return account_id

    def dialogue(self, department, contact):
        title = f"Klockans dialog {next(_seq)}"
        with Database(self.db, writable=True) as w:
            w.execute("INSERT INTO dialogue (title, question, department_id, contact_account_id, skr_level, coe_level,"
                      " decision_stage, state, created_at, updated_at) VALUES (?, 'Vad tycker ni?', ?, ?,"
                      " 'konsultation', 'consultation', 'drafting', 'open', '2026-01-01T00:00:00Z',"
                      " '2026-01-01T00:00:00Z')", (title, self.department(department), contact))
        return query(self.db, "SELECT id FROM dialogue WHERE title = ?", (title,))[0][0]

    def submission(self, received_on, acknowledge_due, answer_due, department="kultur-fritid", handler=None,
                   dialogue=None, status="received", acknowledged_at=None, answered_at=None):
        title = f"Synpunkt om klockan {next(_seq)}"
        with Database(self.db, writable=True) as w:
            w.execute("INSERT INTO submission (dialogue_id, department_id, account_id, kind, title, body, status,"
                      " handler_account_id, received_at, received_on, acknowledge_due, answer_due,"
                      " acknowledged_at, answered_at, updated_at) VALUES (?, ?, ?, 'view', ?, 'Text.', ?, ?, ?, ?,"
                      " ?, ?, ?, ?, ?)",
                      (dialogue, self.department(department), self.account(REPRESENTATIVE), title, status, handler,
                       f"{received_on}T09:00:00Z", received_on, acknowledge_due, answer_due, acknowledged_at,
                       answered_at, f"{received_on}T09:00:00Z"))
        return query(self.db, "SELECT id FROM submission WHERE title = ?", (title,))[0][0], title

    def set(self, sid, **cols):
        names = ", ".join(f"{k} = ?" for k in cols)
        with Database(self.db, writable=True) as w:
            w.execute(f"UPDATE submission SET {names} WHERE id = ?", (*cols.values(), sid))

    def send(self, when):
        """`samverkan feedback send` at `when` ("YYYY-MM-DD" means 07:00 UTC, 08:00 or 09:00 in
        Sweden): (reminders, escalations) queued."""
        stamp = when if "T" in when else f"{when}T07:00:00Z"
        out = run_cli("feedback", "send", "--db", self.db, "--base-url", "https://samverkan.example.se",
                      env={"SAMVERKAN_NOW": stamp}).stdout
        m = SENT.search(out)
        assert m, out
        return int(m.group(2)), int(m.group(3))

    def mails(self, sid):
        """Every queued mail about submission sid: (account id, subject, body, kind, lang)."""
        rows = query(self.db, "SELECT account_id, subject, body_text, kind, lang FROM outbox ORDER BY id")
        link = f"https://samverkan.example.se/synpunkter/{sid}\n"
        return [r for r in rows if link in r[2]]


def fresh_clock(tmp_path):
    db = new_db(tmp_path, f"clock-{next(_seq)}")
    run_cli("demo", "--db", db, "--organisations", "5", timeout=300)
    return Clock(db)


@pytest.fixture
def clock(tmp_path):
    return fresh_clock(tmp_path)


def only(mails, account):
    got = [m for m in mails if m[0] == account]
    assert len(got) == 1, mails
    return got[0]


# ---- Reminders and escalation on real calendars ------------------------------------------------


def test_friday_deadline_reminder_two_working_days_before_escalation_on_monday(clock):
    official, coordinator = clock.account(OFFICIAL), clock.account(COORDINATOR)
    # Received Friday 20 November 2026: 5 working days is Friday 27 November.
    sid, title = clock.submission("2026-11-20", "2026-11-27", "2026-12-18", handler=official)
    assert clock.send("2026-11-23") == (0, 0)
    assert clock.send("2026-11-24") == (0, 0), "3 working days before: too early"
    assert clock.mails(sid) == []
    assert clock.send("2026-11-25") == (1, 0), "2 working days before: the reminder"
    [(to, subject, body, kind, lang)] = clock.mails(sid)
    assert to == official
    assert kind == "transactional", "duty mail: always sent, no unsubscribe"
    assert subject == f'Reminder: acknowledge submission "{title}" by 2026-11-27'
    assert "Kultur- och fritidsförvaltningen" in body and "2026-11-20" in body
    assert "That is in 2 working days." in body
    assert clock.send("2026-11-26") == (0, 0), "no second reminder"
    assert clock.send("2026-11-27") == (0, 0), "no escalation on the due date"
    assert clock.send("2026-11-28") == (0, 0), "nor on Saturday"
    assert clock.send("2026-11-29T22:59:00Z") == (0, 0), "nor on Sunday, 23:59 in Sweden"
    assert len(clock.mails(sid)) == 1
    # Monday: the first working day after the deadline (00:00 in Sweden is 23:00 UTC on Sunday).
    assert clock.send("2026-11-29T23:00:00Z") == (0, 1)
    mails = clock.mails(sid)
    assert len(mails) == 2
    to, subject, body, kind, _ = mails[1]
    assert to == coordinator and kind == "transactional"
    assert subject == f'Overdue: submission "{title}" was to be acknowledged by 2026-11-27'
    assert "Responsible: Tove Tjänsteperson" in body, "the responsible official is named"
    assert "1 working day overdue" in body
    assert clock.send("2026-11-30") == (0, 0), "no second escalation"
    assert clock.send("2026-12-01") == (0, 0)
    assert len(clock.mails(sid)) == 2
    marks = query(clock.db, "SELECT acknowledge_reminded_at, acknowledge_escalated_at, answer_reminded_at,"
                            " answer_escalated_at FROM submission WHERE id = ?", (sid,))[0]
    assert marks[0].startswith("2026-11-25") and marks[1].startswith("2026-11-29T23:00")
    assert marks[2] is None and marks[3] is None
    actions = query(clock.db, "SELECT action FROM audit_log WHERE entity = 'submission' AND entity_id = ? ORDER BY id",
                    (sid,))
    assert [a for (a,) in actions] == ["remind", "escalate"]


def test_easter_holidays_are_not_working_days(clock):
    official, coordinator = clock.account(OFFICIAL), clock.account(COORDINATOR)
    # Due Thursday 2 April 2026, the day before långfredagen; due Tuesday 7 April, after annandag påsk.
    before, _ = clock.submission("2026-03-26", "2026-04-02", "2026-04-27", handler=official)
    after, _ = clock.submission("2026-03-31", "2026-04-07", "2026-04-28", handler=official)
    assert clock.send("2026-03-30") == (0, 0)
    # 31 March: two working days before 2 April; not yet for 7 April (1 and 2 April come first).
    assert clock.send("2026-03-31") == (1, 0)
    assert len(clock.mails(before)) == 1 and clock.mails(after) == []
    # 1 April is two working days before 7 April: 2 April, then the Easter holiday.
    assert clock.send("2026-04-01") == (1, 0)
    assert len(clock.mails(after)) == 1
    for day in ("2026-04-02", "2026-04-03", "2026-04-04", "2026-04-05", "2026-04-06"):
        assert clock.send(day) == (0, 0), f"no escalation on {day}"
    assert clock.send("2026-04-07") == (0, 1), "Tuesday after annandag påsk: the first working day"
    to, subject, *_ = clock.mails(before)[-1]
    assert to == coordinator and "2026-04-02" in subject
    assert clock.send("2026-04-08") == (0, 1)
    to, subject, *_ = clock.mails(after)[-1]
    assert to == coordinator and "2026-04-07" in subject


def test_nothing_once_acknowledged_or_answered(clock):
    official = clock.account(OFFICIAL)
    acked, _ = clock.submission("2026-11-20", "2026-11-27", "2026-12-18", handler=official, status="acknowledged",
                                acknowledged_at="2026-11-23T10:00:00Z")
    answered, _ = clock.submission("2026-11-20", "2026-11-27", "2026-11-30", handler=official, status="answered",
                                   acknowledged_at="2026-11-23T10:00:00Z", answered_at="2026-11-24T10:00:00Z")
    closed, _ = clock.submission("2026-11-20", "2026-11-27", "2026-11-30", handler=official, status="closed")
    late, _ = clock.submission("2026-11-20", "2026-11-27", "2026-12-18", handler=official)
    assert clock.send("2026-11-25") == (1, 0)
    assert len(clock.mails(late)) == 1, "only the one still waiting is reminded"
    # Acknowledged after the reminder, before the deadline: no escalation.
    clock.set(late, status="acknowledged", acknowledged_at="2026-11-26T10:00:00Z")
    for day in ("2026-11-26", "2026-11-27", "2026-11-30", "2026-12-01"):
        assert clock.send(day) == (0, 0)
    assert clock.mails(acked) == [] and clock.mails(answered) == [] and clock.mails(closed) == []
    assert len(clock.mails(late)) == 1


def test_the_answer_step_has_its_own_reminder_and_escalation(clock):
    official, coordinator = clock.account(OFFICIAL), clock.account(COORDINATOR)
    # Acknowledged in time; the answer is due Friday 18 December 2026.
    sid, title = clock.submission("2026-11-20", "2026-11-27", "2026-12-18", handler=official,
                                  status="in_progress", acknowledged_at="2026-11-23T10:00:00Z")
    assert clock.send("2026-12-15") == (0, 0)
    assert clock.send("2026-12-16") == (1, 0)
    (to, subject, *_), = clock.mails(sid)
    assert to == official and subject == f'Reminder: answer submission "{title}" by 2026-12-18'
    assert clock.send("2026-12-18") == (0, 0)
    assert clock.send("2026-12-21") == (0, 1)
    to, subject, body, *_ = clock.mails(sid)[-1]
    assert to == coordinator and subject == f'Overdue: submission "{title}" was to be answered by 2026-12-18'
    # Closed without an answer counts as done for the clock: nothing more.
    clock.set(sid, status="closed")
    assert clock.send("2026-12-22") == (0, 0)


def test_a_reminder_counts_the_swedish_date_not_utc(clock):
    official = clock.account(OFFICIAL)
    sid, _ = clock.submission("2026-11-20", "2026-11-27", "2026-12-18", handler=official)
    # 22:59 UTC on 24 November is 23:59 in Stockholm: still three working days before.
    assert clock.send("2026-11-24T22:59:00Z") == (0, 0)
    # 23:00 UTC is midnight in Stockholm: 25 November, two working days before.
    assert clock.send("2026-11-24T23:00:00Z") == (1, 0)
    assert len(clock.mails(sid)) == 1


def test_the_responsible_people_handler_then_contact_then_the_departments_officials(clock):
    official, coordinator = clock.account(OFFICIAL), clock.account(COORDINATOR)
    colleague = clock.person("official", "kultur-fritid", lang="sv", name="Kim Kollega")
    elsewhere = clock.person("official", "social")
    contact = clock.person("official", "kultur-fritid", name="Karin Kontakt")
    dialogue = clock.dialogue("kultur-fritid", contact)
    by_handler, _ = clock.submission("2026-11-20", "2026-11-27", "2026-12-18", handler=colleague, dialogue=dialogue)
    by_contact, _ = clock.submission("2026-11-20", "2026-11-27", "2026-12-18", dialogue=dialogue)
    by_department, _ = clock.submission("2026-11-20", "2026-11-27", "2026-12-18")
    gone = clock.person("official", "kultur-fritid")
    handler_left, _ = clock.submission("2026-11-20", "2026-11-27", "2026-12-18", handler=gone)
    with Database(clock.db, writable=True) as w:
        w.execute("UPDATE account SET disabled = 1 WHERE id = ?", (gone,))
    reminders, _ = clock.send("2026-11-25")
    assert [m[0] for m in clock.mails(by_handler)] == [colleague]
    (_, subject, body, _, lang), = clock.mails(by_handler)
    assert lang == "sv" and subject.startswith("Påminnelse: bekräfta ärendet ”"), "in the recipient's language"
    assert "Kultur- och fritidsförvaltningen" in body
    assert [m[0] for m in clock.mails(by_contact)] == [contact]
    officials = sorted([official, colleague, contact])
    assert sorted(m[0] for m in clock.mails(by_department)) == officials, "every official of the department"
    assert elsewhere not in [m[0] for m in clock.mails(by_department)]
    # A handler whose account was disabled passes the duty on to the department.
    assert sorted(m[0] for m in clock.mails(handler_left)) == officials
    assert reminders == 1 + 1 + 3 + 3
    # The escalation names the responsible people to the coordinators.
    _, escalations = clock.send("2026-11-30")
    assert escalations == 4
    (_, _, body, _, _), = [m for m in clock.mails(by_contact) if m[0] == coordinator]
    assert "Responsible: Karin Kontakt" in body
    (_, _, body, _, _), = [m for m in clock.mails(by_department) if m[0] == coordinator]
    assert "Tove Tjänsteperson" in body and "Kim Kollega" in body and "Karin Kontakt" in body


def test_runs_at_the_same_time_queue_each_mail_once(clock):
    official = clock.account(OFFICIAL)
    ids = [clock.submission("2026-11-20", "2026-11-27", "2026-12-18", handler=official)[0] for _ in range(30)]
    env = dict(program_env(), SAMVERKAN_NOW="2026-11-25T07:00:00Z", SAMVERKAN_LANG="en")
    runs = [subprocess.Popen([SAMVERKAN, "feedback", "send", "--db", clock.db, "--base-url",
                              "https://samverkan.example.se"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in runs]
    assert all(p.returncode == 0 for p in runs), outs
    assert sum(int(SENT.search(out).group(2)) for out, _ in outs) == 30, outs
    for sid in ids:
        assert len(clock.mails(sid)) == 1, sid
    # And the escalations likewise.
    env["SAMVERKAN_NOW"] = "2026-11-30T07:00:00Z"
    runs = [subprocess.Popen([SAMVERKAN, "feedback", "send", "--db", clock.db, "--base-url",
                              "https://samverkan.example.se"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in runs]
    assert all(p.returncode == 0 for p in runs), outs
    assert sum(int(SENT.search(out).group(3)) for out, _ in outs) == 30, outs
    for sid in ids:
        assert len(clock.mails(sid)) == 2, sid


def test_feedback_send_help_and_bad_options():
    p = run_cli("feedback", "send", "--help")
    assert "usage: samverkan feedback send" in p.stdout and "2" in p.stdout
    p = run_cli("feedback", "send", "--frobnicate", check=False)
    assert p.returncode == 2 and "unknown option '--frobnicate'" in p.stderr


# ---- The work queue ------------------------------------------------------------------------------

# Thursday 26 November 2026, 10:00 in Sweden.
NOW = "2026-11-26T09:00:00Z"


@pytest.fixture(scope="module")
def queue(tmp_path_factory, server_factory):
    """A server with a fixed clock on a demo database of its own, and submissions at known dates:
    (server, clock, {name: (id, title)})."""
    c = fresh_clock(tmp_path_factory.mktemp("queue"))
    official = c.account(OFFICIAL)
    rows = {
        # Kultur och fritid (the demo official's department).
        "overdue_ack": c.submission("2026-11-13", "2026-11-20", "2026-12-11"),              # 4 working days late
        "overdue_answer": c.submission("2026-10-01", "2026-10-08", "2026-11-25", status="in_progress",
                                       acknowledged_at="2026-10-02T10:00:00Z"),           # 1 working day late
        "soon": c.submission("2026-11-23", "2026-11-30", "2026-12-21"),                      # due in 2
        "today": c.submission("2026-11-19", "2026-11-26", "2026-12-17"),                     # due today
        "later": c.submission("2026-11-25", "2026-12-02", "2026-12-23"),                     # due in 4: not listed
        "answered": c.submission("2026-10-01", "2026-10-08", "2026-10-29", status="answered",
                                 acknowledged_at="2026-10-02T10:00:00Z", answered_at="2026-10-20T10:00:00Z"),
        # Another department.
        "other": c.submission("2026-11-13", "2026-11-20", "2026-12-11", department="social"),
        # Another department, but the demo official is its handler: it is theirs.
        "mine_elsewhere": c.submission("2026-11-13", "2026-11-20", "2026-12-11", department="social",
                                       handler=official),
    }
    server = server_factory(db=c.db, env={"SAMVERKAN_NOW": NOW})
    return server, c, rows


def signed_in(server, email):
    """A client signed in as email, reading the pages in English (the default is Swedish)."""
    cl = server.client()
    cl.cookies["lang"] = "en"
    r = cl.login(email, DEMO_PASSWORD)
    assert r.status == 303, r
    cl.csrf("/konto")
    return cl


def section(html, heading):
    """The text of the page from the <h2> heading up to the next <h2> (or the end of main)."""
    m = re.search(r"<h2>" + re.escape(heading) + r"</h2>(.*?)(?=<h2>|</main>)", html, re.S)
    assert m, f"no section {heading!r}"
    return m.group(1)


def test_an_official_sees_their_departments_queue_not_anothers(queue):
    server, c, rows = queue
    r = signed_in(server, OFFICIAL).get("/arbetsko")
    assert r.status == 200, r.text[:1000]
    dep = section(r.text, "Kultur- och fritidsförvaltningen")
    for name in ("overdue_ack", "overdue_answer", "soon", "today"):
        sid, title = rows[name]
        assert f'href="/synpunkter/{sid}"' in dep and title in dep, name
    # Every open one is listed now (issue 12: not only the late and the soon), newest first.
    assert f'href="/synpunkter/{rows["later"][0]}"' in dep
    for name in ("answered", "other", "mine_elsewhere"):
        assert f'href="/synpunkter/{rows[name][0]}"' not in dep, name
    text = page_text(dep)
    assert "Acknowledgement overdue, 4 working days" in text and "Answer overdue, 1 working day" in text
    assert "Due in 2 working days" in text and "Due today" in text and "In time" in text
    assert "Open 5. Overdue now: acknowledgement 1, answer 1. Due soon 2." in text
    table = dep.split("</table>")[0]
    order = [rows[n][1] for n in ("later", "soon", "today", "overdue_ack", "overdue_answer")]
    assert [table.index(t) for t in order] == sorted(table.index(t) for t in order)
    assert re.search(r"<caption id=\"[^\"]+\">Open in Kultur- och fritidsförvaltningen \(5\)</caption>", dep)
    assert '<th scope="col">' in dep and '<th scope="row"><a href="/synpunkter/' in dep
    # Both due dates, and who is responsible, on every row.
    sid = rows["overdue_ack"][0]
    row = re.search(rf'<tr[^>]*data-id="{sid}".*?</tr>', dep, re.S).group(0)
    assert '<time datetime="2026-11-20">' in row and '<time datetime="2026-12-11">' in row
    assert "The department&#39;s officials" in row or "The department's officials" in row
    assert f'action="/synpunkter/{sid}/paminn"' in row
    # The official's own: the department's unassigned ones and the one they handle elsewhere.
    mine = section(r.text, "Submissions you are responsible for")
    assert f'href="/synpunkter/{rows["mine_elsewhere"][0]}"' in mine
    assert f'href="/synpunkter/{rows["overdue_ack"][0]}"' in mine
    assert f'href="/synpunkter/{rows["other"][0]}"' not in mine
    # An official cannot look at another department by changing the address.
    other = c.department("social")
    r = signed_in(server, OFFICIAL).get(f"/arbetsko?department={other}")
    assert r.status == 200
    assert f'href="/synpunkter/{rows["other"][0]}"' not in r.text


def test_coordinators_see_every_department_or_choose_one(queue):
    server, c, rows = queue
    coord = signed_in(server, COORDINATOR)
    r = coord.get("/arbetsko")
    assert r.status == 200
    everything = section(r.text, "All departments")
    assert f'href="/synpunkter/{rows["other"][0]}"' in everything
    assert f'href="/synpunkter/{rows["overdue_ack"][0]}"' in everything
    find_form(r.text, "/arbetsko")
    social = c.department("social")
    r = coord.get(f"/arbetsko?department={social}")
    dep = section(r.text, "Socialförvaltningen")
    assert f'href="/synpunkter/{rows["other"][0]}"' in dep
    assert f'href="/synpunkter/{rows["overdue_ack"][0]}"' not in dep
    assert "Open 2. Overdue now: acknowledgement 2, answer 0. Due soon 0." in page_text(dep)
    # Nonsense in the address shows every department rather than an error.
    assert coord.get("/arbetsko?department=abc").status == 200


def test_coordinators_see_one_officials_lists_by_the_reminders_rule(queue):
    server, c, rows = queue
    official = c.account(OFFICIAL)
    coord = signed_in(server, COORDINATOR)
    r = coord.get(f"/arbetsko?official={official}")
    assert r.status == 200
    form = find_form(r.text, "/arbetsko")
    assert dict(form["fields"]).get("official") == str(official), "the choice stays chosen"
    theirs = section(r.text, "Submissions Tove Tjänsteperson is responsible for")
    # Unassigned in their department, and the one they handle in another department.
    for name in ("overdue_ack", "overdue_answer", "soon", "today", "mine_elsewhere"):
        assert f'href="/synpunkter/{rows[name][0]}"' in theirs, name
    for name in ("other", "answered"):
        assert f'href="/synpunkter/{rows[name][0]}"' not in theirs, name
    assert re.search(r"<caption[^>]*>Open, Tove Tjänsteperson \(\d+\)</caption>", theirs)
    # Someone who is nobody's official, or nonsense, shows no such section.
    for value in (str(c.account(COORDINATOR)), "abc", "999999"):
        assert "is responsible for</h2>" not in coord.get(f"/arbetsko?official={value}").text.replace(
            "Submissions you are responsible for</h2>", ""), value
    # An official cannot look at a colleague's lists through the address.
    colleague = c.person("official", "social", name="Sara Socialsekreterare")
    r = signed_in(server, OFFICIAL).get(f"/arbetsko?official={colleague}")
    assert r.status == 200 and "Sara Socialsekreterare" not in r.text
    assert 'name="official"' not in r.text


def test_the_work_queue_is_for_staff_only(queue):
    server, _, _ = queue
    assert signed_in(server, REPRESENTATIVE).get("/arbetsko").status == 403
    r = server.client().get("/arbetsko")
    assert r.status in (302, 303) and "/logga-in" in r.header("location")


# ---- The targets -------------------------------------------------------------------------------


def test_targets_admin_changes_them_with_field_errors_and_input_kept(queue):
    server, c, _ = queue
    admin = signed_in(server, ADMIN)
    r = admin.get("/admin")
    assert 'href="/admin/aterkoppling"' in r.text
    r = admin.get("/admin/aterkoppling")
    assert r.status == 200
    form = find_form(r.text, "/admin/aterkoppling")
    fields = dict(form["fields"])
    assert fields["acknowledge_days"] == "5" and fields["answer_days"] == "20"
    # Bad values: each field says what is wrong, and what was typed stays.
    for ack, answer, bad in (("0", "20", ["acknowledge_days"]), ("fem", "101", ["acknowledge_days", "answer_days"]),
                             ("5", "", ["answer_days"]), ("15", "10", ["acknowledge_days"])):
        r = admin.post("/admin/aterkoppling", {"acknowledge_days": ack, "answer_days": answer})
        assert r.status == 422, (ack, answer)
        form = find_form(r.text, "/admin/aterkoppling")
        fields = dict(form["fields"])
        assert fields["acknowledge_days"] == ack and fields["answer_days"] == answer
        for name in ("acknowledge_days", "answer_days"):
            assert (f'id="{name}-error"' in r.text) == (name in bad), (ack, answer, name)
        assert 'role="alert"' in r.text
    assert query(c.db, "SELECT COUNT(*) FROM setting WHERE name LIKE 'feedback.%'")[0][0] == 0, "nothing stored"
    try:
        saved_and_shown(admin, c)
    finally:
        # Back to the defaults for the other tests, also when an assertion failed.
        assert admin.post("/admin/aterkoppling", {"acknowledge_days": "5", "answer_days": "20"}).status == 303


def saved_and_shown(admin, c):
    r = admin.post("/admin/aterkoppling", {"acknowledge_days": " 3 ", "answer_days": "15"})
    assert r.status == 303 and r.header("location").startswith("/admin/aterkoppling")
    assert dict(query(c.db, "SELECT name, value FROM setting WHERE name LIKE 'feedback.%'")) == {
        "feedback.acknowledge_days": "3", "feedback.answer_days": "15"}
    (detail,), = query(c.db, "SELECT detail FROM audit_log WHERE entity = 'setting' AND action = 'feedback_targets'")
    assert '"to":3' in detail and '"to":15' in detail
    r = admin.get("/admin/aterkoppling?sparat=1")
    assert "The targets have been saved." in r.text
    # A submission arriving today (Thursday 26 November 2026) would now be due by these dates.
    ack_due = run_cli("workdays", "add", "2026-11-26", "3").stdout.strip()
    answer_due = run_cli("workdays", "add", "2026-11-26", "15").stdout.strip()
    assert (ack_due, answer_due) == ("2026-12-01", "2026-12-17")
    assert (f"is to be acknowledged by {ack_due} and answered by {answer_due}") in page_text(r.text)


def test_targets_coordinators_see_officials_do_not_and_only_admins_change(queue):
    server, c, _ = queue
    coord = signed_in(server, COORDINATOR)
    r = coord.get("/admin/aterkoppling")
    assert r.status == 200
    assert 'action="/admin/aterkoppling"' not in r.text, "no form for coordinators"
    text = page_text(r.text)
    assert "5 working days" in text and "20 working days" in text
    r = coord.post("/admin/aterkoppling", {"acknowledge_days": "1", "answer_days": "2"})
    assert r.status == 403
    assert signed_in(server, OFFICIAL).get("/admin/aterkoppling").status == 403
    assert query(c.db, "SELECT COUNT(*) FROM setting WHERE name = 'feedback.acknowledge_days' AND value = '1'")[0][0] == 0


def submit(server, c, title):
    """A representative sends a view to Kultur och fritid through the form; the stored row's
    (received_on, acknowledge_due, answer_due)."""
    rep = signed_in(server, REPRESENTATIVE)
    r = rep.post("/synpunkter/ny", {"department_id": str(c.department("kultur-fritid")), "on_behalf": "me",
                                    "kind": "view", "title": title, "body": "Fler bänkar vid hamnen."})
    assert r.status == 303, page_text(r.text)[:1000]
    return query(c.db, "SELECT received_on, acknowledge_due, answer_due FROM submission WHERE title = ?", (title,))[0]


def test_a_new_submission_gets_its_due_dates_from_the_targets_in_force(queue):
    server, c, _ = queue
    # Thursday 26 November 2026: 5 working days is Thursday 3 December; 20 runs over julafton,
    # juldagen and annandag jul to Monday 28 December.
    assert submit(server, c, "Bänkar vid hamnen, före") == ("2026-11-26", "2026-12-03", "2026-12-28")
    admin = signed_in(server, ADMIN)
    assert admin.post("/admin/aterkoppling", {"acknowledge_days": "3", "answer_days": "15"}).status == 303
    try:
        assert submit(server, c, "Bänkar vid hamnen, efter") == ("2026-11-26", "2026-12-01", "2026-12-17")
        # The one that came before keeps the dates it got on arrival.
        assert query(c.db, "SELECT acknowledge_due, answer_due FROM submission WHERE title = ?",
                     ("Bänkar vid hamnen, före",))[0] == ("2026-12-03", "2026-12-28")
    finally:
        assert admin.post("/admin/aterkoppling", {"acknowledge_days": "5", "answer_days": "20"}).status == 303
