"""A dialogue asked for while PostgreSQL is away is 503 with Retry-After, never "not found": the
page, the list, the feed and the API, and the official's edit form. When the database is
back the same addresses answer as before.

PostgreSQL only, on a PostgreSQL server of the test's own that it stops and starts again."""

from conftest import OFFICIAL, Database, postgresql_only
# The PostgreSQL server of its own and the node on it, as the restart tests make them.
from test_postgresql_restart import node, pg  # noqa: F401 — fixtures

pytestmark = postgresql_only


def public_dialogue(db):
    conn = Database(db)
    try:
        return conn.execute("SELECT id FROM dialogue WHERE state = 'open' ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def test_a_dialogue_is_unavailable_not_missing_while_the_database_is_away(pg, node):
    did = public_dialogue(node.db)
    official = node.client()
    assert official.login(OFFICIAL).status == 303
    paths = [f"/dialoger/{did}", "/dialoger", "/dialoger.atom", f"/api/v1/dialogues/{did}", "/api/v1/dialogues"]
    visitor = node.client()
    for path in paths:
        assert visitor.get(path).status == 200, path
    assert official.get(f"/dialoger/{did}/redigera").status == 200
    pg.halt("fast")
    try:
        for client, path in [(visitor, p) for p in paths] + [(official, f"/dialoger/{did}/redigera")]:
            r = client.get(path, timeout=15)
            assert r.status == 503, f"{path}: {r.status} while the database was away: {r.text[:500]}"
            assert r.header("retry-after"), path
            if path.startswith("/api/"):
                assert r.header("content-type").startswith("application/problem+json"), path
    finally:
        pg.start_again()
    for path in paths:
        for _ in range(50):
            r = visitor.get(path, timeout=15)
            if r.status != 503:
                break
        assert r.status == 200, f"{path}: {r.status} after the database came back"
