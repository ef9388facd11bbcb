"""Search (/cari, /cari.json, /cari/saran.json): one search over questions,
answers, programmes and departments with Indonesian stemming on both
engines, filters, snippets that mark hits and escape everything else,
nothing that is not public, and no query that makes it fail.

Programmes come from the demo data set and from an officer's form (which
indexes them in the same transaction); questions and answers are planted
with SQL, then indexed by `terbuka search reindex`, as the question pages
will index them through src/search/search.h.
"""
from __future__ import annotations

import itertools
import json
import re
import subprocess
import urllib.parse

import pytest

from accountkit import Client, create_user, mint_session, q
from httpkit import ENGINE, REPO, HtmlScan, Server, binary

NOW = "2026-11-20T03:00:00Z"


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-search"), name="search", args=["--trust-proxy"])
    s.start()
    yield s
    s.assert_clean_exit()


def reindex(srv):
    p = subprocess.run([str(binary()), "search", "reindex", "--db", srv.db], capture_output=True,
                       text=True, timeout=60, cwd=REPO, stdin=subprocess.DEVNULL)
    assert p.returncode == 0, p.stderr
    return p


def search(srv, **params) -> dict:
    status, model = Client(srv).json("/cari?" + urllib.parse.urlencode(params))
    assert status == 200, (params, model)
    return model


def text(segments) -> str:
    return "".join(s["text"] for s in segments)


def marked(segments) -> str:
    return "".join(f"[{s['text']}]" if s["hit"] else s["text"] for s in segments)


def agency_id(srv, slug) -> int:
    return int(srv.sql(f"SELECT id FROM agencies WHERE slug = {q(slug)}"))


def add_question(srv, user, title, body, state="terbuka", hidden=0, listed=1, agency=None,
                 kecamatan=None, program=None) -> int:
    cols = {"user_id": user, "title": q(title), "body": q(body), "state": q(state),
            "hidden": hidden, "listed": listed, "created_at": q(NOW), "updated_at": q(NOW),
            "published_at": q(NOW)}
    if agency:
        cols["agency_id"] = agency_id(srv, agency)
    if kecamatan:
        cols["kecamatan_id"] = agency_id(srv, kecamatan)
    if program:
        cols["program_id"] = program
    return int(srv.sql(f"INSERT INTO questions ({', '.join(cols)}) VALUES "
                       f"({', '.join(str(v) for v in cols.values())}) RETURNING id").splitlines()[0])


def add_answer(srv, question, agency, body, hidden=0) -> int:
    return int(srv.sql(
        "INSERT INTO answers (question_id, agency_id, body, hidden, created_at, updated_at) VALUES "
        f"({question}, {agency_id(srv, agency)}, {q(body)}, {hidden}, {q(NOW)}, {q(NOW)}) "
        "RETURNING id").splitlines()[0])


@pytest.fixture(scope="module")
def world(srv):
    """A programme made through the officer's form, and questions and
    answers in every state, planted and then indexed."""
    uid = create_user(srv, "petugas.cari@example.id", "Petugas Cari",
                      [("warga", None), ("petugas", "dsdabmbk")])
    officer = Client(srv, ip="10.7.0.1")
    officer.cookies["tb_sesi"] = mint_session(srv, uid)
    form = {
        "judul": "Pembangunan Jalan Lingkungan Desa Sukamakmur",
        "ringkasan": "Jalan beton **1,2 km** untuk warga Sukamakmur.",
        "status": "berjalan", "tahun": "2026", "pagu": "1.500.000.000", "realisasi": "0",
        "sumber": "apbd", "kecamatan": "", "desa": "", "lintang": "", "bujur": "",
        "mulai": "2026-03-01", "selesai": "2026-11-30", "progres": "10", "rollup": "budget",
        "target": "1,2 km jalan",
    }
    status, headers, body = officer.post("/dinas/dsdabmbk/program/baru", form)
    assert status == 303, body[:2000]
    pid = int(re.search(r"/program/(\d+)", headers["location"]).group(1))

    warga = create_user(srv, "warga.cari@example.id", "Warga Cari")
    w = {}
    # Zambrudan and Kertajingga are in no demo text: the demo's own
    # questions never get in the way of what these tests look for
    w["open"] = add_question(
        srv, warga, "Jalan <script>alert(1)</script> rusak di Zambrudan",
        "Jalan di depan pasar Zambrudan berlubang besar sejak banjir. Kapan diperbaiki?",
        agency="dsdabmbk", kecamatan="kecamatan-tambun-selatan", program=pid)
    w["answered"] = add_question(
        srv, warga, "Beasiswa sekolah untuk anak nelayan Kertajingga",
        "Apakah ada beasiswa untuk anak nelayan Kertajingga di Muaragembong?", state="dijawab",
        agency="disdik", kecamatan="kecamatan-muaragembong")
    w["answer"] = add_answer(srv, w["answered"], "disdik",
                             "Pendaftaran **beasiswa** Kertajingga dibuka bulan Januari di kantor "
                             "kecamatan; syaratnya kartu keluarga nelayan.")
    w["hidden_answer"] = add_answer(srv, w["answered"], "disdik",
                                    "Jawaban tersembunyi kelelawarbiru.", hidden=1)
    w["moderasi"] = add_question(srv, warga, "Rahasia kucingungu menunggu moderasi",
                                 "Isi kucingungu.", state="moderasi", listed=0)
    w["ditolak"] = add_question(srv, warga, "Ditolak kucingungu", "Isi kucingungu ditolak.",
                                state="ditolak", listed=0)
    w["hidden"] = add_question(srv, warga, "Tersembunyi kucingungu", "Isi kucingungu tersembunyi.",
                               hidden=1, listed=0)
    w["program"] = pid
    reindex(srv)
    return w


