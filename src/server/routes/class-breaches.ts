import type { FastifyInstance, FastifyRequest } from 'fastify';
import { breachesPerDayChart } from '../../core/breach-chart-svg.js';
import { errorAnswers } from '../../core/breach-schema.js';
import { parseIsoInstant } from '../../core/iso-instant.js';
import { NO_NUL } from '../../core/no-nul.js';
import { parsePupilKey } from '../../core/pupil-label.js';
import { csvLine, neutralisedCell } from '../../core/spreadsheet-cell.js';
import type { AppContext } from '../app-context.js';
import { authenticatedStaff, staffAuth } from '../auth/staff-auth.js';
import { BREACH_ITEM_SCHEMA, breachItem, categoryTitle } from '../breach-json.js';
import { audit } from '../storage/audit-log.js';
import { type BreachCursor, type BreachListFilter, classBreaches, classSummary } from '../storage/class-breaches.js';
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

type Filters = { pupil?: string; category?: string; from?: string; to?: string };

/** The list's filters from the query, or the reason they are not ones. */
function readFilters(query: Filters): { ok: true; filter: BreachListFilter } | { ok: false; reason: string } {
  const filter: BreachListFilter = { category: query.category };
  if (query.pupil !== undefined) {
    const pupil = parsePupilKey(query.pupil);
    if (!pupil) return { ok: false, reason: 'pupil must be an email or device:<id>' };
    filter.pupil = pupil;
  }
  for (const name of ['from', 'to'] as const) {
    const value = query[name];
    if (value === undefined) continue;
    // The pattern has the shape; the calendar has the date (no 30 February).
    if (Number.isNaN(parseIsoInstant(`${value}T00:00:00Z`))) return { ok: false, reason: `${name} is not a date` };
    filter[name] = value;
  }
  if (filter.from && filter.to && filter.from > filter.to) return { ok: false, reason: 'from is after to' };
  return { ok: true, filter };
}

const CURSOR = /^(\d{1,15})_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const encodeCursor = (cursor: BreachCursor) => `${Date.parse(cursor.occurredAt)}_${cursor.id}`;
function decodeCursor(text: string): BreachCursor | null {
  const match = CURSOR.exec(text);
  return match ? { occurredAt: new Date(Number(match[1])).toISOString(), id: match[2] } : null;
}

/** A file name from a class id, which may hold any character but NUL. */
const fileSafe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

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
      const header = ['pupil', 'time', 'site', 'category', 'tier', 'state'] as const;
      const records: Record<(typeof header)[number], string>[] = [];
      let after: BreachCursor | undefined;
      do {
        const page = await classBreaches(ctx.db, staff.schoolId, groupId, found.timeZone, filters.filter, { after, limit: 500 });
        for (const row of page.rows) {
          // The whole URL, escaped (no bidi or control character reaches the spreadsheet), never cut.
          const item = breachItem(row, Number.POSITIVE_INFINITY);
          records.push({
            pupil: item.pupil.label,
            time: item.localTime,
            site: item.urlShown,
            category: item.categoryTitle,
            tier: item.tierLabel,
            state: item.state,
          });
        }
        after = page.next ?? undefined;
      } while (after);
      await audit(ctx.db, {
        schoolId: staff.schoolId,
        actor: staff,
        action: 'class-breaches.export',
        target: groupId,
        detail: { format: query.format, rows: records.length },
      });
      const name = `breaches-${fileSafe(groupId)}.${query.format}`;
      reply.header('content-disposition', `attachment; filename="${name}"`).header('x-content-type-options', 'nosniff');
      if (query.format === 'json') {
        const neutral = records.map((record) =>
          Object.fromEntries(Object.entries(record).map(([key, value]) => [key, neutralisedCell(value)])),
        );
        return reply.type('application/json; charset=utf-8').send(JSON.stringify(neutral));
      }
      // A byte-order mark, so spreadsheets read the file as UTF-8.
      return reply
        .type('text/csv; charset=utf-8')
        .send(`\uFEFF${csvLine(header)}${records.map((record) => csvLine(header.map((key) => record[key]))).join('')}`);
    },
  );
}
