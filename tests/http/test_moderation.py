"""Moderation of questions and answers (issue #7): the humas queue (held
questions, personal data, unrouted ones, hidden content with its flags),
approving, refusing for each reason, closing as a duplicate, routing to a
department, flags from signed-in people hiding a question or an answer past
the threshold and a moderator showing it again, the audit log, the two
settings, and every decision that does not apply or a bad input answered
409 or 422 with nothing written. Both engines (TERBUKA_TEST_PG_DIR)."""
from __future__ import annotations

import json
import re
import time
import urllib.parse

import pytest

import accountkit
from accountkit import Client
from httpkit import REPO, Server

LOCALE = json.loads((REPO / "locale" / "id.json").read_text(encoding="utf-8"))
M = LOCALE["moderation"]


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-moderation"), name="moderation", args=["--trust-proxy"])
    s.start()
    s.sql("INSERT INTO settings (key, value) VALUES ('questions.premoderation', '1')")
    yield s
    s.assert_clean_exit()


def person(srv, name: str, roles=(("warga", None),)) -> Client:
    return accountkit.person(srv, name, roles, net="10.6")


def humas(srv) -> Client:
    return person(srv, "Humas Pemkab", [("warga", None), ("humas", None)])


def admin(srv) -> Client:
    return person(srv, "Admin Situs", [("warga", None), ("admin", None)])


def officer(srv, agency: str) -> Client:
    return person(srv, f"Petugas {agency}", [("warga", None), ("petugas", agency)])


def setting(srv, premoderation: bool):
    srv.sql(f"UPDATE settings SET value = '{1 if premoderation else 0}' WHERE key = 'questions.premoderation'")


def asked(c: Client, title: str, body="Mohon penjelasannya.", agency="dinkes", **more) -> int:
    fields = {"judul": title, "isi": body, "dinas": agency, "kecamatan": "",
              "kunci": f"k{time.time_ns()}", "periksa": "1", **more}
    status, headers, body = c.post("/tanya", fields)
    assert status == 303, body[:1000]
    m = re.match(r"/pertanyaan/(\d+)", headers["location"])
    assert m, headers["location"]
    return int(m.group(1))


def published(srv, c: Client, title: str, **kw) -> int:
    """A question the public sees (asked with pre-moderation off)."""
    setting(srv, False)
    try:
        qid = asked(c, title, **kw)
    finally:
        setting(srv, True)
    assert row(srv, qid, "state") == "terbuka"
    return qid


def row(srv, qid: int, column: str) -> str:
    return srv.sql(f"SELECT {column} FROM questions WHERE id = {qid}")


def page(srv, qid: int, c: Client | None = None) -> tuple[int, dict]:
    """The question page's model as c (anonymous by default) gets it."""
    c = c or Client(srv)
    status, headers, _ = c.get(f"/pertanyaan/{qid}")
    if status != 301:
        return status, {}
    status, model = c.json(headers["location"].split("?")[0])
    return status, model.get("question", model)


def listed_ids(srv) -> set[int]:
    ids, path = set(), "/pertanyaan"
    while path:
        status, m = Client(srv).json(path)
        assert status == 200
        ids |= {q["id"] for q in m["questions"]}
        path = m.get("next")
    return ids


def found(srv, word: str) -> list[str]:
    status, m = Client(srv).json("/cari.json?q=" + urllib.parse.quote(word))
    assert status == 200, m
    return [r["url"] for r in m["results"]]


def queue(c: Client) -> dict:
    status, m = c.json("/moderasi")
    assert status == 200, m
    return m


def in_queue(m: dict, section: str) -> dict[int, dict]:
    return {x["id"]: x for x in m[section]}


def decide(c: Client, path: str, fields=None, as_json=True):
    if as_json:
        return c.post_json(path, fields or {})
    return c.post(path, fields or {})


def log_rows(c: Client) -> list[dict]:
    status, m = c.json("/moderasi/log")
    assert status == 200, m
    return m["entries"]


