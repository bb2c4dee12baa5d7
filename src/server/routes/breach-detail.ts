import type { FastifyInstance } from 'fastify';
import { BREACH_ACTION_BODY_SCHEMA, breachState, checkBreachAction } from '../../core/breach-action.js';
import { parseBreachReference } from '../../core/breach-reference.js';
import { errorAnswers } from '../../core/breach-schema.js';
import { breachAccess } from '../../core/breach-visibility.js';
import { displayText } from '../../core/inert-text.js';
import { decisionTrail } from '../../rules/decision-trail.js';
import type { AppContext } from '../app-context.js';
import { authenticatedStaff, staffAuth } from '../auth/staff-auth.js';
import { BREACH_DETAIL_SCHEMA, BREACH_ITEM_SCHEMA, breachItem } from '../breach-json.js';
import { CATALOGUE } from '../recordable-categories.js';
import { audit } from '../storage/audit-log.js';
import { appendBreachAction, breachActions, type StoredBreachAction } from '../storage/breach-actions.js';
import { breachesInIdRange, schoolTimeZone } from '../storage/class-breaches.js';
import { authoriseBreach, refuse, viewerOf } from '../teacher-access.js';

const READERS = ['teacher', 'dsl', 'technician'] as const;
/** The detail shows this much of a URL, escaped, and says how long the whole is. */
const DETAIL_URL_CHARACTERS = 2000;

const BREACH_PARAMS = {
  type: 'object',
  properties: { breachId: { type: 'string', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' } },
  required: ['breachId'],
} as const;

const actionJson = (action: StoredBreachAction) => ({
  id: action.id,
  at: new Date(action.at).toISOString(),
  actor: action.actor,
  kind: action.kind,
  payload: action.payload,
});

/**
 * One breach with its decision trail and actions, the actions themselves, and the lookup of a block
 * screen's reference. A breach outside the viewer's classes or school is "not found", however its
 * id was come by: the answer says nothing of it.
 */
export function breachDetailRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get(
    '/api/v1/breaches/:breachId',
    {
      schema: {
        summary: 'A breach with why it was blocked (tier, list, rules version, device) and what staff did about it',
        tags: ['staff'],
        security: [{ staffSession: [] }],
        params: BREACH_PARAMS,
        response: { 200: BREACH_DETAIL_SCHEMA, ...errorAnswers(400, 401, 403, 404) },
      },
      onRequest: staffAuth(ctx, READERS),
    },
    async (request, reply) => {
      const staff = authenticatedStaff(request);
      const { breachId } = request.params as { breachId: string };
      const found = await authoriseBreach(ctx, staff, breachId.toLowerCase());
      if (!found.ok) return refuse(reply, found);
      const { breach } = found;
      const trail = decisionTrail(breach.ruleId, breach.category, CATALOGUE);
      const actions = await breachActions(ctx.db, staff.schoolId, breach.id);
      await audit(ctx.db, { schoolId: staff.schoolId, actor: staff, action: 'breach.view', target: breach.id });
      return {
        ...breachItem(breach),
        urlShown: displayText(breach.url, DETAIL_URL_CHARACTERS).text,
        trail: {
          ...trail,
          ruleId: breach.ruleId,
          rulesVersion: breach.rulesVersion,
          resourceType: breach.resourceType,
          blockedRequests: breach.count,
          device: { id: breach.deviceId, name: breach.deviceName },
        },
        actions: actions.map(actionJson),
      };
    },
  );

  app.post(
    '/api/v1/breaches/:breachId/actions',
    {
      schema: {
        summary:
          'Acknowledge a breach, add a note, record that parents were informed (who, when, how), or escalate it to the DSL with a reason',
        tags: ['staff'],
        security: [{ staffSession: [] }],
        params: BREACH_PARAMS,
        body: BREACH_ACTION_BODY_SCHEMA,
        response: {
          201: {
            type: 'object',
            properties: { action: BREACH_DETAIL_SCHEMA.properties.actions.items, state: BREACH_ITEM_SCHEMA.properties.state },
            required: ['action', 'state'],
          },
          ...errorAnswers(400, 401, 403, 404),
        },
      },
      onRequest: staffAuth(ctx, READERS),
    },
    async (request, reply) => {
      const staff = authenticatedStaff(request);
      const { breachId } = request.params as { breachId: string };
      const found = await authoriseBreach(ctx, staff, breachId.toLowerCase());
      if (!found.ok) return refuse(reply, found);
      const checked = checkBreachAction(request.body as Record<string, unknown>, found.breach.occurredAt, ctx.now());
      if (!checked.ok) return reply.code(400).send({ error: 'bad request', reason: checked.reason });
      const stored = await appendBreachAction(ctx.db, {
        schoolId: staff.schoolId,
        breachId: found.breach.id,
        actor: staff,
        action: checked.action,
      });
      return reply.code(201).send({ action: actionJson(stored), state: breachState([...found.breach.actionKinds, stored.kind]) });
    },
  );

  app.get(
    '/api/v1/breach-references/:reference',
    {
      schema: {
        summary: "The breaches a block screen's reference (e.g. K7F-2QX) names, in the viewer's classes",
        tags: ['staff'],
        security: [{ staffSession: [] }],
        params: { type: 'object', properties: { reference: { type: 'string', maxLength: 20 } }, required: ['reference'] },
        response: {
          200: {
            type: 'object',
            properties: { reference: { type: 'string' }, breaches: { type: 'array', items: BREACH_ITEM_SCHEMA } },
            required: ['reference', 'breaches'],
          },
          ...errorAnswers(400, 401, 403, 404),
        },
      },
      onRequest: staffAuth(ctx, READERS),
    },
    async (request, reply) => {
      const staff = authenticatedStaff(request);
      const parsed = parseBreachReference((request.params as { reference: string }).reference);
      if (!parsed.ok) return reply.code(400).send({ error: 'bad request', reason: parsed.reason });
      const viewer = await viewerOf(ctx, staff);
      const rows = await breachesInIdRange(ctx.db, staff.schoolId, parsed, await schoolTimeZone(ctx.db, staff.schoolId));
      const visible = rows.filter((row) => breachAccess(viewer, row).ok);
      await audit(ctx.db, {
        schoolId: staff.schoolId,
        actor: staff,
        action: 'breach-reference.lookup',
        target: parsed.reference,
        detail: { found: visible.length },
      });
      // Matches in classes the viewer does not teach are left out, and the answer is the same as for none.
      if (visible.length === 0)
        return reply.code(404).send({ error: 'not found', reason: 'no breach with that reference in your classes' });
      return { reference: parsed.reference, breaches: visible.map((row) => breachItem(row)) };
    },
  );
}
