import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from './app-context.js';
import { takeRateToken } from './storage/rate-limits.js';

/** 429 with Retry-After: the device's upload queue waits exactly that long before trying again. */
export function replyRateLimited(reply: FastifyReply, waitSeconds: number, reason = `retry after ${waitSeconds} s`): FastifyReply {
  return reply.code(429).header('retry-after', String(waitSeconds)).send({ error: 'too many requests', reason });
}

/**
 * What a client address spends a token on. Each has its own bucket, so a classroom of devices
 * failing to enrol cannot lock staff out of signing in, nor the other way round.
 */
export type AddressBucket = 'enrolment' | 'sign-in';

/** Takes a token from the address's bucket; 0 when allowed, else the seconds to wait. */
export function takeAddressToken(ctx: AppContext, request: FastifyRequest, bucket: AddressBucket): Promise<number> {
  return bucket === 'enrolment'
    ? takeRateToken(ctx.db, `address:${request.ip}`, ctx.config.enrolmentsPerMinute)
    : takeRateToken(ctx.db, `sign-in-address:${request.ip}`, ctx.config.signInsPerMinute);
}

/** onRequest hook for routes anyone may call (enrolment, staff log-in): a budget per client address. */
export function limitByClientAddress(ctx: AppContext, bucket: AddressBucket) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const wait = await takeAddressToken(ctx, request, bucket);
    if (wait > 0) return replyRateLimited(reply, wait);
  };
}
