"""A real municipality set up without the demo, from `samverkan init --municipality` to its first
dialogue: committees, departments, districts with postcodes and an alias from the command line and
from the administration's pages; an official invited by e-mail (through a real SMTP sink) sets a
password, signs in and opens a dialogue; the register comes in from a file; the start page's
"Kom igång" list is then gone, and no page says anything of the demo's municipality."""

import os
import re
import textwrap

import pytest

from conftest import Server, find_form, new_db, org_form_data, page_text, query, run_cli
from smtp_sink import SmtpSink

NAME = "Testby kommun"
ADMIN = "ada@testby.se"
OFFICIAL = "olle@testby.se"
PASSWORD = "testby-kommun-42"
LINK = re.compile(r"https?://[^\s/]+(/konto/personalinbjudan\?token=([A-Za-z0-9_-]+))")
DEMO_WORDS = re.compile(r"Ekerö|Adelsö|Munsö|exempel\.se", re.I)


@pytest.fixture(scope="module")
def testby(workdir):
    db = new_db(workdir, "testby")
    run_cli("init", "--db", db, "--municipality", NAME)
    run_cli("user", "add", "--db", db, "--email", ADMIN, "--name", "Ada Admin", "--role", "admin",
            env={"SAMVERKAN_PASSWORD": PASSWORD})
    sink = SmtpSink().start()
    server = Server(db, workdir, extra=["--smtp-url", sink.url, "--mail-from", "samverkan@testby.se",
                                        "--mail-retry-seconds", "1"])
    yield db, server, sink
    server.stop()
    sink.stop()


def sign_in(server, email):
    c = server.client()
    r = c.login(email, PASSWORD)
    assert r.status == 303, page_text(r.text)[:500]
    c.csrf("/konto")
    return c


def post(client, path, data, expect=303):
    r = client.post(path, data)
    assert r.status == expect, f"POST {path} gave {r.status}: {page_text(r.text)[:800]}"
    return r


def no_demo_words(client, paths):
    for path in paths:
        r = client.get(path)
        assert r.status == 200, (path, r.status)
        found = DEMO_WORDS.search(r.text)
        assert not found, f"{path} says {found.group(0)!r}: ...{r.text[max(0, found.start() - 80):found.end() + 80]}"


