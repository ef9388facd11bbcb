"""The PPID's desk of formal information requests (issue #9, src/kip/desk.c,
decide.c): who sees which cases, the requester's identity opened for the
PPID handling it and every reading logged, and the steps: process, extend
once with a reason (the due day 7 working days on), decide with the
written notice's fields (a refusal cites Pasal 17 and its consequence test;
information not held names who holds it; information given says what,
how, what is withheld, the costs item by item). Illegal steps are 409,
missing fields 422 with the form kept, and the requester is mailed. Both
engines."""
from __future__ import annotations

import json
import re

import pytest

from accountkit import Client, person
from httpkit import Server
from smtpsink import SmtpSink
from test_kip_requests import GOOD

_keys = iter(range(1, 10**6))


@pytest.fixture(scope="module")
def sink():
    with SmtpSink() as box:
        yield box


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory, sink):
    s = Server(tmp_path_factory.mktemp("tbk-kip-desk"), name="kip-desk", args=sink.args + ["--workers", "1"])
    s.start()
    yield s
    s.assert_clean_exit()


def file(srv, ppid="dinkes", **changes) -> str:
    form = dict(GOOD, ppid=ppid, kunci=f"meja-{next(_keys)}", **changes)
    status, h, body = Client(srv).post("/permohonan/baru", form)
    assert status == 303, body[:1000]
    return re.match(r"^/permohonan/(\d{4}-\d{6})\?", h["location"]).group(1)


def ppid_of(srv, agency):
    return person(srv, f"PPID {agency}", [("warga", None), ("ppid", agency)])


def main_ppid(srv):
    return person(srv, "PPID Utama Kabupaten", [("warga", None), ("ppid", None)])


def case(c, slug):
    status, _, body = c.get(f"/ppid/{slug}", headers={"Accept": "application/json"})
    return status, json.loads(body)


def reveal(c, slug):
    status, _, body = c.post(f"/ppid/{slug}/identitas", {}, headers={"Accept": "application/json"})
    return status, json.loads(body)


def step(c, slug, **fields):
    status, h, body = c.post(f"/ppid/{slug}", fields, headers={"Accept": "application/json"})
    return status, (json.loads(body) if body and h.get("content-type", "").startswith("application/json") else None)


def state(srv, slug) -> str:
    return srv.sql(f"SELECT state FROM kip_requests WHERE number = 'KIP/{slug.replace('-', '/')}'")


def test_each_ppid_sees_the_cases_it_handles(srv):
    dinkes, dishub, main = file(srv, "dinkes"), file(srv, "dishub"), file(srv, "utama")
    mine = ppid_of(srv, "dinkes")
    status, _, body = mine.get("/ppid", headers={"Accept": "application/json"})
    listed = {r["number"] for r in json.loads(body)["open"]}
    assert "KIP/" + dinkes.replace("-", "/") in listed
    assert "KIP/" + dishub.replace("-", "/") not in listed and "KIP/" + main.replace("-", "/") not in listed
    assert case(mine, dishub)[0] == 403 and case(mine, main)[0] == 403
    everything = {r["number"] for r in json.loads(main_ppid(srv).get("/ppid", headers={"Accept": "application/json"})[2])["open"]}
    assert {"KIP/" + s.replace("-", "/") for s in (dinkes, dishub, main)} <= everything
    # the nav shows the desk to a PPID
    assert 'href="/ppid"' in mine.get("/")[2].decode()
    assert 'href="/ppid"' not in person(srv, "Warga Biasa").get("/")[2].decode()


