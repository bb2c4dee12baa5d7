import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type BreachState, breachState, checkBreachAction, PARENT_CONTACT_METHODS } from '../../../core/breach-action.js';
import { breachesPerDayChart } from '../../../core/breach-chart-svg.js';
import { parseBreachReference } from '../../../core/breach-reference.js';
import { breachAccess } from '../../../core/breach-visibility.js';
import { displayText } from '../../../core/inert-text.js';
import { parseIsoInstant } from '../../../core/iso-instant.js';
import { formatSchoolDateTime } from '../../../core/school-time.js';
import { decisionTrail } from '../../../rules/decision-trail.js';
import type { AppContext } from '../../app-context.js';
import { authenticatedStaff } from '../../auth/staff-auth.js';
import { breachItem, categoryTitle } from '../../breach-json.js';
import { decodeCursor, encodeCursor, type Filters, readFilters } from '../../breach-list-query.js';
import { classExport } from '../../class-export.js';
import { CATALOGUE } from '../../recordable-categories.js';
import { audit } from '../../storage/audit-log.js';
import { appendBreachAction, breachActions, type StoredBreachAction } from '../../storage/breach-actions.js';
import { breachesInIdRange, classBreaches, classesWithCounts, classSummary } from '../../storage/class-breaches.js';
import type { SessionStaff } from '../../storage/staff-sessions.js';
import { authoriseBreach, authoriseClass, viewerOf } from '../../teacher-access.js';
import { formField } from '../form-fields.js';
import { staffPage } from '../staff-page.js';

const READERS = ['teacher', 'dsl', 'technician'] as const;
const PAGE_SIZE = 50;
/** A URL in a table row is cut here; the breach's own page shows 2,000 characters and says how long the whole is. */
const ROW_URL_CHARACTERS = 80;
const DETAIL_URL_CHARACTERS = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const STATE_LABELS: Record<BreachState, string> = { new: 'New', acknowledged: 'Acknowledged', escalated: 'Escalated to the DSL' };

const NOTICES: Record<string, string> = {
  acknowledge: 'You acknowledged this breach.',
  note: 'Your note is added.',
  parents_informed: 'It is recorded that parents were informed.',
  escalate: 'This breach is escalated to the DSL.',
};

const classPath = (groupId: string) => `/classes/${encodeURIComponent(groupId)}`;
const query = (fields: Record<string, string | undefined>) => {
  const present = Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '');
  return present.length > 0 ? `?${new URLSearchParams(present).toString()}` : '';
};

/** "Wed 2 Dec": a local date (YYYY-MM-DD) read as the calendar date it is. */
const shortDay = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );
const longDay = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(`${day}T12:00:00Z`),
  );

/** The value a datetime-local field shows for an instant in the school's time zone ("2026-12-02T09:05"). */
function localInputValue(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(date)
    .replace(' ', 'T');
}

function describeAction(action: StoredBreachAction, timeZone: string): { what: string; detail: string } {
  const text = (name: string) => displayText(String(action.payload[name] ?? '')).text;
  switch (action.kind) {
    case 'acknowledge':
      return { what: 'Acknowledged', detail: '' };
    case 'note':
      return { what: 'Note', detail: text('text') };
    case 'parents_informed':
      return {
        what: 'Parents informed',
        detail: `${text('who')}, by ${text('how')}, ${formatSchoolDateTime(String(action.payload.when), timeZone)}`,
      };
    case 'escalate':
      return { what: 'Escalated to the DSL', detail: text('reason') };
  }
}

/**
 * The teacher's pages: "My classes" (the DSL and technician see every class), a class's summary
 * with its chart image, tables and filtered list, a breach with "Why was this blocked" and the
 * forms to act on it, and the reference lookup. Every page reads the viewer's classes afresh and
 * authorises through breach-visibility.ts, as the JSON API does.
 */
