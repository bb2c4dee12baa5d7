import { hashSecret, newSecret } from '../secrets.js';
import type { Queryable } from './database.js';

/** A token lives this long unless the technician says otherwise (003_enrolment_limits.sql gave old tokens the same). */
export const DEFAULT_TOKEN_DAYS = 90;
/** The longest lifetime a technician may choose: a little over a school year. */
export const MAX_TOKEN_DAYS = 400;

export interface IssuedToken {
  enrollmentToken: string;
  expiresAt: Date;
}

/**
 * Makes a new current token for the school and retires the one before it at once (devices already
 * enrolled keep their credentials). The token is returned only now; the database keeps its hash.
 * Run inside a transaction, so the school never has two current tokens or none.
 */
export async function issueEnrolmentToken(db: Queryable, schoolId: string, days = DEFAULT_TOKEN_DAYS): Promise<IssuedToken> {
  const enrollmentToken = newSecret('enrolment');
  await db.query('UPDATE enrolment_tokens SET replaced_at = now() WHERE school_id = $1 AND replaced_at IS NULL', [schoolId]);
  const [{ expiresAt }] = await db.query<{ expiresAt: Date }>(
    `INSERT INTO enrolment_tokens (token_hash, school_id, expires_at) VALUES ($1, $2, now() + make_interval(days => $3))
     RETURNING expires_at AS "expiresAt"`,
    [hashSecret(enrollmentToken), schoolId, days],
  );
  return { enrollmentToken, expiresAt: new Date(expiresAt) };
}

export type TokenCheck = { ok: true; schoolId: string } | { ok: false; reason: string };

/** Whether a token may enrol a device now; the reason tells the technician what to do when not. */
export async function checkEnrolmentToken(db: Queryable, token: string): Promise<TokenCheck> {
  const [row] = await db.query<{ schoolId: string; expiresAt: Date; replaced: boolean; expired: boolean }>(
    `SELECT school_id AS "schoolId", expires_at AS "expiresAt", replaced_at IS NOT NULL AS replaced, expires_at <= now() AS expired
     FROM enrolment_tokens WHERE token_hash = $1`,
    [hashSecret(token)],
  );
  if (!row) return { ok: false, reason: 'unknown enrolment token' };
  if (row.replaced)
    return { ok: false, reason: 'this enrolment token was replaced by a newer one: ask your technician to update the managed policy' };
  if (row.expired) {
    const day = new Date(row.expiresAt).toISOString().slice(0, 10);
    return { ok: false, reason: `this enrolment token expired on ${day}: ask your technician for a new one (npm run school:rotate-token)` };
  }
  return { ok: true, schoolId: row.schoolId };
}

export interface EnrolmentTokenStatus {
  createdAt: Date;
  expiresAt: Date;
  expired: boolean;
}

/** When the school's current token was made and when it expires: never the token, which only its rotation shows. */
export async function currentEnrolmentToken(db: Queryable, schoolId: string): Promise<EnrolmentTokenStatus | null> {
  const [row] = await db.query<EnrolmentTokenStatus>(
    `SELECT created_at AS "createdAt", expires_at AS "expiresAt", expires_at <= now() AS expired
     FROM enrolment_tokens WHERE school_id = $1 AND replaced_at IS NULL`,
    [schoolId],
  );
  return row ? { ...row, createdAt: new Date(row.createdAt), expiresAt: new Date(row.expiresAt) } : null;
}
