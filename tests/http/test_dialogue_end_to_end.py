"""The whole path of a dialogue, end to end, with time moved by SAMVERKAN_NOW and every e-mail taken
from a real SMTP sink: an official creates and opens a dialogue and invites organisations by a
filter; the invitations arrive; a representative sends a proposal; the feedback clock counts Swedish
working days (across Easter 2027) and reminds the responsible official before each deadline and
escalates to the coordinator after a missed one; the answer reaches the representative; the dialogue
closes by itself after its closing date and is reported, and every participant receives the report, once.

Each step runs a server at its own moment (SAMVERKAN_NOW) that delivers the mail queued so far; the
clock itself is run with `samverkan feedback send` at chosen moments, so "nothing is sent yet" can be
asserted as firmly as "this was sent"."""

import json
import re

import pytest

from conftest import (
    COORDINATOR,
    OFFICIAL,
    REPRESENTATIVE,
    DEMO_PASSWORD,
    checkbox_options,
    find_form,
    parse_forms,
    field_values,
    new_db,
    page_text,
    query,
    run_cli,
)
from smtp_sink import mail_server, smtp_sink, wait_until  # noqa: F401  (fixtures)

TITLE = "Hamnens framtid efter färjeterminalen"
PROPOSAL = "Låt föreningarna använda det gamla väntrummet som mötesplats på vintern"
ANSWER = "Vi tar med förslaget i detaljplanen och återkommer i maj med en tidplan."


def at(day, hour=9):
    """A moment on a Swedish calendar day (UTC; 09:00 UTC is morning in Sweden all year)."""
    return f"{day}T{hour:02d}:00:00Z"


class Timeline:
    """Moves the clock: one mail-sending server at a time, at the step's moment."""

    def __init__(self, db, mail_server, monkeypatch):
        self.db = db
        self.mail_server = mail_server
        self.monkeypatch = monkeypatch
        self.server = None

    def now(self, moment):
        self.monkeypatch.setenv("SAMVERKAN_NOW", moment)
        if self.server:
            self.server.stop()
        self.server = self.mail_server(db=self.db)
        return self.server

    def signed_in(self, email):
        c = self.server.client()
        r = c.login(email, DEMO_PASSWORD)
        assert r.status == 303, f"login as {email}: {r.status}"
        c.csrf("/konto")
        return c

    def clock(self, moment):
        """Runs the feedback clock at moment; returns (reminders, escalations) it queued."""
        out = run_cli("feedback", "send", "--db", self.db, env={"SAMVERKAN_NOW": moment}).stdout
        m = re.search(r"(\d+) reminders? and (\d+) escalations? queued", out)
        assert m, out
        return int(m.group(1)), int(m.group(2))


def mails_to(sink, address, needle):
    return [m for m in sink.to(address) if needle in m.part("text/plain")]


@pytest.fixture
def timeline(workdir, mail_server, monkeypatch):
    db = new_db(workdir, "end-to-end")
    run_cli("demo", "--db", db, "--organisations", "40", timeout=300)
    return Timeline(db, mail_server, monkeypatch)


