import type { DnrRule } from './dnr-types.js';
import { ALL_RESOURCE_TYPES, type TargetBrowser } from './resource-types.js';

/**
 * A category's static ruleset: one block rule for every resource type, main frames included, so
 * the category holds even before the service worker has added its block-page redirect.
 * Empty lists give an empty ruleset (DNR rejects an empty requestDomains, which would mean "all").
 */
export function categoryRuleset(domains: string[], priority: number, target: TargetBrowser): DnrRule[] {
  if (domains.length === 0) return [];
  return [
    {
      id: 1,
      priority,
      action: { type: 'block' },
      condition: { requestDomains: domains, resourceTypes: [...ALL_RESOURCE_TYPES[target]] },
    },
  ];
}

export function helpSitesRuleset(domains: string[], priority: number, target: TargetBrowser): DnrRule[] {
  if (domains.length === 0) return [];
  return [
    {
      id: 1,
      priority,
      action: { type: 'allow' },
      condition: { requestDomains: domains, resourceTypes: [...ALL_RESOURCE_TYPES[target]] },
    },
  ];
}

/** The domains a ruleset built by this module covers (the extension reads them back for its redirects). */
export function rulesetDomains(rules: DnrRule[]): string[] {
  return rules.flatMap((rule) => rule.condition.requestDomains ?? []);
}
