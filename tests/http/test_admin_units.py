"""The municipality's own lists on the administration's pages: committees, departments and districts
are created, renamed, retired and merged by administrators (coordinators only look), with field
errors that keep what was typed; a retired department is not offered for new dialogues; merging two
departments moves every dialogue, submission and official and is audited; a district's postcodes
place an organisation in it."""

import html as htmllib
import json
import re

import pytest

from admin_fixtures import site  # noqa: F401 — site is a fixture
from conftest import find_form, main_html, page_text, query, select_options

PAGES = ["/admin/namnder", "/admin/forvaltningar", "/admin/omraden", "/admin/kategorier"]


def errors_of(html):
    """The field errors as shown at their fields: {field id: message}."""
    return {m.group(1): htmllib.unescape(m.group(2).strip()) for m in
            re.finditer(r'<p class="error" id="([^"]+)-error"><span[^>]*>[^<]*</span>([^<]*)</p>', html)}


def value_of(html, name):
    form_inputs = re.search(r'<(?:input|textarea)[^>]*name="%s"[^>]*?(?:value="([^"]*)"[^>]*)?>([^<]*)' % re.escape(name), html)
    assert form_inputs, f"no field {name}"
    return htmllib.unescape(form_inputs.group(1) or form_inputs.group(2) or "")


def post(site, client, action, data, expect=303):
    r = client.post(action, data)
    assert r.status == expect, f"POST {action} gave {r.status}: {page_text(r.text)[:800]}"
    return r


def committee_id(site, code):
    return query(site.db, "SELECT id FROM committee WHERE code = ?", (code,))[0][0]


def department(site, code):
    """(id, name, committee_id, contact_email, retired_at, merged_into) as stored."""
    rows = query(site.db, "SELECT id, name, committee_id, contact_email, retired_at, merged_into FROM department "
                          "WHERE code = ?", (code,))
    return rows[0] if rows else None


def counts(site, department_id):
    """(dialogues, submissions, officials) of a department."""
    return tuple(query(site.db, f"SELECT COUNT(*) FROM {table} WHERE department_id = ?", (department_id,))[0][0]
                 for table in ("dialogue", "submission", "account"))


# ---- Who may see and change ---------------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_coordinators_look_without_forms_and_others_are_refused(site, path):
    assert site.server.client().get(path).status == 303  # to the sign-in page
    assert site.official.get(path).status == 403
    r = site.coordinator.get(path)
    assert r.status == 200
    assert "<form method=\"post\"" not in main_html(r.text)  # looking only
    r = site.admin.get(path)
    assert r.status == 200 and "<form method=\"post\"" in main_html(r.text)


def test_changes_need_an_administrator_and_the_csrf_token(site):
    before = query(site.db, "SELECT COUNT(*) FROM committee")[0][0]
    site.coordinator.csrf("/admin/namnder")
    r = site.coordinator.post("/admin/namnder", {"code": "coord", "name": "Samordnarnämnden"})
    assert r.status == 403
    r = site.admin.post("/admin/namnder", {"code": "nocsrf", "name": "Utan token", "_csrf": "fel"})
    assert r.status == 403
    assert query(site.db, "SELECT COUNT(*) FROM committee")[0][0] == before


@pytest.mark.parametrize("path", PAGES + ["/admin/namnder/1", "/admin/forvaltningar/1", "/admin/omraden/adelso"])
def test_the_pages_are_accessible_forms(site, path):
    """One heading 1, unique ids, a label for every control, and every table in its focusable
    region named by its caption, on the pages with all their forms (an administrator's)."""
    r = site.admin.get(path)
    assert r.status == 200, (path, r.status)
    html = r.text
    assert len(re.findall(r"<h1\b", html)) == 1
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for tag, attrs in re.findall(r"<(input|select|textarea)\b([^>]*)>", html):
        if 'type="hidden"' in attrs or 'type="search"' in attrs:
            continue
        m = re.search(r'\bid="([^"]+)"', attrs)
        assert m and f'<label for="{m.group(1)}">' in html, (path, tag, attrs)
    tables = re.findall(r'<div class="table-wrap" role="region" tabindex="0" aria-labelledby="([^"]+)">\s*<table\b', html)
    assert len(tables) == html.count("<table")
    # No markup printed as text (a closing tag through an escaping %s left the alias lists open).
    assert not re.search(r"&lt;/?[a-z]+&gt;", html), path