def test_membangun_jalan_finds_pembangunan_jalan(srv, world):
    m = search(srv, q="membangun jalan", jenis="program")
    urls = [r["url"] for r in m["results"]]
    mine = next(r for r in m["results"] if r["url"].startswith(f"/program/{world['program']}-"))
    assert marked(mine["title"]).startswith("[Pembangunan] [Jalan] Lingkungan")
    assert mine["kind"] == "program" and mine["kind_label"] == "Program"
    assert m["count"] >= len(urls) and m["message"] is None
    # the same stem from the other side: "pembangunan" finds "membangun" too
    m2 = search(srv, q="pembangunan jembatan", jenis="dinas")
    dsda = next(r for r in m2["results"] if r["url"] == "/dinas/dsdabmbk")
    assert "[Membangun]" in marked(dsda["snippet"]) and "[jembatan]" in marked(dsda["snippet"])


def test_a_programme_saved_by_an_officer_is_found_at_once(srv, world):
    # indexed by programs_save in its transaction, before any reindex
    m = search(srv, q="sukamakmur beton", jenis="program")
    # the best match: both words, in the title and the summary
    assert m["results"][0]["url"] == \
        f"/program/{world['program']}-pembangunan-jalan-lingkungan-desa-sukamakmur"
    assert marked(m["results"][0]["snippet"]).startswith("Jalan [beton] 1,2 km untuk warga [Sukamakmur]")


def test_questions_and_answers_are_found_with_their_addresses(srv, world):
    m = search(srv, q="beasiswa kertajingga")
    by_kind = {r["kind"]: r for r in m["results"]}
    assert set(by_kind) >= {"pertanyaan", "jawaban"}
    qid, aid = world["answered"], world["answer"]
    assert by_kind["pertanyaan"]["url"] == f"/pertanyaan/{qid}-beasiswa-sekolah-untuk-anak-nelayan-kertajingga"
    assert by_kind["jawaban"]["url"] == \
        f"/pertanyaan/{qid}-beasiswa-sekolah-untuk-anak-nelayan-kertajingga#jawaban-{aid}"
    # an answer is headed by its question, and its own text is what matched
    assert text(by_kind["jawaban"]["title"]) == "Beasiswa sekolah untuk anak nelayan Kertajingga"
    assert "[beasiswa]" in marked(by_kind["jawaban"]["snippet"])  # markdown taken out
    assert "**" not in text(by_kind["jawaban"]["snippet"])
    assert by_kind["jawaban"]["state_label"] == "Sudah dijawab"


