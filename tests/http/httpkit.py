"""Shared helpers for the black-box HTTP suite (standard library only).

`Server` runs one `terbuka serve` process on a free port with its own
temporary database and captures stdout/stderr to files; `HtmlScan` pulls
the parts of a page the tests look at out of the markup.
"""
from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SANITIZER_MARKS = (
    "ERROR: AddressSanitizer",
    "ERROR: LeakSanitizer",
    "runtime error:",  # UBSan
)

# A wait, not a measurement: a server under ASan loading the demo into a
# fresh PostgreSQL database took 9 s on a busy 2-core machine, and over 15 s
# once while four builds ran beside it.
START_TIMEOUT = 40.0
STOP_TIMEOUT = 15.0

# The engine under test: SQLite files by default; with TERBUKA_TEST_PG_DIR
# (a cluster made by scripts/pg-cluster) every server gets a PostgreSQL
# database of its own in that cluster.
PG_DIR = os.environ.get("TERBUKA_TEST_PG_DIR")
ENGINE = "postgresql" if PG_DIR else "sqlite"
_databases = 0


_demo_template: str | None = None


def _createdb(dbname: str) -> str:
    out = subprocess.run([str(REPO / "scripts" / "pg-cluster"), "createdb", PG_DIR, dbname],
                         check=True, capture_output=True, text=True)
    return out.stdout.strip()


def demo_template() -> str:
    """A database with the demo data set, made once per test process with
    `terbuka demo`; servers get copies of it (loading 300 questions with
    their histories for every server was a large part of the suite)."""
    global _demo_template
    if _demo_template is None:
        import tempfile
        if PG_DIR:
            db = _createdb(f"tmpl{os.getpid()}")
        else:
            db = str(Path(tempfile.mkdtemp(prefix="tbk-demo-")) / "template.db")
        subprocess.run([str(binary()), "demo", "--db", db], check=True, capture_output=True,
                       stdin=subprocess.DEVNULL, env={k: v for k, v in os.environ.items()
                                                      if not k.startswith("TERBUKA_")})
        _demo_template = db
    return _demo_template


