"""The holiday calendar's admin pages (issue #9, src/calendar/admin*.c):
/admin/libur lists a year and says what the calendar cannot vouch for (the
next year not loaded yet, days not confirmed); an admin adds, changes,
moves and deletes a day and confirms a year, each change written with its
row of holiday_changes (migration 012) or, when refused, nothing at all;
an iCalendar file is imported (libical) with a summary, and a file that is
not one is refused whole. The public deadline calculator moves with the
calendar. Only admins get in. Both engines."""
from __future__ import annotations

import datetime as dt
import itertools
import json
import urllib.parse

import icalendar
import pytest

import accountkit
from accountkit import Client
from httpkit import HtmlScan, Server

JSON = {"Accept": "application/json"}
ADMIN_ROLES = [("warga", None), ("admin", None)]


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-holidays"), name="holidays")
    s.start()
    yield s
    s.assert_clean_exit()


_admins = itertools.count(1)


@pytest.fixture
def admin(srv):
    """An admin of each test's own: every POST counts against the person's
    rate limit (60 in 10 minutes), which a whole module would pass."""
    return accountkit.person(srv, f"Admin Kalender {next(_admins)}", ADMIN_ROLES, net="10.31")


def wib_year() -> int:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=7)).year


def row(srv, day: str) -> str:
    return srv.sql(f"SELECT kind, name, confirmed FROM holidays WHERE day = '{day}'")


def changes(srv, first: str, last: str) -> list[list[str]]:
    """The audit rows of the days first..last, oldest first, as the KIP case
    pages will read them (by day range)."""
    out = srv.sql("SELECT day, change, coalesce(old_kind, '-'), coalesce(old_name, '-'), "
                  "coalesce(new_kind, '-'), coalesce(new_name, '-'), coalesce(other_day, '-'), "
                  "coalesce(user_id, 0), at FROM holiday_changes "
                  f"WHERE day >= '{first}' AND day <= '{last}' ORDER BY id")
    return [r.split("|") for r in out.splitlines()]


def counts(srv) -> tuple[str, str]:
    return srv.sql("SELECT count(*) FROM holidays"), srv.sql("SELECT count(*) FROM holiday_changes")


def location(headers) -> str:
    return headers.get("location", "")


def page(c, path: str) -> dict:
    status, model = c.json(path)
    assert status == 200, model
    return model


# --- the year page --------------------------------------------------------------

def test_the_year_page_says_what_the_calendar_cannot_vouch_for(srv, admin):
    year = wib_year()
    m = page(admin, "/admin/libur")
    assert m["year"] == year
    years = [y["year"] for y in m["years"]]
    assert year in years and year + 1 in years and years == sorted(years)
    loaded = {int(y) for y in srv.sql("SELECT DISTINCT substr(day, 1, 4) FROM holidays").split()}
    for y in (year, year + 1):
        said = any(f"Kalender libur tahun {y} belum dimuat" in text for text in m["missing"])
        assert said == (y not in loaded), (y, m["missing"])
    html = admin.get("/admin/libur")[2].decode()
    if year + 1 not in loaded:
        assert f"Kalender libur tahun {year + 1} belum dimuat" in html

    m = page(admin, "/admin/libur?tahun=2026")
    html = admin.get("/admin/libur?tahun=2026")[2].decode()
    assert m["year"] == 2026 and len(m["holidays"]) == 25
    first = m["holidays"][0]
    assert first["day"] == "2026-01-01" and first["day_label"] == "Kamis, 1 Januari 2026"
    assert first["kind_label"] == "Libur nasional" and first["confirmed"] is False
    assert first["edit_url"] == "/admin/libur/2026-01-01"
    unconfirmed = int(srv.sql("SELECT count(*) FROM holidays WHERE day LIKE '2026-%' AND confirmed = 0"))
    if unconfirmed:
        assert m["unconfirmed_text"].startswith(f"{unconfirmed} dari 25 hari libur tahun 2026 belum dikonfirmasi")
        assert "Konfirmasi semua hari libur tahun 2026" in html

    m = page(admin, "/admin/libur?tahun=2090")
    assert m["year"] == 2090 and m["holidays"] == [] and m["none_text"] == "Belum ada hari libur tahun 2090."
    assert page(admin, "/admin/libur?tahun=kemarin")["year"] == wib_year()


