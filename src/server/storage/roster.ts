import type { RosterPlan, RosterState } from '../../core/roster-plan.js';
import { replaceTeacherClasses } from './classes.js';
import type { Queryable } from './database.js';

/** Rows per multi-row statement when applying an import (10,000 pupils: 20 statements). */
const BATCH = 500;

/** What an import is judged against: the school's classes, staff and pupils, and the file's emails taken by other schools. */
export async function loadRosterState(db: Queryable, schoolId: string, fileEmails: readonly string[]): Promise<RosterState> {
  const classes = await db.query<RosterState['classes'][number]>(
    `SELECT id, archived_at IS NOT NULL AS archived, key_stage AS "keyStage", year_group AS "yearGroup" FROM groups WHERE school_id = $1`,
    [schoolId],
  );
  const staff = await db.query<RosterState['staff'][number]>(
    `SELECT u.email, u.display_name AS "displayName", u.role,
       coalesce(array_agg(sg.group_id) FILTER (WHERE sg.group_id IS NOT NULL), '{}') AS classes
     FROM staff_users u LEFT JOIN staff_groups sg ON sg.staff_id = u.id
     WHERE u.school_id = $1 GROUP BY u.id`,
    [schoolId],
  );
  const pupils = await db.query<RosterState['pupils'][number]>(
    'SELECT email, display_name AS "displayName", group_id AS "groupId" FROM pupils WHERE school_id = $1',
    [schoolId],
  );
  const elsewhere =
    fileEmails.length === 0
      ? []
      : await db.query<{ email: string }>('SELECT email FROM staff_users WHERE school_id <> $1 AND email = ANY($2::text[])', [
          schoolId,
          fileEmails,
        ]);
  return { classes, staff, pupils, staffEmailsElsewhere: new Set(elsewhere.map((row) => row.email)) };
}

/**
 * Writes a plan made against the state read in this same transaction. Classes first (pupils and
 * teachers' links refer to them), then teachers (new ones without a password: they are invited
 * later), then pupils. Only what the plan lists is written, so a plan with no changes writes nothing.
 */
export async function applyRosterPlan(db: Queryable, schoolId: string, plan: RosterPlan): Promise<void> {
  for (const group of plan.classes.create) {
    await db.query('INSERT INTO groups (school_id, id, name, key_stage, year_group) VALUES ($1, $2, $2, $3, $4)', [
      schoolId,
      group.id,
      group.keyStage ?? null,
      group.yearGroup ?? null,
    ]);
  }
  for (const group of plan.classes.update) {
    await db.query(
      'UPDATE groups SET key_stage = coalesce($3, key_stage), year_group = coalesce($4, year_group) WHERE school_id = $1 AND id = $2',
      [schoolId, group.id, group.keyStage ?? null, group.yearGroup ?? null],
    );
  }
  if (plan.classes.restore.length > 0) {
    await db.query('UPDATE groups SET archived_at = NULL WHERE school_id = $1 AND id = ANY($2::text[])', [schoolId, plan.classes.restore]);
  }

  for (const teacher of plan.teachers.create) {
    const [{ id }] = await db.query<{ id: number }>(
      `INSERT INTO staff_users (school_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, 'teacher', NULL) RETURNING id::int AS id`,
      [schoolId, teacher.email, teacher.displayName],
    );
    if (teacher.classes) await replaceTeacherClasses(db, schoolId, id, teacher.classes);
  }
  for (const teacher of plan.teachers.update) {
    const [{ id }] = await db.query<{ id: number }>(
      `UPDATE staff_users SET display_name = $3 WHERE school_id = $1 AND email = $2 AND role = 'teacher' RETURNING id::int AS id`,
      [schoolId, teacher.email, teacher.displayName],
    );
    if (teacher.classes) await replaceTeacherClasses(db, schoolId, id, teacher.classes);
  }

  const pupils = [...plan.pupils.create, ...plan.pupils.update];
  for (let start = 0; start < pupils.length; start += BATCH) {
    const batch = pupils.slice(start, start + BATCH);
    await db.query(
      `INSERT INTO pupils (school_id, email, display_name, group_id)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])
       ON CONFLICT (school_id, email) DO UPDATE SET display_name = excluded.display_name,
         group_id = coalesce(excluded.group_id, pupils.group_id)`,
      [schoolId, batch.map((p) => p.email), batch.map((p) => p.displayName), batch.map((p) => p.groupId)],
    );
  }
}
