import { readFileSync } from 'node:fs';
import { getDomain } from 'tldts';
import { describe, expect, test } from 'vitest';
import { normaliseListHost, TLDTS_OPTIONS } from '../../src/core/list-host.js';
import { testPslFile } from './support/system-lists.js';

/** checkPublicSuffix('input', 'registrable' | null) lines, comments skipped. */
function pslVectors(): [string | null, string | null][] {
  return readFileSync(testPslFile(), 'utf8')
    .split('\n')
    .map((line) => /^checkPublicSuffix\((null|'[^']*'), (null|'[^']*')\);/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1] === 'null' ? null : match[1].slice(1, -1), match[2] === 'null' ? null : match[2].slice(1, -1)]);
}
const punycode = (host: string) => new URL(`http://${host}/`).hostname;

describe('normaliseListHost against the Public Suffix List test vectors', () => {
  const vectors = pslVectors();

  test('the vectors file is the real one', () => {
    expect(vectors.length).toBeGreaterThan(70);
    expect(vectors).toContainEqual(['www.test.k12.ak.us', 'test.k12.ak.us']);
  });

  test('a name with no registrable domain is refused; one with a registrable domain is kept, in punycode', () => {
    const wrong: string[] = [];
    for (const [input, registrable] of vectors) {
      if (input === null) continue; // lists hold strings; null input is the policy parser's case
      const result = normaliseListHost(input);
      if (registrable === null) {
        if (result.ok) wrong.push(`${input}: kept as ${result.host}, but it has no registrable domain`);
      } else if (!result.ok) {
        wrong.push(`${input}: refused (${result.reason})`);
      } else {
        if (result.host !== punycode(input)) wrong.push(`${input}: became ${result.host}`);
        if (getDomain(result.host, TLDTS_OPTIONS) !== punycode(registrable))
          wrong.push(`${input}: registrable ${getDomain(result.host, TLDTS_OPTIONS)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('normaliseListHost', () => {
  test.each([
    ['Example.COM', 'example.com'],
    ['www.example.com.', 'www.example.com'],
    ['www.example.com..', 'www.example.com'],
    ['example.com:8080', 'example.com'],
    ['user:secret@example.com', 'example.com'],
    ['user@Example.com:443', 'example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['*.example.org', 'example.org'],
    ['under_score.example.com', 'under_score.example.com'],
    ['my.blogspot.com', 'my.blogspot.com'],
  ])('%s → %s', (input, host) => {
    expect(normaliseListHost(input)).toEqual({ ok: true, host, isIp: false });
  });

  test.each([
    ['192.168.0.1', '192.168.0.1'],
    ['192.168.0.1:80', '192.168.0.1'],
    ['[2001:DB8::1]', '[2001:db8::1]'],
    ['[2001:db8:0:0:0:0:0:1]:8443', '[2001:db8::1]'],
    ['2001:db8::1', '[2001:db8::1]'],
  ])('IP literal %s → %s', (input, host) => {
    expect(normaliseListHost(input)).toEqual({ ok: true, host, isIp: true });
  });

  test.each([
    ['co.uk', 'public suffix'],
    ['CO.UK.', 'public suffix'],
    ['github.io', 'public suffix'],
    ['COM.', 'single label'],
    ['localhost', 'single label'],
    ['.example.com', 'starts with a dot'],
    ['1.2.3', 'last label is a number'],
    ['0x7f.1', 'last label is a number'],
    ['999.1.1.1', 'not a valid IPv4'],
    ['010.1.1.1', 'leading zero'],
    ['example.com:http', 'not a port'],
    ['exa mple.com', 'not a host name'],
    ['-bad-.example.com', 'invalid label'],
    [`${'a'.repeat(64)}.example.com`, 'longer than 63'],
    ['[::1', 'bracketed IPv6'],
    ['[zz::1]', 'IPv6'],
  ])('refuses %j (%s)', (input, reason) => {
    const result = normaliseListHost(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(new RegExp(reason));
  });
});
