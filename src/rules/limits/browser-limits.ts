/** What a browser accepts in the static rulesets of one extension; see chromium.ts and firefox.ts. */
export interface BrowserLimits {
  browser: string;
  /** Rulesets the manifest may list (`MAX_NUMBER_OF_STATIC_RULESETS`). */
  maxStaticRulesets: number;
  /**
   * Rulesets enabled at once (`MAX_NUMBER_OF_ENABLED_STATIC_RULESETS`). A policy may enable every
   * category, so the compiler holds the whole set of rulesets to it, not only those on at install.
   */
  maxEnabledStaticRulesets: number;
  /**
   * Static rules across enabled rulesets that the browser guarantees (`GUARANTEED_MINIMUM_STATIC_RULES`).
   * Rules above it come from a pool shared with other extensions and may be refused on a pupil's
   * device, so the compiler never relies on it.
   */
  guaranteedStaticRules: number;
  /** Rules with a `regexFilter` (`MAX_NUMBER_OF_REGEX_RULES`), and over which set they are counted. */
  maxRegexRules: number;
  regexRulesCountedPer: 'extension' | 'ruleset';
  /**
   * The most `requestDomains` the compiler puts in one rule. No browser documents a cap; this is the
   * largest rule measured to load and block (shared/BROWSER-TESTING.md). Bigger lists get more rules.
   */
  maxDomainsPerRule: number;
  /**
   * The largest ruleset file the compiler writes. Not documented either: the largest measured to load,
   * so a list that would exceed it fails at compile time rather than on the pupil's device.
   */
  maxRulesetFileBytes: number;
  /**
   * The most domains, across every ruleset, measured to be in force from the first navigation after
   * a browser restart or an extension update (`npm run bench -- browser-rules`). More still load and
   * block, but a pupil's first pages may pass while the browser loads them: the compiler warns.
   */
  filteredFromStartDomains: number;
}
