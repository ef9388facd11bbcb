"""The demo data set (data/demo/bekasi.json) and `terbuka demo` loading it.

The first half reads the JSON only: every reference resolves, slugs are well
formed, money is whole rupiah, figures agree with statuses, dates and
updates are in order. The second half loads it into a fresh SQLite file
twice and compares what the database holds with the file.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import subprocess

import pytest

from httpkit import REPO, binary, sanitizer_reports

DATA = REPO / "data" / "demo" / "bekasi.json"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
STATUSES = {"direncanakan", "berjalan", "selesai", "ditunda", "dibatalkan"}
FUNDINGS = {"apbd", "apbn", "dak", "banprov", "csr", "lainnya"}
NETWORK_HOSTS = {
    "instagram": ("instagram.com",),
    "facebook": ("facebook.com", "fb.com"),
    "x": ("x.com", "twitter.com"),
    "youtube": ("youtube.com", "youtu.be"),
    "tiktok": ("tiktok.com",),
}
PROFILE = ("head_title", "head_name", "address", "phone", "email", "website")
# Kabupaten Bekasi, roughly: every demo coordinate must fall inside
LAT, LON = (-6.5, -6.0), (106.95, 107.3)
# the list of desa and kelurahan follows Kepmendagri No. 300.2.2-2138 Tahun 2025
VILLAGES, KELURAHAN = 187, 8


@pytest.fixture(scope="module")
def data():
    with open(DATA, encoding="utf-8") as f:
        return json.load(f)


@pytest.fixture(scope="module")
def agencies(data):
    return {a["slug"]: a for a in data["agencies"]}


@pytest.fixture(scope="module")
def villages(data):
    """{(kecamatan slug, village slug): village}"""
    return {(v["kecamatan"], v["slug"]): v for v in data["villages"]}


def nodes(programs, depth=0, parent=None):
    """(programme, depth, parent) for the whole tree, parents first."""
    for p in programs:
        yield p, depth, parent
        yield from nodes(p.get("children", []), depth + 1, p)


def rollup(children, how):
    """The parent's progress as src/programs/rules.c computes it."""
    n, total = len(children), sum(c["budget"] for c in children)
    if how == "average" or total == 0:
        return (sum(c["progress"] for c in children) * 2 + n) // (2 * n)
    weighted = sum(c["budget"] * c["progress"] for c in children)
    return (weighted * 2 + total) // (2 * total)


def whole(x):
    return isinstance(x, int) and not isinstance(x, bool)