def new_database(workdir: Path, name: str, demo: bool = False) -> str:
    """A fresh database for one server: a file path or a URL; with demo, a
    copy of the demo template."""
    global _databases
    if not PG_DIR:
        path = workdir / f"{name}.db"
        if demo:
            import shutil
            shutil.copyfile(demo_template(), path)
        return str(path)
    _databases += 1
    dbname = f"t{os.getpid()}_{_databases}"
    if not demo:
        return _createdb(dbname)
    import psycopg2
    template = demo_template()
    admin = psycopg2.connect(template.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{dbname}" TEMPLATE "{template.rsplit("/", 1)[1]}"')
    admin.close()
    return template.rsplit("/", 1)[0] + "/" + dbname


_pg_connections: dict = {}


def _pg_text(v) -> str:
    """A value as `psql -t -A` prints it."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "t" if v else "f"
    return str(v)


def run_sql(db: str, sql: str) -> str:
    """Runs sql against a server's database, behind the server's back. On
    PostgreSQL through one kept connection per database (python3-psycopg2):
    a psql process per statement was most of the PostgreSQL suite's time.
    The text is what `psql -t -A -c` prints: rows of '|'-joined values."""
    if db.startswith("postgresql://"):
        import psycopg2
        for attempt in (1, 2):
            con = _pg_connections.get(db)
            if con is None or con.closed:
                con = _pg_connections[db] = psycopg2.connect(db)
                con.autocommit = True
            try:
                with con.cursor() as cur:
                    cur.execute(sql)
                    rows = cur.fetchall() if cur.description else []
                break
            except (psycopg2.OperationalError, psycopg2.InterfaceError):
                con.close()  # the server restarted under it: once more, anew
                if attempt == 2:
                    raise
        return "\n".join("|".join(_pg_text(v) for v in r) for r in rows).strip()
    import sqlite3
    with sqlite3.connect(db) as con:
        rows = con.execute(sql).fetchall()
    return "\n".join("|".join(str(v) for v in r) for r in rows)


def binary() -> Path:
    """The binary under test: $TERBUKA_BIN, relative paths taken from the repo root."""
    p = Path(os.environ.get("TERBUKA_BIN", "build/terbuka"))
    if not p.is_absolute():
        p = REPO / p
    return p.resolve()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sanitizer_reports(text: str) -> list[str]:
    return [line for line in text.splitlines() if any(m in line for m in SANITIZER_MARKS)]


def status_of(raw: bytes) -> int | None:
    """Status code of the first response in raw bytes, None when there is none."""
    m = re.match(rb"HTTP/1\.[01] (\d{3})", raw)
    return int(m.group(1)) if m else None


def statuses_of(raw: bytes) -> list[int]:
    """Every status line in a byte stream (pipelined responses)."""
    return [int(s) for s in re.findall(rb"HTTP/1\.[01] (\d{3}) ", raw)]


def split_response(raw: bytes) -> tuple[int | None, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        k, _, v = line.decode("latin-1").partition(":")
        headers[k.strip().lower()] = v.strip()
    return status_of(raw), headers, body


def send_raw(port: int, data: bytes, timeout: float = 5.0, chunks=(), pause: float = 0.0) -> bytes:
    """Sends data (then each of chunks) on a new socket and reads until the
    server closes or timeout passes. A reset or a refused write ends the
    exchange; what was read so far is returned."""
    out = b""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            s.sendall(data)
            for c in chunks:
                s.sendall(c)
                if pause:
                    time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                d = s.recv(65536)
                if not d:
                    break
                out += d
        except (socket.timeout, ConnectionResetError):
            pass
    return out


class Server:
    """One `terbuka serve` process."""

    def __init__(self, workdir: Path, *, share: Path | None = None, args=(), env=None,
                 demo: bool = True, name: str = "server"):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.share = Path(share) if share else REPO
        self.args = list(args)
        self.env = dict(env or {})
        self.demo = demo
        self.name = name
        # A test that changes a statement's row behind the public record's
        # back says so; in every other test no page may find one (the
        # product changed a statement without recording it).
        self.tampers = False
        self.port = 0
        self.proc: subprocess.Popen | None = None
        self.stdout_path = self.workdir / f"{name}.stdout"
        self.stderr_path = self.workdir / f"{name}.stderr"
        # a copy of the demo data set rather than --demo at every start
        # (not when the server loads a data set of its own with --data)
        copy = demo and "--data" not in self.args
        self._db = new_database(self.workdir, name, demo=copy)
        self.db_has_demo = copy  # new_database copied the demo template

    @property
    def db(self) -> str:
        return self._db

    @db.setter
    def db(self, location: str):
        """Another database (a node sharing one, a cluster of a test's own):
        --demo loads the data set at start when this one asks for it."""
        self._db = location
        self.db_has_demo = False

    # ---- lifecycle ----

    def _exe(self) -> str:
        # Developers stop stray servers by name (pkill -f 'terbuka serve'); the
        # suite runs the binary under test through a symlink with a name of its
        # own so its servers only stop when the tests say so.
        link = self.workdir / "tbk-under-test"
        if not link.exists():
            link.symlink_to(binary())
        return str(link)

    def start(self) -> "Server":
        self.port = free_port()
        cmd = [self._exe(), "serve", "--listen", f"127.0.0.1:{self.port}",
               "--db", self.db, "--share", str(self.share)]
        if self.demo and not self.db_has_demo:
            cmd.append("--demo")
        cmd += self.args
        env = {k: v for k, v in os.environ.items() if not k.startswith("TERBUKA_")}
        env.update(self.env)
        with open(self.stdout_path, "ab") as out, open(self.stderr_path, "ab") as err:
            self.proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                         cwd=self.workdir, env=env)
        self._wait_ready()
        return self

    def _wait_ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            rc = self.proc.poll()
            if rc is not None:
                raise RuntimeError(f"{self.name} exited with {rc} before it was ready; stderr:\n"
                                   f"{self.stderr()}")
            try:
                status, _, _ = self.get("/healthz", timeout=1)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        self.proc.kill()
        self.proc.wait()
        raise RuntimeError(f"{self.name} not ready after {START_TIMEOUT} s; stderr:\n{self.stderr()}")

    def sql(self, statement: str) -> str:
        out = run_sql(self.db, statement)
        if not statement.lstrip()[:6].upper() == "SELECT":
            self.settle()
        return out

    def settle(self, timeout: float = 5.0):
        """PostgreSQL: waits until this running node has heard of every data
        version raised so far (a notification, milliseconds after the commit;
        src/dataversion.h), so its kept pages show a write made behind its
        back. /metrics reads the versions afresh when they may have moved."""
        if not self.db.startswith("postgresql://") or self.proc is None or \
                self.proc.poll() is not None:
            return
        want = {t: int(v) for t, v in (r.split("|") for r in
                run_sql(self.db, "SELECT topic, version FROM data_versions").splitlines())}
        deadline = time.monotonic() + timeout
        while True:
            _, _, body = self.get("/metrics")
            have = {m.group(1): int(m.group(2)) for m in re.finditer(
                r'^terbuka_data_version\{topic="([a-z]+)"\} (\d+)$', body.decode(), re.M)}
            if all(have.get(t, -1) >= v for t, v in want.items()):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.name} did not hear of data versions {want} "
                                     f"within {timeout} s (it knows {have})")
            time.sleep(0.002)

    def send_signal(self, sig):
        self.proc.send_signal(sig)

    def stop(self, sig=signal.SIGTERM, timeout: float = STOP_TIMEOUT) -> int:
        """Stops the server (if still running) and returns its exit code."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"{self.name} did not exit within {timeout} s of the signal; "
                                 f"stderr:\n{self.stderr()}")

    def assert_clean_exit(self):
        rc = self.stop()
        err = self.stderr()
        reports = sanitizer_reports(err)
        assert not reports, f"{self.name}: sanitizer reports in stderr:\n{err}"
        assert rc == 0, f"{self.name} exited with {rc}; stderr:\n{err}"
        if not self.tampers:
            changed = [line for line in (self.stdout() + err).splitlines() if "changed behind the log's back" in line]
            assert not changed, f"{self.name}: a statement changed without its entry:\n" + "\n".join(changed[:5])

    # ---- output ----

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def wait_for_log(self, needle: str, timeout: float = 3.0, stream: str = "stdout") -> str:
        """The first line of stdout (or stderr) containing needle; access lines
        are written when MHD reports the request complete, just after the reply."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.stdout() if stream == "stdout" else self.stderr()
            for line in text.splitlines():
                if needle in line:
                    return line
            if time.monotonic() > deadline:
                raise AssertionError(f"no {stream} line containing {needle!r}:\n{text[-3000:]}")
            time.sleep(0.02)

    # ---- requests ----

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, body=None, headers=None, timeout: float = 10):
        """(status, headers with lower-case names, body bytes) over a new connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=dict(headers or {}))
            r = conn.getresponse()
            data = r.read()
            hdrs: dict[str, str] = {}
            for k, v in r.getheaders():
                k = k.lower()
                hdrs[k] = f"{hdrs[k]}, {v}" if k in hdrs else v
            return r.status, hdrs, data
        finally:
            conn.close()

    def get(self, path: str, headers=None, timeout: float = 10):
        return self.request("GET", path, headers=headers, timeout=timeout)

    def raw(self, data: bytes, timeout: float = 5.0, chunks=(), pause: float = 0.0) -> bytes:
        return send_raw(self.port, data, timeout=timeout, chunks=chunks, pause=pause)

    def assert_serving(self):
        status, _, body = self.get("/healthz")
        assert status == 200, body
        status, _, body = self.get("/")
        assert status == 200 and body.rstrip().endswith(b"</html>")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}


