#!/usr/bin/env bash
# Search (/cari) with 100,000 questions and 100,000 answers in the
# database (SQLite) besides the demo data set: one common word, two words,
# a stemmed pair, a rare word, filters, a mix of forty searches in turn,
# the ask form's suggestions, all built on every request (--page-cache 0:
# what a search costs the first time), and one popular search as most
# visitors get it (kept by the page cache). Also how long building the
# whole index takes. Everything on 127.0.0.1; stops by itself.
#
#   bench/search.sh [SECONDS]     (default 10 s per measurement)
#
# Prints a Markdown block; `make bench` puts it into docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
count=${QUESTIONS:-100000}
bin=build/terbuka
[ -x "$bin" ] || { echo "bench: build first (make build)" >&2; exit 1; }

work=$(mktemp -d /tmp/terbuka-search.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

. bench/lib.sh

# The demo data set, then $count questions and as many answers. Words are
# drawn so that a few are very common (each of five "top" words is in a
# fifth of the titles), forty are common (a few percent each) and numbered
# ones ("desa123", "nomor4567") are rare.
"$bin" demo --db "$work/bench.db" >/dev/null 2>&1
sqlite3 "$work/bench.db" <<SQL
CREATE TEMP TABLE top (k INTEGER PRIMARY KEY, w TEXT);
INSERT INTO top (w) VALUES ('jalan'), ('rusak'), ('warga'), ('sampah'), ('banjir');
CREATE TEMP TABLE common (k INTEGER PRIMARY KEY, w TEXT);
INSERT INTO common (w) VALUES ('berlubang'), ('lampu'), ('penerangan'), ('sekolah'), ('beasiswa'),
  ('puskesmas'), ('pelayanan'), ('perbaikan'), ('pembangunan'), ('saluran'), ('drainase'),
  ('jembatan'), ('air'), ('bersih'), ('listrik'), ('pasar'), ('desa'), ('kecamatan'), ('kapan'),
  ('diperbaiki'), ('segera'), ('bantuan'), ('sosial'), ('kartu'), ('keluarga'), ('izin'), ('usaha'),
  ('parkir'), ('macet'), ('angkutan'), ('umum'), ('taman'), ('pohon'), ('tumbang'), ('genangan'),
  ('trotoar'), ('posyandu'), ('imunisasi'), ('ktp'), ('sertifikat');
CREATE TEMP TABLE tail (k INTEGER PRIMARY KEY, w TEXT);
INSERT INTO tail (w) VALUES ('dan'), ('yang'), ('di'), ('sejak'), ('minggu'), ('lalu'), ('belum'),
  ('ada'), ('tindakan'), ('dari'), ('dinas'), ('terkait'), ('sudah'), ('dilaporkan'), ('berkali'), ('kali');
INSERT INTO users (email, email_key, display_name, created_at, updated_at)
  VALUES ('bench@example.id', 'bench@example.id', 'Bench', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count),
  ag AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM agencies WHERE kind <> 'kecamatan'),
  kc AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM agencies WHERE kind = 'kecamatan')
INSERT INTO questions (user_id, agency_id, kecamatan_id, title, body, state, listed, answers,
  created_at, published_at, updated_at)
SELECT (SELECT id FROM users WHERE email_key = 'bench@example.id'),
  (SELECT id FROM ag WHERE k = n.i % (SELECT count(*) FROM ag)),
  (SELECT id FROM kc WHERE k = n.i % (SELECT count(*) FROM kc)),
  (SELECT w FROM top WHERE k = 1 + n.i % 5) || ' ' || (SELECT w FROM common WHERE k = 1 + (n.i * 7) % 40) ||
    ' di desa' || (n.i * 7919 % 3000) || ' ' || (SELECT w FROM common WHERE k = 1 + (n.i * 13) % 40),
  (SELECT w FROM common WHERE k = 1 + (n.i * 3) % 40) || ' ' || (SELECT w FROM tail WHERE k = 1 + n.i % 16) ||
    ' ' || (SELECT w FROM top WHERE k = 1 + (n.i * 3) % 5) || ' ' || (SELECT w FROM tail WHERE k = 1 + (n.i * 5) % 16) ||
    ' rt' || (n.i % 30) || ' rw' || (n.i % 12) || ' ' || (SELECT w FROM common WHERE k = 1 + (n.i * 17) % 40) ||
    ' ' || (SELECT w FROM tail WHERE k = 1 + (n.i * 7) % 16) || ' ' || (SELECT w FROM common WHERE k = 1 + (n.i * 19) % 40) ||
    ' nomor' || (n.i * 104729 % 50000) || ' ' || (SELECT w FROM tail WHERE k = 1 + (n.i * 3) % 16) || ' ' ||
    (SELECT w FROM common WHERE k = 1 + (n.i * 23) % 40) || '. Mohon ditindaklanjuti oleh dinas terkait.',
  CASE n.i % 4 WHEN 0 THEN 'terbuka' ELSE 'dijawab' END, 1, 1,
  '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count),
  first AS (SELECT min(id) AS id FROM questions WHERE user_id = (SELECT id FROM users WHERE email_key = 'bench@example.id'))
