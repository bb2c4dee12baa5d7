import { describe, expect, test } from 'vitest';
import { parsePolicy } from '../../src/core/policy.js';
import type { DnrRule } from '../../src/rules/dnr-types.js';
import { HOST_SPELLING_BLOCK_RULESET, HOST_SPELLING_RULESET } from '../../src/rules/host-spelling.js';
import { HELP_SITES_RULESET, planRules } from '../../src/rules/plan.js';
import { TIERS, tierOfDynamicRule } from '../../src/rules/priorities.js';
import { STARTUP_GUARD_RULESET, startupGuardRuleset } from '../../src/rules/startup-guard.js';
import { catalogue, sampleRulesets } from './catalogue.js';

const rulesets = sampleRulesets();
const categoryDomains = new Map(catalogue.categories.map((c) => [c.id, [`${c.id}-sample.test`]]));

function plan(raw: unknown, canRedirect = true, domains: ReadonlyMap<string, readonly string[]> = categoryDomains) {
  const { policy } = parsePolicy(raw, catalogue);
  return planRules({ policy, catalogue, categoryDomains: domains, canRedirect, target: 'chromium' });
}

/** What the browser would do with a main-frame request to `host`: the winning rule's action. */
function winner(rules: DnrRule[], host: string, type = 'main_frame'): string {
  const matching = rules.filter(
    (r) =>
      r.condition.resourceTypes.includes(type) && (r.condition.requestDomains ?? [host]).some((d) => host === d || host.endsWith(`.${d}`)),
  );
  const order = { allow: 0, block: 1, redirect: 2 } as const;
  matching.sort((a, b) => b.priority - a.priority || order[a.action.type] - order[b.action.type]);
  return matching[0]?.action.type ?? 'none';
}

/** The static rulesets the plan enables, as the build compiles them (host spelling apart: `winner` reads no regex). */
function staticRules(enabled: string[]): DnrRule[] {
  const helpSites: DnrRule = {
    id: 1,
    priority: TIERS.helpSites.priority,
    action: { type: 'allow' },
    condition: { requestDomains: ['childline.org.uk'], resourceTypes: ['main_frame', 'sub_frame', 'image'] },
  };
  return enabled.flatMap((id) =>
    id === HOST_SPELLING_RULESET || id === HOST_SPELLING_BLOCK_RULESET
      ? []
      : id === HELP_SITES_RULESET
        ? [helpSites]
        : id === STARTUP_GUARD_RULESET
          ? startupGuardRuleset('chromium').rules
          : rulesets[id],
  );
}

