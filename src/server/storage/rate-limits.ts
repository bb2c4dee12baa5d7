import type { Queryable } from './database.js';

/**
 * Takes a token from the bucket `key` (a device, or a client address): `perMinute` a minute with a
 * burst of the same size. The bucket lives in the database, so the limit holds across server
 * processes; one statement per request. Returns 0 when allowed, else the seconds to wait.
 */
export async function takeRateToken(db: Queryable, key: string, perMinute: number): Promise<number> {
  const [{ wait }] = await db.query<{ wait: number }>('SELECT take_rate_token($1, $2) AS wait', [key, perMinute]);
  return wait;
}

/** A bucket untouched for an hour is full again: forgetting it changes nothing and keeps the table small. */
export async function forgetIdleBuckets(db: Queryable): Promise<void> {
  await db.query("DELETE FROM rate_limit_buckets WHERE at < now() - interval '1 hour'");
}
