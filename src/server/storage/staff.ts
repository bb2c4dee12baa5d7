import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../passwords.js';
import { hashSecret, newSecret } from '../secrets.js';
import type { Queryable } from './database.js';

export const STAFF_ROLES = ['teacher', 'dsl', 'technician', 'governor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  staffId: number;
  schoolId: string;
  email: string;
  role: StaffRole;
}

const SESSION_HOURS = 12;

export async function createStaffUser(
  db: Queryable,
  user: { schoolId: string; email: string; displayName: string; role: StaffRole; password: string; groups?: string[] },
): Promise<number> {
  const [{ id }] = await db.query<{ id: number }>(
    'INSERT INTO staff_users (school_id, email, display_name, role, password_hash) VALUES ($1, lower($2), $3, $4, $5) RETURNING id::int AS id',
    [user.schoolId, user.email, user.displayName, user.role, await hashPassword(user.password)],
  );
  for (const groupId of user.groups ?? []) {
    await db.query('INSERT INTO groups (school_id, id, name) VALUES ($1, $2, $2) ON CONFLICT DO NOTHING', [user.schoolId, groupId]);
    await db.query('INSERT INTO staff_groups (staff_id, school_id, group_id) VALUES ($1, $2, $3)', [id, user.schoolId, groupId]);
  }
  return id;
}

/** A session token for the right email and password, or null (the same null for either mistake). */
export async function logIn(db: Queryable, email: string, password: string): Promise<{ token: string; user: StaffUser } | null> {
  const [row] = await db.query<StaffUser & { passwordHash: string }>(
    `SELECT id::int AS "staffId", school_id AS "schoolId", email, role, password_hash AS "passwordHash"
     FROM staff_users WHERE email = lower($1) AND disabled_at IS NULL`,
    [email],
  );
  // Verify against a stand-in hash when there is no such user, so timing does not reveal who exists.
  const check = await verifyPassword(password, row?.passwordHash ?? UNKNOWN_USER_HASH);
  if (!row || !check.ok) return null;
  if (check.needsRehash) {
    await db.query('UPDATE staff_users SET password_hash = $1 WHERE id = $2', [await hashPassword(password), row.staffId]);
  }
  const token = newSecret('session');
  await db.query(
    `INSERT INTO staff_sessions (token_hash, staff_id, expires_at) VALUES ($1, $2, now() + interval '${SESSION_HOURS} hours')`,
    [hashSecret(token), row.staffId],
  );
  const { passwordHash: _omitted, ...user } = row;
  return { token, user };
}

export async function staffForSession(db: Queryable, token: string): Promise<StaffUser | null> {
  const [row] = await db.query<StaffUser>(
    `SELECT u.id::int AS "staffId", u.school_id AS "schoolId", u.email, u.role
     FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`,
    [hashSecret(token)],
  );
  return row ?? null;
}

/** The classes a teacher is assigned to. */
export async function staffGroups(db: Queryable, staffId: number): Promise<string[]> {
  return (await db.query<{ group_id: string }>('SELECT group_id FROM staff_groups WHERE staff_id = $1', [staffId])).map(
    (row) => row.group_id,
  );
}