def date(s):
    assert isinstance(s, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", s), s
    return dt.date.fromisoformat(s)


# --- the file ----------------------------------------------------------------

def test_top_level(data):
    assert list(data)[0] == "_note", "the note on fictional values comes first"
    assert "FIKTIF" in data["_note"]
    for key in ("settings", "agencies", "villages", "programs"):
        assert key in data, key
    assert all(isinstance(v, str) for v in data["settings"].values())


def test_agency_slugs_and_kinds(data):
    slugs = [a["slug"] for a in data["agencies"]]
    assert len(slugs) == len(set(slugs)), "agency slugs are unique"
    for a in data["agencies"]:
        assert SLUG.match(a["slug"]) and len(a["slug"]) <= 80, a["slug"]
        assert a["name"] and a["kind"], a["slug"]
    assert sum(a["kind"] == "kecamatan" for a in data["agencies"]) == 23


def test_agency_profiles(data):
    for a in data["agencies"]:
        where = a["slug"]
        for field in PROFILE:
            assert isinstance(a.get(field), str), (where, field)
        assert a["head_title"] and a["head_name"] and a["address"], where
        assert "Kabupaten Bekasi" in a["address"], where
        assert re.fullmatch(r"\(021\) 8\d{3} \d{4}", a["phone"]), (where, a["phone"])
        assert re.fullmatch(r"[a-z0-9.]+@bekasikab\.go\.id", a["email"]), (where, a["email"])
        assert a["website"] == "" or re.fullmatch(r"https://[a-z0-9-]+\.bekasikab\.go\.id",
                                                  a["website"]), (where, a["website"])
        if a["kind"] == "kecamatan":
            assert a["head_title"] == "Camat " + a["short_name"], where
            assert "Kecamatan " + a["short_name"] in a["address"], where
        social = a.get("social", {})
        assert isinstance(social, dict), where
        for network, url in social.items():
            assert network in NETWORK_HOSTS, (where, network)
            m = re.fullmatch(r"https://(?:www\.)?([a-z0-9.-]+)/\S+", url)
            assert m and m.group(1) in NETWORK_HOSTS[network], (where, network, url)
    assert sum(bool(a.get("social")) for a in data["agencies"]) >= 5


def test_villages(data, agencies):
    seen = set()
    for i, v in enumerate(data["villages"]):
        where = f"villages[{i}] ({v.get('slug')})"
        assert set(v) == {"kecamatan", "slug", "name", "kind"}, where
        assert agencies.get(v["kecamatan"], {}).get("kind") == "kecamatan", where
        assert SLUG.match(v["slug"]) and len(v["slug"]) <= 80, where
        assert v["name"] and len(v["name"]) <= 120, where
        assert v["kind"] in ("desa", "kelurahan"), where
        assert (v["kecamatan"], v["slug"]) not in seen, f"{where}: slug repeated in its kecamatan"
        seen.add((v["kecamatan"], v["slug"]))
    kecamatan = {s for s, a in agencies.items() if a["kind"] == "kecamatan"}
    with_villages = {v["kecamatan"] for v in data["villages"]}
    assert kecamatan == with_villages, f"kecamatan without villages: {kecamatan - with_villages}"
    assert len(data["villages"]) == VILLAGES
    assert sum(v["kind"] == "kelurahan" for v in data["villages"]) == KELURAHAN


def test_programme_tree(data, agencies, villages):
    keys = set()
    for p, depth, parent in nodes(data["programs"]):
        key = p.get("key")
        assert isinstance(key, str) and SLUG.match(key), key
        assert key not in keys, f"key {key} repeated"
        keys.add(key)
        assert depth <= 2, f"{key}: only program > kegiatan > sub-kegiatan"
        assert p["title"].strip() and len(p["title"]) <= 300, key
        assert isinstance(p["summary"], str), key
        if parent is None or "agency" in p:
            assert p["agency"] in agencies, (key, p.get("agency"))
        if parent is None or "fiscal_year" in p:
            assert p["fiscal_year"] in (2025, 2026), key
        if parent is None or "funding" in p:
            assert p["funding"] in FUNDINGS, (key, p.get("funding"))
        assert p["status"] in STATUSES, key

        assert whole(p["budget"]) and p["budget"] >= 0, key
        assert whole(p["realization"]) and 0 <= p["realization"] <= p["budget"], key
        assert whole(p["progress"]) and 0 <= p["progress"] <= 100, key
        status, progress = p["status"], p["progress"]
        if status == "direncanakan":
            assert progress == 0 and p["realization"] == 0, key
        elif status == "selesai":
            assert progress == 100, key
            assert p["realization"] >= p["budget"] * 0.85, f"{key}: finished far under budget"
        elif status == "berjalan":
            assert 0 < progress < 100, key
        else:
            assert progress < 100, key

        kids = p.get("children", [])
        if parent is None or kids:
            assert p.get("rollup") in ("budget", "average"), key
        if kids:
            assert sum(c["budget"] for c in kids) <= p["budget"], f"{key}: children over budget"
            assert progress == rollup(kids, p["rollup"]), f"{key}: progress is not its children's"
            assert p["realization"] >= sum(c["realization"] for c in kids), key

        if "village" in p:
            assert (p.get("kecamatan"), p["village"]) in villages, (key, p["village"])
        if "kecamatan" in p:
            assert agencies.get(p["kecamatan"], {}).get("kind") == "kecamatan", key
        assert ("latitude" in p) == ("longitude" in p), key
        if "latitude" in p:
            assert LAT[0] <= p["latitude"] <= LAT[1] and LON[0] <= p["longitude"] <= LON[1], key
        if "start_date" in p or "end_date" in p:
            assert date(p["start_date"]) <= date(p["end_date"]), key
        for t in p.get("targets", []):
            assert isinstance(t, str) and t.strip(), key
        if parent is not None:
            assert "updates" not in p, f"{key}: only a programme has updates"


def test_programme_updates(data):
    for p in data["programs"]:
        ups = p["updates"]
        assert len(ups) <= 4, p["key"]
        last = None
        for u in ups:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", u["at"]), p["key"]
            dt.datetime.fromisoformat(u["at"].replace("Z", "+00:00"))
            assert u["body"].strip(), p["key"]
            assert whole(u["progress"]) and 0 <= u["progress"] <= 100, p["key"]
            assert u["status"] in STATUSES, p["key"]
            if last is not None:
                assert u["at"] > last["at"], f"{p['key']}: updates out of order"
                assert u["progress"] >= last["progress"], f"{p['key']}: progress went back"
            last = u
        if last is not None:
            assert (last["progress"], last["status"]) == (p["progress"], p["status"]), \
                f"{p['key']}: the last update is not where the programme stands"


def test_programme_counts(data):
    programs = data["programs"]
    assert len(programs) >= 50
    assert sum(bool(p.get("children")) for p in programs) >= 20
    with_sub = [p for p in programs if any(c.get("children") for c in p.get("children", []))]
    assert len(with_sub) >= 5
    assert {p["status"] for p in programs} == STATUSES
    years = [p["fiscal_year"] for p in programs]
    assert years.count(2026) > years.count(2025) > 0
    funding = {n.get("funding") for n, _, _ in nodes(programs)} - {None}
    assert funding == FUNDINGS, f"unused funding sources: {FUNDINGS - funding}"
    departments = {p["agency"] for p in programs if not p["agency"].startswith("kecamatan-")}
    assert len(departments) >= 12


# --- loading it ----------------------------------------------------------------

def demo(db):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TERBUKA_")}
    p = subprocess.run([str(binary()), "demo", "--db", str(db)], capture_output=True, text=True,
                       env=env, cwd=db.parent, timeout=60, stdin=subprocess.DEVNULL)
    assert not sanitizer_reports(p.stderr), p.stderr
    assert p.returncode == 0, p.stderr
    return p


def rows(db, sql, *args):
    con = sqlite3.connect(db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def columns(db, table):
    return [r[1] for r in rows(db, f"PRAGMA table_info({table})")]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """A fresh database after one `terbuka demo`, and a snapshot of it."""
    db = tmp_path_factory.mktemp("demo-data") / "demo.db"
    demo(db)
    snap = {t: rows(db, f"SELECT * FROM {t} ORDER BY 1, 2")
            for t in ("settings", "agencies", "villages", "programs", "program_updates", "questions",
                      "answers", "question_events", "question_votes", "answer_ratings")}
    return db, snap


def test_villages_are_loaded(data, loaded):
    db, _ = loaded
    got = rows(db, "SELECT a.slug, v.slug, v.name, v.kind FROM villages v "
                   "JOIN agencies a ON a.id = v.kecamatan_id ORDER BY 1, 2")
    want = sorted((v["kecamatan"], v["slug"], v["name"], v["kind"]) for v in data["villages"])
    assert got == want


def test_profiles_are_loaded(data, loaded):
    db, _ = loaded
    got = {r[0]: r[1:] for r in rows(db, "SELECT slug, head_title, head_name, address, phone, "
                                         "email, website, social FROM agencies")}
    assert len(got) == len(data["agencies"])
    for a in data["agencies"]:
        row = got[a["slug"]]
        assert row[:6] == tuple(a[f] for f in PROFILE), a["slug"]
        assert json.loads(row[6]) == a.get("social", {}), a["slug"]


def test_loading_twice_changes_nothing(loaded, tmp_path):
    db, before = loaded
    copy = tmp_path / "again.db"
    con, dst = sqlite3.connect(db), sqlite3.connect(copy)
    con.backup(dst)
    con.close()
    dst.close()
    demo(copy)
    for table in ("settings", "agencies", "villages", "program_updates", "questions", "answers",
                  "question_events", "question_votes", "answer_ratings"):
        assert rows(copy, f"SELECT * FROM {table} ORDER BY 1, 2") == before[table], table
    # programmes: same rows; when they were last saved is the programme
    # loader's business
    keep = [i for i, c in enumerate(columns(copy, "programs")) if c != "updated_at"]
    after = rows(copy, "SELECT * FROM programs ORDER BY 1")
    assert [[r[i] for i in keep] for r in after] == [[r[i] for i in keep] for r in before["programs"]]


def test_programmes_are_loaded(data, loaded):
    db, _ = loaded
    if rows(db, "SELECT count(*) FROM programs") == [(0,)]:
        pytest.skip("the programs table is empty after `terbuka demo`: programs_demo_load "
                    "(src/programs) does not load the data set's programmes yet")
    all_nodes = list(nodes(data["programs"]))
    levels = dict(rows(db, "SELECT level, count(*) FROM programs GROUP BY level"))
    assert levels == {"program": sum(d == 0 for _, d, _ in all_nodes),
                      "kegiatan": sum(d == 1 for _, d, _ in all_nodes),
                      "subkegiatan": sum(d == 2 for _, d, _ in all_nodes)}
    assert rows(db, "SELECT count(*) FROM program_updates") == \
        [(sum(len(p["updates"]) for p in data["programs"]),)]
    assert rows(db, "SELECT sum(budget), sum(realization) FROM programs WHERE level = 'program'") == \
        [(sum(p["budget"] for p in data["programs"]), sum(p["realization"] for p in data["programs"]))]
    if "ref" not in columns(db, "programs"):
        return
    by_ref = {r[0]: r[1:] for r in rows(
        db, "SELECT p.ref, p.status, p.budget, p.realization, p.progress, a.slug, k.slug, v.slug "
            "FROM programs p JOIN agencies a ON a.id = p.agency_id "
            "LEFT JOIN agencies k ON k.id = p.kecamatan_id LEFT JOIN villages v ON v.id = p.village_id")}
    for p, _, parent in all_nodes:
        ref = next((r for r in by_ref if r == p["key"] or r.endswith(":" + p["key"])), None)
        assert ref is not None, p["key"]
        top = p
        while "agency" not in top and parent is not None:
            top = parent
        assert by_ref[ref] == (p["status"], p["budget"], p["realization"], p["progress"],
                               top["agency"], p.get("kecamatan"), p.get("village")), p["key"]


def test_bad_village_names_the_item_and_loads_nothing(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({
        "settings": {"name": "Uji"},
        "agencies": [{"slug": "kecamatan-uji", "name": "Kecamatan Uji", "kind": "kecamatan"}],
        "villages": [{"kecamatan": "kecamatan-uji", "slug": "satu", "name": "Satu", "kind": "desa"},
                     {"kecamatan": "kecamatan-tidak-ada", "slug": "dua", "name": "Dua",
                      "kind": "desa"}],
    }))
    db = tmp_path / "b.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TERBUKA_")}
    p = subprocess.run([str(binary()), "demo", "--db", str(db), "--data", str(bad)],
                       capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert p.returncode == 1
    assert "villages[1] (dua)" in p.stderr and "kecamatan-tidak-ada" in p.stderr, p.stderr
    # one transaction: the agency and the first village were rolled back
    assert rows(db, "SELECT count(*) FROM agencies WHERE slug = 'kecamatan-uji'") == [(0,)]
    assert rows(db, "SELECT count(*) FROM villages") == [(0,)]


def test_bad_social_names_the_network(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({
        "settings": {"name": "Uji"},
        "agencies": [{"slug": "dinas-uji", "name": "Dinas Uji", "kind": "dinas",
                      "social": {"instagram": "javascript:alert(1)"}}],
    }))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TERBUKA_")}
    p = subprocess.run([str(binary()), "demo", "--db", str(tmp_path / "s.db"), "--data", str(bad)],
                       capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert p.returncode == 1
    assert "agencies[0] (dinas-uji): social.instagram" in p.stderr, p.stderr


# ---- questions (data/demo/questions.json) -------------------------------------

@pytest.fixture(scope="module")
def questions_data():
    return json.loads((REPO / "data" / "demo" / "questions.json").read_text(encoding="utf-8"))


def test_questions_file_is_consistent(questions_data, agencies, data):
    qs = questions_data["questions"]
    refs = [q["ref"] for q in qs]
    keys = {p["key"] for p in data["programs"]}
    assert 250 <= len(qs) <= 400 and len(set(refs)) == len(refs)
    for q in qs:
        assert q["agency"] in agencies and (q["forwarded_from"] is None or q["forwarded_from"] in agencies), q["ref"]
        assert q["program"] is None or q["program"] in keys, q["ref"]
        assert 0 <= q["asker"] < len(questions_data["askers"]), q["ref"]
        days = [a["after_days"] for a in q["answers"]]
        assert days == sorted(days) and all(d < q["asked_days_ago"] for d in days), q["ref"]
        assert q["duplicate_of"] is None or refs.index(q["duplicate_of"]) < refs.index(q["ref"]), q["ref"]


def test_questions_are_loaded_with_their_history(questions_data, loaded):
    db, _ = loaded
    qs = questions_data["questions"]
    assert rows(db, "SELECT count(*) FROM questions")[0][0] == len(qs)
    answered = sum(1 for q in qs if q["answers"] or any(r["by"] == "agency" for r in q["replies"]))
    assert rows(db, "SELECT count(*) FROM questions WHERE answers > 0")[0][0] == answered
    assert rows(db, "SELECT count(*) FROM questions WHERE forwarded > 0")[0][0] == \
        sum(1 for q in qs if q["forwarded_from"])
    assert rows(db, "SELECT count(*) FROM questions WHERE reopened = 1")[0][0] == \
        sum(1 for q in qs if q["reopened"])
    assert rows(db, "SELECT count(*) FROM question_votes")[0][0] == sum(q["votes"] for q in qs)
    assert rows(db, "SELECT count(*) FROM answer_ratings")[0][0] == \
        sum(len(q["ratings"]) for q in qs if q["answers"])
    # unanswered ones asked long ago are past their five working days
    late = rows(db, "SELECT count(*) FROM questions WHERE state IN ('terbuka', 'diteruskan') "
                    "AND due_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now')")[0][0]
    assert late >= 40
    dup = rows(db, "SELECT count(*) FROM questions WHERE close_reason = 'duplikat' AND duplicate_of IS NOT NULL")
    assert dup[0][0] == sum(1 for q in qs if q["closed"] == "duplikat")
    # askers cannot sign in
    assert rows(db, "SELECT count(*) FROM users WHERE email_key LIKE 'demo-warga-%' "
                    "AND (password_hash IS NOT NULL OR email IS NOT NULL)")[0][0] == 0
