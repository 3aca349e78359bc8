"""The municipality's own profile (/admin/kommun, `init --municipality`): the site names itself after
it in the header, the title, the feeds, its e-mail and the accessibility statement, and a database
made without the demo says nothing of the demo's municipality. The start page's "Kom igång" list
tells the first administrator what to set up, and goes away when it is done."""

import itertools
import json
import re

import pytest

from conftest import (
    Database,
    create_org,
    find_form,
    new_db,
    page_text,
    query,
    run_cli,
)
from smtp_sink import SmtpSink

NAME = "Testby kommun"
PASSWORD = "kommun-test-42"
ADMIN = "ada@testby.se"
COORDINATOR = "sam@testby.se"
_seq = itertools.count(1)

PUBLIC_PAGES = ("/", "/tillganglighet", "/organisationer", "/dialoger", "/dialoger.atom", "/svar.atom")


def add_user(db, email, role, department=None):
    args = ["user", "add", "--db", db, "--email", email, "--name", email.split("@")[0].title(), "--role", role]
    if department:
        args += ["--department", department]
    run_cli(*args, env={"SAMVERKAN_PASSWORD": PASSWORD})


def sign_in(server, email):
    c = server.client()
    r = c.login(email, PASSWORD)
    assert r.status == 303, page_text(r.text)[:500]
    c.csrf("/konto")
    return c


def fresh(workdir, *init_args):
    db = new_db(workdir, f"kommun-{next(_seq)}")
    run_cli("init", "--db", db, *init_args)
    return db


@pytest.fixture(scope="module")
def town(workdir, server_factory):
    """A database made by `init --municipality "Testby kommun"`, an administrator and a
    coordinator added on the command line, and its server."""
    db = fresh(workdir, "--municipality", NAME)
    add_user(db, ADMIN, "admin")
    add_user(db, COORDINATOR, "coordinator")
    return db, server_factory(db)


def settings(db):
    return dict(query(db, "SELECT name, value FROM setting WHERE name LIKE 'municipality.%'"))


# --------------------------------------------------------------------------------------------
# init


def test_init_sets_the_name_audited_and_without_it_leaves_it_unset(workdir, server_factory):
    db = fresh(workdir, "--municipality", "  Norrby kommun ")
    assert settings(db) == {"municipality.name": "Norrby kommun"}
    ((action, detail),) = query(db, "SELECT action, detail FROM audit_log WHERE entity = 'setting'")
    assert action == "municipality"
    assert json.loads(detail) == {"name": {"from": "", "to": "Norrby kommun"}}

    bare = fresh(workdir)
    assert settings(bare) == {}
    r = server_factory(bare).client().get("/")
    assert r.status == 200
    assert '<a class="brand" href="/">samverkan</a>' in r.text
    assert re.search(r"<title>[^<]* – samverkan</title>", r.text)

    bad = run_cli("init", "--db", fresh(workdir), "--municipality", " ", check=False)
    assert bad.returncode == 2 and "--municipality" in bad.stderr


# --------------------------------------------------------------------------------------------
# Everywhere the site names itself


def test_a_fresh_database_names_the_municipality_and_nothing_of_the_demo(town):
    db, server = town
    anon = server.client()
    for path in PUBLIC_PAGES:
        r = anon.get(path)
        assert r.status == 200, path
        assert NAME in r.text, path
        for word in ("Ekerö", "exempel"):
            assert word.lower() not in r.text.lower(), f"{path} says {word!r}"
    home = anon.get("/")
    assert f'<a class="brand" href="/">{NAME}</a>' in home.text
    assert re.search(rf"<title>[^<]* – {NAME}</title>", home.text)
    feed = anon.get("/dialoger.atom").text
    assert f"<author><name>{NAME}</name></author>" in feed
    assert re.search(rf"<title>[^<]+ – {NAME}</title>", feed)


