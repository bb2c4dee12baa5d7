import { getDomain } from 'tldts';

/**
 * A list entry as DNR's requestDomains want it, or why it cannot be one. Reasons are fixed texts
 * (the entry itself travels beside them) so the compile report can count lines by reason.
 */
export type ListHost = { ok: true; host: string; isIp: boolean } | { ok: false; reason: string };

/**
 * How every tldts call in SafeScreen reads the Public Suffix List: whole, private section included.
 * Listing github.io or blogspot.com would block every site anyone has made there, which is no more
 * a list entry than co.uk is; so `pupil.github.io`, not `github.io`, is a registrable domain, in
 * the lists and in breach records alike.
 */
export const TLDTS_OPTIONS = { allowPrivateDomains: true } as const;
// List entries are bare hosts judged by the rules below, so tldts need not extract or check them.
const LIST_ENTRY_OPTIONS = { ...TLDTS_OPTIONS, extractHostname: false, validateHostname: false, detectIp: false } as const;
const PLAIN_ASCII_HOST = /^[a-z0-9_.-]+$/;
const LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;
const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
// The WHATWG URL parser reads a host whose last label is a number (or 0x…) as an IPv4 address:
// "1.2.3" becomes 1.2.0.3. Such an entry is refused rather than silently turned into an address.
const NUMERIC_LAST_LABEL = /(?:^|\.)(?:\d+|0x[0-9a-f]*)$/;
const MAX_HOST_LENGTH = 253;

/**
 * Turns one list entry into the host a DNR rule can match: lower-case, trailing dots, port and
 * userinfo dropped, Unicode to punycode; IPv4 and bracketed IPv6 literals kept as their own
 * entries. Refuses public suffixes (blocking `co.uk` would block a country), single-label names
 * (`localhost`) and anything that is not a host. Pure; the hot path of the compiler, so plain
 * ASCII names skip the URL parser.
 */
export function normaliseListHost(entry: string): ListHost {
  return plainHost(entry) ?? normaliseAnyHost(entry);
}

const PUBLIC_SUFFIX: ListHost = {
  ok: false,
  reason: 'a public suffix (Public Suffix List): blocking it would block every site registered under it',
};

/**
 * The common case in one pass over the characters: a name of ASCII letters, digits, "-" and "_"
 * in well-formed labels, at least two, the last not a number. Anything else (a dot at the end,
 * a port, an IP, IDN, `xn--` labels, a bad label) returns undefined for normaliseAnyHost, which
 * also says precisely what is wrong.
 */
function plainHost(entry: string): ListHost | undefined {
  const length = entry.length;
  if (length === 0 || length > MAX_HOST_LENGTH) return undefined;
  let upperCase = false;
  let labelStart = 0;
  let labels = 1;
  let lastLabelHasLetter = false;
  for (let i = 0; i < length; i++) {
    const code = entry.charCodeAt(i);
    if (code === 46) {
      if (i === labelStart || i - labelStart > 63 || entry.charCodeAt(i - 1) === 45) return undefined;
      labelStart = i + 1;
      labels++;
      lastLabelHasLetter = false;
    } else if ((code >= 97 && code <= 122) || code === 95) {
      if (code === 120 && i === labelStart && entry.startsWith('xn--', i)) return undefined;
      lastLabelHasLetter = true;
    } else if (code >= 65 && code <= 90) {
      if (code === 88 && i === labelStart) return undefined; // "XN--": the slow path checks it
      upperCase = true;
      lastLabelHasLetter = true;
    } else if (code === 45) {
      if (i === labelStart) return undefined;
      lastLabelHasLetter = true;
    } else if (code < 48 || code > 57) {
      return undefined;
    }
  }
  if (labels < 2 || labelStart === length || length - labelStart > 63 || entry.charCodeAt(length - 1) === 45) return undefined;
  // A last label that is a number, or 0x…, is an IPv4 address to the URL parser.
  if (!lastLabelHasLetter || (entry.charCodeAt(labelStart) === 48 && (entry.charCodeAt(labelStart + 1) | 32) === 120)) return undefined;
  const host = upperCase ? entry.toLowerCase() : entry;
  return getDomain(host, LIST_ENTRY_OPTIONS) === null ? PUBLIC_SUFFIX : { ok: true, host, isIp: false };
}

