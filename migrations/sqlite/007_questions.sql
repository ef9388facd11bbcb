-- 007_questions: public questions and official answers. A question is
-- asked of a department (or of nobody yet: humas routes it), may wait for
-- moderation, is answered, forwarded, followed up, rated, voted for and
-- flagged; every step is an event of its public history. The response
-- clock counts working days: Monday to Friday minus the days in holidays
-- (the official 2026 list ships here, marked unconfirmed).
-- Kept equivalent to migrations/pg/007_questions.sql.

ALTER TABLE agencies ADD COLUMN response_days INTEGER NOT NULL DEFAULT 5
  CHECK (response_days BETWEEN 1 AND 60);

CREATE TABLE holidays (
  day        TEXT PRIMARY KEY CHECK (length(day) = 10),   -- YYYY-MM-DD, in WIB
  kind       TEXT NOT NULL CHECK (kind IN ('libur_nasional','cuti_bersama')),
  name       TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  confirmed  INTEGER NOT NULL DEFAULT 0                   -- checked by an admin this year
);

CREATE TABLE questions (
  id                INTEGER PRIMARY KEY,
  user_id           INTEGER NOT NULL REFERENCES users (id),
  agency_id         INTEGER REFERENCES agencies (id),     -- NULL: "saya tidak tahu"
  program_id        INTEGER REFERENCES programs (id) ON DELETE SET NULL,
  kecamatan_id      INTEGER REFERENCES agencies (id),
  title             TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body              TEXT NOT NULL CHECK (length(body) <= 20000),
  photo             TEXT REFERENCES files (hash),
  anonymous         INTEGER NOT NULL DEFAULT 0,           -- name hidden from the public
  state             TEXT NOT NULL CHECK (state IN
                      ('moderasi','terbuka','dijawab','diteruskan','ditutup','ditolak')),
  hold_reason       TEXT,       -- why it waits: pramoderasi | data_pribadi
  close_reason      TEXT,       -- ditolak / ditutup: spam | sara | data_pribadi | bukan_pertanyaan | duplikat | selesai
  duplicate_of      INTEGER REFERENCES questions (id),
  hidden            INTEGER NOT NULL DEFAULT 0,           -- flagged past the threshold
  listed            INTEGER NOT NULL DEFAULT 0,           -- public: approved, not rejected, not hidden
  votes             INTEGER NOT NULL DEFAULT 0,
  answers           INTEGER NOT NULL DEFAULT 0,
  reopened          INTEGER NOT NULL DEFAULT 0,           -- the asker reopened it (once)
  satisfied         INTEGER,                              -- the asker's verdict on the latest answer
  forwarded         INTEGER NOT NULL DEFAULT 0,           -- how many times
  created_at        TEXT NOT NULL,
  published_at      TEXT,       -- approved: from here the public sees it
  clock_from        TEXT,       -- the current department's clock starts here
  due_at            TEXT,       -- clock_from + its response days, in working days
  first_response_at TEXT,       -- the first official answer or forward
  answered_at       TEXT,       -- the latest official answer
  updated_at        TEXT NOT NULL,
  form_key          TEXT UNIQUE -- the ask form's one-time key: a double submit is one question
);
CREATE INDEX questions_by_id ON questions (listed, id);
CREATE INDEX questions_by_votes ON questions (listed, votes, id);
CREATE INDEX questions_by_answered ON questions (listed, answered_at, id);
CREATE INDEX questions_open ON questions (listed, state, id);
CREATE INDEX questions_agency ON questions (agency_id, listed, id);
CREATE INDEX questions_agency_votes ON questions (agency_id, listed, votes, id);
CREATE INDEX questions_agency_answered ON questions (agency_id, listed, answered_at, id);
CREATE INDEX questions_program ON questions (program_id, id);
CREATE INDEX questions_kecamatan ON questions (kecamatan_id, id);
CREATE INDEX questions_user ON questions (user_id, id);
CREATE INDEX questions_due ON questions (state, due_at);

