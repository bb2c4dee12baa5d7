import type { ServerConfig } from './config.js';
import type { StorableBreach } from './storage/breaches.js';
import type { UsageToday } from './storage/ingest-usage.js';

/** Ids, times, the count and the row header a stored record takes besides its text. */
const RECORD_OVERHEAD_BYTES = 100;

/** What a record costs against the school's daily byte quota: its text as UTF-8, plus the fixed part. */
export function storedBytes(record: StorableBreach): number {
  const texts = [
    record.url,
    record.host,
    record.registrableDomain,
    record.category,
    record.ruleId,
    record.rulesVersion,
    record.resourceType,
  ];
  return texts.reduce(
    (sum, text) => sum + Buffer.byteLength(text),
    RECORD_OVERHEAD_BYTES + byteLength(record.groupId) + byteLength(record.user),
  );
}

const byteLength = (text: string | null) => (text === null ? 0 : Buffer.byteLength(text));

export type IngestQuotas = Pick<ServerConfig, 'recordsPerDevicePerDay' | 'bytesPerSchoolPerDay'>;

/**
 * Why today's batch is refused, or null when there is room. A batch is let in while the device and
 * the school are under their quotas, so a quota is passed by at most the batches already in flight.
 */
export function quotaRefusal(usage: UsageToday, quotas: IngestQuotas): string | null {
  if (usage.deviceRecords >= quotas.recordsPerDevicePerDay)
    return `this device stored its ${quotas.recordsPerDevicePerDay} records for today; the quota renews at midnight UK time`;
  if (usage.schoolBytes >= quotas.bytesPerSchoolPerDay)
    return `this school stored its ${quotas.bytesPerSchoolPerDay} bytes of records for today; the quota renews at midnight UK time`;
  return null;
}
