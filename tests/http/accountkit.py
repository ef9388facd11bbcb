"""A browser-like client for the accounts tests: it keeps cookies, reads
the CSRF token the way a page's form carries it, and posts forms.

    c = Client(srv, ip="10.0.0.7")    # X-Real-IP, for servers run with --trust-proxy
    c.register("warga@example.id", "Warga Satu", "kata-sandi-rahasia")
    status, headers, body = c.get("/akun")
    c.post("/akun/nama", {"name": "Nama Baru"})

Sessions for the authorization matrix can also be minted straight into the
database (`mint_session`), the way a black-box test plants any other row:
the server stores only BLAKE2b-256 of the token, so the test computes it.
"""
from __future__ import annotations

import hashlib
import http.client
import json
import re
import secrets
import urllib.parse

PASSWORD = "kata-sandi-yang-panjang"


class Client:
    def __init__(self, srv, ip: str | None = None, user_agent: str = "accountkit/1"):
        self.srv = srv
        self.ip = ip
        self.user_agent = user_agent
        self.cookies: dict[str, str] = {}

    # ---- transport ----

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        h = {"User-Agent": self.user_agent}
        if self.ip:
            h["X-Real-IP"] = self.ip
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        h.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            data = r.read()
            for sc in r.headers.get_all("Set-Cookie") or []:
                name, _, rest = sc.partition("=")
                value = rest.split(";", 1)[0]
                if "Max-Age=0" in sc:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
            hdrs = {k.lower(): v for k, v in r.getheaders()}
            hdrs["set-cookie"] = r.headers.get_all("Set-Cookie") or []
            return r.status, hdrs, data
        finally:
            conn.close()

    def get(self, path: str, headers=None):
        return self.request("GET", path, headers=headers)

    def json(self, path: str):
        status, _, body = self.get(path, headers={"Accept": "application/json"})
        return status, json.loads(body)

    def csrf(self) -> str:
        """The token this browser's forms carry now (any page's twin has it)."""
        status, model = self.json("/masuk")
        assert status == 200, model
        return model["csrf_token"]

    def post(self, path: str, fields: dict | list, csrf: bool | str = True, headers=None):
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf is True:
            items.append(("csrf", self.csrf()))
        elif isinstance(csrf, str):
            items.append(("csrf", csrf))
        body = urllib.parse.urlencode(items).encode()
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body=body, headers=h)

    def post_files(self, path: str, fields: dict, files: list, headers=None):
        """A multipart form: files is [(field, filename, content_type, bytes)]."""
        boundary = "----terbukauji" + secrets.token_hex(8)
        parts = []
        for k, v in list(fields.items()) + [("csrf", self.csrf())]:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'
                         f"{v}\r\n".encode())
        for field, name, ctype, data in files:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
                         f'filename="{name}"\r\nContent-Type: {ctype}\r\n\r\n'.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        h = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        h.update(headers or {})
        return self.request("POST", path, body=body, headers=h)

    def post_json(self, path: str, fields: dict):
        """A form post that asks for the JSON answer (the model of the page)."""
        status, headers, body = self.post(path, fields, headers={"Accept": "application/json"})
        return status, headers, (json.loads(body) if body else None)

    # ---- account steps ----

    def register(self, email: str, name: str = "Warga Uji", password: str = PASSWORD):
        status, headers, body = self.post("/daftar", {"email": email, "name": name,
                                                      "password": password})
        assert status == 303, (status, body[:2000])
        return headers

    def login(self, email: str, password: str = PASSWORD, expect: int = 303):
        status, headers, body = self.post("/masuk", {"email": email, "password": password})
        assert status == expect, (status, body[:2000])
        return status, headers, body

    @property
    def signed_in(self) -> bool:
        status, _, _ = self.get("/akun.json")
        return status == 200


def token_hash(token: str) -> str:
    return hashlib.blake2b(token.encode(), digest_size=32).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 43 characters of base64url


def q(value) -> str:
    """A SQL literal (tests only: values are the tests' own)."""
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def create_user(srv, email: str, name: str, roles=(("warga", None),)) -> int:
    """A user row with roles [(role, agency_slug or None)], planted in the
    database; no password (they sign in through mint_session)."""
    now = "2026-01-01T00:00:00Z"
    uid = int(srv.sql(
        "INSERT INTO users (email, email_key, display_name, password_hash, email_verified_at, "
        f"created_at, updated_at) VALUES ({q(email)}, {q(email.lower())}, {q(name)}, NULL, "
        f"{q(now)}, {q(now)}, {q(now)}) RETURNING id").splitlines()[0])
    for role, agency in roles:
        agency_sql = f"(SELECT id FROM agencies WHERE slug = {q(agency)})" if agency else "NULL"
        srv.sql(f"INSERT INTO user_roles (user_id, role, agency_id, created_at) VALUES "
                f"({uid}, {q(role)}, {agency_sql}, {q(now)})")
    return uid


def mint_session(srv, user_id: int) -> str:
    token = new_token()
    srv.sql("INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) "
            f"VALUES ({q(token_hash(token))}, {user_id}, '2026-11-01T00:00:00Z', "
            "'2999-01-01T00:00:00Z', '2999-01-01T00:00:00Z')")
    return token


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", text)


def tiny_png(width: int = 2, height: int = 2) -> bytes:
    """A valid PNG of the given size (grey pixels), built with zlib."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


_people_ips: dict[str, int] = {}


def person(srv, name: str, roles=(("warga", None),), net: str = "10.7") -> "Client":
    """A signed-in browser for the person called name (made once, with a
    verified address, from name as email), on an address of its own under
    net ("10.7": 10.7.x.y), so that per-address limits count each person
    apart. .uid is the
    account's id."""
    email = re.sub(r"[^a-z0-9]+", ".", name.lower()) + "@example.id"
    uid = srv.sql(f"SELECT id FROM users WHERE email_key = '{email}'") or \
        str(create_user(srv, email, name, list(roles)))
    srv.sql(f"UPDATE users SET email_verified_at = '2026-01-01T00:00:00Z' WHERE id = {uid}")
    n = _people_ips.get(net, 0)
    _people_ips[net] = n + 1
    c = Client(srv, ip=f"{net}.{n // 250 % 250}.{n % 250 + 1}")
    c.cookies["tb_sesi"] = mint_session(srv, int(uid))
    c.uid = int(uid)
    return c
