import type { Catalogue } from '../core/categories.js';
import { illegalCategories } from '../core/categories.js';
import type { Policy } from '../core/policy.js';
import { blockPageSubstitution } from '../core/block-fragment.js';
import type { DnrRule } from './dnr-types.js';
import { TIERS } from './priorities.js';
import { ALL_RESOURCE_TYPES, DOCUMENT_TYPES, type TargetBrowser } from './resource-types.js';

export const HELP_SITES_RULESET = 'help-sites';

export interface PlanInput {
  policy: Policy;
  catalogue: Catalogue;
  /** Each category's domains, as compiled into its static ruleset. */
  categoryDomains: ReadonlyMap<string, readonly string[]>;
  /** The extension's block page, absolute (a relative substitution silently does nothing). */
  blockPageUrl: string;
  /** False when the host permission a redirect needs is missing: block without the friendly page. */
  canRedirect: boolean;
  target: TargetBrowser;
}

export interface RulePlan {
  enableRulesets: string[];
  disableRulesets: string[];
  dynamicRules: DnrRule[];
  /** Category behind each dynamic redirect rule, for the breach record's decision trail. */
  ruleCategories: Record<number, string>;
}

const ANY_WEB_URL = '^https?://.*';

/** Which static rulesets to enable and which dynamic rules to install for a policy (pure). */
export function planRules(input: PlanInput): RulePlan {
  const { policy, catalogue, target } = input;
  const allTypes = [...ALL_RESOURCE_TYPES[target]];
  const enforced = new Set([...illegalCategories(catalogue), ...policy.blockedCategories]);
  const categories = catalogue.categories;

  const dynamicRules: DnrRule[] = [];
  const ruleCategories: Record<number, string> = {};
  const redirect = (id: number, priority: number, requestDomains?: readonly string[]): DnrRule => ({
    id,
    priority,
    action: { type: 'redirect', redirect: { regexSubstitution: blockPageSubstitution(input.blockPageUrl, id) } },
    condition: {
      regexFilter: ANY_WEB_URL,
      ...(requestDomains ? { requestDomains: [...requestDomains] } : {}),
      resourceTypes: [...DOCUMENT_TYPES],
    },
  });

  // Illegal and category tiers: the static rulesets block; here each gains its block-page redirect.
  categories.forEach((category, index) => {
    const domains = input.categoryDomains.get(category.id) ?? [];
    if (!enforced.has(category.id) || domains.length === 0 || !input.canRedirect) return;
    const tier = category.tier === 'illegal' ? TIERS.illegal : TIERS.categories;
    const id = tier.firstId + index;
    dynamicRules.push(redirect(id, tier.redirect, domains));
    ruleCategories[id] = category.id;
  });

  if (policy.allowedDomains.length > 0) {
    dynamicRules.push({
      id: TIERS.allowList.firstId,
      priority: TIERS.allowList.allow,
      action: { type: 'allow' },
      condition: { requestDomains: [...policy.allowedDomains], resourceTypes: allTypes },
    });
  }
  if (policy.reportingUrl) {
    // Breach reports must get through even under allow-list-only; pages still cannot open it.
    dynamicRules.push({
      id: TIERS.allowList.firstId + 1,
      priority: TIERS.allowList.allow,
      action: { type: 'allow' },
      condition: { requestDomains: [new URL(policy.reportingUrl).hostname], resourceTypes: ['xmlhttprequest'] },
    });
  }

  if (policy.blockedDomains.length > 0) {
    const { firstId, block, redirect: redirectPriority } = TIERS.blockList;
    if (input.canRedirect) {
      dynamicRules.push(redirect(firstId, redirectPriority, policy.blockedDomains));
      ruleCategories[firstId] = 'school-block-list';
    }
    dynamicRules.push({
      id: firstId + 1,
      priority: block,
      action: { type: 'block' },
      condition: { requestDomains: [...policy.blockedDomains], resourceTypes: allTypes },
    });
  }

  if (policy.allowListOnly) {
    const { firstId, block, redirect: redirectPriority } = TIERS.allowListOnly;
    if (input.canRedirect) {
      dynamicRules.push(redirect(firstId, redirectPriority));
      ruleCategories[firstId] = 'not-on-allow-list';
    }
    dynamicRules.push({
      id: firstId + 1,
      priority: block,
      action: { type: 'block' },
      // No URL condition: matches every request the browser lets DNR see, without using a regex slot.
      condition: { resourceTypes: allTypes },
    });
  }

  const enableRulesets = [HELP_SITES_RULESET, ...categories.filter((c) => enforced.has(c.id)).map((c) => c.id)];
  const disableRulesets = categories.filter((c) => !enforced.has(c.id)).map((c) => c.id);
  return { enableRulesets, disableRulesets, dynamicRules, ruleCategories };
}
