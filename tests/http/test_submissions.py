"""Views and proposals: sending one inside an open dialogue and on its own (on behalf of an
organisation or as a private person), field errors with what was typed kept, the due dates, the
department's handling (acknowledge, case number, answer, close) with its history and the
notification to the writer, who may not handle it (403), what the public may see (404 otherwise,
in the page, the list, the API and the feed), a coordinator's hiding with a reason, and escaping.

The module has a demo database of its own (admin_fixtures.site); dialogues are made with SQL, as
the schema is the contract between the dialogue pages and these."""

import datetime
import itertools
import re

import pytest

from admin_fixtures import site  # noqa: F401 — a fixture
from conftest import COORDINATOR, OFFICIAL, REPRESENTATIVE, PgServer, Server, field_value, find_form, main_html, \
    page_tags, page_text, postgresql_only, query, run_cli

_seq = itertools.count(1)
REPRESENTED = (1, 2)  # the demo representative's organisations


# ---- Helpers -------------------------------------------------------------------------------------


def english(client):
    """Switches the client's pages to English (the texts the assertions read)."""
    r = client.get("/sprak?lang=en&next=/")
    assert r.status == 303
    return client


def dept_id(site, code):
    return query(site.db, "SELECT id FROM department WHERE code = ?", (code,))[0][0]


def make_dialogue(site, state="open", department="kultur-fritid", title=None):
    """A dialogue row (the dialogue pages' table); returns its id."""
    title = title or f"Dialog om spontanidrott {next(_seq)}"
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with site.writable() as w:
        w.execute(
            "INSERT INTO dialogue (title, question, background, department_id, can_influence, cannot_influence, "
            "skr_level, coe_level, decision_stage, state, created_at, updated_at) "
            "VALUES (?, ?, '', ?, ?, ?, 'dialog', 'consultation', 'drafting', ?, ?, ?)",
            (title, "Var ska nästa spontanidrottsplats ligga?", dept_id(site, department),
             "Platsen och utrustningen", "Budgeten för i år", state, now, now))
        return w.execute("SELECT id FROM dialogue WHERE title = ?", (title,)).fetchone()[0]


def set_dialogue_state(site, dialogue, state):
    with site.writable() as w:
        w.execute("UPDATE dialogue SET state = ? WHERE id = ?", (state, dialogue))


def new_form(client, dialogue=None):
    r = client.get(f"/synpunkter/ny?dialog={dialogue}" if dialogue else "/synpunkter/ny")
    assert r.status == 200, (r, page_text(r.text)[:500])
    return r, find_form(r.text, "/synpunkter/ny")


def post_submission(client, dialogue=None, department=None, on_behalf="me", kind="view", title=None,
                    body="Vi vill ha en plats vid skolan.", publish=True):
    """Fills the form as a browser does; returns the POST's response."""
    _, form = new_form(client, dialogue)
    data = dict(form["fields"])
    data.update({"kind": kind, "title": title if title is not None else f"Synpunkt {next(_seq)}", "body": body})
    if on_behalf is not None:
        data["on_behalf"] = on_behalf
    if department is not None:
        data["department_id"] = str(department)
    if publish:
        data["publish"] = "1"
    else:
        data.pop("publish", None)
    return client.post("/synpunkter/ny", data)


def submit(client, **kw):
    """Sends a submission that must be accepted; returns its id."""
    r = post_submission(client, **kw)
    assert r.status == 303, f"sending gave {r.status}: {page_text(r.text)[:1200]}"
    m = re.match(r"^/synpunkter/(\d+)\?skickad=1$", r.header("location") or "")
    assert m, r.header("location")
    return int(m.group(1))


COLUMNS = ("dialogue_id", "department_id", "account_id", "organisation_id", "kind", "title", "body",
           "publish_consent", "status", "case_number", "handler_account_id", "received_at", "received_on",
           "acknowledge_due", "answer_due", "acknowledged_at", "answered_at", "answered_on", "answer_workdays",
           "answer", "answered_by", "hidden_at", "hidden_reason", "hidden_by")


def row(site, sid):
    rows = query(site.db, f"SELECT {', '.join(COLUMNS)} FROM submission WHERE id = ?", (sid,))
    assert rows, f"no submission {sid}"
    return dict(zip(COLUMNS, rows[0]))


