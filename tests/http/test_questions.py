"""Public questions and official answers: asking (the confirm step with
similar questions, personal data held, one question per form), the list
and one question, votes, follows, the department's answer and forward,
the asker's follow-up, verdict and one reopening, ratings, the response
clock, mails with their one-click stop link, and every bad input answered
on the form with nothing half-written. On the demo data set, both engines."""
from __future__ import annotations

import re
import time

import pytest

import accountkit
from accountkit import Client, tiny_png
from httpkit import Server


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-questions"), name="questions", args=["--trust-proxy"])
    s.start()
    # published at once unless a test says otherwise (moderation has its own tests)
    s.sql("INSERT INTO settings (key, value) VALUES ('questions.premoderation', '0')")
    yield s
    s.assert_clean_exit()


def person(srv, name: str, roles=(("warga", None),)) -> Client:
    return accountkit.person(srv, name, roles, net="10.7")


def officer(srv, agency: str) -> Client:
    return person(srv, f"Petugas {agency}", [("warga", None), ("petugas", agency)])


def key() -> str:
    return f"k{time.time_ns()}"


def ask(c: Client, title: str, body="Mohon penjelasannya.", agency="dinkes", confirm=True, **more):
    fields = {"judul": title, "isi": body, "dinas": agency, "kecamatan": "", "kunci": key(), **more}
    if confirm:
        fields["periksa"] = "1"
    return c.post_json("/tanya", fields)


def asked(c: Client, title: str, **kw) -> int:
    status, headers, body = ask(c, title, **kw)
    assert status == 303, body
    m = re.match(r"/pertanyaan/(\d+)", headers["location"])
    assert m, headers["location"]
    return int(m.group(1))


def page(srv, qid: int, c: Client | None = None) -> dict:
    c = c or Client(srv)
    status, headers, _ = c.get(f"/pertanyaan/{qid}")
    assert status == 301, status
    status, model = c.json(headers["location"].split("?")[0])
    assert status == 200, model
    return model["question"]


def test_a_question_is_asked_listed_and_shown(srv):
    warga = person(srv, "Siti Penanya")
    qid = asked(warga, "Kapan posyandu di Desa Sukamahi buka lagi?", body="Sudah **dua bulan** tutup.")
    q = page(srv, qid)
    assert q["state"] == "terbuka" and q["agency"] == "dinkes" and q["asker_name"] == "Siti Penanya"
    assert "<strong>dua bulan</strong>" in q["body_html"] and "user_id" not in q
    assert q["due_label"] and q["waiting"] and not q["overdue"]
    assert [e["kind"] for e in q["events"]] == ["diajukan"]
    status, model = Client(srv).json("/pertanyaan?dinas=dinkes")
    assert status == 200 and qid in [x["id"] for x in model["questions"]]
    assert int(srv.sql(f"SELECT count(*) FROM question_follows WHERE question_id = {qid}")) == 1


def test_asking_needs_an_account(srv):
    status, headers, _ = Client(srv).get("/tanya")
    assert status == 303 and headers["location"].startswith("/masuk")


@pytest.mark.parametrize("label, fields, field, message", [
    ("empty title", {"judul": ""}, "judul", "Tulis judul pertanyaan."),
    ("short title", {"judul": "Kapan?"}, "judul", "paling sedikit 10 huruf"),
    ("long title", {"judul": "Jalan " * 40}, "judul", ""),
    ("long body", {"isi": "a" * 6000}, "isi", ""),
    ("unknown agency", {"dinas": "tidak-ada"}, "dinas", "tidak dikenal"),
    ("unknown kecamatan", {"kecamatan": "kecamatan-mars"}, "kecamatan", "tidak dikenal"),
    ("unknown programme", {"program": "999999"}, "program", "tidak ditemukan"),
])
def test_bad_input_is_answered_on_the_form(srv, label, fields, field, message):
    c = person(srv, "Budi Salah Ketik")
    before = srv.sql("SELECT count(*) FROM questions")
    good = {"judul": "Bagaimana cara mengurus KTP-el yang hilang?", "isi": "Terima kasih.",
            "dinas": "disdukcapil", "kecamatan": "", "kunci": key(), "periksa": "1"}
    status, _, model = c.post_json("/tanya", {**good, **fields})
    assert status == 422, model
    assert message in model["form"]["error"][field], model["form"]["error"]
    assert model["form"]["values"]["isi"] == ({**good, **fields}["isi"].strip() if field != "isi" else model["form"]["values"]["isi"])
    assert srv.sql("SELECT count(*) FROM questions") == before
    srv.assert_serving()


