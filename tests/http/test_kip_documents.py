"""What a PPID releases with the written notice (issue #9; src/kip/
documents*.c, redact.c, notice_pdf.c, deliver.c, prints.c): documents
prepared while the request is open, parts of a text blacked out with a
ground of Pasal 17 and a reason, the notice printed as a PDF with every
field, and the requester mailed the notice and the documents attached.
The public copy never holds the removed text: not in the PDF's text
(pdftotext, poppler-utils), not in the mail, not on any page. Both
engines."""
from __future__ import annotations

import json
import re
import subprocess

import pytest

from accountkit import Client, person
from httpkit import Server
from smtpsink import SmtpSink
from test_kip_requests import GOOD
from test_uploads import PNG

_keys = iter(range(1, 10**6))

SECRET = "Budi Santoso, NIK 3216061203850002"
TEXT = ("Daftar penerima bantuan alat bantu dengar, Desa Sukamaju, 2025.\n"
        f"1. {SECRET}, RT 02/RW 05, tuli sejak lahir.\n"
        "2. Penerima kedua menolak datanya dibuka.\n"
        f"Catatan: {SECRET} menerima bantuan pada Maret 2025. Anggaran Rp 4.500.000 dari APBD.")


@pytest.fixture(scope="module")
def sink():
    with SmtpSink() as box:
        yield box


@pytest.fixture(scope="module")
def srv(bin_path, tmp_path_factory, sink):
    s = Server(tmp_path_factory.mktemp("tbk-kip-docs"), name="kip-docs", args=sink.args + ["--workers", "1"])
    s.start()
    yield s
    s.assert_clean_exit()


def filed(srv, **changes) -> tuple[str, str]:
    form = dict(GOOD, ppid="dinkes", kunci=f"dok-{next(_keys)}")
    form.update(changes)
    status, h, body = Client(srv).post("/permohonan/baru", form)
    assert status == 303, body[:1000]
    m = re.match(r"^/permohonan/(\d{4}-\d{6})\?kode=([a-z2-7]+)&", h["location"])
    return m.group(1), m.group(2)


def ppid(srv, agency="dinkes"):
    return person(srv, f"PPID {agency}", [("warga", None), ("ppid", agency)])


def case(c, slug):
    status, _, body = c.get(f"/ppid/{slug}", headers={"Accept": "application/json"})
    assert status == 200
    return json.loads(body)


def post(c, path, **fields):
    status, h, body = c.post(path, fields, headers={"Accept": "application/json"})
    return status, (json.loads(body) if h.get("content-type", "").startswith("application/json") else None)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-"), data[:40]
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def add_text(c, slug, title="Daftar penerima bantuan", text=TEXT):
    return c.post_files(f"/ppid/{slug}/dokumen", {"judul": title, "teks": text}, [],
                        headers={"Accept": "application/json"})


