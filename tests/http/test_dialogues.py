"""Dialogues: an official creates one (field errors, input kept), moves it through its states, invites
organisations by filter and by name (each once, their representatives and addresses told), follows
who opened the invitation, and publishes what happened next to every participant once; officials of
other departments and the public are kept out of what is not theirs; the list's filters, the
escaping of what people typed, and the JSON API."""

import datetime
import hashlib
import itertools
import re
import urllib.parse
from zoneinfo import ZoneInfo

import pytest

from admin_fixtures import site  # noqa: F401 — site is a fixture
from conftest import (
    OFFICIAL,
    REPRESENTATIVE,
    Database,
    create_org,
    field_value,
    field_values,
    find_form,
    main_html,
    org_form_data,
    page_text,
    parse_forms,
    query,
)

_seq = itertools.count(1)
STATE_RANK = {"open": 0, "planned": 1, "draft": 2, "closed": 3, "reported": 3}


def today():
    """The municipality's local date, the one the program counts in."""
    return datetime.datetime.now(ZoneInfo("Europe/Stockholm")).date()


def day(offset):
    return (today() + datetime.timedelta(days=offset)).isoformat()


def new_form(client):
    r = client.get("/dialoger/ny")
    assert r.status == 200, (r, page_text(r.text)[:500])
    return find_form(r.text, "/dialoger/ny"), r.text


def create_dialogue(client, title=None, **fields):
    """Creates a dialogue through the form as `client`; returns (id, title). Fields not given get
    valid values; None removes a field."""
    title = title or f"Dialog om bryggorna {next(_seq)}"
    form, _ = new_form(client)
    data = org_form_data(form)
    data.update(title=title, question=f"Vad tycker ni om {title}?", background="Bakgrund.",
                can_influence="Var bryggorna ligger.", cannot_influence="Budgeten.", skr_level="dialog",
                coe_level="dialogue", decision_stage="drafting", opens_on=day(1), closes_on=day(30),
                decision_on=day(60))
    for k, v in fields.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    r = client.post("/dialoger/ny", data)
    assert r.status == 303, f"creating gave {r.status}: {page_text(r.text)[:1500]}"
    m = re.match(r"^/dialoger/(\d+)\?sparad=1$", r.header("location") or "")
    assert m, r.header("location")
    return int(m.group(1)), title


def move(client, did, to, expect=303, closing_date=None):
    """The button of the confirmation page (GET /dialoger/{id}/status?till=...); closing before the
    planned last day needs the choice closing_date ("move" or "keep") it asks for."""
    data = {"to": to}
    if closing_date:
        data["closing_date"] = closing_date
    r = client.post(f"/dialoger/{did}/status", data)
    assert r.status == expect, f"moving {did} to {to}: {r.status} {page_text(r.text)[:500]}"
    return r


def row(site, did, *cols):
    return query(site.db, f"SELECT {', '.join(cols)} FROM dialogue WHERE id = ?", (did,))[0]


def dialogue_ids(html):
    """Ids of the dialogues a page's main part links to, in order."""
    seen = []
    for m in re.finditer(r'href="/dialoger/(\d+)"', main_html(html)):
        i = int(m.group(1))
        if i not in seen:
            seen.append(i)
    return seen


def department_of(site, email):
    return query(site.db, "SELECT department_id FROM account WHERE email = ?", (email,))[0][0]


def department_id(site, code):
    return query(site.db, "SELECT id FROM department WHERE code = ?", (code,))[0][0]


@pytest.fixture(scope="module")
def other(site):
    """An official of another department than the demo official's: (client, department id, code)."""
    code = site.other_department()
    email, _ = site.person("official", department=code, tag="annan")
    return site.sign_in(email), department_id(site, code), code


def post_form_of(html, action_end):
    # The invitations form keeps the page's choice in its address's query.
    forms = [f for f in parse_forms(html) if f["method"] == "post"
             and (f["action"] or "").split("?")[0].endswith(action_end)]
    assert forms, f"no POST form to {action_end}"
    return forms[0]


def invitations(site, did):
    return {r[0]: r[1:] for r in query(site.db, "SELECT organisation_id, recipients, opened_at, token_hash FROM "
                                                "dialogue_invitation WHERE dialogue_id = ?", (did,))}


