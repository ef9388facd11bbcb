-- 018_kip_report: the parts of the annual public information service
-- report (laporan layanan informasi publik, UU 14/2008 Pasal 12; Perki
-- 1/2021) that a PPID writes, per year and department: the policy
-- (kebijakan), facilities (sarana dan prasarana), staff (sumber daya
-- manusia), obstacles (kendala) and recommendations (rekomendasi). The
-- report's figures are never stored: they are computed from the requests
-- and objections (src/kip/report.c). agency_id NULL is the whole
-- government's report, written by the main PPID. Kept equivalent to
-- migrations/pg/018_kip_report.sql.

CREATE TABLE kip_reports (
  id              INTEGER PRIMARY KEY,
  year            INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  agency_id       INTEGER REFERENCES agencies (id), -- NULL: the whole government
  policy          TEXT NOT NULL CHECK (length(policy) BETWEEN 1 AND 8000),
  facilities      TEXT NOT NULL CHECK (length(facilities) BETWEEN 1 AND 8000),
  staff           TEXT NOT NULL CHECK (length(staff) BETWEEN 1 AND 8000),
  obstacles       TEXT NOT NULL CHECK (length(obstacles) BETWEEN 1 AND 8000),
  recommendations TEXT NOT NULL CHECK (length(recommendations) BETWEEN 1 AND 8000),
  updated_by      INTEGER REFERENCES users (id),
  updated_at      TEXT NOT NULL
);
-- one report a year and department (NULL, the whole government, as 0)
CREATE UNIQUE INDEX kip_reports_scope ON kip_reports (year, coalesce(agency_id, 0));

-- The report page shows them: the page cache's topic 'kip' (013).
CREATE TRIGGER kip_reports_insert_v AFTER INSERT ON kip_reports
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER kip_reports_update_v AFTER UPDATE ON kip_reports
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
CREATE TRIGGER kip_reports_delete_v AFTER DELETE ON kip_reports
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'kip'; END;