# --- add, edit, move, delete, confirm ----------------------------------------

def test_add_a_day(srv, admin):
    status, headers, body = admin.post("/admin/libur", {"tanggal": "2031-03-10", "jenis": "libur_nasional",
                                                        "nama": "Hari Uji Tambah"})
    assert status == 303, body[:1000]
    assert location(headers) == "/admin/libur?tahun=2031&pesan=ditambah#hari-2031-03-10"
    assert row(srv, "2031-03-10") == "libur_nasional|Hari Uji Tambah|1"
    (ch,) = changes(srv, "2031-03-10", "2031-03-10")
    assert ch[:7] == ["2031-03-10", "ditambah", "-", "-", "libur_nasional", "Hari Uji Tambah", "-"]
    assert int(ch[7]) == admin.uid and ch[8].endswith("Z")
    html = admin.get("/admin/libur?tahun=2031&pesan=ditambah")[2].decode()
    assert "Hari libur sudah ditambahkan." in html and "Hari Uji Tambah" in html
    assert "Ditambah" in HtmlScan(html).text


BAD_ADDS = [
    ({"tanggal": "", "jenis": "libur_nasional", "nama": "Tanpa tanggal"}, "tanggal", "Isi tanggal hari libur."),
    ({"tanggal": "2031-02-30", "jenis": "libur_nasional", "nama": "Tanggal palsu"}, "tanggal",
     "Tanggal itu tidak ada."),
    ({"tanggal": "10/03/2031", "jenis": "libur_nasional", "nama": "Format lain"}, "tanggal",
     "Tanggal itu tidak ada."),
    ({"tanggal": "1999-12-31", "jenis": "libur_nasional", "nama": "Terlalu lama"}, "tanggal",
     "Tanggal harus antara tahun 2000 dan 2100."),
    ({"tanggal": "2031-04-01", "jenis": "libur", "nama": "Jenis asing"}, "jenis",
     "Pilih libur nasional atau cuti bersama."),
    ({"tanggal": "2031-04-01", "jenis": "", "nama": "Tanpa jenis"}, "jenis", "Pilih jenis hari libur."),
    ({"tanggal": "2031-04-01", "jenis": "cuti_bersama", "nama": "  "}, "nama", "Isi nama hari libur."),
    ({"tanggal": "2031-04-01", "jenis": "cuti_bersama", "nama": "x" * 201}, "nama", "Paling banyak 200 karakter."),
    ({"tanggal": "2031-04-01", "jenis": "cuti_bersama", "nama": "Dua\nbaris"}, "nama",
     "Nama hanya boleh berupa satu baris teks biasa."),
]


@pytest.mark.parametrize("fields,field,message", BAD_ADDS, ids=[f"{b[1]}-{i}" for i, b in enumerate(BAD_ADDS)])
def test_add_refuses_bad_input_keeps_the_form_and_writes_nothing(srv, admin, fields, field, message):
    before = counts(srv)
    status, _, body = admin.post("/admin/libur", fields)
    assert status == 422, body[:1000]
    html = body.decode()
    scan = HtmlScan(html)
    assert message in scan.text
    assert f'id="{field}-error"' in html and f'href="#{field}"' in html  # beside the field, and in the summary
    if fields["nama"].strip() and "\n" not in fields["nama"]:
        assert f'value="{fields["nama"]}"' in html
    assert counts(srv) == before
    status, _, model = admin.post_json("/admin/libur", fields)
    assert status == 422 and message[:20] in model["add"]["error"][field]
    assert model["add"]["values"]["tanggal"] == fields["tanggal"]


def test_a_date_that_exists_is_refused(srv, admin):
    srv.sql("INSERT INTO holidays (day, kind, name) VALUES ('2031-05-05', 'libur_nasional', 'Sudah Ada')")
    before = counts(srv)
    status, _, body = admin.post("/admin/libur", {"tanggal": "2031-05-05", "jenis": "cuti_bersama",
                                                  "nama": "Dobel"})
    assert status == 422
    assert "Tanggal itu sudah ada di kalender." in HtmlScan(body).text
    assert 'value="Dobel"' in body.decode()
    assert counts(srv) == before and row(srv, "2031-05-05") == "libur_nasional|Sudah Ada|0"


