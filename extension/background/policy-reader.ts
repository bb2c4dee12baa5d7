import type { LocalStore } from '../adapters/local-storage-browser-api.js';
import type { ManagedPolicySource } from '../adapters/managed-policy-browser-api.js';

export const MANAGED_READ_TIMEOUT_MS = 4_000;

export interface PolicyRead {
  raw: unknown;
  note?: string;
  /** False when the browser did not answer in time and the last known policy stood in. */
  fresh: boolean;
}

/**
 * Chromium's `storage.managed.get` can take seconds, or stall, while its policy service starts
 * (seen here and reported by other extensions). Filtering must not wait on it: after a timeout
 * the last policy read stands in (or, on a first start, the safe defaults), and the caller tries
 * again later.
 */
/** A policy an extension page read for the worker (see relay-managed-policy.ts). */
export async function acceptRelayedPolicy(local: LocalStore, raw: unknown): Promise<void> {
  await local.set('lastManagedPolicy', raw ?? null);
}

export async function readPolicy(source: ManagedPolicySource, local: LocalStore, timeoutMs = MANAGED_READ_TIMEOUT_MS): Promise<PolicyRead> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const answer = await Promise.race([source.read(), timedOut]);
  clearTimeout(timer);
  if (answer) {
    await local.set('lastManagedPolicy', answer.raw ?? null);
    return { ...answer, fresh: true };
  }
  const cached = await local.get('lastManagedPolicy');
  return cached === undefined || cached === null
    ? { raw: undefined, note: 'the browser has not delivered the managed policy yet: safe defaults in force meanwhile', fresh: false }
    : {
        raw: cached,
        note: 'the browser has not delivered the managed policy yet: the last known policy is in force meanwhile',
        fresh: false,
      };
}
