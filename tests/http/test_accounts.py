"""Accounts end to end: register, verify the address by the link that
really arrives over SMTP, sign in and out (here and everywhere), forget and
reset a password, change the name, password and address, download the
data and delete the account. Run against one server per module that sends
mail to a local SMTP sink and trusts X-Real-IP (so each test counts its
rate limits under an address of its own).
"""
from __future__ import annotations

import itertools
import json
import time
import urllib.parse

import pytest

from accountkit import PASSWORD, Client, token_hash
from httpkit import HtmlScan, Server
from smtpsink import SmtpSink

_ips = itertools.count(1)


@pytest.fixture(scope="module")
def sink():
    with SmtpSink() as s:
        yield s


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory, sink):
    s = Server(tmp_path_factory.mktemp("tbk-accounts"), name="accounts",
               args=sink.args + ["--trust-proxy", "--workers", "1",
                                 "--base-url", "http://terbuka.example.id"])
    s.start()
    yield s
    s.assert_clean_exit()


def client(srv) -> Client:
    return Client(srv, ip=f"10.1.{next(_ips) // 250}.{next(_ips) % 250 + 1}")


def link_from(sink, address: str, path: str) -> str:
    msg = sink.wait_for(lambda m: address.lower() in (r.lower() for r in m.rcpt_tos)
                        and any(path in l for l in m.links()))
    link = next(l for l in msg.links() if path in l)
    assert link.startswith("http://terbuka.example.id" + path), link
    u = urllib.parse.urlsplit(link)
    return u.path + "?" + u.query


def confirm(c: Client, path: str):
    """Opens a mailed link (a page with one button) and presses the button."""
    status, _, page = c.get(path)
    if status != 200:
        return status, page
    assert b'type="submit"' in page
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["token"][0]
    status, _, body = c.post(urllib.parse.urlsplit(path).path, {"token": token})
    return status, body


def test_register_signs_in_and_sends_a_verification_link(srv, sink):
    c = client(srv)
    t = time.monotonic()
    h = c.register("Sari@Example.ID", "Sari Warga")
    assert h["location"] == "/akun?pesan=terdaftar"
    assert time.monotonic() - t < 5
    status, me = c.json("/akun?pesan=terdaftar")
    assert status == 200
    assert me["account"] == {"name": "Sari Warga", "email": "Sari@Example.ID", "verified": False}
    assert me["flash"].startswith("Selamat datang")
    assert [g["role"] for g in me["grants"]] == ["warga"]

    msg = sink.wait_for("Sari@Example.ID")
    assert "Verifikasi" in msg.subject
    assert "Sari Warga" not in msg.body, "no registrant text in mail to an unverified address"
    path = link_from(sink, "Sari@Example.ID", "/akun/verifikasi")
    # a mail scanner fetching the link uses nothing up
    assert client(srv).get(path)[0] == 200
    status, body = confirm(c, path)
    assert status == 200 and "sudah terverifikasi" in body.decode()
    assert c.json("/akun")[1]["account"]["verified"] is True
    # single use
    status, body = confirm(c, path)
    assert status == 400 and "tidak berlaku" in body.decode()


def test_session_cookie_is_a_hashed_random_token(srv):
    c = client(srv)
    h = c.register("kuki@example.id")
    cookie = next(x for x in h["set-cookie"] if x.startswith("tb_sesi="))
    token = cookie.split(";")[0].split("=", 1)[1]
    assert len(token) == 43
    for attr in ("HttpOnly", "SameSite=Lax", "Path=/"):
        assert attr in cookie
    assert "Max-Age" not in cookie, "ends with the browser unless the person asks otherwise"
    assert "Secure" not in cookie  # plain HTTP and no --secure-cookies
    stored = srv.sql("SELECT token_hash FROM sessions").splitlines()
    assert token not in stored and token_hash(token) in stored


def test_secure_cookie_behind_https_proxy(srv):
    c = client(srv)
    status, headers, _ = c.request("GET", "/masuk", headers={"X-Forwarded-Proto": "https"})
    assert status == 200
    assert any("; Secure" in x for x in headers["set-cookie"] if x.startswith("__Host-tb_csrf="))