def test_the_overview_links_the_lists(site):
    html = site.coordinator.get("/admin").text
    for path in PAGES:
        assert f'href="{path}"' in html


# ---- Creating, with field errors --------------------------------------------------------------


def test_two_committees_three_departments_and_four_districts_from_the_pages(site):
    admin = site.admin
    admin.csrf("/admin/namnder")
    for code, name in [("tn", "Tekniska nämnden"), ("vn", "Valnämnden")]:
        r = post(site, admin, "/admin/namnder", {"code": code, "name": name})
        assert r.header("location") == "/admin/namnder?sparat=ny"
    assert query(site.db, "SELECT name, retired_at FROM committee WHERE code IN ('tn', 'vn') ORDER BY code") == [
        ("Tekniska nämnden", None), ("Valnämnden", None)]
    tn, vn = committee_id(site, "tn"), committee_id(site, "vn")
    departments = [("teknik", "Tekniska förvaltningen", tn, "teknik@kommun.example"),
                   ("gata-park", "Gata och park", tn, ""),
                   ("VAL", "Valkansliet", vn, "val@kommun.example")]
    for code, name, committee, email in departments:
        post(site, admin, "/admin/forvaltningar",
             {"code": code, "name": name, "committee_id": str(committee), "contact_email": email})
    for code, name, committee, email in departments:
        row = department(site, code)
        assert row[1:5] == (name, committee, email or None, None)
    audit = query(site.db, "SELECT action, detail FROM audit_log WHERE entity = 'department' AND entity_id = ?",
                  (department(site, "teknik")[0],))
    assert audit[0][0] == "create"
    assert json.loads(audit[0][1]) == {"code": "teknik", "name": "Tekniska förvaltningen", "committee_id": tn,
                                       "contact_email": "teknik@kommun.example"}
    page = page_text(admin.get("/admin/forvaltningar").text)
    assert "Tekniska förvaltningen teknik Tekniska nämnden teknik@kommun.example 0 0 0 I bruk" in page

    districts = [("Norrö", "123 45, 12346"), ("Söderö", "123 47"), ("Västerö", "SE-123 48"), ("Österö", "")]
    for name, postcodes in districts:
        post(site, admin, "/admin/omraden", {"name_sv": name, "postcodes": postcodes})
    assert query(site.db, "SELECT code, name_sv FROM district WHERE code IN ('norro','sodero','vastero','ostero') "
                          "ORDER BY sort") == [("norro", "Norrö"), ("sodero", "Söderö"), ("vastero", "Västerö"),
                                               ("ostero", "Österö")]
    assert query(site.db, "SELECT postcode, district_code FROM district_postcode WHERE district_code IN "
                          "('norro','sodero','vastero') ORDER BY postcode") == [
        ("12345", "norro"), ("12346", "norro"), ("12347", "sodero"), ("12348", "vastero")]
    page = page_text(admin.get("/admin/omraden").text)
    assert "Norrö norro 123 45, 123 46 0 I bruk" in page


def test_a_refused_department_keeps_what_was_typed(site):
    admin = site.admin
    admin.csrf("/admin/forvaltningar")
    before = query(site.db, "SELECT COUNT(*) FROM department")[0][0]
    r = post(site, admin, "/admin/forvaltningar",
             {"code": "fel kod!", "name": "  Fritidsgårdarna  ", "committee_id": "", "contact_email": "inte-en-adress"},
             expect=422)
    errors = errors_of(r.text)
    assert errors["code"] == ("Skriv koden med bara bokstäverna a–z eller A–Z, siffror och '-', och börja med en "
                              "bokstav eller siffra.")
    assert errors["contact_email"] == "Skriv en giltig e-postadress, till exempel namn@kommun.se."
    assert set(errors) == {"code", "contact_email"}
    assert value_of(r.text, "code") == "fel kod!"
    assert value_of(r.text, "name") == "Fritidsgårdarna"
    assert value_of(r.text, "contact_email") == "inte-en-adress"
    assert 'role="alert"' in r.text and r.text.count('<a href="#code">') == 1
    # A code another department has, in other letters' case, is refused at the field.
    r = post(site, admin, "/admin/forvaltningar", {"code": "SOCIAL", "name": "Ny social", "committee_id": ""},
             expect=422)
    assert errors_of(r.text) == {"code": "En annan förvaltning har redan den koden; välj en annan."}
    assert value_of(r.text, "name") == "Ny social"
    r = post(site, admin, "/admin/forvaltningar", {"code": "ny", "name": "", "committee_id": "x"}, expect=422)
    assert set(errors_of(r.text)) == {"name", "committee_id"}
    assert query(site.db, "SELECT COUNT(*) FROM department")[0][0] == before


