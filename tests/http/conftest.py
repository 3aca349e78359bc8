"""Shared fixtures for the HTTP tests: a demo database, one running server for the whole session,
a small HTTP client with a cookie jar and CSRF handling, and signed-in clients per role.

Run:  SAMVERKAN=$PWD/build/samverkan /usr/bin/python3 -m pytest -q tests/http
      SAMVERKAN_STORE=postgresql ...   the same suite on PostgreSQL: one throw-away server for the
                                       session (tools/pg-server.sh), a fresh database per program
      ... -n auto (or -n 2)            in parallel with pytest-xdist (python3-pytest-xdist), a test
                                       file at a time per worker; each worker is a session of its
                                       own (work directory, demo database, shared server, its own
                                       PostgreSQL server) and takes ports from a share of its own
Only the Python standard library is used, plus psycopg2 (python3-psycopg2) on PostgreSQL to read
the database the way the tests read the SQLite file."""

import atexit
import datetime
import http.client
import itertools
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.parse
from html.parser import HTMLParser

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SAMVERKAN = os.environ.get("SAMVERKAN") or os.path.join(REPO, "build", "samverkan")
DEMO_PASSWORD = "samverkan-demo"
ADMIN = "admin@exempel.se"
COORDINATOR = "samordnare@exempel.se"
OFFICIAL = "tjansteperson@exempel.se"
REPRESENTATIVE = "foretradare@exempel.se"
REPRESENTED_IDS = (1, 2)
# Accounts the session fixture adds so that tests which lock out or sign out never disturb the
# shared signed-in clients.
THROTTLE_USER = "spaerr@exempel.se"
EXTRA_PASSWORD = "ett-annat-losenord-42"
TIMEOUT = 2  # --timeout given to the shared server, seconds

# Which store the suite runs on: "sqlite" (a file per database) or "postgresql" (a database per
# program on one throw-away PostgreSQL server).
STORE = (os.environ.get("SAMVERKAN_STORE") or "sqlite").strip().lower()
if STORE in ("pg", "postgres"):
    STORE = "postgresql"
if STORE not in ("sqlite", "postgresql"):
    raise RuntimeError(f"SAMVERKAN_STORE={STORE!r}: use sqlite or postgresql")
ON_PG = STORE == "postgresql"
PG_SERVER_SH = os.path.join(REPO, "tools", "pg-server.sh")
# For tests that are about one store only.
postgresql_only = pytest.mark.skipif(not ON_PG, reason="PostgreSQL only (run with SAMVERKAN_STORE=postgresql)")


# Under pytest-xdist (make check runs the suite on PYTEST_WORKERS workers) every worker is a session
# of its own: its own work directory, demo database and shared server, and on PostgreSQL its own
# throw-away PostgreSQL server. What the workers do share is the machine's loopback ports.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", ... ("" when not under xdist)
WORKERS = max(1, int(os.environ.get("PYTEST_XDIST_WORKER_COUNT") or 1))
WORKER_INDEX = int(WORKER[2:]) if re.fullmatch(r"gw\d+", WORKER) else 0


def _my_port(port):
    """Whether a port is in this worker's share. The program listens with SO_REUSEPORT, so two
    servers put on one port would both listen, without an error, and split each other's
    connections: between free_port() and the program's bind no other worker of the run may pick
    the same port. (bind to port 0 gives odd ports, hence the shift.)"""
    return WORKERS == 1 or (port >> 1) % WORKERS == WORKER_INDEX


def free_port():
    """A loopback port nobody listens on just now (bind port 0 and let the kernel choose), from
    this worker's share of the ports (see _my_port)."""
    for _ in range(1000):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if _my_port(port):
            return port
    raise AssertionError(f"no free loopback port in worker {WORKER}'s share after 1000 tries")


def _listening_inodes(port):
    """Inodes of the IPv4 sockets listening on `port` (any address), from /proc/net/tcp; None
    where there is no such file."""
    try:
        with open("/proc/net/tcp", encoding="ascii") as f:
            lines = f.readlines()[1:]
    except OSError:
        return None
    found = set()
    for line in lines:
        fields = line.split()
        if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
            found.add(fields[9])
    return found


def _socket_inodes(pid):
    found = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                found.add(target[8:-1])
    except OSError:
        return None
    return found


