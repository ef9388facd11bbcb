"""The command line: flags, environment, exit codes and start-up errors."""
from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess

import pytest

from httpkit import REPO, free_port, sanitizer_reports


def run(bin_path, *args, env=None, cwd=None, timeout=30):
    e = {k: v for k, v in os.environ.items() if not k.startswith("TERBUKA_")}
    e.update(env or {})
    p = subprocess.run([str(bin_path), *map(str, args)], capture_output=True, text=True,
                       env=e, cwd=cwd, timeout=timeout, stdin=subprocess.DEVNULL)
    assert not sanitizer_reports(p.stderr), p.stderr
    return p


def rows(db, sql):
    with sqlite3.connect(db) as c:
        return c.execute(sql).fetchall()


def test_version(bin_path, tmp_path):
    p = run(bin_path, "--version", cwd=tmp_path)
    assert p.returncode == 0
    assert re.fullmatch(r"terbuka \d+\.\d+\.\d+\S*\n", p.stdout), p.stdout
    assert run(bin_path, "-V", cwd=tmp_path).stdout == p.stdout


def test_help(bin_path, tmp_path):
    p = run(bin_path, "--help", cwd=tmp_path)
    assert p.returncode == 0
    for word in ("serve", "migrate", "demo", "--listen", "--db", "--share", "--log-format"):
        assert word in p.stdout, word
    assert run(bin_path, "help", cwd=tmp_path).returncode == 0
    assert not list(tmp_path.iterdir()), "--help must not create files"


@pytest.mark.parametrize("args,needle", [
    (["--nope"], "--nope"),
    (["serve", "--nope"], "--nope"),
    (["frobnicate"], "frobnicate"),
    (["serve", "--listen", "nonsense"], "nonsense"),
    (["serve", "--listen", "127.0.0.1:99999"], "--listen"),
    (["serve", "--listen", "127.0.0.1:"], "--listen"),
    (["serve", "--threads", "-1"], "--threads"),
    (["serve", "--log-format", "xml"], "xml"),
    (["serve", "--db"], "--db"),
    (["serve", "--demo=1"], "--demo"),
    (["serve", "stray"], "stray"),
])
def test_bad_command_line_exits_2(bin_path, tmp_path, args, needle):
    p = run(bin_path, *args, cwd=tmp_path)
    assert p.returncode == 2, (args, p.returncode, p.stderr)
    assert needle in p.stderr, p.stderr
    assert p.stderr.startswith("terbuka: ")
    assert p.stdout == ""
    assert not list(tmp_path.iterdir()), "a bad command line must not touch anything"


@pytest.mark.parametrize("env,needle", [
    ({"TERBUKA_THREADS": "abc"}, "abc"),
    ({"TERBUKA_LISTEN": "nonsense"}, "nonsense"),
    ({"TERBUKA_LOG_FORMAT": "yaml"}, "yaml"),
    ({"TERBUKA_DEMO": "maybe"}, "maybe"),
])
def test_bad_environment_exits_2(bin_path, tmp_path, env, needle):
    p = run(bin_path, "serve", env=env, cwd=tmp_path)
    assert p.returncode == 2, (env, p.returncode, p.stderr)
    assert needle in p.stderr


