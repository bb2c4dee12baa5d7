import { getDomain } from 'tldts';
import type { WireBreachRecord } from './breach-schema.js';
import { TLDTS_OPTIONS } from './list-host.js';

/**
 * What the device records about a breach (DESIGN.md): never page content, images or form data.
 * Derived from the schema the server validates with; on the device `count` is always present
 * (blocked requests this record stands for: one page with 200 blocked images is one breach).
 */
export type BreachRecord = WireBreachRecord & { count: number };

export interface BreachInput {
  id: string;
  occurredAt: Date;
  url: string;
  category: string;
  ruleId: string;
  rulesVersion: string;
  resourceType: string;
  schoolId?: string;
  groupId?: string;
  deviceId: string;
  user?: string;
}

/** Where a breach happened, as a record names it. */
export interface BreachLocation {
  url: string;
  host: string;
  registrableDomain: string;
}

/**
 * The URL as a record keeps it, credentials stripped (a pupil may type `user:pass@`), with the host
 * and registrable domain derived from it; null when it is not an http(s) URL, which no rule blocks.
 * The device and the server both use it: the server never takes these names from a body.
 */
export function breachLocation(text: string): BreachLocation | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
  url.username = '';
  url.password = '';
  const host = url.hostname;
  return { url: url.href, host, registrableDomain: getDomain(host, TLDTS_OPTIONS) ?? host };
}

/** Builds the record; throws on a URL that is not http(s), which the recorder never passes. */
export function makeBreachRecord(input: BreachInput): BreachRecord {
  const location = breachLocation(input.url);
  if (!location) throw new TypeError('a breach URL must be http(s)');
  const record: BreachRecord = {
    id: input.id,
    occurredAt: input.occurredAt.toISOString(),
    ...location,
    category: input.category,
    ruleId: input.ruleId,
    rulesVersion: input.rulesVersion,
    resourceType: input.resourceType,
    count: 1,
    deviceId: input.deviceId,
  };
  if (input.schoolId) record.schoolId = input.schoolId;
  if (input.groupId) record.groupId = input.groupId;
  if (input.user) record.user = input.user;
  return record;
}
