/**
 * Folds blocked subresources into one breach per page load and blocked host: a page with 200
 * blocked images from one site is one breach with a count of 200, not 200 breaches.
 */
export class PageLoadBreaches {
  private readonly loads = new Map<number, { load: number; seen: Map<string, string> }>();

  /** A tab committed a new top-level document: what it blocks from now on is new. */
  newPageLoad(tabId: number): void {
    const current = this.loads.get(tabId);
    this.loads.set(tabId, { load: (current?.load ?? 0) + 1, seen: new Map() });
  }

  tabClosed(tabId: number): void {
    this.loads.delete(tabId);
  }

  /** The breach id already made for this host on this page load, if any. */
  existing(tabId: number, host: string, category: string): string | undefined {
    return this.loads.get(tabId)?.seen.get(`${category} ${host}`);
  }

  remember(tabId: number, host: string, category: string, breachId: string): void {
    if (!this.loads.has(tabId)) this.newPageLoad(tabId);
    this.loads.get(tabId)!.seen.set(`${category} ${host}`, breachId);
  }
}
