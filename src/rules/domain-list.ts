import { normaliseDomain } from '../core/domain.js';

export interface ListProblem {
  file: string;
  line: number;
  text: string;
  reason: string;
}

export interface DomainList {
  /** Sorted, unique, and with every entry already covered by a listed parent removed. */
  domains: string[];
  problems: ListProblem[];
}

/** A plain domain list: one domain per line, `#` starts a comment. Bad lines are reported with file:line. */
export function parseDomainList(text: string, file: string): DomainList {
  const problems: ListProblem[] = [];
  const found: string[] = [];
  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.replace(/#.*/, '').trim();
    if (line === '') return;
    const result = normaliseDomain(line);
    if (result.ok) found.push(result.domain);
    else problems.push({ file, line: index + 1, text: rawLine, reason: result.reason });
  });
  return { domains: pruneCoveredDomains(found), problems };
}

/** DNR's requestDomains already match subdomains, so `a.example.test` adds nothing next to `example.test`. */
export function pruneCoveredDomains(domains: Iterable<string>): string[] {
  const unique = new Set(domains);
  const kept = [...unique].filter((domain) => {
    for (let dot = domain.indexOf('.'); dot !== -1; dot = domain.indexOf('.', dot + 1)) {
      if (unique.has(domain.slice(dot + 1))) return false;
    }
    return true;
  });
  return kept.sort();
}

export function formatProblem(problem: ListProblem): string {
  return `${problem.file}:${problem.line}: ${problem.reason} (${JSON.stringify(problem.text.trim())})`;
}
