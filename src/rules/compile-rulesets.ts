import { DOCUMENT_TYPES } from '../core/document-types.js';
import type { CollectedCategory } from './category-collector.js';
import type { DnrRule } from './dnr-types.js';
import { BROWSER_LIMITS, type BrowserLimits } from './limits/index.js';
import { PackedHosts } from './packed-hosts.js';
import { ALL_RESOURCE_TYPES, type TargetBrowser } from './resource-types.js';
import { type CompiledRule, rulesetJsonBytes, rulesetJsonPieces, unpackedRules } from './ruleset-json.js';

/** One static ruleset to compile: a category's hosts, what its rules do and at which priority. */
export interface RulesetInput {
  id: string;
  action: DnrRule['action'];
  /** From src/rules/priorities.ts: the tier is carried by the priority. */
  priority: number;
  /** Enabled at install, before the service worker has read any policy. */
  enabled: boolean;
  hosts: PackedHosts | readonly string[];
  /** Pages and frames only (Adblock `$document`). */
  documentHosts?: PackedHosts | readonly string[];
}

/**
 * One compiled static ruleset. Its domains stay packed (packed-hosts.ts) until something asks for
 * `rules`; the ruleset file is written from `jsonPieces()`, so a compile of millions of names never
 * makes millions of strings.
 */
export class CompiledRuleset {
  /** Size of the ruleset file in bytes. */
  readonly bytes: number;
  private unpacked: DnrRule[] | undefined;

  constructor(
    readonly id: string,
    readonly enabled: boolean,
    readonly packedRules: readonly CompiledRule[],
  ) {
    this.bytes = rulesetJsonBytes(packedRules);
  }

  /** The rules as DNR takes them (domains as strings), made on first use. */
  get rules(): DnrRule[] {
    this.unpacked ??= unpackedRules(this.packedRules);
    return this.unpacked;
  }

  /** The ruleset file's text, byte for byte JSON.stringify(rules), in pieces. */
  jsonPieces(): Generator<string> {
    return rulesetJsonPieces(this.packedRules);
  }
}

