import { readFileSync } from 'node:fs';
import { parseCatalogue } from '../../src/core/categories.js';
import { categoryRuleAction } from '../../src/rules/category-ruleset.js';
import { compileRulesetRules } from '../../src/rules/compile-rulesets.js';
import type { DnrRule } from '../../src/rules/dnr-types.js';
import { unpackedRules } from '../../src/rules/ruleset-json.js';

/** The real catalogue the extension ships, for tests that should follow it as it grows. */
export const catalogue = parseCatalogue(JSON.parse(readFileSync('rules/categories.json', 'utf8')));

/** Each category's ruleset as the build compiles it, holding one host: `<category>-sample.test`. */
export function sampleRulesets(): Record<string, DnrRule[]> {
  return Object.fromEntries(
    catalogue.categories.map((c) => [
      c.id,
      unpackedRules(
        compileRulesetRules(
          { id: c.id, ...categoryRuleAction(c.id, c.tier === 'illegal'), enabled: false, hosts: [`${c.id}-sample.test`] },
          'chromium',
        ),
      ),
    ]),
  );
}
