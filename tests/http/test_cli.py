"""The command line: exit codes and help, the deterministic demo, import all-or-nothing with line
numbers, the export without personal data and its round trip through the import, and a database
from a newer program refused.

Runs the real program ($SAMVERKAN) on databases of the store under test: files in pytest's
tmp_path, or fresh databases on the session's PostgreSQL server (SAMVERKAN_STORE=postgresql).
The tests read only the plain tables (the SQLite full-text index uses samverkan's own tokenizer)."""

import csv
import io
import json
import os

import pytest

from conftest import REPO, Database, db_exists, is_pg_url, missing_db, months_ago, new_db, query, reset_db, run_cli

DATA = os.path.join(REPO, "tests", "data")
BAD_CSV = os.path.join(DATA, "organisations-bad.csv")
SV_CSV = os.path.join(DATA, "organisations-excel-sv.csv")

COMMANDS = [
    ["init"],
    ["serve"],
    ["demo"],
    ["import", "organisations"],
    ["export", "organisations"],
    ["user", "add"],
    ["user", "list"],
]


def dump(db):
    """What the demo decides: every organisation's fields, codes and contact persons, in id order."""
    orgs = query(db, "SELECT id, name, org_number, legal_form, description, website, email, phone, public "
                     "FROM organisation ORDER BY id")
    links = query(db, "SELECT organisation_id, 'c', category_code FROM organisation_category UNION ALL "
                      "SELECT organisation_id, 't', target_group_code FROM organisation_target_group UNION ALL "
                      "SELECT organisation_id, 'd', district_code FROM organisation_district ORDER BY 1, 2, 3")
    contacts = query(db, "SELECT organisation_id, name, role, email, phone FROM contact_person ORDER BY id")
    return orgs, links, contacts


@pytest.fixture(scope="module")
def demo_small(tmp_path_factory):
    """A demo database of 120 organisations, shared by the read-only tests of this file."""
    db = new_db(tmp_path_factory.mktemp("cli"), "demo")
    run_cli("demo", "--db", db, "--organisations", "120")
    return db


# --------------------------------------------------------------------------------------------
# Exit codes and help


def test_unknown_command_exits_2():
    p = run_cli("frobnicate", check=False)
    assert p.returncode == 2
    assert "unknown command" in p.stderr


def test_no_command_exits_2_with_usage():
    p = run_cli(check=False)
    assert p.returncode == 2
    assert "usage" in p.stderr


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_bad_flag_exits_2_with_message(cmd, tmp_path):
    db = missing_db(tmp_path, "x")
    p = run_cli(*cmd, "--no-such-flag", "--db", db, check=False)
    assert p.returncode == 2, p.stderr
    assert "unknown option '--no-such-flag'" in p.stderr
    assert "--help" in p.stderr
    assert not db_exists(db), "a usage error must not create the database"


@pytest.mark.parametrize("cmd", COMMANDS, ids=" ".join)
def test_help_exits_0(cmd):
    p = run_cli(*cmd, "--help", check=False)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("usage: samverkan " + " ".join(cmd))


def test_missing_flag_value_exits_2(tmp_path):
    p = run_cli("demo", "--organisations", check=False)
    assert p.returncode == 2
    assert "needs a value" in p.stderr


@pytest.mark.parametrize("value", ["many", "-1", "12x", "100000000"])
def test_demo_refuses_a_bad_count(value, tmp_path):
    p = run_cli("demo", "--db", missing_db(tmp_path, "d"), "--organisations", value, check=False)
    assert p.returncode == 2
    assert value in p.stderr


# --------------------------------------------------------------------------------------------
# demo


def test_demo_is_the_same_every_time(tmp_path, demo_small):
    a, b = new_db(tmp_path, "a"), new_db(tmp_path, "b")
    run_cli("demo", "--db", a, "--organisations", "120")
    first = dump(a)
    assert len(first[0]) == 120

    # Again on a file that has organisations: refused, and nothing changes.
    p = run_cli("demo", "--db", a, "--organisations", "120", check=False)
    assert p.returncode == 1
    assert "already has 120 organisations" in p.stderr
    assert dump(a) == first

    # The same database made again, another one, and the module's database: all alike.
    reset_db(a)
    run_cli("demo", "--db", a, "--organisations", "120")
    run_cli("demo", "--db", b, "--organisations", "120")
    assert dump(a) == first
    assert dump(b) == first
    assert dump(demo_small) == first


