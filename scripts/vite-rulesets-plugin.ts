import type { Plugin } from 'vite';
import type { BuiltRules } from '../src/rules/compiler/builtin-rulesets.js';
import { rulesetJson, rulesetPath } from '../src/rules/ruleset-json.js';
import { type ManifestJson, managedSchemaJson } from './extension-manifest.js';

const MANAGED_SCHEMA_PATH = 'managed_schema.json';

/** Adds the compiled category rulesets (and Chromium's managed-storage schema) to the built extension. */
export function rulesetsPlugin(
  built: BuiltRules,
  withManagedSchema: boolean,
): Plugin & { renderCrxManifest(manifest: ManifestJson): ManifestJson } {
  return {
    name: 'safescreen:rulesets',
    // Emitted before crxjs renders the manifest (it runs last), so it finds the files in the bundle.
    generateBundle() {
      for (const { id, rules } of built.rulesets) {
        this.emitFile({ type: 'asset', fileName: rulesetPath(id), source: rulesetJson(rules) });
      }
      if (withManagedSchema) this.emitFile({ type: 'asset', fileName: MANAGED_SCHEMA_PATH, source: managedSchemaJson() });
    },
    renderCrxManifest(manifest: ManifestJson) {
      manifest.declarative_net_request = {
        rule_resources: built.rulesets.map(({ id, enabled }) => ({ id, enabled, path: rulesetPath(id) })),
      };
      if (withManagedSchema) manifest.storage = { managed_schema: MANAGED_SCHEMA_PATH };
      return manifest;
    },
  };
}
