import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { staffForToken } from '../auth/staff-auth.js';
import { STAFF_ROLES, type StaffRole } from '../storage/staff.js';
import type { SessionStaff } from '../storage/staff-sessions.js';
import { type NavLink, navFor, ROLE_LABELS, safeNextPath } from './navigation.js';
import { clearSessionCookie, sessionToken } from './session-cookie.js';

/** What every dashboard template gets besides its own data (`it.staff`, `it.nav`, `it.csrfToken`…). */
export interface PageLocals {
  staff: (SessionStaff & { roleLabel: string }) | null;
  nav: NavLink[];
  /** Goes in a hidden `_csrf` field of every POST form (the sign-out button's too). */
  csrfToken: string;
}

declare module 'fastify' {
  interface FastifyReply {
    locals: PageLocals;
  }
}

/**
 * onRequest guard for a dashboard page: a live cookie session of one of `roles`. Signed out (or the
 * session ended, or the account was disabled) → 303 to /signin, coming back here afterwards; signed
 * in with another role → the 403 page (audited by refusal-audit.ts).
 *
 *   app.get('/classes', { onRequest: staffPage(ctx, ['technician']) }, async (request, reply) =>
 *     reply.view('classes.eta', { title: 'Classes', classes: await classesOf(ctx.db, authenticatedStaff(request).schoolId) }));
 */
export function staffPage(ctx: AppContext, roles: readonly StaffRole[] = STAFF_ROLES) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = sessionToken(request);
    const staff = await staffForToken(ctx, token, 'cookie');
    if (!staff) {
      if (token) clearSessionCookie(request, reply);
      const next = request.method === 'GET' ? safeNextPath(request.url) : null;
      return reply.redirect(next && next !== '/' ? `/signin?next=${encodeURIComponent(next)}` : '/signin', 303);
    }
    request.staff = staff;
    reply.locals.staff = { ...staff, roleLabel: ROLE_LABELS[staff.role] };
    reply.locals.nav = navFor(staff.role, request.url.split('?', 1)[0]);
    if (!roles.includes(staff.role)) {
      return reply.code(403).view('error.eta', {
        title: 'Not available to you',
        message: `This page is for: ${roles.map((role) => ROLE_LABELS[role]).join(', ')}. If you need it, ask your school's technician.`,
      });
    }
  };
}
