import { leavesNoTechnician } from '../../core/last-technician.js';
import { audit } from './audit-log.js';
import type { Database, Queryable } from './database.js';
import { issueSignInLink } from './sign-in-links.js';
import type { StaffRole } from './staff.js';
import { revokeAllSessions } from './staff-sessions.js';

/**
 * A technician's changes to their school's staff. Every function takes the school from the signed-in
 * technician, never from the form, and finds the target with `school_id = $school`: an id from
 * another school matches nothing and reads as "not found". Each change and its audit entry are one
 * transaction.
 */
export type StaffState = 'invited' | 'active' | 'disabled';

export interface StaffListing {
  staffId: number;
  email: string;
  displayName: string;
  role: StaffRole;
  state: StaffState;
  lastSignInAt: Date | null;
}

const LISTING = `SELECT id::int AS "staffId", email, display_name AS "displayName", role,
    CASE WHEN disabled_at IS NOT NULL THEN 'disabled' WHEN password_hash IS NULL THEN 'invited' ELSE 'active' END AS state,
    last_sign_in_at AS "lastSignInAt"
  FROM staff_users`;

export async function listStaff(db: Queryable, schoolId: string): Promise<StaffListing[]> {
  return db.query<StaffListing>(`${LISTING} WHERE school_id = $1 ORDER BY lower(display_name), email`, [schoolId]);
}

export async function staffMember(db: Queryable, schoolId: string, staffId: number): Promise<StaffListing | null> {
  const [row] = await db.query<StaffListing>(`${LISTING} WHERE school_id = $1 AND id = $2`, [schoolId, staffId]);
  return row ?? null;
}

export interface Technician {
  staffId: number;
  schoolId: string;
  email: string;
}

export type StaffChange =
  | { ok: true; member: StaffListing; link?: { token: string; expiresAt: Date } }
  | { ok: false; reason: 'not found' | 'last technician' | 'email taken' | 'no change' };

const actorOf = (by: Technician) => ({ staffId: by.staffId, email: by.email });

/** The school's technicians who could sign in now, locked until the transaction ends (two changes at once take turns). */
async function activeTechnicians(tx: Queryable, schoolId: string): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(
    `SELECT id::int AS id FROM staff_users WHERE school_id = $1 AND role = 'technician' AND disabled_at IS NULL AND password_hash IS NOT NULL
     ORDER BY id FOR UPDATE`,
    [schoolId],
  );
  return rows.map((row) => row.id);
}

/** A new account with no password and a one-time link to choose one (shown once, to the technician). */
export async function inviteStaff(
  db: Database,
  by: Technician,
  invitee: { email: string; displayName: string; role: StaffRole },
  now: Date,
): Promise<StaffChange> {
  return db.transaction(async (tx) => {
    const [taken] = await tx.query('SELECT 1 FROM staff_users WHERE email = $1', [invitee.email]);
    if (taken) return { ok: false, reason: 'email taken' };
    const [{ id }] = await tx.query<{ id: number }>(
      'INSERT INTO staff_users (school_id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, NULL) RETURNING id::int AS id',
      [by.schoolId, invitee.email, invitee.displayName, invitee.role],
    );
    const link = await issueSignInLink(tx, id, 'invite', now);
    await audit(tx, {
      schoolId: by.schoolId,
      actor: actorOf(by),
      action: 'staff.invite',
      target: `staff:${id}`,
      detail: { role: invitee.role },
    });
    const member = await staffMember(tx, by.schoolId, id);
    return member ? { ok: true, member, link } : { ok: false, reason: 'not found' };
  });
}

