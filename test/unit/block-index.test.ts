import { expect, test } from 'vitest';
import { BlockIndex } from '../../src/core/block-index.js';
import { compareHostsFromEnd } from '../../src/core/hosts-from-end.js';
import { parsePolicy } from '../../src/core/policy.js';
import { compileRulesetRules } from '../../src/rules/compile-rulesets.js';
import { unpackedRules } from '../../src/rules/ruleset-json.js';
import { catalogue } from './catalogue.js';
import { defined } from './support/defined.js';

const domains = new Map(catalogue.categories.map((c) => [c.id, [[`${c.id}-sample.test`]]]));
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

test('searches large compiled lists where they lie: every rule of a category, subdomains, not neighbours', () => {
  // In the compiler's order, as every compiled ruleset is.
  const hosts = Array.from({ length: 250_000 }, (_, i) => `site${i}.example`).sort((a, b) => compareHostsFromEnd(a, b));
  const rules = unpackedRules(
    compileRulesetRules({ id: 'gambling', action: { type: 'block' }, priority: 600, enabled: true, hosts }, 'firefox'),
  );
  expect(rules).toHaveLength(3);
  const lists = new Map([['gambling', rules.map((rule) => defined(rule.condition.requestDomains, `requestDomains of rule ${rule.id}`))]]);
  const blocks = new BlockIndex(parsePolicy({ blockedCategories: ['gambling'] }, catalogue).policy, catalogue, lists, []);
  for (const i of [0, 99_999, 100_000, 170_123, 249_999]) {
    expect(blocks.verdict(`site${i}.example`), `site${i}`).toEqual({ tier: 'categories', category: 'gambling' });
    expect(blocks.verdict(`www.site${i}.example`)).toEqual({ tier: 'categories', category: 'gambling' });
    expect(blocks.verdict(`notsite${i}.example`)).toBeNull();
  }
});
