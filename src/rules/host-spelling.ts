import { CompiledRuleset } from './compile-rulesets.js';
import type { DnrRule } from './dnr-types.js';
import { TIERS } from './priorities.js';
import { ALL_RESOURCE_TYPES, type TargetBrowser } from './resource-types.js';

/** Sends a trailing-dot address to its usual spelling; enabled by the manifest. */
export const HOST_SPELLING_RULESET = 'host-spelling';
/** Blocks trailing-dot addresses instead, where redirects are impossible. */
export const HOST_SPELLING_BLOCK_RULESET = 'host-spelling-block';

/**
 * An http(s) URL whose host ends in one or more dots (`blocked.example.`, `blocked.example.:8080`),
 * in three parts: everything before the dots, the port, and the rest. Userinfo cannot end the match
 * (its `@` is neither a port nor a path), and a host without a trailing dot never matches.
 */
export const TRAILING_DOT_HOST = '^(https?://[^/?#]*?[^./?#@])\\.+(:[0-9]*)?([/?#].*)?$';
export const USUAL_SPELLING = '\\1\\2\\3';

/**
 * Firefox matches `requestDomains` against the host as written, so `blocked.example.` (the same
 * site, in DNS's fully qualified spelling) loaded past every list, the illegal tier included;
 * Chromium drops the dot first. This rule ranks above every tier and sends such an address to its
 * usual spelling, which every list then judges as usual. It holds before the worker has run.
 * Where redirects are impossible (Firefox without the host permission, where a redirect rule
 * would also shadow a block below it) the plan swaps it for the block ruleset: no school site
 * needs the dotted spelling.
 */
export function hostSpellingRulesets(target: TargetBrowser): CompiledRuleset[] {
  const condition = { regexFilter: TRAILING_DOT_HOST, resourceTypes: [...ALL_RESOURCE_TYPES[target]] };
  const redirect: DnrRule = {
    id: 1,
    priority: TIERS.hostSpelling.priority,
    action: { type: 'redirect', redirect: { regexSubstitution: USUAL_SPELLING } },
    condition,
  };
  const block: DnrRule = { id: 1, priority: TIERS.hostSpelling.priority, action: { type: 'block' }, condition };
  return [new CompiledRuleset(HOST_SPELLING_RULESET, true, [redirect]), new CompiledRuleset(HOST_SPELLING_BLOCK_RULESET, false, [block])];
}
