/**
 * The one table of DNR priorities and dynamic rule-id ranges. Highest priority wins across all
 * rulesets of the extension. Each tier has one priority: its rules redirect every resource type to
 * the block page (pages and frames show it; images and scripts simply fail), or block outright
 * when the host permission a redirect needs is withheld.
 *
 * | tier                 | what                                         | priority | action          | dynamic ids      |
 * |----------------------|----------------------------------------------|----------|-----------------|------------------|
 * | host spelling        | trailing-dot hosts, sent to the usual name   | 1100     | redirect (block)| (static ruleset) |
 * | illegal content      | IWF / CTIRU lists: nothing allows past them  | 1000     | redirect (block)| 1000–1999 (block)|
 * | protected help sites | Childline, Samaritans, NSPCC, CEOP, IWF      | 900      | allow           | (static ruleset) |
 * | start-up guard       | everything, until the policy is in force     | 850      | redirect        | (static ruleset) |
 * | allow list           | policy allowedDomains, approved requests     | 800      | allow           | 2000–2999        |
 * | block list           | policy blockedDomains, emergency blocks      | 700      | redirect (block)| 3000–3999        |
 * | categories           | categories enabled by policy or profile      | 600      | redirect (block)| 4000–4999 (block)|
 * | allow-list only      | everything else, when allowListOnly is set   | 500      | redirect (block)| 5000–5999        |
 *
 * Host spelling (src/rules/host-spelling.ts) is a manifest-enabled ruleset that rewrites what the
 * lists could not match (Firefox reads `blocked.example.` as another host) before any tier judges it.
 * Illegal and category lists are static rulesets, numbered from 1 in each file; their dynamic ids
 * are used only for the block-rule copies that stand in when redirects are impossible. The start-up
 * guard (src/rules/startup-guard.ts) is enabled by the manifest, so an install or an update starts
 * with it, and the worker turns it off once the school's policy is in force.
 *
 * Each tier's `label` is its name in the tables here and in the README ("How filtering works");
 * test/unit/priorities.test.ts holds all three to one another.
 */
export const TIERS = {
  hostSpelling: { priority: 1100, label: 'host spelling' },
  illegal: { priority: 1000, firstId: 1000, label: 'illegal content' },
  helpSites: { priority: 900, label: 'protected help sites' },
  startupGuard: { priority: 850, label: 'start-up guard' },
  allowList: { priority: 800, firstId: 2000, label: 'allow list' },
  blockList: { priority: 700, firstId: 3000, label: 'block list' },
  categories: { priority: 600, firstId: 4000, label: 'categories' },
  allowListOnly: { priority: 500, firstId: 5000, label: 'allow-list only' },
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