def test_the_checklist_guides_the_first_administrator_and_goes_when_done(workdir, server_factory):
    db = fresh(workdir)
    add_user(db, "first@testby.se", "admin")
    server = server_factory(db)
    admin = sign_in(server, "first@testby.se")

    def checklist():
        r = admin.get("/")
        assert r.status == 200
        m = re.search(r'<section class="setup".*?</section>', r.text, re.S)
        return m.group(0) if m else None

    box = checklist()
    assert box and "Kom igång" in box
    for href in ("/admin/kommun", "/admin/forvaltningar", "/admin/omraden", "/admin/konton/bjud-in"):
        assert f'href="{href}"' in box
    assert "samverkan import organisations FIL" in box
    assert box.count('class="todo"') == 5 and 'class="done"' not in box
    assert "Kom igång" not in server.client().get("/").text, "only administrators see the list"

    # Each item is checked off as it is done.
    r = admin.post("/admin/kommun", {**profile_form(admin), "name": "Listby kommun"})
    assert r.status == 303
    assert checklist().count('class="done"') == 1
    w = Database(db, writable=True)
    try:
        w.execute("INSERT INTO committee (code, name) VALUES ('ks', 'Kommunstyrelsen')")
        w.execute("INSERT INTO department (code, name, committee_id) VALUES "
                  "('klf', 'Kommunledningsförvaltningen', (SELECT id FROM committee WHERE code = 'ks'))")
        w.execute("INSERT INTO district (code, name_sv, name_en, sort) VALUES ('norr', 'Norr', 'North', 1)")
    finally:
        w.close()
    assert checklist().count('class="done"') == 3
    create_org(admin, "Listby IF")
    assert checklist().count('class="done"') == 4
    add_user(db, "tove@testby.se", "official", department="klf")
    assert checklist() is None, "the list is gone when everything is done"


# --------------------------------------------------------------------------------------------
# The form


def profile_form(client):
    r = client.get("/admin/kommun")
    assert r.status == 200
    form = find_form(r.text, "/admin/kommun")
    return {k: v for k, v in form["fields"]}


FULL = {
    "name": NAME,
    "org_number": "2120001231",
    "street": "Storgatan 1",
    "postcode": "17892",
    "city": "Testby",
    "email": "Kommun@Testby.se",
    "phone": "08-123 456 78",
    "website": "www.testby.se",
    "case_prefix": "KS",
    "licence": "CC0 1.0",
    "licence_url": "https://creativecommons.org/publicdomain/zero/1.0/",
    "a11y_contact": "tillganglighet@testby.se",
    "a11y_reviewed": "2026-11-30",
    "a11y_shortcomings": "Kartan saknar textversion.\r\nÄldre pdf-filer är inte anpassade.",
}


