"""The page cache (src/pagecache.c): anonymous visitors of a public page
are given the bytes kept for it until the data behind it changes, with an
ETag so a phone that has them already is answered 304 without a body.
What must never happen: a kept page outliving a change (made through the
web, or directly in the database), or one person's page reaching
another."""
from __future__ import annotations

import gzip
import re

import pytest

from accountkit import Client, create_user, mint_session
from httpkit import ENGINE, Server, run_sql


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-pagecache"), name="pagecache", args=["--trust-proxy"])
    s.tampers = True  # programmes are changed behind the store's back, to see the pages follow
    s.start()
    yield s
    s.assert_clean_exit()


def get(srv, path, headers=None):
    status, h, body = Client(srv).get(path, headers=headers)
    return status, h, body


def metric(srv, result) -> int:
    _, _, body = get(srv, "/metrics")
    m = re.search(rf'terbuka_page_cache_total{{result="{result}"}} (\d+)', body.decode())
    return int(m.group(1))


def a_programme(srv) -> tuple[int, str]:
    """A programme without kegiatan (its progress is its own), and its page."""
    pid = srv.sql("SELECT id FROM programs p WHERE level = 'program' AND NOT EXISTS "
                  "(SELECT 1 FROM programs c WHERE c.parent_id = p.id) ORDER BY id DESC LIMIT 1")
    status, h, _ = get(srv, f"/program/{pid}")
    assert status == 301
    return int(pid), h["location"]


def test_a_public_page_is_kept_and_revalidated(srv):
    hits = metric(srv, "hit")
    s1, h1, b1 = get(srv, "/program")
    s2, h2, b2 = get(srv, "/program")
    assert s1 == s2 == 200 and b1 == b2
    assert h1["etag"] == h2["etag"] and h1["etag"].startswith('W/"')
    assert h2["cache-control"] == "no-cache"  # stored, but asked again each time
    assert metric(srv, "hit") > hits
    status, h, body = get(srv, "/program", headers={"If-None-Match": h2["etag"]})
    assert status == 304 and body == b"" and h["etag"] == h2["etag"]
    status, _, body = get(srv, "/program", headers={"If-None-Match": 'W/"0000000000000000"'})
    assert status == 200 and body == b1


def test_the_json_twin_and_gzip_are_kept_apart(srv):
    _, hh, html = get(srv, "/program")
    _, hj, js = get(srv, "/program.json")
    _, ha, accept = get(srv, "/program", headers={"Accept": "application/json"})
    assert hh["content-type"].startswith("text/html") and hj["content-type"].startswith("application/json")
    assert js == accept and ha["content-type"].startswith("application/json")
    for _ in range(2):  # built, then kept
        _, hg, packed = get(srv, "/program", headers={"Accept-Encoding": "gzip"})
        assert hg["content-encoding"] == "gzip" and gzip.decompress(packed) == html
        assert "Accept-Encoding" in hg["vary"] and "Accept" in hg["vary"]


def test_a_change_through_the_web_is_seen_at_once(srv):
    pid, page_path = a_programme(srv)
    get(srv, page_path)  # kept
    get(srv, "/program")
    uid = create_user(srv, "petugas.cache@example.id", "Petugas Cache",
                      [("warga", None), ("petugas", srv.sql(f"SELECT a.slug FROM programs p JOIN agencies a "
                                                           f"ON a.id = p.agency_id WHERE p.id = {pid}"))])
    officer = Client(srv, ip="10.9.0.1")
    officer.cookies["tb_sesi"] = mint_session(srv, uid)
    agency = srv.sql(f"SELECT a.slug FROM programs p JOIN agencies a ON a.id = p.agency_id WHERE p.id = {pid}")
    status, _, model = officer.post_json(f"/dinas/{agency}/program/{pid}/kabar",
                                         {"isi": "Pengecoran ruas kedua selesai minggu ini.",
                                          "progres": "55", "status": ""})
    assert status in (200, 303), model
    _, _, page = get(srv, page_path)
    assert "Pengecoran ruas kedua selesai minggu ini." in page.decode()


@pytest.mark.parametrize("change, needle", [
    ("UPDATE programs SET title = 'Judul Diubah Langsung' WHERE id = {pid}", "Judul Diubah Langsung"),
    ("UPDATE agencies SET name = 'Dinas Nama Baru' WHERE id = (SELECT agency_id FROM programs WHERE id = {pid})",
     "Dinas Nama Baru"),
    ("UPDATE settings SET value = 'Portal Diubah' WHERE key = 'name'", "Portal Diubah"),
])
def test_a_change_made_in_the_database_is_seen_at_once(srv, change, needle):
    # a write from outside the server (a database shell) goes through the
    # triggers of migrations 005 all the same
    pid, page_path = a_programme(srv)
    for path in (page_path, "/program"):
        _, _, before = get(srv, path)
        assert needle not in before.decode()
    srv.sql(change.format(pid=pid))
    for path in (page_path, "/program"):
        status, h, after = get(srv, path)
        if status == 301:  # a new title is a new canonical address
            status, h, after = get(srv, h["location"])
        assert needle in after.decode(), (path, change)


