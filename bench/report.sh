#!/usr/bin/env bash
# The public report card (/laporan) with 100,000 questions besides the
# demo data set (SQLite): how long one run of the background count takes
# (report_runs.took_ms), then the dashboard and a department's page, each
# built on every request (--page-cache 0: what a page costs once the
# figures are counted) and as anonymous visitors get them (kept by the
# page cache) against nginx serving the same bytes. Everything on
# 127.0.0.1; stops by itself.
#
#   bench/report.sh [SECONDS]     (default 10 s per measurement)
#
# Prints a Markdown block; `make bench` puts it into docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
count=${QUESTIONS:-100000}
bin=build/terbuka
[ -x "$bin" ] || { echo "bench: build first (make build)" >&2; exit 1; }

work=$(mktemp -d /tmp/terbuka-report.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

. bench/lib.sh

# $count questions this year, spread over the months so far and over the
# departments: each asked (an event), three in four answered after up to
# about a week, one in ten forwarded to the next department first, one in
# five answers rated.
year=$(TZ=Asia/Jakarta date +%Y)
days=$(( $(TZ=Asia/Jakarta date +%j | sed 's/^0*//') - 1 ))
[ "$days" -gt 0 ] || days=1
"$bin" demo --db "$work/bench.db" >/dev/null 2>&1
sqlite3 "$work/bench.db" <<SQL
INSERT INTO users (email, email_key, display_name, created_at, updated_at)
  VALUES ('bench@example.id', 'bench@example.id', 'Bench', '$year-01-01T00:00:00Z', '$year-01-01T00:00:00Z');
CREATE TEMP TABLE ag AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM agencies WHERE kind <> 'kecamatan';
CREATE TEMP TABLE q AS
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
SELECT i,
  (SELECT id FROM ag WHERE k = i % (SELECT count(*) FROM ag)) AS agency,
  (SELECT id FROM ag WHERE k = (i + 1) % (SELECT count(*) FROM ag)) AS next,
  strftime('%Y-%m-%dT%H:%M:%SZ', '$year-01-01', '+' || (i % $days) || ' days', '+' || (1 + i % 11) || ' hours',
           '+' || (i % 60) || ' minutes') AS at,
  strftime('%Y-%m-%dT%H:%M:%SZ', '$year-01-01', '+' || (i % $days) || ' days', '+' || (1 + i % 11) || ' hours',
           '+' || (i % 60 + 30 + (i * 7919) % 10000) || ' minutes') AS done
FROM n;
INSERT INTO questions (id, user_id, agency_id, title, body, state, listed, answers, forwarded, created_at,
  published_at, clock_from, due_at, first_response_at, answered_at, updated_at)
SELECT 1000000 + i, (SELECT id FROM users WHERE email_key = 'bench@example.id'),
  CASE WHEN i % 10 = 0 THEN next ELSE agency END,
  'Pertanyaan nomor ' || i, 'Mohon ditindaklanjuti oleh dinas terkait.',
  CASE WHEN i % 4 = 0 THEN 'terbuka' ELSE 'dijawab' END, 1, CASE WHEN i % 4 = 0 THEN 0 ELSE 1 END,
  CASE WHEN i % 10 = 0 THEN 1 ELSE 0 END, at, at, at,
  strftime('%Y-%m-%dT%H:%M:%SZ', at, '+7 days'),
  CASE WHEN i % 4 = 0 AND i % 10 <> 0 THEN NULL ELSE done END,
  CASE WHEN i % 4 = 0 THEN NULL ELSE done END, at
FROM q;
INSERT INTO question_events (question_id, at, kind, agency_id, to_agency_id)
  SELECT 1000000 + i, at, 'diajukan', NULL, agency FROM q;
INSERT INTO question_events (question_id, at, kind, agency_id, to_agency_id)
  SELECT 1000000 + i, strftime('%Y-%m-%dT%H:%M:%SZ', at, '+20 minutes'), 'diteruskan', agency, next FROM q
  WHERE i % 10 = 0;
INSERT INTO answers (id, question_id, agency_id, body, rating_sum, rating_count, created_at, updated_at)
  SELECT 1000000 + i, 1000000 + i, CASE WHEN i % 10 = 0 THEN next ELSE agency END, 'Sudah ditangani.',
    0, 0, done, done FROM q WHERE i % 4 <> 0;
INSERT INTO question_events (question_id, at, kind, agency_id, answer_id)
  SELECT 1000000 + i, done, 'dijawab', CASE WHEN i % 10 = 0 THEN next ELSE agency END, 1000000 + i FROM q
  WHERE i % 4 <> 0;
INSERT INTO answer_ratings (answer_id, user_id, stars, at)
  SELECT 1000000 + i, (SELECT id FROM users WHERE email_key = 'bench@example.id'), 1 + i % 5, done FROM q
  WHERE i % 4 <> 0 AND i % 5 = 1;
SQL
nq=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM questions")
ne=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM question_events")
size=$(du -m "$work/bench.db" | cut -f1)

cport=$(port)
"$bin" serve --listen "127.0.0.1:$cport" --db "$work/bench.db" --share . --workers 1 \
  --uploads "$work/uploads" --page-cache 0 >"$work/serve.log" 2>&1 &
pids+=($!)
wait_up "$cport" /healthz
# the first run starts with the server; wait for it
for _ in $(seq 600); do
  [ "$(sqlite3 "$work/bench.db" "SELECT computed_at IS NOT NULL FROM report_runs")" = 1 ] && break
  sleep 0.2
done
took=$(sqlite3 "$work/bench.db" "SELECT took_ms FROM report_runs")
rowsn=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM report_figures")
slug=$(sqlite3 "$work/bench.db" "SELECT a.slug FROM report_figures f JOIN agencies a ON a.id = f.agency_id \
  WHERE f.period = '$year' ORDER BY length(f.figures) DESC LIMIT 1")
tport=$(port)
"$bin" serve --listen "127.0.0.1:$tport" --db "$work/bench.db" --share . --workers 0 \
  --uploads "$work/uploads" >/dev/null 2>&1 &
pids+=($!)
wait_up "$tport" /healthz

# row LABEL PORT PATH: one Markdown row, wrk -t2 -c2 for $secs seconds.
row() {
  local out
  out=$(wrk -t2 -c2 -d"${secs}s" --latency "http://127.0.0.1:$2$3")
  python3 - "$1" "$out" <<'PY'
import re, sys
label, out = sys.argv[1:]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
def lat(q):
    m = re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s)", out, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
print(f"| {label} | {rps:,.0f} | {lat(50):.2f} | {lat(99):.2f} | {int(bad.group(1)) if bad else 0} |")
PY
}

