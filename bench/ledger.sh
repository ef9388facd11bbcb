#!/usr/bin/env bash
# The public record (src/ledger/, SQLite): what appending costs the
# request that makes a statement, and how long `terbuka verify` takes over
# a log of 1,000,000 entries. Everything on 127.0.0.1; stops by itself.
#
#   bench/ledger.sh [POSTS]     (default 400 answer POSTs)
#
# 1. A server with the demo data; officers post POSTS official answers one
#    after another (each an entry appended in the answer's transaction).
#    The client times every POST (p50, p99); the server counts the time
#    spent inside ledger_record (/metrics: total, most, how many over 1 ms).
#    The answer without its entry costs the POST minus that time.
# 2. The log grown to 1,000,000 entries by copying its own entries in SQL
#    (each a valid leaf: the bytes and their hash; the last copies in the
#    original order, so each statement's latest entry still says what its
#    row says), `terbuka ledger seal`
#    (hashes and stores the ~1,000,000 subtrees and signs the head), then
#    `terbuka verify --db`, which does the whole work: every entry parsed,
#    checked canonical and hashed, the root recomputed at every head, the
#    signature, the consistency proofs, every statement's row.
#
# Prints a Markdown block; `make bench` puts it into docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
posts=${1:-400}
total=${LEDGER_ENTRIES:-1000000}
[ -x build/terbuka ] || { echo "bench: build first (make build)" >&2; exit 1; }
work=$(mktemp -d /tmp/terbuka-ledger.XXXXXX)
trap 'rm -rf "$work"' EXIT
export TERBUKA_BIN=build/terbuka

python3 - "$posts" "$work" <<'PY'
import json, re, sys, time
sys.path.insert(0, "tests/http")
from pathlib import Path
from accountkit import person
from httpkit import Server

posts, work = int(sys.argv[1]), Path(sys.argv[2])
srv = Server(work / "post", name="bench").start()
try:
    asker = person(srv, "Penanya Bench")
    qids = []
    for i in range(8):
        st, h, _ = asker.post("/tanya", {"judul": f"Pertanyaan bench nomor {i} tentang jalan?", "isi": "Mohon.",
                                         "dinas": "dinkes", "kecamatan": "", "kunci": f"b{i}{time.time_ns()}",
                                         "periksa": "1"})
        qids.append(int(re.match(r"/pertanyaan/(\d+)", h["location"]).group(1)))
    srv.sql("UPDATE questions SET state = 'terbuka', listed = 1 WHERE id IN (%s)" % ",".join(map(str, qids)))
    officers = [person(srv, f"Petugas Bench {i}", [("warga", None), ("petugas", "dinkes")]) for i in range(posts // 50 + 1)]
    def metrics():
        body = srv.get("/metrics")[2].decode()
        return {m.group(1): float(m.group(2)) for m in re.finditer(r"^(terbuka_ledger_\w+) (\S+)$", body, re.M)}
    before = metrics()
    times = []
    for k in range(posts):
        c = officers[k // 50]
        t = time.perf_counter()
        st, _, _ = c.post_files(f"/dinas/dinkes/pertanyaan/{qids[k % 8]}/jawab", {"isi": f"Jawaban bench {k}."}, [])
        times.append(time.perf_counter() - t)
        assert st == 303, st
    after = metrics()
    times.sort()
    p50, p99 = times[len(times) // 2] * 1000, times[int(len(times) * 0.99) - 1] * 1000
    n = after["terbuka_ledger_appends_total"] - before["terbuka_ledger_appends_total"]
    mean = (after["terbuka_ledger_append_seconds_total"] - before["terbuka_ledger_append_seconds_total"]) / n * 1000
    most = after["terbuka_ledger_append_seconds_max"] * 1000
    over = after["terbuka_ledger_appends_over_1ms_total"] - before["terbuka_ledger_appends_over_1ms_total"]
    print("| measure | value |\n|---|---|")
    print(f"| answer POST (official answer, 303), {posts} one after another: p50 / p99 | {p50:.2f} ms / {p99:.2f} ms |")
    print(f"| of which the entry (ledger_record: SELECT, counter UPDATE, INSERT), mean / most | {mean:.3f} ms / {most:.3f} ms |")
    print(f"| appends over 1 ms | {int(over)} of {int(n)} |")
    print(f"| the entry's share of the POST's p99 (most / p99) | {most / p99 * 100:.1f} % |")
finally:
    srv.stop()
PY

db="$work/big.db"
build/terbuka demo --db "$db" >/dev/null 2>&1
n=$(sqlite3 "$db" "SELECT next - 1 FROM ledger_counter")
sqlite3 "$db" <<SQL
CREATE TEMP TABLE s AS WITH RECURSIVE s(i) AS (SELECT $n + 1 UNION ALL SELECT i + 1 FROM s WHERE i < $total) SELECT i FROM s;
INSERT INTO ledger_entries (n, kind, ref_id, body, leaf_hash, created_at)
  SELECT s.i, e.kind, e.ref_id, e.body, e.leaf_hash, e.created_at FROM s
  JOIN ledger_entries e ON e.n = ((s.i - $total + $n - 1) % $n + $n) % $n + 1;
UPDATE ledger_counter SET next = $total + 1;
SQL
t0=$(date +%s.%N)
build/terbuka ledger seal --db "$db" --keys "$work/keys" >/dev/null
t1=$(date +%s.%N)
out=$(build/terbuka verify --db "$db")
t2=$(date +%s.%N)
echo "$out" | grep -q '^OK' || { echo "bench: verify failed: $out" >&2; exit 1; }
size=$(du -m "$db" | cut -f1)
echo "| \`terbuka ledger seal\` over $total entries (hash and store every subtree, sign the head) | $(printf '%.1f' "$(echo "$t1 - $t0" | bc)") s |"
echo "| \`terbuka verify --db\` over $total entries (everything: parse, canonical, hash, roots, signature, rows) | $(printf '%.1f' "$(echo "$t2 - $t1" | bc)") s |"
echo "| the SQLite file with $total entries | $size MB |"
