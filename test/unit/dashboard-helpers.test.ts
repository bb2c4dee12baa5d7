import { describe, expect, test } from 'vitest';
import { leavesNoTechnician } from '../../src/core/last-technician.js';
import { passwordProblem } from '../../src/core/password-rules.js';
import { formatSchoolDateTime, isKnownTimeZone } from '../../src/core/school-time.js';
import { checkDisplayName, checkEmail, checkRole, checkSchoolId, schoolIdFromName } from '../../src/core/staff-fields.js';
import { userAgentSummary } from '../../src/core/user-agent-summary.js';
import { safeNextPath } from '../../src/server/web/navigation.js';

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

describe('what a technician may type for a member of staff', () => {
  test('emails are trimmed and lower-cased; anything unlike an address is refused', () => {
    expect(checkEmail('  Ada.Patel@Oak.sch.uk ')).toEqual({ ok: true, value: 'ada.patel@oak.sch.uk' });
    for (const bad of [null, '', 'ada', 'ada@', '@oak.test', 'ada@oak', 'a b@oak.test', '<ada>@oak.test', `${'a'.repeat(250)}@oak.test`]) {
      expect(checkEmail(bad).ok, String(bad)).toBe(false);
    }
  });

  test('names keep their letters but not control characters or text-direction marks', () => {
    expect(checkDisplayName('  Mrs   Siân  O’Brien ')).toEqual({ ok: true, value: 'Mrs Siân O’Brien' });
    expect(checkDisplayName('<b>Bold</b>')).toEqual({ ok: true, value: '<b>Bold</b>' });
    // Line breaks and tabs (a pasted name) become one space.
    expect(checkDisplayName('Line\n\tbreak')).toEqual({ ok: true, value: 'Line break' });
    for (const bad of ['', '   ', 'Eve\u202Egnp.exe', 'Bell\u0007', 'Zero\u200Fwidth', 'x'.repeat(101)]) {
      expect(checkDisplayName(bad).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  test('a role is one of the four', () => {
    expect(checkRole('dsl')).toEqual({ ok: true, value: 'dsl' });
    expect(checkRole('admin').ok).toBe(false);
    expect(checkRole(null).ok).toBe(false);
  });

  test('a school id comes from its name when none is given', () => {
    expect(schoolIdFromName('St Mary’s C of E Primary School')).toBe('st-mary-s-c-of-e-primary-school');
    expect(schoolIdFromName('Ysgol Gymraeg Aberystwyth — Âber')).toBe('ysgol-gymraeg-aberystwyth-aber');
    expect(schoolIdFromName('!!!')).toBe('school');
    expect(checkSchoolId(schoolIdFromName('x'.repeat(300))).ok).toBe(true);
    expect(checkSchoolId('../etc').ok).toBe(false);
  });
});

describe('the last technician', () => {
  test('is the only active one: changing them would leave nobody to manage staff', () => {
    expect(leavesNoTechnician([7], 7)).toBe(true);
    expect(leavesNoTechnician([7, 9], 7)).toBe(false);
    // Someone who is not an active technician changes nothing.
    expect(leavesNoTechnician([7], 8)).toBe(false);
    expect(leavesNoTechnician([], 8)).toBe(false);
  });
});

describe('where sign-in may send a person next', () => {
  test('only to a path on this site', () => {
    expect(safeNextPath('/staff/12?notice=x')).toBe('/staff/12?notice=x');
    for (const bad of ['//evil.test/', '/\\evil.test', 'https://evil.test/', 'staff', '/a b', '', 42, undefined, `/${'a'.repeat(600)}`]) {
      expect(safeNextPath(bad), String(bad)).toBeNull();
    }
  });
});
