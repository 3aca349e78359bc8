"""Limits that keep the server up: too-large bodies (413), malformed requests (400, and the server
carries on), slow or half-open clients dropped after the timeout, and the access log."""

import os
import re
import socket
import time
import uuid

import pytest

from conftest import TIMEOUT


def raw_exchange(port, data, read_timeout=10, body_chunks=None):
    """Sends raw bytes (then optional body chunks, ignoring a peer that stops reading) and reads
    until the server closes or read_timeout passes. Returns (bytes read, closed_by_server)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        s.sendall(data)
        for chunk in body_chunks or ():
            try:
                s.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError, socket.timeout):
                break
        s.settimeout(read_timeout)
        got = b""
        closed = False
        deadline = time.monotonic() + read_timeout
        while time.monotonic() < deadline:
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                closed = True
                break
            except socket.timeout:
                break
            if not chunk:
                closed = True
                break
            got += chunk
            if b"\r\n\r\n" in got and not closed and _complete(got):
                # A complete response; keep reading only to see whether the server closes.
                s.settimeout(1)
        return got, closed
    finally:
        s.close()


def _complete(got):
    head, _, body = got.partition(b"\r\n\r\n")
    m = re.search(rb"(?i)content-length:\s*(\d+)", head)
    return m is not None and len(body) >= int(m.group(1))


def status_of(raw):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", raw)
    return int(m.group(1)) if m else None


def still_serving(server):
    r = server.client().get("/tillganglighet")
    assert r.status == 200


def stored(db):
    """What a sign-in attempt leaves in the database: sessions and counted failures. A refused
    request must change neither."""
    return (db.execute("SELECT COUNT(*) FROM session").fetchone()[0],
            db.execute("SELECT COUNT(*) FROM login_attempt").fetchone()[0])


def test_body_over_limit_is_413(server, db):
    before = stored(db)
    # The declared length alone is enough to refuse, before the body is read.
    head = (b"POST /logga-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % (2 * 1024 * 1024))
    got, _ = raw_exchange(server.port, head)
    assert status_of(got) == 413, got[:200]
    assert stored(db) == before, "nothing of a refused request is stored"
    still_serving(server)


def test_body_of_two_mib_is_413(server, db):
    before = stored(db)
    body = b"a=" + b"x" * (2 * 1024 * 1024 - 2)
    head = (b"POST /logga-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body))
    chunks = [body[i:i + 65536] for i in range(0, len(body), 65536)]
    got, _ = raw_exchange(server.port, head, body_chunks=chunks)
    assert status_of(got) == 413, got[:200]
    assert stored(db) == before, "nothing of a refused request is stored"
    still_serving(server)


def test_chunked_body_over_limit_is_413(server, db):
    before = stored(db)
    chunk = b"x" * 65536
    piece = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    head = (b"POST /logga-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    got, _ = raw_exchange(server.port, head, body_chunks=[piece] * 40 + [b"0\r\n\r\n"])
    assert status_of(got) == 413, got[:200]
    assert stored(db) == before, "nothing of a refused request is stored"
    still_serving(server)


def test_body_under_limit_is_read(server, db):
    # Just under 1 MiB is fine: it reaches the application (which refuses it for lack of a token).
    before = stored(db)
    c = server.client()
    r = c.post("/logga-in", {"email": "a@b.se", "password": "x" * (1024 * 1024 - 100)}, csrf=False)
    assert r.status == 403
    # Refused before the handler: not even counted as a failed sign-in.
    assert stored(db) == before
    assert db.execute("SELECT COUNT(*) FROM login_attempt WHERE key LIKE 'email:a@b.se %'").fetchone()[0] == 0


@pytest.mark.parametrize("request_bytes", [
    b"GARBAGE\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nBroken header line without colon\r\n\r\n",
    b"GET / HTTP/9.9\r\nHost: x\r\n\r\n",
    b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 32 + b"\r\n\r\n",  # TLS hello on plain HTTP
])
def test_malformed_request_gets_400_and_server_carries_on(server, db, request_bytes):
    before = stored(db)
    got, closed = raw_exchange(server.port, request_bytes, read_timeout=3 * TIMEOUT + 2)
    assert status_of(got) == 400 or (got == b"" and closed), got[:200]
    if request_bytes.startswith(b"GARBAGE"):
        assert status_of(got) == 400, got[:200]
    assert stored(db) == before
    still_serving(server)


def test_half_open_connection_is_dropped(server):
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    try:
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # no blank line: the request never ends
        s.settimeout(5 * TIMEOUT)
        start = time.monotonic()
        got = b""
        try:
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                got += chunk
        except ConnectionResetError:
            pass
        except socket.timeout:
            pytest.fail(f"connection still open after {time.monotonic() - start:.1f} s")
        elapsed = time.monotonic() - start
        assert elapsed < 5 * TIMEOUT
        assert got == b"" or status_of(got) in (400, 408), got[:200]
    finally:
        s.close()
    still_serving(server)


def test_idle_connection_is_dropped(server):
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    try:
        s.settimeout(5 * TIMEOUT)
        try:
            got = s.recv(4096)
        except ConnectionResetError:
            got = b""
        except socket.timeout:
            pytest.fail("a connection that sends nothing is kept open")
        assert got == b"" or status_of(got) in (400, 408)
    finally:
        s.close()


def test_slow_client_does_not_block_others(server):
    # While one client dribbles a request, others are served at once.
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    try:
        s.sendall(b"GET / HTTP/1.1\r\n")
        for _ in range(3):
            still_serving(server)
    finally:
        s.close()


def test_keep_alive_serves_several_requests(server):
    s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    try:
        s.sendall(b"GET /tillganglighet HTTP/1.1\r\nHost: x\r\n\r\nGET /logga-in HTTP/1.1\r\nHost: x\r\n\r\n")
        got = b""
        deadline = time.monotonic() + 5
        while got.count(b"HTTP/1.1 200") < 2 and time.monotonic() < deadline:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
        assert got.count(b"HTTP/1.1 200") == 2
    finally:
        s.close()


def read_log(server):
    with open(server.access_log, encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


def wait_for_log(server, marker, count=1, seconds=3):
    deadline = time.monotonic() + seconds
    while True:
        lines = [ln for ln in read_log(server) if marker in ln]
        if len(lines) >= count or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


LOG_LINE = re.compile(r"^(?P<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ?)\s+(?P<client>\S+)\s+(?P<method>[A-Z]+)\s+"
                      r"(?P<path>\S+)\s+(?P<status>\d{3})\s+(?P<bytes>\d+)\s+(?P<usec>\d+)(us|µs)?$")


def test_access_log_one_line_per_request(server):
    c = server.client()
    marker = uuid.uuid4().hex
    r1 = c.get(f"/tillganglighet?log={marker}")
    r2 = c.get(f"/finns-inte-{marker}")
    r3 = c.head(f"/?log={marker}")
    c.post(f"/logga-in?log={marker}", {"email": "x"}, csrf=False)
    lines = wait_for_log(server, marker, count=4)
    assert len(lines) == 4, lines
    parsed = []
    for ln in lines:
        m = LOG_LINE.match(ln)
        assert m, f"log line not in the documented shape: {ln!r}"
        parsed.append(m.groupdict())
    by_path = {p["path"]: p for p in parsed}
    a = by_path[f"/tillganglighet?log={marker}"]
    assert a["method"] == "GET" and a["status"] == "200" and int(a["bytes"]) == len(r1.body)
    b = by_path[f"/finns-inte-{marker}"]
    assert b["status"] == "404" and int(b["bytes"]) == len(r2.body)
    assert by_path[f"/?log={marker}"]["method"] == "HEAD"
    p = by_path[f"/logga-in?log={marker}"]
    assert p["method"] == "POST" and p["status"] == "403"
    assert all(int(x["usec"]) >= 0 for x in parsed)
    assert r3.status == 200


def test_access_log_keeps_lines_whole(server):
    c = server.client()
    marker = uuid.uuid4().hex
    # Control characters (percent-encoded here, as they must be on the wire) never split a line.
    c.get(f"/x{marker}%0aFAKE%20LINE%0d")
    lines = wait_for_log(server, marker)
    assert len(lines) == 1
    assert not any(ln.startswith("FAKE") for ln in read_log(server))
