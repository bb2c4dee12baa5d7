import type { Queryable } from './database.js';

export interface SchoolCounts {
  name: string;
  timeZone: string;
  pupils: number;
  /** Pupils the MIS listed without a class. */
  pupilsWithoutClass: number;
  teachers: number;
  devices: { enrolled: number; seenLastWeek: number; withoutClass: number };
}

/** The figures at the top of the technician's school page; null when the school is gone. */
export async function schoolCounts(db: Queryable, schoolId: string, now: Date): Promise<SchoolCounts | null> {
  const [row] = await db.query<SchoolCounts & { enrolled: number; seenLastWeek: number; devicesWithoutClass: number }>(
    `SELECT s.name, s.time_zone AS "timeZone",
       (SELECT count(*)::int FROM pupils p WHERE p.school_id = s.id) AS pupils,
       (SELECT count(*)::int FROM pupils p WHERE p.school_id = s.id AND p.group_id IS NULL) AS "pupilsWithoutClass",
       (SELECT count(*)::int FROM staff_users u WHERE u.school_id = s.id AND u.role = 'teacher' AND u.disabled_at IS NULL) AS teachers,
       (SELECT count(*)::int FROM devices d WHERE d.school_id = s.id AND d.revoked_at IS NULL) AS enrolled,
       (SELECT count(*)::int FROM devices d WHERE d.school_id = s.id AND d.revoked_at IS NULL
          AND d.last_seen_at > $2::timestamptz - interval '7 days') AS "seenLastWeek",
       (SELECT count(*)::int FROM devices d WHERE d.school_id = s.id AND d.revoked_at IS NULL AND d.group_id IS NULL) AS "devicesWithoutClass"
     FROM schools s WHERE s.id = $1`,
    [schoolId, now.toISOString()],
  );
  if (!row) return null;
  const { enrolled, seenLastWeek, devicesWithoutClass, ...rest } = row;
  return { ...rest, devices: { enrolled, seenLastWeek, withoutClass: devicesWithoutClass } };
}
