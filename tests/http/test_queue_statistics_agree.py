"""The work queue and the statistics agree on "overdue" (issue 12): submissions sent through the
form with the clock (SAMVERKAN_NOW) moved to different days, some acknowledged or answered through
the one handling form; then at several moved clocks — a weekday, the Saturday after a Friday due
date, over Christmas and New Year — the queue's overdue counts per promise (acknowledge, answer)
equal the statistics page's, and both equal counts this test computes itself from the rows and a
Swedish working-day calendar of its own. Also: a new submission notifies the responsible official
(notification row and e-mail in the outbox) and shows in /arbetsko on the next request; the remind
action tells them again, audited. A demo database of its own; both stores."""

import datetime
import itertools
import re

import pytest

from conftest import COORDINATOR, DEMO_PASSWORD, OFFICIAL, REPRESENTATIVE, Database, find_form, new_db, page_text, \
    query, run_cli

_seq = itertools.count(1)

# Swedish public holidays and the eves counted as holidays, for the days this test spans.
HOLIDAYS = {"2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31", "2027-01-01", "2027-01-06"}
ACK_DAYS, ANSWER_DAYS = 5, 20  # the defaults


def workday(d):
    return d.weekday() < 5 and d.isoformat() not in HOLIDAYS


def workdays_add(day, n):
    d = datetime.date.fromisoformat(day)
    while n > 0:
        d += datetime.timedelta(days=1)
        n -= workday(d)
    return d.isoformat()


def stockholm_date(stamp):
    """The Swedish local date of a UTC stamp in winter (UTC+1): the days this test uses."""
    t = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00")) + datetime.timedelta(hours=1)
    return t.date().isoformat()


# When each submission is sent (UTC): Monday 30 Nov, Thursday 10 Dec, Friday 18 Dec at 23:30 UTC
# (Saturday 19 Dec in Sweden), Wednesday 23 Dec.
SENT = ["2026-11-30T09:00:00Z", "2026-12-10T09:00:00Z", "2026-12-18T23:30:00Z", "2026-12-23T09:00:00Z"]
# When the counts are compared.
CLOCKS = ["2026-12-07T09:00:00Z", "2026-12-08T09:00:00Z", "2026-12-19T10:00:00Z", "2026-12-28T09:00:00Z",
          "2027-01-07T09:00:00Z", "2027-02-01T09:00:00Z"]


def client(server, email, lang="en"):
    c = server.client()
    c.cookies["lang"] = lang
    r = c.login(email, DEMO_PASSWORD)
    assert r.status == 303, r
    c.csrf("/konto")
    return c


def send(server, department):
    rep = client(server, REPRESENTATIVE)
    form = find_form(rep.get("/synpunkter/ny").text, "/synpunkter/ny")
    data = dict(form["fields"])
    data.update({"kind": "proposal", "title": f"Förslag {department} {next(_seq)}", "body": "Text.",
                 "department_id": str(department), "on_behalf": "me", "publish": "1"})
    r = rep.post("/synpunkter/ny", data)
    assert r.status == 303, page_text(r.text)[:800]
    return int(re.search(r"/synpunkter/(\d+)", r.header("location")).group(1))


def handle(server, sid, **fields):
    official = client(server, OFFICIAL)
    form = find_form(official.get(f"/synpunkter/{sid}").text, f"/synpunkter/{sid}/behandling")
    r = official.post(f"/synpunkter/{sid}/behandling", dict(form["fields"], **fields))
    assert r.status == 303, page_text(r.text)[:800]


