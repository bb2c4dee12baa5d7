/**
 * Per-account sign-in lock-out, as a pure decision: after FAILURES_TO_LOCK failed sign-ins within
 * WINDOW_MINUTES, the typed email is refused for LOCK_MINUTES, whether or not an account has it (so
 * a lock-out says nothing about who exists) and even with the right password (so guessing cannot
 * go on in the background). The storage keeps one row per email; this decides what it becomes.
 */
export const SIGN_IN_LOCKOUT = { failuresToLock: 5, windowMinutes: 15, lockMinutes: 15 } as const;

export interface FailureState {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
}

const MINUTE_MS = 60_000;

/** Whether sign-in for this email is paused now; the minutes left (rounded up) when it is. */
export function lockedMinutesLeft(state: FailureState | null, now: Date): number {
  if (!state?.lockedUntil || state.lockedUntil <= now) return 0;
  return Math.ceil((state.lockedUntil.getTime() - now.getTime()) / MINUTE_MS);
}

/** The state after one more failed sign-in at `now`, and whether this failure started a lock-out. */
export function afterFailure(state: FailureState | null, now: Date): { state: FailureState; lockedNow: boolean } {
  const windowOpen = state !== null && now.getTime() - state.windowStartedAt.getTime() < SIGN_IN_LOCKOUT.windowMinutes * MINUTE_MS;
  // Attempts during a lock-out are refused before the password is checked: they change nothing.
  if (state && lockedMinutesLeft(state, now) > 0) return { state, lockedNow: false };
  const failures = windowOpen && state ? state.failures + 1 : 1;
  const windowStartedAt = windowOpen && state ? state.windowStartedAt : now;
  if (failures >= SIGN_IN_LOCKOUT.failuresToLock) {
    // The count starts again once the lock-out is over: one more mistake then does not lock again.
    const lockedUntil = new Date(now.getTime() + SIGN_IN_LOCKOUT.lockMinutes * MINUTE_MS);
    return { state: { failures: 0, windowStartedAt: now, lockedUntil }, lockedNow: true };
  }
  return { state: { failures, windowStartedAt, lockedUntil: null }, lockedNow: false };
}
