"""Webhooks (issue #10, src/webhooks/): an admin registers endpoints at
/admin/webhook and sees each one's secret once; the six events reach a
real local HTTP receiver (a thread of this process) as JSON signed with
HMAC-SHA256 over "<timestamp>.<body>", with the object's public address
and fields and nothing personal; addresses that are not http(s), carry a
login, or point at the server itself (or at loopback without
--webhook-allow-loopback) are refused with 422 and the form kept; a
receiver that answers 500 or is gone is tried again with exponential
backoff until it is back, every attempt in the admin's log; a delivery is
sent again on request; secrets are rotated, never shown twice, never
stored or logged in clear. Both engines.

The jobs worker waits 30 s, then 1 min, ... between attempts; the tests
move a waiting job's run_at into the past (behind the server's back, as
they plant other rows) instead of waiting.
"""
from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import re
import threading
import time
import datetime as dt
from datetime import datetime
from html import unescape

import pytest

import accountkit
from accountkit import Client, tiny_png
from httpkit import REPO, Server, free_port
from test_kip_requests import GOOD as KIP_FORM

LOCALE = json.loads((REPO / "locale" / "id.json").read_text(encoding="utf-8"))["admin_webhooks"]
EVENTS = ["question.answered", "question.forwarded", "program.updated", "session.scheduled", "session.live",
          "kip.request.decided"]
_keys = iter(range(1, 10**6))


# ---- the receiver --------------------------------------------------------------------

class Received:
    def __init__(self, path: str, headers: dict, body: bytes, answered: int):
        self.path, self.headers, self.body, self.answered = path, headers, body, answered
        self.json = json.loads(body)
        self.event = headers.get("x-terbuka-event")


class Receiver:
    """An HTTP server in a thread that keeps every POST and answers
    `status`. stop() closes its socket (connections are refused); start()
    listens again on the same port."""

    def __init__(self):
        self.port = free_port()
        self.status = 200
        self.got: list[Received] = []
        self._lock = threading.Lock()
        self._httpd = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/terbuka/masuk?token=rahasia-penerima"

    def start(self) -> "Receiver":
        rx = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status = rx.status
                with rx._lock:
                    rx.got.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body,
                                           status))
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        http.server.ThreadingHTTPServer.allow_reuse_address = True
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def wait_for(self, pred, timeout: float = 20.0, count: int = 1) -> list[Received]:
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                hits = [r for r in self.got if pred(r)]
            if len(hits) >= count:
                return hits
            if time.monotonic() > deadline:
                raise AssertionError(f"no delivery matched within {timeout} s; got "
                                     f"{[(r.event, r.answered) for r in self.got]}")
            time.sleep(0.05)


def verify(secret: str, r: Received):
    """What a receiver does: HMAC-SHA256 of timestamp "." body under the
    secret, compared in constant time; the timestamp recent."""
    ts = r.headers["x-terbuka-timestamp"]
    mac = hmac.new(secret.encode(), ts.encode() + b"." + r.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(r.headers["x-terbuka-signature"], "sha256=" + mac), r.headers
    assert abs(time.time() - int(ts)) < 300


# ---- the server and its people ------------------------------------------------------

@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory):
    s = Server(tmp_path_factory.mktemp("tbk-webhooks"), name="webhooks",
               args=["--trust-proxy", "--workers", "1", "--webhook-allow-loopback"])
    s.start()
    s.sql("INSERT INTO settings (key, value) VALUES ('questions.premoderation', '0')")
    yield s
    s.assert_clean_exit()


@pytest.fixture
def rx():
    r = Receiver().start()
    yield r
    r.stop()


def person(srv, name, roles=(("warga", None),)) -> Client:
    return accountkit.person(srv, name, roles, net="10.5")


_admins = iter(range(1, 10**6))


def admin(srv) -> Client:
    """An admin of their own each time: the per-person POST limit counts
    each apart."""
    return person(srv, f"Admin Webhook {next(_admins)}", [("warga", None), ("admin", None)])


