/**
 * The one table of DNR priorities and dynamic rule-id ranges. Highest priority wins across all
 * rulesets of the extension; at equal priority Chromium and Firefox prefer allow > block > redirect,
 * so each redirect sits one above the block rule of its own tier (the child must see the block
 * page, not a browser error) and below the next tier up.
 *
 * | tier            | what                                         | block | redirect | allow | dynamic ids     |
 * |-----------------|----------------------------------------------|-------|----------|-------|-----------------|
 * | illegal         | IWF / CTIRU lists: nothing allows past them  | 1000  | 1001     |       | 1000–1999       |
 * | help sites      | Childline, Samaritans, NSPCC, CEOP, IWF      |       |          | 900   | (static ruleset)|
 * | allow list      | policy allowedDomains, approved requests     |       |          | 800   | 2000–2999       |
 * | block list      | policy blockedDomains, emergency blocks      | 700   | 701      |       | 3000–3999       |
 * | categories      | categories enabled by policy or profile      | 600   | 601      |       | 4000–4999       |
 * | allow-list-only | everything else, when allowListOnly is set   | 500   | 501      |       | 5000–5999       |
 *
 * Static rulesets number their rules from 1 in each file; the tier is carried by the priority.
 */
export const TIERS = {
  illegal: { block: 1000, redirect: 1001, firstId: 1000 },
  helpSites: { allow: 900 },
  allowList: { allow: 800, firstId: 2000 },
  blockList: { block: 700, redirect: 701, firstId: 3000 },
  categories: { block: 600, redirect: 601, firstId: 4000 },
  allowListOnly: { block: 500, redirect: 501, firstId: 5000 },
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