CREATE TABLE answers (
  id           INTEGER PRIMARY KEY,
  question_id  INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
  agency_id    INTEGER NOT NULL REFERENCES agencies (id),
  user_id      INTEGER REFERENCES users (id),
  body         TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  field_report INTEGER NOT NULL DEFAULT 0,   -- work done in the field; its photos are the proof
  hidden       INTEGER NOT NULL DEFAULT 0,
  rating_sum   INTEGER NOT NULL DEFAULT 0,
  rating_count INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX answers_question ON answers (question_id, id);
CREATE INDEX answers_agency ON answers (agency_id, id);

CREATE TABLE answer_files (
  id         INTEGER PRIMARY KEY,
  answer_id  INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  file_hash  TEXT NOT NULL REFERENCES files (hash),
  title      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX answer_files_answer ON answer_files (answer_id, id);

CREATE TABLE answer_ratings (
  answer_id  INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  user_id    INTEGER NOT NULL REFERENCES users (id),
  stars      INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
  at         TEXT NOT NULL,
  PRIMARY KEY (answer_id, user_id)
);

-- The public history: asked, held, approved, routed, forwarded, answered,
-- follow-up replies, verdicts, reopened, closed, hidden, programme news.
CREATE TABLE question_events (
  id            INTEGER PRIMARY KEY,
  question_id   INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
  at            TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('diajukan','ditahan','disetujui','ditolak','diarahkan',
                  'diteruskan','dijawab','balasan','puas','tidak_puas','dibuka_kembali','ditutup',
                  'disembunyikan','ditampilkan','program')),
  user_id       INTEGER REFERENCES users (id),
  agency_id     INTEGER REFERENCES agencies (id),   -- the department acting, or forwarding
  to_agency_id  INTEGER REFERENCES agencies (id),   -- diteruskan / diarahkan: to whom
  answer_id     INTEGER REFERENCES answers (id) ON DELETE SET NULL,
  reason        TEXT,
  body          TEXT CHECK (body IS NULL OR length(body) <= 20000)
);
CREATE INDEX question_events_question ON question_events (question_id, id);

CREATE TABLE question_votes (
  question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users (id),
  at          TEXT NOT NULL,
  PRIMARY KEY (question_id, user_id)
);

CREATE TABLE question_follows (
  question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users (id),
  at          TEXT NOT NULL,
  PRIMARY KEY (question_id, user_id)
);
CREATE INDEX question_follows_user ON question_follows (user_id);

-- Anyone signed in may flag a question or an answer, once.
CREATE TABLE flags (
  id          INTEGER PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('question','answer')),
  target_id   INTEGER NOT NULL,
  question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
  user_id     INTEGER NOT NULL REFERENCES users (id),
  reason      TEXT NOT NULL CHECK (reason IN ('spam','sara','data_pribadi','bukan_pertanyaan','lainnya')),
  at          TEXT NOT NULL,
  resolved_at TEXT,
  UNIQUE (kind, target_id, user_id)
);
CREATE INDEX flags_open ON flags (resolved_at, kind, target_id);

-- Every moderation decision, for the moderators (the hidden text is not
-- repeated here, only what was decided and why).
CREATE TABLE moderation_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER REFERENCES users (id),
  question_id INTEGER REFERENCES questions (id) ON DELETE SET NULL,
  answer_id   INTEGER REFERENCES answers (id) ON DELETE SET NULL,
  action      TEXT NOT NULL,
  reason      TEXT,
  note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX moderation_log_question ON moderation_log (question_id, id);

