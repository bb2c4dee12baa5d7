import { describe, expect, test } from 'vitest';
import { afterFailure, type FailureState, lockedMinutesLeft, SIGN_IN_LOCKOUT } from '../../src/core/sign-in-lockout.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 2, 9, 0) + minutes * 60_000);

function failAt(minutes: number[]): { state: FailureState | null; lockedAt: number[] } {
  let state: FailureState | null = null;
  const lockedAt: number[] = [];
  for (const minute of minutes) {
    const next = afterFailure(state, at(minute));
    state = next.state;
    if (next.lockedNow) lockedAt.push(minute);
  }
  return { state, lockedAt };
}

describe('per-account sign-in lock-out', () => {
  test('the fifth failure within 15 minutes locks the email for 15 minutes', () => {
    expect(SIGN_IN_LOCKOUT).toEqual({ failuresToLock: 5, windowMinutes: 15, lockMinutes: 15 });
    const { state, lockedAt } = failAt([0, 1, 2, 3, 14]);
    expect(lockedAt).toEqual([14]);
    expect(lockedMinutesLeft(state, at(14))).toBe(15);
    expect(lockedMinutesLeft(state, at(28.5))).toBe(1);
    expect(lockedMinutesLeft(state, at(29))).toBe(0);
  });

  test('failures spread wider than the window never lock', () => {
    expect(failAt([0, 4, 8, 12, 16, 20, 24, 28, 32]).lockedAt).toEqual([]);
    expect(failAt([0, 1, 2, 3, 15]).lockedAt).toEqual([]);
  });

  test('attempts during a lock-out change nothing, and after it one mistake does not lock again', () => {
    const { state } = failAt([0, 1, 2, 3, 4]);
    const during = afterFailure(state, at(10));
    expect(during).toEqual({ state, lockedNow: false });
    const after = failAt([0, 1, 2, 3, 4, 20]);
    expect(after.lockedAt).toEqual([4]);
    expect(lockedMinutesLeft(after.state, at(20))).toBe(0);
    expect(after.state?.failures).toBe(1);
  });

  test('no failures means not locked', () => {
    expect(lockedMinutesLeft(null, at(0))).toBe(0);
  });
});
