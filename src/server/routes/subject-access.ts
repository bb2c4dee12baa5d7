import type { FastifyInstance } from 'fastify';
import { errorAnswers } from '../../core/breach-schema.js';
import { NO_NUL } from '../../core/no-nul.js';
import type { AppContext } from '../app-context.js';
import { authenticatedStaff, staffAuth } from '../auth/staff-auth.js';
import { pupilExport } from '../pupil-export.js';
import { audit } from '../storage/audit-log.js';
import { erasePupil } from '../storage/subject-access.js';

const PUPIL = { type: 'string', minLength: 3, maxLength: 320, pattern: NO_NUL, description: "The pupil's managed profile email" } as const;
const NDJSON = 'application/x-ndjson';
const EXPORT_LINE = {
  type: 'object',
  properties: { type: { type: 'string', enum: ['export', 'pupil', 'breach', 'unblockRequest', 'end'] } },
  required: ['type'],
  additionalProperties: true,
} as const;

/** Subject access requests, answered by the DSL for their own school; each one is audited. */
export function subjectAccessRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/v1/subject-access/export',
    {
      schema: {
        summary:
          'Everything held about one pupil (subject access request), streamed as NDJSON (DSL). Audited once the last byte is sent: ' +
          'as pupil.export, or as pupil.export.incomplete (with the records sent so far) when the connection closed first.',
        tags: ['staff'],
        security: [{ staffSession: [] }],
        querystring: { type: 'object', properties: { user: PUPIL }, required: ['user'] },
        response: {
          200: {
            description:
              'One JSON object per line: {"type":"export","user","schoolId","exportedAt"} first, then {"type":"pupil","displayName","groupId"} ' +
              'when the school\'s MIS import lists the pupil, then one {"type":"breach",…} or ' +
              '{"type":"unblockRequest",…} per record (breaches oldest first), and last {"type":"end","breaches":n,"unblockRequests":m}. ' +
              'A body without the end line is incomplete.',
            content: { [NDJSON]: { schema: EXPORT_LINE } },
          },
          ...errorAnswers(400, 401, 403),
        },
      },
      onRequest: staffAuth(ctx, ['dsl']),
    },
    async (request, reply) => {
      const staff = authenticatedStaff(request);
      const { user } = request.query as { user: string };
      const { body, progress } = pupilExport(ctx.db, staff.schoolId, user, ctx.now());
      // 'close' comes after 'finish' (every byte handed to the OS) or instead of it (the client went
      // away, or the database failed mid-way): only a finished export is recorded as exported, but an
      // incomplete one still disclosed what it sent, so it is recorded too.
      reply.raw.once('close', () => {
        const action = reply.raw.writableFinished ? 'pupil.export' : 'pupil.export.incomplete';
        audit(ctx.db, { schoolId: staff.schoolId, actor: staff, action, target: user.toLowerCase(), detail: { ...progress } }).catch(
          (error: unknown) => request.log.error({ err: error }, 'could not audit a subject access export'),
        );
      });
      // An export is a file for the safeguarding record, not a page: never cached, offered as a download.
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="subject-access-export.ndjson"')
        .type(`${NDJSON}; charset=utf-8`)
        .send(body);
    },
  );

  app.post(
    '/api/v1/subject-access/erase',
    {
      schema: {
        summary: "Erase one pupil's breaches and unblock requests (DSL)",
        tags: ['staff'],
        security: [{ staffSession: [] }],
        body: { type: 'object', properties: { user: PUPIL }, required: ['user'] },
        response: {
          200: {
            type: 'object',
            properties: { breaches: { type: 'integer' }, unblockRequests: { type: 'integer' }, rosterEntries: { type: 'integer' } },
            required: ['breaches', 'unblockRequests', 'rosterEntries'],
          },
          ...errorAnswers(400, 401, 403),
        },
      },
      onRequest: staffAuth(ctx, ['dsl']),
    },
    async (request) => {
      const staff = authenticatedStaff(request);
      const { user } = request.body as { user: string };
      return ctx.db.transaction(async (tx) => {
        const erased = await erasePupil(tx, staff.schoolId, user);
        await audit(tx, {
          schoolId: staff.schoolId,
          actor: staff,
          action: 'pupil.erase',
          target: user.toLowerCase(),
          detail: { ...erased },
        });
        return erased;
      });
    },
  );
}