def events(site, sid):
    """(status, account_id, note) of the history, oldest first."""
    return query(site.db, "SELECT status, account_id, note FROM submission_event WHERE submission_id = ? ORDER BY id",
                 (sid,))


def error_links(html):
    m = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    return re.findall(r'href="#([^"]+)"', m.group(0)) if m else []


def change_status(client, sid, status, note=""):
    return client.post(f"/synpunkter/{sid}/status", {"what": "status", "status": status, "note": note})


def answer(client, sid, text):
    return client.post(f"/synpunkter/{sid}/svar", {"answer": text})


def hide(client, sid, reason):
    return client.post(f"/synpunkter/{sid}/dolj", {"reason": reason})


def workdays_add(day, n):
    return run_cli("workdays", "add", day, str(n)).stdout.strip()


def stockholm_today():
    try:
        from zoneinfo import ZoneInfo
        return datetime.datetime.now(ZoneInfo("Europe/Stockholm")).strftime("%Y-%m-%d")
    except Exception:  # noqa: BLE001 — no time-zone data: the UTC date is at most a day off
        return None


@pytest.fixture(scope="module")
def people(site):
    """Signed-in clients (pages in English): the demo representative, official (Kultur- och
    fritidsförvaltningen), coordinator; a private person; an official of another department; a
    representative of organisation 1 whose account is in English."""
    p = {
        "rep": english(site.representative),
        "official": english(site.official),
        "coordinator": english(site.coordinator),
    }
    email, pid = site.person("person", tag="privat")
    p["person"], p["person_id"], p["person_email"] = english(site.sign_in(email)), pid, email
    email, oid = site.person("official", department="social", tag="annan")
    p["other_official"] = english(site.sign_in(email))
    email, eid = site.person("representative", organisation=1, tag="engelska")
    with site.writable() as w:
        w.execute("UPDATE account SET lang = 'en' WHERE id = ?", (eid,))
    p["en_rep"], p["en_rep_id"], p["en_rep_email"] = english(site.sign_in(email)), eid, email
    p["rep_id"] = site.account_id(REPRESENTATIVE)
    p["official_id"] = site.account_id(OFFICIAL)
    p["coordinator_id"] = site.account_id(COORDINATOR)
    return p


@pytest.fixture(scope="module")
def dialogue(site):
    return make_dialogue(site)


@pytest.fixture
def anon(site):
    return english(site.server.client())


# ---- Sending ---------------------------------------------------------------------------------------


def test_representative_submits_on_behalf_of_an_organisation_in_an_open_dialogue(site, people, dialogue):
    rep = people["rep"]
    r, form = new_form(rep, dialogue)
    text = page_text(main_html(r.text))
    assert "Var ska nästa spontanidrottsplats ligga?" in text, "the dialogue's question is shown"
    assert "Platsen och utrustningen" in text and "Budgeten för i år" in text, "its limits are shown"
    offered = [i["value"] for i in form["inputs"] if i.get("type") == "radio" and i.get("name") == "on_behalf"]
    assert sorted(offered) == sorted([str(o) for o in REPRESENTED] + ["me"])
    assert field_value(form, "dialog") == str(dialogue)

    sid = submit(rep, dialogue=dialogue, on_behalf="1", kind="proposal", title="Spontanidrott vid skolan",
                 body="Bygg den vid skolan.\nDär finns redan belysning.")
    s = row(site, sid)
    assert s["dialogue_id"] == dialogue
    assert s["department_id"] == dept_id(site, "kultur-fritid"), "the dialogue's department"
    assert (s["account_id"], s["organisation_id"]) == (people["rep_id"], 1)
    assert (s["kind"], s["status"], s["publish_consent"]) == ("proposal", "received", 1)
    assert s["body"] == "Bygg den vid skolan.\nDär finns redan belysning.", "stored as typed"
    # The due dates: the targets (5 and 20 working days) counted from the local arrival date.
    today = stockholm_today()
    if today:
        assert s["received_on"] == today
    assert s["acknowledge_due"] == workdays_add(s["received_on"], 5)
    assert s["answer_due"] == workdays_add(s["received_on"], 20)
    assert events(site, sid) == [("received", people["rep_id"], None)]
    assert site.audit("submission", sid, "create"), "the arrival is audited"

    # The confirmation says when to expect what.
    r = rep.get(f"/synpunkter/{sid}?skickad=1")
    assert r.status == 200
    text = page_text(main_html(r.text))
    assert f"You will get an acknowledgement by {s['acknowledge_due']} and an answer by {s['answer_due']}" in text
    assert query(site.db, "SELECT name FROM organisation WHERE id = 1")[0][0] in text, "from the organisation"


