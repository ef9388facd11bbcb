"""The annual public information service report (issue #9; UU 14/2008
Pasal 12, Perki 1/2021; src/kip/report*.c): requests are filed, decided on
time and late, extended, refused on Pasal 17's grounds, objected to and
answered; then every figure of the page's JSON twin, of the CSVs and of
the PDF is checked against the same figures recomputed here, in Python,
from the raw rows of kip_requests, kip_objections, holidays and settings
(working days counted from the law, not with the server's code). The
PPID's written parts are kept per year and department, written by that
department's PPID or the main PPID, and refused with the form kept when
incomplete. Never the requester's identity. Both engines."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
import subprocess

import pytest

from accountkit import Client, person
from httpkit import Server
from smtpsink import SmtpSink
from test_kip_desk import file, file_with_code, main_ppid, object_to, ppid_of, step

WIB = dt.timezone(dt.timedelta(hours=7))
TODAY = dt.datetime.now(WIB).date()
YEAR = TODAY.year
FIELDS_EXEMPT = "abcdefghij"
FIELDS_GROUND = "abcdefg"
# the CSV's columns and the model's keys, as the CSV documents them
CSV_COLUMNS = {
    "permohonan": "received", "diperpanjang": "extended", "diputuskan": "decided", "tepat_waktu": "on_time",
    "terlambat": "late", "dikabulkan": "granted", "dikabulkan_sebagian": "partly_granted", "ditolak": "rejected",
    **{f"ditolak_pasal17_{x}": f"rejected_{x}" for x in FIELDS_EXEMPT},
    "tidak_dikuasai": "not_held", "belum_diputuskan": "open", "belum_diputuskan_lewat_tenggat": "open_overdue",
    "hari_kerja_jumlah": "days_total", "hari_kerja_terlama": "days_max", "keberatan": "objections",
    **{f"keberatan_alasan_{x}": f"objection_ground_{x}" for x in FIELDS_GROUND},
    "keberatan_dikabulkan": "objections_upheld", "keberatan_ditolak": "objections_refused",
    "keberatan_belum_ditanggapi": "objections_pending", "keberatan_ditanggapi_terlambat": "objections_answered_late",
    "keberatan_lewat_tenggat": "objections_pending_overdue",
}


@pytest.fixture(scope="module")
def sink():
    with SmtpSink() as box:
        yield box


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory, sink):
    s = Server(tmp_path_factory.mktemp("tbk-kip-report"), name="kip-report", args=sink.args + ["--workers", "1"])
    s.start()
    yield s
    s.assert_clean_exit()


def number(slug: str) -> str:
    return "KIP/" + slug.replace("-", "/")


def set_days(srv, slug, received, due, decided=None, extended=None):
    """Moves a request's days (the tests cannot move the server's clock)."""
    sets = [f"received_on = '{received}'", f"notice_due = '{due}'",
            f"extended_due = {repr(extended) if extended else 'NULL'}"]
    if decided:
        sets.append(f"decided_at = '{decided}'")
    srv.sql(f"UPDATE kip_requests SET {', '.join(sets)} WHERE number = '{number(slug)}'")


def ago(days: int) -> str:
    return (TODAY - dt.timedelta(days=days)).isoformat()


@pytest.fixture(scope="module")
def scenario(srv):
    """Requests across three PPIDs: decided on time and late, extended,
    each outcome, two grounds of Pasal 17, objections answered late and
    pending past their day. The PPIDs act today; the days are then moved
    back in the rows (the tests cannot move the server's clock)."""
    dinkes, dishub, main = ppid_of(srv, "dinkes"), ppid_of(srv, "dishub"), main_ppid(srv)
    s = {}
    # dinkes: granted, today
    s["granted"] = file(srv, "dinkes", perihal="Data imunisasi")
    assert step(dinkes, s["granted"], aksi="putuskan", keputusan="dikabulkan", diberikan="Rekap", media="PDF")[0] == 303
    # dinkes: refused on Pasal 17 h (to be late), objected to, upheld late
    s["refused"], code = file_with_code(srv, perihal="Data pasien")
    assert step(dinkes, s["refused"], aksi="putuskan", keputusan="ditolak", pengecualian="h",
                uji_konsekuensi="Memuat rahasia pribadi pasien.")[0] == 303
    assert object_to(srv, s["refused"], code, alasan_a="1", alasan_f="1",
                     uraian="Data agregat tidak memuat nama.")[0] == 303
    assert main.post(f"/ppid/{s['refused']}/keberatan", {"dikabulkan": "1", "tanggapan": "Diberikan tanpa nama."})[0] == 303
    # dinkes: refused on Pasal 17 a, at 23:30 WIB of its due day (16:30 UTC): on time
    s["refused_a"] = file(srv, "dinkes", perihal="Berkas penyidikan")
    assert step(dinkes, s["refused_a"], aksi="putuskan", keputusan="ditolak", pengecualian="a",
                uji_konsekuensi="Menghambat penyidikan.")[0] == 303
    # dishub: extended, then granted in part within the extension
    s["partly"] = file(srv, "dishub", perihal="Data parkir")
    assert step(dishub, s["partly"], aksi="perpanjang", alasan="Data tersebar di tiga UPT.")[0] == 303
    assert step(dishub, s["partly"], aksi="putuskan", keputusan="dikabulkan_sebagian", diberikan="Rekap",
                dihitamkan="Nama juru parkir.", media="PDF")[0] == 303
    # dishub: not held, objected to, the objection left unanswered past its day
    s["not_held"], code = file_with_code(srv, ppid="dishub", perihal="Data tilang")
    assert step(dishub, s["not_held"], aksi="putuskan", keputusan="tidak_dikuasai",
                pemegang="Kepolisian Resor Metro Bekasi")[0] == 303
    assert object_to(srv, s["not_held"], code, alasan_e="1", uraian="Informasi ada pada dinas ini.")[0] == 303
    # the main PPID: one open past its due day, one open within it
    s["overdue"] = file(srv, "utama", perihal="Data APBD")
    s["open"] = file(srv, "utama", perihal="Data pegawai")
    # the days moved back
    set_days(srv, s["refused"], ago(80), ago(66), decided=f"{ago(50)}T02:00:00Z")
    set_days(srv, s["refused_a"], ago(40), ago(26), decided=f"{ago(26)}T16:30:00Z")
    set_days(srv, s["partly"], ago(30), ago(16), extended=ago(7), decided=f"{ago(9)}T01:00:00Z")
    set_days(srv, s["overdue"], ago(20), ago(6))
    for slug, received, due, answered in ((s["refused"], ago(49), ago(10), f"'{ago(8)}T03:00:00Z'"),
                                          (s["not_held"], ago(45), ago(3), "NULL")):
        srv.sql(f"UPDATE kip_objections SET received_on = '{received}', answer_due = '{due}', "
                f"answered_at = {answered} WHERE request_id = "
                f"(SELECT id FROM kip_requests WHERE number = '{number(slug)}')")
    return s


# ---- the figures, recomputed from the rows ------------------------------------

def _rows(srv, sql: str, cols: list[str]) -> list[dict]:
    """Rows of sql (dates, slugs, states: no '~' in them) as dicts."""
    expr = " || '~' || ".join(f"coalesce(CAST({c} AS TEXT), '<null>')" for c in cols)
    out = []
    for line in srv.sql(sql.replace("{cols}", expr)).splitlines():
        vals = [None if v == "<null>" else v for v in line.split("~")]
        assert len(vals) == len(cols), line
        out.append(dict(zip([c.split(".")[-1] for c in cols], vals)))
    return out


class Calendar:
    def __init__(self, srv):
        settings = dict(r.split("|", 1) for r in srv.sql(
            "SELECT key, value FROM settings WHERE key IN ('kip.hari_penerimaan', 'kip.cuti_bersama_hari_kerja')"
        ).splitlines() if r)
        self.day_one = settings.get("kip.hari_penerimaan", "1") != "0"
        cuti_works = settings.get("kip.cuti_bersama_hari_kerja", "0") == "1"
        self.off = set()
        for r in srv.sql("SELECT day, kind FROM holidays").splitlines():
            day, kind = r.split("|")
            if kind != "cuti_bersama" or not cuti_works:
                self.off.add(dt.date.fromisoformat(day))

    def workday(self, d: dt.date) -> bool:
        return d.weekday() < 5 and d not in self.off

    def taken(self, received: dt.date, notice: dt.date) -> int:
        """Working days from receipt to notice, as the law counts them: the
        day of receipt is day 1 (or day 0); a notice on a day off counts on
        the next working day."""
        while not self.workday(notice):
            notice += dt.timedelta(days=1)
        if notice < received:
            return 0
        n = 1 if self.day_one and self.workday(received) else 0
        d = received + dt.timedelta(days=1)
        while d <= notice:
            n += self.workday(d)
            d += dt.timedelta(days=1)
        return n


def wib_day(utc: str) -> dt.date:
    return dt.datetime.strptime(utc, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc).astimezone(WIB).date()


def expected(srv, year: int, agency: str | None = None):
    """{slug or None (the main PPID): figures}, the total, and the request list."""
    cal = Calendar(srv)
    where = f"r.year = {year}" + (f" AND a.slug = '{agency}'" if agency else "")
    reqs = _rows(srv, "SELECT {cols} FROM kip_requests r LEFT JOIN agencies a ON a.id = r.agency_id "
                 f"WHERE {where} ORDER BY r.id",
                 ["r.number", "a.slug", "r.state", "r.received_on", "r.notice_due", "r.extended_due",
                  "r.decided_at", "r.exemption"])
    objs = _rows(srv, "SELECT {cols} FROM kip_objections o JOIN kip_requests r ON r.id = o.request_id "
                 "LEFT JOIN agencies a ON a.id = r.agency_id WHERE o.received_on BETWEEN "
                 f"'{year}-01-01' AND '{year}-12-31'" + (f" AND a.slug = '{agency}'" if agency else ""),
                 ["a.slug", "o.grounds", "o.answer_due", "o.upheld", "o.answered_at"])
    figures: dict = {}

    def fig(slug):
        if slug not in figures:
            f = {k: 0 for k in ["received", "decided", "granted", "partly_granted", "rejected", "not_held",
                                "extended", "on_time", "late", "open", "open_overdue", "days_total", "days_max",
                                "objections", "objections_upheld", "objections_refused", "objections_pending",
                                "objections_answered_late", "objections_pending_overdue"]}
            f.update({f"rejected_{x}": 0 for x in FIELDS_EXEMPT})
            f.update({f"objection_ground_{x}": 0 for x in FIELDS_GROUND})
            figures[slug] = f
        return figures[slug]

    listed = []
    outcome = {"dikabulkan": "granted", "dikabulkan_sebagian": "partly_granted", "ditolak": "rejected",
               "tidak_dikuasai": "not_held"}
    for r in reqs:
        f = fig(r["slug"])
        received = dt.date.fromisoformat(r["received_on"])
        due = dt.date.fromisoformat(r["extended_due"] or r["notice_due"])
        f["received"] += 1
        f["extended"] += r["extended_due"] is not None
        item = {"number": r["number"], "received_on": r["received_on"], "state": r["state"],
                "extended": r["extended_due"] is not None}
        if r["state"] in outcome and r["decided_at"]:
            decided = wib_day(r["decided_at"])
            days = cal.taken(received, decided)
            f["decided"] += 1
            f[outcome[r["state"]]] += 1
            if r["state"] == "ditolak":
                f[f"rejected_{r['exemption']}"] += 1
            f["on_time" if decided <= due else "late"] += 1
            f["days_total"] += days
            f["days_max"] = max(f["days_max"], days)
            item.update(decided_on=decided.isoformat(), days=days, on_time=decided <= due, overdue=False)
        else:
            f["open"] += 1
            f["open_overdue"] += TODAY > due
            item.update(decided_on=None, days=None, on_time=None, overdue=TODAY > due)
        listed.append(item)
    for o in objs:
        f = fig(o["slug"])
        f["objections"] += 1
        for g in o["grounds"].split(","):
            f[f"objection_ground_{g}"] += 1
        due = dt.date.fromisoformat(o["answer_due"])
        if o["answered_at"]:
            f["objections_upheld" if o["upheld"] == "1" else "objections_refused"] += 1
            f["objections_answered_late"] += wib_day(o["answered_at"]) > due
        else:
            f["objections_pending"] += 1
            f["objections_pending_overdue"] += TODAY > due
    if agency is None:
        fig(None)  # the main PPID's line is always there
    else:
        fig(agency)
    total = {}
    for f in figures.values():
        for k, v in f.items():
            total[k] = max(total.get(k, 0), v) if k == "days_max" else total.get(k, 0) + v
    return figures, total, listed


def average(f) -> float | None:
    n = f["decided"]
    return None if n == 0 else ((f["days_total"] * 10 + n // 2) // n) / 10


def report(srv, query: str = "") -> dict:
    status, _, body = Client(srv).get(f"/permohonan/laporan.json{query}")
    assert status == 200, body[:500]
    return json.loads(body)


def csv_rows(srv, path: str) -> list[dict]:
    status, h, body = Client(srv).get(path)
    assert status == 200 and h["content-type"].startswith("text/csv"), body[:300]
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body[3:].decode())))