def test_the_identity_is_opened_for_the_ppid_and_every_reading_is_logged(srv):
    slug = file(srv, alamat="Jl. Cempaka 7, Babelan", telepon="+62 857 1111 2222")
    c = ppid_of(srv, "dinkes")
    number = "KIP/" + slug.replace("-", "/")
    reads = (f"SELECT count(*) FROM kip_personal_reads r JOIN kip_requests k ON k.id = r.request_id "
             f"WHERE k.number = '{number}'")
    before = int(srv.sql(reads))
    # the case page alone keeps the seal: no reading, nothing logged
    status, m = case(c, slug)
    assert status == 200 and m["request"]["sealed"] is True
    assert "id_number" not in m["request"] and "address" not in m["request"]
    assert int(srv.sql(reads)) == before
    status, m = reveal(c, slug)
    assert status == 200
    r = m["request"]
    assert r["id_number"] == "3216064512900003" and r["address"] == "Jl. Cempaka 7, Babelan"
    assert r["phone"] == "085711112222" and r["requester_name"] == "Siti Rahmawati"
    assert "id_number_enc" not in r and "tracking_hash" not in r
    after = srv.sql(f"SELECT r.user_id FROM kip_personal_reads r JOIN kip_requests k ON k.id = r.request_id "
                    f"WHERE k.number = '{number}' ORDER BY r.id").splitlines()
    assert len(after) == before + 1 and after[-1] == str(c.uid)
    # a sealed value moved from another request does not open here
    other = file(srv)
    srv.sql(f"UPDATE kip_requests SET phone_enc = (SELECT phone_enc FROM kip_requests WHERE number = "
            f"'KIP/{other.replace('-', '/')}') WHERE number = '{number}'")
    status, m = reveal(c, slug)
    assert status == 200 and m["request"]["phone"] is None and m["request"]["phone_unreadable"] is True


def test_process_extend_decide(srv, sink):
    slug = file(srv, email="pemohon.meja@example.id")
    c = ppid_of(srv, "dinkes")
    assert step(c, slug, aksi="proses")[0] == 303 and state(srv, slug) == "diproses"
    assert step(c, slug, aksi="proses")[0] == 409  # once
    # extending needs a reason, and moves the due day 7 working days on
    status, m = step(c, slug, aksi="perpanjang", alasan="")
    assert status == 422 and "alasan" in m["form"]["error"]
    assert step(c, slug, aksi="perpanjang", alasan="Dokumen ada di arsip puskesmas kecamatan.")[0] == 303
    number = "KIP/" + slug.replace("-", "/")
    notice_due, extended = srv.sql(f"SELECT notice_due || '|' || extended_due FROM kip_requests "
                                   f"WHERE number = '{number}'").split("|")
    calc = json.loads(Client(srv).get(f"/permohonan/tenggat.json?diterima={srv.sql(f'SELECT received_on FROM kip_requests WHERE number = {chr(39)}{number}{chr(39)}')}T08%3A00")[2])
    assert calc["result"]["steps"][0]["date"] == notice_due
    assert calc["result"]["steps"][0]["extended_date"] == extended
    assert step(c, slug, aksi="perpanjang", alasan="Lagi")[0] == 409  # only once
    mail = sink.wait_for(lambda m: "pemohon.meja@example.id" in m.rcpt_tos and "diperpanjang" in m.subject, timeout=15)
    assert number in mail.subject
    # a refusal without its ground and test is sent back with messages
    status, m = step(c, slug, aksi="putuskan", keputusan="ditolak")
    assert status == 422
    assert {"pengecualian", "uji_konsekuensi"} <= set(m["form"]["error"])
    assert m["form"]["values"]["keputusan"] == "ditolak"
    assert [o["value"] for o in m["decisions"] if o["selected"]] == ["ditolak"]  # the select keeps it
    status, _ = step(c, slug, aksi="putuskan", keputusan="ditolak", pengecualian="h",
                     uji_konsekuensi="Data memuat nama dan alamat balita; membukanya mengungkap rahasia pribadi.")
    assert status == 303 and state(srv, slug) == "ditolak"
    # the notice is public, the person is not
    status, _, body = Client(srv).get(f"/permohonan/{slug}")
    html = body.decode()
    assert "Pasal 17 huruf h" in html and "mengungkap rahasia pribadi" in html
    assert "Siti Rahmawati" not in html and "3216064512900003" not in html
    # decided: no further step
    assert step(c, slug, aksi="putuskan", keputusan="dikabulkan", diberikan="x", media="PDF")[0] == 409
    assert step(c, slug, aksi="proses")[0] == 409
    sink.wait_for(lambda m: "pemohon.meja@example.id" in m.rcpt_tos and "Ditolak" in m.subject, timeout=15)
    kinds = srv.sql(f"SELECT e.kind FROM kip_request_events e JOIN kip_requests k ON k.id = e.request_id "
                    f"WHERE k.number = '{number}' ORDER BY e.id").splitlines()
    assert kinds == ["diajukan", "diproses", "diperpanjang", "diputuskan"]


