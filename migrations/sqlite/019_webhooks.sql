-- 019_webhooks: addresses outside terbuka that hear of public events
-- (an answer given, a question forwarded, a programme updated, a live
-- session scheduled or started, an information request decided), and the
-- log of every delivery and every attempt to make it (src/webhooks/).
-- None of these tables is public: no page-cache topic. Times are ISO 8601
-- UTC text. Kept equivalent to migrations/pg/019_webhooks.sql.

CREATE TABLE webhook_endpoints (
  id          INTEGER PRIMARY KEY,
  url         TEXT NOT NULL CHECK (length(url) BETWEEN 10 AND 2000),
  description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  secret      TEXT NOT NULL,   -- the signing secret, sealed under the key file webhook.key
  secret_hint TEXT NOT NULL,   -- its last 4 characters, to tell one secret from another
  secret_at   TEXT NOT NULL,   -- made, or last rotated
  created_by  INTEGER REFERENCES users (id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- The events an endpoint listens to, one row each.
CREATE TABLE webhook_subscriptions (
  endpoint_id INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  event       TEXT NOT NULL CHECK (event IN ('question.answered','question.forwarded','program.updated',
                'session.scheduled','session.live','kip.request.decided')),
  PRIMARY KEY (endpoint_id, event)
);
CREATE INDEX webhook_subscriptions_by_event ON webhook_subscriptions (event, endpoint_id);

-- One event for one endpoint: its body is fixed when the event happens
-- (each attempt signs it afresh with the time of sending). generation
-- grows with every resend, so a job queued before it finds itself stale.
CREATE TABLE webhook_deliveries (
  id           INTEGER PRIMARY KEY,
  endpoint_id  INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  uid          TEXT NOT NULL UNIQUE,     -- X-Terbuka-Delivery: 32 hex digits
  event        TEXT NOT NULL,
  body         TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','delivered','failed')),
  generation   INTEGER NOT NULL DEFAULT 0,
  attempts     INTEGER NOT NULL DEFAULT 0,
  last_code    INTEGER,                  -- the last answer's HTTP status (NULL: none came)
  last_error   TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);

-- Every attempt: when, how long, what came back or what went wrong.
CREATE TABLE webhook_attempts (
  id          INTEGER PRIMARY KEY,
  delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt     INTEGER NOT NULL CHECK (attempt >= 1),  -- 1, 2, ... over the delivery's whole life
  resend      INTEGER NOT NULL DEFAULT 0,             -- made after an admin's resend
  at          TEXT NOT NULL,
  duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
  status_code INTEGER,                                -- NULL: no answer
  error       TEXT CHECK (error IS NULL OR length(error) <= 300)
);
CREATE INDEX webhook_attempts_by_delivery ON webhook_attempts (delivery_id, attempt);
