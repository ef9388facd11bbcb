"""`terbuka user add`: accounts and roles from the command line."""
from __future__ import annotations

import subprocess

import pytest

from accountkit import Client
from httpkit import Server, new_database


def run(bin_path, db, *args, stdin: str = ""):
    return subprocess.run([str(bin_path), "user", "add", "--db", db, *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def db(bin_path, tmp_path):
    # a copy of the demo template: loading the demo afresh takes 4 s on PostgreSQL
    return new_database(tmp_path, "cli", demo=True)


def test_admin_with_password_from_stdin_can_sign_in(bin_path, db, tmp_path):
    p = run(bin_path, db, "--email", "Admin@Bekasikab.go.id", "--role", "admin", "--name",
            "Admin Diskominfo", stdin="sandi-admin-yang-panjang\n")
    assert p.returncode == 0, p.stderr
    assert "admin granted" in p.stdout and "password:" not in p.stdout
    assert "sandi-admin" not in p.stdout + p.stderr
    srv = Server(tmp_path / "srv", demo=False)
    srv.db = db
    srv.start()
    try:
        c = Client(srv)
        c.login("admin@bekasikab.go.id", "sandi-admin-yang-panjang")
        status, model = c.json("/admin/pengguna")
        assert status == 200
        # the demo data set's askers are accounts too, without an address
        people = [u["display_name"] for u in model["users"] if u.get("email")]
        assert people == ["Admin Diskominfo"], model["users"][:3]
    finally:
        srv.assert_clean_exit()


def test_generated_password_is_printed_once(bin_path, db):
    p = run(bin_path, db, "--email", "petugas@bekasikab.go.id", "--role", "petugas",
            "--agency", "dinkes")
    assert p.returncode == 0, p.stderr
    lines = [l for l in p.stdout.splitlines() if l.startswith("password: ")]
    assert len(lines) == 1 and len(lines[0].split(": ", 1)[1]) >= 20
    assert "petugas of dinkes granted" in p.stdout
    # once more: the account exists, the role is held, nothing is printed
    p = run(bin_path, db, "--email", "petugas@bekasikab.go.id", "--role", "petugas",
            "--agency", "dinkes")
    assert p.returncode == 0 and "already held" in p.stdout and "password" not in p.stdout
    # a second agency is another grant
    p = run(bin_path, db, "--email", "petugas@bekasikab.go.id", "--role", "petugas",
            "--agency", "dishub")
    assert p.returncode == 0 and "granted" in p.stdout


@pytest.mark.parametrize("args,code,needle", [
    (["--role", "admin"], 2, "--email"),
    (["--email", "bukan-email", "--role", "admin"], 2, "--email"),
    (["--email", "a@example.id"], 2, "--role"),
    (["--email", "a@example.id", "--role", "raja"], 2, "--role"),
    (["--email", "a@example.id", "--role", "petugas"], 2, "--agency"),
    (["--email", "a@example.id", "--role", "humas", "--agency", "dinkes"], 2, "--agency"),
    (["--email", "a@example.id", "--role", "petugas", "--agency", "tidak-ada"], 1, "tidak-ada"),
])
def test_bad_arguments(bin_path, db, args, code, needle):
    p = run(bin_path, db, *args)
    assert p.returncode == code, (p.stdout, p.stderr)
    assert needle in p.stderr


def test_short_password_on_stdin_is_refused(bin_path, db):
    p = run(bin_path, db, "--email", "pendek@example.id", "--role", "warga", stdin="pendek\n")
    assert p.returncode == 1 and "at least 10" in p.stderr
    p = run(bin_path, db, "--email", "pendek@example.id", "--role", "warga",
            stdin="cukup-panjang-kok\n")
    assert p.returncode == 0, p.stderr
