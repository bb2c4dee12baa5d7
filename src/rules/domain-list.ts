import { CategoryCollector } from './category-collector.js';
import { formatLineProblem } from './compile-report.js';
import { parseDomainListLine } from './parse-domain-list-line.js';

export interface ListProblem {
  file: string;
  line: number;
  text: string;
  reason: string;
}

export interface DomainList {
  /** Unique, sorted from the end of the name, every entry already covered by a listed parent removed. */
  domains: string[];
  problems: ListProblem[];
}

/**
 * A plain domain list held in memory (a bundle's list, a policy's): the compiler's own line parser
 * and normalisation, every bad line reported with file:line. Files go through read-list-sources.ts.
 */
export function parseDomainList(text: string, file: string): DomainList {
  const collector = new CategoryCollector('list', Number.POSITIVE_INFINITY);
  text.split('\n').forEach((raw, index) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    collector.addLine(parseDomainListLine(line), file, index + 1, line);
  });
  const list = collector.finish();
  const problems = Object.entries(list.counts.skippedByReason)
    .flatMap(([reason, tally]) => tally.examples.map((origin) => ({ ...origin, reason })))
    .sort((a, b) => a.line - b.line);
  return { domains: list.hosts.toArray(), problems };
}

export function formatProblem(problem: ListProblem): string {
  return formatLineProblem(problem.reason, problem);
}