def create(srv, url, events=EVENTS, active=True, description="Unggah otomatis ke akun resmi"):
    fields = {"url": url, "keterangan": description, **{e: "1" for e in events}}
    if active:
        fields["aktif"] = "1"
    status, _, model = admin(srv).post_json("/admin/webhook", fields)
    assert status == 201, model
    return model["secret"], model["endpoint"]["id"]


@pytest.fixture
def endpoints(srv):
    """Deletes the endpoints a test made, so that the next one's events
    reach only its own receiver."""
    made = []
    yield made
    for eid in made:
        admin(srv).post(f"/admin/webhook/{eid}/hapus", {})


def deliveries(srv, eid) -> list[dict]:
    status, m = admin(srv).json(f"/admin/webhook/{eid}")
    assert status == 200, m
    return m["deliveries"]


def wait_delivery(srv, eid, pred, timeout=20.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        for d in deliveries(srv, eid):
            if pred(d):
                return d
        if time.monotonic() > deadline:
            raise AssertionError(f"no delivery of endpoint {eid} as expected: {deliveries(srv, eid)}")
        time.sleep(0.1)


def rewind(srv):
    """Time passes for the waiting webhook jobs: due now."""
    srv.sql("UPDATE jobs SET run_at = '2000-01-01T00:00:00Z' WHERE kind = 'webhook.deliver' AND status = 'queued'")


def job_of(srv, delivery_id=None, job_id=None) -> dict:
    """The job of a delivery while it waits (a finished job keeps no
    payload), or a job by its id."""
    where = f"id = {job_id}" if job_id else f"payload LIKE '%\"delivery\":{delivery_id},%'"
    row = srv.sql("SELECT id, status, attempts, max_attempts, run_at, updated_at FROM jobs WHERE kind = "
                  f"'webhook.deliver' AND {where} ORDER BY id DESC LIMIT 1")
    jid, status, attempts, most, run_at, updated = row.split("|")
    return {"id": int(jid), "status": status, "attempts": int(attempts), "max": int(most), "run_at": run_at,
            "updated_at": updated}


def seconds(a: str, b: str) -> float:
    parse = lambda s: datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    return (parse(b) - parse(a)).total_seconds()


# ---- the events --------------------------------------------------------------------------

def ask(srv, title, agency="dinkes") -> int:
    asker = person(srv, "Penanya Rahasia Webhook")
    status, headers, body = asker.post("/tanya", {"judul": title, "isi": "Mohon penjelasannya.", "dinas": agency,
                                                  "kecamatan": "", "kunci": f"wh{time.time_ns()}", "periksa": "1"})
    assert status == 303, body[:500]
    return int(re.match(r"/pertanyaan/(\d+)", headers["location"]).group(1))


def officer(srv, agency) -> Client:
    return person(srv, f"Petugas {agency}", [("warga", None), ("petugas", agency)])


def humas(srv) -> Client:
    return person(srv, "Humas Webhook", [("warga", None), ("humas", None)])


SESSION = {"judul": "Tanya Jawab Posyandu", "deskripsi": "Siaran langsung.", "mulai": "2026-12-10T09:00",
           "selesai": "2026-12-10T11:00", "tautan": "https://www.youtube.com/watch?v=contoh", "dinas1": "dinkes",
           "dinas2": "", "dinas3": "", "anonim": "1", "pramoderasi": "1"}


def schedule(srv, **change) -> int:
    status, headers, body = humas(srv).post("/sesi/baru", {**SESSION, **change})
    assert status == 303, body[:500]
    return int(re.match(r"/sesi/(\d+)/", headers["location"]).group(1))


def leaf_programme(srv, agency="dinkes") -> int:
    return int(srv.sql("SELECT p.id FROM programs p JOIN agencies a ON a.id = p.agency_id WHERE a.slug = "
                       f"'{agency}' AND NOT EXISTS (SELECT 1 FROM programs k WHERE k.parent_id = p.id) "
                       "ORDER BY p.id LIMIT 1"))


def file_request(srv) -> str:
    form = dict(KIP_FORM, ppid="dinkes", kunci=f"webhook-{next(_keys)}-{time.time_ns()}")
    status, h, body = Client(srv).post("/permohonan/baru", form)
    assert status == 303, body[:1000]
    return re.match(r"^/permohonan/(\d{4}-\d{6})\?", h["location"]).group(1)


def test_every_event_reaches_the_receiver_signed_with_its_public_fields(srv, rx, endpoints):
    secret, eid = create(srv, rx.url)
    endpoints.append(eid)
    assert re.fullmatch(r"whsec_[A-Za-z0-9_-]{43}", secret)
    mine = lambda event, check: rx.wait_for(lambda r: r.event == event and check(r.json["data"]))[0]  # noqa: E731

    # question.answered: the answer and its photo, never the asker
    qid = ask(srv, "Kapan posyandu di Desa Sukamaju buka lagi?")
    status, _, body = officer(srv, "dinkes").post_files(
        f"/dinas/dinkes/pertanyaan/{qid}/jawab", {"isi": "Posyandu buka lagi **Senin** depan.", "lapangan": "1"},
        [("lampiran", "bukti.png", "image/png", tiny_png(40, 30))])
    assert status == 303, body[:500]
    r = mine("question.answered", lambda d: d["question"]["id"] == qid)
    q, a = r.json["data"]["question"], r.json["data"]["answer"]
    assert r.json["url"].startswith(f"{srv.base}/pertanyaan/{qid}-kapan-posyandu") and q["url"] == r.json["url"]
    assert q["title"] == "Kapan posyandu di Desa Sukamaju buka lagi?" and q["state"] == "dijawab"
    assert q["department"] == {"slug": "dinkes", "name": q["department"]["name"]} and q["department"]["name"]
    assert a["body"] == "Posyandu buka lagi **Senin** depan." and a["field_report"] is True
    assert a["department"]["slug"] == "dinkes" and len(a["files"]) == 1
    assert a["files"][0]["url"].startswith(f"{srv.base}/berkas/") and a["files"][0]["mime"] == "image/png"
    assert b"Penanya Rahasia" not in r.body and b"Petugas dinkes" not in r.body and b"@example.id" not in r.body

    # question.forwarded: from whom to whom, with the note
    qid2 = ask(srv, "Kapan saluran air di Perumahan Graha Asri dikeruk?")
    assert officer(srv, "dinkes").post(f"/dinas/dinkes/pertanyaan/{qid2}/teruskan",
                                       {"ke": "dsdabmbk", "catatan": "Urusan bina marga."})[0] == 303
    r = mine("question.forwarded", lambda d: d["question"]["id"] == qid2)
    f = r.json["data"]["forward"]
    assert f["from"]["slug"] == "dinkes" and f["to"]["slug"] == "dsdabmbk" and f["note"] == "Urusan bina marga."
    assert r.json["data"]["question"]["state"] == "diteruskan"

    # program.updated: a report that moves the progress is a change of the record ...
    pid = leaf_programme(srv)
    before = int(srv.sql(f"SELECT progress FROM programs WHERE id = {pid}"))
    after = 37 if before != 37 else 38
    assert officer(srv, "dinkes").post(f"/dinas/dinkes/program/{pid}/kabar",
                                       {"isi": "Pengecoran tahap 1.", "progres": str(after), "status": ""})[0] == 303
    r = mine("program.updated", lambda d: d["program"]["id"] == pid and "changes" in d)
    p = r.json["data"]["program"]
    assert p["progress"] == after and p["department"]["slug"] == "dinkes" and isinstance(p["budget"], int)
    assert {"field": "progress", "from": before, "to": after} in r.json["data"]["changes"]
    assert r.json["url"].startswith(f"{srv.base}/program/{pid}")
    # ... and one that changes nothing in it goes as the report
    assert officer(srv, "dinkes").post(f"/dinas/dinkes/program/{pid}/kabar",
                                       {"isi": "Cuaca baik, pekerjaan lanjut.", "progres": "", "status": ""})[0] == 303
    r = mine("program.updated", lambda d: d["program"]["id"] == pid and "report" in d)
    assert r.json["data"]["report"]["body"] == "Cuaca baik, pekerjaan lanjut." and "changes" not in r.json["data"]

    # session.scheduled and session.live
    sid = schedule(srv)
    r = mine("session.scheduled", lambda d: d["session"]["id"] == sid)
    s = r.json["data"]["session"]
    assert s["title"] == SESSION["judul"] and s["state"] == "terjadwal" and s["departments"][0]["slug"] == "dinkes"
    assert s["url"] == r.json["url"] == f"{srv.base}/sesi/{sid}" and s["starts_at"] == "2026-12-10T02:00:00Z"
    assert humas(srv).post(f"/sesi/{sid}/status", {"status": "berlangsung"})[0] == 303
    r = mine("session.live", lambda d: d["session"]["id"] == sid)
    assert r.json["data"]["session"]["state"] == "berlangsung"

    # kip.request.decided: what the register shows, never the requester
    slug = file_request(srv)
    ppid = person(srv, "PPID dinkes", [("warga", None), ("ppid", "dinkes")])
    assert ppid.post(f"/ppid/{slug}", {"aksi": "putuskan", "keputusan": "dikabulkan",
                                       "diberikan": "Rekap imunisasi per desa.", "media": "PDF"})[0] == 303
    number = "KIP/" + slug.replace("-", "/")
    r = mine("kip.request.decided", lambda d: d["request"]["number"] == number)
    k = r.json["data"]["request"]
    assert k["outcome"] == "dikabulkan" and k["outcome_label"] == "Dikabulkan seluruhnya"
    assert k["subject"] == KIP_FORM["perihal"] and k["department"]["slug"] == "dinkes"
    assert k["url"] == r.json["url"] == f"{srv.base}/permohonan/{slug}"
    for personal in ("Siti Rahmawati", "3216064512900003", "3216 0645", "Melati", "0812-3456", "081234567890",
                     "siti.kip", "Wartawan", "liputan"):
        assert personal not in r.body.decode(), personal

    # every delivery: signed, its headers agreeing with its body, ids apart
    got = [g for g in rx.got if g.answered == 200]
    assert {g.event for g in got} == set(EVENTS)
    for g in got:
        verify(secret, g)
        assert g.path == "/terbuka/masuk?token=rahasia-penerima"
        assert g.headers["content-type"].startswith("application/json")
        assert g.headers["user-agent"].startswith("terbuka-webhook/")
        assert g.json["event"] == g.event and re.fullmatch(r"[0-9a-f]{32}", g.json["id"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", g.json["occurred_at"])
        assert re.fullmatch(r"[0-9a-f]{32}", g.headers["x-terbuka-delivery"])
    assert len({g.headers["x-terbuka-delivery"] for g in got}) == len(got)
    # the log says so
    log = wait_delivery(srv, eid, lambda d: d["event"] == "kip.request.decided" and d["status"] == "delivered")
    assert log["tries"][0]["status_code"] == 200 and log["tries"][0]["attempt"] == 1


REFUSED = [
    ("ftp://files.example.id/hook", "url_scheme"),
    ("javascript:alert(1)", "url_scheme"),
    ("hooks.example.id/terbuka", "url_scheme"),
    ("http://user:pass@hooks.example.id/terbuka", "url_credentials"),
    ("https://token@hooks.example.id/terbuka", "url_credentials"),
    ("http://127.0.0.1:{port}/terbuka", "url_self"),
    ("http://localhost:{port}/", "url_self"),
    ("http://127.0.0.2:{port}/", "url_self"),
    ("http://[::1]:{port}/", "url_self"),
    ("{base}/apa/saja", "url_self"),
    ("http://169.254.169.254/latest/meta-data/", "url_local"),
    ("http://0.0.0.0:8123/", "url_local"),
    ("http://[fe80::1]/", "url_local"),
    ("http://hooks.example.id/ada spasi", "url_invalid"),
    ("http:///tanpa-host", "url_invalid"),
    ("", "url_required"),
]


@pytest.mark.parametrize("url, key", REFUSED, ids=[k + ":" + u[:30] for u, k in REFUSED])
def test_an_address_that_may_not_hear_events_is_refused_with_the_form_kept(srv, url, key):
    url = url.format(port=srv.port, base=srv.base)
    before = srv.sql("SELECT count(*) FROM webhook_endpoints")
    fields = {"url": url, "keterangan": "Akun Instagram <resmi>", "session.live": "1", "aktif": "1"}
    status, _, m = admin(srv).post_json("/admin/webhook", fields)
    assert status == 422, m
    assert m["form"]["error"]["url"] == LOCALE[key]
    assert m["form"]["values"]["url"] == url and m["form"]["values"]["keterangan"] == "Akun Instagram <resmi>"
    assert [e["name"] for e in m["events"] if e["checked"]] == ["session.live"]
    assert "secret" not in m
    # the page says it beside the field, with what was typed, escaped
    status, _, body = admin(srv).post("/admin/webhook", fields)
    html = body.decode()
    assert status == 422 and LOCALE[key] in unescape(html)
    assert "Akun Instagram &lt;resmi&gt;" in html and 'aria-invalid="true"' in html
    assert srv.sql("SELECT count(*) FROM webhook_endpoints") == before


def test_no_event_is_refused_and_a_change_is_checked_too(srv, rx, endpoints):
    status, _, m = admin(srv).post_json("/admin/webhook", {"url": rx.url, "keterangan": "", "aktif": "1"})
    assert status == 422 and m["form"]["error"]["peristiwa"] == LOCALE["events_required"]
    secret, eid = create(srv, rx.url, events=["session.live"])
    endpoints.append(eid)
    status, _, m = admin(srv).post_json(f"/admin/webhook/{eid}", {"url": f"http://127.0.0.1:{srv.port}/x",
                                                                  "session.live": "1", "aktif": "1"})
    assert status == 422 and m["form"]["error"]["url"] == LOCALE["url_self"]
    assert m["endpoint"]["url"] == rx.url and "secret" not in m  # nothing written, the secret not shown again
    assert srv.sql(f"SELECT url FROM webhook_endpoints WHERE id = {eid}") == rx.url


def test_loopback_is_refused_without_the_test_flag(fresh_server, rx):
    s = fresh_server()
    c = accountkit.person(s, "Admin Tanpa Loopback", [("warga", None), ("admin", None)])
    status, _, m = c.post_json("/admin/webhook", {"url": rx.url, "session.live": "1", "aktif": "1"})
    assert status == 422 and m["form"]["error"]["url"] == LOCALE["url_local"]
    status, _, m = c.post_json("/admin/webhook", {"url": "https://hooks.example.id/terbuka", "session.live": "1"})
    assert status == 201 and m["endpoint"]["active"] is False


def test_a_failing_receiver_is_tried_again_with_backoff_until_it_is_back(srv, rx, endpoints):
    secret, eid = create(srv, rx.url, events=["session.scheduled"])
    endpoints.append(eid)
    rx.status = 500
    sid = schedule(srv, judul="Sesi Uji Coba Ulang")
    first = rx.wait_for(lambda r: r.json["data"]["session"]["id"] == sid)[0]
    assert first.answered == 500
    d = wait_delivery(srv, eid, lambda d: len(d["tries"]) == 1)
    assert d["status"] == "pending" and d["tries"][0]["status_code"] == 500 and d["tries"][0]["error"] == "HTTP 500"
    job = job_of(srv, d["id"])
    assert job["status"] == "queued" and job["attempts"] == 1 and job["max"] == 8
    assert 25 <= seconds(job["updated_at"], job["run_at"]) <= 35  # the first wait: 30 s

    rx.stop()  # gone: connections refused
    rewind(srv)
    d = wait_delivery(srv, eid, lambda d: len(d["tries"]) == 2)
    second = d["tries"][1]
    assert second["status_code"] is None and second["error"] and "HTTP" not in second["error"], second
    assert "rahasia-penerima" not in second["error"]  # no part of the URL past its host
    job = job_of(srv, d["id"])
    assert job["attempts"] == 2 and 55 <= seconds(job["updated_at"], job["run_at"]) <= 65  # doubled

    rx.status = 200
    rx.start()  # back
    rewind(srv)
    d = wait_delivery(srv, eid, lambda d: d["status"] == "delivered")
    assert [t["attempt"] for t in d["tries"]] == [1, 2, 3]
    assert [t["status_code"] for t in d["tries"]] == [500, None, 200]
    assert job_of(srv, job_id=job["id"])["status"] == "done"
    last = rx.wait_for(lambda r: r.answered == 200 and r.json["data"]["session"]["id"] == sid)[0]
    assert last.headers["x-terbuka-delivery"] == first.headers["x-terbuka-delivery"] == d["uid"]
    assert last.body == first.body
    verify(secret, first)
    verify(secret, last)
    # the admin reads it in the page's log
    status, _, body = admin(srv).get(f"/admin/webhook/{eid}")
    html = body.decode()
    assert status == 200 and "HTTP 500" in html and LOCALE["status"]["delivered"] in html
    assert html.count('id="pengiriman-') == 1


def test_the_last_failure_marks_the_delivery_failed_and_it_can_be_sent_again(srv, rx, endpoints):
    secret, eid = create(srv, rx.url, events=["session.scheduled"])
    endpoints.append(eid)
    rx.status = 503
    sid = schedule(srv, judul="Sesi Gagal Terus")
    d = wait_delivery(srv, eid, lambda d: len(d["tries"]) == 1)
    job = job_of(srv, d["id"])
    # six more waits pass at once: the eighth attempt is the last
    srv.sql(f"UPDATE jobs SET attempts = 7 WHERE id = {job['id']}")
    rewind(srv)
    d = wait_delivery(srv, eid, lambda d: d["status"] == "failed")
    assert [t["attempt"] for t in d["tries"]] == [1, 2] and job_of(srv, job_id=job["id"])["status"] == "failed"
    status, _, body = admin(srv).get("/admin/webhook")
    assert LOCALE["status"]["failed"] in body.decode()
    # sent again by the admin, now that the receiver is well
    rx.status = 200
    status, headers, _ = admin(srv).post(f"/admin/webhook/{eid}/kirim-ulang", {"pengiriman": str(d["id"])})
    assert status == 303 and headers["location"] == f"/admin/webhook/{eid}?pesan=dikirim_ulang#pengiriman-{d['id']}"
    d = wait_delivery(srv, eid, lambda d: d["status"] == "delivered")
    assert d["tries"][-1] == {**d["tries"][-1], "attempt": 3, "resend": True, "status_code": 200, "ok": True}
    ok = rx.wait_for(lambda r: r.answered == 200 and r.json["data"]["session"]["id"] == sid)[0]
    verify(secret, ok)


def test_resend_sends_the_same_delivery_again(srv, rx, endpoints):
    secret, eid = create(srv, rx.url, events=["session.scheduled"])
    endpoints.append(eid)
    sid = schedule(srv, judul="Sesi Kirim Ulang")
    d = wait_delivery(srv, eid, lambda d: d["status"] == "delivered")
    c = admin(srv)
    assert c.post(f"/admin/webhook/{eid}/kirim-ulang", {"pengiriman": str(d["id"])})[0] == 303
    both = rx.wait_for(lambda r: r.json["data"]["session"]["id"] == sid, count=2)
    assert both[0].headers["x-terbuka-delivery"] == both[1].headers["x-terbuka-delivery"]
    assert both[0].body == both[1].body
    for r in both:
        verify(secret, r)
    d = wait_delivery(srv, eid, lambda d: len(d["tries"]) == 2)
    assert [t["resend"] for t in d["tries"]] == [False, True]
    # a delivery that is not this endpoint's, or none at all
    other_secret, other = create(srv, rx.url, events=["session.live"])
    endpoints.append(other)
    for fields in ({"pengiriman": str(d["id"])}, {"pengiriman": "987654321"}, {"pengiriman": "x"}, {}):
        status, _, body = c.post(f"/admin/webhook/{other}/kirim-ulang", fields)
        assert status == 404, (fields, status)
    assert LOCALE["delivery_unknown"] in body.decode()


def test_the_secret_is_shown_once_rotated_and_never_kept_or_logged_in_clear(srv, rx, endpoints):
    secret, eid = create(srv, rx.url, events=["session.scheduled"])
    endpoints.append(eid)
    c = admin(srv)
    for path in (f"/admin/webhook/{eid}", "/admin/webhook"):
        status, _, body = c.get(path)
        assert status == 200 and secret not in body.decode()
        status, _, body = c.get(path + ".json")
        assert status == 200 and secret not in body.decode() and "w1:" not in body.decode()
    stored = srv.sql(f"SELECT secret FROM webhook_endpoints WHERE id = {eid}")
    assert stored.startswith("w1:") and secret not in stored
    assert srv.sql(f"SELECT secret_hint FROM webhook_endpoints WHERE id = {eid}") == secret[-4:]
    # a new one: shown this once, the next delivery signed with it
    status, _, m = c.post_json(f"/admin/webhook/{eid}/rahasia", {})
    assert status == 200 and m["secret"] != secret and m["endpoint"]["secret_hint"] == m["secret"][-4:]
    new = m["secret"]
    status, _, body = c.post(f"/admin/webhook/{eid}/rahasia", {})
    html = body.decode()
    assert status == 200 and 'readonly value="whsec_' in html and LOCALE["secret_once"] in html
    newest = re.search(r'readonly value="(whsec_[^"]+)"', html).group(1)
    assert newest not in (secret, new)
    sid = schedule(srv, judul="Sesi Rahasia Baru")
    r = rx.wait_for(lambda r: r.json["data"]["session"]["id"] == sid)[0]
    verify(newest, r)
    with pytest.raises(AssertionError):
        verify(secret, r)
    # a sealed secret moved to another endpoint does not open there
    _, other = create(srv, rx.url, events=["session.live"])
    endpoints.append(other)
    srv.sql(f"UPDATE webhook_endpoints SET secret = (SELECT secret FROM webhook_endpoints WHERE id = {eid}) "
            f"WHERE id = {other}")
    assert humas(srv).post(f"/sesi/{sid}/status", {"status": "berlangsung"})[0] == 303
    d = wait_delivery(srv, other, lambda d: len(d["tries"]) == 1)
    assert d["status"] == "pending" and "secret" in d["tries"][0]["error"]
    assert not [r for r in rx.got if r.event == "session.live" and r.json["data"]["session"]["id"] == sid]
    logs = srv.stdout() + srv.stderr()
    for s in (secret, new, newest):
        assert s not in logs
    assert "rahasia-penerima" not in logs


def test_an_endpoint_switched_off_hears_nothing_and_a_deleted_one_is_gone(srv, rx, endpoints):
    secret, eid = create(srv, rx.url, events=["session.scheduled"], description="Sementara")
    endpoints.append(eid)
    c = admin(srv)
    status, headers, _ = c.post(f"/admin/webhook/{eid}", {"url": rx.url, "keterangan": "Dimatikan",
                                                          "session.scheduled": "1"})
    assert status == 303 and headers["location"] == f"/admin/webhook/{eid}?pesan=disimpan"
    status, m = c.json(f"/admin/webhook/{eid}")
    assert m["endpoint"]["active"] is False and m["endpoint"]["description"] == "Dimatikan"
    sid = schedule(srv, judul="Sesi Tanpa Pendengar")
    time.sleep(1.5)
    assert not [r for r in rx.got if r.json["data"]["session"]["id"] == sid]
    assert deliveries(srv, eid) == []
    # deleted: its page is gone, its log with it
    status, headers, _ = c.post(f"/admin/webhook/{eid}/hapus", {})
    assert status == 303 and headers["location"] == "/admin/webhook?pesan=dihapus"
    assert c.get(f"/admin/webhook/{eid}")[0] == 404
    assert c.post(f"/admin/webhook/{eid}/hapus", {})[0] == 404
    assert srv.sql(f"SELECT count(*) FROM webhook_subscriptions WHERE endpoint_id = {eid}") == "0"
    status, _, body = c.get("/admin/webhook?pesan=dihapus")
    assert LOCALE["notice"]["dihapus"] in body.decode()


def test_the_list_page_shows_each_endpoint(srv, rx, endpoints):
    _, eid = create(srv, rx.url, events=["question.answered", "kip.request.decided"],
                    description="Kanal Telegram <Diskominfo>")
    endpoints.append(eid)
    status, _, body = admin(srv).get("/admin/webhook")
    html = body.decode()
    assert status == 200 and f'href="/admin/webhook/{eid}"' in html
    assert "Kanal Telegram &lt;Diskominfo&gt;" in html
    assert LOCALE["event"]["question_answered"] in html and LOCALE["event"]["kip_request_decided"] in html
    status, m = admin(srv).json("/admin/webhook")
    row = [e for e in m["endpoints"] if e["id"] == eid][0]
    assert row["events"] == ["kip.request.decided", "question.answered"] and row["active"] is True
    assert "secret" not in row


def test_only_admins_get_in(srv):
    for who in (person(srv, "Warga Biasa Webhook"), humas(srv), officer(srv, "dinkes")):
        assert who.get("/admin/webhook")[0] == 403
        assert who.post("/admin/webhook", {"url": "https://hooks.example.id/", "session.live": "1"})[0] == 403
    status, headers, _ = Client(srv).get("/admin/webhook")
    assert status == 303 and headers["location"].startswith("/masuk?lanjut=")
    assert Client(srv).get("/admin/webhook.json")[0] == 401


def test_the_delivery_log_keeps_ended_deliveries_for_ninety_days(srv, rx, endpoints):
    _, eid = create(srv, rx.url, events=["question.answered"])
    endpoints.append(eid)
    old = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=91)).strftime("%Y-%m-%dT%H:%M:%SZ")
    young = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=89)).strftime("%Y-%m-%dT%H:%M:%SZ")
    made = {}
    for name, status, at in (("old_delivered", "delivered", old), ("old_failed", "failed", old),
                             ("old_pending", "pending", old), ("young_delivered", "delivered", young)):
        srv.sql(f"INSERT INTO webhook_deliveries (endpoint_id, uid, event, body, status, created_at, updated_at) "
                f"VALUES ({eid}, '{name}', 'question.answered', '{{}}', '{status}', '{at}', '{at}')")
        made[name] = int(srv.sql(f"SELECT id FROM webhook_deliveries WHERE uid = '{name}'"))
        srv.sql(f"INSERT INTO webhook_attempts (delivery_id, attempt, at, duration_ms, status_code) "
                f"VALUES ({made[name]}, 1, '{at}', 12, 200)")
    # the daily job, due now
    srv.sql("UPDATE jobs SET run_at = '2000-01-01T00:00:00Z' WHERE kind = 'webhook.prune' AND status = 'queued'")
    deadline = time.monotonic() + 10
    while srv.sql(f"SELECT count(*) FROM webhook_deliveries WHERE id = {made['old_delivered']}") != "0":
        assert time.monotonic() < deadline, "the old delivered delivery is still in the log"
        time.sleep(0.1)
    left = srv.sql(f"SELECT uid FROM webhook_deliveries WHERE endpoint_id = {eid} ORDER BY uid").split()
    assert left == ["old_pending", "young_delivered"], left
    assert srv.sql(f"SELECT count(*) FROM webhook_attempts WHERE delivery_id IN "
                   f"({made['old_delivered']}, {made['old_failed']})") == "0"
    # and it comes again tomorrow
    assert srv.sql("SELECT count(*) FROM jobs WHERE kind = 'webhook.prune' AND status = 'queued' "
                   "AND run_at > '2001-01-01'") == "1"
