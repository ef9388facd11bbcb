"""Live Q&A sessions: humas schedules one (bad input answered on the form),
starts and ends it; people send questions, with or without a name, and
vote once each (per account, or per browser when anonymous); the moderator
approves, rejects, hides, corrects (the original kept), merges duplicates,
pins the question being answered and marks answers; the presenter screen
and the overlay show the current question, and only the overlay may be
framed; flooding from one address gets 429; ending the session hands its
questions to the department. Both engines."""
from __future__ import annotations

import datetime as dt
import re

import pytest

import accountkit
from accountkit import Client
from httpkit import Server


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-live"), name="live", args=["--trust-proxy"])
    s.start()
    yield s
    s.assert_clean_exit()


_ips = iter(range(1, 250))


def person(srv, name: str, roles=(("warga", None),)) -> Client:
    return accountkit.person(srv, name, roles, net="10.8")


def humas(srv) -> Client:
    return person(srv, "Humas Bekasi", [("warga", None), ("humas", None)])


def browser(srv) -> Client:
    return Client(srv, ip=f"10.9.{next(_ips)}.2")


# Sessions are scheduled next year, so they are still to come whenever the
# suite runs (the list and the home page show sessions to come).
NEXT = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).year + 1
FORM = {"judul": "Tanya Jawab Jalan Rusak bersama DSDABMBK", "deskripsi": "Siaran **langsung**.",
        "mulai": f"{NEXT}-12-10T09:00", "selesai": f"{NEXT}-12-10T11:00",
        "tautan": "https://www.youtube.com/watch?v=contoh", "dinas1": "dsdabmbk", "dinas2": "",
        "dinas3": "", "anonim": "1", "pramoderasi": "1"}


def schedule(srv, **change) -> int:
    status, headers, body = humas(srv).post("/sesi/baru", {**FORM, **change})
    assert status == 303, body[:300]
    return int(re.match(r"/sesi/(\d+)/", headers["location"]).group(1))


def model(srv, sid: int, c: Client | None = None) -> dict:
    status, m = (c or browser(srv)).json(f"/sesi/{sid}")
    assert status == 200, m
    return m


def moderate(srv, sid: int, **fields):
    return humas(srv).post(f"/sesi/{sid}/moderasi", {k: str(v) for k, v in fields.items()})


def ask(c: Client, sid: int, text: str, name: str = ""):
    return c.post(f"/sesi/{sid}/tanya", {"isi": text, "nama": name})


def test_scheduling_and_the_list(srv):
    sid = schedule(srv)
    row = srv.sql(f"SELECT starts_at || '|' || state FROM live_sessions WHERE id = {sid}")
    assert row == f"{NEXT}-12-10T02:00:00Z|terjadwal"  # 09.00 WIB
    status, m = browser(srv).json("/sesi")
    assert status == 200 and sid in [s["id"] for s in m["upcoming"]]
    s = model(srv, sid)["session"]
    assert s["starts_label"] == f"10 Desember {NEXT}, 09.00 WIB" and s["agencies"][0]["slug"] == "dsdabmbk"
    assert "<strong>langsung</strong>" in s["description_html"]


@pytest.mark.parametrize("change, field", [
    ({"judul": ""}, "judul"),
    ({"mulai": "kemarin"}, "mulai"),
    ({"selesai": f"{NEXT}-12-10T08:00"}, "selesai"),
    ({"tautan": "javascript:alert(1)"}, "tautan"),
    ({"dinas1": "tidak-ada"}, "dinas1"),
    ({"dinas1": ""}, "dinas1"),
])
def test_bad_schedules_are_answered_on_the_form(srv, change, field):
    before = srv.sql("SELECT count(*) FROM live_sessions")
    status, _, m = humas(srv).post_json("/sesi/baru", {**FORM, **change})
    assert status == 422 and field in m["form"]["error"], m["form"]["error"]
    assert m["form"]["values"]["deskripsi"] == FORM["deskripsi"]
    assert srv.sql("SELECT count(*) FROM live_sessions") == before


