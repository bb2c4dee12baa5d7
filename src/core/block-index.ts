import type { Catalogue } from './categories.js';
import { illegalCategories } from './categories.js';
import type { Policy } from './policy.js';

export type BlockTier = 'illegal' | 'blockList' | 'categories' | 'allowListOnly';

export interface BlockVerdict {
  tier: BlockTier;
  /** A catalogue id, or 'school-block-list' / 'not-on-allow-list'. */
  category: string;
}

export const SCHOOL_BLOCK_LIST = 'school-block-list';
export const NOT_ON_ALLOW_LIST = 'not-on-allow-list';

/**
 * Answers "does the policy in force block this host, and why?" with the same precedence as the
 * DNR rules (src/rules/priorities.ts), for what DNR does not report itself: which category a
 * blocked image belonged to, and pages that loaded anyway (from a site's own cache, or before a
 * policy change). Lookups walk the host's parent domains: O(labels), whatever the list sizes.
 */
export class BlockIndex {
  private readonly illegal = new Map<string, string>();
  private readonly help: Set<string>;
  private readonly allowed: Set<string>;
  private readonly blocked: Set<string>;
  private readonly categories = new Map<string, string>();
  private readonly enforced: Set<string>;

  constructor(
    private readonly policy: Policy,
    catalogue: Catalogue,
    categoryDomains: ReadonlyMap<string, readonly string[]>,
    helpSites: readonly string[],
  ) {
    const illegalIds = new Set(illegalCategories(catalogue));
    this.enforced = new Set([
      ...illegalIds,
      ...policy.blockedCategories,
      ...(policy.blockedDomains.length > 0 ? [SCHOOL_BLOCK_LIST] : []),
      ...(policy.allowListOnly ? [NOT_ON_ALLOW_LIST] : []),
    ]);
    for (const id of [...illegalIds, ...policy.blockedCategories]) {
      const target = illegalIds.has(id) ? this.illegal : this.categories;
      for (const domain of categoryDomains.get(id) ?? []) if (!target.has(domain)) target.set(domain, id);
    }
    this.help = new Set(helpSites);
    this.allowed = new Set(policy.allowedDomains);
    this.blocked = new Set(policy.blockedDomains);
  }

  /** Whether the policy in force blocks anything under this category name. */
  enforces(category: string): boolean {
    return this.enforced.has(category);
  }

  verdict(host: string): BlockVerdict | null {
    const illegal = lookup(host, (d) => this.illegal.get(d));
    if (illegal) return { tier: 'illegal', category: illegal };
    if (lookup(host, (d) => (this.help.has(d) || this.allowed.has(d) ? d : undefined))) return null;
    if (lookup(host, (d) => (this.blocked.has(d) ? d : undefined))) return { tier: 'blockList', category: SCHOOL_BLOCK_LIST };
    const category = lookup(host, (d) => this.categories.get(d));
    if (category) return { tier: 'categories', category };
    return this.policy.allowListOnly ? { tier: 'allowListOnly', category: NOT_ON_ALLOW_LIST } : null;
  }
}

/** Tries `host`, then each parent domain, the way DNR's requestDomains match. */
function lookup(host: string, find: (domain: string) => string | undefined): string | undefined {
  for (let domain = host; ; ) {
    const found = find(domain);
    if (found !== undefined) return found;
    const dot = domain.indexOf('.');
    if (dot === -1) return undefined;
    domain = domain.slice(dot + 1);
  }
}
