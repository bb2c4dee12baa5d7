import { describe, expect, test } from 'vitest';
import { hostIsWithin, normaliseDomain } from '../../src/core/domain.js';

// Host rules themselves (IDN, labels, IPs, public suffixes) are the compiler's and are tested in
// list-host.test.ts; here, what a policy entry adds: types, URLs, wildcards, and the delegation.
describe('normaliseDomain', () => {
  test('uses the list host rules: punycode, lower case, public suffixes refused', () => {
    expect(normaliseDomain(' Bücher.Example. ')).toMatchObject({ ok: true, domain: 'xn--bcher-kva.example' });
    expect(normaliseDomain('co.uk')).toMatchObject({ ok: false, reason: expect.stringMatching(/public suffix/) });
    expect(normaliseDomain('blogspot.com')).toMatchObject({ ok: false, reason: expect.stringMatching(/public suffix/) });
    expect(normaliseDomain(`${'a'.repeat(64)}.example.com`)).toMatchObject({ ok: false, reason: expect.stringMatching(/longer than 63/) });
  });

  test('refuses empty entries and values that are not strings', () => {
    expect(normaliseDomain('   ')).toEqual({ ok: false, reason: 'empty entry' });
    expect(normaliseDomain(42)).toEqual({ ok: false, reason: 'not a string' });
    expect(normaliseDomain(null)).toEqual({ ok: false, reason: 'not a string' });
  });

  test('a wildcard is accepted with a note: subdomains are always included', () => {
    expect(normaliseDomain('*.example.org')).toMatchObject({ ok: true, domain: 'example.org', note: expect.stringMatching(/wildcard/) });
  });

  test('a URL is refused by default and reduced to its host when asked', () => {
    expect(normaliseDomain('https://www.example.com/page?x=1')).toMatchObject({ ok: false, reason: expect.stringMatching(/a URL/) });
    expect(normaliseDomain('https://user:pw@www.Example.com:8443/page', 'use-host')).toMatchObject({
      ok: true,
      domain: 'www.example.com',
      note: expect.stringMatching(/URL/),
    });
    expect(normaliseDomain('example.com/path', 'use-host')).toMatchObject({ ok: true, domain: 'example.com' });
    expect(normaliseDomain('https://co.uk/', 'use-host')).toMatchObject({ ok: false, reason: expect.stringMatching(/public suffix/) });
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