function normaliseAnyHost(entry: string): ListHost {
  let text = entry.toLowerCase();
  const at = text.lastIndexOf('@');
  if (at !== -1) text = text.slice(at + 1);
  if (text.startsWith('[') || (text.match(/:/g)?.length ?? 0) > 1) return ipv6Literal(text);
  const colon = text.indexOf(':');
  if (colon !== -1) {
    if (!/^\d{0,5}$/.test(text.slice(colon + 1))) return { ok: false, reason: 'not a host name (text after ":" is not a port)' };
    text = text.slice(0, colon);
  }
  while (text.endsWith('.')) text = text.slice(0, -1);
  // "*.example.com" says what every entry means anyway: requestDomains include subdomains.
  if (text.startsWith('*.')) text = text.slice(2);
  if (text === '') return { ok: false, reason: 'empty host' };
  if (text.startsWith('.')) return { ok: false, reason: 'starts with a dot: not a host name' };

  let ascii = text;
  if (!PLAIN_ASCII_HOST.test(text) || text.includes('xn--')) {
    if (/[\s/?#\\%*"'<>^|]/.test(text)) return { ok: false, reason: 'not a host name' };
    const converted = asciiHost(text);
    if (converted === null) return { ok: false, reason: 'not a valid host name (IDN conversion failed)' };
    ascii = converted;
  }

  const quad = DOTTED_QUAD.exec(ascii);
  if (quad) {
    const parts = quad.slice(1);
    if (parts.some((part) => Number(part) > 255)) return { ok: false, reason: 'not a valid IPv4 address' };
    if (parts.some((part) => part.length > 1 && part.startsWith('0'))) {
      return { ok: false, reason: 'IPv4 part with a leading zero: browsers read it as octal' };
    }
    return { ok: true, host: ascii, isIp: true };
  }
  if (NUMERIC_LAST_LABEL.test(ascii)) return { ok: false, reason: 'last label is a number: neither a domain nor an IPv4 address' };
  if (ascii.length > MAX_HOST_LENGTH) return { ok: false, reason: `longer than ${MAX_HOST_LENGTH} characters` };
  if (!ascii.includes('.')) return { ok: false, reason: 'a single label (like localhost), not a site' };
  for (const label of ascii.split('.')) {
    if (!LABEL.test(label)) return { ok: false, reason: label.length > 63 ? 'a label is longer than 63 characters' : 'invalid label' };
  }
  if (getDomain(ascii, LIST_ENTRY_OPTIONS) === null) return PUBLIC_SUFFIX;
  return { ok: true, host: ascii, isIp: false };
}

/** Unicode (or already punycode) name → punycode, as the browser's URL parser does; null when refused. */
function asciiHost(text: string): string | null {
  try {
    const host = new URL(`http://${text}/`).hostname;
    return host === '' ? null : host;
  } catch {
    return null;
  }
}

function ipv6Literal(text: string): ListHost {
  const inside = text.startsWith('[') ? text.slice(1, text.indexOf(']')) : text;
  const after = text.startsWith('[') ? text.slice(text.indexOf(']') + 1) : '';
  if (text.startsWith('[') && (!text.includes(']') || !/^(?::\d{0,5})?$/.test(after))) {
    return { ok: false, reason: 'not a valid bracketed IPv6 address' };
  }
  const canonical = asciiHost(`[${inside}]`);
  if (canonical === null) return { ok: false, reason: 'not a valid IPv6 address' };
  return { ok: true, host: canonical, isIp: true };
}
