"""The authorization matrix: every route of the site, tried by every kind of
person, against the set of people EXPECTED to get through.

EXPECTED below lists every route of `terbuka routes` ("METHOD pattern") with
the personas allowed to use it. The test reads the real route table from the
binary and FAILS when a route is missing here or when an entry here is not a
real route: a change that adds (or renames) a route must add it to EXPECTED
in the same commit, deciding who may use it.

Each route is one test id. For each persona the test makes one concrete
request (":slug" is "dinkes", the agency of the petugas of A, so the petugas
of B must be refused; ":id" is a real target user; ":size" is "kecil";
"/static/*" is /static/css/site.css). A POST carries a valid CSRF token for
that persona's cookies and an empty form, which a handler answers with 422
(or a redirect) when access passes. /keluar is tried with a session of its
own, and the routes that end every session or delete the account by a
throwaway copy of the persona, so no other cell is affected.

Classification: denied = 401, 403, or the guard's 303 to the sign-in page
(/masuk?lanjut=...); allowed = anything else. A 5xx, or a 429 (a rate limit
would hide the access decision), fails the test. How a refusal looks is
checked too: anonymous HTML reads go to /masuk?lanjut=<this page>,
anonymous writes and JSON get 401, signed-in people without the role 403.
"""
from __future__ import annotations

import functools
import itertools
import json
import subprocess
import urllib.parse

import pytest

import accountkit
from httpkit import REPO, Server, binary

LOCALE = json.loads((REPO / "locale" / "id.json").read_text(encoding="utf-8"))

# ---- personas ---------------------------------------------------------------

ANON = "anonymous"
WARGA = "warga"
PETUGAS_A = "petugas_dinkes"  # petugas of agency A
PETUGAS_B = "petugas_dishub"  # petugas of agency B
PPID = "ppid_utama"           # the main PPID: role ppid without an agency
HUMAS = "humas"
ADMIN = "admin"

AGENCY_A = "dinkes"
AGENCY_B = "dishub"

# Roles of each persona as accountkit.create_user takes them; everyone with
# an account is warga.
PERSONA_ROLES = {
    WARGA: [("warga", None)],
    PETUGAS_A: [("warga", None), ("petugas", AGENCY_A)],
    PETUGAS_B: [("warga", None), ("petugas", AGENCY_B)],
    PPID: [("warga", None), ("ppid", None)],
    HUMAS: [("warga", None), ("humas", None)],
    ADMIN: [("warga", None), ("admin", None)],
}
PERSONAS = [ANON, *PERSONA_ROLES]

EVERYONE = frozenset(PERSONAS)
SIGNED_IN = EVERYONE - {ANON}
ADMINS = frozenset({ADMIN})
# The desk of agency A: its petugas and the main PPID. Not the admin, who
# holds no role there, and not the petugas of B.
DESK_OF_A = frozenset({PETUGAS_A, PPID})
# Programme work of agency A: its petugas only.
OFFICER_OF_A = frozenset({PETUGAS_A})
# Moderation of questions and answers: humas and admins.
MODERATORS = frozenset({HUMAS, ADMIN})
# The PPID's desk of information requests: information officers.
PPIDS_ALL = frozenset({PPID})

# ---- who may use what ---------------------------------------------------------

