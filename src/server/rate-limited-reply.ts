import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RateLimiter } from './rate-limiter.js';

/** 429 with Retry-After: the device's upload queue waits exactly that long before trying again. */
export function replyRateLimited(reply: FastifyReply, waitSeconds: number): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(waitSeconds))
    .send({ error: 'too many requests', reason: `retry after ${waitSeconds} s` });
}

/** onRequest hook for routes anyone may call (enrolment, staff log-in): a budget per client address. */
export function limitByClientAddress(limiter: RateLimiter) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const wait = limiter.take(request.ip);
    if (wait > 0) return replyRateLimited(reply, wait);
  };
}
