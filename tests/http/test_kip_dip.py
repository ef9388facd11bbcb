"""The Daftar Informasi Publik (issue #9, src/kip/dip_*.c): the public list
at /dip with its filters, search by Indonesian stems, pages and CSV; one
item at /dip/:id, whose documents are never shown while it is exempt; the
PPID's list and form at /ppid/dip (a department's PPID keeps its own
department's items, the main PPID every one), validation answered 422 with
the form kept; and a request answered from the list (POST /ppid/:no/dip),
decided as granted through the PPID's own step, the item named on the
notice and on the receipt. Both engines."""
from __future__ import annotations

import json
import re

import pytest

from accountkit import Client, person
from httpkit import Server
from smtpsink import SmtpSink
from test_kip_requests import GOOD

MINI_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

ITEM = {
    "ppid": "dinkes", "kategori": "berkala", "judul": "Laporan pembangunan puskesmas pembantu 2026",
    "ringkasan": "Lokasi, biaya, dan kemajuan pembangunan puskesmas pembantu di desa-desa.",
    "pejabat": "Kepala Bidang Sumber Daya Kesehatan", "format": "softcopy", "retensi": "5 tahun",
    "tahun": "2026",
}

_keys = iter(range(1, 10**6))


@pytest.fixture(scope="module")
def sink():
    with SmtpSink() as box:
        yield box


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory, sink):
    s = Server(tmp_path_factory.mktemp("tbk-kip-dip"), name="kip-dip", args=sink.args + ["--workers", "1"])
    s.start()
    yield s
    s.assert_clean_exit()


def ppid_of(srv, agency, who="Rina"):
    return person(srv, f"PPID DIP {agency} {who}", [("warga", None), ("ppid", agency)])


def main_ppid(srv):
    return person(srv, "PPID Utama DIP", [("warga", None), ("ppid", None)])


def twin(c, path):
    status, _, body = c.get(path, headers={"Accept": "application/json"})
    return status, json.loads(body)


def post(c, path, fields):
    status, h, body = c.post(path, fields, headers={"Accept": "application/json"})
    is_json = h.get("content-type", "").startswith("application/json")
    return status, h, (json.loads(body) if body and is_json else None)


def create(c, **changes) -> int:
    status, h, body = post(c, "/ppid/dip/baru", dict(ITEM, **changes))
    assert status == 303, body
    m = re.match(r"^/ppid/dip/(\d+)\?pesan=dibuat$", h["location"])
    assert m, h["location"]
    return int(m.group(1))


def items(path) -> list[dict]:
    return path["items"]


def titles(srv, query) -> list[str]:
    status, m = twin(Client(srv), "/dip" + query)
    assert status == 200, m
    return [i["title"] for i in m["items"]]


def test_the_demo_list_by_department_and_category(srv):
    status, m = twin(Client(srv), "/dip")
    assert status == 200 and m["count"] >= 15
    labels = {i["category"]: i["category_label"] for i in m["items"]}
    assert labels["berkala"] == "Berkala" and labels["serta_merta"] == "Serta-merta"
    assert labels["setiap_saat"] == "Tersedia setiap saat" and labels["dikecualikan"] == "Dikecualikan"
    exempt = twin(Client(srv), "/dip?kategori=dikecualikan")[1]["items"]
    assert exempt and all(i["category"] == "dikecualikan" and i["exemption_text"].startswith("Pasal 17 huruf")
                          for i in exempt)
    dinkes = twin(Client(srv), "/dip?dinas=dinkes")[1]["items"]
    assert dinkes and all(i["agency_slug"] == "dinkes" for i in dinkes)
    main = twin(Client(srv), "/dip?dinas=utama")[1]["items"]
    assert main and all(i["agency_slug"] is None and i["agency_name"].startswith("PPID Utama") for i in main)
    assert twin(Client(srv), "/dip?dinas=tidak-ada")[1]["items"] == []
    html = Client(srv).get("/dip?kategori=berkala")[2].decode()
    assert "Profil Kesehatan Kabupaten Bekasi" in html and "Rekam medis pasien" not in html


def test_search_understands_indonesian_words(srv):
    c = ppid_of(srv, "dinkes", "Cari")
    create(c)
    assert titles(srv, "") and "Laporan pembangunan puskesmas pembantu 2026" in titles(srv, "")  # the kept page moved on
    # membangun, bangunan and pembangunan all stem to bangun
    for q in ("membangun", "bangunan", "PEMBANGUNAN", "puskesmas+membangun"):
        assert "Laporan pembangunan puskesmas pembantu 2026" in titles(srv, f"?q={q}"), q
    assert titles(srv, "?q=membangun&kategori=dikecualikan") == []
    assert titles(srv, "?q=membangun&dinas=dishub") == []
    assert "Profil Kesehatan Kabupaten Bekasi Tahun 2025" in titles(srv, "?q=kesehatannya")
    assert titles(srv, "?q=zzzyyyxxx") == []
    # nothing typed is syntax
    for q in ("%25", "_", "%27%22", "%5C"):
        assert twin(Client(srv), f"/dip?q={q}")[0] == 200