EXPECTED: dict[str, frozenset[str]] = {
    "GET /": EVERYONE,
    "GET /dinas": EVERYONE,
    "GET /dinas/:slug": EVERYONE,
    "GET /dinas/:slug/kelola": DESK_OF_A,
    "GET /dinas/:slug/program/baru": OFFICER_OF_A,
    "POST /dinas/:slug/program/baru": OFFICER_OF_A,
    "GET /dinas/:slug/program/:id/ubah": OFFICER_OF_A,
    "POST /dinas/:slug/program/:id/ubah": OFFICER_OF_A,
    "POST /dinas/:slug/program/:id/kabar": OFFICER_OF_A,
    "POST /dinas/:slug/program/:id/berkas": OFFICER_OF_A,

    "GET /program": EVERYONE,
    "GET /program/unduh": EVERYONE,
    "GET /program/:id-slug": EVERYONE,
    "POST /program/:id/ikuti": SIGNED_IN,

    # questions (":id" is a user id here, so the question is not found: a
    # 404 past the guard counts as allowed)
    "GET /pertanyaan": EVERYONE,
    "GET /pertanyaan/:id-slug": EVERYONE,
    "GET /tanya": SIGNED_IN,
    "POST /tanya": SIGNED_IN,
    "POST /pertanyaan/:id/dukung": SIGNED_IN,
    "POST /pertanyaan/:id/ikuti": SIGNED_IN,
    "POST /pertanyaan/:id/nilai": SIGNED_IN,
    "POST /pertanyaan/:id/balas": SIGNED_IN,
    "POST /pertanyaan/:id/tanggapan": SIGNED_IN,
    "POST /pertanyaan/:id/buka": SIGNED_IN,
    "POST /dinas/:slug/pertanyaan/:id/jawab": OFFICER_OF_A,
    "POST /dinas/:slug/pertanyaan/:id/teruskan": OFFICER_OF_A,
    "POST /dinas/:slug/jawaban/:id/ubah": OFFICER_OF_A,
    "GET /catatan": EVERYONE,
    "GET /catatan/entri": EVERYONE,
    "GET /catatan/kepala": EVERYONE,
    "GET /catatan/konsistensi": EVERYONE,
    "GET /catatan/:id": EVERYONE,
    "GET /catatan/:id/bukti": EVERYONE,
    "GET /.well-known/terbuka-log-key": EVERYONE,
    "POST /pertanyaan/:id/laporkan": SIGNED_IN,
    "GET /moderasi": MODERATORS,
    "POST /moderasi/:id/setujui": MODERATORS,
    "POST /moderasi/:id/tolak": MODERATORS,
    "POST /moderasi/:id/arahkan": MODERATORS,
    "POST /moderasi/:id/sembunyikan": MODERATORS,
    "POST /moderasi/:id/tampilkan": MODERATORS,
    "POST /moderasi/jawaban/:id/sembunyikan": MODERATORS,
    "POST /moderasi/jawaban/:id/tampilkan": MODERATORS,
    "GET /moderasi/log": MODERATORS,
    "GET /moderasi/pengaturan": MODERATORS,
    "POST /moderasi/pengaturan": MODERATORS,
    # the link at the foot of question mails: its token is the authority
    "GET /berhenti/:slug": EVERYONE,
    "POST /berhenti/:slug": EVERYONE,

    "GET /cari": EVERYONE,
    "GET /permohonan/tenggat": EVERYONE,
    "GET /permohonan": EVERYONE,
    "GET /permohonan/maklumat": EVERYONE,
    # the Daftar Informasi Publik: public, and kept by the PPIDs (":id" is
    # an id no item has: a 404 past the guard; which items are whose is
    # the handler's, tests/http/test_kip_dip.py)
    "GET /dip": EVERYONE,
    "GET /dip/unduh": EVERYONE,
    "GET /dip/:id": EVERYONE,
    "GET /ppid/dip": PPIDS_ALL,
    "GET /ppid/dip/baru": PPIDS_ALL,
    "POST /ppid/dip/baru": PPIDS_ALL,
    "GET /ppid/dip/:id": PPIDS_ALL,
    "POST /ppid/dip/:id": PPIDS_ALL,
    "POST /ppid/dip/:id/hapus": PPIDS_ALL,
    "POST /ppid/dip/:id/berkas": PPIDS_ALL,
    "POST /ppid/dip/:id/berkas/hapus": PPIDS_ALL,
    # a request answered from the DIP (dip_answer.c)
    "POST /ppid/:no/dip": PPIDS_ALL,
    # the public report card (src/report/): public, with its files; an admin counts again
    "GET /laporan": EVERYONE,
    "GET /laporan/unduh.csv": EVERYONE,
    "GET /laporan/cetak.pdf": EVERYONE,
    "GET /laporan/:slug": EVERYONE,
    "GET /laporan/:slug/unduh.csv": EVERYONE,
    "GET /laporan/:slug/cetak.pdf": EVERYONE,
    "POST /admin/laporan/hitung": ADMINS,
    # the annual service report: public, with its CSV; the PPID writes its part
    "GET /permohonan/laporan": EVERYONE,
    "GET /permohonan/laporan.csv": EVERYONE,
    "GET /permohonan/laporan.pdf": EVERYONE,
    "GET /ppid/laporan": PPIDS_ALL,
    "POST /ppid/laporan": PPIDS_ALL,
    "POST /permohonan/:no/keberatan": EVERYONE,
    "POST /ppid/:no/keberatan": PPIDS_ALL,
    "POST /ppid/:no/identitas": PPIDS_ALL,
    "GET /permohonan/baru": EVERYONE,
    "POST /permohonan/baru": EVERYONE,
    "GET /permohonan/:no": EVERYONE,
    "GET /ppid": PPIDS_ALL,
    "GET /ppid/:no": PPIDS_ALL,
    "POST /ppid/:no": PPIDS_ALL,
    # what a PPID releases with the notice, and the printed copies
    "POST /ppid/:no/dokumen": PPIDS_ALL,
    "POST /ppid/:no/dokumen/:doc/hitamkan": PPIDS_ALL,
    "POST /ppid/:no/dokumen/:doc/kembalikan": PPIDS_ALL,
    "POST /ppid/:no/dokumen/:doc/hapus": PPIDS_ALL,
    "GET /ppid/:no/dokumen/:doc/salinan": PPIDS_ALL,
    "GET /permohonan/:no/pemberitahuan.pdf": EVERYONE,
    "GET /permohonan/:no/dokumen/:doc/salinan.pdf": EVERYONE,
    "GET /cari/saran": EVERYONE,

    # live sessions for feed readers and calendars
    "GET /sesi/atom": EVERYONE,
    "GET /sesi/:id/kalender.ics": EVERYONE,
    # syndication: Atom feeds, cards other sites may frame, and oEmbed
    # (":id" is a user id, or for questions an id none has: a 404 past the
    # guard; /oembed without its url is a 400)
    "GET /pertanyaan/atom": EVERYONE,
    "GET /dinas/:slug/atom": EVERYONE,
    "GET /program/:id/atom": EVERYONE,
    "GET /permohonan/atom": EVERYONE,
    "GET /sematkan/pertanyaan/:id": EVERYONE,
    "GET /sematkan/program/:id": EVERYONE,
    "GET /sematkan/sesi/:id": EVERYONE,
    "GET /oembed": EVERYONE,

    # live sessions (":id" is a user id: no such session, a 404 past the guard)
    "GET /sesi": EVERYONE,
    "GET /sesi/baru": MODERATORS,
    "POST /sesi/baru": MODERATORS,
    "GET /sesi/:id": EVERYONE,
    "POST /sesi/:id/tanya": EVERYONE,
    "POST /sesi/:id/dukung": EVERYONE,
    "GET /sesi/:id/layar": EVERYONE,
    "GET /sesi/:id/overlay": EVERYONE,
    "GET /sesi/:id/aliran": EVERYONE,
    "GET /sesi/:id/ubah": MODERATORS,
    "POST /sesi/:id/ubah": MODERATORS,
    "POST /sesi/:id/status": MODERATORS,
    "GET /sesi/:id/moderasi": MODERATORS,
    "POST /sesi/:id/moderasi": MODERATORS,

    "GET /masuk": EVERYONE,
    "POST /masuk": EVERYONE,
    "GET /keluar": EVERYONE,
    "POST /keluar": EVERYONE,
    "POST /keluar/semua": SIGNED_IN,
    "GET /daftar": EVERYONE,
    "POST /daftar": EVERYONE,
    "GET /lupa-sandi": EVERYONE,
    "POST /lupa-sandi": EVERYONE,
    "GET /atur-sandi": EVERYONE,
    "POST /atur-sandi": EVERYONE,

    "GET /akun": SIGNED_IN,
    "POST /akun/nama": SIGNED_IN,
    "POST /akun/sandi": SIGNED_IN,
    "POST /akun/email": SIGNED_IN,
    "GET /akun/email/konfirmasi": EVERYONE,
    "POST /akun/email/konfirmasi": EVERYONE,
    "GET /akun/verifikasi": EVERYONE,
    "POST /akun/verifikasi": EVERYONE,
    "POST /akun/verifikasi/kirim-ulang": SIGNED_IN,
    "GET /akun/data": SIGNED_IN,
    "GET /akun/hapus": SIGNED_IN,
    "POST /akun/hapus": SIGNED_IN,

    "GET /admin/pengguna": ADMINS,
    "GET /admin/pengguna/:id": ADMINS,
    "POST /admin/pengguna/:id/peran": ADMINS,
    "POST /admin/pengguna/:id/peran/hapus": ADMINS,
    "POST /admin/pengguna/:id/status": ADMINS,
    "GET /admin/dinas": ADMINS,
    "GET /admin/dinas/baru": ADMINS,
    "POST /admin/dinas/baru": ADMINS,
    "GET /admin/dinas/:slug/ubah": ADMINS,
    "POST /admin/dinas/:slug/ubah": ADMINS,
    # the holiday calendar (":slug" is "dinkes", not a date: a 404 past the guard)
    "GET /admin/libur": ADMINS,
    "POST /admin/libur": ADMINS,
    "POST /admin/libur/konfirmasi": ADMINS,
    "POST /admin/libur/impor": ADMINS,
    "GET /admin/libur/:slug": ADMINS,
    "POST /admin/libur/:slug": ADMINS,
    "POST /admin/libur/:slug/hapus": ADMINS,
    # the KIP service's settings (counting rules, fees, retention)
    "GET /admin/permohonan": ADMINS,
    "POST /admin/permohonan": ADMINS,
    # webhooks (":id" is a user id: no such endpoint, a 404 past the guard;
    # the delivery to send again is a form field)
    "GET /admin/webhook": ADMINS,
    "POST /admin/webhook": ADMINS,
    "GET /admin/webhook/:id": ADMINS,
    "POST /admin/webhook/:id": ADMINS,
    "POST /admin/webhook/:id/rahasia": ADMINS,
    "POST /admin/webhook/:id/kirim-ulang": ADMINS,
    "POST /admin/webhook/:id/hapus": ADMINS,

    # share cards and short links (issue #10)
    "GET /kartu/:kind/:nomor/:size": EVERYONE,
    "GET /s/:slug": EVERYONE,
    "GET /poster/:kind/:nomor": EVERYONE,

    # stored files (uploads): public by their hash
    "GET /berkas/:slug": EVERYONE,
    "GET /berkas/:slug/:size": EVERYONE,

    "GET /healthz": EVERYONE,
    "GET /metrics": EVERYONE,
    "GET /static/*": EVERYONE,
}