def test_remember_me_keeps_the_cookie_for_30_days(srv):
    c = client(srv)
    c.register("ingat@example.id")
    c.post("/keluar", {})
    status, headers, _ = c.post("/masuk", {"email": "ingat@example.id", "password": PASSWORD,
                                           "ingat": "1"})
    cookie = next(x for x in headers["set-cookie"] if x.startswith("tb_sesi="))
    assert status == 303 and "Max-Age=2592000" in cookie


def test_login_gives_a_new_session_and_logout_ends_it(srv):
    c = client(srv)
    c.register("ganti@example.id")
    first = c.cookies["tb_sesi"]
    c.login("GANTI@example.id")
    second = c.cookies["tb_sesi"]
    assert second != first, "a sign-in must issue a new token (no fixation)"
    assert srv.sql(f"SELECT count(*) FROM sessions WHERE token_hash = '{token_hash(first)}'") == "0"
    # someone holding the old token gets nothing
    old = Client(srv, ip=c.ip)
    old.cookies["tb_sesi"] = first
    assert not old.signed_in
    status, headers, _ = c.post("/keluar", {})
    assert status == 303 and "tb_sesi" not in c.cookies
    assert srv.sql(f"SELECT count(*) FROM sessions WHERE token_hash = '{token_hash(second)}'") == "0"


def test_login_returns_to_where_the_person_was_going(srv):
    c = client(srv)
    c.register("kembali@example.id")
    c.post("/keluar", {})
    status, headers, _ = c.get("/akun?x=1")
    assert status == 303 and headers["location"] == "/masuk?lanjut=%2Fakun%3Fx%3D1"
    status, model = c.json("/masuk?lanjut=%2Fakun%3Fx%3D1")
    assert model["form"]["values"]["lanjut"] == "/akun?x=1"
    status, headers, _ = c.post("/masuk", {"email": "kembali@example.id", "password": PASSWORD,
                                           "lanjut": "/akun?x=1"})
    assert status == 303 and headers["location"] == "/akun?x=1"
    # never to another site
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        c.post("/keluar", {})
        status, headers, _ = c.post("/masuk", {"email": "kembali@example.id", "password": PASSWORD,
                                               "lanjut": evil})
        assert status == 303 and headers["location"] == "/akun", evil


def test_logout_everywhere(srv):
    phone, laptop = client(srv), client(srv)
    phone.register("dua@example.id")
    laptop.login("dua@example.id")
    assert phone.signed_in and laptop.signed_in
    status, headers, _ = laptop.post("/keluar/semua", {})
    assert status == 303 and headers["location"] == "/masuk?pesan=keluar_semua"
    assert not phone.signed_in and not laptop.signed_in


def test_wrong_password_and_unknown_email_answer_alike(srv):
    c = client(srv)
    c.register("ada@example.id")
    c.post("/keluar", {})
    answers = []
    for email in ("ada@example.id", "tidak-ada@example.id"):
        t = time.monotonic()
        status, _, body = c.post_json("/masuk", {"email": email, "password": "salah-sekali-kata"})
        answers.append((status, body["form"]["errors"], time.monotonic() - t))
    (s1, e1, t1), (s2, e2, t2) = answers
    assert s1 == s2 == 422 and e1 == e2
    assert e1 == [{"field": "email", "message": "Alamat email atau kata sandi salah."}]
    # both spend one password hash (~0.2 s here): no fast path for unknown addresses
    assert t2 > t1 / 4, (t1, t2)


def test_forgotten_password_resets_once_within_an_hour(srv, sink):
    c = client(srv)
    c.register("lupa@example.id")
    other_device = client(srv)
    other_device.login("lupa@example.id")
    anon = client(srv)
    status, _, body = anon.post("/lupa-sandi", {"email": "lupa@example.id"})
    assert status == 200
    same = anon.post("/lupa-sandi", {"email": "tak-terdaftar@example.id"})
    assert same[0] == 200 and same[2].replace(b"tak-terdaftar", b"lupa") == body or \
        HtmlScan(same[2]).h1 == HtmlScan(body).h1
    path = link_from(sink, "lupa@example.id", "/atur-sandi")
    status, _, page = anon.get(path)
    assert status == 200 and b'name="token"' in page
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["token"][0]
    status, _, body = anon.post_json("/atur-sandi", {"token": token, "password": "pendek"})
    assert status == 422 and body["form"]["error"]["password"] == "Kata sandi paling sedikit 10 karakter."
    status, headers, _ = anon.post("/atur-sandi", {"token": token, "password": "sandi-baru-yang-panjang"})
    assert status == 303 and headers["location"] == "/akun?pesan=sandi_diatur"
    assert anon.signed_in
    assert not other_device.signed_in and not c.signed_in, "a reset ends every other session"
    status, _, _ = client(srv).post("/atur-sandi", {"token": token, "password": "lagi-lagi-sandi-baru"})
    assert status == 400, "a reset link works once"
    fresh = client(srv)
    fresh.login("lupa@example.id", "sandi-baru-yang-panjang")
    fresh.login("lupa@example.id", PASSWORD, expect=422)


