import { hashSecret, newSecret } from '../secrets.js';
import type { Queryable } from './database.js';
import type { StaffUser } from './staff.js';

/** A dashboard session travels in a cookie, a script's in the Authorization header; neither works as the other. */
export type SessionKind = 'cookie' | 'bearer';

export interface SessionRules {
  idleMinutes: number;
  lifetimeHours: number;
}

/** The staff member of a live session, with what every page shows about their school. */
export interface SessionStaff extends StaffUser {
  sessionId: number;
  schoolName: string;
  /** IANA name, e.g. Europe/London: dates on staff pages are the school's local dates. */
  schoolTimeZone: string;
}

/** Starts a session for the staff member; the token is returned only now (the database keeps its hash). */
export async function startSession(
  db: Queryable,
  session: { staffId: number; kind: SessionKind; userAgent: string; now: Date; rules: SessionRules },
): Promise<{ token: string; sessionId: number }> {
  const token = newSecret('session');
  const [{ id }] = await db.query<{ id: number }>(
    `INSERT INTO staff_sessions (token_hash, staff_id, kind, user_agent, created_at, last_seen_at, idle_expires_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $5, $5::timestamptz + make_interval(mins => $6), $5::timestamptz + make_interval(hours => $7))
     RETURNING id::int AS id`,
    [
      hashSecret(token),
      session.staffId,
      session.kind,
      session.userAgent.slice(0, 100),
      session.now,
      session.rules.idleMinutes,
      session.rules.lifetimeHours,
    ],
  );
  return { token, sessionId: id };
}

/**
 * The staff member of a live session of this kind, and the session's idle expiry pushed on, in one
 * statement. Live: not revoked, before both expiries, and the account not disabled (so disabling an
 * account ends its sessions at the next request, whatever else happens).
 */
export async function useSession(
  db: Queryable,
  token: string,
  kind: SessionKind,
  now: Date,
  rules: SessionRules,
): Promise<SessionStaff | null> {
  const [row] = await db.query<SessionStaff>(
    `UPDATE staff_sessions s
     SET last_seen_at = $3, idle_expires_at = LEAST(s.expires_at, $3::timestamptz + make_interval(mins => $4))
     FROM staff_users u, schools sc
     WHERE s.token_hash = $1 AND s.kind = $2 AND u.id = s.staff_id AND sc.id = u.school_id
       AND s.revoked_at IS NULL AND s.idle_expires_at > $3 AND s.expires_at > $3 AND u.disabled_at IS NULL
     RETURNING s.id::int AS "sessionId", u.id::int AS "staffId", u.school_id AS "schoolId", u.email, u.display_name AS "displayName", u.role,
       sc.name AS "schoolName", sc.time_zone AS "schoolTimeZone"`,
    [hashSecret(token), kind, now, rules.idleMinutes],
  );
  return row ?? null;
}

export interface SessionRow {
  id: number;
  kind: SessionKind;
  userAgent: string;
  createdAt: Date;
  lastSeenAt: Date;
  idleExpiresAt: Date;
  expiresAt: Date;
}

/** The live sessions of one staff member, most recently used first. */
export async function liveSessions(db: Queryable, staffId: number, now: Date): Promise<SessionRow[]> {
  return db.query<SessionRow>(
    `SELECT id::int AS id, kind, user_agent AS "userAgent", created_at AS "createdAt", last_seen_at AS "lastSeenAt",
       idle_expires_at AS "idleExpiresAt", expires_at AS "expiresAt"
     FROM staff_sessions WHERE staff_id = $1 AND revoked_at IS NULL AND idle_expires_at > $2 AND expires_at > $2
     ORDER BY last_seen_at DESC, id DESC`,
    [staffId, now],
  );
}

/** Ends one session of this staff member (another's session id matches nothing); whether it was live. */
export async function revokeSession(db: Queryable, staffId: number, sessionId: number, now: Date): Promise<boolean> {
  const rows = await db.query(
    'UPDATE staff_sessions SET revoked_at = $3 WHERE id = $1 AND staff_id = $2 AND revoked_at IS NULL RETURNING 1',
    [sessionId, staffId, now],
  );
  return rows.length > 0;
}

/** Ends every session of the staff member (disabled, password reset or changed); how many were live. */
export async function revokeAllSessions(db: Queryable, staffId: number, now: Date, except?: number): Promise<number> {
  const rows = await db.query(
    'UPDATE staff_sessions SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL AND id IS DISTINCT FROM $3 RETURNING 1',
    [staffId, now, except ?? null],
  );
  return rows.length;
}
