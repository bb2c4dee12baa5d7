import type { Queryable } from './database.js';

/**
 * Subject access requests: everything held about one pupil (identified by the managed profile
 * email their device reports), and its erasure. Scoped to one school: a DSL answers for their own.
 */

/** Rows per database read while exporting: a pupil may have hundreds of thousands. */
export const EXPORT_PAGE_ROWS = 1000;

type Row = Record<string, unknown>;

/**
 * One pupil's breaches, oldest first, a page at a time: keyset pages over (occurred_at, id), each
 * a range scan of breaches_by_pupil, so neither the database nor this process holds them all and
 * no transaction (PGlite's one connection) is held open while a slow client reads. Rows written
 * during an export appear if they sort after the page being read; erased ones from then on are gone.
 */
export async function* pupilBreachPages(db: Queryable, schoolId: string, user: string): AsyncGenerator<Row[]> {
  // The key as the database's own text: exact to the microsecond, where a JS Date keeps milliseconds.
  for (let after: { at: string; id: string } | null = null; ; ) {
    const rows: (Row & { cursorAt: string; id: string })[] = await db.query(
      `SELECT id, occurred_at AS "occurredAt", received_at AS "receivedAt", url, host, registrable_domain AS "registrableDomain",
              category, rule_id AS "ruleId", rules_version AS "rulesVersion", resource_type AS "resourceType", count,
              group_id AS "groupId", device_id AS "deviceId", occurred_at::text AS "cursorAt"
       FROM breaches WHERE school_id = $1 AND user_email = lower($2) ${after ? 'AND (occurred_at, id) > ($4::timestamptz, $5::uuid)' : ''}
       ORDER BY occurred_at, id LIMIT $3`,
      after ? [schoolId, user, EXPORT_PAGE_ROWS, after.at, after.id] : [schoolId, user, EXPORT_PAGE_ROWS],
    );
    if (rows.length > 0) yield rows.map(({ cursorAt: _, ...row }) => row);
    if (rows.length < EXPORT_PAGE_ROWS) return;
    const last = rows[rows.length - 1];
    after = { at: last.cursorAt, id: last.id };
  }
}

/** One pupil's unblock requests in the order they were made, a page at a time (keyset on id). */
export async function* pupilUnblockRequestPages(db: Queryable, schoolId: string, user: string): AsyncGenerator<Row[]> {
  for (let after = '0'; ; ) {
    const rows: (Row & { id: string })[] = await db.query(
      `SELECT id::text AS id, requested_at AS "requestedAt", url, reason, status, group_id AS "groupId"
       FROM unblock_requests WHERE school_id = $1 AND user_email = lower($2) AND id > $3::bigint ORDER BY id LIMIT $4`,
      [schoolId, user, after, EXPORT_PAGE_ROWS],
    );
    if (rows.length > 0) yield rows;
    if (rows.length < EXPORT_PAGE_ROWS) return;
    after = rows[rows.length - 1].id;
  }
}

/** The pupil as the school's MIS import listed them (name and class), if it did. */
export async function pupilRosterEntry(db: Queryable, schoolId: string, user: string): Promise<Row | null> {
  const [row] = await db.query<Row>(
    'SELECT display_name AS "displayName", group_id AS "groupId" FROM pupils WHERE school_id = $1 AND email = lower($2)',
    [schoolId, user],
  );
  return row ?? null;
}

export interface Erased {
  breaches: number;
  unblockRequests: number;
  /** The pupil's name and class from the MIS import (0 or 1). */
  rosterEntries: number;
}

/** Erases the pupil's breaches (and their id rows: nothing of them is kept), unblock requests and roster entry. */
export async function erasePupil(db: Queryable, schoolId: string, user: string): Promise<Erased> {
  const [{ breaches }] = await db.query<{ breaches: number }>(
    `WITH gone AS (DELETE FROM breaches WHERE school_id = $1 AND user_email = lower($2) RETURNING id),
          ids AS (DELETE FROM breach_ids WHERE school_id = $1 AND id IN (SELECT id FROM gone))
     SELECT (SELECT count(*) FROM gone)::int AS breaches`,
    [schoolId, user],
  );
  const unblock = await db.query('DELETE FROM unblock_requests WHERE school_id = $1 AND user_email = lower($2) RETURNING 1', [
    schoolId,
    user,
  ]);
  const roster = await db.query('DELETE FROM pupils WHERE school_id = $1 AND email = lower($2) RETURNING 1', [schoolId, user]);
  return { breaches, unblockRequests: unblock.length, rosterEntries: roster.length };
}
