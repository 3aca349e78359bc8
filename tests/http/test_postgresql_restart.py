"""PostgreSQL goes away and comes back under a running node: while it is away, pages and the API
answer 503 with Retry-After and a clear message (never a 500, never a hang), and writes are refused
rather than acknowledged; when it is back the node answers again by itself; nothing acknowledged is
lost, nothing refused is half there, and sessions are still good.

PostgreSQL only. The tests use a PostgreSQL server of their own (not the session's), which they
stop, start again and restart with tools/pg-server.sh."""

import threading
import time

import pytest

from conftest import (DEMO_PASSWORD, OFFICIAL, SANITIZER_REPORT, Database, PgServer, Server, create_org, find_form,
                      org_form_data, page_text, postgresql_only, run_cli)

pytestmark = postgresql_only

# A request while the database is away must be answered within this (the node must not hang).
ANSWER_WITHIN = 5.0
# How long the node may take to answer again once the database is back.
RECOVER_WITHIN = 15.0

# Organisation 1 is public in every demo (the demo representative's).
PAGES = ["/", "/organisationer", "/organisationer?q=idrottsf%C3%B6rening", "/organisationer/1", "/konto"]
API = ["/api/v1/organisations", "/api/v1/organisations/1", "/api/v1/organisations?category=icnpo1"]
# Pages that need no data (or may answer without it): 503 as above, or their own answer, never a 5xx.
OUTAGE_PAGES = ["/logga-in", "/finns-inte", "/organisationer/999999", "/tillganglighet"]
OUTAGE_API = ["/api/v1/organisations/999999", "/api/v1/finns-inte"]


@pytest.fixture(scope="module")
def pg():
    server = PgServer(prefix="samverkan-pg-restart-")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def node(pg, workdir):
    db = pg.createdb("restart")
    run_cli("demo", "--db", db, "--organisations", "40")
    s = Server(db, workdir, threads=2)
    yield s
    rc = s.stop()
    assert not SANITIZER_REPORT.search(s.stderr()), f"sanitizer error:\n{s.stderr()[-4000:]}"
    assert rc == 0, f"the node exited with {rc}:\n{s.stderr()[-2000:]}"


@pytest.fixture(scope="module")
def store(node):
    conn = Database(node.db)
    yield conn
    conn.close()


@pytest.fixture
def official(node):
    c = node.client()
    r = c.login(OFFICIAL)
    assert r.status == 303, (r, r.text[:500])
    c.csrf("/konto")
    return c


def timed_get(client, path):
    t0 = time.monotonic()
    r = client.get(path, timeout=ANSWER_WITHIN + 5)
    took = time.monotonic() - t0
    assert took < ANSWER_WITHIN, f"GET {path} took {took:.1f} s while the database was away"
    return r


def assert_unavailable(r, what, api=False):
    assert r.status == 503, f"{what}: {r.status} instead of 503: {r.text[:800]}"
    retry = r.header("retry-after")
    assert retry and retry.isdigit() and 0 < int(retry) <= 120, f"{what}: Retry-After is {retry!r}"
    ctype = r.header("content-type", "")
    if api:
        assert ctype.startswith("application/problem+json"), f"{what}: {ctype}"
        j = r.json()
        assert j["status"] == 503 and j.get("title"), j
    else:
        assert ctype.startswith("text/html"), f"{what}: {ctype}"
        text = page_text(r.text)
        assert "Tillfälligt otillgänglig" in text, f"{what}: no clear message: {text[:500]}"
        assert "<h1" in r.text and 'lang="sv"' in r.text


def wait_until_answering(client, path="/organisationer"):
    """Retries a few times with a short sleep; returns the number of 503s seen on the way."""
    deadline = time.monotonic() + RECOVER_WITHIN
    unavailable = 0
    while True:
        r = client.get(path, timeout=ANSWER_WITHIN + 5)
        if r.status == 200:
            return unavailable
        assert r.status == 503, f"while recovering, {path} gave {r.status}: {r.text[:800]}"
        unavailable += 1
        assert time.monotonic() < deadline, f"the node still answers 503 {RECOVER_WITHIN} s after the database came back"
        time.sleep(0.2)


def assert_all_answer(node, official):
    """Every page and API call answers 200 again, on fresh connections (so on every worker)."""
    for _ in range(3):
        for path in PAGES:
            client = official if path == "/konto" else node.client()
            r = client.get(path)
            assert r.status == 200, f"after recovery GET {path} gave {r.status}"
        for path in API:
            r = node.client().get(path)
            assert r.status == 200, f"after recovery GET {path} gave {r.status}"


def edit_description(client, oid, description):
    r = client.get(f"/organisationer/{oid}/redigera")
    assert r.status == 200, r
    form = find_form(r.text, f"/organisationer/{oid}/redigera")
    return client.post(f"/organisationer/{oid}/redigera", org_form_data(form, description=description))