export async function changeRole(db: Database, by: Technician, staffId: number, role: StaffRole): Promise<StaffChange> {
  return db.transaction(async (tx) => {
    const technicians = await activeTechnicians(tx, by.schoolId);
    const member = await staffMember(tx, by.schoolId, staffId);
    if (!member) return { ok: false, reason: 'not found' };
    if (member.role === role) return { ok: false, reason: 'no change' };
    if (role !== 'technician' && leavesNoTechnician(technicians, staffId)) return { ok: false, reason: 'last technician' };
    await tx.query('UPDATE staff_users SET role = $3 WHERE id = $1 AND school_id = $2', [staffId, by.schoolId, role]);
    await audit(tx, {
      schoolId: by.schoolId,
      actor: actorOf(by),
      action: 'staff.role-change',
      target: `staff:${staffId}`,
      detail: { from: member.role, to: role },
    });
    return { ok: true, member: { ...member, role } };
  });
}

/**
 * The staff member a disable or a reset would shut out (live sessions end, sign-in stops), or why
 * not: unknown here, already disabled, or the school's last technician who could sign in.
 */
async function memberWhoMayLoseAccess(tx: Queryable, by: Technician, staffId: number): Promise<StaffChange> {
  const technicians = await activeTechnicians(tx, by.schoolId);
  const member = await staffMember(tx, by.schoolId, staffId);
  if (!member) return { ok: false, reason: 'not found' };
  if (member.state === 'disabled') return { ok: false, reason: 'no change' };
  if (member.role === 'technician' && leavesNoTechnician(technicians, staffId)) return { ok: false, reason: 'last technician' };
  return { ok: true, member };
}

/** Disabled at once: every session of the account ends, and it cannot sign in or use a link. */
export async function disableStaff(db: Database, by: Technician, staffId: number, now: Date): Promise<StaffChange> {
  return db.transaction(async (tx) => {
    const member = await memberWhoMayLoseAccess(tx, by, staffId);
    if (!member.ok) return member;
    await tx.query('UPDATE staff_users SET disabled_at = $3 WHERE id = $1 AND school_id = $2', [staffId, by.schoolId, now]);
    const sessionsEnded = await revokeAllSessions(tx, staffId, now);
    await audit(tx, {
      schoolId: by.schoolId,
      actor: actorOf(by),
      action: 'staff.disable',
      target: `staff:${staffId}`,
      detail: { sessionsEnded },
    });
    return { ok: true, member: { ...member.member, state: 'disabled' } };
  });
}

export async function enableStaff(db: Database, by: Technician, staffId: number): Promise<StaffChange> {
  return db.transaction(async (tx) => {
    const member = await staffMember(tx, by.schoolId, staffId);
    if (!member) return { ok: false, reason: 'not found' };
    if (member.state !== 'disabled') return { ok: false, reason: 'no change' };
    await tx.query('UPDATE staff_users SET disabled_at = NULL WHERE id = $1 AND school_id = $2', [staffId, by.schoolId]);
    await audit(tx, { schoolId: by.schoolId, actor: actorOf(by), action: 'staff.enable', target: `staff:${staffId}` });
    const after = await staffMember(tx, by.schoolId, staffId);
    return after ? { ok: true, member: after } : { ok: false, reason: 'not found' };
  });
}

/**
 * A forgotten (or leaked) password: the old one stops working, every session ends, and a new
 * one-time link lets the person choose another. Refused for the last active technician, who would
 * otherwise be locked out with nobody to pass them the link.
 */
export async function resetPassword(db: Database, by: Technician, staffId: number, now: Date): Promise<StaffChange> {
  return db.transaction(async (tx) => {
    const member = await memberWhoMayLoseAccess(tx, by, staffId);
    if (!member.ok) return member;
    await tx.query('UPDATE staff_users SET password_hash = NULL WHERE id = $1 AND school_id = $2', [staffId, by.schoolId]);
    const sessionsEnded = await revokeAllSessions(tx, staffId, now);
    const link = await issueSignInLink(tx, staffId, 'reset', now);
    await audit(tx, {
      schoolId: by.schoolId,
      actor: actorOf(by),
      action: 'staff.reset',
      target: `staff:${staffId}`,
      detail: { sessionsEnded },
    });
    return { ok: true, member: { ...member.member, state: 'invited' }, link };
  });
}
