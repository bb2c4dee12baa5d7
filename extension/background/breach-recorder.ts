import { parseBlockFragment } from '../../src/core/block-fragment.js';
import { makeBreachRecord, type BreachRecord } from '../../src/core/breach.js';
import { hostIsWithin } from '../../src/core/domain.js';
import { PageLoadBreaches } from '../../src/core/page-load-breaches.js';
import type { DnrApi } from '../adapters/dnr-browser-api.js';
import type { BreachStore } from './breach-store.js';
import type { FilteringService, InForce } from './filtering-service.js';

export type BreachOutcome = { recorded: true; record: BreachRecord } | { recorded: false; reason: string };

export interface BreachRecorderDeps {
  dnr: DnrApi;
  filtering: FilteringService;
  store: BreachStore;
  rulesVersion: string;
  deviceId: () => Promise<string>;
  /** The signed-in user's email, asked only when the policy allows it to be recorded. */
  userEmail: () => Promise<string | undefined>;
  /** Called after each record is safely stored: starts an upload. */
  onRecorded: () => void;
  now?: () => Date;
  newId?: () => string;
}

/**
 * Every way a pupil can meet a block ends here, and every record is in IndexedDB before anything
 * else is done with it. Nothing a page says is trusted: the category always comes from the rules
 * in force, so a made-up block page address records nothing.
 */
export class BreachRecorder {
  private readonly pageLoads = new PageLoadBreaches();

  constructor(private readonly deps: BreachRecorderDeps) {}

  /** The block page, opened by a redirect rule, reports what it replaced. */
  async fromBlockPage(fragment: string, inFrame: boolean): Promise<BreachOutcome> {
    const blocked = parseBlockFragment(fragment);
    if (!blocked) return { recorded: false, reason: 'the block page address does not name a blocked URL' };
    const inForce = await this.deps.filtering.inForce();
    const category = inForce?.plan.ruleCategories[blocked.ruleId];
    const [rule] = await this.deps.dnr.getDynamicRules([blocked.ruleId]);
    const host = new URL(blocked.url).hostname;
    const domains = rule?.condition.requestDomains;
    if (!inForce || !category || !rule || (domains && !domains.some((domain) => hostIsWithin(host, domain)))) {
      return { recorded: false, reason: 'no rule in force blocks that URL' };
    }
    return this.record(inForce, blocked.url, category, `dynamic:${rule.id}`, inFrame ? 'sub_frame' : 'main_frame');
  }

  /**
   * A request failed: if the policy blocks its host it was one of ours (images, scripts, fetches;
   * or whole pages when redirects are unavailable). One breach per page load and host, counted.
   */
  async fromFailedRequest(request: { url: string; tabId: number; type: string }): Promise<BreachOutcome> {
    const inForce = await this.deps.filtering.inForce();
    const verdict = inForce ? verdictFor(inForce, request.url) : null;
    if (!inForce || !verdict) return { recorded: false, reason: 'not blocked by the policy' };
    const host = new URL(request.url).hostname;
    let outcome: BreachOutcome = { recorded: false, reason: 'counted in this page load’s breach' };
    // No await between the verdict and the chain: simultaneous events for one host queue in order.
    await this.pageLoads.chain(request.tabId, host, verdict.category, async (earlier) => {
      // Once that breach has been sent (or dropped), further blocks from the page start a new one.
      if (earlier && (await this.deps.store.addToCount(earlier, 1))) return earlier;
      outcome = await this.record(inForce, request.url, verdict.category, `policy:${verdict.tier}`, request.type);
      return outcome.recorded ? outcome.record.id : undefined;
    });
    return outcome;
  }

  /**
   * A document the policy blocks is showing anyway: served from the site's own cache, loaded before
   * the policy changed, or reached by an in-page (history API) navigation. Returns the record so the
   * caller can replace the page.
   */
  async fromLoadedAnyway(url: string, inFrame: boolean): Promise<BreachOutcome> {
    const inForce = await this.deps.filtering.inForce();
    const verdict = inForce ? verdictFor(inForce, url) : null;
    if (!inForce || !verdict) return { recorded: false, reason: 'not blocked by the policy' };
    return this.record(inForce, url, verdict.category, `policy:${verdict.tier}`, inFrame ? 'sub_frame' : 'main_frame');
  }

  newPageLoad(tabId: number): void {
    this.pageLoads.newPageLoad(tabId);
  }

  tabClosed(tabId: number): void {
    this.pageLoads.tabClosed(tabId);
  }

  private async record(inForce: InForce, url: string, category: string, ruleId: string, resourceType: string): Promise<BreachOutcome> {
    const record = makeBreachRecord({
      id: this.deps.newId?.() ?? crypto.randomUUID(),
      occurredAt: this.deps.now?.() ?? new Date(),
      url,
      category,
      ruleId,
      rulesVersion: this.deps.rulesVersion,
      resourceType,
      schoolId: inForce.policy.schoolId,
      groupId: inForce.policy.groupId,
      deviceId: await this.deps.deviceId(),
      user: inForce.policy.reportUserEmail ? await this.deps.userEmail() : undefined,
    });
    await this.deps.store.add(record);
    this.deps.onRecorded();
    return { recorded: true, record };
  }
}

function verdictFor(inForce: InForce, url: string) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return /^https?:$/.test(parsed.protocol) ? inForce.index.verdict(parsed.hostname) : null;
}
