"""The KIP service's settings at /admin/permohonan (issue #9,
src/kip/settings*.c): only admins get in; the form shows the rules in force
(defaults: cuti bersama is not a working day, the day of receipt is day 1,
office hours end at 16:00, no fees, identity kept 1825 days), each field
explained; a wrong field is 422 with its message, what was typed kept and
nothing written; a good form writes every setting at once, and the public
calculator, the charter and the open requests' days follow at once (the
page cache included). Both engines."""
from __future__ import annotations

import datetime as dt
import itertools
import json
import re

import pytest

from accountkit import Client, person
from httpkit import Server
from test_kip_requests import GOOD

JSON = {"Accept": "application/json"}
DEFAULTS = {"cuti_bersama": "0", "hari_penerimaan": "1", "jam_tutup": "16:00", "biaya": "",
            "retensi_hari": "1825"}
# a good form that differs from the defaults in every field
CHANGED = {"cuti_bersama": "1", "hari_penerimaan": "0", "jam_tutup": "15:00",
           "biaya": "Fotokopi per lembar: Rp 500\r\n\r\nPengiriman pos dalam kabupaten: 15.000",
           "retensi_hari": "730"}
_people = itertools.count(1)
_keys = itertools.count(1)


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-kip-settings"), name="kip-settings", args=["--workers", "1"])
    s.start()
    yield s
    s.assert_clean_exit()


@pytest.fixture
def admin(srv):
    """An admin of each test's own (every POST counts against the person's
    rate limit); the settings are the defaults again after the test."""
    yield person(srv, f"Admin Layanan {next(_people)}", [("warga", None), ("admin", None)], net="10.41")
    srv.sql("DELETE FROM settings WHERE key LIKE 'kip.%'")


def stored(srv) -> dict:
    """The kip.* settings (a value may span lines: one query each)."""
    keys = srv.sql("SELECT key FROM settings WHERE key LIKE 'kip.%' ORDER BY key").splitlines()
    return {k: srv.sql(f"SELECT value FROM settings WHERE key = '{k}'") for k in keys}


def site_version(srv) -> str:
    return srv.sql("SELECT version FROM data_versions WHERE topic = 'site'")


def save(c, fields: dict):
    return c.post("/admin/permohonan", fields, headers=JSON)


def calculator(srv, when: str) -> dict:
    """The public calculator as an anonymous visitor gets it (page cache and all)."""
    status, model = Client(srv).json("/permohonan/tenggat?diterima=" + when)
    assert status == 200, model
    return model


def notice_day(srv, when: str) -> str:
    steps = {s["key"]: s for s in calculator(srv, when)["result"]["steps"]}
    return steps["pemberitahuan"]["date"]


def workdays_after(srv, day: str, n: int = 1) -> str:
    """The n-th working day after day, from the holidays table (cuti bersama off)."""
    off = set(srv.sql("SELECT day FROM holidays").splitlines())
    d = dt.date.fromisoformat(day)
    while n > 0:
        d += dt.timedelta(days=1)
        n -= d.weekday() < 5 and d.isoformat() not in off
    return d.isoformat()


def file_request(srv) -> str:
    form = dict(GOOD, kunci=f"pengaturan-{next(_keys)}", perihal="Kasus pengaturan layanan")
    status, h, body = Client(srv).post("/permohonan/baru", form)
    assert status == 303, body[:1000]
    return "KIP/" + re.match(r"^/permohonan/(\d{4})-(\d{6})\?", h["location"]).expand(r"\1/\2")


def request_days(srv, number: str) -> tuple[str, str, str]:
    return tuple(srv.sql(f"SELECT submitted_at || '|' || received_on || '|' || notice_due FROM kip_requests "
                         f"WHERE number = '{number}'").split("|"))


def wib(utc: str) -> str:
    t = dt.datetime.strptime(utc, "%Y-%m-%dT%H:%M:%SZ") + dt.timedelta(hours=7)
    return t.strftime("%Y-%m-%dT%H:%M:%S")


# --- who gets in ----------------------------------------------------------------------

def test_only_admins_get_in(srv):
    status, h, _ = Client(srv).get("/admin/permohonan")
    assert status == 303 and h["location"].startswith("/masuk?lanjut=")
    for roles in ([("warga", None)], [("warga", None), ("ppid", None)], [("warga", None), ("humas", None)]):
        c = person(srv, f"Bukan Admin {next(_people)}", roles, net="10.42")
        assert c.get("/admin/permohonan")[0] == 403
        before = stored(srv)
        assert save(c, CHANGED)[0] == 403
        assert stored(srv) == before


