import type { EntryScope, LineVerdict } from './list-line.js';
import { listedParent } from './covered-hosts.js';
import { normaliseListHost } from './list-host.js';

/** Where a line came from, for `file:line: reason` messages. */
export interface LineOrigin {
  file: string;
  line: number;
  text: string;
}

export interface SkipTally {
  count: number;
  /** The first few lines skipped for this reason (enough to find the pattern, bounded for huge lists). */
  examples: LineOrigin[];
}

/** Per category: what was read and what became of it. */
export interface CategoryCounts {
  entriesRead: number;
  kept: number;
  duplicates: number;
  coveredByParent: number;
  /** Blocked entries removed by an `@@` exception of the same category… */
  excepted: number;
  /** …and the exceptions that removed them (exceptions that removed nothing are skipped). */
  exceptionsApplied: number;
  skipped: number;
  skippedByReason: Record<string, SkipTally>;
}

/** A category's hosts ready for the compiler: normalised, unique, pruned and sorted. */
export interface CollectedCategory {
  id: string;
  sources: string[];
  /** Blocked for every resource type. */
  hosts: string[];
  /** Blocked for pages and frames only (Adblock `$document`), and not already in `hosts`. */
  documentHosts: string[];
  counts: CategoryCounts;
}

export const EXAMPLES_PER_REASON = 3;
const EXCEPTION_INSIDE_BLOCK = 'an exception inside a blocked domain is not supported: the parent domain stays blocked';
const EXCEPTION_WITHOUT_EFFECT = 'an exception for a host this category does not block';

/**
 * Gathers one category's entries from any number of lists, line by line, in constant memory per
 * distinct host. Duplicates are counted as they arrive; exceptions, covered subdomains and the
 * sort order are settled once, in `finish()`, so the result does not depend on line order.
 */
export class CategoryCollector {
  private readonly sources: string[] = [];
  private readonly blocked = new Set<string>();
  private readonly blockedDocuments = new Set<string>();
  private readonly exceptions = new Map<string, LineOrigin>();
  private readonly counts: CategoryCounts = {
    entriesRead: 0, kept: 0, duplicates: 0, coveredByParent: 0, excepted: 0, exceptionsApplied: 0, skipped: 0, skippedByReason: {},
  };

  constructor(
    readonly id: string,
    private readonly examplesPerReason = EXAMPLES_PER_REASON,
  ) {}

  addSource(file: string): void {
    this.sources.push(file);
  }

  addLine(verdict: LineVerdict, file: string, line: number, text: string): void {
    if (verdict.kind === 'nothing') return;
    if (verdict.kind === 'skip') {
      this.counts.entriesRead++;
      this.skip(verdict.reason, { file, line, text });
      return;
    }
    for (const entry of verdict.hosts) {
      this.counts.entriesRead++;
      const result = normaliseListHost(entry);
      if (!result.ok) {
        this.skip(result.reason, { file, line, text });
      } else if (verdict.exception) {
        if (this.exceptions.has(result.host)) this.counts.duplicates++;
        else this.exceptions.set(result.host, { file, line, text });
      } else {
        this.addHost(result.host, verdict.scope);
      }
    }
  }

  finish(): CollectedCategory {
    if (this.exceptions.size > 0) this.applyExceptions();
    const hosts = [...this.blocked].filter((host) => !this.isCovered(host, this.blocked, false));
    const documentHosts = [...this.blockedDocuments].filter(
      (host) => !this.isCovered(host, this.blocked, true) && !this.isCovered(host, this.blockedDocuments, false),
    );
    this.counts.coveredByParent = this.blocked.size + this.blockedDocuments.size - hosts.length - documentHosts.length;
    this.counts.kept = hosts.length + documentHosts.length;
    return { id: this.id, sources: [...this.sources], hosts: hosts.sort(), documentHosts: documentHosts.sort(), counts: this.counts };
  }

  private addHost(host: string, scope: EntryScope): void {
    const set = scope === 'all' ? this.blocked : this.blockedDocuments;
    const before = set.size;
    set.add(host);
    if (set.size === before) this.counts.duplicates++;
  }

  private skip(reason: string, origin: LineOrigin): void {
    this.counts.skipped++;
    const tally = (this.counts.skippedByReason[reason] ??= { count: 0, examples: [] });
    tally.count++;
    if (tally.examples.length < this.examplesPerReason) tally.examples.push(origin);
  }

  /** An exception lifts its host and subdomains out of this category; nothing more (see README). */
  private applyExceptions(): void {
    const used = new Set<string>();
    for (const set of [this.blocked, this.blockedDocuments]) {
      for (const host of set) {
        const exception = findSelfOrParent(host, this.exceptions);
        if (exception === undefined) continue;
        set.delete(host);
        used.add(exception);
        this.counts.excepted++;
      }
    }
    this.counts.exceptionsApplied = used.size;
    for (const [host, origin] of this.exceptions) {
      if (used.has(host)) continue;
      const inside = this.isCovered(host, this.blocked, false) || this.isCovered(host, this.blockedDocuments, false);
      this.skip(inside ? EXCEPTION_INSIDE_BLOCK : EXCEPTION_WITHOUT_EFFECT, origin);
    }
  }

  private isCovered(host: string, set: ReadonlySet<string>, includeSelf: boolean): boolean {
    return (includeSelf && set.has(host)) || listedParent(host, set) !== undefined;
  }
}

function findSelfOrParent(host: string, hosts: ReadonlyMap<string, unknown>): string | undefined {
  return hosts.has(host) ? host : listedParent(host, hosts);
}