def test_standalone_submission_goes_to_the_chosen_department(site, people):
    social = dept_id(site, "social")
    r, form = new_form(people["rep"])
    assert form["inputs"] and any(i.get("name") == "department_id" for i in form["inputs"]), "a department select"
    sid = submit(people["rep"], department=social, on_behalf="2", title="Fritidsgård på Färingsö")
    s = row(site, sid)
    assert (s["dialogue_id"], s["department_id"], s["organisation_id"]) == (None, social, 2)


def test_field_errors_are_shown_and_the_input_kept(site, people, dialogue):
    rep = people["rep"]
    before = query(site.db, "SELECT COUNT(*) FROM submission")[0][0]
    long_text = "Lång text. " * 2000  # 22,000 characters
    r = post_submission(rep, dialogue=dialogue, on_behalf="1", kind="proposal", title="  ", body=long_text)
    assert r.status == 422
    assert error_links(r.text) == ["title", "body"], "in the order of the form"
    form = find_form(r.text, "/synpunkter/ny")
    assert field_value(form, "body") == long_text, "the text typed is kept"
    assert field_value(form, "kind") == "proposal" and field_value(form, "on_behalf") == "1"
    assert field_value(form, "publish") == "1"
    assert 'aria-invalid="true"' in r.text

    # An organisation the person does not represent is refused, whatever the form offered.
    r = post_submission(rep, dialogue=dialogue, on_behalf="3", title="Kept title", body="Kept text")
    assert r.status == 422
    assert error_links(r.text) == ["on_behalf"]
    form = find_form(r.text, "/synpunkter/ny")
    assert (field_value(form, "title"), field_value(form, "body")) == ("Kept title", "Kept text")

    # On its own, the department must be chosen; the kind must be one of the two.
    r = post_submission(rep, on_behalf="me", kind="complaint", title="Utan förvaltning")
    assert r.status == 422
    assert error_links(r.text) == ["department_id", "kind"]
    assert query(site.db, "SELECT COUNT(*) FROM submission")[0][0] == before, "nothing was stored"


def test_only_an_open_dialogue_takes_submissions(site, people):
    rep = people["rep"]
    planned = make_dialogue(site, state="planned")
    draft = make_dialogue(site, state="draft")
    assert rep.get(f"/synpunkter/ny?dialog={planned}").status == 409
    assert rep.get(f"/synpunkter/ny?dialog={draft}").status == 404, "a draft does not exist for them"
    opened = make_dialogue(site)
    _, form = new_form(rep, opened)
    set_dialogue_state(site, opened, "closed")  # it closes while the form is open
    data = dict(form["fields"])
    data.update({"on_behalf": "me", "kind": "view", "title": "För sent", "body": "Text"})
    r = rep.post("/synpunkter/ny", data)
    assert r.status == 422
    assert error_links(r.text) == ["dialogue_id"]
    assert not query(site.db, "SELECT id FROM submission WHERE dialogue_id = ?", (opened,))


def test_a_person_who_represents_nobody_writes_as_a_private_person(site, people, dialogue, anon):
    person = people["person"]
    r, form = new_form(person, dialogue)
    assert not [i for i in form["inputs"] if i.get("type") == "radio" and i.get("name") == "on_behalf"]
    assert field_value(form, "on_behalf") == "me"
    # Claiming an organisation anyway is refused.
    r = post_submission(person, dialogue=dialogue, on_behalf="1", title="Som förening")
    assert r.status == 422 and error_links(r.text) == ["on_behalf"]

    sid = submit(person, dialogue=dialogue, title="Privat synpunkt om belysning")
    s = row(site, sid)
    assert (s["account_id"], s["organisation_id"]) == (people["person_id"], None)
    name = query(site.db, "SELECT name FROM account WHERE id = ?", (people["person_id"],))[0][0]
    r = anon.get(f"/synpunkter/{sid}")
    assert r.status == 200
    assert "A private person" in page_text(main_html(r.text))
    assert name not in r.text and people["person_email"] not in r.text, "a private person's name is never public"
    api = anon.get(f"/api/v1/submissions/{sid}")
    assert api.status == 200 and api.json()["organisation"] is None
    assert name not in api.text and people["person_email"] not in api.text


