import { describe, expect, test } from 'vitest';
import { breachState, checkBreachAction } from '../../src/core/breach-action.js';
import { breachesPerDayChart } from '../../src/core/breach-chart-svg.js';
import { breachReference, parseBreachReference } from '../../src/core/breach-reference.js';
import { breachAccess, classAccess, type Viewer } from '../../src/core/breach-visibility.js';
import { displayText } from '../../src/core/inert-text.js';
import { parsePupilKey, pupilKey, pupilLabel } from '../../src/core/pupil-label.js';
import { csvLine, neutralisedCell } from '../../src/core/spreadsheet-cell.js';

describe('block-screen references', () => {
  test('a reference is six characters in two groups of three from the unambiguous alphabet', () => {
    for (let i = 0; i < 200; i++) expect(breachReference(crypto.randomUUID())).toMatch(/^[0-9A-HJKMNP-TV-Z]{3}-[0-9A-HJKMNP-TV-Z]{3}$/);
  });

  test("a reference's range holds the id it was made from, and only ids sharing its leading 30 bits", () => {
    for (let i = 0; i < 200; i++) {
      const id = crypto.randomUUID();
      const parsed = parseBreachReference(breachReference(id));
      if (!parsed.ok) throw new Error(parsed.reason);
      expect(parsed.reference).toBe(breachReference(id));
      expect(parsed.firstId <= id && id <= parsed.lastId).toBe(true);
      expect(breachReference(parsed.firstId)).toBe(parsed.reference);
      expect(breachReference(parsed.lastId)).toBe(parsed.reference);
    }
  });

  test('the lowest and highest ids have references at the ends of the alphabet', () => {
    expect(breachReference('00000000-0000-4000-8000-000000000000')).toBe('000-000');
    expect(breachReference('ffffffff-ffff-4fff-bfff-ffffffffffff')).toBe('ZZZ-ZZZ');
    const next = parseBreachReference('000-001');
    expect(next.ok && next.firstId).toBe('00000004-0000-0000-0000-000000000000');
  });

  test('a reference typed in lower case, without the dash, with spaces, or with O for 0 and I or L for 1 reads the same', () => {
    const id = '0f1e2d3c-4b5a-4697-8887-766554433221';
    const reference = breachReference(id);
    const typed = [reference.toLowerCase(), reference.replace('-', ''), ` ${reference.replace('-', ' ')} `];
    for (const text of typed) expect(parseBreachReference(text)).toMatchObject({ ok: true, reference });
    expect(parseBreachReference('o1l-iOo')).toMatchObject({ ok: true, reference: '011-100' });
  });

  test('a reference of the wrong length or with a letter the alphabet leaves out is refused with a reason', () => {
    expect(parseBreachReference('K7F-2Q')).toEqual({ ok: false, reason: 'a reference has 6 letters and digits, like K7F-2QX' });
    expect(parseBreachReference('K7F-2QXX').ok).toBe(false);
    expect(parseBreachReference('K7F-2QU')).toEqual({ ok: false, reason: '"U" is not used in references' });
    expect(parseBreachReference('K7F-2Q!').ok).toBe(false);
    expect(parseBreachReference('').ok).toBe(false);
  });
});

describe('who may see a class or a breach', () => {
  const teacher: Viewer = { role: 'teacher', schoolId: 'oak', groupIds: ['Y4-Oak'] };
  const dsl: Viewer = { role: 'dsl', schoolId: 'oak', groupIds: [] };
  const technician: Viewer = { role: 'technician', schoolId: 'oak', groupIds: [] };
  const governor: Viewer = { role: 'governor', schoolId: 'oak', groupIds: ['Y4-Oak'] };

  test('a teacher sees the classes they teach and is refused the others of their school', () => {
    expect(classAccess(teacher, 'oak', 'Y4-Oak')).toEqual({ ok: true });
    expect(classAccess(teacher, 'oak', 'Y5-Ash')).toEqual({ ok: false, status: 403, reason: 'not one of your classes' });
  });

  test('the DSL and the technician see every class of their school, none of another', () => {
    for (const viewer of [dsl, technician]) {
      expect(classAccess(viewer, 'oak', 'Y5-Ash').ok).toBe(true);
      expect(classAccess(viewer, 'elm', 'Y5-Ash')).toMatchObject({ ok: false, status: 404 });
      expect(breachAccess(viewer, { schoolId: 'oak', groupId: null }).ok).toBe(true);
      expect(breachAccess(viewer, { schoolId: 'elm', groupId: 'Y4-Oak' })).toMatchObject({ ok: false, status: 404 });
    }
  });

  test('another school with a class of the same name is not found for its namesake teacher', () => {
    expect(classAccess(teacher, 'elm', 'Y4-Oak')).toMatchObject({ ok: false, status: 404 });
    expect(breachAccess(teacher, { schoolId: 'elm', groupId: 'Y4-Oak' })).toMatchObject({ ok: false, status: 404 });
  });

  test("a breach outside the teacher's classes, or of no class, is not found rather than forbidden", () => {
    expect(breachAccess(teacher, { schoolId: 'oak', groupId: 'Y4-Oak' }).ok).toBe(true);
    expect(breachAccess(teacher, { schoolId: 'oak', groupId: 'Y5-Ash' })).toMatchObject({ ok: false, status: 404 });
    expect(breachAccess(teacher, { schoolId: 'oak', groupId: null })).toMatchObject({ ok: false, status: 404 });
  });

  test('a governor sees no class and no breach, even one named in their classes', () => {
    expect(classAccess(governor, 'oak', 'Y4-Oak')).toMatchObject({ ok: false, status: 403 });
    expect(breachAccess(governor, { schoolId: 'oak', groupId: 'Y4-Oak' }).ok).toBe(false);
  });
});

