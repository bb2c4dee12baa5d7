import { NOT_ON_ALLOW_LIST, SCHOOL_BLOCK_LIST } from '../core/block-index.js';
import type { Catalogue } from '../core/categories.js';
import { TIERS } from './priorities.js';

export type BlockingTier = 'illegal' | 'blockList' | 'categories' | 'allowListOnly';

/** "Why was this blocked?": the tier (priorities.ts) and the list that blocked a breach. */
export interface DecisionTrail {
  tier: BlockingTier;
  /** The tier's name in the priority table, e.g. "categories". */
  tierLabel: string;
  /** The list, e.g. "Gambling (category list)" or "the school's block list". */
  list: string;
}

const BLOCKING_TIERS: readonly BlockingTier[] = ['illegal', 'blockList', 'categories', 'allowListOnly'];

/**
 * The extension names the tier in the rule id (`policy:<tier>`, breach-recorder.ts); a rule id it
 * does not name (an older device) is read from the category, which says the same.
 */
export function decisionTrail(ruleId: string, category: string, catalogue: Catalogue): DecisionTrail {
  const entry = catalogue.categories.find((candidate) => candidate.id === category);
  const named = BLOCKING_TIERS.find((tier) => ruleId === `policy:${tier}`);
  const tier: BlockingTier =
    named ??
    (category === SCHOOL_BLOCK_LIST
      ? 'blockList'
      : category === NOT_ON_ALLOW_LIST
        ? 'allowListOnly'
        : entry?.tier === 'illegal'
          ? 'illegal'
          : 'categories');
  const list =
    tier === 'blockList'
      ? "the school's block list"
      : tier === 'allowListOnly'
        ? "not on the school's allow list (allow-list only)"
        : entry
          ? `${entry.title} (${tier === 'illegal' ? 'illegal-content list' : 'category list'})`
          : `category "${category}"`;
  return { tier, tierLabel: TIERS[tier].label, list };
}
