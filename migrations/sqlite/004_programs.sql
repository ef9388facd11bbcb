-- migrate: foreign_keys off
-- 004_programs: departments' full profile (head, address, contacts,
-- website, social accounts, logo; more kinds), villages of each kecamatan,
-- uploaded files, and programmes: program > kegiatan > sub-kegiatan with
-- their budgets, status, progress, location, versions, timeline and
-- followers. Money is whole rupiah (INTEGER), never a float.
-- Kept equivalent to migrations/pg/004_programs.sql.

-- agencies is rebuilt to widen its kind check (the SQLite way; foreign
-- keys are off for this file and checked before it commits)
CREATE TABLE agencies_new (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 80),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  short_name  TEXT NOT NULL DEFAULT '',
  kind        TEXT NOT NULL CHECK (kind IN ('dinas','badan','sekretariat','inspektorat','satpol','kecamatan','bagian','rsud','lainnya')),
  description TEXT NOT NULL DEFAULT '',
  is_ppid_utama INTEGER NOT NULL DEFAULT 0 CHECK (is_ppid_utama IN (0,1)),
  sort_order  INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  head_name   TEXT NOT NULL DEFAULT '',
  head_title  TEXT NOT NULL DEFAULT '',
  address     TEXT NOT NULL DEFAULT '',
  phone       TEXT NOT NULL DEFAULT '',
  email       TEXT NOT NULL DEFAULT '',
  website     TEXT NOT NULL DEFAULT '',
  social      TEXT NOT NULL DEFAULT '{}',   -- JSON: {"instagram": "https://...", ...}
  logo        TEXT                          -- files.hash
);
INSERT INTO agencies_new (id, slug, name, short_name, kind, description, is_ppid_utama,
  sort_order, created_at, updated_at)
  SELECT id, slug, name, short_name, kind, description, is_ppid_utama, sort_order,
         created_at, updated_at FROM agencies;
DROP TABLE agencies;
ALTER TABLE agencies_new RENAME TO agencies;
CREATE INDEX agencies_kind ON agencies (kind, sort_order, name);

-- desa and kelurahan, each in one kecamatan (an agency of kind kecamatan)
CREATE TABLE villages (
  id           INTEGER PRIMARY KEY,
  kecamatan_id INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
  slug         TEXT NOT NULL CHECK (length(slug) BETWEEN 1 AND 80),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  kind         TEXT NOT NULL CHECK (kind IN ('desa','kelurahan')),
  UNIQUE (kecamatan_id, slug)
);

-- uploads, stored on disk by content: hash = hex BLAKE2b-256 of the bytes
CREATE TABLE files (
  hash        TEXT PRIMARY KEY CHECK (length(hash) = 64),
  mime        TEXT NOT NULL CHECK (mime IN ('application/pdf','image/jpeg','image/png','image/webp')),
  size        INTEGER NOT NULL CHECK (size > 0),
  width       INTEGER,
  height      INTEGER,
  created_at  TEXT NOT NULL
);

-- level: program > kegiatan > sub-kegiatan (the regional budget's tree)
CREATE TABLE programs (
  id           INTEGER PRIMARY KEY,
  parent_id    INTEGER REFERENCES programs (id) ON DELETE CASCADE,
  level        TEXT NOT NULL CHECK (level IN ('program','kegiatan','subkegiatan')),
  ref          TEXT UNIQUE,  -- a stable reference: the budget system's code, or a data set's key
  agency_id    INTEGER NOT NULL REFERENCES agencies (id),
  title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  summary      TEXT NOT NULL DEFAULT '',
  status       TEXT NOT NULL CHECK (status IN ('direncanakan','berjalan','selesai','ditunda','dibatalkan')),
  fiscal_year  INTEGER NOT NULL CHECK (fiscal_year BETWEEN 2000 AND 2100),
  budget       INTEGER NOT NULL DEFAULT 0 CHECK (budget >= 0),
  realization  INTEGER NOT NULL DEFAULT 0 CHECK (realization >= 0),
  funding      TEXT NOT NULL CHECK (funding IN ('apbd','apbn','dak','banprov','csr','lainnya')),
  kecamatan_id INTEGER REFERENCES agencies (id),
  village_id   INTEGER REFERENCES villages (id),
  latitude     REAL CHECK (latitude BETWEEN -90 AND 90),
  longitude    REAL CHECK (longitude BETWEEN -180 AND 180),
  start_date   TEXT,
  end_date     TEXT,
  progress     INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  rollup       TEXT NOT NULL DEFAULT 'budget' CHECK (rollup IN ('budget','average')),
  targets      TEXT NOT NULL DEFAULT '[]',  -- JSON array of strings: ["12 km jalan"]
  version      INTEGER NOT NULL DEFAULT 1,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
  CHECK ((level = 'program') = (parent_id IS NULL))
);
-- the list's three orders walk these; the totals read only the last one
CREATE INDEX programs_by_id ON programs (level, id);
CREATE INDEX programs_by_budget ON programs (level, budget, id);
CREATE INDEX programs_by_progress ON programs (level, progress, id);
CREATE INDEX programs_totals ON programs (level, agency_id, status, fiscal_year, funding,
  kecamatan_id, budget, realization);
CREATE INDEX programs_agency ON programs (agency_id, level, id);
CREATE INDEX programs_parent ON programs (parent_id, id);
CREATE INDEX programs_kecamatan ON programs (kecamatan_id, id);

-- every edit kept: the whole record after it and what changed
CREATE TABLE program_versions (
  program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  version    INTEGER NOT NULL,
  at         TEXT NOT NULL,
  user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
  record     TEXT NOT NULL,               -- JSON of the programme after the edit
  changes    TEXT NOT NULL DEFAULT '[]',  -- JSON: [{"field", "from", "to"}]
  PRIMARY KEY (program_id, version)
);

-- the timeline: progress reports by the department's officers
CREATE TABLE program_updates (
  id         INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  at         TEXT NOT NULL,
  user_id    INTEGER REFERENCES users (id) ON DELETE SET NULL,
  body       TEXT NOT NULL DEFAULT '',
  progress   INTEGER CHECK (progress BETWEEN 0 AND 100),
  status     TEXT CHECK (status IN ('direncanakan','berjalan','selesai','ditunda','dibatalkan'))
);
CREATE INDEX program_updates_program ON program_updates (program_id, id);

-- documents and photos of a programme (or of one of its updates)
CREATE TABLE program_files (
  id         INTEGER PRIMARY KEY,
  program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  update_id  INTEGER REFERENCES program_updates (id) ON DELETE CASCADE,
  file_hash  TEXT NOT NULL REFERENCES files (hash),
  title      TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL
);
CREATE INDEX program_files_program ON program_files (program_id, id);

CREATE TABLE program_follows (
  program_id INTEGER NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (program_id, user_id)
);
CREATE INDEX program_follows_user ON program_follows (user_id);
