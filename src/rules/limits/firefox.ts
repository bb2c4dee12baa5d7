import type { BrowserLimits } from './browser-limits.js';

/**
 * Firefox static ruleset limits: the defaults of Firefox's own ExtensionDNRLimits module (older
 * releases and MDN said 10 enabled rulesets; 20 is confirmed on ESR 153): MAX_NUMBER_OF_STATIC_RULESETS 100, MAX_NUMBER_OF_ENABLED_STATIC_RULESETS 20,
 * GUARANTEED_MINIMUM_STATIC_RULES 30,000 (Firefox has no global pool above it: more rules are
 * refused), MAX_NUMBER_OF_REGEX_RULES 1,000 counted per ruleset.
 * Measured (Firefox ESR 153): 1,000,000 domains in 10 static rules of 100,000 load and block.
 * Firefox matches in JavaScript and loads rulesets lazily, so rules stay at the measured size, and a
 * ruleset file may be at most 32 MB (the measured 18 MB with room for longer names; raise it only
 * after measuring a bigger one).
 */
export const FIREFOX_LIMITS: BrowserLimits = {
  browser: 'Firefox',
  maxStaticRulesets: 100,
  maxEnabledStaticRulesets: 20,
  guaranteedStaticRules: 30_000,
  maxRegexRules: 1_000,
  regexRulesCountedPer: 'ruleset',
  maxDomainsPerRule: 100_000,
  maxRulesetFileBytes: 32_000_000,
  // Measured (bench, 2026-11-25 and -28): 1,000,028 domains (1,000,000 generated plus the built-in
  // lists) were filtered from the start; with 5,000,000 the first navigation after an update loaded.
  // The margin is for a school's own small lists, not for another big one.
  filteredFromStartDomains: 1_010_000,
};
