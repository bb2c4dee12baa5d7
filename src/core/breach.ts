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

/** Builds the record, stripping credentials from the URL (a pupil may type `user:pass@`). */
export function makeBreachRecord(input: BreachInput): BreachRecord {
  const url = new URL(input.url);
  url.username = '';
  url.password = '';
  const host = url.hostname;
  const record: BreachRecord = {
    id: input.id,
    occurredAt: input.occurredAt.toISOString(),
    url: url.href,
    host,
    registrableDomain: getDomain(host, TLDTS_OPTIONS) ?? host,
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