def check(srv, year: int, agency: str | None = None):
    figures, total, listed = expected(srv, year, agency)
    query = f"?tahun={year}" + (f"&dinas={agency}" if agency else "")
    m = report(srv, query)
    assert m["year"] == year and m["whole"] is (agency is None)
    got = {g["slug"]: g["figures"] for g in m["groups"]}
    assert set(got) == set(figures)
    for slug, f in figures.items():
        for k, v in f.items():
            assert got[slug][k] == v, (slug, k, got[slug][k], v)
        assert got[slug]["days_average"] == average(f)
    if agency is None:
        assert {k: m["total"]["figures"][k] for k in total} == total
    else:
        assert m["total"] is None
    assert [r["number"] for r in m["requests"]] == [r["number"] for r in listed]
    for got_r, want in zip(m["requests"], listed):
        for k, v in want.items():
            assert got_r[k] == v, (want["number"], k, got_r[k], v)
    # the CSV: one row per PPID (and the total), every figure
    rows = csv_rows(srv, f"/permohonan/laporan.csv{query}")
    by = {r["dinas"] or None: r for r in rows if r["baris"] != "jumlah"}
    assert set(by) == set(figures)
    assert list(rows[0]) == ["tahun", "baris", "dinas", "ppid", *CSV_COLUMNS, "hari_kerja_rata_rata",
                             "sengketa_komisi_informasi"]
    for slug, f in figures.items():
        assert {c: int(by[slug][c]) for c in CSV_COLUMNS} == {c: f[k] for c, k in CSV_COLUMNS.items()}
        assert by[slug]["tahun"] == str(year)
        assert by[slug]["hari_kerja_rata_rata"] == ("" if average(f) is None else f"{average(f):.1f}")
        assert by[slug]["sengketa_komisi_informasi"] == "tidak_tercatat"
    jumlah = [r for r in rows if r["baris"] == "jumlah"]
    assert len(jumlah) == (1 if agency is None else 0)
    if jumlah:
        assert {c: int(jumlah[0][c]) for c in CSV_COLUMNS} == {c: total[k] for c, k in CSV_COLUMNS.items()}
    # the CSV of requests
    rows = csv_rows(srv, f"/permohonan/laporan.csv{query}&isi=permohonan")
    assert [r["nomor"] for r in rows] == [r["number"] for r in listed]
    for row, want in zip(rows, listed):
        assert row["diterima"] == want["received_on"] and row["diputuskan"] == (want["decided_on"] or "")
        assert row["hari_kerja"] == ("" if want["days"] is None else str(want["days"]))
        assert row["hasil"] == want["state"]
        assert row["tepat_waktu"] == {None: "", True: "ya", False: "tidak"}[want["on_time"]]
    return m