class HtmlScan(HTMLParser):
    """Links, title, text, scripts and inline styles of one page."""

    def __init__(self, html: str | bytes):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []        # <a href>
        self.head_links: list[dict] = []  # <link ...>
        self.title = ""
        self.lang = None
        self.scripts: list[dict] = []
        self.style_elements = 0
        self.style_attrs: list[tuple[str, str]] = []
        self.handler_attrs: list[tuple[str, str]] = []
        self.text_parts: list[str] = []
        self.times: list[dict] = []
        self.h1 = ""
        self._in = []
        self.feed(html.decode("utf-8") if isinstance(html, bytes) else html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in VOID:
            self._in.append(tag)
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "link":
            self.head_links.append(a)
        elif tag == "html":
            self.lang = a.get("lang")
        elif tag == "script":
            self.scripts.append(a)
        elif tag == "style":
            self.style_elements += 1
        elif tag == "time":
            self.times.append(a)
        for k, v in attrs:
            if k == "style":
                self.style_attrs.append((tag, v or ""))
            if k.startswith("on"):
                self.handler_attrs.append((tag, k))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if "title" in self._in:
            self.title += data
        if "h1" in self._in:
            self.h1 += data
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text_parts))

    def inline_scripts(self) -> list[dict]:
        return [s for s in self.scripts if not s.get("src")]
