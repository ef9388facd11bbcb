"""Answers that travel (issue #10; src/share/): every public page tells link
previews its title, description, canonical address and card (Open Graph and
Twitter Card tags, with the image's width, height and alt so the first
share already has its picture); the cards are PNGs of the three sizes,
under 300 KB for the preview, drawn again only when their words change
(ETag, 304); short links lead to the page; nothing a page hides reaches a
card. Both engines."""
from __future__ import annotations

import json
import re
import struct
import subprocess

import pytest

from accountkit import Client
from httpkit import Server

SIZES = {"pratinjau": (1200, 630), "kotak": (1080, 1080), "cerita": (1080, 1920)}


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-share"), name="share", demo=True,
               args=["--base-url", "https://terbuka.bekasikab.go.id"])
    s.tampers = True  # a programme's progress is changed behind the store's back, to see the card follow
    s.start()
    yield s
    s.assert_clean_exit()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:16]
    return struct.unpack(">II", data[16:24])


def meta(html: str) -> dict[str, str]:
    tags = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', html)
    out = dict(tags)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    out["canonical"] = canonical.group(1) if canonical else None
    return out


def first_id(srv, sql) -> int:
    return int(srv.sql(sql).splitlines()[0])


@pytest.mark.parametrize("kind, sql", [
    ("pertanyaan", "SELECT id FROM questions WHERE listed = 1 ORDER BY id LIMIT 1"),
    ("program", "SELECT id FROM programs ORDER BY id LIMIT 1"),
    ("dinas", "SELECT id FROM agencies ORDER BY id LIMIT 1"),
    ("dip", "SELECT id FROM dip_items WHERE category <> 'dikecualikan' ORDER BY id LIMIT 1"),
])
def test_every_size_of_every_card(srv, kind, sql):
    n = first_id(srv, sql)
    for size, dims in SIZES.items():
        status, h, body = Client(srv).get(f"/kartu/{kind}/{n}/{size}")
        assert status == 200 and h["content-type"] == "image/png", (kind, size, status)
        assert png_size(body) == dims
        if size == "pratinjau":
            assert len(body) < 300 * 1024  # WhatsApp shows a preview image only under 300 KB


def test_a_page_tells_link_previews_everything(srv):
    n = first_id(srv, "SELECT id FROM programs ORDER BY id LIMIT 1")
    status, h, body = Client(srv).get(f"/program/{n}")
    if status == 301:
        status, h, body = Client(srv).get(h["location"])
    html = body.decode()
    m = meta(html)
    title = srv.sql(f"SELECT title FROM programs WHERE id = {n}")
    assert m["og:title"] == title and m["twitter:title"] == title
    assert m["canonical"].startswith("https://terbuka.bekasikab.go.id/program/")
    assert m["og:url"] == m["canonical"] and m["og:type"] == "article" and m["og:locale"] == "id_ID"
    assert m["og:image"] == f"https://terbuka.bekasikab.go.id/kartu/program/{n}/pratinjau"
    assert (m["og:image:width"], m["og:image:height"]) == ("1200", "630")
    assert title in m["og:image:alt"] and m["twitter:card"] == "summary_large_image"
    assert 0 < len(m["og:description"].encode()) <= 203 and "**" not in m["og:description"]
    # the page offers the sharing links and the card's three sizes
    for target in ("https://wa.me/?text=", "https://www.facebook.com/sharer/sharer.php?u=",
                   "https://twitter.com/intent/tweet?", "https://t.me/share/url?url="):
        assert target in html, target
    assert f"/kartu/program/{n}/cerita" in html and "/static/js/share.js" in html
    # every other public page has the site's card
    m = meta(Client(srv).get("/cari")[2].decode())
    assert m["og:image"] == "https://terbuka.bekasikab.go.id/kartu/situs/0/pratinjau"
    assert m["og:type"] == "website"
    status, _, body = Client(srv).get("/kartu/situs/0/pratinjau")
    assert status == 200 and png_size(body) == (1200, 630)


def test_a_card_is_drawn_again_only_when_its_words_change(srv):
    n = first_id(srv, "SELECT id FROM programs ORDER BY id LIMIT 1")
    c = Client(srv)
    status, h, first = c.get(f"/kartu/program/{n}/pratinjau")
    etag = h["etag"]
    status, h2, again = c.get(f"/kartu/program/{n}/pratinjau")
    assert h2["etag"] == etag and again == first
    status, _, _ = c.get(f"/kartu/program/{n}/pratinjau", headers={"If-None-Match": etag})
    assert status == 304
    srv.sql(f"UPDATE programs SET progress = CASE WHEN progress < 50 THEN progress + 40 ELSE progress - 40 END "
            f"WHERE id = {n}")
    srv.settle()
    status, h3, changed = c.get(f"/kartu/program/{n}/pratinjau", headers={"If-None-Match": etag})
    assert status == 200 and h3["etag"] != etag and changed != first
    assert c.get(f"/kartu/program/{n}/kotak")[1]["etag"] != h3["etag"]  # each size its own


