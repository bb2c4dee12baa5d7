import { userAgentSummary } from '../core/user-agent-summary.js';
import type { AppContext } from './app-context.js';
import { audit } from './storage/audit-log.js';
import { forgetSignInFailures, recordSignInFailure, signInLockedMinutes } from './storage/sign-in-failures.js';
import { checkPassword, type StaffUser, staffByEmail } from './storage/staff.js';
import { revokeSession, type SessionKind, type SessionStaff, startSession } from './storage/staff-sessions.js';

export type SignInResult =
  | { ok: true; token: string; sessionId: number; user: StaffUser }
  | { ok: false; reason: 'wrong email or password' }
  | { ok: false; reason: 'locked'; minutes: number };

export interface SignInAttempt {
  email: string;
  password: string;
  kind: SessionKind;
  userAgent: string | undefined;
  /** The client address, for the audit log (never the request log). */
  address: string;
}

/**
 * Email and password sign-in, shared by the dashboard's form and `POST /api/v1/staff/login`: the
 * per-email lock-out first, then the password, then a session of the asked kind. Every outcome is
 * audited against the account when one has the email (a typed email that names nobody is not kept).
 * Single sign-on (OpenID Connect) would end in the same place: `startSession` for the account it
 * names, audited as `sign-in` with `method: 'oidc'`.
 */
export async function signIn(ctx: AppContext, attempt: SignInAttempt): Promise<SignInResult> {
  const now = ctx.now();
  let named: Promise<Awaited<ReturnType<typeof staffByEmail>>> | undefined;
  const auditAs = async (action: string, detail: Record<string, unknown>) => {
    named ??= staffByEmail(ctx.db, attempt.email);
    const account = await named;
    await audit(ctx.db, {
      schoolId: account?.schoolId ?? null,
      actor: account ? { staffId: account.staffId, email: account.email } : { staffId: null, email: 'unknown account' },
      action,
      target: account ? `staff:${account.staffId}` : undefined,
      detail: { address: attempt.address, via: attempt.kind === 'cookie' ? 'dashboard' : 'api', ...detail },
    });
  };

  const lockedFor = await signInLockedMinutes(ctx.db, attempt.email, now);
  if (lockedFor > 0) {
    await auditAs('sign-in.refused-locked', { minutes: lockedFor });
    return { ok: false, reason: 'locked', minutes: lockedFor };
  }
  const user = await checkPassword(ctx.db, attempt.email, attempt.password);
  if (!user) {
    const lockedNow = await recordSignInFailure(ctx.db, attempt.email, now);
    await auditAs('sign-in.failed', { reason: await failureReason(ctx, attempt.email) });
    if (lockedNow) await auditAs('sign-in.locked', {});
    return { ok: false, reason: 'wrong email or password' };
  }
  await forgetSignInFailures(ctx.db, attempt.email);
  const { token, sessionId } = await ctx.db.transaction(async (tx) => {
    await tx.query('UPDATE staff_users SET last_sign_in_at = $2 WHERE id = $1', [user.staffId, now]);
    const session = await startSession(tx, {
      staffId: user.staffId,
      kind: attempt.kind,
      userAgent: userAgentSummary(attempt.userAgent),
      now,
      rules: sessionRules(ctx),
    });
    await audit(tx, {
      schoolId: user.schoolId,
      actor: { staffId: user.staffId, email: user.email },
      action: 'sign-in',
      target: `session:${session.sessionId}`,
      detail: { address: attempt.address, via: attempt.kind === 'cookie' ? 'dashboard' : 'api', method: 'password' },
    });
    return session;
  });
  return { ok: true, token, sessionId, user };
}

/** Ends the session the person is using (the dashboard's sign-out button or a script's logout), audited. */
export async function signOut(ctx: AppContext, staff: SessionStaff, via: 'dashboard' | 'api'): Promise<void> {
  await revokeSession(ctx.db, staff.staffId, staff.sessionId, ctx.now());
  await audit(ctx.db, {
    schoolId: staff.schoolId,
    actor: { staffId: staff.staffId, email: staff.email },
    action: 'sign-out',
    target: `session:${staff.sessionId}`,
    detail: { via },
  });
}

export const sessionRules = (ctx: AppContext) => ({
  idleMinutes: ctx.config.sessionIdleMinutes,
  lifetimeHours: ctx.config.sessionLifetimeHours,
});

/** Why a known account's sign-in failed, for the audit log only (the person is told the same thing whatever it is). */
async function failureReason(ctx: AppContext, email: string): Promise<string> {
  const [row] = await ctx.db.query<{ disabled: boolean; hasPassword: boolean }>(
    'SELECT disabled_at IS NOT NULL AS disabled, password_hash IS NOT NULL AS "hasPassword" FROM staff_users WHERE email = lower($1)',
    [email],
  );
  if (!row) return 'unknown account';
  if (row.disabled) return 'account disabled';
  return row.hasPassword ? 'wrong password' : 'no password chosen yet';
}
