#!/usr/bin/env bash
# Read throughput of the department page and the home page on SQLite and on
# PostgreSQL, one node and two nodes behind nginx, side by side in one run.
# Everything runs on 127.0.0.1 and stops by itself.
#
#   bench/nodes.sh [SECONDS]      (default 10 s per measurement)
#
# Prints a Markdown table; `make bench` puts it into docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
bin=build/terbuka
[ -x "$bin" ] || { echo "bench: build first (make build)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk missing (scripts/deps)" >&2; exit 1; }

work=$(mktemp -d /tmp/terbuka-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  scripts/pg-cluster stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

. bench/lib.sh

# node DB: starts a node in the background (logs discarded); its port is in $up.
# (Not called in $(...): a subshell would lose the pid and leave it running.)
node() {
  local p
  p=$(port)
  "$bin" serve --listen "127.0.0.1:$p" --db "$1" --share . --workers 0 >/dev/null 2>&1 &
  pids+=($!)
  wait_up "$p"
  up=$p
}

# balancer PORT...: nginx in front of the given ports; its port is in $up.
balancer() {
  local p conf servers=""
  p=$(port)
  for u in "$@"; do servers+="server 127.0.0.1:$u; "; done
  conf="$work/nginx-$p.conf"
  cat > "$conf" <<NGINX
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
daemon off;
pid $work/nginx-$p.pid;
error_log $work/nginx-$p.err warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  upstream terbuka { $servers keepalive 64; }
  server {
    listen 127.0.0.1:$p;
    location / { proxy_pass http://terbuka; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
  nginx -c "$conf" -e "$work/nginx-$p.err" >/dev/null 2>&1 &
  pids+=($!)
  wait_up "$p"
  up=$p
}

# measure LABEL PORT: one table row per page
measure() {
  for page in /dinas/dinkes /; do
    out=$(wrk -t2 -c32 -d"${secs}s" --latency "http://127.0.0.1:$2$page")
    python3 - "$1" "$page" "$out" <<'PY'
import re, sys
label, page, out = sys.argv[1:]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
def lat(q):
    m = re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s)", out, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
print(f"| {label} | `{page}` | {rps:,.0f} | {lat(50):.2f} | {lat(99):.2f} | {errors.group(1) if errors else 0} |")
PY
  done
}

scripts/pg-cluster start "$work/pg" >/dev/null
pgurl=$(scripts/pg-cluster createdb "$work/pg" bench)
"$bin" demo --db "$pgurl" --share . >/dev/null 2>&1
"$bin" demo --db "$work/bench.db" --share . >/dev/null 2>&1

echo "| setup | page | req/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---|---:|---:|---:|---:|"
node "$work/bench.db"; s1=$up
measure "SQLite, 1 node" "$s1"
balancer "$s1"; measure "SQLite, 1 node behind nginx" "$up"
node "$pgurl"; p1=$up
measure "PostgreSQL, 1 node" "$p1"
balancer "$p1"; measure "PostgreSQL, 1 node behind nginx" "$up"
node "$pgurl"; p2=$up
balancer "$p1" "$p2"; measure "PostgreSQL, 2 nodes behind nginx" "$up"