INSERT INTO answers (question_id, agency_id, body, created_at, updated_at)
SELECT q.id, q.agency_id,
  'Terima kasih atas laporannya. ' || (SELECT w FROM common WHERE k = 1 + (n.i * 29) % 40) || ' ' ||
  (SELECT w FROM top WHERE k = 1 + (n.i * 31) % 5) || ' akan ditangani ' ||
  CASE n.i % 3 WHEN 0 THEN 'minggu depan' WHEN 1 THEN 'bulan ini' ELSE 'tahun anggaran berikutnya' END ||
  ' oleh tim ' || (SELECT w FROM common WHERE k = 1 + (n.i * 37) % 40) || ', nomor tiket ' || (n.i * 7919 % 90000) || '.',
  '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z'
FROM n, first JOIN questions q ON q.id = first.id - 1 + n.i;
SQL
start=$(date +%s.%N)
"$bin" search reindex --db "$work/bench.db" >/dev/null 2>&1
reindex=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
docs=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM search_docs")
nq=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM questions")
na=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM answers")
jalan=$(sqlite3 "$work/bench.db" "SELECT count(*) FROM search_docs WHERE title LIKE '%jalan%' OR body LIKE '%jalan%'")
size=$(du -m "$work/bench.db" | cut -f1)

cport=$(port)
"$bin" serve --listen "127.0.0.1:$cport" --db "$work/bench.db" --share . --workers 0 \
  --uploads "$work/uploads" --page-cache 0 >/dev/null 2>&1 &
pids+=($!)
wait_up "$cport" /healthz
tport=$(port)
"$bin" serve --listen "127.0.0.1:$tport" --db "$work/bench.db" --share . --workers 0 \
  --uploads "$work/uploads" >/dev/null 2>&1 &
pids+=($!)
wait_up "$tport" /healthz

# Forty searches a resident might type, asked in turn.
cat > "$work/mix.lua" <<'LUA'
local qs = {
  "jalan", "jalan+rusak", "membangun+jalan", "sampah+menumpuk", "banjir+di+desa", "lampu+jalan+mati",
  "beasiswa+sekolah", "puskesmas", "pelayanan+ktp", "jembatan+rusak", "air+bersih", "saluran+drainase",
  "pohon+tumbang", "parkir+liar", "macet", "angkutan+umum", "sertifikat+tanah", "izin+usaha",
  "kartu+keluarga", "bantuan+sosial", "posyandu+imunisasi", "trotoar", "genangan+air", "warga",
  "desa1234", "nomor4242", "tiket+5555", "rusak+berlubang", "kapan+diperbaiki", "penerangan+jalan+umum",
  "pembangunan+pasar", "taman+kota", "listrik+padam", "banjir", "sampah", "perbaikan+jalan+desa",
  "pasar&jenis=pertanyaan", "jalan&status=dijawab", "banjir&kecamatan=kecamatan-babelan", "sekolah&dinas=disdik",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format(nil, "/cari?q=" .. qs[(i % #qs) + 1])
end
LUA

# row LABEL PORT PATH [wrk args...]: one Markdown row, wrk -t2 -c2 (two requests in flight) for $secs seconds.
row() {
  local label=$1 p=$2 path=$3 out
  shift 3
  out=$(wrk -t2 -c2 -d"${secs}s" --latency "$@" "http://127.0.0.1:$p$path")
  python3 - "$label" "$out" <<'PY'
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

echo "$nq questions and $na answers besides the demo set ($docs documents in the index, $size MB" \
     "database; \`terbuka search reindex\` built the index in $reindex s). SQLite, 2 HTTP threads," \
     "wrk -t2 -c2; every search below is built on each request (\`--page-cache 0\`) except the last row."
echo
echo "| search | req/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---:|---:|---:|---:|"
row "one common word \`jalan\` ($jalan documents)" "$cport" "/cari?q=jalan"
row "two words \`jalan rusak\`" "$cport" "/cari?q=jalan+rusak"
row "stemmed \`membangun jalan\` (finds \"pembangunan\")" "$cport" "/cari?q=membangun+jalan"
row "a rare word \`nomor4242\`" "$cport" "/cari?q=nomor4242"
row "with filters (\`jenis\`, \`status\`, \`kecamatan\`)" "$cport" "/cari?q=jalan&jenis=pertanyaan&status=dijawab&kecamatan=kecamatan-babelan"
row "a later page (\`halaman=10\`)" "$cport" "/cari?q=jalan&halaman=10"
row "forty different searches in turn" "$cport" "/" -s "$work/mix.lua"
row "suggestions for the ask form \`/cari/saran.json\`" "$cport" "/cari/saran.json?q=jalan+berlubang+di+desa"
row "a popular search, kept by the page cache" "$tport" "/cari?q=jalan+rusak"