def test_script_is_stored_as_text_and_shown_escaped(srv):
    c = person(srv, "Iseng Sekali")
    qid = asked(c, "Apakah <script>alert(1)</script> aman di sini?", body="<img src=x onerror=alert(2)>")
    status, headers, _ = Client(srv).get(f"/pertanyaan/{qid}")
    _, _, html = Client(srv).get(headers["location"])
    text = html.decode()
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
    assert "onerror" not in text or "&lt;img" in text
    assert srv.sql(f"SELECT title FROM questions WHERE id = {qid}").startswith("Apakah <script>")


def test_the_same_form_twice_is_one_question(srv):
    c = person(srv, "Dobel Klik")
    fields = {"judul": "Berapa biaya perpanjangan izin trayek angkot?", "isi": "", "dinas": "dishub",
              "kecamatan": "", "kunci": key(), "periksa": "1"}
    s1, h1, _ = c.post_json("/tanya", fields)
    s2, h2, _ = c.post_json("/tanya", fields)
    assert s1 == s2 == 303
    assert h1["location"].split("?")[0] == h2["location"].split("?")[0]
    assert "sudah_terkirim" in h2["location"]
    assert srv.sql("SELECT count(*) FROM questions WHERE title LIKE 'Berapa biaya perpanjangan izin%'") == "1"


def test_similar_questions_come_first_on_a_confirm_step(srv):
    a = person(srv, "Penanya Pertama")
    first = asked(a, "Kapan pembangunan jalan Desa Srimukti dimulai?", agency="dsdabmbk")
    b = person(srv, "Penanya Kedua")
    before = srv.sql("SELECT count(*) FROM questions")
    status, _, model = ask(b, "Kapan jalan di Desa Srimukti dibangun?", agency="dsdabmbk", confirm=False)
    assert status == 200, model
    assert first in [s["id"] for s in model.get("similar", [])], model.get("similar")
    assert model["form"]["values"]["periksa"] == "1" and srv.sql("SELECT count(*) FROM questions") == before
    fields = {k: v for k, v in model["form"]["values"].items()}
    status, headers, _ = b.post_json("/tanya", fields)
    assert status == 303 and srv.sql("SELECT count(*) FROM questions") == str(int(before) + 1)


@pytest.mark.parametrize("text, reason", [
    ("NIK saya 3216012345678901 tidak terbaca", "data_pribadi"),
    ("hubungi saya di 0812-3456-7890", "data_pribadi"),
    ("balas ke warga.bekasi@gmail.com", "data_pribadi"),
])
def test_personal_data_holds_the_question(srv, text, reason):
    c = person(srv, "Warga Terbuka Sekali")
    qid = asked(c, "Mengapa data kependudukan saya belum berubah?", body=text, agency="disdukcapil")
    row = srv.sql(f"SELECT state || '|' || hold_reason || '|' || listed FROM questions WHERE id = {qid}")
    assert row == f"moderasi|{reason}|0"
    assert Client(srv).get(f"/pertanyaan/{qid}")[0] == 404          # not public
    assert page(srv, qid, c)["state"] == "moderasi"                  # its asker sees it
    status, model = Client(srv).json("/pertanyaan")
    assert qid not in [x["id"] for x in model["questions"]]


def test_premoderation_holds_every_question(srv):
    srv.sql("UPDATE settings SET value = '1' WHERE key = 'questions.premoderation'")
    try:
        c = person(srv, "Warga Sabar")
        qid = asked(c, "Di mana lokasi bank sampah terdekat di Tambun?", agency="dlh")
        assert srv.sql(f"SELECT state || '|' || hold_reason FROM questions WHERE id = {qid}") == \
            "moderasi|pramoderasi"
    finally:
        srv.sql("UPDATE settings SET value = '0' WHERE key = 'questions.premoderation'")


def test_anonymous_asker_is_hidden_from_the_public(srv):
    c = person(srv, "Rahasia Sekali")
    qid = asked(c, "Apakah pungutan di sekolah negeri dibolehkan?", agency="disdik", anonim="1")
    q = page(srv, qid)
    assert q["anonymous"] and q["asker_name"] == "Warga (nama disembunyikan)"
    _, headers, _ = Client(srv).get(f"/pertanyaan/{qid}")
    _, _, html = Client(srv).get(headers["location"])
    assert "Rahasia Sekali" not in html.decode()


