-- 021_ledger: the verifiable public record (src/ledger/, issue #12).
-- Every official statement (an answer given or edited, a programme made
-- or changed, a PPID's step on an information request and the atasan's
-- answer to an objection, a live session's answer, a moderation decision)
-- is appended as canonical JSON in the transaction that makes it; a
-- background job keeps the Merkle tree's stored subtrees and signs tree
-- heads (RFC 6962/9162 style, SHA-256, Ed25519). Nothing here is ever
-- updated or deleted by terbuka; an edit of an answer is a new version.
-- Hashes are lower-case hex. Kept equivalent to migrations/sqlite/021_ledger.sql.

-- Entry n (1-based) is leaf n-1 of the tree.
CREATE TABLE ledger_entries (
  n          BIGINT PRIMARY KEY,
  kind       TEXT NOT NULL,        -- answer, program, kip, kip_objection, live_answer, moderation
  ref_id     BIGINT NOT NULL,      -- the row of the statement in its own table
  body       TEXT NOT NULL,        -- canonical JSON (docs/ARCHITECTURE.md "The public record")
  leaf_hash  TEXT NOT NULL CHECK (length(leaf_hash) = 64),  -- SHA-256(0x00 || body)
  created_at TEXT NOT NULL
);
CREATE INDEX ledger_entries_ref ON ledger_entries (kind, ref_id, n);

-- One row: the next entry number (taken under its row lock, so numbers
-- are gapless across nodes) and how many entries wait for a tree head.
CREATE TABLE ledger_counter (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  next    BIGINT NOT NULL,
  pending BIGINT NOT NULL DEFAULT 0
);
INSERT INTO ledger_counter (id, next, pending) VALUES (1, 1, 0);

-- How far the stored subtrees reach (leaves covered), under the sealer's lock.
CREATE TABLE ledger_sealer (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  sealed BIGINT NOT NULL
);
INSERT INTO ledger_sealer (id, sealed) VALUES (1, 0);

-- The hash of every complete subtree of 2^level leaves (level >= 1) that
-- starts at leaf idx * 2^level: proofs read O(log n) of them.
CREATE TABLE ledger_nodes (
  level INTEGER NOT NULL,
  idx   BIGINT NOT NULL,
  hash  TEXT NOT NULL,
  PRIMARY KEY (level, idx)
);

-- Signed tree heads: the root of the first tree_size entries, when, and
-- the Ed25519 signature (base64) of "terbuka-log/1\n<size>\n<at>\n<root>\n".
CREATE TABLE ledger_heads (
  tree_size  BIGINT PRIMARY KEY,
  root_hash  TEXT NOT NULL,
  signed_at  TEXT NOT NULL,
  public_key TEXT NOT NULL,
  signature  TEXT NOT NULL
);

-- Editing an official answer: the older versions stay readable.
ALTER TABLE answers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE answers ADD COLUMN edited_at TEXT;
CREATE TABLE answer_versions (
  answer_id    BIGINT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  version      INTEGER NOT NULL,
  body         TEXT NOT NULL,
  field_report INTEGER NOT NULL,
  at           TEXT NOT NULL,      -- when this version was given (created_at or the edit before)
  user_id      BIGINT REFERENCES users (id),
  PRIMARY KEY (answer_id, version)
);
CREATE TRIGGER answer_versions_v AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON answer_versions
  FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump('questions');
