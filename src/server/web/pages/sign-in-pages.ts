import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { authenticatedStaff, staffForToken } from '../../auth/staff-auth.js';
import { takeAddressToken } from '../../rate-limited-reply.js';
import { signIn } from '../../sign-in.js';
import { audit } from '../../storage/audit-log.js';
import { revokeSession } from '../../storage/staff-sessions.js';
import { formField } from '../form-fields.js';
import { homeFor, safeNextPath } from '../navigation.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../session-cookie.js';
import { staffPage } from '../staff-page.js';

/** Notices another page may ask the sign-in page to show (by key, so no text comes from the address). */
const NOTICES: Record<string, string> = {
  'signed-out': 'You have signed out.',
  'session-ended': 'That session has ended. Sign in again to carry on.',
  'password-set': 'Your password is set. Sign in with it now.',
};

interface SignInView {
  email?: string;
  next?: string | null;
  error?: string;
  notice?: string;
}

const showSignIn = (reply: FastifyReply, status: number, view: SignInView) =>
  reply.code(status).view('signin.eta', { title: 'Sign in', email: '', next: null, ...view });

/** GET and POST /signin, POST /signout. */
export function signInPages(web: FastifyInstance, ctx: AppContext): void {
  web.get('/signin', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const next = safeNextPath(query.next);
    const signedIn = await staffForToken(ctx, sessionToken(request), 'cookie');
    if (signedIn) return reply.redirect(next ?? homeFor(signedIn.role), 303);
    const notice = typeof query.notice === 'string' && Object.hasOwn(NOTICES, query.notice) ? NOTICES[query.notice] : undefined;
    return showSignIn(reply, 200, { next, notice });
  });

  web.post('/signin', async (request, reply) => {
    const email = formField(request.body, 'email', 320)?.trim() ?? '';
    const password = formField(request.body, 'password', 1000) ?? '';
    const next = safeNextPath(formField(request.body, 'next'));
    if (!email || !password) return showSignIn(reply, 400, { email, next, error: 'Enter your email address and your password.' });
    const wait = await takeAddressToken(ctx, request, 'sign-in');
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      return showSignIn(reply, 429, {
        email,
        next,
        error: `Too many sign-in attempts from this network. Wait ${wait} seconds and try again.`,
      });
    }
    const result = await signIn(ctx, { email, password, kind: 'cookie', userAgent: request.headers['user-agent'], address: request.ip });
    if (!result.ok) {
      const error =
        result.reason === 'locked'
          ? `Too many failed attempts for this email: sign-in is paused for ${result.minutes} minute${result.minutes === 1 ? '' : 's'}. If you have forgotten your password, ask your school's technician to reset it.`
          : 'That email and password do not match an account. Check them and try again.';
      return showSignIn(reply, result.reason === 'locked' ? 429 : 401, { email, next, error });
    }
    await endPreviousSession(ctx, request);
    setSessionCookie(request, reply, result.token);
    return reply.redirect(next ?? homeFor(result.user.role), 303);
  });

  web.post('/signout', { onRequest: staffPage(ctx) }, async (request, reply) => {
    const staff = authenticatedStaff(request);
    await revokeSession(ctx.db, staff.staffId, staff.sessionId, ctx.now());
    await audit(ctx.db, {
      schoolId: staff.schoolId,
      actor: { staffId: staff.staffId, email: staff.email },
      action: 'sign-out',
      target: `session:${staff.sessionId}`,
    });
    clearSessionCookie(request, reply);
    return reply.redirect('/signin?notice=signed-out', 303);
  });
}

/** A browser signing in again (another person at the same laptop) leaves no session of the one before. */
async function endPreviousSession(ctx: AppContext, request: FastifyRequest): Promise<void> {
  const previous = await staffForToken(ctx, sessionToken(request), 'cookie');
  if (previous) await revokeSession(ctx.db, previous.staffId, previous.sessionId, ctx.now());
}
