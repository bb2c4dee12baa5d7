import type { FastifyInstance, FastifyReply } from 'fastify';
import { passwordProblem } from '../../../core/password-rules.js';
import type { AppContext } from '../../app-context.js';
import { hashPassword } from '../../passwords.js';
import { looksLikeSecret } from '../../secrets.js';
import { audit } from '../../storage/audit-log.js';
import { CHOOSE_PASSWORD_PATH, checkSignInLink, type LinkCheck, useSignInLink } from '../../storage/sign-in-links.js';
import { revokeAllSessions } from '../../storage/staff-sessions.js';
import { formField } from '../form-fields.js';

const REFUSALS: Record<Exclude<LinkCheck, { ok: true }>['reason'], string> = {
  unknown: 'This link is not one SafeScreen made, or it was cut short. Check you copied all of it.',
  used: 'This link has already been used. Sign in with the password you chose, or ask your technician for a new link.',
  expired: 'This link has expired. Ask your school’s technician for a new one.',
  disabled: 'This account is disabled. Ask your school’s technician.',
};

/**
 * The page a one-time link opens: the person (invited, reset, or the first technician) chooses a
 * password. Opening the page uses nothing; the POST uses the link, in the transaction that sets the
 * password, so a link works once even when sent twice at the same moment.
 */
export function choosePasswordPage(web: FastifyInstance, ctx: AppContext): void {
  const refuse = (reply: FastifyReply, reason: keyof typeof REFUSALS) =>
    reply.code(reason === 'unknown' ? 404 : 410).view('error.eta', { title: 'This link does not work', message: REFUSALS[reason] });
  const check = (token: string | null) =>
    token && looksLikeSecret('sign-in-link', token) ? checkSignInLink(ctx.db, token, ctx.now()) : null;

  web.get(CHOOSE_PASSWORD_PATH, async (request, reply) => {
    const token = formField(request.query, 'token', 100);
    const link = await check(token);
    reply.header('cache-control', 'no-store');
    if (!link) return refuse(reply, 'unknown');
    if (!link.ok) return refuse(reply, link.reason);
    return reply.view('choose-password.eta', { title: 'Choose your password', holder: link.holder, token });
  });

  web.post(CHOOSE_PASSWORD_PATH, async (request, reply) => {
    const token = formField(request.body, 'token', 100);
    const password = formField(request.body, 'newPassword') ?? '';
    const confirmation = formField(request.body, 'confirmPassword') ?? '';
    reply.header('cache-control', 'no-store');
    const link = await check(token);
    if (!link || !token) return refuse(reply, 'unknown');
    if (!link.ok) return refuse(reply, link.reason);
    const problem = passwordProblem(password, confirmation, link.holder.email);
    if (problem) {
      return reply.code(400).view('choose-password.eta', { title: 'Choose your password', holder: link.holder, token, error: problem });
    }
    const hash = await hashPassword(password);
    const now = ctx.now();
    const outcome = await ctx.db.transaction(async (tx) => {
      const current = await checkSignInLink(tx, token, now, true);
      if (!current.ok) return current;
      if (!(await useSignInLink(tx, token, now))) return { ok: false as const, reason: 'used' as const };
      await tx.query('UPDATE staff_users SET password_hash = $2 WHERE id = $1', [current.holder.staffId, hash]);
      await revokeAllSessions(tx, current.holder.staffId, now);
      await audit(tx, {
        schoolId: current.holder.schoolId,
        actor: { staffId: current.holder.staffId, email: current.holder.email },
        action: 'password.set-by-link',
        target: `staff:${current.holder.staffId}`,
        detail: { purpose: current.holder.purpose },
      });
      return current;
    });
    if (!outcome.ok) return refuse(reply, outcome.reason);
    return reply.redirect('/signin?notice=password-set', 303);
  });
}
