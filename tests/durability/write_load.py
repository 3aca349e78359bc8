"""Write load for the durability and backup tests: client threads that send views and proposals,
organisation edits and sign-ups to a running `samverkan serve`, and a ledger of what the server
acknowledged (its success redirect), with when each write was sent and answered.

Used by tests/durability/crash_rounds.py and tests/http/test_backup.py; built on the HTTP tests'
helpers in tests/http/conftest.py (which must be importable: put tests/http on sys.path)."""

import http.client
import re
import threading
import time
import urllib.parse

import conftest
from conftest import find_form, org_form_data, select_options

# The organisation edit's sequence number, at the end of the description.
SEQ_IN_DESCRIPTION = re.compile(r"\[krocktest (\S+) nr (\d+)\]$")


class Ledger:
    """What the clients were told: the acknowledged writes of each kind, and for each
    organisation the last acknowledged and the highest sent sequence number. Times are
    time.monotonic() when the request was sent and when its success answer had arrived."""

    def __init__(self):
        self.lock = threading.Lock()
        self.submissions = []  # (round, id, title, body, sent, acked)
        self.signups = []  # (round, email, sent, acked)
        # organisation id -> {"acked": n, "sent": n, "count": acknowledged edits,
        #                     "history": [(n, description, sent, acked or None)]}
        self.edits = {}
        self.refused = {}  # "kind status" -> count: answers that were not a success (not counted)

    def refuse(self, what, status):
        with self.lock:
            key = f"{what} {status}"
            self.refused[key] = self.refused.get(key, 0) + 1

    def total(self):
        return len(self.submissions) + len(self.signups) + sum(e["count"] for e in self.edits.values())


class Writer:
    """One client thread's work: a signed-in (or anonymous) browser and the write it repeats."""

    def __init__(self, name, port, ledger, run_id):
        self.name = name
        self.ledger = ledger
        self.run_id = run_id
        self.client = conftest.Client(port)
        self.seq = 0

    def set_port(self, port):
        self.client.port = port

    def loop(self, rnd, stop):
        while not stop.is_set():
            try:
                self.write_one(rnd)
            except (OSError, http.client.HTTPException):
                # The server is gone (killed) or going: whatever was in flight is unacknowledged.
                time.sleep(0.005)


def start(writers, rnd=0):
    """Starts each writer's loop in a thread of its own; returns a function that stops them and
    waits for them (a write in flight is finished or failed first)."""
    stop = threading.Event()
    threads = [threading.Thread(target=w.loop, args=(rnd, stop), daemon=True) for w in writers]
    for t in threads:
        t.start()

    def finish():
        stop.set()
        for t in threads:
            t.join(timeout=60)

    return finish


class SubmissionWriter(Writer):
    """Sends views and proposals to a department through /synpunkter/ny."""

    def __init__(self, name, port, ledger, run_id, email):
        super().__init__(name, port, ledger, run_id)
        r = self.client.login(email)
        assert r.status == 303, f"login as {email}: {r.status}"
        r = self.client.get("/synpunkter/ny")
        assert r.status == 200, r
        form = find_form(r.text, "/synpunkter/ny")
        self.base = {k: v for k, v in form["fields"] if k != "_csrf"}
        self.base.update({"department_id": select_options(r.text, "department_id")[0], "on_behalf": "me",
                          "kind": "proposal", "publish": "1"})

    def write_one(self, rnd):
        self.seq += 1
        title = f"Krocktest {self.run_id} {self.name} {self.seq}"
        body = f"Förslag {self.seq} från {self.name} i omgång {rnd}: fler bänkar vid stranden."
        sent = time.monotonic()
        r = self.client.post("/synpunkter/ny", dict(self.base, title=title, body=body))
        m = re.match(r"^/synpunkter/(\d+)\?skickad=1$", r.header("location") or "") if r.status == 303 else None
        if not m:
            self.ledger.refuse("submission", r.status)
            return
        with self.ledger.lock:
            self.ledger.submissions.append((rnd, int(m.group(1)), title, body, sent, time.monotonic()))


class EditWriter(Writer):
    """Edits the description of the organisations it owns (one writer per organisation, so the
    order of its edits is the order they were sent)."""

    def __init__(self, name, port, ledger, run_id, email, org_ids):
        super().__init__(name, port, ledger, run_id)
        r = self.client.login(email)
        assert r.status == 303, f"login as {email}: {r.status}"
        self.forms = {}
        for oid in org_ids:
            r = self.client.get(f"/organisationer/{oid}/redigera")
            assert r.status == 200, (oid, r)
            data = org_form_data(find_form(r.text, f"/organisationer/{oid}/redigera"))
            data["description"] = SEQ_IN_DESCRIPTION.sub("", data["description"]).rstrip()
            self.forms[oid] = data
            ledger.edits[oid] = {"acked": 0, "sent": 0, "count": 0, "history": []}
        self.order = list(org_ids)

    def write_one(self, rnd):
        oid = self.order[self.seq % len(self.order)]
        self.seq += 1
        e = self.ledger.edits[oid]
        n = e["sent"] + 1
        e["sent"] = n
        data = dict(self.forms[oid])
        data["description"] = f"{data['description']} [krocktest {self.run_id} nr {n}]"
        entry = [n, data["description"], time.monotonic(), None]
        e["history"].append(entry)
        r = self.client.post(f"/organisationer/{oid}/redigera", data)
        if r.status != 303 or not (r.header("location") or "").startswith(f"/organisationer/{oid}?"):
            self.ledger.refuse("edit", r.status)
            return
        with self.ledger.lock:
            entry[3] = time.monotonic()
            e["acked"] = n
            e["count"] += 1


class SignupWriter(Writer):
    """Signs up new people through /konto/ny. Sign-ups are limited per client address (100 in 15
    minutes), so each round's sign-ups come from a loopback address of their own (127.0.R.T)."""

    def __init__(self, name, port, ledger, run_id, index):
        super().__init__(name, port, ledger, run_id)
        self.index = index
        self.token = None

    def write_one(self, rnd):
        if self.token is None:
            r = self.client.get("/konto/ny")
            self.token = self.client.last_csrf if r.status == 200 else None
            if not self.token:
                return
        self.seq += 1
        email = f"krock-{self.run_id}-{self.index}-{self.seq}@exempel.se"
        fields = {"name": f"Krock Test {self.seq}", "email": email, "password": "krocktest-losen-42",
                  "_csrf": self.token}
        source = f"127.{1 + rnd // 250}.{1 + rnd % 250}.{10 + self.index}"
        sent = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.client.port, timeout=30, source_address=(source, 0))
        try:
            cookie = "; ".join(f"{k}={v}" for k, v in self.client.cookies.items())
            conn.request("POST", "/konto/ny", body=urllib.parse.urlencode(fields),
                         headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
            resp = conn.getresponse()
            resp.read()
            status, location = resp.status, resp.getheader("location") or ""
        finally:
            conn.close()
        if status != 303 or location != "/konto/klart?vad=registrerad":
            self.ledger.refuse("signup", status)
            return
        with self.ledger.lock:
            self.ledger.signups.append((rnd, email, sent, time.monotonic()))
