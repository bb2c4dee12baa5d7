import type { FastifyInstance } from 'fastify';
import { errorAnswers } from '../../core/breach-schema.js';
import { NO_NUL } from '../../core/no-nul.js';
import type { AppContext } from '../app-context.js';
import { authenticatedDevice, deviceAuth } from '../auth/device-auth.js';

const UNBLOCK_REQUEST_SCHEMA = {
  type: 'object',
  properties: {
    url: { type: 'string', minLength: 1, maxLength: 8192, pattern: NO_NUL },
    reason: { type: 'string', maxLength: 1000, pattern: NO_NUL },
    groupId: {
      type: 'string',
      maxLength: 64,
      pattern: NO_NUL,
      description: 'Ignored: the request is filed under the group the device enrolled for.',
    },
    user: { type: 'string', maxLength: 320, pattern: NO_NUL },
  },
  required: ['url'],
} as const;

/** A pupil asks for a blocked site to be allowed (where the policy lets them); technicians decide. */
export function unblockRequestsRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/v1/unblock-requests',
    {
      schema: {
        summary: 'Ask for a blocked site to be allowed',
        tags: ['device'],
        security: [{ deviceCredential: [] }],
        body: UNBLOCK_REQUEST_SCHEMA,
        response: {
          201: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          ...errorAnswers(400, 401, 429),
        },
      },
      onRequest: deviceAuth(ctx),
    },
    async (request, reply) => {
      const device = authenticatedDevice(request);
      const body = request.body as { url: string; reason?: string; user?: string };
      const [row] = await ctx.db.query<{ id: string }>(
        'INSERT INTO unblock_requests (school_id, device_id, group_id, user_email, url, reason) VALUES ($1, $2, $3, lower($4), $5, $6) RETURNING id::text AS id',
        [device.schoolId, device.deviceId, device.groupId, body.user ?? null, body.url, body.reason ?? null],
      );
      return reply.code(201).send(row);
    },
  );
}
