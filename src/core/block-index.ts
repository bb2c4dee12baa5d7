import type { Catalogue } from './categories.js';
import { illegalCategories } from './categories.js';
import { sortedHostsInclude } from './hosts-from-end.js';
import type { Policy } from './policy.js';

export type BlockTier = 'illegal' | 'blockList' | 'categories' | 'allowListOnly';

export interface BlockVerdict {
  tier: BlockTier;
  /** A catalogue id, or 'school-block-list' / 'not-on-allow-list'. */
  category: string;
}

export const SCHOOL_BLOCK_LIST = 'school-block-list';
export const NOT_ON_ALLOW_LIST = 'not-on-allow-list';

/** Every category a verdict (and so a breach record) can name: the catalogue's and the policy's own two. */
export function recordableCategories(catalogue: Catalogue): ReadonlySet<string> {
  return new Set([...catalogue.categories.map((category) => category.id), SCHOOL_BLOCK_LIST, NOT_ON_ALLOW_LIST]);
}

/** A category's hosts as compiled: one list per rule, each sorted from the end of the name. */
export type CompiledHostLists = readonly (readonly string[])[];

/**
 * Answers "does the policy in force block this host, and why?" with the same precedence as the
 * DNR rules (src/rules/priorities.ts), for what DNR does not report itself: whether a redirect to
 * the block page was really one of ours, which category a blocked request belonged to, and pages
 * that loaded anyway (from a site's own cache, or before a policy change). The compiled lists are
 * searched where they lie (binary search in each rule's sorted hosts), so millions of domains cost
 * no index to build; lookups walk the host's parent domains, as DNR's requestDomains match.
 */
export class BlockIndex {
  private readonly illegal: [string, CompiledHostLists][];
  private readonly categories: [string, CompiledHostLists][];
  private readonly help: Set<string>;
  private readonly allowed: Set<string>;
  private readonly blocked: Set<string>;
  private readonly enforced: Set<string>;

  constructor(
    private readonly policy: Policy,
    catalogue: Catalogue,
    categoryHosts: ReadonlyMap<string, CompiledHostLists>,
    helpSites: readonly string[],
  ) {
    const illegalIds = illegalCategories(catalogue);
    this.enforced = new Set([
      ...illegalIds,
      ...policy.blockedCategories,
      ...(policy.blockedDomains.length > 0 ? [SCHOOL_BLOCK_LIST] : []),
      ...(policy.allowListOnly ? [NOT_ON_ALLOW_LIST] : []),
    ]);
    const lists = (ids: readonly string[]) => ids.map((id): [string, CompiledHostLists] => [id, categoryHosts.get(id) ?? []]);
    this.illegal = lists(illegalIds);
    this.categories = lists(policy.blockedCategories.filter((id) => !illegalIds.includes(id)));
    this.help = new Set(helpSites);
    this.allowed = new Set(policy.allowedDomains);
    this.blocked = new Set(policy.blockedDomains);
  }

  /** Whether the policy in force blocks anything under this category name. */
  enforces(category: string): boolean {
    return this.enforced.has(category);
  }

  verdict(host: string): BlockVerdict | null {
    const illegal = lookup(host, (d) => listing(this.illegal, d));
    if (illegal) return { tier: 'illegal', category: illegal };
    if (lookup(host, (d) => (this.help.has(d) || this.allowed.has(d) ? d : undefined))) return null;
    if (lookup(host, (d) => (this.blocked.has(d) ? d : undefined))) return { tier: 'blockList', category: SCHOOL_BLOCK_LIST };
    const category = lookup(host, (d) => listing(this.categories, d));
    if (category) return { tier: 'categories', category };
    return this.policy.allowListOnly ? { tier: 'allowListOnly', category: NOT_ON_ALLOW_LIST } : null;
  }
}

/** The first category whose compiled lists hold `domain`. */
function listing(categories: [string, CompiledHostLists][], domain: string): string | undefined {
  return categories.find(([, lists]) => lists.some((hosts) => sortedHostsInclude(hosts, domain)))?.[0];
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
