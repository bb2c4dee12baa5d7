import type { LineVerdict, ListFormat } from './list-line.js';
import { parseAdblockFilterLine } from './parse-adblock-filter-line.js';
import { parseDomainListLine, parseUrlListLine } from './parse-domain-list-line.js';
import { parseHostsFileLine } from './parse-hosts-file-line.js';

/** The one pure line parser of each format. */
export const LINE_PARSERS: Record<ListFormat, (line: string) => LineVerdict> = {
  domains: parseDomainListLine,
  hosts: parseHostsFileLine,
  adblock: parseAdblockFilterLine,
  urls: parseUrlListLine,
};

export const LIST_FORMATS = Object.keys(LINE_PARSERS) as ListFormat[];
