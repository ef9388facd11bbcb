"""Fixtures for the black-box HTTP suite.

- `server`: one `terbuka serve --demo` for the whole session (free port,
  temporary database); stopped with SIGTERM at the end, which must give exit
  code 0 and no sanitizer report on stderr.
- `fresh_server`: a factory for tests that need a process of their own
  (shutdown, other flags, another --share); each is checked the same way.
- `bin_path`, `repo`: the binary under test ($TERBUKA_BIN, default
  build/terbuka) and the repository root.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from httpkit import REPO, Server, binary  # noqa: E402


def pytest_report_header(config):
    return f"terbuka binary: {binary()}"


@pytest.fixture(scope="session")
def bin_path() -> Path:
    b = binary()
    if not b.exists():
        pytest.exit(f"binary under test not found: {b} (build it, or set TERBUKA_BIN)", 2)
    return b


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def server(bin_path, tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("tbk-http-session"), name="session")
    srv.start()
    yield srv
    srv.assert_clean_exit()


@pytest.fixture
def fresh_server(bin_path, tmp_path):
    """fresh_server(args=(), share=None, env=None, demo=True) -> a started Server."""
    started: list[Server] = []

    def start(args=(), share=None, env=None, demo=True):
        n = len(started)
        srv = Server(tmp_path / f"srv{n}", share=share, args=args, env=env, demo=demo,
                     name=f"fresh{n}")
        started.append(srv)
        return srv.start()

    yield start
    failures = []
    for srv in started:
        try:
            srv.assert_clean_exit()
        except AssertionError as e:
            failures.append(str(e))
    assert not failures, "\n\n".join(failures)
