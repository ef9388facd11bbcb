"""The departments' directory (/dinas: search, groups by kind) and profile
(/dinas/<slug>: head, contacts, official accounts, logo, programmes and
figures), each as HTML and as its JSON twin.

The profile values are planted in the database the way an administrator
would leave them (and a few no administrator form lets through, like a
javascript: link in the social column, to prove the page never shows
them).
"""
from __future__ import annotations

import json
import re
import urllib.parse
from html.parser import HTMLParser

import pytest

from httpkit import REPO, HtmlScan, Server

LOCALE = json.loads((REPO / "locale" / "id.json").read_text(encoding="utf-8"))
KIND_ORDER = ["dinas", "badan", "sekretariat", "bagian", "inspektorat", "satpol", "rsud",
              "lainnya", "kecamatan"]
ACCEPT_JSON = {"Accept": "application/json"}

HASH = "ab" * 32  # a planted files row (the logo): 64 hex digits

SOCIAL = {
    "instagram": "https://www.instagram.com/dinkeskabbekasi",
    "facebook": "javascript:alert(1)",              # never a link
    "x": "http://twitter.com/dinkesbekasi",          # plain http is shown
    "youtube": "data:text/html,<script>alert(2)</script>",
    "myspace": "https://myspace.com/dinkes",         # not a network we know
    "tiktok": "https://www.tiktok.com/@dinkesbekasi",
}

PROFILE = {
    "head_title": "Kepala Dinas",
    "head_name": "dr. H. Alamsyah, M.Kes.",
    "address": "Jl. Raya Bekasi Km. 1, Cikarang Pusat",
    "phone": "(021) 8970-0123",
    "email": "dinkes@bekasikab.go.id",
    "website": "https://dinkes.bekasikab.go.id",
}


def q(v) -> str:
    return "'" + str(v).replace("'", "''") + "'"