def test_a_dialogue_from_invitation_to_report(timeline, smtp_sink):
    db = timeline.db
    [(official_id, department_id)] = query(db, "SELECT id, department_id FROM account WHERE email = ?", (OFFICIAL,))
    [(coordinator_address,)] = query(db, "SELECT email FROM account WHERE email = ?", (COORDINATOR,))

    # ---- Wednesday 17 March 2027: the official creates, opens and invites ---------------------
    timeline.now(at("2027-03-17"))
    official = timeline.signed_in(OFFICIAL)
    r = official.post("/dialoger/ny", {
        "title": TITLE, "question": "Hur vill ni att hamnområdet används när terminalen flyttar?",
        "background": "Terminalen flyttar 2028.", "department_id": str(department_id),
        "contact_account_id": str(official_id), "can_influence": "Hur väntrummet och kajen används.",
        "cannot_influence": "Var den nya terminalen ligger.", "opens_on": "2027-03-17", "closes_on": "2027-04-30",
        "decision_on": "2027-05-20", "skr_level": "dialog", "coe_level": "dialogue", "decision_stage": "drafting",
        "principles": ["P2", "P7"]})
    assert r.status == 303, page_text(r.text)[:800]
    dialogue = int(re.search(r"/dialoger/(\d+)", r.header("location")).group(1))
    assert official.post(f"/dialoger/{dialogue}/status", {"to": "open"}).status == 303
    assert query(db, "SELECT state FROM dialogue WHERE id = ?", (dialogue,)) == [("open",)]

    # Invite by a filter: the category of organisation 1, which the representative represents.
    [(category,)] = query(db, "SELECT MIN(category_code) FROM organisation_category WHERE organisation_id = 1")
    page = official.get(f"/dialoger/{dialogue}/inbjudningar?category={category}")
    assert page.status == 200
    # The page has the filter (GET) and the list to invite (POST) under the same address.
    [form] = [f for f in parse_forms(page.text) if checkbox_options(f, "organisation")]
    chosen = field_values(form, "organisation")
    # Issue 12: only those an invitation can reach (a representative or an address) are ticked.
    expected = {str(i) for (i,) in query(db, "SELECT o.id FROM organisation o JOIN organisation_category c ON"
                                             " c.organisation_id = o.id WHERE c.category_code = ? AND o.public = 1"
                                             " AND ((o.email IS NOT NULL AND o.email <> '') OR EXISTS (SELECT 1"
                                             " FROM representative r JOIN account a ON a.id = r.account_id"
                                             " WHERE r.organisation_id = o.id AND a.disabled = 0))",
                                         (category,))}
    assert set(chosen) == expected and "1" in chosen, (chosen, expected)
    r = official.post(f"/dialoger/{dialogue}/inbjudningar", {"organisation": chosen})
    assert r.status == 303, page_text(r.text)[:800]
    invited = {i for (i,) in query(db, "SELECT organisation_id FROM dialogue_invitation WHERE dialogue_id = ?",
                                   (dialogue,))}
    assert invited == {int(i) for i in chosen}

    # The invitations arrive: every representative of an invited organisation gets one.
    reps = query(db, "SELECT DISTINCT a.email FROM representative p JOIN account a ON a.id = p.account_id "
                     "WHERE p.organisation_id IN (SELECT organisation_id FROM dialogue_invitation WHERE dialogue_id = ?)",
                 (dialogue,))
    assert (REPRESENTATIVE,) in reps
    for (address,) in reps:
        # Waiting for this dialogue's invitation: the demo's planned dialogue opened on its date
        # as the clock moved, and its prepared invitations went out first (issue 12).
        smtp_sink.wait_for(lambda _: mails_to(smtp_sink, address, f"/dialoger/{dialogue}?inbjudan="),
                           what=f"the invitation to {address}")
        invitations = mails_to(smtp_sink, address, f"/dialoger/{dialogue}?inbjudan=")
        assert invitations and all(TITLE in m.part("text/plain") for m in invitations), address
    link = re.search(r"/dialoger/\d+\?inbjudan=[A-Za-z0-9_-]+",
                     mails_to(smtp_sink, REPRESENTATIVE, f"/dialoger/{dialogue}?inbjudan=")[0]
                     .part("text/plain").replace("=\n", "")).group(0)

    # ---- the representative follows the link and sends a proposal ----------------------------
    rep = timeline.signed_in(REPRESENTATIVE)
    assert rep.get(link).status == 200
    [(opened,)] = query(db, "SELECT opened_at FROM dialogue_invitation WHERE dialogue_id = ? AND organisation_id = 1",
                        (dialogue,))
    assert opened and opened.startswith("2027-03-17")
    form = find_form(rep.get(f"/synpunkter/ny?dialog={dialogue}").text, "/synpunkter/ny")
    assert form is not None
    r = rep.post("/synpunkter/ny", {"dialog": str(dialogue), "on_behalf": "1", "kind": "proposal",
                                    "title": PROPOSAL, "body": "Väntrummet står tomt halva året.", "publish": "1"})
    assert r.status == 303, page_text(r.text)[:800]
    submission = int(re.search(r"/synpunkter/(\d+)", r.header("location")).group(1))

    # Due dates in Swedish working days: 5 after Wednesday 17 March is Wednesday 24 March; 20 skip
    # långfredagen (26 March) and annandag påsk (29 March) and land on Friday 16 April.
    api = json.loads(timeline.server.client().get(f"/api/v1/submissions/{submission}").text)
    assert (api["acknowledge_due"], api["answer_due"]) == ("2027-03-24", "2027-04-16"), api
    assert api["received_on"] == "2027-03-17"

    # ---- the clock: nothing early, a reminder two working days before, escalation after -------
    official_mail = lambda: mails_to(smtp_sink, OFFICIAL, f"/synpunkter/{submission}")  # noqa: E731
    coordinator_mail = lambda: mails_to(smtp_sink, coordinator_address, f"/synpunkter/{submission}")  # noqa: E731
    assert timeline.clock(at("2027-03-19")) == (0, 0), "a reminder three working days before the deadline"
    assert timeline.clock(at("2027-03-22")) == (1, 0), "no reminder two working days before the deadline"
    timeline.now(at("2027-03-22"))
    # The first mail told the official of the arrival (issue 12); the reminder is the second.
    wait_until(lambda: len(official_mail()) == 2, what="the reminder to the official")
    assert "has arrived" in official_mail()[0].part("text/plain") or \
        "har kommit in" in official_mail()[0].part("text/plain")
    assert timeline.clock(at("2027-03-23")) == (0, 0), "a second reminder"
    assert timeline.clock(at("2027-03-24")) == (0, 0), "escalated on the due date itself"
    assert timeline.clock(at("2027-03-25")) == (0, 1), "no escalation the working day after the deadline"
    timeline.now(at("2027-03-25"))
    wait_until(lambda: len(coordinator_mail()) == 1, what="the escalation to the coordinator")
    assert PROPOSAL in coordinator_mail()[0].part("text/plain")

    # The official acknowledges; the answer clock goes on: reminder on Wednesday 14 April.
    official = timeline.signed_in(OFFICIAL)
    r = official.post(f"/synpunkter/{submission}/status", {"what": "status", "status": "acknowledged", "note": ""})
    assert r.status == 303, page_text(r.text)[:800]
    assert timeline.clock(at("2027-04-13")) == (0, 0), "an answer reminder three working days before"
    assert timeline.clock(at("2027-04-14")) == (1, 0), "no answer reminder two working days before"
    timeline.now(at("2027-04-14"))
    wait_until(lambda: len(official_mail()) == 3, what="the answer reminder to the official")

    # ---- Thursday 15 April: the answer, within the target, reaches the representative ---------
    timeline.now(at("2027-04-15"))
    official = timeline.signed_in(OFFICIAL)
    r = official.post(f"/synpunkter/{submission}/svar", {"answer": ANSWER})
    assert r.status == 303, page_text(r.text)[:800]
    answer_words = " ".join(ANSWER.split()[:6])
    wait_until(lambda: [m for m in smtp_sink.to(REPRESENTATIVE)
                        if answer_words in " ".join(m.part("text/plain").split())],
               what="the answer to the representative")
    api = json.loads(timeline.server.client().get(f"/api/v1/submissions/{submission}").text)
    assert api["status"] == "answered" and api["answer"] == ANSWER and api["answer_workdays"] == 19, api
    assert timeline.clock(at("2027-04-19")) == (0, 0), "escalated although it was answered in time"

    # ---- May: the dialogue closes and its report goes to every participant, once ---------------
    timeline.now(at("2027-05-03"))
    official = timeline.signed_in(OFFICIAL)
    before = {a: len(smtp_sink.to(a)) for (a,) in reps}
    # Its closing date, 30 April, has passed: it closed by itself before the server's first request.
    assert query(db, "SELECT state FROM dialogue WHERE id = ?", (dialogue,)) == [("closed",)]
    assert query(db, "SELECT account_id, detail FROM audit_log WHERE entity = 'dialogue' AND entity_id = ?"
                     " AND action = 'state' ORDER BY id DESC LIMIT 1", (dialogue,)) == \
        [(None, '{"by":"calendar","from":"open","to":"closed"}')]
    r = official.post(f"/dialoger/{dialogue}/aterkoppling", {
        "report_heard": "Föreningarna vill ha en mötesplats året runt.",
        "report_decision": "Kommunstyrelsen beslutade att väntrummet blir föreningslokal.",
        "report_minutes_ref": "KS 2027-05-20 § 88", "report_link": "https://www.exempel.se/protokoll/ks-2027-05-20",
        "report_used": "Förslaget om väntrummet togs in i detaljplanen.", "action": "publish"})
    assert r.status == 303 and r.header("location") == f"/dialoger/{dialogue}/aterkoppling/publicera", \
        page_text(r.text)[:800]
    r = official.post(f"/dialoger/{dialogue}/aterkoppling/publicera", {})
    assert r.status == 303, page_text(r.text)[:800]
    assert query(db, "SELECT state FROM dialogue WHERE id = ?", (dialogue,)) == [("reported",)]
    for (address,) in reps:
        wait_until(lambda a=address: len(smtp_sink.to(a)) == before[a] + 1, what=f"the report to {address}")
    # The representative was invited and took part: still one report, not two.
    reports = [m for m in smtp_sink.to(REPRESENTATIVE) if f"/dialoger/{dialogue}" in m.part("text/plain")
               and "inbjudan=" not in m.part("text/plain")]
    assert len(reports) == 1, [m["Subject"] for m in reports]

    # The dialogue's page shows what happened next first, and the public sees the answer.
    public = timeline.server.client()
    text = page_text(public.get(f"/dialoger/{dialogue}").text)
    assert text.index("väntrummet blir föreningslokal") < text.index("Hur vill ni att hamnområdet används")
    assert ANSWER in page_text(public.get(f"/synpunkter/{submission}").text)