def test_only_humas_schedules_and_moderates(srv):
    sid = schedule(srv)
    warga = person(srv, "Warga Biasa")
    assert warga.post("/sesi/baru", FORM)[0] == 403
    assert warga.get(f"/sesi/{sid}/moderasi")[0] == 403
    assert warga.post(f"/sesi/{sid}/status", {"status": "berlangsung"})[0] == 403


def test_questions_wait_for_the_moderator_then_show(srv):
    sid = schedule(srv)
    anon = browser(srv)
    assert ask(anon, sid, "Kapan jalan Cibarusah diperbaiki?", "Ani")[0] == 303
    assert model(srv, sid)["questions"] == []  # premoderated
    qid = int(srv.sql(f"SELECT id FROM live_questions WHERE session_id = {sid}"))
    assert moderate(srv, sid, aksi="setujui", pertanyaan=qid)[0] == 303
    q = model(srv, sid)["questions"][0]
    assert q["body"] == "Kapan jalan Cibarusah diperbaiki?" and q["name"] == "Ani" and "participant" not in q
    # empty question: answered on the form, the page still serving
    status, _, m = anon.post_json(f"/sesi/{sid}/tanya", {"isi": "  ", "nama": ""})
    assert status == 422 and m["form"]["error"]["isi"] == "Tulis pertanyaan Anda."


def test_without_premoderation_questions_show_at_once(srv):
    sid = schedule(srv, pramoderasi="")
    assert ask(browser(srv), sid, "Berapa anggaran perbaikan jalan tahun ini?")[0] == 303
    assert model(srv, sid)["questions"][0]["name"] == "Peserta"


def test_anonymous_questions_need_an_account_when_the_session_says_so(srv):
    sid = schedule(srv, anonim="", pramoderasi="")
    status, _, m = browser(srv).post_json(f"/sesi/{sid}/tanya", {"isi": "Boleh tanya?", "nama": ""})
    assert status == 422 and "Masuk" in m["form"]["error"]["isi"]
    assert ask(person(srv, "Warga Bernama"), sid, "Boleh tanya?")[0] == 303
    assert model(srv, sid)["questions"][0]["name"] == "Warga Bernama"


def test_one_vote_per_person_and_per_browser(srv):
    sid = schedule(srv, pramoderasi="")
    ask(browser(srv), sid, "Kapan lampu jalan dipasang?")
    qid = model(srv, sid)["questions"][0]["id"]
    anon, warga = browser(srv), person(srv, "Pemilih Setia")
    anon.get(f"/sesi/{sid}")  # the browser key comes with the page
    for voter in (anon, anon, warga, warga):
        assert voter.post(f"/sesi/{sid}/dukung", {"pertanyaan": str(qid)})[0] == 303
    assert model(srv, sid)["questions"][0]["votes"] == 2
    assert model(srv, sid, anon)["questions"][0]["voted"] is True