class Tags(HTMLParser):
    """Every tag with its attributes, and the text of each <a> and <h2>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.anchors: list[dict] = []
        self.h2: list[str] = []
        self._a = None
        self._h2 = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "a":
            self._a = dict(a, text="")
            self.anchors.append(self._a)
        elif tag == "h2":
            self._h2 = ""

    def handle_endtag(self, tag):
        if tag == "a":
            self._a = None
        elif tag == "h2" and self._h2 is not None:
            self.h2.append(" ".join(self._h2.split()))
            self._h2 = None

    def handle_data(self, data):
        if self._a is not None:
            self._a["text"] += data
        if self._h2 is not None:
            self._h2 += data

    def find(self, tag, **want):
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in want.items())]


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-directory"), name="directory")
    s.start()
    sets = ", ".join(f"{k} = {q(v)}" for k, v in PROFILE.items())
    s.sql(f"UPDATE agencies SET {sets}, social = {q(json.dumps(SOCIAL))}, logo = {q(HASH)} "
          "WHERE slug = 'dinkes'")
    s.sql("INSERT INTO files (hash, mime, size, width, height, created_at) VALUES "
          f"({q(HASH)}, 'image/png', 1234, 400, 200, '2026-01-01T00:00:00Z')")
    # a kind the demo data set may not have, to see its group and label
    s.sql("INSERT INTO agencies (slug, name, short_name, kind, created_at, updated_at) VALUES "
          "('rsud-cabangbungin', 'RSUD Cabangbungin', 'RSUD Cabangbungin', 'rsud', "
          "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
    # a programme of Dinkes, to see it and its figures on the profile
    agency = s.sql("SELECT id FROM agencies WHERE slug = 'dinkes'").strip()
    s.sql("INSERT INTO programs (level, agency_id, title, status, fiscal_year, budget, realization, "
          "funding, progress, created_at, updated_at) VALUES ('program', "
          f"{agency}, 'Program Uji Posyandu Keliling', 'berjalan', 2026, 1500000000, 600000000, "
          "'apbd', 40, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
    yield s
    s.assert_clean_exit()


def get_json(srv, path):
    status, headers, body = srv.get(path, headers=ACCEPT_JSON)
    assert status == 200, (path, status, body[:500])
    assert headers["content-type"].startswith("application/json")
    return json.loads(body)


def get_html(srv, path):
    status, headers, body = srv.get(path)
    assert status == 200, (path, status, body[:500])
    assert headers["content-type"].startswith("text/html")
    html = body.decode()
    return html, Tags(html), HtmlScan(body)


def all_agencies(srv) -> list[tuple[str, str, str, str]]:
    rows = srv.sql("SELECT slug, name, short_name, kind FROM agencies ORDER BY id")
    return [tuple(r.split("|")) for r in rows.splitlines()]


def expected_matches(srv, needle: str) -> set[str]:
    n = needle.lower()
    return {slug for slug, name, short, _ in all_agencies(srv)
            if n in name.lower() or n in short.lower()}


def flat(doc) -> list[dict]:
    return [a for g in doc["groups"] for a in g["agencies"]]


# ---- the directory ------------------------------------------------------------------

def test_directory_groups_every_agency_by_kind_in_order(srv):
    doc = get_json(srv, "/dinas.json")
    kinds = [g["kind"] for g in doc["groups"]]
    assert kinds == [k for k in KIND_ORDER if k in kinds], kinds
    assert {"dinas", "badan", "kecamatan", "rsud"} <= set(kinds)
    everyone = all_agencies(srv)
    assert doc["count"] == len(everyone) == len(flat(doc))
    assert doc["q"] == ""
    kind_of = {slug: kind for slug, _, _, kind in everyone}
    for g in doc["groups"]:
        assert g["label"] == LOCALE["agency_kind"][g["kind"]]
        assert g["count"] == len(g["agencies"]) > 0
        for a in g["agencies"]:
            assert kind_of[a["slug"]] == g["kind"] == a["kind"]
            assert a["url"] == f"/dinas/{a['slug']}"
    # nothing searched: no result line
    assert "result_label" not in doc


def test_directory_html_shows_the_groups_of_its_twin(srv):
    doc = get_json(srv, "/dinas.json")
    html, tags, scan = get_html(srv, "/dinas")
    assert [h.split(" (")[0] for h in tags.h2] == [g["label"] for g in doc["groups"]]
    assert [f"{g['label']} ({g['count']})" for g in doc["groups"]] == tags.h2
    urls = [a["url"] for a in flat(doc)]
    assert [h for h in scan.links if h.startswith("/dinas/")] == urls
    for a in flat(doc):
        assert (a["short_name"] if a["kind"] == "kecamatan" else a["name"]) in scan.text


def test_new_kind_labels_exist():
    for kind in KIND_ORDER:
        assert LOCALE["agency_kind"][kind], kind


@pytest.mark.parametrize("needle", ["kes", "KES", "Dinkes", "kecamatan tambun", "rsud"])
def test_search_matches_name_or_short_name_case_insensitively(srv, needle):
    path = "/dinas.json?" + urllib.parse.urlencode({"q": needle})
    doc = get_json(srv, path)
    found = {a["slug"] for a in flat(doc)}
    assert found == expected_matches(srv, needle) and found, (needle, found)
    assert doc["count"] == len(found) and doc["q"] == needle
    assert doc["result_label"].startswith(f"{len(found)} perangkat daerah cocok")
    kinds = [g["kind"] for g in doc["groups"]]
    assert kinds == [k for k in KIND_ORDER if k in kinds]


def test_search_works_as_a_plain_form_without_javascript(srv):
    html, tags, scan = get_html(srv, "/dinas")
    forms = tags.find("form", method="get", action="/dinas")
    assert forms and forms[0].get("role") == "search"
    # the directory's own box (the site-wide search box in the header is
    # another input named q, with its own id)
    inputs = [i for i in tags.find("input", name="q") if i.get("id") == "q"]
    assert len(inputs) == 1 and tags.find("label", **{"for": "q"})
    assert not scan.scripts
    html, tags, scan = get_html(srv, "/dinas?q=kes")
    assert tags.find("input", name="q", value="kes")
    doc = get_json(srv, "/dinas.json?q=kes")
    assert doc["result_label"] in scan.text
    assert re.search(r'role="status"[^>]*>\s*' + re.escape(doc["result_label"].split('"')[0]), html)
    assert [h for h in scan.links if h.startswith("/dinas/")] == [a["url"] for a in flat(doc)]
    assert "/dinas" in scan.links  # back to everything


def test_search_with_no_match_says_so(srv):
    doc = get_json(srv, "/dinas.json?q=tidak-ada-yang-begini")
    assert doc["count"] == 0 and doc["groups"] == []
    expected = LOCALE["agencies"]["none"].replace("{q}", "tidak-ada-yang-begini")
    assert doc["result_label"] == expected
    html, tags, scan = get_html(srv, "/dinas?q=tidak-ada-yang-begini")
    assert expected in scan.text
    assert not [h for h in scan.links if h.startswith("/dinas/")]
    assert tags.h2 == []


def test_search_characters_are_literal(srv):
    # % and _ are LIKE wildcards: here they are only characters
    for needle in ("%", "_", "\\"):
        doc = get_json(srv, "/dinas.json?" + urllib.parse.urlencode({"q": needle}))
        assert doc["count"] == 0, needle
    # markup in the query is text on the page
    html, _, scan = get_html(srv, "/dinas?" + urllib.parse.urlencode({"q": "<b>x</b>"}))
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_surrounding_spaces_and_overlong_queries(srv):
    assert get_json(srv, "/dinas.json?q=%20%20kes%20")["q"] == "kes"
    doc = get_json(srv, "/dinas.json?q=" + "a" * 101)  # over 100 characters: everything
    assert doc["q"] == "" and doc["count"] == len(all_agencies(srv))


# ---- the profile ------------------------------------------------------------------------

def test_profile_json_carries_every_value(srv):
    a = get_json(srv, "/dinas/dinkes.json")["agency"]
    for k, v in PROFILE.items():
        assert a[k] == v, k
    assert a["phone_href"] == "tel:02189700123"
    assert a["website_url"] == PROFILE["website"]
    assert a["social"] == [
        {"network": "instagram", "label": "Instagram", "url": SOCIAL["instagram"]},
        {"network": "x", "label": LOCALE["agency"]["network"]["x"], "url": SOCIAL["x"]},
        {"network": "tiktok", "label": "TikTok", "url": SOCIAL["tiktok"]},
    ]
    logo = a["logo"]
    assert logo["hash"] == HASH and HASH in logo["url"] and logo["url"].endswith("kecil")
    assert (logo["width"], logo["height"]) == (96, 48)  # 400 x 200 fitted into 96 px
    assert logo["alt"] == "Logo Dinas Kesehatan"
    (p,) = [p for p in a["programs"] if p["title"] == "Program Uji Posyandu Keliling"]
    assert p["status"] == "berjalan" and p["progress"] == 40 and p["budget"] == 1500000000
    assert p["status_label"] and p["budget_label"]
    f = a["figures"]
    assert f["programs"] >= 1 and f["budget"] >= 1500000000
    assert any(s["status"] == "berjalan" and s["count"] >= 1 for s in f["by_status"])


def test_profile_html_shows_what_the_twin_says(srv):
    a = get_json(srv, "/dinas/dinkes.json")["agency"]
    html, tags, scan = get_html(srv, "/dinas/dinkes")
    text = scan.text
    for k in ("head_title", "head_name", "address", "phone", "email"):
        assert a[k] in text, k
    assert tags.find("a", href="tel:02189700123")
    assert tags.find("a", href="mailto:dinkes@bekasikab.go.id")
    (site,) = tags.find("a", href=PROFILE["website"])
    assert "noopener" in site.get("rel", "").split()
    imgs = tags.find("img", src=a["logo"]["url"])
    assert imgs and imgs[0]["alt"] == "Logo Dinas Kesehatan"
    assert (imgs[0]["width"], imgs[0]["height"]) == ("96", "48")
    # programmes: title, status in words and colour, progress as a bar and as text, budget
    (p,) = [p for p in a["programs"] if p["title"] == "Program Uji Posyandu Keliling"]
    assert tags.find("a", href=p["url"])
    assert p["status_label"] in text and f'class="status status-{p["status"]}"' in html
    bars = tags.find("progress", value="40", max="100")
    assert bars and bars[0].get("aria-labelledby")
    assert f"{LOCALE['agency']['progress']} 40%" in text
    assert p["budget_label"] in text
    f = a["figures"]
    assert f["budget_label"] in text and f["realization_label"] in text
    assert LOCALE["agency"]["figure_programs"] in text


def test_social_links_only_http_and_known_networks(srv):
    html, tags, scan = get_html(srv, "/dinas/dinkes")
    sharing = ("https://wa.me/", "https://www.facebook.com/sharer/", "https://twitter.com/intent/", "https://t.me/share/")
    social = [a for a in tags.anchors if a["text"] in ("Instagram", "Facebook", "YouTube", "TikTok",
                                                        LOCALE["agency"]["network"]["x"])
              and not a["href"].startswith(sharing)]  # the page's own "Bagikan" links are not the agency's
    assert [a["href"] for a in social] == [SOCIAL["instagram"], SOCIAL["x"], SOCIAL["tiktok"]]
    for a in social:
        assert "noopener" in a.get("rel", "").split(), a
        assert urllib.parse.urlsplit(a["href"]).scheme in ("http", "https")
    for a in tags.anchors:
        assert not a["href"].strip().lower().startswith(("javascript:", "data:")), a
    assert "myspace" not in html and "javascript:" not in html and "data:text" not in html
    assert not scan.handler_attrs
    assert all(str(x.get("src", "")).startswith("/static/js/") for x in scan.scripts)


def test_profile_without_contacts_or_programmes_shows_no_empty_parts(srv):
    a = get_json(srv, "/dinas/rsud-cabangbungin.json")["agency"]
    assert a["has_contacts"] is False and a["has_programs"] is False and a["logo"] is None
    html, tags, scan = get_html(srv, "/dinas/rsud-cabangbungin")
    assert 'id="kontak"' not in html and 'id="tugas"' not in html
    assert not tags.find("img") and not tags.find("progress") and 'class="figures"' not in html
    assert LOCALE["agency"]["no_programs"] in scan.text
    assert a["kind_label"] == LOCALE["agency_kind"]["rsud"] and a["kind_label"] in scan.text


def test_profile_is_small_and_phone_first(srv):
    status, headers, body = srv.get("/dinas/dinkes", headers={"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip"
    css = srv.get("/static/css/site.css", headers={"Accept-Encoding": "gzip"})[2]
    assert len(body) + len(css) < 50 * 1024  # UI.md: HTML + CSS + JS under 50 KB compressed
    html = srv.get("/dinas/dinkes")[2].decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
