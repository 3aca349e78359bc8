"""Dialogue invitations (issue 12): prepared on a draft or planned dialogue and sent when it opens —
by hand or on its opening date — exactly once; sent at once on an open one; filters with several
values each (any within a list, every list); organisations nobody can reach listed apart and not
ticked; a preview of the message and its count before anything goes out. Both stores."""

import itertools
import re

import pytest

from admin_fixtures import site  # noqa: F401 — site is a fixture
from conftest import REPRESENTATIVE, Database, create_org, new_db, page_text, parse_forms, query, run_cli
from test_dialogues import create_dialogue, move

_seq = itertools.count(1)


def invitations(db, did):
    """organisation id -> (sent_at, recipients)"""
    return {o: (s, n) for o, s, n in query(db, "SELECT organisation_id, sent_at, recipients FROM dialogue_invitation "
                                               "WHERE dialogue_id = ?", (did,))}


def reps(db, org):
    return {a for (a,) in query(db, "SELECT r.account_id FROM representative r JOIN account a ON a.id = r.account_id "
                                    "WHERE r.organisation_id = ? AND a.disabled = 0", (org,))}


def notes_per_account(db, did):
    """How many invitation notifications each account has for the dialogue."""
    return dict(query(db, "SELECT account_id, COUNT(*) FROM notification WHERE kind = 'invitations' AND link LIKE ? "
                          "GROUP BY account_id", (f"/dialoger/{did}?inbjudan=%",)))


def mails_per_address(db, title):
    return dict(query(db, "SELECT to_address, COUNT(*) FROM outbox WHERE subject LIKE ? GROUP BY to_address",
                      (f"%{title}%",)))


def expected_notes(db, orgs):
    """Each enabled representative is told once per invited organisation they represent."""
    want = {}
    for o in orgs:
        for a in reps(db, o):
            want[a] = want.get(a, 0) + 1
    return want


def post_invite(client, did, ids, action="send", query_string=""):
    data = {"organisation": [str(i) for i in ids]}
    if action:
        data["action"] = action
    return client.post(f"/dialoger/{did}/inbjudningar{query_string}", data)


def checkboxes(html):
    """(fieldset id, organisation id, ticked) for every organisation checkbox of the page."""
    out = []
    for fs in re.finditer(r'<fieldset class="candidates" id="([a-z]+)">(.*?)</fieldset>', html, re.S):
        for m in re.finditer(r'<input type="checkbox" id="[a-z]+-(\d+)" name="organisation" value="\d+"( checked)?>',
                             fs.group(2)):
            out.append((fs.group(1), int(m.group(1)), bool(m.group(2))))
    return out


# ---- Prepared on a draft, sent when opened by hand, once -----------------------------------------