def test_the_moderators_decisions(srv):
    sid = schedule(srv, pramoderasi="")
    for text in ("Kapan jalan diperbaiiki?", "Kapan jalannya diperbaiki?", "Spam spam spam"):
        ask(browser(srv), sid, text)
    ids = {q["body"]: q["id"] for q in model(srv, sid)["questions"]}
    a, b, spam = ids["Kapan jalan diperbaiiki?"], ids["Kapan jalannya diperbaiki?"], ids["Spam spam spam"]
    assert moderate(srv, sid, aksi="ubah", pertanyaan=a, isi="Kapan jalan diperbaiki?")[0] == 303
    assert srv.sql(f"SELECT original_body FROM live_questions WHERE id = {a}") == "Kapan jalan diperbaiiki?"
    v = browser(srv)
    v.get(f"/sesi/{sid}")
    v.post(f"/sesi/{sid}/dukung", {"pertanyaan": str(b)})
    assert moderate(srv, sid, aksi="gabung", pertanyaan=b, ke=a)[0] == 303
    assert moderate(srv, sid, aksi="sembunyikan", pertanyaan=spam)[0] == 303
    qs = model(srv, sid)["questions"]
    assert [(q["id"], q["body"], q["votes"]) for q in qs] == [(a, "Kapan jalan diperbaiki?", 1)]
    assert moderate(srv, sid, aksi="sematkan", pertanyaan=a)[0] == 303
    m = model(srv, sid)
    assert m["current"]["id"] == a
    for page in ("layar", "overlay"):
        status, _, html = browser(srv).get(f"/sesi/{sid}/{page}")
        assert status == 200 and "Kapan jalan diperbaiki?" in html.decode()
    assert moderate(srv, sid, aksi="jawab", pertanyaan=a, isi="Pekan depan dimulai.")[0] == 303
    m = model(srv, sid)
    assert m["answered"][0]["answer"] == "Pekan depan dimulai." and m["questions"] == []
    # decisions that do not apply, or are incomplete
    assert moderate(srv, sid, aksi="sematkan", pertanyaan=spam)[0] == 409
    assert moderate(srv, sid, aksi="gabung", pertanyaan=a)[0] == 422
    assert moderate(srv, sid, aksi="terbang", pertanyaan=a)[0] == 409
    events = srv.sql(f"SELECT kind FROM live_events WHERE session_id = {sid} ORDER BY id").split()
    assert events[:3] == ["question", "question", "question"] and "current" in events and "answered" in events


def test_only_the_overlay_may_be_framed(srv):
    sid = schedule(srv)
    _, page, _ = browser(srv).get(f"/sesi/{sid}")
    _, overlay, html = browser(srv).get(f"/sesi/{sid}/overlay")
    assert page.get("x-frame-options") == "DENY" and "frame-ancestors 'none'" in page["content-security-policy"]
    assert "x-frame-options" not in overlay and "frame-ancestors 'none'" not in overlay["content-security-policy"]
    assert 'class="masthead"' not in html.decode()  # bare: the question only


def test_flooding_from_one_address_is_refused(srv):
    sid = schedule(srv, pramoderasi="")
    ask(browser(srv), sid, "Pertanyaan yang didukung berkali-kali?")
    qid = model(srv, sid)["questions"][0]["id"]
    flood = Client(srv, ip="10.66.6.6")
    statuses = [flood.post(f"/sesi/{sid}/dukung", {"pertanyaan": str(qid)})[0] for _ in range(605)]
    assert 429 in statuses and statuses[0] == 303
    assert model(srv, sid)["questions"][0]["votes"] == 1  # and one browser, one vote
    srv.assert_serving()
    assert browser(srv).get(f"/sesi/{sid}")[0] == 200  # the session stays usable for others


def test_states_move_forward_only(srv):
    sid = schedule(srv)
    h = humas(srv)
    assert h.post(f"/sesi/{sid}/status", {"status": "berlangsung"})[0] == 303
    assert h.post(f"/sesi/{sid}/status", {"status": "berlangsung"})[0] == 409
    assert h.post(f"/sesi/{sid}/status", {"status": "entah"})[0] == 422
    assert model(srv, sid)["session"]["state"] == "berlangsung"


