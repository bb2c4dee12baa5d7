import type { Queryable } from './database.js';
import type { AuthenticatedDevice } from './devices.js';

/** A record that passed judgement (judge-breach.ts), ready to store. */
export interface StorableBreach {
  id: string;
  occurredAt: string;
  url: string;
  host: string;
  registrableDomain: string;
  category: string;
  ruleId: string;
  rulesVersion: string;
  resourceType: string;
  count: number;
  groupId: string | null;
  user: string | null;
}

/**
 * Months (YYYY-MM) whose partition exists, as far as this process knows: saves a database call per
 * batch. One per database; retention forgets the months it drops.
 */
export class BreachPartitions {
  private readonly known = new Set<string>();

  async ensure(db: Queryable, instants: Iterable<string>): Promise<void> {
    for (const month of new Set([...instants].map((instant) => new Date(instant).toISOString().slice(0, 7)))) {
      if (this.known.has(month)) continue;
      await db.query('SELECT ensure_breach_partition($1::timestamptz)', [`${month}-01T00:00:00Z`]);
      this.known.add(month);
    }
  }

  forget(): void {
    this.known.clear();
  }
}

/**
 * Stores the records under the authenticated device's school and device (never what the body
 * claims), once per id and school: an id already in breach_ids, or met earlier in the same batch,
 * is not written again, whatever its other fields say. One statement with a column array per
 * field, whatever the batch size; the id rows and the breaches commit together.
 * Returns the ids stored now; the others were already there.
 */
export async function insertBreaches(
  db: Queryable,
  partitions: BreachPartitions,
  device: Pick<AuthenticatedDevice, 'deviceId' | 'schoolId'>,
  records: StorableBreach[],
): Promise<Set<string>> {
  // The first of an id in the batch stands; judge-breach lower-cases ids, so this is the uuid's equality.
  const seen = new Set<string>();
  const unique = records.filter((record) => !seen.has(record.id) && Boolean(seen.add(record.id)));
  if (unique.length === 0) return new Set();
  await partitions.ensure(
    db,
    unique.map((record) => record.occurredAt),
  );
  const column = <K extends keyof StorableBreach>(key: K) => unique.map((record) => record[key]);
  const rows = await db
    .query<{ id: string }>(
      // Ids in order: two batches sharing ids (a retry racing its original) wait on each other's
      // uncommitted key in the same order, never in a deadlock.
      `WITH fresh AS (
         INSERT INTO breach_ids (school_id, id) SELECT $3, id FROM unnest($1::uuid[]) AS id ORDER BY id
         ON CONFLICT DO NOTHING
         RETURNING id
       )
     INSERT INTO breaches (id, occurred_at, school_id, device_id, group_id, user_email, url, host, registrable_domain,
                           category, rule_id, rules_version, resource_type, count)
     SELECT r.id, occurred_at, $3, $4, group_id, user_email, url, host, registrable_domain, category, rule_id, rules_version, resource_type, count
     FROM unnest($1::uuid[], $2::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::text[], $11::text[], $12::text[], $13::text[], $14::int[])
          AS r (id, occurred_at, group_id, user_email, url, host, registrable_domain, category, rule_id, rules_version, resource_type, count)
     JOIN fresh ON fresh.id = r.id
     RETURNING id`,
      [
        column('id'),
        column('occurredAt'),
        device.schoolId,
        device.deviceId,
        column('groupId'),
        column('user'),
        column('url'),
        column('host'),
        column('registrableDomain'),
        column('category'),
        column('ruleId'),
        column('rulesVersion'),
        column('resourceType'),
        column('count'),
      ],
    )
    .catch((error: unknown) => {
      // A rolled-back transaction may have taken a partition made in it along: ask again next time.
      partitions.forget();
      throw error;
    });
  return new Set(rows.map((row) => row.id.toLowerCase()));
}

export interface SummaryRow {
  day: string;
  category: string;
  /** Breach records (page loads). */
  breaches: number;
  /** Blocked requests those records stand for (past 2^31 in a busy class: see groupSummary). */
  blocked: number;
}

/**
 * A class's breaches per day and category over the last `days` days (the dashboard's main query).
 * Sums as float8, not int: a busy class passes 2^31 blocked requests, and both drivers return
 * float8 as a number (bigint comes back as a string); exact while counts stay capped (MAX_BREACH_COUNT).
 */
export async function groupSummary(
  db: Queryable,
  schoolId: string,
  groupId: string,
  days: number,
  now = new Date(),
): Promise<SummaryRow[]> {
  const from = new Date(now.getTime() - days * 86_400_000).toISOString();
  return db.query<SummaryRow>(
    `SELECT to_char(date_trunc('day', occurred_at AT TIME ZONE 'Europe/London'), 'YYYY-MM-DD') AS day, category,
            count(*)::int AS breaches, sum(count)::float8 AS blocked
     FROM breaches
     WHERE school_id = $1 AND group_id = $2 AND occurred_at >= $3::timestamptz AND occurred_at <= $4::timestamptz
     GROUP BY 1, 2
     ORDER BY 1, 2`,
    [schoolId, groupId, from, now.toISOString()],
  );
}
