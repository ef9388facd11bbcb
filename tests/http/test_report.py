"""The public report card (/laporan, issue #11; src/report/): every figure
of the pages' JSON twins is counted again here, in Python, from the raw
rows (questions, question_events, agencies, answers, answer_ratings,
holidays, programs), with office hours and working days computed from
their definition, not with the server's code; the KIP figures must equal
the annual KIP report's. Then: the ranking's formula, the CSV against the
JSON, the PDF, the charts (SVG with title, description and table), the
periods a visitor may ask for, the recount by an admin only, and figures
that follow a new answer. Both engines."""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
import shutil
import subprocess

import pytest

from accountkit import Client, person
from httpkit import Server

WIB = dt.timezone(dt.timedelta(hours=7))
UTC = dt.timezone.utc
NOW = dt.datetime.now(UTC)
THIS_YEAR = NOW.astimezone(WIB).year
OPENS, CLOSES = dt.time(8, 0), dt.time(16, 0)
MIN_RANKED, MIN_RATINGS = 5, 10
WEIGHTS = {"answer_rate": 35, "on_time_rate": 30, "satisfaction": 20, "kip_on_time_rate": 15}


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-report"), name="report", args=["--workers", "1"])
    s.start()
    yield s
    s.assert_clean_exit()


@pytest.fixture(scope="module")
def year(srv) -> int:
    """The year the demo data set asked most in: the demo spreads its
    questions over the months before it was made, so early in a year
    that is the year before."""
    counts = {}
    for (published,) in rows(srv, "SELECT published_at FROM questions WHERE published_at IS NOT NULL"):
        y = dt.datetime.fromisoformat(published.replace("Z", "+00:00")).astimezone(WIB).year
        counts[y] = counts.get(y, 0) + 1
    return max(counts, key=counts.get)


@pytest.fixture(scope="module")
def admin(srv):
    return person(srv, "Admin Rapor", [("warga", None), ("admin", None)])


def recount(admin) -> None:
    status, headers, _ = admin.post("/admin/laporan/hitung", {})
    assert status == 303 and headers["location"] == "/laporan?pesan=laporan_dihitung", status


def rows(srv, sql: str) -> list[tuple]:
    """The raw rows, read behind the server's back."""
    if srv.db.startswith("postgresql://"):
        import psycopg2
        con = psycopg2.connect(srv.db)
        try:
            with con.cursor() as cur:
                cur.execute(sql)
                return cur.fetchall()
        finally:
            con.close()
    import sqlite3
    with sqlite3.connect(srv.db) as con:
        return con.execute(sql).fetchall()


def moment(s: str | None) -> dt.datetime | None:
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) if s else None


# ---- the independent count ----------------------------------------------------------------

