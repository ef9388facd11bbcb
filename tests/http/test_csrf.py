"""CSRF: every POST route of `terbuka routes` (read from the binary, so a
new route is covered without editing this file), tried by a signed-in
admin (so the access rule passes), refuses a missing, empty or wrong token,
a token of another browser's session and this browser's own token from
before it signed in: 403 with an HTML page that says the form expired (the
locale's error.csrf), or that error as JSON when asked for JSON. The
X-CSRF-Token header works in place of the form field. A refused request
changes nothing: the tests look in the database after it.
"""
from __future__ import annotations

import itertools
import json
import re
import subprocess

import pytest

import accountkit
from accountkit import PASSWORD, Client
from httpkit import REPO, HtmlScan, Server, binary

LOCALE = json.loads((REPO / "locale" / "id.json").read_text(encoding="utf-8"))
CSRF_MESSAGE = LOCALE["error"]["csrf"]
FORBIDDEN_TITLE = LOCALE["error"]["status_403"]
JSON = {"Accept": "application/json"}


def post_routes() -> list[str]:
    """Patterns of every POST route in the binary's table (at collection,
    so each is its own test id)."""
    try:
        out = subprocess.run([str(binary()), "routes"], capture_output=True, text=True,
                             timeout=30, stdin=subprocess.DEVNULL, check=True)
        return [r["pattern"] for r in json.loads(out.stdout) if r["method"] == "POST"]
    except (OSError, subprocess.SubprocessError, ValueError) as e:
        return [f"<`terbuka routes` failed: {e}>"]


POST_ROUTES = post_routes()


class Env:
    """One admin for the module; each test signs in with a session of its
    own, so a route that ends sessions (were its check broken) cannot reach
    another test."""

    def __init__(self, srv: Server):
        self.srv = srv
        self._n = itertools.count(1)
        self.target = accountkit.create_user(srv, "sasaran@example.id", "Pengguna Sasaran")
        # also a petugas of dinkes and the main PPID, so that access passes
        # on every POST route and only the token decides
        self.admin_roles = [("warga", None), ("admin", None), ("petugas", "dinkes"), ("ppid", None)]
        self.admin_id = accountkit.create_user(srv, "admin@example.id", "Admin Uji", self.admin_roles)
        other = accountkit.create_user(srv, "admin2@example.id", "Admin Lain",
                                       [("warga", None), ("admin", None)])
        # Tokens good for other browsers: another admin's, and the same
        # admin's other session.
        self.other_person_token = self.client(other).csrf()
        self.other_session_token = self.client(self.admin_id).csrf()

    def client(self, uid: int | None = None) -> Client:
        """A new browser (its own client address, so the per-address limits
        never add up across tests), signed in as uid when given."""
        n = next(self._n)
        c = Client(self.srv, ip=f"10.8.{n // 250}.{n % 250 + 1}")
        if uid is not None:
            c.cookies["tb_sesi"] = accountkit.mint_session(self.srv, uid)
        return c

    def admin(self) -> tuple[int, Client]:
        """The module's admin, signed in afresh in a new browser."""
        return self.admin_id, self.client(self.admin_id)

    def admin_copy(self) -> Client:
        """A throwaway copy of the module's admin (the same roles, a user of
        its own), signed in: a test that posts once to every route counts
        each against the per-person POST limit of a different person."""
        n = next(self._n)
        uid = accountkit.create_user(self.srv, f"admin-salinan{n}@example.id", "Admin Salinan", self.admin_roles)
        return self.client(uid)

    def path(self, pattern: str) -> str:
        assert pattern.startswith("/"), pattern
        # question routes get an id no question has: the check under test
        # comes before any lookup, and nothing is changed by accident
        target = 987654321 if ("pertanyaan/:id" in pattern or pattern.startswith("/moderasi/")
                               or "jawaban/:id" in pattern) else self.target
        return (pattern.replace(":id", str(target)).replace(":slug", "dinkes").replace(":no", "2026-000001")
                .replace(":doc", "1"))


@pytest.fixture(scope="module")
def env(bin_path, tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("tbk-csrf"), name="csrf", args=["--trust-proxy"])
    srv.start()
    try:
        yield Env(srv)
    finally:
        srv.assert_clean_exit()