# Routes whose success ends a session: tried with a session of its own.
ENDS_SESSION = {"POST /keluar"}
# Routes whose success ends every session or the account: tried by a
# throwaway copy of the persona (same roles, a user of its own).
ENDS_ACCOUNT = {"POST /keluar/semua", "POST /akun/hapus"}


def route_table() -> list[dict]:
    out = subprocess.run([str(binary()), "routes"], capture_output=True, text=True,
                         timeout=30, stdin=subprocess.DEVNULL)
    assert out.returncode == 0, f"`terbuka routes` exited with {out.returncode}: {out.stderr}"
    return json.loads(out.stdout)


@functools.cache
def real_routes() -> frozenset[str]:
    return frozenset(f"{r['method']} {r['pattern']}" for r in route_table())


# ---- the server and its people -------------------------------------------------

class Env:
    def __init__(self, srv: Server):
        self.srv = srv
        self.ids: dict[str, int] = {}
        self.tokens: dict[str, str] = {}
        self._csrf: dict[str, str] = {}
        self._clones = itertools.count(1)
        for persona, roles in PERSONA_ROLES.items():
            uid = accountkit.create_user(srv, f"{persona}@example.id", f"Uji {persona}", roles)
            self.ids[persona] = uid
            self.tokens[persona] = accountkit.mint_session(srv, uid)
        # The person the admin routes act on: nobody's persona.
        self.target = accountkit.create_user(srv, "sasaran@example.id", "Pengguna Sasaran")

    def ip(self, persona: str) -> str:
        # One client address per persona: the per-address limits (sign-in,
        # registration, reset links) count each persona apart.
        return f"10.9.0.{PERSONAS.index(persona) + 1}"

    def client(self, persona: str, fresh: str | None = None) -> accountkit.Client:
        """A browser for persona, with the persona's shared session, or with
        fresh="session": a session of its own; fresh="account": as a
        throwaway copy of the persona (its own user with the same roles)."""
        c = accountkit.Client(self.srv, ip=self.ip(persona))
        if persona == ANON:
            return c
        uid = self.ids[persona]
        if fresh == "account":
            n = next(self._clones)
            uid = accountkit.create_user(self.srv, f"salinan{n}-{persona}@example.id",
                                         f"Salinan {persona}", PERSONA_ROLES[persona])
        if fresh:
            c.cookies["tb_sesi"] = accountkit.mint_session(self.srv, uid)
        else:
            c.cookies["tb_sesi"] = self.tokens[persona]
        return c

    def csrf(self, persona: str, c: accountkit.Client) -> str:
        # A signed-in person's token comes from the session, so it is the
        # same on every page; an anonymous browser gets a cookie of its own.
        if persona == ANON or c.cookies.get("tb_sesi") != self.tokens.get(persona):
            return c.csrf()
        if persona not in self._csrf:
            self._csrf[persona] = c.csrf()
        return self._csrf[persona]


