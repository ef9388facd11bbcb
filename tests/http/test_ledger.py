"""The verifiable public record (issue #12, src/ledger/): every official
statement appended as canonical JSON in its own transaction, a Merkle tree
(RFC 6962/9162) with signed tree heads (Ed25519), /catatan and its JSON,
and `terbuka verify`, which must catch every way of changing the record
behind its back. Both engines.

- An independent reference of RFC 6962 in Python (MTH, PATH, PROOF and
  RFC 9162's verifiers) is compared with the server's roots and proofs on
  every prefix size asked of a log of 1,000 entries.
- Tampering with the database (an answer's text, a budget, a date, a
  deleted row of the log or of a statement, two entries swapped, an entry
  rewritten with its hash, a head's key, a head signed with another key)
  is named by `terbuka verify --db`, exit 1.
- kill -9 under load: every answer acknowledged (303) is in the log after
  the restart, and the log verifies.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import threading
import time

import pytest

from accountkit import Client, person
from httpkit import ENGINE, Server, binary, new_database, run_sql

# ---- an independent RFC 6962 -----------------------------------------------------------


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(leaves: list[bytes]) -> bytes:
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return node_hash(mth(leaves[:k]), mth(leaves[k:]))


def path(m: int, leaves: list[bytes]) -> list[bytes]:
    n = len(leaves)
    if n == 1:
        return []
    k = split(n)
    if m < k:
        return path(m, leaves[:k]) + [mth(leaves[k:])]
    return path(m - k, leaves[k:]) + [mth(leaves[:k])]


def subproof(m: int, leaves: list[bytes], b: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if b else [mth(leaves)]
    k = split(n)
    if m <= k:
        return subproof(m, leaves[:k], b) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]


def verify_inclusion(m: int, n: int, leaf: bytes, proof: list[bytes], root: bytes) -> bool:
    """RFC 9162 2.1.3.2."""
    if m >= n:
        return False
    fn, sn, r = m, n - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(m: int, n: int, r1: bytes, r2: bytes, proof: list[bytes]) -> bool:
    """RFC 9162 2.1.4.2."""
    if m == n:
        return not proof and r1 == r2
    if not proof:
        return False
    if m & (m - 1) == 0:
        proof = [r1] + proof
    fn, sn = m - 1, n - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == r1 and sr == r2


def canonical(obj) -> bytes:
    """The rule of src/ledger/canon.c, for text without control characters."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


# ---- helpers ---------------------------------------------------------------------------------

def env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("TERBUKA_")}


