"""Stored files served at /berkas/<hash> and /berkas/<hash>/kecil|besar.

There is no upload form in this suite's reach yet, so files are planted
the way the uploads module stores them: the bytes at
var/uploads/<ab>/<hash> under the server's working folder (the default
--uploads), thumbnails beside them as <hash>-320.jpg and <hash>-960.jpg,
and a row in `files`. How files get there (type by content, hashing,
thumbnails, the decompression-bomb guard) is tests/unit/uploads/.
"""
from __future__ import annotations

import hashlib
import re
import subprocess

import pytest

from httpkit import Server, binary

# 3x2 RGB PNG (written by Python's zlib, as in the unit tests)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000030000000208020000001216f14d000000"
    "104944415478da63f8cfc0c000c17016003bd805fb361198ea0000000049454e44ae426082")
# the start of a JPEG: what the server sends is only compared byte for byte
THUMB_SMALL = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00kecil" + bytes(100)
THUMB_LARGE = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00besar" + bytes(3000)
# over 1 KiB, so the server would gzip it were it compressible
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
       + b"%" + b"x" * 2000 + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n")

IMMUTABLE = "public, max-age=31536000, immutable"


def blake2b(data: bytes) -> str:
    """The hash the server names files by (libsodium's crypto_generichash)."""
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def plant(srv: Server, data: bytes, mime: str, width=None, height=None, thumbs=None,
          on_disk=True) -> str:
    h = blake2b(data)
    folder = srv.workdir / "var" / "uploads" / h[:2]
    folder.mkdir(parents=True, exist_ok=True)
    if on_disk:
        (folder / h).write_bytes(data)
    for size, body in (thumbs or {}).items():
        (folder / f"{h}-{size}.jpg").write_bytes(body)
    w = "NULL" if width is None else str(width)
    hh = "NULL" if height is None else str(height)
    srv.sql(f"INSERT INTO files (hash, mime, size, width, height, created_at) "
            f"VALUES ('{h}', '{mime}', {len(data)}, {w}, {hh}, '2026-01-02T03:04:05Z')")
    return h


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    srv = Server(tmp_path_factory.mktemp("tbk-uploads"), name="uploads")
    srv.start()
    try:
        assert (srv.workdir / "var" / "uploads").is_dir(), "serve creates the uploads folder"
        yield {
            "srv": srv,
            "png": plant(srv, PNG, "image/png", 3, 2, {320: THUMB_SMALL, 960: THUMB_LARGE}),
            "pdf": plant(srv, PDF, "application/pdf"),
            "lost": plant(srv, b"\x89PNG lost", "image/png", 1, 1, on_disk=False),
        }
    finally:
        srv.assert_clean_exit()


