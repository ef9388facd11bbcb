-- 017_kip_documents: what a PPID releases with a decision (UU 14/2008
-- Pasal 22 ayat 7: "bagian informasi yang dihitamkan"). A document is
-- either an uploaded file released as it is, or a text the PPID enters
-- from the record, with the parts to black out (kip_redactions) and the
-- ground of Pasal 17 for each. The requester only ever receives the
-- public copy, built from the text with every redacted span replaced;
-- the text as held stays on the PPID's desk. Kept equivalent to
-- migrations/pg/017_kip_documents.sql.

CREATE TABLE kip_documents (
  id          INTEGER PRIMARY KEY,
  request_id  INTEGER NOT NULL REFERENCES kip_requests (id) ON DELETE CASCADE,
  title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  file_hash   TEXT REFERENCES files (hash),
  body        TEXT CHECK (length(body) <= 200000),
  created_by  INTEGER REFERENCES users (id),
  created_at  TEXT NOT NULL,
  CHECK ((file_hash IS NULL) <> (body IS NULL))
);
CREATE INDEX kip_documents_request ON kip_documents (request_id, id);

CREATE TABLE kip_redactions (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES kip_documents (id) ON DELETE CASCADE,
  start_at     INTEGER NOT NULL CHECK (start_at >= 0),   -- byte offsets in body, UTF-8 boundaries
  end_at       INTEGER NOT NULL CHECK (end_at > start_at),
  ground       TEXT NOT NULL CHECK (ground IN ('a','b','c','d','e','f','g','h','i','j')),
  reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
  created_by   INTEGER REFERENCES users (id),
  created_at   TEXT NOT NULL
);
CREATE INDEX kip_redactions_document ON kip_redactions (document_id, start_at);

CREATE TRIGGER kip_documents_insert_v AFTER INSERT ON kip_documents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER kip_documents_delete_v AFTER DELETE ON kip_documents
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER kip_redactions_insert_v AFTER INSERT ON kip_redactions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER kip_redactions_delete_v AFTER DELETE ON kip_redactions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