def test_the_form_shows_the_rules_in_force_and_explains_each(srv, admin):
    status, model = admin.json("/admin/permohonan")
    assert status == 200, model
    assert model["form"]["values"] == DEFAULTS and model["form"]["invalid"] is False
    assert [c["value"] for c in model["cuti_choices"]] == ["0", "1"]      # the default first
    assert [c["checked"] for c in model["cuti_choices"]] == [True, False]
    assert [c["value"] for c in model["day_choices"]] == ["1", "0"]
    assert [c["checked"] for c in model["day_choices"]] == [True, False]
    status, _, body = admin.get("/admin/permohonan")
    html = body.decode()
    assert status == 200
    for words in ("Komisi Informasi Provinsi Jawa Barat", "Pasal 22 ayat 7", "Surat Keputusan Bersama",
                  "biaya nyata penggandaan dan pengiriman", "UU No. 27 Tahun 2022", "Perki No. 1 Tahun 2021"):
        assert words in html, words
    for field in DEFAULTS:
        assert f'id="{field}"' in html, field   # the error summary's links land on a field
    assert 'value="16:00"' in html and 'value="1825"' in html
    # the other admin pages lead here
    assert 'href="/admin/permohonan"' in admin.get("/admin/libur")[2].decode()


# --- a wrong field: 422, its message, the form kept, nothing written ---------------------

BAD = [
    ("cuti_bersama", "", "Pilih apakah cuti bersama"),
    ("cuti_bersama", "2", "Pilih apakah cuti bersama"),
    ("hari_penerimaan", "", "hari ke-1 atau hari ke-0"),
    ("hari_penerimaan", "ya", "hari ke-1 atau hari ke-0"),
    ("jam_tutup", "", "Isi jam layanan berakhir"),
    ("jam_tutup", "25:00", "antara 12:00 dan 23:59"),
    ("jam_tutup", "08:00", "antara 12:00 dan 23:59"),
    ("jam_tutup", "4 sore", "antara 12:00 dan 23:59"),
    ("biaya", "Fotokopi per lembar: Rp 500\nPengiriman pos 15.000", "Baris 2 tidak terbaca"),
    ("biaya", "Fotokopi: lima ratus rupiah", "Baris 1 tidak terbaca"),
    # lines are counted as the form shows them again (blank lines within count)
    ("biaya", "Salinan: Rp 1.000\n\n\n: 500", "Baris 4 tidak terbaca"),
    ("biaya", "Fotokopi: -500", "Baris 1 tidak terbaca"),
    ("biaya", "\n".join(f"Salinan {i}: 1.000" for i in range(31)), "Paling banyak 30 baris"),
    ("retensi_hari", "", "Isi berapa hari"),
    ("retensi_hari", "29", "antara 30 dan 36500"),
    ("retensi_hari", "36501", "antara 30 dan 36500"),
    ("retensi_hari", "lima tahun", "antara 30 dan 36500"),
]


@pytest.mark.parametrize("field, value, message", BAD, ids=[f"{f}={v[:20]!r}" for f, v, _ in BAD])
def test_a_wrong_field_is_refused_and_nothing_is_written(srv, admin, field, value, message):
    before, version = stored(srv), site_version(srv)
    form = dict(CHANGED, **{field: value})
    status, _, body = save(admin, form)
    assert status == 422, body[:500]
    m = json.loads(body)
    assert list(m["form"]["error"]) == [field], m["form"]["error"]
    assert message in m["form"]["error"][field]
    assert [e["field"] for e in m["form"]["errors"]] == [field]
    # what was typed comes back (trimmed of surrounding white space)
    for k, v in form.items():
        assert m["form"]["values"][k] == v.strip(), k
    assert stored(srv) == before and site_version(srv) == version
    assert srv.sql("SELECT count(*) FROM kip_request_events WHERE note LIKE 'Aturan penghitungan%'") == "0"


def test_the_page_with_errors_marks_each_field_and_keeps_the_text(srv, admin):
    form = dict(CHANGED, jam_tutup="16.61", biaya="Fotokopi: 500\nMap plastik", retensi_hari="10")
    status, _, body = admin.post("/admin/permohonan", form)
    html = body.decode()
    assert status == 422
    assert html.index('href="#jam_tutup"') < html.index('href="#biaya"') < html.index('href="#retensi_hari"')
    assert 'id="jam_tutup" name="jam_tutup"' in html and 'value="16.61"' in html
    assert "Fotokopi: 500\nMap plastik</textarea>" in html and "Baris 2 tidak terbaca" in html
    assert html.count('aria-invalid="true"') == 3
    # the radios keep what was chosen
    assert re.search(r'id="cuti_bersama-1" name="cuti_bersama" value="1"[^>]*checked', html)
    assert re.search(r'id="hari_penerimaan-0" name="hari_penerimaan" value="0"[^>]*checked', html)
    assert stored(srv) == {}