export function teacherPages(web: FastifyInstance, ctx: AppContext): void {
  const readers = staffPage(ctx, READERS);
  const sessionStaff = (request: FastifyRequest) => authenticatedStaff(request) as SessionStaff;
  const refusedPage = (reply: FastifyReply, status: 403 | 404, what: 'class' | 'breach') =>
    reply.code(status).view('error.eta', {
      title: what === 'class' ? (status === 404 ? 'No such class' : 'Not one of your classes') : 'No such breach in your classes',
      message:
        what === 'class'
          ? "You can see the classes you teach. If this is one of yours, ask your school's technician to add you to it."
          : 'It may be in a class you do not teach, or it has passed the retention period.',
    });

  web.get('/classes', { onRequest: readers }, async (request, reply) => {
    const staff = sessionStaff(request);
    const viewer = await viewerOf(ctx, staff);
    const classes = await classesWithCounts(
      ctx.db,
      staff.schoolId,
      staff.role === 'teacher' ? viewer.groupIds : null,
      staff.schoolTimeZone,
      ctx.now(),
    );
    return reply.view('teacher-classes.eta', {
      title: staff.role === 'teacher' ? 'My classes' : 'Classes',
      classes: classes.map((cls) => ({ ...cls, href: classPath(cls.groupId) })),
      isTeacher: staff.role === 'teacher',
    });
  });

  web.get('/classes/:groupId', { onRequest: readers }, async (request, reply) => {
    const staff = sessionStaff(request);
    const { groupId } = request.params as { groupId: string };
    const found = await authoriseClass(ctx, await viewerOf(ctx, staff), groupId);
    if (!found.ok) return refusedPage(reply, found.status, 'class');
    const raw = request.query as Filters & { after?: string };
    const fields: Filters = {};
    for (const name of ['pupil', 'category', 'from', 'to'] as const) {
      const value = typeof raw[name] === 'string' && raw[name] !== '' ? String(raw[name]).slice(0, 330) : undefined;
      if (value !== undefined && !value.includes('\u0000')) fields[name] = value;
    }
    const filters = readFilters(fields);
    const after = typeof raw.after === 'string' ? decodeCursor(raw.after) : undefined;
    const summary = await classSummary(ctx.db, staff.schoolId, groupId, found.timeZone, ctx.now());
    const page =
      filters.ok && after !== null
        ? await classBreaches(ctx.db, staff.schoolId, groupId, found.timeZone, filters.filter, { after, limit: PAGE_SIZE })
        : { rows: [], next: null };
    await audit(ctx.db, { schoolId: staff.schoolId, actor: staff, action: 'class-summary.view', target: groupId });
    const base = classPath(groupId);
    const filterQuery = { pupil: fields.pupil, category: fields.category, from: fields.from, to: fields.to };
    return reply.code(filters.ok ? 200 : 400).view('teacher-class.eta', {
      title: `Class ${found.name}`,
      className: found.name,
      chartUrl: `${base}/breaches-per-day.svg`,
      summary: {
        ...summary,
        fromLabel: longDay(summary.from),
        weekFromLabel: longDay(summary.weekFrom),
        perDay: summary.perDay.map((day) => ({ ...day, label: shortDay(day.day) })).reverse(),
        byCategory: summary.byCategory.map((count) => ({ ...count, label: categoryTitle(count.key) })),
        byPupil: summary.byPupil.map((count) => ({
          ...count,
          label: displayText(count.label, 120).text,
          href: `${base}${query({ pupil: count.key })}#breaches`,
        })),
        topSites: summary.topSites.map((count) => ({ ...count, label: displayText(count.label, 120).text })),
      },
      filters: fields,
      filterError: filters.ok ? undefined : filters.reason,
      pupils: summary.byPupil.map((count) => ({ key: count.key, label: displayText(count.label, 120).text })),
      categories: CATALOGUE.categories
        .map((category) => ({ key: category.id, label: category.title }))
        .concat(['school-block-list', 'not-on-allow-list'].map((key) => ({ key, label: categoryTitle(key) }))),
      breaches: page.rows.map((row) => {
        const item = breachItem(row, ROW_URL_CHARACTERS);
        return {
          ...item,
          time: formatSchoolDateTime(row.occurredAt, found.timeZone),
          pupilLabel: displayText(item.pupil.label, 120).text,
          stateLabel: STATE_LABELS[item.state],
          href: `/breaches/${item.id}`,
        };
      }),
      olderHref: page.next ? `${base}${query({ ...filterQuery, after: encodeCursor(page.next) })}#breaches` : undefined,
      firstPageHref: after ? `${base}${query(filterQuery)}#breaches` : undefined,
      exportCsv: `${base}/export${query({ ...filterQuery, format: 'csv' })}`,
      exportJson: `${base}/export${query({ ...filterQuery, format: 'json' })}`,
      filtered: Object.keys(fields).length > 0,
    });
  });

  web.get('/classes/:groupId/breaches-per-day.svg', { onRequest: readers }, async (request, reply) => {
    const staff = sessionStaff(request);
    const { groupId } = request.params as { groupId: string };
    const found = await authoriseClass(ctx, await viewerOf(ctx, staff), groupId);
    if (!found.ok) return reply.code(found.status).type('text/plain; charset=utf-8').send(found.reason);
    const summary = await classSummary(ctx.db, staff.schoolId, groupId, found.timeZone, ctx.now());
    return reply
      .type('image/svg+xml; charset=utf-8')
      .header('cache-control', 'private, no-store')
      .send(breachesPerDayChart(summary.perDay, `Breaches per day in ${found.name}`));
  });

  web.get('/classes/:groupId/export', { onRequest: readers }, async (request, reply) => {
    const staff = sessionStaff(request);
    const { groupId } = request.params as { groupId: string };
    const found = await authoriseClass(ctx, await viewerOf(ctx, staff), groupId);
    if (!found.ok) return refusedPage(reply, found.status, 'class');
    const raw = request.query as Filters & { format?: string };
    const fields: Filters = {};
    for (const name of ['pupil', 'category', 'from', 'to'] as const) {
      if (typeof raw[name] === 'string' && raw[name] !== '' && !String(raw[name]).includes('\u0000'))
        fields[name] = String(raw[name]).slice(0, 330);
    }
    const filters = readFilters(fields);
    if (!filters.ok || (raw.format !== 'csv' && raw.format !== 'json')) {
      return reply
        .code(400)
        .view('error.eta', { title: 'That export could not be made', message: filters.ok ? 'Choose CSV or JSON.' : filters.reason });
    }
    const file = await classExport(ctx, staff, { groupId, timeZone: found.timeZone }, filters.filter, raw.format);
    return reply.type(file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
  });

  web.get('/breaches/find', { onRequest: readers }, async (request, reply) => {
    const staff = sessionStaff(request);
    const typed = formField(request.query, 'reference', 40) ?? '';
    const parsed = parseBreachReference(typed);
    if (!parsed.ok) {
      return reply.code(typed === '' ? 200 : 400).view('breach-lookup.eta', {
        title: 'Find a breach by its reference',
        typed,
        error: typed === '' ? undefined : `That is not a reference: ${parsed.reason}.`,
      });
    }
    const viewer = await viewerOf(ctx, staff);
    const rows = (await breachesInIdRange(ctx.db, staff.schoolId, parsed, staff.schoolTimeZone)).filter(
      (row) => breachAccess(viewer, row).ok,
    );
    await audit(ctx.db, {
      schoolId: staff.schoolId,
      actor: staff,
      action: 'breach-reference.lookup',
      target: parsed.reference,
      detail: { found: rows.length },
    });
    if (rows.length === 1) return reply.redirect(`/breaches/${rows[0].id}`, 303);
    return reply.code(rows.length === 0 ? 404 : 200).view('breach-lookup.eta', {
      title: 'Find a breach by its reference',
      typed: parsed.reference,
      reference: parsed.reference,
      matches: rows.map((row) => ({
        href: `/breaches/${row.id}`,
        time: formatSchoolDateTime(row.occurredAt, staff.schoolTimeZone),
        pupil: displayText(breachItem(row).pupil.label, 120).text,
        groupId: row.groupId ?? '',
        category: categoryTitle(row.category),
      })),
    });
  });

  const showBreach = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { error?: string; kind?: string; values?: Record<string, string> } = {},
  ) => {
    const staff = sessionStaff(request);
    const { breachId } = request.params as { breachId: string };
    if (!UUID.test(breachId)) return refusedPage(reply, 404, 'breach');
    const found = await authoriseBreach(ctx, staff, breachId.toLowerCase());
    if (!found.ok) return refusedPage(reply, 404, 'breach');
    const { breach, timeZone } = found;
    const item = breachItem(breach, DETAIL_URL_CHARACTERS);
    const trail = decisionTrail(breach.ruleId, breach.category, CATALOGUE);
    const actions = await breachActions(ctx.db, staff.schoolId, breach.id);
    if (request.method === 'GET') await audit(ctx.db, { schoolId: staff.schoolId, actor: staff, action: 'breach.view', target: breach.id });
    const key = (request.query as Record<string, unknown>).notice;
    return reply.code(form.error ? 400 : 200).view('breach.eta', {
      title: `Breach ${item.reference}`,
      notice: typeof key === 'string' && Object.hasOwn(NOTICES, key) ? NOTICES[key] : undefined,
      breach: {
        ...item,
        time: formatSchoolDateTime(breach.occurredAt, timeZone),
        pupilLabel: displayText(item.pupil.label, 120).text,
        host: displayText(breach.host, 253).text,
        site: displayText(breach.registrableDomain, 253).text,
        stateLabel: STATE_LABELS[breachState(actions.map((action) => action.kind))],
        classHref: breach.groupId ? classPath(breach.groupId) : undefined,
        groupId: breach.groupId,
      },
      trail: {
        ...trail,
        tierLabel: trail.tierLabel[0].toUpperCase() + trail.tierLabel.slice(1),
        ruleId: displayText(breach.ruleId, 128).text,
        rulesVersion: displayText(breach.rulesVersion, 128).text,
        resourceType: displayText(breach.resourceType, 32).text,
        blockedRequests: breach.count,
        device: displayText(breach.deviceName ? `${breach.deviceName} (${breach.deviceId})` : breach.deviceId, 200).text,
      },
      actions: actions.map((action) => ({
        ...describeAction(action, timeZone),
        at: formatSchoolDateTime(action.at, timeZone),
        actor: action.actor,
      })),
      actionUrl: `/breaches/${breach.id}/actions`,
      methods: PARENT_CONTACT_METHODS,
      nowLocal: localInputValue(ctx.now(), timeZone),
      form,
    });
  };

  web.get('/breaches/:breachId', { onRequest: readers }, async (request, reply) => showBreach(request, reply));

  web.post('/breaches/:breachId/actions', { onRequest: readers }, async (request, reply) => {
    const staff = sessionStaff(request);
    const { breachId } = request.params as { breachId: string };
    if (!UUID.test(breachId)) return refusedPage(reply, 404, 'breach');
    const found = await authoriseBreach(ctx, staff, breachId.toLowerCase());
    if (!found.ok) return refusedPage(reply, 404, 'breach');
    const kind = formField(request.body, 'kind', 40) ?? '';
    const values: Record<string, string> = {};
    for (const name of ['text', 'who', 'when', 'how', 'reason']) {
      const value = formField(request.body, name, 4000);
      if (value !== null) values[name] = value;
    }
    // The form's date and time are the school's local time; the action keeps the instant.
    const fields: Record<string, unknown> = { kind, ...values };
    if (kind === 'parents_informed') {
      const local = values.when ?? '';
      fields.when =
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local) && !Number.isNaN(parseIsoInstant(`${local}:00Z`))
          ? (
              await ctx.db.query<{ at: string }>(
                `SELECT to_char(($1::timestamp AT TIME ZONE $2) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS at`,
                [local, found.timeZone],
              )
            )[0].at
          : '';
    }
    const checked = checkBreachAction(fields, found.breach.occurredAt, ctx.now());
    if (!checked.ok) return showBreach(request, reply, { error: readableReason(checked.reason), kind, values });
    await appendBreachAction(ctx.db, { schoolId: staff.schoolId, breachId: found.breach.id, actor: staff, action: checked.action });
    return reply.redirect(`/breaches/${found.breach.id}?notice=${checked.action.kind}`, 303);
  });
}

/** The check's reasons name fields; the page names what the person sees. */
function readableReason(reason: string): string {
  const words: Record<string, string> = {
    'text is required': 'Write the note before adding it.',
    'reason is required': 'Say why the DSL should look at this.',
    'who is required': 'Say who was informed.',
    'when must be a date and time': 'Give the date and time parents were informed.',
    'when is in the future': 'The time parents were informed cannot be in the future.',
    'when is before the breach happened': 'The time parents were informed is before the breach happened.',
  };
  return words[reason] ?? `That could not be recorded: ${reason}.`;
}
