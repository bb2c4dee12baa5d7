import browser from 'webextension-polyfill';
import type { DnrRule } from '../../src/rules/dnr-types.js';

export interface ExtensionFiles {
  url(path: string): string;
  /** The rules of a static ruleset shipped in the package. */
  readRuleset(id: string): Promise<DnrRule[]>;
}

export function browserExtensionFiles(): ExtensionFiles {
  return {
    url: (path) => browser.runtime.getURL(path),
    async readRuleset(id) {
      const response = await fetch(browser.runtime.getURL(`rulesets/${id}.json`));
      if (!response.ok) throw new Error(`ruleset ${id}: HTTP ${response.status}`);
      return (await response.json()) as DnrRule[];
    },
  };
}
