import type { BreachPartitions } from './breaches.js';
import type { Database } from './database.js';

export interface ExpiryResult {
  droppedPartitions: string[];
  deletedBreaches: number;
  deletedOther: number;
}

/**
 * Removes personal data older than `cutoff`: whole monthly partitions of breaches whose every row
 * is older (cheap: no row-by-row delete, no bloat), then the older rows of the partition that
 * straddles the cutoff, the ids of those breaches, then unblock requests and dropped-record reports.
 */
export async function expireBefore(db: Database, partitions: BreachPartitions, cutoff: Date): Promise<ExpiryResult> {
  // Several server processes may run this job at once: the first takes the lock, the rest skip
  // the partition pass (the row deletes below are safe to repeat).
  const droppedPartitions = await db.transaction(async (tx) => {
    const [{ locked }] = await tx.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_xact_lock(hashtext('safescreen-retention')) AS locked",
    );
    if (!locked) return [];
    const children = await tx.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'breaches'::regclass ORDER BY 1`,
    );
    const dropped: string[] = [];
    for (const { name } of children) {
      const match = /^breaches_(\d{4})_(\d{2})$/.exec(name);
      if (!match) continue;
      const end = Date.UTC(Number(match[1]), Number(match[2]), 1); // first instant of the next month
      if (end <= cutoff.getTime()) {
        // The name comes from the catalogue and matched the pattern above: safe to put in the SQL.
        await tx.query(`DELETE FROM breach_ids b USING ${name} p WHERE b.school_id = p.school_id AND b.id = p.id`);
        await tx.query(`DROP TABLE IF EXISTS ${name}`);
        dropped.push(name);
      }
    }
    return dropped;
  });
  if (droppedPartitions.length > 0) partitions.forget();
  // The ids of expired breaches go with them (minimum data); a replay of one is older than retention, so refused anyway.
  const deleted = await db.query<{ n: number }>(
    `WITH gone AS (DELETE FROM breaches WHERE occurred_at < $1 RETURNING school_id, id),
          ids AS (DELETE FROM breach_ids b USING gone WHERE b.school_id = gone.school_id AND b.id = gone.id)
     SELECT count(*)::int AS n FROM gone`,
    [cutoff.toISOString()],
  );
  const other = await db.query<{ n: number }>(
    `WITH a AS (DELETE FROM unblock_requests WHERE requested_at < $1 RETURNING 1),
          b AS (DELETE FROM dropped_reports WHERE reported_at < $1 RETURNING 1),
          c AS (DELETE FROM staff_sessions WHERE expires_at < now() OR idle_expires_at < now() OR revoked_at < now() RETURNING 1)
     SELECT ((SELECT count(*) FROM a) + (SELECT count(*) FROM b))::int AS n`,
    [cutoff.toISOString()],
  );
  return { droppedPartitions, deletedBreaches: deleted[0].n, deletedOther: other[0].n };
}
