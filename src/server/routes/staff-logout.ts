import type { FastifyInstance } from 'fastify';
import { errorAnswers } from '../../core/breach-schema.js';
import type { AppContext } from '../app-context.js';
import { authenticatedStaff, staffAuth } from '../auth/staff-auth.js';
import { signOut } from '../sign-in.js';
import { STAFF_ROLES } from '../storage/staff.js';

/** A script ends its own bearer session, as the dashboard's sign-out button ends a cookie's. */
export function staffLogoutRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/v1/staff/logout',
    {
      schema: {
        summary: 'End this bearer session: the token is refused from now on (any staff role)',
        tags: ['staff'],
        security: [{ staffSession: [] }],
        response: { 204: { type: 'null', description: 'The session has ended.' }, ...errorAnswers(401) },
      },
      onRequest: staffAuth(ctx, STAFF_ROLES),
    },
    async (request, reply) => {
      await signOut(ctx, authenticatedStaff(request), 'api');
      return reply.code(204).send();
    },
  );
}
