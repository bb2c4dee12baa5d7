import { type BreachOwner, type PupilFilter, pupilKey, pupilLabel } from '../../core/pupil-label.js';
import type { Queryable } from './database.js';

/** The school's time zone (migration 005) and a class's name, or null when the school has no such class. */
export async function classOfSchool(db: Queryable, schoolId: string, groupId: string): Promise<{ name: string; timeZone: string } | null> {
  const [row] = await db.query<{ name: string; timeZone: string }>(
    `SELECT g.name, s.time_zone AS "timeZone" FROM groups g JOIN schools s ON s.id = g.school_id WHERE g.school_id = $1 AND g.id = $2`,
    [schoolId, groupId],
  );
  return row ?? null;
}

export async function schoolTimeZone(db: Queryable, schoolId: string): Promise<string> {
  const [row] = await db.query<{ timeZone: string }>('SELECT time_zone AS "timeZone" FROM schools WHERE id = $1', [schoolId]);
  return row?.timeZone ?? 'Europe/London';
}

export interface CountBy {
  key: string;
  label: string;
  breaches: number;
  /** Of those, this week's. */
  thisWeek: number;
}

export interface ClassSummary {
  /** Local dates (the school's time zone): the 30 days end today; the week starts on Monday. */
  from: string;
  weekFrom: string;
  today: string;
  perDay: { day: string; breaches: number }[];
  totals: { breaches: number; thisWeek: number };
  byCategory: CountBy[];
  byPupil: (CountBy & { sharedLogIn: boolean })[];
  topSites: CountBy[];
}

/** Top sites shown: a class summary is a glance, the list has the rest. */
export const TOP_SITES = 10;

interface SummaryRow {
  day: string | null;
  category: string | null;
  thisWeek: boolean | null;
  userEmail: string | null;
  deviceId: string | null;
  site: string | null;
  dimension: 'day' | 'pupil' | 'site';
  displayName: string | null;
  deviceName: string | null;
  breaches: number;
}

/**
 * A class's last 30 days (today included) and this week, in the school's time zone, in one pass
 * over the class's rows (breaches_by_group_day): per day and category, per pupil (device for shared
 * log-ins) and per registrable domain, each split into this week and before.
 */
export async function classSummary(db: Queryable, schoolId: string, groupId: string, timeZone: string, now: Date): Promise<ClassSummary> {
  const bounds = await summaryBounds(db, timeZone, now);
  const rows = await db.query<SummaryRow>(
    `WITH recent AS (
       SELECT to_char(occurred_at AT TIME ZONE $3, 'YYYY-MM-DD') AS day, occurred_at >= $5::timestamptz AS this_week, category,
              user_email, CASE WHEN user_email IS NULL THEN device_id END AS device_id, registrable_domain
       FROM breaches
       WHERE school_id = $1 AND group_id = $2 AND occurred_at >= $4::timestamptz AND occurred_at <= $6::timestamptz
     ), grouped AS (
       SELECT day, category, this_week, user_email, device_id, registrable_domain AS site, count(*)::int AS breaches,
              CASE WHEN grouping(day) = 0 THEN 'day' WHEN grouping(user_email) = 0 THEN 'pupil' ELSE 'site' END AS dimension
       FROM recent
       GROUP BY GROUPING SETS ((day, category), (this_week, user_email, device_id), (this_week, registrable_domain))
     )
     SELECT g.day, g.category, g.this_week AS "thisWeek", g.user_email AS "userEmail", g.device_id::text AS "deviceId", g.site,
            g.dimension, g.breaches, p.display_name AS "displayName", d.name AS "deviceName"
     FROM grouped g
     LEFT JOIN pupils p ON g.dimension = 'pupil' AND p.school_id = $1 AND p.email = g.user_email
     LEFT JOIN devices d ON g.dimension = 'pupil' AND d.id = g.device_id AND d.school_id = $1`,
    [schoolId, groupId, timeZone, bounds.fromAt.toISOString(), bounds.weekAt.toISOString(), now.toISOString()],
  );
  const perDay = new Map(localDays(bounds.from, bounds.today).map((day) => [day, 0]));
  const categories = new Counter();
  const pupils = new Counter();
  const sites = new Counter();
  const shared = new Set<string>();
  for (const row of rows) {
    if (row.dimension === 'day' && row.day !== null && row.category !== null) {
      perDay.set(row.day, (perDay.get(row.day) ?? 0) + row.breaches);
      categories.add(row.category, row.category, row.breaches, row.day >= bounds.weekFrom);
    } else if (row.dimension === 'pupil') {
      const owner: BreachOwner = {
        userEmail: row.userEmail,
        displayName: row.displayName,
        deviceId: row.deviceId ?? '',
        deviceName: row.deviceName,
      };
      const key = pupilKey(owner);
      if (!row.userEmail) shared.add(key);
      pupils.add(key, pupilLabel(owner), row.breaches, row.thisWeek === true);
    } else if (row.dimension === 'site' && row.site !== null) {
      sites.add(row.site, row.site, row.breaches, row.thisWeek === true);
    }
  }
  const days = [...perDay].map(([day, breaches]) => ({ day, breaches }));
  return {
    from: bounds.from,
    weekFrom: bounds.weekFrom,
    today: bounds.today,
    perDay: days,
    totals: {
      breaches: days.reduce((sum, day) => sum + day.breaches, 0),
      thisWeek: days.filter((day) => day.day >= bounds.weekFrom).reduce((sum, day) => sum + day.breaches, 0),
    },
    byCategory: categories.sorted(),
    byPupil: pupils.sorted().map((count) => ({ ...count, sharedLogIn: shared.has(count.key) })),
    topSites: sites.sorted().slice(0, TOP_SITES),
  };
}