def test_a_committee_code_is_unique_and_a_postcode_belongs_to_one_district(site):
    admin = site.admin
    admin.csrf("/admin/namnder")
    r = post(site, admin, "/admin/namnder", {"code": "KS", "name": "Kommunstyrelsen 2"}, expect=422)
    assert errors_of(r.text) == {"code": "En annan nämnd har redan den koden; välj en annan."}
    assert value_of(r.text, "name") == "Kommunstyrelsen 2"
    post(site, admin, "/admin/omraden", {"name_sv": "Lillö", "postcodes": "111 11"})
    r = post(site, admin, "/admin/omraden", {"name_sv": "Storö", "postcodes": "111 12, 111 11"}, expect=422)
    assert errors_of(r.text) == {"postcodes": "Postnumret 111 11 hör redan till området Lillö; ta bort det där först."}
    assert value_of(r.text, "postcodes") == "111 12, 111 11"
    r = post(site, admin, "/admin/omraden", {"name_sv": "Storö", "postcodes": "111 1"}, expect=422)
    assert errors_of(r.text) == {"postcodes": "”111 1” är inget postnummer: skriv fem siffror, som 178 92."}
    assert not query(site.db, "SELECT 1 FROM district WHERE name_sv = 'Storö'")


# ---- Renaming and retiring --------------------------------------------------------------------


def test_rename_a_department_and_a_district(site):
    admin = site.admin
    admin.csrf("/admin/forvaltningar")
    post(site, admin, "/admin/forvaltningar", {"code": "byte", "name": "Gamla namnet", "committee_id": ""})
    dep = department(site, "byte")[0]
    form = find_form(admin.get(f"/admin/forvaltningar/{dep}").text, f"/admin/forvaltningar/{dep}")
    fields = dict(form["fields"])
    fields.update({"name": "Nya namnet", "code": "bytt", "contact_email": "ny@kommun.example"})
    r = post(site, admin, f"/admin/forvaltningar/{dep}", fields)
    assert r.header("location") == f"/admin/forvaltningar/{dep}?sparat=andrad"
    assert query(site.db, "SELECT code, name, contact_email FROM department WHERE id = ?", (dep,)) == [
        ("bytt", "Nya namnet", "ny@kommun.example")]
    detail = json.loads(query(site.db, "SELECT detail FROM audit_log WHERE entity = 'department' AND entity_id = ? "
                                       "AND action = 'update'", (dep,))[0][0])
    assert detail == {"code": ["byte", "bytt"], "name": ["Gamla namnet", "Nya namnet"],
                      "contact_email": [None, "ny@kommun.example"]}
    post(site, admin, "/admin/omraden", {"name_sv": "Gammelö", "postcodes": "122 22"})
    post(site, admin, "/admin/omraden/gammelo", {"name_sv": "Nyö", "name_en": "New Island", "postcodes": "122 23"})
    assert query(site.db, "SELECT code, name_sv, name_en FROM district WHERE code = 'gammelo'") == [
        ("gammelo", "Nyö", "New Island")]
    assert query(site.db, "SELECT postcode FROM district_postcode WHERE district_code = 'gammelo'") == [("12223",)]


