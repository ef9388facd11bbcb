-- 008_search: one search over questions, answers, programmes and
-- departments (src/search/). search_docs holds one row per thing found,
-- with what the filters need and the text searched; the application keeps
-- it (src/search/index.c) in the same transaction as each write.
-- `terbuka search reindex` builds it all again.
-- Kept equivalent to migrations/sqlite/008_search.sql, except for the
-- full-text part: here a tsvector column, there an FTS5 table.

CREATE TABLE search_docs (
  id           BIGSERIAL PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('pertanyaan','jawaban','program','dinas')),
  ref_id       BIGINT NOT NULL,    -- questions.id, answers.id, programs.id, agencies.id
  parent_id    BIGINT,             -- an answer's question
  agency_id    BIGINT,             -- the department asked, answering, running it; itself
  kecamatan_id BIGINT,             -- where (the kecamatan's agencies.id); itself
  program_id   BIGINT,             -- the programme a question is about; itself
  state        TEXT NOT NULL DEFAULT '',  -- a question's state (an answer's question's), a programme's status
  heading      TEXT NOT NULL,      -- shown: an answer's question's title
  title        TEXT NOT NULL,      -- searched, weighted: '' for an answer
  body         TEXT NOT NULL,      -- searched: plain text (markdown taken out)
  tags         TEXT NOT NULL DEFAULT '',  -- the filters as words (k1 a12 c34 p56 s2), see index.c
  url          TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  -- The built-in 'indonesian' configuration stems with the same Snowball
  -- algorithm as SQLite's tokenizer; the title counts more (weight A).
  tsv          tsvector GENERATED ALWAYS AS (
                 setweight(to_tsvector('indonesian', title), 'A') ||
                 setweight(to_tsvector('indonesian', body), 'B')) STORED,
  UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_parent ON search_docs (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv);

-- The page cache's topic 'search' (see 005_data_versions.sql).
INSERT INTO data_versions (topic, bit) VALUES ('search', 32);
CREATE TRIGGER search_docs_v AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON search_docs
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('search');