@pytest.fixture(scope="module")
def env(bin_path, tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("tbk-authz"), name="authz", args=["--trust-proxy"])
    srv.start()
    try:
        yield Env(srv)
    finally:
        srv.assert_clean_exit()


# ---- one cell of the matrix ----------------------------------------------------

NO_QUESTION = 987654321


def concrete(pattern: str, target_id: int, slug: str = AGENCY_A) -> str:
    if pattern == "/static/*":
        return "/static/css/site.css"
    parts = []
    for part in pattern.split("/"):
        if part == ":slug":
            part = slug
        elif part in (":id", ":id-slug"):
            # a user for the admin routes; for question routes an id no
            # question has (the demo questions' ids overlap the users')
            part = str(NO_QUESTION if "pertanyaan/:id" in pattern or pattern.startswith("/moderasi/")
                       or "jawaban/:id" in pattern
                       or "dip/:id" in pattern else target_id)
        elif part == ":size":
            part = "pratinjau" if pattern.startswith("/kartu/") else "kecil"
        elif part == ":kind":
            part = "program"
        elif part == ":nomor":
            part = "1"
        elif part == ":no":
            part = "2026-000001"  # a request's number; none is filed here: a 404 for everyone
        elif part == ":doc":
            part = "1"  # a released document (of that missing request)
        assert not part.startswith(":") and part != "*", f"no concrete value for {part} in {pattern}"
        parts.append(part)
    return "/".join(parts)


