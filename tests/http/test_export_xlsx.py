"""The register as an Excel workbook: `export organisations --format xlsx` opens in openpyxl with a
Swedish header and exactly the rows and values of the CSV export of the same view; the public view
holds no contact person and an address only where it was published; --with-contacts is the
municipality's own register with its contact persons. The web's downloads are the same files: the
public one for everyone (with the page's filters), the one with contact persons only for staff."""

import csv
import datetime
import io
import os
import re

import openpyxl
import pytest

from admin_fixtures import site  # noqa: F401 — fixture
from conftest import create_org, query, run_cli
from test_cli import personal_data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PUBLIC_HEADER = ["Namn", "Organisationsnummer", "Organisationsform", "Verksamhet", "Målgrupper", "Områden",
                 "Beskrivning", "Webbplats", "E-post", "Telefon", "Gatuadress", "Postnummer", "Postort",
                 "Postadress", "Postadress postnummer", "Postadress ort"]
CSV_HEADER = ["name", "org_number", "legal_form", "categories", "target_groups", "districts", "description",
              "website", "email", "phone", "street", "postcode", "city", "postal_street", "postal_postcode",
              "postal_city"]
CONTACT_HEADER = ["Kontaktperson", "Kontaktperson e-post", "Kontaktperson telefon"]