def add_submission(site, did, account_id, organisation_id=None, title="Ett förslag"):
    """A submission in the dialogue, written straight into the table (the submission pages are
    another file's; what matters here is who sent something)."""
    dep = row(site, did, "department_id")[0]
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with Database(site.db, writable=True) as conn:
        conn.execute(
            "INSERT INTO submission (dialogue_id, department_id, account_id, organisation_id, kind, title, body, "
            "publish_consent, status, received_at, received_on, acknowledge_due, answer_due, updated_at) "
            "VALUES (?, ?, ?, ?, 'proposal', ?, 'Text.', 1, 'received', ?, ?, ?, ?, ?)",
            (did, dep, account_id, organisation_id, title, now, day(0), day(7), day(28), now))


# ---- Creating, with errors and kept input -----------------------------------------------------------


def test_official_creates_a_draft_and_bad_input_is_shown_back_field_by_field(site):
    form, html = new_form(site.official)
    own = department_of(site, OFFICIAL)
    # An official's department select offers their own department only.
    options = re.findall(r'<option value="([^"]*)"',
                         re.search(r'<select[^>]*name="department_id".*?</select>', html, re.S).group(0))
    assert options == [str(own)]
    data = org_form_data(form)
    title = f"Fritidsgårdarna på öarna {next(_seq)}"
    data.update(title=title, question="", opens_on="2026-13-01", closes_on=day(5), decision_on=day(2),
                skr_level="toppen", coe_level="dialogue", decision_stage="drafting")
    r = site.official.post("/dialoger/ny", data)
    assert r.status == 422
    for field in ("question", "opens_on", "decision_on", "skr_level"):
        assert f'href="#{field}"' in r.text, f"the summary links to {field}"
        assert f'id="{field}-error"' in r.text, f"{field} has its error"
    again = find_form(r.text, "/dialoger/ny")
    assert field_value(again, "title") == title
    assert field_value(again, "opens_on") == "2026-13-01"
    assert field_value(again, "coe_level") == "dialogue"
    assert not query(site.db, "SELECT id FROM dialogue WHERE title = ?", (title,))

    did, _ = create_dialogue(site.official, title, principles=["P2", "P6"])
    state, dep, creator, skr = row(site, did, "state", "department_id", "created_by", "skr_level")
    assert (state, dep, skr) == ("draft", own, "dialog")
    assert creator == site.account_id(OFFICIAL)
    assert sorted(r[0] for r in query(site.db, "SELECT principle FROM dialogue_principle WHERE dialogue_id = ?",
                                      (did,))) == ["P2", "P6"]
    assert [a[1] for a in site.audit("dialogue", did)] == ["create"]


def test_an_official_cannot_create_for_another_department(site, other):
    _, other_dep, _ = other
    form, _ = new_form(site.official)
    data = org_form_data(form)
    title = f"Fel förvaltning {next(_seq)}"
    data.update(title=title, question="Fråga?", department_id=str(other_dep), contact_account_id="",
                skr_level="dialog", coe_level="dialogue", decision_stage="drafting")
    r = site.official.post("/dialoger/ny", data)
    assert r.status == 422
    assert 'id="department_id-error"' in r.text
    assert not query(site.db, "SELECT id FROM dialogue WHERE title = ?", (title,))


def test_a_coordinator_creates_for_any_department_and_edits_keep_the_audit(site, other):
    _, other_dep, _ = other
    did, _ = create_dialogue(site.coordinator, department_id=str(other_dep), contact_account_id="")
    assert row(site, did, "department_id")[0] == other_dep
    r = site.coordinator.get(f"/dialoger/{did}/redigera")
    assert r.status == 200
    form = find_form(r.text, f"/dialoger/{did}/redigera")
    data = org_form_data(form, question="En ny fråga?", skr_level="inflytande")
    r = site.coordinator.post(f"/dialoger/{did}/redigera", data)
    assert r.status == 303 and r.header("location") == f"/dialoger/{did}?sparad=1"
    assert row(site, did, "question", "skr_level") == ("En ny fråga?", "inflytande")
    (_, action, detail), = [a for a in site.audit("dialogue", did) if a[1] == "update"]
    assert "question" in detail and "skr_level" in detail and "title" not in detail


