import type { FastifyInstance } from 'fastify';
import { errorAnswers } from '../../core/breach-schema.js';
import type { AppContext } from '../app-context.js';
import { authenticatedStaff, staffAuth } from '../auth/staff-auth.js';
import { audit } from '../storage/audit-log.js';
import { revokeDevice } from '../storage/devices.js';

/** A technician revokes a lost or compromised device: its credential stops working at once. */
export function revokeDeviceRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/v1/devices/:deviceId/revoke',
    {
      schema: {
        summary: "Revoke a device's credential (technician)",
        tags: ['staff'],
        security: [{ staffSession: [] }],
        params: { type: 'object', properties: { deviceId: { type: 'string', format: 'uuid' } }, required: ['deviceId'] },
        response: {
          200: { type: 'object', properties: { revoked: { type: 'string' } }, required: ['revoked'] },
          ...errorAnswers(400, 401, 403, 404),
        },
      },
      onRequest: staffAuth(ctx, ['technician']),
    },
    async (request, reply) => {
      const staff = authenticatedStaff(request);
      const { deviceId } = request.params as { deviceId: string };
      // Scoped to the technician's own school: another school's device is "not found", not "forbidden".
      const revoked = await ctx.db.transaction(async (tx) => {
        const done = await revokeDevice(tx, staff.schoolId, deviceId, staff.staffId);
        if (done) await audit(tx, { schoolId: staff.schoolId, actor: staff, action: 'device.revoke', target: deviceId });
        return done;
      });
      if (!revoked) return reply.code(404).send({ error: 'not found', reason: 'no such active device in your school' });
      return { revoked: deviceId };
    },
  );
}
