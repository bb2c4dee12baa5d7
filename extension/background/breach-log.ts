import { makeBreachRecord, type BreachRecord } from '../../src/core/breach.js';
import { parseBlockFragment } from '../../src/core/block-fragment.js';
import { hostIsWithin } from '../../src/core/domain.js';
import type { DnrApi } from '../adapters/dnr-browser-api.js';
import type { FilteringService } from './filtering-service.js';

export type BreachOutcome = { recorded: true; record: BreachRecord } | { recorded: false; reason: string };

export interface BreachLogDeps {
  dnr: DnrApi;
  filtering: FilteringService;
  rulesVersion: string;
  deviceId: () => Promise<string>;
  now?: () => Date;
  newId?: () => string;
}

/**
 * Turns a block page's report into a breach record. The fragment is pupil-reachable (anyone can
 * open the block page with a made-up fragment), so the record is kept only when a rule in force
 * really covers the URL; the category comes from that rule, never from the page.
 * Kept in memory for now; durable storage and upload build on this.
 */
export class BreachLog {
  private readonly records: BreachRecord[] = [];

  constructor(private readonly deps: BreachLogDeps) {}

  async fromBlockPage(fragment: string, inFrame: boolean): Promise<BreachOutcome> {
    const blocked = parseBlockFragment(fragment);
    if (!blocked) return { recorded: false, reason: 'the block page address does not name a blocked URL' };
    const inForce = await this.deps.filtering.inForce();
    const category = inForce?.plan.ruleCategories[blocked.ruleId];
    const [rule] = await this.deps.dnr.getDynamicRules([blocked.ruleId]);
    const host = new URL(blocked.url).hostname;
    const domains = rule?.condition.requestDomains;
    if (!category || !rule || (domains && !domains.some((domain) => hostIsWithin(host, domain)))) {
      return { recorded: false, reason: 'no rule in force blocks that URL' };
    }
    const record = makeBreachRecord({
      id: this.deps.newId?.() ?? crypto.randomUUID(),
      occurredAt: this.deps.now?.() ?? new Date(),
      url: blocked.url,
      category,
      ruleId: `dynamic:${rule.id}`,
      rulesVersion: this.deps.rulesVersion,
      resourceType: inFrame ? 'sub_frame' : 'main_frame',
      schoolId: inForce.policy.schoolId,
      groupId: inForce.policy.groupId,
      deviceId: await this.deps.deviceId(),
    });
    this.records.push(record);
    return { recorded: true, record };
  }

  list(): BreachRecord[] {
    return [...this.records];
  }
}
