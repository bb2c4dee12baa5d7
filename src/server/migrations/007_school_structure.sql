-- The school's structure as the technician keeps it: classes and year groups with their year group
-- label and key stage, archived rather than deleted (breaches and devices still name them), and
-- when each was made. Key stages are checked by the server against src/core/key-stages.ts.

ALTER TABLE groups ADD COLUMN year_group text;
-- Archived classes leave the lists and the import's targets until restored; their history stays.
ALTER TABLE groups ADD COLUMN archived_at timestamptz;
ALTER TABLE groups ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

-- "Who teaches this class?" for the class pages (the primary key serves "which classes does this teacher teach?").
CREATE INDEX staff_groups_by_group ON staff_groups (school_id, group_id);

-- A CSV file between its upload and its import, so the preview page can be reloaded and its column
-- mapping changed without sending the file again. It holds pupils' names: deleted once imported,
-- and any left behind for a day are deleted by the hourly retention job.
CREATE TABLE roster_uploads (
  id uuid PRIMARY KEY,
  school_id text NOT NULL REFERENCES schools (id) ON DELETE CASCADE,
  staff_id bigint NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
  file_name text NOT NULL,
  csv text NOT NULL,
  -- The import options chosen on the preview page (mapping, defaultRole, allowNewClasses).
  options jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX roster_uploads_by_school ON roster_uploads (school_id, created_at);
