"""A slow or dead SMTP server never slows a request: account mail is a
job for the background worker, retried with backoff."""
from __future__ import annotations

import time

from accountkit import Client
from httpkit import free_port
from smtpsink import SmtpSink


def test_slow_smtp_server_does_not_slow_registration(fresh_server):
    # the server answers DATA after 8 s; registering (an argon2id hash, a
    # second or two under AddressSanitizer on a busy machine) must not wait
    # for it
    with SmtpSink(delay=8) as sink:
        srv = fresh_server(args=sink.args + ["--workers", "1"])
        t = time.monotonic()
        Client(srv).register("lambat@example.id")
        assert time.monotonic() - t < 5
        msg = sink.wait_for("lambat@example.id", timeout=15)
        assert "/akun/verifikasi?token=" in msg.body


def test_dead_smtp_server_does_not_fail_registration(fresh_server):
    port = free_port()  # nothing listens there
    srv = fresh_server(args=["--smtp-host", "127.0.0.1", "--smtp-port", str(port),
                             "--smtp-tls", "none", "--workers", "1"])
    t = time.monotonic()
    c = Client(srv)
    c.register("mati@example.id")
    assert time.monotonic() - t < 1.5 and c.signed_in
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        row = srv.sql("SELECT status, attempts, coalesce(last_error, '') FROM jobs "
                      "WHERE kind = 'mail.send'")
        if row and int(row.split("|")[1]) >= 1 and row.split("|")[2]:
            break
        time.sleep(0.1)
    status, attempts, error = row.split("|", 2)
    assert status == "queued" and int(attempts) >= 1, row  # to be retried
    assert "mati@example.id" not in error and "mati@example.id" not in srv.stderr()