def test_prepared_on_a_draft_are_sent_once_when_it_opens(site):
    db = site.db
    n = next(_seq)
    address = f"forberedd-{n}@forening.example.org"
    mailed = create_org(site.official, f"Förberedda föreningen {n}", email=address)
    did, title = create_dialogue(site.official)

    # The draft's page offers invitations and says they wait for the opening.
    page = site.official.get(f"/dialoger/{did}/inbjudningar?namn=F%C3%B6rberedda")
    assert page.status == 200
    assert "inbjudningarna du gör nu förbereds och skickas när dialogen öppnar" in page_text(page.text)
    r = post_invite(site.official, did, [1, mailed])
    assert r.status == 303 and r.header("location") == f"/dialoger/{did}/inbjudningar?forberedda=2#invited"
    rows = invitations(db, did)
    assert set(rows) == {1, mailed} and all(s is None and k == 0 for s, k in rows.values())
    assert notes_per_account(db, did) == {} and mails_per_address(db, title) == {}
    assert site.audit("dialogue", did, "invite_prepare")
    page = site.official.get(f"/dialoger/{did}/inbjudningar")
    assert "2 inbjudningar förberedda" not in page.text  # only after the redirect
    assert page.text.count("Förberedd</span>") == 2
    # Nobody outside sees the prepared ones counted, and a representative looking opens nothing.
    assert query(db, "SELECT COUNT(*) FROM dialogue_invitation WHERE dialogue_id = ? AND opened_at IS NOT NULL",
                 (did,))[0][0] == 0
    # The opening's confirmation says that the prepared ones go now.
    confirm = page_text(site.official.get(f"/dialoger/{did}/status?till=open").text)
    assert "De förberedda inbjudningarna till 2 organisationer skickas nu, med e-post och i tjänsten." in confirm

    move(site.official, did, "open")
    rows = invitations(db, did)
    assert all(s is not None for s, _ in rows.values())
    want = expected_notes(db, [1, mailed])
    assert notes_per_account(db, did) == want
    mails = mails_per_address(db, title)
    assert mails[address] == 1
    assert mails.get(REPRESENTATIVE) == want[site.account_id(REPRESENTATIVE)]
    assert rows[mailed][1] == 1 and rows[1][1] == len(reps(db, 1))
    (_, _, detail), = site.audit("dialogue", did, "invitations_sent")
    assert str(mailed) in detail
    # The link that went out opens the invitation (its token was made when it was sent).
    (link,), = query(db, "SELECT link FROM notification WHERE account_id = ? AND link LIKE ?",
                     (site.account_id(REPRESENTATIVE), f"/dialoger/{did}?inbjudan=%"))
    assert site.server.client().get(link).status == 200
    assert query(db, "SELECT opened_at FROM dialogue_invitation WHERE dialogue_id = ? AND organisation_id = 1",
                 (did,))[0][0]

    # Closing and reopening sends nothing again.
    move(site.official, did, "closed", closing_date="keep")
    move(site.official, did, "open")
    assert notes_per_account(db, did) == want and mails_per_address(db, title) == mails
    assert len(site.audit("dialogue", did, "invitations_sent")) == 1


def test_invitations_on_an_open_dialogue_go_at_once(site):
    db = site.db
    did, title = create_dialogue(site.official)
    move(site.official, did, "open")
    r = post_invite(site.official, did, [1])
    assert r.status == 303 and "inbjudna=1&" in r.header("location")
    (sent, recipients), = invitations(db, did).values()
    assert sent is not None and recipients == len(reps(db, 1))
    assert notes_per_account(db, did) == expected_notes(db, [1])


def test_a_closed_dialogue_takes_no_invitations(site):
    did, _ = create_dialogue(site.official)
    move(site.official, did, "open")
    move(site.official, did, "closed", closing_date="keep")
    r = post_invite(site.official, did, [1])
    assert r.status == 409
    assert "Inbjudningar kan förberedas tills dialogen öppnar och skickas medan den är öppen." in page_text(r.text)
    assert invitations(site.db, did) == {}


# ---- Filters with several values; those nobody can reach apart ---------------------------------------


def codes_in_use(db, table, column, n=2):
    return [c for (c,) in query(db, f"SELECT {column} FROM {table} t JOIN organisation o ON o.id = t.organisation_id "
                                    f"WHERE o.public = 1 GROUP BY {column} ORDER BY COUNT(*) DESC, {column} LIMIT {n}")]


