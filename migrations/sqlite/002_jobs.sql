-- 002_jobs: the background job queue (mail, webhooks, reminders). Every
-- node's worker claims due jobs; PostgreSQL uses FOR UPDATE SKIP LOCKED,
-- SQLite's single writer serialises claims. Times are ISO 8601 UTC text.
CREATE TABLE jobs (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 64),
  payload      TEXT NOT NULL DEFAULT '{}',
  status       TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','done','failed')),
  run_at       TEXT NOT NULL,
  attempts     INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 5,
  locked_by    TEXT,
  locked_at    TEXT,
  last_error   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs (status, run_at, id);
