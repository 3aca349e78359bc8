"""Notifications: each person's choice per kind decides whether a notification is mailed at once
(in the person's language), gathered into the daily digest, or only shown in the app; the in-app
list with its unread count is the owner's alone; choices are saved with field errors for tampered
values; the one-click unsubscribe link works without signing in and refuses a tampered token.

Notifications are made by a real action: a person asks to represent an organisation, and its
representatives are told (kind 'representation', at once by default)."""

import datetime
import re
import subprocess
import urllib.parse

from conftest import SAMVERKAN, Database, query, find_form, main_html, page_tags, page_text, program_env
from notification_fixtures import notify, unread_in_header  # noqa: F401 — notify is a fixture
from smtp_sink import mail_server, smtp_sink  # noqa: F401 — fixtures

KINDS = ("invitations", "answers", "events", "news", "representation")
DEFAULTS = {"invitations": "immediately", "answers": "immediately", "events": "daily", "news": "never",
            "representation": "immediately"}


def unsubscribe_link(body):
    m = re.search(r"https?://\S+/konto/aviseringar/avsluta\?token=(\S+)", body)
    assert m, f"no unsubscribe link in the message:\n{body}"
    return urllib.parse.unquote(m.group(1))


# ---- Immediately, never, daily -------------------------------------------------------------------


def test_immediately_queues_one_message_in_the_recipients_language(notify):
    _, english, org_en = notify.representative(lang="en")
    _, swedish, org_sv = notify.representative(lang="sv")
    said_en = notify.ask_to_represent(org_en)
    notify.ask_to_represent(org_sv)

    en = notify.outbox(english)
    sv = notify.outbox(swedish)
    assert len(en) == 1 and len(sv) == 1, (en, sv)
    _, kind, lang, subject, body = en[0]
    assert (kind, lang) == ("representation", "en")
    # The message is the notification: same title, the requester's own words, a link to act on.
    [(_, _, title, _, _, emailed_at)] = notify.notifications(english)
    assert subject == title and emailed_at is not None
    assert said_en in body
    assert "without signing in" in body
    assert sv[0][2] == "sv"
    assert "without signing in" not in sv[0][4] and "utan att logga in" in sv[0][4], sv[0][4]


def test_never_queues_nothing_but_the_list_shows_it(notify):
    rep, account, org = notify.representative()
    notify.choose(rep, representation="never")
    said = notify.ask_to_represent(org)

    assert notify.outbox(account) == []
    [(nid, kind, title, body, read_at, emailed_at)] = notify.notifications(account)
    assert kind == "representation" and read_at is None and emailed_at is None
    r = rep.get("/konto/notiser")
    assert r.status == 200
    text = page_text(main_html(r.text))
    assert title in text and said in text


def test_daily_waits_for_the_digest_which_goes_once_a_day(notify):
    rep, account, org = notify.representative()
    notify.choose(rep, representation="daily")
    first = notify.ask_to_represent(org)
    second = notify.ask_to_represent(org)
    assert notify.outbox(account) == [], "a daily notification was mailed before the digest"

    day = notify.next_digest_day()
    out = notify.digest(day)
    assert "queued" in out, out
    [(_, kind, lang, subject, body)] = notify.outbox(account)
    assert lang == "sv"
    assert first in body and second in body, body
    assert "2" in subject
    assert all(n[5] is not None for n in notify.notifications(account)), "the digested notifications are not marked"

    # The same day again: nothing, even with something new waiting.
    third = notify.ask_to_represent(org)
    out = notify.digest(day + datetime.timedelta(hours=9))
    assert "nothing to do" in out, out
    assert len(notify.outbox(account)) == 1

    # The next day: only what is new.
    notify.digest(day + datetime.timedelta(days=1))
    rows = notify.outbox(account)
    assert len(rows) == 2, rows
    assert third in rows[1][4] and first not in rows[1][4] and second not in rows[1][4]
    # The digest's own unsubscribe link stops the daily summary.
    assert "/konto/aviseringar/avsluta?token=" in rows[1][4]


