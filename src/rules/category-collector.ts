import { sortedHostsInclude } from '../core/hosts-from-end.js';
import { normaliseListHost } from '../core/list-host.js';
import { isIpLiteral, listedParent } from './covered-hosts.js';
import { HostStore } from './host-store.js';
import type { LineVerdict } from './list-line.js';
import type { PackedHosts } from './packed-hosts.js';

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
  /** Blocked for every resource type; sorted from the end of the name (hosts-from-end.ts), packed. */
  hosts: PackedHosts;
  /** Blocked for pages and frames only (Adblock `$document`), and not already in `hosts`. */
  documentHosts: PackedHosts;
  counts: CategoryCounts;
}

export const EXAMPLES_PER_REASON = 3;
const EXCEPTION_INSIDE_BLOCK = 'an exception inside a blocked domain is not supported: the parent domain stays blocked';
const EXCEPTION_WITHOUT_EFFECT = 'an exception for a host this category does not block';

/**
 * Gathers one category's entries from any number of lists, line by line. Hosts are only appended
 * while reading (host-store.ts); duplicates, exceptions and covered subdomains are settled once, in
 * `finish()`, on the hosts sorted from their end, so the result does not depend on line order and
 * millions of names need no hash set.
 */
export class CategoryCollector {
  private readonly sources: string[] = [];
  private blocked = new HostStore();
  private blockedDocuments = new HostStore();
  private readonly exceptions = new Map<string, LineOrigin>();
  private readonly counts: CategoryCounts = {
    entriesRead: 0,
    kept: 0,
    duplicates: 0,
    coveredByParent: 0,
    excepted: 0,
    exceptionsApplied: 0,
    skipped: 0,
    skippedByReason: {},
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
        (verdict.scope === 'all' ? this.blocked : this.blockedDocuments).add(result.host);
      }
    }
  }

  finish(): CollectedCategory {
    const exceptionsUsed = new Set<string>();
    const hosts = this.keepUncovered(this.blocked, exceptionsUsed);
    const documentHosts = this.keepUncovered(this.blockedDocuments, exceptionsUsed).filter((host) => {
      const covered = selfOrParents(host).some((candidate) => sortedHostsInclude(hosts, candidate));
      if (covered) this.counts.coveredByParent++;
      return !covered;
    });
    this.blocked = new HostStore();
    this.blockedDocuments = new HostStore();
    this.counts.exceptionsApplied = exceptionsUsed.size;
    for (const [host, origin] of this.exceptions) {
      if (exceptionsUsed.has(host)) continue;
      const inside = selfOrParents(host).some(
        (candidate) => sortedHostsInclude(hosts, candidate) || sortedHostsInclude(documentHosts, candidate),
      );
      this.skip(inside ? EXCEPTION_INSIDE_BLOCK : EXCEPTION_WITHOUT_EFFECT, origin);
    }
    this.counts.kept = hosts.length + documentHosts.length;
    return { id: this.id, sources: [...this.sources], hosts, documentHosts, counts: this.counts };
  }

  /**
   * Unique hosts that no listed parent covers, then without those an `@@` exception lifts out
   * (an exception covering a parent covers its subdomains too, so the order of the two steps
   * changes only which count a subdomain lands in).
   */
  private keepUncovered(store: HostStore, exceptionsUsed: Set<string>): PackedHosts {
    const { hosts, duplicates, covered } = store.sortedUncovered();
    this.counts.duplicates += duplicates;
    this.counts.coveredByParent += covered;
    if (this.exceptions.size === 0) return hosts;
    return hosts.filter((host) => {
      const exception = this.exceptions.has(host) ? host : listedParent(host, this.exceptions);
      if (exception === undefined) return true;
      exceptionsUsed.add(exception);
      this.counts.excepted++;
      return false;
    });
  }

  private skip(reason: string, origin: LineOrigin): void {
    this.counts.skipped++;
    this.counts.skippedByReason[reason] ??= { count: 0, examples: [] };
    const tally = this.counts.skippedByReason[reason];
    tally.count++;
    if (tally.examples.length < this.examplesPerReason) tally.examples.push(origin);
  }
}

/** The host and each parent domain of it (IP literals have none). */
function selfOrParents(host: string): string[] {
  const found = [host];
  if (isIpLiteral(host)) return found;
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) found.push(host.slice(dot + 1));
  return found;
}