def test_my_submissions_lists_my_own_with_due_dates(site, people, dialogue):
    person = people["person"]
    hidden_one = submit(person, dialogue=dialogue, title="Min opublicerade synpunkt", publish=False)
    others = submit(people["rep"], dialogue=dialogue, on_behalf="me", title="Någon annans synpunkt")
    r = person.get("/konto")
    assert 'href="/konto/synpunkter"' in r.text, "the account page links to the list"
    r = person.get("/konto/synpunkter")
    assert r.status == 200
    html = main_html(r.text)
    assert f'href="/synpunkter/{hidden_one}"' in html, "one's own, published or not"
    assert f'href="/synpunkter/{others}"' not in html
    s = row(site, hidden_one)
    assert s["acknowledge_due"] in html and s["answer_due"] in html
    assert anon_status(site, hidden_one) == 404
    assert person.get(f"/synpunkter/{hidden_one}").status == 200, "the writer sees their unpublished one"


def anon_status(site, sid):
    return site.server.client().get(f"/synpunkter/{sid}").status


# ---- Handling ------------------------------------------------------------------------------------------


def test_the_department_acknowledges_numbers_and_answers(site, people, dialogue, anon):
    writer, writer_id = people["en_rep"], people["en_rep_id"]
    official, official_id = people["official"], people["official_id"]
    sid = submit(writer, dialogue=dialogue, on_behalf="1", kind="proposal", title="Belysning i spåret")

    page = official.get(f"/synpunkter/{sid}")
    assert page.status == 200
    # One handling form (issue 12); the old routes below still answer, for forms already open.
    find_form(page.text, f"/synpunkter/{sid}/behandling")
    # The case number's example is written with the municipality's own prefix (the demo's "KS"; in English here).
    year = datetime.datetime.now(datetime.timezone.utc).year
    assert f"As in the municipality&#39;s register, for example KS {year}/123." in page.text

    r = change_status(official, sid, "acknowledged")
    assert r.status == 303, page_text(r.text)[:800]
    s = row(site, sid)
    assert s["status"] == "acknowledged" and s["acknowledged_at"]
    # Acknowledging again is not a move the case can make now.
    assert change_status(official, sid, "acknowledged").status == 409

    r = official.post(f"/synpunkter/{sid}/status", {"what": "case", "case_number": "KFN 2026/123",
                                                    "handler": str(official_id)})
    assert r.status == 303, page_text(r.text)[:800]
    s = row(site, sid)
    assert (s["case_number"], s["handler_account_id"]) == ("KFN 2026/123", official_id)
    # A handler who is not of the department is refused, the case number kept in the form.
    other = query(site.db, "SELECT id FROM account WHERE role = 'official' AND department_id <> ? ORDER BY id",
                  (s["department_id"],))[0][0]
    r = official.post(f"/synpunkter/{sid}/status", {"what": "case", "case_number": "X" * 51, "handler": str(other)})
    assert r.status == 422
    assert set(error_links(r.text)) == {"case_number", "handler"}
    # The old route re-shows the one handling form (issue 12) with what was typed.
    case_form = find_form(r.text, f"/synpunkter/{sid}/behandling")
    assert field_value(case_form, "case_number") == "X" * 51, "what was typed is kept"
    assert row(site, sid)["case_number"] == "KFN 2026/123"

    r = answer(official, sid, "Tack! Vi sätter upp belysning i höst.")
    assert r.status == 303, page_text(r.text)[:800]
    s = row(site, sid)
    assert s["status"] == "answered" and s["answered_at"] and s["answered_by"] == official_id
    assert s["answered_on"] == s["received_on"] and s["answer_workdays"] == 0, "answered the same day"
    assert s["answer"] == "Tack! Vi sätter upp belysning i höst."
    assert [e[0] for e in events(site, sid)] == ["received", "acknowledged", "answered"]
    assert [e[1] for e in events(site, sid)] == [writer_id, official_id, official_id], "who made each step"
    assert [a[1] for a in site.audit("submission", sid)] == ["create", "status", "case", "answer"]

    # The writer is told, in their language, with the answer and a link.
    told = query(site.db, "SELECT title, body, link FROM notification WHERE account_id = ? AND kind = 'answers' "
                          "ORDER BY id", (writer_id,))
    assert told[-1][0] == 'Answer to "Belysning i spåret"'
    assert "Tack! Vi sätter upp belysning i höst." in told[-1][1]
    assert told[-1][2] == f"/synpunkter/{sid}"
    assert any("has received your view or proposal" in t[1] for t in told), "the acknowledgement was told too"
    mail = query(site.db, "SELECT lang, kind, subject, body_text FROM outbox WHERE account_id = ? AND kind = 'answers' "
                          "ORDER BY id", (writer_id,))
    assert mail and mail[-1][:3] == ("en", "answers", 'Answer to "Belysning i spåret"')
    assert f"/synpunkter/{sid}" in mail[-1][3] and "Tack! Vi sätter upp" in mail[-1][3]

    # The history: the handler sees who and the case details; the public sees status and date.
    html = main_html(official.get(f"/synpunkter/{sid}").text)
    history = re.search(r'<h2 id="historik">.*?</table>', html, re.S).group(0)
    assert page_text(history).count("Tove Tjänsteperson") == 2
    public = main_html(anon.get(f"/synpunkter/{sid}").text)
    assert "Tack! Vi sätter upp belysning i höst." in public and "KFN 2026/123" in public
    assert "Tove" not in public, "officials' and writers' names stay off the public page"
    assert query(site.db, "SELECT name FROM account WHERE id = ?", (writer_id,))[0][0] not in public


