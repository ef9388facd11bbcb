"""Formal information requests (issue #9, src/kip/): the form at
/permohonan/baru, its receipt behind the tracking code, the public register
at /permohonan, the sealed identity (UU 27/2022) and the mail. Bad input
answers 422 with a message beside the field, the form kept and nothing
written. Both engines."""
from __future__ import annotations

import json
import os
import re
import stat
import urllib.parse

import pytest

from accountkit import Client, create_user, mint_session
from httpkit import ENGINE, Server
from smtpsink import SmtpSink

NIK = "3216064512900003"
GOOD = {
    "jenis_pemohon": "perorangan", "nama": "Siti Rahmawati", "jenis_identitas": "ktp",
    "nomor_identitas": "3216 0645 1290 0003", "alamat": "Jl. Melati No. 5, Tambun Selatan",
    "telepon": "0812-3456-7890", "email": "siti.kip@example.id", "pekerjaan": "Wartawan",
    "ppid": "dinkes", "perihal": "Data imunisasi balita 2025",
    "rincian": "Jumlah balita yang diimunisasi per desa, per bulan, sepanjang 2025.",
    "tujuan": "Bahan liputan kesehatan anak.", "memperoleh_membaca": "1",
    "memperoleh_salinan_softcopy": "1", "cara_mendapatkan": "email",
}


@pytest.fixture(scope="module")
def sink():
    with SmtpSink() as box:
        yield box


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory, sink):
    s = Server(tmp_path_factory.mktemp("tbk-kip-requests"), name="kip-requests",
               args=sink.args + ["--workers", "1"])
    s.start()
    yield s
    s.assert_clean_exit()


_keys = iter(range(1, 10**6))


def send(srv, fields=None, client=None, files=None, **changes):
    form = dict(GOOD if fields is None else fields, **changes)
    form.setdefault("kunci", f"uji-{next(_keys)}-{os.getpid()}")
    c = client or Client(srv)
    if files:
        return c.post_files("/permohonan/baru", form, files)
    return c.post("/permohonan/baru", form)


def filed(srv, **changes):
    """Sends a good request; returns (slug, code, receipt url)."""
    status, h, body = send(srv, **changes)
    assert status == 303, body[:2000]
    url = h["location"]
    m = re.match(r"^/permohonan/(\d{4}-\d{6})\?kode=([a-z2-7]{26})&pesan=terkirim$", url)
    assert m, url
    return m.group(1), m.group(2), url


def count(srv) -> int:
    return int(srv.sql("SELECT count(*) FROM kip_requests"))


def twin(srv, path, client=None):
    status, _, body = (client or Client(srv)).get(path, headers={"Accept": "application/json"})
    return status, json.loads(body)