def test_edit_a_day(srv, admin):
    srv.sql("INSERT INTO holidays (day, kind, name) VALUES ('2031-06-01', 'libur_nasional', 'Nama Lama')")
    m = page(admin, "/admin/libur/2031-06-01")
    assert m["holiday"]["name"] == "Nama Lama" and m["form"]["values"]["tanggal"] == "2031-06-01"
    assert m["back_url"] == "/admin/libur?tahun=2031"
    status, headers, body = admin.post("/admin/libur/2031-06-01", {"tanggal": "2031-06-01",
                                                                   "jenis": "cuti_bersama", "nama": "Nama Baru"})
    assert status == 303, body[:1000]
    assert location(headers) == "/admin/libur?tahun=2031&pesan=diubah#hari-2031-06-01"
    assert row(srv, "2031-06-01") == "cuti_bersama|Nama Baru|1"
    (ch,) = changes(srv, "2031-06-01", "2031-06-01")
    assert ch[:7] == ["2031-06-01", "diubah", "libur_nasional", "Nama Lama", "cuti_bersama", "Nama Baru", "-"]
    # The same again changes nothing and writes nothing.
    status, headers, _ = admin.post("/admin/libur/2031-06-01", {"tanggal": "2031-06-01",
                                                                "jenis": "cuti_bersama", "nama": "Nama Baru"})
    assert status == 303 and "pesan=tidak_berubah" in location(headers)
    assert len(changes(srv, "2031-06-01", "2031-06-01")) == 1
    # The day's page shows its history.
    m = page(admin, "/admin/libur/2031-06-01")
    assert [c["change"] for c in m["changes"]] == ["diubah"]
    assert m["changes"][0]["old_label"] == "Nama Lama (libur nasional)"
    assert m["changes"][0]["new_label"] == "Nama Baru (cuti bersama)"
    assert m["changes"][0]["by_name"].startswith("Admin Kalender ")


def test_saving_an_unconfirmed_day_as_it_is_confirms_it(srv, admin):
    srv.sql("INSERT INTO holidays (day, kind, name) VALUES ('2031-06-09', 'libur_nasional', 'Belum Dicek')")
    status, _, _ = admin.post("/admin/libur/2031-06-09", {"tanggal": "2031-06-09", "jenis": "libur_nasional",
                                                          "nama": "Belum Dicek"})
    assert status == 303
    assert row(srv, "2031-06-09") == "libur_nasional|Belum Dicek|1"
    assert [c[1] for c in changes(srv, "2031-06-09", "2031-06-09")] == ["dikonfirmasi"]


def test_move_a_day(srv, admin):
    srv.sql("INSERT INTO holidays (day, kind, name) VALUES ('2031-07-01', 'cuti_bersama', 'Cuti Pindah')")
    srv.sql("INSERT INTO holidays (day, kind, name) VALUES ('2031-07-03', 'libur_nasional', 'Penghalang')")
    before = counts(srv)
    # onto a day that has a holiday: refused, nothing written
    status, _, body = admin.post("/admin/libur/2031-07-01", {"tanggal": "2031-07-03", "jenis": "cuti_bersama",
                                                             "nama": "Cuti Pindah"})
    assert status == 422 and "Tanggal itu sudah ada di kalender." in HtmlScan(body).text
    assert 'value="2031-07-03"' in body.decode()
    assert counts(srv) == before
    status, headers, body = admin.post("/admin/libur/2031-07-01", {"tanggal": "2031-07-02",
                                                                   "jenis": "cuti_bersama", "nama": "Cuti Pindah"})
    assert status == 303, body[:1000]
    assert location(headers) == "/admin/libur?tahun=2031&pesan=dipindah#hari-2031-07-02"
    assert row(srv, "2031-07-01") == "" and row(srv, "2031-07-02") == "cuti_bersama|Cuti Pindah|1"
    rows = changes(srv, "2031-07-01", "2031-07-02")
    assert [r[:7] for r in rows] == [
        ["2031-07-01", "dihapus", "cuti_bersama", "Cuti Pindah", "-", "-", "2031-07-02"],
        ["2031-07-02", "ditambah", "-", "-", "cuti_bersama", "Cuti Pindah", "2031-07-01"],
    ]
    # A case whose range holds only the old day still finds the move.
    assert [r[1] for r in changes(srv, "2031-06-30", "2031-07-01")] == ["dihapus"]
    labels = page(admin, "/admin/libur?tahun=2031")["changes"]
    moved = [c for c in labels if c["day"] == "2031-07-01"][0]
    assert moved["moved_label"] == "dipindah ke Rabu, 2 Juli 2031"