def test_votes_are_one_per_person(srv):
    asker = person(srv, "Penanya Dukungan")
    qid = asked(asker, "Kapan lampu jalan di Jalan Raya Setu diperbaiki?", agency="dishub")
    fan = person(srv, "Pendukung Setia")
    for _ in range(2):
        assert fan.post(f"/pertanyaan/{qid}/dukung", {})[0] == 303
    assert page(srv, qid)["votes"] == 1
    assert page(srv, qid, fan)["voted"] is True
    fan.post(f"/pertanyaan/{qid}/dukung", {"aksi": "batal"})
    assert page(srv, qid)["votes"] == 0
    assert Client(srv).post(f"/pertanyaan/{qid}/dukung", {})[0] == 401


def test_the_department_answers_with_proof(srv):
    asker = person(srv, "Penanya Jalan")
    qid = asked(asker, "Kapan lubang di Jalan Cibarusah ditambal?", agency="dsdabmbk")
    pupr = officer(srv, "dsdabmbk")
    status, _, body = pupr.post_files(f"/dinas/dsdabmbk/pertanyaan/{qid}/jawab",
                                      {"isi": "Tim sudah **menambal** lubang pada 12 Oktober.", "lapangan": "1"},
                                      [("lampiran", "bukti.png", "image/png", tiny_png(40, 30))])
    assert status == 303, body[:500]
    q = page(srv, qid)
    assert q["state"] == "dijawab" and q["answers"] == 1 and not q["waiting"]
    a = q["answers_list"][0]
    assert a["agency"] == "dsdabmbk" and a["field_report"] and "<strong>menambal</strong>" in a["body_html"]
    assert a["has_photos"] and a["photos"][0]["thumb"].endswith("/kecil")
    assert srv.sql(f"SELECT first_response_at IS NOT NULL FROM questions WHERE id = {qid}") in ("1", "t")
    assert [e["kind"] for e in q["events"]][-1] == "dijawab"
    # the asker follows it: a mail is queued for them
    assert int(srv.sql("SELECT count(*) FROM jobs WHERE kind = 'question.notify'")) >= 1


def test_another_departments_officer_may_not_answer(srv):
    asker = person(srv, "Penanya Puskesmas")
    qid = asked(asker, "Mengapa antrean di Puskesmas Cikarang panjang?", agency="dinkes")
    dishub = officer(srv, "dishub")
    assert dishub.post(f"/dinas/dinkes/pertanyaan/{qid}/jawab", {"isi": "Coba."})[0] == 403  # the guard
    assert dishub.post(f"/dinas/dishub/pertanyaan/{qid}/jawab", {"isi": "Coba."})[0] == 403  # the handler
    assert page(srv, qid)["state"] == "terbuka"


def test_an_empty_answer_is_answered_on_the_form(srv):
    asker = person(srv, "Penanya Kosong")
    qid = asked(asker, "Apakah ada vaksinasi gratis bulan ini?", agency="dinkes")
    dinkes = officer(srv, "dinkes")
    status, _, model = dinkes.post_json(f"/dinas/dinkes/pertanyaan/{qid}/jawab", {"isi": "  "})
    assert status == 422 and model["form"]["error"]["isi"] == "Tulis jawaban resmi."
    assert srv.sql(f"SELECT count(*) FROM answers WHERE question_id = {qid}") == "0"


def test_forwarding_moves_the_question_and_its_clock(srv):
    asker = person(srv, "Penanya Salah Alamat")
    qid = asked(asker, "Kapan saluran air di Perumahan Graha Asri dikeruk?", agency="dinkes")
    dinkes = officer(srv, "dinkes")
    status, _, model = dinkes.post_json(f"/dinas/dinkes/pertanyaan/{qid}/teruskan", {"ke": "", "catatan": ""})
    assert status == 422 and set(model["form"]["error"]) == {"ke", "catatan"}
    status, _, _ = dinkes.post(f"/dinas/dinkes/pertanyaan/{qid}/teruskan",
                               {"ke": "dsdabmbk", "catatan": "Saluran air urusan bina marga."})
    assert status == 303
    q = page(srv, qid)
    assert q["state"] == "diteruskan" and q["agency"] == "dsdabmbk" and q["forwarded"] == 1
    fwd = [e for e in q["events"] if e["kind"] == "diteruskan"][0]
    assert fwd["agency"] == "dinkes" and fwd["to_agency"] == "dsdabmbk"
    assert "bina marga" in fwd["body_html"]
    # now dinkes may no longer act on it, dsdabmbk may
    assert dinkes.post(f"/dinas/dinkes/pertanyaan/{qid}/jawab", {"isi": "x"})[0] == 403
    assert officer(srv, "dsdabmbk").post(f"/dinas/dsdabmbk/pertanyaan/{qid}/jawab",
                                         {"isi": "Dijadwalkan pekan depan."})[0] == 303


