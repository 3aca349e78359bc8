"""Two `samverkan serve` nodes on one PostgreSQL database, as behind a load balancer: a session
made on one node is good on the other, a change made on one is seen on the other at once (also
through the register's cached lists), a CSRF token travels with the session, and failed logins
count on every node.

PostgreSQL only: SQLite is one file on one machine."""

import pathlib
import re
import urllib.parse

import pytest

from conftest import (EXTRA_PASSWORD, OFFICIAL, SANITIZER_REPORT, Database, Server, create_org, csrf_from,
                      field_value, find_form, main_html, new_db, org_form_data, org_ids, postgresql_only,
                      run_cli)

pytestmark = postgresql_only

THROTTLED = "tva-noder@exempel.se"


def total_of(html):
    """The number of matches the register announces above its results."""
    m = re.search(r'id="results"[^>]*>\s*(\d[\d\s\u00a0]*)', html)
    assert m, "the register says how many organisations match"
    return int(re.sub(r"\D", "", m.group(1)))


def register(client, **params):
    r = client.get("/organisationer?" + urllib.parse.urlencode(params))
    assert r.status == 200, (r, params)
    return r.text


def api_total(client, query=""):
    r = client.get("/api/v1/organisations?" + query)
    assert r.status == 200, (r, r.text[:500])
    return r.json()["total"]


@pytest.fixture(scope="module")
def cluster(workdir):
    """(node A, node B, database): A with two worker threads, B with one, so B's one connection
    certainly holds the register lists it cached before a change made on A."""
    db = new_db(workdir, "two_nodes")
    run_cli("demo", "--db", db, "--organisations", "60")
    run_cli("user", "add", "--db", db, "--email", THROTTLED, "--name", "Två Noder", "--role", "representative",
            env={"SAMVERKAN_PASSWORD": EXTRA_PASSWORD})
    a = Server(db, workdir, threads=2)
    b = Server(db, workdir, threads=1)
    yield a, b, db
    for name, node in (("A", a), ("B", b)):
        rc = node.stop()
        assert not SANITIZER_REPORT.search(node.stderr()), f"sanitizer error on node {name}:\n{node.stderr()[-4000:]}"
        assert rc == 0, f"node {name} exited with {rc}:\n{node.stderr()[-2000:]}"


@pytest.fixture(scope="module")
def node_a(cluster):
    return cluster[0]


@pytest.fixture(scope="module")
def node_b(cluster):
    return cluster[1]


@pytest.fixture(scope="module")
def store(cluster):
    conn = Database(cluster[2])
    yield conn
    conn.close()


def on_node(node, client):
    """The same browser (cookie jar and last CSRF token) talking to another node."""
    other = node.client()
    other.cookies = dict(client.cookies)
    other.last_csrf = client.last_csrf
    return other


def signed_in_on_a(node_a, email=OFFICIAL):
    c = node_a.client()
    r = c.login(email)
    assert r.status == 303, (r, r.text[:500])
    assert "sid" in c.cookies
    return c


def test_session_made_on_a_is_signed_in_on_b(node_a, node_b):
    a = signed_in_on_a(node_a)
    assert a.get("/konto").status == 200
    b = on_node(node_b, a)
    r = b.get("/konto")
    assert r.status == 200, f"B does not know A's session: {r.status} {r.header('location')}"
    assert OFFICIAL in r.text


def test_logout_on_b_ends_the_session_on_a(node_a, node_b):
    a = signed_in_on_a(node_a)
    b = on_node(node_b, a)
    token = b.csrf("/konto")
    r = b.post("/logga-ut", {"_csrf": token})
    assert r.status == 303
    r = a.get("/konto")
    assert r.status == 303 and r.header("location").startswith("/logga-in"), "the session is gone on A too"


def test_csrf_token_from_a_works_on_b(node_a, node_b, store):
    a = signed_in_on_a(node_a)
    oid = store.execute("SELECT id FROM organisation WHERE public = 1 ORDER BY id LIMIT 1 OFFSET 3").fetchone()[0]
    r = a.get(f"/organisationer/{oid}/redigera")
    assert r.status == 200
    form = find_form(r.text, f"/organisationer/{oid}/redigera")
    token = csrf_from(r.text)
    assert token
    # Posted to B with the token A put in its form.
    b = on_node(node_b, a)
    name = field_value(form, "name")
    r = b.post(f"/organisationer/{oid}/redigera", {**org_form_data(form, name=name + " (B)"), "_csrf": token})
    assert r.status == 303, (r, r.text[:1500])
    assert store.execute("SELECT name FROM organisation WHERE id = ?", (oid,)).fetchone()[0] == name + " (B)"
    # A wrong token is still refused on B.
    r = b.post(f"/organisationer/{oid}/redigera", {**org_form_data(form, name="Förfalskad"), "_csrf": "x" * 43})
    assert r.status == 403
    assert store.execute("SELECT name FROM organisation WHERE id = ?", (oid,)).fetchone()[0] == name + " (B)"


