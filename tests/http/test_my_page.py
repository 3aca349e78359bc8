"""The personal start page (/min-sida): signing in leads there, it is the menu's first item, and per
role it lists exactly what the database says — a representative's organisations (with the yearly
confirmation when due), invitations waiting for an answer and own submissions; an official's new
submissions, overdue and soon-due items and dialogues with their next step; a coordinator's across
every department and the organisations to re-confirm. Also /konto's wording for someone who
represents two organisations, and notification titles as links that mark the notification read.

The module has a demo database of its own (admin_fixtures.site): it changes confirmations, adds
dialogues, invitations, submissions and notifications."""

import datetime
import itertools
import re
from zoneinfo import ZoneInfo

import pytest

from admin_fixtures import site  # noqa: F401 — a fixture
from conftest import ADMIN, COORDINATOR, DEMO_PASSWORD, OFFICIAL, REPRESENTATIVE, find_form, main_html, months_ago, \
    page_text, query, run_cli

_seq = itertools.count(1)
LIST_MAX = 10  # each list on the page shows at most this many
REMIND_WORKDAYS = 2  # FEEDBACK_REMIND_WORKDAYS: "soon" is due within this many working days


# ---- Helpers -------------------------------------------------------------------------------------


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def section(html, sid):
    """The inner HTML of the page's <section id=sid>, or None when the page has none."""
    m = re.search(rf'<section id="{sid}"[^>]*>(.*?)</section>', html, re.S)
    return m.group(1) if m else None


def heading_count(sec):
    m = re.search(r"<h2[^>]*>[^<]*\((\d+)\)</h2>", sec)
    assert m, sec[:300]
    return int(m.group(1))


def item_ids(sec, path):
    """The ids of the list items' first links to /path/ID, in order."""
    return [int(x) for x in re.findall(rf'<li><a href="/{path}/(\d+)"', sec)]


def first_menu_item(html):
    m = re.search(r'<nav aria-label="[^"]*"><ul>\s*<li><a href="([^"]*)"', html)
    return m.group(1)


def account_id(site, email):
    return query(site.db, "SELECT id FROM account WHERE email = ?", (email,))[0][0]


def my_page(client):
    r = client.get("/min-sida")
    assert r.status == 200, r
    return main_html(r.text)


def make_dialogue(site, state, department_id, closes_on=None):
    title = f"Dialog för startsidan {next(_seq)}"
    now = now_iso()
    with site.writable() as w:
        w.execute(
            "INSERT INTO dialogue (title, question, background, department_id, can_influence, cannot_influence, "
            "closes_on, skr_level, coe_level, decision_stage, state, created_at, updated_at) "
            "VALUES (?, 'Vad tycker ni?', '', ?, 'Platsen', 'Budgeten', ?, 'dialog', 'consultation', 'drafting', "
            "?, ?, ?)",
            (title, department_id, closes_on, state, now, now))
        return w.execute("SELECT id FROM dialogue WHERE title = ?", (title,)).fetchone()[0]


def invite(site, dialogue, organisation):
    with site.writable() as w:
        w.execute("INSERT INTO dialogue_invitation (dialogue_id, organisation_id, token_hash, invited_at, recipients, "
                  "sent_at) VALUES (?, ?, ?, ?, 1, ?)",
                  (dialogue, organisation, f"test-hash-{dialogue}-{organisation}", now_iso(), now_iso()))


def submit(client, dialogue=None, department=None, on_behalf="me"):
    """Sends a view through the form as a browser does; returns the new id."""
    r = client.get(f"/synpunkter/ny?dialog={dialogue}" if dialogue else "/synpunkter/ny")
    assert r.status == 200, r
    data = dict(find_form(r.text, "/synpunkter/ny")["fields"])
    data.update({"kind": "view", "title": f"Synpunkt från startsidan {next(_seq)}", "body": "Vi vill ha en plats.",
                 "on_behalf": on_behalf, "publish": "1"})
    if department is not None:
        data["department_id"] = str(department)
    r = client.post("/synpunkter/ny", data)
    assert r.status == 303, page_text(r.text)[:800]
    return int(re.match(r"^/synpunkter/(\d+)", r.header("location")).group(1))


