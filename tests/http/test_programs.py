"""Programmes: the public list (filters, totals, keyset pages, CSV), one
programme (its kegiatan, roll-up, timeline, history), and the officers'
forms (create, edit, report), with every bad input answered on the form
and nothing half-saved. On the demo data set."""
from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse

import pytest

from accountkit import Client, create_user, mint_session, tiny_png
from httpkit import Server


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-programs"), name="programs", args=["--trust-proxy"])
    s.start()
    yield s
    s.assert_clean_exit()


def officer(srv, agency="dinkes", email=None) -> Client:
    email = email or f"petugas.{agency}@example.id"
    uid = srv.sql(f"SELECT id FROM users WHERE email_key = '{email}'") or \
        str(create_user(srv, email, f"Petugas {agency}", [("warga", None), ("petugas", agency)]))
    c = Client(srv, ip=f"10.3.0.{int(uid) % 250 + 1}")
    c.cookies["tb_sesi"] = mint_session(srv, int(uid))
    return c


def j(srv, path):
    status, model = Client(srv).json(path)
    assert status == 200, (path, model)
    return model


GOOD = {
    "judul": "Pembangunan Jalan Desa Sukamahi", "ringkasan": "Jalan beton **3 km**.",
    "status": "berjalan", "tahun": "2026", "pagu": "Rp 2.500.000.000", "realisasi": "1.000.000.000",
    "sumber": "apbd", "kecamatan": "", "desa": "", "lintang": "", "bujur": "",
    "mulai": "2026-03-01", "selesai": "2026-11-30", "progres": "40", "rollup": "budget",
    "target": "3 km jalan\n2 gorong-gorong",
}


def test_demo_programmes_are_listed_with_totals(srv):
    m = j(srv, "/program")
    assert m["totals"]["count"] >= 50 and len(m["programs"]) == 50 and m["next"]
    total = int(srv.sql("SELECT sum(budget) FROM programs WHERE level = 'program'"))
    assert m["totals"]["budget"] == total
    assert sum(s["count"] for s in m["totals"]["by_status"]) == m["totals"]["count"]
    assert sum(a["budget"] for a in m["totals"]["by_agency"]) == total
    p = m["programs"][0]
    assert p["url"].startswith(f"/program/{p['id']}-") and p["budget_label"].startswith("Rp ")


def test_keyset_pages_cover_everything_once(srv):
    for sort in ("terbaru", "anggaran", "progres"):
        seen, path = [], f"/program?urut={sort}"
        while path:
            m = j(srv, path)
            seen += [p["id"] for p in m["programs"]]
            path = m.get("next")
        assert len(seen) == len(set(seen)) == m["totals"]["count"], sort
        if sort == "anggaran":
            budgets = [int(srv.sql(f"SELECT budget FROM programs WHERE id = {i}")) for i in seen[:20]]
            assert budgets == sorted(budgets, reverse=True)


def test_filters_agree_with_the_database(srv):
    status, agency = srv.sql("SELECT p.status || '|' || a.slug FROM programs p JOIN agencies a "
                             "ON a.id = p.agency_id WHERE p.level = 'program' LIMIT 1").split("|")
    m = j(srv, f"/program?status={status}&dinas={agency}")
    want = int(srv.sql(f"SELECT count(*) FROM programs p JOIN agencies a ON a.id = p.agency_id "
                       f"WHERE p.level = 'program' AND p.status = '{status}' AND a.slug = '{agency}'"))
    assert m["totals"]["count"] == want >= 1
    assert all(p["status"] == status and p["agency"] == agency for p in m["programs"])
    year = j(srv, "/program?tahun=2025")
    assert all(p["fiscal_year"] == 2025 for p in year["programs"])
    assert j(srv, "/program?status=tidak-ada")["programs"] == []
    assert j(srv, "/program?tahun=abc")["totals"]["count"] == j(srv, "/program")["totals"]["count"]


