"""After a live session (issue #8, src/live/archive.c): when humas ends it
(POST /sesi/:id/status, status=selesai), every question shown in it
becomes a normal question of the session's first department, linked to
the session. Answered ones arrive answered (the short written answer, or
a sentence that it was answered live), at the moment they were answered;
the others wait in the department's queue, their clock starting at the
session's end. Questions that were refused, hidden, merged or never
approved stay behind. They are public, searchable, and made once: ending
a session again is refused and changes nothing. Both engines."""
from __future__ import annotations

import json
import re
import urllib.parse

import pytest

from accountkit import Client, create_user, mint_session
from httpkit import REPO, Server

LOCALE = json.loads((REPO / "locale" / "id.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-live-archive"), name="live-archive")
    s.start()
    yield s
    s.assert_clean_exit()


def person(srv, email, name, roles=(("warga", None),)) -> Client:
    uid = srv.sql(f"SELECT id FROM users WHERE email_key = '{email}'") or \
        str(create_user(srv, email, name, list(roles)))
    c = Client(srv)
    c.cookies["tb_sesi"] = mint_session(srv, int(uid))
    c.uid = int(uid)
    return c


def humas(srv) -> Client:
    return person(srv, "humas.arsip@example.id", "Humas Arsip", [("warga", None), ("humas", None)])


