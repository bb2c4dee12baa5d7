import type { ListFormat } from './list-line.js';

const ADBLOCK_LINE = /^(?:@@)?\|\||^!|^\[adblock|##|^\/.*\/$/i;
const HOSTS_LINE = /^(?:0\.0\.0\.0|127\.0\.0\.1|0|::1?)\s+\S/;

/**
 * Which format a list is in, from its file name and its first lines (pure). squidGuard/UT1 name
 * their files `domains` and `urls`; otherwise the lines decide: Adblock syntax anywhere, or hosts
 * entries for most lines, or else a plain domain list. `--format` overrides this.
 */
export function detectListFormat(fileName: string, firstLines: readonly string[]): ListFormat {
  if (fileName === 'domains') return 'domains';
  if (fileName === 'urls') return 'urls';
  const lines = firstLines.map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  if (lines.length === 0) return 'domains';
  if (lines.some((line) => ADBLOCK_LINE.test(line))) return 'adblock';
  const hostsLines = lines.filter((line) => HOSTS_LINE.test(line)).length;
  return hostsLines * 2 > lines.length ? 'hosts' : 'domains';
}
