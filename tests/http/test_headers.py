"""Security headers on every kind of answer, and pages that need no
'unsafe-inline' to work."""
from __future__ import annotations

import re

import pytest

from httpkit import HtmlScan

KINDS = {
    "html": ("GET", "/"),
    "html-agency": ("GET", "/dinas/dinkes"),
    "json": ("GET", "/index.json"),
    "json-accept": ("GET", "/dinas"),  # with Accept: application/json below
    "static": ("GET", "/static/css/site.css"),
    "404": ("GET", "/tidak-ada"),
    "404-json": ("GET", "/tidak-ada.json"),
    "405": ("POST", "/"),
    "400": ("GET", "/%FF"),
    "414": ("GET", "/" + "a" * 3000),
    "healthz": ("GET", "/healthz"),
    "atom": ("GET", "/pertanyaan/atom"),
    "head": ("HEAD", "/"),
    "redirect": ("GET", "/dinas/"),
}


@pytest.fixture(params=sorted(KINDS), scope="module")
def answer(request, server):
    method, path = KINDS[request.param]
    headers = {"Accept": "application/json"} if request.param == "json-accept" else None
    status, h, body = server.request(method, path, headers=headers)
    return request.param, status, h, body


def test_csp(answer):
    kind, status, h, _ = answer
    csp = h["content-security-policy"]
    directives = {d.strip().split()[0]: d.strip() for d in csp.split(";") if d.strip()}
    assert "frame-ancestors 'none'" in csp, kind
    assert directives.get("script-src") == "script-src 'self'", kind
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, kind
    assert "object-src 'none'" in csp
    assert directives.get("default-src") == "default-src 'self'"


def test_other_security_headers(answer):
    kind, status, h, _ = answer
    assert h["x-content-type-options"] == "nosniff", kind
    assert h["referrer-policy"] in ("strict-origin-when-cross-origin", "no-referrer",
                                    "same-origin", "strict-origin"), kind
    assert "camera=()" in h["permissions-policy"], kind
    assert h.get("x-frame-options") == "DENY", kind


def test_request_id(answer):
    kind, status, h, _ = answer
    assert re.fullmatch(r"[0-9a-f]{16}", h["x-request-id"]), (kind, h.get("x-request-id"))


def test_expected_statuses(answer):
    kind, status, h, _ = answer
    expected = {"404": 404, "404-json": 404, "405": 405, "400": 400, "414": 414,
                "redirect": 301}.get(kind, 200)
    assert status == expected, kind


def test_request_ids_are_unique(server):
    ids = {server.get("/healthz")[1]["x-request-id"] for _ in range(20)}
    assert len(ids) == 20


@pytest.mark.parametrize("method,path", [
    ("GET", "/"), ("GET", "/dinas"), ("GET", "/dinas/dinkes"),
    ("GET", "/dinas/diskominfosantik"), ("GET", "/dinas/kecamatan-setu"),
    ("GET", "/tidak-ada"), ("POST", "/"), ("GET", "/%FF"),
])
def test_html_has_no_inline_script_or_style(server, method, path):
    status, h, body = server.request(method, path)
    assert h["content-type"] == "text/html; charset=utf-8"
    scan = HtmlScan(body)
    assert not scan.inline_scripts(), path
    assert not scan.style_attrs, (path, scan.style_attrs)
    assert scan.style_elements == 0, path
    assert not scan.handler_attrs, path
    html = body.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html, re.I), path
    assert not re.search(r"\sstyle\s*=", html, re.I), path
    # what the page does load comes from this origin
    for l in scan.head_links:
        if l.get("rel") == "canonical":  # not loaded: the page's public address (--base-url)
            assert l["href"].startswith(("http://", "https://")), l
            continue
        assert l["href"].startswith("/"), l


def test_assets_carry_the_version(server):
    scan = HtmlScan(server.get("/")[2])
    css = [l["href"] for l in scan.head_links if l.get("rel") == "stylesheet"]
    assert len(css) == 1 and re.fullmatch(r"/static/css/site\.css\?v=[0-9a-f]{16}", css[0])
