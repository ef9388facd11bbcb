-- 008_search: one search over questions, answers, programmes and
-- departments (src/search/). search_docs holds one row per thing found,
-- with what the filters need and the text searched; the application keeps
-- it (src/search/index.c) in the same transaction as each write, never a
-- trigger: SQLite's full-text table below needs our tokenizer, which only
-- terbuka registers. `terbuka search reindex` builds it all again.
-- Kept equivalent to migrations/pg/008_search.sql, except for the
-- full-text part: here an FTS5 table, there a tsvector column.

CREATE TABLE search_docs (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('pertanyaan','jawaban','program','dinas')),
  ref_id       INTEGER NOT NULL,   -- questions.id, answers.id, programs.id, agencies.id
  parent_id    INTEGER,            -- an answer's question
  agency_id    INTEGER,            -- the department asked, answering, running it; itself
  kecamatan_id INTEGER,            -- where (the kecamatan's agencies.id); itself
  program_id   INTEGER,            -- the programme a question is about; itself
  state        TEXT NOT NULL DEFAULT '',  -- a question's state (an answer's question's), a programme's status
  heading      TEXT NOT NULL,      -- shown: an answer's question's title
  title        TEXT NOT NULL,      -- searched, weighted: '' for an answer
  body         TEXT NOT NULL,      -- searched: plain text (markdown taken out)
  tags         TEXT NOT NULL DEFAULT '',  -- the filters as words (k1 a12 c34 p56 s2), see index.c
  url          TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  UNIQUE (kind, ref_id)
);

CREATE INDEX search_docs_parent ON search_docs (parent_id) WHERE parent_id IS NOT NULL;

-- The full-text index over search_docs (external content: the text is
-- stored once, in search_docs; snippet() reads it from there). The
-- "indonesian" tokenizer is FTS5's unicode61 with every word stemmed by
-- Snowball's Indonesian stemmer (src/search/tokenizer.c). The filters are
-- words of the tags column, so a filtered search is one MATCH that FTS5
-- answers from its own index, never a join that reads every match.
CREATE VIRTUAL TABLE search_fts USING fts5 (
  title, body, tags,
  content = 'search_docs', content_rowid = 'id',
  tokenize = 'indonesian remove_diacritics 2'
);

-- The page cache's topic 'search' (see 005_data_versions.sql): the
-- search pages show only what is in the index.
INSERT INTO data_versions (topic, bit) VALUES ('search', 32);
CREATE TRIGGER search_docs_insert_v AFTER INSERT ON search_docs
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'search'; END;
CREATE TRIGGER search_docs_update_v AFTER UPDATE ON search_docs
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'search'; END;
CREATE TRIGGER search_docs_delete_v AFTER DELETE ON search_docs
BEGIN UPDATE data_versions SET version = version + 1 WHERE topic = 'search'; END;
