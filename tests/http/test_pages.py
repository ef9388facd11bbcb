"""Public pages: home, /dinas, /dinas/<slug>, as a person with a browser sees them."""
from __future__ import annotations

import gzip
import json
import re

import pytest

from httpkit import HtmlScan

DEMO_KECAMATAN = [
    "Setu", "Serang Baru", "Cikarang Pusat", "Cikarang Selatan", "Cibarusah", "Bojongmangu",
    "Cikarang Timur", "Kedungwaringin", "Cikarang Utara", "Karangbahagia", "Cibitung",
    "Cikarang Barat", "Tambun Selatan", "Tambun Utara", "Babelan", "Tarumajaya", "Tambelang",
    "Sukawangi", "Sukatani", "Sukakarya", "Pebayuran", "Cabangbungin", "Muaragembong",
]


def page(server, path):
    status, headers, body = server.get(path)
    assert status == 200, (path, status, body[:300])
    assert headers["content-type"] == "text/html; charset=utf-8", path
    return HtmlScan(body), body.decode("utf-8")


def test_home_is_html_with_branding(server):
    scan, html = page(server, "/")
    assert html.startswith("<!doctype html>")
    assert "Bekasi Terbuka" in scan.title
    assert "Pemerintah Kabupaten Bekasi" in scan.title
    assert scan.lang == "id"


def test_home_lists_departments_with_links(server):
    scan, _ = page(server, "/")
    for slug in ("dsdabmbk", "dcktr", "diskominfosantik", "dinkes", "bappeda", "setda"):
        assert f"/dinas/{slug}" in scan.links, slug
    assert "Dinas Kesehatan" in scan.text
    assert "Dinas Cipta Karya dan Tata Ruang" in scan.text
    # the PPID Utama (where requests for information go) is marked
    assert "PPID Utama" in scan.text


def test_every_link_on_home_page_works(server):
    scan, _ = page(server, "/")
    local = sorted({h for h in scan.links + [l["href"] for l in scan.head_links if "href" in l]
                    if h.startswith("/")})
    assert len(local) >= 40  # 15 departments + 23 kecamatan + nav + assets
    for href in local:
        status, headers, body = server.get(href)
        if status == 303:  # asking needs an account: the link leads to sign in, then back
            assert headers["location"].startswith("/masuk?lanjut="), (href, headers["location"])
            continue
        assert status == 200, (href, status, body[:200])


def test_skip_link_targets_main(server):
    scan, html = page(server, "/")
    assert scan.links[0] == "#konten", "the first link on the page skips to the content"
    assert re.search(r'<main[^>]*\bid="konten"', html)


def test_dinas_lists_departments_and_all_23_kecamatan(server):
    scan, _ = page(server, "/dinas")
    kec = [h for h in scan.links if h.startswith("/dinas/kecamatan-")]
    assert len(kec) == 23, kec
    assert len(set(kec)) == 23
    assert kec[0] == "/dinas/kecamatan-setu"
    assert kec[-1] == "/dinas/kecamatan-muaragembong"
    text = scan.text
    positions = [text.find(name) for name in DEMO_KECAMATAN]
    assert all(p >= 0 for p in positions), [n for n, p in zip(DEMO_KECAMATAN, positions) if p < 0]
    departments = [h for h in scan.links
                   if h.startswith("/dinas/") and not h.startswith("/dinas/kecamatan-")]
    assert len(departments) == 15, departments
    for slug in ("dsdabmbk", "dcktr", "diskominfosantik", "dinkes"):
        assert f"/dinas/{slug}" in departments
    assert "Perangkat Daerah" in scan.title


def test_dinas_dinkes_page(server):
    scan, html = page(server, "/dinas/dinkes")
    assert scan.h1.strip() == "Dinas Kesehatan"
    assert scan.title.startswith("Dinas Kesehatan")
    assert "Pemerintah Kabupaten Bekasi" in scan.title
    assert "/dinas" in scan.links  # breadcrumb back to the list
    assert "/dinas/dinkes.json" in scan.links  # the page's data
    assert scan.lang == "id"


def test_ppid_utama_page_renders_markdown(server):
    scan, html = page(server, "/dinas/diskominfosantik")
    assert "<strong>PPID Utama</strong>" in html  # markdown **bold** in the description
    assert "PPID Utama" in scan.text


@pytest.mark.parametrize("path", ["/", "/dinas", "/dinas/dinkes", "/dinas/kecamatan-setu",
                                  "/tidak-ada"])
def test_pages_are_well_formed(server, path):
    status, _, body = server.get(path)
    scan = HtmlScan(body)
    assert scan.lang == "id"
    assert scan.title.strip()
    assert any(l.get("rel") == "stylesheet" for l in scan.head_links)
    assert scan.links and scan.links[0] == "#konten"
    assert not scan.handler_attrs