class Calendar:
    def __init__(self, srv):
        self.holidays = {dt.date.fromisoformat(d) for (d,) in rows(srv, "SELECT day FROM holidays")}

    def workday(self, d: dt.date) -> bool:
        return d.weekday() < 5 and d not in self.holidays

    def office_minutes(self, a: dt.datetime, b: dt.datetime) -> int:
        """Minutes of 08.00-16.00 WIB on working days inside [a, b)."""
        seconds = 0.0
        day, last = a.astimezone(WIB).date(), b.astimezone(WIB).date()
        while day <= last and b > a:
            if self.workday(day):
                lo = max(a, dt.datetime.combine(day, OPENS, WIB))
                hi = min(b, dt.datetime.combine(day, CLOSES, WIB))
                seconds += max(0.0, (hi - lo).total_seconds())
            day += dt.timedelta(days=1)
        return int(seconds // 60)

    def due(self, t: dt.datetime, n: int) -> dt.datetime:
        """The end of the n-th working day after t's WIB day."""
        day, counted = t.astimezone(WIB).date(), 0
        while counted < n:
            day += dt.timedelta(days=1)
            counted += self.workday(day)
        return dt.datetime.combine(day, dt.time(23, 59, 59), WIB)


def periods(t: dt.datetime) -> list[str]:
    w = t.astimezone(WIB)
    return [f"{w.year:04d}", f"{w.year:04d}-{w.month:02d}"]


def nearest_rank(values: list[int], p: int):
    if not values:
        return None
    v = sorted(values)
    return v[max(1, math.ceil(p * len(v) / 100)) - 1]


class Count:
    """Figures per (agency id, period): agency 0 is the whole government."""
    KEYS = ["received", "forwarded", "closed", "answered", "responded", "due_known", "on_time", "open", "overdue",
            "reopened", "ratings", "stars"]

    def __init__(self):
        self.q: dict = {}
        self.minutes: dict = {}

    def add(self, agency, t, key, n=1):
        for p in periods(t):
            cell = self.q.setdefault((agency, p), dict.fromkeys(self.KEYS, 0))
            cell[key] += int(n)

    def add_minutes(self, agency, t, m):
        for p in periods(t):
            self.minutes.setdefault((agency, p), []).append(m)


def count_questions(srv) -> Count:
    cal = Calendar(srv)
    days = {a: n for a, n in rows(srv, "SELECT id, response_days FROM agencies")}
    questions = {r[0]: r for r in rows(srv, "SELECT id, published_at, state, agency_id, due_at FROM questions "
                                            "WHERE published_at IS NOT NULL")}
    events: dict = {}
    for qid, kind, at, agency, to in rows(srv, "SELECT question_id, kind, at, agency_id, to_agency_id "
                                               "FROM question_events ORDER BY question_id, id"):
        if qid in questions:
            events.setdefault(qid, []).append((kind, moment(at), agency, to))
    out = Count()
    for qid, (_, published, state, holder, due_at) in questions.items():
        published, due_at = moment(published), moment(due_at)
        is_open = state in ("terbuka", "diteruskan")
        stints, cur = [], None
        whole = {"answered": False, "forwarded": False, "closed": False, "reopened": False, "first": None}

        def start(agency, at):
            return {"agency": agency, "start": max(at, published), "first": None, "answered": False,
                    "forwarded": False, "closed": False, "reopened": False} if agency else None

        for kind, at, agency, to in events.get(qid, []):
            if kind == "diajukan":
                cur = start(to, at)
            elif kind == "diarahkan":
                if cur and cur["answered"]:
                    stints.append(cur)
                cur = start(to, at)  # an unanswered wrong door is dropped
            elif kind == "diteruskan":
                whole["forwarded"] = True
                whole["first"] = whole["first"] or at
                if cur and cur["agency"] == agency:
                    cur["forwarded"] = True
                    cur["first"] = cur["first"] or at
                if cur:
                    stints.append(cur)
                cur = start(to, at)
            elif kind == "dijawab":
                whole["answered"] = True
                whole["first"] = whole["first"] or at
                if cur:
                    cur["answered"] = True
                    cur["first"] = cur["first"] or at
            elif kind == "dibuka_kembali":
                whole["reopened"] = True
                if cur and cur["answered"]:
                    cur["reopened"] = True
            elif kind == "ditutup":
                whole["closed"] = not whole["answered"]
                if cur:
                    cur["closed"] = not cur["answered"]
        if cur:
            stints.append(cur)
        for i, s in enumerate(stints):
            a, t = s["agency"], s["start"]
            out.add(a, t, "received")
            for key in ("forwarded", "closed", "answered", "reopened"):
                out.add(a, t, key, s[key])
            due = cal.due(t, days[a])
            responded = s["first"] is not None
            for who in (0, a):
                out.add(who, t, "due_known", responded or NOW > due)
                out.add(who, t, "on_time", responded and s["first"] <= due)
            if responded:
                out.add(a, t, "responded")
                out.add_minutes(a, t, cal.office_minutes(t, s["first"]))
            if i == len(stints) - 1 and is_open and holder == a:
                out.add(a, t, "open")
                out.add(a, t, "overdue", due_at is not None and NOW > due_at)
        out.add(0, published, "received")
        for key in ("forwarded", "closed", "answered", "reopened"):
            out.add(0, published, key, whole[key])
        out.add(0, published, "open", is_open)
        out.add(0, published, "overdue", is_open and due_at is not None and NOW > due_at)
        if whole["first"]:
            out.add(0, published, "responded")
            out.add_minutes(0, published, cal.office_minutes(published, whole["first"]))
    for agency, at, stars in rows(srv, "SELECT a.agency_id, r.at, r.stars FROM answer_ratings r "
                                       "JOIN answers a ON a.id = r.answer_id"):
        for who in (0, agency):
            out.add(who, moment(at), "ratings")
            out.add(who, moment(at), "stars", stars)
    return out


def count_programs(srv, year: int) -> dict:
    out: dict = {}
    for agency, status, funding, budget, real in rows(
            srv, f"SELECT agency_id, status, funding, budget, realization FROM programs "
                 f"WHERE level = 'program' AND fiscal_year = {year}"):
        for who in (0, agency):
            p = out.setdefault(who, {"count": 0, "budget": 0, "realization": 0, "by_status": {}, "by_funding": {}})
            for total in (p, p["by_status"].setdefault(status, {"count": 0, "budget": 0, "realization": 0}),
                          p["by_funding"].setdefault(funding, {"count": 0, "budget": 0, "realization": 0})):
                total["count"] += 1
                total["budget"] += budget
                total["realization"] += real
    return out


# ---- the pages -------------------------------------------------------------------------------

def model(path: str, srv) -> dict:
    status, m = Client(srv).json(path)
    assert status == 200, (path, m)
    return m


def check_questions(expected: Count, agency: int, period: str, figures: dict, where: str):
    want = expected.q.get((agency, period), dict.fromkeys(Count.KEYS, 0))
    got = {k: figures["questions"][k] for k in Count.KEYS}
    assert got == want, f"{where}: {got} != {want}"
    minutes = expected.minutes.get((agency, period), [])
    assert figures["questions"]["median_minutes"] == nearest_rank(minutes, 50), where
    assert figures["questions"]["p90_minutes"] == nearest_rank(minutes, 90), where


def round1(x: float) -> float:
    """To one decimal, a half rounded away from zero as C's round() does
    (Python's round() takes 56.25 to 56.2)."""
    return math.floor(10 * x + 0.5) / 10


def share(a, b):
    return None if b == 0 else round1(100 * a / b)


def check_rates(row: dict):
    q, k = row["figures"]["questions"], row["figures"]["kip"]
    kept = q["received"] - q["forwarded"] - q["closed"]
    want = {
        "answer_rate": share(q["answered"], kept),
        "on_time_rate": share(q["on_time"], q["due_known"]),
        "forwarded_share": share(q["forwarded"], q["received"]),
        "satisfaction": round1(q["stars"] / q["ratings"]) if q["ratings"] >= MIN_RATINGS else None,
        "kip_on_time_rate": share(k["on_time"], k["decided"]),
        "median_hours": None if q["median_minutes"] is None else round1(q["median_minutes"] / 60),
    }
    for key, value in want.items():
        got = row["rates"][key]
        assert (got is None) == (value is None) and (value is None or abs(got - value) < 0.051), (row.get("name"), key, got, value)
    points = {k: v for k, v in (("answer_rate", want["answer_rate"]), ("on_time_rate", want["on_time_rate"]),
                                ("satisfaction", None if want["satisfaction"] is None else (want["satisfaction"] - 1) / 4 * 100),
                                ("kip_on_time_rate", want["kip_on_time_rate"])) if v is not None}
    ranked = q["received"] >= MIN_RANKED and "answer_rate" in points and "on_time_rate" in points
    if not ranked:
        assert row["score"] is None, row["name"]
        return
    score = sum(points[k] * WEIGHTS[k] for k in points) / sum(WEIGHTS[k] for k in points)
    assert abs(row["score"] - score) < 0.051, (row["name"], row["score"], score)


def test_every_figure_is_counted_again_from_the_rows(year, srv, admin):
    # a question asked of nobody, routed by humas (an admin), then answered
    warga = person(srv, "Penanya Taman")
    status, headers, body = warga.post_json("/tanya", {"judul": "Siapa yang mengurus lampu taman?", "isi": "Mati.",
                                                       "dinas": "", "kecamatan": "", "kunci": "rapor-arah",
                                                       "periksa": "1"})
    assert status == 303, body
    qid = int(re.match(r"/pertanyaan/(\d+)", headers["location"]).group(1))
    assert admin.post_json(f"/moderasi/{qid}/arahkan", {"dinas": "disperkimtan"})[0] == 303
    officer = person(srv, "Petugas Perkim Rapor", [("warga", None), ("petugas", "disperkimtan")])
    assert officer.post(f"/dinas/disperkimtan/pertanyaan/{qid}/jawab", {"isi": "Sudah diganti."})[0] == 303
    assert srv.sql(f"SELECT count(*) FROM question_events WHERE question_id = {qid} AND kind = 'diarahkan'") == "1"
    recount(admin)
    expected = count_questions(srv)
    programs = count_programs(srv, year)
    m = model(f"/laporan.json?tahun={year}", srv)
    assert m["run"]["computed_label"], m["run"]
    assert m["whole"]["figures"]["questions"]["received"] > 100, "the demo data set has questions that year"
    check_questions(expected, 0, str(year), m["whole"]["figures"], "whole year")
    by_id = {r["agency_id"]: r for r in m["departments"]}
    slugs = {a: s for a, s in rows(srv, "SELECT id, slug FROM agencies")}
    agencies = {a for (a, p) in expected.q if a and p == str(year)} | {a for a in programs if a}
    assert agencies <= set(by_id), "every department with questions or programmes has a row"
    for agency in agencies:
        check_questions(expected, agency, str(year), by_id[agency]["figures"], slugs[agency])
    # programmes of the fiscal year, for the whole government and each department
    for agency, p in programs.items():
        got = (m["whole"] if agency == 0 else by_id[agency])["figures"]["programs"]
        assert {k: got[k] for k in ("count", "budget", "realization")} == \
            {k: p[k] for k in ("count", "budget", "realization")}, agency
        for status, total in p["by_status"].items():
            assert got["by_status"][status] == total, (agency, status)
        for funding, total in p["by_funding"].items():
            assert got["by_funding"][funding] == total, (agency, funding)
    # the month pages and a department's months
    assert any(expected.q.get((0, f"{year}-{k:02d}")) for k in range(1, 13))
    for month in range(1, NOW.astimezone(WIB).month + 1):
        key = f"{year}-{month:02d}"
        mm = model(f"/laporan.json?tahun={year}&bulan={month}", srv)
        check_questions(expected, 0, key, mm["whole"]["figures"], key)
        for row in mm["departments"]:
            check_questions(expected, row["agency_id"], key, row["figures"], f"{key} {row['slug']}")
            check_rates(row)
    busiest = max(agencies, key=lambda a: expected.q.get((a, str(year)), {}).get("received", 0))
    d = model(f"/laporan/{slugs[busiest]}.json?tahun={year}", srv)
    assert d["department"]["agency_id"] == busiest
    for row in d["months"]:
        check_questions(expected, busiest, row["period"], row["figures"], f"{slugs[busiest]} {row['period']}")
    # the ranking: rates and scores from the counts, ranked ones first in score order
    for row in m["departments"]:
        check_rates(row)
    scores = [r["score"] for r in m["departments"] if r["rank"] is not None]
    assert scores == sorted(scores, reverse=True) and scores, scores
    assert [r["rank"] for r in m["departments"] if r["rank"] is not None] == list(range(1, len(scores) + 1))
    assert all(r["rank"] is None for r in m["departments"][len(scores):])


def test_kip_figures_are_the_annual_reports(srv, admin):
    # the requests filed here are this year's
    from test_kip_desk import file, ppid_of, step
    slugs = [file(srv, ppid="dinkes"), file(srv, ppid="dinkes"), file(srv, ppid="dishub")]
    assert step(ppid_of(srv, "dinkes"), slugs[0], aksi="putuskan", keputusan="ditolak", pengecualian="h",
                uji_konsekuensi="Memuat data pribadi.")[0] == 303
    recount(admin)
    card = model(f"/laporan.json?tahun={THIS_YEAR}", srv)
    annual = model(f"/permohonan/laporan.json?tahun={THIS_YEAR}", srv)
    names = {"received": "received", "decided": "decided", "on_time": "on_time", "late": "late",
             "extended": "extended", "granted": "granted", "partly": "partly_granted", "rejected": "rejected",
             "not_held": "not_held", "open": "open", "overdue": "open_overdue", "objections": "objections"}
    total = annual["total"]["figures"]
    assert total["received"] >= 3 and total["rejected"] >= 1
    assert {k: card["whole"]["figures"]["kip"][k] for k in names} == {k: total[v] for k, v in names.items()}
    by_slug = {r["slug"]: r for r in card["departments"]}
    for g in annual["groups"]:
        if g.get("slug") and g["figures"]["received"]:
            assert {k: by_slug[g["slug"]]["figures"]["kip"][k] for k in names} == \
                {k: g["figures"][v] for k, v in names.items()}, g["slug"]
    # a year's months add up to the year
    months = [model(f"/laporan.json?tahun={THIS_YEAR}&bulan={k}", srv)["whole"]["figures"]["kip"]["received"]
              for k in range(1, NOW.astimezone(WIB).month + 1)]
    assert sum(months) == card["whole"]["figures"]["kip"]["received"]


def test_the_csv_has_every_figure_of_the_page(year, srv, admin):
    m = model(f"/laporan.json?tahun={year}", srv)
    status, headers, body = Client(srv).get(f"/laporan/unduh.csv?tahun={year}")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.startswith(b"\xef\xbb\xbf") and f"rapor-{year}.csv" in headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(table) == len(m["departments"]) + 1 and table[-1]["baris"] == "seluruh"
    for line, row in zip(table, m["departments"] + [m["whole"]]):
        assert line["dinas"] == (row.get("slug") or "")
        for key, value in row["figures"]["questions"].items():
            assert line[f"pertanyaan_{key}" if "minutes" not in key else
                        f"pertanyaan_{key.replace('_minutes', '_menit')}"] == ("" if value is None else str(value)), key
        for key, value in row["figures"]["kip"].items():
            assert line[f"kip_{key}"] == str(value)
        assert line["nilai_rapor"] == ("" if row["score"] is None else f"{row['score']:.1f}")
        programs = row["figures"].get("programs")
        for status in ("direncanakan", "berjalan", "selesai", "ditunda", "dibatalkan"):
            want = programs["by_status"][status] if programs else None
            assert line[f"program_{status}_pagu"] == (str(want["budget"]) if want else ""), status
        for funding in ("apbd", "apbn", "dak", "banprov", "csr", "lainnya"):
            want = programs["by_funding"][funding] if programs else None
            assert line[f"dana_{funding}_realisasi"] == (str(want["realization"]) if want else ""), funding
    slug = m["departments"][0]["slug"]
    status, _, body = Client(srv).get(f"/laporan/{slug}/unduh.csv?tahun={year}")
    months = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    months_so_far = NOW.astimezone(WIB).month if year == THIS_YEAR else 12
    assert status == 200 and months[-1]["baris"] == "tahun" and len(months) == months_so_far + 1
    assert sum(int(r["pertanyaan_received"]) for r in months[:-1]) == int(months[-1]["pertanyaan_received"])


def test_charts_are_svg_with_a_title_a_description_and_their_table(year, srv):
    # the questions' charts in the year they were asked most, the
    # programmes' in the demo's fiscal year (a fixed one)
    programs_year = int(srv.sql("SELECT max(fiscal_year) FROM programs WHERE level = 'program'"))
    for y, drawn in ((year, ("trend", "answer_rate", "response")), (programs_year, ("by_status", "by_funding"))):
        charts = model(f"/laporan.json?tahun={y}", srv)["charts"]
        assert [c["id"] for c in charts] == ["trend", "answer_rate", "response", "by_status", "by_funding"]
        for c in charts:
            svg = c["image_svg"]
            assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg and "<desc" in svg, c["id"]
            assert c["title"] in svg.replace("&amp;", "&") and c["desc"], c["id"]
            assert len(c["rows"]) == len(c["categories"])
            assert c["rows"] or c["id"] not in drawn, (y, c["id"])
    m = model(f"/laporan.json?tahun={year}", srv)
    trend = m["charts"][0]
    assert [int(r["cells"][0].replace(".", "")) for r in trend["rows"]] == \
        [r["figures"]["questions"]["received"] for r in m["months"]]
    status, _, body = Client(srv).get(f"/laporan?tahun={year}")
    html = body.decode()
    assert status == 200 and html.count("<svg") >= 5 and "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    assert 'aria-labelledby="grafik-trend-t grafik-trend-d"' in html


def test_the_printable_report_reads_as_the_page(year, srv, tmp_path):
    m = model(f"/laporan.json?tahun={year}", srv)
    status, headers, body = Client(srv).get(f"/laporan/cetak.pdf?tahun={year}")
    assert status == 200 and headers["content-type"] == "application/pdf" and body.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    (tmp_path / "r.pdf").write_bytes(body)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert f"Rapor layanan publik {year}" in text
    first = m["departments"][0]
    assert first["name"][:20] in text and "Cara menghitung" in text
    slug = first["slug"]
    status, headers, body = Client(srv).get(f"/laporan/{slug}/cetak.pdf?tahun={year}&bulan=1")
    assert status == 200 and body.startswith(b"%PDF") and f"rapor-{slug}-{year}-01.pdf" in headers["content-disposition"]


@pytest.mark.parametrize("query", ["tahun=1999", f"tahun={THIS_YEAR + 1}", "tahun=abc", "bulan=13", "bulan=0",
                                   "tahun=2026&bulan=1x"])
def test_a_period_that_is_not_one_is_not_found(srv, query):
    status, _, body = Client(srv).get(f"/laporan?{query}")
    assert status == 404, query
    assert "Rapor" not in body.decode().split("<h1", 1)[-1][:40]


def test_an_unknown_department_is_not_found(srv):
    for path in ("/laporan/tidak-ada", "/laporan/tidak-ada/unduh.csv", "/laporan/tidak-ada/cetak.pdf"):
        assert Client(srv).get(path)[0] == 404, path


def test_only_an_admin_may_count_again_and_the_figures_follow_a_new_answer(srv, admin):
    recount(admin)
    before = model(f"/laporan/dinkes.json?tahun={THIS_YEAR}", srv)["department"]["figures"]["questions"]
    warga = person(srv, "Warga Rapor")
    assert warga.post("/admin/laporan/hitung", {})[0] == 403
    status, headers, body = warga.post_json("/tanya", {"judul": "Jadwal posyandu bulan depan?", "isi": "Mohon infonya.",
                                                       "dinas": "dinkes", "kecamatan": "", "kunci": "rapor-1",
                                                       "periksa": "1"})
    assert status == 303, body
    qid = int(re.match(r"/pertanyaan/(\d+)", headers["location"]).group(1))
    assert srv.sql(f"SELECT published_at IS NOT NULL FROM questions WHERE id = {qid}") in ("1", "t")
    officer = person(srv, "Petugas Dinkes Rapor", [("warga", None), ("petugas", "dinkes")])
    status, _, _ = officer.post(f"/dinas/dinkes/pertanyaan/{qid}/jawab", {"isi": "Jadwal ada di puskesmas."})
    assert status == 303
    # not counted until the next run (every 5 minutes, or an admin now)
    assert model(f"/laporan/dinkes.json?tahun={THIS_YEAR}", srv)["department"]["figures"]["questions"] == before
    recount(admin)
    after = model(f"/laporan/dinkes.json?tahun={THIS_YEAR}", srv)["department"]["figures"]["questions"]
    assert after["received"] == before["received"] + 1 and after["answered"] == before["answered"] + 1
    assert after["responded"] == before["responded"] + 1


def test_the_first_run_happens_at_start_up(fresh_server):
    import time
    s = fresh_server()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        m = model("/laporan.json", s)
        if m["run"] is not None:
            break
        time.sleep(0.2)
    assert m["run"] is not None and m["whole"]["figures"]["questions"]["received"] > 0
    status, _, body = Client(s).get("/laporan")
    assert status == 200 and "Rapor layanan publik" in body.decode()
