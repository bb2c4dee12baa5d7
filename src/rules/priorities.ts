/**
 * The one table of DNR priorities and dynamic rule-id ranges. Highest priority wins across all
 * rulesets of the extension. Each tier has one priority: its rules redirect every resource type to
 * the block page (pages and frames show it; images and scripts simply fail), or block outright
 * when the host permission a redirect needs is withheld.
 *
 * | tier            | what                                         | priority | action          | dynamic ids      |
 * |-----------------|----------------------------------------------|----------|-----------------|------------------|
 * | illegal         | IWF / CTIRU lists: nothing allows past them  | 1000     | redirect (block)| 1000–1999 (block)|
 * | help sites      | Childline, Samaritans, NSPCC, CEOP, IWF      | 900      | allow           | (static ruleset) |
 * | start-up guard  | everything, until the policy is in force     | 850      | redirect        | (static ruleset) |
 * | allow list      | policy allowedDomains, approved requests     | 800      | allow           | 2000–2999        |
 * | block list      | policy blockedDomains, emergency blocks      | 700      | redirect (block)| 3000–3999        |
 * | categories      | categories enabled by policy or profile      | 600      | redirect (block)| 4000–4999 (block)|
 * | allow-list-only | everything else, when allowListOnly is set   | 500      | redirect (block)| 5000–5999        |
 *
 * Illegal and category lists are static rulesets, numbered from 1 in each file; their dynamic ids
 * are used only for the block-rule copies that stand in when redirects are impossible. The start-up
 * guard (src/rules/startup-guard.ts) is enabled by the manifest, so an install or an update starts
 * with it, and the worker turns it off once the school's policy is in force.
 */
export const TIERS = {
  illegal: { priority: 1000, firstId: 1000 },
  helpSites: { priority: 900 },
  startupGuard: { priority: 850 },
  allowList: { priority: 800, firstId: 2000 },
  blockList: { priority: 700, firstId: 3000 },
  categories: { priority: 600, firstId: 4000 },
  allowListOnly: { priority: 500, firstId: 5000 },
} as const;

export const TIER_ID_SPAN = 1000;

export type DynamicTier = 'illegal' | 'allowList' | 'blockList' | 'categories' | 'allowListOnly';

/** Which tier a dynamic rule id belongs to, or null when it is outside every range. */
export function tierOfDynamicRule(id: number): DynamicTier | null {
  for (const tier of ['illegal', 'allowList', 'blockList', 'categories', 'allowListOnly'] as const) {
    const first = TIERS[tier].firstId;
    if (id >= first && id < first + TIER_ID_SPAN) return tier;
  }
  return null;
}
