"""Rate limits: 429 with Retry-After and a clear message, counted in the
database so that they hold across nodes (two servers on one database).

Limits (src/accounts/guard.c, web_sign.c): sign-in 30 tries per 15 min per
address; after 5 wrong passwords for one account, a block of 1 minute,
doubling with each further failure; registration and reset requests 10 an
hour per address; other posts 60 per 10 min per person.
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
    for i in range(30):
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
    for i in range(10):
        assert Client(a if i % 2 else b, ip=me).post(path, {"email": ""})[0] == 422
    status, headers, _ = Client(b, ip=me).post(path, {"email": ""})
    assert status == 429 and "retry-after" in headers


def test_json_clients_get_429_as_json(nodes):
    a, _ = nodes
    me = ip()
    for _ in range(10):
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
