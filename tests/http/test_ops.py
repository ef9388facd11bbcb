"""Operations: /healthz, /metrics and the access log."""
from __future__ import annotations

import json
import re
import time

from httpkit import status_of, ENGINE


def metric(text: str, name: str, labels: str = "") -> float | None:
    m = re.search(rf"^{re.escape(name + labels)} (\S+)$", text, re.M)
    return float(m.group(1)) if m else None


def test_healthz(server):
    status, h, body = server.get("/healthz")
    assert status == 200
    assert h["content-type"] == "application/json; charset=utf-8"
    doc = json.loads(body)
    assert doc["status"] == "ok"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", doc["version"])
    assert doc["database"]["engine"] == ENGINE
    assert doc["database"]["state"] == "ok"
    assert isinstance(doc["database"]["schema_version"], int)
    assert doc["database"]["schema_version"] >= 1


def test_healthz_is_json_whatever_the_accept(server):
    status, h, body = server.get("/healthz", headers={"Accept": "text/html"})
    assert status == 200 and h["content-type"].startswith("application/json")
    assert json.loads(body)["status"] == "ok"


def test_metrics_prometheus_text(server):
    assert server.get("/")[0] == 200
    # a request is counted when MHD reports it complete, just after its
    # answer: the next request may come first (seen under ASan), so look
    # again for a moment
    deadline = time.monotonic() + 3
    while True:
        status, h, body = server.get("/metrics")
        counted = metric(body.decode(), "terbuka_http_requests_total", '{route="home",status="200"}')
        if counted or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    assert status == 200
    assert h["content-type"].startswith("text/plain")
    assert "version=0.0.4" in h["content-type"]
    text = body.decode()
    home = metric(text, "terbuka_http_requests_total", '{route="home",status="200"}')
    assert home is not None and home >= 1, text[:1000]
    assert metric(text, "terbuka_http_request_duration_seconds_bucket", '{le="+Inf"}') is not None
    assert metric(text, "terbuka_db_seconds_total") is not None
    assert "# TYPE terbuka_http_requests_total counter" in text
    assert "# TYPE terbuka_http_request_duration_seconds histogram" in text
    # every sample line is "name{labels} number" (Prometheus: names may hold digits after the first letter)
    for line in text.splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r'[a-z_][a-z0-9_]*(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? [0-9.e+-]+',
                                line), line


def test_metrics_count_requests(server):
    def count(text):
        return metric(text, "terbuka_http_requests_total", '{route="agency",status="404"}') or 0

    before = count(server.get("/metrics")[2].decode())
    for _ in range(3):
        assert server.get("/dinas/tidak-ada-sama-sekali")[0] == 404
    # the counter is bumped when MHD reports the request complete, just after the reply
    after = count(server.get("/metrics")[2].decode())
    assert after >= before + 2  # >= : other tests may run requests too; 3 may still be in flight
    text = server.get("/metrics")[2].decode()
    inf = metric(text, "terbuka_http_request_duration_seconds_bucket", '{le="+Inf"}')
    total = metric(text, "terbuka_http_request_duration_seconds_count")
    assert inf == total
    buckets = [float(v) for v in re.findall(
        r'^terbuka_http_request_duration_seconds_bucket\{le="[^"]+"\} (\S+)$', text, re.M)]
    assert buckets == sorted(buckets), "histogram buckets are cumulative"


def test_access_log_line(server):
    status, h, body = server.get("/dinas/dinkes")
    assert status == 200
    rid = h["x-request-id"]
    line = server.wait_for_log(rid)
    m = re.fullmatch(r"(\S+) ([0-9a-f]{16}) (\S+) (\S+) (\d{3}) (\d+) (\d+)us", line)
    assert m, line
    ts, lrid, method, path, st, nbytes, us = m.groups()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", ts), ts
    assert (lrid, method, path, int(st)) == (rid, "GET", "/dinas/dinkes", 200)
    assert int(nbytes) == len(body)


def test_access_log_errors_and_control_characters(server):
    status, h, _ = server.get("/tidak-ada")
    line = server.wait_for_log(h["x-request-id"])
    assert " GET /tidak-ada 404 " in line
    # control characters from the request line do not reach the log raw
    # (no forged lines, no terminal escapes)
    raw = server.raw(b"GET /a\x1b[31mb\x01 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(raw) == 400
    rid = re.search(rb"X-Request-Id: ([0-9a-f]{16})", raw).group(1).decode()
    line = server.wait_for_log(rid)
    assert line.endswith("us") and " 400 " in line
    assert "\x1b" not in line and "\x01" not in line
    assert "\\x1b" in line


def test_log_format_json(fresh_server):
    srv = fresh_server(args=["--log-format", "json"])
    status, h, body = srv.get("/dinas/dinkes?x=1")
    assert status == 200
    rid = h["x-request-id"]
    line = srv.wait_for_log(rid)
    doc = json.loads(line)
    for key in ("time", "request_id", "method", "path", "status", "bytes", "us"):
        assert key in doc, (key, line)
    assert doc["request_id"] == rid
    assert doc["method"] == "GET"
    assert doc["path"] == "/dinas/dinkes"
    assert doc["status"] == 200
    assert doc["bytes"] == len(body)
    assert isinstance(doc["us"], int) and doc["us"] >= 0
    # every stdout line is JSON, and so is every stderr line
    srv.get("/tidak-ada")
    srv.wait_for_log('"status":404')
    for line in srv.stdout().splitlines():
        json.loads(line)
    for line in srv.stderr().splitlines():
        assert json.loads(line)["level"] in ("info", "error"), line


def test_log_format_from_environment(fresh_server):
    srv = fresh_server(env={"TERBUKA_LOG_FORMAT": "json"})
    rid = srv.get("/")[1]["x-request-id"]
    assert json.loads(srv.wait_for_log(rid))["request_id"] == rid


def test_keep_alive_connection_serves_many_requests(server):
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        for path in ["/", "/dinas", "/dinas/dinkes.json", "/tidak-ada", "/static/css/site.css"] * 4:
            conn.request("GET", path)
            r = conn.getresponse()
            r.read()
            assert r.status in (200, 404), path
            assert not r.will_close, path
    finally:
        conn.close()


def test_concurrent_requests(server):
    import threading

    expected = {p: server.get(p)[2] for p in ("/", "/dinas/dinkes", "/dinas.json")}
    errors = []

    def worker():
        try:
            for i in range(15):
                p = list(expected)[i % len(expected)]
                st, _, body = server.get(p)
                if st != 200 or body != expected[p]:
                    errors.append((p, st, len(body)))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(repr(e))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors[:5]
