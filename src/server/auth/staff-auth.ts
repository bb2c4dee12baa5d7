import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { looksLikeSecret } from '../secrets.js';
import { sessionRules } from '../sign-in.js';
import type { StaffRole } from '../storage/staff.js';
import { type SessionKind, type SessionStaff, useSession } from '../storage/staff-sessions.js';
import { bearerToken } from './device-auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member (set by staffAuth or the dashboard's staffPage guard). */
    staff: SessionStaff | null;
  }
}

/** The signed-in staff member of a route guarded by staffAuth or staffPage (a route without the guard is a bug). */
export function authenticatedStaff(request: FastifyRequest): SessionStaff {
  if (!request.staff) throw new Error(`${request.routeOptions.url}: staff route without staffAuth`);
  return request.staff;
}

/** The live session a token names, of the kind it arrived as (the same rules for the cookie and the bearer token). */
export async function staffForToken(ctx: AppContext, token: string | null | undefined, kind: SessionKind): Promise<SessionStaff | null> {
  if (!token || !looksLikeSecret('session', token)) return null;
  return useSession(ctx.db, token, kind, ctx.now(), sessionRules(ctx));
}

/** onRequest hook for staff API routes: a live bearer session of one of `roles`, else 401 (no session) or 403. */
export function staffAuth(ctx: AppContext, roles: readonly StaffRole[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const staff = await staffForToken(ctx, bearerToken(request), 'bearer');
    if (!staff) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorised', reason: 'staff login required' });
    // Set before the role check, so the refusal is audited against the person (see refusal-audit.ts).
    request.staff = staff;
    if (!roles.includes(staff.role)) return reply.code(403).send({ error: 'forbidden', reason: `needs one of: ${roles.join(', ')}` });
  };
}
