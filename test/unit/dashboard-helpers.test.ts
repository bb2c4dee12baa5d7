import { describe, expect, test } from 'vitest';
import { passwordProblem } from '../../src/core/password-rules.js';
import { formatSchoolDateTime, isKnownTimeZone } from '../../src/core/school-time.js';
import { userAgentSummary } from '../../src/core/user-agent-summary.js';

describe('what the sessions page says about a browser', () => {
  test.each([
    [
      'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
      'Chrome on ChromeOS',
    ],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0', 'Firefox on Windows'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 Edg/140.0',
      'Edge on Windows',
    ],
    ['Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/604.1', 'Safari on iPad'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36', 'Chrome on Linux'],
    ['curl/8.5.0', 'curl'],
    [undefined, 'unknown browser'],
    ['<script>', 'unknown browser'],
  ])('%s reads as %s', (header, summary) => {
    expect(userAgentSummary(header)).toBe(summary);
  });
});

describe('dates in the school time zone', () => {
  test('British English, in the school zone across the clock change', () => {
    expect(formatSchoolDateTime('2026-12-02T09:05:00Z', 'Europe/London')).toBe('2 December 2026 at 09:05');
    expect(formatSchoolDateTime('2026-07-01T09:05:00Z', 'Europe/London')).toBe('1 July 2026 at 10:05');
  });

  test('only zones Intl knows are accepted', () => {
    expect(isKnownTimeZone('Europe/London')).toBe(true);
    expect(isKnownTimeZone('Europe/Atlantis')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
    expect(isKnownTimeZone('../etc')).toBe(false);
  });
});

describe('a chosen password', () => {
  test('must be long, the same twice, and not the email', () => {
    expect(passwordProblem('correct horse battery', 'correct horse battery', 'a@b.test')).toBeNull();
    expect(passwordProblem('short', 'short', 'a@b.test')).toContain('at least 12 characters');
    expect(passwordProblem('correct horse battery', 'correct horse batter', 'a@b.test')).toContain('not the same');
    expect(passwordProblem('Teacher@School.test', 'Teacher@School.test', 'teacher@school.test')).toContain('email');
    expect(passwordProblem('x'.repeat(201), 'x'.repeat(201), 'a@b.test')).toContain('at most 200');
  });
});
