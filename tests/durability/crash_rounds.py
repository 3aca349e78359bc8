#!/usr/bin/python3
"""Crash safety, shown: rounds of writes from several clients against `samverkan serve`, a kill -9
at a random moment, a restart, and a check that every write that got a success answer is in the
database, whole, and that SQLite's file passes PRAGMA integrity_check.

Run:  /usr/bin/python3 tests/durability/crash_rounds.py --store sqlite [--rounds 100] [--seed S]
      /usr/bin/python3 tests/durability/crash_rounds.py --store postgresql [--rounds 20]
(`make check-durability` runs both; ROUNDS=N there overrides both counts.) SAMVERKAN names the
program, as for the HTTP tests, whose helpers (tests/http/conftest.py) start the server, the
throw-away PostgreSQL server and the signed-in clients.

A write counts as acknowledged when the server answered it with its success redirect; the
answer is recorded before the next request, so a write in flight at the kill is never counted,
and such a write may or may not be in the database afterwards. Each acknowledged write is then
looked up with everything its transaction made: a submission with its history event and audit
row, an organisation edit (description carries a sequence number per organisation: the stored
one may be the last acknowledged or a later one that was in flight, never an older one) with its
audit rows, a sign-up with its verification token, its queued e-mail and its audit row."""

import argparse
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
import conftest  # noqa: E402 — the HTTP tests' helpers: Server, Client, PgServer, Database
from conftest import COORDINATOR, OFFICIAL, REPRESENTATIVE, Database, PgServer, Server, run_cli  # noqa: E402
import write_load  # noqa: E402
from write_load import SEQ_IN_DESCRIPTION, EditWriter, Ledger, SignupWriter, SubmissionWriter  # noqa: E402

DEFAULT_ROUNDS = {"sqlite": 100, "postgresql": 20}
SERVER_THREADS = 2
# How long the clients write before the kill, seconds, counted from the round's first
# acknowledged write (a restart on a busy machine may take a while): short windows, many rounds,
# yet long enough now and then for a sign-up, whose password hashing is slow on purpose.
KILL_AFTER = (0.0, 1.2)
EDITED = {REPRESENTATIVE: (1, 2), COORDINATOR: (3, 4, 5)}  # organisations each editor owns here


# What else each write's transaction made, by the write's id: (query counting it, its name).
SUBMISSION_PARTS = (
    ("SELECT COUNT(*) FROM submission_event WHERE submission_id = ? AND status = 'received'", "'received' event"),
    ("SELECT COUNT(*) FROM audit_log WHERE entity = 'submission' AND entity_id = ? AND action = 'create'", "audit row"),
)
SIGNUP_PARTS = (
    ("SELECT COUNT(*) FROM account_token WHERE account_id = ? AND purpose = 'verify'", "verification token"),
    ("SELECT COUNT(*) FROM outbox WHERE to_address = (SELECT email FROM account WHERE id = ?)", "queued e-mail"),
    ("SELECT COUNT(*) FROM audit_log WHERE entity = 'account' AND entity_id = ? AND action = 'signup'", "audit row"),
)


def check_writes(db, ledger, rnd=None):
    """The acknowledged writes (of round rnd, or all) missing from the database: a list of
    descriptions, empty when none is lost or torn."""
    problems = []
    with Database(db) as conn:
        def one(sql, params):
            row = conn.execute(sql, params).fetchone()
            return row[0] if row else None

        def torn(what, key, parts):
            return [f"{what} has no {name}" for sql, name in parts if not one(sql, (key,))]

        for r, sid, title, body, _sent, _acked in ledger.submissions:
            if rnd is not None and r != rnd:
                continue
            row = conn.execute("SELECT title, body FROM submission WHERE id = ?", (sid,)).fetchone()
            if row is None or tuple(row) != (title, body):
                problems.append(f"submission {sid} ({title!r}, round {r}) is {'missing' if row is None else row}")
            else:
                problems += torn(f"submission {sid}", sid, SUBMISSION_PARTS)
        for r, email, _sent, _acked in ledger.signups:
            if rnd is not None and r != rnd:
                continue
            acc = one("SELECT id FROM account WHERE email = ?", (email,))
            if acc is None:
                problems.append(f"sign-up {email} (round {r}) is missing")
            else:
                problems += torn(f"sign-up {email}", acc, SIGNUP_PARTS)
        for oid, e in sorted(ledger.edits.items()):
            desc = one("SELECT description FROM organisation WHERE id = ?", (oid,)) or ""
            m = SEQ_IN_DESCRIPTION.search(desc)
            n = int(m.group(2)) if m else 0
            if not e["acked"] <= n <= e["sent"]:
                problems.append(f"organisation {oid}: description has edit {n}, acknowledged up to {e['acked']} "
                                f"(sent up to {e['sent']})")
            audited = one("SELECT COUNT(*) FROM audit_log WHERE entity = 'organisation' AND entity_id = ? "
                          "AND action = 'update'", (oid,))
            if audited < e["count"]:
                problems.append(f"organisation {oid}: {audited} audited updates, {e['count']} acknowledged")
    return problems


