import type { BrowserLimits } from './browser-limits.js';

/**
 * Chromium (and Chrome, Edge) static ruleset limits.
 * Documented: the `chrome.declarativeNetRequest` constants (API reference and @types/chrome):
 * MAX_NUMBER_OF_STATIC_RULESETS 100, MAX_NUMBER_OF_ENABLED_STATIC_RULESETS 50,
 * GUARANTEED_MINIMUM_STATIC_RULES 30,000, MAX_NUMBER_OF_REGEX_RULES 1,000 (counted over all
 * static rulesets together). Measured (Chromium 156): one rule with 1,000,000 requestDomains
 * (18 MB of JSON) loads and blocks; 5,000,000 domains in 50 rules load too, so a ruleset file may
 * be at most 100 MB (about 5,000,000 names of 17 characters).
 */
export const CHROMIUM_LIMITS: BrowserLimits = {
  browser: 'Chromium',
  maxStaticRulesets: 100,
  maxEnabledStaticRulesets: 50,
  guaranteedStaticRules: 30_000,
  maxRegexRules: 1_000,
  regexRulesCountedPer: 'extension',
  maxDomainsPerRule: 1_000_000,
  maxRulesetFileBytes: 100_000_000,
  // Measured (bench, 2026-11-25 and -28): 1,000,028 domains (1,000,000 generated plus the built-in
  // lists) were filtered from the start; with 5,000,000 the first navigation after a restart and
  // after an update loaded. The margin is for a school's own small lists, not another big one.
  filteredFromStartDomains: 1_010_000,
};
