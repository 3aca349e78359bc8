"""Organisation addresses on the web: the form saves a visiting and a postal address (postcodes stored
as "178 92"), a bad postcode is a field error with everything typed kept, and the address is shown
to the public (page, API, CSV export) only when the organisation chose to publish it; staff and
the organisation's own representatives always see it."""

import csv
import io
import re

from admin_fixtures import site  # noqa: F401 — fixture
from conftest import create_org, find_form, org_form_data, page_text, query, run_cli

STREET = "Hembygdsvägen 12"
POSTAL_STREET = "Box 4711"


def address_row(db, org):
    return query(db, "SELECT street, postcode, city, postal_street, postal_postcode, postal_city, address_public "
                     "FROM organisation WHERE id = ?", (org,))[0]


def edit(client, org, expect=303, **fields):
    r = client.get(f"/organisationer/{org}/redigera")
    assert r.status == 200, r
    data = org_form_data(find_form(r.text, f"/organisationer/{org}/redigera"), **fields)
    r = client.post(f"/organisationer/{org}/redigera", data)
    assert r.status == expect, page_text(r.text)[:1500]
    return r


def new_org(site, **fields):
    return create_org(site.official, f"Adressföreningen {len(query(site.db, 'SELECT id FROM organisation'))}",
                      **fields)


def test_the_form_has_two_address_fieldsets_with_autocomplete_and_numeric_postcodes(site):
    html = site.official.get("/organisationer/ny").text
    assert re.search(r"<legend>(Besöksadress|Visiting address)</legend>", html)
    assert re.search(r"<legend>(Postadress|Postal address)</legend>", html)
    assert re.search(r'<input[^>]*name="street"[^>]*autocomplete="section-visit street-address"', html)
    assert re.search(r'<input[^>]*name="postcode"[^>]*autocomplete="section-visit postal-code"[^>]*inputmode="numeric"',
                     html)
    assert re.search(r'<input[^>]*name="postal_city"[^>]*autocomplete="section-postal address-level2"', html)
    assert re.search(r'<input type="checkbox"[^>]*name="address_public"', html)


def test_an_official_saves_both_addresses_and_the_postcode_is_stored_with_its_space(site):
    org = new_org(site, street=STREET, postcode="17892", city="Ekerö", postal_street=POSTAL_STREET,
                  postal_postcode="178 23", postal_city="Ekerö")
    assert address_row(site.db, org) == (STREET, "178 92", "Ekerö", POSTAL_STREET, "178 23", "Ekerö", 0)
    audit = query(site.db, "SELECT detail FROM audit_log WHERE entity = 'organisation' AND entity_id = ? "
                           "AND action = 'create'", (org,))
    assert '"address"' in audit[0][0] and '"postal_address"' in audit[0][0]


def test_a_bad_postcode_is_a_field_error_and_everything_typed_is_kept(site):
    org = new_org(site, street=STREET, postcode="178 92", city="Ekerö")
    before = address_row(site.db, org)
    r = edit(site.official, org, expect=422, street="Nya vägen 3", postcode="17 8", city="Stenhamra",
             postal_postcode="1234567")
    text = page_text(r.text)
    assert text.count("Skriv postnumret som fem siffror, till exempel 178 92.") >= 2, text[:800]
    form = find_form(r.text, f"/organisationer/{org}/redigera")
    values = dict((k, v) for k, v in form["fields"])
    assert values["street"] == "Nya vägen 3"
    assert values["postcode"] == "17 8"
    assert values["city"] == "Stenhamra"
    assert values["postal_postcode"] == "1234567"
    assert re.search(r'<input[^>]*id="postcode"[^>]*aria-invalid="true"', r.text)
    assert re.search(r'<input[^>]*id="postal_postcode"[^>]*aria-invalid="true"', r.text)
    assert 'href="#postcode"' in r.text
    assert address_row(site.db, org) == before


def test_a_representative_saves_the_address_of_their_own_organisation(site):
    org = new_org(site)
    email, _ = site.person("representative", organisation=org, tag="adress")
    rep = site.sign_in(email)
    edit(rep, org, street="Föreningsgatan 1", postcode="178 93", city="Ekerö", address_public="1")
    assert address_row(site.db, org) == ("Föreningsgatan 1", "178 93", "Ekerö", None, None, None, 1)


def api_item(client, org):
    r = client.get(f"/api/v1/organisations/{org}")
    assert r.status == 200, r
    return r.json()


def test_the_public_sees_the_address_only_when_it_is_published(site):
    org = new_org(site, street=STREET, postcode="178 92", city="Ekerö", postal_street=POSTAL_STREET,
                  postal_postcode="178 23", postal_city="Ekerö")
    anon = site.server.client()

    # Not published: hidden from the public page, the API and the open-data CSV ...
    assert STREET not in anon.get(f"/organisationer/{org}").text
    item = api_item(anon, org)
    assert item["address"] is None and item["postal_address"] is None
    assert api_item(site.official, org)["address"] is None  # the API answers everyone alike
    export = run_cli("export", "organisations", "--db", site.db).stdout
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(export, newline=""))}
    name = query(site.db, "SELECT name FROM organisation WHERE id = ?", (org,))[0][0]
    assert rows[name]["street"] == "" and rows[name]["postcode"] == "" and rows[name]["postal_street"] == ""
    assert STREET not in export
    # ... but staff see it, marked as not published.
    text = page_text(site.official.get(f"/organisationer/{org}").text)
    assert STREET in text and "178 92 Ekerö" in text and POSTAL_STREET in text
    assert "Inte publicerad" in text

    # Published: everyone sees it.
    edit(site.official, org, address_public="1")
    text = page_text(anon.get(f"/organisationer/{org}").text)
    assert STREET in text and "178 92 Ekerö" in text and POSTAL_STREET in text
    item = api_item(anon, org)
    assert item["address"] == {"street": STREET, "postcode": "178 92", "city": "Ekerö"}
    assert item["postal_address"] == {"street": POSTAL_STREET, "postcode": "178 23", "city": "Ekerö"}
    listed = [i for i in anon.get("/api/v1/organisations?sort=updated&per_page=100").json()["items"]
              if i["id"] == org]
    assert listed and listed[0]["address"]["street"] == STREET
    export = run_cli("export", "organisations", "--db", site.db).stdout
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(export, newline=""))}
    assert (rows[name]["street"], rows[name]["postcode"], rows[name]["city"]) == (STREET, "178 92", "Ekerö")
