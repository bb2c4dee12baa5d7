/**
 * The block page learns what was blocked from its URL fragment, which never leaves the device:
 * `blocked.html#rule=<dynamic rule id>&url=<the blocked URL>`. The URL goes last and unencoded
 * (it is DNR's `\0`), so everything after `url=` belongs to it, `&` and `#` included.
 */
export const MAX_BLOCKED_URL_LENGTH = 8192;

export function blockPageSubstitution(blockPageUrl: string, ruleId: number): string {
  return `${blockPageUrl}#rule=${ruleId}&url=\\0`;
}

export interface BlockedNavigation {
  ruleId: number;
  url: string;
}

export function parseBlockFragment(hash: string): BlockedNavigation | null {
  const match = /^#?rule=(\d{1,9})&url=(.+)$/s.exec(hash);
  if (!match) return null;
  const url = match[2];
  if (url.length > MAX_BLOCKED_URL_LENGTH || !/^https?:\/\//i.test(url)) return null;
  try {
    new URL(url);
  } catch {
    return null;
  }
  return { ruleId: Number(match[1]), url };
}