def test_editing_the_answer_keeps_its_date_and_tells_again(site, people, dialogue):
    writer_id = people["en_rep_id"]
    sid = submit(people["en_rep"], dialogue=dialogue, on_behalf="1", title="Fler bänkar")
    assert answer(people["official"], sid, "Första svaret.").status == 303
    first = row(site, sid)
    told_before = len(query(site.db, "SELECT id FROM notification WHERE account_id = ?", (writer_id,)))
    r = answer(people["official"], sid, "Rättat svar.")
    assert r.status == 303 and "klart=svar-andrat" in r.header("location")
    s = row(site, sid)
    assert s["answer"] == "Rättat svar."
    assert (s["answered_at"], s["answered_on"], s["answer_workdays"]) == \
        (first["answered_at"], first["answered_on"], first["answer_workdays"])
    told = query(site.db, "SELECT title, body FROM notification WHERE account_id = ? ORDER BY id", (writer_id,))
    assert len(told) == told_before + 1 and told[-1][0] == 'The answer to "Fler bänkar" has been changed'
    assert "Rättat svar." in told[-1][1]
    text = page_text(main_html(people["official"].get(f"/synpunkter/{sid}?klart=svar-andrat").text))
    assert "The date of the first answer is kept" in text and "Answer changed" in text
    assert site.audit("submission", sid, "answer_edit")


def test_closing_needs_a_note_and_an_empty_answer_is_refused(site, people, dialogue):
    sid = submit(people["rep"], dialogue=dialogue, on_behalf="1", title="Stängs utan svar")
    r = change_status(people["official"], sid, "closed", "")
    assert r.status == 422 and error_links(r.text) == ["note"]
    r = answer(people["official"], sid, "   ")
    assert r.status == 422 and error_links(r.text) == ["answer"]
    assert row(site, sid)["status"] == "received"
    assert change_status(people["official"], sid, "in_progress").status == 303
    assert row(site, sid)["acknowledged_at"], "in progress counts as acknowledged"
    assert change_status(people["official"], sid, "closed", "Frågan hanteras i budgetarbetet.").status == 303
    s = row(site, sid)
    assert s["status"] == "closed" and s["answered_at"] is None, "closed without an answer is not answered"
    assert events(site, sid)[-1] == ("closed", people["official_id"], "Frågan hanteras i budgetarbetet.")


