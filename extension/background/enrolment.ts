import type { HttpTransport } from '../adapters/http-transport.js';
import type { LocalStore } from '../adapters/local-storage-browser-api.js';
import type { DeviceCredential } from '../shared/local-storage-items.js';

export type EnrolResult = { ok: true; device: DeviceCredential } | { ok: false; reason: string; retryAfter: string | null; retry: boolean };

/** Exchanges the school's enrolment token for this device's own credential, once per server and group. */
export class Enrolment {
  constructor(
    private readonly store: LocalStore,
    private readonly transport: HttpTransport,
  ) {}

  async current(reportingUrl: string): Promise<DeviceCredential | undefined> {
    const stored = await this.store.get('deviceCredential');
    return stored?.reportingUrl === reportingUrl ? stored : undefined;
  }

  /** A credential for records of `groupId`: the stored one when it was enrolled for that group, else a new enrolment. */
  async ensure(
    reportingUrl: string,
    enrollmentToken: string | undefined,
    groupId: string | undefined,
    deviceName: string,
  ): Promise<EnrolResult> {
    const existing = await this.current(reportingUrl);
    if (existing && existing.groupId === groupId) return { ok: true, device: existing };
    if (!enrollmentToken) return { ok: false, reason: 'the policy has no enrollmentToken', retryAfter: null, retry: false };
    const request = groupId === undefined ? { enrollmentToken, deviceName } : { enrollmentToken, deviceName, groupId };
    const answer = await this.transport(`${reportingUrl}/api/v1/devices/enrol`, request);
    if (answer.status >= 200 && answer.status < 300) {
      try {
        const { deviceId, credential } = JSON.parse(answer.body) as Record<string, unknown>;
        if (typeof deviceId === 'string' && typeof credential === 'string' && deviceId && credential) {
          const device: DeviceCredential =
            groupId === undefined ? { reportingUrl, deviceId, credential } : { reportingUrl, deviceId, credential, groupId };
          await this.store.set('deviceCredential', device);
          return { ok: true, device };
        }
      } catch {
        // falls through: an unreadable answer is retried like a failure
      }
      return { ok: false, reason: `unreadable enrolment answer (HTTP ${answer.status})`, retryAfter: null, retry: true };
    }
    const retry = answer.status === 0 || answer.status === 408 || answer.status === 429 || answer.status >= 500;
    return {
      ok: false,
      reason:
        answer.status === 0 ? 'reporting server unreachable' : `enrolment refused (HTTP ${answer.status})${serverReason(answer.body)}`,
      retryAfter: answer.retryAfter,
      retry,
    };
  }

  /** The server no longer accepts the credential (revoked): the next upload enrols again. */
  async forget(): Promise<void> {
    await this.store.set('deviceCredential', undefined);
  }
}

/** The server's `reason` (an expired or replaced token, the hourly cap), for the technician reading the status page. */
function serverReason(body: string): string {
  try {
    const { reason } = JSON.parse(body) as { reason?: unknown };
    return typeof reason === 'string' ? `: ${reason.slice(0, 300)}` : '';
  } catch {
    return '';
  }
}
