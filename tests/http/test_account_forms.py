"""Bad input on the account forms gets the form back: status 422, a
message per wrong field (in the summary and beside the field), everything
else the person typed kept (never a password), nothing written, and the
server still serving. Never a 500.
"""
from __future__ import annotations

import itertools

import pytest

from accountkit import PASSWORD, Client
from httpkit import HtmlScan, Server

_n = itertools.count(1)


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-forms"), name="forms", args=["--trust-proxy"])
    s.start()
    yield s
    s.assert_clean_exit()


def client(srv) -> Client:
    n = next(_n)
    return Client(srv, ip=f"10.7.{n // 200}.{n % 200 + 1}")


def users(srv) -> int:
    return int(srv.sql("SELECT count(*) FROM users"))


def register_raw(srv, body: bytes):
    """Posts a hand-made form body (with a valid token) and asks for JSON."""
    c = client(srv)
    token = c.csrf().encode()
    return c.request("POST", "/daftar", body=body + b"&csrf=" + token,
                     headers={"Content-Type": "application/x-www-form-urlencoded",
                              "Accept": "application/json"})


CASES = [
    ("empty form", {}, {"email": "Masukkan alamat email Anda.",
                        "name": "Masukkan nama yang ditampilkan.",
                        "password": "Buat kata sandi."}),
    ("invalid email", {"email": "bukan-email", "name": "Budi", "password": PASSWORD},
     {"email": "Masukkan alamat email yang benar, misalnya nama@contoh.id."}),
    ("email without a domain dot", {"email": "budi@localhost", "name": "Budi", "password": PASSWORD},
     {"email": "Masukkan alamat email yang benar, misalnya nama@contoh.id."}),
    ("overlong email", {"email": "a" * 250 + "@example.id", "name": "Budi", "password": PASSWORD},
     {"email": "Paling banyak 254 karakter."}),
    ("overlong name", {"email": "budi@example.id", "name": "B" * 81, "password": PASSWORD},
     {"name": "Paling banyak 80 karakter."}),
    ("one-letter name", {"email": "budi@example.id", "name": "B", "password": PASSWORD},
     {"name": "Nama paling sedikit 2 karakter."}),
    ("name with a line break", {"email": "budi@example.id", "name": "Budi\nAkun Anda diblokir",
                                "password": PASSWORD},
     {"name": "Nama hanya boleh berisi teks: tanpa baris baru atau karakter kendali."}),
    ("name with a direction override", {"email": "budi@example.id", "name": "Budi\u202egnp.exe",
                                        "password": PASSWORD},
     {"name": "Nama hanya boleh berisi teks: tanpa baris baru atau karakter kendali."}),
    ("short password", {"email": "budi@example.id", "name": "Budi", "password": "123456789"},
     {"password": "Kata sandi paling sedikit 10 karakter."}),
    ("password is the email", {"email": "budi@example.id", "name": "Budi",
                               "password": "BUDI@example.id"},
     {"password": "Kata sandi tidak boleh sama dengan alamat email."}),
    ("overlong password", {"email": "budi@example.id", "name": "Budi", "password": "x" * 201},
     {"password": "Paling banyak 200 karakter."}),
]


@pytest.mark.parametrize("label,fields,errors", CASES, ids=[c[0] for c in CASES])
def test_register_form_errors(srv, label, fields, errors):
    before = users(srv)
    c = client(srv)
    status, _, model = c.post_json("/daftar", fields)
    assert status == 422
    assert model["form"]["error"] == errors
    assert [e["field"] for e in model["form"]["errors"]] == list(errors)
    kept = {k: v for k, v in fields.items() if k != "password"}
    for k, v in kept.items():
        assert model["form"]["values"][k] == v.strip()
    assert "password" not in model["form"]["values"]
    # the HTML page: summary linking to each field, message beside it, input kept
    status, _, body = c.post("/daftar", fields)
    assert status == 422
    html = body.decode()
    scan = HtmlScan(body)
    for field, message in errors.items():
        assert f'href="#{field}"' in html and message in scan.text
        assert f'id="{field}-error"' in html
    for k, v in kept.items():
        if v:
            assert f'value="{v}"' in html
    assert 'type="password" autocomplete="new-password"' in html and PASSWORD not in html
    assert users(srv) == before


def test_duplicate_email_any_case(srv):
    client(srv).register("Kembar@Example.id", "Kembar Satu")
    before = users(srv)
    status, _, model = client(srv).post_json("/daftar", {"email": "kembar@EXAMPLE.ID",
                                                         "name": "Kembar Dua", "password": PASSWORD})
    assert status == 422 and "sudah terdaftar" in model["form"]["error"]["email"]
    assert model["form"]["values"]["name"] == "Kembar Dua"
    assert users(srv) == before


def test_invalid_utf8_marks_the_field_and_keeps_the_rest(srv):
    before = users(srv)
    status, _, body = register_raw(srv, b"email=utf%40example.id&name=Bu%C0%AFdi&password=" +
                                   PASSWORD.encode())
    assert status == 422
    import json
    model = json.loads(body)
    assert model["form"]["error"] == {"name": "Isian ini berisi karakter yang tidak dapat dibaca. "
                                              "Ketik ulang isiannya."}
    assert model["form"]["values"]["email"] == "utf@example.id"
    assert users(srv) == before


def test_nul_byte_is_refused_like_bad_text(srv):
    status, _, body = register_raw(srv, b"email=nul%40example.id&name=Bu%00di&password=" +
                                   PASSWORD.encode())
    assert status == 422 and b"tidak dapat dibaca" in body


def test_surrounding_spaces_are_trimmed(srv):
    c = client(srv)
    c.register("  spasi@example.id ", "  Nama Berspasi ")
    me = c.json("/akun")[1]["account"]
    assert me["email"] == "spasi@example.id" and me["name"] == "Nama Berspasi"


def test_login_and_reset_forms_say_what_is_missing(srv):
    status, _, model = client(srv).post_json("/masuk", {})
    assert status == 422 and set(model["form"]["error"]) == {"email", "password"}
    status, _, model = client(srv).post_json("/lupa-sandi", {"email": "bukan email"})
    assert status == 422 and model["form"]["error"]["email"].startswith("Masukkan alamat email yang benar")


def test_server_still_serves(srv):
    srv.assert_serving()