def test_representatives_and_other_departments_cannot_handle(site, people, dialogue):
    sid = submit(people["rep"], dialogue=dialogue, on_behalf="1", title="Får inte hanteras av andra")
    for client in (people["rep"], people["person"]):
        assert change_status(client, sid, "acknowledged").status == 403
        assert answer(client, sid, "Svar från fel person").status == 403
        assert hide(client, sid, "Fel person").status == 403
    other = people["other_official"]
    page = other.get(f"/synpunkter/{sid}")
    assert page.status == 200, "a published one is public"
    assert f"/synpunkter/{sid}/behandling" not in page.text, "no handling form for another department"
    assert change_status(other, sid, "acknowledged").status == 403
    assert other.post(f"/synpunkter/{sid}/status", {"what": "case", "case_number": "X"}).status == 403
    assert answer(other, sid, "Svar från fel förvaltning").status == 403
    s = row(site, sid)
    assert (s["status"], s["answer"], s["case_number"]) == ("received", None, None)
    # An unpublished one does not exist for them at all.
    private = submit(people["rep"], dialogue=dialogue, on_behalf="1", title="Opublicerad", publish=False)
    assert other.get(f"/synpunkter/{private}").status == 404
    assert answer(other, private, "Svar").status == 404
    # The coordinator handles every department's.
    assert change_status(people["coordinator"], private, "acknowledged").status == 303


# ---- What the public sees ------------------------------------------------------------------------------


def feed_ids(client):
    r = client.get("/svar.atom")
    assert r.status == 200 and r.header("content-type").startswith("application/atom+xml")
    return [int(x) for x in re.findall(r"<id>[^<]*/synpunkter/(\d+)</id>", r.text)], r


def api_ids(client, query_string):
    r = client.get(f"/api/v1/submissions?{query_string}&per_page=100")
    assert r.status == 200, r.text[:500]
    return [i["id"] for i in r.json()["items"]]


def list_ids(client, query_string):
    r = client.get(f"/synpunkter?{query_string}")
    assert r.status == 200
    return [int(x) for x in re.findall(r'<h3><a href="/synpunkter/(\d+)"', main_html(r.text))]


def test_the_public_sees_only_published_submissions(site, people, anon):
    d = make_dialogue(site)
    rep, official = people["rep"], people["official"]
    published = submit(rep, dialogue=d, on_behalf="1", title="Publicerad")
    unpublished = submit(rep, dialogue=d, on_behalf="1", title="Inte publicerad", publish=False)
    for sid in (published, unpublished):
        assert answer(official, sid, f"Svar på {sid}").status == 303
    assert anon.get(f"/synpunkter/{published}").status == 200
    assert anon.get(f"/synpunkter/{unpublished}").status == 404
    assert anon.get("/api/v1/submissions/%d" % unpublished).status == 404
    assert list_ids(anon, f"dialog={d}") == [published]
    assert api_ids(anon, f"dialogue={d}") == [published]
    ids, _ = feed_ids(anon)
    assert published in ids and unpublished not in ids
    # The writer, their organisation's other representatives and the department see it.
    assert rep.get(f"/synpunkter/{unpublished}").status == 200
    assert people["en_rep"].get(f"/synpunkter/{unpublished}").status == 200, "a fellow representative of org 1"
    assert official.get(f"/synpunkter/{unpublished}").status == 200
    assert people["other_official"].get(f"/synpunkter/{unpublished}").status == 404
    # Staff see it in the list, marked.
    r = official.get(f"/synpunkter?dialog={d}")
    assert f'href="/synpunkter/{unpublished}"' in r.text and "Not published" in page_text(main_html(r.text))
    # A dialogue turned back into a draft takes its submissions out of public view.
    set_dialogue_state(site, d, "draft")
    try:
        assert anon.get(f"/synpunkter/{published}").status == 404
        assert api_ids(anon, f"dialogue={d}") == []
        assert published not in feed_ids(anon)[0]
    finally:
        set_dialogue_state(site, d, "open")


