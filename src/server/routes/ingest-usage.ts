import type { FastifyInstance } from 'fastify';
import { errorAnswers } from '../../core/breach-schema.js';
import type { AppContext } from '../app-context.js';
import { authenticatedStaff, staffAuth } from '../auth/staff-auth.js';
import { schoolUsageToday } from '../storage/ingest-usage.js';

/** Devices listed as nearest their daily quota. */
const BUSIEST_DEVICES = 10;

const count = { type: 'number' } as const;

/** A technician sees today's ingest against the quotas: the school's bytes and the busiest devices. */
export function ingestUsageRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/v1/school/ingest-usage',
    {
      schema: {
        summary: "Today's stored records and bytes against the daily quotas, and the devices nearest theirs (technician)",
        tags: ['staff'],
        security: [{ staffSession: [] }],
        response: {
          200: {
            type: 'object',
            properties: {
              day: { type: 'string', description: 'The UK day (Europe/London) the counts are for; quotas renew at its end.' },
              renewsInSeconds: count,
              quotas: {
                type: 'object',
                properties: { recordsPerDevicePerDay: count, bytesPerSchoolPerDay: count },
                required: ['recordsPerDevicePerDay', 'bytesPerSchoolPerDay'],
              },
              school: {
                type: 'object',
                properties: { records: count, bytes: count, devices: count, bytesShare: count },
                required: ['records', 'bytes', 'devices', 'bytesShare'],
              },
              nearestLimit: {
                type: 'array',
                description: `Up to ${BUSIEST_DEVICES} devices, most records first; share is records / recordsPerDevicePerDay.`,
                items: {
                  type: 'object',
                  properties: { deviceId: { type: 'string' }, name: { type: 'string' }, records: count, bytes: count, share: count },
                  required: ['deviceId', 'name', 'records', 'bytes', 'share'],
                },
              },
            },
            required: ['day', 'renewsInSeconds', 'quotas', 'school', 'nearestLimit'],
          },
          ...errorAnswers(401, 403),
        },
      },
      onRequest: staffAuth(ctx, ['technician']),
    },
    async (request) => {
      const staff = authenticatedStaff(request);
      const { recordsPerDevicePerDay, bytesPerSchoolPerDay } = ctx.config;
      const usage = await schoolUsageToday(ctx.db, staff.schoolId, BUSIEST_DEVICES);
      return {
        day: usage.day,
        renewsInSeconds: usage.secondsLeft,
        quotas: { recordsPerDevicePerDay, bytesPerSchoolPerDay },
        school: { records: usage.records, bytes: usage.bytes, devices: usage.devices, bytesShare: usage.bytes / bytesPerSchoolPerDay },
        nearestLimit: usage.busiestDevices.map((device) => ({ ...device, share: device.records / recordsPerDevicePerDay })),
      };
    },
  );
}