def test_pages_and_csv(srv):
    dept = srv.sql("SELECT id FROM agencies WHERE slug = 'dsdabmbk'")
    for n in range(30):
        srv.sql("INSERT INTO dip_items (agency_id, category, title, summary, official, format, retention, year, "
                f"stems, created_at, updated_at) VALUES ({dept}, 'setiap_saat', 'Data irigasi {n:02d}', 'Ringkas', "
                "'Kabid', 'softcopy', '5 tahun', 2026, ' data irigasi ', '2026-01-01T00:00:00Z', "
                "'2026-01-01T00:00:00Z')")
    status, m = twin(Client(srv), "/dip?dinas=dsdabmbk")
    assert m["count"] == 30 and len(m["items"]) == 25 and m["next"]
    assert "dinas=dsdabmbk" in m["next"] and "setelah=" in m["next"]
    rest = twin(Client(srv), m["next"])[1]
    assert len(rest["items"]) == 5 and "next" not in rest and rest["first"]
    seen = [i["title"] for i in m["items"] + rest["items"]]
    assert sorted(seen) == [f"Data irigasi {n:02d}" for n in range(30)]
    status, h, body = Client(srv).get("/dip/unduh?dinas=dsdabmbk")
    assert status == 200 and h["content-type"].startswith("text/csv")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("id,ppid,kategori,judul") and len(lines) == 31
    assert all(",Tersedia setiap saat,Data irigasi" in line for line in lines[1:])
    exempt = Client(srv).get("/dip/unduh?kategori=dikecualikan")[2].decode("utf-8-sig")
    assert "Pasal 17 huruf h" in exempt and "Profil Kesehatan" not in exempt


def test_a_ppid_adds_changes_and_deletes_an_item(srv):
    c = ppid_of(srv, "dinkes", "Kelola")
    item = create(c, judul="Jadwal posyandu Kecamatan Cibitung 2026")
    status, m = twin(Client(srv), f"/dip/{item}")
    assert status == 200 and m["item"]["title"] == "Jadwal posyandu Kecamatan Cibitung 2026"
    assert m["item"]["agency_slug"] == "dinkes" and m["item"]["format_label"].startswith("Softcopy")
    assert twin(c, f"/dip/{item}")[1]["item"]["can_edit"] is True
    # the form shows what is stored
    status, form = twin(c, f"/ppid/dip/{item}")
    assert status == 200 and form["form"]["values"]["judul"] == "Jadwal posyandu Kecamatan Cibitung 2026"
    assert form["form"]["values"]["ppid"] == "dinkes" and form["form"]["values"]["tahun"] == "2026"
    status, h, _ = post(c, f"/ppid/dip/{item}", dict(ITEM, judul="Jadwal posyandu Cibitung 2026, revisi",
                                                      kategori="setiap_saat"))
    assert status == 303 and h["location"] == f"/ppid/dip/{item}?pesan=disimpan"
    m = twin(Client(srv), f"/dip/{item}")[1]["item"]
    assert m["title"] == "Jadwal posyandu Cibitung 2026, revisi" and m["category"] == "setiap_saat"
    assert "Perubahan disimpan." in c.get(f"/ppid/dip/{item}?pesan=disimpan")[2].decode()
    listed = [i["id"] for i in twin(c, "/ppid/dip")[1]["items"]]
    assert item in listed
    status, h, _ = post(c, f"/ppid/dip/{item}/hapus", {})
    assert status == 303 and h["location"] == "/ppid/dip?pesan=dihapus"
    assert Client(srv).get(f"/dip/{item}")[0] == 404
    assert srv.sql(f"SELECT count(*) FROM dip_items WHERE id = {item}") == "0"


