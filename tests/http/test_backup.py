"""samverkan backup and restore: a backup taken while serve takes writes is one moment of the
database (the exports, submissions and audit log of the restored copy are exactly the source's
up to that moment, and everything acknowledged before the backup began is in it); a backup of a
quiet database restores to identical exports; and every refusal (a PostgreSQL database, an
existing output file, a file that is not a samverkan database, a database in use) says why,
exits non-zero and leaves the files as they were.

Backups are files of SQLite databases: on PostgreSQL (SAMVERKAN_STORE=postgresql) only the test
that the command points to pg_dump runs."""

import json
import os
import sqlite3
import sys
import time

import pytest

from conftest import COORDINATOR, ON_PG, OFFICIAL, REPRESENTATIVE, query, run_cli

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "durability"))
import write_load  # noqa: E402
from write_load import SEQ_IN_DESCRIPTION, EditWriter, Ledger, SubmissionWriter  # noqa: E402

sqlite_only = pytest.mark.skipif(ON_PG, reason="backups are of SQLite files; PostgreSQL's are pg_dump's")
EDITED = {REPRESENTATIVE: (1, 2), COORDINATOR: (3, 4)}
SUBMISSION_COLUMNS = "id, account_id, organisation_id, department_id, kind, title, body, status, received_at"
AUDIT_COLUMNS = "id, at, account_id, entity, entity_id, action, detail"


def demo(workdir, name, *extra):
    db = os.path.join(workdir, f"{name}-{time.monotonic_ns()}.db")
    run_cli("demo", "--db", db, *extra, timeout=300)
    return db


def export(db):
    """The public register as `samverkan export organisations --format json` gives it."""
    return json.loads(run_cli("export", "organisations", "--format", "json", "--db", db).stdout)


def rows(db, table, columns):
    return query(db, f"SELECT {columns} FROM {table} ORDER BY id")


def load(server, ledger):
    """Writers against the server: two people sending proposals, two editors of organisations."""
    run_id = f"backup{server.port}"
    return [
        SubmissionWriter("foretradare", server.port, ledger, run_id, REPRESENTATIVE),
        SubmissionWriter("tjansteperson", server.port, ledger, run_id, OFFICIAL),
        EditWriter("foretradare-red", server.port, ledger, run_id, REPRESENTATIVE, EDITED[REPRESENTATIVE]),
        EditWriter("samordnare-red", server.port, ledger, run_id, COORDINATOR, EDITED[COORDINATOR]),
    ]


def backup(db, output, *extra, check=True):
    return run_cli("backup", "--db", db, "--output", output, *extra, check=check)


def integrity(path):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def edit_seq(description):
    m = SEQ_IN_DESCRIPTION.search(description or "")
    return int(m.group(2)) if m else 0


@sqlite_only
def test_backup_of_a_quiet_database_restores_to_identical_exports(server_factory, workdir):
    db = demo(workdir, "quiet", "--organisations", "60")
    server = server_factory(db)
    ledger = Ledger()
    finish = write_load.start(load(server, ledger))
    time.sleep(1.0)
    finish()
    assert ledger.submissions and any(e["count"] for e in ledger.edits.values()), ledger.refused
    source_export = export(db)
    source_submissions = rows(db, "submission", SUBMISSION_COLUMNS)
    out = os.path.join(workdir, "quiet-backup.db")

    p = backup(db, out)  # the server is still running, idle
    assert p.stdout.strip().endswith("integrity ok"), p.stdout
    assert integrity(out) == ["ok"]
    assert os.stat(out).st_mode & 0o777 == 0o600, "a backup holds personal data: its owner's only"
    assert not [f for f in os.listdir(workdir) if f.startswith("quiet-backup.db.")], "a temporary file was left"
    restored = os.path.join(workdir, "quiet-restored.db")
    run_cli("restore", out, "--db", restored)

    assert export(restored) == source_export
    assert rows(restored, "submission", SUBMISSION_COLUMNS) == source_submissions
    ids = {r[0] for r in source_submissions}
    assert all(s[1] in ids for s in ledger.submissions)
    for oid, e in ledger.edits.items():
        item = next(o for o in export(restored) if o["id"] == oid)
        assert edit_seq(item["description"]) == e["acked"] > 0
    # The server was not disturbed: it takes a write, which the backup of course does not have.
    more = Ledger()
    writer = load(server, more)[0]
    writer.write_one(0)
    (_, sid, title, *_), = more.submissions
    assert query(db, "SELECT title FROM submission WHERE id = ?", (sid,)) == [(title,)]
    assert query(restored, "SELECT COUNT(*) FROM submission WHERE id = ?", (sid,)) == [(0,)]


