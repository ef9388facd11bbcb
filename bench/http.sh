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

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() {
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$1$2" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "bench: nothing answers on port $1" >&2; exit 1
}

tport=$(port)
"$bin" serve --listen "127.0.0.1:$tport" --db "$work/bench.db" --demo --share . --workers 0 \
  >/dev/null 2>&1 &
tpid=$!
pids+=($tpid)
wait_up "$tport" /healthz
sleep 0.5
idle_kb=$(awk '/VmRSS/ {print $2}' "/proc/$tpid/status")

# The same bytes for nginx, as static files.
mkdir -p "$work/www"
css=$(curl -fs "http://127.0.0.1:$tport/" | grep -o '/static/css/site.css?v=[0-9a-f]*' | head -n1)
curl -fs "http://127.0.0.1:$tport/" -o "$work/www/index.html"
curl -fs "http://127.0.0.1:$tport/dinas/dinkes" -o "$work/www/dinkes.html"
curl -fs "http://127.0.0.1:$tport/dinas/dinkes.json" -o "$work/www/dinkes.json"
curl -fs "http://127.0.0.1:$tport$css" -o "$work/www/site.css"

nport=$(port)
cat > "$work/nginx.conf" <<NGINX
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx.err warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
NGINX
nginx -c "$work/nginx.conf" -e "$work/nginx.err" >/dev/null 2>&1 &
pids+=($!)
wait_up "$nport" /index.html

# one LABEL TERBUKA_PATH NGINX_PATH: a table row with both and the ratio
one() {
  local t n
  t=$(wrk -t2 -c32 -d"${secs}s" --latency "http://127.0.0.1:$tport$2")
  n=$(wrk -t2 -c32 -d"${secs}s" --latency "http://127.0.0.1:$nport$3")
  python3 - "$1" "$t" "$n" <<'PY'
import re, sys
label, t, n = sys.argv[1:]
def parse(out):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def lat(q):
        m = re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s)", out, re.M)
        v, u = float(m.group(1)), m.group(2)
        return v / 1000 if u == "us" else v * 1000 if u == "s" else v
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, lat(50), lat(99), int(bad.group(1)) if bad else 0
tr, t50, t99, tbad = parse(t)
nr, n50, n99, nbad = parse(n)
print(f"| {label} | {tr:,.0f} | {t50:.2f} | {t99:.2f} | {nr:,.0f} | {n50:.2f} | {n99:.2f} | "
      f"{tr / nr:.0%} | {tbad + nbad} |")
PY
}

echo "| page | terbuka req/s | p50 ms | p99 ms | nginx req/s | p50 ms | p99 ms | terbuka/nginx | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
one "home \`/\`" / /index.html
one "department \`/dinas/dinkes\`" /dinas/dinkes /dinkes.html
one "its JSON twin \`/dinas/dinkes.json\`" /dinas/dinkes.json /dinkes.json
one "static CSS" "$css" /site.css
peak_kb=$(awk '/VmHWM/ {print $2}' "/proc/$tpid/status")
echo
echo "terbuka memory: idle RSS $((idle_kb / 1024)) MB after start-up; peak RSS $((peak_kb / 1024)) MB during the run (2 HTTP threads, 32 connections)."