# ---- States -----------------------------------------------------------------------------------------


def test_states_open_and_close_with_the_dates_they_imply(site):
    did, _ = create_dialogue(site.official, opens_on="", closes_on=day(40), decision_on="")
    r = move(site.official, did, "closed", expect=409)  # a draft cannot close
    assert "Dialogen kan inte gå dit från den status den har nu." in page_text(r.text), "the page says why"
    r = move(site.official, did, "arkiverad", expect=409)  # no such state: refused the same way
    assert "Dialogen kan inte gå dit från den status den har nu." in page_text(r.text)
    move(site.official, did, "planned")
    assert row(site, did, "state")[0] == "planned"
    r = move(site.official, did, "open")
    assert r.header("location") == f"/dialoger/{did}?status=open"
    assert row(site, did, "state", "opens_on", "closes_on") == ("open", day(0), day(40))
    move(site.official, did, "closed", closing_date="move")
    assert row(site, did, "state", "closes_on") == ("closed", day(0))
    move(site.official, did, "planned", expect=409)
    move(site.official, did, "reported", expect=409)  # only the report publishes
    assert row(site, did, "state")[0] == "closed"
    move(site.official, did, "open")  # reopened
    assert row(site, did, "state")[0] == "open"
    assert [a[2] for a in site.audit("dialogue", did, "state")] == [
        '{"from":"draft","to":"planned"}', '{"from":"planned","to":"open"}', '{"from":"open","to":"closed"}',
        '{"from":"closed","to":"open"}']


def test_a_draft_whose_last_day_has_passed_does_not_open(site):
    did, _ = create_dialogue(site.official, opens_on=day(-10), closes_on=day(-1), decision_on="")
    r = move(site.official, did, "open", expect=409)
    assert "Sista dagen att delta i dialogen har redan passerat." in page_text(r.text), "the page says why"
    assert "<h1>Sista dagen att delta har passerat</h1>" in r.text, "the heading names the problem"
    assert f'<a href="/dialoger/{did}">Tillbaka till dialogen</a>' in r.text, "and leads back to the dialogue"
    assert row(site, did, "state", "opens_on", "closes_on") == ("draft", day(-10), day(-1))


# ---- Who may see and do what ----------------------------------------------------------------------


def test_a_draft_is_not_found_for_the_public_and_other_departments(site, other, anon_site):
    other_client, _, _ = other
    did, title = create_dialogue(site.official)
    for client in (anon_site, other_client, site.representative):
        assert client.get(f"/dialoger/{did}").status == 404
        assert did not in dialogue_ids(client.get("/dialoger").text)
    for path in (f"/dialoger/{did}/redigera", f"/dialoger/{did}/inbjudningar", f"/dialoger/{did}/aterkoppling"):
        assert other_client.get(path).status == 404, path
    assert other_client.post(f"/dialoger/{did}/status", {"to": "open"}).status == 404
    assert anon_site.get(f"/api/v1/dialogues/{did}").status == 404
    assert site.coordinator.get(f"/dialoger/{did}").status == 200
    assert did in dialogue_ids(site.official.get("/dialoger").text)
    assert title not in anon_site.get("/dialoger.atom").text


def test_another_departments_official_is_refused_everything_that_runs_the_dialogue(site, other):
    other_client, _, _ = other
    did, title = create_dialogue(site.official)
    move(site.official, did, "open")
    assert other_client.get(f"/dialoger/{did}").status == 200  # reading is for everyone
    assert "/status" not in other_client.get(f"/dialoger/{did}").text
    r = site.official.get(f"/dialoger/{did}/redigera")
    data = org_form_data(find_form(r.text, f"/dialoger/{did}/redigera"), title="Kapad")
    for method, path, body in (
        ("GET", f"/dialoger/{did}/redigera", None),
        ("POST", f"/dialoger/{did}/redigera", data),
        ("POST", f"/dialoger/{did}/status", {"to": "closed"}),
        ("GET", f"/dialoger/{did}/inbjudningar", None),
        ("POST", f"/dialoger/{did}/inbjudningar", {"organisation": "1"}),
        ("GET", f"/dialoger/{did}/aterkoppling", None),
        ("POST", f"/dialoger/{did}/aterkoppling", {"report_heard": "x", "action": "publish"}),
    ):
        r = other_client.get(path) if method == "GET" else other_client.post(path, body)
        assert r.status == 403, f"{method} {path}: {r.status}"
    assert row(site, did, "title", "state") == (title, "open")
    assert not invitations(site, did)
    # Below an official the route itself is closed; signed out, it asks to sign in.
    assert site.representative.get("/dialoger/ny").status == 403
    assert site.representative.get(f"/dialoger/{did}/inbjudningar").status == 403


