import { expect, test } from 'vitest';
import { BlockIndex } from '../../src/core/block-index.js';
import { parsePolicy } from '../../src/core/policy.js';
import { catalogue } from './catalogue.js';

const domains = new Map(catalogue.categories.map((c) => [c.id, [`${c.id}-sample.test`]]));
const index = (raw: object) => new BlockIndex(parsePolicy(raw, catalogue).policy, catalogue, domains, ['childline.org.uk']);

test('follows the tiers: illegal > help sites > allow list > block list > categories > allow-list only', () => {
  const blocks = index({
    blockedCategories: ['gambling'],
    allowedDomains: ['gambling-sample.test', 'child-abuse-sample.test', 'both.test'],
    blockedDomains: ['both.test', 'school-blocked.test', 'childline.org.uk'],
    allowListOnly: true,
  });
  expect(blocks.verdict('www.child-abuse-sample.test')).toEqual({ tier: 'illegal', category: 'child-abuse' });
  expect(blocks.verdict('www.childline.org.uk')).toBeNull();
  expect(blocks.verdict('a.gambling-sample.test')).toBeNull();
  expect(blocks.verdict('both.test')).toBeNull();
  expect(blocks.verdict('x.school-blocked.test')).toEqual({ tier: 'blockList', category: 'school-block-list' });
  expect(blocks.verdict('elsewhere.test')).toEqual({ tier: 'allowListOnly', category: 'not-on-allow-list' });
});

test('categories the policy does not block, and neighbours of listed domains, are not blocked', () => {
  const blocks = index({ blockedCategories: ['gambling'] });
  expect(blocks.verdict('gambling-sample.test')).toEqual({ tier: 'categories', category: 'gambling' });
  expect(blocks.verdict('games-sample.test')).toBeNull();
  expect(blocks.verdict('notgambling-sample.test')).toBeNull();
});
