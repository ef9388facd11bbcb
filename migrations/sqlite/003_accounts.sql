-- 003_accounts: people, their roles, sessions, single-use mail tokens,
-- rate-limit counters and the audit log of account administration.
-- Secrets are stored only as hashes (token_hash: hex BLAKE2b-256 of the
-- token); passwords as argon2id strings. Times are ISO 8601 UTC text,
-- except rate_limits, which counts in Unix seconds.

CREATE TABLE users (
  id            INTEGER PRIMARY KEY,
  email         TEXT,                    -- NULL once the account is deleted
  email_key     TEXT UNIQUE,             -- lower-case email: one account per address
  display_name  TEXT NOT NULL CHECK (length(display_name) <= 200),
  password_hash TEXT,
  email_verified_at TEXT,
  disabled_at   TEXT,
  deleted_at    TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);

-- role: warga | petugas (of an agency) | ppid (of an agency, or the main
-- PPID when agency_id is NULL) | humas | admin
CREATE TABLE user_roles (
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('warga','petugas','ppid','humas','admin')),
  agency_id  INTEGER REFERENCES agencies (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  CHECK (role <> 'petugas' OR agency_id IS NOT NULL),
  CHECK (role NOT IN ('warga','humas','admin') OR agency_id IS NULL)
);
CREATE UNIQUE INDEX user_roles_once ON user_roles (user_id, role, coalesce(agency_id, 0));
CREATE INDEX user_roles_agency ON user_roles (agency_id, role);

CREATE TABLE sessions (
  token_hash   TEXT PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at   TEXT NOT NULL,           -- absolute end, whatever the activity
  user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- purpose: verify (email address) | reset (password) | email (change of address)
CREATE TABLE account_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL CHECK (purpose IN ('verify','reset','email')),
  new_email  TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at    TEXT
);
CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);

-- key: hex BLAKE2b of what is limited ("login:<email>", "ip:<address>"),
-- so no address is stored in clear.
CREATE TABLE rate_limits (
  key           TEXT PRIMARY KEY,
  window_start  INTEGER NOT NULL,
  hits          INTEGER NOT NULL,
  blocked_until INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor_id   INTEGER REFERENCES users (id) ON DELETE SET NULL,
  action     TEXT NOT NULL,
  target_user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
  detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_target ON audit_log (target_user_id, id);