def test_several_values_per_filter_and_unreachable_ones_apart(site):
    db = site.db
    cats = codes_in_use(db, "organisation_category", "category_code")
    dists = codes_in_use(db, "organisation_district", "district_code")
    assert len(cats) == 2 and len(dists) == 2
    n = next(_seq)
    unreachable = create_org(site.official, f"Ensamma föreningen {n}", categories=[cats[1]], districts=[dists[1]])
    reachable = create_org(site.official, f"Nåbara föreningen {n}", categories=[cats[1]], districts=[dists[0]],
                           email=f"nabar-{n}@example.org")
    outside = create_org(site.official, f"Utanför föreningen {n}", categories=[cats[1]], districts=None)
    did, _ = create_dialogue(site.official)

    qs = f"?category={cats[0]}&category={cats[1]}&district={dists[0]}&district={dists[1]}"
    page = site.official.get(f"/dialoger/{did}/inbjudningar{qs}")
    assert page.status == 200
    # Every ticked value is shown ticked again.
    for name, code in [("category", c) for c in cats] + [("district", d) for d in dists]:
        assert f'id="{name}-{code}" name="{name}" value="{code}" checked>' in page.text, (name, code)

    expected = {o for (o,) in query(db, (
        "SELECT o.id FROM organisation o WHERE o.public = 1 "
        "AND EXISTS (SELECT 1 FROM organisation_category c WHERE c.organisation_id = o.id AND c.category_code IN (?, ?)) "
        "AND EXISTS (SELECT 1 FROM organisation_district d WHERE d.organisation_id = o.id AND d.district_code IN (?, ?))"),
        (*cats, *dists))}
    # The union within a list is more than either value alone, and the intersection across lists
    # leaves out an organisation in neither district.
    only_first = {o for (o,) in query(db, (
        "SELECT o.id FROM organisation o WHERE o.public = 1 "
        "AND EXISTS (SELECT 1 FROM organisation_category c WHERE c.organisation_id = o.id AND c.category_code = ?) "
        "AND EXISTS (SELECT 1 FROM organisation_district d WHERE d.organisation_id = o.id AND d.district_code IN (?, ?))"),
        (cats[0], *dists))}
    assert only_first < expected and outside not in expected and {unreachable, reachable} <= expected
    boxes = checkboxes(page.text)
    assert {o for _, o, _ in boxes} == expected
    unreachable_ids = {o for (o,) in query(db, (
        "SELECT o.id FROM organisation o WHERE (o.email IS NULL OR o.email = '') AND NOT EXISTS ("
        "SELECT 1 FROM representative r JOIN account a ON a.id = r.account_id WHERE r.organisation_id = o.id "
        "AND a.disabled = 0)"))} & expected
    assert unreachable in unreachable_ids and reachable not in unreachable_ids
    assert {o for fs, o, _ in boxes if fs == "unreachable"} == unreachable_ids
    assert all(not t for fs, _, t in boxes if fs == "unreachable"), "nobody unreachable is ticked"
    assert all(t for fs, _, t in boxes if fs == "reachable"), "every reachable match is ticked"
    assert "De har ingen företrädare med konto och ingen e-postadress i registret" in page_text(page.text)

    # The single-value register still filters by one value.
    r = site.official.get(f"/organisationer?category={cats[1]}&district={dists[1]}")
    assert r.status == 200 and f'href="/organisationer/{unreachable}"' in r.text


# ---- The preview -------------------------------------------------------------------------------------