def test_edit_on_a_is_seen_on_b_at_once(node_a, node_b, store):
    oid = store.execute("SELECT id FROM organisation WHERE public = 1 ORDER BY id LIMIT 1 OFFSET 7").fetchone()[0]
    word = "Tvånodsprovet"
    visitor_b = node_b.client()
    # B reads (and caches) the organisation, the API item and a search before the change.
    assert visitor_b.get(f"/organisationer/{oid}").status == 200
    assert word not in visitor_b.get(f"/api/v1/organisations/{oid}").json()["description"]
    assert oid not in org_ids(main_html(register(visitor_b, q=word)))
    assert total_of(register(visitor_b, q=word)) == 0

    a = signed_in_on_a(node_a)
    r = a.get(f"/organisationer/{oid}/redigera")
    form = find_form(r.text, f"/organisationer/{oid}/redigera")
    description = f"{word}: beskrivningen ändrad på nod A – åäö."
    r = a.post(f"/organisationer/{oid}/redigera", org_form_data(form, description=description))
    assert r.status == 303, (r, r.text[:1500])

    # At once on B: no waiting, no retry.
    r = visitor_b.get(f"/organisationer/{oid}")
    assert r.status == 200 and description in r.text, "B shows the old description"
    assert visitor_b.get(f"/api/v1/organisations/{oid}").json()["description"] == description
    html = register(visitor_b, q=word)
    assert org_ids(main_html(html)) == [oid] and total_of(html) == 1, "B's search does not find the new text"
    assert [i["id"] for i in visitor_b.get(f"/api/v1/organisations?q={urllib.parse.quote(word)}").json()["items"]] == [oid]


def test_new_organisation_on_a_counts_on_b_at_once(node_a, node_b, store):
    visitor_b = node_b.client()
    name = "Nodbytarnas Idrottsförening"
    category = store.execute("SELECT category_code FROM organisation_category GROUP BY category_code "
                             "ORDER BY COUNT(*) DESC, category_code LIMIT 1").fetchone()[0]
    # B counts the register (and caches its lists): all, a category, a search, the API.
    total = total_of(register(visitor_b))
    in_category = total_of(register(visitor_b, category=category))
    assert total_of(register(visitor_b, q="Nodbytarnas")) == 0
    api = api_total(visitor_b)
    api_in_category = api_total(visitor_b, f"category={category}")

    a = signed_in_on_a(node_a)
    oid = create_org(a, name, description="Skapad på nod A.", categories=[category])

    assert total_of(register(visitor_b)) == total + 1
    assert total_of(register(visitor_b, category=category)) == in_category + 1
    html = register(visitor_b, q="Nodbytarnas")
    assert total_of(html) == 1 and org_ids(main_html(html)) == [oid]
    assert oid in org_ids(main_html(register(visitor_b, q="idrottsföreningar")))
    assert api_total(visitor_b) == api + 1
    assert api_total(visitor_b, f"category={category}") == api_in_category + 1
    assert visitor_b.get(f"/organisationer/{oid}").status == 200

    # Hidden on A: gone from B's public register at once.
    r = a.get(f"/organisationer/{oid}/redigera")
    form = find_form(r.text, f"/organisationer/{oid}/redigera")
    r = a.post(f"/organisationer/{oid}/redigera", org_form_data(form, public=None))
    assert r.status == 303, (r, r.text[:1500])
    assert store.execute("SELECT public FROM organisation WHERE id = ?", (oid,)).fetchone()[0] == 0
    assert total_of(register(visitor_b)) == total
    assert total_of(register(visitor_b, q="Nodbytarnas")) == 0
    assert api_total(visitor_b) == api
    assert visitor_b.get(f"/organisationer/{oid}").status == 404


def test_an_import_in_one_transaction_bumps_the_counter_once_and_counts_on_b(node_a, node_b, store, workdir):
    """A bulk import changes thousands of rows in one transaction: the change counter moves once
    (each bump is a new row version on PostgreSQL, and a chain of thousands made imports
    quadratic), and the node that cached the register's lists still sees every new one."""
    visitor_b = node_b.client()
    total = total_of(register(visitor_b))
    assert total_of(register(visitor_b, q="Importbyn")) == 0
    before = store.execute("SELECT version FROM change_counter WHERE name = 'organisation'").fetchone()[0]
    path = pathlib.Path(workdir, "many.csv")
    rows = [f"Importbyns förening nr {n};ideell förening;Idrott|Kultur;Barn;Beskrivning {n}." for n in range(400)]
    path.write_text("namn;organisationsform;verksamhet;målgrupper;beskrivning\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    out = run_cli("import", "organisations", str(path), "--db", store.db).stdout
    assert "400" in out, out
    after = store.execute("SELECT version FROM change_counter WHERE name = 'organisation'").fetchone()[0]
    assert after == before + 1, (before, after)
    assert total_of(register(visitor_b)) == total + 400
    assert total_of(register(visitor_b, q="Importbyns")) == 400
    # And the next transaction bumps again, once.
    a = signed_in_on_a(node_a)
    create_org(a, "Efter Importen Förening", description="En till.")
    assert store.execute("SELECT version FROM change_counter WHERE name = 'organisation'").fetchone()[0] == after + 1
    assert total_of(register(visitor_b)) == total + 401


def test_login_rate_limit_is_shared(node_a, node_b):
    a, b = node_a.client(), node_b.client()
    a.get("/logga-in")
    b.get("/logga-in")
    statuses = [a.post("/logga-in", {"email": THROTTLED, "password": f"fel-a-{i}"}).status for i in range(3)]
    statuses += [b.post("/logga-in", {"email": THROTTLED, "password": f"fel-b-{i}"}).status for i in range(2)]
    assert statuses == [422] * 5
    # Five failures over two nodes: the address is throttled on both, even with the right password.
    r = b.post("/logga-in", {"email": THROTTLED, "password": EXTRA_PASSWORD})
    assert r.status == 429, "B did not count the failures made on A"
    assert r.header("retry-after")
    assert "sid" not in b.cookies
    a2 = node_a.client()
    a2.get("/logga-in")
    assert a2.post("/logga-in", {"email": THROTTLED, "password": EXTRA_PASSWORD}).status == 429
    # Other accounts still sign in on both.
    assert signed_in_on_a(node_a).get("/konto").status == 200
    c = node_b.client()
    assert c.login(OFFICIAL).status == 303