/** The summary's window in the school's time zone: 30 days ending today, and this week from Monday. */
export interface SummaryBounds {
  from: string;
  weekFrom: string;
  today: string;
  fromAt: Date;
  weekAt: Date;
}

export async function summaryBounds(db: Queryable, timeZone: string, now: Date): Promise<SummaryBounds> {
  const [bounds] = await db.query<SummaryBounds>(
    `SELECT to_char(local_day - interval '29 days', 'YYYY-MM-DD') AS "from", to_char(local_week, 'YYYY-MM-DD') AS "weekFrom",
            to_char(local_day, 'YYYY-MM-DD') AS today,
            (local_day - interval '29 days') AT TIME ZONE $2 AS "fromAt", local_week AT TIME ZONE $2 AS "weekAt"
     FROM (SELECT date_trunc('day', $1::timestamptz AT TIME ZONE $2) AS local_day, date_trunc('week', $1::timestamptz AT TIME ZONE $2) AS local_week) t`,
    [now.toISOString(), timeZone],
  );
  return bounds;
}

export interface ClassWithCounts {
  groupId: string;
  name: string;
  thisWeek: number;
  last30Days: number;
}

/**
 * Classes with their breach counts this week and over the last 30 days: the given ones (a teacher's),
 * or every class of the school when `groupIds` is null (the DSL and technician).
 */
export async function classesWithCounts(
  db: Queryable,
  schoolId: string,
  groupIds: readonly string[] | null,
  timeZone: string,
  now: Date,
): Promise<ClassWithCounts[]> {
  const bounds = await summaryBounds(db, timeZone, now);
  return db.query<ClassWithCounts>(
    `SELECT g.id AS "groupId", g.name, count(b.school_id) FILTER (WHERE b.occurred_at >= $4::timestamptz)::int AS "thisWeek",
            count(b.school_id)::int AS "last30Days"
     FROM groups g
     LEFT JOIN breaches b ON b.school_id = g.school_id AND b.group_id = g.id AND b.occurred_at >= $3::timestamptz AND b.occurred_at <= $5::timestamptz
     WHERE g.school_id = $1 AND ($2::text[] IS NULL OR g.id = ANY($2::text[]))
     GROUP BY g.id, g.name
     ORDER BY g.name, g.id`,
    [schoolId, groupIds, bounds.fromAt.toISOString(), bounds.weekAt.toISOString(), now.toISOString()],
  );
}

class Counter {
  private readonly counts = new Map<string, CountBy>();

  add(key: string, label: string, breaches: number, thisWeek: boolean): void {
    const count = this.counts.get(key) ?? { key, label, breaches: 0, thisWeek: 0 };
    count.breaches += breaches;
    if (thisWeek) count.thisWeek += breaches;
    this.counts.set(key, count);
  }

  /** Most first; ties by label, so the order is stable. */
  sorted(): CountBy[] {
    return [...this.counts.values()].sort((a, b) => b.breaches - a.breaches || a.label.localeCompare(b.label, 'en-GB'));
  }
}

/** Every calendar date from `from` to `to` (YYYY-MM-DD, inclusive): dates, not instants, so no clock change moves them. */
function localDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}

/** One breach as the list, the detail and the export show it. */
export interface BreachRow extends BreachOwner {
  id: string;
  schoolId: string;
  groupId: string | null;
  occurredAt: Date;
  /** The school's local date and time, `YYYY-MM-DD HH:MM`. */
  localTime: string;
  url: string;
  host: string;
  registrableDomain: string;
  category: string;
  ruleId: string;
  rulesVersion: string;
  resourceType: string;
  count: number;
  /** The kinds of action taken on it (breachState reads the state from them). */
  actionKinds: string[];
}