@sqlite_only
def test_backup_under_write_load_is_one_moment_of_the_source(server_factory, workdir):
    # Large enough (about 16 MB) for the backup to take several steps while the writers commit.
    db = demo(workdir, "load", "--organisations", "300", "--bench-submissions", "20000")
    server = server_factory(db)
    ledger = Ledger()
    audit_before = rows(db, "audit_log", AUDIT_COLUMNS)
    subs_before = {r[0] for r in rows(db, "submission", "id")}
    finish = write_load.start(load(server, ledger))
    time.sleep(0.7)
    began = time.monotonic()
    out = os.path.join(workdir, "load-backup.db")
    backup(db, out)
    ended = time.monotonic()
    time.sleep(0.7)
    finish()
    assert integrity(out) == ["ok"]
    restored = os.path.join(workdir, "load-restored.db")
    run_cli("restore", out, "--db", restored)

    # The audit log is append-only and ordered by commit: the copy's is exactly the source's up to
    # some row, and the writers went on after it (so the backup was taken under load).
    source_audit = rows(db, "audit_log", AUDIT_COLUMNS)
    copy_audit = rows(restored, "audit_log", AUDIT_COLUMNS)
    moment = copy_audit[-1][0]
    assert copy_audit == [r for r in source_audit if r[0] <= moment]
    assert len(copy_audit) > len(audit_before), "nothing was written before the backup"
    assert source_audit[-1][0] > moment, "nothing was written after the backup"

    # Submissions (ids given in commit order, one writer at a time): the same prefix, holding
    # every one acknowledged before the backup began and none sent after it ended.
    source_subs = rows(db, "submission", SUBMISSION_COLUMNS)
    copy_subs = rows(restored, "submission", SUBMISSION_COLUMNS)
    last = copy_subs[-1][0]
    assert copy_subs == [r for r in source_subs if r[0] <= last]
    copied = {r[0] for r in copy_subs}
    for _, sid, title, _, sent, acked in ledger.submissions:
        if acked < began:
            assert sid in copied, f"{title} was acknowledged before the backup began but is not in it"
        if sent > ended:
            assert sid not in copied, f"{title} was sent after the backup ended but is in it"
    created = {r[4] for r in copy_audit[len(audit_before):] if r[3] == "submission" and r[5] == "create"}
    assert created == copied - subs_before

    # The register: organisations nobody edited are exported exactly alike; an edited one carries
    # the edit its audit rows in the copy say was the last committed, and otherwise the same.
    source_export = {o["id"]: o for o in export(db)}
    copy_export = {o["id"]: o for o in export(restored)}
    assert copy_export.keys() == source_export.keys()
    for oid, item in copy_export.items():
        e = ledger.edits.get(oid)
        if e is None:
            assert item == source_export[oid]
            continue
        n = edit_seq(item["description"])
        updates = sum(1 for r in copy_audit[len(audit_before):] if r[3:6] == ("organisation", oid, "update"))
        assert n == updates, f"organisation {oid}: edit {n} in the copy, {updates} edits audited there"
        acked_before = max([h[0] for h in e["history"] if h[3] is not None and h[3] < began], default=0)
        sent_by_end = max([h[0] for h in e["history"] if h[2] <= ended], default=0)
        assert acked_before <= n <= sent_by_end
        if n:
            assert item["description"] == e["history"][n - 1][1]
        mask = ("description", "updated_at")
        assert {k: v for k, v in item.items() if k not in mask} == \
            {k: v for k, v in source_export[oid].items() if k not in mask}


def test_backup_of_a_postgresql_database_points_to_pg_dump(workdir):
    url = "postgresql://samverkan@db.example/samverkan"
    out = os.path.join(workdir, "pg-backup.db")
    p = backup(url, out, check=False)
    assert p.returncode == 1
    assert "PostgreSQL" in p.stderr and "pg_dump -Fc" in p.stderr and url in p.stderr
    assert not os.path.exists(out)
    p = run_cli("restore", out, "--db", url, check=False)
    assert p.returncode == 1 and "pg_restore" in p.stderr


@sqlite_only
def test_backup_refuses_to_overwrite_unless_forced(workdir):
    db = demo(workdir, "overwrite", "--organisations", "5")
    out = os.path.join(workdir, "overwrite-backup.db")
    with open(out, "w") as f:
        f.write("an earlier backup\n")
    p = backup(db, out, check=False)
    assert p.returncode == 1 and "exists" in p.stderr and "--force" in p.stderr
    assert open(out).read() == "an earlier backup\n"
    backup(db, out, "--force")
    assert integrity(out) == ["ok"]
    assert query(out, "SELECT COUNT(*) FROM organisation") == query(db, "SELECT COUNT(*) FROM organisation")


