"""An SMTP server for the black-box suite that keeps what it receives.

Built on aiosmtpd's threaded Controller (Debian: python3-aiosmtpd). It
listens on 127.0.0.1 on a free port, speaks plain SMTP (no STARTTLS, no
AUTH), and keeps every accepted message, parsed:

    from smtpsink import SmtpSink

    with SmtpSink() as sink:
        srv = fresh_server(args=sink.args)       # --smtp-host/--smtp-port/--smtp-tls none
        ...                                      # something that sends mail
        msg = sink.wait_for("warga@example.id")  # or wait_for(lambda m: ..., timeout=5)
        assert msg.subject == "..." and msg.links()

    SmtpSink(delay=5)      # waits 5 s before answering DATA (a slow server)
    SmtpSink(refuse=True)  # answers DATA with 451 (a server that defers mail)

A message (`Received`) has mail_from and rcpt_tos (the envelope), to and
subject (headers, RFC 2047 decoded), body (the decoded text/plain part with
"\\n" line endings), message (the email.message.EmailMessage) and raw (the
bytes as sent). `sink.messages` is a snapshot list; `sink.attempts` counts
DATA commands, refused ones included.
"""
from __future__ import annotations

import asyncio
import email
import email.policy
import email.utils
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Union

from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


@dataclass
class Received:
    """One message the sink accepted."""
    mail_from: str
    rcpt_tos: list[str]
    to: str
    subject: str
    body: str
    raw: bytes
    message: email.message.EmailMessage = field(repr=False)

    def links(self) -> list[str]:
        """The http(s) URLs in the body, in order."""
        return re.findall(r"https?://[^\s<>\"]+", self.body)


Match = Union[str, Callable[[Received], bool]]


def _parse(mail_from: str, rcpt_tos: list[str], raw: bytes) -> Received:
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    part = msg.get_body(preferencelist=("plain",))
    body = part.get_content() if part is not None else ""
    return Received(mail_from=mail_from, rcpt_tos=list(rcpt_tos), to=str(msg.get("To", "")),
                    subject=str(msg.get("Subject", "")),
                    body=body.replace("\r\n", "\n"), raw=raw, message=msg)


class _Handler:
    def __init__(self, sink: "SmtpSink"):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        with self.sink._lock:
            self.sink.attempts += 1
        if self.sink.delay:
            await asyncio.sleep(self.sink.delay)
        if self.sink.refuse:
            return "451 4.3.0 Try again later (test sink)"
        raw = envelope.original_content or envelope.content
        received = _parse(envelope.mail_from, envelope.rcpt_tos, raw)
        with self.sink._lock:
            self.sink._messages.append(received)
            self.sink._lock.notify_all()
        return "250 2.0.0 Kept by the test sink"


class _Controller(Controller):
    """Controller on port 0: the port the kernel chose is read back before
    aiosmtpd's own readiness probe connects to it."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpSink:
    """An SMTP server on 127.0.0.1 keeping what it receives (see the module doc)."""

    def __init__(self, *, delay: float = 0.0, refuse: bool = False):
        self.delay = delay
        self.refuse = refuse
        self.attempts = 0
        self._messages: list[Received] = []
        self._lock = threading.Condition()
        self._controller: _Controller | None = None

    # ---- lifecycle ----

    def start(self) -> "SmtpSink":
        self._controller = _Controller(_Handler(self), hostname=HOST, port=0,
                                       server_hostname="sink.test")
        self._controller.start()
        return self

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> "SmtpSink":
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # ---- where it listens ----

    @property
    def host(self) -> str:
        return HOST

    @property
    def port(self) -> int:
        assert self._controller is not None, "SmtpSink not started"
        return self._controller.port

    @property
    def args(self) -> list[str]:
        """terbuka flags that send mail here (plain SMTP)."""
        return ["--smtp-host", HOST, "--smtp-port", str(self.port), "--smtp-tls", "none"]

    # ---- what arrived ----

    @property
    def messages(self) -> list[Received]:
        with self._lock:
            return list(self._messages)

    def clear(self):
        with self._lock:
            self._messages.clear()
            self.attempts = 0

    def wait_for(self, match: Match, timeout: float = 10.0) -> Received:
        """The first message sent to an address (envelope or To:), or for
        which match(message) is true; AssertionError after timeout."""
        if isinstance(match, str):
            address = match.lower()

            def test(m: Received) -> bool:
                to = {a.lower() for _, a in email.utils.getaddresses([m.to])}
                return address in to or address in (r.lower() for r in m.rcpt_tos)
        else:
            test = match
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for m in self._messages:
                    if test(m):
                        return m
                left = deadline - time.monotonic()
                if left <= 0:
                    got = [(m.rcpt_tos, m.subject) for m in self._messages]
                    raise AssertionError(f"no matching mail within {timeout} s; received: {got}")
                self._lock.wait(left)
