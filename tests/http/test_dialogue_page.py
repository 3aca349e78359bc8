"""The dialogue's page and list as its users need them (issue 12): the actions that run a dialogue
at the top for those who may use them; a confirmation before opening, closing and publishing that
says what will happen with the counts the database implies; closing early keeps or moves the last
day as chosen; the list's filters by target group, district and "my organisations are invited", the
invitation marked on the list and the page; the contact person's e-mail as a link; and the report
form that warns of unanswered submissions, marks its required fields and takes a web address the way
the organisation form does. The clock stands at SAMVERKAN_NOW. Both stores."""

import itertools
import math
import re

import pytest

from admin_fixtures import Site
from conftest import (
    OFFICIAL,
    REPRESENTATIVE,
    Database,
    create_org,
    find_form,
    new_db,
    page_text,
    query,
    run_cli,
)
from test_dialogues import add_submission, create_dialogue, dialogue_ids, move, row

TODAY = "2026-12-07"  # a Monday; 11:00 in Sweden at NOW
NOW = "2026-12-07T10:00:00Z"
_seq = itertools.count(1)


@pytest.fixture(scope="module")
def site(workdir, server_factory):
    db = new_db(workdir, f"dialogue-page-{next(_seq)}")
    run_cli("demo", "--db", db, timeout=300)
    return Site(server_factory(db=db, env={"SAMVERKAN_NOW": NOW}), db)


def open_dialogue(site, closes_on="2026-12-20", **fields):
    """An open dialogue of the demo official's department, opened through the confirmation's button."""
    did, title = create_dialogue(site.official, opens_on="2026-12-01", closes_on=closes_on, decision_on="", **fields)
    move(site.official, did, "open")
    return did, title


def invite(site, did, *orgs):
    r = site.official.post(f"/dialoger/{did}/inbjudningar", {"organisation": [str(o) for o in orgs]})
    assert r.status == 303, page_text(r.text)[:500]


def confirm_form(html, did, action):
    return find_form(html, f"/dialoger/{did}/{action}")


# ---- The actions at the top ---------------------------------------------------------------------------


def test_the_actions_come_before_the_question_for_the_owner_and_not_at_all_for_the_public(site):
    did, _ = create_dialogue(site.official, opens_on="2026-12-10", closes_on="2026-12-20", decision_on="")
    move(site.official, did, "planned")
    html = site.official.get(f"/dialoger/{did}").text
    assert html.index('id="manage-heading"') < html.index('class="question"')
    assert f'href="/dialoger/{did}/status?till=open"' in html, "opening goes to its confirmation"
    assert f'href="/dialoger/{did}/redigera"' in html and f'href="/dialoger/{did}/inbjudningar"' in html
    for client in (site.server.client(), site.representative):
        public = client.get(f"/dialoger/{did}").text
        assert 'id="manage-heading"' not in public and "/status" not in public and "/redigera" not in public
        assert client.get(f"/dialoger/{did}/status?till=open").status != 200
    assert site.representative.get(f"/dialoger/{did}/status?till=open").status == 403


# ---- Opening and closing, confirmed ---------------------------------------------------------------------


def test_opening_says_how_many_are_invited_and_the_button_opens_it(site):
    did, _ = create_dialogue(site.official, opens_on="2026-12-10", closes_on="2026-12-20", decision_on="")
    move(site.official, did, "planned")
    invite(site, did, 1, 2)
    invited = query(site.db, "SELECT COUNT(*) FROM dialogue_invitation WHERE dialogue_id = ?", (did,))[0][0]
    r = site.official.get(f"/dialoger/{did}/status?till=open")
    assert r.status == 200
    assert f"{invited} organisationer är inbjudna till dialogen." in page_text(r.text)
    assert row(site, did, "state")[0] == "planned", "asking changes nothing"
    form = confirm_form(r.text, did, "status")
    r = site.official.post(form["action"], dict(form["fields"]))
    assert r.status == 303 and r.header("location") == f"/dialoger/{did}?status=open"
    assert row(site, did, "state", "opens_on", "closes_on") == ("open", TODAY, "2026-12-20")
    # A stale link (it is open now) leads back to the page rather than offering the move again.
    r = site.official.get(f"/dialoger/{did}/status?till=open")
    assert r.status == 303 and r.header("location") == f"/dialoger/{did}"


