"""PostgreSQL restarted while terbuka serves under load: requests in the gap
get 503 (never a 500, a hang or a dropped connection), and service resumes by
itself without restarting terbuka.

The test runs its own throwaway cluster, so restarting it disturbs no other
test.
"""
import http.client
import subprocess
import tempfile
import threading
import time

import pytest

from httpkit import PG_DIR, REPO, Server

pytestmark = pytest.mark.skipif(not PG_DIR, reason="no PostgreSQL cluster (TERBUKA_TEST_PG_DIR)")

CLUSTER = str(REPO / "scripts" / "pg-cluster")


@pytest.fixture
def own_cluster():
    # outside pytest's private temp folders, which the postgres user cannot enter
    d = tempfile.mkdtemp(prefix="terbuka-pg-restart.")
    subprocess.run([CLUSTER, "start", str(d)], check=True, capture_output=True)
    url = subprocess.run([CLUSTER, "createdb", str(d), "restart"], check=True,
                         capture_output=True, text=True).stdout.strip()
    yield d, url
    subprocess.run([CLUSTER, "stop", str(d)], check=False, capture_output=True)


def hammer(port, stop, results):
    while not stop.is_set():
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/dinas/dinkes")
            r = conn.getresponse()
            r.read()
            results.append((time.monotonic(), r.status))
            conn.close()
        except OSError as e:  # a dropped connection is a failure too
            results.append((time.monotonic(), repr(e)))


def test_restart_under_load_gives_503_then_recovers(tmp_path, own_cluster):
    d, url = own_cluster
    srv = Server(tmp_path / "srv", name="restart")
    srv.db = url
    srv.start()
    stop = threading.Event()
    results = []
    threads = [threading.Thread(target=hammer, args=(srv.port, stop, results)) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    restarted = time.monotonic()
    subprocess.run([CLUSTER, "restart", str(d)], check=True, capture_output=True)
    back = time.monotonic()
    time.sleep(3.0)
    stop.set()
    for t in threads:
        t.join(15)

    statuses = {s for _, s in results}
    assert statuses <= {200, 503}, statuses
    before = [s for t, s in results if t < restarted]
    assert before and set(before) == {200}
    # service resumes by itself: the last second is all 200
    late = [s for t, s in results if t > back + 2.0]
    assert late and set(late) == {200}, late
    assert srv.get("/healthz")[0] == 200
    srv.assert_clean_exit()
