import browser from 'webextension-polyfill';
import type { DnrRule } from '../../src/rules/dnr-types.js';

/** The slice of declarativeNetRequest the extension uses; `FakeDnrApi` in the unit tests mirrors it. */
export interface DnrApi {
  getEnabledRulesets(): Promise<string[]>;
  updateEnabledRulesets(enable: string[], disable: string[]): Promise<void>;
  /** Replaces every dynamic rule in one call, so there is no moment with none. */
  replaceDynamicRules(rules: DnrRule[]): Promise<void>;
}

export function browserDnrApi(): DnrApi {
  const dnr = browser.declarativeNetRequest;
  return {
    getEnabledRulesets: () => dnr.getEnabledRulesets(),
    updateEnabledRulesets: (enableRulesetIds, disableRulesetIds) => dnr.updateEnabledRulesets({ enableRulesetIds, disableRulesetIds }),
    replaceDynamicRules: async (rules) => {
      const existing = await dnr.getDynamicRules();
      await dnr.updateDynamicRules({
        removeRuleIds: existing.map((rule) => rule.id),
        addRules: rules as unknown as browser.DeclarativeNetRequest.Rule[],
      });
    },
  };
}
