"""Dialogues follow their own dates: a planned one opens on its opening date and an open one closes
after its closing date (that day still counts), when the server starts (before its first request)
and every few minutes after; time is moved with SAMVERKAN_NOW. The calendar's moves are in the
audit log without an account, and a closed dialogue takes no more submissions. Both stores."""

import itertools
import json

import pytest

from conftest import REPRESENTATIVE, DEMO_PASSWORD, Database, new_db, page_text, query, run_cli

_seq = itertools.count(1)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    db = new_db(tmp_path_factory.mktemp("calendar"), "calendar")
    run_cli("demo", "--db", db, "--organisations", "5", timeout=300)
    return db


def dialogue(db, state, opens_on=None, closes_on=None):
    title = f"Kalenderdialog {next(_seq)}"
    with Database(db, writable=True) as w:
        department = w.execute("SELECT id FROM department WHERE code = 'kultur-fritid'").fetchone()[0]
        w.execute("INSERT INTO dialogue (title, question, department_id, skr_level, coe_level, decision_stage, state,"
                  " opens_on, closes_on, created_at, updated_at) VALUES (?, 'Vad tycker ni?', ?, 'konsultation',"
                  " 'consultation', 'drafting', ?, ?, ?, '2026-10-01T08:00:00Z', '2026-10-01T08:00:00Z')",
                  (title, department, state, opens_on, closes_on))
    return query(db, "SELECT id FROM dialogue WHERE title = ?", (title,))[0][0]


def state(db, did):
    return query(db, "SELECT state FROM dialogue WHERE id = ?", (did,))[0][0]


def calendar_moves(db, did):
    rows = query(db, "SELECT account_id, detail FROM audit_log WHERE entity = 'dialogue' AND entity_id = ?"
                     " AND action = 'state' ORDER BY id", (did,))
    moves = [(account, json.loads(detail)) for account, detail in rows]
    moves = [(account, d) for account, d in moves if d.get("by") == "calendar"]
    assert all(account is None for account, _ in moves), "the calendar acts without an account"
    return [(d["from"], d["to"]) for _, d in moves]


def test_dialogues_open_and_close_on_their_dates(db, server_factory):
    opens_today = dialogue(db, "planned", "2026-12-01", "2026-12-20")
    opens_tomorrow = dialogue(db, "planned", "2026-12-02", "2026-12-20")
    no_date = dialogue(db, "planned")
    draft = dialogue(db, "draft", "2026-11-01", "2026-11-20")
    closed_yesterday = dialogue(db, "open", "2026-11-01", "2026-11-30")
    last_day_today = dialogue(db, "open", "2026-11-01", "2026-12-01")
    whole_period_passed = dialogue(db, "planned", "2026-11-01", "2026-11-15")

    # Monday 1 December 2026, 08:00 in Sweden. The moves are done before the first request.
    server = server_factory(db=db, env={"SAMVERKAN_NOW": "2026-12-01T07:00:00Z"})
    assert state(db, opens_today) == "open"
    assert state(db, opens_tomorrow) == "planned" and state(db, no_date) == "planned"
    assert state(db, draft) == "draft", "a draft is not published by its dates"
    assert state(db, closed_yesterday) == "closed"
    assert state(db, last_day_today) == "open", "the closing date still takes submissions"
    assert state(db, whole_period_passed) == "closed"
    assert calendar_moves(db, opens_today) == [("planned", "open")]
    assert calendar_moves(db, closed_yesterday) == [("open", "closed")]
    assert calendar_moves(db, whole_period_passed) == [("planned", "open"), ("open", "closed")]
    assert calendar_moves(db, last_day_today) == [] and calendar_moves(db, opens_tomorrow) == []
    # The dates stay as the owner set them.
    assert query(db, "SELECT opens_on, closes_on FROM dialogue WHERE id = ?", (closed_yesterday,))[0] == \
        ("2026-11-01", "2026-11-30")

    # The public sees it, and a closed dialogue takes nothing more.
    anon = server.client()
    assert anon.get(f"/dialoger/{opens_today}").status == 200
    rep = server.client()
    assert rep.login(REPRESENTATIVE, DEMO_PASSWORD).status == 303
    rep.csrf("/konto")
    r = rep.post("/synpunkter/ny", {"dialog": str(closed_yesterday), "on_behalf": "me", "kind": "view",
                                    "title": "För sent", "body": "Kom efter sista dagen."})
    assert r.status in (403, 409, 422), r.status
    assert query(db, "SELECT COUNT(*) FROM submission WHERE title = 'För sent'")[0][0] == 0
    r = rep.post("/synpunkter/ny", {"dialog": str(last_day_today), "on_behalf": "me", "kind": "view",
                                    "title": "Sista dagen", "body": "Kom i tid."})
    assert r.status == 303, page_text(r.text)[:800]
    assert server.stop() == 0

    # Tuesday: the last day has passed; a second node starting at the same moment moves nothing twice.
    first = server_factory(db=db, env={"SAMVERKAN_NOW": "2026-12-02T07:00:00Z"})
    second = server_factory(db=db, env={"SAMVERKAN_NOW": "2026-12-02T07:00:00Z"})
    assert state(db, last_day_today) == "closed" and state(db, opens_tomorrow) == "open"
    assert calendar_moves(db, last_day_today) == [("open", "closed")]
    assert calendar_moves(db, opens_tomorrow) == [("planned", "open")]
    assert first.stop() == 0 and second.stop() == 0


def test_a_reopened_dialogue_is_not_closed_again_by_its_old_date(db, server_factory):
    did = dialogue(db, "closed", "2026-11-01", "2026-11-20")
    # Reopened by its owner: the passed closing date is dropped (see dialogue_set_state).
    coordinator_id = query(db, "SELECT id FROM account WHERE email = 'samordnare@exempel.se'")[0][0]
    server = server_factory(db=db, env={"SAMVERKAN_NOW": "2026-12-03T07:00:00Z"})
    coord = server.client()
    assert coord.login("samordnare@exempel.se", DEMO_PASSWORD).status == 303
    coord.csrf(f"/dialoger/{did}")
    r = coord.post(f"/dialoger/{did}/status", {"to": "open"})
    assert r.status == 303, (r.status, page_text(r.text)[:800])
    assert state(db, did) == "open"
    assert query(db, "SELECT closes_on FROM dialogue WHERE id = ?", (did,))[0][0] is None
    assert server.stop() == 0
    server = server_factory(db=db, env={"SAMVERKAN_NOW": "2026-12-04T07:00:00Z"})
    assert state(db, did) == "open"
    assert calendar_moves(db, did) == []
    rows = query(db, "SELECT account_id FROM audit_log WHERE entity = 'dialogue' AND entity_id = ? AND action = 'state'",
                 (did,))
    assert rows == [(coordinator_id,)]
    assert server.stop() == 0