@pytest.fixture
def anon_site(site):
    return site.server.client()


# ---- The list ----------------------------------------------------------------------------------------


def test_the_list_filters_keep_their_values_and_open_comes_first(site, other, anon_site):
    _, other_dep, _ = other
    mine, _ = create_dialogue(site.official, skr_level="konsultation")
    move(site.official, mine, "open")
    theirs, _ = create_dialogue(site.coordinator, department_id=str(other_dep), contact_account_id="",
                                skr_level="information")
    move(site.coordinator, theirs, "planned")

    r = anon_site.get(f"/dialoger?department={other_dep}")
    ids = dialogue_ids(r.text)
    assert theirs in ids and mine not in ids
    form = [f for f in parse_forms(r.text) if f["action"] == "/dialoger"][0]
    assert field_value(form, "department") == str(other_dep)

    ids = dialogue_ids(anon_site.get("/dialoger?state=open").text)
    assert mine in ids and theirs not in ids
    all_states = {r[0]: r[1] for r in query(site.db, "SELECT id, state FROM dialogue")}
    assert all(all_states[i] == "open" for i in ids)

    r = anon_site.get("/dialoger?level=information&state=planned")
    ids = dialogue_ids(r.text)
    assert theirs in ids and mine not in ids
    form = [f for f in parse_forms(r.text) if f["action"] == "/dialoger"][0]
    assert (field_value(form, "level"), field_value(form, "state")) == ("information", "planned")

    # A value the list does not know is left out, and the page says so; drafts are not the public's.
    for bad in ("state=bogus", "state=draft", "department=abc", "level=toppen"):
        r = anon_site.get(f"/dialoger?{bad}")
        assert r.status == 200 and 'class="notice warning"' in r.text, bad
        assert mine in dialogue_ids(r.text) and theirs in dialogue_ids(r.text)

    # Open first, then planned, then the closed and reported ones.
    main = main_html(anon_site.get("/dialoger").text)
    states = re.findall(r'<span class="tag state-(\w+)"', main)
    assert "open" in states and "planned" in states
    ranks = [STATE_RANK[s] for s in states]
    assert ranks == sorted(ranks), states
    # A page past the end shows the last page.
    assert anon_site.get("/dialoger?page=999").status == 200


# ---- Invitations -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def filter_codes(site):
    """A category and a district of organisation 1 (the demo representative's)."""
    cat = query(site.db, "SELECT category_code FROM organisation_category WHERE organisation_id = 1 "
                         "ORDER BY category_code")[0][0]
    dist = query(site.db, "SELECT district_code FROM organisation_district WHERE organisation_id = 1 "
                          "ORDER BY district_code")[0][0]
    return cat, dist


def matching(site, cat, dist):
    return {r[0] for r in query(
        site.db,
        "SELECT o.id FROM organisation o WHERE o.public = 1 AND "
        "EXISTS (SELECT 1 FROM organisation_category c WHERE c.organisation_id = o.id AND c.category_code = ?) AND "
        "EXISTS (SELECT 1 FROM organisation_district d WHERE d.organisation_id = o.id AND d.district_code = ?)",
        (cat, dist))}


def reps(site, org):
    return {r[0] for r in query(site.db, "SELECT r.account_id FROM representative r JOIN account a ON "
                                         "a.id = r.account_id WHERE r.organisation_id = ? AND a.disabled = 0", (org,))}


