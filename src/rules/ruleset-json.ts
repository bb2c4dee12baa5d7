import type { DnrRule } from './dnr-types.js';
import { PackedHosts } from './packed-hosts.js';

/** A rule as the compiler holds it: a DnrRule whose domains may still be packed bytes. */
export type CompiledRule = Omit<DnrRule, 'condition'> & {
  condition: Omit<DnrRule['condition'], 'requestDomains'> & { requestDomains?: readonly string[] | PackedHosts };
};

// Stands in for a rule's domains so the rest of the rule is serialised by JSON.stringify itself.
const DOMAINS_PLACEHOLDER = JSON.stringify('\u0000requestDomains');
const DOMAINS_PER_PIECE = 10_000;
const UTF8 = new TextEncoder();

/** Where a ruleset file lives, in the built extension and in the compiler's output alike. */
export const rulesetPath = (id: string) => `rulesets/${id}.json`;

/**
 * A ruleset file's text in pieces: byte for byte `JSON.stringify` of the rules (what the browsers
 * load), without ever holding a multi-megabyte string, so a 5,000,000-domain list streams to disk.
 * Packed domains are written straight from their bytes.
 */
export function* rulesetJsonPieces(rules: readonly CompiledRule[]): Generator<string> {
  yield '[';
  for (let index = 0; index < rules.length; index++) {
    if (index > 0) yield ',';
    const rule = rules[index];
    const domains = rule.condition.requestDomains;
    if (domains === undefined) {
      yield JSON.stringify(rule);
      continue;
    }
    const shell = JSON.stringify({ ...rule, condition: { ...rule.condition, requestDomains: ['\u0000requestDomains'] } });
    const at = shell.indexOf(DOMAINS_PLACEHOLDER);
    yield shell.slice(0, at);
    for (let start = 0; start < domains.length; start += DOMAINS_PER_PIECE) {
      const end = Math.min(domains.length, start + DOMAINS_PER_PIECE);
      const piece = domains instanceof PackedHosts ? domains.jsonList(start, end) : JSON.stringify(domains.slice(start, end)).slice(1, -1);
      yield start === 0 ? piece : `,${piece}`;
    }
    yield shell.slice(at + DOMAINS_PLACEHOLDER.length);
  }
  yield ']';
}

/** The whole ruleset file as one string (small rulesets, and the extension build's asset). */
export function rulesetJson(rules: readonly CompiledRule[]): string {
  return [...rulesetJsonPieces(rules)].join('');
}

/**
 * The file's size in bytes, counted without serialising the domains: every compiled host is
 * plain ASCII that JSON never escapes ([a-z0-9._-], and ":[]" in IPv6 literals), so each costs its
 * length plus two quotes and a comma.
 */
export function rulesetJsonBytes(rules: readonly CompiledRule[]): number {
  let bytes = 2 + Math.max(0, rules.length - 1);
  for (const rule of rules) {
    const domains = rule.condition.requestDomains;
    if (domains === undefined) {
      bytes += UTF8.encode(JSON.stringify(rule)).length;
      continue;
    }
    bytes += UTF8.encode(JSON.stringify({ ...rule, condition: { ...rule.condition, requestDomains: [] } })).length;
    const characters = domains instanceof PackedHosts ? domains.characters : domains.reduce((sum, domain) => sum + domain.length, 0);
    bytes += characters + 2 * domains.length + Math.max(0, domains.length - 1);
  }
  return bytes;
}

/** The rules with their domains as arrays of strings: what DNR and the extension's code take. */
export function unpackedRules(rules: readonly CompiledRule[]): DnrRule[] {
  return rules.map((rule) => {
    const domains = rule.condition.requestDomains;
    if (domains === undefined) return rule as DnrRule;
    return { ...rule, condition: { ...rule.condition, requestDomains: domains instanceof PackedHosts ? domains.toArray() : [...domains] } };
  });
}