def test_reset_link_expires_after_an_hour(srv, sink):
    c = client(srv)
    c.register("kedaluwarsa@example.id")
    c.post("/lupa-sandi", {"email": "kedaluwarsa@example.id"})
    path = link_from(sink, "kedaluwarsa@example.id", "/atur-sandi")
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)["token"][0]
    expires = srv.sql(f"SELECT expires_at, created_at FROM account_tokens "
                      f"WHERE token_hash = '{token_hash(token)}'")
    exp, created = expires.split("|")
    from datetime import datetime
    f = "%Y-%m-%dT%H:%M:%SZ"
    assert (datetime.strptime(exp, f) - datetime.strptime(created, f)).total_seconds() == 3600
    srv.sql(f"UPDATE account_tokens SET expires_at = '2000-01-01T00:00:00Z' "
            f"WHERE token_hash = '{token_hash(token)}'")
    status, _, body = c.get(path)
    assert status == 400 and "tidak berlaku" in body.decode()


def test_change_password_keeps_this_device_only(srv, sink):
    c, other = client(srv), client(srv)
    c.register("sandi@example.id")
    other.login("sandi@example.id")
    status, _, body = c.post_json("/akun/sandi", {"current_password": "bukan-sandi-saya",
                                                  "new_password": "sandi-baru-sekali"})
    assert status == 422 and body["form"]["error"]["current_password"]
    status, headers, _ = c.post("/akun/sandi", {"current_password": PASSWORD,
                                                "new_password": "sandi-baru-sekali"})
    assert status == 303 and headers["location"] == "/akun?pesan=sandi_diubah"
    assert c.signed_in and not other.signed_in
    msg = sink.wait_for(lambda m: "sandi@example.id" in m.rcpt_tos and "diganti" in m.subject)
    assert "sandi-baru-sekali" not in msg.body


def test_change_email_waits_for_the_new_address(srv, sink):
    c = client(srv)
    c.register("lama@example.id")
    client(srv).register("terpakai@example.id")
    status, _, body = c.post_json("/akun/email", {"new_email": "TERPAKAI@example.id",
                                                  "email_password": PASSWORD})
    assert status == 422 and "sudah terdaftar" in body["form"]["error"]["new_email"]
    status, _, _ = c.post("/akun/email", {"new_email": "baru@example.id", "email_password": PASSWORD})
    assert status == 303
    assert c.json("/akun")[1]["account"]["email"] == "lama@example.id"
    notice = sink.wait_for(lambda m: "lama@example.id" in m.rcpt_tos and "ganti" in m.subject.lower())
    assert "baru@example.id" not in notice.body, "the old address is not told the new one"
    path = link_from(sink, "baru@example.id", "/akun/email/konfirmasi")
    status, _ = confirm(client(srv), path)  # opened on another device
    assert status == 200
    assert not c.signed_in, "confirmed elsewhere: every session of the account ends"
    again = client(srv)
    again.login("baru@example.id")
    assert again.json("/akun")[1]["account"] == {"name": "Warga Uji", "email": "baru@example.id",
                                                "verified": True}


def test_change_name(srv):
    c = client(srv)
    c.register("nama@example.id", "Nama Lama")
    status, _, body = c.post_json("/akun/nama", {"name": "x"})
    assert status == 422 and body["form"]["error"]["name"] == "Nama paling sedikit 2 karakter."
    status, _, _ = c.post("/akun/nama", {"name": "  Nama Baru  "})
    assert status == 303 and c.json("/akun")[1]["account"]["name"] == "Nama Baru"


