import { describe, expect, test } from 'vitest';
import { uploadOutcome } from '../../src/core/upload-outcome.js';
import { FIRST_RETRY_MS, MAX_RETRY_MS, parseRetryAfter, retryDelayMs } from '../../src/core/upload-schedule.js';

describe('retryDelayMs', () => {
  test('grows exponentially, stays within its ceiling, and is jittered', () => {
    expect(retryDelayMs(1, 0)).toBe(FIRST_RETRY_MS / 2);
    expect(retryDelayMs(1, 1)).toBe(FIRST_RETRY_MS);
    expect(retryDelayMs(5, 1)).toBe(FIRST_RETRY_MS * 16);
    expect(retryDelayMs(50, 1)).toBe(MAX_RETRY_MS);
    expect(retryDelayMs(5, 0.25)).toBeLessThan(retryDelayMs(5, 0.75));
  });

  test('Retry-After wins when it asks for longer, within the maximum', () => {
    expect(retryDelayMs(1, 0, 90_000)).toBe(90_000);
    expect(retryDelayMs(1, 0, 10 * MAX_RETRY_MS)).toBe(MAX_RETRY_MS);
  });
});

test('parseRetryAfter reads seconds and HTTP dates, and ignores nonsense', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  expect(parseRetryAfter('120', now)).toBe(120_000);
  expect(parseRetryAfter('Mon, 23 Nov 2026 10:01:00 GMT', now)).toBe(60_000);
  expect(parseRetryAfter('soon', now)).toBeUndefined();
  expect(parseRetryAfter(null, now)).toBeUndefined();
});

describe('uploadOutcome', () => {
  const ids = ['a', 'b'];
  test('a complete answer stores the batch, keeping only the batch’s own rejections', () => {
    const answer = {
      accepted: 1,
      duplicates: 0,
      rejected: [
        { id: 'b', reason: 'bad date' },
        { id: 'not-ours', reason: 'x' },
      ],
    };
    expect(uploadOutcome(200, JSON.stringify(answer), ['a', 'b', 'c'])).toEqual({ kind: 'stored', rejected: new Map([['b', 'bad date']]) });
  });

  test('counts that do not add up to the batch are not trusted', () => {
    expect(uploadOutcome(200, JSON.stringify({ accepted: 1, duplicates: 0, rejected: [] }), ids)).toEqual({
      kind: 'retry',
      reason: 'unreadable 200 answer',
    });
  });

  test.each([
    [401, 'unauthorised'],
    [413, 'too-large'],
    [400, 'refused'],
    [403, 'refused'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [0, 'retry'],
  ])('HTTP %i → %s', (status, kind) => {
    expect(uploadOutcome(status, 'body', ids).kind).toBe(kind);
  });
});
