-- SafeScreen reporting server: the first schema. PostgreSQL SQL, run unchanged by PGlite.

CREATE TABLE schools (
  id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$'),
  name text NOT NULL,
  -- SHA-256 of the enrolment token: the token itself is shown once, when made or rotated.
  enrolment_token_hash bytea NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Classes and year groups, named as the managed policy's groupId names them (e.g. Y4-Oak).
CREATE TABLE groups (
  school_id text NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  id text NOT NULL,
  name text NOT NULL,
  key_stage text,
  PRIMARY KEY (school_id, id)
);

CREATE TABLE staff_users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school_id text NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  email text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('teacher', 'dsl', 'technician', 'governor')),
  -- scrypt, with its salt and parameters in the string.
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  disabled_at timestamptz
);

-- A teacher sees the summaries of these classes only.
CREATE TABLE staff_groups (
  staff_id bigint NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  school_id text NOT NULL,
  group_id text NOT NULL,
  PRIMARY KEY (staff_id, school_id, group_id),
  FOREIGN KEY (school_id, group_id) REFERENCES groups (school_id, id) ON DELETE CASCADE
);

CREATE TABLE staff_sessions (
  token_hash bytea PRIMARY KEY,
  staff_id bigint NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);

CREATE TABLE devices (
  id uuid PRIMARY KEY,
  school_id text NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  name text NOT NULL DEFAULT '',
  -- SHA-256 of the bearer credential (256 random bits, so a fast hash is enough).
  credential_hash bytea NOT NULL UNIQUE,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  revoked_at timestamptz,
  revoked_by bigint REFERENCES staff_users (id) ON DELETE SET NULL
);
CREATE INDEX devices_by_school ON devices (school_id);

-- Breaches: the big table (a trust's year can be 100 million rows). Partitioned by month of
-- occurred_at, so a dashboard query over 30 days reads one or two partitions and retention drops
-- whole partitions instead of deleting rows. No foreign keys: school_id and device_id are written
-- only from the authenticated device, and checking keys on every row would slow ingest.
CREATE TABLE breaches (
  id uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  school_id text NOT NULL,
  device_id uuid NOT NULL,
  group_id text,
  user_email text,
  url text NOT NULL,
  host text NOT NULL,
  registrable_domain text NOT NULL,
  category text NOT NULL,
  rule_id text NOT NULL,
  rules_version text NOT NULL,
  resource_type text NOT NULL,
  count integer NOT NULL,
  -- A unique key on a partitioned table must contain the partition key; a replay carries the same
  -- id and occurredAt (records are final once sent), so it meets this key and is stored once.
  PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);

-- Class summaries (per group, day, category) and school summaries: index-only scans.
CREATE INDEX breaches_by_group_day ON breaches (school_id, group_id, occurred_at) INCLUDE (category, count);
CREATE INDEX breaches_by_school_day ON breaches (school_id, occurred_at) INCLUDE (category, count);
-- Subject access requests: one pupil's records.
CREATE INDEX breaches_by_pupil ON breaches (school_id, user_email) WHERE user_email IS NOT NULL;

-- Creates the month's partition if missing. Several server processes may ask at once: the
-- advisory lock makes them take turns, and the second finds the table made.
CREATE FUNCTION ensure_breach_partition(day timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  first_day date := date_trunc('month', day AT TIME ZONE 'UTC')::date;
  partition_name text := format('breaches_%s', to_char(first_day, 'YYYY_MM'));
BEGIN
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('safescreen-breach-partitions'));
  IF to_regclass(partition_name) IS NOT NULL THEN
    RETURN;
  END IF;
  EXECUTE format('CREATE TABLE %I PARTITION OF breaches FOR VALUES FROM (%L) TO (%L)', partition_name,
    first_day::text || ' 00:00:00+00', (first_day + interval '1 month')::date::text || ' 00:00:00+00');
END
$$;

-- Records a device had to drop unsent (its store was full), as it reports them with a batch.
CREATE TABLE dropped_reports (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school_id text NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  device_id uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  reported_at timestamptz NOT NULL DEFAULT now(),
  dropped integer NOT NULL CHECK (dropped > 0)
);
CREATE INDEX dropped_reports_by_school ON dropped_reports (school_id, reported_at);

CREATE TABLE unblock_requests (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  school_id text NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  device_id uuid NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
  group_id text,
  user_email text,
  url text NOT NULL,
  reason text,
  requested_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  decided_by bigint REFERENCES staff_users (id) ON DELETE SET NULL,
  decided_at timestamptz
);
CREATE INDEX unblock_requests_by_school ON unblock_requests (school_id, status, requested_at);
CREATE INDEX unblock_requests_by_pupil ON unblock_requests (school_id, user_email) WHERE user_email IS NOT NULL;

-- Who viewed, exported, erased or revoked what. Kept apart from the retention of breaches: it is
-- the school's record that it handled personal data properly.
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  school_id text,
  actor_staff_id bigint REFERENCES staff_users (id) ON DELETE SET NULL,
  -- The actor's email (or 'system'), copied so the entry still says who after the account is gone.
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_by_school ON audit_log (school_id, at);