def test_an_empty_form_writes_nothing(srv, admin):
    status, _, body = save(admin, {})
    assert status == 422
    assert set(json.loads(body)["form"]["error"]) == {"cuti_bersama", "hari_penerimaan", "jam_tutup",
                                                      "retensi_hari"}
    assert stored(srv) == {}


# --- a good form --------------------------------------------------------------------------

def test_a_good_form_writes_every_setting_and_the_public_pages_follow(srv, admin):
    # a plain fortnight of 2026 (no holiday from 14 September to 2 October)
    when, late = "2026-09-15T10:00", "2026-09-15T15:30"
    # the anonymous pages, kept by the page cache before the change
    before = calculator(srv, when)
    day_one = notice_day(srv, when)
    assert calculator(srv, late)["result"]["moved"] is None
    assert calculator(srv, late)["result"]["received"]["date"] == "2026-09-15"
    assert Client(srv).json("/permohonan/maklumat")[1]["free"] is True
    version = site_version(srv)

    status, h, body = save(admin, dict(CHANGED, cuti_bersama="0", jam_tutup="15.00"))
    assert status == 303, body[:500]
    assert h["location"].startswith("/admin/permohonan?pesan=disimpan&bergeser=")
    assert stored(srv) == {"kip.biaya": "Fotokopi per lembar: Rp 500\n\nPengiriman pos dalam kabupaten: 15.000",
                           "kip.cuti_bersama_hari_kerja": "0", "kip.hari_penerimaan": "0",
                           "kip.jam_tutup": "15:00", "kip.retensi_hari": "730"}
    assert int(site_version(srv)) > int(version)

    # day 0: the notice is due one working day later
    after = calculator(srv, when)
    assert after["rules"]["receipt_day_one"] is False and before["rules"]["receipt_day_one"] is True
    assert notice_day(srv, when) == workdays_after(srv, day_one) == "2026-09-29"
    assert "sehari setelah permohonan diterima" in " ".join(after["rules"]["texts"])
    # 15:30 is after office hours now: received the next working day
    r = calculator(srv, late)["result"]
    assert r["moved"] == "di_luar_jam" and r["received"]["date"] == "2026-09-16"
    assert "15.00 WIB" in r["moved_text"]
    assert after["rules"]["office_closes"] == "15:00"

    # the charter says the same, with the fees and the retention period
    status, charter = Client(srv).json("/permohonan/maklumat")
    assert status == 200
    assert charter["receipt_day_one"] is False and "15.00 WIB" in charter["hours"]
    assert charter["free"] is False
    assert [(f["item"], f["amount"]) for f in charter["fees"]] == [
        ("Fotokopi per lembar", 500), ("Pengiriman pos dalam kabupaten", 15000)]
    assert "730 hari" in charter["retention"]
    html = Client(srv).get("/permohonan/maklumat")[2].decode()
    assert "Fotokopi per lembar: Rp 500" in html and "730 hari" in html

    # the form shows what is in force now, and says it was saved
    status, _, body = admin.get(h["location"])
    page = body.decode()
    assert status == 200 and "Pengaturan sudah disimpan" in page
    status, model = admin.json("/admin/permohonan")
    assert model["form"]["values"] == dict(CHANGED, cuti_bersama="0", biaya=stored(srv)["kip.biaya"])

    # the retention period is what the daily removal reads
    assert stored(srv)["kip.retensi_hari"] == "730"


def test_cuti_bersama_as_a_working_day_moves_the_lebaran_break(srv, admin):
    when = "2026-03-16T10:00"          # the example: due 6 April over the Lebaran break
    assert notice_day(srv, when) == "2026-04-06"
    status, _, body = save(admin, dict(DEFAULTS, cuti_bersama="1"))
    assert status == 303, body[:500]
    assert notice_day(srv, when) < "2026-04-06"
    assert "Cuti bersama dihitung sebagai hari kerja" in " ".join(calculator(srv, when)["rules"]["texts"])


def test_saving_the_same_values_changes_nothing(srv, admin):
    events = srv.sql("SELECT count(*) FROM kip_request_events")
    status, h, _ = save(admin, DEFAULTS)
    assert status == 303 and h["location"] == "/admin/permohonan?pesan=tidak_berubah"
    assert srv.sql("SELECT count(*) FROM kip_request_events") == events
    assert "Pengaturan disimpan tanpa perubahan" in admin.get(h["location"])[2].decode()


