-- 009_live: live Q&A sessions (sesi tanya jawab langsung). Humas schedules
-- a session for one or more departments; people send questions before and
-- during it and vote for them; a moderator approves, merges, edits (the
-- original is kept), pins the one being answered and marks answers; every
-- change is a row of live_events, whose id is what Server-Sent Events
-- carry, so a client reconnecting with Last-Event-ID misses nothing.
-- Kept equivalent to migrations/pg/009_live.sql.

CREATE TABLE live_sessions (
  id              INTEGER PRIMARY KEY,
  title           TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description     TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 5000),
  starts_at       TEXT NOT NULL,
  ends_at         TEXT NOT NULL,
  stream_url      TEXT NOT NULL DEFAULT '',
  allow_anonymous INTEGER NOT NULL DEFAULT 1,
  premoderated    INTEGER NOT NULL DEFAULT 1,
  state           TEXT NOT NULL DEFAULT 'terjadwal' CHECK (state IN ('terjadwal','berlangsung','selesai')),
  current_id      INTEGER,      -- the question being answered now (live_questions.id)
  archived_at     TEXT,         -- its questions became the departments' questions
  created_by      INTEGER REFERENCES users (id),
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX live_sessions_by_start ON live_sessions (starts_at, id);

CREATE TABLE live_session_agencies (
  session_id INTEGER NOT NULL REFERENCES live_sessions (id) ON DELETE CASCADE,
  agency_id  INTEGER NOT NULL REFERENCES agencies (id),
  position   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, agency_id)
);

CREATE TABLE live_questions (
  id            INTEGER PRIMARY KEY,
  session_id    INTEGER NOT NULL REFERENCES live_sessions (id) ON DELETE CASCADE,
  user_id       INTEGER REFERENCES users (id),   -- NULL: an anonymous participant
  participant   TEXT NOT NULL,                   -- who may vote and edit: u:<user id> or b:<browser key hash>
  name          TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 80),
  body          TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 1000),
  original_body TEXT,                            -- kept when a moderator corrects typos
  state         TEXT NOT NULL CHECK (state IN ('menunggu','tampil','ditolak','disembunyikan','digabung')),
  merged_into   INTEGER REFERENCES live_questions (id),
  votes         INTEGER NOT NULL DEFAULT 0,
  answered      INTEGER NOT NULL DEFAULT 0,
  answer        TEXT CHECK (answer IS NULL OR length(answer) <= 3000),
  answered_at   TEXT,
  question_id   INTEGER REFERENCES questions (id) ON DELETE SET NULL, -- after the session
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX live_questions_session ON live_questions (session_id, state, votes, id);

CREATE TABLE live_votes (
  live_question_id INTEGER NOT NULL REFERENCES live_questions (id) ON DELETE CASCADE,
  participant      TEXT NOT NULL,
  at               TEXT NOT NULL,
  PRIMARY KEY (live_question_id, participant)
);

-- What every view hears: one row per change, small (ids and short text);
-- SSE ids are these ids.
CREATE TABLE live_events (
  id         INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES live_sessions (id) ON DELETE CASCADE,
  at         TEXT NOT NULL,
  kind       TEXT NOT NULL,
  data       TEXT NOT NULL
);
CREATE INDEX live_events_session ON live_events (session_id, id);

INSERT INTO data_versions (topic, bit) VALUES ('live', 64);
CREATE TRIGGER live_sessions_insert_v AFTER INSERT ON live_sessions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'live'; END;
CREATE TRIGGER live_sessions_update_v AFTER UPDATE ON live_sessions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'live'; END;
CREATE TRIGGER live_sessions_delete_v AFTER DELETE ON live_sessions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'live'; END;
CREATE TRIGGER live_session_agencies_insert_v AFTER INSERT ON live_session_agencies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'live'; END;
CREATE TRIGGER live_session_agencies_delete_v AFTER DELETE ON live_session_agencies
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'live'; END;
CREATE TRIGGER live_questions_insert_v AFTER INSERT ON live_questions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'live'; END;
CREATE TRIGGER live_questions_update_v AFTER UPDATE ON live_questions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'live'; END;
CREATE TRIGGER live_questions_delete_v AFTER DELETE ON live_questions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'live'; END;
