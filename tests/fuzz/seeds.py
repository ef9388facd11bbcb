#!/usr/bin/env python3
"""seeds.py - writes the hand-made seeds of tests/fuzz/corpus/<target>/.

Seeds are named seed-*; libFuzzer's own finds (content hashes) and kept
crash inputs (crash-*) sit beside them. Run from anywhere; it only adds or
overwrites seed-* files. The JSON twin seeds page-*.json were fetched from a
demo server (build/terbuka serve --demo ...; curl /index.json etc.).
"""
import json
import os

ROOT = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(ROOT))


def write(target, name, data):
    d = os.path.join(ROOT, "corpus", target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def many(target, items):
    for i, x in enumerate(items):
        write(target, "%02d" % i, x)


paths = [
    "/", "/dinas", "/dinas/diskominfosantik", "/dinas/bappeda.json", "/index.json",
    "/static/css/site.css", "/static/favicon.svg", "/pertanyaan/42-jalan-rusak-di-babelan",
    "/program/7", "/tanya", "/cari/Bekasi%20Utara", "/dinas/%E2%9C%93", "/a+b",
    "/%2e%2e/etc/passwd", "/static/%2fetc", "/x%00y", "/%C0%AF", "/%ED%A0%80",
    "/%F4%90%80%80", "/%E2%82", "/%zz", "/%4", "/kecamatan/Tambun%20Selatan",
    "/%F0%9F%98%80", "/\x7f", "/\x01", "relative", "//double//slash/",
]
many("fuzz_path", paths)

queries = [
    "q=banjir", "q=jalan+rusak&page=2", "halaman=3&urut=terbaru", "a=1&a=2&b=",
    "&&a=&=b&", "q=%E2%9C%93", "q=%zz", "q=%00", "q=%C3%28", "kata=Bekasi%20Utara&tahun=2024",
    "utm_source=twitter&utm_medium=social&utm_campaign=kip", "x", "=", "a=b=c",
    "&".join("f%d=%d" % (i, i) for i in range(101)),
    "&".join("f%d=%d" % (i, i) for i in range(100)), "q=+%2B+", "q=%ED%A0%80",
]
many("fuzz_query", queries)

cookies = [
    "sid=abc123", "sid=abc123; theme=dark", 'lang="id"; csrf=Zm9vYmFy',
    "a=1;b=2;  c=3 ;", "noval; x=1", "bad name=1; ok=2", "x=a\"b; y=\"\"", "=empty; a=",
    "; ; ;", "gzip, deflate, br", "gzip;q=0, br;q=1.0", "br;q=0.000, gzip;q=0.5",
    "identity;q=0, *;q=0", "GZIP ; Q=1", "deflate;q=abc", "gzip;level=5;q=0.1",
    "; ".join("c%d=%d" % (i, i) for i in range(51)), "x=\t1\t", "a=\x80\xff",
]
many("fuzz_cookies", cookies)

router = []
for m, p in [(0, "/"), (0, "/dinas"), (1, "/dinas/bappeda"), (0, "/pertanyaan/42-jalan-rusak"),
             (0, "/pertanyaan/42"), (0, "/pertanyaan/042-x"), (1, "/program/9223372036854775807"),
             (0, "/program/9223372036854775808"), (2, "/tanya"), (3, "/tanya"), (2, "/dinas"),
             (0, "/static/css/site.css"), (0, "/static/"), (0, "/dinas/Bappeda"),
             (0, "/dinas/" + "a" * 101), (0, "/dinas/"), (0, "/dinas/a/")]:
    router.append(bytes([m]) + p.encode())
router.append(b"\x00/\n/dinas\n/dinas/:slug\n/pertanyaan/:id-slug\n/program/:id\n/tanya\n/static/*")
router.append(b"\x00/a/:slug\n/a/:name\n/a/:id\n/a/*/b\n/A\n/:\n//\n/x.y_z-1")
many("fuzz_router", router)

urlenc = [
    "nama=Siti+Aminah&pesan=Jalan+rusak%21&kosong=", "judul=Banjir&isi=" + "a" * 300,
    "a=1&a=2&a=3", "nama=%C0%AF", "=tanpa-nama", "tanpa-nilai", "a=%zz&b=%", "%E2%9C%93=ok",
    "a=%00", "x=" + "%41" * 200, "&".join("f%d=1" % i for i in range(201)),
    "pertanyaan=Berapa+anggaran+jalan+di+Kecamatan+Babelan+tahun+2024%3F&email=warga%40example.id",
]
urlenc = [x.encode() for x in urlenc]
urlenc += [b"\xff\x00a=1&b=2", b"\xff\x02nama=Siti+Aminah&pesan=Jalan+rusak", b"\xff\x07" + b"isi=" + b"b" * 100]
many("fuzz_form_urlencoded", urlenc)

def part(b, name, value, filename=None, ctype=None):
    h = '--%s\r\nContent-Disposition: form-data; name="%s"' % (b, name)
    if filename is not None:
        h += '; filename="%s"' % filename
    h += "\r\n"
    if ctype:
        h += "Content-Type: %s\r\n" % ctype
    return h.encode() + b"\r\n" + value + b"\r\n"

B = "XyZfuzz"
mp = [
    part(B, "judul", b"Banjir di Babelan") + b"--XyZfuzz--\r\n",
    part(B, "judul", b"Banjir") + part(B, "foto", b"\x89PNG\r\n\x1a\n0123", "a.png", "image/png") + b"--XyZfuzz--\r\n",
    part(B, "a", b"1") + part(B, "a", b"2") + b"--XyZfuzz--\r\n",
    part(B, "nama", b"\xc0\xaf") + b"--XyZfuzz--\r\n",
    part(B, "", b"x") + b"--XyZfuzz--\r\n",
    b"--XyZfuzz\r\nContent-Disposition: form-data; name=\"judul\"\r\n\r\nBanjir",
    part(B, "doc", b"%PDF-1.4\n...", "laporan 2024.pdf", "application/pdf") + b"--XyZfuzz--\r\n",
    part(B, "f", b"", "") + b"--XyZfuzz--\r\n",
    b"preamble\r\n" + part(B, "x", b"y") + b"--XyZfuzz--\r\nepilogue",
    b"B:----WebKitFormBoundary7MA4YWxkTrZu0gW\n" + part("----WebKitFormBoundary7MA4YWxkTrZu0gW", "q", b"apa?") + b"------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n",
    b"Q:a b\n" + part("a b", "x", b"1") + b"--a b--\r\n",
    b"B:\n--\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n----\r\n",
    b"\xff\x03" + part(B, "judul", b"Banjir di Babelan") + part(B, "foto", b"0123456789" * 5, "b.jpg", "image/jpeg") + b"--XyZfuzz--\r\n",
    b"--XyZfuzz\r\nContent-Disposition: form-data; name=x\r\nContent-Transfer-Encoding: base64\r\n\r\nYQ==\r\n--XyZfuzz--\r\n",
    b"--XyZfuzz\r\ncontent-disposition: FORM-DATA; NAME=\"x\"; filename*=UTF-8''%E2%9C%93.txt\r\n\r\nv\r\n--XyZfuzz--\r\n",
    b"".join(part(B, "f%d" % i, b"1") for i in range(201)) + b"--XyZfuzz--\r\n",
]
many("fuzz_form_multipart", mp)

# templates: the app's own (with the fixed model, and with a page's model)
tdir = os.path.join(REPO, "templates")
page_models = {
    "agency": "page-agency-bappeda.json", "agencies": "page-home.json", "home": "page-home.json",
    "error": "page-error-404.json",
}
jdir = os.path.join(ROOT, "corpus", "fuzz_json_twin")
site = {"site": {"name": "Bekasi Terbuka", "org": "Pemerintah Kabupaten Bekasi", "tagline": "Program & <jawaban>"},
        "t": json.load(open(os.path.join(REPO, "locale", "id.json"))), "asset_v": "abc123",
        "request_id": "0123456789abcdef", "json_path": "/dinas.json"}
for f in sorted(os.listdir(tdir)):
    if not f.endswith(".html"):
        continue
    name = f[:-5]
    text = open(os.path.join(tdir, f), "rb").read()
    write("fuzz_template", name, text)
    if name in page_models and os.path.exists(os.path.join(jdir, page_models[name])):
        model = json.load(open(os.path.join(jdir, page_models[name])))
        model.update(site)
        write("fuzz_template", name + "-model", text + b"\0" + json.dumps(model, ensure_ascii=False).encode())
small = [
    "<h1>{{title}}</h1>\n{{#items}}<li>{{.}}</li>\n{{/items}}{{^e}}kosong{{/e}}",
    "{{! komentar }}\n{{#a}}{{#b}}{{c}}{{/b}}{{/a}}\n{{a.b.c}} {{a.b.d}}",
    "{{>p}}{{>content}}<p title='{{name}}'>{{name}}</p>",
    "<div>{{{x_html}}}</div>{{{a.b_html}}}",
    "{{#items}}{{name}}{{#items}}[{{.}}]{{/items}}{{/items}}",
    "  {{#t}}\n  line\n  {{/t}}\r\n{{^f}}\n!\n{{/f}}",
    "{{#items}}{{/item}}", "{{unclosed", "{{& x}}", "{{=<% %>=}}", "{{{x}}}", "{{a..b}}",
    "<{{title}}>{{n}}{{pi}}{{yes}}{{nil}}",
    "{{#list}}<li>{{name}} {{n}}</li>{{/list}}\0" + json.dumps({"list": [{"name": "<a>", "n": i} for i in range(5)], "name": "'\"&"}),
    "{{#a}}{{b}}{{/a}}\0" + json.dumps({"a": [1, "x", None, True, {"b": "<q>"}, [[]]], "b": 1.5e300}),
    "{{.}}|{{#.}}{{.}},{{/.}}\0[\"<x>\", 1, -0.0, 1e-7, true, false, null, \"\\u0000\"]",
    "{{title}}\0\"just a string <b>\"",
]
for i, s in enumerate(small):
    write("fuzz_template", "small-%02d" % i, s)

md = [
    "# Judul\n\nParagraf dengan *penekanan* dan **tebal**.\n",
    "- satu\n- dua\n  - dua a\n\n1. pertama\n2. kedua\n",
    "[Situs resmi](https://bekasikab.go.id \"judul\") dan <https://example.id>",
    "![logo](/static/logo.png) ![gambar](data:image/png;base64,AAAA)",
    "```c\nint main(void) { return 0; }\n```\n\n    kode terindentasi\n",
    "<script>alert(1)</script>\n\n<b onclick=\"x()\">tebal</b>",
    "[klik](javascript:alert(1)) [x](JAVASCRIPT:alert(1)) [y](&#106;avascript:alert(1))",
    "[a](vbscript:msgbox) [b](file:///etc/passwd) [c](data:text/html,<script>)",
    "<javascript:alert(1)> <mailto:warga@example.id>",
    "[t](http://x \" onmouseover=alert(1) x=\")",
    "> kutipan\n> > bersarang\n\n---\n\n***",
    "Tabel | bukan\n--- | ---\na | b\n",
    "[ref]\n\n[ref]: https://example.id 'Judul'\n",
    "` <code> ` & &amp; &copy; &#0; &#x110000;",
    "```\"><script>alert(1)</script>\nx\n```",
    "![x](javascript:alert(1) \"t\")",
    "line  \nbreak\\\nhard",
    "[a](<java\tscript:alert(1)>)",
]
for a in json.load(open(os.path.join(REPO, "data", "demo", "bekasi.json")))["agencies"][:6]:
    if a.get("description"):
        md.append(a["description"])
many("fuzz_markdown", md)

twin = [
    "{}", "[]", "null", "true", "0", "-1", "9223372036854775807", "-9223372036854775808",
    "1.5", "-0.0", "1e-300", "2.2250738585072014e-308", "1.7976931348623157e308", "0.1",
    "\"teks \\u00e9 \\ud83d\\ude00 \\\" \\\\ \\/ \\b\\f\\n\\r\\t\"", "\"\\u0000nul\"",
    "{\"a\": {\"b\": [1, 2, {\"c\": null}]}, \"d\": \"<script>\"}",
    "{\"a\": 1, \"a\": 2}", "[[[[[[[[[[]]]]]]]]]]", "{\"\": \"\", \"\\u0000\": 1}",
    "{\"items\": [], \"total\": 0, \"page\": 1, \"next\": null}",
]
for i, s in enumerate(twin):
    write("fuzz_json_twin", "%02d" % i, s)

# uploads: the four types, what is refused, headers claiming huge pictures,
# EXIF orientation (the JPEG and WebP bytes were written once by libgd)
import struct
import zlib


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(w, h, rows=None, color=2):
    rows = rows if rows is not None else b"".join(b"\0" + bytes(3 * w) for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, color, 0, 0, 0)) +
            png_chunk(b"IDAT", zlib.compress(rows)) + png_chunk(b"IEND", b""))


