# Shared by the bench/ scripts (sourced, not run).

# A free TCP port on 127.0.0.1.
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# wait_up PORT [PATH]: waits until PATH (default /healthz) answers on PORT.
wait_up() {
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$1${2:-/healthz}" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "bench: nothing answers on port $1" >&2; exit 1
}

# vs_nginx LABEL TERBUKA_PATH NGINX_PATH: a Markdown table row measuring
# terbuka (on $tport) and nginx (on $nport) with wrk for $secs seconds each,
# and the ratio between them.
vs_nginx() {
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

# static_nginx FILE: nginx serving $work/www as static files (one worker,
# sendfile) on a free port, set in $nport; its pid joins $pids; returns
# once FILE (a path under $work/www) answers.
static_nginx() {
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
  wait_up "$nport" "$1"
}
