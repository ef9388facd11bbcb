-- 015_kip_objections: the requester's objection (keberatan, UU 14/2008
-- Pasal 35-36) to the atasan PPID, on one or more of Pasal 35 ayat 1's
-- grounds (a-g), its legal clock (the answer within 30 working days),
-- the answer, and the last day to bring the dispute to the Komisi
-- Informasi (Pasal 37: 14 working days). Kept equivalent to
-- migrations/pg/015_kip_objections.sql.

CREATE TABLE kip_objections (
  id            INTEGER PRIMARY KEY,
  request_id    INTEGER NOT NULL UNIQUE REFERENCES kip_requests (id) ON DELETE CASCADE, -- one a request
  grounds       TEXT NOT NULL,                 -- Pasal 35 ayat 1 letters, comma list: a,c
  reason        TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 8000),
  filed_at      TEXT NOT NULL,
  received_on   TEXT NOT NULL,                 -- the WIB day it counts as received
  answer_due    TEXT NOT NULL,                 -- the atasan's answer, at the latest (Pasal 36 ayat 2)
  answer        TEXT CHECK (length(answer) <= 8000),
  upheld        INTEGER,                       -- 1: the objection is granted; 0: refused
  answered_at   TEXT,
  answered_by   INTEGER REFERENCES users (id),
  dispute_last  TEXT                           -- last day to bring the dispute (Pasal 37 ayat 2)
);

CREATE TRIGGER kip_objections_insert_v AFTER INSERT ON kip_objections
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER kip_objections_update_v AFTER UPDATE ON kip_objections
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER kip_objections_delete_v AFTER DELETE ON kip_objections
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