def quote(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def new_session(srv, title="Ngobrol bareng Dishub & Dinkes", agencies=("dishub", "dinkes")) -> int:
    sid = int(srv.sql(
        "INSERT INTO live_sessions (title, starts_at, ends_at, state, created_at, updated_at) VALUES "
        f"({quote(title)}, '2026-11-28T01:00:00Z', '2026-11-28T03:00:00Z', 'berlangsung', "
        "'2026-11-20T00:00:00Z', '2026-11-20T00:00:00Z') RETURNING id"))
    for pos, slug in enumerate(agencies):
        srv.sql("INSERT INTO live_session_agencies (session_id, agency_id, position) "
                f"SELECT {sid}, id, {pos} FROM agencies WHERE slug = {quote(slug)}")
    return sid


def live_question(srv, sid, body, *, user=None, name="", state="tampil", answered=False, answer=None,
                  created="2026-11-28T01:15:00Z", answered_at=None) -> int:
    return int(srv.sql(
        "INSERT INTO live_questions (session_id, user_id, participant, name, body, state, answered, "
        "answer, answered_at, created_at, updated_at) VALUES "
        f"({sid}, {user if user else 'NULL'}, {quote(f'u:{user}' if user else 'b:' + 'f' * 64)}, "
        f"{quote(name)}, {quote(body)}, {quote(state)}, {1 if answered else 0}, "
        f"{quote(answer) if answer else 'NULL'}, {quote(answered_at) if answered_at else 'NULL'}, "
        f"{quote(created)}, {quote(created)}) RETURNING id"))


def end(srv, sid, who=None):
    return (who or humas(srv)).post(f"/sesi/{sid}/status", {"status": "selesai"})


def question_id(srv, live_id) -> int | None:
    v = srv.sql(f"SELECT question_id FROM live_questions WHERE id = {live_id}")
    return int(v) if v not in ("", "None") else None


def twin(srv, qid) -> dict:
    """The question page's JSON twin, as anyone sees it."""
    c = Client(srv)
    status, h, body = c.get(f"/pertanyaan/{qid}", headers={"Accept": "application/json"})
    if status == 301:
        status, h, body = c.get(h["location"], headers={"Accept": "application/json"})
    assert status == 200, body[:300]
    return json.loads(body)["question"]


def page(srv, qid) -> str:
    c = Client(srv)
    status, h, body = c.get(f"/pertanyaan/{qid}")
    if status == 301:
        status, h, body = c.get(h["location"])
    assert status == 200
    return body.decode()


@pytest.fixture(scope="module")
def ended(srv):
    """One session with a question of each kind, ended through the web."""
    warga = person(srv, "sari.arsip@example.id", "Sari Wulandari")
    sid = new_session(srv)
    q = {
        "answered": live_question(srv, sid, "Kapan halte di Jalan Ahmad Yani diperbaiki?", user=warga.uid,
                                  name="Sari Wulandari", answered=True,
                                  answer="Pekan depan, kontraktornya sudah ditunjuk.",
                                  created="2026-11-28T01:05:00Z", answered_at="2026-11-28T01:30:00Z"),
        "live_only": live_question(srv, sid, "Berapa tarif parkir resmi di pasar Cikarang?",
                                   answered=True, created="2026-11-28T01:10:00Z",
                                   answered_at="2026-11-28T01:50:00Z"),
        "waiting": live_question(srv, sid, "Apakah ada rencana trayek angkot baru ke kawasan industri "
                                 "jababeka arsipsesi?", name="Pak Darto", created="2026-11-28T01:20:00Z"),
        "refused": live_question(srv, sid, "Pertanyaan yang ditolak", state="ditolak"),
        "hidden": live_question(srv, sid, "Pertanyaan yang disembunyikan", state="disembunyikan"),
        "pending": live_question(srv, sid, "Pertanyaan yang belum disetujui", state="menunggu"),
        "merged": live_question(srv, sid, "Pertanyaan yang digabung", state="digabung"),
    }
    status, h, body = end(srv, sid)
    assert status == 303, body[:500]
    assert h["location"].startswith(f"/sesi/{sid}/")
    return {"sid": sid, "q": q, "warga": warga}


def test_only_shown_questions_are_archived(srv, ended):
    q = ended["q"]
    for kind in ("answered", "live_only", "waiting"):
        assert question_id(srv, q[kind]) is not None, kind
    for kind in ("refused", "hidden", "pending", "merged"):
        assert question_id(srv, q[kind]) is None, kind
    assert srv.sql(f"SELECT archived_at IS NOT NULL FROM live_sessions WHERE id = {ended['sid']}") in ("1", "t", "True")
    assert srv.sql(f"SELECT state FROM live_sessions WHERE id = {ended['sid']}") == "selesai"


def test_an_answered_question_arrives_answered(srv, ended):
    sid, qid = ended["sid"], question_id(srv, ended["q"]["answered"])
    t = twin(srv, qid)
    assert t["title"] == "Kapan halte di Jalan Ahmad Yani diperbaiki?"
    assert t["agency"] == "dishub"  # the session's first department
    assert t["state"] == "dijawab"
    assert t["anonymous"] is False and t["asker_name"] == "Sari Wulandari"
    assert t["created_at"] == "2026-11-28T01:05:00Z"
    assert t["answered_at"] == "2026-11-28T01:30:00Z"
    assert [a["body"] for a in t["answers_list"]] == ["Pekan depan, kontraktornya sudah ditunjuk."]
    assert [e["kind"] for e in t["events"]] == ["diajukan", "dijawab"]
    # the body links the session, as a real link on the page
    assert f"](/sesi/{sid})" in t["body"]
    assert f'href="/sesi/{sid}"' in t["body_html"]
    html = page(srv, qid)
    assert f'href="/sesi/{sid}"' in html and "Ngobrol bareng Dishub &amp; Dinkes" in html
    # the asker follows it, as they would a question asked on the site
    assert srv.sql(f"SELECT count(*) FROM question_follows WHERE question_id = {qid} "
                   f"AND user_id = {ended['warga'].uid}") == "1"


def test_answered_live_without_words(srv, ended):
    sid, qid = ended["sid"], question_id(srv, ended["q"]["live_only"])
    t = twin(srv, qid)
    assert t["state"] == "dijawab"
    # a participant who gave no name: the shared account, name hidden
    assert t["anonymous"] is True
    assert srv.sql(f"SELECT u.email_key || '|' || coalesce(u.email, '-') || '|' || "
                   f"coalesce(u.password_hash, '-') || '|' || u.display_name FROM questions q "
                   f"JOIN users u ON u.id = q.user_id WHERE q.id = {qid}") == \
        f"live-anonymous|-|-|{LOCALE['live_archive']['asker']}"
    (answer,) = t["answers_list"]
    assert "dijawab secara langsung" in answer["body"] and f"](/sesi/{sid})" in answer["body"]
    assert answer["created_at"] == "2026-11-28T01:50:00Z"


def test_an_unanswered_question_waits_in_the_queue(srv, ended):
    sid, qid = ended["sid"], question_id(srv, ended["q"]["waiting"])
    t = twin(srv, qid)
    assert t["state"] == "terbuka" and t["answers_list"] == []
    assert t["agency"] == "dishub"
    # a participant who gave a name: shown under the shared account's name, and in the body
    assert t["anonymous"] is False
    assert t["asker_name"] == LOCALE["live_archive"]["asker"]
    assert "Ditanyakan oleh Pak Darto" in t["body"]
    # its clock starts when the session ended, not when it was asked
    archived = srv.sql(f"SELECT archived_at FROM live_sessions WHERE id = {sid}")
    assert srv.sql(f"SELECT clock_from FROM questions WHERE id = {qid}") == archived
    assert srv.sql(f"SELECT due_at FROM questions WHERE id = {qid}") > archived
    assert t["created_at"] == "2026-11-28T01:20:00Z"
    # the department's list of waiting questions has it
    status, model = Client(srv).json("/pertanyaan?dinas=dishub&status=menunggu")
    assert status == 200
    assert qid in [x["id"] for x in model["questions"]]


def test_archived_questions_are_found(srv, ended):
    qid = question_id(srv, ended["q"]["waiting"])
    status, model = Client(srv).json("/cari?q=arsipsesi")
    assert status == 200
    assert any(r.get("url", "").startswith(f"/pertanyaan/{qid}") for r in model["results"]), model["results"]


def test_ending_again_changes_nothing(srv, ended):
    totals = ("SELECT (SELECT count(*) FROM questions) || '/' || (SELECT count(*) FROM answers) || '/' || "
              "(SELECT count(*) FROM question_events) || '/' || (SELECT count(*) FROM users)")
    before = srv.sql(totals)
    status, _, _ = end(srv, ended["sid"])
    assert status == 409
    assert srv.sql(totals) == before


def test_only_moderators_end_a_session(srv):
    sid = new_session(srv, agencies=("dinkes",))
    live_question(srv, sid, "Pertanyaan yang tetap di sesi")
    warga = person(srv, "bukan.humas@example.id", "Bukan Humas")
    status, _, _ = end(srv, sid, warga)
    assert status == 403
    assert srv.sql(f"SELECT count(*) FROM live_questions WHERE session_id = {sid} "
                   "AND question_id IS NOT NULL") == "0"
    assert srv.sql(f"SELECT archived_at IS NULL FROM live_sessions WHERE id = {sid}") in ("1", "t", "True")


def test_a_question_approved_after_the_end_joins_the_archive(srv):
    sid = new_session(srv, title="Sesi yang disetujui belakangan", agencies=("dinkes",))
    late = live_question(srv, sid, "Kapan posyandu di Desa Sukamekar buka lagi setelahsesi?",
                         state="menunggu", created="2026-11-28T02:50:00Z")
    assert end(srv, sid)[0] == 303
    assert question_id(srv, late) is None  # not approved: stays behind
    status, _, body = humas(srv).post(f"/sesi/{sid}/moderasi", {"aksi": "setujui", "pertanyaan": str(late)})
    assert status == 303, body[:300]
    qid = question_id(srv, late)
    assert qid is not None
    t = twin(srv, qid)
    assert t["state"] == "terbuka" and t["agency"] == "dinkes"
    assert srv.sql(f"SELECT clock_from IS NOT NULL FROM questions WHERE id = {qid}") in ("1", "t", "True")
    # approving it once more makes nothing twice
    before = srv.sql("SELECT count(*) FROM questions")
    humas(srv).post(f"/sesi/{sid}/moderasi", {"aksi": "tampilkan", "pertanyaan": str(late)})
    assert srv.sql("SELECT count(*) FROM questions") == before
