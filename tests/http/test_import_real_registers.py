"""Bringing in a real register (issue 11): a municipality's semicolon export with a BOM, CRLF,
headings of its own, no category column, legal forms in its own words, organisation numbers in
three spellings and addresses, into a database made by `samverkan init`; the same rows as an
Excel workbook (written here by openpyxl) to the same database state; unknown values with
"did you mean", --map-value and --add-aliases, and the alias in the register's filter and the
API; old .xls files; duplicates; --dry-run line by line."""
import csv
import html
import os
import urllib.parse

import openpyxl
import pytest

from conftest import REPO, Database, new_db, query, run_cli

EXPORT = os.path.join(REPO, "tests", "data", "forening-register-export.csv")
DISTRICTS = [("adelso", "Adelsö", "17892"), ("munso", "Munsö", "17893"), ("faringso", "Färingsö", "17975")]


def fresh(tmp_path, name):
    """A database as a municipality starts it: init, then its districts and their postcodes."""
    db = new_db(tmp_path, name)
    run_cli("init", "--db", db)
    with Database(db, writable=True) as conn:
        for sort, (code, district, postcode) in enumerate(DISTRICTS):
            conn.execute("INSERT INTO district (code, name_sv, name_en, sort) VALUES (?, ?, ?, ?)",
                         (code, district, district, sort))
            conn.execute("INSERT INTO district_postcode (postcode, district_code) VALUES (?, ?)", (postcode, code))
    return db


def dump(db):
    """Everything an import writes, without ids and times, in a stable order."""
    return {
        "organisations": query(db, "SELECT name, org_number, legal_form, description, website, email, phone, public, "
                                   "street, postcode, city, postal_street, postal_postcode, postal_city, address_public "
                                   "FROM organisation ORDER BY name"),
        "districts": query(db, "SELECT o.name, d.district_code FROM organisation_district d JOIN organisation o "
                               "ON o.id = d.organisation_id ORDER BY 1, 2"),
        "categories": query(db, "SELECT o.name, c.category_code FROM organisation_category c JOIN organisation o "
                                "ON o.id = c.organisation_id ORDER BY 1, 2"),
        "contacts": query(db, "SELECT o.name, c.name, c.role, c.email, c.phone FROM contact_person c "
                              "JOIN organisation o ON o.id = c.organisation_id ORDER BY 1, 2"),
    }


