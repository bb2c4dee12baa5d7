import { BlockIndex } from '../../src/core/block-index.js';
import type { Catalogue } from '../../src/core/categories.js';
import { type Policy, parsePolicy } from '../../src/core/policy.js';
import { policyDigest } from '../../src/core/policy-digest.js';
import { rulesetDomains } from '../../src/rules/category-ruleset.js';
import { HELP_SITES_RULESET, planRules, type RulePlan } from '../../src/rules/plan.js';
import type { TargetBrowser } from '../../src/rules/resource-types.js';
import type { DnrApi } from '../adapters/dnr-browser-api.js';
import type { ExtensionFiles } from '../adapters/extension-files-browser-api.js';
import type { HostPermission } from '../adapters/host-permission-browser-api.js';
import type { LocalStore } from '../adapters/local-storage-browser-api.js';
import type { ManagedPolicySource } from '../adapters/managed-policy-browser-api.js';
import type { FilterStatus } from '../shared/status.js';
import { acceptRelayedPolicy, readPolicy } from './policy-reader.js';

export interface FilteringDeps {
  dnr: DnrApi;
  policySource: ManagedPolicySource;
  hostPermission: HostPermission;
  files: ExtensionFiles;
  store: LocalStore;
  catalogue: Catalogue;
  target: TargetBrowser;
  rulesVersion: string;
  log?: Pick<Console, 'warn' | 'error'>;
  managedReadTimeoutMs?: number;
}

export interface InForce {
  policy: Policy;
  plan: RulePlan;
  /**
   * Answers "is this host blocked, and why?" for what DNR does not report. Built on first use, after
   * the rules are in force: with millions of listed domains it takes seconds the rules need not wait.
   */
  index: () => Promise<BlockIndex>;
}

const FIRST_POLICY_RETRY_MS = 2_000;

/**
 * Makes the rules in force match the managed policy. Every rebuild reads everything afresh and
 * replaces the whole rule set, so it is idempotent; rebuilds run one at a time (overlapping DNR
 * updates fail with duplicate ids) and a burst of triggers collapses into one extra pass.
 */
export class FilteringService {
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private readonly categoryHosts = new Map<string, string[][]>();
  private helpSites: string[] | null = null;
  private current: InForce | null = null;
  private lastReadFresh = false;
  private relayed: { raw: unknown } | null = null;
  private policyKnown!: () => void;
  private readonly policyKnownPromise = new Promise<void>((resolve) => (this.policyKnown = resolve));

  constructor(private readonly deps: FilteringDeps) {}

  refresh(reason: string): Promise<void> {
    if (this.queued !== null) return this.queued;
    const next = this.running.then(() => {
      this.queued = null;
      return this.rebuild(reason);
    });
    this.queued = next;
    this.running = next.catch(() => undefined);
    return next;
  }

  /**
   * A page read the managed policy for us. Used only while the worker's own read is stalled: it
   * becomes the last known policy, which the next rebuild falls back on.
   */
  async policyFromPage(raw: unknown): Promise<void> {
    if (this.lastReadFresh) return;
    await acceptRelayedPolicy(this.deps.store, raw);
    this.relayed = { raw };
    await this.refresh('policy-from-page');
  }

  /** Resolves once the school's policy (not only the safe defaults) is in force and the start-up guard is off. */
  policyInForce(): Promise<void> {
    return this.policyKnownPromise;
  }

  /** The policy and plan last applied (after any pending `refresh`). */
  async inForce(): Promise<InForce | null> {
    await this.running;
    return this.current;
  }