@pytest.fixture(scope="module")
def world(workdir, server_factory):
    db = new_db(workdir, "queue-statistics")
    run_cli("demo", "--db", db, "--organisations", "5", timeout=300)
    with Database(db, writable=True) as w:
        # Only this test's submissions are open; the demo's made-up history is settled.
        w.execute("UPDATE submission SET status = 'closed'")
        w.execute("DELETE FROM setting WHERE name LIKE 'feedback.%'")
    official = query(db, "SELECT id, department_id FROM account WHERE email = ?", (OFFICIAL,))[0]
    other = query(db, "SELECT id FROM department WHERE id <> ? AND retired_at IS NULL ORDER BY id", (official[1],))[0][0]
    sent = []
    for i, stamp in enumerate(SENT):
        server = server_factory(db=db, env={"SAMVERKAN_NOW": stamp}, threads=1)
        mine, theirs = send(server, official[1]), send(server, other)
        sent += [mine, theirs]
        if i == 0:
            handle(server, mine, status="acknowledged", case_number="KFN 2026/1")
        if i == 1:
            handle(server, mine, answer="Tack, vi gör så.")
        if i == 2:
            handle(server, mine, status="in_progress")
    return db, official, sent


def expected(db, today):
    """Open, acknowledgement overdue and answer overdue at `today`, worked out here from the rows:
    the due dates again from the arrival day and this test's calendar, late from the day after."""
    open_n = ack = ans = 0
    for status, received_on, ack_due, answer_due, acknowledged_at, answered_at in query(
            db, "SELECT status, received_on, acknowledge_due, answer_due, acknowledged_at, answered_at "
                "FROM submission WHERE status IN ('received', 'acknowledged', 'in_progress')"):
        assert ack_due == workdays_add(received_on, ACK_DAYS) and answer_due == workdays_add(received_on, ANSWER_DAYS)
        open_n += 1
        ack += acknowledged_at is None and today > ack_due
        ans += answered_at is None and today > answer_due
    return open_n, ack, ans


def queue_counts(html, section_id):
    m = re.search(rf'<p id="{section_id}">Open (\d+)\. Overdue now: acknowledgement (\d+), answer (\d+)\.', html)
    if not m:
        return (0, 0, 0)
    return tuple(int(x) for x in m.groups())


def statistics_counts(html):
    m = re.search(r'<p id="overdue-now">Overdue now: acknowledgement (\d+), answer (\d+) \(of (\d+) open\)\.</p>', html)
    assert m, "no overdue summary"
    ack, ans, open_n = (int(x) for x in m.groups())
    return open_n, ack, ans


def test_the_arrival_days_are_the_swedish_ones(world):
    db, _, sent = world
    days = [r[0] for r in query(db, "SELECT received_on FROM submission WHERE id IN (%s) ORDER BY id"
                                % ",".join(map(str, sent)))]
    assert days == [stockholm_date(s) for s in SENT for _ in (0, 1)]
    assert days[4] == "2026-12-19", "23:30 UTC on a Friday is Saturday in Sweden"
    # The CLI's calendar agrees with this test's for every due date used.
    for day in set(days):
        for n in (ACK_DAYS, ANSWER_DAYS):
            assert run_cli("workdays", "add", day, str(n)).stdout.strip() == workdays_add(day, n)


@pytest.mark.parametrize("clock", CLOCKS)
def test_queue_statistics_and_the_rows_agree(world, server_factory, clock):
    db, _, _ = world
    server = server_factory(db=db, env={"SAMVERKAN_NOW": clock}, threads=1)
    today = stockholm_date(clock)
    want = expected(db, today)
    queue = queue_counts(client(server, COORDINATOR).get("/arbetsko").text, "queue-department")
    stats_page = server.client()
    stats_page.cookies["lang"] = "en"
    stats = statistics_counts(stats_page.get("/statistik/aterkoppling").text)
    assert queue == want, (clock, queue, want)
    assert stats == want, (clock, stats, want)


def test_the_counts_move_with_the_clock(world):
    """The clocks above are not all alike: both promises are late at some and in time at others."""
    db, _, _ = world
    counts = [expected(db, stockholm_date(c)) for c in CLOCKS]
    assert any(a > 0 for _, a, _ in counts) and any(a == 0 for _, a, _ in counts)
    assert any(b > 0 for _, _, b in counts) and any(b == 0 for _, _, b in counts)