def assert_csrf_refusal(what: str, status: int, headers: dict, body: bytes, as_json: bool):
    assert status == 403, f"{what}: {status}, expected 403: {body[:500]!r}"
    ctype = headers.get("content-type", "")
    if as_json:
        assert ctype.startswith("application/json"), f"{what}: {ctype}"
        err = json.loads(body)["error"]
        assert err["status"] == 403 and err["message"] == CSRF_MESSAGE, f"{what}: {err}"
    else:
        assert ctype.startswith("text/html"), f"{what}: {ctype}"
        page = HtmlScan(body)
        assert page.h1.strip() == FORBIDDEN_TITLE, f"{what}: h1 {page.h1!r}"
        assert CSRF_MESSAGE in page.text, f"{what}: the page does not say the form expired"


def bad_tokens(env: Env) -> dict[str, tuple[dict, dict]]:
    """name -> (cookies to add to the browser's, token as field or header)
    of each token that must not pass for a signed-in browser."""
    before = env.client()  # a signed-out browser's token and its cookie
    before_token = before.csrf()
    return {
        "missing": ({}, {}),
        "empty": ({}, {"field": ""}),
        "wrong": ({}, {"field": accountkit.new_token()}),
        "wrong, in the header": ({}, {"header": accountkit.new_token()}),
        "another person's session": ({}, {"field": env.other_person_token}),
        "the same person's other session": ({}, {"field": env.other_session_token}),
        "this browser's own, from before signing in":
            ({"tb_csrf": before.cookies["tb_csrf"]}, {"field": before_token}),
    }


@pytest.mark.parametrize("pattern", POST_ROUTES)
def test_post_refuses_every_bad_token(env, pattern):
    _, c = env.admin()
    path = env.path(pattern)
    for name, (cookies, how) in bad_tokens(env).items():
        for as_json in (False, True):
            b = Client(env.srv, ip=c.ip)
            b.cookies = {**c.cookies, **cookies}
            headers = dict(JSON) if as_json else {}
            if "header" in how:
                headers["X-CSRF-Token"] = how["header"]
            token = how.get("field", False)
            status, hdrs, body = b.post(path, {}, csrf=token, headers=headers)
            assert_csrf_refusal(f"POST {path}, token {name}, {'JSON' if as_json else 'HTML'}",
                                status, hdrs, body, as_json)
    # Still signed in: none of it ended the session.
    assert c.signed_in


@pytest.mark.parametrize("pattern", POST_ROUTES)
def test_header_works_in_place_of_the_field(env, pattern):
    # A session of its own: /keluar and /keluar/semua end it. (/akun/hapus
    # with an empty form asks for the password, so the admin stays.) A copy
    # of the admin: one POST a route by one person would pass the POST limit.
    c = env.admin_copy()
    token = c.csrf()
    status, _, body = c.post(env.path(pattern), {}, csrf=False, headers={"X-CSRF-Token": token})
    assert status < 500 and status not in (401, 403, 429), (pattern, status, body[:500])
    assert CSRF_MESSAGE.encode() not in body


def test_signed_out_browser_token_is_tied_to_its_cookie(env):
    a, b = env.client(), env.client()
    ta, tb = a.csrf(), b.csrf()
    assert ta != tb
    # No tb_csrf cookie at all.
    fresh = env.client()
    assert_csrf_refusal("no cookie", *fresh.post("/masuk", {}, csrf=ta), as_json=False)
    # Browser b's cookie with browser a's token.
    assert_csrf_refusal("b's cookie, a's token", *b.post("/masuk", {}, csrf=ta), as_json=False)
    # Each with its own: the form is read (empty: 422).
    assert a.post("/masuk", {}, csrf=ta)[0] == 422
    assert b.post("/masuk", {}, csrf=False, headers={"X-CSRF-Token": tb})[0] == 422


def test_token_of_a_signed_in_browser_is_the_same_on_every_form(env):
    _, c = env.admin()
    tokens = {json.loads(c.get(p, headers=JSON)[2])["csrf_token"]
              for p in ("/masuk", "/keluar", "/akun", "/akun/hapus", f"/admin/pengguna/{env.target}")}
    # The masthead's Keluar form on a page without forms of its own.
    html = c.get("/dinas")[2].decode()
    tokens |= set(re.findall(r'name="csrf" value="([^"]+)"', html))
    assert len(tokens) == 1, tokens