def test_closing_says_what_came_in_and_early_closing_asks_about_the_last_day(site):
    rep = site.account_id(REPRESENTATIVE)
    kept, _ = open_dialogue(site)
    moved, _ = open_dialogue(site)
    for did in (kept, moved):
        add_submission(site, did, rep, title="Första")
        add_submission(site, did, rep, title="Andra")
        add_submission(site, did, rep, title="Tredje")
    with Database(site.db, writable=True) as w:
        w.execute("UPDATE submission SET status = 'answered', answered_at = ?, answer = 'Svar.' "
                  "WHERE dialogue_id = ? AND title = 'Första'", (NOW, kept))
        w.execute("UPDATE submission SET status = 'closed' WHERE dialogue_id = ? AND title = 'Andra'", (kept,))
    for did in (kept, moved):
        total, unanswered = query(site.db, "SELECT COUNT(*), SUM(CASE WHEN answered_at IS NULL AND status <> "
                                           "'closed' THEN 1 ELSE 0 END) FROM submission WHERE dialogue_id = ?",
                                  (did,))[0]
        r = site.official.get(f"/dialoger/{did}/status?till=closed")
        assert r.status == 200
        text = page_text(r.text)
        assert f"{total} synpunkter och förslag har kommit in; {unanswered} av dem är inte besvarade än." in text
        assert "Dialogen stängs före sin planerade sista dag" in text
        assert f'value="move"' in r.text and 'value="keep"' in r.text
    assert (3, 1) == query(site.db, "SELECT COUNT(*), SUM(CASE WHEN answered_at IS NULL AND status <> 'closed' "
                                    "THEN 1 ELSE 0 END) FROM submission WHERE dialogue_id = ?", (kept,))[0]

    # Without a choice: asked again, nothing changed.
    form = confirm_form(site.official.get(f"/dialoger/{kept}/status?till=closed").text, kept, "status")
    r = site.official.post(form["action"], dict(form["fields"]))
    assert r.status == 422 and 'id="closing_date-error"' in r.text
    assert row(site, kept, "state", "closes_on") == ("open", "2026-12-20")

    r = site.official.post(form["action"], dict(form["fields"], closing_date="keep"))
    assert r.status == 303
    assert row(site, kept, "state", "closes_on") == ("closed", "2026-12-20")
    r = site.official.post(f"/dialoger/{moved}/status", {"to": "closed", "closing_date": "move"})
    assert r.status == 303
    assert row(site, moved, "state", "closes_on") == ("closed", TODAY)


def test_closing_on_the_last_day_asks_nothing_about_it(site):
    did, _ = open_dialogue(site, closes_on=TODAY)
    r = site.official.get(f"/dialoger/{did}/status?till=closed")
    assert r.status == 200 and 'name="closing_date"' not in r.text
    form = confirm_form(r.text, did, "status")
    assert site.official.post(form["action"], dict(form["fields"])).status == 303
    assert row(site, did, "state", "closes_on") == ("closed", TODAY)


# ---- What happened next --------------------------------------------------------------------------------


def expected_participants(site, did):
    """Whom publishing tells, counted from the tables: the people who wrote and the representatives
    of invited organisations (each once, enabled), and invited organisations nobody represents at
    their own address."""
    people = {a for (a,) in query(site.db, "SELECT s.account_id FROM submission s JOIN account a ON a.id = "
                                           "s.account_id WHERE s.dialogue_id = ? AND a.disabled = 0", (did,))}
    people |= {a for (a,) in query(site.db, "SELECT r.account_id FROM dialogue_invitation i JOIN representative r "
                                            "ON r.organisation_id = i.organisation_id JOIN account a ON a.id = "
                                            "r.account_id WHERE i.dialogue_id = ? AND a.disabled = 0", (did,))}
    orgs = query(site.db, "SELECT COUNT(*) FROM dialogue_invitation i JOIN organisation o ON o.id = i.organisation_id "
                          "WHERE i.dialogue_id = ? AND o.email IS NOT NULL AND o.email <> '' AND NOT EXISTS (SELECT 1 "
                          "FROM representative r JOIN account a ON a.id = r.account_id WHERE r.organisation_id = o.id "
                          "AND a.disabled = 0)", (did,))[0][0]
    return len(people) + orgs