def test_invitations_by_filter_reach_those_organisations_once(site, filter_codes, anon_site):
    cat, dist = filter_codes
    n = next(_seq)
    address = f"kansli-{n}@forening.example.org"
    mailed_org = create_org(site.official, f"Kanslibryggan {n}", categories=[cat], districts=[dist], email=address)
    hidden_org = create_org(site.official, f"Dolda bryggan {n}", categories=[cat], districts=[dist], public=None)
    did, title = create_dialogue(site.official)

    # Issue 12: invitations made on a draft are prepared and sent when it opens
    # (test_invitations_prepared.py); here the dialogue is open, so they go at once.
    move(site.official, did, "open")

    # Every match that can be reached is ticked; those nobody can reach are listed apart, unticked.
    unreachable = {o for (o,) in query(site.db, "SELECT o.id FROM organisation o WHERE (o.email IS NULL OR "
                                                "o.email = '') AND NOT EXISTS (SELECT 1 FROM representative r JOIN "
                                                "account a ON a.id = r.account_id WHERE r.organisation_id = o.id "
                                                "AND a.disabled = 0)")}
    expected = matching(site, cat, dist) - unreachable
    assert 1 in expected and mailed_org in expected and hidden_org not in expected
    page = site.official.get(f"/dialoger/{did}/inbjudningar?category={cat}&district={dist}")
    assert page.status == 200
    form = post_form_of(page.text, f"/dialoger/{did}/inbjudningar")
    ticked = {int(v) for v in field_values(form, "organisation")}
    assert ticked == expected, "every reachable match is ticked, and only those"
    assert f'value="{hidden_org}"' not in page.text

    # A hidden organisation slipped into the request is not invited.
    r = site.official.post(form["action"], form["fields"] + [("organisation", str(hidden_org))])
    assert r.status == 303
    assert f"inbjudna={len(expected)}&" in r.header("location")
    rows = invitations(site, did)
    assert set(rows) == expected

    # Organisation 1's representatives: one notification each with the invitation's own link, and
    # the e-mail it made; the organisation that has nobody gets one message at its address.
    rep_id = site.account_id(REPRESENTATIVE)
    assert rep_id in reps(site, 1)
    assert rows[1][0] == len(reps(site, 1))
    notes = query(site.db, "SELECT title, body, link FROM notification WHERE account_id = ? AND kind = 'invitations' "
                           "AND link LIKE ?", (rep_id, f"/dialoger/{did}?inbjudan=%"))
    orgs_of_rep = {r[0] for r in query(site.db, "SELECT organisation_id FROM representative WHERE account_id = ?",
                                       (rep_id,))}
    assert len(notes) == len(orgs_of_rep & expected)
    assert all(title in t and title in b for t, b, _ in notes)
    mails = query(site.db, "SELECT subject, kind FROM outbox WHERE to_address = ? AND subject LIKE ?",
                  (REPRESENTATIVE, f"%{title}%"))
    assert len(mails) == len(notes) and all(k == "invitations" for _, k in mails)
    (text, account, kind), = query(site.db, "SELECT body_text, account_id, kind FROM outbox WHERE to_address = ?",
                                   (address,))
    assert account is None and kind == "transactional"
    assert re.search(rf"/dialoger/{did}\?inbjudan=[A-Za-z0-9_-]{{43}}", text)
    assert rows[mailed_org][0] == 1
    # Audited, and no organisation outside the filter was touched.
    (_, _, detail), = site.audit("dialogue", did, "invite")
    assert str(mailed_org) in detail

    # Inviting the same ones again adds nothing and tells nobody again.
    r = site.official.post(form["action"], form["fields"])
    assert r.status == 303 and "inbjudna=0&" in r.header("location")
    assert invitations(site, did) == rows
    assert len(query(site.db, "SELECT id FROM notification WHERE account_id = ? AND link LIKE ?",
                     (rep_id, f"/dialoger/{did}?%"))) == len(notes)

    # The list shows who was invited; nobody opened yet.
    page = site.official.get(f"/dialoger/{did}/inbjudningar")
    assert f'href="/organisationer/{mailed_org}"' in page.text
    assert page.text.count("<tr>") == len(expected) + 1

    # Following the link marks the invitation opened, once; the link's token is stored only as a hash.
    link = notes[0][2]
    token = link.split("inbjudan=", 1)[1]
    org_of_link = [o for o, v in rows.items() if v[2] == hashlib.sha256(token.encode()).hexdigest()]
    assert len(org_of_link) == 1
    assert anon_site.get(link).status == 200
    opened = invitations(site, did)[org_of_link[0]][1]
    assert opened
    assert invitations(site, did)[mailed_org][1] is None
    assert anon_site.get(link).status == 200
    assert invitations(site, did)[org_of_link[0]][1] == opened
    assert anon_site.get(f"/dialoger/{did}?inbjudan={'A' * 43}").status == 200  # a wrong token: just the page
    assert len([o for o, v in invitations(site, did).items() if v[1]]) == 1