@pytest.mark.parametrize("change,field,message", [
    ({"judul": ""}, "judul", "Isi judul informasi."),
    ({"ringkasan": "  "}, "ringkasan", "Tuliskan ringkasan isi informasi."),
    ({"pejabat": ""}, "pejabat", "Sebutkan pejabat atau unit"),
    ({"kategori": "rahasia"}, "kategori", "Pilih kategori informasi."),
    ({"format": "mikrofilm"}, "format", "Pilih format informasi."),
    ({"retensi": ""}, "retensi", "jangka waktu penyimpanan"),
    ({"tahun": "26"}, "tahun", "4 angka"),
    ({"tahun": "2999"}, "tahun", "4 angka"),
    ({"ppid": "tidak-ada"}, "ppid", "PPID itu tidak ada"),
    ({"ppid": "dishub"}, "ppid", "PPID Anda sendiri"),
    ({"ppid": "utama"}, "ppid", "PPID Anda sendiri"),
    ({"kategori": "dikecualikan"}, "pengecualian", "Pasal 17"),
    ({"kategori": "dikecualikan", "pengecualian": "k", "uji_konsekuensi": "x"}, "pengecualian", "Pasal 17"),
    ({"kategori": "dikecualikan", "pengecualian": "h"}, "uji_konsekuensi", "uji konsekuensi"),
])
def test_a_wrong_form_comes_back_with_a_message_and_nothing_is_written(srv, change, field, message):
    c = ppid_of(srv, "dinkes", "Salah")
    before = srv.sql("SELECT count(*) FROM dip_items")
    fields = {**ITEM, "judul": "Informasi yang salah isi", **change}
    status, _, m = post(c, "/ppid/dip/baru", fields)
    assert status == 422, m
    assert field in m["form"]["error"] and message in m["form"]["error"][field], m["form"]["error"]
    kept = {k: v for k, v in fields.items() if k not in ("pengecualian",) and v.strip()}
    for k, v in kept.items():
        assert m["form"]["values"].get(k) == v.strip(), k
    assert srv.sql("SELECT count(*) FROM dip_items") == before
    # the page says it in words, beside the field and in the summary
    status, _, body = c.post("/ppid/dip/baru", fields)
    html = body.decode()
    assert status == 422 and 'class="error-summary"' in html and f'href="#{field}"' in html
    assert not fields["judul"] or f'value="{fields["judul"]}"' in html


def test_an_exempt_item_with_its_ground(srv):
    c = ppid_of(srv, "dinkes", "Kecuali")
    item = create(c, kategori="dikecualikan", judul="Data pasien HIV per puskesmas", pengecualian="h",
                  uji_konsekuensi="Membuka data ini mengungkap rahasia pribadi pasien.")
    m = twin(Client(srv), f"/dip/{item}")[1]["item"]
    assert m["exempt"] is True and m["exemption"] == "h"
    assert m["consequence_test"] == "Membuka data ini mengungkap rahasia pribadi pasien."
    html = Client(srv).get(f"/dip/{item}")[2].decode()
    assert "Pasal 17 huruf h" in html and "Dokumennya tidak dipublikasikan" in html
    # an available item keeps no ground
    post(c, f"/ppid/dip/{item}", dict(ITEM, judul="Data pasien HIV per puskesmas", pengecualian="h",
                                      uji_konsekuensi="Tersisa"))
    assert srv.sql(f"SELECT coalesce(exemption, '-') || coalesce(consequence_test, '-') FROM dip_items "
                   f"WHERE id = {item}") == "--"


def test_documents_are_attached_and_hidden_while_exempt(srv):
    c = ppid_of(srv, "dinkes", "Dokumen")
    item = create(c, judul="Rekap imunisasi dasar lengkap 2025")
    status, h, body = c.post_files(f"/ppid/dip/{item}/berkas", {"judul_berkas": ""},
                                   [("berkas", "rekap.pdf", "application/pdf", MINI_PDF)],
                                   headers={"Accept": "application/json"})
    assert status == 422 and "judul_berkas" in json.loads(body)["form"]["error"]
    assert json.loads(body)["form"]["values"]["judul"] == "Rekap imunisasi dasar lengkap 2025"
    status, h, body = c.post_files(f"/ppid/dip/{item}/berkas", {"judul_berkas": "Rekap"},
                                   [("berkas", "rekap.txt", "application/pdf", b"bukan PDF")],
                                   headers={"Accept": "application/json"})
    assert status == 422 and "berkas" in json.loads(body)["form"]["error"]
    status, h, _ = c.post_files(f"/ppid/dip/{item}/berkas", {"judul_berkas": "Rekap imunisasi (PDF)"},
                                [("berkas", "rekap.pdf", "application/pdf", MINI_PDF)])
    assert status == 303 and "pesan=berkas_ditambahkan" in h["location"]
    doc = twin(Client(srv), f"/dip/{item}")[1]["item"]["documents"][0]
    assert doc["title"] == "Rekap imunisasi (PDF)" and doc["url"].startswith("/berkas/")
    form = c.get(f"/ppid/dip/{item}")[2].decode()
    assert f'action="/ppid/dip/{item}/berkas/hapus"' in form and f'value="{doc["hash"]}"' in form
    assert Client(srv).get(doc["url"])[0] == 200
    # exempt: neither the page nor its twin names the document
    assert post(c, f"/ppid/dip/{item}", dict(ITEM, judul="Rekap imunisasi dasar lengkap 2025",
                                              kategori="dikecualikan", pengecualian="h",
                                              uji_konsekuensi="Memuat nama anak."))[0] == 303
    for path in (f"/dip/{item}", f"/dip/{item}.json", "/dip", "/dip.json", "/dip/unduh"):
        body = Client(srv).get(path)[2].decode("utf-8-sig")
        assert doc["hash"] not in body and "Rekap imunisasi (PDF)" not in body, path
    assert twin(Client(srv), f"/dip/{item}")[1]["item"]["documents"] == []
    # the PPID still sees it, marked as not published, and can take it off
    form = twin(c, f"/ppid/dip/{item}")[1]
    assert form["documents_hidden"] is True and form["documents"][0]["hash"] == doc["hash"]
    status, h, _ = post(c, f"/ppid/dip/{item}/berkas/hapus", {"berkas": doc["hash"]})
    assert status == 303 and "pesan=berkas_dihapus" in h["location"]
    assert twin(c, f"/ppid/dip/{item}")[1]["documents"] == []
    assert post(c, f"/ppid/dip/{item}/berkas/hapus", {"berkas": doc["hash"]})[0] == 404