def events(srv, qid: int) -> list[str]:
    return srv.sql(f"SELECT kind FROM question_events WHERE question_id = {qid} ORDER BY id").split("\n")


# ---- the queue ----------------------------------------------------------------------

def test_queue_shows_held_and_personal_data_with_the_asker(srv):
    warga = person(srv, "Sri Rahasia")
    held = asked(warga, "Kapan puskesmas keliling datang ke Desa Jayamukti?", anonim="1")
    personal = asked(warga, "Mengapa KTP saya belum jadi juga?", body="Hubungi saya di 0812-3456-7890.",
                     agency="disdukcapil")
    m = queue(humas(srv))
    items = in_queue(m, "held")
    assert items[held]["hold_reason"] == "pramoderasi" and not items[held]["personal"]
    assert items[held]["asker_name"] == "Sri Rahasia" and items[held]["anonymous"]
    assert items[personal]["hold_reason"] == "data_pribadi" and items[personal]["personal"]
    assert items[personal]["personal_label"] == "nomor telepon"
    assert m["counts"]["held"] >= 2 and m["settings"] == {"premoderation": True, "flag_threshold": 3}
    status, _, html = humas(srv).get("/moderasi")
    text = html.decode()
    assert status == 200 and "Sri Rahasia" in text and M["personal_warning"] in text
    assert f'action="/moderasi/{held}/setujui"' in text and f'action="/moderasi/{held}/tolak"' in text
    assert '<a href="/moderasi" aria-current="page">' in text  # the masthead's link
    assert 'href="/moderasi"' not in warga.get("/pertanyaan")[2].decode()
    # the public sees neither, and nobody but moderators sees the hidden name
    assert page(srv, held)[0] == 404 and page(srv, personal)[0] == 404
    assert held not in listed_ids(srv)
    _, q = page(srv, held, warga)
    assert q["state"] == "moderasi" and q["moderation_notice"] == M["notice_held"]
    assert "moderation" not in q and not q["can_flag"]
    _, q = page(srv, held, humas(srv))
    assert q["asker_name"] == "Warga (nama disembunyikan)"
    assert q["moderation"]["asker_name"] == "Sri Rahasia" and q["moderation"]["can_approve"]


def test_approving_publishes_and_indexes(srv):
    warga = person(srv, "Penanya Sabar")
    qid = asked(warga, "Kapan jembatan gantung Kaliabang zebrakuning diperbaiki?", agency="dsdabmbk")
    assert found(srv, "zebrakuning") == []
    mod = humas(srv)
    status, headers, _ = decide(mod, f"/moderasi/{qid}/setujui", as_json=False)
    assert status == 303 and headers["location"] == "/moderasi?pesan=moderasi_disetujui"
    assert row(srv, qid, "state || '|' || listed") == "terbuka|1"
    assert row(srv, qid, "due_at") != ""  # its clock runs
    assert qid in listed_ids(srv)
    assert any(u.startswith(f"/pertanyaan/{qid}-") for u in found(srv, "zebrakuning"))
    assert page(srv, qid)[1]["events"][-1]["kind"] == "disetujui"
    entry = log_rows(mod)[0]
    assert entry["action"] == "setujui" and entry["question_id"] == qid and entry["by_name"] == "Humas Pemkab"
    # a second approval no longer applies: 409, nothing written
    before = srv.sql("SELECT count(*) FROM moderation_log")
    status, _, m = decide(mod, f"/moderasi/{qid}/setujui")
    assert status == 409 and m["form"]["error"]["keputusan"] == M["not_held"]
    assert srv.sql("SELECT count(*) FROM moderation_log") == before
    status, _, html = decide(mod, f"/moderasi/{qid}/setujui", as_json=False)
    assert status == 409 and M["not_held"] in html.decode()