def test_a_text_is_released_with_its_private_parts_blacked_out(srv, sink):
    slug, code = filed(srv, email="penerima.dok@example.id")
    c = ppid(srv)
    assert add_text(c, slug)[0] == 303
    doc = case(c, slug)["documents"][0]
    assert doc["is_text"] and doc["redacted"] == 0
    # a phrase that is not in the text, or no ground: 422, the form kept, nothing written
    for fields, field in [(dict(frasa="Siti Aminah", dasar="h", alasan_hitam="Rahasia pribadi"), "frasa"),
                          (dict(frasa=SECRET, dasar="", alasan_hitam="Rahasia pribadi"), "dasar"),
                          (dict(frasa=SECRET, dasar="h", alasan_hitam=""), "alasan_hitam")]:
        status, m = post(c, f"/ppid/{slug}/dokumen/{doc['id']}/hitamkan", **fields)
        assert status == 422 and field in m["form"]["error"], (fields, m and m["form"])
        assert m["form"]["values"]["frasa"] == fields["frasa"]
    assert srv.sql(f"SELECT count(*) FROM kip_redactions WHERE document_id = {doc['id']}") == "0"
    # every occurrence is blacked out, each with its ground and reason
    status, _ = post(c, f"/ppid/{slug}/dokumen/{doc['id']}/hitamkan", frasa=SECRET, dasar="h",
                     alasan_hitam="Nama dan NIK penerima: rahasia pribadi penyandang disabilitas.")
    assert status == 303
    status, _ = post(c, f"/ppid/{slug}/dokumen/{doc['id']}/hitamkan", frasa="RT 02/RW 05", dasar="h",
                     alasan_hitam="Alamat penerima.")
    assert status == 303
    doc = case(c, slug)["documents"][0]
    assert doc["redacted"] == 3
    marked = [s["text"] for s in doc["segments"] if s.get("marked")]
    assert marked == [SECRET, "RT 02/RW 05", SECRET]  # the PPID sees what goes
    # the PPID's preview of the public copy
    status, h, body = c.get(f"/ppid/{slug}/dokumen/{doc['id']}/salinan")
    assert status == 200 and h["content-type"] == "application/pdf"
    preview = pdf_text(body)
    assert "Budi Santoso" not in preview and "3216061203850002" not in preview and "RT 02/RW 05" not in preview
    assert "\u2588" in preview and "Anggaran Rp 4.500.000 dari APBD" in preview
    assert "rahasia pribadi penyandang disabilitas" in preview and "Pasal 17 huruf h" in preview
    # decide: the notice goes out with the document attached
    status, _ = post(c, f"/ppid/{slug}", aksi="putuskan", keputusan="dikabulkan_sebagian",
                     diberikan="Daftar penerima bantuan alat bantu dengar 2025.", media="Salinan PDF melalui email",
                     dihitamkan="Nama, NIK, dan alamat penerima (Pasal 17 huruf h).")
    assert status == 303
    mail = sink.wait_for(lambda m: "penerima.dok@example.id" in m.rcpt_tos and "Dikabulkan sebagian" in m.subject,
                         timeout=20)
    files = {p.get_filename(): p.get_content() for p in mail.message.iter_attachments()}
    assert set(files) == {"pemberitahuan-tertulis.pdf", "dokumen-1.pdf"}
    notice, copy = pdf_text(files["pemberitahuan-tertulis.pdf"]), pdf_text(files["dokumen-1.pdf"])
    assert "Siti Rahmawati" in notice  # addressed to the requester
    for needed in ["Pemberitahuan tertulis", "KIP/" + slug.replace("-", "/"), "Dikabulkan sebagian",
                   "Salinan PDF melalui email", "Daftar penerima bantuan", "3 bagian dihitamkan", "Tanpa biaya",
                   "keberatan"]:
        assert needed in notice, needed
    for text in (notice, copy, mail.raw.decode("latin-1")):
        assert "Budi Santoso" not in text and "3216061203850002" not in text
    assert "Anggaran Rp 4.500.000 dari APBD" in copy
    # the requester's page links both; anyone else sees only titles
    mine = json.loads(Client(srv).get(f"/permohonan/{slug}.json?kode={code}")[2])["notice"]
    assert mine["pdf_url"].endswith(f"?kode={code}") and mine["released"][0]["pdf_url"]
    status, _, body = Client(srv).get(mine["released"][0]["pdf_url"])
    assert status == 200 and "Budi Santoso" not in pdf_text(body)
    public = json.loads(Client(srv).get(f"/permohonan/{slug}.json")[2])["notice"]
    assert public["released"][0]["title"] == "Daftar penerima bantuan" and "pdf_url" not in public["released"][0]
    assert "Budi Santoso" not in json.dumps(public)
    status, _, body = Client(srv).get(f"/permohonan/{slug}/dokumen/{doc['id']}/salinan.pdf")
    assert status == 403
    status, h, body = Client(srv).get(public["pdf_url"])
    assert status == 200 and h["content-type"] == "application/pdf"
    assert "Siti Rahmawati" not in pdf_text(body) and "Dikabulkan sebagian" in pdf_text(body)
    # once the notice is given the documents are fixed
    assert post(c, f"/ppid/{slug}/dokumen/{doc['id']}/hapus")[0] == 409
    assert add_text(c, slug)[0] == 409