def counts(store):
    return {t: store.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("organisation", "organisation_category", "organisation_district", "contact_person", "audit_log")}


@pytest.mark.parametrize("mode", ["fast", "immediate"])
def test_database_away_and_back(pg, node, store, official, mode):
    oid = 5
    # A write acknowledged before the database goes away.
    kept = f"Sparat före avbrottet ({mode}) – åäö."
    r = edit_description(official, oid, kept)
    assert r.status == 303, (r, r.text[:1500])
    created = create_org(official, f"Före avbrottet {mode}", description="Skapad före avbrottet.")
    # A form opened before the outage and sent during it.
    r = official.get(f"/organisationer/{oid}/redigera")
    form = find_form(r.text, f"/organisationer/{oid}/redigera")
    new_form = find_form(official.get("/organisationer/ny").text, "/organisationer/ny")
    visitor = node.client()
    assert visitor.get("/logga-in").status == 200  # a login form, sent during the outage
    before = counts(store)

    pg.halt(mode)  # "immediate": as if the database server crashed
    try:
        anon = node.client()
        for path in PAGES:
            client = official if path == "/konto" else anon
            assert_unavailable(timed_get(client, path), f"GET {path}")
        for path in API:
            assert_unavailable(timed_get(anon, path), f"GET {path}", api=True)
        for path in OUTAGE_PAGES + OUTAGE_API:
            r = timed_get(anon, path)
            if r.status == 503 or r.status >= 500:
                assert_unavailable(r, f"GET {path}", api=path.startswith("/api/"))
        r = anon.head("/organisationer", timeout=ANSWER_WITHIN + 5)
        assert r.status == 503 and r.header("retry-after"), f"HEAD /organisationer: {r.status}"
        assert_unavailable(timed_get(anon, "/organisationer/1"), "GET again")  # and it keeps answering

        # Writes are refused, not acknowledged.
        lost = f"Skickat under avbrottet ({mode})."
        t0 = time.monotonic()
        r = official.post(f"/organisationer/{oid}/redigera", org_form_data(form, description=lost),
                          timeout=ANSWER_WITHIN + 5)
        assert time.monotonic() - t0 < ANSWER_WITHIN
        assert_unavailable(r, "POST edit")
        data = org_form_data(new_form, name=f"Under avbrottet {mode}", org_number="", public="1",
                             description="Skickad under avbrottet.")
        r = official.post("/organisationer/ny", data, timeout=ANSWER_WITHIN + 5)
        assert_unavailable(r, "POST new organisation")
        r = visitor.post("/logga-in", {"email": OFFICIAL, "password": DEMO_PASSWORD})
        assert_unavailable(r, "POST login")
        assert "sid" not in visitor.cookies
    finally:
        pg.start_again()

    unavailable = wait_until_answering(node.client())
    assert unavailable <= 4, f"{unavailable} requests were refused after the database was back"
    assert_all_answer(node, official)

    # The same browser is still signed in: the session lived in the database.
    r = official.get("/konto")
    assert r.status == 200 and OFFICIAL in r.text
    # What was acknowledged is there; what was refused is not, not even in part.
    assert store.execute("SELECT description FROM organisation WHERE id = ?", (oid,)).fetchone()[0] == kept
    assert kept in official.get(f"/organisationer/{oid}").text
    assert official.get(f"/organisationer/{created}").status == 200
    assert store.execute("SELECT COUNT(*) FROM organisation WHERE name = ?", (f"Under avbrottet {mode}",)).fetchone()[0] == 0
    assert counts(store) == before
    # And the node takes writes again.
    r = edit_description(official, oid, f"Efter avbrottet ({mode}).")
    assert r.status == 303, (r, r.text[:1500])
    assert store.execute("SELECT description FROM organisation WHERE id = ?", (oid,)).fetchone()[0] == f"Efter avbrottet ({mode})."


def test_restart_while_idle(pg, node, store, official):
    """The database restarts between requests: the node's connections are dead without it knowing.
    It answers again by itself (at worst one 503 per worker connection), sessions are kept."""
    r = edit_description(official, 6, "Före omstarten.")
    assert r.status == 303
    pg.restart()
    unavailable = wait_until_answering(node.client())
    assert unavailable <= 4, f"{unavailable} requests were refused after the restart"
    assert_all_answer(node, official)
    assert official.get("/konto").status == 200
    assert store.execute("SELECT description FROM organisation WHERE id = 6").fetchone()[0] == "Före omstarten."
    r = edit_description(official, 6, "Efter omstarten.")
    assert r.status == 303, (r, r.text[:1500])
    assert "Efter omstarten." in official.get("/organisationer/6").text