def test_the_report_warns_of_unanswered_marks_required_fields_and_publishes_after_confirming(site):
    rep = site.account_id(REPRESENTATIVE)
    did, _ = open_dialogue(site)
    lonely = create_org(site.official, f"Ensamma föreningen {next(_seq)}", email=f"ensam-{next(_seq)}@example.org")
    invite(site, did, 1, lonely)
    person_email, person = site.person("person", tag="skrivare")
    add_submission(site, did, rep)
    add_submission(site, did, person)
    move(site.official, did, "closed", closing_date="move")
    unanswered = query(site.db, "SELECT COUNT(*) FROM submission WHERE dialogue_id = ? AND answered_at IS NULL "
                                "AND status <> 'closed'", (did,))[0][0]
    assert unanswered == 2

    r = site.official.get(f"/dialoger/{did}/aterkoppling")
    text = page_text(r.text)
    assert f"{unanswered} synpunkter och förslag i den här dialogen är inte besvarade än." in text
    assert f'href="/synpunkter?dialog={did}"' in r.text
    for field in ("report_heard", "report_decision", "report_used"):
        tag = re.search(rf'<textarea id="{field}"[^>]*>', r.text).group(0)
        assert 'aria-required="true"' in tag and " required" in tag, field
        label = re.search(rf'<label for="{field}">(.*?)</label>', r.text, re.S).group(1)
        assert "(obligatoriskt)" in label, field
    for field in ("report_minutes_ref", "report_link"):
        assert "aria-required" not in re.search(rf'<input [^>]*id="{field}"[^>]*>', r.text).group(0)

    # "Publish" saves and asks; the address is stored the way the organisation form stores it.
    form = find_form(r.text, f"/dialoger/{did}/aterkoppling")
    data = dict(form["fields"], report_heard="Vi hörde mycket.", report_decision="KS beslutade.",
                report_used="Förslagen togs in.", report_link="www.kommun.se/beslut", action="publish")
    r = site.official.post(form["action"], data)
    assert r.status == 303 and r.header("location") == f"/dialoger/{did}/aterkoppling/publicera"
    assert row(site, did, "state", "report_link") == ("closed", "https://www.kommun.se/beslut")
    org = create_org(site.official, f"Webbföreningen {next(_seq)}", website="www.kommun.se/beslut")
    assert query(site.db, "SELECT website FROM organisation WHERE id = ?", (org,))[0][0] == \
        "https://www.kommun.se/beslut", "one rule for both forms"

    told = expected_participants(site, did)
    assert told == len({rep, person} | {a for (a,) in query(site.db, "SELECT account_id FROM representative WHERE "
                                                                       "organisation_id = 1")}) + 1
    r = site.official.get(f"/dialoger/{did}/aterkoppling/publicera")
    assert r.status == 200
    text = page_text(r.text)
    assert f"Den skickas till {told} deltagare" in text
    assert f"{unanswered} synpunkter och förslag i den här dialogen är inte besvarade än." in text
    assert row(site, did, "state")[0] == "closed", "asking changes nothing"
    form = confirm_form(r.text, did, "aterkoppling/publicera")
    r = site.official.post(form["action"], dict(form["fields"]))
    assert r.status == 303 and r.header("location") == f"/dialoger/{did}?publicerad={told}"
    assert row(site, did, "state")[0] == "reported"
    assert len(query(site.db, "SELECT id FROM notification WHERE link = ?", (f"/dialoger/{did}",))) == told - 1


def test_an_incomplete_report_is_not_offered_for_publishing(site):
    did, _ = open_dialogue(site)
    move(site.official, did, "closed", closing_date="keep")
    r = site.official.post(f"/dialoger/{did}/aterkoppling", {"report_heard": "Bara detta.", "report_decision": "",
                                                             "report_minutes_ref": "", "report_link": "inte en adress",
                                                             "report_used": "", "action": "publish"})
    assert r.status == 422 and 'id="report_link-error"' in r.text and 'id="report_used-error"' in r.text
    r = site.official.get(f"/dialoger/{did}/aterkoppling/publicera")
    assert r.status == 200 and "Återkopplingen är inte klar än" in page_text(r.text)
    assert not [f for f in re.findall(r'<form[^>]*action="([^"]*)"', r.text) if f.endswith("/publicera")]
    r = site.official.post(f"/dialoger/{did}/aterkoppling/publicera", {})
    assert r.status == 422 and row(site, did, "state")[0] == "closed"


# ---- The list, the invitation and the contact -------------------------------------------------------------