def test_single_organisations_by_name_and_a_representative_looking_counts_as_opened(site):
    did, _ = create_dialogue(site.official)
    move(site.official, did, "open")
    name = query(site.db, "SELECT name FROM organisation WHERE id = 2")[0][0]
    page = site.official.get(f"/dialoger/{did}/inbjudningar?namn={urllib.parse.quote(name)}")
    assert page.status == 200
    # Found by name, offered but not ticked.
    assert re.search(r'<input type="checkbox" id="named-2" name="organisation" value="2">', page.text)
    form = post_form_of(page.text, f"/dialoger/{did}/inbjudningar")
    assert "2" not in field_values(form, "organisation")
    # A part of a word finds it too ("scout" finds "Scoutkår"); LIKE's wildcards are only text.
    part = name.split()[0][1:5]
    found = site.official.get(f"/dialoger/{did}/inbjudningar?namn={urllib.parse.quote(part)}").text
    assert 'id="named-2"' in found
    assert 'id="named-' not in site.official.get(f"/dialoger/{did}/inbjudningar?namn=%25%25_").text
    mailed = create_org(site.official, f"Ensam förening {next(_seq)}", email=f"ensam-{next(_seq)}@example.org")
    r = site.official.post(form["action"], form["fields"] + [("organisation", "2"), ("organisation", str(mailed))])
    assert r.status == 303
    assert set(invitations(site, did)) == {2, mailed}
    assert all(v[1] is None for v in invitations(site, did).values())
    # The representative of organisation 2 signs in and looks at the dialogue.
    assert site.representative.get(f"/dialoger/{did}").status == 200
    rows = invitations(site, did)
    assert rows[2][1] is not None and rows[mailed][1] is None


def test_a_part_of_a_name_is_found_whatever_the_case_of_a_swedish_letter(site):
    """Names here often begin with Å, Ä or Ö; an official types them in lower case."""
    did, _ = create_dialogue(site.official)
    move(site.official, did, "open")
    oid = create_org(site.official, f"Österåkers Ängsgille {next(_seq)}")
    for typed in ("österåkers ängsg", "ÖSTERÅKERS ÄNGSG", "sterÅkers äNGSg"):
        page = site.official.get(f"/dialoger/{did}/inbjudningar?namn={urllib.parse.quote(typed)}")
        assert page.status == 200
        assert f'id="named-{oid}"' in page.text, typed


# ---- What happened next -------------------------------------------------------------------------------


