import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Catalogue, defaultCategoriesFor, parseCatalogue } from '../../core/categories.js';
import { DEFAULT_PROFILE } from '../../core/policy.js';
import type { CollectedCategory } from '../category-collector.js';
import { categoryRuleAction, rulesetDomains } from '../category-ruleset.js';
import { formatLineProblem } from '../compile-report.js';
import { type CompiledRuleset, compileRulesets, rulesetInputFor, startWindowWarnings } from '../compile-rulesets.js';
import { hostSpellingRulesets } from '../host-spelling.js';
import { BROWSER_LIMITS } from '../limits/index.js';
import { HELP_SITES_RULESET } from '../plan.js';
import { TIERS } from '../priorities.js';
import type { TargetBrowser } from '../resource-types.js';
import { startupGuardRuleset } from '../startup-guard.js';
import { collectListSources } from './read-list-sources.js';

export type BuiltRuleset = CompiledRuleset;

export interface BuiltRules {
  catalogue: Catalogue;
  rulesets: BuiltRuleset[];
  /** Content hash of every ruleset: the rules version carried by each breach record. */
  rulesVersion: string;
  /** Past what was measured to filter from a browser's start: the build stops on them unless told to accept them. */
  warnings: string[];
}

// A shipped list must be clean: the build lists this many bad lines per reason, then stops.
const PROBLEMS_SHOWN_PER_REASON = 20;

/**
 * Compiles `rules/` into one static ruleset per category plus the help sites, for one browser,
 * with the compiler the CLI uses (npm run rules:compile). Licensed lists (IWF, CTIRU) are never
 * committed: `licensedDir/<category>.txt` (any list format) adds them at build. Any bad line
 * stops the build with file:line, so a shipped ruleset is never half a list; so does a browser limit.
 */
export async function buildRulesets(
  rulesDir: string,
  target: TargetBrowser,
  licensedDir?: string,
  chromiumOrigin?: string,
): Promise<BuiltRules> {
  const catalogue = parseCatalogue(JSON.parse(readFileSync(join(rulesDir, 'categories.json'), 'utf8')));
  const sources = [join(rulesDir, 'help-sites', 'domains')];
  for (const category of catalogue.categories) {
    sources.push(join(rulesDir, 'categories', category.id, 'domains'));
    const licensed = licensedDir ? join(licensedDir, `${category.id}.txt`) : undefined;
    if (licensed && existsSync(licensed)) sources.push(licensed);
  }
  const collected = new Map(
    (await collectListSources(sources, { examplesPerReason: PROBLEMS_SHOWN_PER_REASON })).map((category) => [category.id, category]),
  );
  const problems = [...collected.values()].flatMap(listProblems);
  if (problems.length > 0) throw new Error(`rule lists have errors:\n${problems.join('\n')}`);

  const listOf = (id: string) => {
    const list = collected.get(id);
    if (!list) throw new Error(`${rulesDir}: no list was read for ${id}`);
    return list;
  };
  const installDefaults = new Set(defaultCategoriesFor(catalogue, DEFAULT_PROFILE));
  const inputs = [
    rulesetInputFor(listOf(HELP_SITES_RULESET), { action: { type: 'allow' }, priority: TIERS.helpSites.priority, enabled: true }),
    ...catalogue.categories.map((category) => {
      const illegal = category.tier === 'illegal';
      return rulesetInputFor(listOf(category.id), {
        ...categoryRuleAction(category.id, illegal),
        enabled: illegal || installDefaults.has(category.id),
      });
    }),
  ];
  const rulesets = compileRulesets(inputs, target, undefined, [
    ...hostSpellingRulesets(target),
    startupGuardRuleset(target, chromiumOrigin),
  ]);

  // Hash the lists, not the rules, so both browsers' builds of the same lists share one version.
  const hash = createHash('sha256');
  for (const ruleset of rulesets) hash.update(`${ruleset.id}\n${rulesetDomains(ruleset.rules).join('\n')}\n`);
  const warnings = startWindowWarnings(rulesets, BROWSER_LIMITS[target]);
  return { catalogue, rulesets, rulesVersion: `builtin-${hash.digest('hex').slice(0, 12)}`, warnings };
}

function listProblems(category: CollectedCategory): string[] {
  return Object.entries(category.counts.skippedByReason).flatMap(([reason, tally]) => [
    ...tally.examples.map((origin) => formatLineProblem(reason, origin)),
    ...(tally.count > tally.examples.length ? [`  … and ${tally.count - tally.examples.length} more: ${reason}`] : []),
  ]);
}
