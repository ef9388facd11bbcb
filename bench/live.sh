#!/usr/bin/env bash
# Live event streams at scale, on each engine: VIEWERS Server-Sent Events
# connections to one live session (/sesi/:id/aliran) on one node, an event
# a second, and the delivery latency of every event to every viewer (the
# event carries its publish time; build/live-load computes now - then).
#   - SQLite: the events are questions asked over HTTP (POST /sesi/:id/tanya,
#     no premoderation): asked -> written -> published -> seen by everyone.
#   - PostgreSQL: the events are NOTIFYs sent from outside, the way another
#     node's events arrive (what two nodes share is the database).
# Also: the node's memory and open files with the viewers on, the home page
# measured alone and while it all runs (with nginx serving the same bytes at
# the same moment, for the ratio), and on SQLite 10,000 connects and
# disconnects with what they leave behind. Everything runs on 127.0.0.1 and
# stops by itself.
#
#   bench/live.sh [SECONDS] [VIEWERS]   (default 10 s per measurement, 10000)
#
# Needs nginx and PostgreSQL (scripts/deps). Prints a Markdown table;
# `make bench` puts it into docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
viewers=${2:-10000}
churns=10000
build=${BUILD:-build}   # BUILD=dir: another build of terbuka
bin=$build/terbuka
load=$build/live-load
[ -x "$bin" ] && [ -x "$load" ] || { echo "bench: build first (make build)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "bench: wrk missing (scripts/deps)" >&2; exit 1; }

work=$(mktemp -d /tmp/terbuka-live.XXXXXX)
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

rss() { awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$tpid/status"; }
hwm() { awk '/^VmHWM/ {print int($2 / 1024)}' "/proc/$tpid/status"; }
fds() { ls "/proc/$tpid/fd" | wc -l; }
# wrk_row URL: "req/s p50 p99 non2xx" of the page over $secs seconds
wrk_row() {
  wrk -t2 -c32 -d"${secs}s" --latency "$1" | python3 -c '
import re, sys
out = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
def lat(q):
    m = re.search(rf"^\s+{q}%\s+([\d.]+)(us|ms|s)", out, re.M)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
print(f"{rps:.0f} {lat(50):.2f} {lat(99):.2f} {bad.group(1) if bad else 0}")'
}

session_sql="INSERT INTO live_sessions (title, starts_at, ends_at, state, premoderated, allow_anonymous, created_at, updated_at) VALUES ('Uji beban', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', 'berlangsung', 0, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z') RETURNING id"

# nginx serves the pages' bytes as static files, for the ratio.
mkdir -p "$work/www"
echo ok > "$work/www/up.html"
static_nginx /up.html

# ask PORT SESSION N: N questions over HTTP, one a second, each carrying
# its time ("bench-t=<microseconds>") in its text, as one anonymous visitor.
ask() {
  python3 - "$@" <<'PY'
import http.client, json, sys, time, urllib.parse
port, sid, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
cookies = {}
def request(method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    h = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
    h.update(headers or {})
    c.request(method, path, body, h)
    r = c.getresponse()
    data = r.read()
    for sc in r.headers.get_all("Set-Cookie") or []:
        k, _, v = sc.split(";", 1)[0].partition("=")
        cookies[k] = v
    c.close()
    return r.status, data
status, data = request("GET", "/masuk.json")
token = json.loads(data)["csrf_token"]
start = time.monotonic()
for k in range(n):
    time.sleep(max(0.0, start + k - time.monotonic()))
    form = urllib.parse.urlencode({"isi": f"Pertanyaan uji beban nomor {k} bench-t={time.time_ns() // 1000}",
                                   "nama": "", "csrf": token})
    status, _ = request("POST", f"/sesi/{sid}/tanya", form,
                        {"Content-Type": "application/x-www-form-urlencoded"})
    if status not in (200, 303):
        print(f"bench: asking answered {status}", file=sys.stderr)
PY
}

# measure ENGINE: one node of that engine with the viewers; results in $work/ENGINE.res
measure() {
  local engine=$1 db events marker
  if [ "$engine" = postgresql ]; then
    scripts/pg-cluster start "$work/pg" >/dev/null
    db=$(scripts/pg-cluster createdb "$work/pg" live)
  else
    db="$work/live.db"
  fi
  tport=$(port)
  "$bin" serve --listen "127.0.0.1:$tport" --db "$db" --demo --share . --workers 0 \
    >/dev/null 2>"$work/$engine.err" &
  tpid=$!
  pids+=($tpid)
  for _ in $(seq 600); do curl -fs "http://127.0.0.1:$tport/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
  wait_up "$tport" /healthz
  if [ "$engine" = postgresql ]; then
    session=$(psql -X -q -t -A "$db" -c "$session_sql")
  else
    session=$(python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0]); c.commit()' "$db" "$session_sql")
  fi
  curl -fs "http://127.0.0.1:$tport/" -o "$work/www/$engine.html"
  sleep 0.5
  local idle_rss idle_fds on_rss on_fds peak
  idle_rss=$(rss)
  idle_fds=$(fds)
  read -r q_rps q_p50 q_p99 q_bad < <(wrk_row "http://127.0.0.1:$tport/")

  events=$((2 * secs + 8))
  local publish=()
  if [ "$engine" = postgresql ]; then
    publish=(-c "$db" -t "sesi/$session")
    marker='"t":'
  else
    marker='bench-t='
  fi
  "$load" "$tport" "/sesi/$session/aliran" "$viewers" "${publish[@]}" -m "$marker" \
    -e "$events" -i 1000 -w 10 -T $((events + 120)) >"$work/$engine.load" 2>"$work/$engine.loaderr" &
  local lpid=$!
  pids+=($lpid)
  for _ in $(seq 1200); do grep -q '^connect_s=' "$work/$engine.load" 2>/dev/null && break; sleep 0.25; done
  grep -q '^connect_s=' "$work/$engine.load" || { echo "bench: the viewers did not connect" >&2; cat "$work/$engine.loaderr" >&2; exit 1; }
  if [ "$engine" = sqlite ]; then
    ask "$tport" "$session" "$events" 2>>"$work/$engine.loaderr" &
    pids+=($!)
  fi
  sleep 2
  on_rss=$(rss)
  on_fds=$(fds)
  read -r l_rps l_p50 l_p99 l_bad < <(wrk_row "http://127.0.0.1:$tport/")
  read -r n_rps n_p50 n_p99 n_bad < <(wrk_row "http://127.0.0.1:$nport/$engine.html")
  wait "$lpid" || true
  peak=$(hwm)
  {
    cat "$work/$engine.load"
    echo "idle_rss=$idle_rss"; echo "idle_fds=$idle_fds"; echo "on_rss=$on_rss"; echo "on_fds=$on_fds"
    echo "peak_rss=$peak"
    echo "q=$q_rps $q_p50 $q_p99"; echo "l=$l_rps $l_p50 $l_p99"; echo "n=$n_rps $n_p50 $n_p99"
    echo "bad=$((q_bad + l_bad + n_bad))"
  } >"$work/$engine.res"

  if [ "$engine" = sqlite ]; then
    # streams opened and closed, 500 at a time: what stays behind
    sleep 3
    local b_rss b_fds
    b_rss=$(rss)
    b_fds=$(fds)
    "$load" "$tport" "/sesi/$session/aliran" -x "$churns" -k 500 -T 300 >"$work/churn.out" 2>>"$work/$engine.loaderr"
    sleep 3
    {
      cat "$work/churn.out"
      echo "b_rss=$b_rss"; echo "a_rss=$(rss)"; echo "b_fds=$b_fds"; echo "a_fds=$(fds)"
      echo "left=$(curl -fs "http://127.0.0.1:$tport/metrics" | sed -n 's/^terbuka_streams //p')"
    } >>"$work/$engine.res"
  fi
  kill "$tpid"
  wait "$tpid" 2>/dev/null || true
}

measure sqlite
measure postgresql

python3 - "$work/sqlite.res" "$work/postgresql.res" "$viewers" <<'PY'
import sys
def load(path):
    d = {}
    for line in open(path):
        k, _, v = line.strip().partition("=")
        d[k] = v
    return d
s, p, viewers = load(sys.argv[1]), load(sys.argv[2]), int(sys.argv[3])
n = lambda v: f"{int(float(v)):,}"
def page(d, k):
    rps, p50, p99 = d[k].split()
    return f"{n(rps)} req/s, p50 {p50} ms, p99 {p99} ms"
def row(label, f):
    print(f"| {label} | {f(s)} | {f(p)} |")
print("| measure | SQLite: questions asked over HTTP | PostgreSQL: NOTIFY from outside |")
print("|---|---|---|")
row(f"viewers of one session connected (of {viewers:,})",
    lambda d: f"{n(d['clients'])} in {d['connect_s']} s, {d['failed']} refused")
row("events, one a second", lambda d: d["events"])
row("deliveries", lambda d: f"{n(d['received'])} of {n(d['expected'])}; {n(d['complete'])} viewers got every event")
row("delivery latency p50 / p90 / p99 / max",
    lambda d: f"{d['p50_ms']} / {d['p90_ms']} / {d['p99_ms']} / {d['max_ms']} ms")
row("terbuka RSS: before / viewers on / peak",
    lambda d: f"{d['idle_rss']} / {d['on_rss']} / {d['peak_rss']} MB")
row("open files: before / viewers on", lambda d: f"{n(d['idle_fds'])} / {n(d['on_fds'])}")
row("home page `/` alone", lambda d: page(d, "q"))
row("home page `/` with the viewers on and an event a second", lambda d: page(d, "l"))
row("nginx, the same bytes as a static file, at that moment", lambda d: page(d, "n"))
row("terbuka / nginx during the live load",
    lambda d: f"{float(d['l'].split()[0]) / float(d['n'].split()[0]):.0%} ({d['bad']} non-2xx)")
print()
print(f"{n(s['churned'])} streams opened and closed, 500 at a time (SQLite node, after the run above): "
      f"{s['churn_s']} s; RSS {s['b_rss']} → {s['a_rss']} MB, open files {s['b_fds']} → {s['a_fds']}, "
      f"streams left open {s['left']}.")
PY
