import { parse } from 'tldts';

export type DomainResult = { ok: true; domain: string; note?: string } | { ok: false; reason: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Unicode or punycode host → its ASCII (punycode) form, or null when the URL parser refuses it. */
export function toAsciiHost(host: string): string | null {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
}

/**
 * Turns what an administrator typed into a domain DNR can match (lower-case punycode, subdomains
 * implied), or says why it cannot. `urlHandling: 'use-host'` accepts a pasted URL by taking its host
 * (right for block lists, where erring blocks more); 'reject' refuses it (right for allow lists,
 * where taking the host would allow a whole site when one page was meant).
 */
export function normaliseDomain(input: unknown, urlHandling: 'use-host' | 'reject' = 'reject'): DomainResult {
  if (typeof input !== 'string') return { ok: false, reason: 'not a string' };
  let text = input.trim().toLowerCase();
  if (text === '') return { ok: false, reason: 'empty entry' };
  if (text.length > 2048) return { ok: false, reason: 'longer than any domain can be' };
  let note: string | undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(text) || /[/?#@]/.test(text)) {
    if (urlHandling === 'reject') return { ok: false, reason: 'a URL, not a domain: write just the domain, e.g. example.com' };
    let host: string;
    try {
      host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `http://${text}`).hostname;
    } catch {
      return { ok: false, reason: 'neither a domain nor a valid URL' };
    }
    note = `a URL: using its domain ${host}`;
    text = host;
  }
  if (text.startsWith('*.')) {
    text = text.slice(2);
    note = 'wildcard "*." removed: subdomains are always included';
  }
  text = text.replace(/\.+$/, '');
  if (text.includes(':')) return { ok: false, reason: 'contains ":": ports and IPv6 addresses are not supported here' };
  const ascii = toAsciiHost(text);
  if (ascii === null || ascii === '') return { ok: false, reason: 'not a valid domain name' };
  const ipv4 = IPV4.exec(ascii);
  if (ipv4) {
    if (ipv4.slice(1).some((part) => Number(part) > 255)) return { ok: false, reason: 'not a valid IPv4 address' };
    return { ok: true, domain: ascii, note };
  }
  if (ascii.length > 253) return { ok: false, reason: 'longer than 253 characters' };
  const labels = ascii.split('.');
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) {
    return { ok: false, reason: bad.length > 63 ? 'a label is longer than 63 characters' : `invalid label "${bad}"` };
  }
  const parsed = parse(ascii, { allowPrivateDomains: false });
  if (parsed.domain === null || parsed.domain === '') {
    return { ok: false, reason: `"${ascii}" is a public suffix: it would cover every site registered under it` };
  }
  return { ok: true, domain: ascii, note };
}

/** True when `host` is `domain` or one of its subdomains (the way DNR's requestDomains match). */
export function hostIsWithin(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}