def port_shared_with(port, pid):
    """Whether another process listens on the port that process `pid` listens on (possible with
    SO_REUSEPORT: a test run of someone else on the same machine that picked the same port).
    False where /proc cannot tell."""
    listening, ours = _listening_inodes(port), _socket_inodes(pid)
    if listening is None or ours is None:
        return False
    return bool(listening - ours)


def program_env():
    """The environment for the program: under AddressSanitizer, the library leak libh2o leaves at
    thread exit is suppressed (see lsan.supp) so a clean stop still exits 0; SAMVERKAN_STRICT makes
    a programming error the program reports (log_bug) abort, so the test that reached it fails."""
    e = dict(os.environ)
    e.setdefault("SAMVERKAN_STRICT", "1")
    supp = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lsan.supp")
    lsan = e.get("LSAN_OPTIONS", "")
    if "suppressions=" not in lsan:
        e["LSAN_OPTIONS"] = ":".join(x for x in (lsan, f"suppressions={supp}", "print_suppressions=0") if x)
    return e


SANITIZER_REPORT = re.compile(r"ERROR: (Address|Leak|Undefined)Sanitizer|runtime error:")


def run_cli(*args, env=None, check=True, timeout=120):
    """Runs the samverkan program; returns the CompletedProcess (text mode)."""
    e = program_env()
    e.setdefault("SAMVERKAN_LANG", "en")
    if env:
        e.update(env)
    p = subprocess.run([SAMVERKAN, *args], capture_output=True, text=True, env=e, timeout=timeout)
    if check and p.returncode != 0:
        raise AssertionError(f"samverkan {' '.join(args)} exited {p.returncode}\nstdout: {p.stdout}\nstderr: {p.stderr}")
    return p


# --------------------------------------------------------------------------------------------
# Databases on either store


def pg_server(*args, timeout=60):
    """Runs tools/pg-server.sh; returns its output (a URL for start/createdb)."""
    p = subprocess.run(["sh", PG_SERVER_SH, *args], capture_output=True, text=True, timeout=timeout)
    if p.returncode != 0:
        raise AssertionError(f"pg-server.sh {' '.join(args)} exited {p.returncode}: {p.stderr.strip()}")
    return p.stdout.strip()


class PgServer:
    """One throw-away PostgreSQL server in a temporary directory of its own (not under the
    session's work directory: as root the server runs as the postgres user, which must be able
    to reach it)."""

    _names = itertools.count(1)

    def __init__(self, prefix="samverkan-pg-"):
        _stop_on_sigterm()
        self.dir = self.url = None
        atexit.register(self.stop)
        for attempt in (1, 2, 3):
            self.dir = tempfile.mkdtemp(prefix=prefix)
            try:
                # A port of this worker's share (see free_port); another if it is taken meanwhile.
                self.url = pg_server("start", self.dir, str(free_port()))
                break
            except AssertionError as e:
                self.stop()
                if attempt == 3 or "already in use" not in str(e):
                    raise
            except BaseException:
                self.stop()
                raise
        self.port = int(self.url.rsplit(":", 1)[1].split("/", 1)[0])

    def url_for(self, name):
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def unique_name(self, hint="db"):
        return f"sv{next(self._names)}_{re.sub(r'[^a-z0-9]+', '_', hint.lower())}"[:63]

    def createdb(self, hint="db"):
        """A new, empty database; returns its URL. (What `pg-server.sh createdb` does, without
        a shell, su and psql for each of the suite's few dozen databases.)"""
        name = self.unique_name(hint)
        conn = self.admin()
        try:
            with conn.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            conn.close()
        return self.url_for(name)

    def admin(self):
        import psycopg2

        conn = psycopg2.connect(self.url_for("postgres"), connect_timeout=10)
        conn.autocommit = True
        return conn

    def exists(self, name):
        conn = self.admin()
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                return cur.fetchone() is not None
        finally:
            conn.close()

    def recreate(self, name):
        """Drops a database (whoever is connected) and creates it again, empty."""
        conn = self.admin()
        try:
            with conn.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            conn.close()

    def halt(self, mode="fast"):
        """Stops the server for a while (mode "immediate": as if it crashed); see start_again."""
        pg_server("stop", self.dir, mode)

    def start_again(self):
        """Starts a halted server again on the same data directory and port."""
        pg_server("start-again", self.dir)

    def restart(self):
        pg_server("restart", self.dir)

    def stop(self):
        """Stops the server for good and removes its directory."""
        if self.dir and os.path.isdir(self.dir):
            try:
                pg_server("stop", self.dir)
            except (AssertionError, subprocess.TimeoutExpired) as e:
                print(f"stopping PostgreSQL in {self.dir}: {e}")
            shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None


