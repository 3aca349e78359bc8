"""Setting a municipality up from the command line, on a database made by `init` alone: departments
(with their committees), districts with postcodes and aliases, each printed and stored exactly, and
then `user add --department CODE`; refusals say what is wrong and exit non-zero. An alias added on
the command line then works in the register's filter, the API and search, and is listed on
/admin/kategorier."""

import json
import urllib.parse

import pytest

from conftest import COORDINATOR, DEMO_PASSWORD, Database, api_all, new_db, org_ids, page_text, query, run_cli

PASSWORD_ENV = {"SAMVERKAN_PASSWORD": "ett-langt-losen-42"}


@pytest.fixture
def init_db(tmp_path):
    db = new_db(tmp_path, "init-only")
    run_cli("init", "--db", db)
    return db


def cli(db, *args, **kw):
    return run_cli(*args[:2], "--db", db, *args[2:], **kw)


def test_a_municipality_set_up_from_init(init_db):
    db = init_db
    assert query(db, "SELECT COUNT(*) FROM department") == [(0,)]
    p = cli(db, "department", "add", "--code", "kultur-fritid", "--name", "Kultur- och fritidsförvaltningen",
            "--committee", "Kultur- och fritidsnämnden", "--email", "kultur@testby.se")
    assert p.stdout == ("added department kultur-fritid: Kultur- och fritidsförvaltningen "
                        "(committee: Kultur- och fritidsnämnden)\n")
    p = cli(db, "department", "add", "--code", "social", "--name", "Socialförvaltningen", "--committee", "Socialnämnden")
    assert p.stdout == "added department social: Socialförvaltningen (committee: Socialnämnden)\n"
    # The same committee by name, in other letters' case: found, not made twice.
    p = cli(db, "department", "add", "--code", "bibliotek", "--name", "Biblioteken", "--committee",
            "kultur- och fritidsnämnden")
    assert p.stdout == "added department bibliotek: Biblioteken (committee: kultur- och fritidsnämnden)\n"
    p = cli(db, "department", "add", "--code", "KS", "--name", "Kommunledningskontoret")
    assert p.stdout == "added department KS: Kommunledningskontoret\n"
    assert query(db, "SELECT code, name, retired_at FROM committee ORDER BY id") == [
        ("kultur-och-fritidsnamnden", "Kultur- och fritidsnämnden", None), ("socialnamnden", "Socialnämnden", None)]
    p = cli(db, "department", "list")
    assert p.stdout == ("bibliotek\tBiblioteken\tKultur- och fritidsnämnden\t-\tin use\n"
                        "KS\tKommunledningskontoret\t-\t-\tin use\n"
                        "kultur-fritid\tKultur- och fritidsförvaltningen\tKultur- och fritidsnämnden\tkultur@testby.se\tin use\n"
                        "social\tSocialförvaltningen\tSocialnämnden\t-\tin use\n")

    p = cli(db, "district", "add", "Adelsö", "--postcodes", "178 92,178 93")
    assert p.stdout == "added district adelso: Adelsö (postcodes 178 92, 178 93)\n"
    p = cli(db, "district", "add", "Färingsö", "--postcodes", "SE-179 75; 17976")
    assert p.stdout == "added district faringso: Färingsö (postcodes 179 75, 179 76)\n"
    p = cli(db, "district", "add", "Ekerö tätort")
    assert p.stdout == "added district ekero-tatort: Ekerö tätort\n"
    assert cli(db, "district", "list").stdout == ("adelso\tAdelsö\t178 92, 178 93\tin use\n"
                                                 "faringso\tFäringsö\t179 75, 179 76\tin use\n"
                                                 "ekero-tatort\tEkerö tätort\t-\tin use\n")
    assert query(db, "SELECT postcode, district_code FROM district_postcode ORDER BY postcode") == [
        ("17892", "adelso"), ("17893", "adelso"), ("17975", "faringso"), ("17976", "faringso")]

    p = cli(db, "alias", "add", "category", "icnpo4", "Pensionärsförening x")
    assert p.stdout == 'alias "Pensionärsförening x" means category icnpo4 (Social trygghet)\n'
    p = cli(db, "alias", "add", "legal_form", "Ideell förening", "Idéburen förening")
    assert p.stdout == 'alias "Idéburen förening" means legal_form ideell_forening (Ideell förening)\n'
    assert query(db, "SELECT taxonomy, alias_key, alias, term_code FROM term_alias WHERE alias IN "
                     "('Pensionärsförening x', 'Idéburen förening') ORDER BY taxonomy") == [
        ("category", "pensionärsföreningx", "Pensionärsförening x", "icnpo4"),
        ("legal_form", "idéburenförening", "Idéburen förening", "ideell_forening")]

    p = cli(db, "user", "add", "--email", "handlaggare@testby.se", "--name", "Hanna Handläggare", "--role", "official",
            "--department", "kultur-fritid", env=PASSWORD_ENV)
    assert p.stdout == "added user 1 <handlaggare@testby.se> as official\n"
    assert query(db, "SELECT a.role, d.code FROM account a JOIN department d ON d.id = a.department_id") == [
        ("official", "kultur-fritid")]
    # Each change is in the audit log, made from the command line (no account).
    entities = query(db, "SELECT entity, action, COUNT(*) FROM audit_log WHERE account_id IS NULL "
                         "AND entity IN ('committee', 'department', 'district', 'term_alias') "
                         "GROUP BY entity, action ORDER BY entity")
    assert entities == [("committee", "create", 2), ("department", "create", 4), ("district", "create", 3),
                        ("term_alias", "create", 2)]


