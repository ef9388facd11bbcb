"""Outbound mail from the outside: `terbuka mail test` against a local SMTP
sink (delivered, refused, slow, unreachable, STARTTLS required by default),
no secret in any output, and `serve` with mail settings.

Mail queued by a request and sent by a job worker is covered by the C unit
test (tests/unit/mail/mail_test.c) until a page sends mail; the end-to-end
tests of that path come with registration.
"""
from __future__ import annotations

import os
import subprocess
import time

from httpkit import free_port, sanitizer_reports
from smtpsink import SmtpSink

TO = "warga@example.id"
SECRET = "s3cret-relay-password"


def terbuka(bin_path, cwd, *args, env=None, timeout=90):
    e = {k: v for k, v in os.environ.items() if not k.startswith("TERBUKA_")}
    e.update(env or {})
    p = subprocess.run([str(bin_path), *map(str, args)], capture_output=True, text=True,
                       env=e, cwd=cwd, timeout=timeout, stdin=subprocess.DEVNULL)
    assert not sanitizer_reports(p.stderr), p.stderr
    return p


def test_mail_test_delivers(bin_path, tmp_path):
    with SmtpSink() as sink:
        p = terbuka(bin_path, tmp_path, "mail", "test", "--to", TO, *sink.args,
                    env={"TERBUKA_MAIL_FROM": "noreply@bekasikab.go.id"})
        assert p.returncode == 0, p.stderr
        assert p.stdout == f"mail sent to {TO}\n"
        m = sink.wait_for(TO)
    assert m.rcpt_tos == [TO] and m.to == TO
    assert m.mail_from == "noreply@bekasikab.go.id"
    assert m.subject == "Percobaan email terbuka"
    assert "Ini pesan percobaan dari terbuka." in m.body
    assert b"\r\nContent-Type: text/plain; charset=utf-8\r\n" in m.raw
    assert m.message["Content-Transfer-Encoding"] == "base64"
    assert m.message["Message-ID"].endswith("@bekasikab.go.id>")
    assert b"\r\n" in m.raw and b"\n" not in m.raw.replace(b"\r\n", b"")
    assert not list(tmp_path.iterdir()), "mail test needs no database"


def test_unreachable_server_fails_clearly_without_the_password(bin_path, tmp_path):
    port = free_port()  # nothing listens there
    p = terbuka(bin_path, tmp_path, "mail", "test", "--to", TO, "--smtp-host", "127.0.0.1",
                "--smtp-port", port, "--smtp-tls", "none", "--smtp-user", "relay",
                env={"TERBUKA_SMTP_PASSWORD": SECRET})
    assert p.returncode == 1
    assert "terbuka: mail test failed:" in p.stderr
    assert "connect" in p.stderr.lower(), p.stderr
    assert SECRET not in p.stdout + p.stderr


def test_refusing_server_is_a_failure(bin_path, tmp_path):
    with SmtpSink(refuse=True) as sink:
        p = terbuka(bin_path, tmp_path, "mail", "test", "--to", TO, *sink.args)
        assert p.returncode != 0
        assert "451" in p.stderr, p.stderr
        assert sink.attempts == 1 and sink.messages == []
    assert "mail sent" not in p.stdout


def test_slow_server_is_waited_for(bin_path, tmp_path):
    with SmtpSink(delay=2) as sink:
        started = time.monotonic()
        p = terbuka(bin_path, tmp_path, "mail", "test", "--to", TO, *sink.args)
        assert p.returncode == 0, p.stderr
        assert time.monotonic() - started >= 2
        assert sink.wait_for(TO, timeout=1).subject == "Percobaan email terbuka"


def test_starttls_is_required_by_default(bin_path, tmp_path):
    # The sink offers no STARTTLS: the default refuses to send in the clear.
    with SmtpSink() as sink:
        p = terbuka(bin_path, tmp_path, "mail", "test", "--to", TO, "--smtp-host", sink.host,
                    "--smtp-port", sink.port, "--smtp-user", "relay",
                    env={"TERBUKA_SMTP_PASSWORD": SECRET})
        assert p.returncode == 1
        assert sink.attempts == 0 and sink.messages == []
    assert "terbuka: mail test failed:" in p.stderr
    assert SECRET not in p.stdout + p.stderr


def test_mail_test_needs_an_address_and_a_server(bin_path, tmp_path):
    p = terbuka(bin_path, tmp_path, "mail", "test", "--smtp-host", "127.0.0.1")
    assert p.returncode == 2 and "--to" in p.stderr
    p = terbuka(bin_path, tmp_path, "mail", "test", "--to", TO)
    assert p.returncode == 2 and "--smtp-host" in p.stderr
    for bad in (f"{TO}\r\nBcc: other@example.id", "Warga <warga@example.id>", "warga"):
        with SmtpSink() as sink:
            p = terbuka(bin_path, tmp_path, "mail", "test", "--to", bad, *sink.args)
            assert p.returncode == 1, p.stderr
            assert "not usable" in p.stderr
            assert sink.attempts == 0


def test_serve_with_smtp_settings(fresh_server):
    with SmtpSink() as sink:
        srv = fresh_server(args=[*sink.args, "--smtp-user", "relay", "--workers", "1"],
                           env={"TERBUKA_SMTP_PASSWORD": SECRET})
        srv.assert_serving()
        srv.wait_for_log(f"mail: through 127.0.0.1:{sink.port} (no TLS)", stream="stderr")
    assert SECRET not in srv.stdout() + srv.stderr()


def test_serve_without_smtp_logs_mail(fresh_server):
    srv = fresh_server(args=["--workers", "1"])
    srv.wait_for_log("mail: no SMTP server configured; messages are written to the log "
                     "(development only)", stream="stderr")


def test_serve_refuses_unusable_mail_settings(bin_path, tmp_path):
    for args, needle in ((["--mail-from", "not an address"], "--mail-from"),
                         (["--smtp-host", "smtp.example/evil"], "--smtp-host")):
        p = terbuka(bin_path, tmp_path, "serve", "--listen", f"127.0.0.1:{free_port()}",
                    "--db", tmp_path / "t.db", *args, timeout=30)
        assert p.returncode == 1, p.stderr
        assert needle in p.stderr