def test_from_init_to_the_first_dialogue(testby, workdir):
    db, server, sink = testby

    # A bare database: nothing but the name, and a checklist for its administrator.
    assert query(db, "SELECT COUNT(*) FROM department")[0][0] == 0
    admin = sign_in(server, ADMIN)
    home = admin.get("/").text
    assert "Kom igång" in home and NAME in home

    # The command line: one committee with a department, one district with postcodes, an alias.
    out = run_cli("department", "add", "--db", db, "--code", "kf", "--name", "Kultur- och fritidsförvaltningen",
                  "--committee", "Kultur- och fritidsnämnden", "--email", "kultur@testby.se")
    assert "kf" in out.stdout
    run_cli("district", "add", "--db", db, "Norrö", "--postcodes", "123 45,123 46")
    run_cli("alias", "add", "--db", db, "category", "icnpo1", "Båtklubb")
    listed = run_cli("department", "list", "--db", db).stdout
    assert "Kultur- och fritidsförvaltningen" in listed and "Kultur- och fritidsnämnden" in listed

    # The administration's pages: the second committee, two more departments, three more districts.
    admin.csrf("/admin/namnder")
    post(admin, "/admin/namnder", {"code": "sbn", "name": "Samhällsbyggnadsnämnden"})
    sbn = query(db, "SELECT id FROM committee WHERE code = 'sbn'")[0][0]
    kfn = query(db, "SELECT committee_id FROM department WHERE code = 'kf'")[0][0]
    for code, name, committee in (("sb", "Samhällsbyggnadsförvaltningen", sbn), ("fritid", "Fritidsgårdarna", kfn)):
        post(admin, "/admin/forvaltningar", {"code": code, "name": name, "committee_id": str(committee),
                                             "contact_email": ""})
    for name, postcodes in (("Söderö", "123 47"), ("Västerö", "123 48, 123 49"), ("Österö", "123 50")):
        post(admin, "/admin/omraden", {"name_sv": name, "postcodes": postcodes})

    assert query(db, "SELECT COUNT(*) FROM committee")[0][0] == 2
    assert query(db, "SELECT code FROM department ORDER BY code") == [("fritid",), ("kf",), ("sb",)]
    assert query(db, "SELECT COUNT(*) FROM district")[0][0] == 4
    assert query(db, "SELECT COUNT(*) FROM district_postcode")[0][0] == 6
    assert query(db, "SELECT term_code FROM term_alias WHERE taxonomy = 'category' AND alias = 'Båtklubb'") == [
        ("icnpo1",)]
    # Each change is in the audit log, whichever way it came.
    actions = {(e, a) for e, a in query(db, "SELECT entity, action FROM audit_log")}
    assert {("committee", "create"), ("department", "create"), ("term_alias", "create")} <= actions

    # An official invited by e-mail chooses a password and signs in.
    kf = query(db, "SELECT id FROM department WHERE code = 'kf'")[0][0]
    form = dict(find_form(admin.get("/admin/konton/bjud-in").text, "/admin/konton/bjud-in")["fields"])
    form.update(email=OFFICIAL, role="official", department=str(kf))
    post(admin, "/admin/konton/bjud-in", form)
    (mail,) = sink.wait_to(OFFICIAL)
    assert NAME in mail["Subject"]
    assert not DEMO_WORDS.search(mail.part("text/plain"))
    path, token = LINK.search(mail.part("text/plain")).groups()
    newcomer = server.client()
    assert newcomer.get(path).status == 200
    r = post(newcomer, "/konto/personalinbjudan", {"token": token, "name": "Olle Officiell", "password": PASSWORD},
             expect=200)
    assert query(db, "SELECT role, department_id FROM account WHERE email = ?", (OFFICIAL,)) == [("official", kf)]

    official = sign_in(server, OFFICIAL)
    r = official.get("/dialoger/ny")
    assert r.status == 200
    data = org_form_data(find_form(r.text, "/dialoger/ny"))
    data.update(title="Hur ska bryggorna på Norrö användas?", question="Vad behöver föreningarna?",
                background="", can_influence="Tider och platser.", cannot_influence="Budgeten.",
                skr_level="dialog", coe_level="dialogue", decision_stage="drafting", department_id=str(kf))
    r = post(official, "/dialoger/ny", data)
    did = int(re.match(r"^/dialoger/(\d+)", r.header("location")).group(1))
    assert query(db, "SELECT department_id, created_by FROM dialogue WHERE id = ?", (did,)) == [
        (kf, query(db, "SELECT id FROM account WHERE email = ?", (OFFICIAL,))[0][0])]

    # The register comes in from the association register's own file; a postcode places one.
    path_csv = os.path.join(workdir, "testby-register.csv")
    with open(path_csv, "w", encoding="utf-8-sig", newline="") as f:
        f.write(textwrap.dedent("""\
            Föreningsnamn;Org.nr;Typ;Kategori;Adress;Postnummer;Postort\r
            Norrö båtklubb;802000-1239;Ideell förening;Båtklubb;Hamnvägen 2;123 45;Norrö\r
            Grannsamverkan Söderö;;informell grupp/nätverk;;;;\r
            """))
    out = run_cli("import", "organisations", path_csv, "--db", db)
    assert "created 2" in out.stdout, out.stdout
    assert query(db, "SELECT o.name, d.district_code, c.category_code FROM organisation o "
                     "LEFT JOIN organisation_district d ON d.organisation_id = o.id "
                     "LEFT JOIN organisation_category c ON c.organisation_id = o.id ORDER BY o.name") == [
        ("Grannsamverkan Söderö", None, None), ("Norrö båtklubb", "norro", "icnpo1")]

    # Everything on the list is done, so the list is gone.
    home = admin.get("/").text
    assert "Kom igång" not in home

    # Nothing anywhere speaks of the demo's municipality.
    no_demo_words(server.client(), ["/", "/tillganglighet", "/organisationer", "/dialoger",
                                    "/dialoger.atom", "/statistik/aterkoppling", "/logga-in", "/konto/ny"])
    no_demo_words(admin, ["/", "/admin", "/admin/kommun", "/admin/namnder", "/admin/forvaltningar",
                          "/admin/omraden", "/admin/kategorier", "/admin/konton", "/admin/konton/bjud-in"])
    no_demo_words(official, ["/arbetsko", "/dialoger/ny", f"/dialoger/{did}", f"/dialoger/{did}/inbjudningar",
                             "/organisationer/oklassificerade", "/organisationer/ny"])