def test_delete_a_day(srv, admin):
    srv.sql("INSERT INTO holidays (day, kind, name, confirmed) VALUES ('2031-08-08', 'libur_nasional', "
            "'Hapus Saya', 1)")
    status, headers, _ = admin.post("/admin/libur/2031-08-08/hapus", {})
    assert status == 303 and location(headers) == "/admin/libur?tahun=2031&pesan=dihapus"
    assert row(srv, "2031-08-08") == ""
    (ch,) = changes(srv, "2031-08-08", "2031-08-08")
    assert ch[:7] == ["2031-08-08", "dihapus", "libur_nasional", "Hapus Saya", "-", "-", "-"]
    before = counts(srv)
    assert admin.post("/admin/libur/2031-08-08/hapus", {})[0] == 404
    assert admin.get("/admin/libur/2031-08-08")[0] == 404
    assert admin.get("/admin/libur/bukan-tanggal")[0] == 404
    assert admin.post("/admin/libur/2031-02-30", {"tanggal": "2031-02-28", "jenis": "libur_nasional",
                                                  "nama": "x"})[0] == 404
    assert counts(srv) == before


def test_confirm_a_year(srv, admin):
    srv.sql("INSERT INTO holidays (day, kind, name, confirmed) VALUES ('2033-01-01', 'libur_nasional', "
            "'Satu', 0), ('2033-02-02', 'cuti_bersama', 'Dua', 0), ('2033-03-03', 'libur_nasional', 'Tiga', 1)")
    m = page(admin, "/admin/libur?tahun=2033")
    assert m["unconfirmed_text"].startswith("2 dari 3 hari libur tahun 2033 belum dikonfirmasi")
    status, headers, _ = admin.post("/admin/libur/konfirmasi", {"tahun": "2033"})
    assert status == 303 and location(headers) == "/admin/libur?tahun=2033&pesan=dikonfirmasi"
    assert srv.sql("SELECT count(*) FROM holidays WHERE day LIKE '2033-%' AND confirmed = 0") == "0"
    rows = changes(srv, "2033-01-01", "2033-12-31")
    assert [r[:2] for r in rows] == [["2033-01-01", "dikonfirmasi"], ["2033-02-02", "dikonfirmasi"]]
    assert rows[1][4:6] == ["cuti_bersama", "Dua"]
    m = page(admin, "/admin/libur?tahun=2033")
    assert m["confirmed_text"] == "Semua 3 hari libur tahun 2033 sudah dikonfirmasi."
    assert "unconfirmed_text" not in m
    status, headers, _ = admin.post("/admin/libur/konfirmasi", {"tahun": "2033"})
    assert status == 303 and "pesan=sudah_dikonfirmasi" in location(headers)
    assert len(changes(srv, "2033-01-01", "2033-12-31")) == 2
    for bad in ("", "dua ribu", "1999", "2101"):
        assert admin.post("/admin/libur/konfirmasi", {"tahun": bad})[0] == 422


# --- import ----------------------------------------------------------------------