describe('hostile text shown as text', () => {
  test('a bidi override, control characters and zero-width characters become visible escapes', () => {
    expect(displayText('https://a.test/\u202Egpj.exe').text).toBe('https://a.test/\\u202Egpj.exe');
    expect(displayText('line\nbreak\tand\u0000nul\u0007').text).toBe('line\\u000Abreak\\u0009and\\u0000nul\\u0007');
    expect(displayText('a\u200Bb\uFEFFc\u2066d\u2028e').text).toBe('a\\u200Bb\\uFEFFc\\u2066d\\u2028e');
    expect(displayText('tag\u{E0041}').text).toBe('tag\\u{E0041}');
  });

  test('a backslash is doubled, so an escape typed into a note cannot pass for a real one', () => {
    expect(displayText('\\u202E').text).toBe('\\\\u202E');
  });

  test('ordinary text, markup and non-Latin letters are left as they are (the template escapes markup)', () => {
    for (const text of ['Café señor 😀', '"><img src=x onerror=alert(1)>', 'https://пример.test/path']) {
      expect(displayText(text)).toEqual({ text, truncated: false, length: Array.from(text).length });
    }
  });

  test('a very long value is cut with its whole length stated, never inside a character', () => {
    const shown = displayText(`https://a.test/${'😀'.repeat(10_000)}`, 20);
    expect(shown.truncated).toBe(true);
    expect(shown.length).toBe(10_015);
    expect(shown.text).toBe(`https://a.test/${'😀'.repeat(5)}… (10,015 characters in all)`);
  });
});

describe('spreadsheet cells', () => {
  test.each(['=HYPERLINK("http://x.test","y")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx'])('"%s" gets a leading apostrophe', (value) => {
    expect(neutralisedCell(value)).toBe(`'${value}`);
  });

  test('cells that do not start a formula are unchanged', () => {
    for (const value of ['https://a.test/?q==1', 'Jo Bloggs', '', ' =x']) expect(neutralisedCell(value)).toBe(value);
  });

  test('a CSV line quotes every cell, doubles quotes, keeps commas and new lines inside the cell, and ends in CRLF', () => {
    expect(csvLine(['a,b', 'say "hi"', 'two\nlines', '=1+1'])).toBe('"a,b","say ""hi""","two\nlines","\'=1+1"\r\n');
  });
});

