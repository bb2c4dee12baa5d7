import { expect, test } from 'vitest';
import { parseIsoInstant } from '../../src/core/iso-instant.js';

test('an instant that exists reads as Date.parse reads it, with or without seconds and fractions, in any zone', () => {
  for (const text of [
    '2028-02-29T23:59:59.999Z',
    '2026-11-23T10:00Z',
    '2026-11-23T10:00:00.123456789+05:30',
    '2026-01-01T00:00:00-12:00',
  ]) {
    expect(parseIsoInstant(text), text).toBe(Date.parse(text));
  }
});

test('a date or time that does not exist is refused, not moved to another day', () => {
  for (const text of [
    '2026-02-29T10:00:00Z',
    '2026-02-30T10:00:00Z',
    '2026-04-31T10:00:00Z',
    '2026-13-01T10:00:00Z',
    '2026-00-10T10:00:00Z',
    '2026-01-00T10:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T10:60:00Z',
    '2026-01-01T10:00:60Z',
    '2026-01-01T10:00:00+24:00',
    '2026-01-01T10:00:00',
    '2026-01-01',
  ]) {
    expect(parseIsoInstant(text), text).toBeNaN();
  }
});