def sign_in_redirect(status: int, headers: dict) -> str | None:
    """The page the guard sends back to after sign-in, when this is the
    guard's 303 to /masuk?lanjut=...; else None. (A handler's own redirect
    to /masuk, like /keluar/semua's /masuk?pesan=keluar_semua, is not a
    refusal.)"""
    if status != 303:
        return None
    loc = urllib.parse.urlsplit(headers.get("location", ""))
    if loc.path != "/masuk":
        return None
    lanjut = urllib.parse.parse_qs(loc.query).get("lanjut")
    return lanjut[0] if lanjut else None


def attempt(env: Env, route: str, persona: str, accept_json: bool = False):
    method, pattern = route.split(" ", 1)
    path = concrete(pattern, env.target)
    c = env.client(persona, fresh="account" if route in ENDS_ACCOUNT else
                   "session" if route in ENDS_SESSION else None)
    headers = {"Accept": "application/json"} if accept_json else {}
    if method == "GET":
        status, hdrs, body = c.get(path, headers=headers)
    elif method == "POST":
        status, hdrs, body = c.post(path, {}, csrf=env.csrf(persona, c), headers=headers)
    else:
        raise AssertionError(f"no way to try method {method} of {route}")
    return path, status, hdrs, body


def classify(route: str, persona: str, path: str, status: int, headers: dict, body: bytes) -> bool:
    """True when allowed; fails on a server error or a rate limit."""
    where = f"{route} as {persona} ({path})"
    assert status < 500, f"{where}: server error {status}: {body[:1500]!r}"
    assert status != 429, f"{where}: rate limited, so the access decision is hidden"
    return not (status in (401, 403) or sign_in_redirect(status, headers) is not None)