def test_ending_hands_the_questions_to_the_department(srv):
    sid = schedule(srv, pramoderasi="")
    for text in ("Apakah trotoar di Jalan Raya Setu akan dilebarkan?", "Kapan jembatan Desa Lenggahjaya selesai?"):
        ask(browser(srv), sid, text, "Budi")
    ids = {q["body"]: q["id"] for q in model(srv, sid)["questions"]}
    moderate(srv, sid, aksi="jawab", pertanyaan=ids["Kapan jembatan Desa Lenggahjaya selesai?"],
             isi="Akhir bulan ini.")
    assert humas(srv).post(f"/sesi/{sid}/status", {"status": "selesai"})[0] == 303
    rows = srv.sql(f"SELECT q.state || '|' || q.agency_id || '|' || q.answers FROM live_questions l "
                   f"JOIN questions q ON q.id = l.question_id WHERE l.session_id = {sid} ORDER BY l.id").split()
    agency = srv.sql("SELECT id FROM agencies WHERE slug = 'dsdabmbk'")
    assert rows == [f"terbuka|{agency}|0", f"dijawab|{agency}|1"]
    assert srv.sql(f"SELECT archived_at IS NOT NULL FROM live_sessions WHERE id = {sid}") in ("1", "t")
    # the archive: each question links to the department's question it became
    m = model(srv, sid)
    assert all(q["question_url"].startswith("/pertanyaan/") for q in m["answered"] + m["questions"])
    # no more questions once it is over
    status, _, m = browser(srv).post_json(f"/sesi/{sid}/tanya", {"isi": "Masih bisa?", "nama": ""})
    assert status == 422


def read_events(sock, want: int, timeout: float = 5.0) -> list[tuple[int, str, dict]]:
    """(id, event, data) of the first `want` events on an open stream."""
    import json as _json
    import socket
    import time
    sock.settimeout(0.2)
    data, events, deadline = b"", [], time.monotonic() + timeout
    while len(events) < want and time.monotonic() < deadline:
        try:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        except socket.timeout:
            continue
        while b"\n\n" in data:
            block, data = data.split(b"\n\n", 1)
            fields = dict(line.split(": ", 1) for line in block.decode().split("\n")
                          if ": " in line and not line.startswith(":"))
            if "event" in fields:
                events.append((int(fields.get("id", 0)), fields["event"], _json.loads(fields["data"])))
    return events


def open_stream(srv, sid: int, last: int | None = None):
    import socket
    s = socket.create_connection(("127.0.0.1", srv.port))
    extra = f"Last-Event-ID: {last}\r\n" if last is not None else ""
    s.sendall(f"GET /sesi/{sid}/aliran HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n{extra}\r\n".encode())
    return s


def test_every_view_hears_changes_and_a_reconnect_misses_nothing(srv):
    sid = schedule(srv, pramoderasi="")
    s = open_stream(srv, sid)
    try:
        head = s.recv(4096).decode()
        assert head.startswith("HTTP/1.1 200") and "text/event-stream" in head
        ask(browser(srv), sid, "Pertanyaan pertama lewat aliran?")
        (first_id, kind, data), = read_events(s, 1)
        assert kind == "question" and data["body"] == "Pertanyaan pertama lewat aliran?"
        assert "participant" not in data
    finally:
        s.close()
    # while nobody listens: a vote and a pin
    v = browser(srv)
    v.get(f"/sesi/{sid}")
    v.post(f"/sesi/{sid}/dukung", {"pertanyaan": str(data["id"])})
    moderate(srv, sid, aksi="sematkan", pertanyaan=data["id"])
    s = open_stream(srv, sid, last=first_id)
    try:
        missed = read_events(s, 2)
        assert [k for _, k, _ in missed] == ["vote", "current"] and missed[0][2]["votes"] == 1
        assert all(i > first_id for i, _, _ in missed)
    finally:
        s.close()
    assert browser(srv).get("/sesi/987654321/aliran")[0] == 404


def test_the_session_pages_name_their_feed(srv):
    sid = schedule(srv)
    for path in ("/sesi", f"/sesi/{sid}"):
        _, _, html = browser(srv).get(path)
        assert '<link rel="alternate" type="application/atom+xml"' in html.decode() and 'href="/sesi/atom"' in html.decode()


def test_the_home_page_announces_sessions(srv):
    # the soonest of the sessions to come: the home page shows three
    sid = schedule(srv, judul="Sesi Pengumuman di Beranda", mulai=f"{NEXT}-01-05T08:00", selesai=f"{NEXT}-01-05T09:00")
    status, m = browser(srv).json("/")
    assert status == 200 and sid in [x["id"] for x in m["sessions"]]
