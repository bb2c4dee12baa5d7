import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { looksLikeSecret } from '../secrets.js';
import { type StaffRole, type StaffUser, staffForSession } from '../storage/staff.js';
import { bearerToken } from './device-auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffUser | null;
  }
}

/** The signed-in staff member of a route guarded by staffAuth (a route without the guard is a bug). */
export function authenticatedStaff(request: FastifyRequest): StaffUser {
  if (!request.staff) throw new Error(`${request.routeOptions.url}: staff route without staffAuth`);
  return request.staff;
}

/** onRequest hook for staff routes: a live session of one of `roles`, else 401 (no session) or 403. */
export function staffAuth(ctx: AppContext, roles: readonly StaffRole[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(request);
    const staff = token && looksLikeSecret('session', token) ? await staffForSession(ctx.db, token) : null;
    if (!staff) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorised', reason: 'staff login required' });
    if (!roles.includes(staff.role)) return reply.code(403).send({ error: 'forbidden', reason: `needs one of: ${roles.join(', ')}` });
    request.staff = staff;
  };
}
