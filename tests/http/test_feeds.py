"""Syndication (issue #10; src/view/atom.c, */feeds.c, */embed.c,
src/site/oembed.c): the Atom feeds of the newest official answers
(/pertanyaan/atom), of one department's (/dinas/:slug/atom), of a
programme's news (/program/:id/atom), of the sessions (/sesi/atom) and of
the KIP register (/permohonan/atom), read by a real feed parser (Debian's
python3-feedparser) and a strict XML parser, every entry checked: a
title, a link that answers 200, an id that stays the same, times in UTC
and newest first, an author, escaped text, and nothing hidden, held for
moderation or personal. The pages name their feeds (and their oEmbed
endpoint) for autodiscovery. oEmbed answers a "rich" object for a
question, a programme and a session whose iframe loads a card that other
sites may frame, while every other page keeps frame-ancestors 'none';
bad oEmbed requests are clear 4xx. Rows are planted in the database as an
operator or another node would, with text that tries to break the
formats; a programme report and a KIP request go through the real forms.
Runs on both engines."""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import urllib.parse
import xml.etree.ElementTree as ET

import feedparser
import pytest

from accountkit import Client, create_user, person
from httpkit import HtmlScan, Server
from test_kip_desk import file as file_request

ATOM = "{http://www.w3.org/2005/Atom}"

HOSTILE_TITLE = "Jalan <script>alert(1)</script> & \"Rusak\" 'parah' ]]> é 🎉 di Tambun?"
HOSTILE_BODY = "Sudah **tiga bulan** <b>berlubang</b> & tergenang; lihat [foto](javascript:alert(1))."
HOSTILE_ANSWER = ("Terima kasih. <img src=x onerror=alert(1)> Perbaikan ]]> dijadwalkan & dikerjakan "
                  "pekan depan 🚧. " + "Rinciannya panjang. " * 120)
# nothing of these may ever reach a feed, a card or an oEmbed answer
ASKER = "Penanya Rahasia Sekali"
ASKER_EMAIL = "penanya.rahasia@example.id"
HIDDEN = {
    "answer": "JAWABAN-TERSEMBUNYI-7391",
    "held": "PERTANYAAN-MODERASI-5521",
    "held_answer": "JAWABAN-MODERASI-5522",
    "flagged": "PERTANYAAN-DISEMBUNYIKAN-6631",
    "flagged_answer": "JAWABAN-DISEMBUNYIKAN-6632",
    "refused": "PERTANYAAN-DITOLAK-7741",
}
REQUESTER = {"nama": "Pemohon Rahasia Feedtest", "email": "pemohon.rahasia@example.id",
             "alamat": "Jl. Kenanga Rahasia No. 9", "telepon": "0812-9999-1234",
             "nomor_identitas": "3216 0645 1290 0003",
             "rincian": "RINCIAN-PEMOHON-8841 tidak untuk umum.", "tujuan": "TUJUAN-PEMOHON-8842"}
PERSONAL = [ASKER, ASKER_EMAIL, "example.id", REQUESTER["nama"], REQUESTER["alamat"], "9999-1234",
            "0645 1290", "RINCIAN-PEMOHON", "TUJUAN-PEMOHON"]
FEEDS = ["/pertanyaan/atom", "/dinas/dinkes/atom", "/permohonan/atom", "/sesi/atom"]  # + the programme's


def quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


# The rows the tests add are dated next year, so they stay the newest in
# every feed whenever the suite runs.
Y = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).year + 1


def ask(srv, uid, title, body, *, state="dijawab", listed=1, hidden=0, at=f"{Y}-01-05T02:00:00Z") -> int:
    return int(srv.sql(
        "INSERT INTO questions (user_id, agency_id, title, body, state, listed, hidden, anonymous, "
        "created_at, published_at, updated_at, answered_at, answers) VALUES "
        f"({uid}, (SELECT id FROM agencies WHERE slug = 'dinkes'), {quote(title)}, {quote(body)}, "
        f"'{state}', {listed}, {hidden}, 0, '{at}', '{at}', '{at}', '{at}', 1) RETURNING id"))


def answer(srv, qid, body, *, at=f"{Y}-01-06T03:00:00Z", hidden=0, agency="dinkes") -> int:
    return int(srv.sql(
        "INSERT INTO answers (question_id, agency_id, body, hidden, created_at, updated_at) VALUES "
        f"({qid}, (SELECT id FROM agencies WHERE slug = '{agency}'), {quote(body)}, {hidden}, "
        f"'{at}', '{at}') RETURNING id"))


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-feeds"), name="feeds", args=["--workers", "1"])
    s.start()
    yield s
    s.assert_clean_exit()