def assert_file_headers(h: dict, etag: str):
    assert h["cache-control"] == IMMUTABLE
    assert h["etag"] == etag
    assert h["x-content-type-options"] == "nosniff"
    csp = h["content-security-policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "content-encoding" not in h
    assert "set-cookie" not in h


def test_image_is_served_with_its_type_inline(files):
    srv, h = files["srv"], files["png"]
    status, hdrs, body = srv.get(f"/berkas/{h}", headers={"Accept-Encoding": "gzip, br"})
    assert status == 200
    assert body == PNG
    assert hdrs["content-type"] == "image/png"
    assert hdrs["content-disposition"] == f'inline; filename="gambar-{h[:12]}.png"'
    assert int(hdrs["content-length"]) == len(PNG)
    assert_file_headers(hdrs, f'"{h}"')


def test_pdf_is_an_attachment_in_a_sandbox(files):
    srv, h = files["srv"], files["pdf"]
    status, hdrs, body = srv.get(f"/berkas/{h}", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert body == PDF
    assert hdrs["content-type"] == "application/pdf"
    assert hdrs["content-disposition"] == f'attachment; filename="dokumen-{h[:12]}.pdf"'
    assert_file_headers(hdrs, f'"{h}"')


@pytest.mark.parametrize("size,width,body", [("kecil", 320, THUMB_SMALL), ("besar", 960, THUMB_LARGE)])
def test_thumbnails(files, size, width, body):
    srv, h = files["srv"], files["png"]
    status, hdrs, got = srv.get(f"/berkas/{h}/{size}")
    assert status == 200
    assert got == body
    assert hdrs["content-type"] == "image/jpeg"
    assert hdrs["content-disposition"] == f'inline; filename="gambar-{h[:12]}-{size}.jpg"'
    assert_file_headers(hdrs, f'"{h}-{width}"')


def test_if_none_match_gives_304(files):
    srv, h = files["srv"], files["png"]
    for inm in (f'"{h}"', f'W/"{h}"', f'"0000", "{h}"', "*"):
        status, hdrs, body = srv.get(f"/berkas/{h}", headers={"If-None-Match": inm})
        assert status == 304, inm
        assert body == b""
        assert hdrs["etag"] == f'"{h}"'
        assert hdrs["cache-control"] == IMMUTABLE
        if "content-length" in hdrs:  # only ever the 200's (RFC 9110 8.6)
            assert int(hdrs["content-length"]) == len(PNG)
    # the original's tag is not the thumbnail's, nor the other way round
    assert srv.get(f"/berkas/{h}/kecil", headers={"If-None-Match": f'"{h}"'})[0] == 200
    assert srv.get(f"/berkas/{h}", headers={"If-None-Match": f'"{h}-320"'})[0] == 200
    assert srv.get(f"/berkas/{h}/kecil", headers={"If-None-Match": f'"{h}-320"'})[0] == 304


def test_head_has_the_headers_without_the_body(files):
    srv, h = files["srv"], files["pdf"]
    status, hdrs, body = srv.request("HEAD", f"/berkas/{h}")
    assert status == 200
    assert body == b""
    assert hdrs["content-type"] == "application/pdf"
    assert int(hdrs["content-length"]) == len(PDF)
    assert hdrs["etag"] == f'"{h}"'


@pytest.mark.parametrize("path", [
    "/berkas/" + "0" * 64,                       # well formed, no such file
    "/berkas/" + "A" * 64,                       # upper case is not our hex
    "/berkas/" + "a" * 63,
    "/berkas/" + "a" * 65,
    "/berkas/" + "g" * 64,
    "/berkas/dinkes",
    "/berkas/" + "0" * 64 + "/kecil",
])
def test_unknown_or_malformed_hash_is_404(files, path):
    status, hdrs, _ = files["srv"].get(path)
    assert status == 404
    assert hdrs.get("cache-control") != IMMUTABLE


def test_unknown_size_and_deeper_paths_are_404(files):
    srv, h = files["srv"], files["png"]
    for path in (f"/berkas/{h}/sedang", f"/berkas/{h}/320", f"/berkas/{h}/kecil/x"):
        assert srv.get(path)[0] == 404, path
    # a trailing slash is sent to the file's one address (as for every page)
    status, hdrs, _ = srv.get(f"/berkas/{h}/")
    assert status == 301 and hdrs["location"] == f"/berkas/{h}"


def test_a_document_has_no_thumbnail(files):
    srv, h = files["srv"], files["pdf"]
    for size in ("kecil", "besar"):
        status, hdrs, _ = srv.get(f"/berkas/{h}/{size}")
        assert status == 404
        assert hdrs.get("cache-control") != IMMUTABLE


def test_a_row_without_its_file_is_404_and_logged(files):
    srv, h = files["srv"], files["lost"]
    status, hdrs, _ = srv.get(f"/berkas/{h}")
    assert status == 404
    assert hdrs.get("cache-control") != IMMUTABLE
    rid = hdrs["x-request-id"]
    line = srv.wait_for_log(rid, stream="stderr")
    assert "missing on disk" in line and h in line


def test_only_get_and_head(files):
    srv, h = files["srv"], files["png"]
    status, hdrs, _ = srv.request("POST", f"/berkas/{h}", body=b"", headers={"Content-Length": "0"})
    assert status == 405
    assert "GET" in hdrs["allow"]


def run(args, tmp_path, timeout=30):
    return subprocess.run([str(binary()), *args], capture_output=True, text=True, cwd=tmp_path,
                          timeout=timeout, stdin=subprocess.DEVNULL,
                          env={"PATH": "/usr/bin:/bin"})


def test_start_up_fails_clearly_without_an_uploads_folder(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be\n")
    db = tmp_path / "t.db"
    # SQLite only: a bad uploads folder is found before the database matters
    p = run(["serve", "--listen", "127.0.0.1:1", "--db", str(db), "--uploads",
             str(blocker / "uploads")], tmp_path)
    assert p.returncode == 1, p.stderr
    assert re.search(r"cannot create the uploads folder .*not-a-folder/uploads", p.stderr), p.stderr


@pytest.mark.parametrize("value", ["10", "abc", "-1", "1073741825"])
def test_max_upload_is_checked(tmp_path, value):
    p = run(["serve", "--max-upload", value], tmp_path)
    assert p.returncode == 2
    assert "--max-upload" in p.stderr


def test_help_names_the_new_flags(tmp_path):
    out = run(["--help"], tmp_path).stdout
    assert "--max-upload BYTES" in out and "--uploads DIR" in out
