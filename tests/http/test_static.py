"""Static files: types, caching, compression, and no way out of static/."""
from __future__ import annotations

import gzip
import os
import shutil

import pytest

from httpkit import REPO, Server, status_of

CSS = "/static/css/site.css"


def test_css_served_with_type_etag_and_cache_control(server, repo):
    status, h, body = server.get(CSS)
    assert status == 200
    assert h["content-type"] == "text/css; charset=utf-8"
    assert h["etag"].startswith('"') and h["etag"].endswith('"') and len(h["etag"]) > 2
    assert "max-age=" in h["cache-control"]
    assert int(h["cache-control"].split("max-age=")[1].split(",")[0]) > 0
    assert body == (repo / "static/css/site.css").read_bytes()
    assert "content-encoding" not in h


@pytest.mark.parametrize("path,ctype", [
    ("/static/favicon.svg", "image/svg+xml"),
    ("/static/robots.txt", "text/plain; charset=utf-8"),
])
def test_other_types(server, repo, path, ctype):
    status, h, body = server.get(path)
    assert status == 200
    assert h["content-type"] == ctype
    assert body == (repo / path.lstrip("/")).read_bytes()


def test_asset_version_query_is_ignored(server):
    status, _, body = server.get(CSS + "?v=anything")
    assert status == 200 and body == server.get(CSS)[2]


def test_if_none_match_gives_304_without_body(server):
    _, h, _ = server.get(CSS)
    etag = h["etag"]
    status, h304, body = server.get(CSS, headers={"If-None-Match": etag})
    assert status == 304
    assert body == b""
    assert h304["etag"] == etag
    # in a list, or "*": still 304; another tag: 200
    assert server.get(CSS, headers={"If-None-Match": f'"0000", {etag}'})[0] == 304
    assert server.get(CSS, headers={"If-None-Match": "*"})[0] == 304
    assert server.get(CSS, headers={"If-None-Match": '"deadbeef"'})[0] == 200


def test_304_content_length_is_not_zero(server):
    # Regression: the 304 carries "Content-Length: 0". RFC 9110 section 8.6:
    # a server MUST NOT send Content-Length in a 304 unless its value equals
    # the length the 200 would have had (here 3784 bytes); a cache that
    # updates its stored headers from the 304 may then serve an empty file.
    _, h, body = server.get(CSS)
    _, h304, _ = server.get(CSS, headers={"If-None-Match": h["etag"]})
    if "content-length" in h304:
        assert int(h304["content-length"]) == len(body), h304["content-length"]


def test_gzip_variant(server):
    _, _, plain = server.get(CSS)
    status, h, body = server.get(CSS, headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert h["content-encoding"] == "gzip"
    assert "accept-encoding" in h["vary"].lower()
    assert h["content-type"] == "text/css; charset=utf-8"
    assert gzip.decompress(body) == plain
    assert len(body) < len(plain)


def test_brotli_variant(server):
    _, _, plain = server.get(CSS)
    status, h, body = server.get(CSS, headers={"Accept-Encoding": "br"})
    assert status == 200
    assert h["content-encoding"] == "br"
    assert "accept-encoding" in h["vary"].lower()
    assert body != plain and len(body) < len(plain)
    assert int(h["content-length"]) == len(body)
    # a client that refuses br gets gzip or the plain file
    _, h2, body2 = server.get(CSS, headers={"Accept-Encoding": "br;q=0, gzip"})
    assert h2.get("content-encoding") == "gzip" and gzip.decompress(body2) == plain
    _, h3, body3 = server.get(CSS, headers={"Accept-Encoding": "br;q=0"})
    assert "content-encoding" not in h3 and body3 == plain


TRAVERSALS = [
    "/static/../meson.build",
    "/static/%2e%2e/meson.build",
    "/static/%2e%2e%2fmeson.build",
    "/static/css/../../meson.build",
    "/static/..%2f..%2fetc/passwd",
    "/static//etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/../../../../../../etc/passwd",
    "/static/css/..%5c..%5cmeson.build",
    "/static/%252e%252e/meson.build",
    "/static/./css/site.css/../../../meson.build",
    "/static/.%2e/meson.build",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_traversal_is_404_or_400(server, path):
    raw = server.raw(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    assert status_of(raw) in (400, 404), raw[:200]
    assert b"root:" not in raw  # /etc/passwd
    assert b"project(" not in raw  # meson.build


def test_hidden_and_directory_paths_are_404(server):
    for path in ("/static/", "/static/css", "/static/css/", "/static/.gitignore"):
        assert server.get(path)[0] == 404, path


# ---- a share folder of our own, with symlinks in static/ ----

@pytest.fixture(scope="module")
def share_server(bin_path, tmp_path_factory):
    root = tmp_path_factory.mktemp("tbk-share")
    share = root / "share"
    share.mkdir()
    for d in ("templates", "locale", "static"):
        shutil.copytree(REPO / d, share / d)
    static = share / "static"
    os.symlink("/etc/passwd", static / "evil")
    (static / "inside.txt").write_text("inside the static folder\n")
    os.symlink("inside.txt", static / "alias.txt")
    os.symlink(REPO / "meson.build", static / "meson.txt")  # a file outside, by absolute path
    os.symlink("../templates", static / "tpl")  # a directory outside
    (static / "data.json").write_text('{"ok": true}\n')
    srv = Server(root / "run", share=share, name="share")
    srv.start()
    yield srv
    srv.assert_clean_exit()


def test_symlink_out_of_static_is_404(share_server):
    for path in ("/static/evil", "/static/meson.txt", "/static/tpl/home.html",
                 "/static/tpl/layout.html"):
        status, _, body = share_server.get(path)
        assert status == 404, path
        assert b"root:" not in body and b"project(" not in body and b"{{" not in body


def test_real_file_and_inside_symlink_are_served(share_server):
    status, h, body = share_server.get("/static/inside.txt")
    assert status == 200 and body == b"inside the static folder\n"
    assert h["content-type"] == "text/plain; charset=utf-8"
    status, h2, body2 = share_server.get("/static/alias.txt")
    assert status == 200 and body2 == body
    assert h2["etag"] == h["etag"]


def test_static_json_file_is_served(share_server):
    # Regression: static.c knows ".json" (application/json) but a file
    # static/data.json is unreachable: server.c parse_head() strips every
    # ".json" suffix from the path (the JSON-twin convention) before routing,
    # so /static/data.json looks up /static/data and answers 404 (as JSON).
    status, h, body = share_server.get("/static/data.json")
    assert status == 200, (status, body[:200])
    assert body == b'{"ok": true}\n'
    assert h["content-type"] == "application/json; charset=utf-8"