def listed_ids(client, params):
    """Every dialogue id the filtered list shows, over all its pages."""
    first = client.get(f"/dialoger?{params}")
    assert first.status == 200
    total = int(re.search(r'<h2 id="results">(\d+) ', first.text).group(1))
    ids = dialogue_ids(first.text)
    for page in range(2, math.ceil(total / 20) + 1):
        ids += dialogue_ids(client.get(f"/dialoger?{params}&page={page}").text)
    return set(ids)


def test_the_list_filters_by_the_invited_organisations_and_marks_the_invitation(site):
    rep = site.account_id(REPRESENTATIVE)
    rep_orgs = [o for (o,) in query(site.db, "SELECT organisation_id FROM representative WHERE account_id = ? "
                                             "ORDER BY organisation_id", (rep,))]
    assert rep_orgs, "the demo representative represents an organisation"
    mine, _ = open_dialogue(site)
    invite(site, mine, rep_orgs[0])
    group, district = query(site.db, "SELECT tg.target_group_code, od.district_code FROM organisation_target_group tg "
                                     "JOIN organisation_district od ON od.organisation_id = tg.organisation_id "
                                     "WHERE tg.organisation_id = ?", (rep_orgs[0],))[0]

    def expected(cond, arg):
        return {d for (d,) in query(site.db, "SELECT DISTINCT d.id FROM dialogue d JOIN dialogue_invitation i ON "
                                             f"i.dialogue_id = d.id WHERE d.state <> 'draft' AND i.sent_at IS NOT NULL AND {cond}",
                                             (arg,))}

    anon = site.server.client()
    # A dialogue that invited only an organisation of another target group elsewhere, and one that
    # invited nobody: the filters must leave both out.
    other_group = query(site.db, "SELECT code FROM target_group WHERE code <> ? ORDER BY code", (group,))[0][0]
    other_district = query(site.db, "SELECT code FROM district WHERE code <> ? AND retired_at IS NULL ORDER BY code",
                           (district,))[0][0]
    elsewhere = create_org(site.official, f"Annanstans förening {next(_seq)}", target_groups=other_group,
                           districts=other_district)
    theirs, _ = open_dialogue(site)
    invite(site, theirs, elsewhere)
    nobody, _ = open_dialogue(site)
    by_group = expected("i.organisation_id IN (SELECT organisation_id FROM organisation_target_group WHERE "
                        "target_group_code = ?)", group)
    by_district = expected("i.organisation_id IN (SELECT organisation_id FROM organisation_district WHERE "
                           "district_code = ?)", district)
    invited = expected("i.organisation_id IN (SELECT organisation_id FROM representative WHERE account_id = ?)", rep)
    assert mine in by_group and mine in by_district and mine in invited
    for ids in (by_group, by_district, invited):
        assert nobody not in ids
    assert theirs not in invited
    assert theirs not in by_group and theirs not in by_district
    assert nobody in listed_ids(anon, "") and theirs in listed_ids(anon, "")
    assert listed_ids(anon, f"target_group={group}") == by_group
    assert listed_ids(anon, f"district={district}") == by_district
    assert listed_ids(site.representative, "inbjudna=1") == invited
    assert mine in listed_ids(anon, "inbjudna=1"), "the public has no organisations: the box is not theirs"

    name = query(site.db, "SELECT name FROM organisation WHERE id = ?", (rep_orgs[0],))[0][0]
    mark = f"Din organisation {name} är inbjuden till den här dialogen."
    assert mark in page_text(site.representative.get(f"/dialoger/{mine}").text)
    assert mark in page_text(site.representative.get("/dialoger?inbjudna=1").text)
    assert mark not in page_text(anon.get(f"/dialoger/{mine}").text)
    assert 'name="inbjudna"' in site.representative.get("/dialoger").text
    assert 'name="inbjudna"' not in anon.get("/dialoger").text


def test_the_contact_persons_work_address_and_the_departments_are_mailto_links(site):
    official = site.account_id(OFFICIAL)
    did, _ = open_dialogue(site, contact_account_id=str(official))
    dep = row(site, did, "department_id")[0]
    with Database(site.db, writable=True) as w:
        w.execute("UPDATE department SET contact_email = 'kultur@exempel.se' WHERE id = ?", (dep,))
    html = site.server.client().get(f"/dialoger/{did}").text
    assert f'<a href="mailto:{OFFICIAL}">{OFFICIAL}</a>' in html
    assert '<a href="mailto:kultur@exempel.se">kultur@exempel.se</a>' in html