# ---- What the database says, computed here ----------------------------------------------------------


def expected_organisations(site, account):
    """(id, due) of the organisations the account represents, in the register's order."""
    cutoff = months_ago(15).replace(" ", "T") + "Z"
    rows = query(site.db, "SELECT o.id, o.confirmed_at FROM representative rp JOIN organisation o "
                          "ON o.id = rp.organisation_id WHERE rp.account_id = ? ORDER BY o.sort_key, o.id", (account,))
    return [(oid, confirmed is None or confirmed < cutoff) for oid, confirmed in rows]


def expected_invitations(site, account):
    """(dialogue, organisation) of open dialogues the account's organisations are invited to and
    have sent nothing in."""
    rows = query(site.db,
                 "SELECT i.dialogue_id, i.organisation_id FROM dialogue_invitation i "
                 "JOIN dialogue d ON d.id = i.dialogue_id JOIN representative rp "
                 "ON rp.organisation_id = i.organisation_id AND rp.account_id = ? "
                 "WHERE d.state = 'open' AND i.sent_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submission s "
                 "WHERE s.dialogue_id = d.id AND s.organisation_id = i.organisation_id)", (account,))
    return sorted(rows)


def expected_received(site, department=None):
    """(ids newest first, at most LIST_MAX; the count of all) of submissions waiting for acknowledgement."""
    where, args = "status = 'received'", ()
    if department:
        where, args = where + " AND department_id = ?", (department,)
    ids = [r[0] for r in query(site.db, f"SELECT id FROM submission WHERE {where} ORDER BY id DESC", args)]
    return ids[:LIST_MAX], len(ids)


def local_today():
    return datetime.datetime.now(ZoneInfo("Europe/Stockholm")).strftime("%Y-%m-%d")


def expected_due(site, overdue, department=None):
    """The work queue's rule: the pending step (acknowledge first, then answer) of an unanswered
    submission is past its due date (overdue), or due today or within REMIND_WORKDAYS working days."""
    today = local_today()
    cutoff = run_cli("workdays", "add", today, str(REMIND_WORKDAYS + 1)).stdout.strip()
    due = "(CASE WHEN acknowledged_at IS NULL THEN acknowledge_due ELSE answer_due END)"
    where = f"status NOT IN ('answered', 'closed') AND answered_at IS NULL AND "
    where += f"{due} < ?" if overdue else f"{due} >= ? AND {due} < ?"
    args = (today,) if overdue else (today, cutoff)
    if department:
        where, args = where + " AND department_id = ?", args + (department,)
    ids = [r[0] for r in query(site.db, f"SELECT id FROM submission WHERE {where} ORDER BY {due}, id", args)]
    return ids[:LIST_MAX], len(ids)


def expected_dialogues(site, department=None):
    """{state: set of ids} of the dialogues not yet finished."""
    where, args = "state IN ('draft', 'planned', 'open', 'closed')", ()
    if department:
        where, args = where + " AND department_id = ?", (department,)
    out = {}
    for did, state in query(site.db, f"SELECT id, state FROM dialogue WHERE {where}", args):
        out.setdefault(state, set()).add(did)
    return out


