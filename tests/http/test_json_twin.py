"""Every page has a JSON twin (".json" or Accept: application/json) equal in
data to what the HTML shows."""
from __future__ import annotations

import json
import re

import pytest

from httpkit import HtmlScan

JSON_TYPE = "application/json; charset=utf-8"
ACCEPT_JSON = {"Accept": "application/json"}


def get_json(server, path, headers=None, status=200):
    st, h, body = server.get(path, headers=headers)
    assert st == status, (path, st, body[:300])
    assert h["content-type"] == JSON_TYPE, (path, h["content-type"])
    return json.loads(body), h, body


def get_html(server, path):
    st, h, body = server.get(path)
    assert st == 200, (path, st)
    assert h["content-type"].startswith("text/html")
    return HtmlScan(body), body.decode()


@pytest.mark.parametrize("path,twin", [
    ("/dinas/dinkes", "/dinas/dinkes.json"),
    ("/dinas", "/dinas.json"),
    ("/", "/index.json"),
    ("/dinas/kecamatan-setu", "/dinas/kecamatan-setu.json"),
])
def test_suffix_and_accept_header_give_the_same_json(server, path, twin):
    by_suffix, _, raw_suffix = get_json(server, twin)
    by_accept, _, raw_accept = get_json(server, path, headers=ACCEPT_JSON)
    assert by_suffix == by_accept
    assert raw_suffix == raw_accept


def test_accept_prefers_the_first_listed_type(server):
    # a browser's Accept lists text/html first: HTML
    st, h, _ = server.get("/dinas/dinkes", headers={
        "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8"})
    assert st == 200 and h["content-type"].startswith("text/html")
    st, h, _ = server.get("/dinas/dinkes", headers={"Accept": "application/json, text/html"})
    assert st == 200 and h["content-type"] == JSON_TYPE


def test_dinkes_json_content(server):
    doc, _, _ = get_json(server, "/dinas/dinkes.json")
    a = doc["agency"]
    assert a["slug"] == "dinkes"
    assert a["name"] == "Dinas Kesehatan"
    assert a["url"] == "/dinas/dinkes"
    assert a["kind"] == "dinas"
    assert a["is_ppid_utama"] is False
    assert isinstance(a["description"], str) and a["description"]
    assert a["description_html"].startswith("<p>")


def test_home_json_equals_home_html(server):
    doc, _, _ = get_json(server, "/index.json")
    scan, html = get_html(server, "/")
    assert len(doc["departments"]) == 15
    assert len(doc["districts"]) == 23
    urls = [a["url"] for a in doc["departments"] + doc["districts"]]
    assert [h for h in scan.links if h.startswith("/dinas/")] == urls
    for a in doc["departments"]:
        assert a["url"] == f"/dinas/{a['slug']}"
        assert a["name"] in scan.text, a["name"]
        assert a["short_name"] in scan.text, a["short_name"]
    for a in doc["districts"]:
        assert a["url"] == f"/dinas/{a['slug']}"
        assert a["short_name"] in scan.text, a["short_name"]
    ppid = [a for a in doc["departments"] if a["is_ppid_utama"]]
    assert [a["slug"] for a in ppid] == ["diskominfosantik"]
    assert scan.text.count("PPID Utama") == len(ppid)


def test_dinas_json_equals_dinas_html(server):
    # /dinas groups the agencies by kind (tests/http/test_directory.py has the rest)
    doc, _, _ = get_json(server, "/dinas.json")
    scan, _ = get_html(server, "/dinas")
    listed = [a for g in doc["groups"] for a in g["agencies"]]
    urls = [a["url"] for a in listed]
    assert [h for h in scan.links if h.startswith("/dinas/")] == urls
    (districts,) = [g["agencies"] for g in doc["groups"] if g["kind"] == "kecamatan"]
    departments = [a for g in doc["groups"] if g["kind"] != "kecamatan" for a in g["agencies"]]
    assert len(districts) == 23
    assert all(a["kind"] == "kecamatan" for a in districts)
    assert all(a["kind"] != "kecamatan" for a in departments)
    slugs = [a["slug"] for a in listed]
    assert len(slugs) == len(set(slugs)) == doc["count"] == 38
    for a in departments:
        assert a["name"] in scan.text
        assert a["kind_label"] in scan.text
    for a in districts:
        assert a["short_name"] in scan.text


