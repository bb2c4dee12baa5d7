import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { replyRateLimited } from '../rate-limited-reply.js';
import { looksLikeSecret } from '../secrets.js';
import { type AuthenticatedDevice, deviceForCredential } from '../storage/devices.js';
import { takeRateToken } from '../storage/rate-limits.js';

declare module 'fastify' {
  interface FastifyRequest {
    device: AuthenticatedDevice | null;
  }
}

/** The device of a route guarded by deviceAuth (a route without the guard is a bug). */
export function authenticatedDevice(request: FastifyRequest): AuthenticatedDevice {
  if (!request.device) throw new Error(`${request.routeOptions.url}: device route without deviceAuth`);
  return request.device;
}

export function bearerToken(request: FastifyRequest): string | null {
  const match = /^Bearer ([\x21-\x7e]{1,200})$/.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}

/**
 * onRequest hook for device routes: runs before the body is read, so a request without a live
 * device credential costs one hash and at most one indexed lookup. 401 tells the device to enrol
 * again; then the per-device rate limit answers 429 with Retry-After.
 */
export function deviceAuth(ctx: AppContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const credential = bearerToken(request);
    const device = credential && looksLikeSecret('device', credential) ? await deviceForCredential(ctx.db, credential) : null;
    if (!device) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ error: 'unauthorised', reason: 'a valid device credential is required' });
    }
    const wait = await takeRateToken(ctx.db, `device:${device.deviceId}`, ctx.config.deviceBatchesPerMinute);
    if (wait > 0) return replyRateLimited(reply, wait);
    request.device = device;
  };
}
