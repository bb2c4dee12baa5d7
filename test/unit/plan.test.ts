import { describe, expect, test } from 'vitest';
import { parsePolicy } from '../../src/core/policy.js';
import type { DnrRule } from '../../src/rules/dnr-types.js';
import { HELP_SITES_RULESET, planRules } from '../../src/rules/plan.js';
import { TIERS, tierOfDynamicRule } from '../../src/rules/priorities.js';
import { catalogue } from './catalogue.js';

const categoryDomains = new Map(catalogue.categories.map((c) => [c.id, [`${c.id}-sample.test`]]));
const BLOCK_PAGE = 'chrome-extension://abc/extension/pages/blocked/blocked.html';

function plan(raw: unknown, canRedirect = true) {
  const { policy } = parsePolicy(raw, catalogue);
  return planRules({ policy, catalogue, categoryDomains, blockPageUrl: BLOCK_PAGE, canRedirect, target: 'chromium' });
}

/** What the browser would do with a main-frame request to `host`: the winning rule's action. */
function winner(rules: DnrRule[], host: string, type = 'main_frame'): string {
  const matching = rules.filter(
    (r) =>
      r.condition.resourceTypes.includes(type) &&
      (r.condition.requestDomains ?? [host]).some((d) => host === d || host.endsWith(`.${d}`)),
  );
  const order = { allow: 0, block: 1, redirect: 2 } as const;
  matching.sort((a, b) => b.priority - a.priority || order[a.action.type] - order[b.action.type]);
  return matching[0]?.action.type ?? 'none';
}

/** The static rulesets the plan enables, written the way the build writes them. */
function staticRules(enabled: string[]): DnrRule[] {
  return enabled.map((id, index) => {
    const category = catalogue.categories.find((c) => c.id === id);
    const help = id === HELP_SITES_RULESET;
    return {
      id: index + 1,
      priority: help ? TIERS.helpSites.allow : category?.tier === 'illegal' ? TIERS.illegal.block : TIERS.categories.block,
      action: { type: help ? 'allow' : 'block' },
      condition: { requestDomains: help ? ['childline.org.uk'] : categoryDomains.get(id)!, resourceTypes: ['main_frame', 'sub_frame', 'image'] },
    } as DnrRule;
  });
}

describe('planRules', () => {
  test('enables the help sites, the illegal tier and the policy categories; disables the rest', () => {
    const result = plan({ blockedCategories: ['gambling'] });
    expect(result.enableRulesets).toEqual([HELP_SITES_RULESET, 'child-abuse', 'terrorism', 'gambling']);
    expect(result.disableRulesets).not.toContain('child-abuse');
    expect(result.disableRulesets).toContain('pornography');
  });

  test('every enforced category gets a block-page redirect carrying its rule id in the fragment', () => {
    const result = plan({ blockedCategories: ['gambling'] });
    const redirects = result.dynamicRules.filter((r) => r.action.type === 'redirect');
    expect(redirects.map((r) => result.ruleCategories[r.id])).toEqual(['child-abuse', 'terrorism', 'gambling']);
    for (const rule of redirects) {
      expect(rule.action).toEqual({ type: 'redirect', redirect: { regexSubstitution: `${BLOCK_PAGE}#rule=${rule.id}&url=\\0` } });
      expect(rule.condition.resourceTypes).toEqual(['main_frame', 'sub_frame']);
      expect(tierOfDynamicRule(rule.id)).toBe(result.ruleCategories[rule.id] === 'gambling' ? 'categories' : 'illegal');
    }
  });

  test('tiers: illegal > help sites > allow list > block list > categories > allow-list-only', () => {
    const result = plan({
      blockedCategories: ['gambling'],
      allowedDomains: ['gambling-sample.test', 'child-abuse-sample.test', 'both.test'],
      blockedDomains: ['both.test', 'school-blocked.test', 'childline.org.uk'],
      allowListOnly: true,
    });
    const rules = [...staticRules(result.enableRulesets), ...result.dynamicRules];
    expect(winner(rules, 'www.gambling-sample.test')).toBe('allow');
    expect(winner(rules, 'child-abuse-sample.test')).toBe('redirect');
    expect(winner(rules, 'child-abuse-sample.test', 'image')).toBe('block');
    expect(winner(rules, 'both.test')).toBe('allow');
    expect(winner(rules, 'a.school-blocked.test')).toBe('redirect');
    expect(winner(rules, 'www.childline.org.uk')).toBe('allow');
    expect(winner(rules, 'anything-else.test')).toBe('redirect');
    expect(winner(rules, 'anything-else.test', 'image')).toBe('block');
  });

  test('without host permission there are no redirects, and every block still holds', () => {
    const result = plan({ blockedDomains: ['school-blocked.test'], allowListOnly: true }, false);
    expect(result.dynamicRules.some((r) => r.action.type === 'redirect')).toBe(false);
    const rules = [...staticRules(result.enableRulesets), ...result.dynamicRules];
    expect(winner(rules, 'gambling-sample.test')).toBe('block');
    expect(winner(rules, 'school-blocked.test')).toBe('block');
    expect(winner(rules, 'elsewhere.test')).toBe('block');
  });

  test('dynamic rule ids are unique and inside their tier ranges', () => {
    const result = plan({ blockedDomains: ['x.test'], allowedDomains: ['y.test'], allowListOnly: true });
    const ids = result.dynamicRules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => tierOfDynamicRule(id) !== null)).toBe(true);
  });

  test('is deterministic', () => {
    expect(JSON.stringify(plan({ blockedDomains: ['x.test'] }))).toBe(JSON.stringify(plan({ blockedDomains: ['x.test'] })));
  });
});
