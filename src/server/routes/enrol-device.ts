import type { FastifyInstance } from 'fastify';
import { ENROL_ANSWER_SCHEMA, ENROL_REQUEST_SCHEMA, type EnrolRequest, errorAnswers } from '../../core/breach-schema.js';
import type { AppContext } from '../app-context.js';
import { limitByClientAddress, replyRateLimited } from '../rate-limited-reply.js';
import { looksLikeSecret } from '../secrets.js';
import { enrolDeviceWithinCap } from '../storage/devices.js';
import { checkEnrolmentToken } from '../storage/enrolment-tokens.js';

/**
 * The school's enrolment token (from the managed policy) buys a per-device credential, and nothing
 * else: no route reads data with it. The token expires and rotates, and a school enrols at most
 * SAFESCREEN_ENROLMENTS_PER_SCHOOL_PER_HOUR devices an hour, so a token read off a pupil's device
 * is worth little and for a short time.
 */
export function enrolDeviceRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/api/v1/devices/enrol',
    {
      schema: {
        summary: "Exchange the school's enrolment token for this device's credential, bound to the policy's group",
        tags: ['device'],
        body: ENROL_REQUEST_SCHEMA,
        response: { 200: ENROL_ANSWER_SCHEMA, ...errorAnswers(400, 403, 429) },
      },
      onRequest: limitByClientAddress(ctx, 'enrolment'),
    },
    async (request, reply) => {
      const { enrollmentToken, deviceName, groupId } = request.body as EnrolRequest;
      const token = looksLikeSecret('enrolment', enrollmentToken)
        ? await checkEnrolmentToken(ctx.db, enrollmentToken)
        : { ok: false as const, reason: 'unknown enrolment token' };
      if (!token.ok) return reply.code(403).send({ error: 'forbidden', reason: token.reason });
      const enrolment = await enrolDeviceWithinCap(
        ctx.db,
        { schoolId: token.schoolId, name: deviceName ?? '', groupId: groupId ?? null },
        ctx.config.enrolmentsPerSchoolPerHour,
      );
      if (!enrolment.ok) {
        const { retryAfterSeconds } = enrolment;
        const reason = `this school enrolled its ${ctx.config.enrolmentsPerSchoolPerHour} devices for this hour; retry after ${retryAfterSeconds} s`;
        return replyRateLimited(reply, retryAfterSeconds, reason);
      }
      return enrolment.device;
    },
  );
}