def test_granted_in_part_with_costs(srv):
    slug = file(srv)
    c = main_ppid(srv)
    fields = dict(aksi="putuskan", keputusan="dikabulkan_sebagian",
                  diberikan="Rekap imunisasi per desa 2025.", media="Salinan PDF melalui email",
                  biaya="Fotokopi 20 lembar: 10.000\nMeterai: 10000", pembayaran="")
    status, m = step(c, slug, **dict(fields, dihitamkan=""))
    assert status == 422
    assert {"dihitamkan", "pembayaran"} <= set(m["form"]["error"])
    status, m = step(c, slug, **dict(fields, dihitamkan="Nama anak", pembayaran="Tunai", biaya="Fotokopi sepuluh ribu"))
    assert status == 422 and "biaya" in m["form"]["error"]
    status, _ = step(c, slug, **dict(fields, dihitamkan="Nama dan NIK anak dihitamkan (rahasia pribadi).",
                                     pembayaran="Tunai di loket PPID."))
    assert status == 303 and state(srv, slug) == "dikabulkan_sebagian"
    notice = json.loads(Client(srv).get(f"/permohonan/{slug}.json")[2])["notice"]
    assert notice["partly"] is True and notice["free"] is False
    assert [x["amount"] for x in notice["costs"]] == [10000, 10000]
    assert notice["total_label"].replace("\u00a0", " ").startswith("Rp") and "20.000" in notice["total_label"]
    assert notice["decided_by"] == "PPID Utama Kabupaten"


def test_not_held_names_who_holds_it(srv):
    slug = file(srv, ppid="dishub")
    c = ppid_of(srv, "dishub")
    status, m = step(c, slug, aksi="putuskan", keputusan="tidak_dikuasai")
    assert status == 422 and "pemegang" in m["form"]["error"]
    assert step(c, slug, aksi="putuskan", keputusan="tidak_dikuasai",
                pemegang="Badan Pusat Statistik Kabupaten Bekasi")[0] == 303
    notice = json.loads(Client(srv).get(f"/permohonan/{slug}.json")[2])["notice"]
    assert notice["held"] is False and notice["holder_body"] == "Badan Pusat Statistik Kabupaten Bekasi"


@pytest.mark.parametrize("fields", [
    {"aksi": "hapus"}, {"aksi": ""}, {}, {"aksi": "putuskan", "keputusan": "diterima"},
])
def test_unknown_steps_are_refused_and_nothing_changes(srv, fields):
    slug = file(srv)
    status, _ = step(ppid_of(srv, "dinkes"), slug, **fields)
    assert status in (409, 422) and state(srv, slug) == "diterima"


def test_the_desk_is_for_ppids(srv):
    slug = file(srv)
    assert case(person(srv, "Warga Penasaran"), slug)[0] == 403
    petugas = person(srv, "Petugas Dinkes Meja", [("warga", None), ("petugas", "dinkes")])
    assert case(petugas, slug)[0] == 403
    assert Client(srv).get(f"/ppid/{slug}")[0] in (302, 303)  # signed out: to /masuk