def sqlite_integrity(path):
    """PRAGMA integrity_check and foreign_key_check on the file: "ok" or the problems."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()
    problems = [] if rows == ["ok"] else rows
    problems += [f"foreign key: {r}" for r in fk]
    return "ok" if not problems else "; ".join(map(str, problems[:10]))


def run(store, rounds, seed, keep):
    rng = random.Random(seed)
    run_id = f"{os.getpid()}x{seed}"
    workdir = tempfile.mkdtemp(prefix=f"samverkan-durability-{store}-")
    pg = None
    server = None
    started = time.monotonic()
    try:
        if store == "postgresql":
            pg = PgServer(prefix="samverkan-durability-pg-")
            db = pg.createdb("durability")
        else:
            db = os.path.join(workdir, "durability.db")
        run_cli("demo", "--db", db, "--organisations", "40", timeout=300)
        server = Server(db, workdir, threads=SERVER_THREADS)
        ledger = Ledger()
        port = server.port
        writers = [
            SubmissionWriter("foretradare", port, ledger, run_id, REPRESENTATIVE),
            SubmissionWriter("tjansteperson", port, ledger, run_id, OFFICIAL),
            EditWriter("foretradare-red", port, ledger, run_id, REPRESENTATIVE, EDITED[REPRESENTATIVE]),
            EditWriter("samordnare-red", port, ledger, run_id, COORDINATOR, EDITED[COORDINATOR]),
            SignupWriter("anmalan", port, ledger, run_id, 1),
        ]
        lost = set()  # acknowledged writes missing or torn (a write lost early is found again later)
        broken = []  # failed integrity checks
        other = []  # anything else that makes the run fail

        def check(rnd, when):
            problems = check_writes(db, ledger, rnd)
            lost.update(problems)
            integrity = sqlite_integrity(db) if pg is None else "ok"
            if integrity != "ok":
                broken.append(f"{when}: {integrity}")
                problems.append(f"integrity_check: {integrity}")
            if problems:
                print(f"{store}: {when}: " + "\n  ".join(problems[:20]), file=sys.stderr)

        for rnd in range(rounds):
            for w in writers:
                w.set_port(server.port)
            before = ledger.total()
            finish = write_load.start(writers, rnd)
            deadline = time.monotonic() + 10
            while ledger.total() == before and time.monotonic() < deadline:
                time.sleep(0.002)
            time.sleep(rng.uniform(*KILL_AFTER))
            server.stop(sig=9)  # SIGKILL: no chance to finish anything
            finish()
            server = Server(db, workdir, threads=SERVER_THREADS)
            check(rnd, f"round {rnd + 1}")
        # Once more over everything, after a clean stop: nothing acknowledged in an early round may
        # have gone missing in a later one.
        rc = server.stop()
        server = None
        if rc != 0:
            other.append(f"the last server exited {rc} on SIGTERM")
        check(None, "after the last round")
        kinds = {"submissions": len(ledger.submissions),
                 "organisation edits": sum(e["count"] for e in ledger.edits.values()),
                 "sign-ups": len(ledger.signups)}
        empty = [k for k, n in kinds.items() if n == 0]
        if empty:
            other.append(f"no acknowledged {', '.join(empty)}: the run did not test them")
        for problem in other:
            print(f"{store}: {problem}", file=sys.stderr)
        detail = ", ".join(f"{n} {k}" for k, n in kinds.items())
        if pg is not None:
            whole = "rows checked"
        else:
            whole = "integrity ok" if not broken else f"integrity FAILED {len(broken)} times"
        print(f"{store}: {rounds} rounds, {ledger.total()} acknowledged writes ({detail}), {len(lost)} lost, {whole} "
              f"[{time.monotonic() - started:.0f} s, seed {seed}]")
        if ledger.refused:
            print(f"{store}: not acknowledged (not counted): " +
                  ", ".join(f"{k}: {n}" for k, n in sorted(ledger.refused.items())))
        return 1 if lost or broken or other else 0
    finally:
        if server is not None:
            server.stop(sig=9)
        if pg is not None:
            pg.stop()
        if keep:
            print(f"{store}: kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--store", choices=("sqlite", "postgresql"), default="sqlite")
    p.add_argument("--rounds", type=int, help="default: 100 on SQLite, 20 on PostgreSQL")
    p.add_argument("--seed", type=int, default=None, help="the random kill moments (printed, to repeat a run)")
    p.add_argument("--keep", action="store_true", help="keep the database and server logs")
    a = p.parse_args()
    assert os.access(conftest.SAMVERKAN, os.X_OK), f"no program at {conftest.SAMVERKAN}: run make first"
    seed = a.seed if a.seed is not None else random.SystemRandom().randrange(1 << 31)
    return run(a.store, a.rounds or DEFAULT_ROUNDS[a.store], seed, a.keep)


if __name__ == "__main__":
    sys.exit(main())
