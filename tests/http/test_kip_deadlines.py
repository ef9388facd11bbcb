"""The public deadline calculator of formal information requests (issue #9,
src/kip/): /permohonan/tenggat?diterima=... and its JSON twin, and
`terbuka kip tenggat`. Every date is checked against an independent
counter written here from the law (UU 14/2008 Pasal 22, 35-37) and the
holidays in the database, on random moments of 2026 and across the year
end, under both ways of counting the day of receipt and both readings of
cuti bersama. Bad input answers 400 with the form kept. Both engines."""
from __future__ import annotations

import datetime as dt
import json
import random
import subprocess

import pytest

from accountkit import Client
from httpkit import Server

FIELDS = ("pemberitahuan", "keberatan", "tanggapan_atasan", "sengketa")


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-kip-deadlines"), name="kip-deadlines")
    s.start()
    yield s
    s.assert_clean_exit()


def calc(srv, when: str):
    return Client(srv).json("/permohonan/tenggat?diterima=" + when)


# --- the independent counter ------------------------------------------------

class Law:
    """Deadlines counted the plain way: walk day by day over the calendar."""

    def __init__(self, srv, day_one=True, cuti_works=False, close=(16, 0)):
        rows = srv.sql("SELECT day, kind FROM holidays").splitlines()
        self.off = {dt.date.fromisoformat(d) for d, k in (r.split("|") for r in rows)
                    if not (cuti_works and k == "cuti_bersama")}
        self.day_one, self.close = day_one, close

    def workday(self, d: dt.date) -> bool:
        return d.weekday() < 5 and d not in self.off

    def nth(self, d: dt.date, n: int, day_one: bool) -> dt.date:
        count = 1 if day_one and self.workday(d) else 0
        while count < n:
            d += dt.timedelta(days=1)
            count += self.workday(d)
        return d

    def deadlines(self, when: dt.datetime) -> dict:
        day = when.date()
        moved = None
        if not self.workday(day):
            moved, day = "hari_libur", self.nth(day, 1, False)
        elif (when.hour, when.minute) >= self.close:
            moved, day = "di_luar_jam", self.nth(day, 1, False)
        notice = self.nth(day, 10, self.day_one)
        extended = self.nth(notice, 7, False)
        out = {"received": day, "moved": moved, "pemberitahuan": (notice, extended)}
        chains = []
        for due in (notice, extended):
            objection = self.nth(due, 30, False)
            atasan = self.nth(objection, 30, self.day_one)
            chains.append((objection, atasan, self.nth(atasan, 14, False)))
        for i, key in enumerate(("keberatan", "tanggapan_atasan", "sengketa")):
            out[key] = (chains[0][i], chains[1][i])
        return out


def check(srv, law: Law, when: dt.datetime):
    text = when.strftime("%Y-%m-%dT%H:%M")
    status, model = calc(srv, text)
    assert status == 200, model
    r = model["result"]
    want = law.deadlines(when)
    assert r["received"]["date"] == want["received"].isoformat(), text
    assert r["moved"] == want["moved"], text
    got = {s["key"]: (s["date"], s["extended_date"]) for s in r["steps"]}
    for key in FIELDS:
        assert got[key] == tuple(d.isoformat() for d in want[key]), (text, key)


def random_moments(seed: int, n: int, start=dt.datetime(2026, 1, 1), days=365):
    rnd = random.Random(seed)
    for _ in range(n):
        yield start + dt.timedelta(minutes=rnd.randrange(days * 24 * 60))