def test_an_open_case_follows_the_rules_and_says_so(srv, admin):
    number = file_request(srv)
    slug = number[4:].replace("/", "-")
    submitted, received, due = request_days(srv, number)
    assert due == notice_day(srv, wib(submitted))
    register = Client(srv).json(f"/permohonan/{slug}")[1]      # kept by the page cache

    status, h, body = save(admin, dict(DEFAULTS, hari_penerimaan="0"))
    assert status == 303, body[:500]
    moved = int(re.search(r"bergeser=(\d+)", h["location"]).group(1))
    assert moved >= 1
    _, received_now, due_now = request_days(srv, number)
    assert received_now == received
    assert due_now == workdays_after(srv, due) == notice_day(srv, wib(submitted))
    note = srv.sql(f"SELECT e.kind || '|' || coalesce(e.user_id, 0) || '|' || e.note FROM kip_request_events e "
                   f"JOIN kip_requests k ON k.id = e.request_id WHERE k.number = '{number}' "
                   f"ORDER BY e.id DESC LIMIT 1")
    kind, user, text = note.split("|", 2)
    assert kind == "kalender_berubah" and user == str(admin.uid)
    assert text.startswith("Aturan penghitungan hari kerja diubah") and due in text and due_now in text
    assert f"Tenggat {moved} permohonan yang masih berjalan bergeser" in admin.get(h["location"])[2].decode()
    # the public page of the request shows the new day at once, and the step
    status, public = Client(srv).json(f"/permohonan/{slug}")
    assert status == 200 and json.dumps(public) != json.dumps(register)
    assert due_now in json.dumps(public) and "Tenggat dihitung ulang" in json.dumps(public)

    # a change of the fees alone leaves the days alone
    events = srv.sql("SELECT count(*) FROM kip_request_events")
    status, h, _ = save(admin, dict(DEFAULTS, hari_penerimaan="0", biaya="Fotokopi: 500"))
    assert status == 303 and h["location"] == "/admin/permohonan?pesan=disimpan"
    assert srv.sql("SELECT count(*) FROM kip_request_events") == events
    # and back to day 1: the case moves back
    assert save(admin, DEFAULTS)[0] == 303
    assert request_days(srv, number)[2] == due


def test_who_changed_what_is_logged_without_what_was_typed(srv, admin):
    status, h, _ = save(admin, dict(DEFAULTS, jam_tutup="15:30", biaya="Salinan rahasia: 1.000"))
    assert status == 303
    line = srv.wait_for_log(f"kip: settings saved by user {admin.uid}", stream="stderr")
    assert "kip.jam_tutup=15:30" in line and "kip.biaya" in line and "request " in line
    assert "Salinan rahasia" not in srv.stderr()


def test_an_unanswered_objection_follows_the_rules_too(srv, admin):
    number = file_request(srv)
    submitted, received, _ = request_days(srv, number)
    srv.sql(f"INSERT INTO kip_objections (request_id, grounds, reason, filed_at, received_on, answer_due) "
            f"SELECT id, 'c', 'Tidak ditanggapi.', submitted_at, received_on, '2000-01-03' FROM kip_requests "
            f"WHERE number = '{number}'")
    srv.settle()
    due = lambda: srv.sql(f"SELECT o.answer_due FROM kip_objections o JOIN kip_requests k ON k.id = o.request_id "
                          f"WHERE k.number = '{number}'")
    assert save(admin, dict(DEFAULTS, hari_penerimaan="0"))[0] == 303
    assert due() == workdays_after(srv, received, 30)  # day 0: thirty working days after the day received
    note = srv.sql(f"SELECT e.note FROM kip_request_events e JOIN kip_requests k ON k.id = e.request_id "
                   f"WHERE k.number = '{number}' ORDER BY e.id DESC LIMIT 1")
    assert note.startswith("Tenggat tanggapan atasan PPID") and "2000-01-03" in note and due() in note
    assert save(admin, DEFAULTS)[0] == 303
    assert due() == workdays_after(srv, received, 29)  # day 1: the day received is the first
    # an answered objection keeps its days
    srv.sql(f"UPDATE kip_objections SET answered_at = '2026-11-29T00:00:00Z', answer_due = '2000-01-03' "
            f"WHERE request_id = (SELECT id FROM kip_requests WHERE number = '{number}')")
    srv.settle()
    assert save(admin, dict(DEFAULTS, hari_penerimaan="0"))[0] == 303
    assert due() == "2000-01-03"
    assert save(admin, DEFAULTS)[0] == 303