def test_demo_register_is_believable(demo_small):
    db = demo_small
    numbers = [n for (n,) in query(db, "SELECT org_number FROM organisation WHERE org_number IS NOT NULL")]
    assert len(numbers) == len(set(numbers)), "organisation numbers are unique"
    assert all(n.startswith("8") and len(n) == 11 and n[6] == "-" for n in numbers)
    total = query(db, "SELECT COUNT(*) FROM organisation")[0][0]
    assert 0 < total - len(numbers) < total // 3, "some informal groups have no number"
    hidden = query(db, "SELECT COUNT(*) FROM organisation WHERE public = 0")[0][0]
    assert 0 < hidden < total // 4
    overdue = query(db, "SELECT COUNT(*) FROM organisation WHERE confirmed_at < ?", (months_ago(15)[:10],))[0][0]
    assert overdue > 0, "the list of organisations to remind has content"
    districts = {c for (c,) in query(db, "SELECT DISTINCT district_code FROM organisation_district")}
    assert districts == {"adelso", "munso", "ekeron", "faringso", "lovo", "karson", "helgo"}
    assert query(db, "SELECT COUNT(*) FROM organisation o WHERE NOT EXISTS "
                     "(SELECT 1 FROM contact_person c WHERE c.organisation_id = o.id)")[0][0] == 0
    departments = {c for (c,) in query(db, "SELECT code FROM department")}
    assert {"kommunledning", "kultur-fritid", "barn-utbildning", "social", "miljo-bygg"} <= departments
    accounts = dict(query(db, "SELECT email, role FROM account"))
    assert accounts == {"admin@exempel.se": "admin", "samordnare@exempel.se": "coordinator",
                        "tjansteperson@exempel.se": "official", "foretradare@exempel.se": "representative"}
    assert sorted(r for (r,) in query(db, "SELECT organisation_id FROM representative")) == [1, 2]
    assert query(db, "SELECT d.code FROM account a JOIN department d ON d.id = a.department_id "
                     "WHERE a.email = 'tjansteperson@exempel.se'") == [("kultur-fritid",)]


def test_demo_prints_the_accounts(tmp_path):
    p = run_cli("demo", "--db", new_db(tmp_path, "d"), "--organisations", "3")
    for email in ("admin@exempel.se", "samordnare@exempel.se", "tjansteperson@exempel.se", "foretradare@exempel.se"):
        assert email in p.stdout
    assert "samverkan-demo" in p.stdout


# --------------------------------------------------------------------------------------------
# export


def personal_data(db):
    """Every contact person's name and e-mail address in the database."""
    values = set()
    for name, email in query(db, "SELECT name, email FROM contact_person"):
        values.add(name)
        if email:
            values.add(email)
    assert len(values) > 100
    return values


def test_export_json_is_the_public_register_without_personal_data(demo_small):
    p = run_cli("export", "organisations", "--db", demo_small, "--format", "json")
    items = json.loads(p.stdout)
    public = {i for (i,) in query(demo_small, "SELECT id FROM organisation WHERE public = 1")}
    assert {item["id"] for item in items} == public
    assert set(items[0]) >= {"id", "name", "org_number", "legal_form", "description", "categories",
                             "target_groups", "districts"}
    leaked = [v for v in personal_data(demo_small) if v in p.stdout]
    assert not leaked, f"contact persons in the export: {leaked[:5]}"


def test_export_csv_has_no_personal_data(demo_small):
    p = run_cli("export", "organisations", "--db", demo_small)
    leaked = [v for v in personal_data(demo_small) if v in p.stdout]
    assert not leaked, f"contact persons in the export: {leaked[:5]}"
    rows = list(csv.reader(io.StringIO(p.stdout, newline="")))
    assert rows[0] == ["name", "org_number", "legal_form", "categories", "target_groups", "districts",
                       "description", "website", "email", "phone", "street", "postcode", "city",
                       "postal_street", "postal_postcode", "postal_city"]
    hidden = {n for (n,) in query(demo_small, "SELECT name FROM organisation WHERE public = 0")}
    assert hidden and not hidden & {r[0] for r in rows[1:]}


