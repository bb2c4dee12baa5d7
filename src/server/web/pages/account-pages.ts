import type { FastifyInstance } from 'fastify';
import { passwordProblem } from '../../../core/password-rules.js';
import type { AppContext } from '../../app-context.js';
import { authenticatedStaff } from '../../auth/staff-auth.js';
import { hashPassword } from '../../passwords.js';
import { audit } from '../../storage/audit-log.js';
import { checkPassword } from '../../storage/staff.js';
import { liveSessions, revokeAllSessions, revokeSession } from '../../storage/staff-sessions.js';
import { formField, idField } from '../form-fields.js';
import { clearSessionCookie } from '../session-cookie.js';
import { staffPage } from '../staff-page.js';

const NOTICES: Record<string, string> = {
  'session-ended': 'That session has ended.',
  'others-ended': 'Your other sessions have ended.',
  'password-changed': 'Your password is changed. Your other sessions have ended.',
};

/** "My account": the signed-in person's live sessions (each can be ended) and a new password. */
export function accountPages(web: FastifyInstance, ctx: AppContext): void {
  const anyone = staffPage(ctx);

  const showAccount = async (staffId: number, sessionId: number, view: { notice?: string; passwordError?: string }) => {
    const sessions = (await liveSessions(ctx.db, staffId, ctx.now())).map((session) => ({ ...session, current: session.id === sessionId }));
    return { title: 'My account', sessions, ...view };
  };

  web.get('/account', { onRequest: anyone }, async (request, reply) => {
    const staff = authenticatedStaff(request);
    const key = (request.query as Record<string, unknown>).notice;
    const notice = typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key] : undefined;
    return reply.view('account.eta', await showAccount(staff.staffId, staff.sessionId, { notice }));
  });

  web.post('/account/sessions/:sessionId/end', { onRequest: anyone }, async (request, reply) => {
    const staff = authenticatedStaff(request);
    const sessionId = idField((request.params as { sessionId: string }).sessionId);
    // Only the person's own sessions match: another's id ends nothing and says nothing.
    const ended = sessionId !== null && (await revokeSession(ctx.db, staff.staffId, sessionId, ctx.now()));
    if (!ended)
      return reply.code(404).view('error.eta', { title: 'No such session', message: 'That session has already ended, or is not yours.' });
    await audit(ctx.db, {
      schoolId: staff.schoolId,
      actor: { staffId: staff.staffId, email: staff.email },
      action: 'session.end',
      target: `session:${sessionId}`,
    });
    if (sessionId === staff.sessionId) {
      clearSessionCookie(request, reply);
      return reply.redirect('/signin?notice=session-ended', 303);
    }
    return reply.redirect('/account?notice=session-ended', 303);
  });

  web.post('/account/sessions/end-others', { onRequest: anyone }, async (request, reply) => {
    const staff = authenticatedStaff(request);
    const ended = await revokeAllSessions(ctx.db, staff.staffId, ctx.now(), staff.sessionId);
    await audit(ctx.db, {
      schoolId: staff.schoolId,
      actor: { staffId: staff.staffId, email: staff.email },
      action: 'session.end-others',
      detail: { ended },
    });
    return reply.redirect('/account?notice=others-ended', 303);
  });

  web.post('/account/password', { onRequest: anyone }, async (request, reply) => {
    const staff = authenticatedStaff(request);
    const current = formField(request.body, 'currentPassword') ?? '';
    const password = formField(request.body, 'newPassword') ?? '';
    const confirmation = formField(request.body, 'confirmPassword') ?? '';
    const refuse = async (passwordError: string) =>
      reply.code(400).view('account.eta', await showAccount(staff.staffId, staff.sessionId, { passwordError }));
    const problem = passwordProblem(password, confirmation, staff.email);
    if (problem) return refuse(problem);
    if (!(await checkPassword(ctx.db, staff.email, current))) return refuse('Your current password is not right.');
    const hash = await hashPassword(password);
    await ctx.db.transaction(async (tx) => {
      await tx.query('UPDATE staff_users SET password_hash = $2 WHERE id = $1', [staff.staffId, hash]);
      const ended = await revokeAllSessions(tx, staff.staffId, ctx.now(), staff.sessionId);
      await audit(tx, {
        schoolId: staff.schoolId,
        actor: { staffId: staff.staffId, email: staff.email },
        action: 'password.change',
        target: `staff:${staff.staffId}`,
        detail: { sessionsEnded: ended },
      });
    });
    return reply.redirect('/account?notice=password-changed', 303);
  });
}
