import type { Navigation } from '../adapters/navigation-browser-api.js';
import type { BreachOutcome } from './breach-recorder.js';
import { frameKey } from './frame-key.js';

export interface LoadedAnywayDeps {
  /** Records the document as a breach when the rules in force block it. */
  judge(url: string, inFrame: boolean): Promise<BreachOutcome>;
  /** Puts the block page, with the breach's reference, where the document was. */
  replace(document: Navigation, breachId: string): Promise<void>;
  /** How long a replaced document may still be reported at its old address. */
  settleMs: number;
}

/**
 * A blocked document can be on screen despite the rules (site cache, an older policy, the history
 * API): each is judged when it commits and again after every change of rules, and replaced once.
 */
export class LoadedAnywayGuard {
  private readonly replacing = new Set<string>();

  constructor(private readonly deps: LoadedAnywayDeps) {}

  async check(document: Navigation): Promise<void> {
    const key = `${frameKey(document.tabId, document.frameId)} ${document.url}`;
    if (!/^https?:/.test(document.url) || this.replacing.has(key)) return;
    this.replacing.add(key);
    let replaced = false;
    try {
      const outcome = await this.deps.judge(document.url, document.frameId !== 0);
      if (!outcome.recorded) return;
      replaced = true;
      await this.deps.replace(document, outcome.record.id);
    } finally {
      // Only a replaced document is skipped for a while (the tab may still report its old address);
      // one that was allowed must be judged again by the next rules, however soon they come.
      if (replaced) setTimeout(() => this.replacing.delete(key), this.deps.settleMs);
      else this.replacing.delete(key);
    }
  }
}
