import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.js';
import { authenticatedStaff } from '../../auth/staff-auth.js';
import { homeFor } from '../navigation.js';
import { staffPage } from '../staff-page.js';

/** "/": signed out → the sign-in page (staffPage does that), signed in → the home of their role. */
export function homePage(web: FastifyInstance, ctx: AppContext): void {
  web.get('/', { onRequest: staffPage(ctx) }, async (request, reply) => reply.redirect(homeFor(authenticatedStaff(request).role), 303));
}
