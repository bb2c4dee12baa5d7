import { describe, expect, test } from 'vitest';
import { hostSpellingRulesets, TRAILING_DOT_HOST, USUAL_SPELLING } from '../../src/rules/host-spelling.js';
import { TIERS } from '../../src/rules/priorities.js';

// DNR's substitution `\1` is JavaScript's `$1`; Firefox evaluates the filter as a JavaScript RegExp.
const pattern = new RegExp(TRAILING_DOT_HOST);
const usualSpelling = (url: string) => (pattern.test(url) ? url.replace(pattern, USUAL_SPELLING.replace(/\\(\d)/g, '$$$1')) : null);

describe('host spelling', () => {
  test('a trailing-dot host goes to its usual spelling, with its port, path, query and fragment', () => {
    expect(usualSpelling('http://blocked.example./')).toBe('http://blocked.example/');
    expect(usualSpelling('https://blocked.example.')).toBe('https://blocked.example');
    expect(usualSpelling('http://blocked.example...:8080/a/b?c=d.#e')).toBe('http://blocked.example:8080/a/b?c=d.#e');
    expect(usualSpelling('http://www.child-abuse-sample.test.:41234/?q=1')).toBe('http://www.child-abuse-sample.test:41234/?q=1');
    expect(usualSpelling('http://user:pass@blocked.example./x')).toBe('http://user:pass@blocked.example/x');
  });

  test('an address whose host has no trailing dot is never touched, whatever its path or userinfo', () => {
    for (const url of [
      'http://ok.test/',
      'https://ok.test:443/file.tar.gz',
      'http://ok.test/dir./x',
      'http://ok.test/?next=http://blocked.example./',
      'http://user.@ok.test/',
      'http://[::1]:8080/',
      'http://127.0.0.1/',
      'ftp://blocked.example./',
    ]) {
      expect(usualSpelling(url), url).toBeNull();
    }
  });

  test('ranks above the illegal tier, redirecting where it can and blocking where it cannot', () => {
    const [redirect, block] = hostSpellingRulesets('firefox');
    expect(TIERS.hostSpelling.priority).toBeGreaterThan(TIERS.illegal.priority);
    expect([redirect.enabled, block.enabled]).toEqual([true, false]);
    expect(redirect.rules[0].action).toEqual({ type: 'redirect', redirect: { regexSubstitution: USUAL_SPELLING } });
    expect(block.rules[0].action).toEqual({ type: 'block' });
    expect(redirect.rules[0].condition.resourceTypes).toContain('main_frame');
  });
});