@pytest.mark.parametrize("reason", ["spam", "sara", "data_pribadi", "bukan_pertanyaan"])
def test_refusing_for_each_reason(srv, reason):
    warga = person(srv, f"Penanya {reason}")
    qid = asked(warga, f"Pertanyaan yang akan ditolak karena {reason} ya?")
    mod = humas(srv)
    status, headers, _ = decide(mod, f"/moderasi/{qid}/tolak", {"alasan": reason, "catatan": "Mohon tanya lagi."},
                                as_json=False)
    assert status == 303 and "pesan=moderasi_ditolak" in headers["location"]
    assert row(srv, qid, "state || '|' || close_reason || '|' || listed") == f"ditolak|{reason}|0"
    assert page(srv, qid)[0] == 404 and qid not in listed_ids(srv)
    # the asker reads why, with the moderator's note
    _, q = page(srv, qid, warga)
    label = LOCALE["question_reason"][reason]
    assert q["moderation_notice"] == M["notice_rejected"].replace("{alasan}", label)
    last = q["events"][-1]
    assert last["kind"] == "ditolak" and last["reason_label"] == label and "Mohon tanya lagi." in last["body_html"]
    entry = log_rows(mod)[0]
    assert (entry["action"], entry["reason"], entry["note"]) == ("tolak", reason, "Mohon tanya lagi.")
    # refused once is refused: 409
    status, _, m = decide(mod, f"/moderasi/{qid}/tolak", {"alasan": "spam"})
    assert status == 409 and m["form"]["error"]["keputusan"] == M["already_rejected"]


def test_a_duplicate_links_to_the_original_and_closes(srv):
    a, b = person(srv, "Penanya Asli"), person(srv, "Penanya Kembar")
    original = published(srv, a, "Kapan pasar murah sembako diadakan di Cikarang?")
    twin = published(srv, b, "Kapan ada pasar murah sembako di Cikarang lagi?")
    mod = humas(srv)
    status, _, _ = decide(mod, f"/moderasi/{twin}/tolak",
                          {"alasan": "duplikat", "asli": f"https://contoh.id/pertanyaan/{original}-kapan-pasar"},
                          as_json=False)
    assert status == 303
    assert row(srv, twin, "state || '|' || close_reason || '|' || duplicate_of || '|' || listed") == \
        f"ditutup|duplikat|{original}|1"
    _, q = page(srv, twin)  # still public, closed, pointing to the original
    assert q["state"] == "ditutup" and q["duplicate_url"].startswith(f"/pertanyaan/{original}-")
    assert q["events"][-1]["kind"] == "ditutup" and q["events"][-1]["reason"] == "duplikat"
    assert log_rows(mod)[0]["action"] == "tutup_duplikat"
    # a held duplicate is refused, and still points to the original
    held = asked(b, "Pasar murah sembako Cikarang kapan ya?")
    assert decide(mod, f"/moderasi/{held}/tolak", {"alasan": "duplikat", "asli": str(original)})[0] == 303
    assert row(srv, held, "state || '|' || duplicate_of || '|' || listed") == f"ditolak|{original}|0"
    assert page(srv, held, b)[1]["duplicate_url"].startswith(f"/pertanyaan/{original}-")
    # closed is closed
    status, _, m = decide(mod, f"/moderasi/{twin}/tolak", {"alasan": "duplikat", "asli": str(original)})
    assert status == 409 and m["form"]["error"]["keputusan"] == M["already_closed"]