def exif(orientation, order=b"MM"):
    p = ">" if order == b"MM" else "<"
    tiff = order + struct.pack(p + "HI", 42, 8) + struct.pack(p + "H", 1) + \
        struct.pack(p + "HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(p + "I", 0)
    return b"Exif\0\0" + tiff


jpeg = bytes.fromhex("ffd8ffe000104a46494600010101006000600000fffe003b43524541544f523a2067642d6a7065672076312e3020287573696e6720494a47204a50454720763632292c207175616c697479203d2037350affdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffdb0043010909090c0b0c180d0d1832211c213232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232323232ffc00011080003000403012200021101031101ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc4001f0100030101010101010101010000000000000102030405060708090a0bffc400b51100020102040403040705040400010277000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda000c03010002110311003f00e3d542a85500003000ed4514578cdb6eecfd2d2b1fffd9")
app1 = exif(6)
uploads = [
    png(3, 2), png(1, 1), png(100000, 100000, rows=b"\0" * 64), png(2, 2, color=6, rows=b"\0" + bytes(8) + b"\0" + bytes(8)),
    png(3, 2)[:50], jpeg, jpeg[:200], jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:],
    bytes.fromhex("5249464622000000574542505650384c150000002f038000000f301e83fc8ffff90f1edce121a2ff6100"), bytes.fromhex("524946464800000057454250565038203c000000b001009d012a0400030001402625b00274ba0004300000fef1debfa31d01f2bf93f96a35b37f78bd8bc4539fff792f9a0defff760bff760bfd6c0000"),
    b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\xff\xff\xff\x0f" + bytes(9),
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    b"Ini bukan PDF.\n", b"<!doctype html><script>alert(1)</script>", b"GIF89a\x01\0\x01\0\0\0\0;",
    exif(3), exif(8, b"II"), exif(6)[:20],
]
many("fuzz_upload", uploads)

