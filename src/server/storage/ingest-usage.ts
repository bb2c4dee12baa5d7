import type { Queryable } from './database.js';
import type { AuthenticatedDevice } from './devices.js';

/**
 * The UK day (Europe/London, as the dashboard counts days) by the database's clock, so every server
 * process agrees on it, and the seconds until it ends (23 or 25 hours on the clock-change days).
 */
const UK_DAY = `(now() AT TIME ZONE 'Europe/London')::date`;
const SECONDS_LEFT_TODAY = `ceil(extract(epoch FROM ((${UK_DAY} + 1)::timestamp AT TIME ZONE 'Europe/London') - now()))::int`;

export interface UsageToday {
  /** YYYY-MM-DD, the UK day the counts are for. */
  day: string;
  secondsLeft: number;
  deviceRecords: number;
  schoolBytes: number;
}

/** What the device and its school have stored today: one indexed read per batch. */
export async function usageToday(db: Queryable, device: AuthenticatedDevice): Promise<UsageToday> {
  const [usage] = await db.query<UsageToday>(
    `SELECT to_char(${UK_DAY}, 'YYYY-MM-DD') AS day, ${SECONDS_LEFT_TODAY} AS "secondsLeft",
            coalesce(sum(records) FILTER (WHERE device_id = $2), 0)::int AS "deviceRecords",
            coalesce(sum(bytes), 0)::float8 AS "schoolBytes"
     FROM ingest_usage WHERE school_id = $1 AND day = ${UK_DAY}`,
    [device.schoolId, device.deviceId],
  );
  return usage;
}

/** Adds what was stored to the device's row of `day`; run in the transaction that stored it. */
export async function addUsage(db: Queryable, device: AuthenticatedDevice, day: string, records: number, bytes: number): Promise<void> {
  if (records === 0) return;
  await db.query(
    `INSERT INTO ingest_usage (school_id, day, device_id, records, bytes) VALUES ($1, $2::date, $3, $4, $5)
     ON CONFLICT (school_id, day, device_id) DO UPDATE SET records = ingest_usage.records + $4, bytes = ingest_usage.bytes + $5`,
    [device.schoolId, day, device.deviceId, records, bytes],
  );
}

export interface SchoolUsage {
  day: string;
  secondsLeft: number;
  records: number;
  bytes: number;
  devices: number;
  /** The devices that stored most today, most first. */
  busiestDevices: { deviceId: string; name: string; records: number; bytes: number }[];
}

export async function schoolUsageToday(db: Queryable, schoolId: string, top: number): Promise<SchoolUsage> {
  const [totals] = await db.query<Omit<SchoolUsage, 'busiestDevices'>>(
    `SELECT to_char(${UK_DAY}, 'YYYY-MM-DD') AS day, ${SECONDS_LEFT_TODAY} AS "secondsLeft",
            coalesce(sum(records), 0)::float8 AS records, coalesce(sum(bytes), 0)::float8 AS bytes, count(*)::int AS devices
     FROM ingest_usage WHERE school_id = $1 AND day = ${UK_DAY}`,
    [schoolId],
  );
  const busiestDevices = await db.query<SchoolUsage['busiestDevices'][number]>(
    `SELECT u.device_id AS "deviceId", d.name, u.records, u.bytes::float8 AS bytes
     FROM ingest_usage u JOIN devices d ON d.id = u.device_id
     WHERE u.school_id = $1 AND u.day = ${UK_DAY} ORDER BY u.records DESC, u.device_id LIMIT $2`,
    [schoolId, top],
  );
  return { ...totals, busiestDevices };
}

/** Only today's rows are read; a week is kept for looking into a complaint, then forgotten. */
export async function forgetOldUsage(db: Queryable): Promise<void> {
  await db.query(`DELETE FROM ingest_usage WHERE day < ${UK_DAY} - 7`);
}
