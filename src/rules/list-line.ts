/**
 * What one line of a list says, whatever its format. Parsers only read syntax; the hosts they
 * find are normalised and judged afterwards (list-host.ts), so every format shares one set of rules.
 */
export type LineVerdict =
  | { kind: 'nothing' }
  | { kind: 'hosts'; hosts: string[]; scope: EntryScope; exception: boolean }
  | { kind: 'skip'; reason: string };

/** 'all': every resource type. 'document': only pages and frames (Adblock `$document`). */
export type EntryScope = 'all' | 'document';

export type ListFormat = 'domains' | 'hosts' | 'adblock' | 'urls';

export const NOTHING: LineVerdict = { kind: 'nothing' };
export const skip = (reason: string): LineVerdict => ({ kind: 'skip', reason });
export const blockHosts = (hosts: string[], scope: EntryScope = 'all'): LineVerdict => ({ kind: 'hosts', hosts, scope, exception: false });