searches = [
    "membangun jalan", "Pembangunan Jalan Desa", "jalan rusak di Tambun", "apakah yang di",
    "\"jalan\"", "\"jalan", "jalan*", "NEAR(jalan rusak, 2)", "-jalan title:x ^y", "jalan OR rusak",
    "jalan & !rusak | (tambun) <-> a:*", "'; DROP TABLE search_docs; --", "gorong-gorong",
    "Café “jalan” 😀rusak😀 ½ ×", "сельская дорога", "", "   ", "!!!", "a" * 60,
    " ".join("kata%d" % i for i in range(20)), "jalan\0rusak", b"jalan\xff\xfetambun\xc3",
    b"\xed\xa0\x80\xc0\xaf\xf4\x90\x80\x80", "e\u0301\u0301\u0301", "jalan " * 300,
]
many("fuzz_search_query", searches)


def ics(*events, head="BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//uji//ID\r\n", tail="END:VCALENDAR\r\n"):
    body = "".join("BEGIN:VEVENT\r\nUID:%d@uji\r\nDTSTAMP:20260101T000000Z\r\n%sEND:VEVENT\r\n" % (i, e)
                   for i, e in enumerate(events))
    return head + body + tail


calendars = [
    ics("DTSTART;VALUE=DATE:20270101\r\nDTEND;VALUE=DATE:20270102\r\nSUMMARY:Tahun Baru 2027 Masehi\r\n",
        "DTSTART;VALUE=DATE:20270310\r\nDTEND;VALUE=DATE:20270313\r\nSUMMARY:Idulfitri\\, 1448 H\r\n",
        "DTSTART:20270313\r\nDURATION:P2D\r\nSUMMARY:Cuti Bersama Idulfitri\r\n"),
    ics("DTSTART:20270102T090000Z\r\nSUMMARY:Rapat\r\n",
        "DTSTART;VALUE=DATE:20270103\r\nRRULE:FREQ=YEARLY\r\nSUMMARY:Berulang\r\n",
        "DTSTART;VALUE=DATE:20270104\r\nSTATUS:CANCELLED\r\nSUMMARY:Batal\r\n",
        "DTSTART;VALUE=DATE:20270105\r\n", "SUMMARY:Tanpa tanggal\r\n",
        "DTSTART;VALUE=DATE:20270201\r\nDTEND;VALUE=DATE:20270310\r\nSUMMARY:Panjang\r\n",
        "DTSTART;VALUE=DATE:19990101\r\nSUMMARY:Dulu\r\n",
        "DTSTART;VALUE=DATE:20271224\r\nSUMMARY:Cuti bersama Natal\r\n",
        "DTSTART;VALUE=DATE:20271224\r\nSUMMARY:Malam Natal\r\n"),
    ics("DTSTART;VALUE=DATE:20270817\r\nSUMMARY:Hari Proklamasi Kemerdekaan RI yang namanya panjang sekal\r\n"
        " i sehingga dilipat\r\nBEGIN:VALARM\r\nTRIGGER:-PT15M\r\nACTION:DISPLAY\r\nEND:VALARM\r\n"),
    "\ufeff\n\nBEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20270817\nSUMMARY:LF saja\nEND:VEVENT\n"
    "END:VCALENDAR\nBEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20280101\nSUMMARY:Kedua\nEND:VEVENT\n"
    "END:VCALENDAR\n",
    ics("DTSTART;VALUE=DATE:20270101\r\nbaris tanpa titik dua\r\nSUMMARY:x\r\n"),
    ics("DTSTART;VALUE=DATE:20270230\r\nSUMMARY:30 Februari\r\n"),
    ics("DTSTART;VALUE=DATE:20270101\r\nDTEND:20270102T100000Z\r\nSUMMARY:x\r\n"),
    ics("DTSTART;TZID=Asia/Jakarta:20270101T000000\r\nSUMMARY:Zona\r\n"),
    ics("DTSTART;VALUE=DATE:20270101\r\nSUMMARY:Tahun Baru\r\n", tail=""),
    "BEGIN:VCALENDAR\r\n" + "BEGIN:VEVENT\r\n" * 12 + "END:VEVENT\r\n" * 12 + "END:VCALENDAR\r\n",
    "<!doctype html><html>BEGIN:VCALENDAR</html>", "BEGIN:VCARD\r\nFN:Budi\r\nEND:VCARD\r\n", "",
    ics("DTSTART;VALUE=DATE:20270101\r\nSUMMARY:Hari \u00e9\u6771\U0001F600\r\n"),
    ics("DTSTART;VALUE=DATE:20270101\r\nSUMMARY:Hari\r\n").encode()[:-2] + b"\xff\x00\r\n",
]
many("fuzz_holidays_ics", calendars)

