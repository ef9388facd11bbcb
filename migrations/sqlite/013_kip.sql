-- 013_kip: formal information requests under UU 14/2008 (permohonan
-- informasi publik; src/kip/). A request is filed by an identified person
-- or legal entity; its identity number, address and phone are sealed
-- with a key kept outside the database (src/kip/seal.c) and shown only to
-- the PPID handling it; the public register shows the subject, the
-- department, the dates and the state, never the person.
-- Kept equivalent to migrations/pg/013_kip.sql.

CREATE TABLE kip_requests (
  id                 INTEGER PRIMARY KEY,
  year               INTEGER NOT NULL,
  seq                INTEGER NOT NULL,
  number             TEXT NOT NULL UNIQUE,          -- 'KIP/2026/000123'
  agency_id          INTEGER REFERENCES agencies (id), -- the department's PPID; NULL: the main PPID
  user_id            INTEGER REFERENCES users (id),    -- signed in when it was sent, else NULL
  requester_kind     TEXT NOT NULL CHECK (requester_kind IN ('perorangan','badan_hukum')),
  requester_name     TEXT NOT NULL CHECK (length(requester_name) BETWEEN 1 AND 200),
  id_type            TEXT NOT NULL CHECK (id_type IN ('ktp','badan_hukum','lainnya')),
  id_number_enc      TEXT NOT NULL,                  -- sealed (src/kip/seal.c): never in clear here
  address_enc        TEXT NOT NULL,
  phone_enc          TEXT NOT NULL,
  id_number_tail     TEXT NOT NULL DEFAULT '',       -- the last 4 characters, shown masked on the receipt
  email              TEXT NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  occupation         TEXT NOT NULL DEFAULT '' CHECK (length(occupation) <= 100),
  subject            TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200), -- public: the register's "perihal"
  details            TEXT NOT NULL CHECK (length(details) BETWEEN 1 AND 20000),
  purpose            TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 8000),
  obtain             TEXT NOT NULL,                  -- how to obtain it: comma list (melihat,...,salinan_hardcopy)
  delivery           TEXT NOT NULL CHECK (delivery IN ('ambil_langsung','kurir','pos','faksimili','email')),
  proxy_file         TEXT,                           -- a request by proxy: the power of attorney (files.hash)
  state              TEXT NOT NULL DEFAULT 'diterima' CHECK (state IN ('diterima','diproses','diperpanjang',
                       'dikabulkan','dikabulkan_sebagian','ditolak','tidak_dikuasai')),
  submitted_at       TEXT NOT NULL,                  -- when it came (UTC)
  received_on        TEXT NOT NULL,                  -- the WIB day it counts as received (src/kip/clock.c)
  notice_due         TEXT NOT NULL,                  -- the written notice, at the latest (WIB day)
  extended_due       TEXT,                           -- after an extension
  tracking_hash      TEXT NOT NULL,                  -- BLAKE2b of the requester's tracking code
  form_key           TEXT UNIQUE,                    -- a double submit is one request
  personal_purged_at TEXT,                           -- identity removed after the retention period
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  UNIQUE (year, seq)
);
CREATE INDEX kip_requests_by_agency ON kip_requests (agency_id, id);
CREATE INDEX kip_requests_by_state ON kip_requests (state, notice_due);

-- The next number of each year: one row per year, taken under its lock.
CREATE TABLE kip_counters (
  year INTEGER PRIMARY KEY,
  last INTEGER NOT NULL
);

-- Everything that happened to a request, dated, with who did it: the
-- case's history (the public register shows the steps, never the person).
CREATE TABLE kip_request_events (
  id         INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES kip_requests (id) ON DELETE CASCADE,
  kind       TEXT NOT NULL CHECK (kind IN ('diajukan','diproses','diperpanjang','diputuskan',
               'keberatan','tanggapan_atasan','data_pribadi_dihapus','kalender_berubah')),
  user_id    INTEGER REFERENCES users (id),
  note       TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 8000),
  at         TEXT NOT NULL
);
CREATE INDEX kip_request_events_by_request ON kip_request_events (request_id, id);

-- Every reading of a requester's sealed identity (UU 27/2022): by whom, when.
CREATE TABLE kip_personal_reads (
  id         INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES kip_requests (id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  at         TEXT NOT NULL
);

-- The page cache's topic 'kip' (see 005_data_versions.sql): the register
-- and the request pages.
INSERT INTO data_versions (topic, bit) VALUES ('kip', 128);
CREATE TRIGGER kip_requests_insert_v AFTER INSERT ON kip_requests
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER kip_requests_update_v AFTER UPDATE ON kip_requests
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER kip_requests_delete_v AFTER DELETE ON kip_requests
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER kip_request_events_insert_v AFTER INSERT ON kip_request_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER kip_request_events_update_v AFTER UPDATE ON kip_request_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER kip_request_events_delete_v AFTER DELETE ON kip_request_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
