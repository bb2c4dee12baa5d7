import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from './app-context.js';
import { takeRateToken } from './storage/rate-limits.js';

/** 429 with Retry-After: the device's upload queue waits exactly that long before trying again. */
export function replyRateLimited(reply: FastifyReply, waitSeconds: number, reason = `retry after ${waitSeconds} s`): FastifyReply {
  return reply.code(429).header('retry-after', String(waitSeconds)).send({ error: 'too many requests', reason });
}

/** onRequest hook for routes anyone may call (enrolment, staff log-in): a budget per client address. */
export function limitByClientAddress(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const wait = await takeRateToken(ctx.db, `address:${request.ip}`, ctx.config.enrolmentsPerMinute);
    if (wait > 0) return replyRateLimited(reply, wait);
  };
}
