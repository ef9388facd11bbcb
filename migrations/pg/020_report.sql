-- 020_report: the public report card's figures (src/report/), computed
-- from the rows of questions, answers, ratings, KIP requests and
-- programmes by a background job and kept here, so a page reads a few
-- dozen rows whatever the size of the record. One row per period (a
-- year '2026' or a month '2026-03') and department (0: the whole
-- government); figures is the JSON of src/report/cells.c. Nothing here
-- is typed in: the job replaces every row each time it runs.
-- Kept equivalent to migrations/sqlite/020_report.sql.

CREATE TABLE report_figures (
  period    TEXT NOT NULL CHECK (length(period) IN (4, 7)),
  agency_id BIGINT NOT NULL,
  figures   TEXT NOT NULL,
  PRIMARY KEY (period, agency_id)
);

-- The one run that made the rows above: when, from what version of the
-- data (the sum of the page cache's topics it reads), and how long it took.
CREATE TABLE report_runs (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  computed_at    TEXT,
  source_version BIGINT NOT NULL DEFAULT -1,
  took_ms        BIGINT NOT NULL DEFAULT 0
);
INSERT INTO report_runs (id) VALUES (1);

-- The page cache's topic 'report' (005_data_versions.sql): a new run
-- changes every report page at once.
INSERT INTO data_versions (topic, bit) VALUES ('report', 256);
CREATE TRIGGER report_runs_v AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON report_runs
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('report');