def check_staff_page(site, html, department=None):
    """Every staff list on the page is what the database says."""
    ids, total = expected_received(site, department)
    sec = section(html, "to-acknowledge")
    assert item_ids(sec, "synpunkter") == ids and heading_count(sec) == total
    assert ('href="/arbetsko"' in sec) == (total > LIST_MAX)
    for sid, overdue in (("overdue", True), ("due-soon", False)):
        ids, total = expected_due(site, overdue, department)
        sec = section(html, sid)
        assert item_ids(sec, "synpunkter") == ids, sid
        assert heading_count(sec) == total, sid
    sec = section(html, "my-dialogues")
    want = expected_dialogues(site, department)
    assert heading_count(sec) == sum(len(v) for v in want.values())
    assert set(item_ids(sec, "dialoger")) == set().union(*want.values()) if want else not item_ids(sec, "dialoger")
    # The next step: a draft is opened from its page, a closed one needs what happened next.
    for did in want.get("closed", ()):
        assert f'href="/dialoger/{did}/aterkoppling"' in sec
    for did in want.get("draft", ()):
        assert re.search(rf'<a href="/dialoger/{did}">[^<]*</a> – <span class="status">[^<]*</span> · '
                         rf'<a href="/dialoger/{did}">', sec), did


# ---- Signing in, the menu -------------------------------------------------------------------------


@pytest.mark.parametrize("email", [REPRESENTATIVE, OFFICIAL, COORDINATOR, ADMIN])
def test_signing_in_leads_to_my_page_which_is_first_in_the_menu(site, email):
    c = site.server.client()
    r = c.login(email, DEMO_PASSWORD)
    assert r.status == 303 and r.header("location") == "/min-sida"
    r = c.get("/min-sida")
    assert r.status == 200
    assert first_menu_item(r.text) == "/min-sida"
    assert re.search(r'<li><a href="/min-sida" aria-current="page">Min sida</a></li>', r.text)
    # The form at /logga-in sends a signed-in person to their page too.
    r = c.get("/logga-in")
    assert r.status == 303 and r.header("location") == "/min-sida"
    # A page to return to still wins.
    c2 = site.server.client()
    r = c2.get("/logga-in?next=/dialoger")
    token = re.search(r'name="_csrf" value="([^"]+)"', r.text).group(1)
    r = c2.post("/logga-in", {"email": email, "password": DEMO_PASSWORD, "_csrf": token, "next": "/dialoger"})
    assert r.status == 303 and r.header("location") == "/dialoger"


def test_the_public_has_no_personal_page(site):
    c = site.server.client()
    r = c.get("/")
    assert first_menu_item(r.text) == "/" and 'href="/min-sida"' not in r.text
    r = c.get("/min-sida")
    assert r.status == 303 and r.header("location").startswith("/logga-in")


def test_start_page_links_open_dialogues_filtered(site):
    r = site.server.client().get("/")
    count = query(site.db, "SELECT COUNT(*) FROM dialogue WHERE state = 'open'")[0][0]
    assert f'<a href="/dialoger?state=open">Öppna dialoger</a> ({count})' in r.text
    r = site.server.client().get("/dialoger?state=open")
    assert r.status == 200


def test_menu_says_details_to_re_confirm(site):
    r = site.coordinator.get("/min-sida")
    assert '<a href="/organisationer/att-bekrafta">Uppgifter att bekräfta</a>' in r.text
    assert "Att bekräfta<" not in r.text


# ---- A representative -------------------------------------------------------------------------------