def test_a_retired_department_is_not_offered_for_a_new_dialogue(site):
    admin = site.admin
    admin.csrf("/admin/forvaltningar")
    post(site, admin, "/admin/forvaltningar", {"code": "avveckla-mig", "name": "Avvecklingsförvaltningen",
                                               "committee_id": ""})
    dep = department(site, "avveckla-mig")[0]
    assert str(dep) in select_options(site.coordinator.get("/dialoger/ny").text, "department_id")
    r = post(site, admin, f"/admin/forvaltningar/{dep}/avveckla", {})
    assert r.header("location") == f"/admin/forvaltningar/{dep}?sparat=avvecklad"
    assert department(site, "avveckla-mig")[4] is not None
    assert str(dep) not in select_options(site.coordinator.get("/dialoger/ny").text, "department_id")
    # Nor for a submission, nor for an official; the dialogue list's filter still shows it (history).
    assert str(dep) not in select_options(site.representative.get("/synpunkter/ny").text, "department_id")
    assert str(dep) in select_options(site.coordinator.get("/dialoger").text, "department")
    form = find_form(site.coordinator.get("/dialoger/ny").text, "/dialoger/ny")
    fields = dict(form["fields"])
    fields.update({"title": "Ny dialog", "question": "Vad tycker ni?", "department_id": str(dep)})
    r = site.coordinator.post("/dialoger/ny", fields)
    assert r.status == 422 and "department_id" in errors_of(r.text)
    post(site, admin, f"/admin/forvaltningar/{dep}/ateruppta", {})
    assert department(site, "avveckla-mig")[4] is None
    assert str(dep) in select_options(site.coordinator.get("/dialoger/ny").text, "department_id")
    assert [a for a, in query(site.db, "SELECT action FROM audit_log WHERE entity = 'department' AND entity_id = ? "
                                       "ORDER BY id", (dep,))] == ["create", "retire", "restore"]


def test_a_retired_district_is_not_offered_to_organisations(site):
    admin = site.admin
    admin.csrf("/admin/omraden")
    post(site, admin, "/admin/omraden", {"name_sv": "Glömdö", "postcodes": ""})
    offered = lambda: re.findall(r'name="districts" value="([^"]+)"', site.official.get("/organisationer/ny").text)
    assert "glomdo" in offered()
    post(site, admin, "/admin/omraden/glomdo/avveckla", {})
    assert "glomdo" not in offered()
    # No organisation has it, so the register's filter leaves it out too.
    assert "glomdo" not in select_options(site.server.client().get("/organisationer").text, "district")
    # A retired district organisations still have stays in the filter (and in their pages), but is
    # offered to no organisation.
    code, n = query(site.db, "SELECT district_code, COUNT(*) FROM organisation_district od JOIN organisation o "
                             "ON o.id = od.organisation_id WHERE o.public = 1 GROUP BY district_code "
                             "ORDER BY 2 DESC, 1 LIMIT 1")[0]
    post(site, admin, f"/admin/omraden/{code}/avveckla", {})
    try:
        assert code not in offered()
        anon = site.server.client()
        assert code in select_options(anon.get("/organisationer").text, "district")
        r = anon.get(f"/api/v1/organisations?district={code}&per_page=1")
        assert r.json()["total"] == n
    finally:
        post(site, admin, f"/admin/omraden/{code}/ateruppta", {})
    assert code in offered()


# ---- Merging ----------------------------------------------------------------------------------


