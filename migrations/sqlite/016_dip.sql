-- 016_dip: the Daftar Informasi Publik (UU 14/2008 Pasal 9-11 and 17,
-- Perki 1/2021): what each PPID holds and how it may be had, item by item,
-- with its category (berkala, serta-merta, tersedia setiap saat,
-- dikecualikan), summary, the official who holds it (pejabat penguasa
-- informasi), format, how long it is kept, year and documents. An item
-- in the exempt category cites Pasal 17's letter and the consequence test,
-- and its documents are never published. A request answered from the list
-- names its item. Kept equivalent to migrations/pg/016_dip.sql.

CREATE TABLE dip_items (
  id               INTEGER PRIMARY KEY,
  agency_id        INTEGER REFERENCES agencies (id), -- the department's PPID; NULL: the main PPID
  category         TEXT NOT NULL CHECK (category IN ('berkala','serta_merta','setiap_saat','dikecualikan')),
  title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  summary          TEXT NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
  official         TEXT NOT NULL CHECK (length(official) BETWEEN 1 AND 200),
  format           TEXT NOT NULL CHECK (format IN ('softcopy','hardcopy','softcopy_hardcopy')),
  retention        TEXT NOT NULL CHECK (length(retention) BETWEEN 1 AND 100),
  year             INTEGER NOT NULL CHECK (year BETWEEN 1945 AND 2100),
  exemption        TEXT CHECK (exemption IN ('a','b','c','d','e','f','g','h','i','j')),
  consequence_test TEXT CHECK (length(consequence_test) <= 8000),
  stems            TEXT NOT NULL DEFAULT '',        -- title, summary, official as stemmed words (search_stems)
  created_by       INTEGER REFERENCES users (id),
  updated_by       INTEGER REFERENCES users (id),
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  CHECK ((category = 'dikecualikan') = (exemption IS NOT NULL AND consequence_test IS NOT NULL))
);
CREATE INDEX dip_items_by_agency ON dip_items (agency_id, id);
CREATE INDEX dip_items_by_category ON dip_items (category, id);

-- The documents of an item (uploads, by hash); shown only while the item
-- is not exempt.
CREATE TABLE dip_item_files (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL REFERENCES dip_items (id) ON DELETE CASCADE,
  file_hash  TEXT NOT NULL REFERENCES files (hash),
  title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  created_at TEXT NOT NULL,
  UNIQUE (item_id, file_hash)
);

-- The item a request was answered from (src/kip/dip_answer.c).
ALTER TABLE kip_requests ADD COLUMN dip_item_id INTEGER REFERENCES dip_items (id) ON DELETE SET NULL;

-- The page cache's topic 'kip' covers the list (013_kip.sql).
CREATE TRIGGER dip_items_insert_v AFTER INSERT ON dip_items
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER dip_items_update_v AFTER UPDATE ON dip_items
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER dip_items_delete_v AFTER DELETE ON dip_items
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER dip_item_files_insert_v AFTER INSERT ON dip_item_files
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER dip_item_files_update_v AFTER UPDATE ON dip_item_files
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER dip_item_files_delete_v AFTER DELETE ON dip_item_files
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