@pytest.mark.parametrize("label, fields, field, message", [
    ("no reason", {"alasan": ""}, "alasan", M["reason_required"]),
    ("unknown reason", {"alasan": "iklan"}, "alasan", M["reason_unknown"]),
    ("duplicate without original", {"alasan": "duplikat", "asli": ""}, "asli", M["original_required"]),
    ("original not a number", {"alasan": "duplikat", "asli": "yang kemarin"}, "asli", M["original_unknown"]),
    ("original that does not exist", {"alasan": "duplikat", "asli": "987654321"}, "asli", M["original_unknown"]),
    ("original not public", {"alasan": "duplikat", "asli": "HELD"}, "asli", M["original_unknown"]),
    ("original is itself", {"alasan": "duplikat", "asli": "SELF"}, "asli", M["original_self"]),
])
def test_bad_refusals_are_answered_on_the_form(srv, label, fields, field, message):
    warga = person(srv, "Penanya Keliru")
    qid = asked(warga, f"Pertanyaan untuk menguji formulir penolakan: {label}")
    other = asked(warga, "Pertanyaan lain yang masih ditahan moderasi")
    fields = {k: v.replace("HELD", str(other)).replace("SELF", str(qid)) for k, v in fields.items()}
    mod = humas(srv)
    before = srv.sql("SELECT count(*) FROM moderation_log")
    status, _, m = decide(mod, f"/moderasi/{qid}/tolak", {**fields, "catatan": "catatan saya"})
    assert status == 422, m
    assert m["form"]["error"][field] == message
    assert m["form"]["values"]["catatan"] == "catatan saya"                     # the form is kept
    assert f"{field}-tolak-q{qid}" in [e["field"] for e in m["form"]["errors"]]  # the summary links to it
    assert in_queue(m, "held")[qid]["form_here"]["in"] == {"tolak": True}
    assert row(srv, qid, "state") == "moderasi" and srv.sql("SELECT count(*) FROM moderation_log") == before
    status, _, html = decide(mod, f"/moderasi/{qid}/tolak", {**fields, "catatan": "catatan saya"}, as_json=False)
    text = html.decode()
    assert status == 422 and LOCALE["form"]["error_summary"] in text and f'href="#{field}-tolak-q{qid}"' in text
    assert f'id="{field}-tolak-q{qid}"' in text and "catatan saya" in text
    srv.assert_serving()


def test_routing_an_unaddressed_question(srv):
    warga = person(srv, "Penanya Bingung")
    qid = published(srv, warga, "Siapa yang mengurus lampu taman di alun-alun?", agency="")
    assert row(srv, qid, "coalesce(agency_id, 0) || '|' || coalesce(due_at, '-')") == "0|-"
    mod = admin(srv)  # admins moderate too
    assert qid in in_queue(queue(mod), "unrouted")
    status, _, m = decide(mod, f"/moderasi/{qid}/arahkan", {"dinas": "dinas-rahasia"})
    assert status == 422 and m["form"]["error"]["dinas"] == M["agency_unknown"]
    status, _, m = decide(mod, f"/moderasi/{qid}/arahkan", {"dinas": ""})
    assert status == 422 and m["form"]["error"]["dinas"] == M["agency_required"]
    assert decide(mod, f"/moderasi/{qid}/arahkan", {"dinas": "disperkimtan", "catatan": "Taman kota."})[0] == 303
    assert row(srv, qid, "state") == "terbuka"
    assert srv.sql(f"SELECT a.slug FROM questions q JOIN agencies a ON a.id = q.agency_id WHERE q.id = {qid}") \
        == "disperkimtan"
    assert row(srv, qid, "due_at").startswith("20")  # the department's clock started
    _, q = page(srv, qid)
    routed = q["events"][-1]
    assert routed["kind"] == "diarahkan" and routed["to_agency"] == "disperkimtan" and q["due_label"]
    assert qid not in in_queue(queue(mod), "unrouted")
    status, _, m = decide(mod, f"/moderasi/{qid}/arahkan", {"dinas": "dinkes"})
    assert status == 409 and m["form"]["error"]["keputusan"] == M["already_routed"]
    # a held one gets its department now and its clock when it is approved
    held = asked(warga, "Siapa yang mengurus sampah di pinggir kali?", agency="")
    assert decide(mod, f"/moderasi/{held}/arahkan", {"dinas": "dlh"})[0] == 303
    assert row(srv, held, "coalesce(due_at, '-')") == "-"
    assert decide(mod, f"/moderasi/{held}/setujui")[0] == 303
    assert row(srv, held, "due_at").startswith("20")