describe('planRules', () => {
  test('enables the help sites, the illegal tier and the policy categories; disables the rest', () => {
    const result = plan({ blockedCategories: ['gambling'] });
    expect(result.enableRulesets).toEqual([HOST_SPELLING_RULESET, HELP_SITES_RULESET, 'child-abuse', 'terrorism', 'gambling']);
    expect(result.disableRulesets).toContain(HOST_SPELLING_BLOCK_RULESET);
    expect(result.disableRulesets).not.toContain('child-abuse');
    expect(result.disableRulesets).toContain('pornography');
  });

  test('category lists stay in their static rulesets; the school lists redirect every request to the block page naming them', () => {
    const result = plan({ blockedCategories: ['gambling'], blockedDomains: ['x.test'], allowListOnly: true });
    expect(result.dynamicRules.flatMap((r) => r.condition.requestDomains ?? [])).toEqual(['x.test']);
    expect(result.dynamicRules.map((r) => r.action)).toEqual([
      { type: 'redirect', redirect: { extensionPath: '/extension/pages/blocked/blocked.html?category=school-block-list' } },
      { type: 'redirect', redirect: { extensionPath: '/extension/pages/blocked/blocked.html?category=not-on-allow-list' } },
    ]);
    expect(rulesets.gambling[0].action).toEqual({
      type: 'redirect',
      redirect: { extensionPath: '/extension/pages/blocked/blocked.html?category=gambling' },
    });
    for (const rule of result.dynamicRules) expect(rule.condition.resourceTypes).toContain('image');
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
    expect(winner(rules, 'child-abuse-sample.test', 'image')).toBe('redirect');
    expect(winner(rules, 'both.test')).toBe('allow');
    expect(winner(rules, 'a.school-blocked.test')).toBe('redirect');
    expect(winner(rules, 'www.childline.org.uk')).toBe('allow');
    expect(winner(rules, 'anything-else.test')).toBe('redirect');
    expect(winner(rules, 'anything-else.test', 'image')).toBe('redirect');
  });

  test('without host permission there are no redirects, and every block still holds', () => {
    const result = plan({ blockedDomains: ['school-blocked.test'], allowListOnly: true }, false);
    expect(result.dynamicRules.some((r) => r.action.type === 'redirect')).toBe(false);
    // Redirect rules the browser may not apply would shadow the blocks: block-rule copies stand in.
    // The dotted spelling is blocked rather than redirected: a redirect would shadow the block below it.
    expect(result.enableRulesets).toEqual([HOST_SPELLING_BLOCK_RULESET, HELP_SITES_RULESET]);
    expect(result.disableRulesets).toContain(HOST_SPELLING_RULESET);
    const rules = [...staticRules(result.enableRulesets), ...result.dynamicRules];
    expect(winner(rules, 'gambling-sample.test')).toBe('block');
    expect(winner(rules, 'school-blocked.test')).toBe('block');
    expect(winner(rules, 'elsewhere.test')).toBe('block');
  });

  test('block-rule copies of a large list are split as the browser requires, each in its tier', () => {
    const many = new Map(categoryDomains);
    many.set(
      'gambling',
      Array.from({ length: 250_000 }, (_, i) => `g${i}.test`),
    );
    const result = plan({ blockedCategories: ['gambling'] }, false, many);
    const copies = result.dynamicRules.filter((r) => tierOfDynamicRule(r.id) === 'categories');
    expect(copies.map((r) => r.condition.requestDomains?.length)).toEqual([250_000]);
    const firefox = planRules({
      policy: parsePolicy({ blockedCategories: ['gambling'] }, catalogue).policy,
      catalogue,
      categoryDomains: many,
      canRedirect: false,
      target: 'firefox',
    });
    expect(
      firefox.dynamicRules.filter((r) => tierOfDynamicRule(r.id) === 'categories').map((r) => r.condition.requestDomains?.length),
    ).toEqual([100_000, 100_000, 50_000]);
    expect(result.dynamicRules.filter((r) => tierOfDynamicRule(r.id) === 'illegal').length).toBe(2);
  });

  test('the start-up guard goes once a policy is known, and stays while none is', () => {
    expect(plan({}).disableRulesets).toContain(STARTUP_GUARD_RULESET);
    const { policy } = parsePolicy(undefined, catalogue);
    const waiting = planRules({ policy, catalogue, categoryDomains, canRedirect: true, target: 'chromium', policyUnknown: true });
    expect(waiting.enableRulesets).toContain(STARTUP_GUARD_RULESET);
    expect(waiting.disableRulesets).not.toContain(STARTUP_GUARD_RULESET);
    // Above every allow rule but the help sites: nothing the policy might forbid passes while it waits.
    const rules = [...staticRules(waiting.enableRulesets), ...plan({ allowedDomains: ['x.test'] }).dynamicRules];
    expect(winner(rules, 'x.test')).toBe('redirect');
    expect(winner(rules, 'www.childline.org.uk')).toBe('allow');
    // Chromium's fixed origin lets the guard hand the held address to the getting-ready page.
    expect(startupGuardRuleset('chromium', 'chrome-extension://abc').rules[0]).toMatchObject({
      action: { redirect: { regexSubstitution: 'chrome-extension://abc/extension/pages/starting/starting.html#\\0' } },
      condition: { regexFilter: '^https?://.*' },
    });
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
