import type { FastifyInstance } from 'fastify';
import { errorAnswers } from '../../core/breach-schema.js';
import type { AppContext } from '../app-context.js';
import { authenticatedStaff, staffAuth } from '../auth/staff-auth.js';
import { rotateEnrolmentToken } from '../enrolment-token-rotation.js';
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from '../storage/enrolment-tokens.js';

/** A technician replaces the school's enrolment token (the dashboard button will call this). */
export function rotateEnrolmentTokenRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/v1/school/enrolment-token/rotate',
    {
      schema: {
        summary: "Replace the school's enrolment token (technician): the old one is refused at once; enrolled devices keep working",
        tags: ['staff'],
        security: [{ staffSession: [] }],
        body: {
          type: 'object',
          properties: {
            expiresInDays: {
              type: 'integer',
              minimum: 1,
              maximum: MAX_TOKEN_DAYS,
              description: `Lifetime of the new token (default ${DEFAULT_TOKEN_DAYS} days).`,
            },
          },
        },
        response: {
          200: {
            type: 'object',
            description: 'The new token, shown only now: paste `policy` into the managed policy.',
            properties: {
              enrollmentToken: { type: 'string' },
              expiresAt: { type: 'string', format: 'date-time' },
              policy: {
                type: 'object',
                properties: { schoolId: { type: 'string' }, enrollmentToken: { type: 'string' } },
                required: ['schoolId', 'enrollmentToken'],
              },
            },
            required: ['enrollmentToken', 'expiresAt', 'policy'],
          },
          ...errorAnswers(400, 401, 403),
        },
      },
      onRequest: staffAuth(ctx, ['technician']),
    },
    async (request, reply) => {
      const staff = authenticatedStaff(request);
      const { expiresInDays } = (request.body ?? {}) as { expiresInDays?: number };
      const rotation = await rotateEnrolmentToken(ctx.db, staff.schoolId, { actor: staff, via: 'api' }, expiresInDays);
      // The technician's own school exists while their session does; null would be a deleted school.
      if (!rotation) return reply.code(403).send({ error: 'forbidden', reason: 'your school no longer exists' });
      return reply.header('cache-control', 'no-store').send(rotation);
    },
  );
}
