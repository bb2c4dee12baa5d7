import { Ajv } from 'ajv';
import { breachLocation } from '../core/breach.js';
import { BREACH_RECORD_SCHEMA, MAX_URL_LENGTH, type WireBreachRecord } from '../core/breach-schema.js';
import { parseIsoInstant } from '../core/iso-instant.js';
import { RECORDABLE_CATEGORIES } from './recordable-categories.js';
import type { StorableBreach } from './storage/breaches.js';

// removeAdditional 'all': unknown fields are dropped, since devices may be newer than the server.
// The date-time format is judged below (exactly, with a range), so Ajv only needs to know the name.
const ajv = new Ajv({ removeAdditional: 'all', useDefaults: true, coerceTypes: false, allErrors: false, formats: { 'date-time': true } });
const validRecord = ajv.compile<WireBreachRecord>(BREACH_RECORD_SCHEMA);

/** A day ahead is clock skew on a pupil's laptop; more is a broken clock or a forged record. */
const MAX_FUTURE_MS = 86_400_000;

export type Judgement = { ok: true; record: StorableBreach } | { ok: false; id: string; reason: string };

/**
 * Judges one record of a batch on its own: wrong types, absurd dates, over-long URLs and so on
 * reject this record only, with a reason the device keeps beside it. Only what a device could
 * have recorded passes: an http(s) URL, a category it can name, a count one record can hold
 * (the schema's maximum). The URL's names (host, registrable domain) are the server's own
 * reading of it; whatever the body says of them is ignored.
 */
export function judgeBreach(candidate: unknown, index: number, now: Date, retentionDays: number): Judgement {
  const claimedId =
    typeof (candidate as { id?: unknown })?.id === 'string' ? String((candidate as { id: string }).id).slice(0, 100) : `#${index}`;
  if (!validRecord(candidate)) {
    const error = validRecord.errors?.[0];
    const where = error?.instancePath ? error.instancePath.slice(1) : 'record';
    return { ok: false, id: claimedId, reason: `${where} ${error?.message ?? 'is not a breach record'}` };
  }
  const record = candidate;
  const reject = (reason: string): Judgement => ({ ok: false, id: record.id, reason });
  const at = parseIsoInstant(record.occurredAt);
  if (Number.isNaN(at)) return reject('occurredAt is not an ISO 8601 date-time');
  if (at > now.getTime() + MAX_FUTURE_MS) return reject('occurredAt is in the future');
  if (at < now.getTime() - retentionDays * 86_400_000) return reject(`occurredAt is older than the ${retentionDays}-day retention period`);
  const location = breachLocation(record.url);
  if (!location) return reject('url is not an http(s) URL');
  // Punycode and percent-encoding can lengthen what was sent.
  if (location.url.length > MAX_URL_LENGTH) return reject(`url must NOT have more than ${MAX_URL_LENGTH} characters`);
  if (!RECORDABLE_CATEGORIES.has(record.category)) return reject(`category "${record.category}" is not known`);
  return {
    ok: true,
    record: {
      id: record.id.toLowerCase(),
      occurredAt: new Date(at).toISOString(),
      ...location,
      category: record.category,
      ruleId: record.ruleId,
      rulesVersion: record.rulesVersion,
      resourceType: record.resourceType,
      count: record.count ?? 1,
      groupId: record.groupId ?? null,
      // Emails compare case-insensitively; one spelling keeps subject access requests complete.
      user: record.user?.toLowerCase() ?? null,
    },
  };
}