_pg = None
_pg_failed = None


def pg_cluster():
    """The session's PostgreSQL server, started the first time a test needs a database; stopped
    at the end of the session (pytest_sessionfinish, or at exit whatever happens)."""
    global _pg, _pg_failed
    if _pg_failed:
        pytest.fail(f"PostgreSQL could not be started: {_pg_failed}", pytrace=False)
    if _pg is None:
        try:
            _pg = PgServer()
        except Exception as e:  # noqa: BLE001 — every test after this one reports the same cause
            _pg_failed = str(e)
            raise
    return _pg


def _stop_on_sigterm():
    """A SIGTERM (a CI job's timeout) ends the session like Ctrl-C does, so the throw-away
    PostgreSQL servers are stopped instead of left running."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    try:
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        pass


def pytest_configure(config):
    """With pytest-xdist, a test file at a time per worker (--dist loadfile) also when only -n is
    given: a file's tests share module fixtures (a demo database of their own, servers) and some
    go on from what the one before them did."""
    if getattr(config.option, "dist", None) == "load":
        config.option.dist = "loadfile"


def pytest_sessionfinish(session, exitstatus):
    global _pg
    if _pg is not None:
        _pg.stop()
        _pg = None


def new_db(directory, name):
    """A database for one program: a file in `directory` on SQLite (which the program creates),
    a fresh empty database on the session's PostgreSQL server. Returns what --db takes."""
    if ON_PG:
        return pg_cluster().createdb(name)
    return os.path.join(str(directory), f"{name}.db")


def missing_db(directory, name):
    """What --db takes for a database that does not exist (and that nothing should create)."""
    if ON_PG:
        cluster = pg_cluster()
        return cluster.url_for(cluster.unique_name(name))
    return os.path.join(str(directory), f"{name}.db")


def db_exists(db):
    if ON_PG:
        return pg_cluster().exists(db.rsplit("/", 1)[1])
    return os.path.exists(db)


def reset_db(db):
    """Removes a database so it can be made again from nothing under the same --db."""
    if ON_PG:
        pg_cluster().recreate(db.rsplit("/", 1)[1])
        return
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def is_pg_url(db):
    return db.startswith(("postgresql://", "postgres://")) or "=" in db


def _sql_for_psycopg2(sql, params):
    """sqlite3's `?` placeholders as psycopg2's `%s` (outside string literals), and literal `%`
    doubled; psycopg2 interpolates only when there are parameters."""
    if not params:
        return sql
    out, quote = [], None
    for ch in sql:
        if quote:
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
        elif ch == "?":
            out.append("%s")
            continue
        out.append("%%" if ch == "%" else ch)
    return "".join(out)