/** Raised instead of emitting rulesets a browser would refuse or cut short at load time. */
export class RuleLimitError extends Error {
  constructor(readonly problems: string[]) {
    super(`the compiled rules would not load:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'RuleLimitError';
  }
}

/**
 * A category's rules: its hosts packed into as few rules as the browser takes (requestDomains
 * match subdomains, so one rule can hold a whole list), numbered from 1 in each ruleset file.
 * Every rule names its resource types: without them a rule skips main frames.
 */
export function compileRulesetRules(input: RulesetInput, target: TargetBrowser, limits = BROWSER_LIMITS[target]): CompiledRule[] {
  const rules: CompiledRule[] = [];
  const pack = (list: PackedHosts | readonly string[], resourceTypes: readonly string[]) => {
    const hosts = list instanceof PackedHosts ? list : PackedHosts.fromArray(list);
    for (let start = 0; start < hosts.length; start += limits.maxDomainsPerRule) {
      // Slices share the packed bytes: splitting millions of names copies nothing.
      const requestDomains = hosts.slice(start, start + limits.maxDomainsPerRule);
      rules.push({
        id: rules.length + 1,
        priority: input.priority,
        action: input.action,
        condition: { requestDomains, resourceTypes: [...resourceTypes] },
      });
    }
  };
  pack(input.hosts, ALL_RESOURCE_TYPES[target]);
  pack(input.documentHosts ?? [], DOCUMENT_TYPES);
  return rules;
}

/**
 * Every ruleset of the extension for one browser (the list rulesets, then any `fixed` ones written
 * by hand), or a RuleLimitError naming each limit crossed.
 */
export function compileRulesets(
  inputs: readonly RulesetInput[],
  target: TargetBrowser,
  limits = BROWSER_LIMITS[target],
  fixed: readonly CompiledRuleset[] = [],
): CompiledRuleset[] {
  const rulesets = [
    ...inputs.map((input) => new CompiledRuleset(input.id, input.enabled, compileRulesetRules(input, target, limits))),
    ...fixed,
  ];
  const problems = limitProblems(rulesets, limits);
  if (problems.length > 0) throw new RuleLimitError(problems);
  return rulesets;
}

/** The limits a set of rulesets crosses, each as a sentence a technician can act on. */
export function limitProblems(rulesets: readonly CompiledRuleset[], limits: BrowserLimits): string[] {
  const problems: string[] = [];
  const count = rulesets.length;
  const n = (value: number) => value.toLocaleString('en-GB');
  if (count > limits.maxStaticRulesets) {
    problems.push(
      `${n(count)} rulesets: ${limits.browser} accepts at most ${n(limits.maxStaticRulesets)} in one extension; merge categories`,
    );
  }
  if (count > limits.maxEnabledStaticRulesets) {
    problems.push(
      `${n(count)} rulesets: ${limits.browser} enables at most ${n(limits.maxEnabledStaticRulesets)} at once, and a policy may ` +
        'enable every category; merge categories',
    );
  }
  const totalRules = rulesets.reduce((sum, ruleset) => sum + ruleset.packedRules.length, 0);
  if (totalRules > limits.guaranteedStaticRules) {
    problems.push(
      `${n(totalRules)} static rules: ${limits.browser} guarantees ${n(limits.guaranteedStaticRules)} across enabled rulesets; ` +
        'fewer, larger lists or fewer categories',
    );
  }
  const regexRules = rulesets.map((ruleset) => ({
    id: ruleset.id,
    count: ruleset.packedRules.filter((rule) => rule.condition.regexFilter !== undefined).length,
  }));
  if (limits.regexRulesCountedPer === 'extension') {
    const total = regexRules.reduce((sum, ruleset) => sum + ruleset.count, 0);
    if (total > limits.maxRegexRules)
      problems.push(`${n(total)} regex rules: ${limits.browser} accepts ${n(limits.maxRegexRules)} across all static rulesets`);
  } else {
    for (const { id, count: regexCount } of regexRules) {
      if (regexCount > limits.maxRegexRules)
        problems.push(`${id}: ${n(regexCount)} regex rules: ${limits.browser} accepts ${n(limits.maxRegexRules)} per ruleset`);
    }
  }
  for (const ruleset of rulesets) {
    if (ruleset.bytes > limits.maxRulesetFileBytes) {
      const domains = ruleset.packedRules.reduce((sum, rule) => sum + (rule.condition.requestDomains?.length ?? 0), 0);
      problems.push(
        `${ruleset.id}: ${n(domains)} domains make a ${n(ruleset.bytes)}-byte ruleset file; the largest measured to load in ` +
          `${limits.browser} is ${n(limits.maxRulesetFileBytes)} bytes (src/rules/limits/); split the list into more categories`,
      );
    }
  }
  return problems;
}

/** Sentences for a technician when the rulesets are past what was measured to filter from a browser's start. */
export function startWindowWarnings(rulesets: readonly CompiledRuleset[], limits: BrowserLimits): string[] {
  const domains = rulesets.reduce(
    (sum, ruleset) => sum + ruleset.packedRules.reduce((inRuleset, rule) => inRuleset + (rule.condition.requestDomains?.length ?? 0), 0),
    0,
  );
  if (domains <= limits.filteredFromStartDomains) return [];
  const n = (value: number) => value.toLocaleString('en-GB');
  return [
    `${limits.browser}: ${n(domains)} domains in all; above ${n(limits.filteredFromStartDomains)} the first pages after a browser ` +
      'restart or an extension update were measured to load while the browser was still loading the rules (README: Start-up)',
  ];
}

/** The rules input for a collected category. */
export function rulesetInputFor(
  category: CollectedCategory,
  options: { action: DnrRule['action']; priority: number; enabled: boolean },
): RulesetInput {
  return { id: category.id, ...options, hosts: category.hosts, documentHosts: category.documentHosts };
}
