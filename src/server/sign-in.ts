import { userAgentSummary } from '../core/user-agent-summary.js';
import type { AppContext } from './app-context.js';
import { audit } from './storage/audit-log.js';
import { forgetSignInFailures, recordSignInFailure, signInLockedMinutes } from './storage/sign-in-failures.js';
import { checkPassword, type StaffUser, staffByEmail } from './storage/staff.js';
import { type SessionKind, startSession } from './storage/staff-sessions.js';

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
  const account = async () => staffByEmail(ctx.db, attempt.email);
  const auditAs = async (action: string, detail: Record<string, unknown>) => {
    const named = await account();
    await audit(ctx.db, {
      schoolId: named?.schoolId ?? null,
      actor: named ? { staffId: named.staffId, email: named.email } : { staffId: null, email: 'unknown account' },
      action,
      target: named ? `staff:${named.staffId}` : undefined,
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
    await auditAs('sign-in.failed', {});
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

export const sessionRules = (ctx: AppContext) => ({
  idleMinutes: ctx.config.sessionIdleMinutes,
  lifetimeHours: ctx.config.sessionLifetimeHours,
});