def set_rules(srv, **values):
    for key, value in values.items():
        srv.sql(f"INSERT INTO settings (key, value) VALUES ('kip.{key}', '{value}') "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value")


def clear_rules(srv):
    srv.sql("DELETE FROM settings WHERE key LIKE 'kip.%'")


# --- the tests --------------------------------------------------------------

def test_the_issues_example_over_the_lebaran_break(srv):
    status, model = calc(srv, "2026-03-16T10:00")
    assert status == 200
    r = model["result"]
    assert r["submitted_label"] == "Senin, 16 Maret 2026, 10.00 WIB"
    assert r["received"] == {"date": "2026-03-16", "label": "Senin, 16 Maret 2026"}
    steps = {s["key"]: s for s in r["steps"]}
    assert list(steps) == list(FIELDS)
    assert steps["pemberitahuan"]["date"] == "2026-04-06"          # Nyepi, Lebaran, Good Friday
    assert steps["pemberitahuan"]["extended_date"] == "2026-04-15"
    assert steps["pemberitahuan"]["date_label"] == "Senin, 6 April 2026"
    assert "Pasal 22 ayat 7" in steps["pemberitahuan"]["basis"]
    assert steps["keberatan"]["date"] == "2026-05-21"
    assert steps["sengketa"]["extended_date"] == "2026-08-05"
    # the holidays stepped over are listed, with the official names
    names = [h["name"] for h in r["holidays"]]
    assert "Idulfitri 1447 H" in names and "Wafat Yesus Kristus" in names
    assert model["rules"]["receipt_day_one"] is True and model["rules"]["office_closes"] == "16:00"


def test_the_html_page_shows_every_deadline(srv):
    status, _, body = Client(srv).get("/permohonan/tenggat?diterima=2026-03-16T10%3A00")
    html = body.decode()
    assert status == 200
    assert 'value="2026-03-16T10:00"' in html
    for label in ("Senin, 6 April 2026", "Rabu, 15 April 2026", "Kamis, 21 Mei 2026"):
        assert label in html
    assert '<time datetime="2026-04-06">' in html
    # reachable from every page
    assert 'href="/permohonan/tenggat"' in Client(srv).get("/")[2].decode()


def test_without_a_time_the_form_alone(srv):
    status, model = Client(srv).json("/permohonan/tenggat")
    assert status == 200 and model["result"] is None and model["form"]["invalid"] is False


@pytest.mark.parametrize("when, moved, received", [
    ("2026-11-28T10:00", "hari_libur", "2026-11-30"),    # a Saturday
    ("2026-04-03T09:00", "hari_libur", "2026-04-06"),    # Good Friday
    ("2026-03-20T09:00", "hari_libur", "2026-03-25"),    # cuti bersama in the Lebaran break
    ("2026-03-17T16:00", "di_luar_jam", "2026-03-25"),   # 16:00 sharp is after hours
    ("2026-03-17T15:59", None, "2026-03-17"),
    # counted in the next year, whose holidays are not loaded: 1 January is a weekday
    ("2026-12-31T23:59", "di_luar_jam", "2027-01-01"),
])
def test_when_a_request_counts_as_received(srv, when, moved, received):
    status, model = calc(srv, when)
    assert status == 200
    r = model["result"]
    assert r["moved"] == moved and r["received"]["date"] == received
    assert (r["moved_text"] is None) == (moved is None)


def test_a_year_without_holidays_says_so(srv):
    status, model = calc(srv, "2026-12-21T10:00")
    assert status == 200
    warnings = " ".join(model["result"]["warnings"])
    assert "2027 belum dimuat" in warnings
    assert model["result"]["steps"][0]["date"] == "2027-01-05"  # weekdays only in 2027


def test_every_date_matches_the_law_on_random_moments(srv):
    law = Law(srv)
    for when in random_moments(2026, 120):
        check(srv, law, when)
    for when in random_moments(7, 20, start=dt.datetime(2026, 12, 1), days=45):
        check(srv, law, when)


@pytest.mark.parametrize("rules, law", [
    ({"hari_penerimaan": "0"}, {"day_one": False}),
    ({"cuti_bersama_hari_kerja": "1"}, {"cuti_works": True}),
    ({"jam_tutup": "15:00"}, {"close": (15, 0)}),
])
def test_the_regions_rules(srv, rules, law):
    set_rules(srv, **rules)
    try:
        counter = Law(srv, **law)
        for when in random_moments(len(str(rules)), 40):
            check(srv, counter, when)
        status, model = calc(srv, "2026-03-16T10:00")
        texts = " ".join(model["rules"]["texts"])
        if "hari_penerimaan" in rules:
            assert "sehari setelah permohonan diterima" in texts
        if "cuti_bersama_hari_kerja" in rules:
            assert "Cuti bersama dihitung sebagai hari kerja" in texts
        if "jam_tutup" in rules:
            assert "15.00 WIB" in texts
    finally:
        clear_rules(srv)


def test_a_calendar_change_moves_the_deadlines_at_once(srv):
    before = calc(srv, "2026-10-05T10:00")[1]["result"]["steps"][0]["date"]
    srv.sql("INSERT INTO holidays (day, kind, name) VALUES ('2026-10-07', 'libur_nasional', 'Libur uji')")
    try:
        after = calc(srv, "2026-10-05T10:00")[1]["result"]
        assert after["steps"][0]["date"] > before
        assert "Libur uji" in [h["name"] for h in after["holidays"]]
    finally:
        srv.sql("DELETE FROM holidays WHERE day = '2026-10-07'")
    assert calc(srv, "2026-10-05T10:00")[1]["result"]["steps"][0]["date"] == before


@pytest.mark.parametrize("bad, message", [
    ("", "Isi tanggal"),
    ("kemarin", "tidak dikenali"),
    ("2026-02-30T10:00", "tidak dikenali"),
    ("2026-03-16T25:00", "tidak dikenali"),
    ("2026-03-16 10:00", "tidak dikenali"),
    ("16-03-2026T10:00", "tidak dikenali"),
    ("2226-03-16T10:00", "antara tahun 2000 dan 2100"),
    ("<script>alert(1)</script>", "tidak dikenali"),
])
def test_bad_input_is_a_clear_400_with_the_form_kept(srv, bad, message):
    from urllib.parse import quote
    status, model = calc(srv, quote(bad))
    assert status == 400
    assert model["result"] is None
    assert message in model["form"]["error"]["diterima"]
    assert model["form"]["values"].get("diterima", "") == bad
    status, _, body = Client(srv).get("/permohonan/tenggat?diterima=" + quote(bad))
    html = body.decode()
    assert status == 400 and message in html and "<script>alert" not in html


def test_a_huge_value_is_refused_and_the_server_serves_on(srv):
    status, model = calc(srv, "9" * 10000)
    assert status == 400 and model["result"] is None
    assert calc(srv, "2026-03-16T10:00")[0] == 200


def test_the_command_line_gives_the_same(srv, bin_path):
    p = subprocess.run([str(bin_path), "kip", "tenggat", "--db", srv.db, "--diterima", "2026-03-16T10:00"],
                       capture_output=True, text=True, timeout=60, cwd=srv.share)
    assert p.returncode == 0, p.stderr
    cli = json.loads(p.stdout)
    web = calc(srv, "2026-03-16T10:00")[1]
    assert cli["result"]["steps"] == web["result"]["steps"]
    assert cli["rules"] == web["rules"]
    bad = subprocess.run([str(bin_path), "kip", "tenggat", "--db", srv.db, "--diterima", "besok"],
                         capture_output=True, text=True, timeout=60, cwd=srv.share)
    assert bad.returncode == 2 and bad.stdout == ""
    assert len(bad.stderr.strip().splitlines()) == 1 and "tidak dikenali" in bad.stderr