def test_merging_two_departments_moves_everything_and_is_audited(site):
    admin = site.admin
    rows = query(site.db, "SELECT d.id, d.code FROM department d WHERE d.retired_at IS NULL AND "
                          "EXISTS (SELECT 1 FROM dialogue WHERE department_id = d.id) AND "
                          "EXISTS (SELECT 1 FROM submission WHERE department_id = d.id) ORDER BY d.id")
    assert len(rows) >= 2, "the demo has two departments with dialogues and submissions"
    (src, src_code), (dst, dst_code) = rows[0], rows[1]
    # An official of the department that goes, so the move of officials is seen too.
    site.person("official", department=src_code, tag="sammanslagning")
    before_src, before_dst = counts(site, src), counts(site, dst)
    assert all(n > 0 for n in before_src)
    totals = tuple(query(site.db, f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("dialogue", "submission", "account"))

    admin.csrf(f"/admin/forvaltningar/{src}")
    r = post(site, admin, f"/admin/forvaltningar/{src}/sla-ihop", {"into": str(dst)}, expect=200)
    text = page_text(r.text)
    name = lambda i: query(site.db, "SELECT name FROM department WHERE id = ?", (i,))[0][0]
    assert f"Slå ihop {name(src)} med {name(dst)}?" in text
    assert re.search(rf"{before_src[0]} dialog(er)?, {before_src[1]} synpunkt(er)? och {before_src[2]} "
                     rf"tjänsteperson(er)? flyttas från {re.escape(name(src))} till {re.escape(name(dst))}", text)
    assert counts(site, src) == before_src  # nothing yet
    form = find_form(r.text, "/sla-ihop")
    r = post(site, admin, form["action"], dict(form["fields"]))
    assert r.header("location") == f"/admin/forvaltningar/{dst}?sparat=sammanslagen"

    assert counts(site, src) == (0, 0, 0)
    assert counts(site, dst) == tuple(a + b for a, b in zip(before_src, before_dst))
    assert tuple(query(site.db, f"SELECT COUNT(*) FROM {t}")[0][0] for t in ("dialogue", "submission", "account")) == totals
    row = department(site, src_code)
    assert row[5] == dst and row[4] is not None
    merge = query(site.db, "SELECT detail FROM audit_log WHERE entity = 'department' AND entity_id = ? "
                           "AND action = 'merge'", (src,))
    assert len(merge) == 1
    assert json.loads(merge[0][0]) == {"into": dst, "into_code": dst_code, "dialogues": before_src[0],
                                       "submissions": before_src[1], "officials": before_src[2]}
    # Merged is for good: it cannot be taken into use again, nor merged twice.
    r = admin.post(f"/admin/forvaltningar/{src}/ateruppta", {})
    assert r.status == 409
    r = admin.post(f"/admin/forvaltningar/{src}/sla-ihop", {"into": str(dst), "confirm": "1"})
    assert r.status == 409


def test_a_merge_into_itself_or_a_retired_department_is_a_field_error(site):
    admin = site.admin
    admin.csrf("/admin/forvaltningar")
    post(site, admin, "/admin/forvaltningar", {"code": "ett", "name": "Förvaltning ett", "committee_id": ""})
    post(site, admin, "/admin/forvaltningar", {"code": "tva", "name": "Förvaltning två", "committee_id": ""})
    one, two = department(site, "ett")[0], department(site, "tva")[0]
    r = post(site, admin, f"/admin/forvaltningar/{one}/sla-ihop", {"into": str(one)}, expect=422)
    assert errors_of(r.text) == {"into": "Välj en annan förvaltning som är i bruk att slå ihop med."}
    post(site, admin, f"/admin/forvaltningar/{two}/avveckla", {})
    r = post(site, admin, f"/admin/forvaltningar/{one}/sla-ihop", {"into": str(two), "confirm": "1"}, expect=422)
    assert "into" in errors_of(r.text)
    assert department(site, "ett")[5] is None


def test_merging_committees_moves_their_departments(site):
    admin = site.admin
    admin.csrf("/admin/namnder")
    post(site, admin, "/admin/namnder", {"code": "gammal", "name": "Gamla nämnden"})
    post(site, admin, "/admin/namnder", {"code": "ny-namnd", "name": "Nya nämnden"})
    old, new = committee_id(site, "gammal"), committee_id(site, "ny-namnd")
    post(site, admin, "/admin/forvaltningar", {"code": "under-gammal", "name": "Under gamla", "committee_id": str(old)})
    r = post(site, admin, f"/admin/namnder/{old}/sla-ihop", {"into": str(new)}, expect=200)
    assert "1 förvaltning flyttas från Gamla nämnden till Nya nämnden, och Gamla nämnden avvecklas." in page_text(r.text)
    post(site, admin, f"/admin/namnder/{old}/sla-ihop", {"into": str(new), "confirm": "1"})
    assert department(site, "under-gammal")[2] == new
    assert query(site.db, "SELECT retired_at IS NOT NULL FROM committee WHERE id = ?", (old,))[0][0]
    assert json.loads(query(site.db, "SELECT detail FROM audit_log WHERE entity = 'committee' AND entity_id = ? "
                                     "AND action = 'merge'", (old,))[0][0])["departments"] == 1


# ---- Postcodes place organisations --------------------------------------------------------------


def test_an_organisation_with_a_postcode_of_a_district_gets_the_district(site):
    admin = site.admin
    admin.csrf("/admin/omraden")
    post(site, admin, "/admin/omraden", {"name_sv": "Postnummerö", "postcodes": "133 31"})
    html = site.official.get("/organisationer/ny").text
    assert 'name="postcode"' in html
    from conftest import create_org
    org = create_org(site.official, "Postnummerföreningen", districts=None, postcode="133 31", street="Byvägen 1",
                     city="Postnummerö")
    assert query(site.db, "SELECT district_code FROM organisation_district WHERE organisation_id = ?", (org,)) == [
        ("postnummero",)]
