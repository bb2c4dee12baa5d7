import { blockPagePath } from '../core/block-page-address.js';
import type { DnrRule } from './dnr-types.js';
import { TIERS } from './priorities.js';

/**
 * What a category's static rules do: send every request to its hosts to the block page, at the
 * illegal tier's priority (nothing allows past it) or the categories tier's. One rule list serves
 * pages, frames and subresources alike, so a list is stored once however large it is.
 */
export function categoryRuleAction(categoryId: string, illegal: boolean): { action: DnrRule['action']; priority: number } {
  return {
    action: { type: 'redirect', redirect: { extensionPath: blockPagePath(categoryId) } },
    priority: illegal ? TIERS.illegal.priority : TIERS.categories.priority,
  };
}

/**
 * The domains a compiled ruleset covers (the extension reads them back for its block index and its
 * fallback block rules). The compiler may split a category over several rules; this gathers them all.
 */
export function rulesetDomains(rules: DnrRule[]): string[] {
  return rules.length === 1 ? (rules[0].condition.requestDomains ?? []) : rules.flatMap((rule) => rule.condition.requestDomains ?? []);
}