def test_publishing_the_report_tells_every_participant_once(site, anon_site):
    did, title = create_dialogue(site.official)
    move(site.official, did, "open")
    rep_id = site.account_id(REPRESENTATIVE)
    address = f"utan-foretradare-{next(_seq)}@example.org"
    lonely = create_org(site.official, f"Föreningen utan företrädare {next(_seq)}", email=address)
    r = site.official.post(f"/dialoger/{did}/inbjudningar", {"organisation": ["1", str(lonely)]})
    assert r.status == 303
    person_email, person_id = site.person("person", tag="deltagare")
    add_submission(site, did, person_id)
    add_submission(site, did, rep_id, organisation_id=1)  # both invited and a submitter: told once

    r = site.official.get(f"/dialoger/{did}/aterkoppling")
    assert r.status == 409  # still open
    assert "Återkopplingen skrivs när dialogen har stängts. Stäng den först." in page_text(r.text)
    move(site.official, did, "closed", closing_date="move")
    r = site.official.get(f"/dialoger/{did}/aterkoppling")
    assert r.status == 200
    assert 'value="publish"' in r.text and 'value="save"' in r.text

    decision = "Kommunstyrelsen beslutade om nya bryggor."
    bad = {"report_heard": "", "report_decision": decision, "report_minutes_ref": "KS § 12",
           "report_link": "javascript:alert(1)", "report_used": "", "action": "publish"}
    r = site.official.post(f"/dialoger/{did}/aterkoppling", bad)
    assert r.status == 422
    for field in ("report_heard", "report_link", "report_used"):
        assert f'id="{field}-error"' in r.text, field
    form = find_form(r.text, f"/dialoger/{did}/aterkoppling")
    assert field_value(form, "report_decision") == decision
    assert field_value(form, "report_link") == "javascript:alert(1)"

    # Saved without publishing: nothing changes for anyone else.
    r = site.official.post(f"/dialoger/{did}/aterkoppling", dict(bad, report_link="", action="save"))
    assert r.status == 303 and r.header("location") == f"/dialoger/{did}/aterkoppling?sparad=1"
    assert row(site, did, "state", "report_decision") == ("closed", decision)
    assert "report-heading" not in anon_site.get(f"/dialoger/{did}").text
    assert anon_site.get(f"/api/v1/dialogues/{did}").json()["report"] is None

    before = query(site.db, "SELECT COUNT(*) FROM outbox")[0][0]
    good = dict(bad, report_heard="Vi hörde om bryggorna.", report_link="https://example.org/ks/12",
                report_used="Förslagen om fler bryggor finns med.")
    r = site.official.post(f"/dialoger/{did}/aterkoppling", good)
    assert r.status == 303 and r.header("location") == f"/dialoger/{did}/aterkoppling/publicera"
    assert row(site, did, "state")[0] == "closed", "saved, and published only from the confirmation"
    r = site.official.post(f"/dialoger/{did}/aterkoppling/publicera", {})
    assert r.status == 303
    people = {person_id} | reps(site, 1)
    assert r.header("location") == f"/dialoger/{did}?publicerad={len(people) + 1}"
    state, reported_at, reported_by = row(site, did, "state", "reported_at", "reported_by")
    assert state == "reported" and reported_at and reported_by == site.account_id(OFFICIAL)
    told = query(site.db, "SELECT account_id, kind FROM notification WHERE link = ?", (f"/dialoger/{did}",))
    assert sorted(a for a, _ in told) == sorted(people), "each person once"
    assert dict(told)[person_id] == "answers" and dict(told)[rep_id] == "answers"
    assert all(k == "invitations" for a, k in told if a not in (person_id, rep_id))
    (text,), = query(site.db, "SELECT body_text FROM outbox WHERE to_address = ? AND id > ?", (address, before))
    assert "Vi hörde om bryggorna." in text and f"/dialoger/{did}" in text
    assert (site.audit("dialogue", did, "report_publish"))

    # The page shows what happened next first, with the decision's link.
    html = anon_site.get(f"/dialoger/{did}").text
    assert html.index('id="report-heading"') < html.index('class="question"')
    assert 'href="https://example.org/ks/12"' in html and decision in html
    report = anon_site.get(f"/api/v1/dialogues/{did}").json()["report"]
    assert report["decision"] == decision and report["link"] == "https://example.org/ks/12"

    # Editing the published report changes the page but sends nothing again.
    notes = query(site.db, "SELECT COUNT(*) FROM notification")[0][0]
    mails = query(site.db, "SELECT COUNT(*) FROM outbox")[0][0]
    r = site.official.get(f"/dialoger/{did}/aterkoppling")
    assert 'value="publish"' not in r.text and 'class="notice"' in r.text
    form = find_form(r.text, f"/dialoger/{did}/aterkoppling")
    r = site.official.post(form["action"], org_form_data(form, report_used="Rättat: förslagen finns med."))
    assert r.status == 303 and r.header("location") == f"/dialoger/{did}?sparad=1"
    assert row(site, did, "state", "report_used") == ("reported", "Rättat: förslagen finns med.")
    assert query(site.db, "SELECT COUNT(*) FROM notification")[0][0] == notes
    assert query(site.db, "SELECT COUNT(*) FROM outbox")[0][0] == mails
    # Blanking a required text of a published report is refused.
    r = site.official.post(form["action"], org_form_data(form, report_heard=""))
    assert r.status == 422 and 'id="report_heard-error"' in r.text


# ---- What people typed is shown as text ------------------------------------------------------------


