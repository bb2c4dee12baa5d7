import type { FastifyInstance } from 'fastify';
import { errorAnswers } from '../../core/breach-schema.js';
import { NO_NUL } from '../../core/no-nul.js';
import type { AppContext } from '../app-context.js';
import { authenticatedStaff, staffAuth } from '../auth/staff-auth.js';
import { audit } from '../storage/audit-log.js';
import { erasePupil, exportPupil } from '../storage/subject-access.js';

const PUPIL = { type: 'string', minLength: 3, maxLength: 320, pattern: NO_NUL, description: "The pupil's managed profile email" } as const;
const ROWS = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

/** Subject access requests, answered by the DSL for their own school; each one is audited. */
export function subjectAccessRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/v1/subject-access/export',
    {
      schema: {
        summary: 'Everything held about one pupil (subject access request), as JSON (DSL)',
        tags: ['staff'],
        security: [{ staffSession: [] }],
        querystring: { type: 'object', properties: { user: PUPIL }, required: ['user'] },
        response: {
          200: {
            type: 'object',
            properties: { user: { type: 'string' }, schoolId: { type: 'string' }, breaches: ROWS, unblockRequests: ROWS },
            required: ['user', 'schoolId', 'breaches', 'unblockRequests'],
          },
          ...errorAnswers(400, 401, 403),
        },
      },
      onRequest: staffAuth(ctx, ['dsl']),
    },
    async (request, reply) => {
      const staff = authenticatedStaff(request);
      const { user } = request.query as { user: string };
      const records = await exportPupil(ctx.db, staff.schoolId, user);
      await audit(ctx.db, {
        schoolId: staff.schoolId,
        actor: staff,
        action: 'pupil.export',
        target: user.toLowerCase(),
        detail: { breaches: records.breaches.length, unblockRequests: records.unblockRequests.length },
      });
      // An export is a file for the safeguarding record, not a page: never cached, offered as a download.
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="subject-access-export.json"')
        .send(records);
    },
  );

  app.post(
    '/api/v1/subject-access/erase',
    {
      schema: {
        summary: "Erase one pupil's breaches and unblock requests (DSL)",
        tags: ['staff'],
        security: [{ staffSession: [] }],
        body: { type: 'object', properties: { user: PUPIL }, required: ['user'] },
        response: {
          200: {
            type: 'object',
            properties: { breaches: { type: 'integer' }, unblockRequests: { type: 'integer' } },
            required: ['breaches', 'unblockRequests'],
          },
          ...errorAnswers(400, 401, 403),
        },
      },
      onRequest: staffAuth(ctx, ['dsl']),
    },
    async (request) => {
      const staff = authenticatedStaff(request);
      const { user } = request.body as { user: string };
      return ctx.db.transaction(async (tx) => {
        const erased = await erasePupil(tx, staff.schoolId, user);
        await audit(tx, { schoolId: staff.schoolId, actor: staff, action: 'pupil.erase', target: user.toLowerCase(), detail: erased });
        return erased;
      });
    },
  );
}