def test_the_ppids_are_reminded_3_and_1_working_days_before(srv, sink):
    person(srv, "PPID Pengingat Dinkes", [("warga", None), ("ppid", "dinkes")])
    slug = file(srv, perihal="Data stunting per desa")
    number = "KIP/" + slug.replace("-", "/")
    due = srv.sql(f"SELECT notice_due FROM kip_requests WHERE number = '{number}'")
    rows = srv.sql(f"SELECT payload || '|' || run_at FROM jobs WHERE kind = 'kip.reminder' AND payload LIKE "
                   f"'%\"request_id\":' || (SELECT id FROM kip_requests WHERE number = '{number}') || ',%' "
                   f"ORDER BY run_at").splitlines()
    reminders = [(json.loads(r.rsplit("|", 1)[0]), r.rsplit("|", 1)[1]) for r in rows]
    assert [p["days_left"] for p, _ in reminders] == [3, 1]
    assert all(p["due"] == due for p, _ in reminders)
    # at 08:00 WIB (01:00 UTC) of a working day before the due day
    assert all(at.endswith("T01:00:00Z") and at[:10] < due for _, at in reminders)
    # due now: the PPIDs of the department (and the main PPID) are mailed
    srv.sql("UPDATE jobs SET run_at = '2000-01-01T00:00:00Z' WHERE kind = 'kip.reminder' AND status = 'queued' "
            f"AND payload LIKE '%\"request_id\":' || (SELECT id FROM kip_requests WHERE number = '{number}') || ',%'")
    mail = sink.wait_for(lambda m: "ppid.pengingat.dinkes@example.id" in m.rcpt_tos and number in m.subject, timeout=20)
    assert "Data stunting per desa" in mail.body and due in mail.body
    assert "3216064512900003" not in mail.body


def test_a_decided_request_is_not_reminded(srv, sink):
    person(srv, "PPID Pengingat Dishub", [("warga", None), ("ppid", "dishub")])
    slug = file(srv, ppid="dishub", perihal="Data parkir liar")
    number = "KIP/" + slug.replace("-", "/")
    assert step(ppid_of(srv, "dishub"), slug, aksi="putuskan", keputusan="tidak_dikuasai",
                pemegang="Kepolisian Resor Metro Bekasi")[0] == 303
    before = len([m for m in sink.messages if number in m.subject and "Pengingat" in m.subject])
    srv.sql("UPDATE jobs SET run_at = '2000-01-01T00:00:00Z' WHERE kind = 'kip.reminder' AND status = 'queued' "
            f"AND payload LIKE '%\"request_id\":' || (SELECT id FROM kip_requests WHERE number = '{number}') || ',%'")
    import time
    deadline = time.monotonic() + 10
    while srv.sql("SELECT count(*) FROM jobs WHERE kind = 'kip.reminder' AND status = 'queued' AND payload LIKE "
                  f"'%\"request_id\":' || (SELECT id FROM kip_requests WHERE number = '{number}') || ',%'") != "0":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.3)
    assert len([m for m in sink.messages if number in m.subject and "Pengingat" in m.subject]) == before