def test_a_person_is_never_given_a_kept_page(srv):
    get(srv, "/program")
    get(srv, "/program")
    uid = create_user(srv, "warga.cache@example.id", "Warga Cache Unik")
    me = Client(srv, ip="10.9.0.2")
    me.cookies["tb_sesi"] = mint_session(srv, uid)
    status, h, body = me.get("/program")
    assert status == 200 and 'action="/keluar"' in body.decode()  # their own menu
    assert h["cache-control"] == "private, no-store" and "etag" not in h
    # and what was built for them is not given to the next visitor
    _, _, anon = get(srv, "/program")
    assert 'action="/keluar"' not in anon.decode()


def test_a_visitors_form_token_is_never_kept(srv):
    # a visitor who opened a form carries a tb_csrf cookie; a page built
    # for them may hold their token and must not be kept for others
    visitor = Client(srv, ip="10.9.0.3")
    visitor.get("/masuk")
    assert "tb_csrf" in visitor.cookies
    srv.sql("UPDATE settings SET value = value WHERE key = 'name'")  # the kept pages are stale
    _, h, _ = visitor.get("/dinas")
    _, h2, body = get(srv, "/dinas")
    assert 'name="csrf"' not in body.decode()


def test_without_the_cache_every_page_is_built(fresh_server):
    s = fresh_server(args=["--page-cache", "0"])
    _, h, _ = get(s, "/program")
    assert "etag" not in h
    assert metric(s, "hit") == 0


def test_the_route_table_and_the_topics_agree(srv, bin_path):
    # `terbuka routes` names each public page's topics by bit order; every
    # one must be a row of data_versions with that bit, or no write would
    # ever make that page stale
    import json
    import subprocess
    rows = dict(line.split("|") for line in srv.sql("SELECT topic, bit FROM data_versions").split())
    routes = json.loads(subprocess.run([str(bin_path), "routes"], capture_output=True,
                                       check=True).stdout)
    public = [r for r in routes if r["cache"]]
    assert {r["pattern"] for r in public} >= {"/", "/dinas", "/dinas/:slug", "/program", "/program/:id-slug"}
    names = ["site", "agencies", "programs", "people", "questions", "search", "live", "kip", "report"]
    for r in public:
        assert r["method"] == "GET" and r["access"] == "everyone"
        for topic in r["cache"]:
            assert int(rows[topic]) == 1 << names.index(topic)


def version_reads(srv) -> dict[str, int]:
    _, _, body = get(srv, "/metrics")
    return {m.group(1): int(m.group(2)) for m in re.finditer(
        r'terbuka_data_version_reads_total{from="([a-z]+)"} (\d+)', body.decode())}


def until(check, timeout=3.0):
    import time
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not within the time"
        time.sleep(0.01)


postgresql_only = pytest.mark.skipif(ENGINE != "postgresql", reason="PostgreSQL nodes only")


@postgresql_only
def test_a_node_knows_the_versions_without_asking_postgresql(srv):
    get(srv, "/program")
    before = version_reads(srv)
    for _ in range(20):
        assert get(srv, "/program")[0] == 200
    after = version_reads(srv)
    assert after["copy"] >= before["copy"] + 20
    assert after["table"] == before["table"]  # nothing changed: no round trip


@postgresql_only
def test_a_change_behind_the_nodes_back_is_heard(srv):
    # no settle(): only the notification of migration 011 can tell the node
    pid, page_path = a_programme(srv)
    get(srv, page_path)
    run_sql(srv.db, f"UPDATE programs SET summary = 'Ringkasan didengar lewat NOTIFY' WHERE id = {pid}")
    until(lambda: "Ringkasan didengar lewat NOTIFY" in get(srv, page_path)[2].decode())


@postgresql_only
def test_without_its_listener_a_node_reads_the_versions_every_time(srv):
    pid, page_path = a_programme(srv)
    get(srv, page_path)
    # the node's LISTEN connection goes away: notifications may be missed
    run_sql(srv.db, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE query = 'LISTEN terbuka' AND datname = current_database()")
    srv.wait_for_log("pubsub: lost the PostgreSQL connection", stream="stderr")
    run_sql(srv.db, f"UPDATE programs SET summary = 'Ringkasan tanpa pendengar' WHERE id = {pid}")
    assert "Ringkasan tanpa pendengar" in get(srv, page_path)[2].decode()  # at once
    srv.wait_for_log("pubsub: listening again", timeout=5, stream="stderr")
    run_sql(srv.db, f"UPDATE programs SET summary = 'Ringkasan setelah tersambung' WHERE id = {pid}")
    until(lambda: "Ringkasan setelah tersambung" in get(srv, page_path)[2].decode())