times = [
    "2026-03-16T10:00", "2026-03-17T16:00", "2026-03-17T15:59", "2026-12-31T23:59", "2026-11-28T10:00",
    "2026-03-16T10:00:59", "2024-02-29T00:00", "2026-02-29T10:00", "2026-03-16T24:00", "2026-03-16 10:00",
    "0000-01-01T00:00", "9999-12-31T23:59", "2026-03-16T10:0", "kemarin", "",
]
many("fuzz_kip_clock", times)

identities = [
    "3216064512900003", "3216 0645 1290 0003", "3216067112900001", "0916064512900003",
    "3216064512900000", "321606451290000", "081234567890", "+62 812 3456 7890", "(021) 8837 1234",
    "62 812-3456-7890", "+1 415 555 0100", "0812/3456/7890", "", "+", "6", "０８１２",
]
many("fuzz_kip_identity", identities)

fee_schedules = [
    "Fotokopi per lembar: Rp 500\nPengiriman pos dalam kabupaten: 15.000\n",
    "Fotokopi per lembar: Rp 500\r\n\r\nCakram: Rp. 25.000,00\r\n", "Pengiriman pukul 10:00: 15.000",
    "Salinan softcopy lewat email: 0", "Fotokopi 500", ": 500", "Fotokopi:", "Fotokopi: -500",
    "Fotokopi: 1.00", "Fotokopi: 1000000000000000", "\n\n\n", "",
    "".join("Salinan %d: %d\n" % (i, i * 100) for i in range(31)),
    "\u00e9" * 200 + ": 500", "\u00e9" * 201 + ": 500", "Map: 1.000\x00: 2", "Map\t:\t1 000 \r",
]
many("fuzz_kip_fees", fee_schedules)

