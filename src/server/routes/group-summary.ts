import type { FastifyInstance } from 'fastify';
import { errorAnswers } from '../../core/breach-schema.js';
import { NO_NUL } from '../../core/no-nul.js';
import type { AppContext } from '../app-context.js';
import { authenticatedStaff, staffAuth } from '../auth/staff-auth.js';
import { audit } from '../storage/audit-log.js';
import { groupSummary } from '../storage/breaches.js';
import { staffGroups } from '../storage/staff.js';

/**
 * A class's breaches per day and category. A teacher sees only their own classes: the filter is
 * here on the server, never only in a page.
 */
export function groupSummaryRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/v1/groups/:groupId/summary',
    {
      schema: {
        summary: "A class's breaches per day and category (teacher of the class, DSL)",
        tags: ['staff'],
        security: [{ staffSession: [] }],
        params: {
          type: 'object',
          properties: { groupId: { type: 'string', minLength: 1, maxLength: 64, pattern: NO_NUL } },
          required: ['groupId'],
        },
        // Digits only, parsed below: the server's validator does not coerce types (see app.ts).
        querystring: { type: 'object', properties: { days: { type: 'string', pattern: '^[1-9][0-9]{0,2}$' } } },
        response: {
          200: {
            type: 'object',
            properties: {
              groupId: { type: 'string' },
              days: { type: 'integer' },
              rows: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    day: { type: 'string' },
                    category: { type: 'string' },
                    breaches: { type: 'integer' },
                    blocked: { type: 'integer' },
                  },
                  required: ['day', 'category', 'breaches', 'blocked'],
                },
              },
            },
            required: ['groupId', 'days', 'rows'],
          },
          ...errorAnswers(400, 401, 403),
        },
      },
      onRequest: staffAuth(ctx, ['teacher', 'dsl']),
    },
    async (request, reply) => {
      const staff = authenticatedStaff(request);
      const { groupId } = request.params as { groupId: string };
      const days = Math.min(Number((request.query as { days?: string }).days ?? 30), ctx.config.retentionDays);
      if (staff.role === 'teacher' && !(await staffGroups(ctx.db, staff.staffId)).includes(groupId)) {
        return reply.code(403).send({ error: 'forbidden', reason: 'not one of your classes' });
      }
      const rows = await groupSummary(ctx.db, staff.schoolId, groupId, days, ctx.now());
      await audit(ctx.db, { schoolId: staff.schoolId, actor: staff, action: 'group-summary.view', target: groupId, detail: { days } });
      return { groupId, days, rows };
    },
  );
}