def test_the_asker_follows_up_judges_and_reopens_once(srv):
    asker = person(srv, "Penanya Gigih")
    qid = asked(asker, "Kapan bantuan sosial tahap dua cair?", agency="dinsos")
    dinsos = officer(srv, "dinsos")
    other = person(srv, "Orang Lain Saja")
    assert other.post(f"/pertanyaan/{qid}/balas", {"isi": "Saya juga"})[0] == 403
    status, _, model = asker.post_json(f"/pertanyaan/{qid}/tanggapan", {"nilai": "puas"})
    assert status == 422  # nothing to judge yet
    dinsos.post(f"/dinas/dinsos/pertanyaan/{qid}/jawab", {"isi": "Bulan depan."})
    assert asker.post(f"/pertanyaan/{qid}/balas", {"isi": "Tanggal berapa tepatnya?"})[0] == 303
    assert asker.post(f"/pertanyaan/{qid}/tanggapan", {"nilai": "tidak_puas"})[0] == 303
    assert page(srv, qid, asker)["can_reopen"] is True
    assert asker.post(f"/pertanyaan/{qid}/buka", {})[0] == 303
    q = page(srv, qid)
    assert q["state"] == "terbuka" and q["waiting"]
    dinsos.post(f"/dinas/dinsos/pertanyaan/{qid}/jawab", {"isi": "Tanggal 15."})
    asker.post(f"/pertanyaan/{qid}/tanggapan", {"nilai": "tidak_puas"})
    status, _, model = asker.post_json(f"/pertanyaan/{qid}/buka", {})
    assert status == 422 and "satu kali" in model["form"]["error"]["buka"]
    kinds = [e["kind"] for e in page(srv, qid)["events"]]
    assert kinds == ["diajukan", "dijawab", "balasan", "tidak_puas", "dibuka_kembali", "dijawab", "tidak_puas"]
    status, _, model = asker.post_json(f"/pertanyaan/{qid}/balas", {"isi": ""})
    assert status == 422 and model["form"]["error"]["isi"] == "Tulis balasan Anda."


def test_ratings_are_one_per_person(srv):
    asker = person(srv, "Penanya Nilai")
    qid = asked(asker, "Bagaimana cara mendaftar BPJS gratis?", agency="dinkes")
    officer(srv, "dinkes").post(f"/dinas/dinkes/pertanyaan/{qid}/jawab", {"isi": "Datang ke puskesmas."})
    aid = page(srv, qid)["answers_list"][0]["id"]
    r1, r2 = person(srv, "Penilai Satu"), person(srv, "Penilai Dua")
    assert r1.post(f"/pertanyaan/{qid}/nilai", {"jawaban": str(aid), "bintang": "5"})[0] == 303
    assert r1.post(f"/pertanyaan/{qid}/nilai", {"jawaban": str(aid), "bintang": "3"})[0] == 303
    assert r2.post(f"/pertanyaan/{qid}/nilai", {"jawaban": str(aid), "bintang": "4"})[0] == 303
    a = page(srv, qid)["answers_list"][0]
    assert a["rating_count"] == 2 and a["rating_sum"] == 7 and a["rating_label"] == "3.5"
    status, _, model = r2.post_json(f"/pertanyaan/{qid}/nilai", {"jawaban": str(aid), "bintang": "9"})
    assert status == 422
    assert r2.post(f"/pertanyaan/{qid}/nilai", {"jawaban": "999999", "bintang": "4"})[0] == 404


def test_overdue_questions_are_marked_publicly(srv):
    asker = person(srv, "Penanya Lama")
    qid = asked(asker, "Mengapa sampah di Pasar Cibitung tidak diangkut?", agency="dlh")
    srv.sql(f"UPDATE questions SET due_at = '2026-01-05T16:59:59Z' WHERE id = {qid}")
    q = page(srv, qid)
    assert q["overdue"] and q["late_days"] > 100
    status, model = Client(srv).json("/pertanyaan?status=terlambat")
    assert qid in [x["id"] for x in model["questions"]]
    assert all(x["overdue"] for x in model["questions"])


