import type { BreachRecord } from './breach.js';

/**
 * The oldest records that share the first one's group, and that group. The server takes a device's
 * records only for the group it enrolled for, so one batch holds one group: after a class change the
 * old class's records still go out, under an enrolment for that class, before the new class's.
 */
export function leadingGroup(records: readonly BreachRecord[]): { groupId: string | undefined; batch: BreachRecord[] } {
  const groupId = records[0]?.groupId;
  const end = records.findIndex((record) => record.groupId !== groupId);
  return { groupId, batch: records.slice(0, end === -1 ? records.length : end) };
}