def test_export_csv_imports_into_a_fresh_database(demo_small, tmp_path):
    out = str(tmp_path / "register.csv")
    run_cli("export", "organisations", "--db", demo_small, "--output", out)
    fresh = new_db(tmp_path, "fresh")
    # An empty register with the municipality's districts.
    run_cli("demo", "--db", fresh, "--organisations", "0")
    p = run_cli("import", "organisations", out, "--db", fresh)
    want = query(demo_small, "SELECT name, org_number, legal_form, description FROM organisation "
                             "WHERE public = 1 ORDER BY name, org_number")
    got = query(fresh, "SELECT name, org_number, legal_form, description FROM organisation ORDER BY name, org_number")
    assert got == want
    assert f"imported {len(want)} (created {len(want)}, updated 0, unchanged 0), skipped 0" in p.stdout
    codes = "SELECT o.name, k.category_code FROM organisation o JOIN organisation_category k " \
            "ON k.organisation_id = o.id WHERE o.public = 1 ORDER BY 1, 2"
    assert query(fresh, codes) == query(demo_small, codes)

    # The export read back into the database it came from changes nothing and keeps contacts.
    before = dump(demo_small)
    p = run_cli("import", "organisations", out, "--db", demo_small)
    assert f"(created 0, updated 0, unchanged {len(want)})" in p.stdout
    assert dump(demo_small) == before


def test_export_refuses_an_unknown_format(demo_small):
    p = run_cli("export", "organisations", "--db", demo_small, "--format", "xml", check=False)
    assert p.returncode == 2
    assert "unknown format 'xml'" in p.stderr


# --------------------------------------------------------------------------------------------
# import


@pytest.fixture
def empty_db(tmp_path):
    db = new_db(tmp_path, "empty")
    run_cli("demo", "--db", db, "--organisations", "0")
    return db


def org_count(db):
    return query(db, "SELECT COUNT(*) FROM organisation")[0][0]


def test_import_of_a_bad_file_lists_lines_and_imports_nothing(empty_db):
    p = run_cli("import", "organisations", BAD_CSV, "--db", empty_db, check=False)
    assert p.returncode == 1
    lines = [l for l in p.stderr.splitlines() if l.startswith(BAD_CSV + ":")]
    assert len(lines) == 2, p.stderr
    assert lines[0].startswith(BAD_CSV + ":3: organisationsnummer: ")
    assert lines[1].startswith(BAD_CSV + ":5: namn: ")
    assert "nothing was imported" in p.stderr
    assert org_count(empty_db) == 0


def test_import_skip_invalid_imports_the_rest(empty_db):
    p = run_cli("import", "organisations", BAD_CSV, "--db", empty_db, "--skip-invalid")
    assert "imported 4 (created 4, updated 0, unchanged 0), skipped 2" in p.stdout
    assert ":3: organisationsnummer:" in p.stderr
    assert org_count(empty_db) == 4


def test_import_dry_run_changes_nothing(empty_db):
    p = run_cli("import", "organisations", SV_CSV, "--db", empty_db, "--dry-run")
    assert "would import 8 (created 8, updated 0, unchanged 0), skipped 0" in p.stdout
    assert org_count(empty_db) == 0


def test_reimport_updates(empty_db):
    run_cli("import", "organisations", SV_CSV, "--db", empty_db)
    p = run_cli("import", "organisations", SV_CSV, "--db", empty_db)
    assert "imported 8 (created 0, updated 0, unchanged 8), skipped 0" in p.stdout
    assert org_count(empty_db) == 8


def planned_organisation_rows(db):
    """How many organisation rows the query planner believes there are (its statistics)."""
    if is_pg_url(db):
        return query(db, "SELECT reltuples FROM pg_class WHERE relname = 'organisation'")[0][0]
    rows = query(db, "SELECT stat FROM sqlite_stat1 WHERE tbl = 'organisation' AND stat IS NOT NULL")
    return max((int(stat.split()[0]) for (stat,) in rows), default=0)


def test_a_bulk_import_refreshes_the_planners_statistics(empty_db, tmp_path):
    """Plans made for an empty register are wrong for a full one: after a demo or a large import
    the statistics know the rows (SQLite has none until ANALYZE; PostgreSQL's autovacuum is late)."""
    assert planned_organisation_rows(empty_db) < 10
    path = tmp_path / "many.csv"
    path.write_text("namn;organisationsform;verksamhet\n" +
                    "".join(f"Statistikföreningen {n};ideell förening;Idrott\n" for n in range(300)), encoding="utf-8")
    run_cli("import", "organisations", str(path), "--db", empty_db)
    assert planned_organisation_rows(empty_db) >= 300


