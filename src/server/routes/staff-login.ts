import type { FastifyInstance } from 'fastify';
import { errorAnswers } from '../../core/breach-schema.js';
import { NO_NUL } from '../../core/no-nul.js';
import type { AppContext } from '../app-context.js';
import { limitByClientAddress } from '../rate-limited-reply.js';
import { logIn } from '../storage/staff.js';

export function staffLoginRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/v1/staff/login',
    {
      schema: {
        summary: 'Staff log-in: a session token for later staff requests (Authorization: Bearer)',
        tags: ['staff'],
        body: {
          type: 'object',
          properties: {
            email: { type: 'string', minLength: 3, maxLength: 320, pattern: NO_NUL },
            password: { type: 'string', minLength: 1, maxLength: 1000 },
          },
          required: ['email', 'password'],
        },
        response: {
          200: {
            type: 'object',
            properties: { token: { type: 'string' }, role: { type: 'string' }, schoolId: { type: 'string' } },
            required: ['token', 'role', 'schoolId'],
          },
          ...errorAnswers(400, 401, 429),
        },
      },
      onRequest: limitByClientAddress(ctx),
    },
    async (request, reply) => {
      const { email, password } = request.body as { email: string; password: string };
      const session = await logIn(ctx.db, email, password);
      if (!session) return reply.code(401).send({ error: 'unauthorised', reason: 'wrong email or password' });
      return { token: session.token, role: session.user.role, schoolId: session.user.schoolId };
    },
  );
}
