-- 001_init: site settings (branding is data, not code), departments
-- (perangkat daerah, "agencies" in code) and sub-districts (kecamatan).

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- kind: dinas | badan | sekretariat | inspektorat | satpol | kecamatan
CREATE TABLE agencies (
  id          INTEGER PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE CHECK (length(slug) BETWEEN 1 AND 80),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  short_name  TEXT NOT NULL DEFAULT '',
  kind        TEXT NOT NULL CHECK (kind IN ('dinas','badan','sekretariat','inspektorat','satpol','kecamatan')),
  description TEXT NOT NULL DEFAULT '',
  is_ppid_utama INTEGER NOT NULL DEFAULT 0 CHECK (is_ppid_utama IN (0,1)),
  sort_order  INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX agencies_kind ON agencies (kind, sort_order, name);
