/**
 * The nearest parent domain of `host` that is in `listed`, if any. DNR's requestDomains match
 * subdomains, so a host with a listed parent adds nothing. IP literals have no parents.
 */
export function listedParent(host: string, listed: { has(host: string): boolean }): string | undefined {
  if (isIpLiteral(host)) return undefined;
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) {
    const parent = host.slice(dot + 1);
    if (listed.has(parent)) return parent;
  }
  return undefined;
}

/** Normalised hosts are IP literals exactly when bracketed or ending in a digit (list-host.ts refuses numeric last labels otherwise). */
export function isIpLiteral(host: string): boolean {
  const last = host.charCodeAt(host.length - 1);
  return host.startsWith('[') || (last >= 48 && last <= 57);
}
