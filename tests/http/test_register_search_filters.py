"""The register /organisationer: filters narrow the list, pages cover it, sorting orders it, and
full-text search understands Swedish word forms without folding å/ä/ö away."""

import re
import urllib.parse

import pytest

from conftest import api_all, create_org, main_html, org_ids, partial_code

PER_PAGE = 20


def total_of(html):
    """The number of matches the page announces (the heading above the results)."""
    m = re.search(r'id="results"[^>]*>\s*(\d[\d\s\u00a0]*)', html)
    assert m, "the register says how many organisations match"
    return int(re.sub(r"\D", "", m.group(1)))


def register(client, **params):
    r = client.get("/organisationer?" + urllib.parse.urlencode(params))
    assert r.status == 200, (r, params)
    return r.text


def all_pages(client, **params):
    """Ids over every page of a register query, and the total announced on page 1."""
    html = register(client, **params)
    total = total_of(html)
    ids = org_ids(main_html(html))
    page = 2
    while len(ids) < total and page < 100:
        more = org_ids(main_html(register(client, page=page, **params)))
        assert more, f"page {page} is empty though {len(ids)} of {total} were shown"
        ids += more
        page += 1
    return ids, total


def public_ids(db, sql="", args=()):
    q = "SELECT o.id FROM organisation o WHERE o.public = 1" + sql
    return {r[0] for r in db.execute(q, args)}


def busiest(db, table, column):
    """A code used by some but not all public organisations (the one used by most)."""
    return partial_code(db, table, column)[0]


def test_register_lists_public_organisations(anon, db):
    ids, total = all_pages(anon)
    expected = public_ids(db)
    assert total == len(expected)
    assert set(ids) == expected
    assert len(ids) == len(set(ids)), "no organisation twice"


@pytest.mark.parametrize("param,table,column", [
    ("category", "organisation_category", "category_code"),
    ("district", "organisation_district", "district_code"),
    ("target_group", "organisation_target_group", "target_group_code"),
])
def test_filter_narrows(anon, db, param, table, column):
    code = busiest(db, table, column)
    expected = public_ids(db, f" AND o.id IN (SELECT organisation_id FROM {table} WHERE {column} = ?)", (code,))
    everything = total_of(register(anon))
    html = register(anon, **{param: code})
    assert total_of(html) == len(expected) < everything
    ids = org_ids(main_html(html))
    assert ids and set(ids) <= expected
    # The form shows the filter that is in force.
    assert re.search(r'<option value="%s" selected>' % re.escape(code), html)


def test_legal_form_filter_narrows(anon, db):
    code, n = db.execute("SELECT legal_form, COUNT(*) n FROM organisation WHERE public = 1 GROUP BY legal_form "
                         "ORDER BY n DESC").fetchone()
    everything = total_of(register(anon))
    assert n < everything
    ids, total = all_pages(anon, legal_form=code)
    assert total == n
    assert set(ids) == public_ids(db, " AND o.legal_form = ?", (code,))


def test_filters_combine(anon, db):
    cat = busiest(db, "organisation_category", "category_code")
    dist = busiest(db, "organisation_district", "district_code")
    expected = public_ids(db, " AND o.id IN (SELECT organisation_id FROM organisation_category WHERE category_code = ?)"
                              " AND o.id IN (SELECT organisation_id FROM organisation_district WHERE district_code = ?)",
                          (cat, dist))
    ids, total = all_pages(anon, category=cat, district=dist)
    assert total == len(expected)
    assert set(ids) == expected


def test_filter_by_name_of_district(anon, db):
    code, name = db.execute("SELECT code, name_sv FROM district ORDER BY sort LIMIT 1").fetchone()
    assert total_of(register(anon, district=name)) == total_of(register(anon, district=code))


@pytest.mark.parametrize("word,code", [("Idrott", "icnpo1"), ("sport", "icnpo1"), ("Kultur & fritid", "icnpo1"),
                                       ("Pensionärsförening", "icnpo4"), ("church", "icnpo10")])
def test_words_registers_use_filter_like_the_code(anon, word, code):
    """The words registers use are aliases: the register and the API understand them as the
    import does, ignoring case and joining words."""
    assert all_pages(anon, category=word) == all_pages(anon, category=code)
    assert all_pages(anon, category=code)[1] > 0
    q = urllib.parse.urlencode({"category": word})
    by_word, total = api_all(anon, q)
    by_code, total_by_code = api_all(anon, f"category={code}")
    assert [o["id"] for o in by_word] == [o["id"] for o in by_code] and total == total_by_code


