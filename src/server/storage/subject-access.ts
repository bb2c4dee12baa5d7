import type { Queryable } from './database.js';

/**
 * Subject access requests: everything held about one pupil (identified by the managed profile
 * email their device reports), and its erasure. Scoped to one school: a DSL answers for their own.
 */
export interface PupilRecords {
  user: string;
  schoolId: string;
  breaches: Record<string, unknown>[];
  unblockRequests: Record<string, unknown>[];
}

export async function exportPupil(db: Queryable, schoolId: string, user: string): Promise<PupilRecords> {
  const breaches = await db.query(
    `SELECT id, occurred_at AS "occurredAt", received_at AS "receivedAt", url, host, registrable_domain AS "registrableDomain",
            category, rule_id AS "ruleId", rules_version AS "rulesVersion", resource_type AS "resourceType", count,
            group_id AS "groupId", device_id AS "deviceId"
     FROM breaches WHERE school_id = $1 AND user_email = lower($2) ORDER BY occurred_at, id`,
    [schoolId, user],
  );
  const unblockRequests = await db.query(
    `SELECT id::text AS id, requested_at AS "requestedAt", url, reason, status, group_id AS "groupId"
     FROM unblock_requests WHERE school_id = $1 AND user_email = lower($2) ORDER BY requested_at, id`,
    [schoolId, user],
  );
  return { user, schoolId, breaches, unblockRequests };
}

export async function erasePupil(db: Queryable, schoolId: string, user: string): Promise<{ breaches: number; unblockRequests: number }> {
  const breaches = await db.query('DELETE FROM breaches WHERE school_id = $1 AND user_email = lower($2) RETURNING 1', [schoolId, user]);
  const unblock = await db.query('DELETE FROM unblock_requests WHERE school_id = $1 AND user_email = lower($2) RETURNING 1', [
    schoolId,
    user,
  ]);
  return { breaches: breaches.length, unblockRequests: unblock.length };
}