mkdir -p "$work/www/laporan"
curl -fs "http://127.0.0.1:$tport/laporan" -o "$work/www/laporan/index.html"
curl -fs "http://127.0.0.1:$tport/laporan/$slug" -o "$work/www/laporan/$slug.html"
static_nginx "/laporan/index.html"

echo "$nq questions ($ne events in their histories) in a $size MB SQLite database. One run of the" \
     "background count (\`report.refresh\`) took **$took ms** and wrote $rowsn rows of figures." \
     "2 HTTP threads; the first table builds each page on every request (\`--page-cache 0\`)," \
     "wrk -t2 -c2; the second is the kept page against nginx serving the same bytes, wrk -t2 -c32."
echo
echo "| page, built on each request | req/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---:|---:|---:|---:|"
row "dashboard \`/laporan\`" "$cport" "/laporan"
row "its JSON twin \`/laporan.json\`" "$cport" "/laporan.json"
row "a department \`/laporan/$slug\`" "$cport" "/laporan/$slug"
row "a month \`/laporan?bulan=1\`" "$cport" "/laporan?bulan=1"
echo
echo "| page, kept | terbuka req/s | p50 ms | p99 ms | nginx req/s | p50 ms | p99 ms | terbuka/nginx | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
vs_nginx "dashboard \`/laporan\`" "/laporan" "/laporan/index.html"
vs_nginx "a department \`/laporan/$slug\`" "/laporan/$slug" "/laporan/$slug.html"
