"""Graceful shutdown: SIGTERM finishes what is in flight, then exits 0."""
from __future__ import annotations

import signal
import socket
import time

import pytest

from httpkit import split_response


def read_response(sock: socket.socket, timeout: float = 15.0) -> bytes:
    """Reads one complete response (by Content-Length), or until close."""
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            _, headers, _ = split_response(data)
            if "content-length" in headers and len(body) >= int(headers["content-length"]):
                break
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        data += chunk
    return data


def test_sigterm_finishes_request_in_flight(fresh_server):
    srv = fresh_server()
    expected = srv.get("/")[2]
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=15)
    try:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345")
        time.sleep(0.3)
        srv.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        assert srv.proc.poll() is None, "exited with a request still in flight"
        # a new request while finishing is refused, and its connection closed
        late = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        try:
            late.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            refused = read_response(late)
        finally:
            late.close()
        late_status, late_headers, _ = split_response(refused)
        assert refused.startswith(b"HTTP/1.1 503"), refused[:200]
        assert late_headers.get("connection", "").lower() == "close", late_headers
        sock.sendall(b"67890")
        raw = read_response(sock)
    finally:
        sock.close()
    status, headers, body = split_response(raw)
    assert raw.startswith(b"HTTP/1.1 200"), raw[:200]
    assert body.rstrip().endswith(b"</html>")
    assert len(body) == int(headers["content-length"]) == len(expected)
    t0 = time.monotonic()
    rc = srv.proc.wait(15)
    assert rc == 0, srv.stderr()
    assert time.monotonic() - t0 < 15
    assert "SIGTERM" in srv.stderr()


def test_sigterm_idle_exits_promptly(fresh_server):
    srv = fresh_server()
    assert srv.get("/")[0] == 200
    t0 = time.monotonic()
    srv.send_signal(signal.SIGTERM)
    assert srv.proc.wait(15) == 0, srv.stderr()
    assert time.monotonic() - t0 < 5, "an idle server should not wait out the grace period"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", srv.port), timeout=2).close()


def test_sigterm_with_idle_keepalive_connection(fresh_server):
    # a browser keeps its connection open after the page: that must not
    # hold the shutdown for the whole grace period
    srv = fresh_server()
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=15)
    try:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        raw = read_response(sock)
        assert raw.startswith(b"HTTP/1.1 200")
        t0 = time.monotonic()
        srv.send_signal(signal.SIGTERM)
        assert srv.proc.wait(15) == 0, srv.stderr()
        assert time.monotonic() - t0 < 5
    finally:
        sock.close()


def test_sigint_exits_0(fresh_server):
    srv = fresh_server()
    assert srv.get("/healthz")[0] == 200
    srv.send_signal(signal.SIGINT)
    assert srv.proc.wait(15) == 0, srv.stderr()
    assert "SIGINT" in srv.stderr()