def test_the_figures_are_the_records(srv, scenario):
    m = check(srv, YEAR)
    f = {g["slug"]: g["figures"] for g in m["groups"]}
    # the scenario, as a person would read it (its days are up to 80 days
    # back: in the first months of a year some fall in the year before)
    if TODAY.timetuple().tm_yday <= 80:
        return
    assert f["dinkes"]["rejected_h"] == 1 and f["dinkes"]["rejected_a"] == 1
    assert f["dinkes"]["late"] >= 1 and f["dishub"]["extended"] >= 1
    assert f[None]["open_overdue"] >= 1 and f["dishub"]["objections_pending_overdue"] >= 1
    assert f["dinkes"]["objections_upheld"] >= 1 and f["dinkes"]["objections_answered_late"] >= 1
    late = [r for r in m["requests"] if r["number"] == number(scenario["refused"])][0]
    assert late["on_time"] is False and late["days"] > 10
    partly = [r for r in m["requests"] if r["number"] == number(scenario["partly"])][0]
    assert partly["on_time"] is True and partly["extended"] is True
    assert m["disputes_recorded"] is False
    check(srv, YEAR, "dinkes")
    check(srv, YEAR, "dishub")


def test_day_zero_and_cuti_bersama_change_the_count(srv, scenario):
    before = report(srv)
    srv.sql("INSERT INTO settings (key, value) VALUES ('kip.hari_penerimaan', '0') "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    srv.sql("INSERT INTO settings (key, value) VALUES ('kip.cuti_bersama_hari_kerja', '1') "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    try:
        after = check(srv, YEAR)
        assert after["total"]["figures"]["days_total"] != before["total"]["figures"]["days_total"]
        assert after["rules"] == {"receipt_day_one": False, "cuti_bersama_works": True}
    finally:
        srv.sql("DELETE FROM settings WHERE key IN ('kip.hari_penerimaan', 'kip.cuti_bersama_hari_kerja')")


def test_a_year_is_its_own(srv, scenario):
    old = file(srv, "dinkes", perihal="Permohonan tahun lalu")
    seq = int(srv.sql(f"SELECT coalesce(max(seq), 0) + 1 FROM kip_requests WHERE year = {YEAR - 1}"))
    srv.sql(f"UPDATE kip_requests SET year = {YEAR - 1}, seq = {seq}, number = 'KIP/{YEAR - 1}/{seq:06d}', "
            f"received_on = '{YEAR - 1}-12-01', notice_due = '{YEAR - 1}-12-12' WHERE number = '{number(old)}'")
    m = check(srv, YEAR - 1)
    assert [r["number"] for r in m["requests"]] == [f"KIP/{YEAR - 1}/{seq:06d}"]
    assert f"KIP/{YEAR - 1}/{seq:06d}" not in [r["number"] for r in report(srv)["requests"]]
    assert [y["value"] for y in report(srv)["choices"]["years"]][:2] == [YEAR, YEAR - 1]


def test_never_the_requester(srv, scenario):
    texts = [Client(srv).get(p)[2].decode("utf-8", "replace") for p in (
        "/permohonan/laporan", "/permohonan/laporan.json", "/permohonan/laporan.csv",
        "/permohonan/laporan.csv?isi=permohonan", "/permohonan/laporan?dinas=dinkes")]
    for t in texts:
        for secret in ("Siti Rahmawati", "siti.kip@example.id", "3216064512900003", "Melati", "0812",
                       "Data agregat tidak memuat nama"):
            assert secret not in t


@pytest.mark.parametrize("query", ["?tahun=1999", "?tahun=dua", f"?tahun={YEAR + 1}", "?dinas=tidak-ada",
                                   "?tahun=2026x"])
def test_a_report_that_is_not_one_is_404(srv, query):
    for path in ("/permohonan/laporan", "/permohonan/laporan.csv"):
        assert Client(srv).get(path + query)[0] == 404


def test_the_register_and_the_charter_link_to_it(srv):
    for path in ("/permohonan", "/permohonan/maklumat"):
        assert 'href="/permohonan/laporan"' in Client(srv).get(path)[2].decode()
    html = Client(srv).get("/permohonan/laporan")[2].decode()
    assert "Tidak tercatat di sistem" in html and "/permohonan/laporan.csv" in html


def pdf_text(srv, query: str, layout: bool = True) -> str:
    status, h, body = Client(srv).get(f"/permohonan/laporan.pdf{query}")
    assert status == 200 and h["content-type"] == "application/pdf" and body.startswith(b"%PDF-"), body[:200]
    assert h["content-disposition"].startswith("inline; filename=\"laporan-kip-")
    out = subprocess.run(["pdftotext", *(["-layout"] if layout else []), "-", "-"], input=body,
                         capture_output=True, check=True)
    return out.stdout.decode()


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_pdf_has_the_figures(srv, scenario):
    figures, total, listed = expected(srv, YEAR)
    text = pdf_text(srv, f"?tahun={YEAR}")
    assert f"Laporan layanan informasi publik {YEAR}" in text and "Tidak tercatat di" in text
    # the two summaries' totals: outcomes, then time and objections
    sums = [tuple(int(x) for x in m.groups()) for m in re.finditer(
        r"^Jumlah seluruh PPID\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$", text, re.M)]
    assert sums[:2] == [tuple(total[k] for k in ("received", "granted", "partly_granted", "rejected", "not_held")),
                        tuple(total[k] for k in ("on_time", "late", "open", "open_overdue", "objections"))]
    # every request with its days, and the averages
    for r in listed:
        if r["decided_on"]:
            assert re.search(rf"{re.escape(r['number'])}\s+.+?\s+{r['received_on']}\s+{r['decided_on']}\s+"
                             rf"{r['days']}\s", text), r
        else:
            assert re.search(rf"{re.escape(r['number'])}\s+.+?\s+{r['received_on']}\s+Belum", text), r
    for f in figures.values():
        if average(f) is not None:
            assert f"{average(f):.1f}".replace(".", ",") in text
    for secret in ("Siti Rahmawati", "siti.kip@example.id", "3216064512900003"):
        assert secret not in text
    # a department's, with what its PPID wrote
    c = ppid_of(srv, "dishub")
    assert save(c, tahun=str(YEAR), dinas="dishub", **dict(PARTS, kendala="Sinyal lemah di UPT Parkir."))[0] == 303
    text = pdf_text(srv, f"?tahun={YEAR}&dinas=dishub", layout=False)
    assert "Dinas Perhubungan" in text and "Sinyal lemah di UPT Parkir." in text
    assert "Ringkasan per PPID" not in text
    assert Client(srv).get("/permohonan/laporan.pdf?dinas=tidak-ada")[0] == 404


# ---- the parts a PPID writes ---------------------------------------------------

PARTS = {"kebijakan": "SK Bupati tentang PPID dan SOP layanan.", "sarana": "Meja layanan di lobi, situs terbuka.",
         "sdm": "Tiga petugas, dua sudah dilatih.", "kendala": "Data tersebar di UPT.",
         "rekomendasi": "Digitalisasi arsip UPT."}


def edit_page(c, query=""):
    status, _, body = c.get(f"/ppid/laporan{query}", headers={"Accept": "application/json"})
    return status, json.loads(body) if body.startswith(b"{") else None


def save(c, **fields):
    status, h, body = c.post("/ppid/laporan", fields, headers={"Accept": "application/json"})
    return status, h, (json.loads(body) if body.startswith(b"{") else None)


def test_a_departments_ppid_writes_its_part(srv, scenario):
    c = ppid_of(srv, "dinkes")
    # no department named: their own
    status, m = edit_page(c)
    assert status == 200 and m["scope"]["slug"] == "dinkes" and m["year"] == YEAR
    assert [p["field"] for p in m["parts"]] == list(PARTS)
    assert m["figures"]["figures"]["received"] == report(srv, "?dinas=dinkes")["groups"][0]["figures"]["received"]
    # the public page is kept for anonymous visitors until the data changes
    assert "SK Bupati" not in Client(srv).get(f"/permohonan/laporan?tahun={YEAR}&dinas=dinkes")[2].decode()
    # incomplete: 422, what was typed kept, nothing written
    count = "SELECT count(*) FROM kip_reports"
    before = srv.sql(count)
    status, _, m = save(c, tahun=str(YEAR), dinas="dinkes", kebijakan=PARTS["kebijakan"], sarana="")
    assert status == 422 and {"sarana", "sdm", "kendala", "rekomendasi"} <= set(m["form"]["error"])
    assert m["parts"][0]["value"] == PARTS["kebijakan"] and m["parts"][1]["error"]
    assert srv.sql(count) == before
    html = c.post("/ppid/laporan", dict(tahun=str(YEAR), dinas="dinkes", kebijakan=PARTS["kebijakan"]))[2].decode()
    assert PARTS["kebijakan"] in html and 'aria-invalid="true"' in html and "error-summary" in html
    status, _, m = save(c, tahun=str(YEAR), dinas="dinkes", kebijakan="x" * 8001, **{k: v for k, v in PARTS.items()
                                                                               if k != "kebijakan"})
    assert status == 422 and "kebijakan" in m["form"]["error"]
    # complete: saved, shown on the public page at once
    status, h, _ = save(c, tahun=str(YEAR), dinas="dinkes", **PARTS)
    assert status == 303 and h["location"] == f"/ppid/laporan?tahun={YEAR}&dinas=dinkes&pesan=tersimpan"
    public = Client(srv).get(f"/permohonan/laporan?tahun={YEAR}&dinas=dinkes")[2].decode()
    assert "SK Bupati tentang PPID" in public and "Digitalisasi arsip UPT." in public and "PPID dinkes" in public
    w = report(srv, "?dinas=dinkes")["written"]
    assert w["policy"] == PARTS["kebijakan"] and w["updated_by_name"] == "PPID dinkes"
    # saved again: the same row, changed
    assert save(c, tahun=str(YEAR), dinas="dinkes", **dict(PARTS, kendala="Tidak ada."))[0] == 303
    assert srv.sql(f"SELECT count(*) FROM kip_reports WHERE year = {YEAR} AND agency_id = "
                   "(SELECT id FROM agencies WHERE slug = 'dinkes')") == "1"
    assert report(srv, "?dinas=dinkes")["written"]["obstacles"] == "Tidak ada."
    status, m = edit_page(c, f"?tahun={YEAR}&dinas=dinkes")
    assert status == 200 and m["parts"][3]["value"] == "Tidak ada."
    # the whole government's report lists the department, not its text
    assert report(srv)["written"] is None or report(srv)["written"]["policy"] != PARTS["kebijakan"]


def test_only_that_departments_ppid_or_the_main_ppid_writes(srv, scenario):
    dishub = ppid_of(srv, "dishub")
    assert edit_page(dishub, "?dinas=dinkes")[0] == 403
    assert save(dishub, tahun=str(YEAR), dinas="dinkes", **PARTS)[0] == 403
    assert edit_page(dishub, "?dinas=tidak-ada")[0] == 404
    assert save(dishub, tahun="1999", dinas="dishub", **PARTS)[0] == 404
    for who in (person(srv, "Warga Laporan"), person(srv, "Petugas Dinkes Laporan",
                                                     [("warga", None), ("petugas", "dinkes")])):
        assert edit_page(who)[0] == 403 and save(who, tahun=str(YEAR), **PARTS)[0] == 403
    assert Client(srv).get("/ppid/laporan")[0] in (302, 303)
    # the main PPID writes the whole government's, and may write a department's
    main = main_ppid(srv)
    status, m = edit_page(main)
    assert status == 200 and m["scope"]["slug"] is None
    assert save(main, tahun=str(YEAR), dinas="", **PARTS)[0] == 303
    assert srv.sql(f"SELECT count(*) FROM kip_reports WHERE year = {YEAR} AND agency_id IS NULL") == "1"
    assert report(srv)["written"]["recommendations"] == PARTS["rekomendasi"]
    assert save(main, tahun=str(YEAR), dinas="dishub", **PARTS)[0] == 303
    # a department that wrote its part is listed even without a request
    assert save(main, tahun=str(YEAR), dinas="bappeda", **PARTS)[0] == 303
    assert "bappeda" in [g["slug"] for g in report(srv)["groups"]]
    # the public page's link to write is for those who may
    assert report(srv)["edit_url"] is None
    status, _, body = main.get("/permohonan/laporan", headers={"Accept": "application/json"})
    assert json.loads(body)["edit_url"] == f"/ppid/laporan?tahun={YEAR}"
