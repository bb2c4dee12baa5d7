import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { breachDetailRoutes } from './breach-detail.js';
import { classBreachesRoutes } from './class-breaches.js';

/** The teacher's view of their classes' breaches, as JSON (the dashboard's pages read the same storage). */
export function teacherViewRoutes(app: FastifyInstance, ctx: AppContext): void {
  classBreachesRoutes(app, ctx);
  breachDetailRoutes(app, ctx);
}