def test_import_names_an_unknown_column_once_and_leaves_it_out(empty_db, tmp_path):
    f = tmp_path / "odd.csv"
    f.write_text("namn;färg\nEkerö IF;blå\n", encoding="utf-8")
    p = run_cli("import", "organisations", str(f), "--db", empty_db)
    assert p.stderr.count("warning") == 1, p.stderr
    assert f'{f}:1: warning: These columns are not ones we know and were left out: "färg".' in p.stderr
    assert "organisationsnummer" in p.stderr, "the accepted names are listed"
    assert query(empty_db, "SELECT name, legal_form FROM organisation") == [("Ekerö IF", "informell_grupp")]


def test_import_needs_a_file(empty_db, tmp_path):
    p = run_cli("import", "organisations", "--db", empty_db, check=False)
    assert p.returncode == 2
    p = run_cli("import", "organisations", str(tmp_path / "missing.csv"), "--db", empty_db, check=False)
    assert p.returncode == 1
    assert "missing.csv" in p.stderr


def test_import_messages_follow_samverkan_lang(empty_db):
    p = run_cli("import", "organisations", BAD_CSV, "--db", empty_db, check=False, env={"SAMVERKAN_LANG": "sv"})
    assert p.returncode == 1
    assert ":5: namn: " in p.stderr


def test_no_progress_bar_when_stderr_is_not_a_terminal(empty_db):
    p = run_cli("import", "organisations", SV_CSV, "--db", empty_db)
    assert "\r" not in p.stderr and "[" not in p.stderr


# --------------------------------------------------------------------------------------------
# schema


def test_user_add_keeps_a_name_in_one_spelling_and_refuses_broken_text(empty_db):
    run_cli("user", "add", "--db", empty_db, "--email", "orjan@exempel.se", "--name", "O\u0308rjan A\u030angstro\u0308m",
            "--role", "official", "--department", "kultur-fritid", env={"SAMVERKAN_PASSWORD": "ett-langt-losen-42"})
    assert query(empty_db, "SELECT name FROM account WHERE email = 'orjan@exempel.se'") == [("Örjan Ångström",)]
    # Not UTF-8 (a Latin-1 terminal): a message and exit 2, no account.
    p = run_cli("user", "add", "--db", empty_db, "--email", "latin@exempel.se", "--name", "\udcd6rjan", "--role",
                "official", "--department", "kultur-fritid", env={"SAMVERKAN_PASSWORD": "ett-langt-losen-42"},
                check=False)
    assert p.returncode == 2 and "not valid UTF-8" in p.stderr, p
    assert query(empty_db, "SELECT COUNT(*) FROM account WHERE email = 'latin@exempel.se'") == [(0,)]


def test_user_list_prints_every_account_in_id_order(tmp_path):
    """More accounts than the command reads at a time (200), disabled ones too: one line each, as
    stored, in id order."""
    db = new_db(tmp_path, "many-users")
    run_cli("init", "--db", db)
    with Database(db, writable=True) as w:
        for i in range(205):
            w.execute("INSERT INTO account (email, name, password_hash, role, disabled, created_at) VALUES "
                      "(?, ?, 'x', ?, ?, '2026-01-01T00:00:00Z')",
                      (f"lista-{i:03d}@exempel.se", f"Lista Person {i:03d}", "person" if i % 2 else "official",
                       1 if i % 7 == 0 else 0))
    p = run_cli("user", "list", "--db", db)
    rows = query(db, "SELECT id, email, role, name FROM account ORDER BY id")
    assert len(rows) == 205
    assert p.stdout.splitlines() == ["\t".join(str(v) for v in row) for row in rows]


def test_a_newer_schema_is_refused(tmp_path):
    db = new_db(tmp_path, "newer")
    run_cli("init", "--db", db)
    with Database(db, writable=True) as conn:
        conn.execute("UPDATE schema_version SET version = 999")
    p = run_cli("init", "--db", db, check=False)
    assert p.returncode != 0
    assert "newer" in p.stderr
    assert query(db, "SELECT version FROM schema_version") == [(999,)]
