import { NOT_ON_ALLOW_LIST, SCHOOL_BLOCK_LIST } from '../core/block-index.js';
import { breachState } from '../core/breach-action.js';
import { breachReference } from '../core/breach-reference.js';
import { displayText } from '../core/inert-text.js';
import { pupilKey, pupilLabel } from '../core/pupil-label.js';
import { decisionTrail } from '../rules/decision-trail.js';
import { CATALOGUE } from './recordable-categories.js';
import type { BreachRow } from './storage/class-breaches.js';

/** URLs in lists are cut here (the detail has the whole, escaped); a 10 KB path would swamp a table. */
export const LIST_URL_CHARACTERS = 300;

const string = { type: 'string' } as const;
const integer = { type: 'integer' } as const;

/** A breach as the teacher view's JSON answers carry it. */
export const BREACH_ITEM_SCHEMA = {
  type: 'object',
  properties: {
    id: string,
    reference: { type: 'string', description: 'What the block screen shows, e.g. K7F-2QX.' },
    occurredAt: { type: 'string', format: 'date-time' },
    localTime: { type: 'string', description: "YYYY-MM-DD HH:MM in the school's time zone." },
    groupId: { type: ['string', 'null'] },
    pupil: {
      type: 'object',
      properties: { key: string, label: string, sharedLogIn: { type: 'boolean' } },
      required: ['key', 'label', 'sharedLogIn'],
    },
    url: { type: 'string', description: 'As stored: escape it wherever it is shown; never make it a link.' },
    urlShown: { type: 'string', description: 'The URL made safe to show as text: invisible characters escaped, cut when long.' },
    host: string,
    site: { type: 'string', description: 'Registrable domain.' },
    category: string,
    categoryTitle: string,
    tier: string,
    tierLabel: string,
    state: { type: 'string', enum: ['new', 'acknowledged', 'escalated'] },
  },
  required: [
    'id',
    'reference',
    'occurredAt',
    'localTime',
    'groupId',
    'pupil',
    'url',
    'urlShown',
    'host',
    'site',
    'category',
    'categoryTitle',
    'tier',
    'tierLabel',
    'state',
  ],
} as const;

/** The school's own two "categories" (block-index.ts), named as staff read them. */
const POLICY_CATEGORY_TITLES: Record<string, string> = {
  [SCHOOL_BLOCK_LIST]: "School's block list",
  [NOT_ON_ALLOW_LIST]: 'Not on the allow list',
};

export function categoryTitle(category: string): string {
  return CATALOGUE.categories.find((entry) => entry.id === category)?.title ?? POLICY_CATEGORY_TITLES[category] ?? category;
}

export function breachItem(row: BreachRow, urlCharacters = LIST_URL_CHARACTERS) {
  const trail = decisionTrail(row.ruleId, row.category, CATALOGUE);
  return {
    id: row.id,
    reference: breachReference(row.id),
    occurredAt: row.occurredAt.toISOString(),
    localTime: row.localTime,
    groupId: row.groupId,
    pupil: { key: pupilKey(row), label: pupilLabel(row), sharedLogIn: row.userEmail === null },
    url: row.url,
    urlShown: displayText(row.url, urlCharacters).text,
    host: row.host,
    site: row.registrableDomain,
    category: row.category,
    categoryTitle: categoryTitle(row.category),
    tier: trail.tier,
    tierLabel: trail.tierLabel,
    state: breachState(row.actionKinds),
  };
}

export const BREACH_DETAIL_SCHEMA = {
  type: 'object',
  properties: {
    ...BREACH_ITEM_SCHEMA.properties,
    trail: {
      type: 'object',
      description: 'Why it was blocked.',
      properties: {
        tier: string,
        tierLabel: string,
        list: string,
        ruleId: string,
        rulesVersion: string,
        resourceType: string,
        blockedRequests: integer,
        device: { type: 'object', properties: { id: string, name: { type: ['string', 'null'] } }, required: ['id', 'name'] },
      },
      required: ['tier', 'tierLabel', 'list', 'ruleId', 'rulesVersion', 'resourceType', 'blockedRequests', 'device'],
    },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: integer,
          at: { type: 'string', format: 'date-time' },
          actor: string,
          kind: string,
          payload: { type: 'object', additionalProperties: { type: 'string' } },
        },
        required: ['id', 'at', 'actor', 'kind', 'payload'],
      },
    },
  },
  required: [...BREACH_ITEM_SCHEMA.required, 'trail', 'actions'],
} as const;
