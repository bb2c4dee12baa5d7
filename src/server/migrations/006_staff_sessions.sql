-- Staff sign-in for the dashboard: one set of session rules for the browser's cookie and the
-- scripts' bearer token, one-time sign-in links, and per-account lock-out after failed sign-ins.

-- A session ends at the first of: idle expiry (pushed on by each use), absolute expiry (expires_at,
-- fixed at sign-in), revocation (sign-out, "end this session", the account disabled or reset).
ALTER TABLE staff_sessions
  ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  ADD COLUMN kind text NOT NULL DEFAULT 'bearer' CHECK (kind IN ('cookie', 'bearer')),
  ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN idle_expires_at timestamptz,
  ADD COLUMN revoked_at timestamptz,
  -- "Firefox on Windows": enough for "is this one mine?" on the sessions page, no more.
  ADD COLUMN user_agent text NOT NULL DEFAULT '' CHECK (length(user_agent) <= 100);
UPDATE staff_sessions SET idle_expires_at = expires_at;
ALTER TABLE staff_sessions ALTER COLUMN idle_expires_at SET NOT NULL;
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);

ALTER TABLE staff_users ADD COLUMN last_sign_in_at timestamptz;

-- One-time links that let a person choose a password (an invitation, a reset, the first
-- technician of school:create). Only the hash is kept; a link works once, until it expires.
CREATE TABLE staff_sign_in_links (
  token_hash bytea PRIMARY KEY,
  staff_id bigint NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('invite', 'reset')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX staff_sign_in_links_by_staff ON staff_sign_in_links (staff_id);

-- Failed sign-ins per typed email, known account or not (so a lock-out says nothing about who
-- exists). The key is the SHA-256 of the lower-cased email: no typed text is kept.
CREATE TABLE sign_in_failures (
  account_key bytea PRIMARY KEY,
  failures integer NOT NULL CHECK (failures >= 0),
  window_started_at timestamptz NOT NULL,
  locked_until timestamptz
);
