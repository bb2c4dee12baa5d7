/** When to try an upload (or enrolment) again: exponential backoff with full jitter. */
export const FIRST_RETRY_MS = 2_000;
export const MAX_RETRY_MS = 60 * 60 * 1000;

/**
 * `failures` counts consecutive failures (1 after the first). `Retry-After` from the server wins
 * when it asks for longer. Full jitter spreads five hundred devices that failed together.
 */
export function retryDelayMs(failures: number, random: number, retryAfterMs?: number): number {
  const ceiling = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failures - 1));
  const jittered = Math.round(FIRST_RETRY_MS / 2 + random * (ceiling - FIRST_RETRY_MS / 2));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_MS));
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; undefined when absent or nonsense. */
export function parseRetryAfter(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d{1,9}$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