def test_another_departments_ppid_may_not_touch_an_item(srv):
    item = create(ppid_of(srv, "dinkes", "Pemilik"), judul="Data tenaga kesehatan per puskesmas")
    other = ppid_of(srv, "dishub", "Lain")
    assert other.get(f"/ppid/dip/{item}")[0] == 403
    assert post(other, f"/ppid/dip/{item}", dict(ITEM, ppid="dishub"))[0] == 403
    assert post(other, f"/ppid/dip/{item}/hapus", {})[0] == 403
    assert other.post_files(f"/ppid/dip/{item}/berkas", {"judul_berkas": "x"},
                            [("berkas", "x.pdf", "application/pdf", MINI_PDF)])[0] == 403
    assert item not in [i["id"] for i in twin(other, "/ppid/dip")[1]["items"]]
    assert twin(other, f"/dip/{item}")[1]["item"]["can_edit"] is False
    assert srv.sql(f"SELECT title FROM dip_items WHERE id = {item}") == "Data tenaga kesehatan per puskesmas"
    # the form offers a department's PPID only its own department
    choices = [o["value"] for o in twin(other, "/ppid/dip/baru")[1]["ppids"]]
    assert choices == ["dishub"]
    # the main PPID keeps everyone's, and its own
    main = main_ppid(srv)
    assert main.get(f"/ppid/dip/{item}")[0] == 200
    offered = [o["value"] for o in twin(main, "/ppid/dip/baru")[1]["ppids"]]
    assert offered[0] == "utama" and {"dinkes", "dishub"} <= set(offered)
    own = create(main, ppid="utama", judul="Rencana strategis PPID Utama")
    assert twin(Client(srv), f"/dip/{own}")[1]["item"]["agency_slug"] is None
    assert ppid_of(srv, "dinkes", "Pemilik").get(f"/ppid/dip/{own}")[0] == 403
    # people who are not PPIDs
    for who in (person(srv, "Warga DIP"), person(srv, "Petugas DIP", [("warga", None), ("petugas", "dinkes")])):
        assert who.get("/ppid/dip")[0] == 403 and who.get(f"/ppid/dip/{item}")[0] == 403
    assert Client(srv).get("/ppid/dip")[0] == 303


def file_request(srv, ppid="dinkes") -> tuple[str, str]:
    form = dict(GOOD, ppid=ppid, kunci=f"dip-{next(_keys)}", email="pemohon.dip@example.id")
    status, h, body = Client(srv).post("/permohonan/baru", form)
    assert status == 303, body[:1000]
    m = re.match(r"^/permohonan/(\d{4}-\d{6})\?kode=([a-z2-7]{26})&", h["location"])
    return m.group(1), m.group(2)


