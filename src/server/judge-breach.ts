import { Ajv } from 'ajv';
import { BREACH_RECORD_SCHEMA, type WireBreachRecord } from '../core/breach-schema.js';
import type { StorableBreach } from './storage/breaches.js';

// removeAdditional 'all': unknown fields are dropped, since devices may be newer than the server.
// The date-time format is judged below (with a range), so Ajv only needs to know the name.
const ajv = new Ajv({ removeAdditional: 'all', useDefaults: true, coerceTypes: false, allErrors: false, formats: { 'date-time': true } });
const validRecord = ajv.compile<WireBreachRecord>(BREACH_RECORD_SCHEMA);

/** A day ahead is clock skew on a pupil's laptop; more is a broken clock or a forged record. */
const MAX_FUTURE_MS = 86_400_000;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export type Judgement = { ok: true; record: StorableBreach } | { ok: false; id: string; reason: string };

/**
 * Judges one record of a batch on its own: wrong types, absurd dates, over-long URLs and so on
 * reject this record only, with a reason the device keeps beside it.
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
  const at = ISO_INSTANT.test(record.occurredAt) ? Date.parse(record.occurredAt) : Number.NaN;
  if (Number.isNaN(at)) return { ok: false, id: record.id, reason: 'occurredAt is not an ISO 8601 date-time' };
  if (at > now.getTime() + MAX_FUTURE_MS) return { ok: false, id: record.id, reason: 'occurredAt is in the future' };
  if (at < now.getTime() - retentionDays * 86_400_000)
    return { ok: false, id: record.id, reason: `occurredAt is older than the ${retentionDays}-day retention period` };
  return {
    ok: true,
    record: {
      id: record.id.toLowerCase(),
      occurredAt: new Date(at).toISOString(),
      url: record.url,
      host: record.host,
      registrableDomain: record.registrableDomain,
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