# ---- flags -----------------------------------------------------------------------------

def flag(c: Client, qid: int, reason="spam", **more):
    return c.post(f"/pertanyaan/{qid}/laporkan", {"jenis": "question", "alasan": reason, **more})


def test_three_flags_hide_a_question_until_a_moderator_shows_it(srv):
    asker = person(srv, "Penanya Dilaporkan")
    qid = published(srv, asker, "Kenapa harga air bersih kudanilbiru naik?", agency="dlh")
    assert any(u.startswith(f"/pertanyaan/{qid}-") for u in found(srv, "kudanilbiru"))
    _, q = page(srv, qid, asker)
    assert q["can_flag"]
    reporters = [person(srv, f"Pelapor {n}") for n in ("Satu", "Dua", "Tiga")]
    for c, reason in zip(reporters[:2], ("spam", "sara")):
        status, headers, _ = flag(c, qid, reason)
        assert status == 303 and "pesan=laporan_diterima" in headers["location"]
        assert qid in listed_ids(srv)
    status, _, html = flag(reporters[2], qid, "spam")
    assert status == 200 and M["flag_hid"] in html.decode()  # its page is gone for them
    assert row(srv, qid, "hidden || '|' || listed") == "1|0"
    assert qid not in listed_ids(srv)
    assert page(srv, qid)[0] == 404 and page(srv, qid, reporters[0])[0] == 404
    assert found(srv, "kudanilbiru") == []
    _, q = page(srv, qid, asker)  # its asker sees it, marked
    assert q["moderation_notice"] == M["notice_hidden"] and not q["can_flag"]
    mod = humas(srv)
    item = in_queue(queue(mod), "flagged_questions")[qid]
    assert item["flags_total"] == 3 and {f["reason"]: f["n"] for f in item["flags"]} == {"spam": 2, "sara": 1}
    auto = next(e for e in log_rows(mod) if e["question_id"] == qid)
    assert auto["action"] == "disembunyikan_otomatis" and auto["reason"] == "spam" and auto["by_name"] == M["by_site"]
    assert auto["note"] == "3 laporan"
    # the moderator keeps it: shown again, the flags settled
    assert decide(mod, f"/moderasi/{qid}/tampilkan", as_json=False)[0] == 303
    assert row(srv, qid, "hidden || '|' || listed") == "0|1"
    assert qid in listed_ids(srv) and page(srv, qid)[0] == 200
    assert any(u.startswith(f"/pertanyaan/{qid}-") for u in found(srv, "kudanilbiru"))
    assert srv.sql(f"SELECT count(*) FROM flags WHERE target_id = {qid} AND kind = 'question' "
                   "AND resolved_at IS NULL") == "0"
    assert events(srv, qid)[-2:] == ["disembunyikan", "ditampilkan"]
    assert qid not in in_queue(queue(mod), "flagged_questions")
    status, _, m = decide(mod, f"/moderasi/{qid}/tampilkan")
    assert status == 409 and m["form"]["error"]["keputusan"] == M["not_hidden"]


