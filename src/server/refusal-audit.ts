import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app-context.js';
import { audit } from './storage/audit-log.js';

/**
 * Every 403 given to a signed-in staff member goes to the audit log, whichever route refused it
 * (a role guard, a class the teacher does not teach, a forged form): the school's record of who
 * tried to reach what. The path only, never the query string (it can name a pupil). Refusals of
 * people not signed in (a bad enrolment token) are the request log's business.
 */
export function auditRefusals(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const staff = request.staff;
    if (reply.statusCode !== 403 || !staff) return payload;
    try {
      await audit(ctx.db, {
        schoolId: staff.schoolId,
        actor: { staffId: staff.staffId, email: staff.email },
        action: 'access.refused',
        target: request.url.split('?', 1)[0].slice(0, 500),
        detail: { method: request.method, role: staff.role },
      });
    } catch (error) {
      // The refusal stands whether or not it could be written down.
      request.log.error({ err: error }, 'could not audit a refused request');
    }
    return payload;
  });
}