  private async rebuild(reason: string): Promise<void> {
    const { dnr, catalogue, log = console } = this.deps;
    // A policy relayed by a page stands in for one pass, without waiting on the stalled read again.
    const { raw, note, fresh } = this.relayed
      ? { ...this.relayed, note: 'the managed policy was read by an extension page (the worker’s own read stalled)', fresh: false }
      : await readPolicy(this.deps.policySource, this.deps.store, this.deps.managedReadTimeoutMs);
    this.relayed = null;
    this.lastReadFresh = fresh;
    if (fresh) this.retryDelayMs = FIRST_POLICY_RETRY_MS;
    else this.retryPolicyRead();
    const { policy, problems } = parsePolicy(raw, catalogue);
    const notes = note ? [note] : [];
    for (const problem of problems) {
      log.warn(`SafeScreen policy ${problem.severity}: ${problem.key}${problem.entry ? ` "${problem.entry}"` : ''}: ${problem.reason}`);
    }
    const canRedirect = await this.deps.hostPermission.granted();
    if (!canRedirect) notes.push('host permission withheld: blocked sites show the browser error page instead of the SafeScreen page');

    const status: FilterStatus = {
      state: 'applied',
      reason,
      appliedAt: new Date().toISOString(),
      policyDigest: await policyDigest(raw),
      rulesVersion: this.deps.rulesVersion,
      profile: policy.profile,
      schoolId: policy.schoolId,
      groupId: policy.groupId,
      blockedCategories: policy.blockedCategories,
      blockedDomainCount: policy.blockedDomains.length,
      allowedDomainCount: policy.allowedDomains.length,
      allowListOnly: policy.allowListOnly,
      redirectToBlockPage: canRedirect,
      notes,
      problems,
      enabledRulesets: [],
      dynamicRuleCount: 0,
    };
    try {
      // The lists are read back for the rules only as block-rule copies, without redirects.
      if (!canRedirect) await this.loadCategoryHosts();
      const categoryDomains = new Map(canRedirect ? [] : [...this.categoryHosts].map(([id, lists]) => [id, lists.flat()]));
      const policyUnknown = !fresh && raw === undefined;
      if (policyUnknown) notes.push('no policy known yet: pages wait on the getting-ready screen until it arrives');
      const plan = planRules({
        policy,
        catalogue,
        categoryDomains,
        canRedirect,
        target: this.deps.target,
        policyUnknown,
      });
      // Enable first and disable last, so no moment has fewer blocks than before or after (a
      // ruleset set aside for its block-rule copies goes only once they are in).
      await dnr.updateEnabledRulesets(plan.enableRulesets, []);
      await dnr.replaceDynamicRules(plan.dynamicRules);
      await dnr.updateEnabledRulesets([], plan.disableRulesets);
      let index: Promise<BlockIndex> | undefined;
      const build = async () => {
        await this.loadCategoryHosts();
        return new BlockIndex(policy, catalogue, this.categoryHosts, this.helpSites ?? []);
      };
      this.current = { policy, plan, index: () => (index ??= build()) };
      if (!policyUnknown) this.policyKnown();
      status.enabledRulesets = await dnr.getEnabledRulesets();
      status.dynamicRuleCount = plan.dynamicRules.length;
    } catch (error) {
      // The previous rules stay in force (each DNR update is atomic); say so loudly.
      status.state = 'failed';
      status.error = (error as Error).message;
      log.error(`SafeScreen could not apply the policy: ${status.error}`);
    }
    await this.deps.store.set('status', status);
    if (status.state === 'failed') throw new Error(status.error);
  }

  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelayMs = FIRST_POLICY_RETRY_MS;

  /** Asks the browser for the managed policy again, less often each time, until it answers. */
  private retryPolicyRead(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.refresh('policy-arrived').catch(() => undefined), this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 5 * 60_000);
  }

  private domainsLoaded: Promise<void> | undefined;

  /** The packaged lists, read once per worker life (they change only with the extension). */
  private loadCategoryHosts(): Promise<void> {
    this.domainsLoaded ??= (async () => {
      this.helpSites = rulesetDomains(await this.deps.files.readRuleset(HELP_SITES_RULESET));
      for (const category of this.deps.catalogue.categories) {
        const rules = await this.deps.files.readRuleset(category.id);
        this.categoryHosts.set(
          category.id,
          rules.map((rule) => rule.condition.requestDomains ?? []),
        );
      }
    })().catch((error) => {
      this.domainsLoaded = undefined;
      throw error;
    });
    return this.domainsLoaded;
  }
}