def test_identity_is_removed_after_the_retention_period(srv):
    slug = file(srv, perihal="Data retensi", alamat="Jl. Retensi 1")
    number = "KIP/" + slug.replace("-", "/")
    c = ppid_of(srv, "dinkes")
    assert step(c, slug, aksi="putuskan", keputusan="dikabulkan", diberikan="Rekap", media="PDF")[0] == 303
    fresh = file(srv, perihal="Data baru diputuskan")
    assert step(c, fresh, aksi="putuskan", keputusan="dikabulkan", diberikan="Rekap", media="PDF")[0] == 303
    srv.sql("INSERT INTO settings (key, value) VALUES ('kip.retensi_hari', '30') "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    srv.sql(f"UPDATE kip_requests SET decided_at = '2026-01-02T03:00:00Z' WHERE number = '{number}'")
    srv.sql("UPDATE jobs SET run_at = '2000-01-01T00:00:00Z' WHERE kind = 'kip.purge' AND status = 'queued'")
    import time
    deadline = time.monotonic() + 10
    while srv.sql(f"SELECT personal_purged_at IS NULL FROM kip_requests WHERE number = '{number}'") in ("1", "t", "True"):
        assert time.monotonic() < deadline, "not purged"
        time.sleep(0.05)
    row = srv.sql(f"SELECT requester_name || '|' || id_number_enc || '|' || address_enc || '|' || phone_enc || '|' "
                  f"|| email || '|' || id_number_tail FROM kip_requests WHERE number = '{number}'")
    assert row == "-||||dihapus.invalid|"
    # the record stays, the recent decision keeps its identity, the next run is queued
    assert srv.sql(f"SELECT subject FROM kip_requests WHERE number = '{number}'") == "Data retensi"
    assert srv.sql(f"SELECT personal_purged_at IS NULL FROM kip_requests WHERE number = 'KIP/{fresh.replace('-', '/')}'") in ("1", "t", "True")
    assert srv.sql("SELECT count(*) FROM jobs WHERE kind = 'kip.purge' AND status = 'queued'") == "1"
    status, m = case(c, slug)
    assert status == 200 and m["request"]["purged_label"] and "address" not in m["request"]
    assert [s["kind"] for s in m["steps"]][-1] == "data_pribadi_dihapus"
    srv.sql("DELETE FROM settings WHERE key = 'kip.retensi_hari'")


def receipt_of(srv, slug, code):
    return json.loads(Client(srv).get(f"/permohonan/{slug}.json?kode={code}")[2])


def file_with_code(srv, **changes):
    form = dict(GOOD, kunci=f"kb-{next(_keys)}", **changes)
    status, h, _ = Client(srv).post("/permohonan/baru", form)
    m = re.match(r"^/permohonan/(\d{4}-\d{6})\?kode=([a-z2-7]+)&", h["location"])
    return m.group(1), m.group(2)


def object_to(srv, slug, code, **fields):
    return Client(srv).post(f"/permohonan/{slug}/keberatan", dict({"kode": code}, **fields))


def test_an_objection_and_the_atasans_answer(srv, sink):
    slug, code = file_with_code(srv, email="keberatan@example.id")
    # not decided, not late: nothing to object to yet
    assert receipt_of(srv, slug, code)["objection_until"] is None
    assert object_to(srv, slug, code, alasan_c="1", uraian="Belum dijawab")[0] == 409
    assert step(ppid_of(srv, "dinkes"), slug, aksi="putuskan", keputusan="ditolak", pengecualian="h",
                uji_konsekuensi="Memuat data pribadi.")[0] == 303
    m = receipt_of(srv, slug, code)
    assert m["objection_until"] and [g["value"] for g in m["grounds"]] == list("abcdefg")
    # a wrong code, no ground, no reason: refused, nothing written
    assert object_to(srv, slug, "b" * 26, alasan_a="1", uraian="x")[0] == 403
    assert object_to(srv, slug, code, uraian="Tanpa alasan")[0] == 422
    assert object_to(srv, slug, code, alasan_a="1", uraian="")[0] == 422
    number = "KIP/" + slug.replace("-", "/")
    count = f"SELECT count(*) FROM kip_objections o JOIN kip_requests k ON k.id = o.request_id WHERE k.number = '{number}'"
    assert srv.sql(count) == "0"
    status, h, _ = object_to(srv, slug, code, alasan_a="1", alasan_f="1",
                             uraian="Data agregat per desa tidak memuat data pribadi.")
    assert status == 303 and "pesan=keberatan_terkirim" in h["location"]
    assert srv.sql(count) == "1"
    o = receipt_of(srv, slug, code)["objection"]
    assert o["grounds"] == "a,f" and o["reason"].startswith("Data agregat") and o["answered"] is False
    # the atasan answers within 30 working days of receipt (day 1 counted)
    import datetime as dt
    received, due = dt.date.fromisoformat(o["received_on"]), dt.date.fromisoformat(o["answer_due"])
    # 30 working days, day 1 counted: six weeks less a weekend at least,
    # more with holidays between
    assert 40 <= (due - received).days + 1 <= 42 + 21
    assert due.weekday() < 5
    public = json.loads(Client(srv).get(f"/permohonan/{slug}.json")[2])["objection"]
    assert "reason" not in public and public["grounds"] == "a,f"
    sink.wait_for(lambda msg: "keberatan@example.id" in msg.rcpt_tos and "Keberatan" in msg.subject, timeout=15)
    # once
    status, h, _ = object_to(srv, slug, code, alasan_c="1", uraian="Lagi")
    assert status == 303 and "keberatan_sudah_ada" in h["location"] and srv.sql(count) == "1"
    # only the atasan (the main PPID) answers, with an answer
    assert ppid_of(srv, "dinkes").post(f"/ppid/{slug}/keberatan", {"dikabulkan": "1", "tanggapan": "x"})[0] == 403
    atasan = main_ppid(srv)
    assert atasan.post(f"/ppid/{slug}/keberatan", {"dikabulkan": "1", "tanggapan": ""})[0] == 422
    assert atasan.post(f"/ppid/{slug}/keberatan", {"dikabulkan": "1", "tanggapan":
                       "Data agregat dapat diberikan tanpa nama anak."})[0] == 303
    assert atasan.post(f"/ppid/{slug}/keberatan", {"dikabulkan": "0", "tanggapan": "Lagi"})[0] == 409
    public = json.loads(Client(srv).get(f"/permohonan/{slug}.json")[2])["objection"]
    assert public["answered"] is True and public["upheld"] is True and public["dispute_last"]
    kinds = srv.sql(f"SELECT e.kind FROM kip_request_events e JOIN kip_requests k ON k.id = e.request_id "
                    f"WHERE k.number = '{number}' ORDER BY e.id").splitlines()
    assert kinds[-2:] == ["keberatan", "tanggapan_atasan"]


def test_a_late_request_may_be_objected_to_and_an_old_one_not(srv):
    late, code = file_with_code(srv)
    srv.sql(f"UPDATE kip_requests SET notice_due = '2026-01-05' WHERE number = 'KIP/{late.replace('-', '/')}'")
    m = receipt_of(srv, late, code)
    assert m["objection_until"] is None  # 30 working days after 5 January have passed
    import datetime as dt
    today = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=7)).date()  # in Bekasi
    srv.sql(f"UPDATE kip_requests SET notice_due = '{today.isoformat()}' "
            f"WHERE number = 'KIP/{late.replace('-', '/')}'")
    # due today: not late yet
    assert receipt_of(srv, late, code)["objection_until"] is None
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    srv.sql(f"UPDATE kip_requests SET notice_due = '{yesterday}' WHERE number = 'KIP/{late.replace('-', '/')}'")
    assert receipt_of(srv, late, code)["objection_until"]
    assert object_to(srv, late, code, alasan_c="1", uraian="Tidak ditanggapi sampai tenggat.")[0] == 303


