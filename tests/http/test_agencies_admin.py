"""Administering the agencies: /admin/dinas (the list), /admin/dinas/baru
(add one) and /admin/dinas/<slug>/ubah (edit one, its slug and logo
included).

Forms are sent as a browser sends them: multipart/form-data with the
CSRF token. Every refused form answers 422 with the message of its field,
keeps what was typed, and leaves the database exactly as it was; every
accepted one is in the audit log.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import secrets
import struct
import zlib

import pytest

from accountkit import Client, create_user, mint_session
from httpkit import REPO, Server, status_of

LOCALE = json.loads((REPO / "locale" / "id.json").read_text(encoding="utf-8"))
FORM = LOCALE["agency_form"]
MAX_UPLOAD = 1024 * 1024  # the server's --max-upload in this module: 1 MB

_n = itertools.count(1)


# ---- a tiny PNG, made here -------------------------------------------------------------

def png(width: int = 3, height: int = 2, rgb=(11, 93, 59)) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    row = b"\x00" + bytes(rgb) * width  # filter byte 0, then RGB pixels
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height))
            + chunk(b"IEND", b""))


def blake2b_hex(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=32).hexdigest()


# ---- the server and its people ---------------------------------------------------------

@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    work = tmp_path_factory.mktemp("tbk-agencies-admin")
    s = Server(work, name="agencies-admin",
               args=["--trust-proxy", "--max-upload", str(MAX_UPLOAD),
                     "--uploads", str(work / "berkas")])
    s.start()
    yield s
    s.assert_clean_exit()


def client(srv) -> Client:
    n = next(_n)
    return Client(srv, ip=f"10.6.{n // 200}.{n % 200 + 1}")


@pytest.fixture
def admin(srv):
    """A fresh administrator for each test (the per-person post limit)."""
    n = next(_n)
    uid = create_user(srv, f"admin{n}@bekasikab.go.id", f"Admin Uji {n}",
                      [("warga", None), ("admin", None)])
    c = client(srv)
    c.cookies["tb_sesi"] = mint_session(srv, uid)
    c.uid = uid
    c.name = f"Admin Uji {n}"
    return c


def multipart(c: Client, path: str, fields: dict, files: dict | None = None, csrf=True,
              accept_json=False):
    """POSTs fields (and files: {name: (filename, content_type, bytes)}) as
    multipart/form-data, the way a browser sends the form."""
    boundary = "----terbuka" + secrets.token_hex(8)
    parts = []
    items = list(fields.items())
    if csrf:
        items.append(("csrf", c.csrf()))
    for name, value in items:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     .encode() + str(value).encode() + b"\r\n")
    for name, (filename, ctype, data) in (files or {}).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
                     + data + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if accept_json:
        headers["Accept"] = "application/json"
    status, hdrs, data = c.request("POST", path, body=body, headers=headers)
    if accept_json and hdrs.get("content-type", "").startswith("application/json"):
        return status, hdrs, json.loads(data)
    return status, hdrs, data


def q(v) -> str:
    return "'" + str(v).replace("'", "''") + "'"


COLUMNS = ("id, slug, name, short_name, kind, description, head_name, head_title, address, phone, "
           "email, website, social, logo, sort_order, created_at, updated_at, is_ppid_utama")


def snapshot(srv) -> tuple[str, str, str]:
    """Everything a form could change: the agencies, the files and the audit log."""
    return (srv.sql(f"SELECT {COLUMNS} FROM agencies ORDER BY id"),
            srv.sql("SELECT hash FROM files ORDER BY hash"),
            srv.sql("SELECT count(*) FROM audit_log"))


def row(srv, slug: str) -> dict | None:
    out = srv.sql("SELECT slug, name, short_name, kind, description, head_name, head_title, "
                  "address, phone, email, website, social, coalesce(logo, '') FROM agencies "
                  f"WHERE slug = {q(slug)}")
    if not out:
        return None
    keys = ["slug", "name", "short_name", "kind", "description", "head_name", "head_title",
            "address", "phone", "email", "website", "social", "logo"]
    return dict(zip(keys, out.split("|")))


def audit(srv, action: str) -> list[tuple[str, str]]:
    out = srv.sql("SELECT coalesce(u.display_name, ''), l.detail FROM audit_log l "
                  f"LEFT JOIN users u ON u.id = l.actor_id WHERE l.action = {q(action)} "
                  "ORDER BY l.id")
    return [tuple(r.split("|", 1)) for r in out.splitlines()]


def valid_fields(new_slug: str, /, **over) -> dict:
    f = {
        "slug": new_slug,
        "name": "Rumah Sakit Umum Daerah Uji",
        "short_name": "RSUD Uji",
        "kind": "rsud",
        "head_title": "Direktur",
        "head_name": "dr. Siti Rahma",
        "address": "Jl. Rumah Sakit No. 1, Cibitung",
        "phone": "+62 21 8832-1234",
        "email": "rsud.uji@bekasikab.go.id",
        "website": "https://rsud.bekasikab.go.id/",
        "social_instagram": "https://www.instagram.com/rsuduji",
        "social_facebook": "",
        "social_x": "https://x.com/rsuduji",
        "social_youtube": "",
        "social_tiktok": "",
        "description": "Melayani **rawat jalan** dan rawat inap.",
    }
    f.update(over)
    return f


def edit_fields(srv, admin, agency: str, /, **over) -> dict:
    """The edit form as the page gives it, changed by over."""
    status, model = admin.json(f"/admin/dinas/{agency}/ubah")
    assert status == 200, model
    f = dict(model["form"]["values"])
    f.update(over)
    return f


# ---- the list ------------------------------------------------------------------------------

def test_list_links_to_every_edit_page_and_to_add(srv, admin):
    status, model = admin.json("/admin/dinas")
    assert status == 200
    slugs = {a["slug"] for g in model["groups"] for a in g["agencies"]}
    assert slugs == set(srv.sql("SELECT slug FROM agencies").split())
    for g in model["groups"]:
        for a in g["agencies"]:
            assert a["edit_url"] == f"/admin/dinas/{a['slug']}/ubah"
    status, _, body = admin.get("/admin/dinas")
    html = body.decode()
    assert 'href="/admin/dinas/baru"' in html and 'href="/admin/dinas/dinkes/ubah"' in html
    # the admin finds the way here from the directory and from a profile
    assert 'href="/admin/dinas"' in admin.get("/dinas")[2].decode()
    assert 'href="/admin/dinas/dinkes/ubah"' in admin.get("/dinas/dinkes")[2].decode()


def test_list_search(srv, admin):
    status, model = admin.json("/admin/dinas?q=KESEHATAN")
    assert [a["slug"] for g in model["groups"] for a in g["agencies"]] == ["dinkes"]


# ---- create -----------------------------------------------------------------------------

def test_create_form_page(srv, admin):
    status, _, body = admin.get("/admin/dinas/baru")
    html = body.decode()
    assert status == 200
    assert 'enctype="multipart/form-data"' in html and 'action="/admin/dinas/baru"' in html
    for field in ("slug", "name", "short_name", "kind", "head_title", "head_name", "address",
                  "phone", "email", "website", "social_instagram", "social_tiktok", "logo",
                  "description"):
        assert f'id="{field}"' in html and f'for="{field}"' in html, field
    for kind in ("dinas", "badan", "sekretariat", "bagian", "inspektorat", "satpol", "rsud",
                 "lainnya", "kecamatan"):
        assert f'<option value="{kind}"' in html, kind


def test_create(srv, admin):
    fields = valid_fields("rsud-uji")
    status, headers, body = multipart(admin, "/admin/dinas/baru", fields)
    assert status == 303, body[:2000]
    assert headers["location"] == "/dinas/rsud-uji?pesan=dinas_dibuat"
    r = row(srv, "rsud-uji")
    for k in ("name", "short_name", "kind", "head_title", "head_name", "address", "phone",
              "email", "website", "description"):
        assert r[k] == fields[k], k
    assert json.loads(r["social"]) == {"instagram": fields["social_instagram"],
                                       "x": fields["social_x"]}
    assert r["logo"] == ""
    assert (admin.name, "rsud-uji") in audit(srv, "agency.create")
    # the public page, with the notice
    status, _, body = admin.get(headers["location"])
    html = body.decode()
    assert status == 200 and LOCALE["notice"]["dinas_dibuat"] in html
    assert "Rumah Sakit Umum Daerah Uji" in html and 'href="tel:+622188321234"' in html
    doc = json.loads(client(srv).get("/dinas/rsud-uji.json")[2])
    assert doc["agency"]["kind_label"] == LOCALE["agency_kind"]["rsud"]
    # and in the directory, in its group
    groups = json.loads(client(srv).get("/dinas.json")[2])["groups"]
    (rsud,) = [g for g in groups if g["kind"] == "rsud"]
    assert "rsud-uji" in [a["slug"] for a in rsud["agencies"]]


def test_create_as_urlencoded_form_too(srv, admin):
    status, headers, body = admin.post("/admin/dinas/baru", valid_fields("rsud-urlencoded"))
    assert status == 303, body[:2000]
    assert row(srv, "rsud-urlencoded")["name"] == "Rumah Sakit Umum Daerah Uji"


# ---- edit -------------------------------------------------------------------------------------

def test_edit_form_shows_what_is_stored(srv, admin):
    srv.sql("UPDATE agencies SET social = '{\"youtube\": \"https://www.youtube.com/@dishub\"}' "
            "WHERE slug = 'dishub'")
    status, model = admin.json("/admin/dinas/dishub/ubah")
    assert status == 200
    v = model["form"]["values"]
    assert v["slug"] == "dishub" and v["name"] == row(srv, "dishub")["name"]
    assert v["social_youtube"] == "https://www.youtube.com/@dishub" and v["social_x"] == ""
    assert model["action"] == "/admin/dinas/dishub/ubah"
    assert [k["value"] for k in model["kinds"] if k["selected"]] == ["dinas"]
    assert model["csrf_token"]
    status, _, body = admin.get("/admin/dinas/dishub/ubah")
    assert 'value="https://www.youtube.com/@dishub"' in body.decode()
    assert admin.get("/admin/dinas/tidak-ada/ubah")[0] == 404


def test_edit(srv, admin):
    before = row(srv, "disdik")
    fields = edit_fields(srv, admin, "disdik", phone="(021) 555-0101", head_name="Drs. Budi")
    status, headers, body = multipart(admin, "/admin/dinas/disdik/ubah", fields)
    assert status == 303, body[:2000]
    assert headers["location"] == "/dinas/disdik?pesan=dinas_diubah"
    after = row(srv, "disdik")
    assert after["phone"] == "(021) 555-0101" and after["head_name"] == "Drs. Budi"
    assert {k: v for k, v in after.items() if k not in ("phone", "head_name")} == \
           {k: v for k, v in before.items() if k not in ("phone", "head_name")}
    assert (admin.name, "disdik: head_name, phone") in audit(srv, "agency.update")
    status, _, body = admin.get(headers["location"])
    assert LOCALE["notice"]["dinas_diubah"] in body.decode() and "Drs. Budi" in body.decode()


def test_edit_without_change_writes_nothing(srv, admin):
    before = snapshot(srv)
    status, headers, _ = multipart(admin, "/admin/dinas/disdik/ubah", edit_fields(srv, admin, "disdik"))
    assert status == 303 and headers["location"] == "/dinas/disdik?pesan=dinas_diubah"
    assert snapshot(srv) == before


def test_slug_change_redirects_to_the_new_address(srv, admin):
    # an officer of the agency keeps their desk: grants point at the agency, not its slug
    officer = create_user(srv, f"petugas{next(_n)}@example.id", "Petugas DLH",
                          [("warga", None), ("petugas", "dlh")])
    officer_client = client(srv)
    officer_client.cookies["tb_sesi"] = mint_session(srv, officer)
    fields = edit_fields(srv, admin, "dlh", slug="dlh-baru")
    status, headers, body = multipart(admin, "/admin/dinas/dlh/ubah", fields)
    assert status == 303, body[:2000]
    assert headers["location"] == "/dinas/dlh-baru?pesan=dinas_diubah"
    assert admin.get("/dinas/dlh-baru")[0] == 200
    assert admin.get("/dinas/dlh")[0] == 404
    assert admin.get("/admin/dinas/dlh/ubah")[0] == 404
    assert row(srv, "dlh") is None and row(srv, "dlh-baru")["name"] == fields["name"]
    assert (admin.name, "dlh -> dlh-baru: slug") in audit(srv, "agency.update")
    assert officer_client.get("/dinas/dlh-baru/kelola")[0] == 200
    # the new address's edit form posts to the new address
    status, model = admin.json("/admin/dinas/dlh-baru/ubah")
    assert model["action"] == "/admin/dinas/dlh-baru/ubah"


# ---- refused forms --------------------------------------------------------------------------

BAD = [
    # (fields changed, field, message)
    ({"slug": ""}, "slug", FORM["slug_required"]),
    ({"slug": "Dinas Baru"}, "slug", FORM["slug_format"]),
    ({"slug": "dinas_baru"}, "slug", FORM["slug_format"]),
    ({"slug": "a" * 81}, "slug", LOCALE["form"]["too_long"].replace("{n}", "80")),
    ({"slug": "dishub"}, "slug", FORM["slug_taken"]),
    ({"name": ""}, "name", FORM["name_required"]),
    ({"name": "n" * 201}, "name", LOCALE["form"]["too_long"].replace("{n}", "200")),
    ({"name": "Dinas\u202eBaru"}, "name", FORM["one_line"]),
    ({"kind": ""}, "kind", FORM["kind_required"]),
    ({"kind": "kementerian"}, "kind", FORM["kind_unknown"]),
    ({"website": "javascript:alert(1)"}, "website", FORM["url_format"]),
    ({"website": "ftp://files.bekasikab.go.id"}, "website", FORM["url_format"]),
    ({"website": "https://"}, "website", FORM["url_format"]),
    ({"website": "https://user@evil.example/"}, "website", FORM["url_format"]),
    ({"website": "https://bekasikab.go.id/" + "a" * 280}, "website",
     LOCALE["form"]["too_long"].replace("{n}", "300")),
    ({"email": "bukan-email"}, "email", FORM["email_format"]),
    ({"email": "a@b"}, "email", FORM["email_format"]),
    ({"phone": "021-CALL-NOW"}, "phone", FORM["phone_format"]),
    ({"phone": "021; DROP"}, "phone", FORM["phone_format"]),
    ({"social_instagram": "http://www.instagram.com/rsud"}, "social_instagram", FORM["social_https"]),
    ({"social_instagram": "javascript:alert(1)"}, "social_instagram", FORM["social_https"]),
    ({"social_instagram": "https://evil.example/instagram.com"}, "social_instagram",
     FORM["social_host"]),
    ({"social_facebook": "https://www.instagram.com/rsud"}, "social_facebook", FORM["social_host"]),
    ({"social_x": "https://x.com/" + "a" * 290}, "social_x",
     LOCALE["form"]["too_long"].replace("{n}", "300")),
    ({"social_myspace": "https://myspace.com/rsud"}, "social", FORM["social_unknown"]),
]


@pytest.mark.parametrize("change,field,message", BAD, ids=[f"{b[1]}-{i}" for i, b in enumerate(BAD)])
def test_bad_edit_is_422_with_the_message_and_changes_nothing(srv, admin, change, field, message):
    fields = edit_fields(srv, admin, "bappeda", **change)
    before = snapshot(srv)
    status, _, model = multipart(admin, "/admin/dinas/bappeda/ubah", fields, accept_json=True)
    assert status == 422, model
    assert model["form"]["error"][field] == message, model["form"]["errors"]
    assert [e["field"] for e in model["form"]["errors"]] == [field]
    # what was typed comes back
    for k, v in change.items():
        if k in model["form"]["values"]:
            assert model["form"]["values"][k] == v.strip()
    assert model["action"] == "/admin/dinas/bappeda/ubah"
    assert snapshot(srv) == before


@pytest.mark.parametrize("change,field,message", [b for b in BAD if b[0] != {"slug": "dishub"}][:12])
def test_bad_create_is_422_and_adds_nothing(srv, admin, change, field, message):
    before = snapshot(srv)
    status, _, model = multipart(admin, "/admin/dinas/baru",
                                 valid_fields(f"rsud-salah-{next(_n)}", **change), accept_json=True)
    assert status == 422 and model["form"]["error"][field] == message
    assert model["is_new"] is True and model["action"] == "/admin/dinas/baru"
    assert snapshot(srv) == before


def test_refused_form_shows_messages_beside_fields_and_in_the_summary(srv, admin):
    fields = edit_fields(srv, admin, "bappeda", email="salah", phone="x")
    status, _, body = multipart(admin, "/admin/dinas/bappeda/ubah", fields)
    html = body.decode()
    assert status == 422
    assert 'class="error-summary"' in html
    assert f'<a href="#phone">{FORM["phone_format"]}</a>' in html
    assert f'<p class="field-error" id="email-error">{FORM["email_format"]}</p>' in html
    assert 'value="salah"' in html  # kept


def test_many_errors_at_once(srv, admin):
    fields = valid_fields("", name="", kind="x", email="y", website="z")
    status, _, model = multipart(admin, "/admin/dinas/baru", fields, accept_json=True)
    assert status == 422
    # in the order of the form, so the summary reads top to bottom
    assert [e["field"] for e in model["form"]["errors"]] == ["name", "slug", "kind", "email",
                                                             "website"]


# ---- the logo ------------------------------------------------------------------------------

def test_logo_upload(srv, admin):
    data = png(4, 2)
    fields = edit_fields(srv, admin, "bpbd")
    status, headers, body = multipart(admin, "/admin/dinas/bpbd/ubah", fields,
                                      files={"logo": ("logo.png", "image/png", data)})
    assert status == 303, body[:2000]
    digest = blake2b_hex(data)
    assert row(srv, "bpbd")["logo"] == digest
    assert srv.sql(f"SELECT mime, size, width, height FROM files WHERE hash = {q(digest)}") == \
        f"image/png|{len(data)}|4|2"
    assert (admin.name, "bpbd: logo") in audit(srv, "agency.update")
    doc = json.loads(client(srv).get("/dinas/bpbd.json")[2])
    logo = doc["agency"]["logo"]
    assert logo["hash"] == digest and (logo["width"], logo["height"]) == (96, 48)
    html = client(srv).get("/dinas/bpbd")[2].decode()
    assert f'src="{logo["url"]}"' in html and f'alt="{logo["alt"]}"' in html
    status, h, img = client(srv).get(logo["url"])
    assert status == 200 and h["content-type"].startswith("image/"), (status, h)
    # a later edit without a file keeps the logo; ticking "remove" drops it
    status, _, _ = multipart(admin, "/admin/dinas/bpbd/ubah",
                             edit_fields(srv, admin, "bpbd", short_name="BPBD Kab."))
    assert status == 303 and row(srv, "bpbd")["logo"] == digest
    status, _, _ = multipart(admin, "/admin/dinas/bpbd/ubah",
                             edit_fields(srv, admin, "bpbd", hapus_logo="1"))
    assert status == 303 and row(srv, "bpbd")["logo"] == ""
    assert (admin.name, "bpbd: logo") in audit(srv, "agency.update")[-1:]


def test_logo_on_create(srv, admin):
    data = png(2, 2, (200, 10, 10))
    status, headers, body = multipart(admin, "/admin/dinas/baru", valid_fields("rsud-berlogo"),
                                      files={"logo": ("logo.png", "image/png", data)})
    assert status == 303, body[:2000]
    assert row(srv, "rsud-berlogo")["logo"] == blake2b_hex(data)


def test_empty_file_input_is_no_logo(srv, admin):
    """A browser sends a file input left empty as a part with no name and no bytes."""
    status, _, body = multipart(admin, "/admin/dinas/baru", valid_fields("rsud-tanpa-logo"),
                                files={"logo": ("", "application/octet-stream", b"")})
    assert status == 303, body[:2000]
    assert row(srv, "rsud-tanpa-logo")["logo"] == ""


@pytest.mark.parametrize("name,ctype,data,key", [
    ("logo.png", "image/png", b"bukan gambar, hanya teks yang mengaku PNG\n" * 4, "type_image"),
    ("logo.pdf", "application/pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "type_image"),
    ("logo.png", "image/png", png()[:40], "broken"),
])
def test_bad_logo_is_a_field_error_and_changes_nothing(srv, admin, name, ctype, data, key):
    fields = edit_fields(srv, admin, "bappeda", phone="(021) 111-2222")
    before = snapshot(srv)
    status, _, model = multipart(admin, "/admin/dinas/bappeda/ubah", fields,
                                 files={"logo": (name, ctype, data)}, accept_json=True)
    assert status == 422, model
    assert model["form"]["error"]["logo"] == LOCALE["upload"][key], model["form"]["errors"]
    assert snapshot(srv) == before  # not the phone either: nothing half-written


def test_too_large_logo_is_a_field_error(srv, admin):
    """Over the server's 1 MB form limit too: the route takes the upload limit
    plus room for the other fields, so the form is read and answered."""
    data = png() + b"\0" * (MAX_UPLOAD + 1)
    before = snapshot(srv)
    status, _, model = multipart(admin, "/admin/dinas/bappeda/ubah",
                                 edit_fields(srv, admin, "bappeda"),
                                 files={"logo": ("logo.png", "image/png", data)}, accept_json=True)
    assert status == 422, model
    assert model["form"]["error"]["logo"] == LOCALE["upload"]["too_large"].replace("{n}", "1")
    assert snapshot(srv) == before


def test_far_too_large_body_is_413_at_once(srv, admin):
    """A body announced larger than the upload limit and room for the other
    fields is refused before it is read."""
    size = MAX_UPLOAD + 2 * 1024 * 1024
    head = (f"POST /admin/dinas/bappeda/ubah HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            f"Cookie: tb_sesi={admin.cookies['tb_sesi']}\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {size}\r\n\r\n").encode()
    assert status_of(srv.raw(head)) == 413


def test_good_file_with_bad_fields_is_not_kept(srv, admin):
    fields = edit_fields(srv, admin, "bappeda", email="salah")
    before = snapshot(srv)
    status, _, model = multipart(admin, "/admin/dinas/bappeda/ubah", fields,
                                 files={"logo": ("logo.png", "image/png", png(5, 5))},
                                 accept_json=True)
    assert status == 422 and list(model["form"]["error"]) == ["email"]
    assert model["file_dropped"] is True
    assert snapshot(srv) == before


# ---- who may ---------------------------------------------------------------------------------

def test_people_without_the_admin_role_are_refused(srv):
    uid = create_user(srv, f"warga{next(_n)}@example.id", "Warga Biasa")
    warga = client(srv)
    warga.cookies["tb_sesi"] = mint_session(srv, uid)
    before = snapshot(srv)
    for path in ("/admin/dinas", "/admin/dinas/baru", "/admin/dinas/dinkes/ubah"):
        assert warga.get(path)[0] == 403, path
        status, headers, _ = client(srv).get(path)
        assert status == 303 and headers["location"].startswith("/masuk?lanjut="), path
    status, _, _ = multipart(warga, "/admin/dinas/baru", valid_fields("rsud-warga"))
    assert status == 403
    status, _, _ = multipart(warga, "/admin/dinas/dinkes/ubah", valid_fields("dinkes"))
    assert status == 403
    assert snapshot(srv) == before


def test_post_without_csrf_token_is_refused(srv, admin):
    before = snapshot(srv)
    status, _, _ = multipart(admin, "/admin/dinas/baru", valid_fields("rsud-csrf"), csrf=False)
    assert status == 403
    assert snapshot(srv) == before