def test_filters_narrow(srv, world):
    everything = search(srv, q="jalan")
    assert len({r["kind"] for r in everything["results"]}) >= 2
    for kind in ("program", "pertanyaan", "dinas"):
        m = search(srv, q="jalan", jenis=kind)
        assert m["results"] and all(r["kind"] == kind for r in m["results"]), kind
        assert m["count"] <= everything["count"]
    dsda = search(srv, q="jalan", dinas="dsdabmbk")
    assert dsda["results"] and dsda["count"] < everything["count"]
    assert all(r["agency_name"] == "Dinas Sumber Daya Air, Bina Marga dan Bina Konstruksi"
               for r in dsda["results"])
    tambun = search(srv, q="zambrudan", kecamatan="kecamatan-tambun-selatan")
    assert f"/pertanyaan/{world['open']}-" in json.dumps(tambun["results"])
    assert search(srv, q="kertajingga", kecamatan="kecamatan-tambun-selatan")["results"] == []
    assert search(srv, q="kertajingga", kecamatan="kecamatan-muaragembong")["results"]
    by_program = search(srv, q="jalan", program=str(world["program"]))
    assert {r["kind"] for r in by_program["results"]} == {"program", "pertanyaan"}
    assert by_program["program"]["title"].startswith("Pembangunan Jalan Lingkungan")
    answered = search(srv, q="kertajingga", status="dijawab")
    assert {r["kind"] for r in answered["results"]} == {"pertanyaan", "jawaban"}
    assert search(srv, q="zambrudan", status="dijawab")["results"] == []
    assert search(srv, q="zambrudan", status="terbuka")["results"]
    assert search(srv, q="kertajingga", jenis="jawaban", dinas="disdik")["count"] == 1
    # unknown values find nothing or are ignored, and never fail
    assert search(srv, q="jalan", dinas="tidak-ada")["results"] == []
    assert search(srv, q="jalan", program="abc")["results"] == []
    assert search(srv, q="jalan", jenis="rahasia")["count"] == everything["count"]
    assert search(srv, q="jalan", status="moderasi")["count"] == everything["count"]


def every_url(srv, **filters) -> set[str]:
    """Every result of a search, page after page, with its count checked on each page."""
    urls, page, count = set(), search(srv, **filters), None
    while True:
        count = page["count"] if count is None else count
        assert page["count"] == count, "the count is the same on every page"
        urls |= {r["url"] for r in page["results"]}
        if not page.get("next"):
            return urls
        page = search(srv, **dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page["next"]).query)))


def test_filters_combine_as_an_intersection(srv, world):
    # Kind and state are stored combined with each other filter (index.c,
    # tags_of); whatever the storage, several filters find exactly what
    # each finds alone.
    single = {"jenis": "pertanyaan", "status": "dijawab", "dinas": "dsdabmbk",
              "kecamatan": "kecamatan-tambun-selatan"}
    alone = {k: every_url(srv, q="jalan", **{k: v}) for k, v in single.items()}
    assert all(alone.values())
    keys = list(single)
    for n in range(2, len(keys) + 1):
        for combo in itertools.combinations(keys, n):
            want = set.intersection(*(alone[k] for k in combo))
            got = every_url(srv, q="jalan", **{k: single[k] for k in combo})
            assert got == want, combo
    assert alone["jenis"] & alone["status"], "the data has questions that are both"


def test_snippets_mark_hits_and_escape_everything_else(srv, world):
    m = search(srv, q="jalan rusak zambrudan")
    r = next(r for r in m["results"] if r["kind"] == "pertanyaan")
    assert marked(r["title"]) == "[Jalan] <script>alert(1)</script> [rusak] di [Zambrudan]"
    status, _, body = Client(srv).get("/cari?q=jalan+rusak+zambrudan")
    html = body.decode()
    assert status == 200
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<mark>Jalan</mark> &lt;script&gt;" in html
    assert not HtmlScan(html).inline_scripts()
    # the sentinels that mark hits never reach a page
    assert not re.search("[\x00-\x08]", html)


def test_only_public_questions_and_answers_are_ever_found(srv, world):
    for word in ("kucingungu", "kelelawarbiru"):
        assert search(srv, q=word)["results"] == [], word
    assert Client(srv).json("/cari/saran.json?q=kucingungu")[1]["questions"] == []
    # a question hidden behind the index's back (no search_index_question)
    # is not shown either: the page checks each row against its question
    srv.sql(f"UPDATE questions SET hidden = 1, listed = 0 WHERE id = {world['open']}")
    try:
        assert search(srv, q="zambrudan")["results"] == []
        # ... and once indexed again it is gone from the index itself
        reindex(srv)
        assert search(srv, q="zambrudan")["count"] == 0
    finally:
        srv.sql(f"UPDATE questions SET hidden = 0, listed = 1 WHERE id = {world['open']}")
        reindex(srv)
    assert search(srv, q="zambrudan", jenis="pertanyaan")["results"]