def test_every_combination_of_filters_agrees_with_the_database(srv):
    # each combination is a statement of its own (store.c): all 32, with the
    # values of one programme so none is empty, and a cursor page in each sort
    row = srv.sql("SELECT a.slug || '|' || p.status || '|' || p.fiscal_year || '|' || "
                  "coalesce(k.slug, '') || '|' || p.funding FROM programs p "
                  "JOIN agencies a ON a.id = p.agency_id JOIN agencies k ON k.id = p.kecamatan_id "
                  "WHERE p.level = 'program' ORDER BY p.id LIMIT 1").split("|")
    params = dict(zip(("dinas", "status", "tahun", "kecamatan", "sumber"), row))
    sql = dict(zip(params, ("a.slug", "p.status", "p.fiscal_year", "k.slug", "p.funding")))
    for mask in range(32):
        chosen = {k: v for i, (k, v) in enumerate(params.items()) if mask & (1 << i)}
        where = " ".join(f"AND {sql[k]} = '{v}'" for k, v in chosen.items())
        ids = srv.sql("SELECT p.id FROM programs p JOIN agencies a ON a.id = p.agency_id "
                      "LEFT JOIN agencies k ON k.id = p.kecamatan_id "
                      f"WHERE p.level = 'program' {where} ORDER BY p.id DESC").split()
        m = j(srv, "/program?" + urllib.parse.urlencode(chosen))
        assert m["totals"]["count"] == len(ids) >= 1, chosen
        assert [str(p["id"]) for p in m["programs"]] == ids[:50], chosen
        for sort in ("anggaran", "progres"):
            first = j(srv, "/program?" + urllib.parse.urlencode({**chosen, "urut": sort}))
            if first.get("next"):
                later = j(srv, first["next"])
                assert later["programs"] and not {p["id"] for p in later["programs"]} & \
                    {p["id"] for p in first["programs"]}, (chosen, sort)


def test_csv_of_a_filtered_list(srv):
    status, headers, body = Client(srv).get("/program/unduh?tahun=2026&urut=anggaran")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert "attachment" in headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    want = int(srv.sql("SELECT count(*) FROM programs WHERE level = 'program' AND fiscal_year = 2026"))
    assert len(rows) == want
    assert all(r["tahun_anggaran"] == "2026" for r in rows)
    assert [int(r["pagu_rupiah"]) for r in rows] == sorted((int(r["pagu_rupiah"]) for r in rows), reverse=True)


def test_one_programme_with_its_kegiatan_and_roll_up(srv):
    pid = int(srv.sql("SELECT parent_id FROM programs WHERE level = 'kegiatan' LIMIT 1"))
    status, headers, _ = Client(srv).get(f"/program/{pid}")
    assert status == 301 and re.fullmatch(rf"/program/{pid}-[a-z0-9-]+", headers["location"])
    m = j(srv, headers["location"])["program"]
    assert m["level"] == "program" and m["children"]
    kids = srv.sql(f"SELECT budget, progress FROM programs WHERE parent_id = {pid}").splitlines()
    pairs = [tuple(map(int, k.split("|"))) for k in kids]
    total = sum(b for b, _ in pairs)
    if m["rollup"] == "budget" and total:
        want = round(sum(b * p for b, p in pairs) / total + 1e-9)
    else:
        want = round(sum(p for _, p in pairs) / len(pairs) + 1e-9)
    assert abs(m["progress"] - want) <= 1, (m["progress"], want)
    assert m["versions"] and m["budget_label"].startswith("Rp ")


def test_officer_creates_edits_and_the_history_shows_it(srv):
    c = officer(srv)
    status, headers, body = c.post("/dinas/dinkes/program/baru", GOOD)
    assert status == 303, body[:3000]
    url = urllib.parse.urlsplit(headers["location"]).path
    pid = int(url.split("/")[2].split("-")[0])
    row = srv.sql(f"SELECT budget, realization, status, progress, targets FROM programs WHERE id = {pid}")
    assert row == '2500000000|1000000000|berjalan|40|["3 km jalan","2 gorong-gorong"]'
    edit = dict(GOOD, pagu="2.750.000.000", status="selesai", progres="")
    status, _, _ = c.post(f"/dinas/dinkes/program/{pid}/ubah", edit)
    assert status == 303
    m = j(srv, url)["program"]
    assert m["progress"] == 100, "selesai implies 100% when none is given"
    assert m["version"] == 2 and m["changed"] is True
    fields = {ch["field"] for ch in m["versions"][0]["changes"]}
    assert {"budget", "status", "progress"} <= fields
    budget = next(ch for ch in m["versions"][0]["changes"] if ch["field"] == "budget")
    assert (budget["from"], budget["to"]) == (2500000000, 2750000000)
    # a kegiatan under it rolls progress up
    status, headers, _ = c.post("/dinas/dinkes/program/baru", dict(GOOD, induk=str(pid), judul="Kegiatan A",
                                                                   pagu="1.000.000.000", realisasi="0",
                                                                   progres="20", status="berjalan"))
    assert status == 303
    assert int(srv.sql(f"SELECT progress FROM programs WHERE id = {pid}")) == 20
    assert srv.sql(f"SELECT level FROM programs WHERE parent_id = {pid}") == "kegiatan"