def test_the_profile_is_saved_audited_and_shown(town):
    db, server = town
    admin = sign_in(server, ADMIN)
    form = profile_form(admin)
    assert form["licence"] == "CC0 1.0"
    assert form["licence_url"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert form["name"] == NAME
    before = query(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'municipality'")[0][0]
    r = admin.post("/admin/kommun", {**form, **FULL})
    assert r.status == 303 and r.header("location") == "/admin/kommun?sparat=1"
    assert "Kommunens uppgifter är sparade." in admin.get("/admin/kommun?sparat=1").text
    stored = settings(db)
    assert stored["municipality.org_number"] == "212000-1231"
    assert stored["municipality.postcode"] == "178 92"
    assert stored["municipality.email"] == "kommun@testby.se"
    assert stored["municipality.website"] == "https://www.testby.se"
    assert stored["municipality.a11y_shortcomings"] == "Kartan saknar textversion.\nÄldre pdf-filer är inte anpassade."
    rows = query(db, "SELECT account_id, detail FROM audit_log WHERE action = 'municipality' ORDER BY id")
    assert len(rows) == before + 1
    account, detail = rows[-1]
    assert account == query(db, "SELECT id FROM account WHERE email = ?", (ADMIN,))[0][0]
    changed = json.loads(detail)
    assert "name" not in changed, "only what changed is in the audit row"
    assert changed["org_number"] == {"from": "", "to": "212000-1231"}

    page = server.client().get("/tillganglighet").text
    assert f"{NAME} vill att så många som möjligt" in page
    assert '<a href="mailto:tillganglighet@testby.se">tillganglighet@testby.se</a>' in page
    assert '<time datetime="2026-11-30">' in page
    assert "<p>Kartan saknar textversion.</p>" in page and "<p>Äldre pdf-filer är inte anpassade.</p>" in page

    # The same again changes nothing and writes no audit row.
    assert admin.post("/admin/kommun", {**form, **FULL}).status == 303
    assert len(query(db, "SELECT id FROM audit_log WHERE action = 'municipality'")) == before + 1

    # The register's downloads name the licence the municipality publishes its open data under.
    other = {**FULL, "licence": "CC BY 4.0", "licence_url": "https://creativecommons.org/licenses/by/4.0/"}
    assert admin.post("/admin/kommun", {**form, **other}).status == 303
    register = server.client().get("/organisationer").text
    assert ('Licens för det öppna registret: <a href="https://creativecommons.org/licenses/by/4.0/" '
            'rel="license">CC BY 4.0</a>') in register
    assert admin.post("/admin/kommun", {**form, **FULL}).status == 303


def test_errors_are_shown_at_their_fields_with_what_was_typed(town):
    db, server = town
    admin = sign_in(server, ADMIN)
    form = profile_form(admin)
    stored = settings(db)
    bad = {**form, "org_number": "212000-1232", "postcode": "1789", "email": "inte en adress",
           "website": "ftp://testby.se", "a11y_reviewed": "30/11/2026", "licence": " ", "name": "x" * 201}
    r = admin.post("/admin/kommun", bad)
    assert r.status == 422
    text = page_text(r.text)
    assert re.search(r"<title>Fel:", r.text)
    for field, message in (("org_number", "Kontrollera organisationsnumret"), ("postcode", "Skriv postnumret"),
                           ("email", "Skriv en giltig e-postadress"), ("website", "Skriv en webbadress"),
                           ("a11y_reviewed", "Skriv datumet som ÅÅÅÅ-MM-DD"), ("licence", "Ange licensen"),
                           ("name", "Korta texten till högst 200 tecken")):
        assert message in text, field
        assert f'href="#{field}"' in r.text, f"the summary links to {field}"
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', r.text), field
    again = find_form(r.text, "/admin/kommun")
    kept = dict(again["fields"])
    assert kept["org_number"] == "212000-1232" and kept["postcode"] == "1789"
    assert kept["email"] == "inte en adress" and kept["a11y_reviewed"] == "30/11/2026"
    assert settings(db) == stored, "nothing was stored"


def test_a_coordinator_sees_the_profile_and_cannot_change_it(town):
    db, server = town
    coordinator = sign_in(server, COORDINATOR)
    r = coordinator.get("/admin/kommun")
    assert r.status == 200
    assert 'action="/admin/kommun"' not in r.text and NAME in r.text
    assert coordinator.post("/admin/kommun", {"name": "Kapad kommun"}).status == 403
    assert "Kapad" not in settings(db).get("municipality.name", "")
    assert server.client().get("/admin/kommun").status == 303, "anonymous visitors are sent to log in"
    admin = sign_in(server, ADMIN)
    assert 'href="/admin/kommun"' in admin.get("/admin").text


def test_the_mail_is_signed_and_sent_by_the_municipality(town, workdir, server_factory):
    db, _ = town
    sink = SmtpSink().start()
    try:
        server = server_factory(db, extra=["--smtp-url", sink.url, "--mail-from", "samverkan@testby.se",
                                           "--mail-retry-seconds", "1"])
        c = server.client()
        c.csrf("/konto/glomt-losenord")
        assert c.post("/konto/glomt-losenord", {"email": ADMIN}).status in (200, 303)
        (got,) = sink.wait_to(ADMIN)
        assert got["From"].addresses[0].display_name == NAME
        assert got["From"].addresses[0].addr_spec == "samverkan@testby.se"
        text = got.part("text/plain").replace("\r\n", "\n")
        assert text.rstrip().endswith(f"-- \n{NAME}")
        assert NAME in got.part("text/html")
    finally:
        sink.stop()
