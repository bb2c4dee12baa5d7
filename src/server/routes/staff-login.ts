import type { FastifyInstance } from 'fastify';
import { errorAnswers } from '../../core/breach-schema.js';
import { NO_NUL } from '../../core/no-nul.js';
import type { AppContext } from '../app-context.js';
import { limitByClientAddress, replyRateLimited } from '../rate-limited-reply.js';
import { signIn } from '../sign-in.js';

export function staffLoginRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/v1/staff/login',
    {
      schema: {
        summary:
          'Staff log-in: a session token for later staff requests (Authorization: Bearer); the same idle and absolute expiry as dashboard sessions; 5 failures for an email in 15 minutes pause it for 15 minutes (429)',
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
      onRequest: limitByClientAddress(ctx, 'sign-in'),
    },
    async (request, reply) => {
      const { email, password } = request.body as { email: string; password: string };
      const result = await signIn(ctx, { email, password, kind: 'bearer', userAgent: request.headers['user-agent'], address: request.ip });
      if (!result.ok && result.reason === 'locked') {
        return replyRateLimited(reply, result.minutes * 60, `too many failed sign-ins for this email: try again in ${result.minutes} min`);
      }
      if (!result.ok) return reply.code(401).send({ error: 'unauthorised', reason: result.reason });
      return { token: result.token, role: result.user.role, schoolId: result.user.schoolId };
    },
  );
}