def check_refusal(route: str, persona: str, path: str, status: int, headers: dict, body: bytes):
    """A refusal has the documented form for who is asking and how (and is
    the access rule's, not a CSRF refusal hiding what the rule would say)."""
    method = route.split(" ", 1)[0]
    where = f"{route} as {persona} ({path})"
    if persona != ANON:
        assert status == 403, f"{where}: signed in without the role must be 403, got {status}"
        assert LOCALE["error"]["forbidden"] in body.decode(), f"{where}: not the access refusal"
    elif method == "GET":
        assert status == 303, f"{where}: an anonymous page read goes to sign in, got {status}"
        assert sign_in_redirect(status, headers) == path, \
            f"{where}: sign-in must lead back here: Location {headers.get('location')}"
    else:
        assert status == 401, f"{where}: an anonymous write must be 401, got {status}"
        assert LOCALE["error"]["sign_in_first"] in body.decode(), f"{where}: not the access refusal"


# ---- the table itself -------------------------------------------------------------

def test_expected_lists_exactly_the_real_routes():
    real = real_routes()
    missing = sorted(real - EXPECTED.keys())
    unknown = sorted(EXPECTED.keys() - real)
    problems = []
    if missing:
        problems.append("routes of `terbuka routes` missing from EXPECTED in tests/http/test_authz.py "
                        "(add each with the set of personas allowed):\n  " + "\n  ".join(missing))
    if unknown:
        problems.append("EXPECTED entries that are not real routes (renamed or removed?):\n  "
                        + "\n  ".join(unknown))
    assert not problems, "\n".join(problems)


def declared_personas(r: dict) -> frozenset[str]:
    """Who the table's declaration (access, roles) lets in, for the concrete
    requests of this test (agency routes are tried on agency A)."""
    access, roles = r["access"], set(r["roles"])
    if access == "everyone":
        return EVERYONE
    if access == "signed_in":
        return SIGNED_IN
    allowed = set()
    for persona, grants in PERSONA_ROLES.items():
        for role, agency in grants:
            if role not in roles:
                continue
            if access == "role":
                allowed.add(persona)
            elif access == "agency" and (agency == AGENCY_A or (role == "ppid" and agency is None)):
                allowed.add(persona)
    assert access in ("role", "agency"), f"unknown access {access!r} in {r}"
    return frozenset(allowed)