def test_a_new_submission_notifies_the_official_and_shows_in_the_queue(world, server_factory):
    db, official, _ = world
    # After every other arrival, so it is the newest.
    server = server_factory(db=db, env={"SAMVERKAN_NOW": "2026-12-28T08:00:00Z"}, threads=1)
    sid = send(server, official[1])
    told = query(db, "SELECT kind, title, link FROM notification WHERE account_id = ? AND link = ?",
                 (official[0], f"/synpunkter/{sid}"))
    assert len(told) == 1 and told[0][0] == "submissions"
    assert told[0][1].startswith("Ny synpunkt att handlägga") or told[0][1].startswith("New submission to handle")
    mail = query(db, "SELECT kind, to_address FROM outbox WHERE account_id = ? AND body_text LIKE ?",
                 (official[0], f"%/synpunkter/{sid}%"))
    assert mail == [("submissions", OFFICIAL)]
    html = client(server, OFFICIAL).get("/arbetsko").text
    mine = re.search(r"<h2>Submissions you are responsible for</h2>(.*?)<h2>", html, re.S).group(1)
    assert f'href="/synpunkter/{sid}"' in mine
    # The newest first.
    first = re.search(r'<tr[^>]*data-id="(\d+)"', mine).group(1)
    assert int(first) == sid


def test_the_remind_action_tells_the_responsible_official_now(world, server_factory):
    db, official, sent = world
    server = server_factory(db=db, env={"SAMVERKAN_NOW": "2026-12-28T09:00:00Z"}, threads=1)
    sid = sent[0]
    coord = client(server, COORDINATOR)
    before = query(db, "SELECT COUNT(*) FROM notification WHERE account_id = ? AND kind = 'submissions'",
                   (official[0],))[0][0]
    r = coord.post(f"/synpunkter/{sid}/paminn", {})
    assert r.status == 303 and r.header("location") == f"/arbetsko?paminde={sid}&antal=1"
    rows = query(db, "SELECT title FROM notification WHERE account_id = ? AND kind = 'submissions' ORDER BY id",
                 (official[0],))
    assert len(rows) == before + 1 and ("Reminder from" in rows[-1][0] or "Påminnelse från" in rows[-1][0])
    assert query(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'submission' AND entity_id = ? "
                     "AND action = 'remind_now'", (sid,))[0][0] == 1
    assert "1 person responsible has been reminded." in page_text(coord.get(r.header("location")).text)
    # A department without officials, and no handler: the page says nobody was told, not "reminded".
    lonely = query(db, "SELECT id FROM department WHERE id NOT IN (SELECT department_id FROM account "
                       "WHERE department_id IS NOT NULL AND disabled = 0) ORDER BY id LIMIT 1")
    orphan = lonely and query(db, "SELECT id FROM submission WHERE department_id = ? AND handler_account_id IS NULL "
                              "AND dialogue_id IS NULL AND status IN ('received', 'acknowledged', 'in_progress') "
                              "ORDER BY id LIMIT 1", (lonely[0][0],))
    assert lonely and orphan, "the test's world needs a department without officials and an open submission in it"
    r = coord.post(f"/synpunkter/{orphan[0][0]}/paminn", {})
    assert r.status == 303 and r.header("location") == f"/arbetsko?paminde={orphan[0][0]}&antal=0"
    text = page_text(coord.get(r.header("location")).text)
    assert "Nobody could be reminded" in text and "have been reminded" not in text
    # An answered one has nothing to remind about; a representative may not remind.
    answered = sent[2]
    assert coord.post(f"/synpunkter/{answered}/paminn", {}).status == 409
    assert client(server, REPRESENTATIVE).post(f"/synpunkter/{sid}/paminn", {}).status == 403