def terbuka(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([str(binary()), *args], capture_output=True, text=True, timeout=300, env=env(),
                          stdin=subprocess.DEVNULL, cwd=cwd)


def get_json(srv, path: str):
    status, headers, body = srv.get(path, headers={"Accept": "application/json"})
    if status == 301:  # one address per item: /pertanyaan/12 -> /pertanyaan/12-its-title
        status, _, body = srv.get(headers["location"], headers={"Accept": "application/json"})
    assert status == 200, (path, body[:500])
    return json.loads(body)


def size_of(srv) -> int:
    return int(run_sql(srv.db, "SELECT next - 1 FROM ledger_counter"))


def wait_head(srv, size: int, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        heads = get_json(srv, "/catatan/kepala")["heads"]
        if heads and heads[-1]["tree_size"] >= size:
            return heads[-1]
        assert time.monotonic() < deadline, f"no signed head over {size} entries: {heads[-1:]}"
        time.sleep(0.1)


def all_entries(srv) -> list[dict]:
    out, path = [], "/catatan/entri?dari=1&jumlah=5000"
    while path:
        page = get_json(srv, path)
        out += page["entries"]
        path = page.get("next")
    return out


def ask(srv, title: str, agency: str = "dinkes") -> int:
    asker = person(srv, "Penanya Catatan")
    status, headers, body = asker.post("/tanya", {"judul": title, "isi": "Mohon penjelasannya.", "dinas": agency,
                                                  "kecamatan": "", "kunci": f"lg{time.time_ns()}", "periksa": "1"})
    assert status == 303, body[:500]
    qid = int(re.match(r"/pertanyaan/(\d+)", headers["location"]).group(1))
    run_sql(srv.db, f"UPDATE questions SET state = 'terbuka', listed = 1 WHERE id = {qid}")
    srv.settle()
    return qid


def officer(srv, agency: str = "dinkes", n: int = 0) -> Client:
    return person(srv, f"Petugas Catatan {agency} {n}", [("warga", None), ("petugas", agency)])


def verify(*args) -> tuple[int, str]:
    r = terbuka("verify", *args)
    return r.returncode, r.stdout + r.stderr


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-ledger"), name="ledger").start()
    yield s
    s.assert_clean_exit()


# ---- the log, its pages and proofs -------------------------------------------------------------

def test_an_answer_is_an_entry_and_an_edit_is_a_new_one_with_the_old_text_kept(srv):
    qid = ask(srv, "Kapan jalan di Desa Sukadami diperbaiki?")
    me = officer(srv)
    status, _, body = me.post_files(f"/dinas/dinkes/pertanyaan/{qid}/jawab", {"isi": "Minggu depan, versi pertama."},
                                    [])
    assert status == 303, body[:500]
    q = get_json(srv, f"/pertanyaan/{qid}")["question"]
    answer = q["answers_list"][-1]
    n = answer["ledger"]["n"]
    assert answer["ledger"]["url"] == f"/catatan/{n}"
    entry = get_json(srv, f"/catatan/{n}")["entry"]
    assert entry["kind"] == "answer" and entry["ref_id"] == answer["id"]
    body_json = json.loads(entry["body"])
    assert body_json["statement"]["body"] == "Minggu depan, versi pertama." and body_json["kind"] == "answer"
    assert canonical(body_json) == entry["body"].encode()  # the documented rule, reproduced
    assert hashlib.sha256(b"\x00" + entry["body"].encode()).hexdigest() == entry["leaf_hash"]
    assert entry["statement_url"] == f"/pertanyaan/{qid}#jawaban-{answer['id']}"
    status, _, html = srv.get(q["url"])
    assert f'href="/catatan/{n}"'.encode() in html and b"Catatan no." in html

    # the edit: a new version, the old one readable, a new entry
    edit_url = f"/dinas/dinkes/jawaban/{answer['id']}/ubah"
    status, headers, body = me.post(edit_url, {"isi": "Minggu depan, versi kedua yang benar."})
    assert status == 303 and f"/pertanyaan/{qid}" in headers["location"], body[:500]
    q = get_json(srv, f"/pertanyaan/{qid}")["question"]
    edited = [a for a in q["answers_list"] if a["id"] == answer["id"]][0]
    assert edited["body"] == "Minggu depan, versi kedua yang benar." and edited["version"] == 2
    assert [v["body"] for v in edited["versions"]] == ["Minggu depan, versi pertama."]
    assert edited["ledger"]["n"] > n
    status, _, html = srv.get(q["url"])
    assert b"Riwayat perubahan" in html and b"versi pertama" in html
    old = get_json(srv, f"/catatan/{n}")["entry"]
    assert old["newer_url"] == f"/catatan/{edited['ledger']['n']}"
    assert json.loads(old["body"])["statement"]["body"] == "Minggu depan, versi pertama."  # never overwritten

    # refused: the same text (422), no text (422), another department (403); nothing written
    before = size_of(srv)
    assert me.post(edit_url, {"isi": "Minggu depan, versi kedua yang benar."})[0] == 422
    assert me.post(edit_url, {"isi": ""})[0] == 422
    assert officer(srv, "dsdabmbk").post(f"/dinas/dsdabmbk/jawaban/{answer['id']}/ubah", {"isi": "Bukan urusan."})[0] \
        == 403
    assert me.post("/dinas/dinkes/jawaban/987654321/ubah", {"isi": "Tidak ada."})[0] == 404
    assert size_of(srv) == before

    # a head is signed within seconds, and the pages show it
    head = wait_head(srv, size_of(srv))
    page = get_json(srv, "/catatan")
    assert page["head"]["tree_size"] == head["tree_size"] and page["entries"][0]["n"] == size_of(srv)
    status, _, html = srv.get("/catatan")
    assert status == 200 and b"Catatan resmi" in html
    status, _, html = srv.get(f"/catatan/{n}")
    assert status == 200 and b"Jawaban resmi" in html


def test_a_page_says_when_its_statement_was_changed_behind_the_logs_back(bin_path, tmp_path):
    site = Server(tmp_path / "site", name="quietly-changed")
    site.tampers = True
    site.start()
    try:
        aid, qid = (int(x) for x in run_sql(site.db, "SELECT id, question_id FROM answers WHERE hidden = 0 "
                                                     "ORDER BY id LIMIT 1").split("|"))
        pid = int(run_sql(site.db, "SELECT min(id) FROM programs"))

        def answer_ref():
            q = get_json(site, f"/pertanyaan/{qid}")["question"]
            return next(a for a in q["answers_list"] if a["id"] == aid)["ledger"]

        def page(path):
            status, headers, body = site.get(path)
            if status == 301:
                status, _, body = site.get(headers["location"])
            assert status == 200
            return body.decode()

        assert answer_ref()["matches"] is True and "differs" not in answer_ref()
        assert "row_differs_label" not in get_json(site, answer_ref()["url"])["entry"]
        assert "ledger-mismatch" not in page(f"/pertanyaan/{qid}")
        site.sql(f"UPDATE answers SET body = 'Teks diganti diam-diam.' WHERE id = {aid}")
        ref = answer_ref()
        assert ref["matches"] is False and ref["differs"] == "body" and ref["differs_label"] == "Isi", ref
        html = page(f"/pertanyaan/{qid}")
        warning = re.search(r'<p class="callout-warn ledger-mismatch"[^>]*>(.*?)</p>', html, re.S)
        assert warning and f'href="{ref["url"]}"' in warning.group(1) and "<strong>Isi</strong>" in warning.group(1)
        assert "Data ini diubah tanpa melalui catatan resmi" in warning.group(1)
        site.wait_for_log(f"answer {aid} no longer says what its entry says (field body)", stream="stderr")
        # its entry, the latest, says the page no longer matches it
        entry = get_json(site, ref["url"])["entry"]
        assert entry["row_differs_label"] == "Isi" and "newer_url" not in entry
        assert "halaman pernyataan ini sekarang tidak sama dengan catatan ini" in page(ref["url"])

        program = get_json(site, f"/program/{pid}")["program"]["ledger"]
        assert program["matches"] is True
        site.sql(f"UPDATE programs SET budget = budget + 1000000 WHERE id = {pid}")
        program = get_json(site, f"/program/{pid}")["program"]["ledger"]
        assert program["matches"] is False and program["differs"] == "budget", program
        assert "<strong>Pagu (rupiah)</strong>" in page(f"/program/{pid}")
    finally:
        site.stop()


def test_programme_and_kip_pages_show_their_entry(srv):
    pid = int(run_sql(srv.db, "SELECT min(ref_id) FROM ledger_entries WHERE kind = 'program'"))
    p = get_json(srv, f"/program/{pid}")["program"]
    assert p["ledger"]["url"].startswith("/catatan/")
    entry = get_json(srv, p["ledger"]["url"])["entry"]
    assert entry["kind"] == "program" and json.loads(entry["body"])["statement"]["budget"] == p["budget"]


def test_key_heads_and_bad_requests(srv):
    key = get_json(srv, "/.well-known/terbuka-log-key")
    assert key["algorithm"] == "Ed25519" and len(base64.b64decode(key["public_key"])) == 32
    assert key["key_id"] == hashlib.sha256(base64.b64decode(key["public_key"])).hexdigest()
    head = wait_head(srv, 1)
    assert head["public_key"] == key["public_key"]
    for path in ("/catatan/konsistensi?dari=0&ke=2", "/catatan/konsistensi?dari=abc",
                 f"/catatan/1/bukti?ukuran={head['tree_size'] + 1000}", "/catatan/1/bukti?ukuran=-1",
                 "/catatan/entri?jumlah=999999", "/catatan?sebelum=x", "/catatan/kepala?setelah=0x1"):
        status, _, body = srv.get(path, headers={"Accept": "application/json"})
        assert status == 400, (path, status, body[:300])
        assert json.loads(body).get("error") or json.loads(body).get("message"), body[:300]
    assert srv.get("/catatan/999999999")[0] == 404


def test_roots_and_proofs_match_an_independent_reference_on_1000_entries(srv):
    # grow the log to 1,000 entries with copies of its own entries (each a
    # valid leaf: the bytes and their hash), then sign a head over them
    n = size_of(srv)
    assert n > 100
    rows = run_sql(srv.db, "SELECT n, kind, ref_id, leaf_hash FROM ledger_entries ORDER BY n").splitlines()
    if n < 1000:
        run_sql(srv.db, "INSERT INTO ledger_entries (n, kind, ref_id, body, leaf_hash, created_at) "
                        f"SELECT n + {n}, kind, ref_id, body, leaf_hash, created_at FROM ledger_entries "
                        f"WHERE n <= {min(n, 1000 - n)}")
        run_sql(srv.db, f"UPDATE ledger_counter SET next = {n + min(n, 1000 - n)} + 1")
        n = size_of(srv)
    r = terbuka("ledger", "seal", "--db", srv.db, "--keys", str(srv.workdir / "var" / "keys"))
    assert r.returncode == 0, r.stderr
    head = wait_head(srv, n)
    entries = all_entries(srv)
    assert [e["n"] for e in entries] == list(range(1, n + 1)) and len(rows) <= n
    leaves = [leaf_hash(e["body"].encode()) for e in entries]
    assert [x.hex() for x in leaves] == [e["leaf_hash"] for e in entries]
    assert mth(leaves).hex() == head["root_hash"]
    rnd = random.Random(12)
    sizes = sorted({1, 2, 3, 7, 8, 9, 511, 512, 513, n} | {rnd.randint(1, n) for _ in range(30)})
    roots = {}
    for size in sizes:
        m = rnd.randrange(size)
        p = get_json(srv, f"/catatan/{m + 1}/bukti?ukuran={size}")
        roots[size] = bytes.fromhex(p["root_hash"])
        assert roots[size] == mth(leaves[:size]), size
        proof = [bytes.fromhex(h) for h in p["proof"]]
        assert proof == path(m, leaves[:size]), (m, size)
        assert verify_inclusion(m, size, leaves[m], proof, roots[size])
        assert not verify_inclusion(m, size, leaf_hash(b"lain"), proof, roots[size])
    for a, b in zip(sizes, sizes[1:]):
        c = get_json(srv, f"/catatan/konsistensi?dari={a}&ke={b}")
        proof = [bytes.fromhex(h) for h in c["proof"]]
        assert proof == (subproof(a, leaves[:b], True) if a < b else []), (a, b)
        assert verify_consistency(a, b, roots[a], roots[b], proof)
    # the whole log checks over HTTP, with the key pinned
    key = get_json(srv, "/.well-known/terbuka-log-key")["public_key"]
    rc, out = verify("--url", srv.base, "--key", key)
    assert rc == 0 and out.startswith("OK"), out
    rc, out = verify("--url", srv.base, "--key", base64.b64encode(b"k" * 32).decode())
    assert rc == 1 and "signed by another key" in out, out


# ---- tampering -------------------------------------------------------------------------------

def sealed_copy(tmp_path, name: str) -> tuple[str, str]:
    """A demo database whose log has a signed head, and its keys folder."""
    db = new_database(tmp_path, name, demo=True)
    keys = str(tmp_path / f"keys-{name}")
    r = terbuka("ledger", "seal", "--db", db, "--keys", keys)
    assert r.returncode == 0, r.stderr
    rc, out = verify("--db", db)
    assert rc == 0 and out.startswith("OK"), out
    return db, keys


def first(db: str, sql: str) -> int:
    return int(run_sql(db, sql).splitlines()[0])


def rewrite_entry(db: str, n: int, old: str, new: str):
    body = run_sql(db, f"SELECT body FROM ledger_entries WHERE n = {n}")
    body = body.replace(old, new, 1)
    h = hashlib.sha256(b"\x00" + body.encode()).hexdigest()
    quoted = body.replace("'", "''")
    run_sql(db, f"UPDATE ledger_entries SET body = '{quoted}', leaf_hash = '{h}' WHERE n = {n}")


TAMPERS = {
    "answer_text": (lambda db: run_sql(db, "UPDATE answers SET body = 'Teks diganti diam-diam.' WHERE id = "
                                           "(SELECT min(id) FROM answers)"),
                    r"entry \d+ \(answer \d+\): row \d+ of answers was changed .*field body"),
    "budget": (lambda db: run_sql(db, "UPDATE programs SET budget = budget + 1000000 WHERE id = "
                                      "(SELECT min(id) FROM programs)"),
               r"row \d+ of programs was changed .*field budget"),
    "date": (lambda db: run_sql(db, "UPDATE programs SET end_date = '2031-12-31' WHERE id = "
                                    "(SELECT min(id) FROM programs WHERE end_date IS NOT NULL)"),
             r"row \d+ of programs was changed .*field end_date"),
    "answer_date": (lambda db: run_sql(db, "UPDATE answers SET created_at = '2020-01-01T00:00:00Z' WHERE id = "
                                           "(SELECT max(id) FROM answers)"),
                    r"of answers was changed .*field created_at"),
    "delete_entry": (lambda db: run_sql(db, "DELETE FROM ledger_entries WHERE n = 5"),
                     r"entry 5 is missing"),
    "delete_last_entry": (lambda db: run_sql(db, "DELETE FROM ledger_entries WHERE n = "
                                                 "(SELECT max(n) FROM ledger_entries)"),
                          r"head of size (\d+) counts \1 entries but the log has"),
    "delete_statement": (lambda db: run_sql(db, "DELETE FROM programs WHERE id = (SELECT max(p.id) FROM programs p "
                                                "WHERE NOT EXISTS (SELECT 1 FROM programs k WHERE k.parent_id = p.id))"),
                         r"row \d+ of programs is gone"),
    "insert_statement": (lambda db: run_sql(db, "INSERT INTO moderation_log (at, action, note) VALUES "
                                                "('2026-01-01T00:00:00Z', 'setujui', '')"),
                         r"row \d+ of moderation_log is not in the log"),
    "reorder": (lambda db: (run_sql(db, "UPDATE ledger_entries SET n = -1 WHERE n = 5"),
                            run_sql(db, "UPDATE ledger_entries SET n = 5 WHERE n = 9"),
                            run_sql(db, "UPDATE ledger_entries SET n = 9 WHERE n = -1")),
                r"head of size \d+: its signed root is not the root.*\n.*entry 5 or 6"),
    "rewrite_with_hash": (lambda db: rewrite_entry(db, 8, '"progress":', '"progress":1'),
                          r"signed root is not the root.*\n.*entry 7 or 8"),
    "rewrite_without_hash": (lambda db: run_sql(db, "UPDATE ledger_entries SET body = replace(body, '\"v\":1', "
                                                    "'\"v\":2') WHERE n = 3"),
                             r"entry 3: its JSON does not hash to its leaf hash"),
    "head_key": (lambda db: run_sql(db, "UPDATE ledger_heads SET public_key = "
                                        f"'{base64.b64encode(b'x' * 32).decode()}'"),
                 r"head of size \d+: its signature does not match"),
}


@pytest.mark.parametrize("name", list(TAMPERS))
def test_verify_names_every_tampering(bin_path, tmp_path, name):
    db, _ = sealed_copy(tmp_path, name)
    change, expected = TAMPERS[name]
    change(db)
    rc, out = verify("--db", db)
    assert rc == 1, out
    assert out.startswith("GAGAL") and re.search(expected, out), out


def test_a_head_signed_with_another_key_is_named(bin_path, tmp_path):
    db, keys = sealed_copy(tmp_path, "rekey")
    rc, out = verify("--db", db)
    key = re.search(r"key: (\S+)", out).group(1)
    # a valid new entry (a copy of the last), signed by another key file
    n = size_of_db(db)
    run_sql(db, "INSERT INTO ledger_entries (n, kind, ref_id, body, leaf_hash, created_at) SELECT n + 1, kind, "
                f"ref_id, body, leaf_hash, created_at FROM ledger_entries WHERE n = {n}")
    run_sql(db, f"UPDATE ledger_counter SET next = {n + 2}")
    r = terbuka("ledger", "seal", "--db", db, "--keys", str(tmp_path / "other-keys"))
    assert r.returncode == 0, r.stderr
    rc, out = verify("--db", db)
    assert rc == 1 and re.search(rf"head of size {n + 1} is signed by another key .* not the log's key \({re.escape(key)}",
                                 out), out
    rc, out = verify("--db", db, "--key", key)
    assert rc == 1 and "given with --key" in out, out
    assert verify("--db", db, "--key", "bukan-kunci")[0] == 2


def size_of_db(db: str) -> int:
    return int(run_sql(db, "SELECT next - 1 FROM ledger_counter"))


def test_verify_over_http_names_the_entries_a_rewrite_hides_in(bin_path, tmp_path):
    """Over HTTP there are no stored subtrees to compare with: the heads
    before the one that fails still match, so the rewritten entry is among
    those the failing head added, and verify says which those are."""
    site = Server(tmp_path / "site", name="rewritten")
    keys = str(site.workdir / "var" / "keys")
    assert terbuka("ledger", "seal", "--db", site.db, "--keys", keys).returncode == 0
    n = size_of_db(site.db)
    # three more valid entries (copies of the last) under a second head
    run_sql(site.db, "INSERT INTO ledger_entries (n, kind, ref_id, body, leaf_hash, created_at) SELECT n + k, kind, "
                     "ref_id, body, leaf_hash, created_at FROM ledger_entries, (SELECT 1 AS k UNION SELECT 2 "
                     f"UNION SELECT 3) ks WHERE n = {n}")
    run_sql(site.db, f"UPDATE ledger_counter SET next = {n + 4}")
    assert terbuka("ledger", "seal", "--db", site.db, "--keys", keys).returncode == 0
    site.start()
    try:
        assert verify("--url", site.base)[0] == 0
        rewrite_entry(site.db, n + 2, '"v":1', '"v":2')
        rc, out = verify("--url", site.base)
        assert rc == 1, out
        assert re.search(rf"head of size {n + 3}: its signed root is not the root", out), out
        assert f"the first difference lies in entries {n + 1} to {n + 3}" in out, out
        # the database itself still names the pair
        rc, out = verify("--db", site.db)
        pair = re.search(r"entry (\d+) or (\d+) no longer holds", out)
        assert rc == 1 and pair and n + 2 in map(int, pair.groups()), out
    finally:
        site.stop()


# ---- a crash in the middle of appends ----------------------------------------------------------------

def test_kill_9_under_load_loses_no_acknowledged_statement(bin_path, tmp_path):
    s = Server(tmp_path, name="crash").start()
    qids = [ask(s, f"Pertanyaan beban nomor {i} tentang saluran air?") for i in range(4)]
    officers = [officer(s, "dinkes", 100 + i) for i in range(6)]
    acked: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def load(i: int):
        c, k = officers[i], 0
        while not stop.is_set() and k < 55:
            text = f"Jawaban beban {i}-{k}-{time.time_ns()}"
            try:
                status, _, _ = c.post_files(f"/dinas/dinkes/pertanyaan/{qids[k % 4]}/jawab", {"isi": text}, [])
            except OSError:
                return  # the server is gone
            if status == 303:
                with lock:
                    acked.append(text)
            k += 1

    threads = [threading.Thread(target=load, args=(i,)) for i in range(len(officers))]
    for t in threads:
        t.start()
    time.sleep(2.5)
    s.proc.send_signal(signal.SIGKILL)
    s.proc.wait()
    stop.set()
    for t in threads:
        t.join()
    assert len(acked) > 10, f"too little load: {len(acked)}"
    s.start()  # the same database and keys
    head = wait_head(s, size_of(s))
    logged = set()
    for e in all_entries(s):
        body = json.loads(e["body"])
        if body["kind"] == "answer":
            logged.add(body["statement"]["body"])
    missing = [a for a in acked if a not in logged]
    assert not missing, f"{len(missing)} acknowledged answers are not in the log: {missing[:3]}"
    assert head["tree_size"] == size_of(s)
    s.stop()
    rc, out = verify("--db", s.db)
    assert rc == 0 and out.startswith("OK"), out