ICS = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Pemerintah Kabupaten Bekasi//Uji Kalender//ID\r\n"
    "X-WR-CALNAME:Hari libur 2034\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:tahun-baru-2034@uji\r\n"
    "DTSTAMP:20330915T000000Z\r\n"
    "DTSTART;VALUE=DATE:20340101\r\n"
    "DTEND;VALUE=DATE:20340102\r\n"
    "SUMMARY:Tahun Baru 2034 Masehi\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:idulfitri-2034@uji\r\n"
    "DTSTAMP:20330915T000000Z\r\n"
    "DTSTART;VALUE=DATE:20341211\r\n"
    "DTEND;VALUE=DATE:20341213\r\n"
    "SUMMARY:Idulfitri 1456 H\\, hari pertama dan kedua\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:cuti-idulfitri-2034@uji\r\n"
    "DTSTAMP:20330915T000000Z\r\n"
    "DTSTART;VALUE=DATE:20341213\r\n"
    "DURATION:P2D\r\n"
    "SUMMARY:CUTI BERSAMA Idulfitri 1456 H yang namanya cukup panjang sehingga baris\r\n"
    " nya dilipat\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:rapat@uji\r\n"
    "DTSTAMP:20330915T000000Z\r\n"
    "DTSTART:20340301T020000Z\r\n"
    "DTEND:20340301T040000Z\r\n"
    "SUMMARY:Rapat koordinasi\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:ulang@uji\r\n"
    "DTSTAMP:20330915T000000Z\r\n"
    "DTSTART;VALUE=DATE:20340817\r\n"
    "RRULE:FREQ=YEARLY\r\n"
    "SUMMARY:Hari Proklamasi (berulang)\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:dobel@uji\r\n"
    "DTSTAMP:20330915T000000Z\r\n"
    "DTSTART;VALUE=DATE:20341212\r\n"
    "SUMMARY:Acara lain di hari yang sama\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
).encode()


def post_ics(c, data: bytes, kind: str = "libur_nasional", json_answer: bool = False, name: str = "libur.ics"):
    return c.post_files("/admin/libur/impor", {"jenis_impor": kind}, [("berkas", name, "text/calendar", data)],
                        headers=JSON if json_answer else None)


def test_the_test_file_is_a_real_icalendar_file():
    cal = icalendar.Calendar.from_ical(ICS)
    events = [e for e in cal.walk("VEVENT")]
    assert len(events) == 6
    assert str(events[2]["SUMMARY"]).endswith("barisnya dilipat")


def test_import_a_real_ics(srv, admin):
    srv.sql("INSERT INTO holidays (day, kind, name, confirmed) VALUES ('2034-01-01', 'libur_nasional', "
            "'Tahun Baru (nama lama)', 1)")
    status, _, body = post_ics(admin, ICS, json_answer=True)
    assert status == 200, body[:2000]
    m = json.loads(body)
    assert m["year"] == 2034
    imp = m["import"]
    assert [r["day"] for r in imp["added"]] == ["2034-12-11", "2034-12-12", "2034-12-13", "2034-12-14"]
    assert [r["day"] for r in imp["updated"]] == ["2034-01-01"]
    assert imp["updated"][0]["old_name"] == "Tahun Baru (nama lama)"
    assert imp["unchanged"] == []
    reasons = sorted((s["name"], s["reason"]) for s in imp["skipped"])
    assert reasons == [("Acara lain di hari yang sama", "tanggal yang sama sudah ada di berkas ini"),
                       ("Hari Proklamasi (berulang)", reasons[1][1]),
                       ("Rapat koordinasi", "bukan acara sehari penuh")]
    assert reasons[1][1].startswith("acara berulang")
    assert imp["counts_text"] == "4 ditambah, 1 diperbarui, 0 tidak berubah, 3 dilewati."
    assert row(srv, "2034-01-01") == "libur_nasional|Tahun Baru 2034 Masehi|0"
    assert row(srv, "2034-12-11") == "libur_nasional|Idulfitri 1456 H, hari pertama dan kedua|0"
    assert row(srv, "2034-12-12") == "libur_nasional|Idulfitri 1456 H, hari pertama dan kedua|0"
    cuti = "CUTI BERSAMA Idulfitri 1456 H yang namanya cukup panjang sehingga barisnya dilipat"
    assert row(srv, "2034-12-13") == f"cuti_bersama|{cuti}|0"  # DTEND is exclusive: the 13th is cuti
    assert row(srv, "2034-12-14") == f"cuti_bersama|{cuti}|0"
    assert row(srv, "2034-12-15") == "" and row(srv, "2034-03-01") == "" and row(srv, "2034-08-17") == ""
    rows = changes(srv, "2034-01-01", "2034-12-31")
    assert [r[:2] for r in rows] == [["2034-01-01", "diimpor"]] + [[d, "diimpor"] for d in
                                                                    ("2034-12-11", "2034-12-12", "2034-12-13",
                                                                     "2034-12-14")]
    assert rows[0][2:6] == ["libur_nasional", "Tahun Baru (nama lama)", "libur_nasional", "Tahun Baru 2034 Masehi"]
    assert rows[1][2:4] == ["-", "-"] and all(int(r[7]) == admin.uid for r in rows)

    # The page says it in words, and the same file again changes nothing.
    status, _, body = post_ics(admin, ICS)
    assert status == 200
    text = HtmlScan(body).text
    assert "0 ditambah, 0 diperbarui, 5 tidak berubah, 3 dilewati." in text
    assert "tidak ada yang diubah" in text
    assert len(changes(srv, "2034-01-01", "2034-12-31")) == 5
    # Cuti bersama chosen on the form applies to every event.
    status, _, body = post_ics(admin, ICS.replace(b"2034", b"2035"), kind="cuti_bersama", json_answer=True)
    assert status == 200
    assert row(srv, "2035-01-01") == "cuti_bersama|Tahun Baru 2035 Masehi|0"


