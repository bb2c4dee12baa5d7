import { createHash } from 'node:crypto';
import { afterFailure, type FailureState, lockedMinutesLeft } from '../../core/sign-in-lockout.js';
import type { Database, Queryable } from './database.js';

/** The row's key: the typed email, lower-cased and hashed, so no typed text is stored. */
const accountKey = (email: string): Buffer => createHash('sha256').update(email.trim().toLowerCase(), 'utf8').digest();

async function failureState(db: Queryable, key: Buffer, lock = false): Promise<FailureState | null> {
  const [row] = await db.query<FailureState>(
    `SELECT failures, window_started_at AS "windowStartedAt", locked_until AS "lockedUntil"
     FROM sign_in_failures WHERE account_key = $1${lock ? ' FOR UPDATE' : ''}`,
    [key],
  );
  return row
    ? { failures: row.failures, windowStartedAt: new Date(row.windowStartedAt), lockedUntil: row.lockedUntil && new Date(row.lockedUntil) }
    : null;
}

/** Minutes until sign-in with this email is allowed again; 0 when it is allowed now. */
export async function signInLockedMinutes(db: Queryable, email: string, now: Date): Promise<number> {
  return lockedMinutesLeft(await failureState(db, accountKey(email)), now);
}

/**
 * Counts one failed sign-in for the email; true when it locked the email just now. One transaction
 * with the row locked, so failures on several server processes at once are all counted.
 */
export async function recordSignInFailure(db: Database, email: string, now: Date): Promise<boolean> {
  const key = accountKey(email);
  return db.transaction(async (tx) => {
    await tx.query(
      'INSERT INTO sign_in_failures (account_key, failures, window_started_at) VALUES ($1, 0, $2) ON CONFLICT (account_key) DO NOTHING',
      [key, now],
    );
    const before = await failureState(tx, key, true);
    const { state, lockedNow } = afterFailure(before, now);
    await tx.query('UPDATE sign_in_failures SET failures = $2, window_started_at = $3, locked_until = $4 WHERE account_key = $1', [
      key,
      state.failures,
      state.windowStartedAt,
      state.lockedUntil,
    ]);
    return lockedNow;
  });
}

/** A successful sign-in forgets the email's failures. */
export async function forgetSignInFailures(db: Queryable, email: string): Promise<void> {
  await db.query('DELETE FROM sign_in_failures WHERE account_key = $1', [accountKey(email)]);
}

/** Rows whose window and lock-out are both over say nothing any more (run with retention). */
export async function forgetOldSignInFailures(db: Queryable, now: Date): Promise<void> {
  await db.query(
    "DELETE FROM sign_in_failures WHERE window_started_at < $1::timestamptz - interval '1 day' AND (locked_until IS NULL OR locked_until < $1)",
    [now],
  );
}
