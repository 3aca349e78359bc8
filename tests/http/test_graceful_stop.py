"""SIGTERM/SIGINT: stop accepting at once, finish the request in flight, exit 0 within 5 s."""

import signal
import socket
import threading
import time

import pytest


def connect_refused(port):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
    except ConnectionRefusedError:
        return True
    s.close()
    return False


def read_response(s, seconds=8):
    s.settimeout(seconds)
    got = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            got += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return got


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stop_finishes_request_in_flight(server_factory, sig):
    srv = server_factory(threads=2, timeout=3)
    # Some ordinary traffic first, from several threads at once.
    results = []

    def fetch():
        results.append(srv.client().get("/").status)

    threads = [threading.Thread(target=fetch) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200] * 6

    # A request in flight: headers and half its body sent when the signal comes.
    body = b"email=a%40b.se&password=" + b"x" * 2000
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    s.sendall(b"POST /logga-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
              b"Content-Length: %d\r\n\r\n" % len(body) + body[:1000])
    time.sleep(0.3)  # let the server start reading it
    # An idle keep-alive connection too: it must not hold the stop back.
    idle = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    idle.sendall(b"GET /tillganglighet HTTP/1.1\r\nHost: x\r\n\r\n")
    first = b""
    while b"</html>" not in first:
        chunk = idle.recv(65536)
        assert chunk
        first += chunk
    assert first.startswith(b"HTTP/1.1 200")

    t0 = time.monotonic()
    srv.proc.send_signal(sig)
    time.sleep(0.5)
    assert srv.proc.poll() is None, "the server waits for the request in flight"
    assert connect_refused(srv.port), "no new connections once stopping"
    s.sendall(body[1000:])
    got = read_response(s)
    s.close()
    assert got.startswith(b"HTTP/1.1 "), f"the request in flight got an answer: {got[:100]!r}"
    # It was a real answer (403: no CSRF token), not a reset.
    assert got.split(b" ", 2)[1] == b"403"
    assert read_response(idle, 5) == b"", "the idle connection is closed"
    idle.close()
    rc = srv.proc.wait(timeout=max(0.1, 5 - (time.monotonic() - t0)))
    assert rc == 0
    assert time.monotonic() - t0 < 5
    assert connect_refused(srv.port)
    assert "stopped" in srv.stderr() or rc == 0


def test_stop_when_idle_is_quick(server_factory):
    srv = server_factory(threads=3)
    assert srv.client().get("/").status == 200
    t0 = time.monotonic()
    srv.proc.send_signal(signal.SIGTERM)
    rc = srv.proc.wait(timeout=5)
    assert rc == 0
    assert time.monotonic() - t0 < 2
    assert connect_refused(srv.port)


def test_stuck_client_does_not_stop_the_stop(server_factory):
    # A client that never finishes its request is dropped: the server still exits in time.
    srv = server_factory(threads=1, timeout=30)
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    time.sleep(0.2)
    t0 = time.monotonic()
    srv.proc.send_signal(signal.SIGTERM)
    try:
        rc = srv.proc.wait(timeout=6)
    finally:
        s.close()
    assert rc == 0
    assert time.monotonic() - t0 < 5


def test_idle_keep_alive_connection_does_not_stop_the_stop(server_factory):
    # A browser keeps its connection open after a page; with a long timeout the stop must not
    # wait for it.
    srv = server_factory(threads=1, timeout=60)
    s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
    s.sendall(b"GET /tillganglighet HTTP/1.1\r\nHost: x\r\n\r\n")
    got = b""
    while b"</html>" not in got:
        chunk = s.recv(65536)
        assert chunk
        got += chunk
    t0 = time.monotonic()
    srv.proc.send_signal(signal.SIGTERM)
    try:
        rc = srv.proc.wait(timeout=6)
    finally:
        s.close()
    assert rc == 0
    assert time.monotonic() - t0 < 5
