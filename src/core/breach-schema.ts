import { NO_NUL } from './no-nul.js';

/**
 * The breach record and the Reporting API bodies as JSON Schema: the one source of truth. The
 * server validates with these objects, the OpenAPI document embeds them, and the TypeScript types
 * below (and `BreachRecord` in breach.ts) are derived from them, so the three cannot drift apart.
 * Plain objects, no library: the extension imports the types and the batch limit.
 */

const text = (maxLength: number, description: string) =>
  ({ type: 'string', minLength: 1, maxLength, pattern: NO_NUL, description }) as const;

/** Breach records per upload: the device's batch, the server's limit (413 above it). */
export const MAX_BATCH_RECORDS = 500;
/** The longest class or year group id a record or an enrolment may carry (the dashboard's classes keep to it). */
export const MAX_GROUP_ID_LENGTH = 64;
/** A class or year group as the policy names it; a record's and an enrolment's alike. */
const GROUP_ID = text(MAX_GROUP_ID_LENGTH, 'Class or year group from the policy, e.g. Y4-Oak.');

/** URLs longer than this (8 KB) are refused per record. */
export const MAX_URL_LENGTH = 8192;
/**
 * Blocked requests one record may stand for. The device starts a new record when a page load's
 * breach is full (breach-store.ts), so a larger count is no device's: the server rejects it.
 * Bounded so that no class summary's sum comes near a 64-bit float's exact range.
 */
export const MAX_BREACH_COUNT = 10_000;

export const BREACH_RECORD_SCHEMA = {
  type: 'object',
  description: 'One breach as the device records it (DESIGN.md). Unknown fields are dropped, since devices may be newer than the server.',
  properties: {
    id: {
      type: 'string',
      pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
      description: 'UUID made on the device; the idempotency key.',
    },
    occurredAt: { ...text(40, 'ISO 8601 date-time; within the retention period and at most a day ahead.'), format: 'date-time' },
    url: text(MAX_URL_LENGTH, 'The blocked http(s) URL; the server strips credentials and derives host and registrableDomain from it.'),
    host: text(253, 'Host name of the URL (the server reads its own from url).'),
    registrableDomain: text(
      253,
      'Registrable domain (eTLD+1) of the host, by the whole Public Suffix List, private section included (pupil.github.io, not github.io).',
    ),
    category: text(64, 'Category id of the rule that blocked it: a catalogue id, school-block-list or not-on-allow-list.'),
    ruleId: text(128, 'Rule that blocked it.'),
    rulesVersion: text(128, 'Version of the rules in force.'),
    resourceType: text(32, 'main_frame, sub_frame, or the type of a blocked subresource.'),
    count: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_BREACH_COUNT,
      default: 1,
      description: "Blocked requests this breach stands for; a page load's breach that is full starts another.",
    },
    schoolId: text(128, "The school as the device's policy names it; the server uses the authenticated device's school."),
    groupId: GROUP_ID,
    deviceId: text(128, "The device as it names itself; the server uses the authenticated device's id."),
    user: text(320, 'Managed profile email, only when the policy allows it.'),
  },
  required: ['id', 'occurredAt', 'url', 'host', 'registrableDomain', 'category', 'ruleId', 'rulesVersion', 'resourceType', 'deviceId'],
} as const;

export const BREACH_BATCH_SCHEMA = {
  type: 'object',
  description: 'A batch of breaches from one authenticated device.',
  properties: {
    // Items are not constrained here: each is judged on its own against BREACH_RECORD_SCHEMA, so one
    // bad record (even one that is not an object) is listed as rejected and never refuses the batch.
    breaches: {
      type: 'array',
      maxItems: MAX_BATCH_RECORDS,
      items: { description: 'A BreachRecord (components.schemas.BreachRecord), judged on its own.' },
      description: `At most ${MAX_BATCH_RECORDS} breach records.`,
    },
    dropped: {
      type: 'integer',
      minimum: 0,
      maximum: 1_000_000_000,
      description: 'Records the device had to drop unsent since its last delivery.',
    },
  },
  required: ['breaches'],
} as const;

export const BREACH_BATCH_ANSWER_SCHEMA = {
  type: 'object',
  description: 'accepted + duplicates + rejected.length equals the number of records sent.',
  properties: {
    accepted: { type: 'integer', description: 'Records stored now.' },
    duplicates: { type: 'integer', description: 'Records already stored (replays of an id); stored once.' },
    rejected: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, reason: { type: 'string' } },
        required: ['id', 'reason'],
      },
    },
  },
  required: ['accepted', 'duplicates', 'rejected'],
} as const;

export const ENROL_REQUEST_SCHEMA = {
  type: 'object',
  properties: {
    enrollmentToken: { type: 'string', minLength: 1, maxLength: 200, description: "The school's enrolment token from the managed policy." },
    deviceName: { type: 'string', maxLength: 200, pattern: NO_NUL, description: 'A name for technicians to recognise the device.' },
    groupId: {
      ...GROUP_ID,
      description:
        "The policy's groupId, when it names one: the device may then write records of this group only (and without it, only records without a group).",
    },
  },
  required: ['enrollmentToken'],
} as const;

export const ENROL_ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    deviceId: { type: 'string', description: "The device's id on this server." },
    credential: {
      type: 'string',
      description: 'Bearer credential for every later device request. Shown once; the server keeps only a hash.',
    },
  },
  required: ['deviceId', 'credential'],
} as const;

export const ERROR_ANSWER_SCHEMA = {
  type: 'object',
  properties: { error: { type: 'string' }, reason: { type: 'string' } },
  required: ['error'],
} as const;

/** The error answers a route can give, by status, for its `response` schema. */
export function errorAnswers<const S extends readonly number[]>(...statuses: S): { [K in S[number]]: typeof ERROR_ANSWER_SCHEMA } {
  return Object.fromEntries(statuses.map((status) => [status, ERROR_ANSWER_SCHEMA])) as { [K in S[number]]: typeof ERROR_ANSWER_SCHEMA };
}

// ---- Types derived from the schemas ----

type Schema = { properties: Record<string, object>; required: readonly string[] };
type Value<F> = F extends { type: 'integer' } ? number : F extends { type: 'string' } ? string : unknown;
type Props<S extends Schema> = S['properties'];
type RequiredKeys<S extends Schema> = S['required'][number] & keyof Props<S>;
type Flatten<T> = { [K in keyof T]: T[K] };
/** The object type a flat schema of strings and integers describes. */
export type FromFlatSchema<S extends Schema> = Flatten<
  { -readonly [K in RequiredKeys<S>]: Value<Props<S>[K]> } & {
    -readonly [K in Exclude<keyof Props<S>, RequiredKeys<S>>]?: Value<Props<S>[K]>;
  }
>;

/** A breach record as it travels: `count` may be absent (1). */
export type WireBreachRecord = FromFlatSchema<typeof BREACH_RECORD_SCHEMA>;
export type BreachBatchAnswer = { accepted: number; duplicates: number; rejected: { id: string; reason: string }[] };
export type EnrolRequest = FromFlatSchema<typeof ENROL_REQUEST_SCHEMA>;
export type EnrolAnswer = FromFlatSchema<typeof ENROL_ANSWER_SCHEMA>;
