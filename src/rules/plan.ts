import { NOT_ON_ALLOW_LIST, SCHOOL_BLOCK_LIST } from '../core/block-index.js';
import { blockPagePath } from '../core/block-page-address.js';
import type { Catalogue } from '../core/categories.js';
import { illegalCategories } from '../core/categories.js';
import type { Policy } from '../core/policy.js';
import type { DnrRule } from './dnr-types.js';
import { HOST_SPELLING_BLOCK_RULESET, HOST_SPELLING_RULESET } from './host-spelling.js';
import { BROWSER_LIMITS } from './limits/index.js';
import { TIERS } from './priorities.js';
import { ALL_RESOURCE_TYPES, type TargetBrowser } from './resource-types.js';
import { STARTUP_GUARD_RULESET } from './startup-guard.js';

export const HELP_SITES_RULESET = 'help-sites';

export interface PlanInput {
  policy: Policy;
  catalogue: Catalogue;
  /**
   * Each category's domains, as compiled into its static ruleset: needed only when redirects are
   * impossible (`canRedirect` false), when block-rule copies stand in for the static rulesets.
   */
  categoryDomains: ReadonlyMap<string, readonly string[]>;
  /** False when the host permission a redirect needs is missing: block without the friendly page. */
  canRedirect: boolean;
  target: TargetBrowser;
  /** Nothing is known of the school's policy yet (first start, browser not answering): keep the guard. */
  policyUnknown?: boolean;
}

export interface RulePlan {
  enableRulesets: string[];
  disableRulesets: string[];
  dynamicRules: DnrRule[];
}

/**
 * Which static rulesets to enable and which dynamic rules to install for a policy (pure). The
 * category lists are static rulesets that redirect to the block page; they are never copied into
 * dynamic rules, except as plain block rules when the host permission is withheld: a redirect rule
 * the browser may not apply would otherwise let the page through (Firefox lets it shadow a block).
 */
export function planRules(input: PlanInput): RulePlan {
  const { policy, catalogue, target } = input;
  const allTypes = [...ALL_RESOURCE_TYPES[target]];
  const illegal = new Set(illegalCategories(catalogue));
  const enforced = catalogue.categories.filter((c) => illegal.has(c.id) || policy.blockedCategories.includes(c.id));

  const dynamicRules: DnrRule[] = [];
  const stop = (category: string): DnrRule['action'] =>
    input.canRedirect ? { type: 'redirect', redirect: { extensionPath: blockPagePath(category) } } : { type: 'block' };

  if (!input.canRedirect) {
    const { maxDomainsPerRule } = BROWSER_LIMITS[target];
    const nextId = { illegal: TIERS.illegal.firstId, categories: TIERS.categories.firstId };
    for (const category of enforced) {
      const tier = illegal.has(category.id) ? 'illegal' : 'categories';
      const domains = input.categoryDomains.get(category.id) ?? [];
      for (let start = 0; start < domains.length; start += maxDomainsPerRule) {
        dynamicRules.push({
          id: nextId[tier]++,
          priority: TIERS[tier].priority,
          action: { type: 'block' },
          condition: { requestDomains: domains.slice(start, start + maxDomainsPerRule), resourceTypes: allTypes },
        });
      }
    }
  }

  if (policy.allowedDomains.length > 0) {
    dynamicRules.push({
      id: TIERS.allowList.firstId,
      priority: TIERS.allowList.priority,
      action: { type: 'allow' },
      condition: { requestDomains: [...policy.allowedDomains], resourceTypes: allTypes },
    });
  }
  if (policy.reportingUrl) {
    // Breach reports must get through even under allow-list-only; pages still cannot open it.
    dynamicRules.push({
      id: TIERS.allowList.firstId + 1,
      priority: TIERS.allowList.priority,
      action: { type: 'allow' },
      condition: { requestDomains: [new URL(policy.reportingUrl).hostname], resourceTypes: ['xmlhttprequest'] },
    });
  }
  if (policy.blockedDomains.length > 0) {
    dynamicRules.push({
      id: TIERS.blockList.firstId,
      priority: TIERS.blockList.priority,
      action: stop(SCHOOL_BLOCK_LIST),
      condition: { requestDomains: [...policy.blockedDomains], resourceTypes: allTypes },
    });
  }
  if (policy.allowListOnly) {
    dynamicRules.push({
      id: TIERS.allowListOnly.firstId,
      priority: TIERS.allowListOnly.priority,
      action: stop(NOT_ON_ALLOW_LIST),
      // No URL condition: matches every request the browser lets DNR see, without using a regex slot.
      condition: { resourceTypes: allTypes },
    });
  }

  const staticCategories = input.canRedirect ? enforced : [];
  const guard = input.policyUnknown ? { enable: [STARTUP_GUARD_RULESET], disable: [] } : { enable: [], disable: [STARTUP_GUARD_RULESET] };
  // Trailing-dot hosts: sent to the usual spelling where redirects work, else blocked.
  const [spelling, otherSpelling] = input.canRedirect
    ? [HOST_SPELLING_RULESET, HOST_SPELLING_BLOCK_RULESET]
    : [HOST_SPELLING_BLOCK_RULESET, HOST_SPELLING_RULESET];
  const enableRulesets = [spelling, HELP_SITES_RULESET, ...staticCategories.map((c) => c.id), ...guard.enable];
  const disableRulesets = [
    otherSpelling,
    ...catalogue.categories.filter((c) => !staticCategories.includes(c)).map((c) => c.id),
    ...guard.disable,
  ];
  return { enableRulesets, disableRulesets, dynamicRules };
}