def test_markup_in_the_title_and_question_is_escaped_everywhere(site, anon_site):
    title = f'<script>alert("t{next(_seq)}")</script>'
    question = '<img src=x onerror="alert(1)"> & "citat"'
    did, _ = create_dialogue(site.official, title=title, question=question)
    move(site.official, did, "planned")
    for path in (f"/dialoger/{did}", "/dialoger", "/dialoger.atom"):
        text = anon_site.get(path).text
        assert "<script>alert" not in text and "<img src=x" not in text, path
        assert "&lt;script&gt;alert" in text, path
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;citat&quot;" in anon_site.get(f"/dialoger/{did}").text
    assert anon_site.get(f"/api/v1/dialogues/{did}").json()["title"] == title


# ---- The API -----------------------------------------------------------------------------------------


def test_the_api_shows_public_fields_counts_and_refuses_bad_values(site, anon_site):
    own_code = query(site.db, "SELECT d.code FROM department d JOIN account a ON a.department_id = d.id "
                              "WHERE a.email = ?", (OFFICIAL,))[0][0]
    did, title = create_dialogue(site.official, principles=["P2", "P3"])
    draft, _ = create_dialogue(site.official)
    move(site.official, did, "open")
    site.official.post(f"/dialoger/{did}/inbjudningar", {"organisation": ["1", "2"]})

    r = anon_site.get(f"/api/v1/dialogues/{did}")
    assert r.status == 200 and r.header("content-type").startswith("application/json")
    j = r.json()
    assert set(j) >= {"id", "title", "question", "background", "can_influence", "cannot_influence", "department",
                      "contact", "state", "opens_on", "closes_on", "decision_on", "skr_level", "coe_level",
                      "decision_stage", "principles", "report", "counts", "created_at", "updated_at", "url"}
    assert (j["title"], j["state"], j["skr_level"], j["principles"]) == (title, "open", "dialog", ["P2", "P3"])
    assert j["counts"] == {"invited_organisations": 2, "published_submissions": 0}
    assert j["contact"] == {"name": query(site.db, "SELECT name FROM account WHERE email = ?", (OFFICIAL,))[0][0]}
    assert "@" not in r.text, "no e-mail address in the API"
    assert j["report"] is None and j["opens_on"] == day(0)  # opened today, ahead of its planned day

    public_total = query(site.db, "SELECT COUNT(*) FROM dialogue WHERE state <> 'draft'")[0][0]
    listing = anon_site.get("/api/v1/dialogues?per_page=100").json()
    assert listing["total"] == public_total and listing["per_page"] == 100
    ids = [i["id"] for i in listing["items"]]
    assert did in ids and draft not in ids
    assert did in [i["id"] for i in anon_site.get("/api/v1/dialogues?state=open&per_page=100").json()["items"]]
    assert did not in [i["id"] for i in anon_site.get("/api/v1/dialogues?state=planned&per_page=100").json()["items"]]
    by_dep = anon_site.get(f"/api/v1/dialogues?department={own_code}&level=dialog&per_page=100").json()["items"]
    assert did in [i["id"] for i in by_dep] and all(i["skr_level"] == "dialog" for i in by_dep)
    assert anon_site.get("/api/v1/dialogues?page=9999").json()["items"] == []
    reported = query(site.db, "SELECT id FROM dialogue WHERE state = 'reported' ORDER BY id")
    if reported:
        rep = anon_site.get(f"/api/v1/dialogues/{reported[0][0]}").json()["report"]
        assert rep and set(rep) >= {"heard", "decision", "minutes_ref", "link", "used", "reported_at"}

    for q in ("state=draft", "state=x", "level=toppen", "page=0", "per_page=101", "page=abc", "department=nope"):
        r = anon_site.get(f"/api/v1/dialogues?{q}")
        assert r.status == 400, q
        assert r.header("content-type").startswith("application/problem+json"), q
        assert r.json()["status"] == 400 and r.json()["detail"], q
    for path in (f"/api/v1/dialogues/{draft}", "/api/v1/dialogues/99999999"):
        r = anon_site.get(path)
        assert r.status == 404 and r.header("content-type").startswith("application/problem+json"), path
        assert r.json()["status"] == 404