def wait_for_lock_wait(conn, dbname, seconds=10):
    """The pid of the backend of `dbname` that waits for a lock (the node's write in flight)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with conn.cursor() as cur:
            cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'", (dbname,))
            row = cur.fetchone()
        if row:
            return row[0]
        time.sleep(0.05)
    raise AssertionError("the write never reached the locked table")


@pytest.mark.parametrize("how", ["connection dropped", "server restarted"])
def test_write_in_flight(pg, node, store, official, how):
    """A write is half done (organisation updated, its transaction open) when its connection is
    dropped or the database stops: the answer is 503, and after recovery nothing of it is there."""
    oid = 7
    r = edit_description(official, oid, "Före skrivningen under avbrottet.")
    assert r.status == 303
    row_before = store.execute("SELECT description, updated_at FROM organisation WHERE id = ?", (oid,)).fetchone()
    before = counts(store)
    r = official.get(f"/organisationer/{oid}/redigera")
    form = find_form(r.text, f"/organisationer/{oid}/redigera")
    dbname = node.db.rsplit("/", 1)[1]

    # Another session holds the audit log so inserts wait: the node's transaction stops just
    # before its last statement, after the organisation row was updated.
    import psycopg2

    locker = psycopg2.connect(node.db)
    admin = pg.admin()
    result = {}
    try:
        with locker.cursor() as cur:
            cur.execute("LOCK TABLE audit_log IN SHARE MODE")

        def post():
            try:
                result["r"] = official.post(f"/organisationer/{oid}/redigera",
                                            org_form_data(form, description="Halvgjord skrivning."), timeout=20)
            except Exception as e:  # noqa: BLE001 — reported by the assertion below
                result["error"] = e

        t = threading.Thread(target=post)
        t.start()
        pid = wait_for_lock_wait(admin, dbname)
        if how == "connection dropped":
            with admin.cursor() as cur:
                cur.execute("SELECT pg_terminate_backend(%s)", (pid,))
            t.join(ANSWER_WITHIN)
        else:
            admin.close()
            # "immediate", as in a crash: every backend quits without releasing its locks, so the
            # write in flight can only fail. A "fast" stop ends the locker's backend too, and
            # when the node's backend hears of the stop only after that, the write finishes and
            # commits first: an acknowledged, whole write (test_database_away_and_back covers
            # that side), but not the half-done one this test is about. That race made the test
            # fail about one run in six before.
            pg.halt("immediate")
            t.join(ANSWER_WITHIN)
            pg.start_again()
        assert not t.is_alive(), "the write in flight was not answered"
        assert "error" not in result, result.get("error")
        assert_unavailable(result["r"], f"POST edit in flight ({how})")
    finally:
        for conn in (locker, admin):
            try:
                conn.close()
            except psycopg2.Error:
                pass
        if how == "server restarted" and "r" not in result:
            try:
                pg.start_again()
            except AssertionError:
                pass

    wait_until_answering(node.client())
    assert_all_answer(node, official)
    assert store.execute("SELECT description, updated_at FROM organisation WHERE id = ?", (oid,)).fetchone() == row_before
    assert counts(store) == before
    assert official.get("/konto").status == 200
    r = edit_description(official, oid, "Efter skrivningen under avbrottet.")
    assert r.status == 303, (r, r.text[:1500])


def test_store_error_is_never_not_found(pg, node, store, official):
    """With the database away, a dialogue, a submission and an organisation, asked for by id, are
    503 with Retry-After, for visitors and officials, on pages and the API: a failed query is never
    shown as "not found" (the outcome of a load is "unavailable", not "absent")."""
    dialogue = store.execute("SELECT id FROM dialogue WHERE state = 'open' ORDER BY id").fetchone()[0]
    submission = store.execute(
        "SELECT s.id FROM submission s JOIN dialogue d ON d.id = s.dialogue_id WHERE s.publish_consent = 1 "
        "AND s.hidden_at IS NULL AND d.state <> 'draft' ORDER BY s.id").fetchone()[0]
    organisation = 1
    visitor_paths = [f"/dialoger/{dialogue}", f"/synpunkter/{submission}", f"/organisationer/{organisation}"]
    official_paths = visitor_paths + [f"/dialoger/{dialogue}/redigera", f"/organisationer/{organisation}/redigera"]
    api_paths = [f"/api/v1/dialogues/{dialogue}", f"/api/v1/submissions/{submission}",
                 f"/api/v1/organisations/{organisation}"]
    # Each answers normally before the outage, so a 404 below could only come from the outage.
    for path in visitor_paths + api_paths:
        assert node.client().get(path).status == 200, path
    for path in official_paths:
        assert official.get(path).status == 200, path
    pg.halt("fast")
    try:
        for path in visitor_paths:
            assert_unavailable(timed_get(node.client(), path), f"visitor GET {path}")
        for path in official_paths:
            assert_unavailable(timed_get(official, path), f"official GET {path}")
        for path in api_paths:
            assert_unavailable(timed_get(node.client(), path), f"GET {path}", api=True)
    finally:
        pg.start_again()
    wait_until_answering(node.client())
    for path in visitor_paths + api_paths:
        assert node.client().get(path).status == 200, path