def test_representative_sees_organisations_invitations_and_submissions(site):
    rep = site.demo(REPRESENTATIVE)
    me = account_id(site, REPRESENTATIVE)
    orgs = [oid for oid, _ in expected_organisations(site, me)]
    assert orgs and len(orgs) == 2
    # The first is due for its yearly confirmation, the second confirmed today.
    with site.writable() as w:
        w.execute("UPDATE organisation SET confirmed_at = NULL WHERE id = ?", (orgs[0],))
        w.execute("UPDATE organisation SET confirmed_at = ? WHERE id = ?", (now_iso(), orgs[1]))
    department = query(site.db, "SELECT id FROM department ORDER BY id LIMIT 1")[0][0]
    dialogue = make_dialogue(site, "open", department, closes_on="2099-12-31")
    closed = make_dialogue(site, "closed", department)
    invite(site, dialogue, orgs[1])
    invite(site, closed, orgs[0])  # closed: nothing to answer

    html = my_page(rep)
    sec = section(html, "my-organisations")
    want = expected_organisations(site, me)
    assert item_ids(sec, "organisationer") == [oid for oid, _ in want]
    assert [int(x) for x in re.findall(r'action="/organisationer/(\d+)/bekrafta"', sec)] == \
        [oid for oid, due in want if due] == [orgs[0]]

    sec = section(html, "my-invitations")
    want = expected_invitations(site, me)
    assert (dialogue, orgs[1]) in want and all(d != closed for d, _ in want)
    assert sorted(item_ids(sec, "dialoger")) == sorted(d for d, _ in want)
    assert heading_count(sec) == len(want)

    sec = section(html, "my-submissions")
    ids = [r[0] for r in query(site.db, "SELECT id FROM submission WHERE account_id = ? ORDER BY id DESC", (me,))]
    assert item_ids(sec, "synpunkter") == ids[:LIST_MAX] and heading_count(sec) == len(ids)
    assert 'href="/konto/synpunkter"' in sec and 'href="/synpunkter/ny"' in sec
    for sid in ids[:LIST_MAX]:
        status = query(site.db, "SELECT status FROM submission WHERE id = ?", (sid,))[0][0]
        label = {"received": "Mottagen", "acknowledged": "Bekräftad", "in_progress": "Under handläggning",
                 "answered": "Besvarad", "closed": "Avslutad"}[status]
        assert re.search(rf'<a href="/synpunkter/{sid}">[^<]*</a> – <span class="status">{label}</span>', sec), sid
    # Nothing of the staff's.
    for sid in ("to-acknowledge", "overdue", "due-soon", "my-dialogues", "to-reconfirm"):
        assert section(html, sid) is None, sid

    # Confirming from the page: stored, and no longer due.
    form = find_form(html, f"/organisationer/{orgs[0]}/bekrafta")
    r = rep.post(form["action"], dict(form["fields"]))
    assert r.status == 303
    assert query(site.db, "SELECT confirmed_at FROM organisation WHERE id = ?", (orgs[0],))[0][0] is not None
    assert "/bekrafta" not in section(my_page(rep), "my-organisations")

    # Answering the invitation takes it off the list, and the view is first among their own.
    sid = submit(rep, dialogue=dialogue, on_behalf=str(orgs[1]))
    html = my_page(rep)
    sec = section(html, "my-invitations")
    assert sec is None or dialogue not in item_ids(sec, "dialoger")
    assert (dialogue, orgs[1]) not in expected_invitations(site, me)
    assert item_ids(section(html, "my-submissions"), "synpunkter")[0] == sid


def test_account_page_names_every_organisation_represented(site):
    rep = site.demo(REPRESENTATIVE)
    me = account_id(site, REPRESENTATIVE)
    orgs = query(site.db, "SELECT o.id, o.name FROM representative rp JOIN organisation o ON o.id = rp.organisation_id "
                          "WHERE rp.account_id = ? ORDER BY o.sort_key", (me,))
    assert len(orgs) == 2
    html = main_html(rep.get("/konto").text)
    links = ", ".join(f'<a href="/organisationer/{oid}">{name}</a>' for oid, name in orgs)
    assert f"<dd>Företrädare för 2 organisationer: {links}</dd>" in html
    assert "Företrädare för en organisation" not in html


def test_a_plain_person_sees_their_submissions_and_a_way_to_send_one(site):
    email, pid = site.person()
    c = site.sign_in(email)
    html = my_page(c)
    sec = section(html, "my-submissions")
    assert heading_count(sec) == 0 and 'href="/synpunkter/ny"' in sec
    for sid in ("my-organisations", "my-invitations", "to-acknowledge", "my-dialogues"):
        assert section(html, sid) is None, sid
    department = query(site.db, "SELECT id FROM department WHERE retired_at IS NULL ORDER BY id LIMIT 1")[0][0]
    new = submit(c, department=department)
    sec = section(my_page(c), "my-submissions")
    assert item_ids(sec, "synpunkter") == [new] and heading_count(sec) == 1


