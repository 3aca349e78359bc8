"""Unclassified organisations (no activity category): officials get a page that lists exactly those,
and classify several at once — the categories are added to each chosen organisation (keeping the
ones it has), audited per organisation, all or nothing; a form without organisations or without
categories is shown again with the error and the choices kept; others are refused."""

import re

from admin_fixtures import site  # noqa: F401 — fixture
from conftest import checkbox_options, create_org, find_form, page_text, query

PAGE = "/organisationer/oklassificerade"


def unclassified_in_db(db):
    return {i for (i,) in query(db, "SELECT id FROM organisation o WHERE NOT EXISTS "
                                    "(SELECT 1 FROM organisation_category k WHERE k.organisation_id = o.id)")}


def categories_of(db, org):
    return {c for (c,) in query(db, "SELECT category_code FROM organisation_category WHERE organisation_id = ?", (org,))}


def listed(html):
    return {int(v) for v in re.findall(r'<input type="checkbox" id="organisations-\d+" name="organisations" value="(\d+)"',
                                       html)}


def category_codes(db):
    return [c for (c,) in query(db, "SELECT code FROM category ORDER BY sort, code")]


def state(db):
    return (query(db, "SELECT organisation_id, category_code FROM organisation_category ORDER BY 1, 2"),
            query(db, "SELECT COUNT(*) FROM audit_log"))


def test_officials_see_exactly_the_unclassified_and_classify_several_at_once(site):
    official = site.official
    made = [create_org(official, f"Oklassad förening {n}", categories=None) for n in range(3)]
    hidden = create_org(official, "Oklassad dold förening", categories=None, public=None)
    classified = create_org(official, "Klassad förening")
    want = unclassified_in_db(site.db)
    assert want == set(made) | {hidden}, "the demo has no unclassified organisation; these are all"

    r = official.get(PAGE)
    assert r.status == 200, r
    assert listed(r.text) == want
    assert "Oklassad dold förening" in page_text(r.text)
    # The register links to the page with the count.
    register = official.get("/organisationer").text
    assert re.search(r'<a href="/organisationer/oklassificerade">[^<]+</a> \(%d\)' % len(want), register)
    assert re.search(r'<a href="/organisationer/oklassificerade">[^<]+</a> \(%d\)' % len(want),
                     official.get("/organisationer/att-bekrafta").text)

    codes = category_codes(site.db)
    first, second = codes[0], codes[1]
    before_classified = categories_of(site.db, classified)
    form = find_form(r.text, PAGE)
    assert set(checkbox_options(form, "categories")) == set(codes)
    audit_before = query(site.db, "SELECT COALESCE(MAX(id), 0) FROM audit_log")[0][0]
    r = official.post(PAGE, {"organisations": [str(made[0]), str(made[1]), str(classified)],
                             "categories": [first, second]})
    assert r.status == 303, page_text(r.text)[:1000]
    assert categories_of(site.db, made[0]) == {first, second}
    assert categories_of(site.db, made[1]) == {first, second}
    assert categories_of(site.db, classified) == before_classified | {first, second}, "added, not replaced"
    assert unclassified_in_db(site.db) == {made[2], hidden}
    audit = query(site.db, "SELECT entity_id, account_id, detail FROM audit_log WHERE id > ? AND action = 'classify' "
                           "ORDER BY entity_id", (audit_before,))
    assert [a[0] for a in audit] == sorted([made[0], made[1], classified])
    assert all(a[1] == site.account_id("tjansteperson@exempel.se") for a in audit)
    assert '"categories"' in audit[0][2]

    r = official.get(r.header("location"))
    assert listed(r.text) == {made[2], hidden}
    assert "De valda organisationerna har klassificerats." in page_text(r.text)


def test_a_form_without_organisations_or_categories_is_shown_again_with_the_choices_kept(site):
    official = site.official
    org = create_org(official, "Oklassad väntande förening", categories=None)
    code = category_codes(site.db)[2]
    before = state(site.db)

    r = official.post(PAGE, {"categories": [code]})
    assert r.status == 422, r
    text = page_text(r.text)
    assert "Välj minst en organisation att klassificera." in text, text[:800]
    assert 'href="#organisations"' in r.text
    assert re.search(r'value="%s" checked' % re.escape(code), r.text), "the category stays ticked"

    r = official.post(PAGE, {"organisations": [str(org)]})
    assert r.status == 422, r
    text = page_text(r.text)
    assert "Välj minst en verksamhetskategori att ge dem." in text, text[:800]
    assert 'href="#categories"' in r.text
    assert re.search(r'name="organisations" value="%d" checked' % org, r.text), "the organisation stays ticked"

    r = official.post(PAGE, {"organisations": [str(org)], "categories": ["ingen-sadan-kategori"]})
    assert r.status == 422, r
    assert state(site.db) == before


def test_the_public_and_representatives_may_not_classify(site):
    org = create_org(site.official, "Oklassad skyddad förening", categories=None)
    code = category_codes(site.db)[0]
    before = state(site.db)
    anon = site.server.client()
    r = anon.get(PAGE)
    assert r.status == 303 and r.header("location").startswith("/logga-in"), r
    anon.csrf()
    r = anon.post(PAGE, {"organisations": [str(org)], "categories": [code]})
    assert r.status in (303, 403), r
    rep = site.representative
    assert rep.get(PAGE).status == 403
    assert rep.post(PAGE, {"organisations": [str(org)], "categories": [code]}).status == 403
    assert state(site.db) == before
    assert org in unclassified_in_db(site.db)