def test_a_request_is_answered_from_the_list(srv, sink):
    c = ppid_of(srv, "dinkes", "Jawab")
    available = create(c, judul="Cakupan imunisasi balita per desa 2025", kategori="setiap_saat")
    exempt = create(c, judul="Nama balita belum imunisasi", kategori="dikecualikan", pengecualian="h",
                    uji_konsekuensi="Mengungkap data anak.")
    elsewhere = create(ppid_of(srv, "dishub", "Jawab"), ppid="dishub", judul="Jadwal uji KIR 2026")
    slug, code = file_request(srv)
    status, case = twin(c, f"/ppid/{slug}")
    offered = {int(o["value"]) for o in case["dip_choices"]}
    assert status == 200 and case["has_dip_choices"] is True
    assert available in offered and exempt not in offered and elsewhere not in offered
    html = c.get(f"/ppid/{slug}")[2].decode()
    assert f'action="/ppid/{slug}/dip"' in html and "Cakupan imunisasi balita per desa 2025" in html
    # nothing picked, an exempt item, another department's: the case again, nothing decided
    for pick, message in (("", "Pilih informasi"), (str(exempt), "tidak dapat dipakai"),
                          (str(elsewhere), "tidak dapat dipakai"), ("abc", "tidak dapat dipakai")):
        status, _, m = post(c, f"/ppid/{slug}/dip", {"dip": pick})
        assert status == 422 and message in m["form"]["error"]["dip"], (pick, m["form"])
    number = "KIP/" + slug.replace("-", "/")
    assert srv.sql(f"SELECT state FROM kip_requests WHERE number = '{number}'") == "diterima"
    # another department's PPID cannot answer it
    assert post(ppid_of(srv, "dishub", "Jawab"), f"/ppid/{slug}/dip", {"dip": str(elsewhere)})[0] == 403
    status, h, _ = post(c, f"/ppid/{slug}/dip", {"dip": str(available)})
    assert status == 303 and h["location"] == f"/ppid/{slug}?pesan=dip"
    row = srv.sql(f"SELECT state || '|' || dip_item_id || '|' || decided_by FROM kip_requests WHERE number = '{number}'")
    assert row == f"dikabulkan|{available}|{c.uid}"
    kinds = srv.sql(f"SELECT e.kind FROM kip_request_events e JOIN kip_requests k ON k.id = e.request_id "
                    f"WHERE k.number = '{number}' ORDER BY e.id").splitlines()
    assert kinds == ["diajukan", "diputuskan"]
    # the notice names the item and its address; the receipt links it
    status, m = twin(Client(srv), f"/permohonan/{slug}?kode={code}")
    assert status == 200 and m["dip_item"]["id"] == available and m["dip_item"]["url"] == f"/dip/{available}"
    assert "Cakupan imunisasi balita per desa 2025" in m["notice"]["given"]
    assert f"/dip/{available}" in m["notice"]["given"] and m["notice"]["free"] is True
    html = Client(srv).get(f"/permohonan/{slug}?kode={code}")[2].decode()
    assert f'href="/dip/{available}"' in html and "Dijawab dari Daftar Informasi Publik" in html
    assert twin(c, f"/ppid/{slug}")[1]["dip_item"]["id"] == available
    sink.wait_for(lambda mail: "pemohon.dip@example.id" in mail.rcpt_tos and number in mail.subject
                  and "Dikabulkan" in mail.subject, timeout=15)
    # decided: once
    assert post(c, f"/ppid/{slug}/dip", {"dip": str(available)})[0] == 409
    assert "dip_choices" not in twin(c, f"/ppid/{slug}")[1] or \
        twin(c, f"/ppid/{slug}")[1]["has_dip_choices"] is False


def test_the_main_ppid_answers_from_any_department(srv):
    main = main_ppid(srv)
    slug, _ = file_request(srv, ppid="utama")
    offered = twin(main, f"/ppid/{slug}")[1]["dip_choices"]
    assert any("Dinas Kesehatan" in o["label"] for o in offered)
    assert not any("Rekam medis pasien puskesmas" in o["label"] for o in offered)
    pick = next(o for o in offered if "Profil Kesehatan" in o["label"])
    assert post(main, f"/ppid/{slug}/dip", {"dip": pick["value"]})[0] == 303
    number = "KIP/" + slug.replace("-", "/")
    assert srv.sql(f"SELECT dip_item_id FROM kip_requests WHERE number = '{number}'") == pick["value"]


def test_the_request_form_and_the_kip_pages_point_to_the_list(srv):
    form = Client(srv).get("/permohonan/baru")[2].decode()
    assert 'href="/dip"' in form and "Daftar Informasi Publik" in form
    for path in ("/permohonan", "/permohonan/maklumat"):
        assert 'href="/dip"' in Client(srv).get(path)[2].decode(), path
    assert 'href="/dip?dinas=dinkes"' in Client(srv).get("/dinas/dinkes")[2].decode()
    assert 'href="/ppid/dip"' in ppid_of(srv, "dinkes", "Tautan").get("/ppid")[2].decode()
