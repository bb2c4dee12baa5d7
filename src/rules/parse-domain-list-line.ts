import { blockHosts, type LineVerdict, NOTHING, skip } from './list-line.js';

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * A plain domain list (and squidGuard/UT1 `domains` files): one domain per line, `#` starts a
 * comment. A URL is read as its host only when it names the whole site (`http://example.com/`):
 * taking the host of a page URL would block the whole site when one page was meant.
 */
export function parseDomainListLine(line: string): LineVerdict {
  const hash = line.indexOf('#');
  const text = (hash === -1 ? line : line.slice(0, hash)).trim();
  if (text === '') return NOTHING;
  if (/\s/.test(text)) return skip('more than one word: not a domain (a hosts file? use --format hosts)');
  if (text.includes('/')) return wholeSiteUrl(text); // a URL, with or without its scheme
  return blockHosts([text]);
}

/**
 * A squidGuard/UT1 `urls` file: `host/path` per line. DNR blocks whole hosts here, so an entry
 * with a path is reported as skipped rather than widened to its host.
 */
export function parseUrlListLine(line: string): LineVerdict {
  const hash = line.indexOf('#');
  const text = (hash === -1 ? line : line.slice(0, hash)).trim();
  if (text === '') return NOTHING;
  if (/\s/.test(text)) return skip('more than one word: not a URL');
  return wholeSiteUrl(text);
}

function wholeSiteUrl(text: string): LineVerdict {
  const withScheme = URL_SCHEME.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return skip('neither a host name nor a valid URL');
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    return skip('a URL with a path: only whole hosts can be blocked, and taking its host would block the whole site');
  }
  return blockHosts([url.host]);
}
