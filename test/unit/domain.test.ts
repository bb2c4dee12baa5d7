import { describe, expect, test } from 'vitest';
import { hostIsWithin, normaliseDomain } from '../../src/core/domain.js';

describe('normaliseDomain', () => {
  test.each([
    ['Example.COM', 'example.com'],
    ['  www.example.com.  ', 'www.example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['*.example.org', 'example.org'],
    ['192.168.0.1', '192.168.0.1'],
    ['blogspot.com', 'blogspot.com'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseDomain(input)).toMatchObject({ ok: true, domain: expected });
  });

  test.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['co.uk', 'public suffix'],
    ['com', 'public suffix'],
    [`${'a'.repeat(64)}.example.com`, 'longer than 63'],
    ['exa mple.com', 'not a valid domain'],
    ['-bad-.example.com', 'invalid label'],
    ['example.com:8080', 'ports'],
    ['999.1.1.1', 'not a valid'],
  ])('rejects %j (%s)', (input, reason) => {
    const result = normaliseDomain(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(new RegExp(reason));
  });

  test('rejects values that are not strings', () => {
    expect(normaliseDomain(42)).toEqual({ ok: false, reason: 'not a string' });
    expect(normaliseDomain(null)).toEqual({ ok: false, reason: 'not a string' });
  });

  test('a URL is refused by default and reduced to its host when asked', () => {
    expect(normaliseDomain('https://www.example.com/page?x=1')).toMatchObject({ ok: false, reason: expect.stringMatching(/a URL/) });
    expect(normaliseDomain('https://user:pw@www.Example.com:8443/page', 'use-host')).toMatchObject({
      ok: true,
      domain: 'www.example.com',
      note: expect.stringMatching(/URL/),
    });
    expect(normaliseDomain('example.com/path', 'use-host')).toMatchObject({ ok: true, domain: 'example.com' });
  });
});

describe('hostIsWithin', () => {
  test('matches the domain and its subdomains only', () => {
    expect(hostIsWithin('example.com', 'example.com')).toBe(true);
    expect(hostIsWithin('a.b.example.com', 'example.com')).toBe(true);
    expect(hostIsWithin('notexample.com', 'example.com')).toBe(false);
    expect(hostIsWithin('example.com.evil.test', 'example.com')).toBe(false);
  });
});