const BREACH_COLUMNS = `b.id::text AS id, b.school_id AS "schoolId", b.group_id AS "groupId", b.occurred_at AS "occurredAt",
  to_char(b.occurred_at AT TIME ZONE $TZ, 'YYYY-MM-DD HH24:MI') AS "localTime", b.url, b.host, b.registrable_domain AS "registrableDomain",
  b.category, b.rule_id AS "ruleId", b.rules_version AS "rulesVersion", b.resource_type AS "resourceType", b.count,
  b.user_email AS "userEmail", b.device_id::text AS "deviceId", p.display_name AS "displayName", d.name AS "deviceName",
  coalesce((SELECT string_agg(DISTINCT a.kind, ',') FROM breach_actions a WHERE a.school_id = b.school_id AND a.breach_id = b.id), '') AS "actionKinds"`;
const BREACH_JOINS = `LEFT JOIN pupils p ON p.school_id = b.school_id AND p.email = b.user_email
  LEFT JOIN devices d ON d.id = b.device_id AND d.school_id = b.school_id`;

type RawBreachRow = Omit<BreachRow, 'actionKinds'> & { actionKinds: string };
const withKinds = (row: RawBreachRow): BreachRow => ({ ...row, actionKinds: row.actionKinds ? row.actionKinds.split(',') : [] });

export interface BreachListFilter {
  pupil?: PupilFilter;
  category?: string;
  /** Local dates, inclusive. */
  from?: string;
  to?: string;
}

/** Where a page of the list ends: the next page starts after this breach (newest first). */
export interface BreachCursor {
  occurredAt: string;
  id: string;
}

/**
 * A page of a class's breaches, newest first, by keyset (occurred_at, id): each page is an index
 * range scan of breaches_by_group_day (or breaches_by_pupil for one pupil), however deep.
 */
export async function classBreaches(
  db: Queryable,
  schoolId: string,
  groupId: string,
  timeZone: string,
  filter: BreachListFilter,
  page: { after?: BreachCursor; limit: number },
): Promise<{ rows: BreachRow[]; next: BreachCursor | null }> {
  const pupil = filter.pupil;
  const rows = await db.query<RawBreachRow>(
    `SELECT ${BREACH_COLUMNS.replaceAll('$TZ', '$3')}
     FROM breaches b ${BREACH_JOINS}
     WHERE b.school_id = $1 AND b.group_id = $2
       AND b.occurred_at >= coalesce(($4::date)::timestamp AT TIME ZONE $3, '-infinity')
       AND b.occurred_at < coalesce(($5::date + 1)::timestamp AT TIME ZONE $3, 'infinity')
       AND ($6::text IS NULL OR b.user_email = $6) AND ($7::uuid IS NULL OR (b.user_email IS NULL AND b.device_id = $7::uuid))
       AND ($8::text IS NULL OR b.category = $8)
       AND ($9::timestamptz IS NULL OR (b.occurred_at, b.id) < ($9::timestamptz, $10::uuid))
     ORDER BY b.occurred_at DESC, b.id DESC
     LIMIT $11`,
    [
      schoolId,
      groupId,
      timeZone,
      filter.from ?? null,
      filter.to ?? null,
      pupil && 'email' in pupil ? pupil.email : null,
      pupil && 'deviceId' in pupil ? pupil.deviceId : null,
      filter.category ?? null,
      page.after?.occurredAt ?? null,
      page.after?.id ?? null,
      page.limit + 1,
    ],
  );
  const more = rows.length > page.limit;
  const kept = rows.slice(0, page.limit).map(withKinds);
  const last = kept.at(-1);
  return { rows: kept, next: more && last ? { occurredAt: last.occurredAt.toISOString(), id: last.id } : null };
}

/** One breach of the school by id (breaches_by_id), whichever class it belongs to: the caller authorises. */
export async function breachById(db: Queryable, schoolId: string, id: string, timeZone: string): Promise<BreachRow | null> {
  const [row] = await db.query<RawBreachRow>(
    `SELECT ${BREACH_COLUMNS.replaceAll('$TZ', '$3')} FROM breaches b ${BREACH_JOINS} WHERE b.school_id = $1 AND b.id = $2::uuid`,
    [schoolId, id, timeZone],
  );
  return row ? withKinds(row) : null;
}

/** The most a reference lookup lists: 30 bits per school rarely match more than one or two. */
export const MAX_REFERENCE_MATCHES = 50;

/** The school's breaches whose id lies in a reference's range (a range scan of breaches_by_id), newest first. */
export async function breachesInIdRange(
  db: Queryable,
  schoolId: string,
  range: { firstId: string; lastId: string },
  timeZone: string,
): Promise<BreachRow[]> {
  const rows = await db.query<RawBreachRow>(
    `SELECT ${BREACH_COLUMNS.replaceAll('$TZ', '$4')} FROM breaches b ${BREACH_JOINS}
     WHERE b.school_id = $1 AND b.id BETWEEN $2::uuid AND $3::uuid
     ORDER BY b.occurred_at DESC LIMIT ${MAX_REFERENCE_MATCHES}`,
    [schoolId, range.firstId, range.lastId, timeZone],
  );
  return rows.map(withKinds);
}
