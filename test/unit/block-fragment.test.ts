import { describe, expect, test } from 'vitest';
import { blockPageSubstitution, parseBlockFragment } from '../../src/core/block-fragment.js';

describe('block page fragment', () => {
  test('what DNR writes from the substitution reads back whole, query and fragment included', () => {
    const blocked = 'http://x.test:8080/a?b=1&url=2#frag';
    const substituted = blockPageSubstitution('chrome-extension://id/blocked.html', 4005).replace('\\0', blocked);
    expect(parseBlockFragment(new URL(substituted).hash)).toEqual({ ruleId: 4005, url: blocked });
  });

  test.each([
    [''],
    ['#'],
    ['#rule=1&url=javascript:alert(1)'],
    ['#rule=abc&url=http://x.test/'],
    ['#rule=1&url=http://'],
    [`#rule=1&url=http://x.test/${'a'.repeat(9000)}`],
  ])('refuses %j', (hash) => {
    expect(parseBlockFragment(hash)).toBeNull();
  });
});