def test_digest_arrives_at_the_smtp_sink(notify, mail_server, smtp_sink, monkeypatch):
    """The digest is a real e-mail: a node with a mail server configured delivers it, once."""
    rep, account, org = notify.representative()
    notify.choose(rep, representation="daily")
    first = notify.ask_to_represent(org)
    second = notify.ask_to_represent(org)
    day = notify.next_digest_day()
    assert "queued" in notify.digest(day)
    [(_, _, _, subject, _)] = notify.outbox(account)
    [(address,)] = query(notify.db, "SELECT to_address FROM outbox WHERE account_id = ?", (account,))
    # A node that can send mail, on the same database and at the digest's time, delivers it.
    monkeypatch.setenv("SAMVERKAN_NOW", (day + datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    mail_server(db=notify.db)
    # Other tests' digests wait in the same database and go out too: this one is found by its address.
    [got] = smtp_sink.wait_to(address)
    assert got["Subject"] == subject
    # The plain-text part is wrapped for mail: compare with spacing made even.
    text = " ".join(got.part("text/plain").split())
    assert " ".join(first.split()) in text and " ".join(second.split()) in text, text
    assert got["List-Unsubscribe"], "a digest is a notification: it carries an unsubscribe header"
    assert len(smtp_sink.to(address)) == 1


def test_two_nodes_running_the_digest_at_once_send_it_once(notify):
    rep, account, org = notify.representative()
    notify.choose(rep, representation="daily")
    said = notify.ask_to_represent(org)
    stamp = notify.next_digest_day().strftime("%Y-%m-%dT%H:%M:%SZ")
    env = dict(program_env(), SAMVERKAN_NOW=stamp, SAMVERKAN_LANG="en")
    runs = [subprocess.Popen([SAMVERKAN, "digest", "send", "--db", notify.db], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=60) for p in runs]
    assert all(p.returncode == 0 for p in runs), outs
    assert sum("queued" in out for out, _ in outs) == 1, outs
    [(_, _, _, _, body)] = notify.outbox(account)
    assert said in body


# ---- The in-app list -----------------------------------------------------------------------------


def test_unread_count_in_the_header_falls_as_notifications_are_read(notify):
    rep, account, org = notify.representative()
    notify.ask_to_represent(org)
    notify.ask_to_represent(org)
    r = rep.get("/")
    assert unread_in_header(r.text) == 2
    assert re.search(r'\(2<span class="visually-hidden"> unread</span>\)|\(2<span class="visually-hidden"> olästa</span>\)',
                     r.text), "the count is not told to screen readers"

    r = rep.get("/konto/notiser")
    page = main_html(r.text)
    assert page.count('class="notification unread"') == 2
    # Newest first.
    # Titles are links (issue 12: they open in a new tab); following one marks it read.
    ids = [int(x) for x in re.findall(r'<a href="/konto/notiser/(\d+)"', page)]
    assert ids == sorted(ids, reverse=True) and len(ids) == 2

    r = rep.get(f"/konto/notiser/{ids[0]}")
    assert r.status == 303
    assert r.header("location") == f"/organisationer/{org}" or r.header("location").startswith(f"/organisationer/{org}")
    r = rep.get("/konto/notiser")
    assert unread_in_header(r.text) == 1
    assert main_html(r.text).count('class="notification unread"') == 1
    # The POST of earlier pages' buttons still opens one.
    rep.csrf("/konto/notiser")
    r = rep.post(f"/konto/notiser/{ids[0]}", {})
    assert r.status == 303 and r.header("location").startswith(f"/organisationer/{org}")
    assert unread_in_header(rep.get("/konto/notiser").text) == 1

    rep.csrf("/konto/notiser")
    r = rep.post("/konto/notiser/las-alla", {})
    assert r.status == 303
    r = rep.get("/konto/notiser")
    assert unread_in_header(r.text) == 0
    assert 'class="notification unread"' not in main_html(r.text)
    assert all(n[4] is not None for n in notify.notifications(account))


def test_another_persons_notification_is_not_found(notify):
    owner, owner_id, org = notify.representative()
    other, _, _ = notify.representative()
    notify.ask_to_represent(org)
    [(nid, _, title, _, _, _)] = notify.notifications(owner_id)

    r = other.get(f"/konto/notiser/{nid}")
    assert r.status == 404 and title not in r.text
    other.csrf("/konto/notiser")
    assert other.post(f"/konto/notiser/{nid}", {}).status == 404
    assert notify.notifications(owner_id)[0][4] is None, "someone else marked it read"
    # The owner's GET opens it (to where it points) and marks it read.
    r = owner.get(f"/konto/notiser/{nid}")
    assert r.status == 303 and r.header("location").startswith(f"/organisationer/{org}")
    assert notify.notifications(owner_id)[0][4] is not None
    assert title not in other.get("/konto/notiser").text
    # Signed out: to the login page, nothing shown.
    r = notify.server.client().get(f"/konto/notiser/{nid}")
    assert r.status == 303 and r.header("location").startswith("/logga-in")


# ---- Choices -------------------------------------------------------------------------------------


def checked_choices(html):
    form = find_form(html, "/konto/aviseringar")
    return dict((k, v) for k, v in form["fields"] if k in KINDS)


def test_choices_are_saved_and_tampered_values_refused(notify):
    rep, account, _ = notify.representative()
    r = rep.get("/konto/aviseringar")
    assert r.status == 200
    assert checked_choices(r.text) == DEFAULTS
    tags = page_tags(main_html(r.text))
    for kind in KINDS:
        radios = [a for t, a in tags if t == "input" and a.get("name") == kind]
        assert [a["value"] for a in radios] == ["immediately", "daily", "never"]
        assert all(any(t == "label" and b.get("for") == a["id"] for t, b in tags) for a in radios)
    assert sum(1 for t, _ in tags if t == "fieldset") >= len(KINDS)

    notify.choose(rep, events="immediately", news="daily")
    r = rep.get("/konto/aviseringar?sparad=1")
    assert checked_choices(r.text) == dict(DEFAULTS, events="immediately", news="daily")
    assert notify.frequency(account, "news") == "daily"

    data = dict(find_form(r.text, "/konto/aviseringar")["fields"])
    data["news"] = "hourly"
    data["answers"] = "never"
    r = rep.post("/konto/aviseringar", data)
    assert r.status == 422
    page = main_html(r.text)
    assert 'href="#news"' in page, "the error summary does not lead to the field"
    assert re.search(r'<fieldset[^>]*id="news"[^>]*aria-describedby="[^"]*news-error', page)
    assert 'id="news-error"' in page
    assert 'id="answers-error"' not in page
    # Nothing was stored from the refused form.
    assert notify.frequency(account, "news") == "daily"
    assert notify.frequency(account, "answers") == "immediately"

    # A form without the token is refused before it is read.
    data.pop("_csrf")
    r = rep.post("/konto/aviseringar", dict(data, news="never"), csrf=False)
    assert r.status == 403
    assert notify.frequency(account, "news") == "daily"


# ---- One-click unsubscribe -----------------------------------------------------------------------


def test_unsubscribe_link_works_without_login_and_refuses_a_tampered_token(notify):
    _, account, org = notify.representative()
    notify.ask_to_represent(org)
    [(_, _, _, _, body)] = notify.outbox(account)
    token = unsubscribe_link(body)
    assert token.startswith(f"{account}.representation.")

    visitor = notify.server.client()
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
                token.replace(".representation.", ".news."),
                f"{account + 1}" + token[len(str(account)):],
                "", "1.representation.x"):
        r = visitor.get("/konto/aviseringar/avsluta?" + urllib.parse.urlencode({"token": bad}))
        assert r.status == 400, (bad, r.status)
        assert "<form" not in main_html(r.text)

    r = visitor.get("/konto/aviseringar/avsluta?" + urllib.parse.urlencode({"token": token}))
    assert r.status == 200
    form = find_form(r.text, "/konto/aviseringar/avsluta")
    assert notify.frequency(account, "representation") is None, "a GET changed the choice"

    # A tampered token in the POST is refused too, and changes nothing.
    fields = dict(form["fields"])
    r = visitor.post("/konto/aviseringar/avsluta", dict(fields, token=token.replace(".representation.", ".events.")))
    assert r.status == 400
    assert notify.frequency(account, "representation") is None

    r = visitor.post("/konto/aviseringar/avsluta", fields)
    assert r.status == 200, page_text(r.text)[:500]
    assert notify.frequency(account, "representation") == "never"
    assert "sid" not in visitor.cookies

    # From now on such notifications are in the app only.
    notify.ask_to_represent(org)
    assert len(notify.outbox(account)) == 1
    assert len(notify.notifications(account)) == 2
    with Database(notify.db) as db:
        row = db.execute("SELECT action FROM audit_log WHERE entity = 'notification_preference' AND entity_id = ? "
                         "ORDER BY id DESC", (account,)).fetchone()
    assert row and row[0] == "unsubscribe"