-- Keys the server makes for itself on first use (the unsubscribe links'
-- MAC key); never shown on a page, never logged.
CREATE TABLE secrets (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

INSERT INTO data_versions (topic, bit) VALUES ('questions', 16);

-- The official 2026 list (SKB of 19 September 2025: 17 national holidays and
-- 8 cuti bersama), unconfirmed until an admin checks it against later decrees.
INSERT INTO holidays (day, kind, name) VALUES
  ('2026-01-01', 'libur_nasional', 'Tahun Baru 2026 Masehi'),
  ('2026-01-16', 'libur_nasional', 'Isra Mikraj Nabi Muhammad SAW'),
  ('2026-02-16', 'cuti_bersama', 'Cuti bersama Tahun Baru Imlek 2577 Kongzili'),
  ('2026-02-17', 'libur_nasional', 'Tahun Baru Imlek 2577 Kongzili'),
  ('2026-03-18', 'cuti_bersama', 'Cuti bersama Hari Suci Nyepi Tahun Baru Saka 1948'),
  ('2026-03-19', 'libur_nasional', 'Hari Suci Nyepi Tahun Baru Saka 1948'),
  ('2026-03-20', 'cuti_bersama', 'Cuti bersama Idulfitri 1447 H'),
  ('2026-03-21', 'libur_nasional', 'Idulfitri 1447 H'),
  ('2026-03-22', 'libur_nasional', 'Idulfitri 1447 H'),
  ('2026-03-23', 'cuti_bersama', 'Cuti bersama Idulfitri 1447 H'),
  ('2026-03-24', 'cuti_bersama', 'Cuti bersama Idulfitri 1447 H'),
  ('2026-04-03', 'libur_nasional', 'Wafat Yesus Kristus'),
  ('2026-04-05', 'libur_nasional', 'Kebangkitan Yesus Kristus (Paskah)'),
  ('2026-05-01', 'libur_nasional', 'Hari Buruh Internasional'),
  ('2026-05-14', 'libur_nasional', 'Kenaikan Yesus Kristus'),
  ('2026-05-15', 'cuti_bersama', 'Cuti bersama Kenaikan Yesus Kristus'),
  ('2026-05-27', 'libur_nasional', 'Iduladha 1447 H'),
  ('2026-05-28', 'cuti_bersama', 'Cuti bersama Iduladha 1447 H'),
  ('2026-05-31', 'libur_nasional', 'Hari Raya Waisak 2570 BE'),
  ('2026-06-01', 'libur_nasional', 'Hari Lahir Pancasila'),
  ('2026-06-16', 'libur_nasional', '1 Muharam Tahun Baru Islam 1448 H'),
  ('2026-08-17', 'libur_nasional', 'Hari Proklamasi Kemerdekaan RI'),
  ('2026-08-25', 'libur_nasional', 'Maulid Nabi Muhammad SAW'),
  ('2026-12-24', 'cuti_bersama', 'Cuti bersama Hari Raya Natal'),
  ('2026-12-25', 'libur_nasional', 'Hari Raya Natal');

-- The page cache's topic 'questions' (see 005_data_versions.sql).
CREATE TRIGGER holidays_insert_v AFTER INSERT ON holidays
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER holidays_update_v AFTER UPDATE ON holidays
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER holidays_delete_v AFTER DELETE ON holidays
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER questions_insert_v AFTER INSERT ON questions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER questions_update_v AFTER UPDATE ON questions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER questions_delete_v AFTER DELETE ON questions
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER answers_insert_v AFTER INSERT ON answers
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER answers_update_v AFTER UPDATE ON answers
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER answers_delete_v AFTER DELETE ON answers
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER answer_files_insert_v AFTER INSERT ON answer_files
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER answer_files_update_v AFTER UPDATE ON answer_files
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER answer_files_delete_v AFTER DELETE ON answer_files
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER answer_ratings_insert_v AFTER INSERT ON answer_ratings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER answer_ratings_update_v AFTER UPDATE ON answer_ratings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER answer_ratings_delete_v AFTER DELETE ON answer_ratings
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER question_events_insert_v AFTER INSERT ON question_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER question_events_update_v AFTER UPDATE ON question_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER question_events_delete_v AFTER DELETE ON question_events
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER question_votes_insert_v AFTER INSERT ON question_votes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER question_votes_update_v AFTER UPDATE ON question_votes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER question_votes_delete_v AFTER DELETE ON question_votes
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER question_follows_insert_v AFTER INSERT ON question_follows
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER question_follows_update_v AFTER UPDATE ON question_follows
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER question_follows_delete_v AFTER DELETE ON question_follows
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER flags_insert_v AFTER INSERT ON flags
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER flags_update_v AFTER UPDATE ON flags
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
CREATE TRIGGER flags_delete_v AFTER DELETE ON flags
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'questions'; END;
