#!/usr/bin/env bash
# terbuka against the practical limit: nginx serving the very same bytes as
# static files, in the same run. Pages: home, a department, its JSON twin,
# and a static CSS file. Also idle and peak memory of the terbuka process.
# Everything on 127.0.0.1; stops by itself.
#
#   bench/http.sh [SECONDS]     (default 10 s per measurement)
#
# Prints a Markdown table; `make bench` puts it into docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
bin=build/terbuka
[ -x "$bin" ] || { echo "bench: build first (make build)" >&2; exit 1; }

work=$(mktemp -d /tmp/terbuka-http.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

. bench/lib.sh

tport=$(port)
"$bin" serve --listen "127.0.0.1:$tport" --db "$work/bench.db" --demo --share . --workers 0 \
  >/dev/null 2>&1 &
tpid=$!
pids+=($tpid)
wait_up "$tport" /healthz
sleep 0.5
idle_kb=$(awk '/VmRSS/ {print $2}' "/proc/$tpid/status")
idle_anon_kb=$(awk '/RssAnon/ {print $2}' "/proc/$tpid/status")

# The same bytes for nginx, as static files.
mkdir -p "$work/www"
css=$(curl -fs "http://127.0.0.1:$tport/" | grep -o '/static/css/site.css?v=[0-9a-f]*' | head -n1)
curl -fs "http://127.0.0.1:$tport/" -o "$work/www/index.html"
curl -fs "http://127.0.0.1:$tport/dinas/dinkes" -o "$work/www/dinkes.html"
curl -fs "http://127.0.0.1:$tport/dinas/dinkes.json" -o "$work/www/dinkes.json"
curl -fs "http://127.0.0.1:$tport$css" -o "$work/www/site.css"

static_nginx /index.html


echo "| page | terbuka req/s | p50 ms | p99 ms | nginx req/s | p50 ms | p99 ms | terbuka/nginx | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
vs_nginx "home \`/\`" / /index.html
vs_nginx "department \`/dinas/dinkes\`" /dinas/dinkes /dinkes.html
vs_nginx "its JSON twin \`/dinas/dinkes.json\`" /dinas/dinkes.json /dinkes.json
vs_nginx "static CSS" "$css" /site.css
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$tpid/status")
echo
echo "terbuka memory: idle RSS $((idle_kb / 1024)) MB after start-up, of which $((idle_anon_kb / 1024)) MB its own (anonymous) memory and the rest pages of shared libraries; peak RSS $((peak_kb / 1024)) MB during the run (2 HTTP threads, 32 connections, page cache on)."