@pytest.fixture(scope="module")
def world(srv):
    """The rows every test reads: a hostile public question with its
    answer, and everything the public must not see."""
    uid = create_user(srv, ASKER_EMAIL, ASKER)
    w = {"uid": uid}
    w["q"] = ask(srv, uid, HOSTILE_TITLE, HOSTILE_BODY)
    w["a"] = answer(srv, w["q"], HOSTILE_ANSWER)
    w["a_hidden"] = answer(srv, w["q"], HIDDEN["answer"], at=f"{Y}-01-07T03:00:00Z", hidden=1)
    w["held"] = ask(srv, uid, HIDDEN["held"], "Menunggu.", state="moderasi", listed=0)
    answer(srv, w["held"], HIDDEN["held_answer"])
    w["flagged"] = ask(srv, uid, HIDDEN["flagged"], "Dilaporkan.", listed=0, hidden=1)
    answer(srv, w["flagged"], HIDDEN["flagged_answer"])
    w["refused"] = ask(srv, uid, HIDDEN["refused"], "Spam.", state="ditolak", listed=0)
    answer(srv, w["refused"], HIDDEN["refused"] + "-JAWABAN")
    w["session"] = int(srv.sql(
        "INSERT INTO live_sessions (title, description, starts_at, ends_at, stream_url, created_at, "
        f"updated_at) VALUES ({quote(HOSTILE_TITLE)}, 'Sesi uji.', '{Y}-02-01T02:00:00Z', "
        f"'{Y}-02-01T03:30:00Z', '', '{Y}-01-10T01:00:00Z', '{Y}-01-10T01:00:00Z') RETURNING id"))
    srv.sql("INSERT INTO live_session_agencies (session_id, agency_id, position) "
            f"SELECT {w['session']}, id, 0 FROM agencies WHERE slug = 'dinkes'")
    # a programme of dinkes (one without parts, whose progress is its
    # own): its officer reports it finished (a report and a version)
    w["program"] = int(srv.sql(
        "SELECT min(p.id) FROM programs p WHERE p.agency_id = (SELECT id FROM agencies WHERE slug = 'dinkes') "
        "AND p.status <> 'selesai' AND NOT EXISTS (SELECT 1 FROM programs c WHERE c.parent_id = p.id)"))
    officer = person(srv, "Petugas Dinkes Feed", [("warga", None), ("petugas", "dinkes")])
    status, _, body = officer.post(f"/dinas/dinkes/program/{w['program']}/kabar",
                                   {"isi": "Selesai <b>semua</b> & diserahterimakan 🎉", "progres": "100",
                                    "status": "selesai"})
    assert status == 303, body[:500]
    # a KIP request filed through the form by someone who must stay unnamed
    w["kip"] = file_request(srv, "dinkes", perihal="Data <i>imunisasi</i> & gizi 2026", **REQUESTER)
    return w


# ---- reading a feed -------------------------------------------------------------

def path_of(url: str) -> str:
    u = urllib.parse.urlsplit(url)
    return u.path + (f"?{u.query}" if u.query else "")


def get_feed(srv, path):
    status, h, body = Client(srv).get(path)
    assert status == 200, (path, status, body[:300])
    assert h["content-type"] == "application/atom+xml; charset=utf-8", path
    root = ET.fromstring(body)  # well formed for a strict parser, not only a lenient one
    feed = feedparser.parse(body)
    assert not feed.bozo, (path, feed.get("bozo_exception"))
    assert feed.version == "atom10", path
    return body, root, feed


UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def check_feed(srv, path, *, newest_first=True):
    """Everything RFC 4287 and our rules ask of a feed and each entry;
    returns (feed, {link: id})."""
    body, root, feed = get_feed(srv, path)
    text = body.decode("utf-8")
    assert feed.feed.id == f"{srv.base}{path}"
    links = {(l.rel, l.type): l.href for l in feed.feed.links}
    assert links[("self", "application/atom+xml")] == f"{srv.base}{path}"
    assert Client(srv).get(path_of(links[("alternate", "text/html")]))[0] == 200
    assert feed.feed.get("author"), path
    assert UTC.match(root.find(f"{ATOM}updated").text), path
    updated = []
    ids = {}
    seen_paths = set()
    for e, x in zip(feed.entries, root.iter(f"{ATOM}entry")):
        assert e.title.strip(), (path, e)
        assert e.id.startswith("tag:127.0.0.1,") and e.id not in ids.values(), (path, e.id)
        assert UTC.match(x.find(f"{ATOM}updated").text), (path, e.id)
        published = x.find(f"{ATOM}published")
        assert published is None or UTC.match(published.text)
        assert e.get("author") or feed.feed.get("author"), (path, e.id)
        assert e.link.startswith(srv.base + "/"), (path, e.link)
        p = path_of(e.link.split("#")[0])
        if p not in seen_paths:
            seen_paths.add(p)
            status, _, _ = Client(srv).get(p)
            assert status == 200, (path, e.link, status)
        # text constructs are text, or HTML whose markup is ours alone
        content = x.find(f"{ATOM}content")
        if content is not None and content.get("type") == "html":
            tags = set(re.findall(r"<\s*([a-zA-Z0-9]+)", content.text or ""))
            assert tags <= {"p", "strong"}, (path, e.id, tags)
        updated.append(x.find(f"{ATOM}updated").text)
        ids[e.link + "|" + e.title] = e.id
    if newest_first:
        assert updated == sorted(updated, reverse=True), path
    if updated:
        assert root.find(f"{ATOM}updated").text == max(updated), path
    for secret in list(HIDDEN.values()) + PERSONAL:
        assert secret not in text, (path, secret)
    assert "<script" not in text and "<img" not in text and "<b>" not in text, path
    return feed, root, ids


def program_feed(w):
    return f"/program/{w['program']}/atom"


def test_every_feed_reads_and_every_entry_holds(srv, world):
    for path in FEEDS + [program_feed(world)]:
        feed, _, _ = check_feed(srv, path, newest_first=path != "/sesi/atom")  # sessions: by start
        assert feed.entries, path


def test_an_answer_entry(srv, world):
    feed, root, _ = check_feed(srv, "/pertanyaan/atom")
    site = srv.sql("SELECT value FROM settings WHERE key = 'name'")
    assert site in feed.feed.title and feed.feed.author == site
    mine = [e for e in feed.entries if e.id.endswith(f":jawaban/{world['a']}")]
    assert len(mine) == 1
    e = mine[0]
    assert e.id == f"tag:127.0.0.1,{Y}-01-06:jawaban/{world['a']}"
    assert e.title == HOSTILE_TITLE and e.title_detail.type == "text/plain"
    # the answer on its question's page, at its canonical address
    assert e.link == f"{srv.base}{canonical(srv, '/pertanyaan/' + str(world['q']))}#jawaban-{world['a']}"
    assert e.published == e.updated == f"{Y}-01-06T03:00:00Z"
    assert e.author == srv.sql("SELECT name FROM agencies WHERE slug = 'dinkes'")
    x = [x for x in root.iter(f"{ATOM}entry") if x.find(f"{ATOM}id").text == e.id][0]
    summary = x.find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text.startswith("Terima kasih. <img src=x onerror=alert(1)> Perbaikan ]]> dijadwalkan & ")
    assert summary.text.endswith("…") and len(summary.text) <= 280
    # the content is HTML with the text escaped in it: the strict parser's
    # text is that HTML, and the hostile markup is text inside it
    content = x.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "&lt;img src=x onerror=alert(1)&gt;" in content.text
    assert "&lt;b&gt;berlubang&lt;/b&gt;" in content.text and "**" not in content.text
    assert html.unescape(re.sub(r"<[^>]+>", "", content.text)).startswith(
        "Pertanyaan: Sudah tiga bulan <b>berlubang</b> & tergenang; lihat foto.")


def test_nothing_hidden_or_held_ever_appears(srv, world):
    """A hidden answer, questions held, hidden after flags or refused: not
    in any feed (check_feed), and moderation takes an entry out at once."""
    tag = f":jawaban/{world['a']}"
    assert any(e.id.endswith(tag) for e in check_feed(srv, "/dinas/dinkes/atom")[0].entries)
    srv.sql(f"UPDATE answers SET hidden = 1 WHERE id = {world['a']}")
    try:
        for path in ("/pertanyaan/atom", "/dinas/dinkes/atom"):
            assert not any(e.id.endswith(tag) for e in check_feed(srv, path)[0].entries), path
    finally:
        srv.sql(f"UPDATE answers SET hidden = 0 WHERE id = {world['a']}")
    srv.sql(f"UPDATE questions SET listed = 0, hidden = 1 WHERE id = {world['q']}")
    try:
        assert not any(e.id.endswith(tag) for e in check_feed(srv, "/pertanyaan/atom")[0].entries)
    finally:
        srv.sql(f"UPDATE questions SET listed = 1, hidden = 0 WHERE id = {world['q']}")
    assert any(e.id.endswith(tag) for e in check_feed(srv, "/pertanyaan/atom")[0].entries)


def test_ids_stay_when_the_feed_changes(srv, world):
    _, _, before = check_feed(srv, "/pertanyaan/atom")
    qid = ask(srv, world["uid"], "Pertanyaan paling baru", "Isi.", at=f"{Y}-03-01T00:00:00Z")
    aid = answer(srv, qid, "Jawaban paling baru.", at=f"{Y}-03-02T00:00:00Z")
    feed, _, after = check_feed(srv, "/pertanyaan/atom")
    assert feed.entries[0].id == f"tag:127.0.0.1,{Y}-03-02:jawaban/{aid}"
    for key, i in after.items():
        if key in before:
            assert before[key] == i
    assert len(set(before) & set(after)) >= len(before) - 1  # one fell off the end at most
    # a department's feed is its answers only; another's answer is not in it
    other = answer(srv, qid, "Jawaban Dishub.", at=f"{Y}-03-03T00:00:00Z", agency="dishub")
    ids = [e.id for e in check_feed(srv, "/dinas/dinkes/atom")[0].entries]
    assert f"tag:127.0.0.1,{Y}-03-02:jawaban/{aid}" in ids and not any(i.endswith(f":jawaban/{other}") for i in ids)
    assert any(e.id.endswith(f":jawaban/{other}") for e in check_feed(srv, "/dinas/dishub/atom")[0].entries)


def test_the_programme_feed_has_its_reports_and_changes(srv, world):
    feed, root, _ = check_feed(srv, program_feed(world))
    title = srv.sql(f"SELECT title FROM programs WHERE id = {world['program']}")
    assert title in feed.feed.title
    assert feed.feed.author == srv.sql("SELECT name FROM agencies WHERE slug = 'dinkes'")
    report = [e for e in feed.entries if "/kabar/" in e.id][0]
    assert report.title == "Selesai <b>semua</b> & diserahterimakan 🎉"
    assert report.summary == "Progres fisik 100% · Status: Selesai"
    assert report.link.endswith("#kabar")
    change = [e for e in feed.entries if "/versi/" in e.id and e.title.startswith("Data program diubah")][0]
    assert "Status" in change.title
    assert "Status: Berjalan → Selesai" in change.content[0].value or \
        "→ Selesai" in change.content[0].value, change.content[0].value
    assert change.link.endswith("#riwayat")
    assert "Petugas Dinkes Feed" not in ET.tostring(root, encoding="unicode")  # officers are not named
    assert Client(srv).get("/program/987654321/atom")[0] == 404
    assert Client(srv).get("/dinas/tidak-ada/atom")[0] == 404


def test_the_register_feed_never_names_the_requester(srv, world):
    feed, _, _ = check_feed(srv, "/permohonan/atom")
    number = "KIP/" + world["kip"].replace("-", "/")
    e = [e for e in feed.entries if e.title.startswith(number)][0]
    assert e.title == f"{number}: Data <i>imunisasi</i> & gizi 2026"
    assert e.link == f"{srv.base}/permohonan/{world['kip']}"
    assert e.id.startswith("tag:127.0.0.1,") and e.id.endswith(f":permohonan/{world['kip']}")
    assert e.summary.startswith("Diterima · PPID: ")
    assert "Tenggat pemberitahuan" in e.summary


def test_feeds_are_kept_and_the_same_for_everyone(srv, world):
    for path in FEEDS + [program_feed(world)]:
        s1, h1, b1 = Client(srv).get(path)
        s2, h2, b2 = Client(srv).get(path, headers={"If-None-Match": h1["etag"]})
        assert s1 == 200 and s2 == 304 and not h1.get("set-cookie"), path
        assert b"csrf" not in b1


# ---- autodiscovery ----------------------------------------------------------------

def head_links(srv, path):
    status, _, body = Client(srv).get(path)
    assert status == 200, path
    return HtmlScan(body).head_links


@pytest.mark.parametrize("page,feed", [
    ("/", "/pertanyaan/atom"), ("/pertanyaan", "/pertanyaan/atom"), ("/dinas/dinkes", "/dinas/dinkes/atom"),
    ("/permohonan", "/permohonan/atom"), ("/sesi", "/sesi/atom"), ("program", "program"),
])
def test_pages_name_their_feed(srv, world, page, feed):
    if page == "program":
        page, feed = f"/program/{world['program']}", program_feed(world)
        page = Client(srv).get(page)[1]["location"]  # its canonical address
    atom = [l for l in head_links(srv, page) if l.get("type") == "application/atom+xml"]
    assert len(atom) == 1 and atom[0]["rel"] == "alternate" and atom[0]["href"] == feed, page
    assert atom[0].get("title"), page
    get_feed(srv, feed)


def oembed_link(srv, page):
    found = [l for l in head_links(srv, page) if l.get("type") == "application/json+oembed"]
    assert len(found) == 1 and found[0]["rel"] == "alternate", page
    return found[0]["href"]


def canonical(srv, path):
    status, h, _ = Client(srv).get(path)
    return h["location"] if status == 301 else path


def pages(srv, w):
    return {"question": canonical(srv, f"/pertanyaan/{w['q']}"),
            "program": canonical(srv, f"/program/{w['program']}"),
            "session": f"/sesi/{w['session']}"}


# ---- oEmbed and the cards ---------------------------------------------------------

def assert_framable(h, where):
    assert "x-frame-options" not in h, where
    assert "frame-ancestors" not in h["content-security-policy"], where
    assert "script-src 'self'" in h["content-security-policy"] and "'unsafe-inline'" not in \
        h["content-security-policy"], where


def assert_not_framable(h, where):
    assert h.get("x-frame-options") == "DENY", where
    assert "frame-ancestors 'none'" in h["content-security-policy"], where


@pytest.mark.parametrize("kind", ["question", "program", "session"])
def test_oembed_for_each_kind(srv, world, kind):
    page = pages(srv, world)[kind]
    href = oembed_link(srv, page)
    assert href == f"{srv.base}/oembed?url={urllib.parse.quote(srv.base + page, safe='')}&format=json"
    for query in ("", "&maxwidth=320&maxheight=250"):
        status, h, body = Client(srv).get(path_of(href) + query)
        assert status == 200 and h["content-type"] == "application/json; charset=utf-8", body[:300]
        assert h.get("access-control-allow-origin") == "*"  # a portal's editor may ask from its page
        o = json.loads(body)
        assert o["version"] == "1.0" and o["type"] == "rich"
        assert o["provider_name"] == srv.sql("SELECT value FROM settings WHERE key = 'name'")
        assert o["provider_url"] == srv.base + "/"
        assert isinstance(o["width"], int) and isinstance(o["height"], int)
        if query:
            assert o["width"] <= 320 and o["height"] <= 250
        assert o["author_name"] == srv.sql("SELECT name FROM agencies WHERE slug = 'dinkes'")
        assert o["author_url"] == f"{srv.base}/dinas/dinkes"
        m = re.fullmatch(r'<iframe src="([^"]+)" width="(\d+)" height="(\d+)" title="([^"]*)" '
                         r'loading="lazy" style="border:0;max-width:100%"></iframe>', o["html"])
        assert m, o["html"]
        assert (int(m.group(2)), int(m.group(3))) == (o["width"], o["height"])
        src = html.unescape(m.group(1))
        assert src.startswith(f"{srv.base}/sematkan/")
        if kind != "program":
            assert html.unescape(m.group(4)) == o["title"] == HOSTILE_TITLE
        for secret in list(HIDDEN.values()) + PERSONAL:
            assert secret not in body.decode(), secret
        # the card loads, may be framed, also when it comes from the page cache
        for _ in range(2):
            status, ch, card = Client(srv).get(path_of(src))
            assert status == 200 and ch["content-type"] == "text/html; charset=utf-8"
            assert_framable(ch, src)
        scan = HtmlScan(card)
        assert not scan.scripts and not scan.style_attrs and not scan.handler_attrs
        assert all(l["href"].startswith("/static/") or l["href"].startswith(srv.base)
                   for l in scan.head_links), scan.head_links  # nothing from anyone else
        text = card.decode()
        for secret in list(HIDDEN.values()) + PERSONAL:
            assert secret not in text, (kind, secret)
        assert f'href="{srv.base}{page}" target="_blank" rel="noopener"' in text
    if kind == "question":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script" not in text
        assert "Jawaban resmi" in text and "Rinciannya panjang" in text and HIDDEN["answer"] not in text
    if kind == "program":
        assert "<progress max=\"100\" value=\"100\"" in text and "Selesai" in text and "Pagu" in text
    if kind == "session":
        assert f"1 Februari {Y}, 09.00–10.30 WIB" in text


def test_only_the_cards_may_be_framed(srv, world):
    p = pages(srv, world)
    for path in ["/", p["question"], p["program"], p["session"], "/pertanyaan/atom", "/dinas/dinkes",
                 f"/sesi/{world['session']}/layar", "/oembed?url=" + urllib.parse.quote(srv.base + p["question"]),
                 "/sematkan/pertanyaan/987654321", f"/sematkan/pertanyaan/{world['held']}",
                 f"/pertanyaan/{world['q']}.json"]:
        status, h, _ = Client(srv).get(path)
        assert status in (200, 301, 404), (path, status)
        assert_not_framable(h, path)


def test_what_the_public_may_not_see_has_no_card(srv, world):
    for key in ("held", "flagged", "refused"):
        assert Client(srv).get(f"/sematkan/pertanyaan/{world[key]}")[0] == 404, key
        url = urllib.parse.quote(f"{srv.base}/pertanyaan/{world[key]}", safe="")
        status, _, body = Client(srv).get(f"/oembed?url={url}")
        assert status == 404 and HIDDEN[key] not in body.decode(), key
    for path in ("/sematkan/program/987654321", "/sematkan/sesi/987654321"):
        assert Client(srv).get(path)[0] == 404


def oembed_error(srv, query):
    status, h, body = Client(srv).get("/oembed?" + query)
    assert h["content-type"] == "application/json; charset=utf-8", query
    return status, json.loads(body)["error"]["message"]


def test_bad_oembed_requests_are_clear_4xx(srv, world):
    own = lambda path: urllib.parse.quote(srv.base + path, safe="")  # noqa: E731
    cases = [
        ("", 400, "parameter url"),
        ("url=", 400, "parameter url"),
        ("url=" + urllib.parse.quote(f"https://evil.example/pertanyaan/{world['q']}", safe=""), 404, "bukan halaman situs ini"),
        ("url=" + urllib.parse.quote(f"http://user@127.0.0.1:{srv.port}/pertanyaan/{world['q']}", safe=""), 404, "bukan halaman"),
        ("url=" + urllib.parse.quote(f"ftp://127.0.0.1:{srv.port}/pertanyaan/{world['q']}", safe=""), 404, "bukan halaman"),
        ("url=" + urllib.parse.quote(f"http://127.0.0.1:{srv.port + 1}/pertanyaan/{world['q']}", safe=""), 404, "bukan halaman"),
        ("url=tidak-ada-alamat", 404, "bukan halaman"),
        ("url=" + own("/dinas/dinkes"), 404, "tidak bisa disematkan"),
        ("url=" + own(f"/pertanyaan/{world['q']}/dukung"), 404, "tidak bisa disematkan"),
        ("url=" + own("/pertanyaan/987654321"), 404, "tidak ada"),
        ("url=" + own(f"/pertanyaan/{world['q']}") + "&format=xml", 501, "json"),
        ("url=" + own(f"/pertanyaan/{world['q']}") + "&maxwidth=lebar", 400, "maxwidth"),
        ("url=" + own(f"/pertanyaan/{world['q']}") + "&maxheight=-5", 400, "maxheight"),
        ("url=" + own(f"/pertanyaan/{world['q']}") + "&maxwidth=50", 404, "terlalu kecil"),
    ]
    for query, want, words in cases:
        status, message = oembed_error(srv, query)
        assert status == want and words in message, (query, status, message)
    # a page's address with its query and fragment is still that page; https too
    for url in (f"{srv.base}/pertanyaan/{world['q']}?urut=baru#jawaban",
                f"https://127.0.0.1:{srv.port}/program/{world['program']}"):
        status, _, body = Client(srv).get("/oembed?format=json&url=" + urllib.parse.quote(url, safe=""))
        assert status == 200, (url, body[:300])