# ---- nothing changed ------------------------------------------------------------

def name_of(env, uid: int) -> str:
    return env.srv.sql(f"SELECT display_name FROM users WHERE id = {uid}")


def test_wrong_token_does_not_change_the_name(env):
    uid, c = env.admin()
    before = name_of(env, uid)
    for csrf in (False, accountkit.new_token()):
        for headers in ({}, JSON):
            status, _, _ = c.post("/akun/nama", {"name": "Nama Palsu"}, csrf=csrf, headers=headers)
            assert status == 403
    assert name_of(env, uid) == before
    # The same form with the token in the header does change it.
    status, headers, _ = c.post("/akun/nama", {"name": "Nama Asli Baru"}, csrf=False,
                                headers={"X-CSRF-Token": c.csrf()})
    assert status == 303, status
    assert name_of(env, uid) == "Nama Asli Baru"


def test_wrong_token_does_not_sign_out(env):
    uid = accountkit.create_user(env.srv, "keluar-csrf@example.id", "Warga Keluar")
    c = env.client(uid)
    for path in ("/keluar", "/keluar/semua"):
        assert c.post(path, {}, csrf=accountkit.new_token())[0] == 403
        assert c.signed_in, path
    sessions = env.srv.sql(f"SELECT count(*) FROM sessions WHERE user_id = {uid}")
    assert sessions == "1"


def test_wrong_token_does_not_delete_the_account(env):
    c = env.client()
    email = "hapus-csrf@example.id"
    c.register(email, "Warga Hapus")
    assert c.signed_in
    status, _, _ = c.post("/akun/hapus", {"current_password": PASSWORD}, csrf=accountkit.new_token())
    assert status == 403
    row = env.srv.sql(f"SELECT deleted_at FROM users WHERE email_key = '{email}'")
    assert row in ("", "None"), row
    assert c.signed_in
    # With the right token the same form deletes it.
    status, _, body = c.post("/akun/hapus", {"current_password": PASSWORD})
    assert status == 200, body[:500]
    assert not c.signed_in


def test_wrong_token_does_not_sign_in(env):
    c = env.client()
    c.register("masuk-csrf@example.id", "Warga Masuk")
    c.post("/keluar", {})
    assert not c.signed_in
    status, headers, _ = c.post("/masuk", {"email": "masuk-csrf@example.id", "password": PASSWORD},
                                csrf=accountkit.new_token())
    assert status == 403
    assert not any(h.startswith("tb_sesi=") for h in headers["set-cookie"]), headers["set-cookie"]
    assert not c.signed_in
    c.login("masuk-csrf@example.id")
    assert c.signed_in


def test_wrong_token_does_not_change_roles_or_status(env):
    _, c = env.admin()
    t = env.target

    def state():
        return (env.srv.sql(f"SELECT role FROM user_roles WHERE user_id = {t} ORDER BY role"),
                env.srv.sql(f"SELECT disabled_at FROM users WHERE id = {t}"))

    before = state()
    grant = env.srv.sql(f"SELECT id FROM user_roles WHERE user_id = {t}").splitlines()[0]
    bad = accountkit.new_token()
    for path, fields in ((f"/admin/pengguna/{t}/peran", {"role": "admin"}),
                         (f"/admin/pengguna/{t}/peran/hapus", {"grant": grant}),
                         (f"/admin/pengguna/{t}/status", {"aksi": "nonaktifkan"})):
        for headers in ({}, JSON, {"X-CSRF-Token": bad}):
            assert c.post(path, fields, csrf=False if "X-CSRF-Token" in headers else bad,
                          headers=headers)[0] == 403, path
    assert state() == before
    # Control: the same grant with a good token goes through, and is undone.
    assert c.post(f"/admin/pengguna/{t}/peran", {"role": "humas"})[0] == 303
    assert "humas" in state()[0]
    humas = env.srv.sql(f"SELECT id FROM user_roles WHERE user_id = {t} AND role = 'humas'")
    assert c.post(f"/admin/pengguna/{t}/peran/hapus", {"grant": humas})[0] == 303
    assert state() == before