def test_a_calendar_change_moves_open_cases_and_says_so(srv):
    slug = file(srv, perihal="Kasus kalender")
    number = "KIP/" + slug.replace("-", "/")
    received, due = srv.sql(f"SELECT received_on || '|' || notice_due FROM kip_requests "
                            f"WHERE number = '{number}'").split("|")
    import datetime as dt
    # a new holiday on a working day between receipt and the due day
    day = dt.date.fromisoformat(received) + dt.timedelta(days=1)
    while day.weekday() >= 5 or srv.sql(f"SELECT count(*) FROM holidays WHERE day = '{day}'") != "0":
        day += dt.timedelta(days=1)
    admin = person(srv, "Admin Kalender Meja", [("warga", None), ("admin", None)])
    status, _, body = admin.post("/admin/libur", {"tanggal": day.isoformat(), "jenis": "libur_nasional",
                                                  "nama": "Libur uji kasus"})
    assert status == 303, body[:500]
    moved = srv.sql(f"SELECT notice_due FROM kip_requests WHERE number = '{number}'")
    assert moved > due
    status, m = case(ppid_of(srv, "dinkes"), slug)
    last = m["steps"][-1]
    assert last["kind"] == "kalender_berubah" and due in last["note"] and moved in last["note"]
    srv.sql(f"DELETE FROM holidays WHERE day = '{day}'")
