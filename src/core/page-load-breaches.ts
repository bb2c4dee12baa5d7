/**
 * Folds blocked subresources into one breach per page load and blocked host: a page with 200
 * blocked images from one site is one breach with a count of 200, not 200 breaches. Entries are
 * promises of the breach id, so the 200 events that arrive together queue behind the first.
 */
export class PageLoadBreaches {
  private readonly loads = new Map<number, { load: number; seen: Map<string, Promise<string | undefined>> }>();

  /** A tab committed a new top-level document: what it blocks from now on is new. */
  newPageLoad(tabId: number): void {
    this.startLoad(tabId);
  }

  tabClosed(tabId: number): void {
    this.loads.delete(tabId);
  }

  /**
   * Runs `next` for this page load, host and category after any earlier one has finished, with
   * the breach id the earlier one left; `next` returns the id that stands from then on.
   */
  chain(
    tabId: number,
    host: string,
    category: string,
    next: (earlier: string | undefined) => Promise<string | undefined>,
  ): Promise<string | undefined> {
    const seen = (this.loads.get(tabId) ?? this.startLoad(tabId)).seen;
    const key = `${category} ${host}`;
    const result = (seen.get(key) ?? Promise.resolve(undefined)).catch(() => undefined).then(next);
    seen.set(key, result);
    return result;
  }

  private startLoad(tabId: number) {
    const load = { load: (this.loads.get(tabId)?.load ?? 0) + 1, seen: new Map<string, Promise<string | undefined>>() };
    this.loads.set(tabId, load);
    return load;
  }
}
