import { hashSecret, newSecret } from '../secrets.js';
import type { Queryable } from './database.js';

/** A one-time link lasts a day: long enough to pass on, short enough that a forgotten one is dead. */
export const SIGN_IN_LINK_HOURS = 24;

export type LinkPurpose = 'invite' | 'reset';

/** The page a link opens; the token rides in the query string, which the request log never records. */
export const CHOOSE_PASSWORD_PATH = '/choose-password';
export const signInLinkUrl = (baseUrl: string, token: string): string =>
  `${baseUrl.replace(/\/+$/, '')}${CHOOSE_PASSWORD_PATH}?token=${encodeURIComponent(token)}`;

/**
 * A new one-time link for the account; any earlier unused link of the account stops working (only
 * the newest link a technician passed on is good). The token is returned only now.
 */
export async function issueSignInLink(
  db: Queryable,
  staffId: number,
  purpose: LinkPurpose,
  now: Date,
): Promise<{ token: string; expiresAt: Date }> {
  await db.query('DELETE FROM staff_sign_in_links WHERE staff_id = $1 AND used_at IS NULL', [staffId]);
  const token = newSecret('sign-in-link');
  const [{ expiresAt }] = await db.query<{ expiresAt: Date }>(
    `INSERT INTO staff_sign_in_links (token_hash, staff_id, purpose, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $4::timestamptz + make_interval(hours => $5)) RETURNING expires_at AS "expiresAt"`,
    [hashSecret(token), staffId, purpose, now, SIGN_IN_LINK_HOURS],
  );
  return { token, expiresAt: new Date(expiresAt) };
}

export interface LinkHolder {
  staffId: number;
  schoolId: string;
  email: string;
  displayName: string;
  schoolName: string;
  purpose: LinkPurpose;
}

export type LinkCheck = { ok: true; holder: LinkHolder } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'disabled' };

const LINK_QUERY = `SELECT u.id::int AS "staffId", u.school_id AS "schoolId", u.email, u.display_name AS "displayName",
    sc.name AS "schoolName", l.purpose, l.used_at IS NOT NULL AS used, l.expires_at <= $2 AS expired, u.disabled_at IS NOT NULL AS disabled
  FROM staff_sign_in_links l JOIN staff_users u ON u.id = l.staff_id JOIN schools sc ON sc.id = u.school_id
  WHERE l.token_hash = $1`;

/** Whether a link may be used now, and whose it is (opening the page does not use it). */
export async function checkSignInLink(db: Queryable, token: string, now: Date, forUpdate = false): Promise<LinkCheck> {
  const [row] = await db.query<LinkHolder & { used: boolean; expired: boolean; disabled: boolean }>(
    `${LINK_QUERY}${forUpdate ? ' FOR UPDATE OF l' : ''}`,
    [hashSecret(token), now],
  );
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.used) return { ok: false, reason: 'used' };
  if (row.expired) return { ok: false, reason: 'expired' };
  if (row.disabled) return { ok: false, reason: 'disabled' };
  const { used: _used, expired: _expired, disabled: _disabled, ...holder } = row;
  return { ok: true, holder };
}

/** Marks the link used; false when another request used it first (run in the transaction that checked it). */
export async function useSignInLink(db: Queryable, token: string, now: Date): Promise<boolean> {
  const rows = await db.query('UPDATE staff_sign_in_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL RETURNING 1', [
    hashSecret(token),
    now,
  ]);
  return rows.length > 0;
}

/** Used or expired links are kept a week (for "why does my link not work?"), then forgotten (run with retention). */
export async function forgetDeadSignInLinks(db: Queryable, now: Date): Promise<void> {
  await db.query(
    "DELETE FROM staff_sign_in_links WHERE LEAST(expires_at, COALESCE(used_at, expires_at)) < $1::timestamptz - interval '7 days'",
    [now],
  );
}