def test_suggestions_for_the_ask_form(srv, world):
    status, m = Client(srv).json("/cari/saran.json?q=" + urllib.parse.quote("jalan berlubang di zambrudan"))
    assert status == 200
    assert m["questions"][0]["id"] == world["open"] and len(m["questions"]) <= 5
    s = m["questions"][0]
    assert s["url"].startswith(f"/pertanyaan/{world['open']}-") and s["state"] == "terbuka"
    assert s["answers"] == 0 and s["title"].startswith("Jalan <script>")
    # any word is enough, answers and programmes are not suggested
    assert [x["id"] for x in Client(srv).json("/cari/saran.json?q=kertajingga+zzzz")[1]["questions"]] \
        == [world["answered"]]
    for bad in ("", "%22", "*", "NEAR(", "x" * 5000):
        status, m = Client(srv).json("/cari/saran.json?q=" + bad)
        assert status == 200 and m["questions"] == [], bad
    # JSON only: no HTML twin
    status, headers, _ = Client(srv).get("/cari/saran?q=jalan")
    assert status == 200 and headers["content-type"].startswith("application/json")


def test_pages_of_results(srv, world):
    first = search(srv, q="jalan")
    assert first["count"] > 20 and len(first["results"]) == 20 and first["next"]
    assert "prev" not in first
    second = search(srv, **dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(first["next"]).query)))
    assert second["results"] and second["prev"]
    a = [r["url"] for r in first["results"]]
    b = [r["url"] for r in second["results"]]
    assert not set(a) & set(b)
    assert search(srv, q="jalan", halaman="9999")["page"] == 1  # out of range: the first


BAD = [
    "", "   ", "!!!", "\"", "\"jalan", "jalan\"", "\"\"", "*", "jalan*", "*jalan", "NEAR(",
    "NEAR(jalan rusak)", "NEAR(jalan, 2)", "-jalan", "jalan -rusak", "title:jalan", "body:x",
    "^jalan", "jalan OR", "OR", "AND", "NOT jalan", "jalan AND NOT", "(jalan", "jalan)", "{title}",
    "+", "a:b:c", "'; DROP TABLE search_docs; --", "\\", "%", "_", "jalan & rusak | !tambun",
    "jalan:*", "<->", "\u201cjalan\u201d", "😀", "😀jalan😀", "ﾟ･✿ヾ", "x" * 60,
    "jalan " * 2000, "a" * 10240, "%s%n%x", "Ŝ̸̢", "\u202ejalan",
]


@pytest.mark.parametrize("query", BAD, ids=range(len(BAD)))
def test_bad_queries_never_fail(srv, world, query):
    for path in ("/cari?q=", "/cari.json?q="):
        status, headers, body = Client(srv).get(path + urllib.parse.quote(query, safe=""))
        assert status == 200, (query, body[:500])
    m = search(srv, q=query)
    if m["results"]:
        assert m["searched"]
    else:
        assert m["message"], query  # says what happened
    assert len(m["q"]) <= 200