# ---- Staff ------------------------------------------------------------------------------------------


def test_official_sees_their_departments_work_and_a_new_submission_at_once(site):
    official = site.demo(OFFICIAL)
    department = query(site.db, "SELECT department_id FROM account WHERE email = ?", (OFFICIAL,))[0][0]
    assert department
    draft = make_dialogue(site, "draft", department)
    closed = make_dialogue(site, "closed", department)
    html = my_page(official)
    check_staff_page(site, html, department)
    assert {draft, closed} <= set(item_ids(section(html, "my-dialogues"), "dialoger"))
    assert section(html, "to-reconfirm") is None

    # A representative sends a view to the department: the official's next request shows it first.
    before = heading_count(section(html, "to-acknowledge"))
    sid = submit(site.demo(REPRESENTATIVE), department=department)
    html = my_page(official)
    sec = section(html, "to-acknowledge")
    assert item_ids(sec, "synpunkter")[0] == sid and heading_count(sec) == before + 1
    check_staff_page(site, html, department)


@pytest.mark.parametrize("email", [COORDINATOR, ADMIN])
def test_coordinator_sees_every_department_and_organisations_to_re_confirm(site, email):
    html = my_page(site.demo(email))
    check_staff_page(site, html)
    cutoff = months_ago(15).replace(" ", "T") + "Z"
    n = query(site.db, "SELECT COUNT(*) FROM organisation WHERE confirmed_at IS NULL OR confirmed_at < ?",
              (cutoff,))[0][0]
    sec = section(html, "to-reconfirm")
    m = re.search(r'<a href="/organisationer/att-bekrafta">(\d+) organisation', sec)
    assert m and int(m.group(1)) == n


# ---- Notifications as links ---------------------------------------------------------------------------


def test_notification_titles_are_links_that_mark_read(site):
    rep = site.demo(REPRESENTATIVE)
    me = account_id(site, REPRESENTATIVE)
    title, plain = f"Nytt svar {next(_seq)}", f"Utan länk {next(_seq)}"
    with site.writable() as w:
        w.execute("INSERT INTO notification (account_id, kind, title, body, link, created_at) "
                  "VALUES (?, 'answers', ?, 'Ett svar har kommit.', '/dialoger', ?)", (me, title, now_iso()))
        w.execute("INSERT INTO notification (account_id, kind, title, body, link, created_at) "
                  "VALUES (?, 'answers', ?, 'Bara en rad.', NULL, ?)", (me, plain, now_iso()))
    nid = query(site.db, "SELECT id FROM notification WHERE title = ?", (title,))[0][0]
    pid = query(site.db, "SELECT id FROM notification WHERE title = ?", (plain,))[0][0]
    html = main_html(rep.get("/konto/notiser").text)
    assert f'<a href="/konto/notiser/{nid}">{title}</a>' in html
    assert f'<a href="/konto/notiser/{pid}">{plain}</a>' in html
    assert 'action="/konto/notiser/' + str(nid) not in html, "still a POST button"

    r = rep.get(f"/konto/notiser/{nid}")
    assert r.status == 303 and r.header("location") == "/dialoger"
    assert query(site.db, "SELECT read_at FROM notification WHERE id = ?", (nid,))[0][0] is not None
    # One without a link opens on its own page, read.
    r = rep.get(f"/konto/notiser/{pid}")
    assert r.status == 200 and plain in r.text and "Bara en rad." in r.text
    assert query(site.db, "SELECT read_at FROM notification WHERE id = ?", (pid,))[0][0] is not None
    # Someone else's is not found and stays unread.
    with site.writable() as w:
        w.execute("UPDATE notification SET read_at = NULL WHERE id = ?", (nid,))
    other = site.demo(OFFICIAL)
    assert other.get(f"/konto/notiser/{nid}").status == 404
    assert query(site.db, "SELECT read_at FROM notification WHERE id = ?", (nid,))[0][0] is None
