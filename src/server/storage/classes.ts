import type { ClassFields } from '../../core/class-fields.js';
import type { KeyStage } from '../../core/key-stages.js';
import type { Queryable } from './database.js';

/**
 * Classes and year groups (the `groups` table: one row per groupId a managed policy may name) and
 * who teaches them. Every query names the school: an id from another school is simply not found.
 */

export interface ClassTeacher {
  staffId: number;
  email: string;
  displayName: string;
}

export interface SchoolClass {
  id: string;
  name: string;
  keyStage: KeyStage | null;
  yearGroup: string | null;
  archived: boolean;
  teachers: ClassTeacher[];
  pupils: number;
  /** Devices enrolled for this class and not revoked. */
  devices: number;
}

export async function listClasses(db: Queryable, schoolId: string, options: { includeArchived?: boolean } = {}): Promise<SchoolClass[]> {
  const classes = await db.query<Omit<SchoolClass, 'teachers'>>(
    `SELECT g.id, g.name, g.key_stage AS "keyStage", g.year_group AS "yearGroup", g.archived_at IS NOT NULL AS archived,
       (SELECT count(*)::int FROM pupils p WHERE p.school_id = g.school_id AND p.group_id = g.id) AS pupils,
       (SELECT count(*)::int FROM devices d WHERE d.school_id = g.school_id AND d.group_id = g.id AND d.revoked_at IS NULL) AS devices
     FROM groups g WHERE g.school_id = $1 AND ($2 OR g.archived_at IS NULL)
     ORDER BY g.archived_at IS NOT NULL, g.year_group NULLS LAST, g.id`,
    [schoolId, options.includeArchived === true],
  );
  const teachers = await db.query<ClassTeacher & { groupId: string }>(
    `SELECT sg.group_id AS "groupId", u.id::int AS "staffId", u.email, u.display_name AS "displayName"
     FROM staff_groups sg JOIN staff_users u ON u.id = sg.staff_id
     WHERE sg.school_id = $1 ORDER BY u.display_name, u.email`,
    [schoolId],
  );
  return classes.map((group) => ({
    ...group,
    teachers: teachers.filter((t) => t.groupId === group.id).map(({ groupId: _omitted, ...teacher }) => teacher),
  }));
}

export async function findClass(db: Queryable, schoolId: string, id: string): Promise<SchoolClass | null> {
  return (await listClasses(db, schoolId, { includeArchived: true })).find((group) => group.id === id) ?? null;
}

/** The class id the school already has in other capitals, if any (Y4-Oak against y4-oak). */
export async function classSpelledOtherwise(db: Queryable, schoolId: string, id: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>('SELECT id FROM groups WHERE school_id = $1 AND lower(id) = lower($2) AND id <> $2', [
    schoolId,
    id,
  ]);
  return row?.id ?? null;
}

/** Inserts the class; false when the school already has this id. */
export async function insertClass(
  db: Queryable,
  schoolId: string,
  fields: Required<Pick<ClassFields, 'id'>> & ClassFields,
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO groups (school_id, id, name, key_stage, year_group) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (school_id, id) DO NOTHING RETURNING id`,
    [schoolId, fields.id, fields.name ?? fields.id, fields.keyStage ?? null, fields.yearGroup ?? null],
  );
  return rows.length === 1;
}

/** Changes the fields given (an id is never changed: devices and records carry it); false when not found. */
export async function updateClassFields(db: Queryable, schoolId: string, id: string, fields: Omit<ClassFields, 'id'>): Promise<boolean> {
  const rows = await db.query(
    `UPDATE groups SET
       name = CASE WHEN $3 THEN $4 ELSE name END,
       key_stage = CASE WHEN $5 THEN $6 ELSE key_stage END,
       year_group = CASE WHEN $7 THEN $8 ELSE year_group END
     WHERE school_id = $1 AND id = $2 RETURNING id`,
    [
      schoolId,
      id,
      fields.name !== undefined,
      fields.name ?? null,
      fields.keyStage !== undefined,
      fields.keyStage ?? null,
      fields.yearGroup !== undefined,
      fields.yearGroup ?? null,
    ],
  );
  return rows.length === 1;
}

/** Archives or restores the class; false when not found. */
export async function setClassArchived(db: Queryable, schoolId: string, id: string, archived: boolean): Promise<boolean> {
  const rows = await db.query(
    `UPDATE groups SET archived_at = CASE WHEN $3 THEN coalesce(archived_at, now()) ELSE NULL END
     WHERE school_id = $1 AND id = $2 RETURNING id`,
    [schoolId, id, archived],
  );
  return rows.length === 1;
}

/** The school's teachers (enabled or not), for choosing who teaches a class. */
export async function listTeachers(db: Queryable, schoolId: string): Promise<(ClassTeacher & { disabled: boolean; classes: string[] })[]> {
  return db.query(
    `SELECT u.id::int AS "staffId", u.email, u.display_name AS "displayName", u.disabled_at IS NOT NULL AS disabled,
       coalesce(array_agg(sg.group_id ORDER BY sg.group_id) FILTER (WHERE sg.group_id IS NOT NULL), '{}') AS classes
     FROM staff_users u LEFT JOIN staff_groups sg ON sg.staff_id = u.id
     WHERE u.school_id = $1 AND u.role = 'teacher'
     GROUP BY u.id ORDER BY u.display_name, u.email`,
    [schoolId],
  );
}

/** Teachers' ids of this school among `staffIds`; the others are another school's, not teachers, or made up. */
export async function teachersOfSchool(db: Queryable, schoolId: string, staffIds: readonly number[]): Promise<ClassTeacher[]> {
  if (staffIds.length === 0) return [];
  return db.query(
    `SELECT id::int AS "staffId", email, display_name AS "displayName" FROM staff_users
     WHERE school_id = $1 AND role = 'teacher' AND id = ANY($2::bigint[])`,
    [schoolId, staffIds],
  );
}

/** Makes the class's teachers exactly `staffIds` (checked by the caller); returns who was added and removed. */
export async function replaceClassTeachers(
  db: Queryable,
  schoolId: string,
  groupId: string,
  staffIds: readonly number[],
): Promise<{ added: number[]; removed: number[] }> {
  const removed = await db.query<{ staffId: number }>(
    `DELETE FROM staff_groups WHERE school_id = $1 AND group_id = $2 AND NOT (staff_id = ANY($3::bigint[])) RETURNING staff_id::int AS "staffId"`,
    [schoolId, groupId, staffIds],
  );
  const added = await db.query<{ staffId: number }>(
    `INSERT INTO staff_groups (staff_id, school_id, group_id) SELECT unnest($3::bigint[]), $1, $2
     ON CONFLICT DO NOTHING RETURNING staff_id::int AS "staffId"`,
    [schoolId, groupId, staffIds],
  );
  return { added: added.map((row) => row.staffId), removed: removed.map((row) => row.staffId) };
}

/** Makes a teacher's classes exactly `groupIds` (the import's "the MIS says so"). */
export async function replaceTeacherClasses(db: Queryable, schoolId: string, staffId: number, groupIds: readonly string[]): Promise<void> {
  await db.query('DELETE FROM staff_groups WHERE staff_id = $1 AND NOT (group_id = ANY($2::text[]))', [staffId, groupIds]);
  await db.query('INSERT INTO staff_groups (staff_id, school_id, group_id) SELECT $1, $2, unnest($3::text[]) ON CONFLICT DO NOTHING', [
    staffId,
    schoolId,
    groupIds,
  ]);
}