def test_a_request_is_filed_with_its_number_and_clock(srv):
    slug, code, url = filed(srv)
    year, seq = slug.split("-")
    number = f"KIP/{year}/{seq}"
    status, m = twin(srv, url)
    assert status == 200
    r = m["request"]
    assert r["number"] == number and r["subject"] == GOOD["perihal"]
    assert r["agency_name"] == "Dinas Kesehatan" and r["state"] == "diterima"
    assert m["message"].startswith("Permohonan Anda sudah diterima")
    # the clock is the calculator's, from the moment it was sent
    sent = srv.sql(f"SELECT submitted_at FROM kip_requests WHERE number = '{number}'")
    wib = (__import__("datetime").datetime.fromisoformat(sent.replace("Z", "+00:00"))
           + __import__("datetime").timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%S")
    _, calc = twin(srv, "/permohonan/tenggat?diterima=" + urllib.parse.quote(wib))
    assert r["received_on"] == calc["result"]["received"]["date"]
    assert r["notice_due"] == calc["result"]["steps"][0]["date"]
    assert [s["kind"] for s in m["steps"]] == ["diajukan"]


def test_numbers_follow_each_other_within_the_year(srv):
    a, _, _ = filed(srv)
    b, _, _ = filed(srv)
    assert a[:4] == b[:4] and int(b[5:]) == int(a[5:]) + 1


def test_the_receipt_is_for_the_holder_of_the_code_alone(srv):
    slug, code, url = filed(srv)
    status, h, body = Client(srv).get(url)
    html = body.decode()
    assert status == 200 and h["cache-control"] == "private, no-store"
    assert "Siti Rahmawati" in html and "siti.kip@example.id" in html
    assert NIK not in html and "\u2022\u2022\u2022\u2022 0003" in html  # masked
    # address and phone never shown here (the phone in any spelling; not
    # its middle digits alone, which the server's port may contain)
    assert "Jl. Melati" not in html and not re.search(r"0812\D?3456\D?7890|\+?62\D?812\D?3456", html)
    # without the code: the public entry, no person
    status, h, body = Client(srv).get(f"/permohonan/{slug}")
    public = body.decode()
    assert status == 200 and "Data imunisasi balita 2025" in public
    for private in ("Siti Rahmawati", "siti.kip@example.id", "0003", "Wartawan", "Bahan liputan"):
        assert private not in public, private
    # a wrong code: refused, and still no person
    wrong = "a" * 26
    status, h, body = Client(srv).get(f"/permohonan/{slug}?kode={wrong}")
    assert status == 403 and "Siti Rahmawati" not in body.decode()
    assert "tidak cocok" in body.decode()
    assert twin(srv, f"/permohonan/{slug}?kode=x")[1]["receipt"] is None


def test_identity_is_sealed_in_the_database(srv):
    slug, _, _ = filed(srv, nomor_identitas="3216 0645 1290 0007", alamat="Jl. Kenanga Rahasia 9",
                       telepon="+62 813 9999 1234")
    number = "KIP/" + slug.replace("-", "/")
    row = srv.sql(f"SELECT id_number_enc || '|' || address_enc || '|' || phone_enc FROM kip_requests "
                  f"WHERE number = '{number}'")
    assert row.startswith("s1:")
    for clear in ("3216064512900007", "Kenanga", "81399991234", "0813"):
        assert clear not in row
    if ENGINE == "sqlite":  # not in the file's bytes at all (WAL included)
        for path in (srv.db, srv.db + "-wal"):
            if os.path.exists(path):
                data = open(path, "rb").read()
                assert b"3216064512900007" not in data and b"Kenanga Rahasia" not in data
    # the key lives in a file of its own, readable by the server's user alone
    key = srv.workdir / "var" / "keys" / "kip-data.key"
    assert key.stat().st_size == 32 and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "kip-data.key" in srv.stderr() or "kip-data.key" in srv.stdout()


def test_the_requester_is_mailed_the_tracking_link(srv, sink):
    slug, code, _ = filed(srv, email="penerima.kip@example.id")
    mail = sink.wait_for("penerima.kip@example.id", timeout=15)
    assert slug.replace("-", "/") in mail.subject
    assert f"/permohonan/{slug}?kode={code}" in mail.body
    assert "Data imunisasi balita 2025" in mail.body
    assert NIK not in mail.body and "Melati" not in mail.body
    # the link opens the receipt
    link = next(u for u in mail.links() if "kode=" in u)
    path = urllib.parse.urlsplit(link)
    assert Client(srv).get(path.path + "?" + path.query)[0] == 200


def test_the_register_shows_requests_never_people(srv):
    slug, _, _ = filed(srv, perihal="Anggaran <script>alert(1)</script> posyandu", ppid="utama")
    status, m = twin(srv, "/permohonan")
    assert status == 200
    row = next(r for r in m["requests"] if r["url"] == f"/permohonan/{slug}")
    assert row["agency_name"] == "PPID Utama Pemerintah Kabupaten" and row["late"] is False
    assert row["number"] == "KIP/" + slug.replace("-", "/")
    for key in row:
        assert key not in ("requester_name", "email", "id_number_enc", "address_enc", "phone_enc",
                           "tracking_hash", "details", "purpose")
    html = Client(srv).get("/permohonan")[2].decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert "Siti Rahmawati" not in html


def test_a_late_request_is_marked_late(srv):
    slug, _, _ = filed(srv)
    number = "KIP/" + slug.replace("-", "/")
    srv.sql(f"UPDATE kip_requests SET notice_due = '2026-01-02' WHERE number = '{number}'")
    row = next(r for r in twin(srv, "/permohonan")[1]["requests"] if r["number"] == number)
    assert row["late"] is True
    assert twin(srv, f"/permohonan/{slug}")[1]["request"]["late"] is True


def test_a_double_submit_is_one_request(srv):
    before = count(srv)
    first = send(srv, kunci="kunci-ganda-1")
    again = send(srv, kunci="kunci-ganda-1")
    assert first[0] == again[0] == 303
    assert count(srv) == before + 1
    assert again[1]["location"].endswith("?pesan=sudah_terkirim")
    assert "kode=" not in again[1]["location"]


def test_a_signed_in_person_finds_the_form_filled(srv):
    uid = create_user(srv, "warga.kip@example.id", "Budi Santoso", [("warga", None)])
    c = Client(srv)
    c.cookies["tb_sesi"] = mint_session(srv, uid)
    status, m = twin(srv, "/permohonan/baru", client=c)
    assert status == 200
    assert m["form"]["values"]["nama"] == "Budi Santoso"
    assert m["form"]["values"]["email"] == "warga.kip@example.id"
    status, h, _ = send(srv, client=c)
    assert status == 303
    assert srv.sql("SELECT user_id FROM kip_requests ORDER BY id DESC LIMIT 1") == str(uid)


@pytest.mark.parametrize("change, field, message", [
    ({"nama": ""}, "nama", "Isi nama"),
    ({"jenis_pemohon": ""}, "jenis_pemohon", "jenis pemohon"),
    ({"jenis_pemohon": "anonim"}, "jenis_pemohon", "jenis pemohon"),
    ({"nomor_identitas": "12345"}, "nomor_identitas", "16 angka"),
    ({"nomor_identitas": "3216 0645 1390 0003"}, "nomor_identitas", "16 angka"),  # month 13
    ({"nomor_identitas": ""}, "nomor_identitas", "nomor identitas"),
    ({"jenis_identitas": "badan_hukum"}, "jenis_identitas", "bukan akta"),
    ({"alamat": ""}, "alamat", "alamat"),
    ({"telepon": "abc"}, "telepon", "tidak dikenali"),
    ({"telepon": "+1 415 555 0100"}, "telepon", "tidak dikenali"),
    ({"email": "bukan-email"}, "email", "tidak dikenali"),
    ({"email": ""}, "email", "email"),
    ({"ppid": "dinas-khayalan"}, "ppid", "tidak ada"),
    ({"perihal": ""}, "perihal", "perihal"),
    ({"perihal": "x" * 201}, "perihal", "paling banyak 200"),
    ({"rincian": ""}, "rincian", "informasi yang dibutuhkan"),
    ({"tujuan": ""}, "tujuan", "tujuan"),
    ({"memperoleh_membaca": "", "memperoleh_salinan_softcopy": ""}, "memperoleh_melihat", "setidaknya satu"),
    ({"cara_mendapatkan": ""}, "cara_mendapatkan", "cara mendapatkan"),
    ({"cara_mendapatkan": "merpati"}, "cara_mendapatkan", "cara mendapatkan"),
    ({"kuasa": "1"}, "surat_kuasa", "surat kuasa"),
])
def test_bad_input_is_answered_on_the_form_and_nothing_is_written(srv, change, field, message):
    before = count(srv)
    form = dict(GOOD, **change, kunci=f"buruk-{next(_keys)}")
    status, h, body = Client(srv).post("/permohonan/baru", form, headers={"Accept": "application/json"})
    assert status == 422, body[:500]
    m = json.loads(body)
    assert message.lower() in m["form"]["error"][field].lower(), m["form"]["error"]
    kept = {k: v for k, v in form.items() if v and not k.startswith("memperoleh_")}
    for k, v in kept.items():
        if k not in (field, "kunci", "kuasa"):
            assert m["form"]["values"].get(k) == v.strip() or k == "nomor_identitas", k
    assert count(srv) == before
    # the HTML form shows the message beside the field
    status, _, body = Client(srv).post("/permohonan/baru", form)
    assert status == 422 and message.lower() in body.decode().lower()


def test_a_proxy_request_carries_the_power_of_attorney(srv):
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    status, h, body = send(srv, kuasa="1", files=[("surat_kuasa", "kuasa.pdf", "application/pdf", pdf)])
    assert status == 303, body[:500]
    assert srv.sql("SELECT proxy_file IS NOT NULL FROM kip_requests ORDER BY id DESC LIMIT 1") in ("1", "t", "True")
    # a text file called .pdf is not a power of attorney
    before = count(srv)
    status, h, body = send(srv, kuasa="1", files=[("surat_kuasa", "kuasa.pdf", "application/pdf", b"Bukan PDF.\n")],
                           **{"kunci": f"palsu-{next(_keys)}"})
    assert status == 422 and count(srv) == before


def test_unknown_and_malformed_numbers_are_404(srv):
    for path in ("/permohonan/2026-999999", "/permohonan/2026-12", "/permohonan/abcd-000001",
                 "/permohonan/2026-0000001"):
        assert Client(srv).get(path)[0] == 404, path


def test_a_key_file_others_may_read_stops_the_server(bin_path, tmp_path):
    s = Server(tmp_path, name="kip-key")
    keys = tmp_path / "var" / "keys"
    keys.mkdir(parents=True)
    (keys / "kip-data.key").write_bytes(b"k" * 32)
    os.chmod(keys / "kip-data.key", 0o644)
    with pytest.raises(RuntimeError) as e:
        s.start()
    assert "chmod 600" in str(e.value)


def test_the_service_charter_says_the_law_the_clock_and_the_fees(srv):
    status, m = twin(srv, "/permohonan/maklumat")
    assert status == 200 and m["free"] is True and m["fees"] == []
    text = " ".join(m["procedure"])
    assert "10 hari kerja" in text and "7 hari kerja" in text and "14 hari kerja" in text
    assert "16.00 WIB" in m["hours"]
    html = Client(srv).get("/permohonan/maklumat")[2].decode()
    assert "Undang-Undang Nomor 14 Tahun 2008" in html and 'href="/permohonan/maklumat"' in html
    srv.sql("INSERT INTO settings (key, value) VALUES ('kip.biaya', 'Fotokopi per lembar: 500\nbaris rusak\n"
            "Pengiriman pos dalam kabupaten: 15.000') ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    try:
        m = twin(srv, "/permohonan/maklumat")[1]
        assert m["free"] is False
        assert [(f["item"], f["amount"]) for f in m["fees"]] == [
            ("Fotokopi per lembar", 500), ("Pengiriman pos dalam kabupaten", 15000)]
    finally:
        srv.sql("DELETE FROM settings WHERE key = 'kip.biaya'")
