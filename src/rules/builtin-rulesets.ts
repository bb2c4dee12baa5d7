import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCategoriesFor, parseCatalogue, type Catalogue } from '../core/categories.js';
import { DEFAULT_PROFILE } from '../core/policy.js';
import { categoryRuleset, helpSitesRuleset, rulesetDomains } from './category-ruleset.js';
import type { DnrRule } from './dnr-types.js';
import { formatProblem, parseDomainList, pruneCoveredDomains } from './domain-list.js';
import { HELP_SITES_RULESET } from './plan.js';
import { TIERS } from './priorities.js';
import type { TargetBrowser } from './resource-types.js';

export interface BuiltRuleset {
  id: string;
  /** Enabled at install, before the service worker has read any policy: fails closed. */
  enabled: boolean;
  rules: DnrRule[];
}

export interface BuiltRules {
  catalogue: Catalogue;
  rulesets: BuiltRuleset[];
  /** Content hash of every ruleset: the rules version carried by each breach record. */
  rulesVersion: string;
}

/**
 * Compiles `rules/` into one static ruleset per category plus the help sites, for one browser.
 * Licensed lists (IWF, CTIRU) are never committed; `licensedDir/<category>.txt` adds them at build.
 * Any bad line stops the build with file:line, so a shipped ruleset is never half a list.
 */
export function buildRulesets(rulesDir: string, target: TargetBrowser, licensedDir?: string): BuiltRules {
  const catalogue = parseCatalogue(JSON.parse(readFileSync(join(rulesDir, 'categories.json'), 'utf8')));
  const problems: string[] = [];
  const readList = (file: string): string[] => {
    const list = parseDomainList(readFileSync(file, 'utf8'), file);
    problems.push(...list.problems.map(formatProblem));
    return list.domains;
  };

  const installDefaults = new Set(defaultCategoriesFor(catalogue, DEFAULT_PROFILE));
  const rulesets: BuiltRuleset[] = [
    {
      id: HELP_SITES_RULESET,
      enabled: true,
      rules: helpSitesRuleset(readList(join(rulesDir, 'help-sites', 'domains')), TIERS.helpSites.allow, target),
    },
  ];
  for (const category of catalogue.categories) {
    let domains = readList(join(rulesDir, 'categories', category.id, 'domains'));
    const licensed = licensedDir ? join(licensedDir, `${category.id}.txt`) : undefined;
    if (licensed && existsSync(licensed)) domains = pruneCoveredDomains([...domains, ...readList(licensed)]);
    const illegal = category.tier === 'illegal';
    rulesets.push({
      id: category.id,
      enabled: illegal || installDefaults.has(category.id),
      rules: categoryRuleset(domains, illegal ? TIERS.illegal.block : TIERS.categories.block, target),
    });
  }
  if (problems.length > 0) throw new Error(`rule lists have errors:\n${problems.join('\n')}`);

  // Hash the lists, not the rules, so both browsers' builds of the same lists share one version.
  const hash = createHash('sha256');
  for (const ruleset of rulesets) hash.update(`${ruleset.id}\n${rulesetDomains(ruleset.rules).join('\n')}\n`);
  return { catalogue, rulesets, rulesVersion: `builtin-${hash.digest('hex').slice(0, 12)}` };
}