class Database:
    """Direct access to a samverkan database on either store, for tests that check what was
    stored: execute(sql, params) with `?` placeholders returns a cursor (fetchone, fetchall,
    iteration; rows are tuples). Read-only unless writable=True; every statement commits by
    itself. On PostgreSQL a connection lost (a restarted server) is opened again once.
    The SQLite full-text table cannot be read from Python (it uses samverkan's own tokenizer);
    plain tables are fine."""

    def __init__(self, db, writable=False):
        self.db = db
        self.writable = writable
        self.pg = is_pg_url(db)
        self.conn = None
        self._connect()

    def _connect(self):
        if self.pg:
            import psycopg2

            self.conn = psycopg2.connect(self.db, connect_timeout=10)
            self.conn.set_session(readonly=not self.writable, autocommit=True)
        elif self.writable:
            self.conn = sqlite3.connect(self.db, timeout=10, check_same_thread=False, isolation_level=None)
        else:
            self.conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=10, check_same_thread=False)

    def execute(self, sql, params=()):
        params = tuple(params)
        if not self.pg:
            return self.conn.execute(sql, params)
        import psycopg2

        q = _sql_for_psycopg2(sql, params)
        for attempt in (1, 2):
            try:
                cur = self.conn.cursor()
                cur.execute(q, params or None)
                return cur
            except (psycopg2.OperationalError, psycopg2.InterfaceError):
                if attempt == 2 or not self.conn.closed:
                    raise
                self._connect()

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def months_ago(n):
    """UTC now minus n calendar months as "YYYY-MM-DD HH:MM:SS", what SQLite's
    datetime('now', '-n months') gives (computed here so a query reads alike on both stores)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    months = now.year * 12 + now.month - 1 - n
    year, month = divmod(months, 12)
    # SQLite lets a day past the month's end run into the next month; so does this.
    then = now.replace(year=year, month=month + 1, day=1) + datetime.timedelta(days=now.day - 1)
    return then.strftime("%Y-%m-%d %H:%M:%S")


def query(db, sql, params=()):
    """All rows of one query on the database `db` (what --db takes), as a list of tuples."""
    with Database(db) as conn:
        return [tuple(r) for r in conn.execute(sql, params).fetchall()]


# --------------------------------------------------------------------------------------------
# HTTP client


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers  # list of (name lower-cased, value)
        self.body = body

    def header(self, name, default=None):
        name = name.lower()
        for k, v in self.headers:
            if k == name:
                return v
        return default

    def header_all(self, name):
        name = name.lower()
        return [v for k, v in self.headers if k == name]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        import json

        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return f"<Response {self.status} {self.header('content-type')} {len(self.body)} bytes>"


def csrf_from(html):
    """The `_csrf` hidden field of the first form on a page."""
    m = re.search(r'name="_csrf"\s+value="([^"]+)"', html) or re.search(r'value="([^"]+)"\s+name="_csrf"', html)
    return m.group(1) if m else None


class Client:
    """One browser: a cookie jar, no automatic redirects (tests look at the 303s themselves)."""

    def __init__(self, port, host="127.0.0.1"):
        self.host = host
        self.port = port
        self.cookies = {}
        self.last_csrf = None

    def request(self, method, path, body=None, headers=None, cookies=True, timeout=30):
        h = {"Host": f"{self.host}:{self.port}"}
        if cookies and self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if headers:
            h.update(headers)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            data = resp.read()
            hdrs = [(k.lower(), v) for k, v in resp.getheaders()]
            r = Response(resp.status, resp.reason, hdrs, data)
        finally:
            conn.close()
        if cookies:
            self._store_cookies(r)
        ct = r.header("content-type", "")
        if ct.startswith("text/html"):
            token = csrf_from(r.body.decode("utf-8", "replace"))
            if token:
                self.last_csrf = token
        return r

    def _store_cookies(self, r):
        for sc in r.header_all("set-cookie"):
            first, *attrs = [p.strip() for p in sc.split(";")]
            name, _, value = first.partition("=")
            expired = any(a.lower().replace(" ", "") == "max-age=0" for a in attrs)
            if expired or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def head(self, path, **kw):
        return self.request("HEAD", path, **kw)

    def post(self, path, data=None, csrf=True, **kw):
        """POSTs a form. `data` is a dict (lists become repeated fields) or a list of pairs.
        With csrf=True the last token this client saw is added as `_csrf` unless data has one."""
        pairs = []
        if isinstance(data, dict):
            for k, v in data.items():
                if isinstance(v, (list, tuple)):
                    pairs.extend((k, x) for x in v)
                elif v is not None:
                    pairs.append((k, v))
        elif data:
            pairs = list(data)
        if csrf and not any(k == "_csrf" for k, _ in pairs):
            if self.last_csrf is None:
                raise AssertionError("no CSRF token seen yet: GET a page with a form first")
            pairs.append(("_csrf", self.last_csrf))
        body = urllib.parse.urlencode(pairs).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        headers.update(kw.pop("headers", {}) or {})
        return self.request("POST", path, body=body, headers=headers, **kw)

    def csrf(self, path="/logga-in"):
        """Fetches a page with a form and returns its CSRF token."""
        r = self.get(path)
        token = csrf_from(r.text)
        assert token, f"no _csrf field on {path}"
        self.last_csrf = token
        return token

    def login(self, email, password=DEMO_PASSWORD):
        """Signs in the way a browser does: GET the form (csrf cookie + field), then POST it."""
        r = self.get("/logga-in")
        assert r.status == 200, r
        token = csrf_from(r.text)
        assert token, "login form has no _csrf field"
        return self.post("/logga-in", {"email": email, "password": password, "_csrf": token})


# --------------------------------------------------------------------------------------------
# HTML forms: read back what a form shows (values, checked boxes, selected options, errors)


class FormParser(HTMLParser):
    """Collects the controls of every <form> on a page: forms[i] = {"action", "method", "fields"}
    where fields is a list of (name, value) as a browser would submit them, plus `inputs`, a list of
    dicts describing every control (also unchecked boxes) for assertions."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._textarea = None
        self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action"), "method": (a.get("method") or "get").lower(), "fields": [], "inputs": []}
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        if tag == "input":
            typ = (a.get("type") or "text").lower()
            name = a.get("name")
            info = {"tag": "input", "type": typ, "name": name, "value": a.get("value", ""), "checked": "checked" in a, "id": a.get("id")}
            self._form["inputs"].append(info)
            if not name or typ in ("submit", "button", "image", "reset", "file"):
                return
            if typ in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
            else:
                self._form["fields"].append((name, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = {"tag": "textarea", "name": a.get("name"), "value": "", "id": a.get("id")}
        elif tag == "select":
            self._select = {"tag": "select", "name": a.get("name"), "value": None, "first": None, "id": a.get("id")}
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            v = self._textarea["value"]
            # A browser drops one newline right after <textarea>.
            if v.startswith("\n"):
                v = v[1:]
            self._textarea["value"] = v
            if self._form is not None:
                self._form["inputs"].append(self._textarea)
                if self._textarea["name"]:
                    self._form["fields"].append((self._textarea["name"], v))
            self._textarea = None
        elif tag == "option" and self._option is not None:
            self._close_option()
        elif tag == "select" and self._select is not None:
            if self._option is not None:
                self._close_option()
            s = self._select
            value = s["value"] if s["value"] is not None else s["first"]
            if self._form is not None:
                self._form["inputs"].append({"tag": "select", "name": s["name"], "value": value, "id": s["id"]})
                if s["name"] and value is not None:
                    self._form["fields"].append((s["name"], value))
            self._select = None

    def _close_option(self):
        o = self._option
        val = o["value"] if o["value"] is not None else o["text"]
        if self._select["first"] is None:
            self._select["first"] = val
        if o["selected"]:
            self._select["value"] = val
        self._option = None


def parse_forms(html):
    p = FormParser()
    p.feed(html)
    p.close()
    return p.forms


def find_form(html, action_part):
    """The first form whose action contains action_part."""
    for f in parse_forms(html):
        if f["action"] and action_part in f["action"]:
            return f
    raise AssertionError(f"no form with action containing {action_part!r}")


def field_values(form, name):
    return [v for k, v in form["fields"] if k == name]


def field_value(form, name):
    vals = field_values(form, name)
    return vals[0] if vals else None


def checkbox_options(form, name):
    """Every value a checkbox group offers (checked or not)."""
    return [i["value"] for i in form["inputs"] if i.get("tag") == "input" and i.get("type") == "checkbox" and i.get("name") == name]


class TextParser(HTMLParser):
    """Visible text and the tags of a page, for assertions that should not depend on markup."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.tags = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(html):
    p = TextParser()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


def page_tags(html):
    p = TextParser()
    p.feed(html)
    return p.tags


ORG_LINK = re.compile(r'href="/organisationer/(\d+)"')


def org_ids(html):
    """Ids of the organisations a page links to (/organisationer/N), in order, without repeats."""
    seen = []
    for m in ORG_LINK.finditer(html):
        i = int(m.group(1))
        if i not in seen:
            seen.append(i)
    return seen


def main_html(html):
    """The <main> element of a page (where a page's own content is), or the whole page."""
    m = re.search(r"<main\b.*?</main>", html, re.S)
    return m.group(0) if m else html


# --------------------------------------------------------------------------------------------
# Server processes


class PortTaken(AssertionError):
    """The server could not listen on the port it was given: something else had taken it."""


class Server:
    """One `samverkan serve` process on a free loopback port; db is what --db takes."""

    ATTEMPTS = 5

    def __init__(self, db, workdir, threads=2, timeout=TIMEOUT, extra=(), env=None):
        self.db = db
        e = program_env()
        e.update(env or {})  # e.g. SAMVERKAN_NOW, to fix the clock
        # Another port when the one picked turns out to be taken: by a process that does not use
        # SO_REUSEPORT (the program cannot listen and exits), or by another samverkan (both listen).
        for attempt in range(1, self.ATTEMPTS + 1):
            self.port = free_port()
            self.access_log = os.path.join(workdir, f"access-{self.port}.log")
            self.stderr_path = os.path.join(workdir, f"server-{self.port}.err")
            args = [SAMVERKAN, "serve", "--db", db, "--port", str(self.port), "--threads", str(threads),
                    "--timeout", str(timeout), "--access-log", self.access_log, *extra]
            self._stderr = open(self.stderr_path, "wb")
            self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self._stderr, env=e)
            try:
                self.wait_ready()
                if not port_shared_with(self.port, self.proc.pid):
                    return
                self.stop()
                taken = f"port {self.port} is shared with another process"
            except PortTaken as err:
                self.stop()
                taken = str(err)
            except BaseException:
                self.stop()
                raise
            if attempt == self.ATTEMPTS:
                raise AssertionError(f"no port for the server after {attempt} attempts: {taken}")

    def wait_ready(self, seconds=15):
        deadline = time.monotonic() + seconds
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                err = self.stderr()
                if "cannot listen" in err and "in use" in err:
                    raise PortTaken(f"server exited with {self.proc.returncode}: {err}")
                raise AssertionError(f"server exited with {self.proc.returncode}: {err}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/tillganglighet")
                r = c.getresponse()
                r.read()
                c.close()
                if r.status == 200:
                    return
                last = r.status
            except OSError as e:
                last = e
            time.sleep(0.05)
        raise AssertionError(f"server on port {self.port} did not answer: {last}; {self.stderr()}")

    def client(self):
        return Client(self.port)

    def stderr(self):
        try:
            with open(self.stderr_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM, timeout=10):
        """Asks the server to stop; returns its exit code (kills it if it does not stop in time)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._stderr.close()
        return self.proc.returncode


@pytest.fixture(scope="session")
def workdir():
    d = tempfile.mkdtemp(prefix="samverkan-http-")
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_db(workdir):
    """A database filled by `samverkan demo`, plus the extra accounts some tests need."""
    assert os.access(SAMVERKAN, os.X_OK), f"no program at {SAMVERKAN}: run make first or set SAMVERKAN"
    db = new_db(workdir, "demo")
    run_cli("demo", "--db", db, timeout=300)
    run_cli("user", "add", "--db", db, "--email", THROTTLE_USER, "--name", "Spärr Test", "--role", "representative",
            env={"SAMVERKAN_PASSWORD": EXTRA_PASSWORD})
    return db


@pytest.fixture(scope="session")
def server(demo_db, workdir):
    """The shared server most tests talk to."""
    s = Server(demo_db, workdir)
    yield s
    rc = s.stop()
    report = SANITIZER_REPORT.search(s.stderr())
    assert not report, f"the server reported a sanitizer error:\n{s.stderr()[-4000:]}"
    assert rc == 0, f"the shared server exited with {rc}:\n{s.stderr()[-2000:]}"


@pytest.fixture(scope="session")
def server_factory(workdir):
    """Starts extra server instances (each with its own database unless given one); all are
    stopped (SIGTERM) at the end of the session."""
    started = []

    def start(db=None, **kw):
        if db is None:
            db = new_db(workdir, f"extra-{len(started)}-{free_port()}")
        s = Server(db, workdir, **kw)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()
        assert not SANITIZER_REPORT.search(s.stderr()), f"sanitizer error in an extra server:\n{s.stderr()[-4000:]}"


@pytest.fixture(scope="session")
def db(server):
    """A read-only connection to the shared server's database, on either store (see Database)."""
    conn = Database(server.db)
    yield conn
    conn.close()


@pytest.fixture
def anon(server):
    """A fresh visitor who is not signed in."""
    return server.client()


def _signed_in(server, email):
    c = server.client()
    r = c.login(email)
    assert r.status == 303, f"login as {email} gave {r.status}: {r.text[:500]}"
    assert "sid" in c.cookies
    # Pick up the session's CSRF token for later POSTs.
    c.csrf("/konto")
    return c


@pytest.fixture(scope="session")
def admin(server):
    return _signed_in(server, ADMIN)


@pytest.fixture(scope="session")
def coordinator(server):
    return _signed_in(server, COORDINATOR)


@pytest.fixture(scope="session")
def official(server):
    return _signed_in(server, OFFICIAL)


@pytest.fixture(scope="session")
def representative(server):
    return _signed_in(server, REPRESENTATIVE)


# --------------------------------------------------------------------------------------------
# Organisation helpers shared by several test files


def luhn_ok(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def make_org_number(seed, taken=()):
    """A valid, unused organisation number NNNNNN-NNNN (Luhn-checked) derived from seed."""
    n = 802000000 + (seed * 7919) % 99999
    while True:
        nine = f"{n:09d}"[-9:]
        for check in range(10):
            digits = nine + str(check)
            if luhn_ok(digits):
                num = f"{digits[:6]}-{digits[6:]}"
                if num not in taken:
                    return num
        n += 1


def new_org_form(client):
    """The create form as the client sees it: (form dict, html)."""
    r = client.get("/organisationer/ny")
    assert r.status == 200, r
    return find_form(r.text, "/organisationer/ny"), r.text


def org_form_data(form, **overrides):
    """A dict for client.post from a parsed form: repeated fields become lists, then overrides
    (None removes a field)."""
    data = {}
    for k, v in form["fields"]:
        if k in data:
            if not isinstance(data[k], list):
                data[k] = [data[k]]
            data[k].append(v)
        else:
            data[k] = v
    for k, v in overrides.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    data.pop("_csrf", None)
    return data


def first_options(form, name, n=1):
    opts = checkbox_options(form, name)
    assert opts, f"the form offers no {name}"
    return opts[:n]


def select_options(html, name):
    """The option values of <select name=...>."""
    m = re.search(r'<select[^>]*name="%s"[^>]*>(.*?)</select>' % re.escape(name), html, re.S)
    assert m, f"no select {name}"
    return [v for v in re.findall(r'<option value="([^"]*)"', m.group(1)) if v]


def create_org(client, name, **fields):
    """Creates an organisation through the form as `client` (an official or higher); returns its
    id. Fields not given get sensible values (a legal form, one category, one district, public)."""
    form, html = new_org_form(client)
    data = org_form_data(form)
    data.update({"name": name, "org_number": "", "public": "1"})
    if "legal_form" not in fields:
        data["legal_form"] = select_options(html, "legal_form")[0]
    if "categories" not in fields:
        data["categories"] = first_options(form, "categories")
    if "districts" not in fields:
        data["districts"] = first_options(form, "districts")
    if "target_groups" not in fields and checkbox_options(form, "target_groups"):
        data["target_groups"] = first_options(form, "target_groups")
    for k, v in fields.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = v
    r = client.post("/organisationer/ny", data)
    assert r.status == 303, f"creating {name!r} gave {r.status}: {page_text(r.text)[:1500]}"
    loc = r.header("location")
    m = re.match(r"^/organisationer/(\d+)(\?.*)?$", loc or "")
    assert m, f"after creating, redirected to {loc!r}"
    return int(m.group(1))


def api_all(client, query=""):
    """Every item of the API list for a query, following pages of 100."""
    items, page = [], 1
    while True:
        sep = "&" if query else ""
        r = client.get(f"/api/v1/organisations?{query}{sep}per_page=100&page={page}")
        assert r.status == 200, (r, r.text[:500])
        j = r.json()
        items.extend(j["items"])
        if len(j["items"]) < 100 or len(items) >= j["total"]:
            return items, j["total"]
        page += 1


def partial_code(db, table, column):
    """(code, count): the code used by the most public organisations, but not by all of them."""
    rows = db.execute(
        f"SELECT t.{column}, COUNT(*) n FROM {table} t JOIN organisation o ON o.id = t.organisation_id "
        f"WHERE o.public = 1 GROUP BY t.{column} ORDER BY n DESC, t.{column}").fetchall()
    total = db.execute("SELECT COUNT(*) FROM organisation WHERE public = 1").fetchone()[0]
    for code, n in rows:
        if 0 < n < total:
            return code, n
    pytest.fail(f"no {column} is used by only part of the register")
