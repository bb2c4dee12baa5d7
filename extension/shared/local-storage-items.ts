import type { FilterStatus } from './status.js';

/**
 * Everything the extension keeps in `storage.local`, by key, with the type kept there. The worker,
 * the popup and the tests read and write through these keys only (see LocalStore), so a key
 * cannot be misspelt and a value cannot change shape in one place alone.
 */
export interface LocalStorageItems {
  /** What the worker last did with the policy: shown by the popup, read by the tests. */
  status: FilterStatus;
  /** Breach delivery: failures, backoff, last success. */
  uploadState: UploadState;
  /** The managed policy last read or relayed by a page; null when the browser said there is none. */
  lastManagedPolicy: unknown;
  /** A random id for this installation: the breach record's deviceId until enrolment gives one. */
  installId: string;
  /** What enrolment gave, for the reporting server it came from. */
  deviceCredential: DeviceCredential;
}

export type LocalStorageKey = keyof LocalStorageItems;

export interface UploadState {
  failures: number;
  nextAttemptAt?: string;
  lastSuccessAt?: string;
  lastError?: string;
  enrolled: boolean;
}

export interface DeviceCredential {
  reportingUrl: string;
  deviceId: string;
  credential: string;
  /** The policy's groupId it was enrolled for (absent: none); the server takes records of this group only. */
  groupId?: string;
}