def test_a_file_is_released_as_it_is_and_attached(srv, sink):
    slug, _ = filed(srv, email="berkas.dok@example.id")
    c = ppid(srv)
    png = PNG
    status, _, body = c.post_files(f"/ppid/{slug}/dokumen", {"judul": "Foto papan proyek"},
                                   [("berkas", "papan.png", "image/png", png)], headers={"Accept": "application/json"})
    assert status == 303, body[:500]
    # a file and a text at once, or neither: one of them
    status, _, body = c.post_files(f"/ppid/{slug}/dokumen", {"judul": "Dua isi", "teks": "x"},
                                   [("berkas", "papan.png", "image/png", png)], headers={"Accept": "application/json"})
    assert status == 422 and "teks" in json.loads(body)["form"]["error"]
    status, _, body = c.post_files(f"/ppid/{slug}/dokumen", {"judul": "Kosong"}, [],
                                   headers={"Accept": "application/json"})
    assert status == 422
    status, _, body = c.post_files(f"/ppid/{slug}/dokumen", {"judul": ""}, [], headers={"Accept": "application/json"})
    assert status == 422 and "judul" in json.loads(body)["form"]["error"]
    doc = case(c, slug)["documents"]
    assert len(doc) == 1 and doc[0]["file"]["mime"] == "image/png"
    assert post(c, f"/ppid/{slug}/dokumen/{doc[0]['id']}/hitamkan", frasa="x", dasar="h",
                alasan_hitam="y")[0] == 422  # a file is given as it is
    assert post(c, f"/ppid/{slug}", aksi="putuskan", keputusan="dikabulkan", diberikan="Foto papan proyek.",
                media="Berkas PNG melalui email")[0] == 303
    mail = sink.wait_for(lambda m: "berkas.dok@example.id" in m.rcpt_tos and "Dikabulkan" in m.subject, timeout=20)
    files = {p.get_filename(): p.get_content() for p in mail.message.iter_attachments()}
    assert files["dokumen-1.png"] == png and "pemberitahuan-tertulis.pdf" in files
    assert "Foto papan proyek" in pdf_text(files["pemberitahuan-tertulis.pdf"])


def test_a_phrase_found_too_often_is_refused_whole(srv):
    slug, _ = filed(srv)
    c = ppid(srv)
    add_text(c, slug, title="Daftar panjang", text=" ".join(["Warga Desa Sukamaju"] * 201))
    doc = case(c, slug)["documents"][0]
    status, m = post(c, f"/ppid/{slug}/dokumen/{doc['id']}/hitamkan", frasa="Sukamaju", dasar="h", alasan_hitam="Alamat.")
    assert status == 422 and "frasa" in m["form"]["error"] and "200" in m["form"]["error"]["frasa"]
    assert srv.sql(f"SELECT count(*) FROM kip_redactions WHERE document_id = {doc['id']}") == "0"


def test_undo_a_redaction_and_remove_a_document(srv):
    slug, _ = filed(srv)
    c = ppid(srv)
    add_text(c, slug, title="Surat", text="Isi surat untuk Budi Santoso.")
    doc = case(c, slug)["documents"][0]
    post(c, f"/ppid/{slug}/dokumen/{doc['id']}/hitamkan", frasa="Budi Santoso", dasar="h", alasan_hitam="Nama.")
    note = case(c, slug)["documents"][0]["notes"][0]
    assert post(c, f"/ppid/{slug}/dokumen/{doc['id']}/kembalikan", hitam=str(note["id"]))[0] == 303
    assert case(c, slug)["documents"][0]["redacted"] == 0
    assert post(c, f"/ppid/{slug}/dokumen/{doc['id']}/hapus")[0] == 303
    assert case(c, slug)["documents"] == []
    # another PPID's case, or a document of another case: refused
    other, _ = filed(srv, ppid="dishub")
    assert post(ppid(srv, "dishub"), f"/ppid/{other}/dokumen/{doc['id']}/hapus")[0] == 404
    assert post(c, f"/ppid/{other}/dokumen/1/hapus")[0] == 403


def test_no_notice_before_the_decision(srv):
    slug, _ = filed(srv)
    assert Client(srv).get(f"/permohonan/{slug}/pemberitahuan.pdf")[0] == 404
    assert Client(srv).get("/permohonan/2026-999999/pemberitahuan.pdf")[0] == 404