CASES = [
    ("negative money", {"pagu": "-5"}, "pagu", "Masukkan jumlah rupiah"),
    ("overflowing money", {"pagu": "99999999999999999999999"}, "pagu", "Masukkan jumlah rupiah"),
    ("decimal money", {"pagu": "12,5"}, "pagu", "Masukkan jumlah rupiah"),
    ("realisation over budget", {"realisasi": "3.000.000.000"}, "realisasi", "melebihi pagu"),
    ("progress over 100", {"progres": "101"}, "progres", "0 sampai 100"),
    ("progress not a number", {"progres": "-1"}, "progres", "0 sampai 100"),
    ("end before start", {"selesai": "2026-01-01"}, "selesai", "sebelum tanggal mulai"),
    ("impossible date", {"mulai": "2026-02-30"}, "mulai", "tanggal yang benar"),
    ("unknown kecamatan", {"kecamatan": "kecamatan-atlantis"}, "kecamatan", "tidak ada di daftar"),
    ("village of another kecamatan", {"kecamatan": "kecamatan-babelan",
                                      "desa": "kecamatan-tambun-selatan/xyz"}, "desa", "tidak berada"),
    ("coordinates outside Bekasi", {"lintang": "1.5", "bujur": "107.1"}, "lintang", "Kabupaten Bekasi"),
    ("unknown status", {"status": "hampir"}, "status", "tidak dikenal"),
    ("unknown funding", {"sumber": "hibah-asing"}, "sumber", "tidak dikenal"),
    ("no title", {"judul": "  "}, "judul", "Masukkan judul"),
    ("year out of range", {"tahun": "1999"}, "tahun", "antara 2000 dan 2100"),
]