redactions = [  # phrase NUL text
    "Budi Santoso\x00Penerima: Budi Santoso, RT 02. Catatan: Budi Santoso menerima.",
    "aa\x00aaaaa", "aXa\x00aXaXa", " \x00teks dengan spasi", "\x00tanpa frasa",
    "\u2014\x00Ibu Wulandari \u2014 Cikarang \u2014", "\u2588\x00\u2588\u2588 sudah hitam",
    "NIK\x00NIK 3216064512900003\nNIK lain 3216067112900001", "é\x00éééé",
]
many("fuzz_kip_redact", redactions)

webhook_urls = [  # byte 0: bit 0 = listening on every address
    "\x00https://otomasi.bekasikab.go.id/terbuka?token=abc", "\x00http://10.1.2.3:5678/webhook/terbuka",
    "\x00ftp://berkas.example.id/", "\x00http://user:pass@hooks.example.id/", "\x00https://token@hooks.example.id/",
    "\x00http://127.0.0.1:8080/", "\x01http://127.0.0.1:8080/", "\x00http://localhost:9000/x",
    "\x00http://[::1]:8080/", "\x00http://[::ffff:127.0.0.1]/", "\x00http://169.254.169.254/latest/meta-data/",
    "\x00http://0.0.0.0/", "\x00https://terbuka.example.id/hook", "\x00http://2130706433/", "\x00http://0x7f.1/",
    "\x00http:///x", "\x00http://?x", "\x00http://hooks.example.id/a b", "\x00http://[fe80::1%25eth0]/",
    "\x01http://api.localhost:8080/", "\x00HTTPS://HOOKS.EXAMPLE.ID:443/",
]
many("fuzz_webhook_url", webhook_urls)

