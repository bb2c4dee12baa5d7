import type { CollectedCategory } from '../category-collector.js';
import { categoryRuleAction } from '../category-ruleset.js';
import { type CompileReport, compileReport } from '../compile-report.js';
import { type CompiledRuleset, compileRulesets, rulesetInputFor } from '../compile-rulesets.js';
import type { TargetBrowser } from '../resource-types.js';
import { type CollectOptions, collectListSources } from './read-list-sources.js';

export interface CompiledLists {
  categories: CollectedCategory[];
  rulesets: Partial<Record<TargetBrowser, CompiledRuleset[]>>;
  report: CompileReport;
}

/**
 * The command-line compile: list sources → one ruleset per category that sends its hosts to the
 * block page, for each browser, at its tier's priority (src/rules/priorities.ts: illegal-content categories outrank every allow
 * rule, the others are the categories tier), in the form the extension build
 * writes (scripts/vite-rulesets-plugin.ts). Throws, having written nothing, on an unreadable
 * source or a browser limit.
 */
export async function compileListSources(
  sources: readonly string[],
  targets: readonly TargetBrowser[],
  options: CollectOptions & { illegalCategories?: readonly string[] } = {},
): Promise<CompiledLists> {
  const categories = await collectListSources(sources, options);
  const illegal = new Set(options.illegalCategories ?? []);
  const rulesets: CompiledLists['rulesets'] = {};
  for (const target of targets) {
    const inputs = categories.map((category) => {
      return rulesetInputFor(category, { ...categoryRuleAction(category.id, illegal.has(category.id)), enabled: false });
    });
    rulesets[target] = compileRulesets(inputs, target);
  }
  return { categories, rulesets, report: compileReport(categories, rulesets) };
}