@sqlite_only
def test_backup_failures_say_why_and_leave_nothing(workdir):
    missing = os.path.join(workdir, "no-such.db")
    out = os.path.join(workdir, "never.db")
    p = backup(missing, out, check=False)
    assert p.returncode == 1 and "no database at" in p.stderr and missing in p.stderr
    assert not os.path.exists(missing), "a backup must not create the database it was asked to copy"
    assert not os.path.exists(out)

    db = demo(workdir, "unwritable", "--organisations", "5")
    p = backup(db, os.path.join(workdir, "no-such-dir", "b.db"), check=False)
    assert p.returncode == 1 and "cannot create" in p.stderr and "No such file or directory" in p.stderr

    notdb = os.path.join(workdir, "not-a-db.txt")
    with open(notdb, "w") as f:
        f.write("name,org_number\n")
    p = backup(notdb, out, check=False)
    assert p.returncode == 1 and "not a SQLite database" in p.stderr
    assert not os.path.exists(out)
    other = os.path.join(workdir, "other-app-source.db")
    sqlite3.connect(other).execute("CREATE TABLE note (id INTEGER PRIMARY KEY)").connection.close()
    p = backup(other, out, check=False)
    assert p.returncode == 1 and "not a samverkan" in p.stderr
    assert not os.path.exists(out)
    assert [f for f in os.listdir(workdir) if f.startswith("never.db")] == []

    assert run_cli("backup", "--db", db, check=False).returncode == 2  # no --output


@sqlite_only
def test_restore_refuses_what_is_not_a_samverkan_backup(workdir):
    target = demo(workdir, "target", "--organisations", "5")
    before = export(target)
    notdb = os.path.join(workdir, "restore-not-a-db.txt")
    with open(notdb, "w") as f:
        f.write("this is a letter, not a database\n")
    other = os.path.join(workdir, "other-app.db")
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()
    newer = os.path.join(workdir, "newer.db")
    backup(target, newer)
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE schema_version SET version = 999")
    conn.commit()
    conn.close()

    for path, words in ((notdb, "not a SQLite database"), (other, "not a samverkan"),
                        (newer, "newer than this program"), (os.path.join(workdir, "absent.db"), "cannot read")):
        p = run_cli("restore", path, "--db", target, check=False)
        assert p.returncode == 1, (path, p.stderr)
        assert words in p.stderr, (path, p.stderr)
    assert export(target) == before
    assert integrity(target) == ["ok"]
    # Nor is a file that is not a database replaced by a good backup (a mistyped --db).
    good = os.path.join(workdir, "good-backup.db")
    backup(target, good)
    p = run_cli("restore", good, "--db", notdb, check=False)
    assert p.returncode == 1 and "not replaced" in p.stderr
    assert open(notdb).read() == "this is a letter, not a database\n"


@sqlite_only
def test_restore_refuses_a_database_that_serve_has_open(server_factory, workdir):
    db = demo(workdir, "in-use", "--organisations", "5")
    out = os.path.join(workdir, "in-use-backup.db")
    backup(db, out)
    server = server_factory(db)
    c = server.client()
    assert c.login(REPRESENTATIVE).status == 303  # a write: a new session
    p = run_cli("restore", out, "--db", db, check=False)
    assert p.returncode == 1 and "in use" in p.stderr and "stop it first" in p.stderr
    assert c.get("/konto").status == 200, "the running server lost its database"
    # Killed, so its -wal still holds commits of the old database: none may reach the new one.
    server.stop(sig=9)
    assert os.path.getsize(db + "-wal") > 0
    in_backup = query(out, "SELECT COUNT(*) FROM session")
    assert query(db, "SELECT COUNT(*) FROM session") > in_backup
    run_cli("restore", out, "--db", db)
    assert not os.path.exists(db + "-wal") and not os.path.exists(db + "-shm")
    # The session made after the backup is gone with the rest of what came after it.
    assert query(db, "SELECT COUNT(*) FROM session") == in_backup
    assert integrity(db) == ["ok"]
    assert export(db) == export(out)


def test_backup_and_restore_have_help_and_refuse_unknown_flags(workdir):
    for cmd, words in (("backup", "--output FILE"), ("restore", "restore FILE")):
        p = run_cli(cmd, "--help")
        assert p.stdout.startswith(f"usage: samverkan {cmd}") and words in p.stdout and "pg_" in p.stdout
        db = os.path.join(workdir, f"flag-{cmd}.db")
        p = run_cli(cmd, "--no-such-flag", "--db", db, check=False)
        assert p.returncode == 2 and "unknown option '--no-such-flag'" in p.stderr and "--help" in p.stderr
        assert not os.path.exists(db)
