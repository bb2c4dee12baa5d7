import { STARTING_PAGE_PATH } from '../core/extension-pages.js';
import { CompiledRuleset } from './compile-rulesets.js';
import type { DnrRule } from './dnr-types.js';
import { TIERS } from './priorities.js';
import { ALL_RESOURCE_TYPES, type TargetBrowser } from './resource-types.js';

export const STARTUP_GUARD_RULESET = 'startup-guard';

/**
 * Holds every request (help sites and the illegal tier apart) on the "getting ready" page from the
 * moment the browser loads the extension until the worker has put the school's policy in force.
 * Browsers reset static rulesets to the manifest's choice on install and on every update, and
 * until the worker runs, only the install defaults would filter: an allow-list-only school, or a
 * category its profile adds, would be open for those seconds.
 */
export function startupGuardRuleset(target: TargetBrowser, chromiumOrigin?: string): CompiledRuleset {
  const resourceTypes = [...ALL_RESOURCE_TYPES[target]];
  // Chromium's origin is fixed by the manifest key, so the rule can hand the page the address it held
  // (in the fragment, which never leaves the device); the worker may not have seen the request yet,
  // just after an update. Firefox makes its origin at install: the worker hands the address over.
  const rule: DnrRule =
    target === 'chromium' && chromiumOrigin
      ? {
          id: 1,
          priority: TIERS.startupGuard.priority,
          action: { type: 'redirect', redirect: { regexSubstitution: `${chromiumOrigin}/${STARTING_PAGE_PATH}#\\0` } },
          condition: { regexFilter: '^https?://.*', resourceTypes },
        }
      : {
          id: 1,
          priority: TIERS.startupGuard.priority,
          action: { type: 'redirect', redirect: { extensionPath: `/${STARTING_PAGE_PATH}` } },
          condition: { resourceTypes },
        };
  return new CompiledRuleset(STARTUP_GUARD_RULESET, true, [rule]);
}