def test_declared_access_agrees_with_expected():
    """The route table's own declaration says the same as EXPECTED (so a
    change of access in src/routes.c is a change of this file too)."""
    differ = []
    for r in route_table():
        key = f"{r['method']} {r['pattern']}"
        if key in EXPECTED and declared_personas(r) != EXPECTED[key]:
            differ.append(f"{key}: declared {r['access']} {r['roles']} lets in "
                          f"{sorted(declared_personas(r))}, EXPECTED {sorted(EXPECTED[key])}")
    assert not differ, "\n".join(differ)


# ---- the matrix: one test per route ---------------------------------------------

@pytest.mark.parametrize("route", list(EXPECTED))
def test_route_allows_exactly_the_expected_personas(env, route):
    if route not in real_routes():
        pytest.skip(f"{route} is not a real route (test_expected_lists_exactly_the_real_routes fails)")
    allowed, seen = set(), []
    for persona in PERSONAS:
        path, status, headers, body = attempt(env, route, persona)
        ok = classify(route, persona, path, status, headers, body)
        seen.append(f"{persona}: {status} {headers.get('location', '')}".rstrip())
        if ok:
            allowed.add(persona)
        else:
            check_refusal(route, persona, path, status, headers, body)
    assert allowed == EXPECTED[route], (
        f"{route}: allowed {sorted(allowed)}, expected {sorted(EXPECTED[route])}\n  "
        + "\n  ".join(seen))


PROTECTED_READS = [r for r, who in EXPECTED.items() if r.startswith("GET ") and who != EVERYONE]


@pytest.mark.parametrize("route", PROTECTED_READS)
def test_protected_json_twin_refuses_with_401_or_403(env, route):
    """The JSON twin of a protected page never redirects: 401 when signed
    out, 403 without the role, with a JSON body."""
    for persona in PERSONAS:
        if persona in EXPECTED[route]:
            continue
        path, status, headers, body = attempt(env, route, persona, accept_json=True)
        want = 401 if persona == ANON else 403
        assert status == want, f"{route} as {persona}, JSON: {status}, expected {want}: {body[:500]!r}"
        assert headers.get("content-type", "").startswith("application/json"), headers
        json.loads(body)


@pytest.mark.parametrize("route", PROTECTED_READS)
def test_protected_page_head_is_refused_like_get(env, route):
    _, pattern = route.split(" ", 1)
    path = concrete(pattern, env.target)
    status, headers, body = env.client(ANON).request("HEAD", path)
    assert status == 303 and sign_in_redirect(status, headers) == path, (status, headers)
    assert body == b""
    for persona in SIGNED_IN - EXPECTED[route]:
        status, _, body = env.client(persona).request("HEAD", path)
        assert status == 403 and body == b"", (persona, status)


def test_sign_in_redirect_keeps_the_query(env):
    status, headers, _ = env.client(ANON).get("/admin/pengguna?q=sasaran&halaman=2")
    assert sign_in_redirect(status, headers) == "/admin/pengguna?q=sasaran&halaman=2", headers


# ---- the agency desk, explicitly ---------------------------------------------------

def desk(env, persona, slug=AGENCY_A, accept_json=False):
    headers = {"Accept": "application/json"} if accept_json else {}
    return env.client(persona).get(f"/dinas/{slug}/kelola", headers=headers)


def test_desk_petugas_of_b_is_refused_at_a(env):
    status, _, body = desk(env, PETUGAS_B)
    assert status == 403, body[:500]
    assert LOCALE["error"]["forbidden"] in body.decode()


def test_desk_petugas_of_a_gets_in(env):
    status, _, body = desk(env, PETUGAS_A)
    assert status == 200, body[:500]
    status, _, body = desk(env, PETUGAS_A, accept_json=True)
    assert status == 200, body[:500]


def test_desk_each_petugas_gets_into_their_own(env):
    assert desk(env, PETUGAS_B, AGENCY_B)[0] == 200
    assert desk(env, PETUGAS_A, AGENCY_B)[0] == 403


def test_desk_main_ppid_gets_into_every_agency(env):
    for slug in (AGENCY_A, AGENCY_B, "kecamatan-babelan"):
        status, _, body = desk(env, PPID, slug)
        assert status == 200, (slug, body[:500])