def chart(kind, fmt, nseries, flags, values, texts, ncats=None):
    """A fuzz_chart input: header, 2 bytes per value, NUL-separated texts."""
    n = len(values[0]) if ncats is None else ncats
    head = bytes([kind, fmt, nseries - 1, flags, n])
    body = b"".join(v.to_bytes(2, "big") for s in values for v in s)
    return head + body + b"\x00".join(t.encode() for t in texts)


NAN, INF, HUGE, NEG = 0xFFFF, 0xFFFE, 0xFFFD, 0xFFFC
months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
charts = [
    chart(0, 0, 2, 0, [[120, 98, 143, 160, 1034, 88, 97, 130, 151, 176, 140, 201],
                       [110, 90, 120, 150, 870, 80, NAN, 101, 149, 170, 98, 150]],
          ["Pertanyaan per bulan", "Diterima dan dijawab.", "Diterima", "Dijawab"] + months),
    chart(1, 1, 2, 1, [[81, 84, NAN, NAN, 90, 86, 91, 92, 89, 95, NAN, 99],
                       [70, 72, 75, NAN, 80, 78, 77, 79, 85, 88, 86, 90]],
          ["Tingkat jawaban", "Persen.", "Dijawab", "Tepat waktu"] + months),
    chart(2, 3, 2, 8, [[4100, 2050, 1366, NAN], [1640, 1100, NEG, 0]],
          ["Anggaran", "Anggaran dan realisasi.", "Anggaran", "Realisasi",
           "Dinas Pekerjaan Umum dan Penataan Ruang Bidang Bina Marga dan Sumber Daya Air Kabupaten Bekasi",
           "Dinas Kesehatan", "<script>alert(1)</script>", "\"kutip\" & 'tanda'"]),
    chart(2, 2, 1, 0, [[NAN, NAN, NAN]], ["Kosong", "Tidak ada.", "Jam", "a", "b", "c"]),
    chart(0, 3, 3, 0, [[HUGE, INF, NEG], [1, 2, 3], [0, 0, 0]],
          ["Besar", "d", "x", "y", "z", "🚧 Jalan", "مرحبا بكم", "\x01\x7f"]),
    chart(1, 4, 1, 1, [[3, 4, 5]], ["Indeks", "d", "s", "Triwulan I", "Triwulan II", "Triwulan III"]),
    chart(0, 0, 1, 0, [[]], ["Tanpa kategori", "d", "s"], ncats=0),
    chart(0, 0, 1, 0, [[5] * 40], ["Empat puluh", "d", "s"] + ["Kecamatan %d" % i for i in range(40)]),
    bytes([2, 0, 0, 0, 255]) + b"\x00\x07" * 400 + b"T\x00D\x00S\x00" + b"x" * 5000,
]
many("fuzz_chart", charts)
H = "ab" * 32
ledger_inputs = [  # byte 0: 0 canonical JSON, 1 entries, 2 heads, 3 a consistency proof
    '\x00{"at":"2026-11-29T04:09:05Z","id":1,"kind":"answer","statement":{"body":"Jalan \\"beton\\"\\n","id":1},"v":1}',
    '\x00{"b":1,"a":2}', '\x00{"a":1.5}', '\x00{"a":"\\u00e9"}', '\x00{"\u00e9":"caf\u00e9","a":[true,null,-3]}',
    '\x01{"entries":[{"n":1,"body":"{\\"a\\":1}","leaf_hash":"' + H + '"}],"next":"/catatan/entri?dari=2"}',
    '\x01{"entries":[{"n":"1","body":2}]}', '\x01[]',
    '\x02{"heads":[{"tree_size":3,"root_hash":"' + H + '","signed_at":"2026-11-29T04:09:05Z","public_key":"'
    + "A" * 43 + '=","signature":"' + "B" * 86 + '=="}],"next":null}',
    '\x02{"heads":[],"next":"/catatan/kepala?setelah=1000"}',
    '\x03{"first":3,"second":9,"proof":["' + H + '","' + H + '"]}', '\x03{"proof":["zz"]}',
]
many("fuzz_ledger", ledger_inputs)