def test_three_flags_hide_an_answer(srv):
    asker = person(srv, "Penanya Jawaban")
    qid = published(srv, asker, "Bagaimana cara mendaftar pelatihan kerja gratis?", agency="dinsos")
    officer(srv, "dinsos").post(f"/dinas/dinsos/pertanyaan/{qid}/jawab", {"isi": "Datang ke kantor burunghantu."})
    aid = int(srv.sql(f"SELECT id FROM answers WHERE question_id = {qid}"))
    assert found(srv, "burunghantu")
    for n in ("Empat", "Lima", "Enam"):
        status, headers, _ = person(srv, f"Pelapor {n}").post(
            f"/pertanyaan/{qid}/laporkan", {"jenis": "answer", "jawaban": str(aid), "alasan": "bukan_pertanyaan"})
        assert status == 303, status
    assert srv.sql(f"SELECT hidden FROM answers WHERE id = {aid}") == "1"
    _, q = page(srv, qid)
    assert q["answers_list"] == [] and found(srv, "burunghantu") == []
    assert q["events"][-1]["kind"] == "disembunyikan"
    mod = humas(srv)
    item = in_queue(queue(mod), "flagged_answers")[aid]
    assert item["question_id"] == qid and item["flags_total"] == 3
    _, q = page(srv, qid, mod)  # the moderators' box lists it
    assert [a["id"] for a in q["moderation"]["hidden_answers"]] == [aid]
    # kept hidden first (settles the flags), then shown again from the question page
    status, _, m = decide(mod, f"/moderasi/jawaban/{aid}/sembunyikan", {"alasan": ""})
    assert status == 422 and m["form"]["error"]["alasan"] == M["hide_reason_required"]
    assert decide(mod, f"/moderasi/jawaban/{aid}/sembunyikan", {"alasan": "spam"})[0] == 303
    assert aid not in in_queue(queue(mod), "flagged_answers")
    status, headers, _ = decide(mod, f"/moderasi/jawaban/{aid}/tampilkan", {"kembali": "pertanyaan"}, as_json=False)
    assert status == 303 and headers["location"].startswith(f"/pertanyaan/{qid}-")
    assert [a["id"] for a in page(srv, qid)[1]["answers_list"]] == [aid] and found(srv, "burunghantu")
    actions = [e["action"] for e in log_rows(mod) if e["answer_id"] == aid]
    assert actions == ["tampilkan_jawaban", "sembunyikan_jawaban", "jawaban_disembunyikan_otomatis"]


def test_a_person_flags_once(srv):
    asker = person(srv, "Penanya Sekali")
    qid = published(srv, asker, "Apakah ada program bedah rumah tahun ini?", agency="disperkimtan")
    c = person(srv, "Pelapor Rajin")
    assert flag(c, qid)[0] == 303
    status, headers, _ = flag(c, qid, "lainnya")
    assert status == 303 and "pesan=sudah_dilaporkan" in headers["location"]
    assert srv.sql(f"SELECT count(*) FROM flags WHERE kind = 'question' AND target_id = {qid}") == "1"
    assert row(srv, qid, "hidden") == "0"


@pytest.mark.parametrize("fields, status", [
    ({"jenis": "question", "alasan": "jelek"}, 422),
    ({"jenis": "question", "alasan": ""}, 422),
    ({"jenis": "komentar", "alasan": "spam"}, 422),
    ({"jenis": "answer", "alasan": "spam"}, 422),
    ({"jenis": "answer", "jawaban": "987654321", "alasan": "spam"}, 404),
])
def test_bad_flags(srv, fields, status):
    asker = person(srv, "Penanya Aneh")
    qid = published(srv, asker, "Kapan taman bermain di Cibarusah dibuka?", agency="disperkimtan")
    c = person(srv, "Pelapor Aneh")
    got, _, body = c.post_json(f"/pertanyaan/{qid}/laporkan", fields)
    assert got == status, body
    if status == 422:
        assert body["form"]["error"]["laporan"]
    assert srv.sql(f"SELECT count(*) FROM flags WHERE question_id = {qid}") == "0"


def test_only_public_questions_are_flagged(srv):
    asker = person(srv, "Penanya Tertahan")
    held = asked(asker, "Pertanyaan yang masih menunggu moderasi")
    assert flag(person(srv, "Pelapor Iseng"), held)[0] == 404
    assert Client(srv).post(f"/pertanyaan/{held}/laporkan", {"alasan": "spam"})[0] == 401


# ---- moderators on the question page ---------------------------------------------------

