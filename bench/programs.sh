#!/usr/bin/env bash
# The programme pages with 10,000 programmes in the database (SQLite), each
# against nginx serving the very same bytes as static files, in the same
# run: the list (first page and a later keyset page, in budget order), its
# JSON twin, and one programme with its kegiatan, as most visitors get them
# (anonymous, from the page cache) and built on every request (a second
# server with --page-cache 0: what a page costs the first time after its
# data changed, or for a signed-in person). Everything on 127.0.0.1; stops
# by itself.
#
#   bench/programs.sh [SECONDS]     (default 10 s per measurement)
#
# Prints a Markdown block; `make bench` puts it into docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
count=${PROGRAMS:-10000}
bin=build/terbuka
[ -x "$bin" ] || { echo "bench: build first (make build)" >&2; exit 1; }

work=$(mktemp -d /tmp/terbuka-programs.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

. bench/lib.sh

# The demo data set, then $count more programmes spread over every agency,
# status, year, funding source and kecamatan.
"$bin" demo --db "$work/bench.db" >/dev/null 2>&1
sqlite3 "$work/bench.db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count),
  ag AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS total FROM agencies),
  kc AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS total FROM agencies WHERE kind = 'kecamatan')
INSERT INTO programs (level, agency_id, title, summary, status, fiscal_year, budget, realization,
  funding, kecamatan_id, progress, rollup, targets, version, created_at, updated_at)
SELECT 'program',
  (SELECT id FROM ag WHERE k = n.i % ag.total),
  'Program uji nomor ' || n.i || ' peningkatan layanan publik',
  'Ringkasan program uji **' || n.i || '**.',
  CASE n.i % 5 WHEN 0 THEN 'direncanakan' WHEN 1 THEN 'berjalan' WHEN 2 THEN 'selesai'
              WHEN 3 THEN 'ditunda' ELSE 'dibatalkan' END,
  2024 + n.i % 3,
  (n.i * 7919 % 1000 + 1) * 10000000,
  (n.i * 7919 % 1000 + 1) * 10000000 * (n.i % 5) / 5,
  CASE n.i % 6 WHEN 0 THEN 'apbd' WHEN 1 THEN 'apbn' WHEN 2 THEN 'dak' WHEN 3 THEN 'banprov'
              WHEN 4 THEN 'csr' ELSE 'lainnya' END,
  (SELECT id FROM kc WHERE k = n.i % kc.total),
  n.i % 101, 'budget', '[]', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n, (SELECT total FROM ag LIMIT 1) AS ag, (SELECT total FROM kc LIMIT 1) AS kc;
SQL
total=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM programs WHERE level = 'program'")

tport=$(port)
"$bin" serve --listen "127.0.0.1:$tport" --db "$work/bench.db" --share . --workers 0 \
  --uploads "$work/uploads" >/dev/null 2>&1 &
pids+=($!)
wait_up "$tport" /healthz
cport=$(port)
"$bin" serve --listen "127.0.0.1:$cport" --db "$work/bench.db" --share . --workers 0 \
  --uploads "$work/uploads" --page-cache 0 >/dev/null 2>&1 &
pids+=($!)
wait_up "$cport" /healthz

one_id=$(sqlite3 "$work/bench.db" "SELECT parent_id FROM programs WHERE level = 'kegiatan' LIMIT 1")
one=$(curl -fs -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$tport/program/$one_id")
one=${one#http://127.0.0.1:$tport}
later=$(curl -fs "http://127.0.0.1:$tport/program.json?urut=anggaran" | python3 -c \
  'import json,sys; print(json.load(sys.stdin)["next"])')

mkdir -p "$work/www"
curl -fs "http://127.0.0.1:$tport/program" -o "$work/www/list.html"
curl -fs "http://127.0.0.1:$tport$later" -o "$work/www/later.html"
curl -fs "http://127.0.0.1:$tport/program.json" -o "$work/www/list.json"
curl -fs "http://127.0.0.1:$tport$one" -o "$work/www/one.html"

static_nginx /list.html


echo "$total top-level programmes (plus the demo set's kegiatan), SQLite, 2 HTTP threads, wrk -t2 -c32."
echo
echo "| page | terbuka req/s | p50 ms | p99 ms | nginx req/s | p50 ms | p99 ms | terbuka/nginx | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
vs_nginx "list \`/program\` (50 of $total, with totals)" /program /list.html
vs_nginx "a later page, budget order" "$later" /later.html
vs_nginx "its JSON twin \`/program.json\`" /program.json /list.json
vs_nginx "one programme with its kegiatan" "$one" /one.html
tport=$cport vs_nginx "list, built every time (\`--page-cache 0\`)" /program /list.html
tport=$cport vs_nginx "a later page, built every time" "$later" /later.html
tport=$cport vs_nginx "one programme, built every time" "$one" /one.html
