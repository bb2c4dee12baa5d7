import { blockHosts, type EntryScope, type LineVerdict, NOTHING, skip } from './list-line.js';

// `||host^` with nothing between the anchors but host characters.
const HOST_FILTER = /^\|\|([a-z0-9_.\-\u0080-\uffff]+(?::\d+)?)\^(?:\$(.*))?$/i;
const BARE_HOST = /^[a-z0-9_.\-\u0080-\uffff]+\.[a-z0-9_\-\u0080-\uffff]+$/i;
const COSMETIC = /#[@?$%]{0,2}#|#\+js\(/;
// Options that keep the meaning "this host": `document`/`doc` narrows to pages, `all` is every type.
const SCOPE_OF_OPTION: Record<string, EntryScope> = { document: 'document', doc: 'document', all: 'all' };

/**
 * Adblock-style network filters, the subset that means "this host": `||example.com^`,
 * `||example.com^$document`, exceptions `@@||example.com^`, and a bare hostname line (which
 * uBlock Origin, whose lists these mostly are, reads as `||hostname^`). Everything else is skipped
 * with the reason, never read as something it is not.
 */
export function parseAdblockFilterLine(line: string): LineVerdict {
  const text = line.trim();
  if (text === '' || text.startsWith('!') || (text.startsWith('[') && text.endsWith(']'))) return NOTHING;
  if (COSMETIC.test(text)) return skip('cosmetic filter (hides page elements; DNR only sees requests)');
  const exception = text.startsWith('@@');
  const filter = exception ? text.slice(2) : text;
  if (filter.startsWith('/') && filter.length > 1 && /\/(?:\$.*)?$/.test(filter)) return skip('regular-expression filter');

  if (BARE_HOST.test(filter)) return { kind: 'hosts', hosts: [filter], scope: 'all', exception };
  const match = HOST_FILTER.exec(filter);
  if (!match) {
    if (filter.startsWith('||') && /^\|\|[^/^$*|]+[/?]/.test(filter)) return skip('has a path: only whole hosts are compiled');
    if (filter.startsWith('||') && !/[\^$]/.test(filter)) return skip('no "^" after the host: would also match longer names');
    return skip('a URL pattern, not a whole host');
  }
  let scope: EntryScope = 'all';
  if (match[2] !== undefined) {
    const scopes = match[2].split(',').map((option) => {
      // Only the option's name goes into the reason ($domain=a.example|b.example → $domain), so the report counts by kind.
      const name = option.trim().toLowerCase().replace(/=.*/, '');
      return { name, scope: exception ? undefined : SCOPE_OF_OPTION[name] };
    });
    const unsupported = scopes.find((option) => option.scope === undefined);
    if (unsupported) return skip(`unsupported option "$${unsupported.name}"${exception ? ' on an exception' : ''}`);
    scope = scopes.some((option) => option.scope === 'all') ? 'all' : 'document';
  }
  return exception ? { kind: 'hosts', hosts: [match[1]], scope, exception } : blockHosts([match[1]], scope);
}
