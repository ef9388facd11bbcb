"""Administering people: search, give and take roles (with the agency),
disable an account (its sessions end at once), and the audit log of it
all. An administrator cannot lock themselves out.
"""
from __future__ import annotations

import itertools

import pytest

from accountkit import PASSWORD, Client, create_user, mint_session
from httpkit import Server

_n = itertools.count(1)


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-admin"), name="admin", args=["--trust-proxy"])
    s.start()
    yield s
    s.assert_clean_exit()


def client(srv) -> Client:
    n = next(_n)
    return Client(srv, ip=f"10.5.{n // 200}.{n % 200 + 1}")


@pytest.fixture(scope="module")
def admin(srv):
    uid = create_user(srv, "admin@bekasikab.go.id", "Admin Kabupaten", [("warga", None), ("admin", None)])
    c = client(srv)
    c.cookies["tb_sesi"] = mint_session(srv, uid)
    c.uid = uid
    return c


def registered(srv, email, name="Warga Uji") -> tuple[Client, int]:
    c = client(srv)
    c.register(email, name)
    return c, int(srv.sql(f"SELECT id FROM users WHERE email_key = '{email.lower()}'"))


def test_search_people(srv, admin):
    registered(srv, "siti.aminah@example.id", "Siti Aminah")
    registered(srv, "joko@example.id", "Joko Susilo")
    status, model = admin.json("/admin/pengguna?q=AMINAH")
    assert status == 200 and [u["display_name"] for u in model["users"]] == ["Siti Aminah"]
    status, model = admin.json("/admin/pengguna?q=joko%40example")
    assert [u["email"] for u in model["users"]] == ["joko@example.id"]
    status, model = admin.json("/admin/pengguna?q=%25")  # a literal %, not a wildcard
    assert model["users"] == []


def test_grant_and_revoke_an_agency_role(srv, admin):
    officer, uid = registered(srv, "calon.petugas@example.id", "Calon Petugas")
    assert officer.get("/dinas/dinkes/kelola")[0] == 403
    status, headers, _ = admin.post(f"/admin/pengguna/{uid}/peran", {"role": "petugas",
                                                                    "agency": "dinkes"})
    assert status == 303 and headers["location"] == f"/admin/pengguna/{uid}?pesan=peran_ditambah"
    status, model = officer.json("/dinas/dinkes/kelola")
    assert status == 200 and {"name": "Calon Petugas", "role": "petugas",
                              "label": "Petugas dinas"} in model["team"]
    assert officer.get("/dinas/dishub/kelola")[0] == 403
    # the same grant twice is refused with a message
    status, _, model = admin.post_json(f"/admin/pengguna/{uid}/peran", {"role": "petugas",
                                                                        "agency": "dinkes"})
    assert status == 422 and model["form"]["error"]["role"] == "Orang ini sudah memegang peran itu."
    status, model = admin.json(f"/admin/pengguna/{uid}")
    grant = next(g for g in model["grants"] if g["role"] == "petugas")
    assert grant["agency"] == "dinkes"
    assert [a["action"] for a in model["audit"]][:1] == ["role.grant"]
    assert model["audit"][0]["actor"] == "Admin Kabupaten" and model["audit"][0]["detail"] == "petugas dinkes"
    status, _, _ = admin.post(f"/admin/pengguna/{uid}/peran/hapus", {"grant": str(grant["id"])})
    assert status == 303
    assert officer.get("/dinas/dinkes/kelola")[0] == 403


@pytest.mark.parametrize("fields,field,message", [
    ({"role": "petugas"}, "agency", "Petugas harus punya dinas. Pilih dinasnya."),
    ({"role": "petugas", "agency": "tidak-ada"}, "agency", "Dinas itu tidak ditemukan."),
    ({"role": "raja"}, "role", "Peran itu tidak dikenal."),
    ({}, "role", "Pilih peran."),
])
def test_bad_grants(srv, admin, fields, field, message):
    _, uid = registered(srv, f"salah{next(_n)}@example.id")
    status, _, model = admin.post_json(f"/admin/pengguna/{uid}/peran", fields)
    assert status == 422 and model["form"]["error"][field] == message
    assert srv.sql(f"SELECT count(*) FROM user_roles WHERE user_id = {uid}") == "1"


def test_main_ppid_has_no_agency(srv, admin):
    _, uid = registered(srv, "ppid.utama@example.id", "PPID Utama")
    status, _, _ = admin.post(f"/admin/pengguna/{uid}/peran", {"role": "ppid", "agency": ""})
    assert status == 303
    assert srv.sql(f"SELECT coalesce(agency_id, 0) FROM user_roles WHERE user_id = {uid} "
                   "AND role = 'ppid'") == "0"


def test_disable_ends_sessions_at_once(srv, admin):
    person, uid = registered(srv, "nakal@example.id")
    other = client(srv)
    other.login("nakal@example.id")
    status, _, _ = admin.post(f"/admin/pengguna/{uid}/status", {"aksi": "nonaktifkan"})
    assert status == 303
    assert not person.signed_in and not other.signed_in
    status, _, body = client(srv).post("/masuk", {"email": "nakal@example.id", "password": PASSWORD})
    assert status == 403 and "dinonaktifkan" in body.decode()
    status, _, _ = admin.post(f"/admin/pengguna/{uid}/status", {"aksi": "aktifkan"})
    assert status == 303
    client(srv).login("nakal@example.id")
    model = admin.json(f"/admin/pengguna/{uid}")[1]
    assert [a["action"] for a in model["audit"]][:2] == ["account.enable", "account.disable"]


def test_admin_cannot_lock_themselves_out(srv, admin):
    status, _, model = admin.post_json(f"/admin/pengguna/{admin.uid}/status", {"aksi": "nonaktifkan"})
    assert status == 422 and "sendiri" in model["form"]["error"]["aksi"]
    grant = srv.sql(f"SELECT id FROM user_roles WHERE user_id = {admin.uid} AND role = 'admin'")
    status, _, model = admin.post_json(f"/admin/pengguna/{admin.uid}/peran/hapus", {"grant": grant})
    assert status == 422 and "sendiri" in model["form"]["error"]["grant"]
    assert admin.json("/admin/pengguna")[0] == 200


def test_unknown_person_is_404(srv, admin):
    assert admin.get("/admin/pengguna/999999")[0] == 404
    assert admin.post("/admin/pengguna/999999/status", {"aksi": "nonaktifkan"})[0] == 404
