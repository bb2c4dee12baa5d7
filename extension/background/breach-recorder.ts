import type { BlockTier } from '../../src/core/block-index.js';
import { blockedCategoryOf } from '../../src/core/block-page-address.js';
import { type BreachRecord, makeBreachRecord } from '../../src/core/breach.js';
import { isDocumentType } from '../../src/core/document-types.js';
import { PageLoadBreaches } from '../../src/core/page-load-breaches.js';
import type { FailedRequest, RedirectedRequest } from '../adapters/web-request-browser-api.js';
import type { BreachStore } from './breach-store.js';
import type { FilteringService, InForce } from './filtering-service.js';
import { forgetTab, frameKey } from './frame-key.js';

export type BreachOutcome = { recorded: true; record: BreachRecord } | { recorded: false; reason: string };

export interface BreachRecorderDeps {
  filtering: FilteringService;
  store: BreachStore;
  /** The block page's absolute URL, without query or fragment. */
  blockPageUrl: string;
  rulesVersion: string;
  deviceId: () => Promise<string>;
  /** The signed-in user's email, asked only when the policy allows it to be recorded. */
  userEmail: () => Promise<string | undefined>;
  /** Called after each record is safely stored: starts an upload. */
  onRecorded: () => void;
  now?: () => Date;
  newId?: () => string;
}

// Requests already counted as redirected, so the error some end in afterwards is not counted again.
const REMEMBERED_REDIRECTS = 10_000;

/**
 * Every way a pupil can meet a block ends here, and every record is in IndexedDB before anything
 * else is done with it. Nothing a page or a site says is trusted: a breach is recorded only when
 * the rules in force block the request's host, so a site redirecting to the block page itself,
 * or a made-up block page address, records nothing.
 */
export class BreachRecorder {
  private readonly pageLoads = new PageLoadBreaches();
  private readonly redirected = new Set<string>();
  /** What each tab's frames last showed the block page for, for the page to quote a reference. */
  private readonly shown = new Map<string, Promise<BreachOutcome>>();

  constructor(private readonly deps: BreachRecorderDeps) {}

  /**
   * A rule sent a request to the block page: a page or frame (one breach each) or a subresource
   * (one breach per page load and host, counted).
   */
  fromRedirect(request: RedirectedRequest): Promise<BreachOutcome> {
    const named = blockedCategoryOf(request.redirectUrl, this.deps.blockPageUrl);
    if (!named) return Promise.resolve({ recorded: false, reason: 'not a redirect to the block page' });
    this.rememberRedirect(request.requestId);
    const outcome = this.recordRedirect(request, named);
    // Set before any await: the block page's question may be the very next event.
    if (isDocumentType(request.type)) this.shown.set(frameKey(request.tabId, request.frameId), outcome);
    return outcome;
  }

  /** The breach the block page in this tab and frame stands for, once recorded. */
  async shownIn(tabId: number, frameId: number): Promise<BreachOutcome> {
    return (await this.shown.get(frameKey(tabId, frameId))) ?? { recorded: false, reason: 'no block recorded for this page' };
  }

  /**
   * A request failed: if the policy blocks its host it was one of ours (everything, when the host
   * permission redirects need is withheld). One breach per page load and host, counted.
   */
  async fromFailedRequest(request: FailedRequest): Promise<BreachOutcome> {
    if (this.redirected.has(request.requestId)) return { recorded: false, reason: 'already counted as redirected' };
    const inForce = await this.deps.filtering.inForce();
    const verdict = inForce ? await verdictFor(inForce, request.url) : null;
    if (!inForce || !verdict) return { recorded: false, reason: 'not blocked by the policy' };
    return this.countInPageLoad(inForce, request, verdict.category, verdict.tier);
  }

  /**
   * A document the policy blocks is showing anyway: served from the site's own cache, loaded before
   * the policy changed, or reached by an in-page (history API) navigation. Returns the record so the
   * caller can replace the page.
   */
  async fromLoadedAnyway(url: string, inFrame: boolean): Promise<BreachOutcome> {
    const inForce = await this.deps.filtering.inForce();
    const verdict = inForce ? await verdictFor(inForce, url) : null;
    if (!inForce || !verdict) return { recorded: false, reason: 'not blocked by the policy' };
    return this.record(inForce, url, verdict.category, verdict.tier, inFrame ? 'sub_frame' : 'main_frame');
  }

  newPageLoad(tabId: number): void {
    this.pageLoads.newPageLoad(tabId);
  }

  tabClosed(tabId: number): void {
    this.pageLoads.tabClosed(tabId);
    forgetTab(this.shown, tabId);
  }

  private async recordRedirect(request: RedirectedRequest, named: string): Promise<BreachOutcome> {
    const inForce = await this.deps.filtering.inForce();
    const verdict = inForce ? await verdictFor(inForce, request.url) : null;
    if (!inForce || !verdict) return { recorded: false, reason: 'no rule in force blocks that URL' };
    // Lists may overlap (DNR picks one of two equal rules): the rule's own category stands when it is enforced.
    const category = (await inForce.index()).enforces(named) ? named : verdict.category;
    if (isDocumentType(request.type)) return this.record(inForce, request.url, category, verdict.tier, request.type);
    return this.countInPageLoad(inForce, request, category, verdict.tier);
  }

  private async countInPageLoad(
    inForce: InForce,
    request: { url: string; tabId: number; type: string },
    category: string,
    tier: BlockTier,
  ): Promise<BreachOutcome> {
    const host = new URL(request.url).hostname;
    let outcome: BreachOutcome = { recorded: false, reason: 'counted in this page load’s breach' };
    // Nothing awaited between here and the chain's bookkeeping: simultaneous events for one host queue there.
    await this.pageLoads.chain(request.tabId, host, category, async (earlier) => {
      // Once that breach has been sent, dropped or filled, further blocks from the page start a new one.
      if (earlier && (await this.deps.store.addToCount(earlier, 1))) return earlier;
      outcome = await this.record(inForce, request.url, category, tier, request.type);
      return outcome.recorded ? outcome.record.id : undefined;
    });
    return outcome;
  }

  private rememberRedirect(requestId: string): void {
    this.redirected.add(requestId);
    if (this.redirected.size <= REMEMBERED_REDIRECTS) return;
    const oldest = this.redirected.values().next();
    if (!oldest.done) this.redirected.delete(oldest.value);
  }

  private async record(inForce: InForce, url: string, category: string, tier: BlockTier, resourceType: string): Promise<BreachOutcome> {
    const record = makeBreachRecord({
      id: this.deps.newId?.() ?? crypto.randomUUID(),
      occurredAt: this.deps.now?.() ?? new Date(),
      url,
      category,
      ruleId: `policy:${tier}`,
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

async function verdictFor(inForce: InForce, url: string) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return /^https?:$/.test(parsed.protocol) ? (await inForce.index()).verdict(parsed.hostname) : null;
}
