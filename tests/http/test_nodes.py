"""Many nodes: two `terbuka serve` processes on one PostgreSQL database
behind Debian's nginx as the load balancer. Both answer; what is written to
the shared database is seen by each: a node keeps public pages only until
their data versions move, and hears of every move on the other node (or in
a database shell) through PostgreSQL's notifications, milliseconds after the
commit (src/dataversion.h).

Runs only with a PostgreSQL cluster (TERBUKA_TEST_PG_DIR, set by scripts/test).
"""
import http.client
import os
import shutil
import subprocess
import time

import pytest

from httpkit import PG_DIR, Server, free_port, run_sql

pytestmark = [
    pytest.mark.skipif(not PG_DIR, reason="no PostgreSQL cluster (TERBUKA_TEST_PG_DIR)"),
    pytest.mark.skipif(shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx"),
                       reason="nginx not installed (scripts/deps)"),
]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_conf(workdir, port, upstreams):
    servers = "\n".join(f"    server 127.0.0.1:{p};" for p in upstreams)
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes 1;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {workdir}/body;
  proxy_temp_path {workdir}/proxy;
  fastcgi_temp_path {workdir}/fastcgi;
  uwsgi_temp_path {workdir}/uwsgi;
  scgi_temp_path {workdir}/scgi;
  upstream terbuka {{
{servers}
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://terbuka;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
"""


@pytest.fixture
def cluster(tmp_path):
    """Two nodes on one database, and nginx in front of them."""
    a = Server(tmp_path / "a", name="node-a").start()
    b = Server(tmp_path / "b", name="node-b", demo=False)
    b.db = a.db  # the same database
    b.start()
    port = free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(tmp_path, port, [a.port, b.port]))
    lb = subprocess.Popen([NGINX, "-c", str(conf), "-e", str(tmp_path / "error.log")],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline or lb.poll() is not None:
            lb.kill()
            raise AssertionError("nginx did not start: " + (tmp_path / "error.log").read_text())
        time.sleep(0.05)
    yield a, b, port
    lb.terminate()
    lb.wait(10)
    for node in (a, b):
        node.assert_clean_exit()


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    r = conn.getresponse()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()


def test_both_nodes_answer_behind_nginx(cluster):
    a, b, port = cluster
    upstreams = set()
    for _ in range(20):
        status, headers, body = get(port, "/dinas/dinkes")
        assert status == 200
        assert b"Dinas Kesehatan" in body
        upstreams.add(headers["x-upstream"])
    assert upstreams == {f"127.0.0.1:{a.port}", f"127.0.0.1:{b.port}"}


def test_a_write_through_one_node_is_read_on_the_other(cluster):
    a, b, port = cluster
    for node in (a, b):  # both keep the page
        for _ in range(2):
            assert b"Dinas Kesehatan Kabupaten" not in node.get("/dinas/dinkes")[2]
    # written behind both nodes' backs (a database shell): a renamed
    # department and a new site name; each node hears of it
    run_sql(a.db, "UPDATE agencies SET name = 'Dinas Kesehatan Kabupaten' WHERE slug = 'dinkes'")
    run_sql(a.db, "UPDATE settings SET value = 'Bekasi Makin Terbuka' WHERE key = 'name'")
    a.settle()
    b.settle()
    for node in (a, b):
        status, _, body = node.get("/dinas/dinkes")
        assert status == 200
        assert "Dinas Kesehatan Kabupaten" in body.decode()
        assert "Bekasi Makin Terbuka" in body.decode()
    for _ in range(4):
        assert b"Dinas Kesehatan Kabupaten" in get(port, "/dinas/dinkes")[2]


def test_one_node_down_the_other_still_serves(cluster):
    a, b, port = cluster
    a.stop()
    for _ in range(6):
        status, headers, _ = get(port, "/")
        assert status == 200
        assert headers["x-upstream"].endswith(f":{b.port}")
