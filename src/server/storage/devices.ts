import { hashSecret, newSecret } from '../secrets.js';
import type { Database, Queryable } from './database.js';

export interface AuthenticatedDevice {
  deviceId: string;
  schoolId: string;
  /** The group its policy named at enrolment, or null: it writes records of this group only. */
  groupId: string | null;
}

export interface EnrolledDevice {
  deviceId: string;
  credential: string;
}

export async function enrolDevice(db: Queryable, schoolId: string, name: string, groupId: string | null = null): Promise<EnrolledDevice> {
  const deviceId = crypto.randomUUID();
  const credential = newSecret('device');
  await db.query('INSERT INTO devices (id, school_id, name, credential_hash, group_id) VALUES ($1, $2, $3, $4, $5)', [
    deviceId,
    schoolId,
    name,
    hashSecret(credential),
    groupId,
  ]);
  return { deviceId, credential };
}

export type CappedEnrolment = { ok: true; device: EnrolledDevice } | { ok: false; retryAfterSeconds: number };

/**
 * Enrols a device unless the school already enrolled `perHour` in the last hour. A lock per school
 * makes concurrent enrolments (in any server process) count one after another, so the cap is exact.
 */
export async function enrolDeviceWithinCap(
  db: Database,
  device: { schoolId: string; name: string; groupId: string | null },
  perHour: number,
): Promise<CappedEnrolment> {
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('safescreen-enrol:' || $1))", [device.schoolId]);
    // The perHour-th newest enrolment of the hour: when it is an hour old, there is room again.
    const [full] = await tx.query<{ wait: number }>(
      `SELECT ceil(extract(epoch FROM enrolled_at + interval '1 hour' - now()))::int AS wait FROM devices
       WHERE school_id = $1 AND enrolled_at > now() - interval '1 hour' ORDER BY enrolled_at DESC OFFSET $2 - 1 LIMIT 1`,
      [device.schoolId, perHour],
    );
    if (full) return { ok: false, retryAfterSeconds: Math.max(1, full.wait) };
    return { ok: true, device: await enrolDevice(tx, device.schoolId, device.name, device.groupId) };
  });
}

/** The device a credential belongs to, unless unknown or revoked. */
export async function deviceForCredential(db: Queryable, credential: string): Promise<AuthenticatedDevice | null> {
  const rows = await db.query<AuthenticatedDevice>(
    'SELECT id AS "deviceId", school_id AS "schoolId", group_id AS "groupId" FROM devices WHERE credential_hash = $1 AND revoked_at IS NULL',
    [hashSecret(credential)],
  );
  return rows[0] ?? null;
}

/** Marks the device seen; at most once a minute per device, to keep ingest free of needless writes. */
export async function touchDevice(db: Queryable, deviceId: string): Promise<void> {
  await db.query(
    "UPDATE devices SET last_seen_at = now() WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')",
    [deviceId],
  );
}

/** Revokes a device of the given school; false when no such (unrevoked) device exists there. */
export async function revokeDevice(db: Queryable, schoolId: string, deviceId: string, staffId: number | null): Promise<boolean> {
  const rows = await db.query(
    'UPDATE devices SET revoked_at = now(), revoked_by = $3 WHERE id = $1 AND school_id = $2 AND revoked_at IS NULL RETURNING id',
    [deviceId, schoolId, staffId],
  );
  return rows.length > 0;
}

export async function recordDropped(db: Queryable, device: AuthenticatedDevice, dropped: number): Promise<void> {
  await db.query('INSERT INTO dropped_reports (school_id, device_id, dropped) VALUES ($1, $2, $3)', [
    device.schoolId,
    device.deviceId,
    dropped,
  ]);
}