def test_download_my_data(srv):
    c = client(srv)
    c.register("data@example.id", "Pemilik Data")
    status, headers, body = c.get("/akun/data")
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert "attachment" in headers["content-disposition"]
    assert "no-store" in headers["cache-control"]
    d = json.loads(body)
    assert d["account"]["email"] == "data@example.id"
    assert d["account"]["display_name"] == "Pemilik Data"
    assert "password_hash" not in d["account"] and "token_hash" not in body.decode()
    assert d["roles"][0]["role"] == "warga" and len(d["sessions"]) == 1


def test_delete_account(srv):
    c = client(srv)
    c.register("hapus@example.id", "Akan Dihapus")
    uid = srv.sql("SELECT id FROM users WHERE email_key = 'hapus@example.id'")
    status, _, body = c.post_json("/akun/hapus", {"current_password": "salah-salah-salah"})
    assert status == 422 and c.signed_in
    status, _, body = c.post("/akun/hapus", {"current_password": PASSWORD})
    assert status == 200 and "sudah dihapus" in body.decode()
    assert not c.signed_in
    row = srv.sql(f"SELECT coalesce(email, '-'), display_name, coalesce(password_hash, '-'), "
                  f"deleted_at IS NOT NULL FROM users WHERE id = {uid}")
    assert row.split("|")[:3] == ["-", "", "-"] and row.split("|")[3] in ("1", "t")
    assert srv.sql(f"SELECT count(*) FROM user_roles WHERE user_id = {uid}") == "0"
    c.login("hapus@example.id", expect=422)
    # the address is free again
    client(srv).register("hapus@example.id", "Orang Baru")


def test_resend_verification(srv, sink):
    c = client(srv)
    c.register("ulang@example.id")
    first = link_from(sink, "ulang@example.id", "/akun/verifikasi")
    status, headers, _ = c.post("/akun/verifikasi/kirim-ulang", {})
    assert status == 303 and headers["location"] == "/akun?pesan=verifikasi_dikirim"
    msgs = lambda: [m for m in sink.messages if "ulang@example.id" in m.rcpt_tos]
    deadline = time.monotonic() + 10
    while len(msgs()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    second = [l for l in msgs()[-1].links() if "/akun/verifikasi" in l][0]
    assert confirm(client(srv), first)[0] == 400, "the older link stops working"
    u = urllib.parse.urlsplit(second)
    assert confirm(client(srv), u.path + "?" + u.query)[0] == 200


def test_email_is_never_public(srv):
    c = client(srv)
    c.register("rahasia@example.id", "Warga Rahasia")
    for path in ("/", "/dinas", "/dinas/dinkes", "/index.json", "/dinas.json"):
        status, _, body = client(srv).get(path)
        assert b"rahasia@example.id" not in body, path


def test_idle_and_absolute_expiry(srv):
    idle, old = client(srv), client(srv)
    idle.register("diam@example.id")
    old.register("tua@example.id")
    srv.sql(f"UPDATE sessions SET last_seen_at = '2026-01-01T00:00:00Z' "
            f"WHERE token_hash = '{token_hash(idle.cookies['tb_sesi'])}'")
    srv.sql(f"UPDATE sessions SET expires_at = '2026-01-01T00:00:00Z' "
            f"WHERE token_hash = '{token_hash(old.cookies['tb_sesi'])}'")
    for c in (idle, old):
        status, headers, _ = c.get("/akun")
        assert status == 303 and headers["location"].startswith("/masuk")
        assert "tb_sesi" not in c.cookies, "a dead session's cookie is cleared"


def test_posting_is_limited_per_person(srv):
    c = client(srv)
    c.register("rajin@example.id")
    token = c.csrf()
    for i in range(60):
        status, _, _ = c.post("/akun/nama", {"name": f"Nama {i}"}, csrf=token)
        assert status == 303, i
    status, headers, _ = c.post("/akun/nama", {"name": "Satu Lagi"}, csrf=token)
    assert status == 429 and int(headers["retry-after"]) > 0
    # from another address it is still the same person
    c.ip = "10.250.0.1"
    assert c.post("/akun/nama", {"name": "Satu Lagi"}, csrf=token)[0] == 429


def test_signed_in_pages_are_not_cached(srv):
    c = client(srv)
    c.register("cache@example.id")
    for path in ("/akun", "/"):
        _, headers, _ = c.get(path)
        assert headers["cache-control"] == "private, no-store", path


@pytest.mark.parametrize("args", [["--secure-cookies"], ["--base-url", "https://terbuka.example.id"]])
def test_secure_cookies_carry_the_host_prefix(fresh_server, args):
    srv = fresh_server(args=args)
    c = Client(srv)
    _, headers, _ = c.get("/masuk")
    assert headers["set-cookie"] and all(x.startswith("__Host-") and "; Secure" in x
                                         for x in headers["set-cookie"])
    headers = c.register("aman@example.id")
    assert any(x.startswith("__Host-tb_sesi=") and "; Secure" in x for x in headers["set-cookie"])
    assert c.signed_in
    # a cookie without the prefix (planted by a sibling subdomain) counts for nothing
    planted = Client(srv)
    planted.cookies["tb_sesi"] = c.cookies["__Host-tb_sesi"]
    assert not planted.signed_in


def test_password_reset_kills_a_pending_change_of_address(srv, sink):
    """Pre-hijacking: someone registers a victim's address and asks to move
    the account to their own address; the victim takes the account back by
    a password reset; the intruder's saved confirmation link is dead."""
    intruder = client(srv)
    intruder.register("korban@example.id")
    intruder.post("/akun/email", {"new_email": "penyusup@example.id", "email_password": PASSWORD})
    saved = link_from(sink, "penyusup@example.id", "/akun/email/konfirmasi")
    victim = client(srv)
    victim.post("/lupa-sandi", {"email": "korban@example.id"})
    reset = link_from(sink, "korban@example.id", "/atur-sandi")
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(reset).query)["token"][0]
    assert victim.post("/atur-sandi", {"token": token, "password": "punya-saya-sendiri"})[0] == 303
    assert not intruder.signed_in
    status, _ = confirm(intruder, saved)
    assert status == 400
    assert victim.json("/akun")[1]["account"]["email"] == "korban@example.id"


