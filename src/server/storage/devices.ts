import { hashSecret, newSecret } from '../secrets.js';
import type { Queryable } from './database.js';

export interface AuthenticatedDevice {
  deviceId: string;
  schoolId: string;
}

export async function enrolDevice(db: Queryable, schoolId: string, name: string): Promise<{ deviceId: string; credential: string }> {
  const deviceId = crypto.randomUUID();
  const credential = newSecret('device');
  await db.query('INSERT INTO devices (id, school_id, name, credential_hash) VALUES ($1, $2, $3, $4)', [
    deviceId,
    schoolId,
    name,
    hashSecret(credential),
  ]);
  return { deviceId, credential };
}

/** The device a credential belongs to, unless unknown or revoked. */
export async function deviceForCredential(db: Queryable, credential: string): Promise<AuthenticatedDevice | null> {
  const rows = await db.query<AuthenticatedDevice>(
    'SELECT id AS "deviceId", school_id AS "schoolId" FROM devices WHERE credential_hash = $1 AND revoked_at IS NULL',
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