def test_refusals_say_what_is_wrong_and_exit_non_zero(init_db):
    db = init_db
    cli(db, "department", "add", "--code", "social", "--name", "Socialförvaltningen")
    cli(db, "district", "add", "Munsö", "--postcodes", "178 91")

    def refused(code, *args, **kw):
        p = cli(db, *args, check=False, **kw)
        assert p.returncode == code, p
        assert p.stdout == ""
        return p.stderr

    assert refused(2, "department", "add", "--code", "x") == (
        "samverkan department add: --code and --name are required\nTry 'samverkan department add --help'.\n")
    assert refused(1, "department", "add", "--code", "SOCIAL", "--name", "Ny") == (
        "samverkan department add: --code: Another department already has this code; choose another.\n")
    assert refused(1, "department", "add", "--code", "a b", "--name", "Ny", "--email", "inte") == (
        "samverkan department add: --code: Write the code with the letters a–z or A–Z, digits and '-' only, "
        "starting with a letter or digit.\n"
        "samverkan department add: --email: Enter a valid e-mail address, like name@example.se.\n")
    # A refused department with a new committee leaves no committee behind.
    assert refused(1, "department", "add", "--code", "social", "--name", "Ny", "--committee", "Nya nämnden") == (
        "samverkan department add: --code: Another department already has this code; choose another.\n")
    assert query(db, "SELECT COUNT(*) FROM committee") == [(0,)]
    assert refused(1, "district", "add", "Adelsö", "--postcodes", "178 92, 17891") == (
        "samverkan district add: --postcodes: The postcode 178 91 is already in the district Munsö; "
        "remove it there first.\n")
    assert refused(1, "district", "add", "Adelsö", "--postcodes", "1789") == (
        "samverkan district add: --postcodes: \"1789\" is not a postcode: write five digits, like 178 92.\n")
    assert refused(2, "district", "add") == (
        "samverkan district add: give the district's name\nTry 'samverkan district add --help'.\n")
    assert refused(2, "alias", "add", "colour", "icnpo4", "x").startswith(
        "samverkan alias add: unknown KIND 'colour' (category, target_group or legal_form)\n")
    assert refused(1, "alias", "add", "category", "socialtjanst", "x") == (
        "samverkan alias add: no category 'socialtjanst'; did you mean icnpo4 (Social trygghet)\n")
    assert refused(1, "alias", "add", "category", "icnpo5", "Idrott") == (
        "samverkan alias add: That word already means another term in this list; remove it there first.\n")
    assert refused(1, "user", "add", "--email", "x@testby.se", "--name", "X", "--role", "official", "--department",
                   "kultur", env=PASSWORD_ENV) == (
        "samverkan user add: no department with code 'kultur' (see 'samverkan department list')\n")
    with Database(db, writable=True) as w:
        w.execute("UPDATE department SET retired_at = '2026-01-01T00:00:00Z' WHERE code = 'social'")
    assert refused(1, "user", "add", "--email", "x@testby.se", "--name", "X", "--role", "official", "--department",
                   "social", env=PASSWORD_ENV) == (
        "samverkan user add: the department 'social' is retired; choose one in use\n")
    # Nothing of the refused commands was stored.
    assert query(db, "SELECT code FROM department") == [("social",)]
    assert query(db, "SELECT code FROM district") == [("munso",)]
    assert query(db, "SELECT COUNT(*) FROM account") == [(0,)]
    assert query(db, "SELECT COUNT(*) FROM term_alias WHERE alias = 'x'") == [(0,)]


# ---- An alias at work -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory, server_factory):
    db = new_db(tmp_path_factory.mktemp("alias"), "alias-demo")
    run_cli("demo", "--db", db)
    return server_factory(db=db), db


def register_ids(client, query_string):
    """Every organisation the register lists for a query, following its pages."""
    ids, page = [], 1
    while True:
        r = client.get(f"/organisationer?{query_string}&page={page}")
        assert r.status == 200, r
        found = [i for i in org_ids(r.text) if i not in ids]
        if not found:
            return ids
        ids.extend(found)
        page += 1


def test_an_alias_from_the_command_line_works_in_the_filter_the_api_and_the_admin_page(demo_site):
    server, db = demo_site
    alias = "Pensionärsförening x"
    cli(db, "alias", "add", "category", "icnpo4", alias)
    anon = server.client()
    by_code = register_ids(anon, "category=icnpo4")
    assert by_code, "the demo has organisations in icnpo4"
    assert register_ids(anon, "category=" + urllib.parse.quote(alias)) == by_code
    assert register_ids(anon, "category=" + urllib.parse.quote("PENSIONÄRSFÖRENING-X")) == by_code
    api_code, total = api_all(anon, "category=icnpo4")
    api_alias, total_alias = api_all(anon, "category=" + urllib.parse.quote(alias))
    assert [o["id"] for o in api_alias] == [o["id"] for o in api_code] and total_alias == total
    c = server.client()
    assert c.login(COORDINATOR, DEMO_PASSWORD).status == 303
    text = page_text(c.get("/admin/kategorier").text)
    assert "Social trygghet icnpo4" in text and alias in text


def test_searching_for_a_categorys_alias_finds_the_organisations_in_it(demo_site):
    """"Idrott" is an alias of icnpo1: the search finds every public organisation classified so,
    whether or not its own text says "Idrott"."""
    server, db = demo_site
    anon = server.client()
    in_category = {i for i, in query(db, "SELECT o.id FROM organisation o JOIN organisation_category c "
                                         "ON c.organisation_id = o.id WHERE o.public = 1 AND c.category_code = 'icnpo1'")}
    assert in_category
    found, _ = api_all(anon, "q=Idrott")
    assert in_category <= {o["id"] for o in found}
    # A word that is no term's name or alias is only a word.
    plain, _ = api_all(anon, "q=Blomsterkransen")
    assert not in_category <= {o["id"] for o in plain}
