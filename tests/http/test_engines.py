"""The two engines behind db.h: the same schema on both, and PostgreSQL's
start-up faults answered with one clear line and exit code 1.

These run only when a PostgreSQL cluster is given (TERBUKA_TEST_PG_DIR, set
by scripts/test); the rest of the suite runs on whichever engine is chosen.
"""
import subprocess
import time

import pytest

from httpkit import PG_DIR, REPO, new_database, run_sql

pytestmark = pytest.mark.skipif(not PG_DIR, reason="no PostgreSQL cluster (TERBUKA_TEST_PG_DIR)")


def run(bin_path, *args, timeout=30):
    return subprocess.run([str(bin_path), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)


# The full-text index is each engine's own (migrations 008): an FTS5 table
# and its shadow tables on SQLite (which only terbuka, with its tokenizer,
# can open), a tsvector column on PostgreSQL.
ENGINE_OWN = ("search_fts", "search_docs.tsv")


def sqlite_columns(path):
    tables = run_sql(path, "SELECT name FROM sqlite_master WHERE type = 'table' "
                           "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts%' "
                           "ORDER BY name").split()
    cols = {}
    for t in tables:
        rows = run_sql(path, f"SELECT name FROM pragma_table_info('{t}') ORDER BY cid")
        cols[t] = rows.split()
    return cols


def pg_columns(url):
    rows = run_sql(url, "SELECT table_name, column_name FROM information_schema.columns "
                        "WHERE table_schema = 'public' ORDER BY table_name, ordinal_position")
    cols = {}
    for line in rows.splitlines():
        t, c = line.split("|")
        if f"{t}.{c}" not in ENGINE_OWN:
            cols.setdefault(t, []).append(c)
    return cols


def test_both_schemas_expose_the_same_tables_and_columns(bin_path, tmp_path):
    lite = str(tmp_path / "schema.db")
    pg = new_database(tmp_path, "schema")
    for db in (lite, pg):
        p = run(bin_path, "migrate", "--db", db)
        assert p.returncode == 0, p.stderr
    a, b = sqlite_columns(lite), pg_columns(pg)
    assert a == b
    assert "agencies" in a and "schema_version" in a
    # same migrations recorded
    assert run_sql(lite, "SELECT version, name FROM schema_version ORDER BY version") == \
        run_sql(pg, "SELECT version, name FROM schema_version ORDER BY version")


def test_migrate_and_demo_are_idempotent_on_postgresql(bin_path, tmp_path):
    pg = new_database(tmp_path, "idem")
    for _ in range(2):
        assert run(bin_path, "migrate", "--db", pg).returncode == 0
        p = run(bin_path, "demo", "--db", pg)
        assert p.returncode == 0, p.stderr
    assert run_sql(pg, "SELECT count(*) FROM agencies") == "38"
    assert run_sql(pg, "SELECT count(*) FROM agencies WHERE kind = 'kecamatan'") == "23"
    assert run_sql(pg, "SELECT value FROM settings WHERE key = 'name'") == "Bekasi Terbuka"


def test_wrong_password_is_one_clear_line(bin_path, tmp_path):
    pg = new_database(tmp_path, "pw")
    bad = pg.replace("terbuka:terbuka@", "terbuka:salah-sekali@")
    t0 = time.monotonic()
    p = run(bin_path, "migrate", "--db", bad)
    assert p.returncode == 1
    assert "password authentication failed" in p.stderr
    assert "salah-sekali" not in p.stderr + p.stdout  # never echo a secret
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr
    assert time.monotonic() - t0 < 10


def test_unreachable_server_is_one_clear_line(bin_path):
    from httpkit import free_port
    url = f"postgresql://terbuka:terbuka@127.0.0.1:{free_port()}/nothing"
    t0 = time.monotonic()
    p = run(bin_path, "serve", "--db", url, "--listen", "127.0.0.1:1")
    assert p.returncode == 1
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr
    assert "terbuka:terbuka" not in p.stderr
    assert time.monotonic() - t0 < 10


def test_bad_url_is_one_clear_line(bin_path):
    p = run(bin_path, "migrate", "--db", "postgresql://[nonsense")
    assert p.returncode == 1
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr
