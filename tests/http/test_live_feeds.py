"""The live sessions for other programs (src/live/feeds.c): the Atom feed
GET /sesi/atom (RFC 4287) read by a real feed parser (Debian's
python3-feedparser) and a strict XML parser, and one session's calendar
GET /sesi/:id/kalender.ics (RFC 5545) read by python3-icalendar and
checked line by line (CRLF, folding at 75 octets without splitting a
UTF-8 character). Sessions are written straight into the database, as
an operator or another node would, with text that tries to break both
formats: markup, ampersands, commas, semicolons, backslashes, line
breaks, accents and emoji. Runs on both engines."""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import feedparser
import icalendar
import pytest

from accountkit import Client

ATOM = "{http://www.w3.org/2005/Atom}"

HOSTILE_TITLE = "Tanya <script>alert(1)</script> & Jawab: \"Jalan\" 'Rusak' ]]> é 🎉"
DESCRIPTION = ("Warga bertanya, dinas menjawab; langsung.\n"
               "Baris kedua dengan garis miring \\ terbalik, koma, titik-koma;\n"
               "Kafé, sekolah 🏫 dan jembatan — " + "panjang " * 30 + "selesai.")


def utc(s: str) -> dt.datetime:
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def add_session(srv, title, starts, ends, description="", stream="", agencies=("dinkes",),
                created="2026-11-20T01:00:00Z", updated="2026-11-21T02:30:00Z") -> int:
    sid = int(srv.sql(
        "INSERT INTO live_sessions (title, description, starts_at, ends_at, stream_url, created_at, "
        f"updated_at) VALUES ({quote(title)}, {quote(description)}, {quote(starts)}, {quote(ends)}, "
        f"{quote(stream)}, {quote(created)}, {quote(updated)}) RETURNING id"))
    for pos, slug in enumerate(agencies):
        srv.sql("INSERT INTO live_session_agencies (session_id, agency_id, position) "
                f"SELECT {sid}, id, {pos} FROM agencies WHERE slug = {quote(slug)}")
    return sid


def agency_name(srv, slug) -> str:
    return srv.sql(f"SELECT name FROM agencies WHERE slug = {quote(slug)}")


@pytest.fixture(scope="module")
def sessions(server):
    """Two sessions of this module: a hostile one and a plain one that
    starts later (so it comes first in the feed)."""
    hostile = add_session(server, HOSTILE_TITLE, "2026-12-01T02:00:00Z", "2026-12-01T03:30:00Z",
                          DESCRIPTION, "https://www.youtube.com/live/abc?si=x,y;z",
                          agencies=("dinkes", "dishub"))
    plain = add_session(server, "Sesi kedua", "2026-12-10T17:30:00Z", "2026-12-11T18:00:00Z",
                        created="2026-11-22T00:00:00Z", updated="2026-11-22T00:00:00Z")
    return {"hostile": hostile, "plain": plain}


def fetch(server, path, headers=None):
    return Client(server).get(path, headers=headers)


# ---- Atom -------------------------------------------------------------------

def test_the_feed_is_atom_that_a_feed_reader_reads(server, sessions):
    status, h, body = fetch(server, "/sesi/atom")
    assert status == 200
    assert h["content-type"] == "application/atom+xml; charset=utf-8"
    assert b"<script>" not in body  # escaped, never markup
    ET.fromstring(body)  # well-formed for a strict parser, not only a lenient one
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    site = server.sql("SELECT value FROM settings WHERE key = 'name'") or "terbuka"
    assert site in feed.feed.title
    assert feed.feed.author == site
    assert feed.feed.id == f"{server.base}/sesi/atom"
    links = {(l.rel, l.type): l.href for l in feed.feed.links}
    assert links[("self", "application/atom+xml")] == f"{server.base}/sesi/atom"
    assert links[("alternate", "text/html")] == f"{server.base}/sesi"
    # the feed changed when its latest-changed session did
    assert feed.feed.updated >= "2026-11-22T00:00:00Z"

    mine = {e.link: e for e in feed.entries}
    e = mine[f"{server.base}/sesi/{sessions['hostile']}"]
    assert e.title == HOSTILE_TITLE
    assert e.title_detail.type == "text/plain"
    assert e.id == f"tag:127.0.0.1,2026-11-20:sesi/{sessions['hostile']}"
    assert e.published == "2026-11-20T01:00:00Z"
    assert e.updated == "2026-11-21T02:30:00Z"
    assert e.summary == (f"{agency_name(server, 'dinkes')}, {agency_name(server, 'dishub')} · "
                         "1 Desember 2026, 09.00–10.30 WIB")
    assert e.content[0].value == DESCRIPTION
    assert e.content[0].type == "text/plain"
    links = {(l.rel, l.type): l.href for l in e.links}
    assert links[("alternate", "text/html")] == f"{server.base}/sesi/{sessions['hostile']}"
    assert links[("related", "text/calendar")] == \
        f"{server.base}/sesi/{sessions['hostile']}/kalender.ics"

    # a session over two WIB days shows both moments; no description, no content
    p = mine[f"{server.base}/sesi/{sessions['plain']}"]
    assert p.summary == (f"{agency_name(server, 'dinkes')} · "
                         "11 Desember 2026, 00.30 WIB – 12 Desember 2026, 01.00 WIB")
    assert "content" not in p


def test_the_feed_is_latest_start_first(server, sessions):
    _, _, body = fetch(server, "/sesi/atom")
    root = ET.fromstring(body)
    ids = [int(x.find(f"{ATOM}link[@rel='alternate']").get("href").rsplit("/", 1)[1])
           for x in root.iter(f"{ATOM}entry")]
    starts = [server.sql(f"SELECT starts_at FROM live_sessions WHERE id = {i}") for i in ids]
    assert starts == sorted(starts, reverse=True)
    assert ids.index(sessions["plain"]) < ids.index(sessions["hostile"])


def test_the_feed_is_kept_until_a_session_changes(server, sessions):
    s1, h1, b1 = fetch(server, "/sesi/atom")
    s2, h2, b2 = fetch(server, "/sesi/atom")
    assert s1 == s2 == 200 and b1 == b2 and h2["etag"] == h1["etag"]
    status, _, body = fetch(server, "/sesi/atom", headers={"If-None-Match": h2["etag"]})
    assert status == 304 and body == b""
    server.sql(f"UPDATE live_sessions SET title = 'Judul baru & lebih jelas', "
               f"updated_at = '2026-11-25T00:00:00Z' WHERE id = {sessions['plain']}")
    status, h, body = fetch(server, "/sesi/atom", headers={"If-None-Match": h2["etag"]})
    assert status == 200 and h["etag"] != h2["etag"]
    feed = feedparser.parse(body)
    titles = [e.title for e in feed.entries]
    assert "Judul baru & lebih jelas" in titles
    server.sql(f"UPDATE live_sessions SET title = 'Sesi kedua', updated_at = '2026-11-22T00:00:00Z' "
               f"WHERE id = {sessions['plain']}")


def test_the_feed_is_the_same_for_everyone(server, sessions):
    # nothing of the visitor in it: no cookie set, no form token
    status, h, body = fetch(server, "/sesi/atom")
    assert status == 200 and not h["set-cookie"]
    assert b"csrf" not in body


# ---- iCalendar ----------------------------------------------------------------

def physical_lines(body: bytes) -> list[bytes]:
    assert body.endswith(b"\r\n")
    lines = body[:-2].split(b"\r\n")
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, line  # CRLF only
        assert len(line) <= 75, (len(line), line)
        line.decode("utf-8")  # no character split across a fold
    return lines


def test_a_session_is_a_calendar_event(server, sessions):
    sid = sessions["hostile"]
    status, h, body = fetch(server, f"/sesi/{sid}/kalender.ics")
    assert status == 200
    assert h["content-type"] == "text/calendar; charset=utf-8"
    assert h["content-disposition"] == f'attachment; filename="sesi-{sid}.ics"'
    lines = physical_lines(body)
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    assert any(line.startswith(b" ") for line in lines)  # the long description is folded
    assert b"DTSTART:20261201T020000Z" in lines and b"DTEND:20261201T033000Z" in lines

    cal = icalendar.Calendar.from_ical(body)
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    ev = events[0]
    assert str(ev["UID"]) == f"sesi-{sid}@127.0.0.1"
    assert ev.decoded("DTSTART") == utc("2026-12-01T02:00:00Z")
    assert ev.decoded("DTEND") == utc("2026-12-01T03:30:00Z")
    assert ev.decoded("DTSTAMP") == utc("2026-11-21T02:30:00Z")
    assert ev.decoded("LAST-MODIFIED") == utc("2026-11-21T02:30:00Z")
    assert ev.decoded("CREATED") == utc("2026-11-20T01:00:00Z")
    assert str(ev["SUMMARY"]) == HOSTILE_TITLE
    url = f"{server.base}/sesi/{sid}"
    assert str(ev["URL"]) == url
    assert str(ev["LOCATION"]) == "https://www.youtube.com/live/abc?si=x,y;z"
    assert str(ev["DESCRIPTION"]) == (
        f"{DESCRIPTION}\n\nPerangkat daerah yang menjawab: "
        f"{agency_name(server, 'dinkes')}, {agency_name(server, 'dishub')}\n{url}")
    # the escapes as RFC 5545 writes them, before any parser is kind to us
    unfolded = body.replace(b"\r\n ", b"").decode("utf-8")
    assert "SUMMARY:Tanya <script>alert(1)</script> & Jawab: \"Jalan\" 'Rusak' ]]> é 🎉\r\n" in unfolded
    assert "DESCRIPTION:Warga bertanya\\, dinas menjawab\\; langsung.\\nBaris kedua dengan " \
           "garis miring \\\\ terbalik\\, koma\\, titik-koma\\;\\nKafé\\, sekolah 🏫" in unfolded
    assert "LOCATION:https://www.youtube.com/live/abc?si=x\\,y\\;z\r\n" in unfolded


def test_a_session_without_a_stream_has_no_location(server, sessions):
    status, _, body = fetch(server, f"/sesi/{sessions['plain']}/kalender.ics")
    assert status == 200
    physical_lines(body)
    ev = list(icalendar.Calendar.from_ical(body).walk("VEVENT"))[0]
    assert "LOCATION" not in ev
    assert ev.decoded("DTSTART") == utc("2026-12-10T17:30:00Z")
    assert str(ev["DESCRIPTION"]) == (f"Perangkat daerah yang menjawab: {agency_name(server, 'dinkes')}"
                                      f"\n{server.base}/sesi/{sessions['plain']}")


def test_no_such_session_has_no_calendar(server, sessions):
    status, h, _ = fetch(server, "/sesi/987654321/kalender.ics")
    assert status == 404
    assert h["content-type"].startswith("text/html")
    status, _, _ = fetch(server, "/sesi/0/kalender.ics")
    assert status == 404