def test_raw_invalid_utf8_and_a_huge_url_leave_the_server_serving(srv, world):
    # not text at all: 400, the one answer that is not 200
    status, _, _ = Client(srv).get("/cari?q=jalan%00rusak")
    assert status == 400
    for raw in (b"GET /cari?q=\xff\xfe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                b"GET /cari?q=%ff%fe%c0%af HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                b"GET /cari?q=" + b"a%20" * 3000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"):
        out = srv.raw(raw)
        status = int(out.split(b" ", 2)[1]) if out.startswith(b"HTTP/") else None
        assert status in (200, 400, 414, 431), out[:300]
    srv.assert_serving()
    assert search(srv, q="jalan")["results"]


def test_the_search_box_is_on_every_page_and_works_without_javascript(srv, world):
    for path in ("/", "/dinas", "/program"):
        status, _, body = Client(srv).get(path)
        html = body.decode()
        assert status == 200 and 'action="/cari"' in html and 'name="q"' in html, path
    status, _, body = Client(srv).get("/cari?q=beasiswa&jenis=jawaban")
    html = body.decode()
    assert status == 200 and "<mark>beasiswa</mark>" in html.lower()
    assert 'value="beasiswa"' in html and "1 hasil" in html
    assert '<option value="jawaban" selected>' in html


def test_an_empty_search_explains_itself(srv, world):
    m = search(srv)
    assert m["results"] == [] and "Ketik" in m["message"]
    m = search(srv, q="???")
    assert m["results"] == [] and "huruf atau angka" in m["message"]
    m = search(srv, q="qwertyuiopasdf")
    assert m["results"] == [] and "Tidak ada hasil" in m["message"]
    m = search(srv, q=" ".join(f"kata{i}" for i in range(20)))
    assert m["cut"] and len(m["words"]) == 12


def test_reindex_is_idempotent_and_counts(srv, world):
    before = srv.sql("SELECT count(*) FROM search_docs")
    out = reindex(srv)
    assert "documents indexed" in out.stderr + out.stdout
    assert srv.sql("SELECT count(*) FROM search_docs") == before
    public = ("listed = 1 AND hidden = 0 AND state IN ('terbuka', 'dijawab', 'diteruskan', 'ditutup')")
    want = sum(int(srv.sql(f"SELECT count(*) FROM {t}")) for t in (
        "agencies", "programs", f"questions WHERE {public}",
        f"answers a WHERE a.hidden = 0 AND a.question_id IN (SELECT id FROM questions WHERE {public})"))
    assert int(before) == want


def test_search_pages_are_kept_until_the_index_changes(srv, world):
    c = Client(srv)
    _, h1, b1 = c.get("/cari?q=sukamakmur")
    _, h2, b2 = c.get("/cari?q=sukamakmur")
    assert b1 == b2 and h1.get("etag") and h1.get("etag") == h2.get("etag")
    title = srv.sql(f"SELECT title FROM programs WHERE id = {world['program']}")
    srv.sql(f"UPDATE programs SET title = {q(title + ' Tahap 2')} WHERE id = {world['program']}")
    try:
        reindex(srv)
        _, h3, b3 = c.get("/cari?q=sukamakmur")
        assert b"Tahap 2" in b3 and h3.get("etag") != h1.get("etag")
    finally:
        srv.sql(f"UPDATE programs SET title = {q(title)} WHERE id = {world['program']}")
        reindex(srv)


@pytest.mark.skipif(ENGINE != "sqlite", reason="the FTS5 tokenizer is SQLite's")
def test_the_sqlite_shell_can_still_edit_rows(srv, world):
    # indexing is application code, not triggers: a shell without our
    # tokenizer edits the tables behind the index freely
    srv.sql(f"UPDATE questions SET votes = votes + 1 WHERE id = {world['open']}")
    srv.sql(f"UPDATE programs SET progress = 11 WHERE id = {world['program']}")


def test_departments_are_indexed_when_an_admin_saves_them(srv, world):
    uid = create_user(srv, "admin.cari@bekasikab.go.id", "Admin Cari", [("warga", None), ("admin", None)])
    admin = Client(srv, ip="10.7.0.2")
    admin.cookies["tb_sesi"] = mint_session(srv, uid)
    fields = {
        "slug": "rsud-cari", "name": "Rumah Sakit Umum Daerah Cari", "short_name": "RSUD Cari",
        "kind": "rsud", "head_title": "Direktur", "head_name": "dr. Siti Rahma",
        "address": "Jl. Rumah Sakit No. 1", "phone": "+62 21 8832-1234",
        "email": "rsud.cari@bekasikab.go.id", "website": "", "social_instagram": "",
        "social_facebook": "", "social_x": "", "social_youtube": "", "social_tiktok": "",
        "description": "Melayani **cuci darah** bagi pasien zamrudkhatulistiwa.",
    }
    status, _, body = admin.post("/admin/dinas/baru", fields)
    assert status == 303, body[:2000]
    m = search(srv, q="zamrudkhatulistiwa")  # no reindex: the save indexed it
    assert [r["url"] for r in m["results"]] == ["/dinas/rsud-cari"]
    assert text(m["results"][0]["title"]) == "Rumah Sakit Umum Daerah Cari (RSUD Cari)"
    assert search(srv, q="rsud cari", jenis="dinas")["results"][0]["url"] == "/dinas/rsud-cari"
    status, form = admin.json("/admin/dinas/rsud-cari/ubah")
    edited = dict(form["form"]["values"], slug="rsud-cari-baru",
                  description="Kini melayani pasien safirnusantara.")
    status, _, body = admin.post("/admin/dinas/rsud-cari/ubah", edited)
    assert status == 303, body[:2000]
    assert search(srv, q="zamrudkhatulistiwa")["results"] == []
    assert [r["url"] for r in search(srv, q="safirnusantara")["results"]] == ["/dinas/rsud-cari-baru"]
