"""Rate limits: 429 with Retry-After and a clear message, counted in the
database so that they hold across nodes (two servers on one database).

Limits (src/accounts/guard.c, web_sign.c): sign-in 100 tries per 15 min per
client address (an IPv6 /64 counts as one); after 5 attempts without a
success for one account, a block of 1 minute, doubling with each further
failure; registration and reset requests 20 an hour per address; other
posts 60 per 10 min per person; at most 6 mails an hour to one address.
"""
from __future__ import annotations

import itertools

import pytest

from accountkit import PASSWORD, Client
from httpkit import Server

_n = itertools.count(1)


@pytest.fixture(scope="module")
def nodes(bin_path, tmp_path_factory):
    work = tmp_path_factory.mktemp("tbk-limits")
    a = Server(work / "a", name="node-a", args=["--trust-proxy"])
    a.start()
    b = Server(work / "b", name="node-b", args=["--trust-proxy"])
    b.db = a.db  # the second node shares the first one's database
    b.start()
    yield a, b
    b.assert_clean_exit()
    a.assert_clean_exit()


def ip() -> str:
    n = next(_n)
    return f"10.9.{n // 200}.{n % 200 + 1}"


def test_wrong_passwords_back_off_per_account_across_nodes(nodes):
    a, b = nodes
    Client(a, ip=ip()).register("incaran@example.id")
    statuses = []
    for i in range(5):
        node = a if i % 2 == 0 else b
        # from a new address each time: the account limit is not an address limit
        status, headers, body = Client(node, ip=ip()).post(
            "/masuk", {"email": "incaran@example.id", "password": f"tebakan-ke-{i}-salah"})
        statuses.append(status)
    assert statuses == [422, 422, 422, 422, 429], statuses
    assert headers["retry-after"] == "60"
    assert "Coba lagi dalam 1 menit" in body.decode()
    assert 'value="incaran@example.id"' in body.decode(), "the form keeps the address"
    # blocked on both nodes, even with the right password
    for node in (a, b):
        status, headers, _ = Client(node, ip=ip()).post(
            "/masuk", {"email": "incaran@example.id", "password": PASSWORD})
        assert status == 429 and 0 < int(headers["retry-after"]) <= 60
    # the block ends; a further failure doubles it
    a.sql("UPDATE rate_limits SET blocked_until = 0")
    status, headers, _ = Client(b, ip=ip()).post(
        "/masuk", {"email": "incaran@example.id", "password": "masih-salah-juga"})
    assert status == 429 and headers["retry-after"] == "120"
    a.sql("UPDATE rate_limits SET blocked_until = 0")
    Client(a, ip=ip()).login("incaran@example.id")
    # a success forgets the failures
    status, _, _ = Client(b, ip=ip()).post(
        "/masuk", {"email": "incaran@example.id", "password": "sekali-salah-lagi"})
    assert status == 422


def test_unknown_accounts_back_off_the_same_way(nodes):
    a, _ = nodes
    statuses = [Client(a, ip=ip()).post("/masuk", {"email": "hantu@example.id",
                                                   "password": "apa-saja-boleh"})[0]
                for _ in range(5)]
    assert statuses == [422, 422, 422, 422, 429]


def test_sign_in_tries_per_address(nodes):
    a, b = nodes
    me = ip()
    # empty forms are refused before any password work, but still count
    for i in range(100):
        status, _, _ = Client(a if i % 2 else b, ip=me).post("/masuk", {"email": "", "password": ""})
        assert status == 422, i
    status, headers, body = Client(a, ip=me).post("/masuk", {"email": "x@example.id", "password": "y"})
    assert status == 429 and int(headers["retry-after"]) > 0
    assert "Terlalu banyak permintaan" in body.decode()
    # another address is not affected
    assert Client(a, ip=ip()).post("/masuk", {"email": "", "password": ""})[0] == 422


@pytest.mark.parametrize("path", ["/daftar", "/lupa-sandi"])
def test_registration_and_reset_per_address(nodes, path):
    a, b = nodes
    me = ip()
    for i in range(20):
        assert Client(a if i % 2 else b, ip=me).post(path, {"email": ""})[0] == 422
    status, headers, _ = Client(b, ip=me).post(path, {"email": ""})
    assert status == 429 and "retry-after" in headers


def test_json_clients_get_429_as_json(nodes):
    a, _ = nodes
    me = ip()
    for _ in range(20):
        Client(a, ip=me).post("/daftar", {})
    status, headers, body = Client(a, ip=me).post_json("/daftar", {})
    assert status == 429 and body["error"]["status"] == 429


def test_a_session_is_good_on_every_node_and_ends_on_all(nodes):
    a, b = nodes
    c = Client(a, ip=ip())
    c.register("dua-node@example.id")
    on_b = Client(b, ip=c.ip)
    on_b.cookies = dict(c.cookies)
    assert on_b.signed_in
    # a form rendered by node A is accepted by node B (no per-node secret)
    token = c.csrf()
    status, _, _ = on_b.post("/akun/nama", {"name": "Lewat Node B"}, csrf=token)
    assert status == 303 and c.json("/akun")[1]["account"]["name"] == "Lewat Node B"
    on_b.post("/keluar", {})
    assert not c.signed_in


def test_parallel_guesses_get_no_more_checks(nodes):
    """The attempt is counted under a row lock before the password check, so
    16 guesses at once still get at most 5 checks."""
    import concurrent.futures
    a, b = nodes
    Client(a, ip=ip()).register("paralel@example.id")

    def guess(i):
        node = a if i % 2 else b
        return Client(node, ip=ip()).post("/masuk", {"email": "paralel@example.id",
                                                     "password": f"tebakan-paralel-{i}"})[0]
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(guess, range(16)))
    assert statuses.count(422) <= 4 and statuses.count(429) >= 12, statuses
    assert set(statuses) <= {422, 429}


def test_an_ipv6_network_is_one_address(nodes):
    a, _ = nodes
    for i in range(20):
        c = Client(a, ip=f"2001:db8:77:1::{i + 1:x}")
        assert c.post("/daftar", {"email": ""})[0] == 422
    c = Client(a, ip="2001:db8:77:1:ffff::1")  # same /64
    assert c.post("/daftar", {"email": ""})[0] == 429
    c = Client(a, ip="2001:db8:77:2::1")  # the next /64
    assert c.post("/daftar", {"email": ""})[0] == 422


def test_mail_to_one_address_is_capped(nodes):
    """Without an SMTP server each mail is a log line; 1 for registering and
    10 asked again: only 6 leave for one address in an hour."""
    import time
    a, b = nodes
    me = Client(a, ip=ip())
    me.register("sasaran@example.id")
    for i in range(10):
        assert me.post("/akun/verifikasi/kirim-ulang", {})[0] == 303
    needle = "To: sasaran@example.id"
    count = lambda: sum((n.stdout() + n.stderr()).count(needle) for n in (a, b))
    deadline = time.monotonic() + 15
    while count() < 6 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(1.5)  # a seventh would have been sent by now
    assert count() == 6
    assert a.sql("SELECT count(*) FROM jobs WHERE status = 'queued' AND kind = 'mail.send'") == "0"