def ics_of(*events: str) -> bytes:
    body = "".join(f"BEGIN:VEVENT\r\nUID:{i}@uji\r\nDTSTAMP:20330915T000000Z\r\n{e}END:VEVENT\r\n"
                   for i, e in enumerate(events))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//uji//ID\r\n{body}END:VCALENDAR\r\n".encode()


BAD_FILES = {
    "html": (b"<!doctype html><html><body>BEGIN:VCALENDAR</body></html>",
             "Berkas itu bukan kalender iCalendar"),
    "empty": (b"", "Berkas itu kosong."),
    "too large": (ics_of("DTSTART;VALUE=DATE:20360101\r\nSUMMARY:x\r\n") + b" " * (600 * 1024),
                  "Berkas itu lebih dari 512 KB."),
    "not text": (accountkit.tiny_png(), "Berkas itu bukan berkas teks iCalendar"),
    "latin-1": (ics_of("DTSTART;VALUE=DATE:20360101\r\nSUMMARY:Hari \xe9\r\n").decode().encode("latin-1"),
                "Berkas itu bukan berkas teks iCalendar"),
    "malformed line": (ics_of("DTSTART;VALUE=DATE:20360101\r\nSUMMARY:Baik\r\n",
                              "DTSTART;VALUE=DATE:20360102\r\nini bukan baris iCalendar\r\nSUMMARY:Rusak\r\n"),
                       "memuat 1 baris atau nilai yang tidak sesuai format iCalendar"),
    "bad date value": (ics_of("DTSTART;VALUE=DATE:20360101\r\nSUMMARY:Baik\r\n",
                              "DTSTART;VALUE=DATE:2036-01-0x\r\nSUMMARY:Rusak\r\n"),
                       "tidak sesuai format iCalendar"),
    "date that does not exist": (ics_of("DTSTART;VALUE=DATE:20360101\r\nSUMMARY:Baik\r\n",
                                        "DTSTART;VALUE=DATE:20360230\r\nSUMMARY:30 Februari\r\n"),
                                 "tidak sesuai format iCalendar"),
    "not closed": (ics_of("DTSTART;VALUE=DATE:20360101\r\nSUMMARY:Baik\r\n")[:-len(b"END:VCALENDAR\r\n")],
                   "tidak sesuai format iCalendar"),
    "no all-day events": (ics_of("DTSTART:20360101T020000Z\r\nSUMMARY:Rapat\r\n"),
                          "tidak memuat acara sehari penuh"),
    "nested too deep": (b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\n" * 50 + b"END:VEVENT\r\n" * 50 +
                        b"END:VCALENDAR\r\n", "tidak sesuai format iCalendar"),
    "too many days": (ics_of(*[f"DTSTART;VALUE=DATE:{d:%Y%m%d}\r\nDTEND;VALUE=DATE:{d + dt.timedelta(days=30):%Y%m%d}"
                               f"\r\nSUMMARY:Panjang {i}\r\n"
                               for i, d in enumerate(dt.date(2036, 1, 1) + dt.timedelta(days=31 * k)
                                                     for k in range(14))]),
                      "paling banyak 400 hari sekali impor"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_is_refused_whole(srv, admin, name):
    data, message = BAD_FILES[name]
    before = counts(srv)
    status, _, body = post_ics(admin, data, kind="cuti_bersama")
    assert status == 400, (name, status, body[:1500])
    html = body.decode()
    assert message in HtmlScan(html).text, name
    assert 'id="berkas-error"' in html and 'href="#berkas"' in html
    assert '<option value="cuti_bersama" selected>' in html  # the form is kept
    assert counts(srv) == before
    assert srv.sql("SELECT count(*) FROM holidays WHERE day LIKE '2036-%'") == "0"
    status, _, body = post_ics(admin, data, kind="cuti_bersama", json_answer=True)
    assert status == 400 and message[:30] in json.loads(body)["upload"]["error"]["berkas"]


def test_an_import_needs_a_file_and_a_kind(srv, admin):
    before = counts(srv)
    status, _, body = admin.post_files("/admin/libur/impor", {"jenis_impor": "libur_nasional"},
                                       [("berkas", "", "application/octet-stream", b"")])
    assert status == 422 and "Pilih berkas iCalendar (.ics)." in HtmlScan(body).text
    status, _, body = post_ics(admin, ICS, kind="hari_raya")
    assert status == 422 and "Pilih libur nasional atau cuti bersama." in HtmlScan(body).text
    assert counts(srv) == before


# --- who may ---------------------------------------------------------------------

def test_only_admins_get_in(srv):
    warga = accountkit.person(srv, "Warga Kalender", net="10.32")
    humas = accountkit.person(srv, "Humas Kalender", [("warga", None), ("humas", None)], net="10.32")
    before = counts(srv)
    for c in (warga, humas):
        assert c.get("/admin/libur")[0] == 403
        assert c.get("/admin/libur/2026-01-01")[0] == 403
        assert c.post("/admin/libur", {"tanggal": "2031-09-09", "jenis": "libur_nasional", "nama": "x"})[0] == 403
        assert c.post("/admin/libur/2026-01-01/hapus", {})[0] == 403
        assert c.post("/admin/libur/konfirmasi", {"tahun": "2026"})[0] == 403
        assert post_ics(c, ICS)[0] == 403
    anon = Client(srv)
    status, headers, _ = anon.get("/admin/libur")
    target = urllib.parse.urlsplit(location(headers))
    assert status == 303 and target.path == "/masuk"
    assert urllib.parse.parse_qs(target.query)["lanjut"] == ["/admin/libur"]
    assert anon.post("/admin/libur", {"tanggal": "2031-09-09", "jenis": "libur_nasional", "nama": "x"})[0] == 401
    assert counts(srv) == before


# --- the clocks move with the calendar ---------------------------------------

def test_the_public_deadline_moves_when_a_holiday_is_added(srv, admin):
    url = "/permohonan/tenggat.json?diterima=2026-10-05T10:00"

    def notice() -> str:
        status, model = Client(srv).json(url)
        assert status == 200, model
        return {s["key"]: s for s in model["result"]["steps"]}["pemberitahuan"]["date"]

    before = notice()
    assert row(srv, "2026-10-07") == ""  # a Wednesday inside the first ten working days
    status, _, _ = admin.post("/admin/libur", {"tanggal": "2026-10-07", "jenis": "libur_nasional",
                                               "nama": "Libur Uji Tenggat"})
    assert status == 303
    moved = notice()
    assert dt.date.fromisoformat(moved) > dt.date.fromisoformat(before)
    assert [r[1] for r in changes(srv, "2026-10-05", moved)] == ["ditambah"]
    assert admin.post("/admin/libur/2026-10-07/hapus", {})[0] == 303
    assert notice() == before
    assert [r[1] for r in changes(srv, "2026-10-05", moved)] == ["ditambah", "dihapus"]
