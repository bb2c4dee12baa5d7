-- The school's structure as the technician keeps it: classes and year groups with their year group
-- label and key stage, archived rather than deleted (breaches and devices still name them), and
-- when each was made. Key stages are checked by the server against src/core/key-stages.ts.

ALTER TABLE groups ADD COLUMN year_group text;
-- Archived classes leave the lists and the import's targets until restored; their history stays.
ALTER TABLE groups ADD COLUMN archived_at timestamptz;
ALTER TABLE groups ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();

-- "Who teaches this class?" for the class pages (the primary key serves "which classes does this teacher teach?").
CREATE INDEX staff_groups_by_group ON staff_groups (school_id, group_id);
