/**
 * The compiler's one order for hosts: compared from the last character backwards, with the end of
 * a name first and "." next. So `example.com` is followed at once by all its subdomains
 * (`a.example.com`, `www.example.com`) and only then by `xexample.com`: duplicates and covered
 * subdomains sit right after what covers them, and one linear pass removes them (host-store.ts
 * sorts millions this way). The order is total on normalised hosts (ASCII), so the output does not
 * depend on the order of the input.
 */

/** Rank of the character `depth` places from the end: 0 past the start of the name, 1 for ".". */
function rankAt(host: string, depth: number): number {
  const index = host.length - 1 - depth;
  if (index < 0) return 0;
  const code = host.charCodeAt(index);
  return code === 46 ? 1 : Math.min(code, 127) + 2;
}

export function compareHostsFromEnd(a: string, b: string, fromDepth = 0): number {
  for (let depth = fromDepth; ; depth++) {
    const rankA = rankAt(a, depth);
    const rankB = rankAt(b, depth);
    if (rankA !== rankB) return rankA - rankB;
    if (rankA === 0) return 0;
  }
}

/** Whether a host sorted this way is in `sorted` (an array, or packed hosts): a binary search. */
export function sortedHostsInclude(sorted: readonly string[] | { length: number; at(index: number): string }, host: string): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const candidate = sorted.at(middle);
    if (candidate === undefined) return false; // only a list shorter than its length says
    const order = compareHostsFromEnd(candidate, host);
    if (order === 0) return true;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}