describe('breach actions and state', () => {
  const occurred = new Date('2026-12-01T10:00:00Z');
  const now = new Date('2026-12-02T10:00:00Z');

  test('the state is new, then acknowledged, then escalated, and a note alone changes nothing', () => {
    expect(breachState([])).toBe('new');
    expect(breachState(['note'])).toBe('new');
    expect(breachState(['note', 'acknowledge'])).toBe('acknowledged');
    expect(breachState(['parents_informed'])).toBe('acknowledged');
    expect(breachState(['acknowledge', 'escalate', 'acknowledge'])).toBe('escalated');
  });

  test('each kind needs its own fields, trimmed', () => {
    expect(checkBreachAction({ kind: 'acknowledge' }, occurred, now)).toEqual({ ok: true, action: { kind: 'acknowledge', payload: {} } });
    expect(checkBreachAction({ kind: 'note', text: '  spoke to him  ' }, occurred, now)).toEqual({
      ok: true,
      action: { kind: 'note', payload: { text: 'spoke to him' } },
    });
    expect(checkBreachAction({ kind: 'note', text: '   ' }, occurred, now)).toEqual({ ok: false, reason: 'text is required' });
    expect(checkBreachAction({ kind: 'escalate' }, occurred, now)).toEqual({ ok: false, reason: 'reason is required' });
    expect(checkBreachAction({ kind: 'wipe' }, occurred, now).ok).toBe(false);
    expect(checkBreachAction({ kind: 'note', text: 'a\u0000b' }, occurred, now)).toEqual({
      ok: false,
      reason: 'text must not contain NUL',
    });
  });

  test('parents informed needs who, how and a real time between the breach and now', () => {
    const informed = { kind: 'parents_informed', who: 'Mrs Bloggs (mother)', how: 'telephone' };
    expect(checkBreachAction({ ...informed, when: '2026-12-01T15:30:00+00:00' }, occurred, now)).toEqual({
      ok: true,
      action: { kind: 'parents_informed', payload: { who: 'Mrs Bloggs (mother)', how: 'telephone', when: '2026-12-01T15:30:00.000Z' } },
    });
    expect(checkBreachAction({ ...informed, when: '2026-12-03T10:00:00Z' }, occurred, now)).toEqual({
      ok: false,
      reason: 'when is in the future',
    });
    expect(checkBreachAction({ ...informed, when: '2026-11-30T10:00:00Z' }, occurred, now)).toEqual({
      ok: false,
      reason: 'when is before the breach happened',
    });
    expect(checkBreachAction({ ...informed, when: '2026-02-30T10:00:00Z' }, occurred, now).ok).toBe(false);
    expect(checkBreachAction({ ...informed, how: 'carrier pigeon', when: '2026-12-01T15:30:00Z' }, occurred, now).ok).toBe(false);
  });
});

describe('pupils as staff see them', () => {
  test('by name where the school gave one, else by email, and a shared log-in by its device', () => {
    const deviceId = '0f1e2d3c-4b5a-4697-8887-766554433221';
    expect(pupilLabel({ userEmail: 'amy@oak.test', displayName: 'Amy Jones', deviceId, deviceName: null })).toBe('Amy Jones');
    expect(pupilLabel({ userEmail: 'amy@oak.test', displayName: null, deviceId, deviceName: null })).toBe('amy@oak.test');
    expect(pupilLabel({ userEmail: null, displayName: null, deviceId, deviceName: 'Chromebook 7' })).toBe('Shared log-in on Chromebook 7');
    expect(pupilLabel({ userEmail: null, displayName: null, deviceId, deviceName: '' })).toBe('Shared log-in on device 0f1e2d3c');
  });

  test('a pupil key reads back as the filter it names', () => {
    const deviceId = '0f1e2d3c-4b5a-4697-8887-766554433221';
    expect(parsePupilKey(pupilKey({ userEmail: null, deviceId }))).toEqual({ deviceId });
    expect(parsePupilKey(pupilKey({ userEmail: 'amy@oak.test', deviceId }))).toEqual({ email: 'amy@oak.test' });
    expect(parsePupilKey('device:not-a-uuid')).toBeNull();
    expect(parsePupilKey("' OR 1=1 --")).toBeNull();
  });
});

describe('the breaches-per-day chart', () => {
  const days = [
    { day: '2026-11-30', breaches: 3 },
    { day: '2026-12-01', breaches: 0 },
    { day: '2026-12-02', breaches: 7 },
  ];

  test('is an SVG with one bar per day, heights in proportion, and no style attribute or script', () => {
    const svg = breachesPerDayChart(days, 'Breaches per day in Y4 Oak');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toMatch(/style|<script|on\w+=/i);
    const heights = [...svg.matchAll(/<rect [^>]*height="(\d+)"/g)].map((match) => Number(match[1]));
    expect(heights).toHaveLength(3);
    expect(heights[1]).toBe(0);
    expect(heights[2]).toBeGreaterThan(heights[0]);
    expect(svg).toContain('<title>2026-12-02: 7</title>');
    expect(svg).toContain('aria-label="Breaches per day in Y4 Oak: 10 breaches over 3 days"');
  });

  test("escapes the class's name, which a person typed", () => {
    const svg = breachesPerDayChart(days, 'Y4 <script>alert(1)</script> & "Oak"');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&#60;script&#62;');
  });

  test('says "No breaches" when there were none', () => {
    expect(breachesPerDayChart([{ day: '2026-12-02', breaches: 0 }], 'Y4')).toContain('No breaches');
  });
});