def test_a_coordinator_hides_with_a_reason_and_the_writer_is_told(site, people, anon):
    d = make_dialogue(site)
    writer_id = people["en_rep_id"]
    sid = submit(people["en_rep"], dialogue=d, on_behalf="1", title="Olämplig text")
    assert answer(people["official"], sid, "Svaret").status == 303
    assert anon.get(f"/synpunkter/{sid}").status == 200
    assert hide(people["official"], sid, "Ett försök").status == 403, "officials do not moderate"

    r = people["coordinator"].get(f"/synpunkter/{sid}")
    find_form(r.text, f"/synpunkter/{sid}/dolj")
    r = hide(people["coordinator"], sid, "  ")
    assert r.status == 422 and error_links(r.text) == ["reason"]
    r = hide(people["coordinator"], sid, "Texten namnger en privatperson.")
    assert r.status == 303, page_text(r.text)[:800]
    s = row(site, sid)
    assert s["hidden_at"] and s["hidden_reason"] == "Texten namnger en privatperson."
    assert s["hidden_by"] == people["coordinator_id"]

    assert anon.get(f"/synpunkter/{sid}").status == 404
    assert anon.get(f"/api/v1/submissions/{sid}").status == 404
    assert sid not in list_ids(anon, f"dialog={d}")
    assert sid not in api_ids(anon, f"dialogue={d}")
    assert sid not in feed_ids(anon)[0]
    audit = site.audit("submission", sid, "hide")
    assert audit and audit[0][0] == people["coordinator_id"] and "Texten namnger en privatperson." in audit[0][2]
    told = query(site.db, "SELECT title, body FROM notification WHERE account_id = ? AND kind = 'answers' ORDER BY id",
                 (writer_id,))
    assert told[-1][0] == 'Your view or proposal "Olämplig text" is no longer shown publicly'
    assert "Texten namnger en privatperson." in told[-1][1]
    # The writer still reads it, with the reason.
    page = people["en_rep"].get(f"/synpunkter/{sid}")
    assert page.status == 200 and "Texten namnger en privatperson." in page.text
    # Hiding twice is not possible; showing again is, and is audited.
    assert hide(people["coordinator"], sid, "Igen").status == 409
    r = people["coordinator"].post(f"/synpunkter/{sid}/dolj", {"action": "show"})
    assert r.status == 303
    assert row(site, sid)["hidden_at"] is None
    assert anon.get(f"/synpunkter/{sid}").status == 200
    assert site.audit("submission", sid, "show")


SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def assert_inert(html, where):
    assert "<script>alert(1)" not in html, where
    assert "<img src=x" not in html, where
    for tag, attrs in page_tags(html):
        assert tag not in ("script", "img"), f"{where}: a <{tag}> got in"
        assert not any(n.startswith("on") for n in attrs), f"{where}: an event handler on <{tag}>"


def test_markup_in_title_and_text_is_escaped(site, people, anon):
    d = make_dialogue(site)
    title = f"Rubrik {SCRIPT}"
    body = f"Text {IMG}"
    sid = submit(people["rep"], dialogue=d, on_behalf="1", title=title, body=body)
    assert answer(people["official"], sid, f"Svar {SCRIPT}").status == 303
    assert row(site, sid)["title"] == title, "stored as typed"
    for path in (f"/synpunkter/{sid}", f"/synpunkter?dialog={d}", "/konto/synpunkter"):
        client = people["rep"] if path.startswith("/konto") else anon
        r = client.get(path)
        assert r.status == 200
        assert_inert(r.text, path)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text, path
    assert_inert(people["official"].get(f"/synpunkter/{sid}").text, "the handler's page")
    _, feed = feed_ids(anon)
    assert "<script>" not in feed.text and "&lt;script&gt;" in feed.text
    r = post_submission(people["rep"], dialogue=d, on_behalf="1", title=title, body="x" * 20001)
    assert r.status == 422
    assert_inert(r.text, "the refused form")


def test_the_answer_feed_parses(site, people, anon):
    feedparser = pytest.importorskip("feedparser")
    d = make_dialogue(site)
    sid = submit(people["rep"], dialogue=d, on_behalf="2", title="Flödestest")
    assert answer(people["official"], sid, "Svaret i flödet.").status == 303
    _, r = feed_ids(anon)
    feed = feedparser.parse(r.body)
    assert not feed.bozo, feed.get("bozo_exception")
    entry = next(e for e in feed.entries if e.link.endswith(f"/synpunkter/{sid}"))
    assert entry.title == "Answer: Flödestest"
    assert entry.summary == "Svaret i flödet."
    assert feed.entries[0].link.endswith(f"/synpunkter/{sid}"), "the newest answer first"
    assert len(feed.entries) <= 50