@pytest.mark.parametrize("slug", ["dinkes", "diskominfosantik", "satpol-pp", "kecamatan-setu",
                                  "kecamatan-muaragembong"])
def test_agency_json_equals_agency_html(server, slug):
    doc, _, _ = get_json(server, f"/dinas/{slug}.json")
    a = doc["agency"]
    scan, html = get_html(server, f"/dinas/{slug}")
    assert a["slug"] == slug
    assert scan.h1.strip() == a["name"]
    assert a["name"] in scan.title
    assert a["kind_label"] in scan.text
    if a.get("short_name"):
        assert a["short_name"] in scan.text
    assert a["description_html"] in html  # rendered markdown, verbatim
    assert {"datetime": a["updated_at"]} in scan.times
    assert f"{a['url']}.json" in scan.links
    assert ("PPID Utama" in scan.text) == a["is_ppid_utama"]
    # the page advertises its twin
    alt = [l for l in scan.head_links if l.get("rel") == "alternate"]
    assert alt and alt[0]["href"] == f"/dinas/{slug}.json"
    assert alt[0].get("type") == "application/json"


def test_every_listed_agency_has_a_page_and_twin(server):
    doc, _, _ = get_json(server, "/dinas.json")
    for a in [a for g in doc["groups"] for a in g["agencies"]]:
        one, _, _ = get_json(server, a["url"] + ".json")
        assert one["agency"]["slug"] == a["slug"]
        assert one["agency"]["name"] == a["name"]
        assert one["agency"]["short_name"] == a["short_name"]


@pytest.mark.parametrize("path,headers", [
    ("/tidak-ada.json", None),
    ("/dinas/tidak-ada.json", None),
    ("/dinas/tidak-ada", ACCEPT_JSON),
    ("/tidak-ada", ACCEPT_JSON),
])
def test_json_404_shape(server, path, headers):
    doc, h, _ = get_json(server, path, headers=headers, status=404)
    assert set(doc) == {"error", "request_id"}
    assert doc["error"]["status"] == 404
    assert isinstance(doc["error"]["message"], str) and doc["error"]["message"]
    assert doc["request_id"] == h["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{16}", doc["request_id"])


def test_json_405_and_400_shape(server):
    st, h, body = server.request("POST", "/index.json")
    assert st == 405
    assert h["content-type"] == JSON_TYPE
    doc = json.loads(body)
    assert doc["error"]["status"] == 405 and doc["request_id"] == h["x-request-id"]
    assert h["allow"] == "GET, HEAD"
    doc, h, _ = get_json(server, "/dinas.json?q=%zz", status=400)
    assert doc["error"]["status"] == 400 and doc["request_id"] == h["x-request-id"]


def test_negotiated_pages_vary_on_accept(server):
    # Regression: /dinas/dinkes answers HTML or JSON depending on the Accept
    # header but sends no "Vary: Accept" (RFC 9110 section 12.5.5: an origin
    # SHOULD send Vary when the representation depends on a request header).
    # Without it a browser or shared cache that stored the JSON answer (e.g.
    # from a fetch() with Accept: application/json) may show it for a later
    # navigation to the same URL, and the reverse.
    for headers in (None, ACCEPT_JSON):
        st, h, _ = server.get("/dinas/dinkes", headers=headers)
        assert st == 200
        vary = [v.strip().lower() for v in h.get("vary", "").split(",")]
        assert "accept" in vary, (headers, h.get("vary"))
