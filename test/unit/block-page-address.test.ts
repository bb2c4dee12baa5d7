import { describe, expect, test } from 'vitest';
import { blockedCategoryOf, blockPagePath } from '../../src/core/block-page-address.js';

const BLOCK_PAGE = 'moz-extension://5afe5c7e-0000-4000-8000-000000000001/extension/pages/blocked/blocked.html';

describe('block page address', () => {
  test('the path a rule redirects to names its category, and reads back', () => {
    expect(blockPagePath('self-harm')).toBe('/extension/pages/blocked/blocked.html?category=self-harm');
    expect(
      blockedCategoryOf(`${BLOCK_PAGE.replace('/extension/pages/blocked/blocked.html', '')}${blockPagePath('self-harm')}`, BLOCK_PAGE),
    ).toBe('self-harm');
  });

  test('only category ids go into a rule: UT1 names such as social_networks are ids, a leading underscore is not', () => {
    expect(blockPagePath('social_networks')).toBe('/extension/pages/blocked/blocked.html?category=social_networks');
    for (const bad of ['', 'Gambling', 'a&b', '../x', '_reserved', 'x'.repeat(64)])
      expect(() => blockPagePath(bad), bad).toThrow(/not a category id/);
  });

  test.each([
    ['another page', `${BLOCK_PAGE.replace('blocked.html', 'other.html')}?category=gambling`],
    ['another extension', `${BLOCK_PAGE.replace('5afe5c7e', '00000000')}?category=gambling`],
    ['a web page', 'http://evil.test/extension/pages/blocked/blocked.html?category=gambling'],
    ['no category', BLOCK_PAGE],
    ['markup for a category', `${BLOCK_PAGE}?category=%3Cb%3E`],
    ['not a URL', 'not a url'],
  ])('refuses %s', (_, redirectUrl) => {
    expect(blockedCategoryOf(redirectUrl, BLOCK_PAGE)).toBeNull();
  });
});