def export_rows():
    with open(EXPORT, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def import_(db, path, *args, check=True, env=None):
    return run_cli("import", "organisations", str(path), "--db", db, *args, check=check, env=env)


def test_the_export_is_what_registers_write():
    raw = open(EXPORT, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    header = export_rows()[0]
    assert "Föreningsnamn" in header and not {"Kategori", "verksamhet", "categories"} & set(header)


def test_a_real_export_imports_unclassified_with_addresses_and_districts(tmp_path, server_factory):
    db = fresh(tmp_path, "csv")
    p = import_(db, EXPORT)
    assert "imported 6 (created 6, updated 0, unchanged 0), skipped 0" in p.stdout
    # The column the importer does not know is named once, as a warning.
    assert p.stderr.count("warning:") == 1 and '"Medlemmar"' in p.stderr, p.stderr
    state = dump(db)
    assert state["categories"] == [], "no category column: every organisation is unclassified"
    orgs = {r[0]: r for r in state["organisations"]}
    # Three spellings of a number, and the 16 prefix, all canonical.
    assert orgs["Adelsö hembygdsförening"][1] == "802438-1124"
    assert orgs["Munsö IK"][1] == "802471-4555" and orgs["Färingsö PRO"][1] == "802516-0931"
    assert orgs["Kärsö båtklubb; segling och hamn"][1] == "802447-2014"
    # "informell grupp/nätverk" and "Ideell förening" resolved.
    assert orgs["Läxhjälpen på Helgö"][2] == "informell_grupp"
    assert orgs["Ekerö stickcafé"][2] == "informell_grupp"
    assert orgs["Adelsö hembygdsförening"][2] == "ideell_forening"
    # Addresses: the postcode as "178 92"; "Box 12, 179 75 Skå" split into its parts.
    assert orgs["Adelsö hembygdsförening"][8:11] == ("Hovgårdsvägen 3", "178 92", "Adelsö")
    assert orgs["Munsö IK"][8:11] == ("Munsövägen 12", "178 93", "Ekerö")
    assert orgs["Färingsö PRO"][8:11] == ("Box 12", "179 75", "Skå")
    assert orgs["Munsö IK"][5] == "kansli@munsoik.example.org"
    assert orgs["Adelsö hembygdsförening"][4] == "https://adelsohembygd.example.org"
    # A known postcode placed the organisation in its district; 178 30 is in none.
    assert state["districts"] == [("Adelsö hembygdsförening", "adelso"), ("Färingsö PRO", "faringso"),
                                  ("Kärsö båtklubb; segling och hamn", "munso"), ("Munsö IK", "munso")]
    # The chair is a contact person with that role.
    assert ("Munsö IK", "Johan Berg", "Ordförande", "", "") in [tuple(x or "" for x in c) for c in state["contacts"]]
    assert len(state["contacts"]) == 5

    # Officials find all six on the list of organisations still to classify.
    run_cli("department", "add", "--db", db, "--code", "kf", "--name", "Kultur- och fritidsförvaltningen")
    run_cli("user", "add", "--db", db, "--email", "olle@testby.se", "--name", "Olle", "--role", "official",
            "--department", "kf", env={"SAMVERKAN_PASSWORD": "import-test-42"})
    official = server_factory(db=db).client()
    assert official.login("olle@testby.se", "import-test-42").status == 303
    page = official.get("/organisationer/oklassificerade")
    assert page.status == 200
    listed = html.unescape(page.text)
    for name in orgs:
        assert name in listed, name


def write_xlsx(path, rows, sheet="Föreningar", before=None):
    """The rows as Excel keeps them: digits-only numbers and postcodes stored as numbers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    if before:
        ws.title = before
        ws.append(["Annat blad"])
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    for i, row in enumerate(rows):
        ws.append([int(v) if i and v.isdigit() and not v.startswith("0") else (v or None) for v in row])
    wb.save(path)


def test_the_same_rows_as_xlsx_import_to_the_same_database(tmp_path):
    from_csv = fresh(tmp_path, "from-csv")
    import_(from_csv, EXPORT)
    path = tmp_path / "register.xlsx"
    write_xlsx(path, export_rows())
    assert openpyxl.load_workbook(path).active["B3"].value == 8024714555, "the number is stored as a number"
    from_xlsx = fresh(tmp_path, "from-xlsx")
    p = import_(from_xlsx, path)
    assert "imported 6 (created 6, updated 0, unchanged 0), skipped 0" in p.stdout
    assert dump(from_xlsx) == dump(from_csv)

    # Another sheet by name; the first one is read otherwise.
    named = tmp_path / "two-sheets.xlsx"
    write_xlsx(named, export_rows(), sheet="Register", before="Instruktioner")
    again = fresh(tmp_path, "sheet")
    p = import_(again, named, check=False)
    assert p.returncode == 1 and "no column for the name" in p.stderr
    import_(again, named, "--sheet", "register")
    assert dump(again) == dump(from_csv)
    p = import_(again, named, "--sheet", "Blad1", check=False)
    assert p.returncode == 1
    assert 'no sheet named "Blad1"; its sheets are "Instruktioner", "Register"' in p.stderr


def test_an_old_excel_file_gets_a_clear_message(tmp_path):
    db = fresh(tmp_path, "xls")
    old = tmp_path / "register.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    p = import_(db, old, check=False)
    assert p.returncode == 1
    assert p.stderr.strip() == (f"samverkan import organisations: {old}: Excel 97–2003 files (.xls) cannot be read: "
                                "save the file as .xlsx or CSV and try again.")
    p = import_(db, old, check=False, env={"SAMVERKAN_LANG": "sv"})
    assert p.returncode == 1
    assert "Excel 97–2003-filer (.xls) kan inte läsas: spara filen som .xlsx eller CSV och försök igen." in p.stderr
    # Told by content: the same bytes under another name, and a CSV file named .xls.
    renamed = tmp_path / "register.dat"
    renamed.write_bytes(old.read_bytes())
    assert "(.xls) cannot be read" in import_(db, renamed, check=False).stderr
    named = tmp_path / "named.xls"
    named.write_text("namn\nEkerö IF\n", encoding="utf-8")
    assert "(.xls) cannot be read" in import_(db, named, check=False).stderr
    assert query(db, "SELECT COUNT(*) FROM organisation") == [(0,)]


def test_duplicates_in_one_file_name_both_lines(tmp_path):
    db = fresh(tmp_path, "dup")
    f = tmp_path / "dup.csv"
    f.write_text("Föreningsnamn;Org.nr;Typ\n"
                 "Munsö IK;802471-4555;Ideell förening\n"
                 "Ekerö IF;802438-1124;Ideell förening\n"
                 "Munsö idrottsklubb;802471 4555;Ideell förening\n", encoding="utf-8")
    p = import_(db, f, check=False)
    assert p.returncode == 1
    assert f"{f}:4: Org.nr: The organisation number is also on line 2." in p.stderr
    assert query(db, "SELECT COUNT(*) FROM organisation") == [(0,)]


def test_unknown_value_did_you_mean_then_an_alias_for_the_filter_and_the_api(tmp_path, server_factory):
    db = fresh(tmp_path, "alias")
    f = tmp_path / "kategorier.csv"
    f.write_text("Föreningsnamn;Verksamhetsområde\n"
                 "Munsö IK;Idrott\n"
                 "Ekerö bouleklubb;Boul\n"
                 "Adelsö syförening;Syförening\n"
                 "Helgö vårdförening;Hälsa\n", encoding="utf-8")
    p = import_(db, f, check=False)
    assert p.returncode == 1
    lines = [l for l in p.stderr.splitlines() if l.startswith(f"{f}:")]
    assert lines == [
        f'{f}:3: Verksamhetsområde: "Boul" is not an activity category we know. To import it as a term, map it with '
        f'--map-value "Boul=CODE".',
        f'{f}:4: Verksamhetsområde: "Syförening" is not an activity category we know. To import it as a term, map it '
        f'with --map-value "Syförening=CODE".'], p.stderr
    # A misspelling of a known word gets the closest terms.
    typo = tmp_path / "typo.csv"
    typo.write_text("Namn;Kategori\nMunsö IK;Idrot\n", encoding="utf-8")
    p = import_(db, typo, check=False)
    assert f'{typo}:2: Kategori: "Idrot" is not an activity category we know. Did you mean "Culture and recreation" ' \
           f'(icnpo1)' in p.stderr, p.stderr
    assert query(db, "SELECT COUNT(*) FROM organisation") == [(0,)]

    # A dry run says what it would do and records nothing.
    p = import_(db, f, "--map-value", "Boul=icnpo1", "--map-value", "Syförening=Kultur och fritid", "--add-aliases",
                "--dry-run")
    assert "would add 2 aliases" in p.stdout
    assert query(db, "SELECT COUNT(*) FROM term_alias WHERE alias IN ('Boul', 'Syförening')") == [(0,)]
    # An alias cannot be two terms: a word that already means another one is refused.
    p = import_(db, f, "--map-value", "Boul=icnpo1,Syförening=Kultur och fritid,Idrott=icnpo4", "--add-aliases",
                check=False)
    assert p.returncode == 1
    assert f'{f}:2: Verksamhetsområde: "Idrott" already means icnpo1, so --add-aliases cannot make it mean icnpo4 ' \
           f'too.' in p.stderr
    p = import_(db, f, "--map-value", "Boul=icnpo1,Syförening=Kultur och fritid", "--add-aliases")
    assert "imported 4 (created 4, updated 0, unchanged 0), skipped 0" in p.stdout
    assert "added 2 aliases" in p.stdout
    assert query(db, "SELECT alias, term_code FROM term_alias WHERE taxonomy = 'category' AND alias IN "
                     "('Boul', 'Syförening') ORDER BY alias") == [("Boul", "icnpo1"), ("Syförening", "icnpo1")]
    assert query(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'term_alias'") == [(2,)]
    assert query(db, "SELECT o.name FROM organisation o JOIN organisation_category c ON c.organisation_id = o.id "
                     "WHERE c.category_code = 'icnpo1' ORDER BY o.name") == \
        [("Adelsö syförening",), ("Ekerö bouleklubb",), ("Munsö IK",)]

    # Next time the word is known without a mapping.
    again = tmp_path / "again.csv"
    again.write_text("Namn;Kategori\nLovö boule;boul\n", encoding="utf-8")
    p = import_(db, again)
    assert "added" not in p.stdout
    server = server_factory(db=db)
    anon = server.client()
    html = anon.get("/organisationer?category=" + urllib.parse.quote("Syförening")).text
    assert "Ekerö bouleklubb" in html and "Lovö boule" in html and "Helgö vårdförening" not in html
    api = anon.get("/api/v1/organisations?per_page=100&category=" + urllib.parse.quote("Boul")).json()
    assert sorted(i["name"] for i in api["items"]) == ["Adelsö syförening", "Ekerö bouleklubb", "Lovö boule", "Munsö IK"]


def test_dry_run_writes_nothing_and_says_line_by_line(tmp_path):
    db = fresh(tmp_path, "dry")
    import_(db, EXPORT)
    before = dump(db)
    audits = query(db, "SELECT COUNT(*) FROM audit_log")
    rows = export_rows()
    rows[2][6] = "https://munso-ik.example.org"   # Munsö IK: a new web address
    rows[3][3:6] = ["Helgövägen 2", "178 93", "Ekerö"]  # Läxhjälpen: an address
    rows.append(["Lovö scoutkår", "", "Informell grupp/nätverk", "", "", "", "", "", "", "", ""])
    f = tmp_path / "changed.csv"
    with open(f, "w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    p = import_(db, f, "--dry-run")
    assert p.stdout.splitlines() == [
        "line 2: unchanged 'Adelsö hembygdsförening'",
        "line 3: update 'Munsö IK' (website)",
        "line 4: update 'Läxhjälpen på Helgö' (districts, address)",
        "line 5: unchanged 'Färingsö PRO'",
        "line 6: unchanged 'Ekerö stickcafé'",
        "line 7: unchanged 'Kärsö båtklubb; segling och hamn'",
        "line 8: create 'Lovö scoutkår'",
        "would import 7 (created 1, updated 2, unchanged 4), skipped 0 (dry run: nothing was changed)",
    ]
    assert dump(db) == before
    assert query(db, "SELECT COUNT(*) FROM audit_log") == audits
    # Without --dry-run the same file does it; the unchanged rows are not written at all.
    p = import_(db, f)
    assert "imported 7 (created 1, updated 2, unchanged 4), skipped 0" in p.stdout
    after = dump(db)
    assert [r for r in after["organisations"] if r not in before["organisations"]] == [
        r for r in after["organisations"] if r[0] in ("Läxhjälpen på Helgö", "Lovö scoutkår", "Munsö IK")]
    assert query(db, "SELECT COUNT(*) FROM audit_log WHERE entity = 'organisation' AND entity_id IN (SELECT id FROM "
                     "organisation WHERE name = 'Adelsö hembygdsförening')") == [(1,)]
