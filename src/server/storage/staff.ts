import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from '../passwords.js';
import type { Queryable } from './database.js';

export const STAFF_ROLES = ['teacher', 'dsl', 'technician', 'governor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface StaffUser {
  staffId: number;
  schoolId: string;
  email: string;
  displayName: string;
  role: StaffRole;
}

/** A new account; `password: null` for one who chooses it through a one-time link. */
export async function createStaffUser(
  db: Queryable,
  user: { schoolId: string; email: string; displayName: string; role: StaffRole; password: string | null; groups?: string[] },
): Promise<number> {
  const [{ id }] = await db.query<{ id: number }>(
    'INSERT INTO staff_users (school_id, email, display_name, role, password_hash) VALUES ($1, lower($2), $3, $4, $5) RETURNING id::int AS id',
    [user.schoolId, user.email, user.displayName, user.role, user.password === null ? null : await hashPassword(user.password)],
  );
  for (const groupId of user.groups ?? []) {
    await db.query('INSERT INTO groups (school_id, id, name) VALUES ($1, $2, $2) ON CONFLICT DO NOTHING', [user.schoolId, groupId]);
    await db.query('INSERT INTO staff_groups (staff_id, school_id, group_id) VALUES ($1, $2, $3)', [id, user.schoolId, groupId]);
  }
  return id;
}

/**
 * The account with this email and password, or null: the same null for an unknown email, a wrong
 * password, an account with no password yet and a disabled account. An old or weak hash is replaced
 * now the password is known.
 */
export async function checkPassword(db: Queryable, email: string, password: string): Promise<StaffUser | null> {
  const [row] = await db.query<StaffUser & { passwordHash: string | null }>(
    `SELECT id::int AS "staffId", school_id AS "schoolId", email, display_name AS "displayName", role, password_hash AS "passwordHash"
     FROM staff_users WHERE email = lower($1) AND disabled_at IS NULL`,
    [email],
  );
  // Verify against a stand-in hash when there is no such user, so timing does not reveal who exists.
  const check = await verifyPassword(password, row?.passwordHash ?? UNKNOWN_USER_HASH);
  if (!row?.passwordHash || !check.ok) return null;
  if (check.needsRehash) {
    await db.query('UPDATE staff_users SET password_hash = $1 WHERE id = $2', [await hashPassword(password), row.staffId]);
  }
  const { passwordHash: _omitted, ...user } = row;
  return user;
}

/** The account an email names, disabled or not (to audit a failed sign-in against it). */
export async function staffByEmail(db: Queryable, email: string): Promise<StaffUser | null> {
  const [row] = await db.query<StaffUser>(
    `SELECT id::int AS "staffId", school_id AS "schoolId", email, display_name AS "displayName", role
     FROM staff_users WHERE email = lower($1)`,
    [email],
  );
  return row ?? null;
}

/** The classes a teacher is assigned to. */
export async function staffGroups(db: Queryable, staffId: number): Promise<string[]> {
  return (await db.query<{ group_id: string }>('SELECT group_id FROM staff_groups WHERE staff_id = $1', [staffId])).map(
    (row) => row.group_id,
  );
}