@pytest.mark.parametrize("label,change,field,message", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_answered_on_the_form(srv, label, change, field, message):
    c = officer(srv)
    before = srv.sql("SELECT count(*) FROM programs")
    status, _, model = c.post_json("/dinas/dinkes/program/baru", dict(GOOD, **change))
    assert status == 422, model
    assert message in model["form"]["error"][field]
    assert model["form"]["values"]["judul"] == GOOD["judul"].strip() or field == "judul"
    assert srv.sql("SELECT count(*) FROM programs") == before


def test_officers_of_another_agency_cannot_touch_it(srv):
    mine = officer(srv, "dinkes")
    other = officer(srv, "dishub")
    status, headers, _ = mine.post("/dinas/dinkes/program/baru", dict(GOOD, judul="Milik Dinkes"))
    pid = int(urllib.parse.urlsplit(headers["location"]).path.split("/")[2].split("-")[0])
    assert other.post(f"/dinas/dinkes/program/{pid}/ubah", GOOD)[0] == 403
    # through its own agency's path, a programme of another agency does not exist
    assert other.post(f"/dinas/dishub/program/{pid}/ubah", GOOD)[0] == 404
    assert other.get(f"/dinas/dishub/program/{pid}/ubah")[0] == 404
    assert srv.sql(f"SELECT title FROM programs WHERE id = {pid}") == "Milik Dinkes"


def test_report_changes_status_and_progress(srv):
    c = officer(srv)
    status, headers, _ = c.post("/dinas/dinkes/program/baru", dict(GOOD, judul="Untuk Kabar", progres="10"))
    url = urllib.parse.urlsplit(headers["location"]).path
    pid = int(url.split("/")[2].split("-")[0])
    status, _, model = c.post_json(f"/dinas/dinkes/program/{pid}/kabar", {"isi": "", "progres": "50"})
    assert status == 422 and model["form"]["error"]["isi"] == "Tulis isi kabarnya."
    status, _, _ = c.post(f"/dinas/dinkes/program/{pid}/kabar",
                          {"isi": "Pengecoran tahap 1 **selesai**.", "progres": "55", "status": ""})
    assert status == 303
    m = j(srv, url)["program"]
    assert m["progress"] == 55 and m["updates"][0]["progress"] == 55
    assert "<strong>selesai</strong>" in m["updates"][0]["body_html"]
    assert any(ch["field"] == "progress" for ch in m["versions"][0]["changes"])


def test_follow_a_programme(srv):
    pid = srv.sql("SELECT id FROM programs WHERE level = 'program' LIMIT 1")
    c = Client(srv, ip="10.3.9.9")
    c.register("pengikut@example.id")
    status, headers, _ = c.post(f"/program/{pid}/ikuti", {"aksi": "ikuti"})
    assert status == 303 and "pesan=diikuti" in headers["location"]
    m = c.json(urllib.parse.urlsplit(headers["location"]).path)[1]["program"]
    assert m["following"] is True and m["followers"] >= 1
    c.post(f"/program/{pid}/ikuti", {"aksi": "berhenti"})
    assert srv.sql(f"SELECT count(*) FROM program_follows WHERE program_id = {pid}") == "0"
    assert Client(srv).post(f"/program/{pid}/ikuti", {"aksi": "ikuti"})[0] == 401


def test_agency_page_shows_its_programmes(srv):
    slug = srv.sql("SELECT a.slug FROM programs p JOIN agencies a ON a.id = p.agency_id "
                   "WHERE p.level = 'program' GROUP BY a.slug ORDER BY count(*) DESC LIMIT 1")
    m = j(srv, f"/dinas/{slug}")
    text = json.dumps(m)
    assert "/program/" in text


MINI_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def test_report_with_photos_and_a_document(srv):
    c = officer(srv)
    status, headers, _ = c.post("/dinas/dinkes/program/baru", dict(GOOD, judul="Dengan Foto"))
    url = urllib.parse.urlsplit(headers["location"]).path
    pid = int(url.split("/")[2].split("-")[0])
    status, headers, body = c.post_files(f"/dinas/dinkes/program/{pid}/kabar", {"isi": "Foto lapangan."},
                                         [("foto", "lapangan.png", "image/png", tiny_png(40, 30))])
    assert status == 303, body[:2000]
    m = j(srv, url)["program"]
    photo = m["updates"][0]["files"][0]
    assert photo["mime"] == "image/png" and photo["thumb"].endswith("/kecil")
    assert Client(srv).get(photo["url"])[0] == 200
    # a text file that calls itself a PDF is refused, and nothing is attached
    before = srv.sql(f"SELECT count(*) FROM program_files WHERE program_id = {pid}")
    status, _, body = c.post_files(f"/dinas/dinkes/program/{pid}/berkas", {"judul_berkas": "RAB"},
                                   [("berkas", "rab.pdf", "application/pdf", b"bukan PDF sama sekali")],
                                   headers={"Accept": "application/json"})
    assert status == 422 and "PDF, JPEG, PNG" in json.loads(body)["form"]["error"]["berkas"]
    assert srv.sql(f"SELECT count(*) FROM program_files WHERE program_id = {pid}") == before
    status, _, _ = c.post_files(f"/dinas/dinkes/program/{pid}/berkas", {"judul_berkas": "RAB"},
                                [("berkas", "rab.pdf", "application/pdf", MINI_PDF)])
    assert status == 303
    doc = j(srv, url)["program"]["documents"][0]
    assert doc["title"] == "RAB" and doc["mime"] == "application/pdf"
    status, headers, _ = Client(srv).get(doc["url"])
    assert status == 200 and "attachment" in headers["content-disposition"]


def test_oversized_upload_is_answered(fresh_server):
    """Over the upload limit: a message on the form when the body still
    fits the route's limit, and a 413 page when even the body is too big;
    nothing attached either way."""
    srv = fresh_server(args=["--max-upload", "4096", "--trust-proxy"])
    c = officer(srv)
    pid = srv.sql("SELECT id FROM programs WHERE level = 'program' AND agency_id = "
                  "(SELECT id FROM agencies WHERE slug = 'dinkes') LIMIT 1")
    before = srv.sql(f"SELECT count(*) FROM program_files WHERE program_id = {pid}")
    status, _, body = c.post_files(f"/dinas/dinkes/program/{pid}/berkas", {"judul_berkas": "Besar"},
                                   [("berkas", "besar.png", "image/png", tiny_png(200, 200) + b"\0" * 8000)],
                                   headers={"Accept": "application/json"})
    assert status == 422, body[:500]
    assert "paling besar" in json.loads(body)["form"]["error"]["berkas"]
    status, _, body = c.post_files(f"/dinas/dinkes/program/{pid}/berkas", {"judul_berkas": "Raksasa"},
                                   [("berkas", "raksasa.pdf", "application/pdf", b"%PDF-1.4\n" + b"0" * 400_000)])
    assert status == 413 and "Data yang dikirim terlalu besar." in body.decode()
    assert srv.sql(f"SELECT count(*) FROM program_files WHERE program_id = {pid}") == before
    srv.assert_serving()


def test_followers_hear_of_a_report(srv):
    c = officer(srv)
    status, headers, _ = c.post("/dinas/dinkes/program/baru", dict(GOOD, judul="Program Diikuti"))
    url = urllib.parse.urlsplit(headers["location"]).path
    pid = int(url.split("/")[2].split("-")[0])
    fan = Client(srv, ip="10.3.9.10")
    fan.register("penggemar@example.id")
    srv.sql("UPDATE users SET email_verified_at = '2026-11-01T00:00:00Z' "
            "WHERE email_key = 'penggemar@example.id'")
    unverified = Client(srv, ip="10.3.9.11")
    unverified.register("belum@example.id")
    for who in (fan, unverified):
        assert who.post(f"/program/{pid}/ikuti", {"aksi": "ikuti"})[0] == 303
    assert c.post(f"/dinas/dinkes/program/{pid}/kabar", {"isi": "Sudah 60%.", "progres": "60"})[0] == 303
    # without an SMTP server, mail is a log line
    line = srv.wait_for_log("To: penggemar@example.id Subject: Kabar terbaru: Program Diikuti",
                            timeout=10, stream="stderr")
    assert line
    import time
    time.sleep(1.0)
    assert "To: belum@example.id Subject: Kabar terbaru" not in srv.stderr() + srv.stdout()
