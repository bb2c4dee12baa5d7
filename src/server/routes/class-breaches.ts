import type { FastifyInstance, FastifyRequest } from 'fastify';
import { breachesPerDayChart } from '../../core/breach-chart-svg.js';
import { errorAnswers } from '../../core/breach-schema.js';
import { NO_NUL } from '../../core/no-nul.js';
import type { AppContext } from '../app-context.js';
import { authenticatedStaff, staffAuth } from '../auth/staff-auth.js';
import { BREACH_ITEM_SCHEMA, breachItem, categoryTitle } from '../breach-json.js';
import { decodeCursor, encodeCursor, type Filters, readFilters } from '../breach-list-query.js';
import { classExport } from '../class-export.js';
import { audit } from '../storage/audit-log.js';
import { classBreaches, classSummary } from '../storage/class-breaches.js';
import { authoriseClass, refuse, viewerOf } from '../teacher-access.js';

/** Who reads a class's breaches: its teachers, and the DSL and technician for the whole school (breach-visibility.ts). */
const READERS = ['teacher', 'dsl', 'technician'] as const;

const GROUP_PARAMS = {
  type: 'object',
  properties: { groupId: { type: 'string', minLength: 1, maxLength: 64, pattern: NO_NUL } },
  required: ['groupId'],
} as const;

const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: "A date in the school's time zone, YYYY-MM-DD." } as const;
const FILTER_PROPERTIES = {
  pupil: {
    type: 'string',
    minLength: 1,
    maxLength: 330,
    pattern: NO_NUL,
    description: 'A pupil key from the summary: an email, or device:<id>.',
  },
  category: { type: 'string', minLength: 1, maxLength: 64, pattern: NO_NUL },
  from: DATE,
  to: DATE,
} as const;

const COUNT_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    properties: { key: { type: 'string' }, label: { type: 'string' }, breaches: { type: 'integer' }, thisWeek: { type: 'integer' } },
    required: ['key', 'label', 'breaches', 'thisWeek'],
  },
} as const;

/**
 * A class's breaches for its teachers (and the school's DSL and technician): the summary, its chart,
 * the filtered list and the export. Each request reads the viewer's classes afresh and is refused
 * (403 for one's own school's other classes, 404 for what is not in one's school) before any query.
 */
