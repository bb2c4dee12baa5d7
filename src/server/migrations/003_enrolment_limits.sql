-- Enrolment and ingest limits that hold across server processes: enrolment tokens that expire and
-- rotate, devices bound to the group their policy names, daily ingest counters and rate-limit
-- buckets, all kept in the database rather than in one process's memory.

-- Every enrolment token a school has had, as hashes. The current one is the row not yet replaced;
-- replaced ones stay so an old policy is told "replaced" rather than "unknown".
CREATE TABLE enrolment_tokens (
  token_hash bytea PRIMARY KEY,
  school_id text NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  replaced_at timestamptz
);
CREATE UNIQUE INDEX enrolment_tokens_current ON enrolment_tokens (school_id) WHERE replaced_at IS NULL;

-- Tokens made before tokens expired get the default lifetime (DEFAULT_TOKEN_DAYS) from the upgrade.
INSERT INTO enrolment_tokens (token_hash, school_id, created_at, expires_at)
SELECT enrolment_token_hash, id, created_at, now() + interval '90 days' FROM schools;

ALTER TABLE schools DROP COLUMN enrolment_token_hash;

-- The group the device's policy named when it enrolled (NULL: none); it writes that group's records only.
ALTER TABLE devices ADD COLUMN group_id text;
-- The enrolment cap counts a school's enrolments of the last hour.
CREATE INDEX devices_by_school_enrolled ON devices (school_id, enrolled_at);

-- Records and bytes stored per device per UK day; a school's total is the sum of its devices' rows,
-- so concurrent batches of different devices never wait on one row.
CREATE TABLE ingest_usage (
  school_id text NOT NULL,
  day date NOT NULL,
  device_id uuid NOT NULL,
  records integer NOT NULL,
  bytes bigint NOT NULL,
  PRIMARY KEY (school_id, day, device_id)
);

-- Token buckets (a device, or a client address): `tokens` left at `at`; `granted` says whether the
-- last take got one.
CREATE TABLE rate_limit_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  at timestamptz NOT NULL,
  granted boolean NOT NULL
);

-- The bucket's tokens at `at_time`: refilled at per_minute a minute, never above per_minute.
CREATE FUNCTION refilled_tokens(tokens double precision, since timestamptz, at_time timestamptz, per_minute integer)
RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
  SELECT least(per_minute::double precision, tokens + greatest(0, extract(epoch FROM at_time - since)::double precision) * per_minute / 60.0)
$$;

-- Takes one token from the bucket in one statement (the row lock makes processes take turns), by
-- the database's clock so processes agree; returns 0 when granted, else the seconds until a token is there.
CREATE FUNCTION take_rate_token(bucket text, per_minute integer) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  at_time timestamptz := clock_timestamp();
  left_over double precision;
  was_granted boolean;
BEGIN
  INSERT INTO rate_limit_buckets AS b (key, tokens, at, granted) VALUES (bucket, per_minute - 1, at_time, true)
  ON CONFLICT (key) DO UPDATE SET
    tokens = refilled_tokens(b.tokens, b.at, at_time, per_minute)
      - CASE WHEN refilled_tokens(b.tokens, b.at, at_time, per_minute) >= 1 THEN 1 ELSE 0 END,
    granted = refilled_tokens(b.tokens, b.at, at_time, per_minute) >= 1,
    at = greatest(b.at, at_time)
  RETURNING tokens, granted INTO left_over, was_granted;
  IF was_granted THEN
    RETURN 0;
  END IF;
  RETURN greatest(1, ceil((1 - left_over) * 60.0 / per_minute));
END
$$;
