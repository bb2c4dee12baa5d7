-- The shapes the staff dashboard's parts share, made once so they can be built side by side.

-- Staff invited or imported from the school's MIS have no password until they follow their
-- one-time link; a sign-in against a missing hash fails like a wrong password.
ALTER TABLE staff_users ALTER COLUMN password_hash DROP NOT NULL;

-- Dates on staff pages are the school's local dates.
ALTER TABLE schools ADD COLUMN time_zone text NOT NULL DEFAULT 'Europe/London';

-- Pupils as the school's MIS names them, so staff see a name rather than an email. A breach's
-- user_email joins here; a pupil not listed is shown by email (or by device for shared log-ins).
CREATE TABLE pupils (
  school_id text NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  email text NOT NULL CHECK (email = lower(email)),
  display_name text NOT NULL,
  group_id text,
  PRIMARY KEY (school_id, email),
  FOREIGN KEY (school_id, group_id) REFERENCES groups (school_id, id) ON DELETE SET NULL (group_id)
);
CREATE INDEX pupils_by_group ON pupils (school_id, group_id);