def test_unknown_filter_is_ignored_not_an_error(anon):
    html = register(anon, category="finns-inte")
    assert total_of(html) == total_of(register(anon))


def test_pagination(anon, db):
    p1 = register(anon)
    p2 = register(anon, page=2)
    assert total_of(p1) == total_of(p2) == len(public_ids(db))
    a, b = org_ids(main_html(p1)), org_ids(main_html(p2))
    assert len(a) == PER_PAGE
    assert b and not set(a) & set(b), "page 2 shows other organisations"
    assert 'href="/organisationer?page=2"' in p1, "page 1 links to page 2"
    assert 'aria-current="page"' in p2


def test_pagination_keeps_filters(anon, db):
    code = db.execute("SELECT legal_form FROM organisation WHERE public = 1 GROUP BY legal_form "
                      "HAVING COUNT(*) > ? ORDER BY COUNT(*) DESC", (PER_PAGE,)).fetchone()[0]
    html = register(anon, legal_form=code)
    assert f"legal_form={code}&amp;page=2" in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999999999999999999"])
def test_odd_page_numbers_are_not_errors(anon, page):
    r = anon.get(f"/organisationer?page={page}")
    assert r.status == 200
    assert org_ids(main_html(r.text)), "some organisations are shown"


def sort_keys(db, ids):
    keys = dict(db.execute(f"SELECT id, sort_key FROM organisation WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall())
    return [keys[i] for i in ids]


def test_sort_by_name_both_ways(anon, db):
    asc = org_ids(main_html(register(anon, sort="name")))
    desc = org_ids(main_html(register(anon, sort="name_desc")))
    ka, kd = sort_keys(db, asc), sort_keys(db, desc)
    assert ka == sorted(ka)
    assert kd == sorted(kd, reverse=True)
    first, last = db.execute("SELECT MIN(sort_key), MAX(sort_key) FROM organisation WHERE public = 1").fetchone()
    assert ka[0] == first and kd[0] == last
    assert asc != desc


def test_swedish_alphabetical_order(anon, db):
    # Å, Ä, Ö come after Z in Swedish: a name starting with Ö sorts after one starting with Z.
    keys = sort_keys(db, org_ids(main_html(register(anon, sort="name_desc"))))
    names = dict(db.execute("SELECT sort_key, name FROM organisation").fetchall())
    first_letters = [names[k][:1].upper() for k in keys]
    order = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"
    pos = [order.index(c) for c in first_letters if c in order]
    assert pos == sorted(pos, reverse=True)


def test_sort_by_updated(anon, db):
    ids = org_ids(main_html(register(anon, sort="updated")))
    upd = dict(db.execute("SELECT id, updated_at FROM organisation").fetchall())
    seq = [upd[i] for i in ids]
    assert seq == sorted(seq, reverse=True)


# ---- Search -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_orgs(official):
    """Organisations whose names carry the compound words the search must understand."""
    return {
        "idrott": create_org(official, "Kvarnbackens Idrottsförening", description="Fotboll och friidrott för alla åldrar."),
        "hembygd": create_org(official, "Solöns Hembygdsförening", description="Vi vårdar gamla gårdar och berättelser."),
        "klubb": create_org(official, "Västerby Idrottsklubb", description="Orientering i skogen."),
    }


def search_ids(client, q):
    ids, _ = all_pages(client, q=q)
    return ids


def names_matching(db, word):
    """Public organisations with a word in the name (Python's lower() knows Å, Ä, Ö)."""
    return {i for i, n in db.execute("SELECT id, name FROM organisation WHERE public = 1") if word in n.lower()}


def test_search_finds_plural_of_compound(anon, db, search_orgs):
    found = set(search_ids(anon, "idrottsföreningar"))
    assert search_orgs["idrott"] in found
    assert names_matching(db, "idrottsförening") <= found
    assert search_orgs["hembygd"] not in found


def test_search_finds_definite_form(anon, search_orgs):
    assert search_orgs["hembygd"] in search_ids(anon, "hembygdsföreningen")
    assert search_orgs["hembygd"] in search_ids(anon, "Hembygdsföreningarna")


def test_search_idrottsklubbar_finds_idrottsklubb(anon, db, search_orgs):
    found = set(search_ids(anon, "idrottsklubbar"))
    assert search_orgs["klubb"] in found
    assert names_matching(db, "idrottsklubb") <= found


def test_search_in_description(anon, search_orgs):
    assert search_orgs["hembygd"] in search_ids(anon, "gårdarna")


def test_search_keeps_swedish_letters(anon, db, search_orgs):
    # "forening" without ö is another word: it must not find "förening".
    found = search_ids(anon, "forening")
    assert search_orgs["idrott"] not in found and search_orgs["hembygd"] not in found
    text = dict((i, (n + " " + d).lower()) for i, n, d in db.execute("SELECT id, name, description FROM organisation"))
    for i in found:
        assert "forening" in text[i], f"'forening' found organisation {i} without that word"
    assert search_orgs["hembygd"] not in search_ids(anon, "Solons")


def test_search_combined_with_filter(anon, db, search_orgs):
    cat = db.execute("SELECT category_code FROM organisation_category WHERE organisation_id = ?",
                     (search_orgs["idrott"],)).fetchone()[0]
    other = db.execute("SELECT code FROM category WHERE code != ? ORDER BY sort LIMIT 1", (cat,)).fetchone()[0]
    assert search_orgs["idrott"] in search_ids(anon, "idrottsföreningar") 
    assert search_orgs["idrott"] in all_pages(anon, q="idrottsföreningar", category=cat)[0]
    assert search_orgs["idrott"] not in all_pages(anon, q="idrottsföreningar", category=other)[0]


def test_search_no_match_says_so(anon):
    html = register(anon, q="xyzzyplugh")
    assert total_of(html) == 0
    assert not org_ids(main_html(html))


def test_api_search_agrees_with_pages(anon, search_orgs):
    items, total = api_all(anon, "q=" + urllib.parse.quote("idrottsföreningar"))
    assert search_orgs["idrott"] in {i["id"] for i in items}
    assert total == len(items) == total_of(register(anon, q="idrottsföreningar"))


HOSTILE = ['"', '""', "NOT", "NOT a", "*", "a*", "(", ")", "a OR", "OR", "AND", "NEAR(a b)", "^", "-a", "a:b",
           "name:x", "'", "\\", "{a}", "a\"b", "%", "_", "\u00a0", "\ufffd", "🙂", ";DROP TABLE organisation;--",
           "a" * 300, "ö" * 100, "<script>alert(1)</script>"]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_search_strings_do_not_fail(anon, q):
    r = anon.get("/organisationer?q=" + urllib.parse.quote(q))
    assert r.status == 200, (q, r)
    assert "<script>alert(1)" not in r.text
    total_of(r.text)


@pytest.mark.parametrize("q", [h for h in HOSTILE if len(h) <= 200])
def test_hostile_api_search_strings_do_not_fail(anon, q):
    r = anon.get("/api/v1/organisations?q=" + urllib.parse.quote(q))
    assert r.status == 200, (q, r, r.text[:300])
    assert isinstance(r.json()["items"], list)


def test_raw_bytes_in_search_do_not_fail(anon):
    for raw in ["%00", "%ff%fe", "%c3", "%0d%0aSet-Cookie:%20x=1"]:
        r = anon.get("/organisationer?q=" + raw)
        assert r.status == 200, raw
        assert "x" not in anon.cookies
        r = anon.get("/api/v1/organisations?q=" + raw)
        assert r.status == 200, raw


def test_search_text_is_kept_in_the_form(anon):
    html = register(anon, q='Åre "kör" <b>')
    assert 'value="Åre &quot;kör&quot; &lt;b&gt;"' in html or 'value="Åre &#34;kör&#34; &lt;b&gt;"' in html


def test_a_name_typed_on_a_mac_is_one_spelling_with_the_rest(official, anon, db):
    """macOS and text pasted from PDFs spell "Ö" as "O" and a combining diaeresis; the two look the
    same, so they must be stored, searched and found as one."""
    nfd = "O\u0308sterma\u030alma Fa\u0308ltrittare"
    nfc = "Östermålma Fältrittare"
    oid = create_org(official, nfd)
    assert db.execute("SELECT name FROM organisation WHERE id = ?", (oid,)).fetchone()[0] == nfc
    for typed in (nfc, nfd, "fältrittare", "fa\u0308ltrittare"):
        assert oid in org_ids(main_html(register(anon, q=typed))), typed