def test_desk_ppid_of_one_agency_is_refused_at_another(env):
    uid = accountkit.create_user(env.srv, "ppid-dishub@example.id", "PPID Dishub",
                                 [("warga", None), ("ppid", AGENCY_B)])
    c = accountkit.Client(env.srv)
    c.cookies["tb_sesi"] = accountkit.mint_session(env.srv, uid)
    assert c.get(f"/dinas/{AGENCY_B}/kelola")[0] == 200
    assert c.get(f"/dinas/{AGENCY_A}/kelola")[0] == 403


def test_desk_admin_and_humas_hold_no_role_there(env):
    # The table says AGENCY_STAFF (petugas, ppid): administration of users
    # is not a seat at an agency's desk.
    for persona in (ADMIN, HUMAS, WARGA):
        status, _, body = desk(env, persona)
        assert status == 403, (persona, status, body[:300])


def test_desk_unknown_agency_is_404(env):
    for persona in (PETUGAS_A, PPID, ADMIN):
        status, _, body = desk(env, persona, "tidak-ada")
        assert status == 404, (persona, status, body[:300])
        status, headers, _ = desk(env, persona, "tidak-ada", accept_json=True)
        assert status == 404 and headers["content-type"].startswith("application/json")


def test_desk_unknown_agency_signed_out_still_goes_to_sign_in(env):
    # Signed out, the guard asks for sign-in before looking at the slug.
    status, headers, _ = desk(env, ANON, "tidak-ada")
    assert sign_in_redirect(status, headers) == "/dinas/tidak-ada/kelola", (status, headers)


# ---- roles and accounts are read with every request ----------------------------

def test_revoked_role_and_disabled_account_take_effect_at_once(env):
    uid = accountkit.create_user(env.srv, "petugas-dicabut@example.id", "Petugas Dicabut",
                                 [("warga", None), ("petugas", AGENCY_A)])
    person = accountkit.Client(env.srv)
    person.cookies["tb_sesi"] = accountkit.mint_session(env.srv, uid)
    admin = env.client(ADMIN)
    csrf = env.csrf(ADMIN, admin)
    assert person.get(f"/dinas/{AGENCY_A}/kelola")[0] == 200
    grant = env.srv.sql(f"SELECT id FROM user_roles WHERE user_id = {uid} AND role = 'petugas'")
    status, _, body = admin.post(f"/admin/pengguna/{uid}/peran/hapus", {"grant": grant}, csrf=csrf)
    assert status == 303, body[:500]
    assert person.get(f"/dinas/{AGENCY_A}/kelola")[0] == 403, "the same session, without the role"
    assert person.get("/akun")[0] == 200
    status, _, body = admin.post(f"/admin/pengguna/{uid}/status", {"aksi": "nonaktifkan"}, csrf=csrf)
    assert status == 303, body[:500]
    status, headers, _ = person.get("/akun")
    assert sign_in_redirect(status, headers) == "/akun", "a disabled account's session is over"
    assert "tb_sesi" not in person.cookies, "and its cookie is cleared"


def test_expired_session_is_signed_out(env):
    token = accountkit.new_token()
    env.srv.sql("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) "
                f"VALUES ('{accountkit.token_hash(token)}', {env.ids[ADMIN]}, '2020-01-01T00:00:00Z', "
                "'2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z')")
    c = accountkit.Client(env.srv)
    c.cookies["tb_sesi"] = token
    status, headers, _ = c.get("/admin/pengguna")
    assert sign_in_redirect(status, headers) == "/admin/pengguna", (status, headers)
    assert c.get("/admin/pengguna.json")[0] == 401


def test_json_suffix_is_guarded_like_the_page(env):
    for route in PROTECTED_READS:
        path = concrete(route.split(" ", 1)[1], env.target) + ".json"
        status, headers, _ = env.client(ANON).get(path)
        assert status == 401 and headers["content-type"].startswith("application/json"), (path, status)
