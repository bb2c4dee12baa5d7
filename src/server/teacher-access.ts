import type { FastifyReply } from 'fastify';
import { type Access, breachAccess, classAccess, type Viewer } from '../core/breach-visibility.js';
import type { AppContext } from './app-context.js';
import { audit } from './storage/audit-log.js';
import { type BreachRow, breachById, classOfSchool, schoolTimeZone } from './storage/class-breaches.js';
import { type StaffUser, staffGroups } from './storage/staff.js';

/** The signed-in staff member as the visibility decision sees them (their classes read now, not at sign-in). */
export async function viewerOf(ctx: AppContext, staff: StaffUser): Promise<Viewer> {
  return { role: staff.role, schoolId: staff.schoolId, groupIds: staff.role === 'teacher' ? await staffGroups(ctx.db, staff.staffId) : [] };
}

export function refuse(reply: FastifyReply, access: Exclude<Access, { ok: true }>) {
  return reply.code(access.status).send({ error: access.status === 404 ? 'not found' : 'forbidden', reason: access.reason });
}

/** The class, when this viewer may see it; otherwise the refusal to send. */
export async function authoriseClass(
  ctx: AppContext,
  viewer: Viewer,
  groupId: string,
): Promise<{ ok: true; name: string; timeZone: string } | Exclude<Access, { ok: true }>> {
  const access = classAccess(viewer, viewer.schoolId, groupId);
  if (!access.ok) return access;
  const found = await classOfSchool(ctx.db, viewer.schoolId, groupId);
  return found ? { ok: true, ...found } : { ok: false, status: 404, reason: 'no such class' };
}

/**
 * The breach, when this viewer may see it: looked up in the viewer's own school only, then
 * authorised by class. A breach of their school outside their classes answers "not found" like one
 * that does not exist, but the attempt is audited (as every 403 is: refusal-audit.ts).
 */
export async function authoriseBreach(
  ctx: AppContext,
  staff: StaffUser,
  breachId: string,
): Promise<{ ok: true; breach: BreachRow; timeZone: string } | Exclude<Access, { ok: true }>> {
  const viewer = await viewerOf(ctx, staff);
  const timeZone = await schoolTimeZone(ctx.db, viewer.schoolId);
  const breach = await breachById(ctx.db, viewer.schoolId, breachId, timeZone);
  if (!breach) return { ok: false, status: 404, reason: 'no such breach in your classes' };
  const access = breachAccess(viewer, breach);
  if (access.ok) return { ok: true, breach, timeZone };
  await audit(ctx.db, {
    schoolId: staff.schoolId,
    actor: staff,
    action: 'access.refused',
    target: `breach:${breach.id}`,
    detail: { role: staff.role, answered: access.status },
  });
  return access;
}