def workbook_rows(data):
    """Every row of the first sheet, empty cells as "" (CSV has no other empty)."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    sheet = book.worksheets[0]
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return rows


def csv_rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def export(db, tmp_path, *args):
    """(CSV rows, workbook rows) of one view from the command line."""
    out = str(tmp_path / f"register-{len(os.listdir(tmp_path))}.xlsx")
    run_cli("export", "organisations", "--db", db, "--format", "xlsx", "--out", out, *args)
    with open(out, "rb") as f:
        book = workbook_rows(f.read())
    return csv_rows(run_cli("export", "organisations", "--db", db, *args).stdout), book


@pytest.fixture(scope="module")
def addresses(site):
    """One organisation with a published address and one with an unpublished one."""
    shown = create_org(site.official, "Excelföreningen Synlig", street="Synliga gatan 1", postcode="178 92",
                       city="Ekerö", address_public="1")
    kept = create_org(site.official, "Excelföreningen Skyddad", street="Hemliga gatan 2", postcode="178 93",
                      city="Ekerö")
    return shown, kept


def test_the_public_workbook_has_the_csv_export_s_rows_and_no_personal_data(site, addresses, tmp_path):
    rows, book = export(site.db, tmp_path)
    assert rows[0] == CSV_HEADER
    assert book[0] == PUBLIC_HEADER
    assert book[1:] == rows[1:]
    public = query(site.db, "SELECT COUNT(*) FROM organisation WHERE public = 1")[0][0]
    assert len(book) - 1 == public
    cells = {c for row in book for c in row}
    leaked = personal_data(site.db) & cells
    assert not leaked, f"contact persons in the public workbook: {sorted(leaked)[:5]}"
    by_name = {r[0]: r for r in book[1:]}
    assert by_name["Excelföreningen Synlig"][10:13] == ["Synliga gatan 1", "178 92", "Ekerö"]
    assert by_name["Excelföreningen Skyddad"][10:13] == ["", "", ""]
    assert not any("Hemliga gatan" in str(c) for c in cells)
    # Organisation numbers stay text, as written, not numbers.
    numbered = [r for r in book[1:] if r[1]]
    assert numbered and all(re.fullmatch(r"\d{6}-\d{4}", r[1]) for r in numbered)


def test_with_contacts_the_workbook_is_the_municipality_s_own_register(site, addresses, tmp_path):
    rows, book = export(site.db, tmp_path, "--with-contacts")
    assert book[0] == PUBLIC_HEADER + CONTACT_HEADER
    assert rows[0] == CSV_HEADER + ["contact_name", "contact_email", "contact_phone"]
    assert book[1:] == rows[1:]
    assert len(book) - 1 == query(site.db, "SELECT COUNT(*) FROM organisation")[0][0], "hidden ones too"
    by_name = {r[0]: r for r in book[1:]}
    assert by_name["Excelföreningen Skyddad"][10:13] == ["Hemliga gatan 2", "178 93", "Ekerö"]
    org, name, email = query(site.db, "SELECT o.name, c.name, c.email FROM contact_person c JOIN organisation o "
                                      "ON o.id = c.organisation_id WHERE c.email IS NOT NULL ORDER BY c.id LIMIT 1")[0]
    assert name in by_name[org][16].split("|") and email in by_name[org][17].split("|")


def test_json_with_contacts_and_unknown_formats_are_refused(site):
    p = run_cli("export", "organisations", "--db", site.db, "--format", "json", "--with-contacts", check=False)
    assert p.returncode != 0 and "--with-contacts" in p.stderr
    p = run_cli("export", "organisations", "--db", site.db, "--format", "xls", check=False)
    assert p.returncode != 0 and "xlsx" in p.stderr


def test_the_web_downloads_are_the_same_files(site, addresses, tmp_path):
    anon = site.server.client()
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    rows, book = export(site.db, tmp_path)

    r = anon.get("/organisationer.xlsx")
    assert r.status == 200, r
    assert r.header("content-type") == XLSX
    assert r.header("content-disposition") == f'attachment; filename="organisationer-{today}.xlsx"'
    assert workbook_rows(r.body) == book

    r = anon.get("/organisationer.csv")
    assert r.status == 200 and r.header("content-type").startswith("text/csv")
    assert r.header("content-disposition") == f'attachment; filename="organisationer-{today}.csv"'
    assert csv_rows(r.text) == rows

    # The page's filters apply to the file.
    district = query(site.db, "SELECT code FROM district ORDER BY sort, code LIMIT 1")[0][0]
    r = anon.get(f"/organisationer.xlsx?district={district}")
    want = query(site.db, "SELECT COUNT(*) FROM organisation o WHERE public = 1 AND EXISTS (SELECT 1 FROM "
                          "organisation_district d WHERE d.organisation_id = o.id AND d.district_code = ?)",
                 (district,))[0][0]
    filtered = workbook_rows(r.body)
    assert 0 < len(filtered) - 1 == want < len(book) - 1
    assert all(district in row[5].split("|") for row in filtered[1:])

    # Staff get their own register, with contact persons, under its own name.
    _, own = export(site.db, tmp_path, "--with-contacts")
    r = site.official.get("/organisationer/med-kontaktpersoner.xlsx")
    assert r.status == 200, r
    assert r.header("content-type") == XLSX
    assert r.header("content-disposition") == \
        f'attachment; filename="organisationer-med-kontaktpersoner-{today}.xlsx"'
    assert r.header("cache-control") == "no-store"
    assert workbook_rows(r.body) == own
    assert site.coordinator.get("/organisationer/med-kontaktpersoner.csv").status == 200

    # ... and nobody else does.
    r = anon.get("/organisationer/med-kontaktpersoner.xlsx")
    assert r.status == 303 and r.header("location").startswith("/logga-in")
    assert site.representative.get("/organisationer/med-kontaktpersoner.xlsx").status == 403
    assert site.representative.get("/organisationer/med-kontaktpersoner.csv").status == 403


def test_the_register_links_to_the_downloads(site):
    anon_page = site.server.client().get("/organisationer?district=adelso").text
    assert 'href="/organisationer.xlsx?district=adelso"' in anon_page
    assert 'href="/organisationer.csv?district=adelso"' in anon_page
    assert "med-kontaktpersoner" not in anon_page
    staff_page = site.official.get("/organisationer").text
    assert 'href="/organisationer/med-kontaktpersoner.xlsx"' in staff_page