def test_a_moderator_hides_from_the_question_page(srv):
    asker = person(srv, "Penanya Kasar")
    qid = published(srv, asker, "Pertanyaan berisi kata kasar yang dilaporkan", agency="dinkes")
    mod = humas(srv)
    _, q = page(srv, qid, mod)
    box = q["moderation"]
    assert box["can_hide"] and not box["can_restore"] and not box["can_approve"] and box["back"]
    status, _, html = mod.get(q["url"])
    assert f'action="/moderasi/{qid}/sembunyikan"' in html.decode() and M["box_title"] in html.decode()
    _, _, html = asker.get(q["url"])
    assert M["box_title"] not in html.decode() and 'action="/moderasi/' not in html.decode()
    status, _, m = decide(mod, f"/moderasi/{qid}/sembunyikan", {"alasan": "", "kembali": "pertanyaan"})
    assert status == 422 and m["question"]["moderation"]["form_here"]["error"]["alasan"] == M["hide_reason_required"]
    status, headers, _ = decide(mod, f"/moderasi/{qid}/sembunyikan", {"alasan": "sara", "kembali": "pertanyaan"},
                                as_json=False)
    assert status == 303 and headers["location"].startswith(f"/pertanyaan/{qid}-")
    assert page(srv, qid)[0] == 404
    _, q = page(srv, qid, mod)
    assert q["moderation"]["can_restore"] and not q["moderation"]["can_hide"]
    status, _, m = decide(mod, f"/moderasi/{qid}/sembunyikan", {"alasan": "sara", "kembali": "pertanyaan"})
    assert status == 409 and m["form"]["error"]["keputusan"] == M["already_hidden"]


def test_warga_and_petugas_may_not_moderate(srv):
    warga = person(srv, "Warga Biasa")
    petugas = officer(srv, "dinkes")
    qid = asked(warga, "Pertanyaan yang tidak boleh disetujui warga")
    for c in (warga, petugas):
        for path in ("/moderasi", "/moderasi/log", "/moderasi/pengaturan"):
            assert c.get(path)[0] == 403, path
        for action in ("setujui", "tolak", "arahkan", "sembunyikan", "tampilkan"):
            assert c.post(f"/moderasi/{qid}/{action}", {"alasan": "spam", "dinas": "dinkes"})[0] == 403
        assert c.post("/moderasi/pengaturan", {"pramoderasi": "0", "ambang": "1"})[0] == 403
    assert row(srv, qid, "state") == "moderasi"
    assert Client(srv).get("/moderasi")[0] == 303


# ---- settings and the log ---------------------------------------------------------------

@pytest.mark.parametrize("fields, field, message", [
    ({"pramoderasi": "1", "ambang": "0"}, "ambang", M["threshold_invalid"].replace("{n}", "20")),
    ({"pramoderasi": "1", "ambang": "abc"}, "ambang", M["threshold_invalid"].replace("{n}", "20")),
    ({"pramoderasi": "1", "ambang": "21"}, "ambang", M["threshold_invalid"].replace("{n}", "20")),
    ({"pramoderasi": "1", "ambang": "-3"}, "ambang", M["threshold_invalid"].replace("{n}", "20")),
    ({"pramoderasi": "1", "ambang": ""}, "ambang", M["threshold_required"]),
    ({"pramoderasi": "ya", "ambang": "3"}, "pramoderasi", M["premoderation_required"]),
    ({"ambang": "3"}, "pramoderasi", M["premoderation_required"]),
])
def test_bad_settings_are_answered_on_the_form(srv, fields, field, message):
    mod = humas(srv)
    before = srv.sql("SELECT value FROM settings WHERE key = 'questions.flag_threshold'")
    status, _, m = mod.post_json("/moderasi/pengaturan", fields)
    assert status == 422 and m["form"]["error"][field] == message
    assert m["form"]["values"].get("ambang", "") == fields.get("ambang", "")
    assert srv.sql("SELECT value FROM settings WHERE key = 'questions.flag_threshold'") == before
    status, _, html = mod.post("/moderasi/pengaturan", fields)
    assert status == 422 and message in html.decode()