def test_migrate_creates_schema(bin_path, tmp_path):
    db = tmp_path / "m.db"
    p = run(bin_path, "migrate", "--db", db, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    tables = {r[0] for r in rows(db, "SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"agencies", "settings", "schema_version"} <= tables
    assert rows(db, "SELECT max(version) FROM schema_version")[0][0] >= 1
    assert rows(db, "SELECT count(*) FROM agencies") == [(0,)]
    # again: nothing to do, nothing changes
    before = rows(db, "SELECT * FROM schema_version")
    assert run(bin_path, "migrate", "--db", db, cwd=tmp_path).returncode == 0
    assert rows(db, "SELECT * FROM schema_version") == before


def test_migrate_creates_the_parent_folder(bin_path, tmp_path):
    db = tmp_path / "var" / "x.db"
    p = run(bin_path, "migrate", "--db", db, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert db.exists()


def test_demo_is_idempotent(bin_path, tmp_path):
    db = tmp_path / "d.db"
    p = run(bin_path, "demo", "--db", db, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    agencies = rows(db, "SELECT * FROM agencies ORDER BY id")
    settings = rows(db, "SELECT * FROM settings ORDER BY key")
    assert len(agencies) == 38
    assert rows(db, "SELECT count(*) FROM agencies WHERE kind = 'kecamatan'") == [(23,)]
    assert dict(rows(db, "SELECT key, value FROM settings"))["name"] == "Bekasi Terbuka"
    p = run(bin_path, "demo", "--db", db, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert rows(db, "SELECT count(*) FROM agencies") == [(38,)]
    assert rows(db, "SELECT * FROM settings ORDER BY key") == settings
    # "loading again updates in place": same ids, same updated_at
    assert rows(db, "SELECT * FROM agencies ORDER BY id") == agencies


def test_db_from_environment(bin_path, tmp_path):
    db = tmp_path / "from-env.db"
    p = run(bin_path, "migrate", env={"TERBUKA_DB": str(db)}, cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert db.exists()
    assert not (tmp_path / "var").exists(), "the default path was used instead of TERBUKA_DB"
    # the flag wins over the environment
    db2 = tmp_path / "from-flag.db"
    p = run(bin_path, "migrate", "--db", db2, env={"TERBUKA_DB": str(db)}, cwd=tmp_path)
    assert p.returncode == 0 and db2.exists()


def test_unopenable_database_exits_1(bin_path, tmp_path):
    p = run(bin_path, "migrate", "--db", tmp_path / "no" / "such" / "dir" / "x.db", cwd=tmp_path)
    assert p.returncode == 1
    assert "x.db" in p.stderr or "database" in p.stderr


def test_port_in_use_exits_1(bin_path, tmp_path):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        p = run(bin_path, "serve", "--listen", f"127.0.0.1:{port}", "--db", tmp_path / "p.db",
                "--share", REPO, cwd=tmp_path, timeout=15)
    assert p.returncode == 1, p.stderr
    assert f"127.0.0.1:{port}" in p.stderr
    assert "in use" in p.stderr


def serve_once(bin_path, tmp_path, share):
    """Starts serve with share and expects it to fail at start-up."""
    try:
        return run(bin_path, "serve", "--listen", f"127.0.0.1:{free_port()}",
                   "--db", tmp_path / "s.db", "--share", share, cwd=tmp_path, timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail("serve started with a broken --share instead of refusing to")


def make_share(tmp_path, *parts):
    share = tmp_path / "share"
    share.mkdir()
    for d in parts:
        shutil.copytree(REPO / d, share / d)
    return share


def test_empty_share_exits_1_naming_what_is_missing(bin_path, tmp_path):
    share = make_share(tmp_path)
    p = serve_once(bin_path, tmp_path, share)
    assert p.returncode == 1, p.stderr
    assert str(share) in p.stderr
    assert re.search(r"locale|templates|static", p.stderr), p.stderr


@pytest.mark.parametrize("missing", ["templates", "static", "locale"])
def test_missing_share_folder_is_named(bin_path, tmp_path, missing):
    share = make_share(tmp_path, *[d for d in ("templates", "static", "locale") if d != missing])
    p = serve_once(bin_path, tmp_path, share)
    assert p.returncode == 1, p.stderr
    assert f"{share}/{missing}" in p.stderr, p.stderr


def test_missing_layout_is_named(bin_path, tmp_path):
    share = make_share(tmp_path, "templates", "static", "locale")
    (share / "templates" / "layout.html").unlink()
    p = serve_once(bin_path, tmp_path, share)
    assert p.returncode == 1
    assert "layout.html" in p.stderr


def test_template_syntax_error_names_file_and_line(bin_path, tmp_path):
    share = make_share(tmp_path, "templates", "static", "locale")
    home = share / "templates" / "home.html"
    lines = home.read_text().splitlines(keepends=True)
    lines.insert(2, "<p>{{#x}}unclosed</p>\n")  # becomes line 3
    home.write_text("".join(lines))
    p = serve_once(bin_path, tmp_path, share)
    assert p.returncode == 1, p.stderr
    assert "home.html:3" in p.stderr, p.stderr


def test_bad_data_file_for_demo_exits_1(bin_path, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"settings": {"name": "x"},\n "agencies": [oops]}')
    p = run(bin_path, "demo", "--db", tmp_path / "b.db", "--data", bad, cwd=tmp_path)
    assert p.returncode == 1
    assert "bad.json:2" in p.stderr, p.stderr
