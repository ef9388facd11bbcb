#!/usr/bin/env bash
# Soak: mixed traffic (pages, JSON, static, form posts, 404s) at high
# concurrency for a bounded time against one terbuka on 127.0.0.1, sampling
# its memory. Passes when there was no 5xx, no crash, and memory was flat.
#
#   bench/soak.sh [SECONDS]      (default 300)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-300}
bin=build/terbuka
work=$(mktemp -d /tmp/terbuka-soak.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --listen "127.0.0.1:$port" --db "$work/soak.db" --demo --share . >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
samples=()
( wrk -t2 -c256 -d"${secs}s" --timeout 10s -s bench/soak.lua "http://127.0.0.1:$port" >"$work/wrk" ) &
wrkpid=$!
while kill -0 "$wrkpid" 2>/dev/null; do
  sleep $(( secs / 10 > 0 ? secs / 10 : 1 ))
  kill -0 "$pid" 2>/dev/null || { echo "soak: terbuka died" >&2; exit 1; }
  samples+=("$(rss)")
done
wait "$wrkpid"

requests=$(awk '/requests in/ {print $1}' "$work/wrk")
rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk")
statuses=$(grep '^statuses' "$work/wrk")
five=$(sed -n 's/.*5xx=\([0-9]*\).*/\1/p' <<<"$statuses")
first=${samples[1]:-${samples[0]}}
last=${samples[-1]}
growth=$(( (last - first) * 100 / first ))
curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "soak: not serving at the end" >&2; exit 1; }
echo "| run | requests | req/s | answers by class | memory (RSS, early → end) |"
echo "|---|---:|---:|---|---|"
echo "| ${secs} s, wrk -t2 -c256 | ${requests} requests | ${rps} req/s | ${statuses#statuses } | RSS $((first / 1024)) → $((last / 1024)) MB (${growth}%) |"
[ "$five" = 0 ] || { echo "soak: $five answers were 5xx" >&2; exit 1; }
[ "$growth" -le 10 ] || { echo "soak: memory grew by ${growth}%" >&2; exit 1; }