def test_settings_change_what_happens(srv):
    mod = admin(srv)
    status, m = mod.json("/moderasi/pengaturan")
    assert status == 200 and m["form"]["values"] == {"pramoderasi": "1", "ambang": "3"}
    try:
        status, headers, _ = mod.post("/moderasi/pengaturan", {"pramoderasi": "0", "ambang": "1"})
        assert status == 303 and headers["location"] == "/moderasi/pengaturan?pesan=pengaturan_disimpan"
        assert mod.json("/moderasi/pengaturan")[1]["form"]["values"] == {"pramoderasi": "0", "ambang": "1"}
        entry = log_rows(mod)[0]
        assert entry["action"] == "pengaturan" and entry["note"] == "Pramoderasi nonaktif; batas laporan 1."
        warga = person(srv, "Penanya Cepat")
        qid = asked(warga, "Apakah pengaturan baru langsung berlaku?", agency="diskominfosantik")
        assert row(srv, qid, "state") == "terbuka"  # no pre-moderation
        assert flag(person(srv, "Pelapor Tunggal"), qid)[0] == 200  # one flag hides it
        assert row(srv, qid, "hidden") == "1"
    finally:
        assert mod.post("/moderasi/pengaturan", {"pramoderasi": "1", "ambang": "3"})[0] == 303


def test_the_log_lists_every_action_newest_first_in_pages(srv):
    mod = humas(srv)
    warga = person(srv, "Penanya Catatan")
    a = asked(warga, "Pertanyaan pertama untuk catatan moderasi", agency="")
    b = asked(warga, "Pertanyaan kedua untuk catatan moderasi")
    decide(mod, f"/moderasi/{a}/arahkan", {"dinas": "bappeda"})
    decide(mod, f"/moderasi/{a}/setujui")
    decide(mod, f"/moderasi/{b}/tolak", {"alasan": "bukan_pertanyaan"})
    decide(mod, f"/moderasi/{a}/sembunyikan", {"alasan": "lainnya", "catatan": "diperiksa"})
    decide(mod, f"/moderasi/{a}/tampilkan")
    top = log_rows(mod)[:5]
    assert [(e["action"], e["question_id"]) for e in top] == [
        ("tampilkan", a), ("sembunyikan", a), ("tolak", b), ("setujui", a), ("arahkan", a)]
    assert top[1]["note"] == "diperiksa" and top[4]["note"].startswith("Badan Perencanaan")
    assert all(e["action_label"] == LOCALE["moderation_action"][e["action"]] for e in top)
    # never the judged text
    assert "Pertanyaan kedua" not in srv.sql("SELECT coalesce(string_agg(note, ' '), '') FROM moderation_log"
                                             if srv.db.startswith("postgresql") else
                                             "SELECT coalesce(group_concat(note, ' '), '') FROM moderation_log")
    # keyset pages cover everything once
    now = "2026-01-01T00:00:00Z"
    srv.sql("INSERT INTO moderation_log (at, action, note) VALUES " +
            ", ".join(f"('{now}', 'pengaturan', 'isi {i}')" for i in range(120)))
    seen, path = [], "/moderasi/log"
    while path:
        status, m = mod.json(path)
        assert status == 200
        seen += [e["id"] for e in m["entries"]]
        path = m.get("next")
    assert len(seen) == len(set(seen)) == int(srv.sql("SELECT count(*) FROM moderation_log"))
    assert seen == sorted(seen, reverse=True)
    status, _, html = mod.get("/moderasi/log")
    text = html.decode()
    assert status == 200 and LOCALE["moderation_action"]["pengaturan"] in text and "isi 119" in text
    assert 'href="/moderasi/log?sebelum=' in text
    srv.assert_serving()
