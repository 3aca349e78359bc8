"""The Atom feeds parse with a real feed reader (Debian's python3-feedparser): /dialoger.atom lists
every dialogue but drafts, newest change first, with titles, links and times that match the
database; /svar.atom (the answers) likewise lists the answered public submissions."""

import calendar
import time
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # feedparser 6.0 still imports cgi
    import feedparser

from admin_fixtures import site  # noqa: F401 — site is a fixture
from conftest import find_form, org_form_data, query


def parse(client, path):
    r = client.get(path)
    assert r.status == 200, (path, r.status)
    assert r.header("content-type").startswith("application/atom+xml"), r.header("content-type")
    feed = feedparser.parse(r.body)
    assert feed.bozo == 0, f"{path} is not well-formed Atom: {feed.get('bozo_exception')}"
    assert feed.version == "atom10"
    return feed


def epoch(iso):
    return calendar.timegm(time.strptime(iso, "%Y-%m-%dT%H:%M:%SZ"))


def new_dialogue(client, title, state=None):
    r = client.get("/dialoger/ny")
    data = org_form_data(find_form(r.text, "/dialoger/ny"))
    data.update(title=title, question=f"Frågan om {title} & <det andra>?", skr_level="konsultation",
                coe_level="consultation", decision_stage="agenda")
    r = client.post("/dialoger/ny", data)
    assert r.status == 303, r.status
    did = int(r.header("location").split("/")[2].split("?")[0])
    if state:
        assert client.post(f"/dialoger/{did}/status", {"to": state}).status == 303
    return did


def test_the_dialogue_feed_matches_the_public_dialogues(site):
    anon = site.server.client()
    draft = new_dialogue(site.official, "Ett utkast som ingen ser")
    planned = new_dialogue(site.official, "Bryggor & båtar <2027>", state="planned")
    feed = parse(anon, "/dialoger.atom")
    rows = query(site.db, "SELECT id, title, updated_at, created_at FROM dialogue WHERE state <> 'draft' "
                          "ORDER BY updated_at DESC, id DESC LIMIT 50")
    assert rows, "the demo has public dialogues"
    assert len(feed.entries) == len(rows)
    assert feed.feed.title and feed.feed.updated_parsed
    assert calendar.timegm(feed.feed.updated_parsed) == epoch(rows[0][2])
    for entry, (did, title, updated, created) in zip(feed.entries, rows):
        assert entry.title == title
        assert entry.link.endswith(f"/dialoger/{did}")
        assert entry.id.endswith(f"/dialoger/{did}")
        assert calendar.timegm(entry.updated_parsed) == epoch(updated)
        assert calendar.timegm(entry.published_parsed) == epoch(created)
        assert entry.summary
    links = [e.link for e in feed.entries]
    assert any(link.endswith(f"/dialoger/{planned}") for link in links)
    assert not any(link.endswith(f"/dialoger/{draft}") for link in links)
    newest = feed.entries[0]
    assert newest.title == "Bryggor & båtar <2027>", "the change just made is first, its text unescaped by the reader"


def test_the_answer_feed_matches_the_public_answers(site):
    """/svar.atom is a real route: a 404 or any failure fails here, it is never skipped. Its
    entries are the answered public submissions, newest answer first, as in the database."""
    anon = site.server.client()
    feed = parse(anon, "/svar.atom")
    assert feed.feed.title
    rows = query(site.db, "SELECT s.id, s.title, s.answered_at FROM submission s "
                          "LEFT JOIN dialogue d ON d.id = s.dialogue_id "
                          "WHERE s.answered_at IS NOT NULL AND s.publish_consent = 1 AND s.hidden_at IS NULL "
                          "AND (d.id IS NULL OR d.state <> 'draft') "
                          "ORDER BY s.answered_at DESC, s.id DESC LIMIT 50")
    assert rows, "the demo has answered public submissions"
    assert len(feed.entries) == len(rows)
    assert calendar.timegm(feed.feed.updated_parsed) == epoch(rows[0][2])
    for entry, (sid, title, answered) in zip(feed.entries, rows):
        assert entry.link.endswith(f"/synpunkter/{sid}")
        assert entry.id.endswith(f"/synpunkter/{sid}")
        assert title in entry.title
        assert calendar.timegm(entry.updated_parsed) == epoch(answered)
        assert entry.summary