export function classBreachesRoutes(app: FastifyInstance, ctx: AppContext): void {
  const classFor = async (request: FastifyRequest) => {
    const staff = authenticatedStaff(request);
    const { groupId } = request.params as { groupId: string };
    const viewer = await viewerOf(ctx, staff);
    return { staff, groupId, found: await authoriseClass(ctx, viewer, groupId) };
  };

  app.get(
    '/api/v1/groups/:groupId/breach-summary',
    {
      schema: {
        summary: "A class's last 30 days and this week: per day, by category, by pupil, top sites (teacher of the class, DSL, technician)",
        tags: ['staff'],
        security: [{ staffSession: [] }],
        params: GROUP_PARAMS,
        response: {
          200: {
            type: 'object',
            properties: {
              groupId: { type: 'string' },
              className: { type: 'string' },
              timeZone: { type: 'string' },
              from: { type: 'string' },
              weekFrom: { type: 'string' },
              today: { type: 'string' },
              totals: {
                type: 'object',
                properties: { breaches: { type: 'integer' }, thisWeek: { type: 'integer' } },
                required: ['breaches', 'thisWeek'],
              },
              perDay: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { day: { type: 'string' }, breaches: { type: 'integer' } },
                  required: ['day', 'breaches'],
                },
              },
              byCategory: COUNT_SCHEMA,
              byPupil: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { ...COUNT_SCHEMA.items.properties, sharedLogIn: { type: 'boolean' } },
                  required: [...COUNT_SCHEMA.items.required, 'sharedLogIn'],
                },
              },
              topSites: COUNT_SCHEMA,
            },
            required: [
              'groupId',
              'className',
              'timeZone',
              'from',
              'weekFrom',
              'today',
              'totals',
              'perDay',
              'byCategory',
              'byPupil',
              'topSites',
            ],
          },
          ...errorAnswers(400, 401, 403, 404),
        },
      },
      onRequest: staffAuth(ctx, READERS),
    },
    async (request, reply) => {
      const { staff, groupId, found } = await classFor(request);
      if (!found.ok) return refuse(reply, found);
      const summary = await classSummary(ctx.db, staff.schoolId, groupId, found.timeZone, ctx.now());
      await audit(ctx.db, { schoolId: staff.schoolId, actor: staff, action: 'class-summary.view', target: groupId });
      return {
        groupId,
        className: found.name,
        timeZone: found.timeZone,
        ...summary,
        byCategory: summary.byCategory.map((count) => ({ ...count, label: categoryTitle(count.key) })),
      };
    },
  );

  app.get(
    '/api/v1/groups/:groupId/breaches-per-day.svg',
    {
      schema: {
        summary: "A class's breaches per day over the last 30 days as an SVG bar chart (the summary has the same numbers)",
        tags: ['staff'],
        security: [{ staffSession: [] }],
        params: GROUP_PARAMS,
        response: {
          200: { description: 'An SVG image', content: { 'image/svg+xml': { schema: { type: 'string' } } } },
          ...errorAnswers(400, 401, 403, 404),
        },
      },
      onRequest: staffAuth(ctx, READERS),
    },
    async (request, reply) => {
      const { staff, groupId, found } = await classFor(request);
      if (!found.ok) return refuse(reply, found);
      const summary = await classSummary(ctx.db, staff.schoolId, groupId, found.timeZone, ctx.now());
      return (
        reply
          .type('image/svg+xml; charset=utf-8')
          // Opened on its own it is a document: it may run and load nothing.
          .header('content-security-policy', "default-src 'none'")
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          .send(breachesPerDayChart(summary.perDay, `Breaches per day in ${found.name}`))
      );
    },
  );

  app.get(
    '/api/v1/groups/:groupId/breaches',
    {
      schema: {
        summary:
          "A class's breaches, newest first, filtered by pupil, category and dates, a page at a time (teacher of the class, DSL, technician)",
        tags: ['staff'],
        security: [{ staffSession: [] }],
        params: GROUP_PARAMS,
        querystring: {
          type: 'object',
          properties: {
            ...FILTER_PROPERTIES,
            after: { type: 'string', maxLength: 60, description: 'The `next` of the page before.' },
            // Digits only, parsed below: the server's validator does not coerce types (see app.ts).
            limit: { type: 'string', pattern: '^[1-9][0-9]{0,2}$', description: 'At most 200 (default 50).' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              groupId: { type: 'string' },
              breaches: { type: 'array', items: BREACH_ITEM_SCHEMA },
              next: { type: ['string', 'null'] },
            },
            required: ['groupId', 'breaches', 'next'],
          },
          ...errorAnswers(400, 401, 403, 404),
        },
      },
      onRequest: staffAuth(ctx, READERS),
    },
    async (request, reply) => {
      const query = request.query as Filters & { after?: string; limit?: string };
      const filters = readFilters(query);
      if (!filters.ok) return reply.code(400).send({ error: 'bad request', reason: filters.reason });
      const after = query.after === undefined ? undefined : decodeCursor(query.after);
      if (after === null) return reply.code(400).send({ error: 'bad request', reason: 'after is not a page position from this list' });
      const { staff, groupId, found } = await classFor(request);
      if (!found.ok) return refuse(reply, found);
      const page = await classBreaches(ctx.db, staff.schoolId, groupId, found.timeZone, filters.filter, {
        after,
        limit: Math.min(Number(query.limit ?? 50), 200),
      });
      await audit(ctx.db, { schoolId: staff.schoolId, actor: staff, action: 'class-breaches.view', target: groupId });
      return { groupId, breaches: page.rows.map((row) => breachItem(row)), next: page.next && encodeCursor(page.next) };
    },
  );

  app.get(
    '/api/v1/groups/:groupId/breaches/export',
    {
      schema: {
        summary: "A class's breaches (pupil, time, site, category, tier, state) as CSV or JSON, spreadsheet formulas neutralised",
        tags: ['staff'],
        security: [{ staffSession: [] }],
        params: GROUP_PARAMS,
        querystring: {
          type: 'object',
          properties: { ...FILTER_PROPERTIES, format: { type: 'string', enum: ['csv', 'json'] } },
          required: ['format'],
          additionalProperties: false,
        },
        response: {
          200: {
            description: 'The export, as an attachment',
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/json': { schema: { type: 'array', items: { type: 'object' } } },
            },
          },
          ...errorAnswers(400, 401, 403, 404),
        },
      },
      onRequest: staffAuth(ctx, READERS),
    },
    async (request, reply) => {
      const query = request.query as Filters & { format: 'csv' | 'json' };
      const filters = readFilters(query);
      if (!filters.ok) return reply.code(400).send({ error: 'bad request', reason: filters.reason });
      const { staff, groupId, found } = await classFor(request);
      if (!found.ok) return refuse(reply, found);
      const file = await classExport(ctx, staff, { groupId, timeZone: found.timeZone }, filters.filter, query.format);
      return reply
        .type(file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('x-content-type-options', 'nosniff')
        .send(file.body);
    },
  );
}
