import type { FastifyInstance } from 'fastify';
import { ENROL_ANSWER_SCHEMA, ENROL_REQUEST_SCHEMA, type EnrolRequest, ERROR_ANSWER_SCHEMA } from '../../core/breach-schema.js';
import type { AppContext } from '../app-context.js';
import { limitByClientAddress } from '../rate-limited-reply.js';
import { looksLikeSecret } from '../secrets.js';
import { enrolDevice } from '../storage/devices.js';
import { schoolForEnrolmentToken } from '../storage/schools.js';

/**
 * The school's enrolment token (from the managed policy) buys a per-device credential, and nothing
 * else: no route reads data with it.
 */
export function enrolDeviceRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/v1/devices/enrol',
    {
      schema: {
        summary: "Exchange the school's enrolment token for this device's credential",
        tags: ['device'],
        body: ENROL_REQUEST_SCHEMA,
        response: { 200: ENROL_ANSWER_SCHEMA, 400: ERROR_ANSWER_SCHEMA, 403: ERROR_ANSWER_SCHEMA, 429: ERROR_ANSWER_SCHEMA },
      },
      onRequest: limitByClientAddress(ctx.addressLimiter),
    },
    async (request, reply) => {
      const { enrollmentToken, deviceName } = request.body as EnrolRequest;
      const schoolId = looksLikeSecret('enrolment', enrollmentToken) ? await schoolForEnrolmentToken(ctx.db, enrollmentToken) : null;
      if (!schoolId) return reply.code(403).send({ error: 'forbidden', reason: 'unknown enrolment token' });
      return enrolDevice(ctx.db, schoolId, deviceName ?? '');
    },
  );
}
