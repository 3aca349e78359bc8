"""The text contract on views and proposals, on the real forms: a title, a text or an official's
answer holding a C1 control character (U+0085 next line, U+009B the terminal's CSI) or a NUL (sent
raw as %00, which the request parser turns into U+FFFD) is refused with 422, the error on that
field, what was typed shown again, and nothing stored; no-break spaces around a title, an answer
or a case number are trimmed before it is stored. The domain checks it, so every entry point gets the same."""

import itertools
import re

import pytest

from admin_fixtures import site  # noqa: F401 — a fixture
from conftest import field_value, find_form, parse_forms, query

_seq = itertools.count(1)

BAD = {
    "next-line": "\u0085",
    "csi": "\u009b",
    "nul": "\x00",
}

MESSAGES = {
    "title": "The title must be one line of ordinary text.",
    "body": "The text contains characters that cannot be saved.",
    "answer": "The answer contains characters that cannot be saved.",
    "case_number": "The case number must be one line of ordinary text.",
}


def english(client):
    r = client.get("/sprak?lang=en&next=/")
    assert r.status == 303
    return client


def shown_back(typed):
    """What a re-shown form holds for a typed value: a NUL arrives as U+FFFD (it cannot be in a
    C string), every other character as typed."""
    return typed.replace("\x00", "\ufffd")


def errors_linked(html):
    m = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert m, "an error summary at the top of the form"
    return re.findall(r'href="#([^"]+)"', m.group(0))


def assert_field_error(html, field):
    assert errors_linked(html) == [field], "the summary links to that field only"
    m = re.search(r'<p class="error" id="%s-error">(.*?)</p>' % re.escape(field), html, re.S)
    assert m, f"a message beside {field}"
    assert MESSAGES[field] in m.group(1)


def count(site, sql, params=()):
    return query(site.db, sql, params)[0][0]


def department(site):
    return count(site, "SELECT id FROM department WHERE code = 'kultur-fritid'")


@pytest.fixture(scope="module")
def rep(site):
    return english(site.representative)


@pytest.fixture(scope="module")
def official(site):
    return english(site.official)


def send(client, site, title, body):
    """Posts the public form as a browser fills it (on one's own behalf, to the official's
    department); returns the response and the form it came from."""
    r = client.get("/synpunkter/ny")
    assert r.status == 200
    data = dict(find_form(r.text, "/synpunkter/ny")["fields"])
    data.update({"department_id": str(department(site)), "on_behalf": "me", "kind": "view", "title": title,
                 "body": body, "publish": "1"})
    return client.post("/synpunkter/ny", data)


@pytest.mark.parametrize("field", ["title", "body"])
@pytest.mark.parametrize("bad", list(BAD), ids=list(BAD))
def test_the_public_form_refuses_control_characters(site, rep, field, bad):
    n = next(_seq)
    typed = {"title": f"Kontrakt {n} rubrik", "body": f"Kontrakt {n}\nandra raden"}
    typed[field] = f"Kontrakt {n} före{BAD[bad]}efter"
    before = count(site, "SELECT COUNT(*) FROM submission")
    r = send(rep, site, typed["title"], typed["body"])
    assert r.status == 422, r
    assert_field_error(r.text, field)
    form = find_form(r.text, "/synpunkter/ny")
    assert field_value(form, "title") == shown_back(typed["title"]), "the title as typed"
    assert field_value(form, "body") == shown_back(typed["body"]), "the text as typed"
    assert count(site, "SELECT COUNT(*) FROM submission") == before, "nothing stored"
    assert count(site, "SELECT COUNT(*) FROM submission WHERE title LIKE ?", (f"Kontrakt {n} %",)) == 0


def test_no_break_spaces_around_a_title_are_trimmed(site, rep):
    n = next(_seq)
    r = send(rep, site, f"\u00a0\u00a0Kontrakt {n} trimmad\u00a0", "\u00a0Texten\u00a0")
    assert r.status == 303, r
    sid = int(re.match(r"^/synpunkter/(\d+)\?skickad=1$", r.header("location")).group(1))
    assert query(site.db, "SELECT title, body FROM submission WHERE id = ?", (sid,)) == [
        (f"Kontrakt {n} trimmad", "Texten")]


@pytest.fixture(scope="module")
def waiting(site, rep):
    """A submission to the official's department that has no answer yet."""
    r = send(rep, site, f"Kontrakt {next(_seq)} att besvara", "Svara gärna.")
    assert r.status == 303, r
    return int(re.match(r"^/synpunkter/(\d+)\?skickad=1$", r.header("location")).group(1))


def answer_state(site, sid):
    return (query(site.db, "SELECT answer, status, answered_at FROM submission WHERE id = ?", (sid,))[0],
            count(site, "SELECT COUNT(*) FROM submission_event WHERE submission_id = ?", (sid,)))


@pytest.mark.parametrize("bad", list(BAD), ids=list(BAD))
def test_the_answer_form_refuses_control_characters(site, official, waiting, bad):
    assert official.get(f"/synpunkter/{waiting}").status == 200  # a CSRF token for the post
    before = answer_state(site, waiting)
    typed = f"Tack för synpunkten.{BAD[bad]}\nVi återkommer."
    r = official.post(f"/synpunkter/{waiting}/svar", {"answer": typed})
    assert r.status == 422, r
    assert_field_error(r.text, "answer")
    # The page comes back with its one handling form, the answer as typed in it.
    form = find_form(r.text, f"/synpunkter/{waiting}/behandling")
    assert field_value(form, "answer") == shown_back(typed), "the answer as typed"
    assert answer_state(site, waiting) == before, "no answer stored, no history row"
    assert before[0] == (None, "received", None)


def test_no_break_spaces_around_an_answer_are_trimmed(site, official, waiting):
    assert official.get(f"/synpunkter/{waiting}").status == 200
    r = official.post(f"/synpunkter/{waiting}/svar", {"answer": "\u00a0Tack, vi bygger den.\u00a0\u00a0"})
    assert r.status == 303, r
    assert query(site.db, "SELECT answer, status FROM submission WHERE id = ?", (waiting,)) == [
        ("Tack, vi bygger den.", "answered")]


@pytest.mark.parametrize("bad", list(BAD), ids=list(BAD))
def test_the_case_number_follows_the_contract_too(site, official, waiting, bad):
    assert official.get(f"/synpunkter/{waiting}").status == 200
    before = query(site.db, "SELECT case_number FROM submission WHERE id = ?", (waiting,))
    typed = f"KS 2026/{BAD[bad]}9"
    r = official.post(f"/synpunkter/{waiting}/status", {"what": "case", "case_number": typed, "handler": ""})
    assert r.status == 422, r
    assert_field_error(r.text, "case_number")
    form = find_form(r.text, f"/synpunkter/{waiting}/behandling")
    assert field_value(form, "case_number") == shown_back(typed)
    assert query(site.db, "SELECT case_number FROM submission WHERE id = ?", (waiting,)) == before
    # No-break spaces around it are trimmed.
    r = official.post(f"/synpunkter/{waiting}/status", {"what": "case", "case_number": "\u00a0KS 2026/9\u00a0",
                                                         "handler": ""})
    assert r.status == 303, r
    assert query(site.db, "SELECT case_number FROM submission WHERE id = ?", (waiting,)) == [("KS 2026/9",)]
