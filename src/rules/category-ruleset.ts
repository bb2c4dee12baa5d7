import type { DnrRule } from './dnr-types.js';

/**
 * The domains a compiled ruleset covers (the extension reads them back for its redirects and its
 * block index). The compiler may split a category over several rules; this gathers them all.
 */
export function rulesetDomains(rules: DnrRule[]): string[] {
  return rules.length === 1 ? (rules[0].condition.requestDomains ?? []) : rules.flatMap((rule) => rule.condition.requestDomains ?? []);
}
