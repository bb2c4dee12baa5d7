/**
 * How staff see who a breach belongs to: the pupil's name where the school's MIS gave one, else
 * their email; a shared class log-in (no email) by its device.
 */
export interface BreachOwner {
  userEmail: string | null;
  displayName: string | null;
  deviceId: string;
  deviceName: string | null;
}

/** The key a list is filtered by: the email, or `device:<id>` for a shared log-in. */
export function pupilKey(owner: Pick<BreachOwner, 'userEmail' | 'deviceId'>): string {
  return owner.userEmail ?? `device:${owner.deviceId}`;
}

export function pupilLabel(owner: BreachOwner): string {
  if (owner.userEmail) return owner.displayName ?? owner.userEmail;
  return `Shared log-in on ${owner.deviceName ? owner.deviceName : `device ${owner.deviceId.slice(0, 8)}`}`;
}

export type PupilFilter = { email: string } | { deviceId: string };

const DEVICE_KEY = /^device:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Reads a pupil key back (the list's filter); null when it is neither an email nor a device key. */
export function parsePupilKey(key: string): PupilFilter | null {
  const device = DEVICE_KEY.exec(key);
  if (device) return { deviceId: device[1].toLowerCase() };
  return /^[^\s@]+@[^\s@]+$/.test(key) ? { email: key.toLowerCase() } : null;
}