def test_the_list_pages_cover_everything_once(srv):
    c = person(srv, "Penanya Banyak")
    for i in range(35):
        asked(c, f"Pertanyaan uji nomor {i} tentang layanan publik", agency="bappeda")
    for sort in ("terbaru", "dukungan", "menunggu", "baru-dijawab"):
        seen, path = [], f"/pertanyaan?dinas=bappeda&urut={sort}"
        while path:
            status, m = Client(srv).json(path)
            assert status == 200
            seen += [x["id"] for x in m["questions"]]
            path = m.get("next")
        assert len(seen) == len(set(seen)) == m["count"], sort


def test_the_unsubscribe_link_stops_the_mails(srv):
    asker = person(srv, "Penanya Surel")
    qid = asked(asker, "Kapan pendaftaran sekolah negeri dibuka?", agency="disdik")
    officer(srv, "disdik").post(f"/dinas/disdik/pertanyaan/{qid}/jawab", {"isi": "Bulan Juni."})
    text = srv.wait_for_log(f"/berhenti/{asker.uid}-{qid}-", timeout=10, stream="stderr")
    link = re.search(r"/berhenti/([0-9a-f-]+)", text)
    assert link, text[-2000:]
    token = link.group(1)
    assert token.startswith(f"{asker.uid}-{qid}-")
    browser = Client(srv)
    status, _, html = browser.get(f"/berhenti/{token}")
    assert status == 200 and "Kapan pendaftaran sekolah negeri dibuka?" in html.decode()
    assert srv.sql(f"SELECT count(*) FROM question_follows WHERE question_id = {qid}") == "1"  # a GET changes nothing
    assert browser.post(f"/berhenti/{token}", {})[0] == 200
    assert srv.sql(f"SELECT count(*) FROM question_follows WHERE question_id = {qid}") == "0"
    forged = token[:-4] + ("0000" if not token.endswith("0000") else "1111")
    assert Client(srv).get(f"/berhenti/{forged}")[0] == 404
    assert Client(srv).get(f"/berhenti/{asker.uid + 1}-{qid}-{token.rsplit('-', 1)[1]}")[0] == 404


def test_a_programme_status_change_reaches_its_questions(srv):
    pid, agency = srv.sql(
        "SELECT p.id || '|' || a.slug FROM programs p JOIN agencies a ON a.id = p.agency_id "
        "WHERE p.level = 'program' AND p.status = 'berjalan' AND NOT EXISTS "
        "(SELECT 1 FROM programs c WHERE c.parent_id = p.id) ORDER BY p.id LIMIT 1").split("|")
    asker = person(srv, "Penanya Program")
    qid = asked(asker, "Apakah program ini akan selesai tahun ini?", agency=agency, program=pid)
    assert page(srv, qid)["program_id"] == int(pid)
    jobs = int(srv.sql("SELECT count(*) FROM jobs WHERE kind = 'question.notify'"))
    status, _, _ = officer(srv, agency).post(f"/dinas/{agency}/program/{pid}/kabar",
                                             {"isi": "Pekerjaan dihentikan sementara karena banjir.",
                                              "progres": "", "status": "ditunda"})
    assert status == 303
    assert [e["kind"] for e in page(srv, qid)["events"]][-1] == "program"
    # one mail job per question about it (the demo data's among them)
    about = int(srv.sql(f"SELECT count(*) FROM questions WHERE program_id = {pid} AND listed = 1"))
    assert int(srv.sql("SELECT count(*) FROM jobs WHERE kind = 'question.notify'")) == jobs + about


def test_the_history_shows_each_text_once(srv):
    # found on a screenshot: an event without text showed the question's
    # own text again (a template section looked further up for body_html)
    asker = person(srv, "Penanya Riwayat")
    qid = asked(asker, "Kapan taman di alun-alun Cikarang dibuka lagi?", body="Kalimat unik penanya.",
                agency="dcktr")
    officer(srv, "dcktr").post(f"/dinas/dcktr/pertanyaan/{qid}/jawab", {"isi": "Bulan depan."})
    asker.post(f"/pertanyaan/{qid}/tanggapan", {"nilai": "puas"})
    _, headers, _ = Client(srv).get(f"/pertanyaan/{qid}")
    _, _, html = Client(srv).get(headers["location"])
    # in the page once (the <head> also gives it to link previews as the description)
    assert html.decode().split("</head>", 1)[1].count("Kalimat unik penanya.") == 1