def test_demo_data_is_escaped_in_html(server):
    """Every name the model carries appears in the page's text exactly (no
    double escaping, no markup) and no raw '<' from data reaches the markup."""
    _, _, body = server.get("/index.json")
    model = json.loads(body)
    scan, html = page(server, "/")
    for a in model["departments"] + model["districts"]:
        assert a["short_name"] in scan.text
        if a in model["departments"]:
            assert a["name"] in scan.text
    assert "&amp;amp;" not in html and "&amp;lt;" not in html


EVIL_DATA = {
    "settings": {
        "name": "<b>Evil</b> & \"Co\"",
        "org": "O'Reilly <org>",
        "tagline": "</title><script>alert(0)</script>",
    },
    "agencies": [
        {"slug": "evil", "name": "Dinas <script>alert(1)</script> & \"Co\"",
         "short_name": "<i>sn</i>", "kind": "dinas", "ppid_utama": True,
         "description": "Halo <script>alert(2)</script>\n\n[klik](javascript:alert(3)) "
                        "<img src=x onerror=alert(4)>\n\n"
                        "<a href=\"https://x.example/\" onclick=\"alert(5)\">a</a>"},
        {"slug": "kecamatan-x", "name": "Kecamatan '\"><svg onload=alert(6)>",
         "short_name": "X<svg/onload=alert(7)>", "kind": "kecamatan", "description": "d"},
    ],
}

# markup the data set tries to smuggle in; escaped, it is only text
DANGEROUS = re.compile(r"<\s*/?\s*(script|svg|img|i|b|org)\b", re.IGNORECASE)


def test_hostile_data_set_is_escaped(fresh_server, tmp_path):
    """A region data set is data, never markup: names, branding and markdown
    descriptions with HTML in them come out inert."""
    data = tmp_path / "evil.json"
    data.write_text(json.dumps(EVIL_DATA))
    srv = fresh_server(args=["--data", str(data)])
    for path in ("/", "/dinas", "/dinas/evil", "/dinas/kecamatan-x", "/tidak-ada"):
        status, headers, body = srv.get(path)
        assert status in (200, 404), path
        html = body.decode()
        # our own scripts (share.js on a department's page) are not the data's
        ours = re.sub(r'<script src="/static/js/[a-z]+\.js\?v=[0-9a-f]+" defer></script>', "", html)
        bad = DANGEROUS.findall(ours)
        assert not bad, (path, bad)
        scan = HtmlScan(body)
        assert all(str(s.get("src", "")).startswith("/static/js/") for s in scan.scripts), (path, scan.scripts)
        assert not scan.handler_attrs, path
        assert not [h for h in scan.links if h.strip().lower().startswith("javascript:")], path
        # the text a reader sees is the data, character for character
        assert EVIL_DATA["settings"]["name"] in scan.title, path
    scan = HtmlScan(srv.get("/dinas/evil")[2])
    assert scan.h1.strip() == EVIL_DATA["agencies"][0]["name"]
    assert "<i>sn</i>" in scan.text
    scan = HtmlScan(srv.get("/dinas/kecamatan-x")[2])
    assert scan.h1.strip() == EVIL_DATA["agencies"][1]["name"]
    # the JSON twin carries the data as it is
    doc = json.loads(srv.get("/dinas/evil.json")[2])
    assert doc["agency"]["name"] == EVIL_DATA["agencies"][0]["name"]
    assert "<script" not in doc["agency"]["description_html"]
    assert "javascript:" not in doc["agency"]["description_html"]


def test_html_gzip_when_accepted(server):
    status, headers, plain = server.get("/")
    status, zh, zipped = server.get("/", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert zh.get("content-encoding") == "gzip"
    assert "accept-encoding" in zh.get("vary", "").lower()
    assert gzip.decompress(zipped) == plain
    assert int(zh["content-length"]) == len(zipped)


def test_html_not_gzipped_when_refused(server):
    # Regression: dynamic pages (server.c maybe_gzip) only look for the
    # substring "gzip" in Accept-Encoding, so "gzip;q=0" -- which RFC 9110
    # section 12.5.3 defines as "not acceptable" -- still gets a gzip body.
    # Static files (static.c accepts()) honour q=0 correctly.
    for ae in ("gzip;q=0", "identity", "br"):
        status, headers, body = server.get("/", headers={"Accept-Encoding": ae})
        assert status == 200
        assert "content-encoding" not in headers, (ae, headers.get("content-encoding"))
        assert body.rstrip().endswith(b"</html>"), ae


def test_menu_marks_the_current_section(server):
    for path, current in (("/", 'href="/" aria-current="page"'),
                          ("/dinas", 'href="/dinas" aria-current="page"'),
                          ("/dinas/dinkes", 'href="/dinas" aria-current="page"')):
        body = server.get(path)[2].decode()
        assert current in body, path
        assert body.count('aria-current="page"') == 1, path