# ---- The list and the dialogue page's section ------------------------------------------------------------


def test_list_filters_and_pages(site, people, anon):
    d = make_dialogue(site)
    ids = [submit(people["rep"], dialogue=d, on_behalf="1", title=f"Sida {i}") for i in range(23)]
    assert change_status(people["official"], ids[0], "acknowledged").status == 303
    first = list_ids(anon, f"dialog={d}")
    second = list_ids(anon, f"dialog={d}&page=2")
    assert first == sorted(ids, reverse=True)[:20], "newest first, 20 a page"
    assert second == sorted(ids, reverse=True)[20:]
    r = anon.get(f"/synpunkter?dialog={d}")
    assert f'href="/synpunkter?dialog={d}&amp;page=2"' in r.text, "page links keep the filter"
    assert list_ids(anon, f"dialog={d}&status=acknowledged") == [ids[0]]
    assert list_ids(anon, f"dialog={d}&department={dept_id(site, 'social')}") == []
    assert list_ids(anon, f"dialog={d}&status=bogus") == first, "an unknown status is no filter"
    # The dialogue page shows the newest 20 and links to the rest.
    r = anon.get(f"/dialoger/{d}")
    assert r.status == 200
    section = re.search(r'<section class="submissions".*?</section>', r.text, re.S).group(0)
    assert [int(x) for x in re.findall(r'<h3><a href="/synpunkter/(\d+)"', section)] == first
    assert f'href="/synpunkter?dialog={d}"' in section and "23" in page_text(section)


def test_the_dialogue_section_shows_published_ones_to_the_public(site, people, anon):
    d = make_dialogue(site)
    published = submit(people["rep"], dialogue=d, on_behalf="1", title="Syns i dialogen")
    unpublished = submit(people["rep"], dialogue=d, on_behalf="1", title="Syns inte i dialogen", publish=False)
    html = main_html(anon.get(f"/dialoger/{d}").text)
    assert f'href="/synpunkter/{published}"' in html
    assert f'href="/synpunkter/{unpublished}"' not in html
    html = main_html(people["official"].get(f"/dialoger/{d}").text)
    assert f'href="/synpunkter/{published}"' in html and f'href="/synpunkter/{unpublished}"' in html, \
        "those who manage the dialogue see every one"


# ---- The database away ---------------------------------------------------------------------------


@postgresql_only
def test_a_submission_is_never_not_found_while_the_database_is_away(workdir):
    """A store error is 503 (database away) or 500, never 404: the page, the list, the open data and
    a handler's answer, on a node whose PostgreSQL is stopped under it."""
    pg = PgServer(prefix="samverkan-pg-submission-")
    node = None
    try:
        db = pg.createdb("submission_away")
        run_cli("demo", "--db", db, "--organisations", "20")
        published = query(db, "SELECT s.id FROM submission s LEFT JOIN dialogue d ON d.id = s.dialogue_id "
                              "WHERE s.publish_consent = 1 AND s.hidden_at IS NULL "
                              "AND (d.id IS NULL OR d.state <> 'draft') AND s.department_id = "
                              "(SELECT department_id FROM account WHERE email = ?) ORDER BY s.id LIMIT 1",
                          (OFFICIAL,))[0][0]
        node = Server(db, workdir, threads=2)
        official = node.client()
        assert official.login(OFFICIAL).status == 303
        assert official.get(f"/synpunkter/{published}").status == 200  # the CSRF token for the answer
        anon = node.client()
        assert anon.get(f"/api/v1/submissions/{published}").status == 200
        pg.halt("immediate")
        for client, path in [(anon, f"/synpunkter/{published}"), (anon, "/synpunkter"),
                             (anon, f"/api/v1/submissions/{published}"), (official, f"/synpunkter/{published}")]:
            r = client.get(path)
            assert r.status == 503, f"GET {path}: {r.status}, not 503"
            assert r.header("retry-after"), f"GET {path}: no Retry-After"
        r = official.post(f"/synpunkter/{published}/svar", {"answer": "Svaret"})
        assert r.status == 503, f"the answer: {r.status}, not 503"
        pg.start_again()
    finally:
        if node:
            node.stop()
        pg.stop()
