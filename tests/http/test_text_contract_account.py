"""The text contract on account names, at every entry point that makes an account: a name with a C1
control character (U+0085, U+009B) or a NUL is refused with the name field's error, the typed text
shown again and nothing stored; no-break spaces around a name are trimmed before it is stored. The
sign-up form and `samverkan user add`, on either store."""

import re

import pytest

from account_fixtures import PASSWORD, account_row, fresh_email, signed_in, verified_person
from conftest import field_value, find_form, main_html, new_db, query, run_cli

BROKEN_NAMES = [
    pytest.param("Anna\u0085Berg", id="U+0085"),
    pytest.param("Anna\u009bBerg", id="U+009B"),
    pytest.param("Anna\x00Berg", id="NUL"),
]


def errors_of(html):
    """The fields the error summary links to, in order."""
    return re.findall(r'<li><a href="#([a-z_]+)">', html)


@pytest.mark.parametrize("name", BROKEN_NAMES)
def test_signup_refuses_a_name_with_control_characters(anon, db, name):
    email = fresh_email("kontroll")
    assert anon.get("/konto/ny").status == 200
    r = anon.post("/konto/ny", {"name": name, "email": email, "password": PASSWORD})
    assert r.status == 422, r
    assert errors_of(r.text) == ["name"]
    assert "control characters" in r.text or "styrtecken" in r.text
    form = find_form(r.text, "/konto/ny")
    shown = field_value(form, "name")
    # What was typed comes back; the request parser stands U+FFFD in for a NUL sent.
    assert shown == name.replace("\x00", "\ufffd"), shown
    assert field_value(form, "email") == email
    assert account_row(db, email) is None, "nothing stored"
    assert db.execute("SELECT COUNT(*) FROM account WHERE name LIKE ?", ("Anna%Berg",)).fetchone()[0] == 0


def test_signup_trims_no_break_spaces_around_the_name(anon, db):
    email = fresh_email("nbsp")
    assert anon.get("/konto/ny").status == 200
    r = anon.post("/konto/ny", {"name": "\u00a0 Nora\u00a0Nbsp \u00a0", "email": email, "password": PASSWORD})
    assert r.status == 303, r
    row = account_row(db, email)
    assert row is not None
    # Only the ends: the no-break space inside the name is the person's own.
    assert row[1] == "Nora\u00a0Nbsp"


def test_a_name_of_the_longest_length_is_kept_whole(server, db):
    """200 characters is the limit in characters, not bytes: 200 two-byte letters are stored and
    shown whole, never cut inside a letter; one more is refused on its field."""
    longest = "Ö" * 200
    email = verified_person(server, db, name=longest)
    assert account_row(db, email)[1] == longest
    assert longest in main_html(signed_in(server, email).get("/konto").text)
    anon = server.client()
    anon.get("/konto/ny")
    r = anon.post("/konto/ny", {"name": longest + "Ö", "email": fresh_email("lang"), "password": PASSWORD})
    assert r.status == 422 and errors_of(r.text) == ["name"]


@pytest.mark.parametrize("name", [pytest.param(p.values[0], id=p.id) for p in BROKEN_NAMES if p.id != "NUL"])
def test_user_add_refuses_a_name_with_control_characters(tmp_path, name):
    # A NUL cannot be passed in an argument at all; C1 characters can.
    db = new_db(tmp_path, "cli-c1")
    run_cli("init", "--db", db)
    p = run_cli("user", "add", "--db", db, "--email", "c1@exempel.se", "--name", name, "--role", "coordinator",
                env={"SAMVERKAN_PASSWORD": PASSWORD}, check=False)
    assert p.returncode != 0, p
    assert "--name" in p.stderr and "control characters" in p.stderr, p.stderr
    assert p.stdout == ""
    assert query(db, "SELECT COUNT(*) FROM account") == [(0,)]


def test_user_add_trims_no_break_spaces_around_the_name(tmp_path):
    db = new_db(tmp_path, "cli-nbsp")
    run_cli("init", "--db", db)
    run_cli("user", "add", "--db", db, "--email", "nbsp@exempel.se", "--name", "\u00a0Nils Nbsp\u00a0\u00a0",
            "--role", "coordinator", env={"SAMVERKAN_PASSWORD": PASSWORD})
    assert query(db, "SELECT name FROM account WHERE email = 'nbsp@exempel.se'") == [("Nils Nbsp",)]