def test_what_a_page_hides_never_reaches_a_card(srv):
    hidden = first_id(srv, "SELECT id FROM questions ORDER BY id DESC LIMIT 1")
    srv.sql(f"UPDATE questions SET listed = 0 WHERE id = {hidden}")
    srv.settle()
    assert Client(srv).get(f"/kartu/pertanyaan/{hidden}/pratinjau")[0] == 404
    for path in ["/kartu/pertanyaan/999999/pratinjau", "/kartu/rahasia/1/pratinjau", "/kartu/program/1/besar",
                 "/kartu/program/-1/kotak", "/kartu/program/abc/kotak"]:
        assert Client(srv).get(path)[0] == 404, path


def test_short_links_lead_to_the_page(srv):
    q = first_id(srv, "SELECT id FROM questions WHERE listed = 1 ORDER BY id LIMIT 1")
    slug = srv.sql("SELECT slug FROM agencies ORDER BY id LIMIT 1")
    agency = first_id(srv, "SELECT id FROM agencies ORDER BY id LIMIT 1")
    b36 = lambda v: "0123456789abcdefghijklmnopqrstuvwxyz"[v] if v < 36 else b36(v // 36) + b36(v % 36)
    for code, to in [(f"t{b36(q)}", f"/pertanyaan/{q}"), (f"d{b36(agency)}", f"/dinas/{slug}"), ("w0", "/"),
                     ("p1", "/program/1")]:
        status, h, _ = Client(srv).get(f"/s/{code}")
        assert status == 301 and h["location"] == to, (code, status, h.get("location"))
    for bad in ["/s/x1", "/s/t", "/s/t-1", "/s/tzzzzzzzzzzzzzz"]:
        assert Client(srv).get(bad)[0] == 404, bad
    # the card prints the short link, and the page offers it
    html = Client(srv).get(Client(srv).get(f"/s/t{b36(q)}")[1]["location"])
    body = html[2].decode() if html[0] == 200 else Client(srv).get(html[1]["location"])[2].decode()
    assert f'value="https://terbuka.bekasikab.go.id/s/t{b36(q)}"' in body


def test_a_poster_and_its_qr_code_lead_to_the_page(srv, tmp_path):
    n = first_id(srv, "SELECT id FROM programs ORDER BY id LIMIT 1")
    title = srv.sql(f"SELECT title FROM programs WHERE id = {n}")
    b36 = lambda v: "0123456789abcdefghijklmnopqrstuvwxyz"[v] if v < 36 else b36(v // 36) + b36(v % 36)
    short = f"https://terbuka.bekasikab.go.id/s/p{b36(n)}"
    status, h, pdf = Client(srv).get(f"/poster/program/{n}")
    assert status == 200 and h["content-type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert " ".join(title.split()) in " ".join(text.split()) and short.split("://")[1] in text
    pages = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert re.search(r"Pages:\s+1\b", pages) and "595.276 x 841.89" in pages  # one A4 sheet
    # the QR code, read back by a real decoder (zbarimg), is the short link
    status, h, png = Client(srv).get(f"/kartu/program/{n}/qr")
    assert status == 200 and h["content-type"] == "image/png"
    (tmp_path / "qr.png").write_bytes(png)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(tmp_path / "qr.png")], capture_output=True,
                             check=True).stdout.decode().strip()
    assert decoded == short
    # the page offers both; a question has neither; a missing page has none
    html = Client(srv).get(f"/program/{n}", )[2].decode()
    if "poster" not in html:
        html = Client(srv).get(Client(srv).get(f"/program/{n}")[1]["location"])[2].decode()
    assert f"/poster/program/{n}" in html and f"/kartu/program/{n}/qr" in html
    for path in ["/poster/pertanyaan/1", "/poster/program/999999", "/poster/rahasia/1", "/kartu/program/999999/qr"]:
        assert Client(srv).get(path)[0] == 404, path
    agency = first_id(srv, "SELECT id FROM agencies ORDER BY id LIMIT 1")
    assert Client(srv).get(f"/poster/dinas/{agency}")[0] == 200


def test_a_session_announcement_card_and_poster(srv):
    srv.sql("INSERT INTO live_sessions (title, description, starts_at, ends_at, created_at, updated_at) VALUES "
            "('Tanya Bupati: banjir di utara \U0001F30A', 'Bupati menjawab langsung di Instagram dan YouTube.', "
            "'2026-12-05T12:00:00Z', '2026-12-05T13:30:00Z', '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z')")
    srv.settle()
    n = first_id(srv, "SELECT id FROM live_sessions ORDER BY id DESC LIMIT 1")
    for size, dims in SIZES.items():
        status, _, body = Client(srv).get(f"/kartu/sesi/{n}/{size}")
        assert status == 200 and png_size(body) == dims, (size, status)
    status, _, pdf = Client(srv).get(f"/poster/sesi/{n}")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert status == 200 and "5 Desember 2026" in text and "19.00 WIB" in text, text  # 12:00 UTC is 19:00 WIB