def test_the_preview_shows_the_subject_and_the_count_that_goes_out(site):
    db = site.db
    n = next(_seq)
    address = f"forhandsvisad-{n}@example.org"
    mailed = create_org(site.official, f"Förhandsvisade föreningen {n}", email=address)
    did, title = create_dialogue(site.official)
    move(site.official, did, "open")
    qs = f"?namn=F%C3%B6rhandsvisade+f%C3%B6reningen+{n}"
    page = site.official.get(f"/dialoger/{did}/inbjudningar{qs}")
    # The form keeps the choice in its address, so the preview and "Back" show the same lists.
    forms = [f for f in parse_forms(page.text) if f["method"] == "post"
             and (f["action"] or "").startswith(f"/dialoger/{did}/inbjudningar?namn=")]
    assert len(forms) == 1
    assert 'name="action" value="preview"' in page.text

    before_out = query(db, "SELECT COUNT(*) FROM outbox")[0][0]
    before_notes = query(db, "SELECT COUNT(*) FROM notification")[0][0]
    r = post_invite(site.official, did, [1, mailed], action="preview", query_string=qs)
    assert r.status == 200
    text = page_text(r.text)
    subject = f"Inbjudan till dialog: {title}"
    assert f'<span id="mail-subject">{subject}</span>' in r.text
    assert "Läs mer och delta:" in text
    people = expected_notes(db, [1, mailed])
    emails = sum(people.values()) + 1  # every representative has the default (at once), plus the address
    assert f"2 organisationer bjuds in." in text
    assert f"{len(people)} {'person får' if len(people) == 1 else 'personer får'} den bland sina aviseringar." in text
    assert f"{emails} e-postmeddelanden skickas." in text
    # The preview changes nothing.
    assert query(db, "SELECT COUNT(*) FROM outbox")[0][0] == before_out
    assert query(db, "SELECT COUNT(*) FROM notification")[0][0] == before_notes
    assert invitations(db, did) == {}
    assert 'name="action" value="send"' in r.text and 'name="action" value="back"' in r.text

    # Back: the choice as it was, the ticked one still ticked.
    back = post_invite(site.official, did, [mailed], action="back", query_string=qs)
    assert back.status == 200
    assert ("named", mailed, True) in checkboxes(back.text)

    # Send: exactly the count previewed goes out, with that subject.
    sent = post_invite(site.official, did, [1, mailed], action="send", query_string=qs)
    assert sent.status == 303 and f"meddelanden={emails}" in sent.header("location")
    assert query(db, "SELECT COUNT(*) FROM outbox WHERE id > 0 AND subject = ?", (subject,))[0][0] >= emails
    assert query(db, "SELECT COUNT(*) FROM outbox")[0][0] == before_out + emails
    assert sum(notes_per_account(db, did).values()) == sum(people.values())

    # Nothing ticked: the form comes back refused, the error summary (which gets the focus) asks for one.
    r = post_invite(site.official, did, [], action="preview", query_string=qs)
    assert r.status == 422
    summary = r.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'href="#reachable">Kryssa i minst en organisation som inte har bjudits in tidigare.</a>' in summary


# ---- Opened on its date by the calendar, on two nodes -------------------------------------------------


@pytest.fixture(scope="module")
def calendar_db(tmp_path_factory):
    db = new_db(tmp_path_factory.mktemp("prepared"), "prepared")
    run_cli("demo", "--db", db, "--organisations", "8", timeout=300)
    return db


def test_the_calendar_sends_prepared_invitations_once(calendar_db, server_factory):
    db = calendar_db
    # The demo's planned dialogue holds its invitations prepared.
    (did, opens_on, title), = query(db, "SELECT id, opens_on, title FROM dialogue WHERE state = 'planned'")
    rows = invitations(db, did)
    assert rows and all(s is None for s, _ in rows.values())
    assert notes_per_account(db, did) == {}

    # Two nodes start on the opening day: the first opens it and sends, the second finds nothing.
    now = f"{opens_on}T10:00:00Z"
    server_factory(db=db, env={"SAMVERKAN_NOW": now})
    server_factory(db=db, env={"SAMVERKAN_NOW": now})
    assert query(db, "SELECT state FROM dialogue WHERE id = ?", (did,))[0][0] == "open"
    rows = invitations(db, did)
    assert all(s is not None for s, _ in rows.values())
    want = expected_notes(db, rows)
    assert want and notes_per_account(db, did) == want
    mails = mails_per_address(db, title)
    for org in rows:
        (email,), = query(db, "SELECT COALESCE(email, '') FROM organisation WHERE id = ?", (org,))
        if not reps(db, org) and email:
            assert mails[email] == 1
    for account, count in want.items():
        (email,), = query(db, "SELECT email FROM account WHERE id = ?", (account,))
        assert mails.get(email) == count, email
    moves = query(db, "SELECT account_id FROM audit_log WHERE entity = 'dialogue' AND entity_id = ? "
                      "AND action = 'invitations_sent'", (did,))
    assert moves == [(None,)]