def test_confirming_a_new_address_ends_other_sessions(srv, sink):
    c, other = client(srv), client(srv)
    c.register("pindah@example.id")
    other.login("pindah@example.id")
    c.post("/akun/email", {"new_email": "pindahan@example.id", "email_password": PASSWORD})
    path = link_from(sink, "pindahan@example.id", "/akun/email/konfirmasi")
    assert confirm(c, path)[0] == 200
    assert c.signed_in and not other.signed_in


def test_token_pages_send_no_referrer(srv, sink):
    c = client(srv)
    c.register("rujukan@example.id")
    path = link_from(sink, "rujukan@example.id", "/akun/verifikasi")
    _, headers, _ = c.get(path)
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "private, no-store"
    _, headers, _ = c.get("/dinas")
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_form_pages_are_private_and_plain_pages_set_no_cookie(srv):
    c = client(srv)
    _, headers, _ = c.get("/dinas")
    # a public page: no cookie, and anyone may store it (revalidating)
    assert headers["set-cookie"] == [] and headers["cache-control"] == "no-cache"
    _, headers, _ = c.get("/masuk")
    assert headers["cache-control"] == "private, no-store"


def test_unicode_address_on_sign_in_is_just_wrong(srv):
    """Found in review: 250 two-byte characters overflowed the key buffer."""
    c = client(srv)
    status, _, body = c.post_json("/masuk", {"email": "é" * 250, "password": "apa-saja-boleh"})
    assert status == 422 and body["form"]["errors"][0]["message"] == "Alamat email atau kata sandi salah."
    srv.assert_serving()


def test_current_password_guessing_backs_off(srv):
    c = client(srv)
    c.register("curian@example.id")
    statuses = [c.post("/akun/hapus", {"current_password": f"tebak-{i}-salah"})[0] for i in range(7)]
    assert statuses[:4] == [422] * 4
    _, _, body = c.post_json("/akun/hapus", {"current_password": PASSWORD})
    assert "Coba lagi dalam" in body["form"]["error"]["current_password"]
    assert c.signed_in


def test_sessions_are_listed_as_people_read_them(srv):
    c = client(srv)
    c.user_agent = ("Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 "
                    "(KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36")
    c.register("perangkat@example.id")
    s = c.json("/akun")[1]["sessions"][0]
    assert s["device"] == "Chrome di Android" and s["current"] is True
    import re
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d\.\d\d WIB", s["created_label"]), s
