#!/usr/bin/env bash
# The question pages with 100,000 questions and 100,000 answers in the
# database (SQLite), each against nginx serving the very same bytes as
# static files, in the same run: the list (first page, a later keyset
# page, one department's most-voted), its JSON twin, and one question with
# its answers, as anonymous visitors get them (page cache) and built on
# every request (a second server with --page-cache 0). Everything on
# 127.0.0.1; stops by itself.
#
#   bench/questions.sh [SECONDS]     (default 10 s per measurement)
#
# Prints a Markdown block; `make bench` puts it into docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
count=${QUESTIONS:-100000}
bin=build/terbuka
[ -x "$bin" ] || { echo "bench: build first (make build)" >&2; exit 1; }

work=$(mktemp -d /tmp/terbuka-questions.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

. bench/lib.sh

# The demo data set, then $count questions over every department: 70% of
# them answered once, 30% of those twice (100,000 answers at 100,000
# questions), the rest waiting, half of those past their due date.
"$bin" demo --db "$work/bench.db" >/dev/null 2>&1
sqlite3 "$work/bench.db" <<SQL
PRAGMA foreign_keys = OFF;
CREATE TEMP TABLE n AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count)
  SELECT i FROM n;
CREATE TEMP TABLE ag AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM agencies;
INSERT INTO questions (user_id, agency_id, title, body, anonymous, state, listed, votes, answers,
  created_at, published_at, clock_from, due_at, first_response_at, answered_at, updated_at)
SELECT (SELECT min(id) FROM users),
  (SELECT id FROM ag WHERE k = n.i % (SELECT count(*) FROM ag)),
  'Pertanyaan uji nomor ' || n.i || ' tentang perbaikan jalan dan saluran air di desa',
  'Mohon penjelasan tentang pekerjaan nomor ' || n.i || '. Sudah lama warga menunggu.',
  n.i % 9 = 0,
  CASE WHEN n.i % 10 < 7 THEN 'dijawab' ELSE 'terbuka' END, 1,
  n.i * 7919 % 97,
  CASE WHEN n.i % 10 < 7 THEN 1 + (n.i % 10 < 3) ELSE 0 END,
  strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (n.i * 300 / $count) || ' days'),
  strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (n.i * 300 / $count) || ' days'),
  strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (n.i * 300 / $count) || ' days'),
  strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (n.i * 300 / $count + 7 + (n.i % 2) * 400) || ' days'),
  CASE WHEN n.i % 10 < 7 THEN strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (n.i * 300 / $count + 3) || ' days') END,
  CASE WHEN n.i % 10 < 7 THEN strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (n.i * 300 / $count + 3) || ' days') END,
  strftime('%Y-%m-%dT%H:%M:%SZ', '2026-01-01', '+' || (n.i * 300 / $count) || ' days')
FROM n;
INSERT INTO answers (question_id, agency_id, body, created_at, updated_at, rating_sum, rating_count)
SELECT q.id, q.agency_id, 'Terima kasih. Tim kami sudah **memeriksa** lokasi dan pekerjaan dijadwalkan bulan depan.',
  q.answered_at, q.answered_at, (q.id % 5 + 1) * 3, 3
FROM questions q, (SELECT 1 AS k UNION ALL SELECT 2) x
WHERE q.title LIKE 'Pertanyaan uji%' AND x.k <= q.answers;
INSERT INTO question_events (question_id, at, kind) SELECT id, created_at, 'diajukan' FROM questions
  WHERE title LIKE 'Pertanyaan uji%';
SQL
total=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM questions")
answers=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM answers")

start() { # start PORT [ARGS...]: a server on the bench database
  local p=$1; shift
  "$bin" serve --listen "127.0.0.1:$p" --db "$work/bench.db" --share . --workers 0 \
    --uploads "$work/uploads" "$@" >/dev/null 2>&1 &
  pids+=($!)
  wait_up "$p" /healthz
}
tport=$(port); start "$tport"
cport=$(port); start "$cport" --page-cache 0

one_id=$(sqlite3 "$work/bench.db" "SELECT max(question_id) FROM answers")
one=$(curl -fs -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$tport/pertanyaan/$one_id")
one=${one#http://127.0.0.1:$tport}
later=$(curl -fs "http://127.0.0.1:$tport/pertanyaan.json" | python3 -c \
  'import json,sys; print(json.load(sys.stdin)["next"])')
agency=$(sqlite3 "$work/bench.db" "SELECT slug FROM agencies ORDER BY id LIMIT 1")
voted="/pertanyaan?dinas=$agency&urut=dukungan"

mkdir -p "$work/www"
curl -fs "http://127.0.0.1:$tport/pertanyaan" -o "$work/www/list.html"
curl -fs "http://127.0.0.1:$tport$later" -o "$work/www/later.html"
curl -fs "http://127.0.0.1:$tport$voted" -o "$work/www/voted.html"
curl -fs "http://127.0.0.1:$tport/pertanyaan.json" -o "$work/www/list.json"
curl -fs "http://127.0.0.1:$tport$one" -o "$work/www/one.html"

static_nginx /list.html

echo "$total questions and $answers answers (the demo set's among them), SQLite, 2 HTTP threads, wrk -t2 -c32."
echo
echo "| page | terbuka req/s | p50 ms | p99 ms | nginx req/s | p50 ms | p99 ms | terbuka/nginx | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
vs_nginx "list \`/pertanyaan\` (30 of $total)" /pertanyaan /list.html
vs_nginx "a later keyset page" "$later" /later.html
vs_nginx "one department, most voted" "$voted" /voted.html
vs_nginx "its JSON twin \`/pertanyaan.json\`" /pertanyaan.json /list.json
vs_nginx "one question with its answers" "$one" /one.html
tport=$cport vs_nginx "list, built every time (\`--page-cache 0\`)" /pertanyaan /list.html
tport=$cport vs_nginx "a later page, built every time" "$later" /later.html
tport=$cport vs_nginx "one department, most voted, built every time" "$voted" /voted.html
tport=$cport vs_nginx "one question, built every time" "$one" /one.html
