import { normaliseListHost } from './list-host.js';

export type DomainResult = { ok: true; domain: string; note?: string } | { ok: false; reason: string };

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/|[/?#@]/i;

/**
 * Turns what an administrator typed into a domain DNR can match, with the same host rules as the
 * rule compiler's lists (`normaliseListHost`), or says why it cannot. A pasted URL is what a policy
 * adds to a list entry: `urlHandling: 'use-host'` takes its host (right for block lists, where
 * erring blocks more); 'reject' refuses it (right for allow lists, where taking the host would
 * allow a whole site when one page was meant).
 */
export function normaliseDomain(input: unknown, urlHandling: 'use-host' | 'reject' = 'reject'): DomainResult {
  if (typeof input !== 'string') return { ok: false, reason: 'not a string' };
  let text = input.trim();
  if (text === '') return { ok: false, reason: 'empty entry' };
  if (text.length > 2048) return { ok: false, reason: 'longer than any domain can be' };
  let note: string | undefined;
  if (URL_LIKE.test(text)) {
    if (urlHandling === 'reject') return { ok: false, reason: 'a URL, not a domain: write just the domain, e.g. example.com' };
    try {
      text = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`).hostname;
    } catch {
      return { ok: false, reason: 'neither a domain nor a valid URL' };
    }
    note = `a URL: using its domain ${text}`;
  } else if (text.startsWith('*.')) {
    note = 'wildcard "*." removed: subdomains are always included';
  }
  const host = normaliseListHost(text);
  return host.ok ? { ok: true, domain: host.host, note } : { ok: false, reason: host.reason };
}

/** True when `host` is `domain` or one of its subdomains (the way DNR's requestDomains match). */
export function hostIsWithin(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}
